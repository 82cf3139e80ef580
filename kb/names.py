"""Comparing names the way a reader would: ignoring case, hyphens, accents and -ise/-ize."""
from __future__ import annotations

import difflib
from collections import Counter
import re
import unicodedata

__all__ = ["name_key", "rank", "NameIndex"]

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/·.]+")
_BRITISH = [(re.compile(r"(?<=[a-z]{4})is(e|es|ed|ing|er|ers|ation|ations)\b"), r"iz\1"),
            (re.compile(r"(?<=[a-z]{3})yse\b"), "yze"),
            (re.compile(r"(behavi|col|fav|hon|lab|neighb)our"), r"\1or")]


# Letters of other scripts that look like Latin ones (Unicode's confusables, the common part):
# two names differing only in these read the same.
_LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "ɡ": "g", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ı": "i", "ℓ": "l",
})


def name_key(name: str) -> str:
    """The form two names are compared in.

    >>> name_key("Mesa-Optimiser") == name_key("mesa optimizer")
    True
    >>> name_key("Kolmogorov  complexity") == name_key("kolmogorov-complexity")
    True
    >>> name_key("s\u0435arch") == name_key("sea\u00adr\u200bch") == name_key("search")   # Cyrillic е, soft hyphen, zero width
    True
    """
    text = unicodedata.normalize("NFKD", name)
    # accents, and the characters no reader sees (zero-width, soft hyphens, bidi controls), go
    text = "".join(c for c in text if not unicodedata.combining(c) and unicodedata.category(c) not in ("Cf", "Cc"))
    text = text.casefold().translate(_LOOK_ALIKES)
    text = _SEPARATORS.sub(" ", text).strip()
    for _ in range(2):  # once word by word, once with the words joined
        for pattern, replacement in _BRITISH:
            text = pattern.sub(replacement, text)
        text = text.replace(" ", "")
    return text


def rank(query: str, candidates: dict[str, list[str]]) -> list[str]:
    """Ids of candidates ``{id: [names...]}`` matching ``query``, best first.

    Exact name matches come first, then prefixes, then substrings, then close spellings.
    """
    return NameIndex(candidates).rank(query)


class NameIndex:
    """Candidates ``{id: [names...]}`` with their names' keys computed once, to rank many queries."""

    def __init__(self, candidates: dict[str, list[str]]):
        self.keys = [(ident, [(k, Counter(k)) for k in map(name_key, names)]) for ident, names in candidates.items()]

    def rank(self, query: str) -> list[str]:
        """Ids matching ``query``, best first (see :func:`rank`)."""
        q = name_key(query)
        if not q:
            return []
        letters = Counter(q)
        scored = []
        for ident, keys in self.keys:
            best = 0.0
            for position, (k, k_letters) in enumerate(keys):
                best = max(best, _score(q, k, position, letters, k_letters))
            if best:
                scored.append((-best, ident))
        return [ident for _, ident in sorted(scored)]


def _score(q: str, k: str, position: int, letters: Counter, k_letters: Counter) -> float:
    if k == q:
        return 4.0 - 0.1 * min(position, 1)  # the name itself beats an alias
    if k.startswith(q):
        return 3.0 + len(q) / len(k)
    if q in k:
        return 2.0 + len(q) / len(k)
    if 2 * min(len(q), len(k)) < 0.8 * (len(q) + len(k)):  # ratio() cannot reach 0.8
        return 0.0
    if 2 * sum((letters & k_letters).values()) < 0.8 * (len(q) + len(k)):  # nor can quick_ratio()
        return 0.0
    ratio = difflib.SequenceMatcher(None, q, k).ratio()
    return ratio + 1.0 if ratio >= 0.8 else 0.0
