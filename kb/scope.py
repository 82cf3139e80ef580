"""``kb check FILES``: which entries to check and which problems to report for a few files.

The whole knowledge base is loaded, so every reference resolves as in a full check, and the problems
reported are exactly those a full check reports that are

- located in one of the files (or in a folder that holds one: an unreadable folder), or
- located elsewhere but about an entry of the files, or about the id a file names (its file name,
  which is the entry's id): a reference to an entry that a file no longer defines (deleted, or its
  id changed), a sense it no longer has, a kind it no longer is; an id or name it now shares; a
  cycle or an equivocation it is part of.

Not reported: what the files' edits do elsewhere without naming them: a link taken out of a file
that leaves its target unlinked (KB601) or unargued (KB602, KB604), and references to an id that
none of the files names (a renamed file given by its new name only). A full ``kb check`` finds those.

Only the entries of the files, and the entries that refer to them, are checked one by one; the
rules that compare every entry with every other (ids, names, cycles) always see them all.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .links import find_links
from .model import split_ref
from .problems import Problem

__all__ = ["FileScope"]


def _resolved(path) -> Path:
    return Path(path).resolve()


class FileScope:
    """The files asked about: ``entries`` to check, and :meth:`keeps` to say which problems to report."""

    def __init__(self, base, files: Iterable[str | Path]):
        self.paths = {_resolved(f) for f in files}
        # An entry of a file, and the id each file names: its entry's id, its file name (the id it
        # must have, and had if it was deleted or its id changed).
        mine = [e for e in base.all_entries if e._path and Path(e._path) in self.paths]
        self.ids = {e.id for e in mine} | {p.stem for p in self.paths}
        referrers = _referrers(base, self.ids)
        seen = {id(e) for e in mine}
        self.entries = mine + [e for e in base.all_entries if e.id in referrers and id(e) not in seen]
        self.entries_of_files = mine

    def keeps(self, p: Problem) -> bool:
        if self.ids.intersection(p.about):
            return True
        where = _resolved(p.file)
        return where in self.paths or any(where in path.parents for path in self.paths)


def _referrers(base, ids: set[str]) -> set[str]:
    """Ids of the entries that refer to one of ``ids``: through a relation, a citation or a [[link]]
    (the graph's edges into them), a ``stated_in`` or an ``advanced_by``; for an id no entry has, by
    reading every entry's references and texts."""
    found = {source for source, target, _data in base.edges if target in ids}
    missing = {i for i in ids if i not in base.by_id}
    for entry in base.all_entries:
        if any(s in ids for s in getattr(entry, "advanced_by", ())) or \
                any(link.stated_source in ids for _r, link, _p in entry.links()):
            found.add(entry.id)
        elif missing and (any(split_ref(ref)[0] in missing for _r, ref, _n, _p in entry.references())
                          or any(link.target in missing for _p, text in entry.texts() for link in find_links(text))):
            found.add(entry.id)
    return found
