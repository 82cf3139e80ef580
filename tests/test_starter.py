"""`kb init DIR`: a new knowledge base for another field that checks and builds clean at once."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import kb
from kb.cli import main
from kb.initialize import InitError, init
from kb.model import KINDS


def test_init_writes_a_starter_for_any_field(tmp_path):
    folder = tmp_path / "bird-songs"
    written = init(folder)
    assert all(path.is_file() for path in written)
    names = {p.relative_to(folder).as_posix() for p in written}
    assert {"mkdocs.yml", "pyproject.toml", "README.md", ".gitignore", ".pre-commit-config.yaml",
            ".github/workflows/kb.yml", ".vscode/settings.json"} <= names
    # one example entry of each kind, and nothing of our own field
    base = kb.load(folder / "concepts")
    assert {kind: len(base.entries(kind)) >= 1 for kind in KINDS} == {kind: True for kind in KINDS}
    text = "\n".join(p.read_text(encoding="utf-8") for p in written).lower()
    assert "mesa" not in text and "optimiz" not in text and "{{kb:" not in text
    assert 'title = "Bird songs"' in (folder / "pyproject.toml").read_text(encoding="utf-8")


def test_the_starter_checks_clean(tmp_path):
    init(tmp_path / "demo")
    assert kb.load(tmp_path / "demo" / "concepts").check() == []  # no error, warning or note


def test_in_the_new_folder_kb_check_and_a_strict_kb_build_need_no_argument(tmp_path, monkeypatch, capsys):
    init(tmp_path / "demo")
    monkeypatch.chdir(tmp_path / "demo")
    monkeypatch.delenv("KB_CONCEPTS", raising=False)
    assert main(["check", "--fail-on", "warning"]) == 0
    assert main(["build"]) == 0, capsys.readouterr().err  # strict unless --no-strict
    assert (tmp_path / "demo" / "site" / "terms" / "steeping" / "index.html").is_file()
    home = (tmp_path / "demo" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Why a long steep tastes bitter" in home  # the reading path of home/reading-paths.yaml
    assert "Demo" in home and "mesa" not in home.lower()  # the title from the settings, not ours
    assert (tmp_path / "demo" / "site" / "writing-entries" / "index.html").is_file()
    assert not (tmp_path / "demo" / "docs" / "index.md").exists()  # the home page is generated


def test_the_starter_site_reads_as_ours_does(tmp_path, monkeypatch):
    """Instant navigation (the search index built once per visit) at the address of the preview,
    the same reading aids, and the guide for contributors linked from the home page only."""
    init(tmp_path / "demo")
    monkeypatch.chdir(tmp_path / "demo")
    monkeypatch.delenv("KB_CONCEPTS", raising=False)
    monkeypatch.delenv("KB_SITE_URL", raising=False)
    assert main(["build"]) == 0
    home = (tmp_path / "demo" / "site" / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', home, re.S).group(1))
    assert {"navigation.instant", "navigation.footer", "toc.follow"} <= set(config["features"])
    assert '<link rel="canonical" href="http://localhost:8000/">' in home
    nav = set(re.findall(r'<a href="([^"#]*)" class="md-nav__link', home))
    assert "terms/" in nav and "writing-entries/" not in nav
    assert 'href="writing-entries/"' in home
    monkeypatch.setenv("KB_SITE_URL", "https://example.org/tea/")
    assert main(["build"]) == 0
    home = (tmp_path / "demo" / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/tea/">' in home


def test_the_editor_settings_name_the_schemas_written(tmp_path):
    folder = tmp_path / "demo"
    init(folder)
    settings = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema, pattern in settings["yaml.schemas"].items():
        kind = schema.split("/")[-1].split(".")[0]
        assert pattern == f"concepts/{KINDS[kind].folder}/*.yaml"
        assert json.loads((folder / schema).read_text(encoding="utf-8"))["title"].startswith(f"kb {kind} entry")
    for entry in kb.load(folder / "concepts").entries():
        first = Path(entry.file).read_text(encoding="utf-8").splitlines()[0]
        schema = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first).group(1)
        assert (Path(entry.file).parent / schema).resolve() == (folder / "schemas" / f"{entry.kind}.schema.json")


def test_the_pre_commit_configuration_checks_the_whole_base(tmp_path):
    init(tmp_path / "demo")
    config = yaml.safe_load((tmp_path / "demo" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == "kb check" and hook["pass_filenames"] is False
    assert hook["additional_dependencies"] == [f"kb-argmap[site]=={kb.initialize._values(tmp_path)['version']}"]


@pytest.mark.parametrize("make", [
    lambda p: (p.mkdir(), (p / "notes.txt").write_text("mine", encoding="utf-8")),
    lambda p: (p.mkdir(), (p / ".git").mkdir()),
    lambda p: p.write_text("a file", encoding="utf-8"),
    lambda p: p.symlink_to(p.parent),
])
def test_init_refuses_anything_but_a_new_or_empty_folder(tmp_path, capsys, make):
    target = tmp_path / "target"
    make(target)
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(InitError):
        init(target)
    assert main(["init", str(target)]) == 1
    assert "kb init never overwrites" in capsys.readouterr().err or target.is_symlink() or target.is_file()
    assert sorted(tmp_path.rglob("*")) == before


def test_init_fills_an_empty_folder_and_reports_what_it_wrote(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty")]) == 0
    out, err = capsys.readouterr()
    assert str(tmp_path / "empty" / "mkdocs.yml") in out.splitlines() and "kb check" in err


def test_a_failure_half_way_removes_only_what_init_wrote(tmp_path, monkeypatch):
    import kb.initialize as initialize

    calls = []

    def failing(path, text):
        calls.append(path)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        real(path, text)

    real = initialize._write_new
    monkeypatch.setattr(initialize, "_write_new", failing)
    (tmp_path / "kept").mkdir()
    with pytest.raises(OSError):
        init(tmp_path / "kept")
    assert list((tmp_path / "kept").iterdir()) == []  # the folder was the user's: it stays, empty
