"""kb diff on small git histories built in a temporary folder."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import kb
from kb.diff import diff, standing
from mistakes import good_base

pytestmark = pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")
ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
NEW_ATTACK = ("  - to: environments-are-diverse\n"
              "    editorial: Set against it here to test the diff.\n")


def git(cwd, *args):
    result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, env=ENV, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def kb_diff(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kb", "diff", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=ENV, timeout=120)


@pytest.fixture
def history(tmp_path):
    """A repository whose first commit is the good base (in concepts/) and whose second adds an attack."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.move(good_base(tmp_path / "seed"), repo / "concepts")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "branch", "base")
    argument = repo / "concepts" / "arguments" / "cost-argument.yaml"
    argument.write_text(argument.read_text(encoding="utf-8") + NEW_ATTACK, encoding="utf-8")
    git(repo, "commit", "-qam", "an attack")
    return repo


def test_a_commit_that_adds_an_attack_reports_exactly_that(history):
    result = kb_diff("base..main", history / "concepts", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["added"] == data["removed"] == data["renamed"] == []
    [changed] = data["changed"]
    assert changed["id"] == "cost-argument" and list(changed["fields"]) == ["attacks"]
    assert data["relations"]["removed"] == data["relations"]["changed"] == []
    [attack] = data["relations"]["added"]
    assert (attack["source"], attack["relation"], attack["target"]) == ("cost-argument", "attacks",
                                                                        "environments-are-diverse")
    assert attack["provenance"] == "editorial" and attack["editorial"] == "Set against it here to test the diff."
    [claim] = data["standing"]
    now = standing(kb.load(history / "concepts"), "environments-are-diverse")
    assert claim["id"] == "environments-are-diverse" and claim["standing"] == now
    answered = now["attacked_by"]["cost-argument"]
    assert claim["changes"] == [f"attacked by cost-argument ({'answered by ' + ', '.join(answered) if answered else 'unanswered'})"]
    text = kb_diff("base", history / "concepts").stdout  # against the working tree: the same change
    assert "cost-argument attacks environments-are-diverse (editorial)" in text
    assert "environments-are-diverse (claim): attacked by cost-argument" in text
    markdown = kb_diff("base", history / "concepts", "--format", "markdown").stdout
    assert markdown.startswith("### ") and "- `cost-argument attacks environments-are-diverse (editorial)`" in markdown


def test_no_change_and_a_status_change(history):
    assert "no change in meaning" in kb_diff("main", history / "concepts").stdout
    claim = history / "concepts" / "claims" / "search-generalizes.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("status: contested", "status: refuted"),
                     encoding="utf-8")
    data = json.loads(kb_diff("main", history / "concepts", "--json").stdout)
    assert data["changed"][0]["fields"] == {"status": {"old": "contested", "new": "refuted"}}
    assert data["standing"][0]["changes"] == ["status: contested -> refuted"]


def test_a_rename_is_reported_as_a_rename(history):
    concepts = history / "concepts"
    old = concepts / "claims" / "search-is-costly.yaml"
    new = concepts / "claims" / "search-is-expensive.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("id: search-is-costly", "id: search-is-expensive"),
                   encoding="utf-8")
    old.unlink()
    for path in concepts.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("search-is-costly", "search-is-expensive"), encoding="utf-8")
    assert not [p for p in kb.load(concepts).check() if p.severity == "error"]
    data = json.loads(kb_diff("main", concepts, "--json").stdout)
    assert data["renamed"] == [{"from": "search-is-costly", "to": "search-is-expensive", "kind": "claim"}]
    assert data["added"] == data["removed"] == data["changed"] == data["standing"] == []
    assert not any(data["relations"].values())


def test_a_shallow_clone_says_what_to_fetch_then_works(history, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--single-branch", "--branch", "main", f"file://{history}", str(clone))
    result = kb_diff("origin/base", clone / "concepts")
    assert result.returncode == 2 and result.stdout == ""
    assert "cannot read revision 'origin/base'" in result.stderr and "shallow" in result.stderr
    assert "git fetch --depth=1 origin" in result.stderr and "Traceback" not in result.stderr
    git(clone, "fetch", "-q", "--depth", "1", "origin", "base:refs/remotes/origin/base")
    data = json.loads(kb_diff("origin/base", clone / "concepts", "--json").stdout)
    assert [e["target"] for e in data["relations"]["added"]] == ["environments-are-diverse"]


def test_unreadable_revisions_and_folders_are_clear_errors(history, tmp_path):
    for args, words in [(("no-such-rev", history / "concepts"), "git knows no commit by that name"),
                        (("main..", history / "concepts"), "one side only"),
                        (("--", "-x", history / "concepts"), "not a revision"),
                        (("main", tmp_path), "not inside a git repository")]:
        result = kb_diff(*args)
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr, result.stderr
    (history / "concepts" / "terms" / "new-term.yaml").write_text(
        "id: new-term\nname: new term\nsummary: s.\ndefinition: d\n", encoding="utf-8")
    git(history, "add", "-A")
    git(history, "mv", "concepts", "knowledge")
    git(history, "commit", "-qm", "moved")
    result = kb_diff("base", history / "knowledge")
    assert result.returncode == 2 and "does not exist at revision 'base'" in result.stderr


def test_diff_of_the_bundled_base_with_itself_is_empty():
    base = kb.load()
    result = diff(base, base)
    assert not result["changed"] and not any(result["relations"].values()) and not result["standing"]
