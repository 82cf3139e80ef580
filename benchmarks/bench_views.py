"""Benchmark: the graph view and the debate maps, as a reader's browser shows them.

Usage: .venv/bin/python benchmarks/bench_views.py [--slow] [SITE_DIR]

Without SITE_DIR it builds the bundled knowledge base (concepts/) into a temporary folder first.
It serves the site on 127.0.0.1, opens it in Debian's headless Chromium (Playwright, never a
downloaded browser) and prints, asserting nothing:

- the size of the graph view's data (graph/data.json), which it downloads first;
- the graph view: milliseconds from navigation until the graph is first painted (the SVG drawn
  at build time, or cytoscape's canvas), until the interactive graph is built and painted, and
  until the main thread is free again (the end of the last task over 50 ms: until then a
  drag or a click waits), for the whole base and for the neighbourhood of its best-connected
  entry, with where the time goes (kb.js's performance marks);
- the local graph on the page of that entry, when pages have one;
- the debate maps: for the five largest, the boxes, the smallest and the median size of the boxes' text in
  screen pixels at desktop width (1280 px), and the JavaScript the page loads (KiB).

``--slow`` measures the graph view over a slow connection (Chromium's network emulation: 1.6 Mbit/s
down, 750 kbit/s up, 150 ms round trip, as Lighthouse's "slow 4G"), where what the page downloads
counts, whatever the load on the machine; nothing is cached between the runs.

Screenshots go to test-results/bench/ (look at them).
"""
from __future__ import annotations

import functools
import gzip
import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import kb  # noqa: E402
from kb.build import build_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "test-results" / "bench"

# The label size of a map in screen pixels: its font size times the scale the SVG is drawn at.
LABEL_SIZES = """() => {
  const sizes = [];
  for (const svg of document.querySelectorAll('.kb-debate-map svg')) {
    const box = svg.viewBox && svg.viewBox.baseVal;
    const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
    for (const el of svg.querySelectorAll('text.kb-map-label, .nodeLabel')) {
      if (!el.textContent.trim()) continue;
      sizes.push(parseFloat(getComputedStyle(el).fontSize) * scale);
    }
  }
  return sizes;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def largest_maps(concepts: Path, n: int = 5) -> list[tuple[int, str]]:
    """The claims with the most boxes in their debate map, largest first."""
    from kb.pages.debate import debate_boxes, has_map
    from kb.pages.site import Site

    site = Site(kb.load(concepts))
    sizes = [(len(debate_boxes(site, e)[0]), e.id) for e in site.entries if has_map(site, e)]
    return sorted(sizes, reverse=True)[:n]


# From the start of each page: the first frame in which the graph view's box holds a graph (the
# SVG drawn at build time, or cytoscape's canvas), recorded by a frame callback (it runs just
# before the browser paints that frame).
FIRST_FRAME = """(() => {
  window.kbLongTasks = [];
  new PerformanceObserver(list => list.getEntries().forEach(e => kbLongTasks.push(e.startTime + e.duration)))
    .observe({entryTypes: ['longtask']});
  const look = () => {
    const box = document.getElementById('kb-graph');
    if (box && box.querySelector('svg.kb-graph-poster, canvas')) { window.kbGraphShown = performance.now(); return; }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();"""


MARKS = """() => {
  const at = {};
  performance.getEntriesByType('mark').forEach(m => { at[m.name] = m.startTime; });
  return at;
}"""


def ready_ms(page, url: str, selector: str) -> tuple[float, float, float, dict]:
    """Milliseconds from the start of navigation until the graph is first painted, until
    ``selector`` (the interactive graph built) is in the page and painted, and until the main
    thread is free (the end of the last long task in the 2 s after); and kb.js's marks."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector(selector, timeout=60000)
    ready = page.evaluate("new Promise(r => requestAnimationFrame(() => r(performance.now())))")
    page.wait_for_function("window.kbGraphShown !== undefined", timeout=60000)
    page.wait_for_timeout(2000)
    free = max([end for end in page.evaluate("window.kbLongTasks") if end < ready + 2000] + [ready])
    return page.evaluate("window.kbGraphShown"), ready, free, page.evaluate(MARKS)


SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}


def run(site: Path, concepts: Path, slow: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    base = kb.load(concepts)
    hub = max(base.graph, key=base.graph.degree)
    SHOTS.mkdir(parents=True, exist_ok=True)
    httpd, url = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            scripts: dict[str, int] = {}
            context.on("response", lambda r: scripts.__setitem__(r.url, len(r.body()))
                       if r.request.resource_type == "script" and r.ok else None)
            context.route("**/*", lambda route: route.continue_())  # no cache: count every script
            page = context.new_page()
            page.add_init_script(FIRST_FRAME)
            if slow:
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", SLOW)
                print("over a slow connection: 1.6 Mbit/s down, 150 ms round trip")
            print(f"{len(base)} entries, {base.graph.number_of_edges()} relations; hub: {hub} "
                  f"({base.graph.degree(hub)} relations)")
            data = (site / "graph" / "data.json").read_bytes()
            print(f"  graph/data.json, what the graph view downloads first: {len(data) / 1024:.0f} KiB "
                  f"({len(gzip.compress(data)) / 1024:.0f} KiB gzipped)")
            ready = "#kb-graph.kb-graph--ready"
            for name, path in (("graph view, whole base", "graph/"),
                               (f"graph view, neighbourhood of {hub}", f"graph/?focus={hub}")):
                runs = sorted((ready_ms(page, f"{url}/{path}", ready) for _ in range(5)), key=lambda r: r[1])
                shown, usable, free = (statistics.median(r[i] for r in runs) for i in range(3))
                marks = runs[2][3]  # of the median run
                steps = ", ".join(f"{m.removeprefix('kb-graph-')} {marks[m]:.0f}" for m in
                                  ("kb-graph-data", "kb-graph-built", "kb-graph-ready") if m in marks)
                print(f"  {name:55s} painted after {shown:6.0f} ms, interactive after {usable:6.0f} ms, "
                      f"main thread free after {free:6.0f} ms (medians of 5; median run: {steps})")
                page.wait_for_timeout(300)
                page.screenshot(path=str(SHOTS / f"graph-{'hub' if 'focus' in path else 'all'}.png"))
            entry = next(e for e in base if e.id == hub)
            page.goto(f"{url}/{entry.folder}/{entry.id}/", wait_until="networkidle")
            local = page.locator(".kb-local-graph")
            if local.count():
                names = page.locator(".kb-local-graph a.kb-local-node").count()
                size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.kb-local-graph text')).fontSize)")
                print(f"  {'local graph on the page of ' + hub:55s} drawn with the page (SVG), {names} neighbours "
                      f"shown, labels {size:.0f} px")
                local.first.screenshot(path=str(SHOTS / "local-graph.png"))
            else:
                print(f"  {'local graph on the page of ' + hub:55s} none")
            print("  debate maps at 1280 px (label size in screen px):")
            for boxes, ident in largest_maps(concepts):
                scripts.clear()
                page.goto(f"{url}/claims/{ident}/", wait_until="networkidle")
                page.wait_for_selector(".kb-debate-map svg", timeout=60000)
                sizes = page.evaluate(LABEL_SIZES)
                js = sum(scripts.values()) / 1024
                smallest = min(sizes) if sizes else 0
                median = statistics.median(sizes) if sizes else 0
                print(f"    {ident[:60]:60s} {boxes:3d} boxes  smallest {smallest:5.1f} px  median {median:5.1f} px  "
                      f"JS {js:6.0f} KiB")
                page.locator(".kb-debate-map").first.screenshot(path=str(SHOTS / f"map-{ident[:40]}.png"))
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    print(f"screenshots in {SHOTS}")


def main(argv: list[str]) -> int:
    concepts = ROOT / "concepts"
    slow = "--slow" in argv
    argv = [a for a in argv if a != "--slow"]
    if argv:
        run(Path(argv[0]), concepts, slow)
        return 0
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        if build_site(concepts, Path(tmp) / "site") != 0:
            return 1
        run(Path(tmp) / "site", concepts, slow)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
