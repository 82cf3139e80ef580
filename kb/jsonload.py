"""A ``kb-json/1`` file (written by ``kb export --format json``) -> typed entries + problems.

The counterpart of :mod:`kb.load` for one JSON file: each record is validated by the same
models, and keeps the file and lines it was first written at.
"""
from __future__ import annotations

import json
from pathlib import Path

from .load import display_path, validate
from .model import KINDS, Entry
from .problems import Problem, problem
from .yamlfile import Document

__all__ = ["FORMAT", "load_json", "dotted", "undotted"]

FORMAT = "kb-json/1"


def dotted(path: tuple) -> str:
    """``("premises", 0, "note")`` -> ``"premises.0.note"`` (field names never hold a dot)."""
    return ".".join(str(step) for step in path)


def undotted(text: str) -> tuple:
    return tuple(int(s) if s.isdigit() else s for s in text.split(".")) if text else ()


def load_json(path: Path) -> tuple[list[Entry], list[Problem], set[str]]:
    """Read a ``kb-json/1`` file: the entries that validated, the problems, the ids that failed."""
    name = display_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        return [], [problem("KB101", name, 0, f"cannot read the file: {err.strerror}.",
                            "check that the file exists and is readable")], set()
    except UnicodeDecodeError:
        return [], [problem("KB101", name, 0, "the file is not UTF-8 text.", "save it as UTF-8")], set()
    except json.JSONDecodeError as err:
        return [], [problem("KB100", name, err.lineno, f"the file is not valid JSON: {err.msg} "
                            f"(column {err.colno}).", "export it again with kb export --format json")], set()
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), list):
        return [], [problem("KB109", name, 1, f"the file is not a {FORMAT} export (it needs "
                            f'"format": "{FORMAT}" and a list of "entries").',
                            "load a file written by kb export --format json, or a folder of entry files")], set()
    entries, problems, broken = [], [], set()
    folder = path.resolve().parent
    for record in data["entries"]:
        entry, found = _entry(record, folder, name)
        problems += found
        if entry is not None:
            entries.append(entry)
        elif isinstance(record, dict) and isinstance(record.get("id"), str):
            broken.add(record["id"])
    return entries, problems, broken


def _entry(record, folder: Path, name: str) -> tuple[Entry | None, list[Problem]]:
    if not isinstance(record, dict) or record.get("kind") not in KINDS:
        kind = record.get("kind") if isinstance(record, dict) else None
        return None, [problem("KB110", name, 1, f"an entry record has the kind {kind!r}, which is "
                              f"not one of {', '.join(KINDS)}.", "export the knowledge base again")]
    fields = {k: v for k, v in record.items() if k not in ("kind", "location")}
    location = record.get("location") if isinstance(record.get("location"), dict) else {}
    file = location.get("file") if isinstance(location.get("file"), str) else name
    lines = {undotted(k): v for k, v in (location.get("lines") or {}).items() if isinstance(v, int)}
    blocks = {undotted(k): v for k, v in (location.get("blocks") or {}).items() if isinstance(v, int)}
    return validate(KINDS[record["kind"]], Document(data=fields, lines=lines, block=blocks), file,
                    str(folder / file))
