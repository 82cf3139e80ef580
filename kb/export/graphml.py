"""GraphML for Gephi, yEd, Cytoscape and networkx: every scalar attribute of every node and edge.

Each attribute is declared once as a ``<key>`` with its type (``int``, ``boolean`` or ``string``),
whether or not any node has a value for it; a node without a value has no ``<data>`` for that key,
which is how GraphML says "no value" (so ``None`` is never written as the text ``"None"``). Lists
are joined with ``"; "``. Gephi takes ``label`` as the node and edge label; yEd draws the labels
from its own node and edge graphics, which are written too (``y:ShapeNode``, ``y:PolyLineEdge``).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from .records import cell_text, columns, edge_rows, node_rows

__all__ = ["to_graphml", "LIST_SEPARATOR"]

LIST_SEPARATOR = "; "
_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
_YFILES = "http://www.yworks.com/xml/graphml"
G, Y = f"{{{_GRAPHML}}}", f"{{{_YFILES}}}"  # qualified tag names: G + "node"
_SHAPES = {"term": "ellipse", "claim": "roundrectangle", "argument": "hexagon", "prediction": "diamond",
           "evidence": "parallelogram", "source": "rectangle"}


def _type(values) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    return "string"


def _text(value) -> str:
    return cell_text(value, LIST_SEPARATOR)


def _declare(root, scope: str, rows: list[dict], skip: tuple[str, ...]) -> dict[str, str]:
    ids = {}
    for name in columns(rows):
        if name in skip:
            continue
        ids[name] = f"{scope[0]}_{name}"
        ET.SubElement(root, G + "key", {"id": ids[name], "for": scope, "attr.name": name,
                                    "attr.type": _type(row.get(name) for row in rows)})
    return ids


def _data(element, ids: dict[str, str], row: dict) -> None:
    for name, key in ids.items():
        if row.get(name) is not None and row.get(name) != ():
            ET.SubElement(element, G + "data", key=key).text = _text(row[name])


def to_graphml(base) -> str:
    """The graph as GraphML text (UTF-8 XML).

    >>> import kb, networkx as nx, io
    >>> graph = nx.read_graphml(io.StringIO(to_graphml(kb.load())))
    >>> graph.nodes["mesa-optimizer"]["kind"]
    'term'
    """
    ET.register_namespace("", _GRAPHML)
    ET.register_namespace("y", _YFILES)
    nodes, edges = node_rows(base), edge_rows(base)
    root = ET.Element(G + "graphml")
    node_ids = _declare(root, "node", nodes, ("id",))
    edge_ids = _declare(root, "edge", edges, ("source", "target"))
    for scope in ("node", "edge"):
        ET.SubElement(root, G + "key", {"id": f"{scope}_graphics", "for": scope, "yfiles.type": f"{scope}graphics"})
    graph = ET.SubElement(root, G + "graph", id="kb", edgedefault="directed")
    for row in nodes:
        node = ET.SubElement(graph, G + "node", id=row["id"])
        _data(node, node_ids, row)
        graphics = ET.SubElement(node, G + "data", key="node_graphics")
        shape = ET.SubElement(graphics, Y + "ShapeNode")
        ET.SubElement(shape, Y + "NodeLabel").text = row["label"]
        ET.SubElement(shape, Y + "Shape", type=_SHAPES.get(row["kind"], "rectangle"))
    for number, row in enumerate(edges):
        edge = ET.SubElement(graph, G + "edge", id=f"e{number}", source=row["source"],
                             target=row["target"])
        _data(edge, edge_ids, row)
        graphics = ET.SubElement(edge, G + "data", key="edge_graphics")
        line = ET.SubElement(graphics, Y + "PolyLineEdge")
        ET.SubElement(line, Y + "EdgeLabel").text = row["label"]
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
