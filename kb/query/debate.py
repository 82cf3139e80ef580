"""Who argues what: a claim's argument tree, what depends on it, the cruxes, and the
sources that take opposite sides."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Iterator

from ..model import Entry
from .results import _PRO, _REASONS, Edge, Provenance, Result, _e, _ref

__all__ = ["TreeNode", "ArgumentTree", "Crux", "Disagreement", "argument_tree", "dependents", "cruxes", "disagreements"]


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
    import networkx as nx  # slow to import: only where it is needed (not by kb check)

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
    import networkx as nx  # slow to import: only where it is needed (not by kb check)

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
    import networkx as nx  # slow to import: only where it is needed (not by kb check)

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
