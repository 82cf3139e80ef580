"""The JSON export (kb-json/1) is lossless: kb.load() reads it back to the same base, exactly."""
from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

import kb
from kb.export import to_json
from kb.export.records import relative_file, sorted_edges
from kb.model import KINDS
from mistakes import MISTAKES, add_files, good_base


def _same_base(a, b):
    """Same entries (fields, kind, file relative to the base, line of every value) and edges."""
    assert [e.id for e in a.entries()] == [e.id for e in b.entries()]
    for x, y in zip(a.entries(), b.entries()):
        assert (x.kind, x.model_dump()) == (y.kind, y.model_dump()), x.id
        assert (relative_file(a, x), x._lines, x._blocks) == (relative_file(b, y), y._lines, y._blocks), x.id
    assert list(sorted_edges(a.graph)) == list(sorted_edges(b.graph))


def test_bundled_base_round_trips_exactly(tmp_path):
    base = kb.load()
    text = to_json(base)
    (tmp_path / "kb.json").write_text(text, encoding="utf-8")
    again = kb.load(tmp_path / "kb.json")
    assert len(again) == len(base) and again.load_problems == []
    _same_base(base, again)
    assert to_json(again) == text


def test_json_names_its_format_and_keeps_paths_relative():
    data = json.loads(to_json(kb.load()))
    assert data["format"] == "kb-json/1"
    files = {e["location"]["file"] for e in data["entries"]}
    assert all(not f.startswith("/") and f.split("/")[0] in {m.folder for m in KINDS.values()} for f in files)
    mesa = next(e for e in data["entries"] if e["id"] == "mesa-optimizer")
    assert mesa["kind"] == "term" and mesa["name"] == "mesa-optimizer" and "definition" in mesa


def test_problems_of_a_json_base_point_at_the_original_lines(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {**MISTAKES["KB301"], **MISTAKES["KB302"], **MISTAKES["KB403"]})
    base = kb.load(root)
    (root / "kb.json").write_text(to_json(base), encoding="utf-8")
    again = kb.load(root / "kb.json")

    def where(problems):  # the JSON base names files relative to the base; the folder base as loaded
        return sorted((p.file.replace("\\", "/").rsplit(str(root.name) + "/", 1)[-1], p.line, p.code, p.message)
                      for p in problems if p.code != "KB111")
    assert where(again.check()) == where(base.check())
    assert {"KB301", "KB302", "KB403"} <= {p.code for p in again.check()}


def test_a_broken_json_file_is_reported_not_raised(tmp_path):
    path = tmp_path / "kb.json"
    path.write_text('{"format": "kb-json/1",\n "entries": [\n', encoding="utf-8")
    [p] = kb.load(path).check()
    assert (p.code, p.line) == ("KB100", 3) and "not valid JSON" in p.message
    path.write_text('{"entries": []}', encoding="utf-8")
    assert [p.code for p in kb.load(path).check()] == ["KB109"]
    record = json.loads(to_json(kb.load(good_base(tmp_path / "good"))))
    record["entries"][0]["kind"] = "poem"
    claim = next(e for e in record["entries"] if e["kind"] == "claim")
    claim["status"] = "maybe"
    path.write_text(json.dumps(record), encoding="utf-8")
    problems = kb.load(path).load_problems
    assert sorted(p.code for p in problems) == ["KB110", "KB204"]
    bad = next(p for p in problems if p.code == "KB204")
    assert bad.file == claim["location"]["file"] and bad.line == claim["location"]["lines"]["status"]


def _write_back(records: list[dict], root) -> None:
    """Entry files from JSON records, leaving out what a hand-written file would leave out."""
    for record in records:
        data = {k: v for k, v in record.items() if k not in ("kind", "location") and v not in (None, [])}
        folder = root / KINDS[record["kind"]].folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{record['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                     encoding="utf-8")


def _meaning(export: str) -> dict:
    """An export without the places values were written at (YAML written back sits elsewhere)."""
    data = json.loads(export)
    for record in data["entries"]:
        record.pop("location")
    for edge in data["edges"]:
        edge.pop("line")
    data["edges"].sort(key=lambda e: json.dumps(e, sort_keys=True))
    return data


def test_json_written_back_as_entry_files_is_the_same_base(tmp_path):
    first = to_json(kb.load())
    _write_back(json.loads(first)["entries"], tmp_path)
    again = kb.load(tmp_path)
    assert not [p for p in again.check() if p.code.startswith(("KB1", "KB2"))]
    assert _meaning(to_json(again)) == _meaning(first)


summaries = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=40)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=summaries, aliases=st.lists(summaries, max_size=3), note=summaries,
       status=st.sampled_from(["proposed", "contested", "refuted"]))
def test_load_export_load_export_is_a_fixed_point(tmp_path_factory, summary, aliases, note, status):
    root = good_base(tmp_path_factory.mktemp("rt"))
    path = root / "terms" / "search.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(summary=summary, aliases=aliases)
    data["contrasts"][0]["note"] = note
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    claim = root / "claims" / "search-generalizes.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("status: contested", f"status: {status}"),
                     encoding="utf-8")
    base = kb.load(root)
    first = to_json(base)
    out = tmp_path_factory.mktemp("out") / "kb.json"
    out.write_text(first, encoding="utf-8")
    again = kb.load(out)
    _same_base(base, again)
    assert to_json(again) == first
    other = tmp_path_factory.mktemp("yaml")
    _write_back(json.loads(first)["entries"], other)
    assert _meaning(to_json(kb.load(other))) == _meaning(first)
