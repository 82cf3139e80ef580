"""Provenance of argumentative links: the YAML forms, the checks on them, and the graph edges."""
from __future__ import annotations

import pytest

import kb
from kb.model import ARGUMENTATIVE
from mistakes import add_files, good_base


def _codes(root):
    return [p.code for p in kb.load(root).check()]


def test_graph_edges_keep_their_provenance(tmp_path):
    graph = kb.load(good_base(tmp_path)).graph
    edges = {(s, t, d["relation"]): d for s, t, d in graph.edges(data=True)}
    long_form = edges["cost-argument", "search-generalizes", "attacks"]
    assert (long_form["provenance"], long_form["stated_in"], long_form["locator"], long_form["quote"]) == \
        ("stated", "demo-source", "para. 3", "Searching costs compute")
    # the short form takes the locator of the citation of that source (here the target's)
    short_form = edges["diversity-argument", "search-generalizes", "conclusion"]
    assert (short_form["provenance"], short_form["locator"]) == ("stated", "para. 2")
    drawn = edges["cost-argument", "diversity-argument", "attacks"]
    assert drawn["provenance"] == "editorial" and drawn["editorial"].startswith("The text states no reply")
    assert drawn["stated_in"] is None
    assert edges["search-is-costly", "demo-source", "cites"]["locator"] == "para. 3"
    assert edges["chess-engines", "search-appears", "bears_on"]["provenance"] == "editorial"
    mention = next(d for s, t, d in graph.edges(data=True) if d["relation"] == "mentions" and s == "search-appears")
    assert mention["field"] == "text"


def test_nodes_carry_status_advanced_by_and_senses(tmp_path):
    graph = kb.load(good_base(tmp_path)).graph
    assert graph.nodes["search-generalizes"]["status"] == "contested"
    assert graph.nodes["cost-argument"]["advanced_by"] == ("demo-source",)
    assert graph.nodes["optimizer"]["senses"] == ("narrow", "broad")
    assert graph.nodes["search"]["status"] is None


def test_every_argumentative_link_of_the_good_base_declares_provenance(tmp_path):
    graph = kb.load(good_base(tmp_path)).graph
    links = [d for _s, _t, d in graph.edges(data=True) if d["relation"] in ARGUMENTATIVE]
    assert links and all(d["provenance"] in ("stated", "editorial") for d in links)


def test_a_quote_under_stated_in_is_verified(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"evidence/misquoted-link.yaml": "id: misquoted-link\ntitle: t\nsummary: s.\n"
                     "supports:\n  - to: search-generalizes\n    stated_in:\n      source: demo-source\n"
                     "      locator: para. 2\n      quote: words the text never says\n"})
    problems = [p for p in kb.load(root).check() if p.code == "KB502"]
    assert [(p.line, "never says" in p.message) for p in problems] == [(9, True)]


@pytest.mark.parametrize("item, code", [
    ("  - to: search-generalizes\n    stated-in: demo-source\n", "KB202"),
    ("  - to: search-generalizes\n    stated_in: {source: demo-source, locator: p, page: 2}\n", "KB202"),
    ("  - to: search-generalizes\n    stated_in: {source: demo-source}\n", "KB201"),
    ("  - to: search-generalizes\n    editorial: ''\n", "KB201"),  # an empty text is reported as empty
])
def test_malformed_provenance_is_a_clear_problem(tmp_path, item, code):
    root = good_base(tmp_path)
    add_files(root, {"evidence/malformed.yaml": "id: malformed\ntitle: t\nsummary: s.\nsupports:\n" + item})
    problems = [p for p in kb.load(root).check() if p.file.endswith("malformed.yaml")]
    assert [p.code for p in problems] == [code], [str(p) for p in problems]
    assert problems[0].line >= 5


def test_unknown_field_under_stated_in_suggests_a_citation_field(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"evidence/typo.yaml": "id: typo\ntitle: t\nsummary: s.\nsupports:\n  - to: search-generalizes\n"
                     "    stated_in: {source: demo-source, locater: p. 2}\n"})
    (hit,) = [p for p in kb.load(root).check() if p.code == "KB202"]
    assert "did you mean 'locator'" in hit.fix


def test_a_source_cited_by_the_target_is_enough(tmp_path):
    root = good_base(tmp_path)  # diversity-argument does not cite demo-source; search-generalizes does
    assert "KB703" not in _codes(root)
    assert "demo-source" not in {c.source for c, _ in kb.load(root)["diversity-argument"].citations()}
