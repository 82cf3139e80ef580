"""A knowledge base folder as it was at a git revision, read with ``git archive`` into a
temporary folder. Needs only the revision's tree, not its history, so it works on a shallow
checkout once the revision has been fetched."""
from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

__all__ = ["RevisionError", "repository", "read_revision"]


class RevisionError(Exception):
    """A revision that cannot be read; the message says why and what to do."""


def _git(cwd: Path, *args: str, binary: bool = False):
    try:
        result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise RevisionError("git is not installed, so no revision can be read") from None
    if binary:
        return result
    return result.returncode, result.stdout.decode("utf-8", "replace").strip(), \
        result.stderr.decode("utf-8", "replace").strip()


def repository(folder: Path) -> tuple[Path, str]:
    """The top of the git work tree holding ``folder``, and ``folder`` relative to it ('' at the top)."""
    code, top, _err = _git(folder, "rev-parse", "--show-toplevel")
    if code != 0:
        raise RevisionError(f"'{folder}' is not inside a git repository, so it has no revisions to compare")
    _code, prefix, _err = _git(folder, "rev-parse", "--show-prefix")
    return Path(top), prefix.rstrip("/")


def read_revision(folder: Path, revision: str, into: Path) -> Path:
    """Write the files of ``folder`` at ``revision`` under ``into``; return the folder to load."""
    top, prefix = repository(folder)
    if revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a revision")
    code, commit, _err = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if code != 0:
        shallow = _git(top, "rev-parse", "--is-shallow-repository")[1] == "true"
        why = "this is a shallow clone, which lacks it" if shallow else "git knows no commit by that name here"
        raise RevisionError(f"cannot read revision '{revision}': {why}. Fetch it first, e.g. "
                            f"git fetch --depth=1 origin {revision}")
    code, kind, _err = _git(top, "cat-file", "-t", f"{commit}:{prefix}" if prefix else f"{commit}^{{tree}}")
    if code != 0 or kind != "tree":
        raise RevisionError(f"the folder '{prefix or '.'}' does not exist at revision '{revision}'")
    result = _git(top, "archive", "--format=tar", commit, "--", prefix or ".", binary=True)
    if result.returncode != 0:
        raise RevisionError(f"cannot read revision '{revision}': {result.stderr.decode('utf-8', 'replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(into, filter="data")
    return into / prefix if prefix else into
