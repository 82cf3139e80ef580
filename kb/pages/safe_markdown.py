"""Entry text as safe Markdown, by parsing: CommonMark in, a small Markdown of our own out.

An entry's Markdown is parsed by markdown-it-py (CommonMark, raw HTML off) into a syntax tree,
and the page's Markdown is written anew from that tree. Only what this module writes carries
meaning: paragraphs, lists, quotes, code, emphasis, http(s)/mailto links and [[links]] (whose
Markdown the caller makes). Every character of the entry's own text is written as inert text
(a numeric character reference where it could mean something to Python-Markdown or one of
its extensions), so raw HTML, attribute lists, headings, images, reference definitions and
whatever construct surrounds them (code spans over lines, setext headings, ...) can only ever
show as the text they are. Nothing here works by patterns over Markdown.

>>> to_markdown("A *big* <b>deal</b>: `x < y`")
'A <em>big</em> &#60;b&#62;deal&#60;/b&#62;: <code>x &#60; y</code>'
"""
from __future__ import annotations

import html
import re
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from .escape import PLAIN, safe_url

__all__ = ["to_markdown", "inert", "MAX_NESTING"]

MAX_NESTING = 20          # markdown-it's own bound on nested blocks and inlines (CommonMark preset)

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                    "maxNesting": MAX_NESTING})

# What an entry character may not stay as in the Markdown we write. PLAIN covers inline Markdown
# and HTML; the rest could start a block at the beginning of a line (lists, definition lists,
# setext underlines, tables) or form an entity.
_INERT = {**{k: v for k, v in PLAIN.items() if chr(k) not in "\"'"},
          ord("<"): "&#60;", ord(">"): "&#62;", ord("&"): "&#38;"}
_LINE_START = {ord(c): f"&#{ord(c)};" for c in "-+=:~|0123456789 \t"}
_HOLE = re.compile("\x02(\\d+)\x03")
# Control characters go (Python-Markdown uses STX/ETX itself), except the holes we were given.
_CONTROL = re.compile("(\x02(\\d+)\x03)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def inert(text: str) -> str:
    """Text that Python-Markdown shows exactly as it is, wherever it stands on a line."""
    return text.translate(_INERT)


def to_markdown(text: str, links: list[tuple[str, str, str]] | None = None) -> str:
    """The page's Markdown for an entry's Markdown ``text``.

    ``text`` may hold holes ``\\x02N\\x03`` standing for ``links[N] = (markdown, shown, raw)``:
    the link's Markdown where a link may stand, its ``shown`` text inside another link or an
    image, and its ``raw`` source text inside code.
    """
    links = links or []
    holes = lambda m: m.group(1) if m.group(1) and int(m.group(2)) < len(links) else ""
    tree = SyntaxTreeNode(_PARSER.parse(_CONTROL.sub(holes, text)))
    return "\n".join(_blocks(tree.children, links)).strip("\n")


# --- blocks: each returns the lines it is written as ------------------------------------------

def _blocks(nodes, links) -> list[str]:
    out: list[str] = []
    previous = None
    for node in nodes:
        lines = _block(node, links)
        if not lines:
            continue
        if out and not (node.type in _LISTS and _tight_parent(node)):
            out.append("")
        if previous in _LISTS and node.type in _LISTS:  # Python-Markdown would join the two lists
            out += ["<!-- -->", ""]
        out += lines
        previous = node.type
    return out


_LISTS = ("bullet_list", "ordered_list")


def _tight_parent(node) -> bool:
    """A list inside a tight list item follows its paragraph without a blank line."""
    item = node.parent
    return item is not None and item.type == "list_item" and bool(item.children) and \
        item.children[0].type == "paragraph" and item.children[0].hidden


def _block(node, links) -> list[str]:
    kind = node.type
    if kind == "paragraph":
        return _paragraph(_inline(node.children[0], links) if node.children else "")
    if kind == "heading":  # a heading in an entry would break the page's outline: strong text
        content = _inline(node.children[0], links) if node.children else ""
        return _paragraph(f"<strong>{content}</strong>") if content.strip() else []
    if kind in ("bullet_list", "ordered_list"):
        return _list(node, links)
    if kind == "blockquote":
        return [("> " + line).rstrip() for line in (_blocks(node.children, links) or [""])]
    if kind in ("code_block", "fence"):
        # Written as HTML with every character a reference: whether Python-Markdown reads it as
        # a raw block or, inside a list, as inline HTML, the code shows exactly as it is.
        code = _HOLE.sub(lambda m: links[int(m.group(1))][2], node.content).rstrip("\n")
        return ["<pre><code>" + inert(code).replace("\n", "&#10;") + "</code></pre>"] if code.strip() else []
    if kind == "hr":
        return ["* * *"]
    # html_block cannot occur (raw HTML is off); anything unforeseen is kept as inert text.
    return _paragraph(inert(node.content or ""))


def _paragraph(content: str) -> list[str]:
    lines = [line.strip() for line in content.split("\n")]
    return [line[:1].translate(_LINE_START) + line[1:] for line in lines if line]


def _list(node, links) -> list[str]:
    out: list[str] = []
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
    loose = any(not item.children or not item.children[0].hidden for item in node.children
                if item.children and item.children[0].type == "paragraph")
    for number, item in enumerate(node.children, start):
        marker = f"{number}. " if node.type == "ordered_list" else "- "
        body = _blocks(item.children, links) or ["&#8203;"]
        if out and loose:
            out.append("")
        out.append(marker + body[0])
        out += ["    " + line if line else "" for line in body[1:]]
    return out


# --- inline: returns the Markdown of one paragraph's content -----------------------------------

def _inline(node, links) -> str:
    return "".join(_span(child, links, in_link=False) for child in node.children)


def _text(content: str, links, in_link: bool) -> str:
    out, last = [], 0
    for hole in _HOLE.finditer(content):
        out.append(inert(content[last:hole.start()]))
        markdown, shown, _raw = links[int(hole.group(1))]
        out.append(inert(shown) if in_link else markdown)
        last = hole.end()
    out.append(inert(content[last:]))
    return "".join(out)


_WRAP: dict[str, tuple[str, str]] = {"em": ("<em>", "</em>"), "strong": ("<strong>", "</strong>")}


def _span(node, links, in_link: bool) -> str:
    kind = node.type
    inner: Callable[[bool], str] = lambda linked: "".join(_span(c, links, linked) for c in node.children)
    if kind == "text":
        return _text(node.content, links, in_link)
    if kind == "softbreak":
        return "\n"
    if kind == "hardbreak":
        return "<br>\n"
    if kind == "code_inline":
        code = _HOLE.sub(lambda m: links[int(m.group(1))][2], node.content)
        return f"<code>{inert(code)}</code>"
    if kind in _WRAP:
        opening, closing = _WRAP[kind]
        return opening + inner(in_link) + closing
    if kind == "link":
        href = str(node.attrs.get("href", ""))
        if in_link or not safe_url(href):
            return inner(True)
        return f'<a href="{html.escape(href, quote=True)}">{inner(True)}</a>'
    if kind == "image":  # no images from entries (they would fetch from other hosts): the alt text
        return inner(True)
    return _text(node.content or "", links, in_link)
