"""Drawing diagrams as SVG at build time: elements whose text and attribute values are always
escaped as XML character data or a quoted attribute (so text from entries is never markup),
text wrapped to a width without a font at hand, and the serialized result.

>>> from kb.pages.svg import element, serialize, wrap
>>> wrap("Search generalizes well across diverse environments.", 160, 13)
['Search generalizes well', 'across diverse', 'environments.']
>>> root = element("svg", viewBox="0 0 10 10")
>>> _ = element("text", parent=root, x=1, y=2, text="<b> & co")
>>> serialize(root)
'<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"><text x="1" y="2">&lt;b&gt; &amp; co</text></svg>'
"""
from __future__ import annotations

import posixpath
from functools import lru_cache

from .escape import clean
from .urls import relpath

__all__ = ["Element", "element", "link", "serialize", "wrap", "text_width", "fmt", "page_href", "XLINK_HREF"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK_NS}}}href"

# Advance widths of a sans-serif font (Roboto/Helvetica-like), in ems. Estimates err wide:
# a line that comes out narrower than planned only leaves a little more margin.
_NARROW = set("iljtfrI.,;:!'|()[]{} ")
_WIDE = set("mwMW@%")
_CAPS = set("ABCDEFGHJKLNOPQRSTUVXYZ&")


def _advance(c: str) -> float:
    if c in _NARROW:
        return 0.32
    if c in _WIDE:
        return 0.86
    if c in _CAPS:
        return 0.70
    if ord(c) >= 0x2E80:  # CJK and other full-width characters
        return 1.0
    return 0.56


def text_width(text: str, size: float) -> float:
    """The estimated width in pixels of ``text`` set at ``size`` pixels."""
    return sum(_advance(c) for c in text) * size


def wrap(text: str, width: float, size: float, max_lines: int = 5) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at ``size`` px, at most ``max_lines``
    (the last one ends with an ellipsis when the text does not fit); words too long for a line
    are cut."""
    return list(_wrap(text, width, size, max_lines))


# The same names are wrapped to the same widths on many pages (every neighbour's local graph).
@lru_cache(maxsize=1 << 15)
def _wrap(text: str, width: float, size: float, max_lines: int) -> tuple[str, ...]:
    words = " ".join(clean(text).split()).split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        while text_width(word, size) > width:  # a word longer than the line: cut it
            cut = len(word)
            while cut > 1 and text_width(word[:cut] + "-", size) > width:
                cut -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1].rstrip()
        lines = lines[:max_lines - 1] + [last.rstrip(" ,;:.") + "…"]
    return tuple(lines or [""])


def fmt(value) -> str:
    """A number as SVG likes it: no needless decimals."""
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text[:-2] if text.endswith(".0") else text
    return str(value)


class Element:
    """An SVG element: its tag, its attributes already written out (escaped), its text
    (escaped) and its children. The drawings make tens of thousands of them per build:
    :mod:`xml.etree.ElementTree` serialized them in Python at several times the cost, to the
    same text (tested)."""

    __slots__ = ("tag", "attributes", "text", "children", "xlink")

    def __init__(self, tag: str, attributes: str, text: str, xlink: bool):
        self.tag, self.attributes, self.text, self.xlink = tag, attributes, text, xlink
        self.children: list[Element] = []

    def write(self, out: list[str], before: str = "", after: str = "") -> None:
        """Append the element's XML to ``out``; ``before`` and ``after`` are attributes written
        around its own (the root's namespace declarations)."""
        out.append(f"<{self.tag}{before}{self.attributes}{after}")
        if self.text or self.children:
            out.append(">" + self.text)
            for child in self.children:
                child.write(out)
            out.append(f"</{self.tag}>")
        else:
            out.append(" />")

    def uses_xlink(self) -> bool:
        return self.xlink or any(child.uses_xlink() for child in self.children)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    if not _PLAIN_ATTRIBUTE.isdisjoint(text):
        text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
                .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;"))
    return text


_PLAIN_ATTRIBUTE = frozenset('&<>"\r\n\t')


def element(tag: str, parent: Element | None = None, text: str | None = None, **attrs) -> Element:
    """An SVG element; attribute names use ``_`` for ``-`` (``stroke_width``), ``cls`` for class.
    Attributes whose value is None are left out."""
    written = []
    xlink = False
    for key, value in attrs.items():
        if value is None:
            continue
        if key == XLINK_HREF:
            key, xlink = "xlink:href", True
        else:
            key = "class" if key == "cls" else key.replace("_", "-")
        written.append(f' {key}="{_escape_attribute(fmt(value))}"')
    node = Element(tag, "".join(written), _escape_text(clean(text)) if text is not None else "", xlink)
    if parent is not None:
        parent.children.append(node)
    return node


def page_href(page: str, entry) -> str:
    """The URL of an entry's page from the generated page ``page``, for a link in a drawing (raw
    HTML, whose links MkDocs does not rewrite): ``claims/x.md`` is served at ``claims/x/``."""
    return relpath(f"{entry.folder}/{entry.id}", posixpath.splitext(page)[0]) + "/"


def link(parent: Element, page: str, entry, **attrs) -> Element:
    """A link in a drawing on ``page`` to ``entry``'s page, as the URL it is served at.

    The URL is written as ``xlink:href`` (which every browser follows in inline SVG), not
    ``href``: MkDocs leaves raw HTML alone, but Zensical rewrites every relative ``href`` of a
    page as if it were relative to the Markdown file, which sends a served URL one folder too
    high. Neither engine touches ``xlink:href``, so the same page works with both.
    """
    return element("a", parent, **{XLINK_HREF: page_href(page, entry)}, **attrs)


def serialize(root: Element) -> str:
    """The SVG as one line of XML (xmlns on the root), ready to sit inside an HTML page or a file."""
    declared = f' xmlns:xlink="{XLINK_NS}"' if root.uses_xlink() else ""
    out: list[str] = []
    root.write(out, before=declared, after=f' xmlns="{SVG_NS}"')
    return "".join(out)
