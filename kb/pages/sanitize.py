"""The second line of defence: the rendered HTML of a generated page, with everything outside an
allowlist removed (nh3). Both engines' adapters call it: the MkDocs plugin on every generated
page's content, and the Markdown extension of :mod:`kb.zensical_adapter` under Zensical.

Entry text cannot produce markup in the first place (:mod:`.safe_markdown` writes it anew as
safe Markdown); this keeps the guarantee should a generator ever let something through.
"""
from __future__ import annotations

import re

import nh3

__all__ = ["sanitize_html"]

# What the generated pages' HTML may contain. Everything else (script, style, iframe, img,
# form..., on* attributes, style attributes, javascript:/data: URLs) is removed.
_TAGS = {"a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
         "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "span", "strong", "sub", "sup",
         "table", "tbody", "td", "th", "thead", "tr", "ul"}
_ATTRIBUTES = {"*": {"id", "class", "title", "aria-hidden", "aria-label", "role"},
               **{tag: {"data-search-exclude"} for tag in ("pre", "p", "h2", "h3", "dl", "ul", "ol")},
               "a": {"href", "rel", "data-node", "data-kb-preview", "data-search-exclude"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"},
               "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}
# The drawings' links are xlink:href (kb.pages.svg.link): nh3 knows attributes by their local
# name, so it keeps them as "href", and checks their URL like any other.
# The debate maps are SVG drawn by kb.pages.debate: shapes, text and links, styled by
# presentation attributes (no <style>, no <use>, no <foreignObject>, no url(...) references).
_SVG_TAGS = {"svg", "g", "rect", "path", "text", "tspan"}
_SVG_PAINT = {"fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linejoin", "paint-order",
              "font-size", "font-weight", "font-style", "letter-spacing", "text-anchor"}
_SVG_ATTRIBUTES = {"svg": {"viewBox", "width", "height"}, "g": set(), "rect": {"x", "y", "width", "height", "rx"},
                   "path": {"d"}, "text": {"x", "y"}, "tspan": {"x", "dy"}}
_TAGS |= _SVG_TAGS
_ATTRIBUTES["div"] = {"data-search-exclude"}
for _tag, _names in _SVG_ATTRIBUTES.items():
    _ATTRIBUTES[_tag] = _names | _SVG_PAINT


# Classes are the page generator's: its own (kb-...) and the permalinks of the toc extension.
# Entry text cannot produce a class at all (kb.pages.safe_markdown writes it as text); this is
# the second line, so that no class a script or the theme acts on can be planted.
_CLASS = re.compile(r"^(?:kb-[a-z0-9-]+|headerlink)$")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        kept = [c for c in value.split() if _CLASS.match(c)]
        return " ".join(kept) or None
    return value


# Made once: building the allowlist for every page cost a third of the sanitizer's time.
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                       strip_comments=True, attribute_filter=_attribute)


def sanitize_html(html: str) -> str:
    """The HTML of a generated page with anything outside the allowlist removed."""
    return _CLEANER.clean(html)
