"""Exports are lossless: load -> export -> write entries back -> load -> the same export."""
from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

import kb
from kb.export import to_json
from kb.model import KINDS
from mistakes import good_base


def _write_back(records: list[dict], root) -> None:
    for record in records:
        data = {k: v for k, v in record.items() if k not in ("kind", "file", "line")}
        folder = root / KINDS[record["kind"]].folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{record['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                     encoding="utf-8")


def _comparable(export: str) -> dict:
    data = json.loads(export)
    for record in data["entries"]:
        record.pop("file"), record.pop("line")
    for edge in data["edges"]:
        edge.pop("line", None)
    data["edges"].sort(key=lambda e: json.dumps(e, sort_keys=True))
    return data


def test_bundled_base_round_trips_through_json(tmp_path):
    first = to_json(kb.load())
    _write_back(json.loads(first)["entries"], tmp_path)
    again = kb.load(tmp_path)
    assert not [p for p in again.check() if p.code.startswith(("KB1", "KB2"))]
    assert _comparable(to_json(again)) == _comparable(first)


summaries = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=summaries, aliases=st.lists(summaries, max_size=3), note=summaries)
def test_arbitrary_text_round_trips(tmp_path_factory, summary, aliases, note):
    root = good_base(tmp_path_factory.mktemp("rt"))
    path = root / "terms" / "search.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(summary=summary, aliases=aliases)
    data["contrasts"][0]["note"] = note
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    first = to_json(kb.load(root))
    out = tmp_path_factory.mktemp("out")
    _write_back(json.loads(first)["entries"], out)
    assert _comparable(to_json(kb.load(out))) == _comparable(first)
