"""`kb new` writes entries that pass `kb check`, or refuses saying which flag to give."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import kb
from kb.cli import main
from mistakes import good_base

# What each kind needs to be valid, in the small good base; the source lets every link say
# where it comes from, so nothing is left to warn about but that the entry is new.
FLAGS = {
    "term": [],
    "claim": [],
    "argument": ["--premise", "search-is-costly", "--premise", "environments-are-diverse",
                 "--conclusion", "search-not-favored"],
    "prediction": ["--derived-from", "search-generalizes"],
    "evidence": ["--supports", "search-generalizes", "--bears-on", "search-appears"],
    "source": [],
}
# Nothing links to a new entry yet, and a new claim is argued by nothing yet: that is all a
# fresh entry may be warned about.
NEW = {"KB601", "KB602"}


def kb_new(capsys, root, *args):
    code = main(["new", *map(str, args), "--dir", str(root)])
    out, err = capsys.readouterr()
    return code, out.strip(), err


def problems_in(root, path):
    found = kb.load(root).check()
    assert [p for p in found if p.severity == "error"] == []
    return {p.code for p in found if Path(p.file).name == path.name}


@pytest.mark.parametrize("kind", list(FLAGS))
def test_new_writes_an_entry_that_checks_clean(tmp_path, capsys, kind):
    root = good_base(tmp_path)
    code, out, err = kb_new(capsys, root, kind, "Gradient Hacking (draft)", *FLAGS[kind], "--source", "demo-source")
    assert code == 0, err
    path = Path(out)
    assert path == root / kb.model.KINDS[kind].folder / "gradient-hacking-draft.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    assert problems_in(root, path) <= NEW
    entry = kb.load(root).by_id["gradient-hacking-draft"]
    assert entry.kind == kind and entry.name == "Gradient Hacking (draft)"
    assert [c.source for c in entry.sources] == ["demo-source"]
    again = kb_new(capsys, root, kind, "Gradient Hacking (draft)", *FLAGS[kind])
    assert again[0] == 1 and "exists" in again[2]


@pytest.mark.parametrize("kind", list(FLAGS))
def test_without_a_source_the_entry_has_no_errors_and_says_what_to_add(tmp_path, capsys, kind):
    root = good_base(tmp_path)
    code, out, err = kb_new(capsys, root, kind, "Draft entry", *FLAGS[kind])
    assert code == 0, err
    # what is left to do shows as warnings: cite a source (terms), say where links come from
    assert problems_in(root, Path(out)) <= NEW | {"KB603", "KB701"}
    assert main(["check", str(root)]) == 0


def test_the_modeline_names_the_schemas_kb_schema_writes(tmp_path, capsys):
    root = good_base(tmp_path)
    code, out, err = kb_new(capsys, root, "claim", "Search is rare")
    assert "kb schema -o" in err  # no schemas yet: the user is told how to write them
    assert main(["schema", "-o", str(root.parent / "schemas")]) == 0
    schema = re.search(r"\$schema=(\S+)", Path(out).read_text(encoding="utf-8")).group(1)
    assert (Path(out).parent / schema).resolve() == (root.parent / "schemas" / "claim.schema.json").resolve()
    capsys.readouterr()
    kb_new(capsys, root, "term", "Searcher")
    assert "kb schema" not in capsys.readouterr().err


@pytest.mark.parametrize("kind, args, flags", [
    ("argument", [], ["--premise", "--conclusion"]),
    ("argument", ["--premise", "search-is-costly"], ["--conclusion"]),
    ("argument", ["--conclusion", "search-not-favored"], ["--premise"]),
    ("prediction", [], ["--derived-from"]),
    ("term", ["--premise", "search-is-costly"], ["--premise is for argument entries, not for a term"]),
    ("claim", ["--supports", "search-generalizes"], ["--supports is for argument and evidence entries"]),
    ("argument", ["--premise", "search-is-costly", "--conclusion", "Search Not Favored"], ["is not an id"]),
])
def test_missing_or_misplaced_flags_are_refused_naming_the_flag(tmp_path, capsys, kind, args, flags):
    root = good_base(tmp_path)
    before = sorted(root.rglob("*"))
    code, out, err = kb_new(capsys, root, kind, "Some entry", *args)
    assert code == 2 and out == "" and "nothing written" in err
    for flag in flags:
        assert flag in err
    assert sorted(root.rglob("*")) == before


@pytest.mark.parametrize("args, message", [
    (["--premise", "search-is-costy", "--conclusion", "search-not-favored"],
     "no entry has the id 'search-is-costy' (did you mean search-is-costly?)"),
    (["--premise", "search-is-costly", "--conclusion", "chess-engines"],
     "'chess-engines' is of kind evidence; --conclusion takes a claim"),
    (["--premise", "search-is-costly", "--conclusion", "search-not-favored", "--source", "search"],
     "--source search: 'search' is of kind term; --source takes a source"),
])
def test_references_to_no_fitting_entry_are_refused(tmp_path, capsys, args, message):
    root = good_base(tmp_path)
    code, out, err = kb_new(capsys, root, "argument", "Some argument", *args)
    assert code == 1 and message in err
    assert not (root / "arguments" / "some-argument.yaml").exists()
