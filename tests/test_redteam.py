"""Attacks on the site and the commands, as an adversary would try them (the red-team pass).

- Every text field of every entry kind, and the project's title, introduction and reading paths,
  carry every class of payload (tests/hostile_matrix.py); the site built by both engines holds
  no live markup and asks no other host for anything, read as HTML and run in Chromium.
- No page of the site's own can be replaced by an entry's text (an alias "Index").
- Neither `mkdocs build` with the plugin nor `kb export`/`kb schema` deletes or overwrites what
  kb did not make.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import kb
from kb.build import build_site
from kb.cli import main
from kb.pages import build_pages
from hostile_matrix import EVIL_HOST, FIELDS, PAYLOADS, describe, write_project
from test_site_build import assert_inert, foreign_requests, html_files

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ENTRIES = 6  # entries of each kind; the payloads are dealt out among them (a field holds at most 400 characters)


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    """The hostile project and its site built by each engine, past its errors (--no-strict):
    ``(project, {"mkdocs": folder, "zensical": folder})``."""
    root = write_project(tmp_path_factory.mktemp("matrix") / "project", ENTRIES)
    sites = {}
    cwd = os.getcwd()
    os.chdir(root)
    try:
        for engine in ("mkdocs", "zensical"):
            out = root.parent / f"site-{engine}"
            assert build_site(root / "concepts", out, strict=False, engine=engine) == 0, engine
            sites[engine] = out
    finally:
        os.chdir(cwd)
    return root, sites


def _numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"kbPwn\((\d+)\)|" + re.escape(EVIL_HOST) + r"/(\d+)", text)
            for n in n if n}


def test_the_matrix_puts_every_payload_in_every_field_of_loaded_entries(matrix):
    """The generated project really carries each (field, payload) pair, and every entry loads
    (a field over its length limit would drop the entry, and its payloads with it)."""
    root, _ = matrix
    written = set()
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".md", ".toml", ".txt"):
            written |= _numbers(path.read_text(encoding="utf-8"))
    assert written == set(range(len(FIELDS) * len(PAYLOADS)))
    assert len(kb.load(root / "concepts")) == 6 * ENTRIES


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_no_field_carries_live_markup_or_a_request_to_another_host(matrix, engine):
    site = matrix[1][engine]
    assert_inert(site)
    assert foreign_requests(site) == []
    for rel, page in html_files(site).items():
        for script in page.scripts:
            assert not _numbers(script), f"{rel}: {[describe(n) for n in _numbers(script)]} in a script"
        for tag, attrs in page.elements:
            for name, value in attrs.items():
                assert EVIL_HOST not in value or name in ("title", "aria-label", "content"), f"{rel}: <{tag} {name}>"


@pytest.fixture(scope="module")
def served(matrix):
    root = matrix[0].parent

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# Defined before any script of the page: every payload calls kbPwn(N); a dialog counts too.
_TRAP = """window.__kb_hits = [];
window.kbPwn = function (n) { window.__kb_hits.push(n); };
window.alert = window.confirm = window.prompt = function () { window.__kb_hits.push(-1); };"""

# Points at, focuses and hovers every link and every element of the page: a handler an entry
# planted would run; so does every hover preview (kb.js) the page has.
_POKE = """() => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'pointerover', 'focus', 'toggle', 'animationstart']) {
      el.dispatchEvent(new Event(type));
    }
  }
  for (const a of document.querySelectorAll('article a[data-kb-preview]')) { a.focus(); a.blur(); }
}"""


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_no_payload_runs_in_chromium_on_any_page(matrix, served, engine):
    from playwright.sync_api import sync_playwright

    site = matrix[1][engine]
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))
    pages.append("404.html")
    hits, foreign, dialogs = {}, [], []
    host = urlsplit(served).netloc

    def route(r):
        url = urlsplit(r.request.url)
        if url.scheme in ("http", "https") and url.netloc != host:
            foreign.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context()
        context.add_init_script(_TRAP)
        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for rel in pages:
            path = "" if rel == "." else rel if rel.endswith(".html") else rel + "/"
            page.goto(f"{served}/{site.name}/{path}", wait_until="load")
            if rel == "graph":
                page.locator("#kb-graph.kb-graph--ready").wait_for(timeout=30000)
            page.evaluate(_POKE)
            for n in page.evaluate("window.__kb_hits"):
                hits.setdefault(describe(n) if n >= 0 else "a dialog", []).append(rel)
        if engine == "mkdocs":  # the theme renders search results as HTML
            page.goto(f"{served}/{site.name}/", wait_until="networkidle")
            page.keyboard.press("/")
            page.locator("input.md-search__input:focus").wait_for()
            page.wait_for_function("!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)")
            for query in ("onerror", "script", "javascript", "svg"):
                page.locator("input.md-search__input").fill("")
                page.keyboard.type(query, delay=20)
                page.locator(".md-search-result__item").first.wait_for(timeout=20000)
                page.evaluate(_POKE)
            for n in page.evaluate("window.__kb_hits"):
                hits.setdefault(describe(n) if n >= 0 else "a dialog", []).append("search")
        browser.close()
    assert hits == {} and dialogs == [] and foreign == []


# --- no page of the site's own taken by an entry ------------------------------------------------

def _starter(tmp_path) -> Path:
    assert main(["init", str(tmp_path / "p")]) == 0
    return tmp_path / "p"


def test_an_alias_named_index_does_not_replace_the_terms_index(tmp_path):
    root = _starter(tmp_path)
    term = root / "concepts" / "terms" / "steeping.yaml"
    term.write_text(term.read_text(encoding="utf-8").replace("aliases: [infusion]", "aliases: [infusion, Index]"),
                    encoding="utf-8")
    base = kb.load(root / "concepts")
    assert "Index" in base["steeping"].aliases
    assert [p for p in base.check() if p.severity == "error"] == []
    pages = build_pages(base)
    assert pages["terms/index.md"].startswith('---\ntitle: "Terms"\n---\n\n# Terms\n')
    assert "terms/infusion.md" in pages  # the other alias still has its page


def test_an_entry_with_a_reserved_id_does_not_replace_an_index_page(tmp_path):
    root = _starter(tmp_path)
    (root / "concepts" / "terms" / "index.yaml").write_text(
        "id: index\nname: Hijack\nsummary: s.\ndefinition: d.\n", encoding="utf-8")
    base = kb.load(root / "concepts")
    assert "KB209" in {p.code for p in base.check()}
    pages = build_pages(base)
    assert pages["terms/index.md"].startswith('---\ntitle: "Terms"\n---\n\n# Terms\n')
    assert "steeping" in pages["terms/index.md"]


# --- commands that would delete or overwrite what kb did not make --------------------------------

@pytest.mark.parametrize("site_dir", ["concepts", ".", "home", "concepts/site"])
def test_mkdocs_build_refuses_a_site_dir_that_would_delete_the_project(tmp_path, site_dir):
    """MkDocs empties site_dir before it builds, and refuses only a site_dir holding docs/."""
    root = _starter(tmp_path)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", site_dir], cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "site_dir" in proc.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_kb_export_replaces_only_an_earlier_export(tmp_path, monkeypatch, capsys):
    root = _starter(tmp_path)
    monkeypatch.chdir(root)
    entry = root / "concepts" / "terms" / "steeping.yaml"
    readme = root / "README.md"
    kept = {p: p.read_bytes() for p in (entry, readme)}
    assert main(["export", "--format", "json", "-o", str(entry)]) == 1
    assert main(["export", "--format", "dot", "-o", str(readme)]) == 1
    assert "not an earlier export" in capsys.readouterr().err
    (root / "link.json").symlink_to(readme)
    assert main(["export", "-o", "link.json"]) == 1
    assert main(["export", "--format", "csv", "-o", "README.md"]) == 1
    assert {p: p.read_bytes() for p in kept} == kept
    # an earlier export of the same format is replaced; of another, refused
    assert main(["export", "-o", "kb.json"]) == 0
    assert main(["export", "-o", "kb.json"]) == 0
    assert main(["export", "--format", "graphml", "-o", "kb.json"]) == 1
    assert main(["export", "--format", "csv", "-o", "tables"]) == 0
    assert main(["export", "--format", "csv", "-o", "tables"]) == 0
    (root / "tables" / "nodes.csv").write_text("mine\n", encoding="utf-8")
    assert main(["export", "--format", "csv", "-o", "tables"]) == 1
    assert (root / "tables" / "nodes.csv").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in root.iterdir() if ".kb-partial" in p.name) == []


def test_kb_schema_replaces_only_its_own_files(tmp_path, capsys):
    out = tmp_path / "schemas"
    assert main(["schema", "-o", str(out)]) == 0
    assert main(["schema", "-o", str(out)]) == 0
    (out / "term.schema.json").write_text("my own notes\n", encoding="utf-8")
    assert main(["schema", "-o", str(out)]) == 1
    assert (out / "term.schema.json").read_text(encoding="utf-8") == "my own notes\n"


def test_the_introduction_is_text_like_an_entrys_and_cannot_swallow_the_home_page(tmp_path):
    """home/introduction.md is edited like an entry: raw HTML in it shows as text, and an unclosed
    comment (`<!--`) no longer hides the rest of the home page."""
    root = _starter(tmp_path)
    (root / "home" / "introduction.md").write_text(
        "# Tea <b>time</b>\n\nA *brew* <img src=x onerror=alert(1)> and [[steeping]].\n\n<!--\n", encoding="utf-8")
    from kb.project import find_project, read_home

    home, problems = read_home(find_project(root))
    page = build_pages(kb.load(root / "concepts"), home)["index.md"]
    assert "\n# Tea &#60;b&#62;time&#60;/b&#62;\n" in page
    assert "<em>brew</em> &#60;img src=x onerror=alert(1)&#62; and [steeping](terms/steeping.md" in page
    assert "&#60;!--" in page and "<!--" not in page
    assert "## Where to start" in page


def test_a_long_alias_gets_no_page_and_the_build_does_not_fail(tmp_path):
    """An alias of 300 characters passes kb check; its page's file name would be longer than a
    file system allows, which made the whole build fail."""
    from kb.pages.redirects import MAX_SLUG

    root = _starter(tmp_path)
    term = root / "concepts" / "terms" / "steeping.yaml"
    long = " ".join(["steeping"] * 33)
    term.write_text(term.read_text(encoding="utf-8").replace("aliases: [infusion]", f"aliases: [infusion, {long}]"),
                    encoding="utf-8")
    base = kb.load(root / "concepts")
    assert [p for p in base.check() if p.severity == "error"] == []
    pages = build_pages(base)
    assert "terms/infusion.md" in pages
    assert all(len(Path(p).name) <= MAX_SLUG + 3 for p in pages)
    assert build_site(root / "concepts", tmp_path / "site", project=None) == 0


@pytest.mark.parametrize("name", ["a\x1b[31mred", "zero\u200bwidth", "over\u202eride", "nul\x00"])
def test_kb_new_refuses_a_name_it_would_write_as_a_broken_entry(tmp_path, monkeypatch, capsys, name):
    """Written as it is, an escape character made the file unreadable YAML (KB100), an invisible
    or bidi character an entry kb check rejects (KB210)."""
    root = _starter(tmp_path)
    before = sorted(p.name for p in (root / "concepts" / "terms").iterdir())
    monkeypatch.chdir(root)
    assert main(["new", "term", name]) == 1
    assert "which a reader cannot see" in capsys.readouterr().err
    assert sorted(p.name for p in (root / "concepts" / "terms").iterdir()) == before
