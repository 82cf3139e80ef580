"""concepts/**/*.yaml -> typed entries + problems, keeping file and line of every field."""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from pathlib import Path, PurePath

from pydantic import ValidationError

from .model import FOLDERS, Citation, Entry, Link, RELATIONS, Sense
from .problems import Problem, problem
from .cache import ParseCache, digest
from .readable import folders_of, refusal
from .yamlfile import Document, from_record, parse_bytes, read_bytes, to_record

__all__ = ["load_folder", "validate", "display_path", "collector_paused"]

_MEMBER_MISMATCH = {"string_type": dict, "model_type": str, "dict_type": str, "model_attributes_type": str}


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def load_folder(root: Path, cache: bool = True, readable=None) -> tuple[list[Entry], list[Problem], set[str]]:
    """Read every entry file under ``root``.

    An entry file that is a symbolic link is read only when it leads to a file inside the
    ``readable`` folders (default: the folder holding ``root``; :mod:`kb.readable`), else KB116.

    Returns the entries that validated, the problems found while reading, and the ids of
    entries that exist but failed validation (so references to them are not reported as dangling).
    With ``cache`` (and unless ``KB_NO_CACHE`` is set), files whose bytes were parsed before
    are not parsed again (see :mod:`kb.cache`).
    """
    entries: list[Entry] = []
    problems: list[Problem] = []
    broken: set[str] = set()
    if not root.is_dir():
        problems.append(problem("KB110", display_path(root), 0, "the concepts folder does not exist.",
                                "pass the folder that holds terms/, claims/, ... (kb check DIR)"))
        return entries, problems, broken
    if readable is None:
        readable = folders_of(root)
    skipped: list[tuple[str, str]] = []
    files = sorted(_files(str(root), skipped))
    for folder, why in skipped:
        if why == "symlink":
            problems.append(problem("KB115", display_path(Path(folder)), 0,
                                    "this folder is a symbolic link, which is not followed: its entries are not read.",
                                    "put the entries in the concepts folder itself, or link the files rather than the folder"))
        else:
            problems.append(problem("KB115", display_path(Path(folder)), 0, f"cannot read this folder: {why}; its entries are not read.",
                                    "make it readable (e.g. chmod u+rx), or remove it"))
    names = _Names(root)
    with collector_paused():
        store = ParseCache.for_folder(root, cache)
        for parts, item in files:
            name = names.display(parts)
            why = item.is_symlink() and refusal(item.path, readable)
            if why:  # a link out of the base: never read (a hostile one could name any file of the machine)
                problems.append(problem("KB116", name, 0, f"this file is a symbolic link that kb does not follow: {why}.",
                                        "put the entry file itself in the concepts folder, or link to a file "
                                        "inside the project"))
                continue
            if not _is_file(item):  # a FIFO or device would block or never end
                problems.append(problem("KB111", name, 0, "this is not a regular file and is ignored.",
                                        "remove it from the concepts folder"))
                continue
            if not item.name.endswith(".yaml"):
                suffix = PurePath(item.name).suffix
                fix = "rename it to .yaml" if suffix == ".yml" else "move it out of the concepts folder"
                problems.append(problem("KB111", name, 0, "this file is not a .yaml entry and is ignored.", fix))
                continue
            model = FOLDERS.get(parts[0]) if len(parts) == 2 else None
            if model is None:
                problems.append(problem("KB110", name, 0, "an entry file must sit directly in one of the "
                                        f"kind folders: {', '.join(FOLDERS)}.", "move it into the folder of its kind"))
                continue
            doc = _parse(item.path, name, store)
            problems += doc.problems
            if doc.problems:
                continue
            entry, found = validate(model, doc, name, names.resolved(parts, item))
            problems += found
            if entry is not None:
                entries.append(entry)
            elif isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                broken.add(doc.data["id"])
        store.save()
    return entries, problems, broken


def _parse(path: str, name: str, store: ParseCache) -> Document:
    """The Document of one file, from the cache when its bytes were parsed before."""
    raw = read_bytes(path, name)
    if isinstance(raw, Document):
        return raw
    key = digest(raw)
    record = store.get(key)
    if record is not None:
        return from_record(record, name)
    doc = parse_bytes(raw, name)
    store.put(key, to_record(doc))
    return doc


def _is_file(item: os.DirEntry) -> bool:
    """A regular file, or a link to one."""
    try:
        return item.is_file()
    except OSError:
        return False


@contextmanager
def collector_paused():
    """Loading makes hundreds of thousands of objects that all live on: the cyclic garbage
    collector would walk them again and again (a fifth of the loading time at 10,000 entries,
    and a third of the checks', which grew faster than the base because of it). Used around
    loading, building the graph and running the checks.

    On the way out the objects made are put in the collector's oldest generation (``gc.freeze``
    then ``gc.unfreeze``, which puts every object back there): they are collected like any other,
    but the collector no longer takes them for a crowd of new objects to walk at once, which cost
    a full collection of the whole base (0.3 s at 10,000 entries) soon after loading."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


class _Names:
    """The display name and the resolved path of the files under one root, computed once for
    the root rather than per file."""

    def __init__(self, root: Path):
        self.root = str(root)
        rel = _relative(root)
        self.prefix = None if rel is None else "" if rel == "." else rel + os.sep
        self.fallback = str(root) + os.sep if str(root) != os.sep else os.sep
        self.real = os.path.join(os.path.realpath(root), "")  # with its final separator

    def display(self, parts: tuple) -> str:
        """As :func:`display_path` would show the file."""
        return (self.fallback if self.prefix is None else self.prefix) + os.sep.join(parts)

    def resolved(self, parts: tuple, item: os.DirEntry) -> str:
        """As ``str(path.resolve())``: no folder on the way is a link (those are not followed)."""
        return os.path.realpath(item.path) if item.is_symlink() else self.real + os.sep.join(parts)


def _relative(path: Path) -> str | None:
    """``path`` relative to the working directory, or None when it is not inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return None
    return None if rel.startswith("..") else rel


def _files(root: str, skipped: list):
    """``(parts relative to root, DirEntry)`` of every file under ``root`` but hidden ones;
    folders that are symbolic links or cannot be read are added to ``skipped`` with the reason,
    so that they are reported rather than silently missing."""
    pending = [(root, ())]
    while pending:
        folder, parts = pending.pop()
        try:
            with os.scandir(folder) as items:
                found = list(items)
        except OSError as err:
            skipped.append((err.filename if err.filename is not None else folder, err.strerror or str(err)))
            continue
        for item in found:
            if item.name.startswith("."):
                continue
            try:
                is_dir = item.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                yield (*parts, item.name), item
            elif item.is_symlink():
                skipped.append((item.path, "symlink"))
            else:
                pending.append((item.path, (*parts, item.name)))


def validate(model: type[Entry], doc: Document, name: str, path: str = "") -> tuple[Entry | None, list[Problem]]:
    """Turn the data of one file into an entry of ``model``, or into problems."""
    if doc.data is None:
        return None, [problem("KB107", name, 1, "the file holds no entry.",
                              'fill it in (kb new KIND "Name" scaffolds one) or delete it')]
    if not isinstance(doc.data, dict):
        return None, [problem("KB109", name, doc.lines.get((), 1),
                              f"the file holds a {type(doc.data).__name__}, not a mapping of fields.",
                              "start the file with `id: ...` and the other fields of the kind")]
    try:
        entry = model.model_validate(doc.data)
    except ValidationError as err:
        return None, _explain(model, doc, name, err)
    return entry.locate(name, doc.lines, doc.block, path), []


def _explain(model: type[Entry], doc: Document, name: str, err: ValidationError) -> list[Problem]:
    found: dict[tuple, Problem] = {}
    for e in err.errors():
        path, value = _data_path(doc.data, e["loc"], e["type"] == "missing")
        if e["type"] in _MEMBER_MISMATCH and isinstance(value, _MEMBER_MISMATCH[e["type"]]):
            continue  # the other member of "id or {to, note}" matched the shape; its error is the real one
        line = _line(doc, path)
        found.setdefault(path, _problem_for(model, doc, name, e, path, value, line))
    return sorted(found.values())


def _data_path(data, loc, missing: bool) -> tuple[tuple, object]:
    """Follow a pydantic error location through the data, skipping union member names."""
    path, value = [], data
    for step in loc:
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        elif missing and step == loc[-1]:
            return (*path, step), None
        else:
            continue  # a union member's name, not a place in the data
        path.append(step)
    return tuple(path), value


def _line(doc: Document, path: tuple) -> int:
    while path and path not in doc.lines:
        path = path[:-1]
    return doc.lines.get(path, 1)


def _problem_for(model, doc, name, e, path, value, line) -> Problem:
    field = ".".join(str(p) for p in path) or "(top level)"
    kind = model.kind
    if e["type"] == "missing":
        return problem("KB201", name, line, f"the {kind} lacks the required field '{path[-1]}'.",
                       f"add `{path[-1]}:` (see 'Writing entries' for the fields of a {kind})")
    if e["type"] == "extra_forbidden":
        key = str(path[-1])
        known = _known_fields(model, path)
        if key == "kind":
            return problem("KB202", name, line, "unknown field 'kind'.",
                           f"remove it: the folder gives the kind (this file is a {kind})")
        import difflib

        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
        return problem("KB202", name, line, f"unknown field '{key}' in {field}.", hint)
    if path in doc.implicit and doc.implicit[path] in ("", "~") and value is None:
        return problem("KB112", name, line, f"{field} has no value.",
                       f"fill it in, or remove the line `{path[-1]}:`")
    if path in doc.implicit:
        return problem("KB112", name, line, f"{field} is {doc.implicit[path]!r} without quotes, "
                       f"which YAML reads as {type(value).__name__} {value!r}, not text.",
                       f'put it in quotes: "{doc.implicit[path]}"')
    if e["type"] in ("string_too_short", "string_pattern_mismatch") and isinstance(value, str) and not value.strip() \
            and path != ("id",):
        return problem("KB201", name, line, f"{field} is empty (it holds only spaces).",
                       f"write the {path[-1] if isinstance(path[-1], str) else field}, or remove the line if it is optional")
    if e["type"] == "literal_error":
        allowed = e.get("ctx", {}).get("expected", "")
        return problem("KB204", name, line, f"{field} is {value!r}, which is not an allowed value.",
                       f"use one of: {allowed}")
    if e["type"] == "string_pattern_mismatch" and path == ("id",):
        return problem("KB205", name, line, f"the id {value!r} is not a valid slug.",
                       "use lowercase a-z, digits and single hyphens, starting with a letter (e.g. mesa-optimizer)")
    if e["type"] == "string_pattern_mismatch" or (_is_relation(path) and isinstance(value, (dict, str))):
        return problem("KB203", name, line, f"{field} is {value!r}, which is not a valid reference.",
                       "write an id such as `mesa-optimizer`, or `term-id#sense-id`")
    if e["type"] == "string_too_long" and path == ("id",):
        return problem("KB205", name, line, f"the id is longer than {e['ctx']['max_length']} characters.",
                       "choose a shorter id")
    return problem("KB203", name, line, f"{field}: {e['msg'].lower()} (got {_short(value)}).",
                   _shape_hint(model, path))


def _is_relation(path: tuple) -> bool:
    return bool(path) and path[0] in RELATIONS and (len(path) == 1 or isinstance(path[-1], int))


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _shape_hint(model, path) -> str:
    info = model.model_fields.get(path[0]) if path else None
    if info is None and path and path[0] == "name":
        info = model.model_fields.get("name_")
    if info is not None and info.description:
        return f"{path[0]} is {info.description}"
    return "see 'Writing entries' for the expected shape"


def _known_fields(model, path) -> list[str]:
    if len(path) == 1:
        return [info.alias or f for f, info in model.model_fields.items()]
    head = path[0]
    if head == "sources" or (head == "senses" and len(path) > 3) or "stated_in" in path[:-1]:
        inner = Citation
    elif head == "senses":
        inner = Sense
    else:
        inner = Link
    return list(inner.model_fields)
