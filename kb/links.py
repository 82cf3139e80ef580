"""[[links]] in Markdown text: finding them, and the line each sits on."""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Mention", "find_links"]

_LINK = re.compile(r"\[\[([^\[\]|\n]*?)(?:\|([^\[\]\n]*))?\]\]")


@dataclass(frozen=True)
class Mention:
    """One ``[[target#sense|shown]]`` in a text; ``ref`` is ``target`` or ``target#sense``."""

    ref: str
    target: str
    sense: str | None
    shown: str | None
    start: int
    end: int


def find_links(text: str) -> list[Mention]:
    """Every [[link]] in ``text``, in order.

    >>> [m.ref for m in find_links("A [[mesa-optimizer]] uses [[search#selection|selection]].")]
    ['mesa-optimizer', 'search#selection']
    """
    found = []
    for match in _LINK.finditer(text):
        ref = match.group(1).strip()
        target, _, sense = ref.partition("#")
        shown = match.group(2).strip() if match.group(2) is not None else None
        found.append(Mention(ref, target, sense or None, shown, match.start(), match.end()))
    return found
