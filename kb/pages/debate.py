"""Debate maps: the arguments and evidence on each side of a claim, drawn at build time as SVG.

The claim is at the top; the reasons for and against it below, then the attacks on those, and
so on: each layer wrapped into rows, so a large debate grows downwards and its text stays the
same size. Each box says which side it is on ("For" / "Against") and is drawn in that side's
color and border (solid for, dashed against); a solid line with an arrow supports, a dashed
line ending in a bar attacks. The SVG is built with :mod:`xml.etree` (:mod:`.svg`): entry text
is XML character data, never markup. The lists under the map say the same for readers who
cannot see it.
"""
from __future__ import annotations

from ..model import Entry
from .escape import escape_text
from .maptree import INDENT, tree
from .site import Site
from .svg import element, link as svg_link, serialize, wrap

__all__ = ["debate_map", "debate_boxes", "debate_svg", "has_map", "MAX_MAP_NODES"]

MAX_MAP_NODES = 40
MAX_DEPTH = 4

BOX_WIDTH = 200
PAD = 10
FONT = 13
LINE = 17
TAG_FONT = 10.5
TAG_LINE = 16
MAX_LINES = 5
TREE_WIDTH = 540  # the boxes' column; arcs for the further relations run in the margin to its right
INK = "#1b1b1b"
EDGE = "#4a4a4a"
# The sides: the colors are told apart without color vision too (blue and orange), and the
# side is also said in words and by the border (solid for, dashed against).
STYLE = {
    "claim": {"fill": "#f3f4f6", "stroke": "#2b2b2b", "stroke_width": 2.5, "tag": "#2b2b2b"},
    "for": {"fill": "#e9f1fb", "stroke": "#1f5fa8", "stroke_width": 1.6, "tag": "#1a4f8c"},
    "against": {"fill": "#fdf0e7", "stroke": "#b4460c", "stroke_width": 1.6, "tag": "#9a3a08",
                "stroke_dasharray": "6 3"},
}
CORNER = {"claim": 14, "argument": 5, "evidence": 0, "prediction": 10}


def has_map(site: Site, entry: Entry) -> bool:
    """Whether a claim gets a map: reasons on both sides, or any reason when it is contested."""
    if entry.kind != "claim":
        return False
    pro, con = site.pro(entry.id), site.con(entry.id)
    return bool(pro and con) or (entry.status == "contested" and bool(pro or con))


def debate_boxes(site: Site, claim: Entry):
    """The boxes of a claim's map and their edges, breadth first from the claim (at most
    ``MAX_MAP_NODES`` boxes, ``MAX_DEPTH`` steps): ``(boxes, side, edges)`` with ``boxes``
    id -> (parent id or None, entry) in the order reached, ``side`` id -> 1 (for the claim) or
    -1 (against it), and ``edges`` a list of (reason, target, "supports" | "attacks") without
    repeats. A box's parent is the box through which the map first reached it."""
    boxes: dict[str, tuple[str | None, Entry]] = {claim.id: (None, claim)}
    side: dict[str, int] = {claim.id: 1}
    edges: dict[tuple[str, str, str], None] = {}
    frontier = [claim.id]
    depth = 0
    while frontier and depth < MAX_DEPTH and len(boxes) < MAX_MAP_NODES:
        nxt = []
        for target in frontier:
            for reason, kind in ([(e, "supports") for e in site.pro(target)] + [(e, "attacks") for e in site.con(target)]):
                if reason.id not in boxes:
                    if len(boxes) >= MAX_MAP_NODES:
                        continue
                    boxes[reason.id] = (target, reason)
                    side[reason.id] = side[target] * (1 if kind == "supports" else -1)
                    nxt.append(reason.id)
                edges.setdefault((reason.id, target, kind), None)
        frontier, depth = nxt, depth + 1
    return boxes, side, list(edges)


def _verb(kind: str, target: Entry) -> str:
    return "supports" if kind == "supports" else ("undercuts" if target.kind == "argument" else "attacks")


def debate_svg(site: Site, claim: Entry, page: str) -> str:
    """The map of a claim as one line of SVG markup ('' when nothing bears on the claim)."""
    boxes, side, edges = debate_boxes(site, claim)
    if len(boxes) == 1:
        return ""
    role = {i: "claim" if i == claim.id else ("for" if side[i] > 0 else "against") for i in boxes}
    parents = {i: p for i, (p, _) in boxes.items() if p}
    depth = {claim.id: 0}
    for i in parents:  # boxes come in the order reached: a parent before its replies
        depth[i] = depth[parents[i]] + 1
    widths = {i: TREE_WIDTH - depth[i] * INDENT for i in boxes}
    lines = {i: wrap(e.name, widths[i] - 2 * PAD, FONT, MAX_LINES) for i, (_, e) in boxes.items()}
    heights = {i: PAD + TAG_LINE + len(lines[i]) * LINE + PAD - 4 for i in boxes}
    layout = tree(list(boxes), parents, heights, edges, width=TREE_WIDTH)
    relations: dict[str, list[str]] = {}  # what each box does, said on its tag line
    for e in layout.edges:
        arrow = "→" if e.arc else "↰"
        relations.setdefault(e.source, []).append(f"{_verb(e.kind, boxes[e.target][1])} {arrow}")

    svg = element("svg", viewBox=f"0 0 {layout.width:g} {layout.height:g}", width=layout.width,
                  height=layout.height, cls="kb-map-svg", role="group",
                  aria_label=f"Debate map: the reasons for and against “{claim.name}”")
    edge_layer = element("g", svg, cls="kb-map-edges")
    for e in layout.edges:
        group = element("g", edge_layer, cls=f"kb-map-edge kb-map-{e.kind}")
        element("path", group, d=e.d, fill="none", stroke=EDGE, stroke_width=1.6, stroke_linejoin="round",
                stroke_dasharray="5 4" if e.kind == "attacks" else None)
        x, y = e.end
        if e.kind == "supports":  # an arrowhead
            head = f"M{x:g} {y:g} l-5 9 l10 0 z" if e.pointing == "up" else f"M{x:g} {y:g} l9 -5 l0 10 z"
            element("path", group, d=head, fill=EDGE)
        else:  # a bar across the end: the attack stops there
            bar = f"M{x - 6:g} {y + 1.5:g} l12 0" if e.pointing == "up" else f"M{x + 1.5:g} {y - 6:g} l0 12"
            element("path", group, d=bar, stroke=EDGE, stroke_width=2.6)

    for ident, (_, entry) in boxes.items():
        x, y, w, h = layout.boxes[ident]
        style = STYLE[role[ident]]
        if ident == claim.id:
            group = element("g", svg, cls="kb-map-box kb-map-claim")
            tag = "Claim"
        else:
            word = "+ For" if role[ident] == "for" else "− Against"
            tag = f"{word} · {entry.kind}"
            group = svg_link(svg, page, entry, cls=f"kb-map-box kb-map-{role[ident]}",
                            data_kb_preview=entry.id,
                            aria_label=f"{'For' if role[ident] == 'for' else 'Against'} the claim: "
                                       f"{entry.name} ({entry.kind})")
        element("rect", group, x=x, y=y, width=w, height=h, rx=CORNER.get(entry.kind, 4), fill=style["fill"],
                stroke=style["stroke"], stroke_width=style["stroke_width"],
                stroke_dasharray=style.get("stroke_dasharray"))
        element("text", group, text=tag.upper(), x=x + PAD, y=y + PAD + 9, font_size=TAG_FONT, font_weight="bold",
                letter_spacing=0.6, fill=style["tag"], cls="kb-map-tag")
        if relations.get(ident):
            element("text", group, text=" · ".join(relations[ident]), x=x + w - PAD, y=y + PAD + 9,
                    font_size=TAG_FONT + 0.5, font_style="italic", fill="#444", text_anchor="end", cls="kb-map-does")
        text = element("text", group, x=x + PAD, y=y + PAD + TAG_LINE + FONT - 1, font_size=FONT, fill=INK,
                       font_weight="bold" if ident == claim.id else None, cls="kb-map-label")
        for n, line in enumerate(lines[ident]):
            element("tspan", text, text=line, x=x + PAD, dy=0 if n == 0 else LINE)
    return serialize(svg)


def debate_map(site: Site, claim, page: str) -> str:
    """The debate map section of a claim's page: the drawing, and the same as lists."""
    svg = debate_svg(site, claim, page)
    if not svg:
        return ""
    boxes, side, edges = debate_boxes(site, claim)
    out = ["## Debate map {#debate-map}\n",
           "The claim is at the top, the reasons for and against it below it, then the replies to "
           "those. **+ For** boxes (blue, solid border) are on the claim's side; **− Against** boxes "
           "(orange, dashed border) are against it. A solid line with an arrowhead *supports* what "
           "it points to; a dashed line ending in a bar *attacks* it (an attack on an argument "
           "*undercuts* it). Select a box to open it.\n{: .kb-map-legend }\n",
           f'<div class="kb-debate-map" data-search-exclude>{svg}</div>\n']
    listing = {1: [], -1: []}
    for ident, (_, e) in boxes.items():
        if ident == claim.id:
            continue
        what = "; ".join(sorted({_verb(k, boxes[t][1]) + " " + escape_text(boxes[t][1].name.rstrip("."))
                                 for s, t, k in edges if s == ident}))
        listing[1 if side[ident] > 0 else -1].append(f"- {site.link(page, e)} ({e.kind}): {what}")
    if listing[1]:
        out.append("**On the claim's side**\n{: .kb-map-side }\n\n" + "\n".join(listing[1]) + "\n")
    if listing[-1]:
        out.append("**Against it**\n{: .kb-map-side }\n\n" + "\n".join(listing[-1]) + "\n")
    return "\n".join(out)
