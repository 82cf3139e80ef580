"""`kb new`: a new entry file that loads and validates, with every field to fill in."""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .model import KINDS, MAX_ID_LENGTH

__all__ = ["slugify", "scaffold", "template"]


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


def template(kind: str, ident: str, name: str) -> str:
    todo = "TODO: one plain sentence."
    head = f"id: {ident}\n"
    if kind == "term":
        return head + (f"name: {_q(name)}\naliases: []\nsummary: {_q(todo)}\ndefinition: |\n"
                       "  TODO: a precise definition in your own words; link terms as [[id]].\n"
                       "sources: []  # - {source: SOURCE-ID, locator: \"§1.1, para. 2\", quote: \"...\"}\n")
    body = head + f"title: {_q(name)}\nsummary: {_q(todo)}\ntext: |\n  TODO\n"
    extra = {
        "claim": "status: proposed\nheld_by: []\n",
        "argument": "premises: []  # claim ids\nconclusion: null  # a claim id\nsupports: []\nattacks: []\n",
        "prediction": "derived_from: []  # claim ids\nstatus: open\nconfirmed_if: TODO\nfalsified_if: TODO\n",
        "evidence": "supports: []\nattacks: []\nbears_on: []\n",
        "source": "",
    }[kind]
    if kind == "source":
        return head + f"title: {_q(name)}\nsummary: {_q(todo)}\nauthors: []\ntext: null  # path to a local copy\n"
    return body + extra + "sources: []\n"


def scaffold(root: Path, kind: str, name: str) -> Path:
    if kind not in KINDS:
        raise ValueError(f"unknown kind '{kind}'; kinds are {', '.join(KINDS)}")
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
    folder.mkdir(parents=True, exist_ok=True)
    # O_EXCL and O_NOFOLLOW: never overwrite a file, never write through a link planted meanwhile
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(template(kind, ident, name))
    return path
