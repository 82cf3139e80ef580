"""Problems -> text for people, JSON for programs, annotations for GitHub workflows."""
from __future__ import annotations

import json
from collections import Counter

__all__ = ["format_problems", "summary_line"]


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


FORMATS = {"text": _text, "json": _json, "github": _github}


def format_problems(problems, fmt: str = "text") -> str:
    return FORMATS[fmt](problems)


def summary_line(problems, entries: int) -> str:
    counts = Counter(p.severity for p in problems)
    files = len({p.file for p in problems})
    return (f"{entries} entries checked: {counts.get('error', 0)} error(s), {counts.get('warning', 0)} warning(s), "
            f"{counts.get('info', 0)} note(s)" + (f" in {files} file(s)." if problems else "."))
