"""RDF (with rdflib): terms as a SKOS concept scheme, claims and arguments in the Argument
Interchange Format (AIF-RDF), in Turtle or JSON-LD.

Every entry is ``<BASE><id>``; a sense is ``<BASE><term>/<sense>``, a narrower concept of its
term; the scheme is ``<BASE>`` itself. The mapping:

- term -> ``skos:Concept`` (``prefLabel`` name, ``altLabel`` aliases, ``definition``, ``example``,
  ``scopeNote`` misconceptions, ``broader``, ``related`` for related and contrasts, ``inScheme``,
  ``topConceptOf`` when it has nothing broader);
- claim, prediction, evidence -> ``aif:I-node`` (``aif:claimText`` its title);
- argument -> ``aif:RA-node``: ``aif:Premise`` each premise, ``aif:Conclusion`` its conclusion;
- ``supports`` and ``derived_from`` -> an ``aif:RA-node`` ``<BASE><from>/<relation>/<to>`` from
  the supporting node (or the claim a prediction derives from) to the supported one;
- ``attacks`` -> an ``aif:CA-node`` ``<BASE><from>/attacks/<to>``: ``aif:Conflicting`` the attacker,
  ``aif:Conflicted`` the claim, or the argument (RA-node) it undercuts;
- every other relation -> ``kb:<relation>``; every scalar field and edge attribute (status, note,
  provenance...) -> ``kb:<name>`` literals on the entry or the S-node, where ``kb:`` is
  ``<BASE>_vocab/`` (no id starts with ``_``).
"""
from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from ..model import split_ref
from .records import edge_rows, node_rows

__all__ = ["to_rdf", "to_skos", "to_skos_jsonld", "AIF", "DEFAULT_BASE"]

AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
DEFAULT_BASE = "https://example.org/kb/"
_I_NODES = ("claim", "prediction", "evidence")
_S_NODES = {"supports": AIF["RA-node"], "derived_from": AIF["RA-node"], "attacks": AIF["CA-node"]}
_SKOS_LINKS = {"broader": SKOS.broader, "related": SKOS.related, "contrasts": SKOS.related}
_EDGE_KEEP = ("source", "target", "relation", "label", "file", "line")


def _check_base(base_uri: str) -> str:
    if not base_uri.endswith(("/", "#", ":")) or ":" not in base_uri:
        raise ValueError(f"the base URI {base_uri!r} must be absolute and end with '/', '#' or ':', "
                         "e.g. https://example.org/kb/")
    return base_uri


def to_rdf(base, base_uri: str = DEFAULT_BASE) -> Graph:
    """The knowledge base as an ``rdflib.Graph`` (see the module docstring for the mapping)."""
    ns = Namespace(_check_base(base_uri))
    kb = Namespace(base_uri + "_vocab/")
    graph = Graph()
    for prefix, namespace in (("skos", SKOS), ("aif", AIF), ("dct", DCTERMS), ("kb", kb), ("", ns)):
        graph.bind(prefix, namespace)
    scheme = URIRef(base_uri)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))

    def ref(text: str) -> URIRef:
        target, sense = split_ref(text)
        return ns[f"{target}/{sense}"] if sense else ns[target]

    kinds = {}
    for row in node_rows(base):
        node, kind = ns[row["id"]], row["kind"]
        kinds[row["id"]] = kind
        graph.add((node, RDF.type, kb[kind.capitalize()]))
        graph.add((node, RDFS.label, Literal(row["label"])))
        graph.add((node, RDFS.comment, Literal(row["summary"])))
        for key, value in row.items():
            for item in value if isinstance(value, tuple) else (value,):
                if key != "id" and item is not None:
                    graph.add((node, kb[key], Literal(item)))
        if kind in _I_NODES:
            graph.add((node, RDF.type, AIF["I-node"]))
            graph.add((node, AIF.claimText, Literal(row["label"])))
        elif kind == "argument":
            graph.add((node, RDF.type, AIF["RA-node"]))
        elif kind == "source":
            graph.add((node, RDF.type, DCTERMS.BibliographicResource))
            graph.add((node, DCTERMS.title, Literal(row["label"])))
    for term in base.entries("term"):
        _concept(graph, term, ns[term.id], scheme)
        for sense in term.senses:
            node = ns[f"{term.id}/{sense.id}"]
            graph.add((node, RDF.type, SKOS.Concept))
            graph.add((node, SKOS.inScheme, scheme))
            graph.add((node, SKOS.prefLabel, Literal(sense.name)))
            graph.add((node, SKOS.definition, Literal(sense.definition)))
            graph.add((node, SKOS.broader, ns[term.id]))
    for row in edge_rows(base):
        source, relation = ns[row["source"]], row["relation"]
        target = ref(f"{row['target']}#{row['sense']}" if row.get("sense") else row["target"])
        if relation in _SKOS_LINKS and kinds[row["source"]] == "term":
            graph.add((source, _SKOS_LINKS[relation], target))
            if relation == "contrasts":
                graph.add((source, kb.contrasts, target))
        elif relation == "premises" and kinds[row["source"]] == "argument":
            graph.add((source, AIF.Premise, target))
        elif relation == "conclusion" and kinds[row["source"]] == "argument":
            graph.add((source, AIF.Conclusion, target))
        elif relation in _S_NODES:
            s_node = ns[f"{row['source']}/{relation}/{row['target']}"]
            graph.add((s_node, RDF.type, _S_NODES[relation]))
            graph.add((s_node, kb.relation, Literal(relation)))
            if relation == "attacks":
                graph.add((s_node, AIF.Conflicting, source))
                graph.add((s_node, AIF.Conflicted, target))
            elif relation == "derived_from":  # the prediction follows from the claim
                graph.add((s_node, AIF.Premise, target))
                graph.add((s_node, AIF.Conclusion, source))
            else:
                graph.add((s_node, AIF.Premise, source))
                graph.add((s_node, AIF.Conclusion, target))
            for key, value in row.items():
                if key not in _EDGE_KEEP and value not in (None, ()):
                    for item in value if isinstance(value, tuple) else (value,):
                        graph.add((s_node, kb[key], Literal(item)))
        else:
            graph.add((source, kb[relation], target))
    return graph


def _concept(graph: Graph, term, node: URIRef, scheme: URIRef) -> None:
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.inScheme, scheme))
    graph.add((node, SKOS.prefLabel, Literal(term.name)))
    graph.add((node, SKOS.definition, Literal(term.definition)))
    for alias in term.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    for example in term.examples:
        graph.add((node, SKOS.example, Literal(example)))
    for note in term.misconceptions:
        graph.add((node, SKOS.scopeNote, Literal(note)))
    if not term.broader:
        graph.add((node, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, node))


def to_skos(base, base_uri: str = DEFAULT_BASE) -> str:
    """The RDF graph as Turtle.

    >>> import kb, rdflib
    >>> graph = rdflib.Graph().parse(data=to_skos(kb.load()), format="turtle")
    >>> (rdflib.URIRef(DEFAULT_BASE + "mesa-optimizer"), rdflib.RDF.type, rdflib.SKOS.Concept) in graph
    True
    """
    return to_rdf(base, base_uri).serialize(format="turtle")


def to_skos_jsonld(base, base_uri: str = DEFAULT_BASE) -> str:
    """The RDF graph as JSON-LD, compacted with the prefixes of the Turtle form."""
    graph = to_rdf(base, base_uri)
    context = {prefix: str(namespace) for prefix, namespace in graph.namespaces()
               if prefix in ("skos", "aif", "dct", "kb", "rdfs", "rdf")}
    return graph.serialize(format="json-ld", context=context, indent=1) + "\n"
