"""`kb init DIR`: a new knowledge base for any field, ready to check, build and publish.

The files come from the templates in ``kb/starter/`` (package data): an example entry of each
kind about a neutral toy field, the site's ``mkdocs.yml``, ``pyproject.toml`` with the
``[tool.kb]`` settings, a README, a GitHub Actions workflow, a pre-commit configuration and
editor settings for the JSON Schemas, which are written beside them. A path part written
``dot-x`` in the templates becomes ``.x`` (dot files are easy to lose in package data), and
``{{kb:...}}`` placeholders are filled in. Nothing is ever overwritten: the folder must be new
or empty.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .schema import all_schemas

__all__ = ["STARTER", "InitError", "init", "starter_files"]

STARTER = Path(__file__).resolve().parent / "starter"


class InitError(ValueError):
    """Why `kb init` wrote nothing."""


def _target(relative: Path) -> Path:
    return Path(*(("." + part[4:]) if part.startswith("dot-") else part for part in relative.parts))


def _values(folder: Path) -> dict[str, str]:
    from ._version import __version__

    # The title, from the folder's name, goes into YAML and TOML strings: letters, digits,
    # spaces and plain punctuation only.
    words = re.sub(r"[^\w.,()'-]+|_+", " ", folder.resolve().name.replace("-", " ")).split()
    title = " ".join(words)
    title = title[:1].upper() + title[1:] if title else "Knowledge base"
    return {"title": title, "version": __version__}


def _fill(text: str, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        return values[match.group(1)]

    return re.sub(r"\{\{kb:([a-z]+)\}\}", value, text)


def starter_files(folder: Path) -> dict[Path, str]:
    """Relative path -> text of every file `kb init` writes into ``folder``."""
    values = _values(folder)
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files[_target(path.relative_to(STARTER))] = _fill(path.read_text(encoding="utf-8"), values)
    for name, text in all_schemas().items():
        files[Path("schemas") / name] = text
    return files


def _write_new(path: Path, text: str) -> None:
    # O_EXCL and O_NOFOLLOW: never overwrite a file, never write through a link planted meanwhile
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def init(folder: Path) -> list[Path]:
    """Create a new knowledge base in ``folder`` (new or empty); returns the files written.

    Raises InitError when the folder holds anything or is not a folder; on a failure half-way,
    what it wrote is removed again, and only that.
    """
    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise InitError(f"'{folder}' is not a folder; give the path of a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise InitError(f"'{folder}' is not empty; kb init never overwrites anything: give a new or empty folder")
    files = starter_files(folder)
    made: list[Path] = []
    if not folder.exists():
        folder.mkdir(parents=True)
        made.append(folder)
    try:
        for relative, text in files.items():
            path = folder / relative
            for parent in reversed(path.relative_to(folder).parents):
                if parent != Path(".") and not (folder / parent).is_dir():
                    (folder / parent).mkdir()
                    made.append(folder / parent)
            _write_new(path, text)
            made.append(path)
    except BaseException:
        for path in reversed(made):
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink(missing_ok=True)
        raise
    return [folder / relative for relative in files]
