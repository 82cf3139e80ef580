"""End to end, in Debian's headless Chromium driven by Playwright, against the fixture sites
served on localhost by a Python http.server thread.

Playwright never downloads a browser here: it drives /usr/bin/chromium (apt-get install
chromium; `make test` installs it when it can). Screenshots of the key pages are saved in
test-results/screenshots/; look at them.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parent.parent / "test-results" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium, "
                                                     "or `make tools` as root)"),
]


@pytest.fixture(scope="module")
def server(sites_server, built_sites):
    """http://127.0.0.1:PORT serving the built fixture sites: /site/ and /hostile/ (their site_url)."""
    httpd, _, address = sites_server
    httpd.start()
    return address


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser tab that records console errors, uncaught exceptions, dialogs and every request
    to another host (those are blocked)."""

    def __init__(self, browser, server, width=1280, height=900):
        self.server = server
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https") and url.netloc != urlsplit(self.server).netloc:
            self.foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def go(self, path: str, wait_until="networkidle"):
        self.page.goto(f"{self.server}/{path}", wait_until=wait_until)
        return self.page

    def shot(self, name: str, full_page=True):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    tabs = []

    def open_tab(width=1280, height=900):
        tabs.append(Visit(browser, server, width, height))
        return tabs[-1]

    yield open_tab
    for tab in tabs:
        tab.close()


def test_home_page_loads_without_console_errors_or_requests_to_other_hosts(visit):
    tab = visit()
    page = tab.go("site/")
    assert page.locator("h1").first.inner_text().startswith("Learned optimization")
    assert page.locator("article a[href$='/site/terms/optimizer/']").count() >= 1
    tab.shot("home")
    assert tab.errors == [] and tab.foreign == []


def test_searching_an_alias_finds_its_term(visit):
    tab = visit()
    page = tab.go("site/")
    search = page.locator("input.md-search__input")
    search.click()
    page.keyboard.type("mesa optimiser", delay=20)
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=10000)
    assert urlsplit(results.first.get_attribute("href")).path.endswith("/site/terms/mesa-optimizer/")
    assert "Term" in results.first.inner_text() and "itself an optimizer" in results.first.inner_text()
    tab.shot("search-alias", full_page=False)
    search.fill("")
    page.keyboard.type("optimizing system", delay=20)
    page.wait_for_function("document.querySelector('.md-search-result__item > a')"
                           " && document.querySelector('.md-search-result__item > a').href.includes('/terms/optimizer/')",
                           timeout=10000)
    # a question: the entry whose name holds every word asked goes first
    search.fill("")
    page.keyboard.type("what is a mesa optimizer?", delay=20)
    page.wait_for_function("document.querySelector('.md-search-result__item > a')"
                           " && document.querySelector('.md-search-result__item > a').href.includes('/terms/mesa-optimizer/')",
                           timeout=10000)
    assert tab.errors == [] and tab.foreign == []


def test_every_name_and_alias_typed_in_search_gives_its_page_first(visit):
    import kb

    base = kb.load(Path(__file__).parent / "fixtures" / "site")
    cases = [(name, f"/site/{e.folder}/{e.id}/") for e in base for name in [e.name, *getattr(e, "aliases", [])]]
    tab = visit()
    page = tab.go("site/")
    box = page.locator("input.md-search__input")
    box.click()
    firsts = {}
    for query, expected in cases:
        box.fill(query)
        page.keyboard.press("End")  # the theme reads the query on key up
        page.wait_for_function("""(expected) => {
            const a = document.querySelector('.md-search-result__item > a');
            return a && new URL(a.href).pathname === expected; }""", arg=expected, timeout=10000)
        firsts[query] = urlsplit(page.locator(".md-search-result__item > a").first.get_attribute("href")).path
    assert all(firsts[q] == e for q, e in cases), firsts
    # the result says what kind of entry it is, and its summary
    box.fill("mesa optimiser")
    page.keyboard.press("End")
    page.wait_for_timeout(500)
    first = page.locator(".md-search-result__item").first.inner_text()
    assert "Term" in first and "A learned model that is itself an optimizer." in first
    assert page.locator(".md-search-result .md-tags").first.is_hidden()  # the search words are not shown
    tab.shot("search-named-first", full_page=False)
    assert tab.errors == [] and tab.foreign == []


def test_index_tables_sort_by_a_column(visit):
    tab = visit()
    page = tab.go("site/claims/")
    table = page.locator("article table").first
    column = lambda: page.evaluate("() => [...document.querySelector('article table').tBodies[0].rows]"
                                   ".map(r => r.cells[0].textContent.trim())")
    before = column()
    table.locator("th").first.click()
    assert column() == sorted(before, key=str.lower) and table.locator("th").first.get_attribute("aria-sort") == "ascending"
    table.locator("th").first.click()
    assert column() == sorted(before, key=str.lower, reverse=True)
    tab.shot("claims-index-sorted", full_page=False)
    assert tab.errors == [] and tab.foreign == []


def test_a_long_group_folds_and_opens(visit, tmp_path):
    tab = visit()
    page = tab.go("site/terms/optimizer/")
    assert page.locator(".kb-fold-button").count() == 0  # short groups stay open
    assert page.locator("#narrower + ul li:visible").count() == 2
    assert tab.errors == [] and tab.foreign == []


def tooltip_text(page, selector: str, shot=None) -> str:
    link = page.locator(selector).first
    link.scroll_into_view_if_needed()
    link.hover()
    tip = page.locator("#kb-preview")
    tip.wait_for(state="visible", timeout=5000)
    text = tip.inner_text()
    if shot:
        shot()
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden", timeout=5000)
    return text


def test_hovering_a_link_shows_the_preview(visit):
    tab = visit()
    page = tab.go("site/terms/optimizer/")
    text = tooltip_text(page, "#definition + p a[href$='/site/terms/search/']", lambda: tab.shot("preview-term", full_page=False))
    assert text.startswith("search (term)") and "Evaluating many candidates and keeping the best." in text
    # a sense link: the sense meant
    text = tooltip_text(page, "#misconceptions + ul a")
    assert "Sense meant: explicit search" in text
    # a claim: where it stands
    page = tab.go("site/predictions/search-appears/")
    text = tooltip_text(page, "#tests + p + ul a", lambda: tab.shot("preview-claim", full_page=False))
    assert "(claim, contested)" in text and "For: 3 arguments or evidence. Against: 1 (0 not yet answered)." in text
    assert "Predictions: Models trained on diverse tasks learn search. (open)" in text
    assert tab.errors == [] and tab.foreign == []


def test_previews_are_fetched_once_on_first_use_and_stay_for_a_link_tabbed_to(visit):
    tab = visit()
    fetched = []
    tab.page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("/previews.json") else None)
    page = tab.go("site/terms/optimizer/")
    assert fetched == []  # nothing is fetched until a preview is wanted
    assert page.locator("article a[data-kb-preview]").first.get_attribute("title") == "term"  # without JavaScript
    # the first preview asked for is of a link below the fold: the browser scrolls to it
    link = page.locator("article a[data-kb-preview]").last
    link.focus()
    page.locator("#kb-preview").wait_for(state="visible", timeout=5000)
    page.wait_for_timeout(300)
    assert page.locator("#kb-preview").is_visible() and page.evaluate("window.scrollY") > 0
    tooltip_text(page, "#definition + p a[href$='/site/terms/search/']")
    assert len(fetched) == 1 and fetched[0].endswith("/site/assets/kb/previews.json")
    assert tab.errors == [] and tab.foreign == []


def test_a_debate_map_is_legible_and_its_boxes_lead_to_the_arguments(visit):
    tab = visit()
    page = tab.go("site/claims/search-generalizes/")
    svg = page.locator(".kb-debate-map svg")
    assert page.locator(".kb-debate-map .kb-map-box").count() == 5
    assert page.locator(".kb-debate-map a.kb-map-box").count() == 4
    # drawn at its natural size: the boxes' text is as large on screen as it was set
    sizes = page.evaluate("""() => [...document.querySelectorAll('.kb-debate-map text.kb-map-label')].map(t => {
        const svg = t.ownerSVGElement;
        return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    })""")
    assert len(sizes) == 5 and min(sizes) >= 12.5, sizes
    page.locator("#debate-map").scroll_into_view_if_needed()
    tab.shot("claim-debate-map")
    # a box shows the same preview as the link it stands for
    node = page.locator(".kb-debate-map a.kb-map-box", has_text="The cost argument")
    node.scroll_into_view_if_needed()
    page.wait_for_timeout(200)  # a scroll hides a hover card: let it end before hovering
    node.hover()
    tip = page.locator("#kb-preview")
    tip.wait_for(state="visible", timeout=5000)
    assert tip.inner_text().startswith("The cost argument (argument)") and "Attacked by 1 entry" in tip.inner_text()
    tab.shot("preview-map-node", full_page=False)
    # zoom: larger, then back to the natural size
    natural = svg.bounding_box()["width"]
    page.get_by_role("button", name="Larger").click()
    assert svg.bounding_box()["width"] > natural * 1.2
    page.get_by_role("button", name="Natural size").click()
    assert abs(svg.bounding_box()["width"] - natural) < 1
    node.click()
    page.wait_for_url("**/arguments/cost-argument/")
    assert tab.errors == [] and tab.foreign == []


def test_from_a_claim_to_an_argument_attacking_it_and_back(visit):
    from playwright.sync_api import expect

    tab = visit()
    page = tab.go("site/claims/search-generalizes/")
    page.evaluate("window.kbSamePage = true")  # kept while the theme swaps pages in (instant navigation)
    page.locator("#against + ul a", has_text="The cost argument").click()
    page.wait_for_url("**/arguments/cost-argument/")
    expect(page.locator("article h1")).to_contain_text("The cost argument")
    attacks = page.locator("#attacks + ul a", has_text="Search generalizes well")
    attacks.click()
    page.wait_for_url("**/claims/search-generalizes/")
    expect(page.locator("article h1")).to_contain_text("Search generalizes well")
    # and the argument that answers the attack is one click further
    page.locator("#against + ul a", has_text="The cost argument").click()
    page.locator("#attacked-by + ul a", has_text="The amortization reply").click()
    page.wait_for_url("**/arguments/amortization-reply/")
    expect(page.locator("article h1")).to_contain_text("The amortization reply")
    page.go_back()
    page.wait_for_url("**/arguments/cost-argument/")
    expect(page.locator("article h1")).to_contain_text("The cost argument")
    assert page.evaluate("window.kbSamePage === true"), "each link loaded a whole page again"
    assert tab.errors == [] and tab.foreign == []


def test_instant_navigation_keeps_the_search_index_and_each_page_works(visit):
    """Links swap the page in (the theme's instant navigation): the search index is fetched and
    built once, and on the pages reached so (by a text link, a local graph's node, a debate
    map's box) the previews, the map's zoom, the local graph and the graph view all work."""
    from playwright.sync_api import expect

    tab = visit()
    indexes = []
    tab.page.on("request", lambda r: indexes.append(r.url) if "search_index" in r.url else None)
    page = tab.go("site/")
    page.evaluate("window.kbSamePage = true")
    page.locator("article a[href$='/site/terms/optimizer/']").first.click()
    expect(page.locator("article h1")).to_contain_text("optimizer")
    # the preview of a link on the new page
    text = tooltip_text(page, "#definition + p a[href$='/site/terms/search/']")
    assert text.startswith("search") and "Evaluating many candidates" in text
    # a node of the local graph (an SVG link) leads on the same way
    page.locator(".kb-local-graph a.kb-local-node", has_text="search").first.click()
    page.wait_for_url("**/terms/search/")
    expect(page.locator("article h1")).to_contain_text("search")
    page.locator("article a.kb-kind").click()   # the way back up: the entry's kind
    expect(page.locator("article h1")).to_contain_text("Terms")
    page.locator(".md-nav a[href$='/site/claims/']").first.click()
    expect(page.locator("article h1")).to_contain_text("Claims")
    page.locator("article a[href$='/site/claims/search-generalizes/']").first.click()
    expect(page.locator("article h1")).to_contain_text("Search generalizes well")
    assert page.locator(".kb-map-zoom").count() == page.locator(".kb-debate-map").count() >= 1
    page.locator(".kb-debate-map a.kb-map-box").first.click()
    page.wait_for_url(lambda url: "/claims/" not in url)
    page.locator("a", has_text="see it in the graph").click()
    page.locator("#kb-graph.kb-graph--ready").wait_for(timeout=15000)
    assert int(page.locator("#kb-graph").get_attribute("data-nodes")) >= 2
    assert page.evaluate("window.kbSamePage === true"), "a link loaded a whole page again"
    # the other views of the graph page load it afresh (the theme would only change the address)
    page.locator("#kb-graph-controls a", has_text="2 steps").click()
    page.wait_for_url("**depth=2")
    page.locator("#kb-graph.kb-graph--ready").wait_for(timeout=15000)
    # and search answers at once, from the index built on the first page
    page.locator(".md-header a.md-logo").click()
    expect(page.locator("article h1").first).to_contain_text("Learned optimization")
    page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("mesa optimiser", delay=20)
    page.wait_for_function("document.querySelector('.md-search-result__item > a')"
                           " && document.querySelector('.md-search-result__item > a').href.includes('/terms/mesa-optimizer/')",
                           timeout=15000)
    assert len(indexes) == 2, indexes  # the first page, and the graph view loaded afresh
    assert tab.errors == [] and tab.foreign == []


def lines_transform(page) -> tuple[float, float, float, str]:
    """The pan (x, y) and zoom of the lines under the graph view's canvas, and the attribute."""
    import re

    text = page.locator("#kb-graph svg.kb-graph-lines g").get_attribute("transform")
    x, y, zoom = map(float, re.fullmatch(r"translate\((\S+) (\S+)\) scale\((\S+)\)", text).groups())
    return x, y, zoom, text


def test_the_graph_view_shows_the_whole_base_and_a_neighbourhood(visit):
    tab = visit()
    fetched = []
    tab.page.on("request", lambda r: fetched.append(urlsplit(r.url).path))
    page = tab.go("site/graph/")
    graph = page.locator("#kb-graph.kb-graph--ready")
    graph.wait_for(timeout=15000)
    assert graph.get_attribute("data-nodes") == "14" and graph.get_attribute("data-layout") == "preset"
    assert page.locator("#kb-graph canvas").count() >= 1
    assert page.locator("#kb-graph .kb-graph-poster").count() == 0  # the drawing of the build gave way
    assert 1 <= int(graph.get_attribute("data-labels")) <= 14  # labels that fit without overlapping
    assert "Drag to move around, scroll or pinch to zoom" in page.locator("#kb-graph-intro").inner_text()
    tab.shot("graph")
    # the relations are the drawing's lines, under the canvas, moved and scaled with the graph
    lines = page.locator("#kb-graph svg.kb-graph-lines")
    assert lines.locator("path").get_attribute("d").count("M") >= 14
    before = lines_transform(page)
    box = page.locator("#kb-graph").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"document.querySelector('.kb-graph-lines g').getAttribute('transform') !== {before[3]!r}")
    pan_x, pan_y, zoom, _ = lines_transform(page)
    assert zoom > before[2]
    # pointing at a node names it, fades the rest and draws its own relations
    ours = lambda: [p for p in fetched if p.endswith(".json") and not p.startswith("/site/search/")]
    first_view = ours()  # what the whole graph, drawn and zoomed, needed
    hub = page.evaluate("fetch('data.json').then(r => r.json()).then(d => d.nodes.find(n => n.id === 'mesa-optimizer'))")
    page.mouse.move(box["x"] + hub["x"] * zoom + pan_x, box["y"] + hub["y"] * zoom + pan_y)
    page.locator(".kb-graph-info strong", has_text=hub["name"]).wait_for(timeout=5000)
    assert "kb-faded" in lines.get_attribute("class")
    # its summary, from the previews: fetched on this first pointing, not for the first view
    assert first_view == ["/site/graph/data.json"]
    page.locator(".kb-graph-info", has_text="(term, 4 relations): A learned model that is itself an optimizer.").wait_for(timeout=5000)
    assert ours().count("/site/assets/kb/previews.json") == 1
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.wait_for_function("!document.querySelector('.kb-graph-lines').classList.contains('kb-faded')")
    # hiding a kind lays out the rest again, by their relations (the drawing's lines no longer fit)
    page.locator("input[data-kind='source']").uncheck()
    page.wait_for_function("document.getElementById('kb-graph').getAttribute('data-shown') === '12'")
    assert not lines.is_visible()
    page.locator("input[data-kind='source']").check()
    page.wait_for_function("document.getElementById('kb-graph').getAttribute('data-shown') === '14'")
    assert lines.is_visible()
    # the go-to box takes aliases
    find = page.locator("input.kb-graph-find")
    find.fill("Mesa Optimiser")
    find.press("Enter")
    page.wait_for_url("**/graph/?focus=mesa-optimizer")
    page.locator("#kb-graph.kb-graph--ready").wait_for(timeout=15000)
    assert page.locator("#kb-graph").get_attribute("data-layout") == "grouped"
    assert page.locator("#kb-graph svg.kb-graph-lines").count() == 0  # a neighbourhood's lines are its own
    shown = int(page.locator("#kb-graph").get_attribute("data-nodes"))
    page.locator("input[data-kind='term']").uncheck()  # the groups of what is left, packed again
    page.wait_for_function(f"+document.getElementById('kb-graph').getAttribute('data-shown') < {shown}")
    page = tab.go("site/graph/?focus=search")
    page.locator("#kb-graph.kb-graph--ready").wait_for(timeout=15000)
    assert int(page.locator("#kb-graph").get_attribute("data-nodes")) < 14
    assert "The neighbourhood of search" in page.locator("#kb-graph-controls").inner_text()
    tab.shot("graph-neighbourhood")
    # every entry page links to its neighbourhood, and shows a small graph of it
    page = tab.go("site/terms/search/")
    assert page.locator(".kb-local-graph a.kb-local-node").count() >= 3
    page.locator(".kb-local-graph").screenshot(path=str(SHOTS / "local-graph.png"))
    page.locator("a", has_text="see it in the graph").click()
    page.wait_for_url("**/graph/?focus=search")
    assert tab.errors == [] and tab.foreign == []


def test_the_graph_view_without_javascript_is_the_graph_drawn_at_build_time(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}/site/graph/", wait_until="load")
        poster = page.locator("#kb-graph svg.kb-graph-poster")
        assert poster.locator("a").count() == 14  # every entry, a link to its page
        box, frame = poster.bounding_box(), page.locator("#kb-graph").bounding_box()
        assert box["height"] <= frame["height"] + 1 and box["width"] <= frame["width"] + 1  # inside its frame
        assert "search" in poster.locator("text").all_text_contents()
        intro = page.locator("#kb-graph-intro").inner_text()  # it says only what this drawing does
        assert "open its page" in intro and not any(word in intro.lower() for word in ("drag", "zoom", "pinch", "hover"))
        page.screenshot(path=str(SHOTS / "graph-without-javascript.png"))
        poster.locator("a[href$='/terms/mesa-optimizer/']").click()
        page.wait_for_url("**/terms/mesa-optimizer/")
    finally:
        context.close()


def test_key_pages_screenshots(visit):
    tab = visit()
    for path, name in (("site/glossary/", "glossary"), ("site/terms/optimizer/", "term"),
                       ("site/claims/", "claims-index"), ("site/predictions/", "predictions-table"),
                       ("site/sources/", "sources-bibliography"), ("site/rules/", "rules"),
                       ("site/arguments/cost-argument/", "argument")):
        tab.go(path)
        tab.shot(name)
    assert tab.errors == [] and tab.foreign == []


@pytest.mark.parametrize("path, name", [
    ("site/", "phone-home"), ("site/claims/search-generalizes/", "phone-claim"),
    ("site/glossary/", "phone-glossary"), ("site/predictions/", "phone-predictions"),
    ("site/claims/", "phone-claims"), ("site/graph/?focus=search", "phone-graph"),
])
def test_pages_read_well_at_phone_width(visit, path, name):
    tab = visit(width=390, height=844)
    page = tab.go(path)
    if "claims/search" in path:
        page.locator(".kb-debate-map svg").wait_for(timeout=15000)
    if "graph" in path:
        page.locator("#kb-graph.kb-graph--ready").wait_for(timeout=15000)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the phone's screen"
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    assert size >= 12
    tab.shot(name)
    assert tab.errors == [] and tab.foreign == []


@pytest.fixture(scope="module")
def bundled_server(bundled_sites):
    """http://127.0.0.1:PORT serving the bundled base's sites: /mkdocs/ and /zensical/."""
    import functools
    import http.server
    import threading

    from conftest import _Quiet

    root = bundled_sites["mkdocs"].parent
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# Each row's cells, as the reader sees them: where each is, its label and whether the label shows.
CARDS = """table => [...table.tBodies[0].rows].slice(0, 3).map(row => [...row.cells].map(td => {
    const box = td.getBoundingClientRect(), label = td.querySelector('.kb-cell-label');
    return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
            label: label ? label.textContent : null, shown: !!label && label.offsetParent !== null};
}))"""


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_generated_tables_are_tables_on_a_screen_and_cards_on_a_phone(browser, bundled_server, engine):
    for width, scheme in ((1280, "default"), (390, "default"), (390, "slate")):
        tab = Visit(browser, bundled_server, width, 900 if width > 500 else 844)
        try:
            for index in ("arguments", "predictions", "evidence", "claims", "rules"):
                page = tab.go(f"{engine}/{index}/")
                page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, (engine, index, width, overflow)
                for table in page.locator("article table").element_handles():
                    headings = table.evaluate("t => [...t.tHead.rows[0].cells].map(th => th.textContent)")
                    for row in table.evaluate(CARDS):
                        # every cell after the first carries its column's heading
                        assert [c["label"] for c in row[1:]] == [h.strip(" ↕") for h in headings[1:]]
                        assert row[0]["label"] is None
                        if width > 500:  # a table: the cells side by side, no labels
                            assert not any(c["shown"] for c in row)
                            assert all(a["right"] <= b["left"] + 1 for a, b in zip(row, row[1:])), row
                        else:  # a card: the cells one under the other, labelled, within the screen
                            assert all(c["shown"] for c in row[1:])
                            assert all(a["bottom"] <= b["top"] + 1 for a, b in zip(row, row[1:])), row
                            assert all(c["left"] >= 0 and c["right"] <= width for c in row), row
                # still a table to a screen reader: its headings, and cells without the visible labels
                table = page.locator("article table").first
                tree = table.aria_snapshot()
                assert tree.startswith("- table") and "- columnheader" in tree and "- cell" in tree
                second = table.locator("tbody td").nth(1)
                label = second.locator(".kb-cell-label").text_content()
                assert not second.aria_snapshot().startswith(f'- cell "{label}'), second.aria_snapshot()
            # on a phone the headings are a row of buttons that sort the cards; numbers sort as numbers
            page = tab.go(f"{engine}/arguments/")
            heading = page.locator("article table th", has_text="Attacked by")
            assert heading.is_visible()
            heading.click()
            heading.click()
            counts = page.evaluate("[...document.querySelector('article table').tBodies[0].rows]"
                                   ".map(r => r.cells[3].textContent.replace(/^\\D*/, ''))")
            assert [int(c) for c in counts] == sorted((int(c) for c in counts), reverse=True)
            assert heading.get_attribute("aria-sort") == "descending"
            page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            tab.shot(f"{engine}-arguments-{width}-{scheme}", full_page=False)
            assert tab.errors == [] and tab.foreign == []
        finally:
            tab.close()


def test_injected_script_from_hostile_entries_does_not_run(visit, built_sites):
    tab = visit()
    site = built_sites["hostile"]
    # (the pages at a term's other names only lead to the term: they are visited as the term)
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))
    assert len(pages) > 15
    for rel in pages:
        path = "hostile/" + ("" if rel == "." else rel + "/")
        page = tab.go(path, wait_until="load")
        if rel == "claims/hostile-claim":
            page.locator(".kb-debate-map svg").wait_for(timeout=15000)
            tab.shot("hostile-claim")
        if rel == "terms/hostile-term":
            tab.shot("hostile-term")
        if rel == "graph":  # its drawing of the build (with links) goes once the graph is interactive
            page.locator("#kb-graph.kb-graph--ready").wait_for(timeout=30000)
        # show every preview of the page (once previews.json is loaded, focus shows it at
        # once), and hover a few for real
        links = page.locator("article a[data-kb-preview]")
        if links.count():
            links.first.focus()
            page.locator("#kb-preview").wait_for(state="visible", timeout=5000)
            links.first.blur()
        shown = page.evaluate("""() => {
            let n = 0;
            for (const a of document.querySelectorAll('article a[data-kb-preview]')) {
                a.focus(); n += document.getElementById('kb-preview').hidden ? 0 : 1; a.blur();
            }
            return n;
        }""")
        assert shown == links.count()
        if rel == "claims/hostile-claim":
            page.locator("article a[data-kb-preview='hostile-term']").first.focus()
            page.wait_for_timeout(300)  # focus scrolls back to the link: the card stays
            assert page.locator("#kb-preview").is_visible()
            assert page.locator("#kb-preview strong").inner_text().startswith('<script>window.__kb_pwned = "name"</script>')
            tab.shot("hostile-preview", full_page=False)
        for link in links.all()[:3]:
            if link.is_visible():
                link.hover(timeout=2000)
        assert page.evaluate("typeof window.__kb_pwned") == "undefined", path
        assert page.evaluate("document.body.style.display") != "none"
    # search results show the hostile names and summaries as text too
    page = tab.go("hostile/")
    page.locator("input.md-search__input").click()
    page.keyboard.type("hostile", delay=20)
    page.locator(".md-search-result__item > a").first.wait_for(timeout=10000)
    page.wait_for_timeout(500)
    tab.shot("hostile-search", full_page=False)
    assert page.evaluate("typeof window.__kb_pwned") == "undefined"
    assert tab.dialogs == []
    assert tab.foreign == []
    assert tab.errors == []


def test_the_404_page_names_the_entry_the_address_meant(visit):
    tab = visit()
    for path, meant in (("site/terms/mesa-optimzer/", "/site/terms/mesa-optimizer/"),  # misspelt
                        ("site/claims/search/", "/site/terms/search/"),  # another kind's id
                        ("site/terms/inner-optimiser/", "/site/terms/mesa-optimizer/")):  # an alias, spelt otherwise
        page = tab.go(path)
        assert page.locator("h1").inner_text() == "This page does not exist"
        guess = page.locator("#kb-not-found-guess a")
        guess.wait_for(timeout=10000)
        assert urlsplit(guess.get_attribute("href")).path == meant, path
    page = tab.go("site/terms/qqqq-zzzz-wwww/")
    page.locator("a", has_text="the glossary").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator("#kb-not-found-guess").is_hidden()  # nothing near: no guess
    tab.shot("404")
    assert [e for e in tab.errors if "404" not in e] == [] and tab.foreign == []
