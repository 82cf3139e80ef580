"""Reading paths: the project's guided paths (:class:`kb.project.ReadingPath`) in reading
order, how long each takes to read, and, on each entry page of a path, where it is in the path
and the links to the step before and after.

A path is read in the order of its terms' prerequisites (``requires``, which the path gains);
ids the base lacks are skipped, and a path with fewer than two entries left is not shown. The
paths shown are numbered as the home page numbers them (its anchors ``#path-N``).

Reading time is honest, not claimed: the words of what the path asks to read (each entry's
name, summary and texts) at :data:`WORDS_PER_MINUTE`.
"""
from __future__ import annotations

import re

from .escape import escape_text
from .site import Site, entry_path, list_name, relative

__all__ = ["shown_paths", "site_paths", "path_ids", "path_steps", "path_nav", "reading_words", "reading_minutes",
           "WORDS_PER_MINUTE"]

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_NOT_READ = re.compile(r"\]\([^)]*\)|https?://\S+|\[\[([^\]|]*\|)?")   # link targets, URLs, [[id| parts


def reading_words(entry) -> int:
    """How many words a reader reads on an entry: its name, summary and every text it has."""
    texts = [entry.name, entry.summary or "", *(text for _path, text in entry.texts())]
    return sum(len(_WORD.findall(_NOT_READ.sub(" ", text))) for text in texts)


def reading_minutes(words: int) -> int:
    """Minutes to read ``words`` at :data:`WORDS_PER_MINUTE`, at least one."""
    return max(1, round(words / WORDS_PER_MINUTE))


def path_ids(base, ids) -> list[str]:
    """A reading path's entries in reading order: each term after its prerequisites (which the
    path gains), other entries where the path puts them; ids the base lacks are skipped."""
    return [e.id for e in base.reading_order(*[i for i in ids if i in base], uses=False)]


def shown_paths(base, paths) -> list[tuple]:
    """``[(path, its ids in reading order)]`` for the paths with at least two entries."""
    shown = []
    for path in paths:
        ids = path_ids(base, path.ids)
        if len(ids) >= 2:
            shown.append((path, ids))
    return shown


def site_paths(site: Site) -> list[tuple]:
    """The site's reading paths as shown (:func:`shown_paths`), worked out once."""
    if site.shown_paths is None:
        site.shown_paths = shown_paths(site.base, site.given_paths)
    return site.shown_paths


def path_steps(site: Site) -> dict[str, list[tuple[int, object, list[str]]]]:
    """``{entry id: [(path number, path, the path's ids)]}`` for every entry on a shown path."""
    steps: dict[str, list] = {}
    for number, (path, ids) in enumerate(site_paths(site), 1):
        for ident in ids:
            steps.setdefault(ident, []).append((number, path, ids))
    return steps


def path_nav(site: Site, entry, page: str, steps) -> str:
    """The lines under an entry's title that place it on its reading paths (the path's title
    links to it on the home page, when the home page is generated)."""
    lines = []
    for number, path, ids in steps.get(entry.id, []):
        at = ids.index(entry.id)
        name = escape_text(path.title)
        if site.home:
            name = f"[{name}]({relative(page, 'index.md')}#path-{number})"
        parts = [f"Reading path {name}: step {at + 1} of {len(ids)}"]
        if at > 0:
            before = site.base[ids[at - 1]]
            parts.append(f"[← {escape_text(list_name(before))}]({relative(page, entry_path(before))}){{: rel=prev }}")
        if at + 1 < len(ids):
            after = site.base[ids[at + 1]]
            parts.append(f"[{escape_text(list_name(after))} →]({relative(page, entry_path(after))}){{: rel=next }}")
        lines.append(" · ".join(parts) + "\n{: .kb-path data-search-exclude }\n")
    return "\n".join(lines)
