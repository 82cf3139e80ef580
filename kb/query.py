"""The questions researchers ask of the graph: who argues what, on what grounds, where the
sources disagree, how two ideas connect and what to read first.

Each query is a pure function of a knowledge base (:class:`kb.KnowledgeBase` offers them as
methods) returning small frozen results: hashable, ordered, with short reprs, ``str()`` for a
terminal, ``_repr_html_`` for a notebook and ``as_dict()`` for JSON.
"""
from __future__ import annotations

import html
from collections import deque
from dataclasses import dataclass, field
from functools import total_ordering
from typing import Iterator

import networkx as nx

from .model import ARGUMENTATIVE, RELATIONS, Entry

__all__ = [
    "Result", "Provenance", "Edge", "Path", "Neighborhood", "TreeNode", "ArgumentTree", "Crux", "Disagreement",
    "Citing", "SenseUse", "OpenPrediction", "MINOR_RELATIONS",
    "links", "neighborhood", "path", "argument_tree", "dependents", "cruxes", "disagreements",
    "reading_order", "cited_for", "sense_uses", "open_predictions",
]

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


def _edges_between(base, u, v, relations) -> list[Edge]:
    data = base.graph.get_edge_data(u, v) or {}
    return [Edge(base.by_id[u], d["relation"], base.by_id[v], d["sense"], d["note"], Provenance.of(d))
            for d in data.values() if d["relation"] in relations]


# --- argument trees ------------------------------------------------------------------------------
# How a child reads from its parent in an argument tree.
_ROLES = {"conclusion": "concluded by", "supports": "supported by", "attacks": "attacked by",
          "bears_on": "evidence", "premises": "premise", "derived_from": "derived from"}


@dataclass(frozen=True, eq=True)
class TreeNode(Result):
    """One entry in an argument tree: how it bears on its parent (``role``, with the link's
    provenance), and its own reasons. ``repeated`` marks an entry already shown elsewhere in the tree."""

    entry: Entry
    role: str | None = None
    provenance: Provenance | None = None
    children: tuple["TreeNode", ...] = ()
    repeated: bool = False

    def walk(self) -> Iterator["TreeNode"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def as_dict(self) -> dict:
        return {**_ref(self.entry), "status": getattr(self.entry, "status", None), "role": self.role,
                "provenance": self.provenance.as_dict() if self.provenance else None,
                "repeated": self.repeated, "children": [c.as_dict() for c in self.children]}

    def __repr__(self) -> str:
        return f"<TreeNode {self.role + ': ' if self.role else ''}{self.entry.id}{' (repeated)' if self.repeated else ''}>"

    def _label(self) -> str:
        status = getattr(self.entry, "status", None)
        text = f"{self.entry.name}" + (f" [{status}]" if status else "") + f" ({self.entry.id})"
        if self.role:
            text = f"{self.role}: {text}"
        if self.provenance is not None and self.provenance.kind:
            text += f" — {self.provenance}"
        return text + (" — see above" if self.repeated else "")


@dataclass(frozen=True, eq=True)
class ArgumentTree(Result):
    """Every chain of support and attack below a claim (or argument, or prediction), down to the
    evidence; each entry is expanded once, where it is nearest the root."""

    root: TreeNode

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(n.entry for n in self.root.walk() if not n.repeated)

    def walk(self) -> Iterator[TreeNode]:
        return self.root.walk()

    def __str__(self) -> str:
        lines = [self.root._label()]

        def draw(node: TreeNode, prefix: str) -> None:
            for i, child in enumerate(node.children):
                last = i == len(node.children) - 1
                lines.append(prefix + ("└── " if last else "├── ") + child._label())
                draw(child, prefix + ("    " if last else "│   "))

        draw(self.root, "")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<ArgumentTree of {self.root.entry.id}: {len(self.entries)} entries>"

    def as_dict(self) -> dict:
        return self.root.as_dict()

    def _repr_html_(self) -> str:
        def item(node: TreeNode) -> str:
            inner = "".join(f"<li>{item(c)}</li>" for c in node.children)
            return _e(node._label()) + (f"<ul>{inner}</ul>" if inner else "")
        return f"<div><ul><li>{item(self.root)}</li></ul></div>"


def _tree_children(base, ident: str) -> list[tuple[str, str, Provenance]]:
    """(child id, relation, provenance) of the reasons bearing on an entry, in a stable order."""
    kind = base.by_id[ident].kind
    found = []
    for s, _t, data in base.graph.in_edges(ident, data=True):
        if data["relation"] in _REASONS:
            found.append((s, data["relation"], Provenance.of(data)))
    for _s, t, data in base.graph.out_edges(ident, data=True):
        if (kind == "argument" and data["relation"] == "premises") or \
           (kind == "prediction" and data["relation"] == "derived_from"):
            found.append((t, data["relation"], Provenance.of(data)))
    order = ["premises", "derived_from", "conclusion", "supports", "bears_on", "attacks"]
    return sorted(set(found), key=lambda c: (order.index(c[1]), c[0], c[2]._key()))


def argument_tree(base, ident: str) -> ArgumentTree:
    """The argument tree of a claim: what concludes, supports or attacks it, the premises of
    those arguments, what bears on the premises in turn, and so on down to the evidence.

    >>> import kb
    >>> tree = kb.load().argument_tree("gradient-descent-will-select-for-inner-search")
    >>> roles = {n.role for n in tree.walk()}
    >>> {"attacked by", "premise"} <= roles
    True
    """
    root = base.lookup(ident)
    # Breadth first, so each entry is expanded where it is nearest the root.
    placed, order, kids = {root.id}, deque([root.id]), {}
    while order:
        current = order.popleft()
        kids[current] = []
        for child, relation, provenance in _tree_children(base, current):
            repeated = child in placed
            kids[current].append((child, _ROLES[relation], provenance, repeated))
            if not repeated:
                placed.add(child)
                order.append(child)

    def build(ident_: str, role=None, provenance=None, repeated=False) -> TreeNode:
        children = () if repeated else tuple(build(c, r, p, rep) for c, r, p, rep in kids.get(ident_, ()))
        return TreeNode(base.by_id[ident_], role, provenance, children, repeated)

    return ArgumentTree(build(root.id))


# --- what depends on what, and the cruxes -----------------------------------------------------
def _dependency_graph(base) -> nx.DiGraph:
    """An edge ``a -> b`` when ``b`` depends on ``a``: an argument on its premises, a claim on
    what concludes, supports or attacks it, a prediction on the claims it is derived from."""
    graph = nx.DiGraph()
    graph.add_nodes_from(base.by_id)
    for s, t, data in base.graph.edges(data=True):
        if data["relation"] in ("premises", "derived_from"):
            graph.add_edge(t, s)
        elif data["relation"] in _REASONS:
            graph.add_edge(s, t)
    return graph


def dependents(base, ident: str) -> list[Entry]:
    """Everything whose standing depends on an entry: arguments that take it as a premise, what
    those arguments conclude, support or attack, predictions derived from it, and so on.

    >>> import kb
    >>> base = kb.load()
    >>> any(e.kind == "argument" for e in base.dependents("search-costs-compute-that-could-run-a-better-policy"))
    True
    """
    entry = base.lookup(ident)
    return sorted(base.by_id[i] for i in nx.descendants(_dependency_graph(base), entry.id))


@dataclass(frozen=True, eq=True)
class Crux(Result):
    """A claim with reasons both for and against: how many of each, and how many entries depend on it."""

    claim: Entry
    dependents: int
    supports: int
    attacks: int

    def __repr__(self) -> str:
        return f"<Crux {self.claim.id}: {self.dependents} dependents, {self.supports} for, {self.attacks} against>"

    def __str__(self) -> str:
        return f"{self.claim.name} ({self.claim.id}): {self.dependents} depend on it; {self.supports} for, {self.attacks} against"

    def as_dict(self) -> dict:
        return {"claim": {**_ref(self.claim), "status": self.claim.status}, "dependents": self.dependents,
                "supports": self.supports, "attacks": self.attacks}


def _tally(base, ident: str) -> tuple[int, int]:
    pro, con = set(), set()
    for s, _t, data in base.graph.in_edges(ident, data=True):
        if data["relation"] in _PRO:
            pro.add(s)
        elif data["relation"] == "attacks":
            con.add(s)
    return len(pro), len(con)


def cruxes(base) -> list[Crux]:
    """Claims that something supports (or concludes) and something attacks, ranked by how many
    entries depend on them, then by how much they are argued.

    >>> import kb
    >>> top = kb.load().cruxes()[0]
    >>> top.supports > 0 and top.attacks > 0
    True
    """
    graph = _dependency_graph(base)
    found = []
    for claim in base.entries("claim"):
        pro, con = _tally(base, claim.id)
        if pro and con:
            found.append(Crux(claim, len(nx.descendants(graph, claim.id)), pro, con))
    return sorted(found, key=lambda c: (-c.dependents, -(c.supports + c.attacks), c.claim.id))


# --- disagreements --------------------------------------------------------------------------------
@dataclass(frozen=True, eq=True)
class Disagreement(Result):
    """Two sources on opposite sides of a claim: ``pro`` holds it or argues for it, ``con``
    argues against it; ``pro_links``/``con_links`` are the links that put each on its side
    (none for a source that advances the claim itself). ``editorial`` is true when a side rests
    on an editorial link."""

    claim: Entry
    pro: Entry
    con: Entry
    pro_links: tuple[Edge, ...]
    con_links: tuple[Edge, ...]
    editorial: bool = False

    def __repr__(self) -> str:
        return f"<Disagreement on {self.claim.id}: {self.pro.id} for, {self.con.id} against>"

    def __str__(self) -> str:
        def side(links_, holds):
            names = [e.source.id for e in links_]
            return ", ".join((["holds the claim"] if holds else []) + names)
        holds = self.pro.id in getattr(self.claim, "advanced_by", ())
        return (f"{self.claim.name} ({self.claim.id})\n  for:     {self.pro.name} — {side(self.pro_links, holds)}\n"
                f"  against: {self.con.name} — {side(self.con_links, False)}")

    def as_dict(self) -> dict:
        return {"claim": _ref(self.claim), "pro": _ref(self.pro), "con": _ref(self.con),
                "pro_links": [e.as_dict() for e in self.pro_links],
                "con_links": [e.as_dict() for e in self.con_links], "editorial": self.editorial}


def _sides(base, edge: Edge, editorial: bool) -> list[tuple[str, bool]]:
    """The sources a link puts on its side, with whether that rests on an editorial connection:
    those that advance the argument or evidence (else the source stating the link)."""
    kind = edge.provenance.kind
    if kind is None or (kind == "editorial" and not editorial):
        return []
    advancing = list(getattr(edge.source, "advanced_by", ()))
    sources = advancing or ([edge.provenance.source] if kind == "stated" else [])
    return [(s, kind == "editorial") for s in sources if s in base.by_id]


def disagreements(base, editorial: bool = False) -> list[Disagreement]:
    """Pairs of sources on opposite sides of a claim, from provenance alone: a source is for a
    claim when it advances the claim (``advanced_by``) or an argument or evidence whose link
    concludes or supports it; against it when it advances what attacks it. A link counts when a
    source states it; editorial links only with ``editorial=True``. Citing a source never puts
    it on a side.

    >>> import kb
    >>> found = kb.load().disagreements()
    >>> all(d.pro != d.con and d.con_links for d in found)
    True
    """
    found = []
    for claim in base.entries("claim"):
        holders = [s for s in claim.advanced_by if s in base.by_id]
        pro: dict[str, set] = {s: set() for s in holders}
        con: dict[str, set] = {}
        for s, _t, data in base.graph.in_edges(claim.id, data=True):
            if data["relation"] not in (*_PRO, "attacks"):
                continue
            edge = Edge(base.by_id[s], data["relation"], claim, data["sense"], data["note"], Provenance.of(data))
            side = pro if data["relation"] in _PRO else con
            for source, is_editorial in _sides(base, edge, editorial):
                side.setdefault(source, set()).add((edge, is_editorial))

        def editorial_only(links_, held):  # on its side through editorial links alone
            return not held and all(flag for _edge, flag in links_)

        for p in sorted(pro):
            for c in sorted(con):
                if p != c:
                    found.append(Disagreement(
                        claim, base.by_id[p], base.by_id[c], tuple(sorted({e for e, _f in pro[p]})),
                        tuple(sorted({e for e, _f in con[c]})), editorial_only(pro[p], p in holders) or editorial_only(con[c], False)))
    return found


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


def _edges_between_in(base, ident: str) -> Iterator[Edge]:
    for s, _t, d in base.graph.in_edges(ident, data=True):
        if d["relation"] in ("supports", "attacks", "bears_on"):
            yield Edge(base.by_id[s], d["relation"], base.by_id[ident], d["sense"], d["note"], Provenance.of(d))
