"""Which rules a check reports: ``--select`` and ``--ignore`` by rule code or prefix, as in ruff.

A code or prefix (``KB3``, ``KB30``, ``KB301``; ``ALL`` for every rule) selects or ignores every
rule whose code starts with it. When both lists match a rule, the longer (more specific) match
decides, and ``ignore`` wins a tie: ``--ignore KB6 --select KB602`` reports KB602 and no other KB6xx.
With no ``select``, every rule is selected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .problems import RULES

__all__ = ["Selection", "parse_codes", "UnknownCode"]

_CODE = re.compile(r"^KB\d{0,3}$")


class UnknownCode(ValueError):
    """A code or prefix that matches no rule; the message suggests close ones."""


def _known_prefixes() -> set[str]:
    return {code[:n] for code in RULES for n in range(2, len(code) + 1)}


def parse_codes(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """``["KB3,KB601", "KB7"]`` -> ``("KB3", "KB601", "KB7")``: comma-separated lists, repeatable.

    Raises :class:`UnknownCode` for a code or prefix no rule has.
    """
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    codes = []
    for value in values:
        for code in str(value).split(","):
            code = code.strip().upper()
            if not code:
                continue
            if code == "ALL":
                code = "KB"
            if not _CODE.match(code) or code not in _known_prefixes():
                import difflib

                close = difflib.get_close_matches(code, sorted(RULES), n=3, cutoff=0.6)
                hint = f"; did you mean {' or '.join(close)}?" if close else "; `kb rules` lists the rule codes"
                raise UnknownCode(f"'{code}' is not a rule code or the prefix of one{hint}")
            codes.append(code)
    return tuple(dict.fromkeys(codes))


def _longest(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Selection:
    """The rules to report: ``selection("KB601")`` is True when KB601 is selected and not ignored."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def of(cls, select=None, ignore=None) -> "Selection":
        """From codes as the command line or settings give them (see :func:`parse_codes`)."""
        return cls(parse_codes(select), parse_codes(ignore))

    def __call__(self, code: str) -> bool:
        selected = _longest(code, self.select) if self.select else 0
        return selected >= 0 and selected > _longest(code, self.ignore)

    @property
    def everything(self) -> bool:
        return not self.ignore and (not self.select or "KB" in self.select)
