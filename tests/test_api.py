"""The Python API a researcher uses in a notebook, and the README examples, executed."""
from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import networkx as nx
import pytest

import kb
from mistakes import good_base

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def base(tmp_path):
    return kb.load(good_base(tmp_path))


def test_getitem_and_attributes(base):
    e = base["search-generalizes"]
    assert (e.id, e.kind, e.name) == ("search-generalizes", "claim", "Search generalizes well across diverse environments")
    assert e.summary and e.file.endswith(".yaml") and e.line == 1
    with pytest.raises(KeyError):
        base["no-such-entry"]


def test_entries_by_kind(base):
    assert [e.id for e in base.entries("argument")] == ["cost-argument", "diversity-argument"]
    assert len(base.entries()) == len(base) == 11
    with pytest.raises(ValueError):
        base.entries("widget")


def test_graph_has_one_node_per_entry_and_typed_edges(base):
    g = base.graph
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {e.id for e in base.entries()}
    assert g.nodes["optimizer"]["kind"] == "term" and g.nodes["optimizer"]["name"] == "optimizer"
    relations = {(s, t, d["relation"]) for s, t, d in g.edges(data=True)}
    assert ("cost-argument", "diversity-argument", "attacks") in relations
    assert ("diversity-argument", "environments-are-diverse", "premises") in relations
    assert ("search", "optimizer", "broader") in relations
    assert ("search", "optimizer", "mentions") in relations
    assert ("optimizer", "demo-source", "cites") in relations
    sense = [d["sense"] for s, t, d in g.edges(data=True) if (s, t, d["relation"]) == ("search", "optimizer", "mentions")]
    assert sense == ["narrow"]


def test_graph_is_the_one_networkx_builds_itself():
    """kb.graph writes the edges into networkx's dicts directly (add_edges_from is slow): the
    result must be the graph networkx's own add_nodes_from + add_edges_from make, order, keys of
    parallel edges and attributes included, and behave as one when copied and changed."""
    from kb.graph import _node_attributes

    bundled = kb.load(ROOT / "concepts")
    g = bundled.graph
    expected = nx.MultiDiGraph()
    expected.add_nodes_from((e.id, _node_attributes(e)) for e in bundled.by_id.values())
    expected.add_edges_from(bundled.edges)
    assert any(key > 0 for _s, _t, key in g.edges(keys=True))  # parallel edges are there to compare
    assert list(g.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert list(g.in_edges(keys=True, data=True)) == list(expected.in_edges(keys=True, data=True))
    assert {n: list(g.pred[n]) for n in g} == {n: list(expected.pred[n]) for n in expected}
    source, target, key = next((s, t, k) for s, t, k in g.edges(keys=True) if k > 0)
    copy, other = nx.MultiDiGraph(g), nx.MultiDiGraph(expected)
    assert copy.add_edge(source, target) == other.add_edge(source, target)
    listed = {id(data) for _s, _t, data in bundled.edges}
    assert not any(id(data) in listed for _s, _t, data in g.edges(data=True))  # the attributes are copies
    with pytest.raises(nx.NetworkXError):
        g.add_edge(source, target)  # still frozen


def test_facts_are_what_the_entries_say(tmp_path):
    """kb.facts reads each entry in one pass over its dict: the same links, citations, texts and
    quotes, in the same order, as the model's own links(), citations(), texts() and
    stated_citations() give, on the bundled base and on a base with one mistake per rule."""
    from kb.facts import Facts
    from kb.links import find_links
    from kb.model import split_ref
    from mistakes import every_mistake

    for base in (kb.load(ROOT / "concepts"), kb.load(every_mistake(tmp_path))):
        for entry in base.all_entries:
            facts = Facts(entry)
            assert facts.links == list(entry.links())
            assert facts.citations == list(entry.citations())
            assert facts.references == list(entry.references())
            assert facts.field_refs == [(r, *split_ref(link.to), path) for r, link, path in entry.links() if r != "cites"]
            assert facts.texts == list(entry.texts())
            assert facts.mentions == [m for _path, text in entry.texts() for m in find_links(text)]
            assert facts.quotes == [(c, path) for c, path in [*entry.citations(), *entry.stated_citations()] if c.quote]


def test_find_forgives_case_hyphens_and_spelling(base):
    assert base.find("OPTIMISER")[0].id == "optimizer"
    assert base.find("Search")[0].id == "search"
    assert base.find("searhc")[0].id == "search"
    assert base.find("zzzz") == []


def test_related_both_ways_with_inverse_labels(base):
    out = {(r.label, r.entry.id) for r in base.related("search", direction="out")}
    assert ("broader", "optimizer") in out
    incoming = {(r.label, r.entry.id) for r in base.related("optimizer", direction="in")}
    assert ("narrower", "search") in incoming and ("mentioned_by", "search") in incoming
    assert [r.entry.id for r in base.related("optimizer", relation="narrower")] == ["search"]
    with pytest.raises(ValueError):
        base.related("optimizer", relation="likes")


def test_arguments_for_and_against(base):
    assert [e.id for e in base.arguments_for("search-generalizes")] == ["diversity-argument"]
    assert {e.id for e in base.arguments_for("search-generalizes", kinds=("argument", "evidence"))} == {
        "diversity-argument", "chess-engines"}
    assert [e.id for e in base.arguments_against("diversity-argument")] == ["cost-argument"]


def test_problems_have_the_documented_fields(tmp_path):
    root = good_base(tmp_path)
    (root / "terms" / "bad.yaml").write_text("id: bad\n")
    (p, *_) = kb.load(root).check()
    assert (p.code, p.severity, p.line) == ("KB201", "error", 1) and p.file.endswith("bad.yaml") and p.message


@pytest.mark.parametrize("module", [m.name for m in pkgutil.walk_packages(kb.__path__, "kb.")
                                    if m.name != "kb.__main__"])
def test_docstring_examples_run(module):
    mod = importlib.import_module(module)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_readme_python_examples_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "README.md shows no Python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_asking_questions_examples_run():
    page = (ROOT / "docs" / "asking-questions.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, flags=re.S)
    assert len(blocks) >= 6
    namespace = {}
    for block in blocks:  # one namespace: the page reads as one session
        exec(compile(block, "docs/asking-questions.md", "exec"), namespace)


def test_a_base_is_freed_once_dropped(tmp_path):
    """What the checks and the graph keep for a base (its facts, the checks' scan) goes with it:
    `mkdocs serve` loads a new base on every save."""
    import gc
    import weakref

    base = kb.load(good_base(tmp_path))
    base.check()
    base.graph
    ref = weakref.ref(base)
    del base
    gc.collect()
    assert ref() is None
