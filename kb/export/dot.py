"""DOT for Graphviz: the whole graph, or the entries within ``depth`` links of one entry.

Nodes are shaped by kind, edges styled by relation (:data:`EDGE_STYLES`). Every name and
label is written as a DOT quoted string by :func:`quote`, so text from entries never becomes
DOT syntax, an HTML-like label or a Graphviz escape such as ``\\N``.
"""
from __future__ import annotations

__all__ = ["to_dot", "quote", "EDGE_STYLES", "NODE_SHAPES"]

NODE_SHAPES = {"term": "ellipse", "claim": "box", "argument": "hexagon", "prediction": "diamond",
               "evidence": "parallelogram", "source": "note"}
EDGE_STYLES = {
    "broader": {"arrowhead": "empty"},
    "related": {"style": "dashed", "dir": "none"},
    "contrasts": {"style": "dashed", "color": "darkorange", "dir": "both"},
    "requires": {"style": "bold", "color": "purple"},
    "premises": {"color": "gray30"},
    "conclusion": {"penwidth": "2"},
    "supports": {"color": "darkgreen"},
    "attacks": {"color": "red3", "arrowhead": "tee"},
    "derived_from": {"style": "dashed", "color": "blue"},
    "bears_on": {"style": "dotted", "color": "gray40"},
    "uses": {"color": "gray60"},
    "cites": {"style": "dashed", "color": "gray70"},
    "mentions": {"style": "dotted", "color": "gray80"},
}


def quote(text) -> str:
    """A DOT quoted string showing ``text`` as it is: backslashes, quotes and line breaks escaped.

    >>> print(quote('say "hi" \\\\N'))
    "say \\"hi\\" \\\\N"
    """
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n") + '"'


def _attrs(attrs: dict) -> str:
    return "[" + ", ".join(f"{k}={quote(v)}" for k, v in attrs.items()) + "]"


def neighbourhood(graph: nx.MultiDiGraph, around: str, depth: int) -> set[str]:
    """The entries at most ``depth`` links from ``around``, whichever way the links point."""
    import networkx as nx  # slow to import: only where it is needed (not by kb check)

    return set(nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), around, cutoff=depth))


def to_dot(base, around: str | None = None, depth: int = 1) -> str:
    """The graph as DOT text; with ``around``, only the entries within ``depth`` links of it.

    >>> import kb
    >>> to_dot(kb.load(), around="mesa-optimizer", depth=1).splitlines()[0]
    'digraph "kb" {'
    """
    graph = base.graph
    if around is not None:
        if around not in base:
            raise KeyError(around)
        if depth < 0:
            raise ValueError("depth must be 0 or more")
        keep = neighbourhood(graph, around, depth)
    else:
        keep = set(graph)
    lines = ['digraph "kb" {', '  graph [rankdir="LR", fontname="Helvetica"];',
             '  node [fontname="Helvetica", fontsize="10"];', '  edge [fontname="Helvetica", fontsize="8"];']
    for node in sorted(keep):
        data = graph.nodes[node]
        attrs = {"label": data["name"], "shape": NODE_SHAPES.get(data["kind"], "box"), "tooltip": data["summary"]}
        if node == around:
            attrs["penwidth"] = "2"
        lines.append(f"  {quote(node)} {_attrs(attrs)};")
    for source in sorted(keep):
        for _s, target, data in graph.out_edges(source, data=True):
            if target in keep:
                attrs = {"label": data["relation"], **EDGE_STYLES.get(data["relation"], {})}
                lines.append(f"  {quote(source)} -> {quote(target)} {_attrs(attrs)};")
    return "\n".join(lines + ["}"]) + "\n"
