"""Pages at the URLs of a term's other names, leading to the term: ``terms/mesa-optimiser/`` ->
``terms/mesa-optimizer/``. Static pages (the template adds a meta refresh; the page says where
it leads for browsers that do not follow it), so they work offline and on any host.

An alias gets a page only when its URL is free: not an entry's, not a page of the site's own (the
terms index: an alias "Index" would replace it), not another term's alias, and not longer than
:data:`MAX_SLUG` characters (a file name holds at most 255 bytes: a long alias made the build fail).
"""
from __future__ import annotations

from functools import lru_cache

import re
import unicodedata
from collections import defaultdict

from .blocks import front_matter
from .escape import escape_text
from .site import Site, entry_path, entry_url

__all__ = ["alias_pages", "alias_slug", "MAX_SLUG"]

MAX_SLUG = 100


@lru_cache(maxsize=1 << 16)  # every name, on every save under serve
def alias_slug(name: str) -> str:
    """The URL slug of a name: ``"Mesa Optimiser"`` -> ``mesa-optimiser``; ``""`` when none."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def alias_pages(site: Site, taken: set[str] = frozenset()) -> dict[str, str]:
    """``{path: page}`` for every alias whose URL no entry, no page of ``taken`` and no other
    term's alias takes."""
    taken = set(taken) | {entry_path(e) for e in site.entries}
    wanted: dict[str, set[str]] = defaultdict(set)
    names: dict[tuple[str, str], str] = {}
    for term in site.base.entries("term"):
        for alias in term.aliases:
            slug = alias_slug(alias)
            if slug and slug != term.id and len(slug) <= MAX_SLUG:
                path = f"{term.folder}/{slug}.md"
                wanted[path].add(term.id)
                names.setdefault((path, term.id), alias)
    pages = {}
    for path, ids in sorted(wanted.items()):
        if path in taken or len(ids) != 1:
            continue
        term = site.base[next(iter(ids))]
        alias = names[(path, term.id)]
        target = f"{term.id}.md"
        pages[path] = (
            front_matter(alias, search_exclude=True, redirect=entry_url(term))
            + f"# {escape_text(alias)} {{#title}}\n\n"
            f"*{escape_text(alias)}* is another name for [{escape_text(term.name)}]({target}).\n"
        )
    return pages
