"""Problems -> text for people, JSON for programs, annotations for GitHub workflows, SARIF 2.1.0
for code scanning."""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

from .problems import RULES

__all__ = ["format_problems", "summary_line", "sarif_log", "SARIF_SCHEMA"]

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _text(problems) -> str:
    return "\n".join(str(p) for p in problems)


def _json(problems) -> str:
    counts = Counter(p.severity for p in problems)
    return json.dumps({"problems": [p.as_dict() for p in problems],
                       "summary": {s: counts.get(s, 0) for s in ("error", "warning", "info")}}, indent=2)


def _escape(text: str, property_: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def _github(problems) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for p in problems:
        props = f"file={_escape(p.file, True)}" + (f",line={p.line}" if p.line else "")
        props += f",title={_escape(p.code + ' ' + p.as_dict()['rule'], True)}"
        message = p.message + (f" Fix: {p.fix}" if p.fix else "")
        lines.append(f"::{level[p.severity]} {props}::{_escape(message)}")
    return "\n".join(lines)


_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s+(?=[A-Z`'(])|$)")


def _first_sentence(doc: str) -> str:
    match = _FIRST_SENTENCE.match(doc)
    return match.group(1) if match else doc


def _uri(file: str, root: Path) -> str:
    """A problem's file as a URI relative to ``root`` (the top of the repository), with / separators."""
    path = Path(os.path.abspath(file))
    try:
        rel = path.relative_to(root)
    except ValueError:
        return path.as_uri()  # outside the repository: an absolute file URI, with no base
    return "/".join(rel.parts) if rel.parts else "."


def sarif_log(problems, root: Path | None = None, rules_url: str | None = None, rules=None,
              version: str | None = None) -> dict:
    """Problems as a SARIF 2.1.0 log (one run) for GitHub code scanning and other SARIF viewers.

    ``root`` is the top of the repository: file URIs are relative to it, under the base id
    ``%SRCROOT%``. ``rules_url`` is the address of the rules page, whose anchors (``#kb301``) give
    each rule's ``helpUri``. ``rules`` (default: every rule) are the rules described in the run.
    """
    root = Path(os.path.abspath(root or os.getcwd()))
    rules = list(RULES.values() if rules is None else rules)
    described = {p.code for p in problems} - {r.code for r in rules}
    rules += [RULES[c] for c in sorted(described)]
    index = {rule.code: i for i, rule in enumerate(rules)}
    descriptors = []
    for rule in rules:
        descriptor = {"id": rule.code, "name": rule.name,
                      "shortDescription": {"text": _first_sentence(rule.doc)},
                      "fullDescription": {"text": rule.doc},
                      "help": {"text": rule.doc},
                      "defaultConfiguration": {"level": _LEVEL[rule.severity]},
                      "properties": {"suppressible": rule.suppressible}}
        if rules_url:
            descriptor["helpUri"] = f"{rules_url}#{rule.code.lower()}"
        descriptors.append(descriptor)
    results = []
    for p in problems:
        uri = _uri(p.file, root)
        artifact = {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "%SRCROOT%"}
        physical = {"artifactLocation": artifact}
        if p.line:  # no column is known: the region is the whole line
            physical["region"] = {"startLine": p.line}
        results.append({"ruleId": p.code, "ruleIndex": index[p.code], "level": _LEVEL[p.severity],
                        "message": {"text": p.message + (f" Fix: {p.fix}" if p.fix else "")},
                        "locations": [{"physicalLocation": physical}]})
    driver = {"name": "kb", "rules": descriptors}
    if version:
        driver["version"] = version
    if rules_url:
        driver["informationUri"] = rules_url
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver},
                      "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
                      "results": results}]}


def _sarif(problems, **context) -> str:
    return json.dumps(sarif_log(problems, **context), indent=2, ensure_ascii=False)


FORMATS = {"text": _text, "json": _json, "github": _github, "sarif": _sarif}


def format_problems(problems, fmt: str = "text", **context) -> str:
    """The problems in a format of ``FORMATS``; ``context`` goes to :func:`sarif_log` for sarif."""
    return FORMATS[fmt](problems, **context) if fmt == "sarif" else FORMATS[fmt](problems)


def summary_line(problems, entries: int, files_asked: int | None = None) -> str:
    counts = Counter(p.severity for p in problems)
    files = len({p.file for p in problems})
    what = f"{entries} entries checked" if files_asked is None else \
        f"{files_asked} file(s) checked against {entries} entries"
    return (f"{what}: {counts.get('error', 0)} error(s), {counts.get('warning', 0)} warning(s), "
            f"{counts.get('info', 0)} note(s)" + (f" in {files} file(s)." if problems else "."))
