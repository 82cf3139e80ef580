"""Rebuilding after an edit: kb.pages.incremental regenerates only what an edit can change and
always gives what a full generation gives; under `mkdocs serve`, the served site after an edit
is the site a clean build makes."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import kb
from kb.pages import build_pages
from kb.pages.incremental import affected_entries, update_pages

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture
def concepts(tmp_path):
    folder = tmp_path / "concepts"
    shutil.copytree(FIXTURE, folder)
    return folder


def _edit(folder: Path, ident: str, change) -> None:
    path = next(folder.rglob(f"{ident}.yaml"))
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text, f"the edit of {ident} changed nothing"
    path.write_text(new, encoding="utf-8")


def _first(pattern: str, replace):
    return lambda text: re.sub(pattern, replace, text, count=1, flags=re.M)


EDITS = {
    "a term's summary": ("mesa-optimizer", _first(r"^summary: ", "summary: Edited. ")),
    "a term's name": ("mesa-optimizer", _first(r"^name: .*$", "name: mesa optimizing system")),
    "a term's definition": ("optimizer", _first(r"^definition: \|\n", "definition: |\n  New first words.\n")),
    "a claim's status": ("search-is-costly", _first(r"^status: .*$", "status: contested")),
    "an argument's title": ("cost-argument", _first(r"^title: .*$", "title: The cost argument, renamed")),
    "a relation removed": ("cost-argument", _first(r"^attacks: .*$", "attacks: [diversity-argument]")),
    "a new entry": ("optimizer", lambda text: text),  # see the test
}


@pytest.fixture(params=["one page", "split"])
def listings(request, monkeypatch):
    """The glossary and kind indexes on one page each, or split by letter (kb.pages.indexes)."""
    if request.param == "split":
        from kb.pages import indexes

        monkeypatch.setattr(indexes, "SPLIT_AT", 2)
        monkeypatch.setattr(indexes, "PART_ROWS", 2)
    return request.param


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_the_pages_after_an_edit_are_those_a_full_generation_makes(concepts, edit, listings):
    before = kb.load(concepts)
    generation, changed = update_pages(before)
    assert generation.pages == build_pages(before) and changed == set(generation.pages)
    ident, change = EDITS[edit]
    if edit == "a new entry":
        (concepts / "terms" / "planning-module.yaml").write_text(
            "id: planning-module\nname: planning module\nsummary: A part of a model that plans.\n"
            "definition: A learned optimizer, see [[mesa-optimizer]].\nrelated: [mesa-optimizer]\n", encoding="utf-8")
    else:
        _edit(concepts, ident, change)
    after = kb.load(concepts)
    assert not [p for p in after.check() if p.severity == "error"]
    updated, changed = update_pages(after, generation)
    full = build_pages(after)
    assert updated.pages == full
    assert list(updated.pages) == list(full)  # the same order: MkDocs builds and indexes in it
    assert changed == {p for p in full if full[p] != generation.pages.get(p)}
    assert changed  # every edit here shows somewhere


def test_an_edit_of_text_regenerates_its_own_page_and_a_summary_its_reasons_pages(concepts):
    before = kb.load(concepts)
    _edit(concepts, "optimizer", EDITS["a term's definition"][1])
    after = kb.load(concepts)
    assert affected_entries(before, after, {"optimizer"}) == {"optimizer"}
    _edit(concepts, "cost-argument", _first(r"^summary: ", "summary: Edited. "))
    again = kb.load(concepts)
    concluded = {t for _, t, r in again.graph.out_edges("cost-argument", data="relation")
                 if r in ("conclusion", "supports", "attacks", "premises", "bears_on")}
    assert concluded and affected_entries(after, again, {"cost-argument"}) == {"cost-argument"} | concluded


def test_nothing_changed_regenerates_nothing(concepts):
    generation, _ = update_pages(kb.load(concepts))
    again, changed = update_pages(kb.load(concepts), generation)
    assert changed == set() and again.pages == generation.pages


# --- under mkdocs serve ---------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait(url: str, ok, timeout: float = 240) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and ok(page):
            return page
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed what was expected")


def _built(log: Path, count: int, timeout: float = 240) -> None:
    """Wait until serve's log says the site was built ``count`` times: a changed page is served
    while the rest of the rebuild is still being written."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text(errors="replace").count("Documentation built") >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"mkdocs serve did not finish build {count}: {log.read_text()[-2000:]}")


def _served(html: str) -> str:
    """A page as a build writes it: without serve's live-reload script and canonical link."""
    html = re.sub(r'<link rel="canonical"[^>]*>', "", html)
    html = re.sub(r"<script>\s*var livereload[\s\S]*?</script>", "", html)
    return "\n".join(line.rstrip() for line in html.splitlines() if line.strip())


def _settled(log: Path, timeout: float = 240) -> str:
    """serve's log once every rebuild it started has finished (or failed) and no other began for a
    second (the watcher looks twice a second)."""
    deadline, quiet_since, last = time.monotonic() + timeout, None, None
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        done = text.count("Reloading browsers") + text.count("An error happened during the rebuild")
        if done == text.count("Detected file changes") and text == last:
            if time.monotonic() - quiet_since >= 1.5:
                return text
        else:
            quiet_since, last = time.monotonic(), text
        time.sleep(0.1)
    raise AssertionError(f"mkdocs serve did not settle: {log.read_text()[-2000:]}")


# mkdocs, and mkdocs with the glossary and kind indexes split by letter however short they are
MKDOCS = {"one page": [sys.executable, "-m", "mkdocs"],
          "split": [sys.executable, "-c", "import kb.pages.indexes as i; i.SPLIT_AT, i.PART_ROWS = 2, 2; "
                    "from mkdocs.__main__ import cli; cli()"]}


def _same_as_a_clean_build(site: str, env: dict, clean: Path, mkdocs=MKDOCS["one page"]) -> int:
    """Compare every page and data file the server serves with those of a clean build; returns
    how many were compared."""
    subprocess.run([*mkdocs, "build", "-q", "-d", str(clean)], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    compared = 0
    for path in sorted(clean.rglob("*")):
        if path.suffix not in (".html", ".json") or "assets/vendor" in path.as_posix():
            continue
        rel = path.relative_to(clean).as_posix()
        served = _get(f"{site}/{rel}")
        assert served is not None, f"{rel} is not served"
        if path.suffix == ".json":
            ours, theirs = json.loads(served), json.loads(path.read_text(encoding="utf-8"))
            if ours != theirs and "docs" in ours:  # say which entries of the search index differ
                docs = [json.dumps(d) for d in ours["docs"]], [json.dumps(d) for d in theirs["docs"]]
                pytest.fail(f"{rel}: served only {sorted(set(docs[0]) - set(docs[1]))[:3]}, "
                            f"built only {sorted(set(docs[1]) - set(docs[0]))[:3]}")
            assert ours == theirs, rel
        else:
            assert _served(served) == _served(path.read_text(encoding="utf-8")), rel
        compared += 1
    assert compared > 40
    return compared


NEW_TERM = ("id: {id}\nname: {name}\nsummary: A part of a model that plans.\n"
            "definition: A learned optimizer, see [[mesa-optimizer]].\nrelated: [mesa-optimizer]\n")


@pytest.mark.parametrize("shape", sorted(MKDOCS))
def test_the_served_site_after_an_edit_is_the_site_a_clean_build_makes(concepts, tmp_path, shape):
    """Under mkdocs serve: edits of text, relations and a title that other pages show are
    rendered alone (no MkDocs build); an edit that breaks an entry is reported and leaves the
    site as it was; a new, renamed or deleted entry adds and removes pages, rendered alone too.
    After each kind, every page, data file and the search index are those of a
    clean build; with the glossary and the kind indexes on one page each, and split by letter."""
    env = {**os.environ, "KB_CONCEPTS": str(concepts), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = MKDOCS[shape]
    port = _free_port()
    site = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    log = open(log_path, "w")
    serve = subprocess.Popen([*mkdocs, "serve", "-a", f"127.0.0.1:{port}", "--no-strict"],
                             cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait(f"{site}/terms/mesa-optimizer/", lambda page: True)
        _built(log_path, 1)
        _settled(log_path)
        # a summary (shown on its page, the indexes, glossary, previews, search index), a relation
        # (the neighbours' pages, the graph) and a title shown on the pages of what it bears on
        _edit(concepts, "mesa-optimizer", _first(r"^summary: ", "summary: Edited to be seen. "))
        _wait(f"{site}/terms/mesa-optimizer/", lambda page: "Edited to be seen." in page)
        _built(log_path, 2)
        _settled(log_path)
        before = _get(f"{site}/claims/search-generalizes/")
        _edit(concepts, "cost-argument", EDITS["a relation removed"][1])
        _wait(f"{site}/claims/search-generalizes/", lambda page: page != before)
        _built(log_path, 3)
        _settled(log_path)
        _edit(concepts, "cost-argument", EDITS["an argument's title"][1])
        _wait(f"{site}/claims/search-not-favored/", lambda page: "The cost argument, renamed" in page)
        text = _settled(log_path)
        assert text.count("Documentation built") == 4
        assert text.count("changed page(s) rendered alone") == 3, text[-3000:]  # no MkDocs build
        _same_as_a_clean_build(site, env, tmp_path / "clean-1", mkdocs)

        # an error: said, and the site stays as it was
        def pages():
            return {page: _served(_get(f"{site}/{page}")) for page in
                    ("arguments/diversity-argument/", "claims/search-generalizes/", "search/search_index.json")}
        shown = pages()
        original = next(concepts.rglob("diversity-argument.yaml")).read_text(encoding="utf-8")
        _edit(concepts, "diversity-argument", _first(r"^conclusion: .*\n", ""))
        text = _settled(log_path)
        assert "has no conclusion" in text.split("Edited")[-1] and "still shows" in text
        assert pages() == shown
        next(concepts.rglob("diversity-argument.yaml")).write_text(original, encoding="utf-8")
        _settled(log_path)
        assert pages() == shown

        # a new entry, then renamed (file and id), then deleted: pages added and removed
        (concepts / "terms" / "planning-module.yaml").write_text(
            NEW_TERM.format(id="planning-module", name="planning module"), encoding="utf-8")
        _wait(f"{site}/terms/planning-module/", lambda page: "A part of a model that plans." in page)
        _settled(log_path)
        (concepts / "terms" / "planning-system.yaml").write_text(
            NEW_TERM.format(id="planning-system", name="planning system"), encoding="utf-8")
        (concepts / "terms" / "planning-module.yaml").unlink()
        _wait(f"{site}/terms/planning-system/", lambda page: "planning system" in page)
        _settled(log_path)
        assert _get(f"{site}/terms/planning-module/") is None
        _same_as_a_clean_build(site, env, tmp_path / "clean-2", mkdocs)
        (concepts / "terms" / "planning-system.yaml").unlink()
        _wait(f"{site}/glossary/", lambda page: "planning system" not in page)
        _settled(log_path)
        assert _get(f"{site}/terms/planning-system/") is None
        _same_as_a_clean_build(site, env, tmp_path / "clean-3", mkdocs)
        text = _settled(log_path)
        # every rebuild after the first, new, renamed and deleted entries too, without MkDocs' build
        assert text.count("rendered alone") == text.count("Documentation built") - 1 == 8, text[-3000:]
    finally:
        serve.terminate()
        serve.wait(30)
        log.close()
    text = log_path.read_text()
    assert "Traceback" not in text and "dirty" not in text and "An error happened" not in text, text[-3000:]


# --- kb build checks once ---------------------------------------------------------------------------

def _plugin_files(tmp_path, concepts):
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\ntheme:\n  name: material\nplugins:\n  - kb:\n      concepts: {concepts}\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = config.plugins["kb"]
    plugin.on_config(config)
    try:
        config.plugins.on_files(Files([]), config=config)
    finally:
        plugin.on_post_build(config=config)


def test_the_plugin_checks_again_only_files_kb_build_did_not_check(concepts, tmp_path, monkeypatch, caplog):
    from kb.base import KnowledgeBase
    from kb.build import CHECKED_ENV, checked_digest

    monkeypatch.setenv(CHECKED_ENV, checked_digest(kb.load(concepts)))
    checks = []
    real = KnowledgeBase.check
    monkeypatch.setattr(KnowledgeBase, "check", lambda self, **kw: checks.append(1) or real(self, **kw))
    _plugin_files(tmp_path, concepts)
    assert checks == []  # the very files kb build checked
    _edit(concepts, "cost-argument", _first(r"^conclusion: .*\n", ""))  # now an error
    with caplog.at_level("ERROR"):
        _plugin_files(tmp_path, concepts)
    assert checks == [1] and "has no conclusion" in caplog.text
