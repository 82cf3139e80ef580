"""DOT read back by pydot (and rendered by Graphviz when installed); RDF parsed and queried
with rdflib and SPARQL."""
from __future__ import annotations

import shutil
import subprocess

import networkx as nx
import pydot
import pytest
import rdflib
from rdflib.compare import isomorphic

import kb
from kb.export import to_dot, to_skos, to_skos_jsonld
from kb.export.dot import EDGE_STYLES, neighbourhood
from kb.export.skos import AIF
from mistakes import add_files, good_base

HOSTILE = ('id: hostile\ntitle: \'A "quoted" <b>bold</b> \\\\N back\\slash\'\nsummary: "line one\\nline two"\n'
           "status: proposed\n")


def _unquote(value: str) -> str:
    assert value.startswith('"') and value.endswith('"')
    return value[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def _dot_graph(text: str):
    [graph] = pydot.graph_from_dot_data(text)
    nodes = {_unquote(n.get_name()): n for n in graph.get_nodes() if n.get_name() not in ("node", "edge", "graph")}
    edges = [(_unquote(e.get_source()), _unquote(e.get_destination()), _unquote(e.get("label"))) for e in graph.get_edges()]
    return nodes, edges


def test_dot_of_the_whole_base_parses_with_every_node_and_edge(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"claims/hostile.yaml": HOSTILE})
    base = kb.load(root)
    text = to_dot(base)
    nodes, edges = _dot_graph(text)
    assert set(nodes) == {e.id for e in base}
    assert sorted(edges) == sorted((s, t, d["relation"]) for s, t, d in base.graph.edges(data=True))
    assert _unquote(nodes["hostile"].get("label")) == base["hostile"].title  # shown as written, not as markup
    assert _unquote(nodes["hostile"].get("tooltip")) == "line one\nline two"
    attack = next(e for e in pydot.graph_from_dot_data(text)[0].get_edges() if "attacks" in e.get("label"))
    assert _unquote(attack.get("color")) == EDGE_STYLES["attacks"]["color"]


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed (apt-get install graphviz)")
def test_graphviz_renders_the_dot(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"claims/hostile.yaml": HOSTILE})
    svg = subprocess.run(["dot", "-Tsvg"], input=to_dot(kb.load(root)), capture_output=True, text=True, timeout=60)
    assert svg.returncode == 0, svg.stderr
    assert "&lt;b&gt;bold&lt;/b&gt;" in svg.stdout and "<b>bold</b>" not in svg.stdout


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_dot_around_one_entry_keeps_its_neighbourhood(tmp_path, depth):
    base = kb.load(good_base(tmp_path))
    nodes, edges = _dot_graph(to_dot(base, around="search-not-favored", depth=depth))
    undirected = base.graph.to_undirected()
    expected = {n for n, d in nx.single_source_shortest_path_length(undirected, "search-not-favored").items()
                if d <= depth}
    assert set(nodes) == expected == neighbourhood(base.graph, "search-not-favored", depth)
    assert len(expected) > {0: 0, 1: 1, 2: 3}[depth] and (depth < 2 or len(expected) < len(base))
    assert all(s in expected and t in expected for s, t, _ in edges)
    assert len(edges) == base.graph.subgraph(expected).number_of_edges()


def test_dot_around_an_unknown_entry_says_so():
    with pytest.raises(KeyError):
        to_dot(kb.load(), around="no-such-entry")


@pytest.fixture(scope="module")
def rdf():
    base = kb.load()
    return base, rdflib.Graph().parse(data=to_skos(base, "https://kb.example/"), format="turtle")


PREFIXES = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX aif: <http://www.arg.dundee.ac.uk/aif#> " \
           "PREFIX kb: <https://kb.example/_vocab/> "
ID = len("https://kb.example/")


def _uri_of(ref: str) -> str:
    return ref.replace("#", "/")


def test_sparql_finds_every_broader_chain(rdf):
    base, graph = rdf
    chains = {(str(a)[ID:], str(b)[ID:]) for a, b in
              graph.query(PREFIXES + "SELECT ?a ?b WHERE { ?a skos:broader+ ?b }")}
    links = nx.DiGraph()
    for term in base.entries("term"):
        for sense in term.senses:
            links.add_edge(f"{term.id}/{sense.id}", term.id)
        for source, target, data in base.graph.out_edges(term.id, data=True):
            if data["relation"] == "broader":
                links.add_edge(term.id, f"{target}/{data['sense']}" if data["sense"] else target)
    expected = {(a, b) for a in links for b in nx.descendants(links, a)}
    assert chains == expected and any(a.count("/") == 0 and b.count("/") == 0 for a, b in chains)
    concepts = {str(c)[ID:] for (c,) in graph.query(PREFIXES + "SELECT ?c WHERE { ?c a skos:Concept }")}
    assert {t.id for t in base.entries("term")} <= concepts


def test_sparql_finds_every_claim_with_an_attack(rdf):
    base, graph = rdf
    found = {str(c)[ID:] for (c,) in graph.query(
        PREFIXES + "SELECT DISTINCT ?c WHERE { ?ca a aif:CA-node ; aif:Conflicted ?c . ?c a kb:Claim }")}
    expected = {c.id for c in base.entries("claim")
                if any(d["relation"] == "attacks" for _s, _t, d in base.graph.in_edges(c.id, data=True))}
    assert found == expected and found
    attackers = {(str(a)[ID:], str(c)[ID:]) for a, c in graph.query(
        PREFIXES + "SELECT ?a ?c WHERE { ?ca aif:Conflicting ?a ; aif:Conflicted ?c }")}
    assert attackers == {(s, t) for s, t, d in base.graph.edges(data=True) if d["relation"] == "attacks"}


def test_sparql_reads_each_argument_as_premises_and_a_conclusion(rdf):
    base, graph = rdf
    for argument in base.entries("argument")[:20]:
        node = rdflib.URIRef("https://kb.example/" + argument.id)
        assert (node, rdflib.RDF.type, AIF["RA-node"]) in graph
        premises = {str(p)[ID:] for p in graph.objects(node, AIF.Premise)}
        assert premises == {_uri_of(p if isinstance(p, str) else p.to) for p in argument.premises}
        conclusion = argument.conclusion if isinstance(argument.conclusion, (str, type(None))) else argument.conclusion.to
        assert {str(c)[ID:] for c in graph.objects(node, AIF.Conclusion)} == ({conclusion} if conclusion else set())


def test_json_ld_holds_the_same_graph_as_turtle(tmp_path):
    base = kb.load(good_base(tmp_path))
    turtle = rdflib.Graph().parse(data=to_skos(base), format="turtle")
    jsonld = rdflib.Graph().parse(data=to_skos_jsonld(base), format="json-ld")
    assert len(turtle) > 50 and isomorphic(turtle, jsonld)


def test_skos_labels_and_statuses(tmp_path):
    base = kb.load(good_base(tmp_path))
    graph = rdflib.Graph().parse(data=to_skos(base, "urn:kb:"), format="turtle")
    optimizer = rdflib.URIRef("urn:kb:optimizer")
    assert str(graph.value(optimizer, rdflib.SKOS.prefLabel)) == base["optimizer"].name
    assert {str(a) for a in graph.objects(optimizer, rdflib.SKOS.altLabel)} == set(base["optimizer"].aliases)
    claim = base.entries("claim")[0]
    assert str(graph.value(rdflib.URIRef("urn:kb:" + claim.id), rdflib.URIRef("urn:kb:_vocab/status"))) == claim.status
    with pytest.raises(ValueError):
        to_skos(base, "no-scheme")
