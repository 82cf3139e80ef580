"""[[links]] in Markdown text: finding them, and the line each sits on."""
from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Mention", "find_links", "replace_links", "stray_brackets"]

# The target sits on one line; the shown text may wrap, as prose in a block scalar does.
_LINK = re.compile(r"\[\[([^\[\]|\n]*?)(?:\|([^\[\]]*))?\]\]")
_OPENING = re.compile(r"\[\[")


class Mention(NamedTuple):
    """One ``[[target#sense|shown]]`` in a text; ``ref`` is ``target`` or ``target#sense``.

    (A named tuple: made for every link of every text, it costs a third of a frozen dataclass.)"""

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
    if "[[" not in text:
        return []
    found = []
    for match in _LINK.finditer(text):
        ref = match.group(1).strip()
        target, _, sense = ref.partition("#")
        shown = " ".join(match.group(2).split()) if match.group(2) is not None else None
        found.append(Mention(ref, target, sense or None, shown, match.start(), match.end()))
    return found


def replace_links(text: str, replace) -> str:
    """``text`` with each [[link]] replaced by ``replace(mention)``."""
    out, last = [], 0
    for mention in find_links(text):
        out += [text[last:mention.start], replace(mention)]
        last = mention.end
    return "".join(out) + text[last:]


def stray_brackets(text: str, links: list[Mention] | None = None) -> list[int]:
    """Offsets of ``[[`` that open no link (an unclosed or broken [[link]]); ``links`` are
    ``find_links(text)`` when already found.

    >>> stray_brackets("fine [[a]], broken [[b")
    [19]
    """
    starts = {m.start for m in (find_links(text) if links is None else links)}
    return [m.start() for m in _OPENING.finditer(text) if m.start() not in starts]
