"""Every command that writes refuses a target it would litter or damage (kb.targets): the project's
root, its knowledge base, its docs, the home folder, a folder holding one of them, a folder inside
the knowledge base; with a clear message, and nothing written."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kb.build import site_dir_refusal
from kb.cli import main
from kb.project import project_at
from kb.targets import places, refusal

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project in a home folder of its own: the good base, its texts, an empty docs folder, the
    settings; the current folder is its root."""
    home = tmp_path / "home"
    root = home / "field"
    shutil.copytree(FIXTURES / "good", root / "concepts")
    shutil.copytree(FIXTURES / "texts", root / "texts")
    (root / "docs").mkdir()
    (root / "pyproject.toml").write_text('[tool.kb]\nconcepts = "concepts"\n', encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Field\ntheme:\n  name: material\n  font: false\n"
                                     "plugins:\n  - search\n  - kb\n", encoding="utf-8")
    (root / ".git").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(root)
    return root


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


COMMANDS = {
    "kb pages -o": ["pages", "-o"],
    "kb export -o (csv)": ["export", "--format", "csv", "-o"],
    "kb schema -o": ["schema", "-o"],
    "kb build -o": ["build", "-o"],
    "kb new --dir": ["new", "term", "A new term", "--dir"],
    "kb init": ["init"],
}
TARGETS = {  # target -> what the message names
    ".": "is the project",
    "concepts": "is the knowledge base",
    "docs": "is the docs folder",
    "..": "is your home folder",
    "../..": "holds your home folder",
    "concepts/terms/out": "lies inside the knowledge base",
}


@pytest.mark.parametrize("command, target", [
    (command, target) for command in COMMANDS for target in TARGETS
    if not (command == "kb new --dir" and target.startswith("concepts"))  # the folder kb new writes into
])
def test_every_command_that_writes_refuses_a_place_it_would_litter(project, capsys, command, target):
    what = TARGETS[target]
    before = tree(project.parent.parent)
    status = main([*COMMANDS[command], target])
    err = capsys.readouterr().err
    assert status in (1, 2), err
    assert what in err and "Traceback" not in err, err
    assert "Choose a folder" in err, err
    assert tree(project.parent.parent) == before


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "kb build -o"])
def test_a_folder_of_its_own_is_written(project, capsys, command):
    """The control: the same commands write into a new folder of the project."""
    target = "out" if command != "kb new --dir" else "concepts"
    assert main([*COMMANDS[command], target]) == 0, capsys.readouterr().err
    assert any((project / target).rglob("*"))


def test_an_export_file_beside_the_project_is_written_and_one_in_the_base_refused(project, capsys):
    assert main(["export", "-o", "kb.json"]) == 0 and (project / "kb.json").is_file()
    assert main(["export", "-o", "concepts/kb.json"]) == 1
    assert "lies inside the knowledge base" in capsys.readouterr().err
    assert not (project / "concepts" / "kb.json").exists()


def test_the_rule_itself(project):
    kept = places(project_at(project), project / "concepts")
    assert set(kept) == {"your home folder", "the project", "the docs folder", "the knowledge base"}
    assert refusal(project / "site", kept) is None and refusal(project / "docs" / "data", kept) is None
    assert refusal(project / "docs" / "data", kept, inside=("the docs folder",)).startswith(
        f"-o '{project / 'docs' / 'data'}' lies inside the docs folder")
    os.symlink(project / "concepts", project / "link")  # a link is judged by where it leads
    assert " is the knowledge base " in refusal(project / "link", kept)
    # mkdocs.yml's docs_dir is the docs folder, and the plugin's site_dir follows the same rule
    (project / "mkdocs.yml").write_text("site_name: x\ndocs_dir: pages\nplugins: [kb]\n", encoding="utf-8")
    assert project_at(project).docs == project / "pages"
    assert "site_dir 'pages' is the docs folder" in site_dir_refusal("pages", project_at(project), project / "concepts")
    assert "holds your home folder" in site_dir_refusal(str(project.parent.parent), project_at(project),
                                                       project / "concepts")
