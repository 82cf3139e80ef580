"""A new user's first five minutes, for real: the built wheel installed into a fresh virtual
environment with no npm on the PATH, then `kb init demo && cd demo && kb check && kb build`;
and the generated GitHub Actions workflow, its steps' commands run one by one.

One fresh environment serves the whole session (tests/wheelhouse.py keeps its install offline
and short).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from conftest import isolated_env
from test_site_build import broken_links, foreign_requests
from wheelhouse import offline_pip_env

TOOLS = ("bash", "sh", "git")  # all the generated project's commands need besides kb itself


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory, kb_venv, kb_wheel, wheelhouse):
    """The session's fresh virtual environment with the built wheel installed (conftest's
    kb_venv), and an environment whose PATH holds that venv, git and a shell: no npm, no node.
    pip there installs from the wheelhouse and the wheel's folder only."""
    root = tmp_path_factory.mktemp("fresh-user")
    tools = root / "tools"
    tools.mkdir()
    for tool in TOOLS:
        (tools / tool).symlink_to(shutil.which(tool))
    env = isolated_env(kb_venv, root / "home")
    env["PATH"] = f"{kb_venv}{os.pathsep}{tools}"
    env.update(offline_pip_env(wheelhouse, {}))
    env["PIP_FIND_LINKS"] = f"{wheelhouse} {Path(kb_wheel).parent}"
    assert shutil.which("npm", path=env["PATH"]) is None and shutil.which("node", path=env["PATH"]) is None
    return SimpleNamespace(venv=kb_venv.parent, env=env, root=root)


def run(fresh, command: str, cwd: Path, extra_env=None):
    """A command as a GitHub Actions `run:` step runs it: bash -e -o pipefail."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command], cwd=cwd,
                          env={**fresh.env, **(extra_env or {})}, capture_output=True, text=True, timeout=900)


def test_a_fresh_install_inits_checks_and_builds_a_clean_offline_site(fresh_venv, tmp_path):
    result = run(fresh_venv, "kb init demo && cd demo && kb check && kb build", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stderr
    site = tmp_path / "demo" / "site"
    assert (site / "index.html").is_file() and (site / "terms" / "steeping" / "index.html").is_file()
    assert (site / "graph" / "index.html").is_file()
    assert broken_links(site) == [] and foreign_requests(site) == []
    installed = fresh_venv.venv / "lib"
    assert not list(installed.rglob("site-packages/concepts")) and not list(installed.rglob("site-packages/mkdocs.yml"))


def git(repo: Path, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def workflow_steps(project: Path) -> list[dict]:
    workflow = yaml.safe_load((project / ".github" / "workflows" / "kb.yml").read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return [step for step in job["steps"] if "run" in step]


# What GitHub gives the expressions the workflow uses, for a pull request into main.
EXPRESSIONS = {"${{ github.base_ref }}": "main"}


def test_the_workflow_steps_run_on_a_pull_request(fresh_venv, tmp_path):
    assert run(fresh_venv, "kb init demo", cwd=tmp_path).returncode == 0
    repo = tmp_path / "demo"
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "kb init")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # what actions/checkout fetches
    # the pull request: a new claim and a changed one
    new = run(fresh_venv, 'kb new claim "Green tea wants cooler water" --dir concepts', cwd=repo)
    assert new.returncode == 0, new.stderr
    changed = repo / "concepts" / "claims" / "long-steeps-taste-bitter.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("status: proposed", "status: speculative"),
                       encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a pull request")
    summary = tmp_path / "step-summary.md"
    summary.write_text("", encoding="utf-8")
    steps = workflow_steps(repo)
    assert [s["name"] for s in steps] == ["Install kb", "Check the knowledge base", "Build the site",
                                          "What the pull request changes"]
    outputs = {}
    for step in steps:
        env = {"GITHUB_STEP_SUMMARY": str(summary), "CI": "true", "GITHUB_ACTIONS": "true"}
        for key, value in (step.get("env") or {}).items():
            env[key] = EXPRESSIONS.get(str(value), str(value))
        result = run(fresh_venv, step["run"], cwd=repo, extra_env=env)
        assert result.returncode == 0, f"{step['name']}: {result.stdout}{result.stderr}"
        outputs[step["name"]] = result.stdout + result.stderr
    # the check speaks in annotations: the new claim is not yet argued or linked (warnings)
    assert "::warning file=concepts/claims/green-tea-wants-cooler-water.yaml" in outputs["Check the knowledge base"]
    assert (repo / "site" / "claims" / "green-tea-wants-cooler-water" / "index.html").is_file()
    text = summary.read_text(encoding="utf-8")
    assert "green-tea-wants-cooler-water" in text and "long-steeps-taste-bitter" in text


PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="needs pre-commit")
def test_the_generated_pre_commit_configuration_runs_kb_check(fresh_venv, kb_wheel, tmp_path):
    assert run(fresh_venv, "kb init demo", cwd=tmp_path).returncode == 0
    repo = tmp_path / "demo"
    git(repo, "init", "-q")
    claim = repo / "concepts" / "claims" / "hot-water-extracts-tannins.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("uses: [steeping]", "uses: [steping]"),
                     encoding="utf-8")
    git(repo, "add", "-A")
    env = {**fresh_venv.env, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    result = subprocess.run([str(PRE_COMMIT), "run", "--all-files"], cwd=repo, env=env,
                            capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "kb check" in output and "Failed" in output, output
    assert "concepts/claims/hot-water-extracts-tannins.yaml" in output and "KB301" in output
    assert "did you mean steeping?" in output
