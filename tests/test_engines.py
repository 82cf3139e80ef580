"""The two engines: the bundled knowledge base built by MkDocs (the kb plugin) and by Zensical
(`kb build --engine zensical`, from the pages `kb pages` writes) has the same pages, every
internal link of both resolves and the links of each page lead to the same pages, neither asks
another host for anything, and entry text stays inert under Zensical too. Then `kb pages`:
only changed files written, only its own files removed.

The bundled sites are built once per session (conftest.py: bundled_sites).
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import markdown
import pytest

import kb
from kb.build import MARKER, build_site
from kb.pages_dir import MANIFEST, Refused, write_pages
from kb.zensical_adapter import makeExtension, prepare, read_mkdocs_config, zensical_config
from test_site_build import Page, assert_inert, broken_links, foreign_requests, html_files, page_url, target_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
ENGINES = ["mkdocs", "zensical"]


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def content_links(site: Path) -> dict[str, set[str]]:
    """For each page, the pages its content (the <article>) links to, as files of the site."""
    found = {}
    for rel, page in html_files(site).items():
        targets = set()
        for tag, attrs in page.content:
            value = attrs.get("href") or attrs.get("xlink:href")
            if tag != "a" or not value or value.startswith("#"):
                continue
            url = urlsplit(urljoin("http://site.test" + page_url(rel), value))
            if url.netloc == "site.test":
                target = target_file(site, url.path)
                targets.add(target.relative_to(site).as_posix() if target else f"missing {value}")
        found[rel] = targets
    return found


# --- the bundled knowledge base, both ways ----------------------------------------------------------

def test_both_engines_make_the_same_pages(bundled_sites):
    made = {engine: pages(site) for engine, site in bundled_sites.items()}
    assert made["mkdocs"] == made["zensical"]
    for entry in kb.load(ROOT / "concepts"):
        assert f"{entry.folder}/{entry.id}/index.html" in made["zensical"], entry.id
    zensical = bundled_sites["zensical"]
    for path in ("assets/kb/kb.js", "assets/kb/kb.css", "assets/kb/previews.json", "assets/kb/names.json",
                 "assets/vendor/cytoscape.min.js", "graph/data.json", MARKER):
        assert (zensical / path).is_file(), path
    assert not list(zensical.glob(".kb-zensical-*")), "the work folder is gone"


@pytest.mark.parametrize("engine", ENGINES)
def test_every_internal_link_resolves(bundled_sites, engine):
    assert broken_links(bundled_sites[engine]) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_nothing_is_fetched_from_another_host(bundled_sites, engine):
    assert foreign_requests(bundled_sites[engine]) == []


def test_every_page_links_to_the_same_pages_with_both_engines(bundled_sites):
    mkdocs, zensical = (content_links(bundled_sites[e]) for e in ENGINES)
    differ = {rel: (sorted(mkdocs[rel] ^ zensical[rel])[:4]) for rel in mkdocs if mkdocs[rel] != zensical.get(rel)}
    assert differ == {}
    assert sum(len(links) for links in zensical.values()) > 1000


def test_the_drawings_links_lead_to_entry_pages_with_both_engines(bundled_sites):
    """The local graph's nodes and the debate maps' boxes: raw HTML that Zensical rewrites when its
    links are `href` (one folder too high); they are `xlink:href`, which neither engine touches."""
    folders = {model.folder for model in kb.KINDS.values()}
    for engine, site in bundled_sites.items():
        seen = {"kb-local-node": 0, "kb-map-box": 0}
        for rel, page in html_files(site).items():
            for tag, attrs in page.content:
                cls = set(attrs.get("class", "").split()) & set(seen)
                if tag != "a" or not cls:
                    continue
                seen[cls.pop()] += 1
                link = attrs["xlink:href"]
                target = target_file(site, urlsplit(urljoin("http://site.test" + page_url(rel), link)).path)
                assert target is not None and target.parent.parent.name in folders, (engine, rel, link)
        assert seen["kb-local-node"] > 300 and seen["kb-map-box"] > 20, (engine, seen)


def test_the_pages_at_other_names_lead_to_the_term_with_both_engines(bundled_sites):
    for engine, site in bundled_sites.items():
        page = Page((site / "terms" / "mesa-optimiser" / "index.html").read_text(encoding="utf-8"))
        refresh = [a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv") == "refresh"]
        assert refresh == ["0; url=../mesa-optimizer/"], engine
        # One canonical address, the term's: not the redirect page's own beside it.
        canonical = [a["href"] for t, a in page.elements if t == "link" and a.get("rel") == "canonical"]
        assert len(canonical) == 1, (engine, canonical)
        address = urljoin("http://localhost:8000/terms/mesa-optimiser/", canonical[0])
        assert address == "http://localhost:8000/terms/mesa-optimizer/", (engine, canonical)


def test_zensical_search_indexes_what_mkdocs_indexes_and_filters_by_kind(bundled_sites):
    items = json.loads((bundled_sites["zensical"] / "search.json").read_text(encoding="utf-8"))["items"]
    docs = json.loads((bundled_sites["mkdocs"] / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {item["location"]: item for item in items}
    assert set(by_location) == {doc["location"] for doc in docs}  # the same pages and sections
    mesa = by_location["terms/mesa-optimizer/"]
    # Zensical's search offers the tags as its one filter (and weighs them not at all): the kinds,
    # not the words of the names, which are in the text the page is found by
    assert mesa["tags"] == ["Term"]
    assert {tag for item in items for tag in item.get("tags", ())} == {
        "Term", "Claim", "Argument", "Prediction", "Evidence", "Source"}
    assert "mesa optimiser" in mesa["text"] and "inner optimizer" in mesa["text"]
    assert by_location["terms/mesa-optimizer/#definition"]["tags"] == ["Term"]
    mkdocs = next(doc for doc in docs if doc["location"] == "terms/mesa-optimizer/")
    assert {"mesa", "optimizer", "optimiser", "inner"} <= set(mkdocs["tags"])  # MkDocs: the names' words
    assert "terms/mesa-optimiser/" not in by_location  # the page at another name: out of the index
    assert not any(loc.endswith(("#connections", "#for", "#against")) for loc in by_location)


def test_the_404_page_and_the_graph_view_scripts_with_zensical(bundled_sites):
    site = bundled_sites["zensical"]
    assert "This page does not exist" in (site / "404.html").read_text(encoding="utf-8")
    scripts = [a.get("src", "") for t, a in Page((site / "graph" / "index.html").read_text(encoding="utf-8")).elements
               if t == "script"]
    assert "../assets/vendor/cytoscape.min.js" in scripts and "../assets/kb/kb.js" in scripts
    term = (site / "terms" / "mesa-optimizer" / "index.html").read_text(encoding="utf-8")
    assert "cytoscape" not in term


# --- entry text stays inert under Zensical ------------------------------------------------------------

def test_hostile_entries_stay_inert_under_zensical_by_construction_alone(tmp_path):
    """The hostile fixture built by Zensical with the sanitizer taken out of its configuration:
    what the generator writes (kb.pages.safe_markdown) is safe whatever renders it."""
    work = tmp_path / "work"
    work.mkdir()
    from kb.build import ensure_vendor

    config, _ = prepare(work, kb.load(FIXTURES / "site-hostile"), ROOT / "mkdocs.yml", ensure_vendor())
    settings = json.loads(config.read_text(encoding="utf-8"))
    settings["markdown_extensions"] = [e for e in settings["markdown_extensions"] if "kb.zensical_adapter" not in e]
    config.write_text(json.dumps(settings), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "zensical", "build", "--config-file", str(config)],
                          cwd=work, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    site = work / "site"
    assert (site / "terms" / "hostile-term" / "index.html").is_file()
    assert_inert(site)
    assert foreign_requests(site) == []
    page = (site / "terms" / "hostile-term" / "index.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))  # the text a reader sees
    assert '<script>window.__kb_pwned = "name"</script> "quoted"' in shown


def render(text: str, page: str | None, keep: list[str]) -> str:
    md = markdown.Markdown(extensions=[makeExtension(keep=keep)])
    if page is not None:  # what Zensical's own preprocessor holds while it renders a page
        context = type("Context", (markdown.preprocessors.Preprocessor,), {"run": lambda self, lines: lines})(md)
        context.page = type("P", (), {"path": page})()
        md.preprocessors.register(context, "rendering_context", 0)
    return md.convert(text)


def test_the_sanitizer_extension_cleans_generated_pages_and_leaves_the_projects_own():
    dirty = '<div class="md-button" onclick="x()">a<script>alert(1)</script></div>'
    assert render(dirty, "terms/x.md", keep=["about.md"]) == "<div>a</div>"
    assert render(dirty, None, keep=["about.md"]) == "<div>a</div>"  # no page known: sanitized
    assert render(dirty, "about.md", keep=["about.md"]) == dirty


# --- the configuration Zensical is given ---------------------------------------------------------------

def test_zensical_config_from_mkdocs_yml(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !ENV [KB_TEST_NAME, fallback]\n"
        "theme:\n  name: material\n  features: [content.tooltips, navigation.top]\n"
        "plugins:\n  - search\n  - kb:\n      concepts: x\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "hooks: [h.py]\n", encoding="utf-8")
    monkeypatch.setenv("KB_TEST_NAME", "From the environment")
    project = read_mkdocs_config(tmp_path / "mkdocs.yml")
    config, warnings = zensical_config(project, keep=["about.md"])
    assert config["site_name"] == "From the environment"
    assert config["theme"]["features"] == ["navigation.top"] and config["theme"]["custom_dir"] == "overrides"
    assert config["plugins"] == ["search"]
    names = [next(iter(e)) for e in config["markdown_extensions"]]
    assert names == ["toc", "pymdownx.emoji", "attr_list", "def_list", "tables", "kb.zensical_adapter"]
    assert config["markdown_extensions"][1]["pymdownx.emoji"]["emoji_index"] == "material.extensions.emoji.twemoji"
    assert config["markdown_extensions"][-1]["kb.zensical_adapter"] == {"keep": ["about.md"]}
    assert config["extra_css"] == ["assets/kb/kb.css"] and config["extra_javascript"] == ["assets/kb/kb.js"]
    assert "hooks" not in config and any("content.tooltips" in w for w in warnings) and any("hooks" in w for w in warnings)


def test_a_failed_zensical_build_leaves_the_previous_site_and_says_where(tmp_path, capsys):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    out = tmp_path / "site"
    out.mkdir()
    (out / MARKER).write_text("kb\n")
    (out / "old.html").write_text("the previous site")
    (project / "docs" / "about-the-site.md").write_text("# About\n\nSee [the missing page](nowhere.md).\n")
    assert build_site(FIXTURES / "site", out, config_file=project / "mkdocs.yml", engine="zensical") == 1
    err = capsys.readouterr().err
    assert "about-the-site.md:3" in err and "the previous site" in err
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "old.html"]  # no work folder left


# --- Zensical's cache, kept between builds ---------------------------------------------------------------

def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_zensical_keeps_its_cache_outside_the_site_and_never_shows_a_stale_page(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    concepts = tmp_path / "concepts"
    shutil.copytree(FIXTURES / "site", concepts)
    out = tmp_path / "site"
    assert build_site(concepts, out, config_file=ROOT / "mkdocs.yml", engine="zensical") == 0
    [work] = (tmp_path / "cache" / "zensical").glob("zensical-*")
    cached = _files(work / ".cache")
    assert len(cached) > 20  # what Zensical rendered, for the next build
    assert not [p for p in out.rglob("*") if p.name in (".cache", "docs", "overrides") or "zensical" in p.name]
    term = next(concepts.rglob("mesa-optimizer.yaml"))
    term.write_text(term.read_text(encoding="utf-8").replace("\nsummary: ", "\nsummary: Edited to be seen. ", 1),
                    encoding="utf-8")
    assert build_site(concepts, out, config_file=ROOT / "mkdocs.yml", engine="zensical") == 0
    assert "Edited to be seen." in (out / "terms" / "mesa-optimizer" / "index.html").read_text(encoding="utf-8")
    now = _files(work / ".cache")
    rendered = {name for name in now if now[name] != cached.get(name)}
    assert 0 < len(rendered) < len(cached) // 2  # only what the edit changed was rendered again
    monkeypatch.setenv("KB_NO_CACHE", "1")  # a cold build in a temporary folder makes the very same site
    cold = tmp_path / "cold"
    assert build_site(concepts, cold, config_file=ROOT / "mkdocs.yml", engine="zensical") == 0
    assert _files(out) == _files(cold)
    assert list((tmp_path / "cache" / "zensical").glob("zensical-*")) == [work] and not list(tmp_path.glob("cold*/.kb-zensical*"))


def test_a_deleted_entry_leaves_no_trace_in_a_warm_zensical_build_or_its_search(tmp_path, monkeypatch):
    # Zensical's .cache keeps what it rendered of a page after the page is gone: none of it may
    # come back into the site, its search or its sitemap.
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    concepts = tmp_path / "concepts"
    shutil.copytree(FIXTURES / "site", concepts)
    extra = concepts / "terms" / "zzyzx-passing.yaml"
    extra.write_text("id: zzyzx-passing\nname: zzyzx passing\naliases: [quuxword]\n"
                     "summary: A term soon deleted, saying plughword.\ndefinition: Plughword, about [[search]].\n",
                     encoding="utf-8")
    out = tmp_path / "site"
    traces = lambda: sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and any(
        word in p.read_bytes().lower() for word in (b"zzyzx", b"plughword", b"quuxword")))
    assert build_site(concepts, out, config_file=ROOT / "mkdocs.yml", engine="zensical") == 0
    assert {"search.json", "sitemap.xml", "terms/zzyzx-passing/index.html", "terms/quuxword/index.html"} <= set(traces())
    [work] = (tmp_path / "cache" / "zensical").glob("zensical-*")
    assert any(b"plughword" in p.read_bytes().lower() for p in (work / ".cache").rglob("*") if p.is_file())
    extra.unlink()
    assert build_site(concepts, out, config_file=ROOT / "mkdocs.yml", engine="zensical") == 0
    assert traces() == []
    assert not (out / "terms" / "zzyzx-passing").exists() and not (out / "terms" / "quuxword").exists()
    assert [p.name for p in (tmp_path / "cache" / "zensical").glob("zensical-*")] == [work.name]  # the same, warm


def test_the_zensical_work_folder_is_used_by_one_build_at_a_time_and_only_if_kb_made_it(tmp_path, monkeypatch):
    from kb.zensical_cache import MARKER as WORK_MARKER, folder_key, work_folder

    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path))
    config, concepts = ROOT / "mkdocs.yml", FIXTURES / "site"
    with work_folder(config, concepts) as first:
        assert first == tmp_path / "zensical" / folder_key(config, concepts) and (first / WORK_MARKER).is_file()
        with work_folder(config, concepts) as second:
            assert second is None  # in use: that build works in a temporary folder
    with work_folder(config, concepts) as again:
        assert again == first
    other = tmp_path / "other"
    other.mkdir()
    (other / "mkdocs.yml").write_text("site_name: other\n")
    assert len({folder_key(other / "mkdocs.yml", concepts), folder_key(config, concepts),
                folder_key(config, FIXTURES / "site-hostile")}) == 3
    foreign = tmp_path / "zensical" / folder_key(other / "mkdocs.yml", concepts)
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not kb's")
    with work_folder(other / "mkdocs.yml", concepts) as used:
        assert used is None
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    monkeypatch.setenv("KB_NO_CACHE", "1")
    with work_folder(config, concepts) as off:
        assert off is None


def test_old_and_surplus_zensical_work_folders_are_pruned_but_never_foreign_or_busy_ones(tmp_path, monkeypatch):
    import fcntl
    import time

    from kb.cache import MAX_AGE_DAYS
    from kb.zensical_cache import MARKER as WORK_MARKER, MAX_FOLDERS, folder_key, work_folder

    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path))
    root = tmp_path / "zensical"
    old = time.time() - (MAX_AGE_DAYS + 1) * 86400

    def made(name, used, marker=True):
        folder = root / name
        (folder / ".cache").mkdir(parents=True)
        (folder / ".cache" / "page").write_text("rendered")
        if marker:
            (folder / WORK_MARKER).write_text("kb's")
            os.utime(folder / WORK_MARKER, (used, used))
        return folder

    stale = made("zensical-" + "a" * 24, old)
    foreign = made("zensical-" + "b" * 24, old, marker=False)     # not kb's: no marker
    named_otherwise = made("mine", old)                           # not a name kb gives
    busy = made("zensical-" + "c" * 24, old)
    recent = [made(f"zensical-{i:024x}", time.time() - 3600 * (i + 1)) for i in range(MAX_FOLDERS + 2)]
    lock = os.open(busy / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)                              # another build works in it
    try:
        config, concepts = ROOT / "mkdocs.yml", FIXTURES / "site"
        with work_folder(config, concepts) as current:
            assert current == root / folder_key(config, concepts)
    finally:
        os.close(lock)
    left = {p.name for p in root.iterdir()}
    assert stale.name not in left                                  # unused for too long
    assert {foreign.name, named_otherwise.name, busy.name, current.name} <= left
    # The most recently used are kept, the current one on top of them: MAX_FOLDERS in all.
    assert [f.name in left for f in recent] == [True] * (MAX_FOLDERS - 1) + [False] * 3
    assert (foreign / ".cache" / "page").is_file() and (busy / ".cache" / "page").is_file()


# --- kb pages -------------------------------------------------------------------------------------

def test_kb_pages_writes_only_what_changed_and_removes_only_its_own(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "own.md").write_text("# The project's own page\n")
    first = write_pages({"a.md": b"A", "sub/b.md": b"B", "sub/c.md": b"C"}, out)
    assert first.written == ["a.md", "sub/b.md", "sub/c.md"]
    stamp = os.stat(out / "a.md").st_mtime_ns
    (out / "sub" / "c.md").write_text("edited by hand")
    again = write_pages({"a.md": b"A", "sub/b.md": b"B2"}, out)
    assert again.written == ["sub/b.md"] and again.unchanged == 1
    assert os.stat(out / "a.md").st_mtime_ns == stamp  # untouched, so a watching engine rebuilds nothing
    assert again.removed == [] and again.kept == ["sub/c.md"]  # edited since: no longer kb's to remove
    third = write_pages({"sub/b.md": b"B2"}, out)
    assert third.removed == ["a.md"] and not (out / "a.md").exists()
    assert (out / "own.md").read_text() == "# The project's own page\n" and (out / "sub" / "c.md").exists()
    assert set(json.loads((out / MANIFEST).read_text())["files"]) == {"sub/b.md"}


def test_kb_pages_never_overwrites_a_file_it_did_not_write(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_text("mine")
    with pytest.raises(Refused, match="index.md"):
        write_pages({"index.md": b"generated", "x.md": b"x"}, out)
    assert (out / "index.md").read_text() == "mine" and not (out / "x.md").exists()
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "terms").symlink_to(outside)
    with pytest.raises(Refused, match="symbolic link"):
        write_pages({"terms/x.md": b"x"}, out)
    assert list(outside.iterdir()) == []
    (out / MANIFEST).write_text("not json")
    with pytest.raises(Refused, match="cannot be read"):
        write_pages({"y.md": b"y"}, out)


def test_kb_pages_command_writes_the_pages_and_their_assets(tmp_path):
    out = tmp_path / "pages"
    run = [sys.executable, "-m", "kb", "pages", str(FIXTURES / "site"), "-o", str(out)]
    proc = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for path in ("index.md", "terms/mesa-optimizer.md", "graph/data.json", "assets/kb/kb.js", "assets/kb/kb.css",
                 "assets/kb/previews.json", "assets/vendor/cytoscape.min.js"):
        assert (out / path).is_file(), path
    proc = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path)
    assert " 0 file(s) written" in proc.stdout and " 0 removed" in proc.stdout
    inside = subprocess.run([sys.executable, "-m", "kb", "pages", str(FIXTURES / "site"), "-o",
                             str(FIXTURES / "site" / "pages")], capture_output=True, text=True, cwd=tmp_path)
    assert inside.returncode == 1 and "inside the knowledge base" in inside.stderr


def test_a_zensical_crash_is_reported_by_its_message_not_by_its_last_words():
    # An error in a template stops Zensical with a traceback after "No issues found": the build
    # must show the traceback's message, which names the template and line, not that last line.
    from kb.build import zensical_output

    text = ("\x1b[32mBuild started\x1b[0m\nNo issues found\nTraceback (most recent call last):\n"
            '  File "<frozen runpy>", line 198, in _run_module_as_main\n'
            "    cli()\n    ^^^^^\n"
            "RuntimeError: unknown method: string has no method named rstrip (in main.html:31)\n")
    output, crash = zensical_output(text)
    assert output == ["Build started", "No issues found"]
    assert crash == "RuntimeError: unknown method: string has no method named rstrip (in main.html:31)"
    assert zensical_output("Build started\nNo issues found\n") == (["Build started", "No issues found"], "")
