"""``kb pages [DIR] -o OUT``: the site's generated pages, and the files they need, written into a folder.

The pages are the Markdown the MkDocs plugin hands MkDocs (:func:`kb.pages.build_pages`: entry
pages, indexes, glossary, graph view and its data, previews, names), plus the files they need
to be served: kb.css and kb.js, and the vendored cytoscape. An engine that reads Markdown with
the ``attr_list``, ``def_list``, ``tables`` and ``toc`` extensions builds them as they are
(``kb build --engine zensical`` does: :mod:`kb.zensical_adapter`).

Only files whose content changed are written, so an engine watching the folder rebuilds only
what changed. The files kb wrote are listed in ``OUT/.kb-pages.json`` (with their hashes); kb
removes a file only if it is listed there and still holds what kb wrote, and never overwrites
a file it did not write: a page whose path another file takes is an error, reported before
anything is written. OUT may hold the project's own pages beside the generated ones.

>>> import kb, tempfile
>>> from kb.pages_dir import page_files, write_pages
>>> out = tempfile.mkdtemp()
>>> files = page_files(kb.load("tests/fixtures/site"), vendor={})       # doctest: +SKIP
>>> write_pages(files, out).written[:2]                               # doctest: +SKIP
['arguments/cost-argument.md', 'arguments/index.md']
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["page_files", "write_pages", "Written", "Refused", "MANIFEST", "THEME_DIR"]

MANIFEST = ".kb-pages.json"
THEME_DIR = Path(__file__).resolve().parent / "assets" / "theme"
_SHOWN = 5


class Refused(Exception):
    """The folder, or a file in it, is not kb's to write."""


@dataclass
class Written:
    """What :func:`write_pages` did: the paths it wrote, how many were unchanged, the paths it
    removed (kb's own, no longer generated) and those it left because they were edited since."""
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def page_files(base, vendor: dict[str, Path], home=None, *, generate_home: bool = True,
               guide: str | None = None) -> dict[str, bytes]:
    """``{path: content}``: every generated page, the theme's assets (``assets/kb/...``) and the
    vendored files (``vendor``: ``{name: file}``, served under ``assets/vendor/``). ``home``,
    ``generate_home``, ``guide``: as :func:`kb.pages.build_pages` takes them."""
    from .pages import build_pages

    pages = build_pages(base, home, generate_home=generate_home, guide=guide)
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    assets = THEME_DIR / "assets"
    for source in sorted(assets.rglob("*")):
        if source.is_file():
            files["assets/" + source.relative_to(assets).as_posix()] = source.read_bytes()
    for name, source in vendor.items():
        files[f"assets/vendor/{name}"] = Path(source).read_bytes()
    return files


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read_manifest(out: Path) -> dict[str, str]:
    path = out / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}
    if path.is_symlink() or not path.is_file():
        raise Refused(f"'{path}' is not a file kb wrote; remove it, or choose another folder")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if data.get("written_by") != "kb pages" or not all(isinstance(k, str) and isinstance(v, str)
                                                            for k, v in files.items()):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise Refused(f"'{path}' is not the list of files kb pages wrote (it cannot be read); "
                      "remove it, or choose another folder") from None
    return files


def _write_manifest(out: Path, files: dict[str, str]) -> None:
    text = json.dumps({"written_by": "kb pages", "comment": "The files kb pages wrote here, with their hashes: "
                       "kb overwrites or removes only these.", "files": dict(sorted(files.items()))},
                      indent=0, ensure_ascii=False)
    _replace(out / MANIFEST, text.encode("utf-8") + b"\n")


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` all at once (a file beside it, renamed over it: a symbolic link
    in its place is replaced, never followed)."""
    tmp = target.with_name(f".{target.name}.kb-tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, target)


def _check_path(out: Path, path: str) -> None:
    parts = path.split("/")
    if posixpath.isabs(path) or ".." in parts or "" in parts or path == MANIFEST:
        raise ValueError(f"not a page path: {path!r}")


def _real_folders(out: Path, paths) -> None:
    """Refuse a folder on the way to a page that is a symbolic link (it would lead outside OUT)
    or a file."""
    seen: set[str] = set()
    for path in paths:
        folder = posixpath.dirname(path)
        while folder and folder not in seen:
            seen.add(folder)
            target = out / folder
            if target.is_symlink():
                raise Refused(f"'{target}' is a symbolic link: kb writes pages only inside '{out}'")
            if target.exists() and not target.is_dir():
                raise Refused(f"'{target}' is a file, where kb pages puts a folder of pages; move it away")
            folder = posixpath.dirname(folder)


def write_pages(files: dict[str, bytes], out) -> Written:
    """Write ``files`` (``{path: content}``) into the folder ``out``, writing only what changed
    and removing what kb wrote there before and no longer makes. Raises :class:`Refused` (and
    writes nothing) when a path is taken by a file kb did not write."""
    out = Path(out)
    if out.is_symlink():
        raise Refused(f"'{out}' is a symbolic link; give the real folder, or a new one")
    if out.exists() and not out.is_dir():
        raise Refused(f"'{out}' exists and is not a folder")
    if not out.parent.is_dir():
        raise Refused(f"the folder '{out.parent}' does not exist; create it, or choose another -o")
    for path in files:
        _check_path(out, path)
    ours = _read_manifest(out) if out.is_dir() else {}
    taken = sorted(p for p in files if p not in ours and ((out / p).exists() or (out / p).is_symlink()))
    if taken:
        more = f" and {len(taken) - _SHOWN} more" if len(taken) > _SHOWN else ""
        raise Refused(f"{', '.join(taken[:_SHOWN])}{more} in '{out}' were not written by kb pages, and a "
                      "generated page would replace them; rename or move them, or choose another folder")
    _real_folders(out, files)

    out.mkdir(exist_ok=True)
    digests = {path: _digest(data) for path, data in files.items()}
    # The paths are claimed before they are written: interrupted halfway, the next run still
    # knows every file it made.
    _write_manifest(out, {**ours, **digests})
    done = Written()
    for path in sorted(files):
        target = out / path
        if target.is_file() and not target.is_symlink() and _digest(target.read_bytes()) == digests[path]:
            done.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, files[path])
        done.written.append(path)
    for path in sorted(set(ours) - set(files)):
        target = out / path
        if target.is_symlink() or not target.is_file():
            continue
        if _digest(target.read_bytes()) != ours[path]:
            done.kept.append(path)  # edited since kb wrote it: now someone else's
            continue
        target.unlink()
        done.removed.append(path)
        _remove_empty_folders(out, posixpath.dirname(path))
    _write_manifest(out, digests)
    return done


def _remove_empty_folders(out: Path, folder: str) -> None:
    while folder:
        try:
            (out / folder).rmdir()
        except OSError:  # not empty (or not ours to judge): stop
            return
        folder = posixpath.dirname(folder)
