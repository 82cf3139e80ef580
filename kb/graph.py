"""Entries -> a networkx.MultiDiGraph: one node per entry, one edge per reference."""
from __future__ import annotations

import networkx as nx

from .links import find_links
from .model import Entry, split_ref

__all__ = ["build_graph"]


def build_graph(entries: dict[str, Entry]) -> nx.MultiDiGraph:
    """Nodes carry ``kind``, ``name``, ``summary``, ``file`` and ``line``; edges carry
    ``relation`` (see :data:`kb.model.RELATIONS`), ``sense``, ``note`` and ``line``.

    References to ids that do not exist, and references of an entry to itself, are left out
    (the checks report them).
    """
    graph = nx.MultiDiGraph()
    for entry in entries.values():
        graph.add_node(entry.id, kind=entry.kind, name=entry.name, summary=entry.summary,
                       file=entry.file, line=entry.line)
    for entry in entries.values():
        for relation, ref, note, path in entry.references():
            target, sense = split_ref(ref)
            if target in entries and target != entry.id:
                graph.add_edge(entry.id, target, relation=relation, sense=sense, note=note,
                               line=entry.line_of(*path))
        for path, text in entry.texts():
            for link in find_links(text):
                if link.target in entries and link.target != entry.id:
                    graph.add_edge(entry.id, link.target, relation="mentions", sense=link.sense,
                                   note=None, line=entry.line_in_text(path, text, link.start))
    return graph
