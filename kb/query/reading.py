"""What to read: prerequisites first, what a source is cited for, the senses in use and the
predictions still open."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import ARGUMENTATIVE, Entry
from .results import Edge, Result, _edges, _edges_between_in, _ref

__all__ = ["Citing", "SenseUse", "OpenPrediction", "reading_order", "cited_for", "sense_uses", "open_predictions"]


# --- reading order ---------------------------------------------------------------------------------
def reading_order(base, *idents: str, uses: bool = True) -> list[Entry]:
    """What to read, in order, to understand the given entries: each term's prerequisites
    (``requires``, transitively) before it, each once; an entry that is not a term comes after
    the terms it uses and their prerequisites (with ``uses=False``, in the order given, after
    the prerequisites of the terms given before it).

    >>> import kb
    >>> base = kb.load()
    >>> order = base.reading_order("pseudo-alignment")
    >>> order[-1].id, len(order) == len(set(order))
    ('pseudo-alignment', True)
    """
    placed: dict[str, Entry] = {}
    visiting: set[str] = set()

    def prerequisites(entry: Entry) -> list[str]:
        items = entry.requires if entry.kind == "term" else getattr(entry, "uses", []) if uses else []
        ids = [(i if isinstance(i, str) else i.to).partition("#")[0] for i in items]
        return sorted({i for i in ids if i in base.by_id and i != entry.id},
                      key=lambda i: (base.by_id[i].name.casefold(), i))

    def visit(ident: str) -> None:
        if ident in placed or ident in visiting:  # a cycle (KB706 reports it) is cut where it closes
            return
        visiting.add(ident)
        entry = base.by_id[ident]
        for required in prerequisites(entry):
            visit(required)
        visiting.discard(ident)
        placed[ident] = entry

    for ident in idents:
        visit(base.lookup(ident).id)
    return list(placed.values())


# --- what a source is cited for ------------------------------------------------------------------
@dataclass(frozen=True, eq=True)
class Citing(Result):
    """One place an entry draws on a source: ``via`` is ``sources``, ``senses.ID``,
    ``RELATION TARGET`` (the source states that link) or ``advanced_by``."""

    entry: Entry
    via: str
    locator: str | None = None
    quote: str | None = None

    def __repr__(self) -> str:
        return f"<Citing {self.entry.id} via {self.via}" + (f", {self.locator}" if self.locator else "") + ">"

    def __str__(self) -> str:
        out = f"{self.entry.id} ({self.entry.kind}) — {self.via}" + (f", {self.locator}" if self.locator else "")
        return out + (f': "{self.quote}"' if self.quote else "")

    def as_dict(self) -> dict:
        return {"entry": _ref(self.entry), "via": self.via, "locator": self.locator, "quote": self.quote}


def cited_for(base, source_id: str) -> list[Citing]:
    """Everything a source is cited for: each citation of it (with locator and quote), each
    link it is said to state, and each claim or argument it advances.

    >>> import kb
    >>> found = kb.load().cited_for("rlo-1-introduction")
    >>> any(c.entry.id == "mesa-optimizer" and c.locator for c in found)
    True
    """
    source = base.lookup(source_id)
    found = set()
    for entry in base.by_id.values():
        for citation, path in entry.citations():
            if citation.source == source.id:
                via = "sources" if path[0] == "sources" else f"senses.{entry.senses[path[1]].id}"
                found.add(Citing(entry, via, citation.locator, citation.quote))
        if source.id in getattr(entry, "advanced_by", ()):
            found.add(Citing(entry, "advanced_by"))
    for edge in _edges(base, ARGUMENTATIVE):
        if edge.provenance.source == source.id:
            found.add(Citing(edge.source, f"{edge.relation} {edge.target.id}", edge.provenance.locator,
                             edge.provenance.quote))
    return sorted(found)


# --- senses and predictions ------------------------------------------------------------------------
@dataclass(frozen=True, eq=True)
class SenseUse(Result):
    """One sense of a term and the entries that use the term in that sense (``uses: [term#sense]``
    or a ``[[term#sense]]`` link)."""

    term: Entry
    sense: str
    name: str
    users: tuple[Entry, ...]

    def __repr__(self) -> str:
        return f"<SenseUse {self.term.id}#{self.sense}: {len(self.users)} users>"

    def __str__(self) -> str:
        return f"{self.term.id}#{self.sense} ({self.name}): " + (", ".join(e.id for e in self.users) or "no user")

    def as_dict(self) -> dict:
        return {"term": _ref(self.term), "sense": self.sense, "name": self.name, "users": [_ref(e) for e in self.users]}


def sense_uses(base, min_senses: int = 2, kinds: tuple[str, ...] | None = None) -> list[SenseUse]:
    """For each term with at least ``min_senses`` senses, each sense with the entries using it
    (optionally only those of ``kinds``, e.g. ``("argument",)``).

    >>> import kb
    >>> uses = kb.load().sense_uses()
    >>> all(len(u.term.senses) >= 2 for u in uses)
    True
    """
    found = []
    for term in base.entries("term"):
        if len(term.senses) < min_senses:
            continue
        for sense in term.senses:
            users = {base.by_id[s] for s, _t, d in base.graph.in_edges(term.id, data=True)
                     if d["sense"] == sense.id and (kinds is None or base.by_id[s].kind in kinds)}
            found.append(SenseUse(term, sense.id, sense.name, tuple(sorted(users))))
    return found


@dataclass(frozen=True, eq=True)
class OpenPrediction(Result):
    """A prediction not yet settled: the claims it is derived from, the observations that would
    confirm or falsify it, and the evidence bearing on it so far."""

    prediction: Entry
    derived_from: tuple[Entry, ...]
    confirmed_if: str | None
    falsified_if: str | None
    evidence: tuple[Edge, ...]

    def __repr__(self) -> str:
        return f"<OpenPrediction {self.prediction.id}>"

    def __str__(self) -> str:
        lines = [f"{self.prediction.name} ({self.prediction.id})"]
        lines.append("  from: " + ", ".join(c.id for c in self.derived_from))
        lines.append(f"  confirmed if: {self.confirmed_if or 'not said'}")
        lines.append(f"  falsified if: {self.falsified_if or 'not said'}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"prediction": _ref(self.prediction), "derived_from": [_ref(c) for c in self.derived_from],
                "confirmed_if": self.confirmed_if, "falsified_if": self.falsified_if,
                "evidence": [e.as_dict() for e in self.evidence]}


def open_predictions(base) -> list[OpenPrediction]:
    """Predictions whose status is open, each with what would settle it.

    >>> import kb
    >>> found = kb.load().open_predictions()
    >>> all(p.prediction.status == "open" for p in found)
    True
    """
    found = []
    for prediction in base.entries("prediction"):
        if prediction.status != "open":
            continue
        claims = {base.by_id[t] for _s, t, d in base.graph.out_edges(prediction.id, data=True)
                  if d["relation"] == "derived_from"}
        evidence = {e for e in _edges_between_in(base, prediction.id)}
        found.append(OpenPrediction(prediction, tuple(sorted(claims)), prediction.confirmed_if,
                                    prediction.falsified_if, tuple(sorted(evidence))))
    return found
