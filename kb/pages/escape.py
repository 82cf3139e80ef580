"""Escaping of plain fields: text from entry files made inert.

Plain fields (names, summaries, titles, aliases, quotes, locators...) become inert text here.
Markdown fields are not escaped by patterns: :mod:`.safe_markdown` parses them and writes
them anew.
"""
from __future__ import annotations

import json
import re

__all__ = ["escape_text", "escape_attr", "front_matter_string", "safe_url", "clean", "CODE_SPAN", "PLAIN"]

# Characters that mean something to Markdown (inline), to its extensions, or to HTML. In a
# plain field each becomes a numeric character reference: the reader sees the character,
# no parser acts on it.
_PLAIN_SPECIALS = "&<>\"'\\`*_[]{}|#"
PLAIN = {ord(c): f"&#{ord(c)};" for c in _PLAIN_SPECIALS}
_ATTR = {**PLAIN, **{ord(c): f"&#{ord(c)};" for c in "()"}}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text) -> str:
    """Text without control characters (tabs and newlines stay)."""
    return _CONTROL.sub("", str(text))


def escape_text(text) -> str:
    """A plain field as inert inline Markdown, on one line."""
    return " ".join(clean(text).split()).translate(PLAIN)


def escape_attr(text) -> str:
    """Text for an HTML attribute or a Markdown link title; newlines are kept as ``&#10;``."""
    lines = [" ".join(line.split()) for line in clean(text).splitlines()]
    return "&#10;".join(line.translate(_ATTR) for line in lines if line)


def front_matter_string(text) -> str:
    """A YAML string that the theme may print as HTML: escaped as HTML, quoted as JSON."""
    html = " ".join(clean(text).split()).replace("&", "&amp;").replace("<", "&lt;") \
        .replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
    return json.dumps(html, ensure_ascii=False)


# Code spans in the generator's own texts (the rules page); entry text is parsed instead.
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
_SAFE_URL = re.compile(r"^(?:https?://[^\s<>\"'`]+|mailto:[^\s<>\"'`]+)$", re.I)


def safe_url(url: str) -> bool:
    """Whether a URL from an entry may become a link: http(s) or mailto, nothing odd in it."""
    return bool(_SAFE_URL.match(url)) and "&" not in url.split("?")[0] and "\\" not in url
