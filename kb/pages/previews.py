"""Hover previews: what a link to an entry says about it, as plain text.

Links carry only the key of their preview; the previews themselves are in one JSON file,
which kb.js fetches on the first hover and shows as text.
"""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from ..links import replace_links
from ..model import Entry
from .blocks import plural
from .escape import clean, escape_attr

if TYPE_CHECKING:
    from .site import Site

__all__ = ["preview", "previews_data", "preview_items", "previews_json", "short_title", "plain", "PREVIEWS_PATH"]

# Beside kb.js, which finds it from its own URL.
PREVIEWS_PATH = "assets/kb/previews.json"


def plain(markdown: str, base, limit: int = 240) -> str:
    """Markdown text as one plain line (for previews): [[links]] become their shown text."""
    def shown(link):
        target = base.get(link.target)
        return link.shown or (target.name if target is not None else link.target)

    text = replace_links(markdown, shown)
    text = re.sub(r"[*_`]+", "", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def preview(site: Site, entry: Entry, sense: str | None = None) -> str:
    """The plain text shown when hovering a link to ``entry``.

    Terms: the summary, and the sense meant if the link names one. Claims: status, summary,
    how many reasons for and against (and how many attacks are not yet answered), and the
    predictions derived from it with their status.
    """
    base = site.base
    head = f"{entry.name} ({entry.kind}" + (f", {entry.status})" if hasattr(entry, "status") else ")")
    lines = [head, " ".join(entry.summary.split())]
    if entry.kind == "term":
        if sense:
            for s in entry.senses:
                if s.id == sense:
                    lines.append(f"Sense meant: {s.name}: {plain(s.definition, base, 160)}")
        elif len(entry.senses) > 1:
            lines.append(f"Senses: {'; '.join(s.name for s in entry.senses)}")
    elif entry.kind == "claim":
        pro, con = site.pro(entry.id), site.con(entry.id)
        standing = f"For: {plural(len(pro), 'argument or evidence', 'arguments or evidence')}. "
        standing += f"Against: {len(con)}"
        if con:
            standing += f" ({len(site.unanswered(entry.id))} not yet answered)"
        lines.append(standing + ".")
        predictions = site.incoming(entry.id, ("derived_from",), ("prediction",))
        if predictions:
            lines.append("Predictions: " + "; ".join(f"{p.name} ({p.status})" for p in predictions[:5])
                         + ("; …" if len(predictions) > 5 else ""))
    elif entry.kind == "argument":
        conclusions = site.outgoing(entry.id, ("conclusion",))
        if conclusions:
            lines.append(f"Concludes: {conclusions[0].entry.name}")
        attackers = site.con(entry.id)
        if attackers:
            lines.append(f"Attacked by {plural(len(attackers), 'entry', 'entries')}")
    return "\n".join(lines)


def previews_data(site: Site) -> str:
    """previews.json: ``{"id": preview, "id#sense": preview of a link to that sense}``.

    kb.js shows a preview's first line as the card's heading and each other line as a paragraph.
    """
    data = {}
    for entry in site.entries:
        data.update(preview_items(site, entry))
    return previews_json(data)


def preview_items(site: Site, entry: Entry) -> dict[str, str]:
    """The previews of one entry: ``{"id": preview, "id#sense": preview...}``."""
    data = {entry.id: _lines(preview(site, entry))}
    for sense in getattr(entry, "senses", []):
        data[f"{entry.id}#{sense.id}"] = _lines(preview(site, entry, sense.id))
    return data


def previews_json(data: dict[str, str]) -> str:
    """previews.json's text."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _lines(text: str) -> str:
    """Text tidied line by line: no control characters, no blank lines, single spaces."""
    lines = (" ".join(line.split()) for line in clean(text).splitlines())
    return "\n".join(line for line in lines if line)


def short_title(entry: Entry) -> str:
    """A link's title, for readers without JavaScript: the kind of entry, and its status if it has one."""
    return escape_attr(entry.kind + (f", {entry.status}" if hasattr(entry, "status") else ""))
