"""Benchmark: the site as a reader meets it, measured in Debian's headless Chromium.

Usage: .venv/bin/python benchmarks/bench_reader.py [--site DIR] [--concepts DIR] [--shots DIR]
                                                    [--limit N] [--largest N] [--search-only]

Builds the site of the knowledge base (``concepts`` unless ``--concepts``; or takes an already
built ``--site``), serves it on 127.0.0.1 and prints:

- search: for every term's name and each of its aliases, and for the everyday phrasings in
  benchmarks/search_queries.txt, whether the expected page is the first result of the site's
  own search box (typed as a reader would), and the rank where it is not;
- search on a page loaded whole and on a page reached by a link (instant navigation);
- entry pages: for the entries with the most relations, the page's height at desktop width
  (1280 px), its links to entries, the distinct targets they lead to (a page, or one sense of
  a term), and how many links repeat a target the page already links to.

With ``--search-only`` only the search is measured: the one measure that works with a site
Zensical built (``kb build --engine zensical``, then ``--site``) as with MkDocs.

It asserts nothing; screenshots of the pages measured go to ``--shots`` when given.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import kb  # noqa: E402
from kb.build import build_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
QUERIES = Path(__file__).with_name("search_queries.txt")

# Wait until the search results have stopped changing (Material updates them as one types).
_SETTLED = """async () => {
  const snap = () => {
    const meta = document.querySelector('.md-search-result__meta');
    const first = [...document.querySelectorAll('.md-search-result__item > a')].slice(0, 12).map(a => a.href);
    return (meta ? meta.textContent : '') + '|' + first.join(' ');
  };
  let last = snap(), since = performance.now(), start = performance.now();
  while (performance.now() - start < 8000) {
    await new Promise(r => setTimeout(r, 40));
    const now = snap();
    if (now !== last) { last = now; since = performance.now(); }
    else if (performance.now() - since > 250 && performance.now() - start > 120) break;
  }
  return [...document.querySelectorAll('.md-search-result__item > a')].map(a => new URL(a.href).pathname);
}"""


# The same with Zensical's search, whose dialog is in a shadow root (Playwright's locators
# pierce it; querySelector does not).
_SETTLED_ZENSICAL = _SETTLED.replace(
    "document.querySelector('.md-search-result__meta')",
    "(document.querySelector('.md-search-result__meta') || _root().querySelector('[role=status]'))").replace(
    "[...document.querySelectorAll('.md-search-result__item > a')]",
    "[..._root().querySelectorAll('ol[role=listbox] a[role=option]')]").replace(
    "async () => {", "async () => {\n  const _root = () => [...document.querySelectorAll('*')].find(e => e.shadowRoot "
    "&& e.shadowRoot.querySelector('dialog')).shadowRoot;", 1)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def server(folder: Path):
    """A server for ``folder`` and its address, not serving yet (the site is built for it)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def queries(base) -> list[tuple[str, str, str]]:
    """(what, query, expected page path) for every term name and alias, then the phrasings."""
    out = []
    for term in base.entries("term"):
        out.append(("name", term.name, f"/terms/{term.id}/"))
        out += [("alias", alias, f"/terms/{term.id}/") for alias in term.aliases]
    if QUERIES.exists():
        for line in QUERIES.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                query, _, ref = line.rpartition("->")
                entry = base.get(ref.strip())
                if entry is not None:
                    out.append(("everyday", query.strip(), f"/{entry.folder}/{entry.id}/"))
    return out


def measure_search(page, url: str, cases, limit: int | None) -> None:
    at = urlsplit(url).path.rstrip("/")  # the site's own path: the expected pages are from its root
    page.goto(url, wait_until="networkidle")
    zensical = page.locator("input.md-search__input").count() == 0  # Zensical's search: a button opens it
    if zensical:
        page.locator("button.md-search__button").first.click()
        box, results, settled = page.locator("dialog input[role=combobox]"), "ol[role=listbox] a[role=option]", _SETTLED_ZENSICAL
    else:
        box, results, settled = page.locator("input.md-search__input"), ".md-search-result__item", _SETTLED
    box.click()
    # the search index is built in the background: the first query waits for it
    box.fill(cases[0][1])
    page.keyboard.press("End")
    page.locator(results).first.wait_for(timeout=60000)
    rows = []
    for what, query, expected in cases[:limit] if limit else cases:
        box.fill(query)
        page.keyboard.press("End")          # the theme reads the query on key up
        found = [p[len(at):] for p in page.evaluate(settled)]
        for _ in range(0 if zensical else 4):  # more results load as the list is scrolled
            if expected in found:
                break
            page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop = 1e6")
            found = [p[len(at):] for p in page.evaluate(settled)]
        rank = found.index(expected) + 1 if expected in found else None
        rows.append((what, query, expected, rank, found[0] if found else None))
    print("search: is the expected page the first result?")
    for what in ("name", "alias", "everyday"):
        mine = [r for r in rows if r[0] == what]
        if mine:
            first = sum(r[3] == 1 for r in mine)
            print(f"  {what:9} {first}/{len(mine)} first ({100 * first / len(mine):.0f}%)")
    misses = [r for r in rows if r[3] != 1]
    for what, query, expected, rank, first in misses[:40]:
        print(f"    miss {what:8} {query!r:48} -> {expected} {'rank ' + str(rank) if rank else 'not shown'}"
              f" (first: {first})")
    if len(misses) > 40:
        print(f"    ... and {len(misses) - 40} more")


_LINKS = """() => {
  // the links of the text (the drawings' SVG links, the local graph and debate maps, aside)
  const links = [...document.querySelectorAll('article a[data-kb-preview]')].filter(a => !(a instanceof SVGElement));
  const targets = links.map(a => { const u = new URL(a.href); return u.pathname + u.hash; });
  const distinct = new Set(targets).size;
  return { height: document.documentElement.scrollHeight, links: links.length, distinct: distinct,
           repeated: links.length - distinct };
}"""


def measure_pages(page, url: str, base, largest: int, shots: Path | None) -> None:
    ranked = sorted(base.entries(), key=lambda e: -len(base.related(e.id)))[:largest]
    print(f"entry pages: the {largest} with the most relations, at 1280 px")
    print(f"  {'page':58} {'height px':>9} {'links':>6} {'targets':>8} {'repeats':>8}")
    for entry in ranked:
        path = f"{entry.folder}/{entry.id}/"
        page.goto(url + path, wait_until="networkidle")
        m = page.evaluate(_LINKS)
        print(f"  {path:58} {m['height']:>9} {m['links']:>6} {m['distinct']:>8} {m['repeated']:>8}")
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"{entry.folder}-{entry.id}.png"), full_page=False)


_ANSWERED = """(expected) => {
  const a = document.querySelector('.md-search-result__item > a');
  return a && new URL(a.href).pathname.endsWith(expected);
}"""


def measure_instant(page, url: str, base) -> None:
    """How soon search answers on a page: loaded whole (the theme fetches and builds the search
    index again), and reached by a link (instant navigation keeps the index)."""
    hub = max(base.entries("term"), key=lambda e: len(base.related(e.id)))
    start = f"terms/{hub.id}/"
    other = next(e for e in base.entries("term") if e.id != hub.id and e.id in {r.entry.id for r in base.related(hub.id)})
    box = page.locator("input.md-search__input")

    def answered(query, expected):
        box.click()
        box.fill("")
        page.keyboard.type(query, delay=0)
        page.wait_for_function(_ANSWERED, arg=expected, timeout=60000)

    page.goto(url + start, wait_until="commit")
    page.locator("input.md-search__input").wait_for()
    answered(other.name, f"/terms/{other.id}/")
    whole = page.evaluate("performance.now()")
    page.keyboard.press("Escape")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.kbSamePage = true")
    t0 = page.evaluate("performance.now()")
    page.locator(f"article a[href$='/terms/{other.id}/']").first.click()
    page.wait_for_function("(id) => location.pathname.endsWith('/terms/' + id + '/') && "
                           "document.querySelector('article h1') && document.querySelector('.kb-summary')", arg=other.id)
    shown = page.evaluate("performance.now()") - t0
    answered(hub.name, f"/terms/{hub.id}/")
    linked = page.evaluate("performance.now()") - t0
    instant = page.evaluate("window.kbSamePage === true")
    print("search on a page: from the start of its loading until the first result for a name")
    print(f"  page loaded whole ({start}): {whole:7.0f} ms")
    print(f"  page reached by a link ({'instant navigation' if instant else 'loaded whole: the site was not built for this address'}): "
          f"shown after {shown:.0f} ms, search answered after {linked:7.0f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concepts", default=str(ROOT / "concepts"))
    parser.add_argument("--site", help="an already built site (default: build one)")
    parser.add_argument("--shots", help="save screenshots of the measured pages here")
    parser.add_argument("--limit", type=int, help="only the first N queries")
    parser.add_argument("--largest", type=int, default=5)
    parser.add_argument("--everyday", action="store_true", help="only the everyday phrasings, nothing else")
    parser.add_argument("--search-only", action="store_true",
                        help="only the search measure (what works with a Zensical site: --site)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    base = kb.load(args.concepts)
    with tempfile.TemporaryDirectory(prefix="bench-reader-") as tmp:
        site = Path(args.site) if args.site else Path(tmp) / "site"
        httpd, url = server(site if args.site else Path(tmp))
        if not args.site:
            url += "site/"
            os.environ["KB_SITE_URL"] = url  # instant navigation follows links under the site's address
            if build_site(Path(args.concepts), site) != 0:
                print("the site did not build")
                return 1
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                cases = queries(base)
                if args.everyday:
                    measure_search(page, url, [c for c in cases if c[0] == "everyday"], args.limit)
                    return 0
                if args.search_only:
                    measure_search(page, url, cases, args.limit)
                    return 0
                measure_instant(page, url, base)
                measure_search(page, url, cases, args.limit)
                measure_pages(page, url, base, args.largest, Path(args.shots) if args.shots else None)
                browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
