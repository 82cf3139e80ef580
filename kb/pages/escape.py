"""Escaping: text from entry files made inert, or kept as Markdown without its dangerous parts.

Plain fields (names, summaries, titles, aliases, quotes, locators...) become inert text;
Markdown fields keep their Markdown but lose raw HTML, attribute lists, images, headings and
links to anything but http(s) and mailto.
"""
from __future__ import annotations

import json
import re

__all__ = ["escape_text", "escape_attr", "escape_prose", "front_matter_string", "safe_url", "clean",
           "CODE_SPAN", "PLAIN"]

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


CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_DEF = re.compile(r"^([ ]{0,3})\[([^\]\n]+)\]:[ \t]*<?(\S*)", re.M)
_HEADING = re.compile(r"^([ ]{0,3})#", re.M)
_SAFE_URL = re.compile(r"^(?:https?://[^\s<>\"'`]+|mailto:[^\s<>\"'`]+)$", re.I)


def safe_url(url: str) -> bool:
    """Whether a URL from an entry may become a link: http(s) or mailto, nothing odd in it."""
    return bool(_SAFE_URL.match(url)) and "&" not in url.split("?")[0] and "\\" not in url


def escape_prose(text: str) -> str:
    """Markdown prose with raw HTML, attribute lists, images, headings and unsafe links disarmed."""
    text = text.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")
    text = text.replace("![", "&#33;[")
    text = _HEADING.sub(lambda m: m.group(1) + "&#35;", text)

    def inline(m):
        return m.group(0) if safe_url(m.group(1)) else "&#93;(" + m.group(0)[2:]

    def definition(m):
        return m.group(0) if safe_url(m.group(3)) else f"{m.group(1)}&#91;" + m.group(0)[len(m.group(1)) + 1:]

    return _REF_DEF.sub(definition, _INLINE_LINK.sub(inline, text))
