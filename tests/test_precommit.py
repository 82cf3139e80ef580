"""The pre-commit hook of .pre-commit-hooks.yaml, run by pre-commit's own `try-repo`.

pre-commit installs this repository into a virtual environment of its own, as it would for a
user; pip reads the wheelhouse made from this environment (tests/wheelhouse.py) instead of an
index, which keeps the install to seconds.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from wheelhouse import offline_pip_env

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def test_the_hook_is_declared_as_pre_commit_expects():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "kb-check")
    assert hook["language"] == "python" and hook["entry"].split()[:2] == ["kb", "check"]
    # a check of the changed files alone cannot see references they break in other files
    assert hook["pass_filenames"] is False
    import re
    assert re.search(hook["files"], "concepts/terms/a.yaml") and not re.search(hook["files"], "docs/index.md")


def git(repo: Path, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


@pytest.mark.skipif(not (ROOT / ".git").exists() or not PRE_COMMIT.exists(),
                    reason="needs this repository's git checkout and pre-commit")
def test_try_repo_checks_the_whole_base_and_reports_a_reference_broken_elsewhere(tmp_path, wheelhouse):
    repo = tmp_path / "notes"
    shutil.copytree(FIXTURES / "good", repo / "concepts")
    shutil.copytree(FIXTURES / "texts", repo / "texts")  # the sources' text: is ../../texts/...
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a clean knowledge base")
    # Rename a claim: the file changed is itself fine; the arguments that cite the old id are not.
    old = repo / "concepts" / "claims" / "search-is-costly.yaml"
    new = old.with_name("search-is-expensive.yaml")
    new.write_text(old.read_text(encoding="utf-8").replace("id: search-is-costly", "id: search-is-expensive"),
                   encoding="utf-8")
    old.unlink()
    git(repo, "add", "-A")
    env = offline_pip_env(wheelhouse, os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    result = subprocess.run([str(PRE_COMMIT), "try-repo", str(ROOT), "kb-check", "--files",
                             "concepts/claims/search-is-expensive.yaml"],
                            cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "kb check" in output and "Failed" in output
    assert "concepts/arguments/cost-argument.yaml" in output and "KB301" in output
    assert "search-is-costly" in output and "Traceback" not in output
