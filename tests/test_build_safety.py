"""`kb build -o OUT` never deletes what it did not make: it replaces only a new or empty folder or a
site an earlier build made (marker file), never builds over or inside the knowledge base, the docs
or the project, writes nothing outside OUT, and leaves nothing behind when interrupted."""
from __future__ import annotations

import hashlib
import os
import signal
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.build import MARKER, build_site

HERE = Path(__file__).parent
ROOT = HERE.parent
FIXTURE = HERE / "fixtures" / "site"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture
def user_files(tmp_path) -> Path:
    folder = tmp_path / "thesis"
    (folder / "chapters").mkdir(parents=True)
    (folder / "chapters" / "one.md").write_text("months of work")
    (folder / "notes.txt").write_text("do not lose")
    return folder


def refused(capsys, *fragments) -> str:
    err = capsys.readouterr().err
    assert err.startswith("kb: ") and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for fragment in fragments:
        assert fragment in err, err
    return err


def test_a_folder_of_the_users_files_is_refused_and_left_intact(user_files, capsys):
    before = snapshot(user_files)
    assert build_site(FIXTURE, user_files) == 1
    refused(capsys, "did not make", MARKER)
    assert snapshot(user_files) == before
    assert sorted(p.name for p in user_files.iterdir()) == ["chapters", "notes.txt"]


def test_the_knowledge_base_itself_is_refused(tmp_path, capsys):
    concepts = tmp_path / "concepts"
    shutil.copytree(FIXTURE, concepts)
    before = snapshot(concepts)
    assert build_site(concepts, concepts) == 1
    refused(capsys, "the knowledge base")
    assert snapshot(concepts) == before


@pytest.mark.parametrize("where", ["parent", "inside"])
def test_a_folder_holding_or_inside_the_knowledge_base_is_refused(tmp_path, capsys, where):
    project = tmp_path / "project"
    concepts = project / "concepts"
    shutil.copytree(FIXTURE, concepts)
    (concepts / MARKER).write_text("planted")          # a marker does not make the knowledge base fair game
    (project / MARKER).write_text("planted")
    out = project if where == "parent" else concepts / "terms" / "site"
    before = snapshot(project)
    assert build_site(concepts, out) == 1
    refused(capsys, "the knowledge base")
    assert snapshot(project) == before


def test_the_project_root_and_the_current_folder_are_refused(tmp_path, capsys, monkeypatch):
    assert build_site(FIXTURE, ROOT) == 1
    refused(capsys, "is the project")
    assert (ROOT / "mkdocs.yml").is_file() and (ROOT / "kb" / "build.py").is_file()
    work = tmp_path / "work"
    work.mkdir()
    (work / MARKER).write_text("")
    monkeypatch.chdir(work)  # not a project: the configuration is given
    assert build_site(FIXTURE, tmp_path, config_file=ROOT / "mkdocs.yml") == 1
    refused(capsys, "the current folder")


def test_a_symbolic_link_is_refused(user_files, tmp_path, capsys):
    link = tmp_path / "link"
    link.symlink_to(user_files, target_is_directory=True)
    before = snapshot(user_files)
    assert build_site(FIXTURE, link) == 1
    refused(capsys, "symbolic link")
    assert snapshot(user_files) == before and link.is_symlink()


def test_a_new_or_empty_folder_is_built_marked_and_then_replaceable(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build_site(FIXTURE, empty) == 0
    assert (empty / MARKER).is_file() and (empty / "index.html").is_file()
    (empty / "stale.html").write_text("from an earlier build")
    assert build_site(FIXTURE, empty) == 0
    assert not (empty / "stale.html").exists() and (empty / MARKER).is_file()


def test_nothing_is_written_outside_the_output_folder(tmp_path):
    beside = tmp_path / "beside"
    beside.mkdir()
    (beside / "a.txt").write_text("x")
    before = sorted(p.name for p in beside.iterdir())
    assert build_site(FIXTURE, beside / "site") == 0
    assert sorted(p.name for p in beside.iterdir()) == sorted(before + ["site"])
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURE, bad)
    (bad / "terms" / "search.yaml").write_text("id: search\nname: search\n")
    assert build_site(bad, beside / "never") == 1
    assert sorted(p.name for p in beside.iterdir()) == sorted(before + ["site"])   # no empty 'never' left


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if text in (proc / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_build_leaves_the_previous_site_and_no_temporary_folder_or_process(tmp_path, sig):
    out = tmp_path / "site"
    assert build_site(FIXTURE, out) == 0
    before = snapshot(out)
    interrupted = 0
    for _attempt in range(6):   # on a loaded machine the build may finish before the signal lands: retry
        proc = subprocess.Popen([sys.executable, "-m", "kb", "build", str(FIXTURE), "-o", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while proc.poll() is None and not (any(p.name.startswith(".kb-new-") for p in out.iterdir())
                                           and _processes_mentioning(str(out / ".kb-new-"))):
            assert time.monotonic() < deadline, "the build neither started mkdocs nor ended"
            time.sleep(0.01)
        if proc.poll() is None:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        assert "Traceback" not in err, err
        assert [p.name for p in out.iterdir() if p.name.startswith((".kb-new-", ".kb-old-"))] == []
        assert _processes_mentioning(str(out / ".kb-new-")) == []
        if proc.returncode == 0:       # the build won the race: a complete new site, like the old one
            assert (out / MARKER).is_file() and (out / "index.html").is_file()
            before = snapshot(out)
            continue
        assert snapshot(out) == before
        interrupted += 1
        if interrupted >= 1:
            break
    assert interrupted, "no attempt was interrupted mid-build"
