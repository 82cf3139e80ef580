"""The home page belongs to the knowledge base, not to the tool: its title, introduction and
reading paths come from the project's settings and data (ours: pyproject.toml [tool.kb] and
home/), a project without them gets a generic page, a project's own docs/index.md is kept, and
a reading path's length is computed from what it asks to read."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import kb
from kb.build import build_site
from kb.pages import build_pages
from kb.pages.paths import reading_words
from kb.project import HomeText, ReadingPath, find_project, project_at, read_home

HERE = Path(__file__).parent
CHECKOUT = HERE.parent
SITE = HERE / "fixtures" / "site"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_our_home_page_comes_from_this_repositorys_settings_and_data():
    project = find_project(CHECKOUT)
    home, problems = read_home(project)
    assert problems == []
    assert home.title == "Learned optimization"
    assert home.introduction.startswith("# Learned optimization: an annotated knowledge base")
    assert [p.title for p in home.reading_paths][0] == "The core of mesa-optimization"
    page = build_pages(kb.load(project.concepts), home, guide="writing-entries.md")["index.md"]
    assert page.startswith("---\ntitle: \"Learned optimization\"\n")
    assert "# Learned optimization: an annotated knowledge base\n" in page and "mesa-optimizer" in page
    assert "### The core of mesa-optimization {#path-1}" in page
    assert "(writing-entries.md)" in page and "(rules.md)" in page
    assert "in ten minutes" not in page


def test_the_pages_code_holds_no_text_of_our_field():
    # (docstring examples elsewhere name our entries; what makes the home page holds no word of it)
    for path in [CHECKOUT / "kb" / "pages" / "home.py", CHECKOUT / "kb" / "pages" / "paths.py",
                 CHECKOUT / "kb" / "plugin.py", CHECKOUT / "kb" / "project.py"]:
        assert "mesa" not in path.read_text(encoding="utf-8").lower(), path


def test_with_no_settings_the_home_page_is_generic():
    base = kb.load(SITE)
    page = build_pages(base)["index.md"]
    assert page.startswith("---\ntitle: \"Knowledge base\"\n") and "\n# Knowledge base\n" in page
    counts = {kind: len(base.entries(kind)) for kind in kb.KINDS}
    assert f"An annotated knowledge base of {len(base)} entries ({counts['term']} terms, " in page
    assert "mesa" not in page.split("## Where to start")[0].lower()
    assert "{#path-" not in page and "(writing-entries.md)" not in page and "(rules.md)" in page
    assert "(glossary.md)" in page and "(terms/index.md)" in page


def test_the_title_falls_back_to_mkdocs_site_name(tmp_path):
    write(tmp_path, {"mkdocs.yml": "site_name: Tidal ecology\nplugins:\n  - kb\n"})
    (tmp_path / "concepts").mkdir()
    home, problems = read_home(project_at(tmp_path))
    assert problems == [] and home.title == "Tidal ecology"
    page = build_pages(kb.load(SITE), home)["index.md"]
    assert "\n# Tidal ecology\n" in page


def test_the_home_page_says_how_to_preview_on_a_phone_too():
    page = build_pages(kb.load(SITE))["index.md"]
    assert "Hover" not in page
    assert "mouse" in page and "phone or tablet, tap the link" in page


def test_a_projects_settings_make_its_home_page(tmp_path):
    shutil.copytree(SITE, tmp_path / "kb-data")
    write(tmp_path, {
        "pyproject.toml": '[tool.kb]\nconcepts = "kb-data"\ntitle = "Coral reefs"\n'
                          'introduction = "start/intro.md"\nreading_paths = "start/paths.yaml"\n',
        "start/intro.md": "Reefs, *briefly*.\n",
        "start/paths.yaml": "- title: First steps\n  blurb: Where to begin.\n  ids: [optimizer, mesa-optimizer]\n"
                            "- title: Too short\n  ids: [optimizer, not-here]\n"})
    project = find_project(tmp_path)
    home, problems = read_home(project)
    assert problems == []
    pages = build_pages(kb.load(project.concepts), home)
    page = pages["index.md"]
    assert page.startswith("---\ntitle: \"Coral reefs\"\n") and "\n# Coral reefs\n\nReefs, <em>briefly</em>.\n" in page
    assert "### First steps {#path-1}\n\nWhere to begin.\n" in page
    assert "Too short" not in page          # one entry left: not shown
    assert re.findall(r"^\d+\. \[([^\]]+)\]", page.split("{#path-1}")[1].split("###")[0], re.M) == \
        ["optimizer", "mesa-optimizer"]
    assert "Reading path [First steps](../index.md#path-1): step 1 of 2" in pages["terms/optimizer.md"]
    # kb check reports the id no entry has, where it is
    from kb.project import check_project

    (p,) = check_project(project, kb.load(project.concepts))
    assert (p.code, p.line, p.file.endswith("paths.yaml")) == ("KB122", 5, True) and "not-here" in p.message


def test_reading_time_is_computed_from_what_the_path_asks_to_read(tmp_path):
    words = " ".join(f"w{i}" for i in range(396))
    write(tmp_path, {
        "terms/alpha.yaml": f"id: alpha\nname: alpha\nsummary: One two three.\ndefinition: {words}\n",
        "terms/beta.yaml": "id: beta\nname: beta term\nsummary: Short.\ndefinition: See [[alpha]] and "
                           "[this](https://example.org/a-long-url).\n"})
    base = kb.load(tmp_path)
    assert [reading_words(base["alpha"]), reading_words(base["beta"])] == [1 + 3 + 396, 2 + 1 + 4]
    path = ReadingPath(title="Both", ids=("alpha", "beta"))
    page = build_pages(base, HomeText(reading_paths=(path,)))["index.md"]
    assert "*2 entries, about 2 minutes of reading (407 words at 200 a minute).*" in page


def test_the_bundled_paths_claim_no_length_and_show_the_computed_one():
    project = find_project(CHECKOUT)
    base = kb.load(project.concepts)
    home, _ = read_home(project)
    page = build_pages(base, home)["index.md"]
    core = page.split("{#path-1}")[1].split("###")[0]
    ids = re.findall(r"^\d+\. \[[^\]]*\]\(\w+/([a-z0-9-]+)\.md", core, flags=re.M)
    total = sum(reading_words(base[i]) for i in ids)
    minutes = max(1, round(total / 200))
    assert f"*{len(ids)} entries, about {minutes} minutes of reading ({total:,} words at 200 a minute).*" in core
    assert not re.search(r"\bin (ten|five|\d+) minutes\b", page)


MKDOCS = "site_name: Own home\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - kb{options}\n"


def project_with_own_index(tmp_path, options="") -> Path:
    root = tmp_path / "own"
    shutil.copytree(SITE, root / "concepts")
    write(root, {"mkdocs.yml": MKDOCS.format(options=options),
                 "docs/index.md": "# Our own front page\n\nWritten by hand: see the [glossary](glossary.md).\n"})
    return root


def test_a_projects_own_index_md_is_kept(tmp_path, capsys):
    root = project_with_own_index(tmp_path)
    assert build_site(root / "concepts", root / "site", config_file=root / "mkdocs.yml") == 0, capsys.readouterr().err
    index = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Our own front page" in index and "Written by hand" in index
    assert (root / "site" / "glossary" / "index.html").is_file()
    terms = (root / "site" / "terms" / "optimizer" / "index.html").read_text(encoding="utf-8")
    assert "#path-" not in terms     # no reading paths to link to on a home page the project wrote
    assert (root / "docs" / "index.md").read_text(encoding="utf-8").startswith("# Our own front page")


def test_home_generate_refuses_to_replace_a_projects_index_md(tmp_path, capsys):
    root = project_with_own_index(tmp_path, options=":\n      home: generate")
    assert build_site(root / "concepts", root / "site", config_file=root / "mkdocs.yml") == 1
    err = capsys.readouterr().err
    assert "docs/index.md exists" in err and "home: keep" in err
    assert not (root / "site").exists()
