"""The whole graph drawn at build time as SVG, where the graph view places each entry: the page
shows it as soon as it is painted, and the graph view's script replaces it with the
interactive graph once that is built (seconds, for a large base). Without JavaScript it is
the graph view: each node a link to its entry, the best connected named.

Sizes follow the interactive graph (kb.js): a node's diameter grows with the square root of
its number of typed relations; its label is set at about 12 px on a screen about ``WIDTH``
px wide, the best connected first, none over another.

>>> import networkx as nx
>>> from kb.pages.graph_poster import poster_svg
>>> g = nx.Graph([("a", "b")])
>>> svg = poster_svg(g, {"a": (0, 0), "b": (46, 0)}, {"a": ("A", "term", "terms/a/"), "b": ("B", "claim", "claims/b/")})
>>> svg.count("<a "), svg.count("<path ")
(2, 1)
"""
from __future__ import annotations

import math

from .svg import element, serialize, text_width, wrap

__all__ = ["poster_svg", "node_size"]

WIDTH, HEIGHT = 820, 620   # the graph view's box at desktop width (70% of a 900 px high window)
PADDING = 30               # as the interactive graph, fitted with 30 px around
FONT = 12
COLORS = {"term": "#3f6ec6", "claim": "#d98c10", "argument": "#7b4bb7", "prediction": "#1f9e89",
          "evidence": "#c2185b", "source": "#6d6d6d"}


def node_size(degree: int) -> float:
    """A node's diameter at zoom 1 (as kb.js: nodeSize)."""
    return min(56.0, 8 + 3.5 * math.sqrt(degree))


def poster_svg(simple, place: dict, nodes: dict[str, tuple[str, str, str]]) -> str:
    """The SVG of the whole graph: ``simple`` the typed relations (undirected), ``place``
    ``{id: (x, y)}``, ``nodes`` ``{id: (name, kind, href from the graph view's page)}``."""
    # Under `mkdocs serve` most saves change none of these (a summary, a definition): the last
    # drawing is kept with what it was drawn from.
    key = (tuple(simple.edges()), tuple(place.items()), tuple(nodes.items()))
    if _last.get("key") != key:
        _last.clear()
        _last.update(key=key, svg=_draw(simple, place, nodes))
    return _last["svg"]


_last: dict = {}  # the last drawing, and what it was drawn from


def _draw(simple, place: dict, nodes: dict[str, tuple[str, str, str]]) -> str:
    if not place:
        return ""
    xs = [x for x, _ in place.values()]
    ys = [y for _, y in place.values()]
    left, top = min(xs) - 30, min(ys) - 30
    width, height = max(xs) - min(xs) + 60, max(ys) - min(ys) + 60
    # fitted to the box, but a small graph no larger than the interactive one draws it (1.4)
    zoom = min((WIDTH - 2 * PADDING) / width, (HEIGHT - 2 * PADDING) / height, 1.4)
    cx, cy, w, h = left + width / 2, top + height / 2, WIDTH / zoom, HEIGHT / zoom
    svg = element("svg", viewBox=f"{cx - w / 2:.0f} {cy - h / 2:.0f} {w:.0f} {h:.0f}",
                  cls="kb-graph-poster", role="group",
                  aria_label=f"The whole graph: {len(place)} entries, {simple.number_of_edges()} relations")
    # every relation in one path: thousands of lines cost one element
    lines = " ".join(f"M{place[s][0]} {place[s][1]}L{place[t][0]} {place[t][1]}"
                     for s, t in simple.edges() if s in place and t in place)
    if lines:
        element("path", svg, d=lines, stroke="#d4d4d4", stroke_width=1, fill="none")
    order = sorted(place, key=lambda n: (-simple.degree(n) if n in simple else 0, nodes[n][0]))
    font = FONT / zoom
    taken: list[tuple[float, float, float, float]] = []
    dots = element("g", svg)
    labels = element("g", svg, font_size=f"{font:.1f}", fill="#222", text_anchor="middle",
                     stroke="#fff", stroke_width=f"{3 / zoom:.1f}", paint_order="stroke", stroke_linejoin="round")
    for ident in reversed(order):  # the best connected drawn last, on top
        name, kind, href = nodes[ident]
        x, y = place[ident]
        r = node_size(simple.degree(ident) if ident in simple else 0) / 2
        link = element("a", dots, href=href, data_kb_preview=ident, aria_label=f"{name} ({kind})")
        element("rect", link, x=f"{x - r:.1f}", y=f"{y - r:.1f}", width=f"{2 * r:.1f}", height=f"{2 * r:.1f}",
                rx=f"{r:.1f}", fill=COLORS.get(kind, "#888"))
    for ident in order:
        name, kind, href = nodes[ident]
        x, y = place[ident]
        r = node_size(simple.degree(ident) if ident in simple else 0) / 2
        rows = wrap(name, 150 / zoom, font, 2)  # as the interactive graph: at most 150 px wide
        w = max(text_width(row, font) for row in rows)
        box = (x - w / 2 - 2 / zoom, y + r + 2 / zoom, x + w / 2 + 2 / zoom, y + r + 2 / zoom + len(rows) * font * 1.25)
        if any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken):
            continue  # over another label: it waits for the zoom
        taken.append(box)
        text = element("text", labels, x=x, y=f"{box[1] + font:.1f}")
        for n, row in enumerate(rows):
            element("tspan", text, text=row, x=x, dy=None if n == 0 else f"{font * 1.2:.1f}")
    return serialize(svg)
