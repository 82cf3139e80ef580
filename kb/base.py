"""The knowledge base as a researcher uses it from Python: entries, graph, queries, checks."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator

import networkx as nx

from .graph import build_graph
from .load import BUNDLED, load_folder
from .model import KINDS, RELATIONS, Entry
from .names import rank
from .problems import Problem, SEVERITY_ORDER

__all__ = ["KnowledgeBase", "Related", "load"]


@dataclass(frozen=True)
class Related:
    """One neighbour of an entry: through which relation, in which direction, with which note.

    ``label`` is the relation as read from the entry asked about: the relation's own name
    for outgoing edges, the name of its inverse for incoming ones ("narrower", "attacked_by").
    """

    relation: str
    direction: str  # "out" or "in"
    label: str
    entry: Entry
    sense: str | None = None
    note: str | None = None


def load(path: str | Path | None = None) -> "KnowledgeBase":
    """Load a knowledge base folder (default: the bundled ``concepts/``), or a ``kb-json/1``
    file written by ``kb export --format json``.

    Loading never raises on bad input: what is wrong becomes problems, see :meth:`KnowledgeBase.check`.

    >>> import kb
    >>> base = kb.load()
    >>> base["mesa-optimizer"].kind
    'term'
    """
    root = Path(path) if path is not None else BUNDLED
    if root.suffix == ".json" and root.is_file():  # a kb-json/1 export (kb export --format json)
        from .jsonload import load_json

        entries, problems, broken = load_json(root)
    else:
        entries, problems, broken = load_folder(root)
    return KnowledgeBase(root, entries, problems, broken)


class KnowledgeBase:
    """Typed entries, the graph linking them, and the problems found in them."""

    def __init__(self, root: Path, entries: list[Entry], problems: list[Problem] = (), broken=()):
        self.root = root
        self.all_entries = list(entries)  # duplicates included, for the duplicate-id check
        self.by_id: dict[str, Entry] = {}
        for entry in self.all_entries:
            self.by_id.setdefault(entry.id, entry)
        self.load_problems = list(problems)
        self.broken_ids = set(broken)

    # -- access ------------------------------------------------------------------------------
    def __getitem__(self, ident: str) -> Entry:
        return self.by_id[ident]

    def __contains__(self, ident: object) -> bool:
        return ident in self.by_id

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, ident: str, default=None):
        return self.by_id.get(ident, default)

    def entries(self, kind: str | None = None) -> list[Entry]:
        """All entries, or those of one kind (``"term"``, ``"claim"``...), sorted by id."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; kinds are {', '.join(KINDS)}")
        return sorted((e for e in self.by_id.values() if kind is None or e.kind == kind), key=lambda e: e.id)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The entries as a ``networkx.MultiDiGraph`` (edge attribute ``relation``)."""
        return build_graph(self.by_id)

    # -- queries -----------------------------------------------------------------------------
    def find(self, text: str, kind: str | None = None) -> list[Entry]:
        """Entries whose name or alias matches ``text``, best first.

        Forgives case, hyphens, spaces, accents and British spellings:

        >>> import kb
        >>> kb.load().find("Mesa Optimiser")[0].id
        'mesa-optimizer'
        """
        candidates = {e.id: [*e.names, e.id] for e in self.entries(kind)}
        return [self.by_id[i] for i in rank(text, candidates)]

    def related(self, ident: str, relation: str | None = None, direction: str = "both") -> list[Related]:
        """Neighbours of an entry, optionally through one relation (its name or its inverse's).

        ``direction`` is ``"out"`` (what the entry refers to), ``"in"`` (what refers to it) or ``"both"``.
        """
        if ident not in self.by_id:
            raise KeyError(ident)
        if direction not in ("out", "in", "both"):
            raise ValueError("direction must be 'out', 'in' or 'both'")
        names = {r.name for r in RELATIONS.values()} | {r.inverse for r in RELATIONS.values()}
        if relation is not None and relation not in names:
            raise ValueError(f"unknown relation {relation!r}; relations are {', '.join(sorted(names))}")
        found = []
        if direction in ("out", "both"):
            for _, target, data in self.graph.out_edges(ident, data=True):
                rel = data["relation"]
                if relation in (None, rel):
                    found.append(Related(rel, "out", rel, self.by_id[target], data["sense"], data["note"]))
        if direction in ("in", "both"):
            for source, _, data in self.graph.in_edges(ident, data=True):
                rel = data["relation"]
                label = RELATIONS[rel].inverse
                if relation in (None, label) or (relation == rel and RELATIONS[rel].symmetric):
                    found.append(Related(rel, "in", label, self.by_id[source], data["sense"], data["note"]))
        return found

    def _reasons(self, ident: str, relations: tuple[str, ...], kinds: tuple[str, ...]) -> list[Entry]:
        seen = {}
        for r in self.related(ident, direction="in"):
            if r.relation in relations and r.entry.kind in kinds:
                seen.setdefault(r.entry.id, r.entry)
        return list(seen.values())

    def arguments_for(self, ident: str, kinds: tuple[str, ...] = ("argument",)) -> list[Entry]:
        """Arguments that conclude or support ``ident`` (pass ``kinds=("argument", "evidence")``
        to include evidence)."""
        return self._reasons(ident, ("conclusion", "supports"), kinds)

    def arguments_against(self, ident: str, kinds: tuple[str, ...] = ("argument",)) -> list[Entry]:
        """Arguments that attack ``ident`` (or undercut it, when it is an argument)."""
        return self._reasons(ident, ("attacks",), kinds)

    # -- checks ------------------------------------------------------------------------------
    def check(self) -> list[Problem]:
        """Every problem: those found while loading, then those of each consistency rule.

        Sorted by file and line; each has ``.code .severity .file .line .message .fix``.
        """
        from .checks import run_checks

        problems = set(self.load_problems) | set(run_checks(self))
        return sorted(problems, key=lambda p: (p.file, p.line, SEVERITY_ORDER[p.severity], p.code, p.message))
