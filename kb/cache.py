"""A cache of parsed entry files, keyed by their content, so that loading an unchanged base again
(in a new process: ``kb check`` after ``kb check``) skips the YAML parser.

Every file is still read and hashed on every load; the cache maps the BLAKE2b digest of a file's
bytes to what :func:`kb.yamlfile.parse_bytes` made of them. Parsing depends on nothing but the
bytes (the file's name only fills in the ``file`` of the problems, and is put back on the way
out), so a record can never be stale: an edited file has another digest, whatever its size or
modification time; a renamed or moved one is looked up by its content, and a deleted one is
never asked for. No file metadata (mtime, size, inode) is trusted.

One cache file per knowledge base folder, in ``$KB_CACHE_DIR``, else
``$XDG_CACHE_HOME/kb-argmap/parsed``, else ``~/.cache/kb-argmap/parsed`` (beside the ``vendor``
folder of :mod:`kb.build`: one folder per user for all kb keeps); never in the knowledge base or
in the installed package. The folder is kept small: whenever a cache file is written, the files
of bases not loaded for :data:`MAX_AGE_DAYS` days are deleted, then the least recently loaded
beyond :data:`MAX_FILES` files or :data:`MAX_BYTES` bytes; only files this module names and
wrote (its name pattern and header) are ever deleted. Its header holds
a *salt*: the cache format, the versions of Python and PyYAML, and a digest of the source of
the modules that produce the records; another salt (another version of kb, or an edited
parser) makes the whole file unused. A checksum covers the rest, so a damaged or truncated
file is ignored, never trusted. Writers write a temporary file and rename it over the old one:
concurrent loads each leave a complete file. ``KB_NO_CACHE=1`` (or ``kb.load(..., cache=False)``,
``kb check --no-cache``) turns it off.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import tempfile
import time
import zlib
from pathlib import Path

__all__ = ["ParseCache", "cache_dir", "salt", "prune", "unused", "MAX_AGE_DAYS", "MAX_FILES", "MAX_BYTES"]

FORMAT = b"kb-parse-cache/1\n"
_FAMILY = b"kb-parse-cache/"  # the header of every version of the format: a file this module wrote
_NAME = re.compile(r"[0-9a-f]{32}\.parsed")
_TEMPORARY = re.compile(r"[0-9a-f]{32}\.parsed\w+\.tmp")  # left by a writer that was killed
MAX_AGE_DAYS = 30  # the cache of a base not loaded for that long is deleted
MAX_FILES = 64  # at most that many bases' caches are kept, the most recently loaded
MAX_BYTES = 512 * 1024 * 1024  # and at most that many bytes of them (a 10,000-entry base: 23 MB)
# The modules whose code decides what a record holds: editing one of them invalidates every cache.
_SOURCES = ("cache.py", "yamlfile.py", "problems.py")


def cache_dir() -> Path | None:
    """Where the cache files go; None when the cache is turned off (``KB_NO_CACHE``)."""
    if os.environ.get("KB_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("KB_CACHE_DIR"):
        return Path(os.environ["KB_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kb-argmap" / "parsed"


def code_version() -> bytes:
    """A digest of the source of the modules that produce the records (see ``_SOURCES``)."""
    digest = hashlib.blake2b(digest_size=16)
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:  # an installation without sources: rely on the versions alone
            digest.update(name.encode())
    return digest.digest()


def salt() -> bytes:
    """What a cache file must have been written with to be used."""
    import yaml

    parts = [FORMAT, sys.version.encode(), yaml.__version__.encode(),
             str(getattr(yaml, "__with_libyaml__", False)).encode(), code_version()]
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()


def digest(raw: bytes) -> bytes:
    """The key of a file's bytes."""
    return hashlib.blake2b(raw, digest_size=32).digest()


class ParseCache:
    """The records of one knowledge base folder: ``digest of the bytes -> record``.

    :meth:`get` answers from the file read when the cache was opened; :meth:`put` adds records;
    :meth:`save` writes the records used in this load (so those of deleted files are dropped).
    Nothing here raises on a missing, unreadable, damaged or unwritable cache: it is then empty.
    """

    def __init__(self, file: Path | None):
        self.file = file
        self._salt = salt() if file is not None else b""
        self._old: dict = self._read() if file is not None else {}
        self._used: dict = {}
        self.hits = self.misses = 0

    @classmethod
    def for_folder(cls, root: Path, enabled: bool = True) -> "ParseCache":
        """The cache of the knowledge base in ``root`` (an empty, unsaved one when disabled)."""
        folder = cache_dir() if enabled else None
        if folder is None:
            return cls(None)
        name = hashlib.blake2b(os.fsencode(os.path.abspath(root)), digest_size=16).hexdigest()
        return cls(folder / f"{name}.parsed")

    def _read(self) -> dict:
        try:
            with open(self.file, "rb") as handle:
                blob = handle.read()
        except OSError:
            return {}
        head = len(FORMAT) + 16 + 4
        if len(blob) < head or not blob.startswith(FORMAT) or blob[len(FORMAT):len(FORMAT) + 16] != self._salt:
            return {}
        payload = memoryview(blob)[head:]
        if zlib.crc32(payload) != int.from_bytes(blob[head - 4:head], "big"):
            return {}
        try:
            records = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return {}
        return records if isinstance(records, dict) else {}

    def get(self, key: bytes):
        """The record stored for ``key``, or None."""
        record = self._old.get(key)
        if record is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used[key] = record
        return record

    def put(self, key: bytes, record) -> None:
        self._used[key] = record

    def save(self) -> None:
        """Write the records of this load, unless they are those already on disk (then only mark
        the file as used now, for :func:`prune`)."""
        if self.file is None:
            return
        if not self.misses and len(self._used) == len(self._old):
            if self._old:
                try:
                    os.utime(self.file)
                except OSError:
                    pass
            return
        try:
            payload = marshal.dumps(self._used)
        except ValueError:  # a value marshal cannot write (a date YAML read from a plain scalar)
            payload = marshal.dumps({k: r for k, r in self._used.items() if _marshallable(r)})
        blob = FORMAT + self._salt + zlib.crc32(payload).to_bytes(4, "big") + payload
        try:
            self.file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=self.file.name, suffix=".tmp", dir=self.file.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(blob)
                os.replace(temporary, self.file)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:  # a read-only or full disk: loading works without the cache
            return
        prune(self.file.parent, keep=self.file)


def prune(folder: Path, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Delete the cache files in ``folder`` not used for :data:`MAX_AGE_DAYS` days, then the least
    recently used beyond :data:`MAX_FILES` files or :data:`MAX_BYTES` bytes (never ``keep``), and
    temporary files of killed writers older than an hour. Only files named as this module names
    them, whose header it wrote, are deleted; returns them."""
    now = time.time() if now is None else now
    found = []
    try:
        with os.scandir(folder) as items:
            for item in items:
                if _NAME.fullmatch(item.name) or _TEMPORARY.fullmatch(item.name):
                    try:
                        info = item.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    found.append((info.st_mtime, info.st_size, Path(item.path)))
    except OSError:
        return []
    temporary = [(mtime, path) for mtime, _, path in found if _TEMPORARY.fullmatch(path.name)]
    doomed = [path for mtime, path in temporary if now - mtime > 3600] + unused(
        [item for item in found if not _TEMPORARY.fullmatch(item[2].name)], keep, now, MAX_FILES, MAX_BYTES)
    deleted = []
    for path in doomed:
        try:
            with open(path, "rb") as handle:
                header = handle.read(len(_FAMILY))
            if header == _FAMILY or (header == b"" and _TEMPORARY.fullmatch(path.name)):
                os.unlink(path)
                deleted.append(path)
        except OSError:  # another process deleted or replaced it first
            pass
    return deleted


def unused(found: list[tuple[float, int, object]], keep=None, now: float | None = None,
           max_count: int = MAX_FILES, max_bytes: int | None = MAX_BYTES) -> list:
    """What to delete of a cache's ``found`` items, given as ``(last used, size, item)``: those not
    used for :data:`MAX_AGE_DAYS` days, then the least recently used beyond ``max_count`` items or
    ``max_bytes`` bytes (``None``: no limit); never ``keep``, which counts among those kept. The
    one policy of kb's caches (the parse cache, Zensical's work folders)."""
    now = time.time() if now is None else now
    doomed, kept, total = [], 0, 0
    for used, size, item in sorted(found, key=lambda f: f[0], reverse=True):  # most recently used first
        if item == keep:
            kept, total = kept + 1, total + size
        elif now - used > MAX_AGE_DAYS * 86400 or kept >= max_count or (
                max_bytes is not None and total + size > max_bytes):
            doomed.append(item)
        else:
            kept, total = kept + 1, total + size
    return doomed


def _marshallable(record) -> bool:
    try:
        marshal.dumps(record)
    except ValueError:
        return False
    return True
