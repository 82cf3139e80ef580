"""What the site's search knows about an entry page: the words of its names, and its boost.

mkdocs-material indexes a page's front matter ``tags`` with a weight of a million (the title
a thousand, the text one) and multiplies a page's scores by its ``search: boost``. Its index does
not weigh by length (lunr's ``b`` is 0), so without help a query matches the word "optimizer"
in a claim's long title as well as in the term called just that, and every entry that merely
mentions it competes on its text. So each entry page gets:

- as search words (front matter ``kb_search_words``, which the MkDocs plugin makes the page's
  tags), the distinct words of its name and of every alias (each once: repeated words would
  count more), so that a name or an alias typed in the search box matches the entry's own page
  far above any page that only mentions it; the theme would show tags as chips under each
  result, so kb.css hides them;
- a boost that falls with the number of words in its name (a short name typed in full beats a
  long title that contains it), a little higher for terms.

Zensical's search weighs neither tags nor boosts (a page's title, its text and its place in
the navigation): there the page's tags are its kind, which its search offers as a filter
("Term", "Claim"...), and an alias is found in the page's text, the "Also called" line after
the summary.

The relation lists of a page are excluded from the index (``data-search-exclude``, added by
:mod:`.entry`): they repeat other entries' names and summaries.

>>> from kb.model import Term
>>> search_words(Term(id="mesa-optimizer", name="mesa-optimizer", summary="s", definition="d",
...                   aliases=["mesa optimiser", "inner optimizer"]))
['mesa', 'optimizer', 'optimiser', 'inner']
"""
from __future__ import annotations

from functools import lru_cache

import json
import re
import unicodedata

from ..model import Entry

__all__ = ["search_words", "search_boost", "KIND_BOOST", "name_key", "names_data", "NAMES_PATH"]

# Beside kb.js, which finds it from its own URL.
NAMES_PATH = "assets/kb/names.json"

# The theme's separator (mkdocs.yml: search.separator) and lunr's English stop words, which the
# index drops: they count for nothing.
_SEPARATOR = re.compile(r"[\s\-]+")
_STOP = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can "
    "cannot could dear did do does either else ever every for from get got had has have he her hers him his "
    "how however i if in into is it its just least let like likely may me might most must my neither no nor "
    "not of off often on only or other our own rather said say says she should since so some than that the "
    "their them then there these they this tis to too twas us wants was we were what when where which while "
    "who whom why will with would yet you your".split())

# Terms are what a reader most often looks up by name (a little: a question typed in full should
# still find the claim that answers it).
KIND_BOOST = {"term": 1.25}


_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    """The words the index makes of a name: no punctuation, no possessive 's, no stop words."""
    words = []
    for part in _SEPARATOR.split(text.casefold().replace("’", "'")):
        for word in _WORD.findall(re.sub(r"'s\b", "", part)):
            if word not in _STOP:
                words.append(word)
    return words


def search_words(entry: Entry) -> list[str]:
    """The distinct words of the entry's name and aliases, in order of appearance."""
    seen: dict[str, None] = {}
    for name in [entry.name, *getattr(entry, "aliases", [])]:
        for word in _words(name):
            seen.setdefault(word, None)
    return list(seen)


def search_boost(entry: Entry) -> float:
    """The page's boost: its kind's, divided by the square root of the words in its name."""
    n = max(1, len(set(_words(entry.name))))
    return round(KIND_BOOST.get(entry.kind, 1.0) / n ** 0.5, 3)


@lru_cache(maxsize=1 << 16)  # every name, on every save under serve
def name_key(name: str) -> str:
    """A name as kb.js compares it with what is typed in the search box: case, accents,
    punctuation and possessive 's ignored (kb.js's ``nameKey`` does the same).

    >>> name_key("  Mesa-Optimiser's ")
    'mesa optimiser'
    """
    folded = unicodedata.normalize("NFKD", name.casefold().replace("’", "'"))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"'s\b", "", folded)
    return " ".join(re.sub(r"[^\w]+|_", " ", folded).split())


def names_data(entries) -> str:
    """names.json: ``{name key: URL of the entry's page from the site's root}`` for every
    entry's name and every term's alias. A key two entries share leads nowhere (it is left out):
    the search results list both.

    kb.js puts the page whose name or alias was typed first among the search results.
    """
    found: dict[str, set[str]] = {}
    for entry in entries:
        for name in [entry.name, *getattr(entry, "aliases", [])]:
            key = name_key(name)
            if key:
                found.setdefault(key, set()).add(f"{entry.folder}/{entry.id}/")
    data = {key: next(iter(urls)) for key, urls in sorted(found.items()) if len(urls) == 1}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
