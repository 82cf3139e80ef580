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
