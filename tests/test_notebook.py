"""What a researcher meets in a notebook: short reprs, HTML, hashable results, clear errors."""
from __future__ import annotations

import networkx as nx
import pytest

import kb
from kb.base import UnknownEntry
from mistakes import good_base


@pytest.fixture(scope="module")
def bundled():
    return kb.load()


@pytest.fixture
def base(tmp_path):
    return kb.load(good_base(tmp_path))


def test_reprs_are_short(bundled):
    assert max(len(repr(e)) for e in bundled) < 120
    assert repr(bundled["mesa-optimizer"]) == "<term mesa-optimizer>"
    results = [bundled.argument_tree("gradient-descent-will-select-for-inner-search"), bundled.neighborhood("mesa-optimizer"),
               bundled.path("base-objective", "deceptive-alignment"), *bundled.cruxes()[:3],
               *bundled.related("mesa-optimizer")[:5], *bundled.cited_for("rlo-1-introduction")[:3],
               *bundled.open_predictions()[:2], *bundled.sense_uses()[:2], *bundled.links("attacks")[:2]]
    for result in results:
        assert len(repr(result)) < 200, repr(result)
    assert len(repr(bundled)) < 200


def test_html_reprs_escape_entry_text(tmp_path):
    root = good_base(tmp_path)
    (root / "terms" / "search.yaml").write_text(
        (root / "terms" / "search.yaml").read_text().replace("summary: Evaluating", "summary: <b>x</b> Evaluating"))
    base = kb.load(root)
    html = base["search"]._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    for result in (base.argument_tree("search-generalizes"), base.path("search", "chess-engines"),
                   base.neighborhood("search")):
        assert result._repr_html_().startswith("<div>")


def test_entries_and_results_are_hashable_and_ordered(base):
    entries = base.entries()
    assert len(set(entries)) == len(entries) and sorted(reversed(entries)) == entries
    assert base["search"] == base["search"] and hash(base["search"]) == hash(kb.load(base.root)["search"])
    related = base.related("search-generalizes")
    assert sorted(related) and len(set(related)) == len(related)
    tree = base.argument_tree("search-generalizes")
    assert {tree, base.argument_tree("search-generalizes")} == {tree}
    assert sorted(base.links()) == base.links()


def test_related_lists_each_neighbour_once(bundled):
    for entry in bundled.entries()[:100]:
        related = bundled.related(entry.id)
        assert len(related) == len(set(related)), entry.id


def test_relations_are_named_either_way_or_refused(base):
    cited_in = base.related("demo-source", "cites", direction="in")
    assert cited_in and cited_in == base.related("demo-source", "cited_by")
    assert {r.entry.id for r in cited_in} == {"search", "optimizer", "search-is-costly", "search-generalizes"}
    assert {r.locator for r in cited_in} >= {"para. 1", "para. 2", "para. 3"}
    assert [r.entry.id for r in base.related("search", "broader", direction="in")] == []
    assert [r.entry.id for r in base.related("optimizer", "broader", direction="in")] == ["search"]
    with pytest.raises(ValueError, match="incoming 'cites'"):
        base.related("demo-source", "cited_by", direction="out")
    with pytest.raises(ValueError, match="unknown relation 'likes'"):
        base.related("search", "likes")
    attack = next(r for r in base.related("search-generalizes", "attacked_by"))
    assert attack.provenance.kind == "stated" and attack.provenance.locator == "para. 3"


def test_wrong_ids_raise_key_error_with_did_you_mean(base):
    with pytest.raises(KeyError) as info:
        base["serach"]
    assert isinstance(info.value, UnknownEntry) and "did you mean search" in str(info.value)
    with pytest.raises(UnknownEntry):
        base.argument_tree("no-such-claim")
    with pytest.raises(UnknownEntry):
        base.path("search", "nowhere")


def test_names_and_aliases_resolve(base, bundled):
    assert base["Optimiser"].id == base.lookup("optimizer").id == "optimizer"
    assert bundled["mesa-optimiser"].id == "mesa-optimizer"
    title = bundled["gradient-descent-will-select-for-inner-search"].title
    assert bundled.argument_tree(title.upper()).root.entry.id == "gradient-descent-will-select-for-inner-search"
    assert "Optimiser" not in base and "optimizer" in base  # `in` asks about ids


def test_a_missing_folder_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        kb.load("/typo")


def test_the_graph_cannot_be_changed_by_accident(base):
    with pytest.raises(nx.NetworkXError):
        base.graph.add_edge("search", "optimizer", relation="related")
    with pytest.raises(nx.NetworkXError):
        base.graph.remove_node("search")
    copy = nx.MultiDiGraph(base.graph)
    copy.remove_node("search")
    assert "search" in base.graph


def test_find_uses_the_index_and_ranks_as_before(bundled):
    from kb.names import rank
    for text in ("mesa optimiser", "deceptive", "inner algnment", "gradient", "zzzz"):
        candidates = {e.id: [*e.names, e.id] for e in bundled.entries()}
        assert [e.id for e in bundled.find(text)] == rank(text, candidates)


def test_neighborhood_skips_cites_and_mentions_unless_asked(base):
    near = base.neighborhood("search-is-costly")
    assert "demo-source" not in near and "cost-argument" in near
    assert "demo-source" in base.neighborhood("search-is-costly", relations=["cites"])
    assert all(d <= 2 for _e, d in base.neighborhood("search", depth=2).entries)
    with pytest.raises(ValueError):
        base.neighborhood("search", relations=["likes"])


def test_path_reads_as_steps(base):
    found = base.path("environments-are-diverse", "search-is-costly")
    names = [base[i].name for i in ("environments-are-diverse", "diversity-argument", "cost-argument", "search-is-costly")]
    assert str(found) == "{} ←premises— {} ←attacks— {} —premises→ {}".format(*names)
    assert base.path("search", "search").steps == ()


def test_argument_tree_draws_as_a_tree(base):
    text = str(base.argument_tree("search-generalizes"))
    assert text.splitlines()[0] == f"{base['search-generalizes'].name} [contested] (search-generalizes)"
    assert "├── concluded by: The diversity argument" in text and "stated in demo-source, para. 2" in text
    assert "attacked by: The cost argument" in text and "editorial" in text
