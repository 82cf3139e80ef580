"""`kb new`: a new entry file that passes `kb check`, with every field to fill in.

An entry of some kinds is only valid with references to others (an argument needs premises
and a conclusion, a prediction the claims it is derived from): those come from the command
line, are checked against the knowledge base before anything is written, and a missing one is
refused with the flag that gives it.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .model import KINDS, MAX_ID_LENGTH, REF, RELATIONS, split_ref
from .problems import BIDI_CONTROLS, describe, is_invisible

__all__ = ["slugify", "scaffold", "template", "Draft", "REFERENCE_FLAGS", "REQUIRED", "ScaffoldError"]

# The relation fields `kb new` fills from flags: field -> flag. Which kinds may carry a field
# and which kinds it may point at come from the relation vocabulary (kb.model.RELATIONS).
REFERENCE_FLAGS = {
    "premises": "--premise",
    "conclusion": "--conclusion",
    "derived_from": "--derived-from",
    "supports": "--supports",
    "attacks": "--attacks",
    "bears_on": "--bears-on",
}
# The references a kind cannot do without (rules KB401, KB402 and KB405).
REQUIRED = {"argument": ("premises", "conclusion"), "prediction": ("derived_from",)}
SINGLE = {"conclusion"}  # fields holding one reference, not a list


class ScaffoldError(ValueError):
    """Why `kb new` wrote nothing; the message says what to give instead. ``usage`` is true when
    the flags themselves are wrong (missing, or not for this kind), false when a reference
    names no fitting entry."""

    def __init__(self, message: str, usage: bool = True):
        super().__init__(message)
        self.usage = usage


@dataclass
class Draft:
    """What `kb new` is asked to write: a kind, a name, references and the source drawn on."""

    kind: str
    name: str
    refs: dict[str, list[str]] = field(default_factory=dict)
    source: str | None = None


def slugify(name: str) -> str:
    """An id made from a name.

    >>> slugify("Mesa-Optimizer (narrow sense)")
    'mesa-optimizer-narrow-sense'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    slug = re.sub(r"^[^a-z]+", "", slug)[:MAX_ID_LENGTH].strip("-")
    return slug


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flag_kinds(name: str) -> tuple[str, ...]:
    return RELATIONS[name].sources


def problems_with(draft: Draft) -> list[str]:
    """What is wrong with the flags given, before the knowledge base is even read."""
    wrong = []
    for name, ids in draft.refs.items():
        if ids and draft.kind not in _flag_kinds(name):
            kinds = " and ".join(_flag_kinds(name)) + " entries"
            wrong.append(f"{REFERENCE_FLAGS[name]} is for {kinds}, not for a {draft.kind}")
        if name in SINGLE and len(ids) > 1:
            wrong.append(f"an {draft.kind} has one {name}: give {REFERENCE_FLAGS[name]} once")
        for ident in ids:
            if not re.match(REF, ident):
                wrong.append(f"{ident!r} (after {REFERENCE_FLAGS[name]}) is not an id: lowercase letters, "
                             "digits and single hyphens, as in the file name without .yaml")
    for name in REQUIRED.get(draft.kind, ()):
        if not draft.refs.get(name):
            target = "/".join(t.upper() for t in RELATIONS[name].targets)
            repeat = "" if name in SINGLE else " (repeat it for each)"
            wrong.append(f"a{'n' if draft.kind[0] in 'aeiou' else ''} {draft.kind} needs its {name.replace('_', ' ')}: "
                         f"give {REFERENCE_FLAGS[name]} {target}-ID{repeat}")
    if draft.source is not None and not re.match(REF, draft.source):
        wrong.append(f"{draft.source!r} (after --source) is not an id")
    return wrong


def unresolved(draft: Draft, base) -> list[str]:
    """The references of the draft that name no entry, or an entry of a kind they cannot name."""
    from .similar import CloseMatches

    close = CloseMatches(base.by_id)
    wrong = []
    wanted = [(name, ident, RELATIONS[name].targets) for name, ids in draft.refs.items() for ident in ids]
    if draft.source:
        wanted.append(("source", draft.source, ("source",)))
    for name, ref, targets in wanted:
        ident = split_ref(ref)[0]
        flag = REFERENCE_FLAGS.get(name, "--source")
        entry = base.by_id.get(ident)
        if entry is None:
            near = close.close(ident)
            hint = f" (did you mean {' or '.join(near)}?)" if near else " (create it first with kb new)"
            wrong.append(f"{flag} {ref}: no entry has the id '{ident}'{hint}")
        elif entry.kind not in targets:
            wrong.append(f"{flag} {ref}: '{ident}' is of kind {entry.kind}; {flag} takes a {' or '.join(targets)}")
    return wrong


def _link(ref: str, source: str | None, indent: str) -> str:
    """One reference; stated in the source when one is given, so the link has its provenance."""
    if source is None:
        return ref
    return f"to: {ref}\n{indent}stated_in: {source}"


def _relation_lines(draft: Draft) -> str:
    lines = []
    for name in REFERENCE_FLAGS:
        if draft.kind not in _flag_kinds(name):
            continue
        ids = draft.refs.get(name) or []
        if name in SINGLE:
            if ids:
                value = _link(ids[0], draft.source, "  ")
                lines.append(f"{name}:\n  {value}" if draft.source else f"{name}: {value}")
            continue
        if not ids:
            lines.append(f"{name}: []")
        elif draft.source is None:
            lines.append(f"{name}: [{', '.join(ids)}]")
        else:
            lines.append(f"{name}:\n" + "".join(f"  - {_link(i, draft.source, '    ')}\n" for i in ids).rstrip("\n"))
    return "".join(line + "\n" for line in lines)


def _sources(draft: Draft) -> str:
    if draft.source is None:
        return "sources: []  # - {source: SOURCE-ID, locator: \"§1.1, para. 2\", quote: \"...\"}\n"
    return (f"sources:\n  - source: {draft.source}\n"
            "    locator: \"TODO: where in the source (section, paragraph)\"\n")


def modeline(kind: str, schemas: str) -> str:
    """The first line that tells editors using yaml-language-server which JSON Schema applies."""
    return f"# yaml-language-server: $schema={schemas}/{kind}.schema.json\n"


def template(kind: str, ident: str, name: str, draft: Draft | None = None,
             schemas: str = "../../schemas") -> str:
    """The text of a new entry file of ``kind``; ``schemas`` is the schema folder relative to it."""
    draft = draft or Draft(kind, name)
    todo = "TODO: one plain sentence."
    head = modeline(kind, schemas) + f"id: {ident}\n"
    if kind == "term":
        return head + (f"name: {_q(name)}\naliases: []\nsummary: {_q(todo)}\ndefinition: |\n"
                       "  TODO: a precise definition in your own words; link other entries by id in double brackets.\n" + _sources(draft))
    if kind == "source":
        return head + (f"title: {_q(name)}\nsummary: {_q(todo)}\nauthors: []\n"
                       "text: null  # path, relative to this file, of a local plain-text copy\n" + _sources(draft))
    extra = {
        "claim": "status: proposed\nheld_by: []\n",
        "argument": "",
        "prediction": "status: open\nconfirmed_if: TODO\nfalsified_if: TODO\n",
        "evidence": "",
    }[kind]
    return (head + f"title: {_q(name)}\nsummary: {_q(todo)}\ntext: |\n  TODO\n" + extra
            + _relation_lines(draft) + _sources(draft))


def scaffold(root: Path, kind: str, name: str, draft: Draft | None = None, schemas: Path | None = None) -> Path:
    """Write a new entry of ``kind`` named ``name`` into the knowledge base at ``root``.

    Raises ScaffoldError (a flag is missing or wrong, a reference resolves to nothing),
    ValueError (no id can be made, a reserved id, a linked folder) or FileExistsError;
    nothing is written then. ``schemas`` is the folder of the JSON Schemas named in the
    modeline (default: ``schemas/`` beside the knowledge base folder).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind '{kind}'; kinds are {', '.join(KINDS)}")
    draft = draft or Draft(kind, name)
    wrong = problems_with(draft)
    if wrong:
        raise ScaffoldError("; ".join(wrong) + ".")
    # The name goes into the file as it is: a control character would make the YAML unreadable,
    # an invisible one or a bidi control an entry kb check rejects (KB100, KB210).
    hidden = [c for c in name if c in BIDI_CONTROLS or unicodedata.category(c) == "Cc" or is_invisible(c, keep="\u00a0")]
    if hidden:
        raise ValueError(f"the name holds {describe(hidden[0])}, which a reader cannot see; type the name without it")
    ident = slugify(name)
    if not ident:
        raise ValueError(f"cannot make an id from {name!r}: use a name with some letters")
    from .checks import RESERVED_IDS

    if ident in RESERVED_IDS:
        raise ValueError(f"'{ident}' is a reserved name (it would clash with a page or a device name); choose another name")
    folder = root / KINDS[kind].folder
    path = folder / f"{ident}.yaml"
    if path.is_symlink() or path.exists():
        raise FileExistsError(f"{path} exists already; edit it, or choose another name")
    if folder.is_symlink():
        raise ValueError(f"{folder} is a symbolic link; kb new writes only into the knowledge base's own folders")
    if any(draft.refs.values()) or draft.source:
        from .base import load

        wrong = unresolved(draft, load(root))
        if wrong:
            raise ScaffoldError("; ".join(wrong) + ".", usage=False)
    schemas = schemas if schemas is not None else root.absolute().parent / "schemas"
    relative = Path(os.path.relpath(schemas.absolute(), folder.absolute())).as_posix()
    text = template(kind, ident, name, draft, relative)
    folder.mkdir(parents=True, exist_ok=True)
    # O_EXCL and O_NOFOLLOW: never overwrite a file, never write through a link planted meanwhile
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path
