"""The current project: found from the current folder up, its settings read and validated with
file:line messages, and every command's default (kb.load(), kb check, kb new...) taken from it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kb
from kb.project import NoProject, SettingsError, check_project, find_project, project_at

HERE = Path(__file__).parent
GOOD = HERE / "fixtures" / "good"


def make(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def base_in(root: Path, folder: str = "concepts") -> Path:
    shutil.copytree(GOOD, root / folder)
    return root / folder


# --- finding the project -------------------------------------------------------------------------

def test_a_pyproject_with_tool_kb_comes_before_mkdocs_yml_and_concepts(tmp_path):
    make(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n\n[tool.kb]\nconcepts = "kb-data"\n',
                    "mkdocs.yml": "site_name: S\nplugins:\n  - kb\n"})
    (tmp_path / "concepts").mkdir()
    deep = tmp_path / "kb-data" / "terms"
    deep.mkdir(parents=True)
    project = find_project(deep)
    assert (project.root, project.found_by) == (tmp_path, "pyproject.toml")
    assert project.concepts == tmp_path / "kb-data"
    assert project.mkdocs_config == tmp_path / "mkdocs.yml" and project.site_name == "S"
    assert project.problems == ()


def test_a_pyproject_without_tool_kb_does_not_count(tmp_path):
    make(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n', "mkdocs.yml": "site_name: S\nplugins:\n  - search\n"})
    (tmp_path / "concepts").mkdir()
    assert find_project(tmp_path).found_by == "concepts/"
    make(tmp_path, {"mkdocs.yml": "site_name: S\nplugins:\n  - search\n  - kb:\n      concepts: entries\n"})
    project = find_project(tmp_path)
    assert project.found_by == "mkdocs.yml" and project.concepts == tmp_path / "entries"


def test_the_nearest_folder_wins_and_the_walk_stops_at_the_repository(tmp_path):
    (tmp_path / "concepts").mkdir()
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "src").mkdir()
    with pytest.raises(NoProject, match="kb init"):
        find_project(repo / "src")          # the concepts/ above the repository is not ours
    (repo / "concepts").mkdir()
    assert find_project(repo / "src").root == repo


def test_no_project_is_a_clear_error_from_every_default(tmp_path):
    (tmp_path / ".git").mkdir()
    for command in (["check"], ["stats"], ["new", "term", "Thing"], ["build", "-o", "site"]):
        proc = subprocess.run([sys.executable, "-m", "kb", *command], cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 2, (command, proc.stderr)
        assert proc.stderr.startswith("kb: no knowledge base found in") and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git"]   # nothing written


# --- settings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("files, line, fragment", [
    ({"pyproject.toml": "[tool.kb]\nconcepts = \"concepts\"\ntitel = \"T\"\n"}, 3, "unknown setting 'titel'"),
    ({"pyproject.toml": "[tool.kb]\n\ntitle = 3\n"}, 3, "'title' must be text, not a number"),
    ({"pyproject.toml": "[tool.kb]\nhome = \"replace\"\n"}, 2, "'home' is 'replace'"),
    ({"pyproject.toml": "[tool.kb]\nintroduction = \"home.md\"\n"}, 2, "the file home.md does not exist"),
    ({"pyproject.toml": "[tool.kb]\ntitle = \"unclosed\n"}, 2, "not valid TOML"),
    ({"mkdocs.yml": "site_name: S\nplugins:\n  - kb:\n      concepts: c\n      reading-paths: p.yaml\n"}, 5,
     "did you mean 'reading_paths'"),
    ({"mkdocs.yml": "site_name: S\nplugins:\n  - kb:\n      concepts: [a, b]\n"}, 4, "'concepts' must be text, not a list"),
    ({"pyproject.toml": "[tool.kb]\ntitle = \"One\"\n", "mkdocs.yml": "plugins:\n  - kb:\n      title: Two\n"}, 3,
     "'title' is 'Two' here but 'One' in"),
])
def test_settings_are_validated_with_file_and_line(tmp_path, monkeypatch, files, line, fragment):
    make(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    project = find_project()
    (p, *rest) = project.problems
    assert not rest, rest
    assert (p.code, p.severity, p.line) == ("KB120", "error", line), str(p)
    assert fragment in str(p) and p.fix, str(p)
    with pytest.raises(SettingsError, match=fragment.replace("(", r"\(").replace("?", r"\?")):
        kb.load()
    shutil.copytree(GOOD, project.concepts)
    proc = subprocess.run([sys.executable, "-m", "kb", "check", "--format", "github"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and f"line={line}" in proc.stdout and "KB120" in proc.stdout, proc.stdout + proc.stderr


def test_the_same_setting_in_both_places_is_fine(tmp_path):
    make(tmp_path, {"pyproject.toml": "[tool.kb]\nconcepts = \"c\"\n", "mkdocs.yml": "plugins:\n  - kb:\n      concepts: ./c\n"})
    project = project_at(tmp_path)
    assert project.problems == () and project.concepts == tmp_path / "c"


def test_mkdocs_tags_are_read_as_mkdocs_reads_them(tmp_path, monkeypatch):
    make(tmp_path, {"mkdocs.yml": "site_name: S\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
                                  "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                                  "plugins:\n  - kb:\n      concepts: !ENV [MY_KB, fallback]\n"})
    monkeypatch.delenv("MY_KB", raising=False)
    assert project_at(tmp_path).concepts == tmp_path / "fallback"
    monkeypatch.setenv("MY_KB", "chosen")
    assert project_at(tmp_path).concepts == tmp_path / "chosen"


# --- kb.load() and the commands' defaults ----------------------------------------------------------

def test_load_with_no_argument_is_the_current_project(tmp_path, monkeypatch):
    make(tmp_path, {"pyproject.toml": "[tool.kb]\nconcepts = \"knowledge\"\n"})
    base_in(tmp_path, "knowledge")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    base = kb.load()
    assert base.root == tmp_path / "knowledge" and len(base) == len(kb.load(GOOD))


def test_load_of_a_missing_folder_is_an_error_not_an_empty_base(tmp_path, monkeypatch):
    make(tmp_path, {"pyproject.toml": "[tool.kb]\nconcepts = \"not-yet\"\n"})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="not-yet is not a folder"):
        kb.load()
    with pytest.raises(FileNotFoundError):
        kb.load(tmp_path / "elsewhere")


def test_commands_default_to_the_current_projects_concepts(tmp_path):
    concepts = base_in(tmp_path)
    (tmp_path / "deeper").mkdir()
    run = lambda *a: subprocess.run([sys.executable, "-m", "kb", *a], cwd=tmp_path / "deeper",  # noqa: E731
                                    capture_output=True, text=True)
    assert run("check").returncode == 0
    stats = run("stats")
    assert stats.returncode == 0 and f"{'entries':12} {len(kb.load(concepts)):6}" in stats.stdout
    new = run("new", "term", "Fresh idea")
    assert new.returncode == 0, new.stderr
    assert Path(new.stdout.strip()).resolve() == concepts / "terms" / "fresh-idea.yaml"
    assert (concepts / "terms" / "fresh-idea.yaml").is_file()
    assert run("export", "--format", "json").stdout.count('"id": "fresh-idea"') == 1
    assert run("--version").stdout.strip() == f"kb (kb-argmap) {kb.__version__}"
