"""Small building blocks of the Markdown pages: front matter, list items, tables, plurals, name order."""
from __future__ import annotations

import html
import json
import unicodedata
from functools import lru_cache

from .escape import front_matter_string

__all__ = ["front_matter", "indent", "plural", "sort_key", "table", "SEARCH_WORDS"]

# The front matter key of a page's search words (kb.pages.search; kb.plugin makes them its tags).
SEARCH_WORDS = "kb_search_words"


@lru_cache(maxsize=1 << 16)  # the same names are sorted by every listing, on every save under serve
def sort_key(text: str) -> str:
    """The key names are sorted by: case and accents ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c)).strip()


def plural(n: int, word: str, words: str | None = None) -> str:
    """``3 claims``, ``1 claim``; ``words`` when the plural is not ``word + "s"``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def indent(markdown: str, first: str = "- ") -> str:
    """A Markdown block as one list item."""
    pad = " " * 4
    lines = markdown.split("\n")
    return first + lines[0] + "".join("\n" + (pad + line if line.strip() else "") for line in lines[1:])


def table(headings: list[str], rows: list[list[str]]) -> str:
    """A Markdown table whose cells after the first also carry their column's heading.

    The heading sits in the cell as ``<span class="kb-cell-label" aria-hidden="true">``: kb.css
    hides it, except on a phone, where each row becomes a card (its first cell the title, the
    others labelled) instead of a table wider than the screen. Screen readers skip the label:
    they announce the table's own headings. ``headings`` are the page generator's own words.

    >>> print(table(["Claim", "For"], [["[x](x.md)", "2"]]))
    | Claim | For |
    | --- | --- |
    | [x](x.md) | <span class="kb-cell-label" aria-hidden="true">For</span> 2 |
    """
    labels = [f'<span class="kb-cell-label" aria-hidden="true">{html.escape(h)}</span> ' for h in headings]
    lines = ["| " + " | ".join(headings) + " |", "|" + " --- |" * len(headings)]
    lines += ["| " + " | ".join(cell if i == 0 else labels[i] + cell for i, cell in enumerate(row)) + " |"
              for row in rows]
    return "\n".join(lines)


def front_matter(title: str, *, boost: float | None = None, tags: list[str] = (), search_words: list[str] = (),
                 scripts: list[str] = (), hide: list[str] = (), search_exclude: bool = False,
                 redirect: str | None = None) -> str:
    """A page's YAML front matter: its title, search boost, ``tags`` (what a reader may filter
    the search by: the entry's kind) and search words (``kb_search_words``: the MkDocs plugin
    makes them the page's tags, which mkdocs-material's search weighs most; :mod:`.search`) or
    its exclusion from search, extra scripts, hidden parts, and the URL (from the site's root)
    it redirects to."""
    lines = ["---", f"title: {front_matter_string(title)}"]
    if boost:
        lines += ["search:", f"  boost: {boost}"]
    elif search_exclude:
        lines += ["search:", "  exclude: true"]
    if redirect:
        lines.append(f"kb_redirect: {json.dumps(redirect)}")
    if tags:
        lines.append("tags: [" + ", ".join(front_matter_string(t) for t in tags) + "]")
    if search_words:
        lines.append(f"{SEARCH_WORDS}: [" + ", ".join(front_matter_string(t) for t in search_words) + "]")
    if scripts:
        lines.append(f"kb_scripts: {json.dumps(list(scripts))}")
    if hide:
        lines.append(f"hide: {json.dumps(list(hide))}")
    lines += ["---", ""]
    return "\n".join(lines)
