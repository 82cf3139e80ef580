"""Reading paths as paths: on each entry page of a path, where it is in the path and the links
to the step before and after.

The paths are the home page's (:data:`kb.pages.home.READING_PATHS` for now), in the home page's
order (each term after what it requires); a path with fewer than two entries is not shown, and
paths are numbered as the home page numbers them (its anchors ``#path-N``).
"""
from __future__ import annotations

from .escape import escape_text
from .site import Site, entry_path, list_name, relative

__all__ = ["path_steps", "path_nav"]


def path_steps(site: Site, paths=None) -> dict[str, list[tuple[int, dict, list[str]]]]:
    """``{entry id: [(path number, path, the path's ids present)]}`` for every entry on a path."""
    # the home page owns the paths and their order (imported late: it imports the other pages)
    from .home import READING_PATHS, _path_ids
    steps: dict[str, list] = {}
    shown = 0
    for path in READING_PATHS if paths is None else paths:
        ids = _path_ids(site.base, path["ids"])
        if len(ids) < 2:
            continue
        shown += 1
        for ident in ids:
            steps.setdefault(ident, []).append((shown, path, ids))
    return steps


def path_nav(site: Site, entry, page: str, steps) -> str:
    """The lines under an entry's title that place it on its reading paths."""
    lines = []
    for number, path, ids in steps.get(entry.id, []):
        at = ids.index(entry.id)
        home = relative(page, "index.md") + f"#path-{number}"
        parts = [f"Reading path [{escape_text(path['title'])}]({home}): step {at + 1} of {len(ids)}"]
        if at > 0:
            before = site.base[ids[at - 1]]
            parts.append(f"[← {escape_text(list_name(before))}]({relative(page, entry_path(before))}){{: rel=prev }}")
        if at + 1 < len(ids):
            after = site.base[ids[at + 1]]
            parts.append(f"[{escape_text(list_name(after))} →]({relative(page, entry_path(after))}){{: rel=next }}")
        lines.append(" · ".join(parts) + "\n{: .kb-path data-search-exclude }\n")
    return "\n".join(lines)
