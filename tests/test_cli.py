"""The `kb` command, run as a user runs it: in a subprocess."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kb.cli import parser
from kb.problems import RULES
from mistakes import EMPTY_BASE, MISTAKES, PROJECT, add_files, every_mistake, good_base

ROOT = Path(__file__).resolve().parent.parent


def kb_run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kb", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_check_clean_base_exits_0(tmp_path):
    result = kb_run("check", good_base(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stderr


def test_check_does_not_import_networkx(tmp_path):
    """networkx is half of kb's import time: kb check, on the whole base or on a few files, does
    without it (a cycle is described with it, only when there is one)."""
    base = good_base(tmp_path)
    one = next(base.rglob("*.yaml"))
    script = ("import sys; from kb.cli import main; "
              f"codes = [main(['check', {str(base)!r}]), main(['check', {str(base)!r}, {str(one)!r}])]; "
              "print(codes, 'networkx' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.split("\n")[-2] == "[0, 0] False", result.stdout + result.stderr


def test_check_reports_every_mistake_and_exits_1(tmp_path):
    root = every_mistake(tmp_path)
    result = kb_run("check", root)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    codes = set(re.findall(r"^\S+: (KB\d{3}) ", result.stdout, flags=re.M))
    assert codes == set(RULES) - EMPTY_BASE - set(PROJECT)  # the project rules: tests/test_rules.py


def test_check_json_and_github_formats(tmp_path):
    root = good_base(tmp_path)
    add_files(root, MISTAKES["KB301"])
    data = json.loads(kb_run("check", root, "--format", "json").stdout)
    (p,) = [p for p in data["problems"] if p["severity"] == "error"]
    assert (p["code"], p["rule"], p["line"]) == ("KB301", "dangling-reference", 5)
    assert data["summary"]["error"] == 1
    (github,) = [l for l in kb_run("check", root, "--format", "github").stdout.splitlines() if "KB301" in l]
    assert github.startswith("::error file=") and ",line=5," in github and "title=KB301 dangling-reference::" in github


def test_warnings_fail_only_when_asked(tmp_path):
    root = good_base(tmp_path)
    add_files(root, MISTAKES["KB603"])
    assert kb_run("check", root).returncode == 0
    assert kb_run("check", root, "--fail-on", "warning").returncode == 1


@pytest.mark.parametrize("args", [["check", "--format", "xml"], ["frobnicate"], [], ["show"]])
def test_wrong_usage_exits_2_without_traceback(args):
    result = kb_run(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "usage" in result.stderr


def test_missing_folder_is_usage_error(tmp_path):
    result = kb_run("check", tmp_path / "nope")
    assert result.returncode == 2 and "is not a folder" in result.stderr


def test_show_find_stats(tmp_path):
    root = good_base(tmp_path)
    shown = kb_run("show", "search", "--dir", root)
    assert shown.returncode == 0 and "broader" in shown.stdout and "optimizer" in shown.stdout
    missing = kb_run("show", "serch", "--dir", root)
    assert missing.returncode == 1 and "search" in missing.stderr
    found = kb_run("find", "Optimiser", "--dir", root)
    assert found.stdout.split()[0] == "optimizer"
    stats = kb_run("stats", "--dir", root)
    assert re.search(r"^term\s+2$", stats.stdout, flags=re.M) and "entries" in stats.stdout


def test_new_writes_into_the_folder_given(tmp_path):  # more in test_scaffold.py
    root = good_base(tmp_path)
    result = kb_run("new", "term", "Gradient Hacking", "--dir", root)
    assert result.returncode == 0 and Path(result.stdout.strip()) == root / "terms" / "gradient-hacking.yaml"
    assert kb_run("check", root).returncode == 0


def test_export_json_and_graphml(tmp_path):
    root = good_base(tmp_path)
    data = json.loads(kb_run("export", root).stdout)
    assert {e["id"] for e in data["entries"]} >= {"optimizer", "cost-argument"}
    assert {"source": "cost-argument", "target": "diversity-argument", "relation": "attacks"}.items() <= \
        next(e for e in data["edges"] if e["relation"] == "attacks").items()
    out = tmp_path / "kb.graphml"
    assert kb_run("export", root, "--format", "graphml", "-o", out).returncode == 0
    import networkx as nx
    assert nx.read_graphml(out).number_of_nodes() == 11


def test_every_command_is_documented():
    commands = parser()._subparsers._group_actions[0].choices
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, sub in commands.items():
        assert sub.description and "Example: kb " in sub.description, name
        assert f"kb {name}" in readme, f"README.md does not mention `kb {name}`"


def test_committed_schemas_match_the_model():
    from kb.schema import all_schemas
    for name, text in all_schemas().items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == text, f"run: kb schema -o schemas ({name})"


def test_question_commands_read_well_and_give_json(tmp_path):
    root = good_base(tmp_path)
    result = kb_run("path", "Training environments are diverse.", "search-is-costly", "--dir", root)
    assert result.returncode == 0 and "←attacks— The cost argument —premises→" in result.stdout
    data = json.loads(kb_run("path", "environments-are-diverse", "search-is-costly", "--dir", root, "--json").stdout)
    assert [e["id"] for e in data["entries"]][-1] == "search-is-costly"
    why = kb_run("why", "search-generalizes", "--dir", root).stdout
    assert why.splitlines()[1].startswith("├── ") and "└── " in why and "stated in demo-source" in why
    tree = json.loads(kb_run("why", "search-generalizes", "--dir", root, "--json").stdout)
    assert tree["id"] == "search-generalizes" and tree["children"][0]["provenance"]["kind"] == "stated"
    cruxes = json.loads(kb_run("cruxes", "--dir", root, "--json").stdout)
    assert [c["claim"]["id"] for c in cruxes] == ["search-generalizes"] and cruxes[0]["attacks"] == 1
    assert "search-generalizes" in kb_run("cruxes", "--dir", root).stdout
    assert json.loads(kb_run("disagreements", "--dir", root, "--json").stdout) == []
    read = kb_run("read", "search", "--dir", root)
    assert read.stdout.index("optimizer") < read.stdout.index("search (search)")
    assert [e["id"] for e in json.loads(kb_run("read", "search", "--dir", root, "--json").stdout)] == ["optimizer", "search"]


def test_question_commands_suggest_on_a_wrong_id(tmp_path):
    root = good_base(tmp_path)
    for args in (["why", "serach-generalizes"], ["path", "serch", "optimizer"], ["read", "optimzer"]):
        result = kb_run(*args, "--dir", root)
        assert result.returncode == 1 and "did you mean" in result.stderr and "Traceback" not in result.stderr
