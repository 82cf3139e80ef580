"""Close spellings among many strings, found through an index built once.

``difflib.get_close_matches`` compares the query with every string: over 20,000 ids that is
about 60 ms a call, and a base with thousands of dangling references spent minutes on its
suggestions. :class:`CloseMatches` keeps an index of each string's trigrams; a query is
compared (with difflib's own ratio, so suggestions stay the same) only with the strings that
share the most trigrams with it, a few hundred at most.

>>> index = CloseMatches(["mesa-optimizer", "inner-alignment", "outer-alignment"])
>>> index.close("mesa-optimiser")
['mesa-optimizer']
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from functools import lru_cache

__all__ = ["CloseMatches", "trigrams"]

SHORTLIST = 200  # strings compared in full per query, at most


def trigrams(text: str) -> set[str]:
    """The trigrams of ``text`` padded at both ends, so short strings have some too."""
    padded = f"\0\0{text}\0"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def _deleted(text: str) -> set[str]:
    return {text[:i] + text[i + 1:] for i in range(len(text))}


class CloseMatches:
    """An index over ``strings`` answering :meth:`close` like ``difflib.get_close_matches``."""

    def __init__(self, strings):
        self.strings = list(dict.fromkeys(strings))
        self._postings: dict[str, list[int]] = defaultdict(list)
        for number, text in enumerate(self.strings):
            for gram in trigrams(text):
                self._postings[gram].append(number)
        self._deletes: dict[str, list[int]] | None = None  # built on first use
        self.close = lru_cache(maxsize=4096)(self._close)

    def _neighbours(self, query: str) -> list[int]:
        """Strings one typo away from ``query`` (a letter missing, extra, changed or two swapped,
        found as in SymSpell: through the strings with one letter deleted)."""
        if self._deletes is None:
            self._deletes = defaultdict(list)
            for number, text in enumerate(self.strings):
                for variant in {text, *_deleted(text)}:
                    self._deletes[variant].append(number)
        found: dict[int, None] = {}
        for variant in (query, *_deleted(query)):
            for number in self._deletes.get(variant, ()):
                found[number] = None
        return list(found)

    def shortlist(self, query: str, limit: int = SHORTLIST) -> list[str]:
        """Strings one typo away from ``query``, then those sharing the most trigrams with it,
        most first (at most ``limit`` of these).

        Rare trigrams are counted first; once enough candidates are known, trigrams that
        thousands of strings share add no new candidates, only votes (so the cost of a
        query stays bounded, whatever the size of the index).
        """
        grams = sorted((self._postings.get(g, ()) for g in trigrams(query)), key=len)
        votes: dict[int, int] = defaultdict(int)
        for posting in grams:
            if len(votes) >= limit and len(posting) > 4 * limit:
                break
            for number in posting:
                votes[number] += 1
        size = len(query)
        strings = self.strings
        # most shared trigrams first; among equals, the closest in length (difflib's ratio favours them)
        best = sorted(votes.items(), key=lambda item: (-item[1], abs(len(strings[item[0]]) - size), item[0]))
        near = self._neighbours(query)
        chosen = dict.fromkeys([*near, *(number for number, _ in best[:limit])])
        return [strings[number] for number in chosen]

    def _close(self, query: str, n: int = 3, cutoff: float = 0.6, limit: int = 50) -> list[str]:
        """Up to ``n`` strings whose difflib ratio with ``query`` is at least ``cutoff``, best first."""
        candidates = self.shortlist(query, limit)
        if len(self.strings) <= limit:
            candidates = self.strings
        return difflib.get_close_matches(query, candidates, n=n, cutoff=cutoff)
