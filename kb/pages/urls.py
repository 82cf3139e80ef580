"""Relative paths between the site's pages, as :func:`posixpath.relpath` makes them.

>>> relpath("claims/x.md", "terms")
'../claims/x.md'
>>> relpath("terms/y", "terms/x")
'../y'
>>> relpath("index.md", ".")
'index.md'
"""
from __future__ import annotations

import posixpath

__all__ = ["relpath"]


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` for the site's own paths (relative, normalized: no
    ``.``, ``..`` or empty parts), without asking the OS for the working directory: every page
    links to dozens of others, and relpath's ``abspath`` cost a tenth of generating the pages.
    Other paths are left to posixpath."""
    parts = path.split("/")
    base = [] if start == "." else start.split("/")
    if "" in parts or "" in base or "." in parts or ".." in parts or "." in base or ".." in base:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(parts, base):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
