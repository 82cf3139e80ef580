"""The package as a new user gets it: the wheel carries every file kb reads at run time (the
vendored JavaScript included), and, installed into a fresh virtual environment, `kb check` and
`kb build` work on a knowledge base in a folder of its own with no npm on the PATH and no network.

The wheel (fixture ``kb_wheel``) and the environment (``kb_venv``) are built once per session
in tests/conftest.py.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from conftest import CHECKOUT, isolated_env

from test_site_build import foreign_requests

FIXTURE = Path(__file__).parent / "fixtures" / "site"
MKDOCS_YML = """\
site_name: Demo field
theme:
  name: material
  font: false
plugins:
  - search
  - kb
"""


def test_the_wheel_carries_every_file_kb_reads(kb_wheel):
    names = set(zipfile.ZipFile(kb_wheel).namelist())
    spec = json.loads((CHECKOUT / "kb" / "assets" / "vendor.json").read_text(encoding="utf-8"))["packages"]
    tracked = subprocess.run(["git", "ls-files", "kb"], cwd=CHECKOUT, capture_output=True, text=True).stdout.split()
    data = [p for p in tracked if not p.endswith(".py")]
    assert "kb/assets/vendor.json" in data and "kb/py.typed" in data
    assert set(data) <= names, sorted(set(data) - names)
    for name, pkg in spec.items():
        folder = f"kb/assets/vendor/{name}-{pkg['version']}"
        for dest in pkg["files"].values():
            assert f"{folder}/{dest}" in names
        stamp = zipfile.ZipFile(kb_wheel).read(f"{folder}/.integrity").decode().strip()
        assert stamp == pkg["integrity"]
    assert not [n for n in names if not n.startswith(("kb/", "kb_argmap-"))], "only the package and its metadata"
    metadata = zipfile.ZipFile(kb_wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Name: kb-argmap" in metadata and "License-Expression: MIT" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    entry_points = zipfile.ZipFile(kb_wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "kb = kb.cli:main" in entry_points and "kb = kb.plugin:KnowledgeBasePlugin" in entry_points


def _demo_project(kb_venv, tmp_path):
    """A small project (the fixture base, docs/, mkdocs.yml) and the isolated environment to run the installed kb in."""
    project = tmp_path / "demo"
    shutil.copytree(FIXTURE, project / "concepts")
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return project, isolated_env(kb_venv, tmp_path / "home")


def test_an_installed_kb_checks_and_builds_a_site_offline_without_npm(kb_venv, tmp_path):
    project, env = _demo_project(kb_venv, tmp_path)
    assert shutil.which("npm", path=env["PATH"]) is None

    def kb(*args):
        return subprocess.run([str(kb_venv / "kb"), *args], cwd=project, env=env, capture_output=True, text=True,
                              timeout=600)

    version = kb("--version")
    assert version.returncode == 0 and version.stdout.startswith("kb (kb-argmap) "), version.stderr
    check = kb("check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = kb("build", "-o", "site")
    assert build.returncode == 0, build.stdout + build.stderr
    site = project / "site"
    assert (site / "index.html").is_file() and (site / "graph" / "index.html").is_file()
    vendored = site / "assets" / "vendor" / "cytoscape.min.js"
    assert vendored.is_file() and vendored.stat().st_size > 100_000
    assert "cytoscape.min.js" in (site / "graph" / "index.html").read_text(encoding="utf-8")
    assert foreign_requests(site) == []
    home = (site / "index.html").read_text(encoding="utf-8")
    # the project's own title, and nothing of this repository's home page
    assert "<h1 id=\"demo-field\">Demo field" in home and "An annotated knowledge base of" in home
    assert "Learned optimization" not in home and "reading path" not in home.lower()
    # nothing was written but the site: not into the package, the checkout or a cache
    assert sorted(p.name for p in project.iterdir()) == ["concepts", "docs", "mkdocs.yml", "site"]
    # the user's cache holds the parsed files of kb check, and nothing fetched (the wheel carries the vendored files)
    cache = tmp_path / "home" / ".cache"
    assert sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if not p.is_file()) == \
        ["kb-argmap", "kb-argmap/parsed"]
    assert [p.suffix for p in cache.rglob("*") if p.is_file()] == [".parsed"]
    installed = next(kb_venv.parent.glob("lib/python*/site-packages"))
    assert not (installed / "concepts").exists() and not (installed / "mkdocs.yml").exists()


def test_an_installed_kb_outside_a_project_says_what_to_do(kb_venv, tmp_path):
    env = isolated_env(kb_venv, tmp_path / "home")
    (tmp_path / "empty" / ".git").mkdir(parents=True)
    for args in (["check"], ["new", "term", "Idea"], ["build"]):
        proc = subprocess.run([str(kb_venv / "kb"), *args], cwd=tmp_path / "empty", env=env, capture_output=True,
                              text=True)
        assert proc.returncode == 2 and "no knowledge base found" in proc.stderr and "kb init" in proc.stderr, proc.stderr
    python = subprocess.run([str(kb_venv / "python"), "-c", "import kb; kb.load()"], cwd=tmp_path / "empty", env=env,
                            capture_output=True, text=True)
    assert python.returncode == 1 and "NoProject: no knowledge base found" in python.stderr
    installed = next(kb_venv.parent.glob("lib/python*/site-packages"))
    assert not list(installed.glob("concepts*")) and not (installed / "kb" / "concepts").exists()


def test_without_the_packaged_copy_or_npm_the_message_names_the_cause_and_the_fix(kb_venv, tmp_path):
    project, env = _demo_project(kb_venv, tmp_path)
    # a kb installed without the vendored copy (from a source tree, say): its packaged copy hidden
    installed = next(kb_venv.parent.glob("lib/python*/site-packages"))
    packaged = installed / "kb" / "assets" / "vendor"
    hidden = installed / "kb" / "assets" / "vendor-hidden"
    packaged.rename(hidden)
    try:
        proc = subprocess.run([str(kb_venv / "kb"), "build", "-o", "site"], cwd=project, env=env,
                              capture_output=True, text=True)
    finally:
        hidden.rename(packaged)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    message = proc.stderr
    assert "not in this installation of kb" in message and "npm" in message and "is not on the PATH" in message
    assert "pip install kb-argmap" in message and "KB_VENDOR_DIR" in message
    assert not (project / "site").exists()
