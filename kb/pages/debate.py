"""Debate maps: the arguments and evidence on each side of a claim, as a mermaid diagram."""
from __future__ import annotations

from ..model import Entry
from .escape import clean, escape_text
from .site import Site

__all__ = ["debate_map", "has_map", "MAX_MAP_NODES"]

MAX_MAP_NODES = 40


def has_map(site: Site, entry: Entry) -> bool:
    """Whether a claim gets a map: reasons on both sides, or any reason when it is contested."""
    if entry.kind != "claim":
        return False
    pro, con = site.pro(entry.id), site.con(entry.id)
    return bool(pro and con) or (entry.status == "contested" and bool(pro or con))


def _mermaid_label(text: str, limit: int = 90) -> str:
    text = " ".join(clean(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    codes = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;",
             "\\": "#92;", "|": "#124;", "{": "#123;", "}": "#125;", "[": "#91;", "]": "#93;"}
    return "".join(codes.get(c, c) for c in text)


def debate_map(site: Site, claim, page: str) -> str:
    """A diagram of the arguments and evidence on each side of a claim, with the attacks on
    them (and on those), colored by the side they end up on."""
    nodes: dict[str, tuple[int, Entry]] = {claim.id: (0, claim)}  # id -> (index, entry)
    side: dict[str, int] = {claim.id: 1}
    edges: list[tuple[str, str, str]] = []
    frontier = [claim.id]
    depth = 0
    while frontier and depth < 4 and len(nodes) < MAX_MAP_NODES:
        nxt = []
        for target in frontier:
            for reason, kind in ([(e, "supports") for e in site.pro(target)] + [(e, "attacks") for e in site.con(target)]):
                if reason.id not in nodes:
                    if len(nodes) >= MAX_MAP_NODES:
                        continue
                    nodes[reason.id] = (len(nodes), reason)
                    side[reason.id] = side[target] * (1 if kind == "supports" else -1)
                    nxt.append(reason.id)
                edges.append((reason.id, target, kind))
        frontier, depth = nxt, depth + 1
    if len(nodes) == 1:
        return ""
    lines = ["flowchart BT"]
    shapes = {"claim": ('(["', '"])'), "argument": ('["', '"]'), "evidence": ('[/"', '"/]'),
              "prediction": ('{{"', '"}}')}
    for ident, (i, e) in nodes.items():
        left, right = shapes.get(e.kind, ('["', '"]'))
        prefix = "Evidence: " if e.kind == "evidence" else ""
        lines.append(f"  n{i}{left}{_mermaid_label(prefix + e.name)}{right}")
    seen, attack_links, support_links = set(), [], []
    for source, target, kind in edges:
        if (source, target, kind) in seen:
            continue
        seen.add((source, target, kind))
        arrow = "-->" if kind == "supports" else "-.->"
        word = kind if kind == "supports" or nodes[target][1].kind != "argument" else "undercuts"
        (support_links if kind == "supports" else attack_links).append(str(len(seen) - 1))
        lines.append(f"  n{nodes[source][0]} {arrow}|{word}| n{nodes[target][0]}")
    if support_links:
        lines.append(f"  linkStyle {','.join(support_links)} stroke:#2e7d32,stroke-width:1.5px")
    if attack_links:
        lines.append(f"  linkStyle {','.join(attack_links)} stroke:#c62828,stroke-width:1.5px")
    lines.append("  classDef claim fill:#e3ecfa,stroke:#3d5a99,stroke-width:2px,color:#111")
    lines.append("  classDef pro fill:#e6f4ea,stroke:#2e7d32,color:#111")
    lines.append("  classDef con fill:#fdecea,stroke:#c62828,color:#111")
    pros = [f"n{i}" for ident, (i, _) in nodes.items() if ident != claim.id and side[ident] > 0]
    cons = [f"n{i}" for ident, (i, _) in nodes.items() if side[ident] < 0]
    lines.append("  class n0 claim")
    if pros:
        lines.append(f"  class {','.join(pros)} pro")
    if cons:
        lines.append(f"  class {','.join(cons)} con")
    source = "\n".join(lines).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    out = ["## Debate map {#debate-map}\n",
           "Green: reasons on the claim's side; red: reasons against it. Solid arrows support, "
           "dashed arrows attack (an attack on an argument undercuts its inference). "
           "Click a box to open it.\n",
           f'<pre class="kb-mermaid" aria-hidden="true" data-search-exclude>{source}</pre>\n']
    listing = {1: [], -1: []}
    for ident, (i, e) in nodes.items():
        if ident == claim.id:
            continue
        what = "; ".join(sorted({("supports " if k == "supports" else "attacks ") + escape_text(nodes[t][1].name.rstrip("."))
                                 for s, t, k in edges if s == ident}))
        listing[1 if side[ident] > 0 else -1].append(
            f"- {site.link(page, e, node=f'n{i}')} ({e.kind}): {what}")
    if listing[1]:
        out.append("**On the claim's side**\n{: .kb-map-side }\n\n" + "\n".join(listing[1]) + "\n")
    if listing[-1]:
        out.append("**Against it**\n{: .kb-map-side }\n\n" + "\n".join(listing[-1]) + "\n")
    return "\n".join(x for x in out if x)
