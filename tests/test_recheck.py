"""kb.recheck: checking again after an edit gives exactly the problems of a full check, for every
kind of edit and every mistake of tests/mistakes.py, each step starting from the previous one's
result (as mkdocs serve does, save after save)."""
from __future__ import annotations

import re
import shutil

import pytest

import kb
from kb.checks import CHECKS
from kb.recheck import REACH, check_all, recheck

from mistakes import MISTAKES, SPECIAL, add_files, every_mistake, good_base, make_special


class Session:
    """A base checked as serve checks it: each time again from the last result."""

    def __init__(self, root):
        self.root = root
        self.checked = check_all(kb.load(root))
        assert self.checked.problems() == self.checked.base.check()

    def step(self, what: str) -> int:
        base = kb.load(self.root)
        self.checked = recheck(self.checked, base)
        full = base.check()
        assert self.checked.problems() == full, what
        for select in (["KB3"], ["KB6", "KB8"]):
            assert self.checked.problems(select=select) == base.check(select=select), what
        assert self.checked.problems(ignore=["KB601"]) == base.check(ignore=["KB601"]), what
        return len(full)


def _rewrite(root, rel, change):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text, rel
    path.write_text(new, encoding="utf-8")


def test_every_rule_declares_how_far_an_edit_reaches_it():
    assert set(CHECKS) <= set(REACH)
    assert {k for reach in REACH.values() for k in reach} <= {"own", "targets", "referrers", "whole"}


@pytest.mark.parametrize("code", sorted(c for c in MISTAKES if MISTAKES[c] or c in SPECIAL))
def test_making_and_fixing_each_mistake(tmp_path, code):
    root = good_base(tmp_path)
    session = Session(root)
    add_files(root, MISTAKES[code])
    if code in SPECIAL:
        make_special(root, code)
    assert session.step(f"{code} made") > 0
    for rel in MISTAKES[code]:
        (root / rel).unlink()
    if code == "KB115":
        (root / "claims" / "linked").unlink()
    session.step(f"{code} fixed")
    assert session.checked.problems() == kb.load(root).check()


def test_fixing_every_mistake_one_by_one_then_making_them_again(tmp_path):
    root = every_mistake(tmp_path)
    session = Session(root)
    files = {code: MISTAKES[code] for code in MISTAKES if MISTAKES[code]}
    for code, written in files.items():
        for rel in written:
            (root / rel).unlink()
        session.step(f"{code} fixed")
    for code, written in reversed(list(files.items())):
        add_files(root, written)
        session.step(f"{code} made again")


EDITS = [
    # (what, file, change)
    ("a summary", "terms/search.yaml", lambda t: re.sub(r"^summary: ", "summary: Edited. ", t, count=1, flags=re.M)),
    ("text above the fields moves every line", "terms/search.yaml", lambda t: "# a comment\n\n" + t),
    ("a name that clashes", "terms/dangling.yaml", lambda t: t.replace("name: dangling", "name: search")),
    ("a dangling reference made good", "terms/dangling.yaml", lambda t: t.replace("[nowhere]", "[optimizer]")),
    ("a reference made dangling", "terms/dangling.yaml", lambda t: t.replace("[optimizer]", "[nowhere-else]")),
    ("a link to a sense taken away", "terms/bad-sense.yaml", lambda t: t.replace("optimizer#nonsense", "optimizer")),
    ("a claim's status", "claims/unargued.yaml", lambda t: t.replace("status: proposed", "status: contested")),
    ("a suppression that now silences", "claims/unargued.yaml",
     lambda t: t + "suppress: [{rule: KB602, reason: stated alone on purpose}]\n"),
    ("a broken file", "terms/search.yaml", lambda t: t + "  bad: [indent\n"),
    ("the broken file mended", "terms/search.yaml", lambda t: t.replace("  bad: [indent\n", "")),
]


def test_every_kind_of_edit_step_after_step(tmp_path):
    root = every_mistake(tmp_path)
    session = Session(root)
    for what, rel, change in EDITS:
        _rewrite(root, rel, change)
        session.step(what)
    # an entry added (a dangling reference now resolves: its "did you mean" goes), renamed, deleted
    (root / "terms" / "nowhere-else.yaml").write_text(
        "id: nowhere-else\nname: nowhere else\nsummary: s.\ndefinition: see [[search]]\n", encoding="utf-8")
    session.step("an entry added")
    shutil.move(root / "terms" / "nowhere-else.yaml", root / "terms" / "somewhere.yaml")
    session.step("a file renamed, its id not")
    _rewrite(root, "terms/somewhere.yaml", lambda t: t.replace("id: nowhere-else", "id: somewhere"))
    session.step("its id renamed")
    (root / "terms" / "somewhere.yaml").unlink()
    session.step("an entry deleted")
    _rewrite(root, "terms/optimizer.yaml", lambda t: t.replace("  - id: narrow", "  - id: explicit"))
    session.step("a sense of a term renamed: what uses it no longer finds it")
    _rewrite(root, "terms/optimizer.yaml", lambda t: t.replace("  - id: explicit", "  - id: narrow"))
    session.step("and back")
    _rewrite(root, "claims/narrow-premise.yaml", lambda t: t.replace("optimizer#narrow", "optimizer#broad"))
    session.step("a premise's sense: the argument no longer equivocates")
    _rewrite(root, "terms/dangling.yaml", lambda t: t.replace("definition: d", "definition: see [[lonely]]"))
    session.step("a link to an entry nothing linked to")
    _rewrite(root, "terms/dangling.yaml", lambda t: t.replace("definition: see [[lonely]]", "definition: d"))
    session.step("and taken away")
    _rewrite(root, "evidence/for-lonely.yaml", lambda t: t.replace("supports: [lonely-dispute]", "attacks: [lonely-dispute]"))
    session.step("a contested claim now attacked")
    _rewrite(root, "claims/search-not-favored.yaml", lambda t: t + "sources: [{source: demo-source, locator: p. 2}]\n")
    session.step("the target of a link stated in a source now cites it")
    (root / "sources" / "no-such-source.yaml").write_text(
        "id: no-such-source\ntitle: Now there is one\nsummary: s.\n", encoding="utf-8")
    session.step("a source cited before it was written")
    (root / "evidence" / "for-unargued.yaml").write_text(
        "id: for-unargued\ntitle: For unargued\nsummary: s.\nsupports: [{to: unargued, editorial: e.}]\n"
        "text: '[[search]]'\n", encoding="utf-8")
    session.step("a claim argued at last")
    shutil.move(root / "claims" / "search-is-costly.yaml", tmp_path / "search-is-costly.yaml")
    session.step("an entry others state links in is deleted")
    shutil.move(tmp_path / "search-is-costly.yaml", root / "claims" / "search-is-costly.yaml")
    session.step("and back")
    shutil.move(root / "terms" / "optimizer.yaml", tmp_path / "optimizer.yaml")
    (root / "claims" / "optimizer.yaml").write_text(
        "id: optimizer\ntitle: Optimizers exist\nsummary: s.\nstatus: proposed\n", encoding="utf-8")
    session.step("a term becomes a claim: what takes only claims accepts it")
    # the text of a source changes on disk (no entry file does): the quotes are looked for again
    source = next(p for p in (tmp_path / "texts").rglob("*.txt"))
    source.write_text("nothing of what was quoted\n", encoding="utf-8")
    session.step("a source's text")
    (root / "claims" / "twin.yaml").unlink()
    session.step("one of two entries with the same id deleted")
    (root / "claims" / "twin.yaml").write_text("id: twin\ntitle: Twin one\nsummary: s.\nstatus: proposed\n",
                                               encoding="utf-8")
    session.step("and written again")


def test_a_recheck_checks_again_only_what_an_edit_reaches(tmp_path):
    root = every_mistake(tmp_path)
    session = Session(root)
    everything = session.checked.rechecked
    _rewrite(root, "terms/search.yaml", EDITS[0][2])
    session.step("a summary")
    assert 0 < session.checked.rechecked < everything / 3
