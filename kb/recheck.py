"""Checking a knowledge base again after an edit, each rule re-run only where the edit reaches.

:func:`check_all` checks every entry and keeps what each rule found, file by file
(:class:`Checked`); :func:`recheck` takes that and the base as it is now and re-runs each rule
on the entries whose problems the edit can change, keeping the rest. The problems are always
those of a full :meth:`kb.KnowledgeBase.check` (tests compare the two after every kind of edit
and every mistake of ``tests/mistakes.py``). ``mkdocs serve`` checks each save this way.

Each rule's reach is declared in :data:`REACH`:

- ``own``: the rule reads the entry alone, so only the changed entries are checked again;
- ``targets``: it reads what the entry refers to as well (whether an id exists, its kind, its
  senses, a source's text, the ids a "did you mean" is drawn from), so the entries that refer
  to a changed entry (before or after the edit) are checked again too, and, when entries were
  added or removed, those it reported on before (its suggestions may change);
- ``referrers``: it reads what refers to the entry (nothing links to it, nothing argues it), so
  what a changed entry refers to, before and after the edit, is checked again;
- ``whole``: the rule compares entries with one another (unique ids and names, cycles); it is
  run on every entry, as in a full check (it is cheap: a pass over names or one relation).

A rule without a declared reach is treated as ``whole``. Which entries refer to which is an index
kept from one check to the next and updated for the changed entries only.
"""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field

from .checks import CHECKS, WHOLE
from .load import collector_paused
from .model import split_ref
from .problems import SEVERITY_ORDER, Problem

__all__ = ["Checked", "REACH", "check_all", "recheck"]

OWN, TARGETS, REFERRERS, WHOLE_BASE = "own", "targets", "referrers", "whole"

REACH: dict[str, frozenset[str]] = {
    **{code: frozenset({OWN}) for code in (
        "KB206", "KB209", "KB210", "KB211", "KB212", "KB213", "KB305", "KB307", "KB308", "KB309", "KB310",
        "KB401", "KB402", "KB403", "KB405", "KB505", "KB603", "KB605", "KB701", "KB704")},
    **{code: frozenset({TARGETS}) for code in (
        "KB301", "KB302", "KB303", "KB304", "KB406", "KB501", "KB702", "KB703", "KB705")},
    **{code: frozenset({REFERRERS}) for code in ("KB601", "KB602", "KB604")},
    # a quote is looked for in its source's text (targets); a source's note counts the quotes of
    # every entry citing it (referrers)
    "KB502": frozenset({TARGETS, REFERRERS}),
    **{code: frozenset({WHOLE_BASE}) for code in ("KB207", "KB208", "KB214", "KB306", "KB404", "KB706")},
}


@dataclass
class Checked:
    """A base and what every rule found in it: ``found[code][file]``, the problems the rule
    reported in that file; the ids each entry's file refers to, and the files referring to each
    id; the size and time of each source's text file (a quote is looked for in it)."""
    base: object
    found: dict[str, dict[str, list[Problem]]]
    refers: dict[str, frozenset] = field(default_factory=dict)
    referrers: dict[str, frozenset] = field(default_factory=dict)
    texts: dict[str, tuple] = field(default_factory=dict)
    rechecked: int = 0  # how many entry files were checked again (all of them for check_all)

    def problems(self, select=None, ignore=None) -> list[Problem]:
        """Every problem, as :meth:`kb.KnowledgeBase.check` gives them (suppressions applied,
        the selection's rules, sorted)."""
        from .selection import Selection
        from .suppress import apply_suppressions

        selection = Selection.of(select, ignore)
        with collector_paused():
            problems = set(self.base.load_problems)
            for by_file in self.found.values():
                for found in by_file.values():
                    problems.update(found)
            problems = apply_suppressions(self.base, problems, None, selection)
        kept = [p for p in problems if selection(p.code)]
        return sorted(kept, key=lambda p: (p.file, p.line, SEVERITY_ORDER[p.severity], p.code, p.message))


def check_all(base) -> Checked:
    """Every rule on every entry, kept rule by rule and file by file."""
    with collector_paused():
        refers = {e.file: _refers_to(base, e) for e in base.all_entries}
        found = {code: _by_file(function(base, base.all_entries)) for code, function in CHECKS.items()}
    return Checked(base, found, refers, _referrers(refers), _texts(base), len(base.all_entries))


def recheck(previous: Checked, base) -> Checked:
    """``base`` checked, re-running each rule of :data:`REACH` only on the entries an edit since
    ``previous`` can reach."""
    with collector_paused():
        return _recheck(previous, base)


def _recheck(previous: Checked, base) -> Checked:
    old_base = previous.base
    old = {e.file: e for e in old_base.all_entries}
    new = {e.file: e for e in base.all_entries}
    texts = _texts(base)
    changed = {f for f in old.keys() | new.keys() if old.get(f) is not new.get(f) and old.get(f) != new.get(f)}
    changed |= {f for f in texts.keys() | previous.texts.keys() if texts.get(f) != previous.texts.get(f)}
    ids = {e.id for f in changed for e in (old.get(f), new.get(f)) if e is not None}
    ids |= old_base.broken_ids ^ base.broken_ids
    ids_changed = old_base.by_id.keys() != base.by_id.keys() or old_base.broken_ids != base.broken_ids

    refers = dict(previous.refers)
    for f in changed:
        refers.pop(f, None)
        if f in new:
            refers[f] = _refers_to(base, new[f])
    referrers = _update_referrers(previous.referrers, previous.refers, refers, changed)

    by_id = defaultdict(list)
    for entry in base.all_entries:
        by_id[entry.id].append(entry.file)
    own = {f for f in changed if f in new} | {f for i in ids for f in by_id.get(i, ())}
    reach = {
        OWN: own,
        TARGETS: own | {f for i in ids for f in (referrers.get(i, frozenset()) | previous.referrers.get(i, frozenset()))
                        if f in new},
        REFERRERS: own | {f for c in changed for i in (previous.refers.get(c, frozenset()) | refers.get(c, frozenset()))
                          for f in by_id.get(i, ())},
    }
    gone = {f for f in changed if f not in new}
    found: dict[str, dict[str, list[Problem]]] = {}
    checked: set[str] = set()
    for code, function in CHECKS.items():
        kinds = REACH.get(code, frozenset({WHOLE_BASE}))
        if WHOLE_BASE in kinds or code in WHOLE:
            found[code] = _by_file(function(base, base.all_entries))
            continue
        before = previous.found.get(code, {})
        files = set().union(*(reach[k] for k in kinds))
        if TARGETS in kinds and ids_changed:
            files |= {f for f in before if f in new}  # a "did you mean" draws on every id
        kept = {f: found_in for f, found_in in before.items() if f not in files and f not in gone}
        kept.update(_by_file(function(base, [new[f] for f in sorted(files)])))
        found[code] = kept
        checked |= files
    return Checked(base, found, refers, referrers, texts, len(checked))


def _by_file(problems) -> dict[str, list[Problem]]:
    found: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        found[p.file].append(p)
    return dict(found)


def _refers_to(base, entry) -> frozenset:
    """Every id ``entry`` names: its relations and citations, its [[links]] (resolved or not),
    the sources its links are stated in and its ``advanced_by``."""
    facts = base.facts.of(entry)
    ids = {split_ref(ref)[0] for _r, ref, _n, _p in facts.references}
    ids.update(m.target for m, _line, _path in facts.text_links)
    ids.update(link.stated_source for _r, link, _p in facts.links if link.stated_source)
    ids.update(c.source for c, _p in facts.quotes)
    ids.update(entry.__dict__.get("advanced_by", ()))
    return frozenset(ids)


def _referrers(refers: dict[str, frozenset]) -> dict[str, frozenset]:
    found = defaultdict(set)
    for f, ids in refers.items():
        for i in ids:
            found[i].add(f)
    return {i: frozenset(files) for i, files in found.items()}


def _update_referrers(referrers, old_refers, new_refers, changed) -> dict[str, frozenset]:
    """The index of referrers after the files ``changed``: only the ids they named are touched."""
    touched = defaultdict(lambda: [set(), set()])  # id -> (files that no longer name it, files that now do)
    for f in changed:
        before, after = old_refers.get(f, frozenset()), new_refers.get(f, frozenset())
        for i in before - after:
            touched[i][0].add(f)
        for i in after - before:
            touched[i][1].add(f)
    updated = dict(referrers)
    for i, (removed, added) in touched.items():
        files = (updated.get(i, frozenset()) - removed) | added
        if files:
            updated[i] = frozenset(files)
        else:
            updated.pop(i, None)
    return updated


def _texts(base) -> dict[str, tuple]:
    """The file of each source with a local text -> that text's size and time (or None)."""
    found = {}
    for entry in base.all_entries:
        if entry.kind == "source" and entry.text_path is not None:
            try:
                stat = os.stat(entry.text_path)
                found[entry.file] = (str(entry.text_path), stat.st_size, stat.st_mtime_ns)
            except (OSError, ValueError):
                found[entry.file] = (str(entry.text_path), None, None)
    return found
