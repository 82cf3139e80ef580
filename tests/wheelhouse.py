"""A folder of wheels made from the packages installed in this virtual environment.

Tests that install kb into a fresh environment (pre-commit's own, a user's venv) point pip at it
with PIP_NO_INDEX and PIP_FIND_LINKS: the install then reads no index and downloads nothing,
and takes seconds instead of a minute of index look-ups. An installed distribution is an
unpacked wheel plus its RECORD, so each is zipped back as it was installed (scripts aside,
which are made again from the entry points).
"""
from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

__all__ = ["closure", "repack", "build_wheelhouse", "offline_pip_env"]


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def closure(requirements: list[str]) -> list[metadata.Distribution]:
    """The installed distributions the requirements pull in, with their dependencies."""
    found: dict[str, metadata.Distribution] = {}
    todo = [(Requirement(r), set()) for r in requirements]
    while todo:
        req, extras = todo.pop()
        name = _name(req.name)
        if name in found and not req.extras:
            continue
        try:
            dist = found.get(name) or metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue  # a dependency for another platform or Python, not installed here
        found[name] = dist
        for text in dist.requires or []:
            sub = Requirement(text)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in (req.extras or {""})):
                todo.append((sub, set(sub.extras)))
    return list(found.values())


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def repack(dist: metadata.Distribution, folder: Path) -> Path:
    """Zip an installed distribution back into a wheel in ``folder``."""
    info = Path(dist._path)  # the .dist-info folder
    site = info.parent
    wheel_meta = (info / "WHEEL").read_text(encoding="utf-8")
    tags = re.findall(r"^Tag: (\S+)$", wheel_meta, flags=re.M) or ["py3-none-any"]
    pythons, abis, platforms = (sorted({t.split("-")[i] for t in tags}) for i in range(3))
    name = re.sub(r"[-.]+", "_", dist.metadata["Name"])
    wheel = folder / f"{name}-{dist.version}-{'.'.join(pythons)}-{'.'.join(abis)}-{'.'.join(platforms)}.whl"
    info_name = f"{name}-{dist.version}.dist-info"
    records = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as zf:
        for file in dist.files or []:
            path = Path(file)
            if path.parts[0] == ".." or path.suffix == ".pyc" or path.parts[0] == info.name \
                    and path.name in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json"):
                continue
            source = site / path
            if not source.is_file():
                continue
            data = source.read_bytes()
            arcname = path.as_posix()
            if path.parts[0] == info.name:
                arcname = f"{info_name}/{Path(*path.parts[1:]).as_posix()}"
            zf.writestr(arcname, data)
            records.append(_record_line(arcname, data))
        records.append(f"{info_name}/RECORD,,")
        zf.writestr(f"{info_name}/RECORD", "\n".join(records) + "\n")
    return wheel


def build_wheelhouse(folder: Path, requirements: list[str], exclude=("kb", "kb-argmap")) -> Path:
    """Wheels of every installed distribution the requirements need (less ``exclude``, the
    project itself, which is built from its source), in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for dist in closure(requirements):
        if _name(dist.metadata["Name"]) not in exclude:
            repack(dist, folder)
    return folder


def offline_pip_env(wheelhouse: Path, environ: dict) -> dict:
    """The environment in which pip installs from the wheelhouse only."""
    env = {k: v for k, v in environ.items() if not k.startswith("PIP_")}
    # PIP_NO_COMPILE=0 means --no-compile (pip reads a --no-X option's variable as a boolean
    # for X): no bytecode for every installed module halves the CPU an install takes.
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheelhouse), PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_CONFIG_FILE="/dev/null", PIP_NO_COMPILE="0")
    return env
