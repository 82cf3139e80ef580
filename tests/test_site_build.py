"""The built site: `mkdocs build --strict` passes, every internal link and #anchor resolves, no
request goes to another host, hostile entries never become live markup, and a failed build
leaves the previous site intact.

The fixture sites are built once per session (conftest.py: built_sites).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

import kb
from kb import build as building
from kb.build import build_site

HERE = Path(__file__).parent
ROOT = HERE.parent
FIXTURES = HERE / "fixtures"


# --- reading the built HTML ---------------------------------------------------------------------

class Page(HTMLParser):
    """Every element of a page with its attributes, the ids it defines, and its inline scripts
    and styles."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.content: list[tuple[str, dict]] = []  # the elements inside <article>: the page's own content
        self.ids: set[str] = set()
        self._article = False
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {k: (v or "") for k, v in attrs}
        self.elements.append((tag, attributes))
        if self._article:
            self.content.append((tag, attributes))
        if tag == "article":
            self._article = True
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag):
        if tag == "article":
            self._article = False
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data


def html_files(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}


def page_url(rel: str) -> str:
    """The URL path (from the site's root) a file is served at."""
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: Path, path: str) -> Path | None:
    candidate = site / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


URL_ATTRIBUTES = {"href", "xlink:href", "src", "action", "formaction", "data", "poster", "srcset", "background"}
FETCHING = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
            ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
            ("object", "data"), ("embed", "src"), ("input", "src"), ("track", "src"), ("form", "action"),
            ("image", "href"), ("use", "href"), ("image", "xlink:href"), ("use", "xlink:href")}


def broken_links(site: Path, at: str = "/") -> list[str]:
    """Links and anchors of the site's pages that lead nowhere, the site being served at the URL
    path ``at`` (its site_url's path: the 404 page's links start with it)."""
    pages = html_files(site)
    ids = {rel: page.ids for rel, page in pages.items()}
    broken = []
    for rel, page in pages.items():
        base_url = "http://site.test" + at.rstrip("/") + page_url(rel)
        for tag, attrs in page.elements:
            for name in ("href", "src", "xlink:href"):  # xlink:href: the drawings' links (kb.pages.svg)
                value = attrs.get(name)
                if value is None or (tag == "a" and name == "href" and not value):
                    continue
                url = urlsplit(urljoin(base_url, value))
                if url.scheme in ("mailto", "data") or (url.scheme in ("http", "https") and url.netloc != "site.test"):
                    continue
                target = target_file(site, url.path[len(at) - 1:]) if url.path.startswith(at) else None
                if target is None:
                    broken.append(f"{rel}: <{tag} {name}={value!r}> -> no such file")
                    continue
                fragment = unquote(url.fragment)
                target_rel = target.relative_to(site).as_posix()
                if fragment and target_rel.endswith(".html") and fragment not in ids[target_rel]:
                    broken.append(f"{rel}: <{tag} {name}={value!r}> -> no #{fragment} in {target_rel}")
    return broken


def foreign_requests(site: Path) -> list[str]:
    """Everything in the built HTML and CSS that would make the browser fetch from another host."""
    found = []

    def foreign(url: str) -> bool:
        url = url.strip().strip("'\"")
        return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)) or \
            (":" in url.split("/")[0] and not url.lower().startswith(("data:", "#")))

    for rel, page in html_files(site).items():
        for tag, attrs in page.elements:
            for name, value in attrs.items():
                # every <link> but the page's canonical address, which is never fetched
                if ((tag, name) in FETCHING or (name == "href" and tag == "link")) and \
                        not (tag == "link" and attrs.get("rel") == "canonical"):
                    for part in value.split(","):
                        url = part.strip().split(" ")[0]
                        if url and foreign(url):
                            found.append(f"{rel}: <{tag} {name}={value!r}>")
                if name == "style":
                    found += [f"{rel}: style url({u})" for u in re.findall(r"url\(([^)]*)\)", value) if foreign(u)]
            if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
                # the pages at a term's other names lead to the term, on the same site
                target = re.sub(r"^\s*\d+\s*;?\s*(?:url\s*=)?", "", attrs.get("content", ""), flags=re.I)
                if not target or foreign(target) or target.strip().lower().startswith("data:"):
                    found.append(f"{rel}: meta refresh")
        for style in page.styles:
            found += [f"{rel}: <style> url({u})" for u in re.findall(r"url\(([^)]*)\)", style) if foreign(u)]
            found += [f"{rel}: <style> @import" for _ in re.findall(r"@import", style)]
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        rel = css.relative_to(site).as_posix()
        found += [f"{rel}: url({u})" for u in re.findall(r"url\(([^)]*)\)", text) if foreign(u)]
        found += [f"{rel}: @import {u}" for u in re.findall(r"@import\s+([^;]+);", text) if foreign(u.replace("url(", ""))]
    return found


# --- the fixture site ---------------------------------------------------------------------------

def test_the_fixture_site_builds_with_every_page(built_sites):
    site = built_sites["site"]
    base = kb.load(FIXTURES / "site")
    for entry in base:
        assert (site / entry.folder / entry.id / "index.html").is_file(), entry.id
    for page in ("index.html", "glossary/index.html", "graph/index.html", "graph/data.json", "rules/index.html",
                 "writing-entries/index.html", "assets/kb/kb.js", "assets/kb/kb.css",
                 "assets/vendor/cytoscape.min.js"):
        assert (site / page).is_file(), page


@pytest.mark.parametrize("name", ["site", "hostile"])
def test_every_internal_link_and_anchor_resolves(built_sites, name):
    assert broken_links(built_sites[name], at=f"/{name}/") == []


@pytest.mark.parametrize("name", ["site", "hostile"])
def test_the_site_references_no_other_host(built_sites, name):
    assert foreign_requests(built_sites[name]) == []


def test_the_link_checker_and_host_scanner_catch_what_they_should(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#nowhere">bad anchor</a>'
        '<a href="missing/">bad</a><a href="https://example.org/">external link is fine</a>'
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//fonts.example/css">'
        '<img src="http://tracker.example/p.png"><div style="background: url(https://x.example/i.png)"></div>')
    (tmp_path / "a" / "index.html").write_text('<h1 id="here">Here</h1>')
    (tmp_path / "s.css").write_text("@import url(https://fonts.example/a.css); b { background: url(data:x) }")
    assert len(broken_links(tmp_path)) == 2
    assert len(foreign_requests(tmp_path)) == 6  # the @import counts as url() too


def test_no_font_or_cdn_is_configured(built_sites):
    index = (built_sites["site"] / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in index and "fonts.gstatic" not in index
    assert "unpkg" not in index and "jsdelivr" not in index and "googletagmanager" not in index


def test_cytoscape_loads_only_on_the_graph_view_and_nothing_draws_maps_in_the_browser(built_sites):
    site = built_sites["site"]

    def scripts(rel):
        return [a.get("src", "") for t, a in Page((site / rel).read_text(encoding="utf-8")).elements if t == "script"]

    claim = scripts("claims/search-generalizes/index.html")
    assert not any("vendor" in s for s in claim) and not (site / "assets" / "vendor" / "mermaid.min.js").exists()
    assert "<svg" in (site / "claims" / "search-generalizes" / "index.html").read_text(encoding="utf-8")
    assert any(s.endswith("assets/vendor/cytoscape.min.js") for s in scripts("graph/index.html"))
    home = scripts("index.html")
    assert not any("vendor" in s for s in home) and any(s.endswith("assets/kb/kb.js") for s in home)


def test_search_index_has_entries_by_name_and_alias(built_sites):
    import json

    index = json.loads((built_sites["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    mesa = docs["terms/mesa-optimizer/"]
    assert mesa["title"] == "mesa-optimizer"
    # the search words are the tags (the plugin's doing: the page's own tags are its kind); the
    # text results show is the kind with the summary, then the other names
    assert mesa["tags"] == ["mesa", "optimizer", "inner", "optimiser"] and mesa["boost"] > 0
    assert mesa["text"].startswith("<p>Term A learned model")  # results say the kind first
    assert "Also called" in mesa["text"] and "mesa optimiser" in mesa["text"]
    assert not any("Term" in d.get("tags", ()) for d in index["docs"])
    assert not any("flowchart BT" in d["text"] for d in index["docs"]), "debate map sources are kept out of search"
    # lists of other entries are kept out: they repeat those entries' names and summaries
    assert not any(d["location"].endswith(("#connections", "#for", "#against", "#narrower", "#cited-by"))
                   for d in index["docs"])
    assert "terms/inner-optimizer/" not in docs  # the page at another name only leads to the term
    sources = (built_sites["site"] / "sources" / "index.html").read_text(encoding="utf-8")
    assert "Cited by:" in sources and not any("Cited by:" in d["text"] for d in index["docs"])


def test_links_carry_the_key_of_their_preview_and_the_previews_are_served_beside_kb_js(built_sites):
    import json

    site = built_sites["site"]
    page = Page((site / "terms" / "optimizer" / "index.html").read_text(encoding="utf-8"))
    links = [a for t, a in page.content if t == "a" and a.get("href") == "../search/"]
    assert links and links[0]["data-kb-preview"] == "search" and links[0]["title"] == "term"
    previews = json.loads((site / "assets" / "kb" / "previews.json").read_text(encoding="utf-8"))
    assert previews["search"].startswith("search (term)\nEvaluating many candidates")
    keys = {a["data-kb-preview"] for page in html_files(site).values() for t, a in page.content if "data-kb-preview" in a}
    assert "optimizer#narrow" in keys and keys <= set(previews)


# --- hostile entries ----------------------------------------------------------------------------

SAFE_TEXT_ATTRIBUTES = {"title", "aria-label", "alt", "content", "data-md-component"}


def test_hostile_text_never_becomes_live_markup(built_sites):
    assert_inert(built_sites["hostile"])


def assert_inert(site: Path) -> None:
    """No page of the site holds markup made of entry text (tests/fixtures/site-hostile writes
    its text as scripts, handlers, javascript: URLs... all marked __kb_pwned)."""
    for rel, page in html_files(site).items():
        for tag, attrs in page.elements:
            for name, value in attrs.items():
                assert not name.startswith("on"), f"{rel}: <{tag} {name}={value!r}>"
                if name in URL_ATTRIBUTES:
                    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                    assert not cleaned.startswith(("javascript:", "vbscript:", "data:")), f"{rel}: <{tag} {name}={value!r}>"
                if "__kb_pwned" in value:
                    assert name in SAFE_TEXT_ATTRIBUTES, f"{rel}: <{tag} {name}={value!r}>"
            if tag == "script":
                src = attrs.get("src", "")
                assert not src or re.match(r"^(?:/hostile/|/|\./)?(\.\./)*(assets/|search/)", src), f"{rel}: script {src!r}"
        for tag, attrs in page.content:
            assert tag not in ("script", "style", "iframe", "object", "embed", "img", "form", "input",
                               "foreignobject", "use", "image", "animate", "set",
                               "details", "base", "link", "meta", "b", "i"), f"{rel}: <{tag}> in the content"
        # the SVG in a page is the generator's drawings: a debate map, a local graph, the whole graph
        drawings = [a.get("class") for t, a in page.content if t == "svg"]
        frames = [a.get("class") for t, a in page.content if t == "div" and a.get("class") in ("kb-debate-map", "kb-local-graph", "kb-graph")]
        assert [c.replace("-svg", "") for c in drawings] == [{"kb-debate-map": "kb-map", "kb-local-graph": "kb-local",
                                                               "kb-graph": "kb-graph-poster"}[f] for f in frames], rel
        for script in page.scripts:
            assert "__kb_pwned" not in script, rel
        for style in page.styles:
            assert "display: none" not in style, rel


def test_hostile_text_is_still_shown_as_text(built_sites):
    page = (built_sites["hostile"] / "terms" / "hostile-term" / "index.html").read_text(encoding="utf-8")
    assert '&lt;script&gt;window.__kb_pwned = "name"&lt;/script&gt; "quoted" \'name\'' in page
    assert "<title>&lt;script&gt;window.__kb_pwned = &quot;name&quot;&lt;/script&gt;" in page
    assert 'onmouseover="window.__kb_pwned=1" x="' in page.split("Also called:")[1].split("</p>")[0]
    assert '<a href="https://example.org/page">https link</a>' in page


def test_markdown_constructs_around_raw_html_never_let_it_through(built_sites):
    """Code spans over line breaks, setext headings, attribute lists, reference definitions, fences
    and raw blocks that name the diagram class, a styled phishing button, requests to other hosts:
    all text, none of it markup (tests/fixtures/site-hostile/terms/second-round.yaml)."""
    html = (built_sites["hostile"] / "terms" / "second-round" / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    drawings = [a.get("class") for t, a in page.content if t == "svg"]
    assert drawings == ["kb-local-svg"]  # the one drawing is the generator's local graph
    for tag, attrs in page.content:
        assert tag not in ("img", "script", "svg", "iframe", "link", "span", "b", "pre") or \
            (tag == "pre" and "class" not in attrs) or (tag == "svg" and attrs.get("class") == "kb-local-svg"), \
            f"<{tag} {attrs}>"
        assert "md-button" not in attrs.get("class", "") and "kb-mermaid" not in attrs.get("class", ""), attrs
        assert "style" not in attrs and not any(name.startswith("on") for name in attrs), attrs
        if tag == "a" and "href" in attrs:
            assert "javascript" not in attrs["href"].lower() and "__kb_pwned" not in attrs.get("title", "")
    text = re.sub(r"<[^>]+>", "", html)
    for shown in ("window.__kb_pwned='span'", "window.__kb_pwned='span2'", "window.__kb_pwned='setext'",
                  "{: .kb-mermaid", "window.__kb_pwned='fence'", "window.__kb_pwned='pre'", "window.__kb_pwned='list'"):
        assert shown.replace("'", "'") in text.replace("&#x27;", "'").replace("&quot;", '"'), shown
    assert foreign_requests(built_sites["hostile"]) == []


def test_the_sanitizer_removes_what_escaping_would_miss():
    from kb.plugin import sanitize_html

    dirty = ('<p onclick="x()">a<script>alert(1)</script><img src=x onerror=y()>'
             '<a href="javascript:alert(1)" title="t" data-node="n1">l</a><a href="../x/#y" class="c">ok</a>'
             '<iframe src="http://x"></iframe><style>p{}</style></p><pre class="kb-mermaid" data-search-exclude>g</pre>'
             '<svg viewBox="0 0 9 9" onload="x()"><script>alert(2)</script><foreignObject><p>f</p></foreignObject>'
             '<use href="#a"/><image href="x.png"/><a href="javascript:y()"><text x="1" style="s">t</text></a></svg>')
    clean = sanitize_html(dirty)
    assert clean == ('<p>a<a title="t" data-node="n1">l</a><a href="../x/#y">ok</a></p>'
                     '<pre class="kb-mermaid" data-search-exclude="">g</pre>'
                     '<svg viewBox="0 0 9 9"><a><text x="1">t</text></a></svg>')
    # only the generator's classes survive: no theme class (a styled button) can be planted
    assert sanitize_html('<a class="md-button kb-x" href="https://x">b</a>') == '<a class="kb-x" href="https://x">b</a>'


# --- the bundled knowledge base -----------------------------------------------------------------

def test_the_bundled_knowledge_base_builds_with_mkdocs_strict_from_the_repo_root(bundled_sites):
    site = bundled_sites["mkdocs"]  # conftest.py: `mkdocs build --strict`, no warning
    for entry in kb.load(ROOT / "concepts"):
        assert (site / entry.folder / entry.id / "index.html").is_file(), entry.id
    assert broken_links(site) == []
    assert foreign_requests(site) == []


def test_errors_in_the_knowledge_base_fail_a_strict_mkdocs_build_with_file_and_line(tmp_path):
    concepts = tmp_path / "concepts"
    shutil.copytree(FIXTURES / "site", concepts)
    (concepts / "claims" / "broken.yaml").write_text(
        "id: broken\ntitle: Broken.\nsummary: b.\nstatus: proposed\ntext: See [[no-such-entry]].\n")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "KB_CONCEPTS": str(concepts), "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 1
    assert re.search(r"ERROR\s+-\s+kb: \S*broken\.yaml:5: KB302 the link \[\[no-such-entry\]\]", proc.stderr), proc.stderr
    assert "Aborted with 1 errors in strict mode" in proc.stdout + proc.stderr


# --- kb build: the swap, and its failures ---------------------------------------------------------

def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def previous_site(built_sites, tmp_path):
    out = tmp_path / "site"
    shutil.copytree(built_sites["site"], out)
    (out / "marker.txt").write_text("the previous site")
    return out


def leftovers(folder: Path) -> list[str]:
    """Temporary folders of a build, beside the site or inside it."""
    return [p.relative_to(folder).as_posix() for p in folder.rglob(".*")
            if p.is_dir() and p.name.startswith((".site-", ".kb-new-", ".kb-old-"))]


def test_a_knowledge_base_with_errors_leaves_the_previous_site_intact(previous_site, tmp_path, capsys):
    before = snapshot(previous_site)
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURES / "site", bad)
    (bad / "terms" / "search.yaml").write_text("id: search\nname: search\n")  # no summary, no definition
    assert build_site(bad, previous_site) == 1
    err = capsys.readouterr().err
    assert "KB201" in err and "search.yaml" in err
    assert err.strip().splitlines()[-1].startswith("kb: the knowledge base has 2 error(s), so the site was not built;")
    assert "Traceback" not in err
    assert snapshot(previous_site) == before and leftovers(tmp_path) == []


def test_without_strict_a_knowledge_base_with_errors_still_builds(tmp_path, capsys):
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURES / "site", bad)
    (bad / "claims" / "broken.yaml").write_text("id: broken\ntitle: B.\nsummary: b.\nstatus: proposed\ntext: See [[nowhere]].\n")
    assert build_site(bad, tmp_path / "site", strict=False) == 0
    assert "building anyway" in capsys.readouterr().err
    assert (tmp_path / "site" / "claims" / "broken" / "index.html").is_file()


def test_a_failing_mkdocs_build_leaves_the_previous_site_intact(previous_site, tmp_path, capsys):
    before = snapshot(previous_site)
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("  - Home: index.md", "  - Home: index.md\n  - Missing: no-such-page.md")  # a broken nav link
    config.write_text(text, encoding="utf-8")
    assert build_site(FIXTURES / "site", previous_site, config_file=config) == 1
    err = capsys.readouterr().err
    assert "no-such-page.md" in err and "the site build failed" in err and "Traceback" not in err
    assert snapshot(previous_site) == before and leftovers(tmp_path) == []


def test_an_interrupted_build_leaves_the_previous_site_intact(previous_site, tmp_path, monkeypatch):
    before = snapshot(previous_site)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(building.subprocess, "Popen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_site(FIXTURES / "site", previous_site)
    assert snapshot(previous_site) == before and leftovers(tmp_path) == []


def test_a_successful_build_replaces_the_previous_site(previous_site, tmp_path, capsys):
    assert build_site(FIXTURES / "site", previous_site) == 0
    assert not (previous_site / "marker.txt").exists()
    assert (previous_site / "terms" / "search" / "index.html").is_file()
    assert oct(previous_site.stat().st_mode & 0o777) != oct(0o700)
    assert leftovers(tmp_path) == []
    assert capsys.readouterr().out.startswith("kb: built ")


@pytest.mark.parametrize("out, message", [
    ("missing-parent/site", "does not exist"),
    ("a-file", "exists and is not a folder"),
])
def test_clear_one_line_messages(tmp_path, capsys, out, message):
    (tmp_path / "a-file").write_text("x")
    assert build_site(FIXTURES / "site", tmp_path / out) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and err.startswith("kb: ")


def test_a_read_only_output_location_is_a_clear_message(capsys):
    # /sys is read-only even for root; as another user, any folder without write permission is.
    assert Path("/sys").is_dir()
    assert build_site(FIXTURES / "site", Path("/sys/kb-site")) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "cannot write in '/sys'" in err


def test_kb_build_command(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kb", "build", str(FIXTURES / "site"), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "index.html").is_file()
    proc = subprocess.run([sys.executable, "-m", "kb", "build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr.startswith("kb: ") and "Traceback" not in proc.stderr


# --- the plugin on its own ------------------------------------------------------------------------

def _plugin_config(tmp_path, plugin_line="  - kb"):
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\ntheme:\n  name: material\nplugins:\n{plugin_line}\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    return config, config.plugins["kb"]


def test_the_concepts_folder_defaults_to_concepts_beside_mkdocs_yml(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_CONCEPTS", raising=False)
    config, plugin = _plugin_config(tmp_path)
    plugin.on_config(config)
    assert plugin.concepts == (tmp_path / "concepts").resolve()
    assert str(Path(building.__file__).parent / "assets" / "theme") in config.theme.dirs
    assert "assets/kb/kb.css" in config.extra_css


def test_the_concepts_folder_is_an_option(tmp_path):
    config, plugin = _plugin_config(tmp_path, "  - kb:\n      concepts: ../elsewhere")
    plugin.on_config(config)
    assert plugin.concepts == (tmp_path.parent / "elsewhere").resolve()


def test_mkdocs_serve_watches_the_concepts_folder(tmp_path):
    (tmp_path / "concepts").mkdir()
    config, plugin = _plugin_config(tmp_path)
    plugin.on_config(config)

    class Server:
        watched = []

        def watch(self, path, *args, **kwargs):
            self.watched.append(path)

    server = plugin.on_serve(Server(), config=config, builder=None)
    assert server.watched == [str((tmp_path / "concepts").resolve())]


def test_the_themes_html_tooltips_are_turned_off(tmp_path):
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme:\n  name: material\n  features: [content.tooltips, search.suggest]\n"
                                         "plugins:\n  - kb\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins["kb"].on_config(config)
    assert config.theme["features"] == ["search.suggest"]
