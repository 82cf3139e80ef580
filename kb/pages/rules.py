"""The rules page: every rule of ``kb check`` and every limit, from the code's own tables."""
from __future__ import annotations

import re

from ..problems import LIMITS, RULES
from .blocks import front_matter, table
from .escape import CODE_SPAN, PLAIN

__all__ = ["rules_page"]

_SENTENCE_END = re.compile(r"(?<![.]\w[.])(?<=[.!?])\s+(?=[A-Z`'])")


def _split_doc(doc: str) -> tuple[str, str]:
    """A rule's doc as (what it means, how to fix it): the last sentence is the fix."""
    sentences = _SENTENCE_END.split(doc.strip())
    if len(sentences) < 2:
        return doc, ""
    return " ".join(sentences[:-1]), sentences[-1]


def _trusted_cell(text: str) -> str:
    """Text of our own (rule docs) for a table cell: code spans kept, the rest made literal."""
    pieces, last = [], 0
    for m in CODE_SPAN.finditer(text):
        pieces.append(text[last:m.start()].translate(PLAIN))
        pieces.append(m.group(0).replace("|", "\\|"))
        last = m.end()
    pieces.append(text[last:].translate(PLAIN))
    return " ".join("".join(pieces).split())


def rules_page() -> str:
    """Every rule of ``kb check`` and every limit on entry files, from the code's own tables."""
    out = [front_matter("Rules of kb check"), "# Rules of `kb check`\n",
           "Every problem `kb check` (and the site build) can report has a code. Errors fail the "
           "check and the build; warnings and notes are advice. This page is generated from the "
           "code's own table of rules, so it cannot drift from what the checker does. An entry can "
           "silence a rule marked *yes* under *Suppress*, saying why, with "
           "`suppress: [{rule: CODE, reason: ...}]` in the entry.\n"]
    rows = []
    for rule in RULES.values():
        meaning, fix = _split_doc(rule.doc)
        rows.append([f"<span id=\"{rule.code.lower()}\"></span>`{rule.code}`", rule.severity, f"`{rule.name}`",
                     _trusted_cell(meaning), _trusted_cell(fix) or "—", "yes" if rule.suppressible else "no"])
    out.append(table(["Code", "Severity", "Rule", "What it means", "How to fix it", "Suppress"], rows))
    out += ["", "## Limits {#limits}\n", "Entry files are read with these limits:\n",
            table(["Limit", "Value"], [[f"`{name}`", str(value)] for name, value in LIMITS.items()])]
    out += ["", "## What the checks guarantee {#guarantees}\n", *[f"- {line}" for line in GUARANTEES], ""]
    return "\n".join(out)


# What holds for every input, whatever the rules above say of it (tested in tests/test_hostile*.py
# and tests/test_fuzz_markup.py).
GUARANTEES = (
    "Every input ends in a problem with a file, a line (counted as editors count them: at \\n, "
    "\\r\\n and \\r) and a rule code, never in a traceback; a file is read only up to its limit, and "
    "a source text only if it is a regular file within `max_source_bytes`.",
    "Nothing in an entry file is ever executed or constructed: YAML tags are refused, anchors and "
    "aliases too, and nesting is bounded.",
    "Characters a reader cannot see (control and format characters, bidirectional controls) are "
    "written as escapes such as \\u200b in every message, with their names, so a terminal never acts "
    "on them.",
    "Entry text never becomes markup on the site: plain fields are written as text, Markdown fields are "
    "parsed and written anew, so raw HTML, attribute lists, classes and diagrams can only come from "
    "the page generator.",
    "Checking reads the knowledge base and writes nothing; `kb build -o` replaces only a folder an "
    "earlier build made.",
)
