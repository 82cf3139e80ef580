"""The layout of a debate map: a tree that grows downwards, one box per row.

Each reason sits below and to the right of what it bears on (its parent: the box through which
the map first reached it), its own replies below it, so a map of forty boxes is long, never
small. Lines on the left join each box to its parent, one line per kind of relation (so a solid
"supports" and a dashed "attacks" never share a stroke); a reason that also bears on another box
gets an arc in the right margin, one lane per arc.

Pure geometry: ids in, coordinates out.

>>> t = tree(["c", "a", "b"], {"a": "c", "b": "a"}, {"c": 40, "a": 30, "b": 30},
...          [("a", "c", "s"), ("b", "a", "s"), ("b", "c", "s")], width=300)
>>> [t.boxes[k][:3] for k in "cab"]
[(12, 12, 300), (40, 66, 272), (68, 110, 244)]
>>> [(e.kind, e.arc) for e in t.edges]
[('s', False), ('s', False), ('s', True)]
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["tree", "Tree", "Edge"]

INDENT = 28
GAP = 14
MARGIN = 12
LANE = 12


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    arc: bool  # drawn in the right margin (not the line to the source's parent)
    d: str = ""  # the SVG path
    end: tuple[float, float] = (0.0, 0.0)  # where it meets the target
    pointing: str = "up"  # the way the end points: "up" (tree lines) or "left" (arcs)


@dataclass
class Tree:
    width: float
    height: float
    boxes: dict[str, tuple[float, float, float, float]]  # id -> (x, y, width, height)
    edges: list[Edge] = field(default_factory=list)


def tree(order: list[str], parent: dict[str, str], heights: dict[str, float],
         edges: list[tuple[str, str, str]], *, width: float = 520) -> Tree:
    """Lay out the boxes ``order`` (the root first; a box's parent before it) as a tree with
    ``parent`` (id -> parent id), boxes ``width`` wide at the root and narrower by one indent
    per level, and the ``edges`` (source, target, kind) joining them."""
    depth = {order[0]: 0}
    children: dict[str, list[str]] = {i: [] for i in order}
    for i in order[1:]:
        depth[i] = depth[parent[i]] + 1
        children[parent[i]].append(i)
    rows: list[str] = []

    def visit(i):  # pre-order: a box, then the replies to it
        rows.append(i)
        for c in children[i]:
            visit(c)

    visit(order[0])
    boxes: dict[str, tuple[float, float, float, float]] = {}
    y = MARGIN
    for i in rows:
        indent = depth[i] * INDENT
        boxes[i] = (MARGIN + indent, y, width - indent, heights[i])
        y += heights[i] + GAP
    result = Tree(width=0, height=y - GAP + MARGIN, boxes=boxes)

    right = MARGIN + width
    tree_kinds: dict[tuple[str, str], int] = {}  # (parent, kind) -> which of the parent's trunks
    lanes = 0
    joined: set[str] = set()  # boxes already joined to their parent
    for source, target, kind in edges:
        if parent.get(source) == target and source not in joined:
            joined.add(source)
            trunk = tree_kinds.setdefault((target, kind), len([k for k in tree_kinds if k[0] == target]))
            px, py, _, ph = boxes[target]
            x, sy, _, sh = boxes[source]
            tx = px + 9 + 9 * trunk  # one vertical line per kind of relation under a parent
            mid = sy + min(sh / 2, 22)
            d = f"M{x:g} {mid:g} H{tx:g} V{py + ph:g}"
            result.edges.append(Edge(source, target, kind, False, d, (tx, py + ph), "up"))
        else:
            lane = right + 14 + lanes * LANE
            lanes += 1
            sx, sy, sw, sh = boxes[source]
            tx, ty, tw, th = boxes[target]
            y0, y1 = sy + sh / 2, ty + th / 2 + 6
            d = f"M{sx + sw:g} {y0:g} H{lane:g} V{y1:g} H{tx + tw:g}"
            result.edges.append(Edge(source, target, kind, True, d, (tx + tw, y1), "left"))
    result.width = right + (14 + lanes * LANE if lanes else 0) + MARGIN
    return result
