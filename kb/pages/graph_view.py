"""The graph view: its page, and the JSON of every entry and relation it draws."""
from __future__ import annotations

import json

from ..model import KINDS
from .blocks import front_matter
from .graph_layout import relation_groups
from .graph_poster import poster_svg
from .entry import GROUP_ORDER, LABELS
from .indexes import KIND_TITLES
from .site import Site, entry_url

__all__ = ["graph_page", "graph_data"]


def graph_data(site: Site) -> str:
    """The graph view's data, what its first view needs and no more: ``nodes`` (id, name,
    aliases, kind, status, url from the site's root, the number of typed relations ``degree``,
    and the place ``x``, ``y`` where the whole graph draws it), ``edges`` as
    ``[source, target, relation]``: the positions of the two nodes in ``nodes`` and of the
    relation in ``relations``, and the ``groups`` a neighbourhood is shown in.

    The summaries are not in it: the graph shows one only for the entry pointed at, and kb.js
    takes it from the hover previews (previews.json), fetched then. With them and with each
    relation written out in full, the file was five times larger for the same first view.
    """
    simple, place = site.layout
    nodes = [{"id": e.id, "name": e.name, "kind": e.kind, "url": entry_url(e),
              **({"status": e.status} if hasattr(e, "status") else {}),
              **({"aliases": list(e.aliases)} if getattr(e, "aliases", None) else {}),
              "degree": simple.degree(e.id) if e.id in simple else 0,
              "x": place.get(e.id, (0, 0))[0], "y": place.get(e.id, (0, 0))[1]} for e in site.entries]
    at = {e.id: i for i, e in enumerate(site.entries)}
    edges = sorted({(s, t, d["relation"]) for s, t, d in site.base.graph.edges(data=True) if s in at and t in at})
    relations = sorted({r for _s, _t, r in edges})
    number = {r: i for i, r in enumerate(relations)}
    return json.dumps({"nodes": nodes, "relations": relations,
                       "edges": [[at[s], at[t], number[r]] for s, t, r in edges],
                       "groups": relation_groups(LABELS, GROUP_ORDER)},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


def poster(site: Site) -> str:
    """The whole graph as SVG, shown until the interactive one is drawn (and without JavaScript)."""
    simple, place = site.layout
    nodes = {e.id: (e.name, e.kind, f"../{e.folder}/{e.id}/") for e in site.entries}  # from graph/
    return poster_svg(simple, place, nodes)


def graph_page(site: Site) -> str:
    """The page of the graph view (kb.js draws it from data.json)."""
    return "\n".join([
        front_matter("Graph view", scripts=["cytoscape.min.js"], hide=["toc"]),
        "# Graph view\n",
        # What the drawing of the build does (it is the graph without JavaScript); kb.js says what
        # the interactive graph does once it is there.
        "Every entry as a node and every relation as a line, the best connected named. "
        "Click or tap a node to open its page.\n{: .kb-graph-intro #kb-graph-intro }\n",
        '<div class="kb-graph-controls" id="kb-graph-controls"></div>\n',
        '<div class="kb-graph" id="kb-graph" role="img" aria-label="Graph of the knowledge base">'
        + poster(site) + '</div>\n',
        "Colors: "
        + " · ".join(f'<span class="kb-dot kb-dot-{k}"></span> {KIND_TITLES[k].lower()}' for k in KINDS)
        + "\n{: .kb-graph-legend }\n",
        f"The graph is also available as [data](data.json) ({len(site.entries)} nodes).\n",
    ])
