"""Entries -> a networkx.MultiDiGraph: one node per entry, one edge per reference."""
from __future__ import annotations

from .facts import FactsOf
from .model import Citation, Entry, Link, split_ref

__all__ = ["build_graph", "edges", "stated_citation", "cited_sources"]


def cited_sources(entry: Entry) -> set[str]:
    """Ids of the sources an entry cites (its own and its senses' citations)."""
    return {citation.source for citation, _path in entry.citations()}


def stated_citation(link: Link, entry: Entry, target: Entry | None) -> Citation | None:
    """The citation behind a link's ``stated_in``: written out, or, in the short form, the
    citation of that source by the entry (else by the target) it connects. None when the link
    states no source, or no connected entry cites the one it names."""
    if isinstance(link.stated_in, Citation):
        return link.stated_in
    if link.stated_in is None:
        return None
    for holder in (entry, target):
        for citation, _path in (holder.citations() if holder is not None else ()):
            if citation.source == link.stated_in:
                return citation
    return None


def build_graph(entries: dict[str, Entry], edge_list: list | None = None):
    """Nodes carry ``kind``, ``name``, ``summary``, ``file``, ``line``, ``status`` (claims and
    predictions, else None), ``advanced_by`` and ``senses`` (tuples of ids).

    Edges carry ``relation`` (see :data:`kb.model.RELATIONS`), ``sense``, ``note``, ``line``,
    and their provenance: ``provenance`` (``"stated"``, ``"editorial"`` or None), ``stated_in``,
    ``locator`` and ``quote`` (the source that states the link), ``editorial`` (why the editors
    draw it). ``cites`` edges carry the citation's ``locator`` and ``quote``; ``mentions`` edges
    the ``field`` whose text holds the [[link]].

    References to ids that do not exist, and references of an entry to itself, are left out
    (the checks report them). ``edge_list`` is :func:`edges` of the entries, when already made.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_nodes_from((entry.id, _node_attributes(entry)) for entry in entries.values())
    _add_edges(graph, edges(entries) if edge_list is None else edge_list)
    return graph


def _node_attributes(entry: Entry) -> dict:
    fields = entry.__dict__
    return {"kind": entry.kind, "name": entry.name, "summary": entry.summary, "file": entry.file, "line": entry.line,
            "status": fields.get("status"), "advanced_by": tuple(fields.get("advanced_by", ())),
            "senses": tuple(s.id for s in fields.get("senses", ()))}


def _add_edges(graph, edge_list: list[tuple[str, str, dict]]) -> None:
    """``graph.add_edges_from(edge_list)`` for a graph that has every node and no edge yet, written
    into networkx's adjacency dicts (``_succ``, ``_pred``: successor -> key -> attributes) as
    ``MultiDiGraph.add_edge`` writes them: keys 0, 1, ... per pair of nodes, a copy of each
    attribute dict, the predecessor's entry the same key dict. ``add_edges_from`` makes four
    views of the graph per edge to set the attributes: it took more than half of building the
    graph (0.2 s of CPU for the 55,000 edges of 10,000 entries; this, 0.08 s).
    ``tests/test_api.py`` compares the result with ``add_edges_from``'s."""
    succ, pred = graph._succ, graph._pred
    for source, target, data in edge_list:
        out = succ[source]
        keys = out.get(target)
        if keys is None:
            keys = out[target] = pred[target][source] = {}
        keys[len(keys)] = dict(data)


def edges(entries: dict[str, Entry], facts: FactsOf | None = None) -> list[tuple[str, str, dict]]:
    """The edges of :func:`build_graph` as ``(source, target, attributes)``, in the graph's order.

    Plain data, so that the checks can count the links into an entry without building (or
    importing) the networkx graph. ``facts`` are the entries' :class:`~kb.facts.Facts` when
    already gathered (the checks read the same).
    """
    facts = FactsOf() if facts is None else facts
    found = []
    add = found.append
    for entry in entries.values():
        source, of, line_of = entry.id, facts.of(entry), entry.line_of
        for relation, link, path in of.links:
            target, sense = split_ref(link.to)
            if target in entries and target != source:
                cited = None if link.stated_in is None else stated_citation(link, entry, entries[target])
                add((source, target, {"relation": relation, "sense": sense, "note": link.note,
                                      "line": line_of(*path), "provenance": link.provenance,
                                      "stated_in": link.stated_source, "locator": cited.locator if cited else None,
                                      "quote": cited.quote if cited else None, "editorial": link.editorial}))
        for citation, path in of.citations:
            if citation.source in entries and citation.source != source:
                add((source, citation.source, {"relation": "cites", "sense": None, "note": None,
                                               "line": line_of(*path, "source"), "locator": citation.locator,
                                               "quote": citation.quote,
                                               "field": ".".join(map(str, path[:-1])) or None}))
        for mention, line, path in of.text_links:
            if mention.target in entries and mention.target != source:
                add((source, mention.target, {"relation": "mentions", "sense": mention.sense, "note": None,
                                              "line": line, "field": ".".join(map(str, path))}))
    return found
