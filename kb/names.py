"""Comparing names the way a reader would: ignoring case, hyphens, accents and -ise/-ize."""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from .similar import CloseMatches

__all__ = ["name_key", "rank", "NameIndex"]

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/·.]+")
# (spelling, what a name must hold for it to apply: most names hold none, and a substring test
# costs a tenth of a regular expression's search, replacement)
_BRITISH = [(re.compile(r"(?<=[a-z]{4})is(e|es|ed|ing|er|ers|ation|ations)\b"), "is", r"iz\1"),
            (re.compile(r"(?<=[a-z]{3})yse\b"), "yse", "yze"),
            (re.compile(r"(behavi|col|fav|hon|lab|neighb)our"), "our", r"\1or")]


# Letters of other scripts that look like Latin ones (Unicode's confusables, the common part):
# two names differing only in these read the same.
_LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "ɡ": "g", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ı": "i", "ℓ": "l",
})


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The form two names are compared in.

    >>> name_key("Mesa-Optimiser") == name_key("mesa optimizer")
    True
    >>> name_key("Kolmogorov  complexity") == name_key("kolmogorov-complexity")
    True
    >>> name_key("s\u0435arch") == name_key("sea\u00adr\u200bch") == name_key("search")   # Cyrillic е, soft hyphen, zero width
    True
    """
    if name.isascii() and name.isprintable():  # no accents, look-alikes nor hidden characters
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        # accents, and the characters no reader sees (zero-width, soft hyphens, bidi controls), go
        text = "".join(c for c in text if not unicodedata.combining(c) and unicodedata.category(c) not in ("Cf", "Cc"))
        text = text.casefold().translate(_LOOK_ALIKES)
    text = _SEPARATORS.sub(" ", text).strip()
    for _ in range(2):  # once word by word, once with the words joined
        for pattern, clue, replacement in _BRITISH:
            if clue in text:
                text = pattern.sub(replacement, text)
        text = text.replace(" ", "")
    return text


def rank(query: str, candidates: dict[str, list[str]]) -> list[str]:
    """Ids of candidates ``{id: [names...]}`` matching ``query``, best first.

    Exact name matches come first, then prefixes, then substrings, then close spellings
    (a difflib ratio of at least 0.8). To rank many queries, build a :class:`NameIndex` once.
    """
    return NameIndex(candidates).rank(query)


class NameIndex:
    """Candidates ``{id: [names...]}`` indexed once, so that each query costs little.

    The names' keys are computed once; substrings are found through the trigrams of the keys,
    close spellings through :class:`kb.similar.CloseMatches` (only keys sharing many trigrams
    with the query are compared in full), so a query does not visit every name.
    """

    def __init__(self, candidates: dict[str, list[str]]):
        self._owners: dict[str, list[tuple[str, int]]] = defaultdict(list)  # key -> [(id, position)]
        for ident, names in candidates.items():
            for position, name in enumerate(names):
                k = name_key(name)
                if k:
                    self._owners[k].append((ident, position))
        self._grams: dict[str, set[str]] = defaultdict(set)  # trigram -> keys holding it
        for k in self._owners:
            for i in range(len(k) - 2):
                self._grams[k[i:i + 3]].add(k)
        self._close = CloseMatches(self._owners)

    def _containing(self, q: str):
        """The keys that contain ``q``."""
        if len(q) < 3:
            return [k for k in self._owners if q in k]
        postings = sorted((self._grams.get(q[i:i + 3], set()) for i in range(len(q) - 2)), key=len)
        found = set(postings[0]).intersection(*postings[1:])
        return [k for k in found if q in k]

    def rank(self, query: str) -> list[str]:
        """Ids matching ``query``, best first (see :func:`rank`)."""
        q = name_key(query)
        if not q:
            return []
        best: dict[str, float] = {}

        def score(k: str, value: float) -> None:
            for ident, position in self._owners[k]:
                s = 4.0 - 0.1 * min(position, 1) if k == q else value  # the name itself beats an alias
                if s > best.get(ident, 0.0):
                    best[ident] = s

        containing = self._containing(q)
        for k in containing:
            score(k, (3.0 if k.startswith(q) else 2.0) + len(q) / len(k))
        skip = set(containing)
        matcher = difflib.SequenceMatcher(None)
        matcher.set_seq1(q)
        for k in self._close.shortlist(q):
            if k in skip or 2 * min(len(q), len(k)) < 0.8 * (len(q) + len(k)):  # ratio() cannot reach 0.8
                continue
            matcher.set_seq2(k)
            if matcher.quick_ratio() >= 0.8 and (ratio := matcher.ratio()) >= 0.8:
                score(k, ratio + 1.0)
        return [ident for _, ident in sorted((-s, ident) for ident, s in best.items())]
