"""Loading keeps file and line of every field, and turns bad YAML into problems, never exceptions."""
from __future__ import annotations

import pytest

import kb
from kb.yamlfile import parse_yaml
from mistakes import add_files, good_base


def test_entries_keep_file_and_line_of_each_field(tmp_path):
    base = kb.load(good_base(tmp_path))
    term = base["optimizer"]
    assert term.kind == "term" and term.file.endswith("terms/optimizer.yaml") and term.line == 1
    assert term.line_of("summary") == 4
    assert term.line_of("senses", 1, "definition") == 16
    assert term.line_of("sources", 0, "quote") == 20
    cost = base["cost-argument"]
    assert cost.line_of("attacks", 0) == 12
    assert cost.line_of("attacks", 1, "stated_in", "quote") == 18


def test_links_in_block_text_point_at_their_own_line(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"terms/multi.yaml": "id: multi\nname: multi\nsummary: s.\ndefinition: |\n  first line\n"
                     "  second [[nowhere]]\n"})
    (hit,) = [p for p in kb.load(root).check() if p.code == "KB302"]
    assert hit.line == 6


@pytest.mark.parametrize("text, value", [
    ("a: no", False), ("a: 1.10", 1.1), ("a: '1.10'", "1.10"), ('a: "no"', "no"), ("a: ~", None),
])
def test_plain_scalars_keep_yaml_types_so_text_fields_can_spot_them(text, value):
    assert parse_yaml(text).data == {"a": value}


@pytest.mark.parametrize("field, raw", [("title", "no"), ("title", "1.10"), ("title", "2019-06-01"),
                                         ("summary", "yes"), ("title", "null")])
def test_implicitly_typed_text_is_reported_with_a_quoting_hint(tmp_path, field, raw):
    root = good_base(tmp_path)
    body = {"id": "typed", "title": "t", "summary": "s.", "status": "proposed", field: raw}
    add_files(root, {"claims/typed.yaml": "".join(f"{k}: {v}\n" for k, v in body.items())})
    hits = [p for p in kb.load(root).check() if p.file.endswith("typed.yaml")]
    assert [p.code for p in hits] == ["KB112"], [str(p) for p in hits]
    assert f'"{raw}"' in hits[0].fix


def test_keys_are_never_retyped():
    assert parse_yaml("no: 1\n'yes': 2\n").data == {"no": 1, "yes": 2}


def test_python_tags_construct_nothing(tmp_path):
    marker = tmp_path / "pwned"
    doc = parse_yaml(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert doc.data is None and doc.problems[0].code == "KB103"
    assert not marker.exists()


def test_alias_bomb_is_refused_without_expanding():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]" for i in range(1, 12)]
    doc = parse_yaml("\n".join(lines))
    assert [p.code for p in doc.problems] == ["KB104"]


def test_deep_nesting_is_bounded_not_recursive():
    doc = parse_yaml("a: " + "[" * 100_000 + "]" * 100_000)
    assert [p.code for p in doc.problems] in (["KB105"], ["KB100"])


def test_byte_order_mark_is_reported(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"terms/bom.yaml": "\ufeffid: bom\nname: bom\nsummary: s.\ndefinition: d\n"})
    assert [p.code for p in kb.load(root).check() if p.file.endswith("bom.yaml")] == ["KB101"]


def test_tabs_get_a_tab_hint():
    (p,) = parse_yaml("id: x\nsenses:\n\t- id: y\n").problems
    assert p.code == "KB100" and p.line == 3 and "tabs" in p.fix


def test_a_missing_folder_raises_instead_of_giving_an_empty_base(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere is not a folder"):
        kb.load(tmp_path / "nowhere")


def test_hidden_files_are_ignored(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"terms/.draft.yaml": "garbage: [", ".git/config": "x"})
    assert kb.load(root).check() == []


def test_an_empty_field_says_it_has_no_value(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"claims/blank.yaml": "id: blank\ntitle:\nsummary: s.\nstatus: proposed\n"})
    (hit,) = [p for p in kb.load(root).check() if p.file.endswith("blank.yaml")]
    assert (hit.code, hit.line) == ("KB112", 2) and "has no value" in hit.message


def test_a_links_shown_text_may_wrap_but_its_target_may_not():
    from kb.links import find_links, stray_brackets
    (link,) = find_links("see [[black-box-model|black-box\n  models]] here")
    assert (link.target, link.shown) == ("black-box-model", "black-box models")
    assert stray_brackets("see [[black-\nbox-model]]") == [4]
