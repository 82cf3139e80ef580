"""The small graph on each entry's page: the entry and its closest neighbours, drawn at build
time as SVG (no script, nothing to load), each neighbour a link labelled with its name and how
it relates; the whole neighbourhood is one click away in the graph view.

The neighbours shown are taken in turns from each relation (in the order of
:func:`.graph_layout.relation_groups`: term hierarchy and argument before use and citation),
the best connected of each first; [[links]] in text are left out.
"""
from __future__ import annotations

import math

from ..model import Entry
from .graph_layout import relation_groups
from .site import Site, relative
from .svg import element, link as svg_link, serialize, text_width, wrap

__all__ = ["local_graph", "local_neighbours", "MAX_SHOWN"]

MAX_SHOWN = 12
WIDTH, HEIGHT = 680, 300
RADIUS_X, RADIUS_Y = 190, 105
FONT = 12
COLORS = {"term": "#3f6ec6", "claim": "#d98c10", "argument": "#7b4bb7", "prediction": "#1f9e89",
          "evidence": "#c2185b", "source": "#6d6d6d"}


def local_neighbours(site: Site, entry: Entry, labels: dict[str, str], order: tuple[str, ...]) -> list[tuple[Entry, str]]:
    """Every neighbour of ``entry`` once, with the label of its most telling relation, in the
    order they are shown."""
    rank = {(g["relation"], g["direction"]): (i, g["label"]) for i, g in enumerate(relation_groups(labels, order))}
    best: dict[str, tuple[int, str, Entry]] = {}
    for r in site.related(entry.id):
        if r.relation == "mentions" or r.entry.id == entry.id:
            continue
        found = rank.get((r.relation, r.direction)) or rank.get((r.relation, "out"))
        if found is None:  # a relation the page does not group
            continue
        i, label = found
        if r.entry.id not in best or i < best[r.entry.id][0]:
            best[r.entry.id] = (i, label, r.entry)
    degree = site.degrees
    groups: dict[int, list[tuple[int, str, Entry]]] = {}
    for item in sorted(best.values(), key=lambda t: (t[0], -degree[t[2].id], t[2].name)):
        groups.setdefault(item[0], []).append(item)
    # Taken in turns from each relation, so the few shown speak of all of them.
    ordered, queues = [], [groups[g] for g in sorted(groups)]
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop(0))
    return [(e, label) for _, label, e in ordered]


def local_graph(site: Site, entry: Entry, page: str, labels: dict[str, str], order: tuple[str, ...]) -> str:
    """The section "In the graph" of an entry's page ('' when the entry has no neighbour);
    ``labels`` and ``order`` are the entry page's groups of neighbours and their order."""
    neighbours = local_neighbours(site, entry, labels, order)
    if not neighbours:
        return ""
    shown = neighbours[:MAX_SHOWN]
    cx, cy = WIDTH / 2, HEIGHT / 2
    svg = element("svg", viewBox=f"0 0 {WIDTH} {HEIGHT}", width=WIDTH, height=HEIGHT, cls="kb-local-svg",
                  role="group", aria_label=f"{entry.name} and {len(shown)} of its neighbours")
    places = []
    for k, (other, label) in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * k / len(shown)
        places.append((cx + RADIUS_X * math.cos(angle), cy + RADIUS_Y * math.sin(angle), angle))
    lines = element("g", svg, cls="kb-local-lines")
    for x, y, _ in places:
        element("path", lines, d=f"M{cx:g} {cy:g} L{x:.1f} {y:.1f}", stroke="#b5b5b5", stroke_width=1.2)
    for (other, label), (x, y, angle) in zip(shown, places):
        link = svg_link(svg, page, other, data_kb_preview=other.id, cls="kb-local-node",
                       aria_label=f"{other.name} ({other.kind}; {label.lower()})")
        element("rect", link, x=x - 6, y=y - 6, width=12, height=12, rx=6,
                fill=COLORS.get(other.kind, "#888"))
        right = math.cos(angle) > 0.2
        left = math.cos(angle) < -0.2
        anchor = "start" if right else ("end" if left else "middle")
        tx = x + 10 if right else (x - 10 if left else x)
        rows = wrap(other.name, 150, FONT, 2)
        top = y - (len(rows) * 14) / 2 + 4 if (right or left) else (y - 20 - len(rows) * 14 if y < cy else y + 10)
        text = element("text", link, x=tx, y=top + 10, font_size=FONT, fill="#1b1b1b", text_anchor=anchor,
                       stroke="#fff", stroke_width=3, paint_order="stroke", stroke_linejoin="round")
        for n, row in enumerate(rows):
            element("tspan", text, text=row, x=tx, dy=0 if n == 0 else 14)
        element("tspan", text, text=label.lower(), x=tx, dy=13, font_size=10.5, fill="#666")
    center = element("g", svg, cls="kb-local-center")
    name = wrap(entry.name, 170, 13, 2)
    w = max(text_width(row, 13) for row in name) + 20
    element("rect", center, x=cx - w / 2, y=cy - 10 - 8 * len(name), width=w, height=16 * len(name) + 14, rx=8,
            fill="#fff", stroke=COLORS.get(entry.kind, "#888"), stroke_width=2.5)
    text = element("text", center, x=cx, y=cy - 8 * len(name) + 7, font_size=13, font_weight="bold", fill="#1b1b1b",
                   text_anchor="middle")
    for n, row in enumerate(name):
        element("tspan", text, text=row, x=cx, dy=0 if n == 0 else 16)
    more = len(neighbours) - len(shown)
    graph = f"{relative(page, 'graph/index.md')}?focus={entry.id}"
    note = (f"{len(shown)} of its {len(neighbours)} neighbours, from each kind of relation; "
            f"[all of them, grouped by relation, in the graph view]({graph})." if more else
            f"[Its neighbourhood in the graph view]({graph}).")
    return "\n".join(["## In the graph {#local-graph}\n",
                      f'<div class="kb-local-graph" data-search-exclude>{serialize(svg)}</div>\n',
                      note + "\n{: .kb-local-note data-search-exclude }\n"])
