"""Suppressions: an entry's ``suppress:`` items silence one rule each on that entry, with a reason.

``suppress: [{rule: KB602, reason: "..."}]`` is a field of the entry, so the format, the JSON Schema
and the loader handle it like any other (with its line), and exports carry it. Each item silences
the problems of its rule located in the entry's file. The items themselves are checked:
KB800 (no reason), KB801 (no such rule), KB802 (silences nothing), KB803 (the rule cannot be silenced).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable

from .problems import RULES, Problem, problem

__all__ = ["apply_suppressions"]


def _unknown_hint(code: str) -> str:
    starting = [c for c in RULES if c.startswith(code)] if code.startswith("KB") else []
    if starting and code not in RULES:
        listed = ", ".join(starting[:4]) + (", ..." if len(starting) > 4 else "")
        return f"a suppression silences one rule: name one of {listed}"
    import difflib

    close = difflib.get_close_matches(code, sorted(RULES), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(close)}?" if close else "write a rule code as `kb rules` lists them"


def apply_suppressions(base, problems: Iterable[Problem], entries=None,
                       selected: Callable[[str], bool] = lambda code: True) -> list[Problem]:
    """``problems`` without those the entries' suppressions silence, plus the problems of the
    suppressions of ``entries`` (default: every entry). An unused suppression (KB802) is reported
    only for a rule that is ``selected``: for another, whether it would fire is not asked."""
    problems = list(problems)
    in_file: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        in_file[p.file].append(p)
    silenced: set[Problem] = set()
    found: list[Problem] = []
    for entry in base.all_entries if entries is None else entries:
        for i, item in enumerate(entry.suppress):
            line = entry.line_of("suppress", i, "rule")
            code = item.rule
            if not (item.reason or "").strip():
                found.append(problem("KB800", entry.file, entry.line_of("suppress", i),
                                     f"the suppression of {code} gives no reason.",
                                     f"write why {code} does not apply here: `- {{rule: {code}, reason: ...}}`"))
            rule = RULES.get(code)
            if rule is None:
                found.append(problem("KB801", entry.file, line, f"'{code}' is not a rule code.", _unknown_hint(code)))
                continue
            if not rule.suppressible:
                found.append(problem("KB803", entry.file, line,
                                     f"{code} ({rule.name}) cannot be suppressed: the knowledge base is not sound without it.",
                                     "fix what it reports and remove this item"))
                continue
            hits = [p for p in in_file.get(entry.file, ()) if p.code == code and p not in silenced]
            if hits:
                silenced.update(hits)
            elif selected(code):
                found.append(problem("KB802", entry.file, line,
                                     f"the suppression of {code} ({rule.name}) silences nothing: the rule "
                                     "reports no problem in this entry.",
                                     "remove the item, so that the rule guards the entry again"))
    return [p for p in problems if p not in silenced] + found
