"""What the site's engines decide alike, as pure functions and constants.

The MkDocs plugin (:mod:`kb.plugin`), the Zensical adapter (:mod:`kb.zensical_adapter`) and
``kb pages`` are thin adapters over these, so that the same settings make the same site with
either engine:

- :func:`choose_home`: whether kb generates the home page (setting ``home: auto|generate|keep``)
  and whether it links the writing guide, from the project's own pages;
- :func:`safe_features`: the theme's features less those that would turn entry text into markup;
- :func:`font_warning`: what to say when the theme would load its fonts from another host;
- :data:`REQUIRED_EXTENSIONS`: the Markdown extensions the generated pages are written for;
- :data:`KB_CSS`, :data:`KB_JS`: the site's own stylesheet and script.

>>> choose_home("auto", {"index.md"})
HomeChoice(generate=False, guide=None, error=None, warning=None)
>>> choose_home("auto", {"writing-entries.md"}).generate
True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Collection

__all__ = ["HomeChoice", "choose_home", "safe_features", "font_warning", "REQUIRED_EXTENSIONS", "KB_CSS", "KB_JS",
           "HOME_PAGE", "GUIDE_PAGE"]

# The Markdown the generated pages are written in (kb.pages): attribute lists (classes and ids),
# definition lists, tables, and the table of contents.
REQUIRED_EXTENSIONS = ("attr_list", "def_list", "tables", "toc")
KB_CSS = "assets/kb/kb.css"
KB_JS = "assets/kb/kb.js"
HOME_PAGE = "index.md"
GUIDE_PAGE = "writing-entries.md"   # the project's writing guide, linked from the generated home page


@dataclass(frozen=True)
class HomeChoice:
    """Whether kb generates the home page, the guide page it links to (None: none), and what to
    say: ``error`` when the settings cannot be followed (nothing is to be built), ``warning``
    when they can but the site lacks something."""

    generate: bool
    guide: str | None = None
    error: str | None = None
    warning: str | None = None


def choose_home(mode: str, own: Collection[str]) -> HomeChoice:
    """The home page for the setting ``home`` (``auto``, ``generate`` or ``keep``), given the paths
    of the project's own pages (in its docs folder, relative to it).

    ``auto`` keeps the project's own ``index.md`` and generates one only when there is none;
    ``generate`` never replaces the project's own (an error); ``keep`` never generates one (a
    warning when there is none: the site has no home page).
    """
    has_home = HOME_PAGE in own
    guide = GUIDE_PAGE if GUIDE_PAGE in own else None
    if mode == "generate" and has_home:
        return HomeChoice(False, guide, error="docs/index.md exists, and the setting home: generate would replace "
                          "it. Remove docs/index.md, or set home: keep (or auto, the default) to keep it as the home page")
    if mode == "keep":
        warning = None if has_home else ("home: keep, but the docs have no index.md: the site has no home page. "
                                         "Write docs/index.md, or set home: auto to have one generated")
        return HomeChoice(False, guide, warning=warning)
    return HomeChoice(not has_home, guide)


_UNSAFE_FEATURES = {
    # The theme's tooltips put a link's title into the page as HTML: a link written in an entry's
    # text may have a title, so an entry could inject markup. kb.js shows the previews, as text.
    "content.tooltips": "it renders titles as HTML; the kb plugin shows link previews itself",
}


def safe_features(features) -> tuple[list[str], list[str]]:
    """The theme's features without those that would turn entry text into markup, and why.

    >>> safe_features(["navigation.instant", "content.tooltips"])[0]
    ['navigation.instant']
    """
    kept, warnings = [], []
    for feature in features or []:
        if feature in _UNSAFE_FEATURES:
            warnings.append(f"theme feature {feature} is turned off: {_UNSAFE_FEATURES[feature]}")
            continue
        kept.append(feature)
    return kept, warnings


def font_warning(theme_name, font) -> str | None:
    """What to say when mkdocs-material (or Zensical, which keeps its settings) would load Google
    Fonts from another host (``theme.font`` not false), so that the site would not work offline."""
    if theme_name == "material" and font is not False:
        return ("theme.font is not false: mkdocs-material would load Google Fonts from another host, so "
                "the site would not work offline. Add 'font: false' under 'theme:' in mkdocs.yml")
    return None
