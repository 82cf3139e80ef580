"""The ten questions of issue 9, each one call of the API, each answer checked against the YAML.

Expectations are derived here from the entry files themselves (read with PyYAML, not with kb),
so the tests follow the knowledge base as its content grows: run on the bundled base and on a
small base made for them, where every kind of answer is present.
"""
from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
import yaml

import kb
from kb.model import ARGUMENTATIVE
from mistakes import add_files, good_base

BUNDLED = Path(__file__).resolve().parent.parent / "concepts"
KIND_OF_FOLDER = {"terms": "term", "claims": "claim", "arguments": "argument", "predictions": "prediction",
                  "evidence": "evidence", "sources": "source"}

# Two sources on opposite sides of a claim, a third only cited, one editorial attack.
DEBATE = {
    "sources/pro-paper.yaml": "id: pro-paper\ntitle: Pro paper\nsummary: s.\ntext: ../../texts/demo.txt\n",
    "sources/con-post.yaml": "id: con-post\ntitle: Con post\nsummary: s.\ntext: ../../texts/demo.txt\n",
    "sources/bystander.yaml": "id: bystander\ntitle: Bystander\nsummary: s.\n",
    "claims/search-wins.yaml": "id: search-wins\ntitle: Search wins\nsummary: s.\nstatus: contested\n"
                               "advanced_by: [pro-paper]\nsources: [{source: pro-paper, locator: p. 1}]\n",
    "arguments/win-argument.yaml": "id: win-argument\ntitle: Win argument\nsummary: s.\nadvanced_by: [pro-paper]\n"
                                   "sources: [{source: pro-paper, locator: p. 2}, {source: bystander, locator: p. 9}]\n"
                                   "premises:\n  - to: search-is-costly\n    editorial: e.\n"
                                   "conclusion:\n  to: search-wins\n  stated_in: pro-paper\n",
    "arguments/lose-argument.yaml": "id: lose-argument\ntitle: Lose argument\nsummary: s.\nadvanced_by: [con-post]\n"
                                    "sources: [{source: con-post, locator: para. 4, quote: Searching costs compute}, "
                                    "{source: bystander, locator: p. 3}]\n"
                                    "premises:\n  - to: search-is-costly\n    stated_in: con-post\n"
                                    "conclusion:\n  to: search-not-favored\n  stated_in: con-post\n"
                                    "attacks:\n  - to: search-wins\n    stated_in: {source: con-post, locator: para. 5}\n"
                                    "  - to: win-argument\n    editorial: The post never answers it.\n",
    "arguments/cited-only.yaml": "id: cited-only\ntitle: Cited only\nsummary: s.\n"
                                 "sources: [{source: bystander, locator: p. 7}]\n"
                                 "premises:\n  - to: search-is-costly\n    editorial: e.\n"
                                 "conclusion:\n  to: search-not-favored\n  editorial: e.\n"
                                 "attacks:\n  - to: search-wins\n    editorial: Nobody says so.\n",
}


def read_yaml(root: Path) -> dict[str, dict]:
    """id -> the file's data, with its kind under '_kind'."""
    entries = {}
    for folder, kind in KIND_OF_FOLDER.items():
        for path in sorted((root / folder).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            entries[data["id"]] = {**data, "_kind": kind}
    return entries


def items(data: dict, field: str) -> list[dict]:
    """A relation field's items as mappings {to, ...}."""
    value = data.get(field) or []
    value = value if isinstance(value, list) else [value]
    return [item if isinstance(item, dict) else {"to": item} for item in value]


def target(item: dict) -> str:
    return item["to"].partition("#")[0]


def stated_source(item: dict) -> str | None:
    stated = item.get("stated_in")
    return stated.get("source") if isinstance(stated, dict) else stated


@pytest.fixture(scope="module", params=["bundled", "debate"])
def case(request, tmp_path_factory):
    if request.param == "bundled":
        root = BUNDLED
    else:
        root = good_base(tmp_path_factory.mktemp("debate"))
        add_files(root, DEBATE)
    base = kb.load(root)
    assert not [p for p in base.check() if p.severity == "error"], [str(p) for p in base.check()]
    return base, read_yaml(root)


# 1 -------------------------------------------------------------------------------------------------
def test_which_claims_a_sources_arguments_attack(case):
    base, data = case
    for source in (i for i, d in data.items() if d["_kind"] == "source"):
        expected = {(i, target(item)) for i, d in data.items() if source in (d.get("advanced_by") or [])
                    for item in items(d, "attacks") if data[target(item)]["_kind"] == "claim"}
        found = base.links("attacks", by=source, target_kind="claim")
        assert {(e.source.id, e.target.id) for e in found} == expected, source
    if "con-post" in data:
        assert [e.target.id for e in base.links("attacks", by="con-post", target_kind="claim")] == ["search-wins"]


# 2 -------------------------------------------------------------------------------------------------
def _reasons(data, claim):
    pro = {i for i, d in data.items() if d["_kind"] in ("argument", "evidence")
           for field in ("conclusion", "supports") for item in items(d, field) if target(item) == claim}
    con = {i for i, d in data.items() if d["_kind"] in ("argument", "evidence")
           for item in items(d, "attacks") if target(item) == claim}
    return pro, con


def _depends_on(data) -> dict[str, set]:
    """entry -> what depends on it, from the files."""
    edges: dict[str, set] = {}
    for i, d in data.items():
        for field in ("premises", "derived_from"):
            for item in items(d, field):
                edges.setdefault(target(item), set()).add(i)
        for field in ("conclusion", "supports", "attacks", "bears_on"):
            for item in items(d, field):
                edges.setdefault(i, set()).add(target(item))
    return edges


def _reach(edges, start) -> set:
    seen, todo = set(), deque([start])
    while todo:
        for nxt in edges.get(todo.popleft(), ()):
            if nxt not in seen and nxt != start:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_cruxes_ranked(case):
    base, data = case
    found = base.cruxes()
    edges = _depends_on(data)
    expected = {}
    for claim in (i for i, d in data.items() if d["_kind"] == "claim"):
        pro, con = _reasons(data, claim)
        if pro and con:
            expected[claim] = (len(_reach(edges, claim)), len(pro), len(con))
    assert {c.claim.id: (c.dependents, c.supports, c.attacks) for c in found} == expected
    ranks = [(c.dependents, c.supports + c.attacks) for c in found]
    assert ranks == sorted(ranks, reverse=True)
    assert found, "a base with contested claims has cruxes"


# 3 -------------------------------------------------------------------------------------------------
def _expected_disagreements(data, editorial: bool) -> set:
    pairs = set()
    for claim in (i for i, d in data.items() if d["_kind"] == "claim"):
        pro = set(data[claim].get("advanced_by") or [])
        con = set()
        for i, d in data.items():
            for field, side in (("conclusion", pro), ("supports", pro), ("attacks", con)):
                for item in items(d, field):
                    if target(item) != claim or d["_kind"] not in ("argument", "evidence"):
                        continue
                    if "stated_in" in item or (editorial and "editorial" in item):
                        side |= set(d.get("advanced_by") or []) or ({stated_source(item)} if "stated_in" in item else set())
        pairs |= {(claim, p, c) for p in pro for c in con if p != c}
    return pairs


@pytest.mark.parametrize("editorial", [False, True])
def test_where_the_sources_disagree(case, editorial):
    base, data = case
    found = base.disagreements(editorial=editorial)
    assert {(d.claim.id, d.pro.id, d.con.id) for d in found} == _expected_disagreements(data, editorial)
    for d in found:  # each side rests on links the files hold
        assert all(e.target == d.claim for e in d.pro_links + d.con_links)
        assert d.con_links
    if "bystander" in data:  # cited by arguments on both sides, yet on no side
        assert {(d.pro.id, d.con.id) for d in found} == {("pro-paper", "con-post")}
        assert not any("bystander" in (d.pro.id, d.con.id) for d in found)


# 4 -------------------------------------------------------------------------------------------------
def _term_links(data) -> dict[str, set]:
    """Undirected adjacency over every relation field but cites and text links."""
    fields = ("broader", "related", "contrasts", "requires", "uses", *ARGUMENTATIVE)
    adjacency: dict[str, set] = {}
    for i, d in data.items():
        for field in fields:
            for item in items(d, field):
                t = target(item)
                if t in data and t != i:
                    adjacency.setdefault(i, set()).add(t)
                    adjacency.setdefault(t, set()).add(i)
    return adjacency


def test_how_two_terms_connect(case):
    base, data = case
    a, b = ("base-objective", "deceptive-alignment") if "deceptive-alignment" in data else ("search", "chess-engines")
    found = base.path(a, b)
    ids = [e.id for e in found.entries]
    assert ids[0] == a and ids[-1] == b and len(set(ids)) == len(ids)
    for (edge, forward), (u, v) in zip(found.steps, zip(ids, ids[1:])):
        source, dest = (u, v) if forward else (v, u)
        assert (edge.source.id, edge.target.id) == (source, dest)
        assert any(target(item) == dest for item in items(data[source], edge.relation)), (source, edge.relation, dest)
    adjacency = _term_links(data)
    distance = {a: 0}
    todo = deque([a])
    while todo:
        node = todo.popleft()
        for nxt in adjacency.get(node, ()):
            if nxt not in distance:
                distance[nxt] = distance[node] + 1
                todo.append(nxt)
    assert len(found) == distance[b], "not a shortest path"
    assert "—" in str(found) and found.start.name in str(found)


# 5 -------------------------------------------------------------------------------------------------
def test_what_to_read_before_pseudo_alignment(case):
    base, data = case
    goal = "pseudo-alignment" if "pseudo-alignment" in data else "search"
    order = [e.id for e in base.reading_order(goal)]
    requires = {i: {target(item) for item in items(d, "requires")} for i, d in data.items()}
    closure, todo = set(), [goal]
    while todo:
        for r in requires.get(todo.pop(), ()):
            if r not in closure:
                closure.add(r)
                todo.append(r)
    assert order[-1] == goal and set(order) == closure | {goal} and len(order) == len(set(order))
    for position, ident in enumerate(order):
        assert requires.get(ident, set()) <= set(order[:position]), ident
    if goal == "pseudo-alignment":
        assert {"mesa-objective", "base-objective", "mesa-optimizer"} <= set(order)


# 6 -------------------------------------------------------------------------------------------------
def test_the_argument_tree_of_a_claim(case):
    base, data = case
    claim = "gradient-descent-will-select-for-inner-search" if "gradient-descent-will-select-for-inner-search" in data \
        else "search-generalizes"
    tree = base.argument_tree(claim)
    expanded = [n for n in tree.walk() if not n.repeated]
    assert len({n.entry.id for n in expanded}) == len(expanded), "an entry is expanded twice"
    for node in expanded:
        ident = node.entry.id
        expected = {}
        for i, d in data.items():
            for field in ("conclusion", "supports", "attacks", "bears_on"):
                for item in items(d, field):
                    if target(item) == ident:
                        expected.setdefault((i, field), []).append(item)
        for field in ("premises", "derived_from"):
            for item in items(data[ident], field):
                expected.setdefault((target(item), field), []).append(item)
        roles = {"conclusion": "concluded by", "supports": "supported by", "attacks": "attacked by",
                 "bears_on": "evidence", "premises": "premise", "derived_from": "derived from"}
        got = {(c.entry.id, c.role): c.provenance for c in node.children}
        assert set(got) == {(i, roles[f]) for i, f in expected}, ident
        for (i, field), its in expected.items():
            provenance = got[(i, roles[field])]
            item = its[0]
            assert provenance.kind == ("stated" if "stated_in" in item else "editorial" if "editorial" in item else None)
            assert provenance.source == stated_source(item)
    assert str(tree).splitlines()[0].startswith(base[claim].name)


# 7 -------------------------------------------------------------------------------------------------
def test_open_predictions_with_what_settles_them(case):
    base, data = case
    found = {p.prediction.id: p for p in base.open_predictions()}
    expected = {i: d for i, d in data.items() if d["_kind"] == "prediction" and d["status"] == "open"}
    assert set(found) == set(expected) and found
    for i, d in expected.items():
        assert (found[i].confirmed_if, found[i].falsified_if) == (d.get("confirmed_if"), d.get("falsified_if"))
        assert {c.id for c in found[i].derived_from} == {target(item) for item in items(d, "derived_from")}


# 8 -------------------------------------------------------------------------------------------------
def test_terms_with_several_senses_and_the_arguments_using_each(case, request):
    base, data = case
    root = base.root
    texts = {i: (root / f"{[f for f, k in KIND_OF_FOLDER.items() if k == d['_kind']][0]}/{i}.yaml").read_text(encoding="utf-8")
             for i, d in data.items() if d["_kind"] == "argument"}
    found = {(u.term.id, u.sense): {e.id for e in u.users} for u in base.sense_uses(kinds=("argument",))}
    expected = {}
    for term, d in data.items():
        if d["_kind"] == "term" and len(d.get("senses") or []) >= 2:
            for sense in d["senses"]:
                ref = f"{term}#{sense['id']}"
                expected[(term, sense["id"])] = {
                    i for i, text in texts.items()
                    if ref in [item["to"] for item in items(data[i], "uses")]
                    or re.search(r"\[\[\s*" + re.escape(ref) + r"\s*[|\]]", text)}
    assert found == expected


# 9 -------------------------------------------------------------------------------------------------
def test_everything_a_source_is_cited_for(case):
    base, data = case
    for source in (i for i, d in data.items() if d["_kind"] == "source"):
        expected = set()
        for i, d in data.items():
            for c in d.get("sources") or []:
                if c["source"] == source:
                    expected.add((i, c["locator"], c.get("quote")))
            for sense in d.get("senses") or []:
                for c in sense.get("sources") or []:
                    if c["source"] == source:
                        expected.add((i, c["locator"], c.get("quote")))
            if source in (d.get("advanced_by") or []):
                expected.add((i, None, None))
            for field in ARGUMENTATIVE:
                for item in items(d, field):
                    stated = item.get("stated_in")
                    if isinstance(stated, dict) and stated["source"] == source:
                        expected.add((i, stated["locator"], stated.get("quote")))
                    elif stated == source:  # short form: the entry's (else the target's) citation
                        own = [c for c in (d.get("sources") or []) + (data[target(item)].get("sources") or [])
                               if c["source"] == source]
                        expected.add((i, own[0]["locator"], own[0].get("quote")))
        assert {(c.entry.id, c.locator, c.quote) for c in base.cited_for(source)} == expected, source


# 10 ------------------------------------------------------------------------------------------------
def test_which_attacks_are_editorial(case):
    base, data = case
    expected = {(i, target(item), item["editorial"]) for i, d in data.items()
                for item in items(d, "attacks") if "editorial" in item}
    found = base.links("attacks", provenance="editorial")
    assert {(e.source.id, e.target.id, e.provenance.editorial) for e in found} == expected
    if "cited-only" in data:
        assert expected


def test_the_home_pages_reading_paths_follow_the_prerequisites():
    from kb.pages import build_pages
    from kb.project import find_project, read_home

    base = kb.load()
    text, _ = read_home(find_project())
    home = build_pages(base, text)["index.md"]
    data = read_yaml(BUNDLED)
    assert text.reading_paths
    for path in text.reading_paths:
        listed = [i for i in path.ids if i in data]
        section = home.split("### " + path.title, 1)[1].split("\n### ", 1)[0]
        order = re.findall(r"^\d+\. \[[^\]]*\]\(\w+/([a-z0-9-]+)\.md", section, flags=re.M)
        assert set(listed) <= set(order), path["title"]
        for position, ident in enumerate(order):  # every prerequisite of a term comes before it
            required = {target(item) for item in items(data[ident], "requires")}
            assert required <= set(order[:position]), ident
