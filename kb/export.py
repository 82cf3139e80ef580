"""Exports: one function per format, each taking a knowledge base and returning text."""
from __future__ import annotations

import io
import json

import networkx as nx

__all__ = ["to_json", "to_graphml", "FORMATS"]


def entry_record(entry) -> dict:
    data = entry.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    return {"id": entry.id, "kind": entry.kind, **data, "file": entry.file, "line": entry.line}


def to_json(base) -> str:
    """Entries (their fields, kind, file and line) and every edge of the graph."""
    edges = [{"source": s, "target": t, **{k: v for k, v in d.items() if v is not None}}
             for s, t, d in base.graph.edges(data=True)]
    return json.dumps({"entries": [entry_record(e) for e in base.entries()], "edges": edges},
                      indent=2, ensure_ascii=False) + "\n"


def _scalars(data: dict) -> dict:
    """GraphML attributes are scalars: lists become "a; b", empty values are left out."""
    return {k: ("; ".join(v) if isinstance(v, (list, tuple)) else v) for k, v in data.items()
            if v is not None and v != () and v != []}


def to_graphml(base) -> str:
    """The graph for Gephi, yEd, Cytoscape; empty attributes are left out."""
    graph = nx.MultiDiGraph()
    for node, data in base.graph.nodes(data=True):
        graph.add_node(node, **_scalars(data))
    for s, t, data in base.graph.edges(data=True):
        graph.add_edge(s, t, **_scalars(data))
    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


FORMATS = {"json": to_json, "graphml": to_graphml}
