"""What query results share, and the graph's edges as results: :class:`Result`,
:class:`Provenance`, :class:`Edge` and the helpers that read edges off the graph."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import total_ordering
from typing import Iterator

from ..model import ARGUMENTATIVE, Entry

__all__ = ["Result", "Provenance", "Edge", "MINOR_RELATIONS"]


# Relations that say an entry draws on or names another, not how ideas connect: left out of
# paths and neighbourhoods unless asked for.
MINOR_RELATIONS = ("cites", "mentions")
_PRO = ("conclusion", "supports")
_REASONS = ("conclusion", "supports", "attacks", "bears_on")


def _ref(entry: Entry) -> dict:
    return {"id": entry.id, "kind": entry.kind, "name": entry.name}


def _e(text) -> str:
    return html.escape(str(text), quote=True)


@total_ordering
class Result:
    """What query results share: they compare by their fields (None before any value)."""

    def _key(self) -> tuple:
        return tuple(_sortable(getattr(self, f)) for f in self.__dataclass_fields__)

    def __lt__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._key() < other._key()


def _sortable(value):
    if value is None:
        return (0, "")
    if isinstance(value, Entry):
        return (1, value.id)
    if isinstance(value, tuple):
        return (1, tuple(_sortable(v) for v in value))
    if isinstance(value, Result):
        return (1, value._key())
    return (1, value)


# --- links and their provenance ------------------------------------------------------------------
@dataclass(frozen=True, eq=True)
class Provenance(Result):
    """Where a link comes from: ``kind`` is ``"stated"`` (a source states it: ``source``,
    ``locator``, ``quote``), ``"editorial"`` (the editors draw it: ``editorial`` says why) or
    None (not recorded)."""

    kind: str | None
    source: str | None = None
    locator: str | None = None
    quote: str | None = None
    editorial: str | None = None

    @classmethod
    def of(cls, data: dict) -> "Provenance":
        return cls(data.get("provenance"), data.get("stated_in"), data.get("locator"),
                   data.get("quote"), data.get("editorial"))

    def __str__(self) -> str:
        if self.kind == "stated":
            return f"stated in {self.source}" + (f", {self.locator}" if self.locator else "")
        if self.kind == "editorial":
            return "editorial"
        return "provenance not recorded"

    def __repr__(self) -> str:
        return f"<Provenance {self}>"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "source": self.source, "locator": self.locator,
                "quote": self.quote, "editorial": self.editorial}


@dataclass(frozen=True, eq=True)
class Edge(Result):
    """One link of the graph: ``source`` —``relation``→ ``target``, with its note and provenance."""

    source: Entry
    relation: str
    target: Entry
    sense: str | None = None
    note: str | None = None
    provenance: Provenance = field(default_factory=lambda: Provenance(None))

    def __str__(self) -> str:
        return f"{self.source.id} —{self.relation}→ {self.target.id}"

    def __repr__(self) -> str:
        prov = f" [{self.provenance}]" if self.relation in ARGUMENTATIVE else ""
        return f"<Edge {self}{prov}>"

    def as_dict(self) -> dict:
        return {"source": _ref(self.source), "relation": self.relation, "target": _ref(self.target),
                "sense": self.sense, "note": self.note, "provenance": self.provenance.as_dict()}


def _edges(base, relations=None) -> Iterator[Edge]:
    for s, t, data in base.graph.edges(data=True):
        if relations is None or data["relation"] in relations:
            yield Edge(base.by_id[s], data["relation"], base.by_id[t], data["sense"], data["note"],
                       Provenance.of(data))


def _edges_between(base, u, v, relations) -> list[Edge]:
    data = base.graph.get_edge_data(u, v) or {}
    return [Edge(base.by_id[u], d["relation"], base.by_id[v], d["sense"], d["note"], Provenance.of(d))
            for d in data.values() if d["relation"] in relations]


def _edges_between_in(base, ident: str) -> Iterator[Edge]:
    for s, _t, d in base.graph.in_edges(ident, data=True):
        if d["relation"] in ("supports", "attacks", "bears_on"):
            yield Edge(base.by_id[s], d["relation"], base.by_id[ident], d["sense"], d["note"], Provenance.of(d))
