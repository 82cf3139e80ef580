"""kb.pages: the site's pages as pure functions of a knowledge base.

Golden files: tests/golden/site/ holds the pages of tests/fixtures/site. After an intended
change, regenerate them with

    KB_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pages.py

and review the diff (`git diff tests/golden`).
"""
from __future__ import annotations

import json
import os
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

import kb
from kb.pages import (Site, build_pages, entry_path, escape_attr, escape_text,
                      previews_data, render_markdown, rules_page)
from kb.pages.entry import SHOWN_FIRST
from kb.pages.previews import PREVIEWS_PATH
from kb.pages.svg import XLINK_HREF
from kb.problems import LIMITS, RULES
from kb.project import find_project, read_home

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "site"
GOLDEN = HERE / "golden" / "site"
# The rules page is generated from kb.problems.RULES, which the engine may extend: it is
# checked below against RULES itself rather than against a golden copy.
NOT_GOLDEN = {"rules.md"}


# The fixture's pages as this repository's site makes them: with its home page's settings and data
# (pyproject.toml [tool.kb], home/) and its guide to writing entries.
HOME, _ = read_home(find_project(HERE.parent))


@pytest.fixture(scope="module")
def pages():
    return build_pages(kb.load(FIXTURE), HOME, guide="writing-entries.md")


def write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def html(markdown_text: str) -> str:
    """Render like the site does (the same Markdown extensions as mkdocs.yml)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", markdown_text, flags=re.S)
    return markdown.markdown(body, extensions=["attr_list", "def_list", "tables", "toc"])


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(rendered: str) -> list[tuple[str, dict]]:
    """The elements of an HTML fragment: [(tag, {attribute: value})]."""
    parser = _Elements()
    parser.feed(rendered)
    return parser.found


def assert_inert(rendered: str, allowed_tags=frozenset({"p", "h1", "h2", "table", "thead", "tbody", "tr", "th", "td"})):
    for tag, attrs in elements(rendered):
        assert tag in allowed_tags, (tag, rendered)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)


# --- golden files -------------------------------------------------------------------------------

def test_pages_match_the_golden_files(pages):
    generated = {p: t for p, t in pages.items() if p not in NOT_GOLDEN}
    if os.environ.get("KB_UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*"):
            if old.is_file() and old.relative_to(GOLDEN).as_posix() not in generated:
                old.unlink()
        for path, text in generated.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in GOLDEN.rglob("*") if p.is_file()}
    hint = "; if the change is intended: KB_UPDATE_GOLDEN=1 pytest tests/test_pages.py, then review git diff"
    assert sorted(generated) == sorted(expected), "the set of pages changed" + hint
    for path in sorted(generated):
        assert generated[path] == expected[path], f"{path} differs from tests/golden/site/{path}" + hint


def test_generation_is_deterministic(pages):
    assert build_pages(kb.load(FIXTURE), HOME, guide="writing-entries.md") == pages


# --- what the pages contain ---------------------------------------------------------------------

def test_every_entry_has_a_page_and_every_kind_an_index(pages):
    base = kb.load(FIXTURE)
    for entry in base:
        assert entry_path(entry) in pages
    for folder in ("terms", "claims", "arguments", "predictions", "evidence", "sources"):
        assert f"{folder}/index.md" in pages
    assert {"index.md", "glossary.md", "graph/index.md", "graph/data.json", "rules.md"} <= set(pages)


def test_every_neighbour_is_linked_both_ways(pages):
    base = kb.load(FIXTURE)
    for source, target, data in base.graph.edges(data=True):
        out_page, in_page = pages[entry_path(base[source])], pages[entry_path(base[target])]
        assert f"/{target}.md" in out_page or f"({target}.md" in out_page, (source, target)
        assert f"/{source}.md" in in_page or f"({source}.md" in in_page, (target, source)


def _listed(page: str) -> list[str]:
    """The targets of the list items in a page's lists of other entries (the sections whose
    heading search leaves out), with the sense they name."""
    targets = []
    for section in re.split(r"^#+ ", page, flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        if "data-search-exclude" in heading:
            targets += re.findall(r"^(?:-|\d+\.) \[[^\]]*\]\(([^ )]+)", body, re.M)
    return targets


def test_each_neighbour_is_listed_once_in_the_most_telling_group(pages):
    for path, text in pages.items():
        if path.endswith(".md") and not path.endswith("index.md") and path != "glossary.md":
            listed = _listed(text)
            assert len(listed) == len(set(listed)), (path, sorted(t for t in listed if listed.count(t) > 1))
    cost = pages["arguments/cost-argument.md"]
    # its premise and conclusion are shown once, in the reasoning, not again under Connections
    assert cost.count("(../claims/search-is-costly.md") == 1
    assert cost.count("(../claims/search-not-favored.md") == 1
    # groups are headings (in the table of contents) with human labels and counts
    optimizer = pages["terms/optimizer.md"]
    assert "### Narrower terms (2) {#narrower data-search-exclude}" in optimizer
    assert "`narrower`" not in optimizer and "used_by" not in optimizer
    # the users of a sense are listed once, under that sense, and the sense says where
    assert "### Used by, in the sense “anything goal-directed” (1) {#in-the-sense-broad" in optimizer
    assert "[see them](#in-the-sense-broad)" in optimizer


def test_an_alias_url_leads_to_its_term_unless_taken(pages, tmp_path):
    page = pages["terms/inner-optimizer.md"]
    assert 'kb_redirect: "terms/mesa-optimizer/"' in page and "exclude: true" in page
    assert "[mesa-optimizer](mesa-optimizer.md)" in page
    files = {"terms/a.yaml": "id: a\nname: a\nsummary: s.\ndefinition: d.\naliases: [B, Shared]\n",
             "terms/b.yaml": "id: b\nname: b\nsummary: s.\ndefinition: d.\n",
             "terms/c.yaml": "id: c\nname: c\nsummary: s.\ndefinition: d.\naliases: [shared]\n"}
    generated = build_pages(kb.load(write(tmp_path, files)))
    assert "kb_redirect" not in generated["terms/b.md"]      # an entry's URL is the entry's
    assert "terms/shared.md" not in generated                 # two terms' alias: no one's


def test_a_claim_says_where_it_stands_at_the_top(pages):
    claim = pages["claims/search-generalizes.md"]
    box = re.search(r'<dl class="kb-standing" data-search-exclude>(.*?)</dl>', claim).group(1)
    assert claim.index("kb-standing") < claim.index("## Statement")
    assert "<dt>Status</dt><dd><strong>contested</strong>" in box
    assert '<dt>For</dt><dd><a href="#for">3 arguments or evidence</a>' in box
    assert '<dt>Against</dt><dd><a href="#against">1</a>, every one answered' in box
    assert '<dt>Predictions</dt><dd><a href="#predictions">1</a>: 1 open' in box


def test_names_json_leads_each_name_and_alias_to_its_page(pages, tmp_path):
    names = json.loads(pages["assets/kb/names.json"])
    assert names["mesa optimiser"] == names["inner optimizer"] == "terms/mesa-optimizer/"
    assert names["search generalizes well across diverse environments"] == "claims/search-generalizes/"
    files = {"terms/a.yaml": "id: a\nname: a\nsummary: s.\ndefinition: d.\naliases: [Shared]\n",
             "terms/c.yaml": "id: c\nname: c\nsummary: s.\ndefinition: d.\naliases: [shared]\n"}
    assert "shared" not in json.loads(build_pages(kb.load(write(tmp_path, files)))["assets/kb/names.json"])


def test_an_entry_on_a_reading_path_links_the_steps_before_and_after(pages):
    mesa, optimizer = pages["terms/mesa-optimizer.md"], pages["terms/optimizer.md"]
    assert "Reading path [The core of mesa-optimization](../index.md#path-1): step 2 of 2" in mesa
    assert "[← optimizer](optimizer.md){: rel=prev }" in mesa and "rel=next" not in mesa
    assert "step 1 of 2 · [mesa-optimizer →](mesa-optimizer.md){: rel=next }" in optimizer
    assert "#path-1" in pages["index.md"]  # the home page's anchor


def test_a_long_group_is_marked_to_fold(tmp_path):
    files = {"terms/t.yaml": "id: t\nname: t\nsummary: s.\ndefinition: d.\n"}
    for i in range(SHOWN_FIRST + 3):
        files[f"claims/c{i}.yaml"] = f"id: c{i}\ntitle: Claim {i}.\nsummary: s.\nstatus: proposed\nuses: [t]\n"
    page = build_pages(kb.load(write(tmp_path, files)))["terms/t.md"]
    assert f"### Used by ({SHOWN_FIRST + 3}) {{#used-by .kb-fold data-search-exclude}}" in page
    assert "[Claim 1](../claims/c1.md" in page and "[Claim 1.]" not in page  # no ".:" in lists


def test_the_glossary_lists_every_term_and_every_alias(pages):
    base = kb.load(FIXTURE)
    glossary = pages["glossary.md"]
    for term in base.entries("term"):
        assert f"[{escape_text(term.name)}](terms/{term.id}.md" in glossary
        assert escape_text(term.summary) in glossary
        for alias in term.aliases:
            line = next(i for i, text in enumerate(glossary.splitlines()) if text == f"*{escape_text(alias)}*")
            assert f"(terms/{term.id}.md" in glossary.splitlines()[line + 1], alias


def test_glossary_is_alphabetical_with_letter_anchors(pages):
    rendered = html(pages["glossary.md"])
    letters = re.findall(r'<h2 id="letter-([a-z]+)">', rendered)
    assert letters == sorted(letters) and letters
    for letter in letters:
        assert f'href="#letter-{letter}"' in rendered


def test_entry_pages_show_aliases_for_search(pages):
    page = pages["terms/mesa-optimizer.md"]
    assert "**Also called:** *inner optimizer* · *mesa optimiser*" in page
    assert 'kb_search_words: ["mesa", "optimizer", "inner", "optimiser"]' in page  # each word once
    assert 'tags: ["Term"]' in page and 'hide: ["tags"]' in page  # its kind: a filter of Zensical's search
    boost = {p: float(re.search(r"boost: ([\d.]+)", pages[p]).group(1))
             for p in ("terms/search.md", "terms/mesa-optimizer.md", "claims/search-generalizes.md")}
    # a short name typed in full beats a longer one containing it
    assert boost["terms/search.md"] > boost["terms/mesa-optimizer.md"] > boost["claims/search-generalizes.md"]


def test_senses_have_anchors_and_sense_links_point_at_them(pages):
    optimizer = html(pages["terms/optimizer.md"])
    assert 'id="sense-narrow"' in optimizer and 'id="sense-broad"' in optimizer
    mesa = pages["terms/mesa-optimizer.md"]
    assert '(optimizer.md#sense-narrow "term"){: data-kb-preview="optimizer#narrow" }' in mesa
    assert "Sense meant: explicit search" in json.loads(pages[PREVIEWS_PATH])["optimizer#narrow"]


@pytest.mark.parametrize("text, shown", [
    # two senses of one word in one text: each link names its sense
    ("Broader ([[optimizer#broad]]) than the post's own ([[optimizer#narrow]]).",
     ["anything goal-directed", "explicit search"]),
    ("Either [[optimizer#broad|optimizer]] or [[optimizer#narrow|Optimizer]].", ["anything goal-directed", "explicit search"]),
    # one sense, or words of one's own that already differ: the text's words
    ("An [[optimizer#narrow]], twice: [[optimizer#narrow]].", ["optimizer", "optimizer"]),
    ("A [[optimizer#broad|goal-seeker]], not a [[optimizer#narrow|searcher]].", ["goal-seeker", "searcher"]),
])
def test_links_to_two_senses_of_one_word_in_one_text_name_the_sense(text, shown):
    from kb.pages.site import render_markdown

    site = Site(kb.load(FIXTURE))
    out = render_markdown(text, site, "claims/x.md")
    assert re.findall(r"\[([^\]]*)\]\(\.\./terms/optimizer\.md#sense-", out) == shown


def test_claim_preview_says_where_it_stands(pages):
    home = pages["index.md"]
    key = re.search(r'\(claims/search-generalizes\.md "([^"]*)"\)\{: data-kb-preview="([^"]*)" \}', home)
    assert key.groups() == ("claim, contested", "search-generalizes")  # the title: for readers without JavaScript
    preview = json.loads(pages[PREVIEWS_PATH])["search-generalizes"]
    assert preview.splitlines() == [
        "Search generalizes well across diverse environments. (claim, contested)",
        "Search handles each new instance on its own, so it generalizes.",
        "For: 3 arguments or evidence. Against: 1 (0 not yet answered).",
        "Predictions: Models trained on diverse tasks learn search. (open)"]


def test_every_entry_and_every_sense_has_a_preview_and_every_link_a_key(pages):
    previews = json.loads(pages[PREVIEWS_PATH])
    base = kb.load(FIXTURE)
    assert set(previews) == {e.id for e in base} | {f"{t.id}#{s.id}" for t in base.entries("term") for s in t.senses}
    assert all(isinstance(text, str) and text and "\n\n" not in text for text in previews.values())
    keys = {k for path, text in pages.items() if path.endswith(".md")
            for k in re.findall(r'data-kb-preview="([^"]*)"', text)}
    assert keys and keys <= set(previews)
    assert "previews.json" not in "".join(t for p, t in pages.items() if p.endswith(".md"))  # only kb.js knows where


def test_unanswered_attacks_are_counted():
    base = kb.load(FIXTURE)
    site = Site(base)
    assert [e.id for e in site.unanswered("diversity-argument")] == []  # the cost argument is attacked
    assert [e.id for e in site.unanswered("cost-argument")] == ["amortization-reply"]


def test_claims_show_arguments_for_and_against_with_a_debate_map(pages):
    claim = pages["claims/search-generalizes.md"]
    for_part = claim.split("### For {#for data-search-exclude}")[1].split("### Against")[0]
    against = claim.split("### Against {#against data-search-exclude}")[1].split("##")[0]
    assert "diversity-argument.md" in for_part and "chess-engines.md" in for_part
    assert "cost-argument.md" in against
    assert "## Debate map {#debate-map}" in claim and "kb_scripts" not in claim  # drawn at build time
    svg = map_svg(claim)
    boxes = {b.get(XLINK_HREF): b for b in svg.iter(SVG + "a")}
    assert set(boxes) == {"../../arguments/diversity-argument/", "../../arguments/cost-argument/",
                          "../../arguments/amortization-reply/", "../../evidence/chess-engines/"}
    # the side is said in words, by the border and by color
    cost = boxes["../../arguments/cost-argument/"]
    assert box_text(cost)[:2] == ["− AGAINST · ARGUMENT", "attacks ↰ · undercuts →"]
    assert cost.find(SVG + "rect").get("stroke-dasharray") and cost.get("data-kb-preview") == "cost-argument"
    diversity = boxes["../../arguments/diversity-argument/"]
    assert box_text(diversity)[0] == "+ FOR · ARGUMENT" and diversity.find(SVG + "rect").get("stroke-dasharray") is None
    assert box_text(boxes["../../arguments/amortization-reply/"])[1] == "supports ↰ · undercuts →"
    # one edge per relation: four reasons on the claim, two undercuts between them
    edges = [g.get("class") for g in svg.iter(SVG + "g") if (g.get("class") or "").startswith("kb-map-edge ")]
    assert sorted(edges) == ["kb-map-edge kb-map-attacks"] * 3 + ["kb-map-edge kb-map-supports"] * 3
    dashed = [g for g in svg.iter(SVG + "g") if g.get("class") == "kb-map-edge kb-map-attacks"]
    assert all(g.find(SVG + "path").get("stroke-dasharray") for g in dashed)


SVG = "{http://www.w3.org/2000/svg}"


def map_svg(page: str):
    """The debate map of a page, parsed as XML."""
    import xml.etree.ElementTree as ET

    found = re.search(r'<div class="kb-debate-map" data-search-exclude>(<svg .*?</svg>)</div>', page)
    return ET.fromstring(found.group(1))


def box_text(box) -> list[str]:
    """The lines of a map's box: its tag, what it does, then its label."""
    out = []
    for t in box.iter(SVG + "text"):
        spans = list(t.iter(SVG + "tspan"))
        out.append(" ".join(x.text for x in spans) if spans else t.text)
    return out


def test_no_debate_map_without_reasons_on_both_sides(pages):
    assert "Debate map" not in pages["claims/search-is-costly.md"]
    assert "kb_scripts" not in pages["claims/search-is-costly.md"]


def test_arguments_show_premises_conclusion_and_attacks(pages):
    cost = pages["arguments/cost-argument.md"]
    assert "1. [Search costs compute.](../claims/search-is-costly.md" in cost
    assert "**Therefore:** [Training under fixed compute does not favour search.](../claims/search-not-favored.md" in cost
    assert "undercuts its inference" in cost
    attacked_by = cost.split("## Attacked by {#attacked-by data-search-exclude}")[1].split("##")[0]
    assert "amortization-reply.md" in attacked_by


def test_predictions_table_has_status_and_what_each_tests(pages):
    rendered = html(pages["predictions/index.md"])
    row = re.search(r"<tr>\s*<td><a [^>]*href=\"search-appears.md\".*?</tr>", rendered, re.S).group(0)
    assert "<strong>open</strong>" in row and "../claims/search-generalizes.md" in row


def test_sources_are_a_bibliography_with_cited_by(pages):
    sources = pages["sources/index.md"]
    assert "Ada Example, Bo Sample (2019). [A Demo Paper on Learned Search](demo-paper.md" in sources
    assert "Cited by:" in sources and "../terms/optimizer.md" in sources
    assert "[https://example.org/demo-paper](https://example.org/demo-paper)" in sources


def test_citations_show_locator_and_quote(pages):
    page = pages["terms/mesa-optimizer.md"]
    assert "(../sources/demo-paper.md " in page
    assert "§1, para. 3" in page
    assert "> “mesa is Greek for within”" in page


def test_graph_data_has_every_entry_and_edge(pages):
    data = json.loads(pages["graph/data.json"])
    base = kb.load(FIXTURE)
    assert {n["id"] for n in data["nodes"]} == {e.id for e in base}
    assert all(n["url"] == f"{base[n['id']].folder}/{n['id']}/" for n in data["nodes"])
    # each edge by the positions of its nodes and of its relation
    ids, relations = [n["id"] for n in data["nodes"]], data["relations"]
    assert {(ids[s], ids[t], relations[r]) for s, t, r in data["edges"]} == {
        (s, t, d["relation"]) for s, t, d in base.graph.edges(data=True)}
    assert len(data["edges"]) == len({(s, t, d["relation"]) for s, t, d in base.graph.edges(data=True)})
    # no summary: the graph takes the one it shows from the previews, when it shows it
    assert not any("summary" in n for n in data["nodes"])


def test_graph_data_places_every_entry_and_carries_aliases_degree_and_relation_groups(pages):
    import math
    data = json.loads(pages["graph/data.json"])
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["mesa-optimizer"]["aliases"] == ["inner optimizer", "mesa optimiser"]
    base = kb.load(FIXTURE)
    typed = {frozenset((s, t)) for s, t, d in base.graph.edges(data=True) if d["relation"] != "mentions" and s != t}
    assert all(n["degree"] == sum(n["id"] in pair for pair in typed) for n in data["nodes"])
    places = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(isinstance(v, int) for xy in places for v in xy)
    assert min(math.dist(a, b) for i, a in enumerate(places) for b in places[i + 1:]) > 5  # no two on one spot
    labels = {(g["relation"], g["direction"]): g["label"] for g in data["groups"]}
    assert labels[("uses", "in")] == "Used by" and labels[("broader", "out")] == "Broader terms"
    assert ("related", "in") not in labels  # symmetric: one group
    assert json.loads(build_pages(kb.load(FIXTURE))["graph/data.json"]) == data  # the same layout every time


def test_the_graph_page_holds_the_whole_graph_drawn_where_the_graph_view_places_it(pages):
    data = json.loads(pages["graph/data.json"])
    svg = pages["graph/index.md"].split('<div class="kb-graph" id="kb-graph"')[1].split("</div>")[0]
    assert svg.count('<svg') == 1 and 'class="kb-graph-poster"' in svg
    links = re.findall(r'<a href="([^"]+)" data-kb-preview="([^"]+)"', svg)
    assert sorted(links) == sorted((f"../{n['url']}", n["id"]) for n in data["nodes"])  # every entry, a link from graph/
    for n in data["nodes"]:  # each node where the interactive graph puts it
        r = min(56, 8 + 3.5 * n["degree"] ** 0.5) / 2
        assert f'<rect x="{n["x"] - r:.1f}" y="{n["y"] - r:.1f}"' in svg
    typed = {frozenset((s, t)) for s, t, r in data["edges"] if data["relations"][r] != "mentions" and s != t}
    assert svg.count("<path ") == 1 and svg.split(' d="')[1].split('"')[0].count("M") == len(typed)  # each relation once
    labels = [" ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", t)) for t in re.findall(r"<text .*?</text>", svg)]
    hub = max(data["nodes"], key=lambda n: n["degree"])
    names = [n["name"] for n in data["nodes"]]
    # the best connected named first (a long name cut after two lines), every label a name
    assert labels[0] == hub["name"] or hub["name"].startswith(labels[0].rstrip("…")) and labels[0].endswith("…")
    assert all(any(name.startswith(label.rstrip("…")) for name in names) for label in labels)


def test_an_entry_page_shows_its_neighbours_from_each_relation_in_a_local_graph(pages):
    import xml.etree.ElementTree as ET

    page = pages["terms/mesa-optimizer.md"]
    found = re.search(r'<div class="kb-local-graph" data-search-exclude>(<svg .*?</svg>)</div>', page)
    svg = ET.fromstring(found.group(1))
    links = {a.get(XLINK_HREF): a for a in svg.iter(SVG + "a")}
    assert set(links) == {"../optimizer/", "../search/", "../../sources/demo-paper/", "../../claims/search-generalizes/"}
    said = {" ".join(t.text for t in a.iter(SVG + "tspan"))[-20:] for a in links.values()}
    assert any(s.endswith("used by") for s in said) and any(s.endswith("broader terms") for s in said)
    assert "(../graph/index.md?focus=mesa-optimizer)" in page.split("## In the graph")[1].split("##")[0]


def test_every_entry_page_links_to_its_neighbourhood_in_the_graph(pages):
    for path, text in pages.items():
        if path.count("/") == 1 and not path.endswith(("index.md", ".json")) and "kb_redirect" not in text:
            ident = path.split("/")[1][:-3]
            assert f"(../graph/index.md?focus={ident})" in text


def test_rules_page_is_generated_from_the_rules_table():
    page = rules_page()
    label = '<span class="kb-cell-label" aria-hidden="true">{}</span> '.format
    for rule in RULES.values():
        assert (f'<span id="{rule.code.lower()}"></span>`{rule.code}` | {label("Severity")}{rule.severity} | '
                f'{label("Rule")}`{rule.name}`') in page
    for name, value in LIMITS.items():
        assert f"| `{name}` | {label('Value')}{value} |" in page
    rendered = html(page)
    assert rendered.count("<tr>") == len(RULES) + len(LIMITS) + 2


def test_home_page_has_reading_paths_and_skips_missing_ids(pages):
    home = pages["index.md"]
    assert "### The core of mesa-optimization {#path-1}" in home
    core = home.split("### The core of mesa-optimization")[1].split("###")[0]
    assert re.findall(r"^\d+\. \[([^\]]+)\]", core, re.M) == ["optimizer", "mesa-optimizer"]
    assert "base-objective" not in home  # not in the fixture: skipped
    assert HOME.reading_paths[1].title not in home  # fewer than two of its ids exist
    assert "(writing-entries.md)" in home and "(glossary.md)" in home


def test_no_page_lists_every_entry_in_the_navigation(pages):
    # Entry pages carry no nav metadata; only the front matter keys we know are used.
    for path, text in pages.items():
        if path.endswith(".md"):
            front = text.split("---\n")[1]
            keys = {line.split(":")[0] for line in front.splitlines() if line and not line.startswith(" ")}
            assert keys <= {"title", "search", "tags", "kb_search_words", "kb_scripts", "hide",
                            "kb_redirect"}, (path, keys)


# --- escaping -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '" onmouseover="alert(1)',
    "[x](javascript:alert(1))", "{: onclick=alert(1) }", "`code` *em* _u_ # h | p \\ &amp;",
])
def test_plain_text_is_inert(text):
    escaped = escape_text(text)
    assert not set(re.sub(r"&#\d+;", "", escaped)) & set("<>\"'`*_[]{}|#\\&")
    rendered = html(f"# {escaped}\n\n{escaped}\n\n| {escaped} |\n| --- |\n| {escaped} |\n")
    assert_inert(rendered)


def test_attribute_text_keeps_lines_and_cannot_close_the_attribute():
    text = escape_attr('Line "one" (x)\n<b>two</b>')
    assert text == "Line &#34;one&#34; &#40;x&#41;&#10;&#60;b&#62;two&#60;/b&#62;"
    rendered = html(f'[a](b.md "{text}")')
    assert rendered == ('<p><a href="b.md" title="Line &#34;one&#34; &#40;x&#41;&#10;&#60;b&#62;two&#60;/b&#62;">'
                        "a</a></p>")


def _render(text: str, tmp_path) -> str:
    base = kb.load(write(tmp_path, {"terms/t.yaml": """
        id: t
        name: t
        summary: A term.
        definition: A term.
    """}))
    return html(render_markdown(text, Site(base), "terms/t.md"))


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)",
    "[x](relative/page.md)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "![t](http://tracker.invalid/p.png)",
    'para\n{: onclick="alert(1)" }',
    '[x](https://example.org){: onclick="alert(1)" }',
    "<http://tracker.invalid/>",
    "<style>body{display:none}</style>",
    "<details open ontoggle=alert(1)>x</details>",
    "# A heading",
])
def test_markdown_text_is_disarmed(text, tmp_path):
    rendered = _render(text, tmp_path)
    for tag, attrs in elements(rendered):
        assert tag in {"p", "a", "strong"}, (tag, rendered)
        assert not any(name.startswith("on") for name in attrs), rendered
        if tag == "a":
            assert re.match(r"https?://", attrs.get("href", "")), rendered  # a link, never an image


def test_markdown_text_keeps_its_markdown(tmp_path):
    rendered = _render("Some *emphasis*, `a<b`, a [link](https://example.org/x) and a list:\n\n- one\n- two",
                       tmp_path)
    assert "<em>emphasis</em>" in rendered
    assert re.search(r"<code>a(&lt;|&#60;)b</code>", rendered)
    assert '<a href="https://example.org/x">link</a>' in rendered
    assert "<li>one</li>" in rendered


def test_links_in_text_resolve_with_previews_and_dangling_ones_stay_text(tmp_path):
    base = kb.load(write(tmp_path, {
        "terms/a.yaml": """
            id: a
            name: A "quoted" name
            summary: The <b>first</b> term.
            definition: Links to [[b#s|the b sense]], [[b]] and [[missing|<i>gone</i>]].
        """,
        "terms/b.yaml": """
            id: b
            name: b
            summary: The second term.
            definition: Back to [[a]].
            senses:
              - id: s
                name: the s sense
                definition: What s means.
        """}))
    site = Site(base)
    text = render_markdown(base["a"].definition, site, "terms/a.md")
    assert '[the b sense](b.md#sense-s "term"){: data-kb-preview="b#s" }' in text
    assert "[b](b.md " in text
    assert "&#60;i&#62;gone&#60;/i&#62;" in text and "missing" not in text.split("gone")[1]
    back = render_markdown(base["b"].definition, site, "terms/b.md")
    assert '[A &#34;quoted&#34; name](a.md "term"){: data-kb-preview="a" }' in back
    previews = json.loads(previews_data(site))
    assert previews["b#s"] == "b (term)\nThe second term.\nSense meant: the s sense: What s means."
    assert previews["a"] == 'A "quoted" name (term)\nThe <b>first</b> term.'  # text: kb.js shows it with textContent


def test_a_link_to_an_unknown_sense_cannot_smuggle_attributes(tmp_path):
    base = kb.load(write(tmp_path, {"terms/b.yaml": """
        id: b
        name: b
        summary: A term.
        definition: 'See [[b#x" onclick="alert(1)|this]] and [[b#x} {: onclick=alert(1) ]].'
    """}))
    text = render_markdown(base["b"].definition, Site(base), "terms/b.md")
    assert text == 'See [this](b.md "term"){: data-kb-preview="b" } and [b](b.md "term"){: data-kb-preview="b" }.'
    assert_inert(html(text), allowed_tags={"p", "a"})


def test_front_matter_titles_are_html_escaped_yaml(tmp_path):
    import yaml

    base = kb.load(write(tmp_path, {"terms/x.yaml": """
        id: x
        name: "<script>\\"q\\"</script> 'x'"
        summary: s
        definition: d
    """}))
    page = build_pages(base)["terms/x.md"]
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["title"] == "&lt;script&gt;&quot;q&quot;&lt;/script&gt; &#39;x&#39;"


# --- small synthetic bases ------------------------------------------------------------------------

def test_an_empty_base_still_makes_every_page(tmp_path):
    for kind in ("terms", "claims"):
        (tmp_path / kind).mkdir()
    pages = build_pages(kb.load(tmp_path))
    assert "*There are no terms yet.*" in pages["terms/index.md"]
    data = json.loads(pages["graph/data.json"])
    assert data["nodes"] == [] and data["edges"] == []
    assert "Where to start" in pages["index.md"]


def test_a_contested_claim_with_only_attacks_gets_a_map_and_a_plain_claim_does_not(tmp_path):
    write(tmp_path, {
        "claims/c.yaml": "id: c\ntitle: C.\nsummary: c.\nstatus: contested\n",
        "claims/p.yaml": "id: p\ntitle: P.\nsummary: p.\nstatus: proposed\n",
        "claims/q.yaml": "id: q\ntitle: Q.\nsummary: q.\nstatus: proposed\n",
        "arguments/a.yaml": "id: a\ntitle: A\nsummary: a.\npremises: [p]\nconclusion: q\nattacks: [c]\n",
    })
    (tmp_path / "claims" / "lonely.yaml").write_text("id: lonely\ntitle: L.\nsummary: l.\nstatus: contested\n")
    pages = build_pages(kb.load(tmp_path))
    assert "no argument or evidence on either side of it is recorded yet" in pages["claims/lonely.md"]
    assert "kb-debate-map" not in pages["claims/lonely.md"]
    assert "## Debate map" in pages["claims/c.md"]
    assert box_text(next(map_svg(pages["claims/c.md"]).iter(SVG + "a")))[0] == "− AGAINST · ARGUMENT"
    assert "## Debate map" not in pages["claims/q.md"]  # supported, not contested, nothing against


def test_debate_maps_stay_small_on_large_debates(tmp_path):
    files = {"claims/c.yaml": "id: c\ntitle: C.\nsummary: c.\nstatus: contested\n",
             "claims/p.yaml": "id: p\ntitle: P.\nsummary: p.\nstatus: proposed\n"}
    for i in range(60):
        side = "conclusion: c" if i % 2 else "conclusion: p\nattacks: [c]"
        files[f"arguments/a{i}.yaml"] = f"id: a{i}\ntitle: A{i}\nsummary: a.\npremises: [p]\n{side}\n"
    page = build_pages(kb.load(write(tmp_path, files)))["claims/c.md"]
    assert len(list(map_svg(page).iter(SVG + "rect"))) == 40


def test_a_hostile_name_in_a_debate_map_is_text_and_the_map_is_only_shapes_text_and_links():
    page = build_pages(kb.load(HERE / "fixtures" / "site-hostile"))["claims/hostile-claim.md"]
    svg = map_svg(page)
    name = kb.load(HERE / "fixtures" / "site-hostile").get("hostile-claim").name
    claim = next(g for g in svg.iter(SVG + "g") if g.get("class") == "kb-map-box kb-map-claim")
    assert " ".join(box_text(claim)[1:]) == name
    assert {el.tag.removeprefix(SVG) for el in svg.iter()} <= {"svg", "g", "a", "rect", "path", "text", "tspan"}
    assert not any(k.startswith("on") for el in svg.iter() for k in el.attrib)
    assert all(a.get(XLINK_HREF).startswith("../../") for a in svg.iter(SVG + "a"))
    assert svg.get("aria-label") == f"Debate map: the reasons for and against “{name}”"
    assert "<script>" not in page.split('class="kb-debate-map"')[1].split("</svg>")[0]


@pytest.mark.parametrize("text, width, lines", [
    ("Short.", 200, ["Short."]),
    ("Search generalizes well across diverse environments.", 160, ["Search generalizes well", "across diverse", "environments."]),
    ("a " * 200, 100, 5),  # at most five lines, the last cut with an ellipsis
    ("x" * 30, 100, 3),  # a word longer than a line is cut
    ("", 100, [""]),
])
def test_map_labels_wrap_to_the_box(text, width, lines):
    from kb.pages.svg import text_width, wrap

    got = wrap(text, width, 13)
    if isinstance(lines, int):
        assert len(got) == lines
    else:
        assert got == lines
    assert all(text_width(line, 13) <= width for line in got)
    if "a " * 200 == text:
        assert got[-1].endswith("…")


def test_the_claims_index_says_what_each_status_means(tmp_path):
    from kb.model import CLAIM_STATUS_MEANINGS
    write(tmp_path, {"claims/c.yaml": "id: c\ntitle: C\nsummary: c.\nstatus: speculative\n"})
    index = build_pages(kb.load(tmp_path))["claims/index.md"]
    assert f"*{CLAIM_STATUS_MEANINGS['speculative']}*" in index
    assert CLAIM_STATUS_MEANINGS["contested"] not in index  # only the statuses in use


def test_kb_js_drops_the_same_stop_words_as_the_search_index():
    from kb.pages.search import _STOP

    js = (HERE.parent / "kb" / "assets" / "theme" / "assets" / "kb" / "kb.js").read_text(encoding="utf-8")
    listed = re.search(r"var STOP = \{\};\s*\(((?:\s*\"[^\"]*\"\s*\+?)+)\)\.split", js).group(1)
    assert set("".join(re.findall(r'"([^"]*)"', listed)).split()) == set(_STOP)


@pytest.mark.parametrize("text", ['<script>alert("x")</script>', "a & b; c > d", 'say "hi"\tthen\r\nleave',
                                  "ok", "", "]]><!--"])
def test_drawings_are_xml_whose_text_and_attributes_read_back_as_given(text):
    # The drawings are written out by kb.pages.svg itself: whatever an entry's name holds, it
    # is XML character data or a quoted attribute, and reads back unchanged.
    import xml.etree.ElementTree as ET

    from kb.pages.escape import clean
    from kb.pages.svg import XLINK_NS, element, serialize

    root = element("svg", viewBox="0 0 10 10", aria_label=text)
    link = element("a", root, **{XLINK_HREF: f"../{text}/"}, cls="kb-x")
    element("rect", link, x=1.0, y=2.25, width=None)
    element("tspan", element("text", link, x=1), text=text)
    written = serialize(root)
    parsed = ET.fromstring(written)
    SVG = "{http://www.w3.org/2000/svg}"
    assert parsed.tag == SVG + "svg" and parsed.get("aria-label") == text
    a = parsed.find(SVG + "a")
    assert a.get(f"{{{XLINK_NS}}}href") == f"../{text}/" and a.get("class") == "kb-x"
    assert a.find(SVG + "rect").attrib == {"x": "1", "y": "2.2"}
    assert (a.find(f"{SVG}text/{SVG}tspan").text or "") == clean(text).replace("\r\n", "\n")  # as XML reads lines
    assert written.startswith(f'<svg xmlns:xlink="{XLINK_NS}" viewBox="0 0 10 10"')
    assert "<script" not in written
