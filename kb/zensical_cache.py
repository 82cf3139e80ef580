"""Where ``kb build --engine zensical`` works, so that Zensical's cache lasts from one build to the next.

Zensical keeps what it rendered in ``.cache`` beside its configuration, and finds it again only
when the project is at the same path (its keys hold the paths). A build in a new temporary folder
would therefore start cold every time. :func:`work_folder` gives each project one lasting work
folder in kb's cache directory (``$KB_CACHE_DIR/zensical``, else ``zensical/`` beside the
parse cache: ``~/.cache/kb-argmap/zensical``), never in the output folder, named by what the
rendering depends on beyond the files Zensical sees: the project's ``mkdocs.yml`` and knowledge
base folder (their paths), the versions
of kb, Zensical, Python-Markdown and nh3, and the source of the modules that run inside
Zensical's rendering (the sanitizer extension), which Zensical's cache does not notice.

The folder holds a marker (kb made it) and a lock: a folder without the marker is not kb's and is
left alone, and while one build holds the lock another one works in a temporary folder instead
(cold, as before). ``KB_NO_CACHE=1`` turns it off.

The folders are pruned as the parse cache is (:func:`prune`): each build marks its folder used,
and the folders kb made that no build used for :data:`kb.cache.MAX_AGE_DAYS` days go, then the
least recently used beyond :data:`MAX_FOLDERS` (every upgrade of kb or Zensical names a new one).
A folder in use by another build, or one kb did not make, is never touched.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .cache import cache_dir, unused

__all__ = ["work_folder", "folder_key", "prune", "MARKER", "MAX_FOLDERS"]

MAX_FOLDERS = 8  # at most that many sites' work folders are kept, the most recently built
_NAME = re.compile(r"zensical-[0-9a-f]{24}")

MARKER = ".kb-zensical-work"
_MARKER_TEXT = "A work folder of kb build --engine zensical: kb may empty it at any time.\n"
# The modules whose code runs while Zensical renders a page.
_SOURCES = ("zensical_adapter.py", "pages/sanitize.py")


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def folder_key(config_file, concepts) -> str:
    """The name of the work folder for the site of the knowledge base folder ``concepts``
    configured by ``config_file``."""
    from ._version import __version__

    digest = hashlib.blake2b(digest_size=12)
    parts = [str(Path(config_file).resolve()), str(Path(concepts).resolve()), __version__] + [_version(n) for n in ("zensical", "markdown", "nh3")]
    digest.update("\0".join(parts).encode())
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:  # installed without sources: the versions alone
            digest.update(name.encode())
    return "zensical-" + digest.hexdigest()


def _root() -> Path | None:
    """``zensical/`` beside the parse cache's folder (in ``$KB_CACHE_DIR`` when it is set)."""
    parsed = cache_dir()
    if parsed is None:
        return None
    return parsed / "zensical" if os.environ.get("KB_CACHE_DIR") else parsed.parent / "zensical"


@contextmanager
def work_folder(config_file, concepts):
    """The lasting work folder of this site (created if need be), locked while the caller
    uses it; ``None`` when there is none to use (cache turned off or not writable, the folder
    in use by another build, or a folder there that kb did not make)."""
    root = _root()
    folder = root / folder_key(config_file, concepts) if root is not None else None
    lock = None
    try:
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                marker = folder / MARKER
                if not marker.exists():
                    if any(folder.iterdir()):
                        raise OSError("not made by kb")
                    marker.write_text(_MARKER_TEXT, encoding="utf-8")
                lock = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.utime(marker)  # used now: what prune() orders the folders by
            except OSError:
                folder = None
            else:
                prune(root, keep=folder)
        yield folder
    finally:
        if lock is not None:
            os.close(lock)  # releases the lock


def prune(root: Path, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Delete the work folders in ``root`` that kb made (a name it gives and its marker) and no
    build used for :data:`~kb.cache.MAX_AGE_DAYS` days, then the least recently used beyond
    :data:`MAX_FOLDERS` (never ``keep``, never one another build holds). -> the folders deleted."""
    found = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    for entry in entries:
        if not (_NAME.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)):
            continue
        try:
            found.append((os.stat(Path(entry.path) / MARKER).st_mtime, 0, Path(entry.path)))
        except OSError:  # no marker: not kb's
            continue
    deleted = []
    for folder in unused(found, keep, now, MAX_FOLDERS, max_bytes=None):
        if _remove_unless_in_use(folder):
            deleted.append(folder)
    return deleted


def _remove_unless_in_use(folder: Path) -> bool:
    """Delete ``folder`` unless a build holds its lock (held while deleting, so none starts)."""
    try:
        lock = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        return False
    try:
        os.remove(folder / MARKER)  # first: a folder half deleted is no longer taken for kb's work folder
        shutil.rmtree(folder, ignore_errors=True)
        return True
    except OSError:
        return False
    finally:
        os.close(lock)
