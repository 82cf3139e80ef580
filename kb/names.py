"""Comparing names the way a reader would: ignoring case, hyphens, accents and -ise/-ize."""
from __future__ import annotations

import difflib
import re
import unicodedata

__all__ = ["name_key", "rank"]

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/·.]+")
_BRITISH = [(re.compile(r"(?<=[a-z]{4})is(e|es|ed|ing|er|ers|ation|ations)\b"), r"iz\1"),
            (re.compile(r"(?<=[a-z]{3})yse\b"), "yze"),
            (re.compile(r"(behavi|col|fav|hon|lab|neighb)our"), r"\1or")]


def name_key(name: str) -> str:
    """The form two names are compared in.

    >>> name_key("Mesa-Optimiser") == name_key("mesa optimizer")
    True
    >>> name_key("Kolmogorov  complexity") == name_key("kolmogorov-complexity")
    True
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
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
    q = name_key(query)
    if not q:
        return []
    scored = []
    for ident, names in candidates.items():
        best = 0.0
        for position, name in enumerate(names):
            k = name_key(name)
            if k == q:
                score = 4.0 - 0.1 * min(position, 1)  # the name itself beats an alias
            elif k.startswith(q):
                score = 3.0 + len(q) / len(k)
            elif q in k:
                score = 2.0 + len(q) / len(k)
            else:
                ratio = difflib.SequenceMatcher(None, q, k).ratio()
                score = ratio + 1.0 if ratio >= 0.8 else 0.0
            best = max(best, score)
        if best:
            scored.append((-best, ident))
    return [ident for _, ident in sorted(scored)]
