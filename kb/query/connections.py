"""How entries connect: the links of one relation or provenance, an entry's neighbourhood,
and the shortest path between two entries."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import ARGUMENTATIVE, RELATIONS, Entry
from .results import MINOR_RELATIONS, Edge, Result, _e, _edges, _edges_between, _ref

__all__ = ["Neighborhood", "Path", "links", "neighborhood", "path"]


def links(base, relation: str | None = None, *, by: str | None = None, stated_in: str | None = None,
          provenance: str | None = None, target_kind: str | None = None) -> list[Edge]:
    """The links of the argument map, filtered.

    ``relation`` is one of :data:`kb.model.ARGUMENTATIVE`; ``by`` keeps the links made by
    arguments or evidence that the source ``by`` advances (``advanced_by``); ``stated_in`` those a
    source states; ``provenance`` is ``"stated"``, ``"editorial"`` or ``"none"``; ``target_kind``
    keeps links to one kind of entry.

    >>> import kb
    >>> base = kb.load()
    >>> attacks = base.links("attacks", target_kind="claim")
    >>> {e.relation for e in attacks}, {e.target.kind for e in attacks}
    ({'attacks'}, {'claim'})
    >>> by_post = base.links("attacks", by="gradient-descent-doesnt-select-for-inner-search")
    >>> set(by_post) <= set(base.links("attacks"))
    True
    """
    if relation is not None and relation not in ARGUMENTATIVE:
        raise ValueError(f"unknown relation {relation!r}; the argumentative relations are {', '.join(ARGUMENTATIVE)}")
    if provenance not in (None, "stated", "editorial", "none"):
        raise ValueError("provenance must be 'stated', 'editorial' or 'none'")
    by = base.lookup(by).id if by else None
    stated_in = base.lookup(stated_in).id if stated_in else None
    found = []
    for edge in _edges(base, (relation,) if relation else ARGUMENTATIVE):
        if by and by not in getattr(edge.source, "advanced_by", ()):
            continue
        if stated_in and edge.provenance.source != stated_in:
            continue
        if provenance and (edge.provenance.kind or "none") != provenance:
            continue
        if target_kind and edge.target.kind != target_kind:
            continue
        found.append(edge)
    return sorted(set(found))


# --- neighbourhoods and paths -----------------------------------------------------------------
def _undirected(base, relations) -> nx.Graph:
    """The graph without direction, over the given relations, built in a stable order."""
    import networkx as nx  # slow to import: only where it is needed (not by kb check)

    graph = nx.Graph()
    graph.add_nodes_from(sorted(base.by_id))
    for s, t, data in sorted(base.graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
        if data["relation"] in relations and not graph.has_edge(s, t):
            graph.add_edge(s, t)
    return graph


def _relations(relations) -> tuple[str, ...]:
    if relations is None:
        return tuple(r for r in RELATIONS if r not in MINOR_RELATIONS)
    relations = (relations,) if isinstance(relations, str) else tuple(relations)
    names = {**{r: r for r in RELATIONS}, **{rel.inverse: rel.name for rel in RELATIONS.values()}}
    unknown = [r for r in relations if r not in names]
    if unknown:
        raise ValueError(f"unknown relation {unknown[0]!r}; relations are {', '.join(sorted(names))}")
    return tuple(dict.fromkeys(names[r] for r in relations))


@dataclass(frozen=True, eq=True)
class Neighborhood(Result):
    """The entries within ``depth`` links of ``center`` (each with its distance), and the edges among them."""

    center: Entry
    depth: int
    entries: tuple[tuple[Entry, int], ...]
    edges: tuple[Edge, ...]

    def __contains__(self, ident) -> bool:
        return any(e.id == getattr(ident, "id", ident) for e, _d in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return (e for e, _d in self.entries)

    def __repr__(self) -> str:
        return f"<Neighborhood of {self.center.id}, depth {self.depth}: {len(self.entries)} entries, {len(self.edges)} edges>"

    def __str__(self) -> str:
        return "\n".join(f"{'  ' * d}{e.id}  ({e.kind})" for e, d in self.entries)

    def as_dict(self) -> dict:
        return {"center": _ref(self.center), "depth": self.depth,
                "entries": [{**_ref(e), "distance": d} for e, d in self.entries],
                "edges": [e.as_dict() for e in self.edges]}

    def _repr_html_(self) -> str:
        rows = "".join(f"<li>{_e(e.name)} <small>({_e(e.kind)}, {d})</small></li>" for e, d in self.entries)
        return f"<div><b>Around {_e(self.center.name)}</b><ul>{rows}</ul></div>"


def neighborhood(base, ident: str, depth: int = 1, relations=None) -> Neighborhood:
    """What lies within ``depth`` links of an entry, in either direction, through ``relations``
    (default: every relation but ``cites`` and ``mentions``).

    >>> import kb
    >>> near = kb.load().neighborhood("mesa-optimizer")
    >>> "base-optimizer" in near and near.entries[0] == (near.center, 0)
    True
    """
    import networkx as nx  # slow to import: only where it is needed (not by kb check)

    center = base.lookup(ident)
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    relations = _relations(relations)
    distances = nx.single_source_shortest_path_length(_undirected(base, relations), center.id, cutoff=depth)
    entries = tuple(sorted(((base.by_id[i], d) for i, d in distances.items()), key=lambda p: (p[1], p[0].id)))
    edges = tuple(sorted({e for e in _edges(base, relations) if e.source.id in distances and e.target.id in distances}))
    return Neighborhood(center, depth, entries, edges)


@dataclass(frozen=True, eq=True)
class Path(Result):
    """A chain of links from one entry to another; each step is an :class:`Edge` and whether it
    is followed along its direction (``forward``) or against it."""

    steps: tuple[tuple[Edge, bool], ...]
    start: Entry

    @property
    def entries(self) -> tuple[Entry, ...]:
        out = [self.start]
        for edge, forward in self.steps:
            out.append(edge.target if forward else edge.source)
        return tuple(out)

    def __len__(self) -> int:
        return len(self.steps)

    def __str__(self) -> str:
        out = [self.start.name]
        for edge, forward in self.steps:
            if forward or RELATIONS[edge.relation].symmetric:
                out.append(f"—{edge.relation}→ {(edge.target if forward else edge.source).name}")
            else:
                out.append(f"←{edge.relation}— {edge.source.name}")
        return " ".join(out)

    def __repr__(self) -> str:
        return f"<Path {self}>"

    def as_dict(self) -> dict:
        return {"entries": [_ref(e) for e in self.entries],
                "steps": [{**edge.as_dict(), "forward": forward} for edge, forward in self.steps],
                "text": str(self)}

    def _repr_html_(self) -> str:
        parts = [f"<b>{_e(self.start.name)}</b>"]
        for edge, forward in self.steps:
            nxt = edge.target if forward else edge.source
            arrow = f"—{edge.relation}→" if forward or RELATIONS[edge.relation].symmetric else f"←{edge.relation}—"
            parts.append(f" <small>{_e(arrow)}</small> <b>{_e(nxt.name)}</b>")
        return "<div>" + "".join(parts) + "</div>"


def path(base, a: str, b: str, relations=None) -> Path | None:
    """The shortest chain of links from ``a`` to ``b`` in either direction (None when there is
    none), through ``relations`` (default: every relation but ``cites`` and ``mentions``).

    >>> import kb
    >>> p = kb.load().path("mesa-optimizer", "base-optimizer")
    >>> [e.id for e in p.entries][0], [e.id for e in p.entries][-1]
    ('mesa-optimizer', 'base-optimizer')
    """
    import networkx as nx  # slow to import: only where it is needed (not by kb check)

    start, end = base.lookup(a), base.lookup(b)
    relations = _relations(relations)
    try:
        ids = nx.shortest_path(_undirected(base, relations), start.id, end.id)
    except nx.NetworkXNoPath:
        return None
    steps = []
    for u, v in zip(ids, ids[1:]):
        candidates = sorted(
            [(e, True) for e in _edges_between(base, u, v, relations)]
            + [(e, False) for e in _edges_between(base, v, u, relations)],
            key=lambda p: (list(RELATIONS).index(p[0].relation), not p[1], p[0]._key()))
        steps.append(candidates[0])
    return Path(tuple(steps), start)
