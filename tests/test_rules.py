"""Every rule fires on its mistake, stays silent on the good base, and points at a real line."""
from __future__ import annotations

from pathlib import Path

import pytest

import kb
from kb.checks import CHECKS
from kb.problems import RULES
from mistakes import EMPTY_BASE, MISTAKES, PROJECT, SPECIAL, add_files, every_mistake, good_base, good_project, make_special


def test_every_rule_has_a_failing_fixture():
    assert set(MISTAKES) == set(RULES)


def test_every_check_function_has_a_documented_rule():
    assert set(CHECKS) <= set(RULES)
    for code, rule in RULES.items():
        assert rule.severity in ("error", "warning", "info"), code
        assert len(rule.doc) > 40, f"{code} needs a real explanation"


def test_good_base_is_clean(tmp_path):
    base = kb.load(good_base(tmp_path))
    assert base.check() == []
    assert len(base) == 11


@pytest.mark.parametrize("code", sorted(MISTAKES))
def test_rule_fires_on_its_mistake(tmp_path, code):
    if code in PROJECT:
        from kb.project import check_project, find_project

        project = find_project(good_project(tmp_path, code))
        problems = check_project(project, kb.load(project.concepts))
        root = project.root
    else:
        root = good_base(tmp_path)
    if code in EMPTY_BASE:
        root = tmp_path / "empty"
        root.mkdir()
    add_files(root, MISTAKES[code])
    if code in SPECIAL:
        make_special(root, code)
    if code not in PROJECT:
        problems = kb.load(root).check()
    hits = [p for p in problems if p.code == code]
    assert hits, f"{code} did not fire; got {[str(p) for p in problems]}"
    for p in hits:
        assert p.severity == RULES[code].severity
        assert p.message and p.fix, str(p)
        assert str(p).startswith(p.file)
        if code in PROJECT:
            assert (Path(p.file) if Path(p.file).is_absolute() else Path.cwd() / p.file).is_file() and p.line >= 1, p


def test_one_folder_with_every_mistake_reports_each_with_file_and_line(tmp_path):
    root = every_mistake(tmp_path)
    problems = kb.load(root).check()
    assert set(RULES) - EMPTY_BASE - set(PROJECT) <= {p.code for p in problems}
    for p in problems:
        path = Path(p.file)
        assert path.exists(), p
        if path.is_file() and p.line:
            lines = path.read_bytes().count(b"\n") + 1
            assert 1 <= p.line <= lines, str(p)


@pytest.mark.parametrize("code, file, line", [
    ("KB100", "terms/syntax-error.yaml", 3),
    ("KB102", "terms/dup-key.yaml", 3),
    ("KB112", "claims/unquoted-no.yaml", 2),
    ("KB202", "claims/typo-field.yaml", 3),
    ("KB203", "terms/wrong-type.yaml", 3),
    ("KB204", "claims/bad-status.yaml", 4),
    ("KB301", "terms/dangling.yaml", 5),
    ("KB302", "terms/dangling-link.yaml", 4),
    ("KB307", "terms/bare-contrast.yaml", 5),
])
def test_problems_point_at_the_offending_line(tmp_path, code, file, line):
    root = good_base(tmp_path)
    add_files(root, MISTAKES[code])
    hits = [p for p in kb.load(root).check() if p.code == code]
    assert [(Path(p.file).relative_to(root).as_posix(), p.line) for p in hits] == [(file, line)]


def test_unknown_field_suggests_the_closest(tmp_path):
    root = good_base(tmp_path)
    add_files(root, MISTAKES["KB202"])
    (hit,) = [p for p in kb.load(root).check() if p.code == "KB202"]
    assert "'sumary'" in hit.message and "did you mean 'summary'" in hit.fix


def test_dangling_reference_suggests_close_ids(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"terms/typo-ref.yaml": "id: typo-ref\nname: typo ref\nsummary: s.\ndefinition: d\n"
                     "related: [optimiser]\nsources: [{source: demo-source, locator: p}]\n"})
    (hit,) = [p for p in kb.load(root).check() if p.code == "KB301"]
    assert "optimizer" in hit.fix


def test_shared_name_ignores_case_hyphens_and_spelling(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"terms/opt.yaml": "id: opt\nname: OPTIMI-SER\nsummary: s.\ndefinition: d\n"})
    assert any(p.code == "KB208" for p in kb.load(root).check())


def test_sense_shift_between_premise_and_conclusion_is_reported_once_per_term(tmp_path):
    root = good_base(tmp_path)
    add_files(root, MISTAKES["KB406"])
    hits = [p for p in kb.load(root).check() if p.code == "KB406"]
    assert len(hits) == 1 and "narrow" in hits[0].message and "broad" in hits[0].message


def test_quote_with_typographic_marks_and_elision_is_found(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"terms/typo-quote.yaml": "id: typo-quote\nname: typo quote\nsummary: s.\ndefinition: d\n"
                     "sources: [{source: demo-source, locator: p, quote: 'is an “optimizer” if it searches…score high.'}]\n"})
    assert not [p for p in kb.load(root).check() if p.code == "KB502"]


def test_status_meanings_are_in_the_writers_guide():
    """docs/writing-entries.md shows every status with the meaning the model defines."""
    from kb.model import CLAIM_STATUS_MEANINGS, PREDICTION_STATUS_MEANINGS
    guide = (Path(__file__).parent.parent / "docs" / "writing-entries.md").read_text(encoding="utf-8")
    for status, meaning in {**CLAIM_STATUS_MEANINGS, **PREDICTION_STATUS_MEANINGS}.items():
        assert f"| `{status}` | {meaning} |" in guide, status


@pytest.mark.parametrize("title, fires", [
    ("Search generalizes.", True), ("Search generalizes", False), ("Wait...", False),
    ("Heuristics, memory, etc.", False), ("Olah et al.", False), ("Is it a search?", False),
])
def test_kb605_full_stop_in_claim_titles(tmp_path, title, fires):
    root = good_base(tmp_path)
    add_files(root, {"claims/titled.yaml": f"id: titled\ntitle: {title!r}\nsummary: s.\nstatus: proposed\n"})
    hits = [p for p in kb.load(root).check() if p.code == "KB605"]
    assert bool(hits) == fires, [str(p) for p in hits]


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab.-—“’\u00a0 \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\u2028\u3000ﬁ"), max_size=40))
def test_normalize_quote_is_one_rule_for_ascii_and_the_rest(text):
    """normalize_quote takes a short cut for ASCII text (the long texts of sources): the same
    result as NFKC, the quote map and " ".join(text.split()) give."""
    import unicodedata

    from kb.checks import _QUOTE_MAP, normalize_quote

    expected = " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTE_MAP).split())
    assert normalize_quote(text) == expected.replace(" -", "-").replace("- ", "-")
