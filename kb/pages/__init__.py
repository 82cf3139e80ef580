"""The knowledge base as pages: pure functions from a KnowledgeBase to ``{path: text}``.

Nothing here knows about MkDocs: the pages are plain Markdown (with the ``attr_list``,
``tables`` and ``toc`` extensions of Python-Markdown, and YAML front matter), plus two JSON
files: the graph view's data and the hover previews. :mod:`kb.plugin` hands them to MkDocs;
another site generator could take them as they are.

Every text that comes from an entry file is made safe here, at generation time: plain fields
(names, summaries, titles, aliases, quotes, locators...) become inert text (:mod:`.escape`),
and Markdown fields are parsed as CommonMark and written anew (:mod:`.safe_markdown`), so
only the generator's own constructs (paragraphs, lists, quotes, code, emphasis, http(s) and
mailto links, [[links]]) can come out of them; raw HTML, attribute lists, images and headings
show as text. The plugin also sanitizes the rendered HTML, as a second line, keeping only the
generator's classes.

The modules: :mod:`.escape` (plain fields), :mod:`.safe_markdown` (Markdown fields), :mod:`.blocks` (front matter, list
items), :mod:`.previews` (hover previews), :mod:`.site` (the shared :class:`Site`, links,
entry text as Markdown), :mod:`.entry` (entry pages), :mod:`.debate` (debate maps, drawn as SVG
with :mod:`.maptree` and :mod:`.svg`),
:mod:`.indexes` (kind indexes, glossary), :mod:`.home`, :mod:`.paths` (reading paths), :mod:`.graph_view`,
:mod:`.rules`.

>>> import kb
>>> from kb.pages import build_pages
>>> pages = build_pages(kb.load("tests/fixtures/site"))    # doctest: +SKIP
>>> sorted(pages)[:3]                                       # doctest: +SKIP
['arguments/cost-argument.md', 'arguments/index.md', 'claims/index.md']
"""
from __future__ import annotations

from ..model import KINDS
from .entry import entry_page
from .escape import escape_attr, escape_text
from .graph_view import graph_data, graph_page
from .home import home_page
from .indexes import LISTINGS, glossary_page, index_page, listing_pages, listing_parts
from .previews import PREVIEWS_PATH, preview, previews_data
from .redirects import alias_pages
from .search import NAMES_PATH, names_data
from .rules import rules_page
from .site import Site, entry_path, render_markdown

__all__ = [
    "build_pages", "site_pages", "assemble", "home_page", "glossary_page", "index_page", "entry_page", "graph_page",
    "graph_data", "rules_page", "escape_text", "escape_attr", "render_markdown",
    "entry_path", "preview", "previews_data", "Site",
]


def build_pages(base, home=None, *, generate_home: bool = True, guide: str | None = None) -> dict[str, str]:
    """Every generated page of the site, as ``{path relative to the site's docs: text}``.

    ``home``: what the home page says that belongs to this knowledge base
    (:class:`kb.project.HomeText`: title, introduction, reading paths; see
    :func:`kb.project.read_home`); without it the home page is generic. ``generate_home=False``
    leaves the home page (``index.md``) to the project. ``guide``: the site's page on writing
    entries, which the home page links to.
    """
    site = Site(base, home, generate_home, guide)
    return assemble(site, site_pages(site), previews_data(site),
                    {entry_path(e): entry_page(site, e) for e in site.entries})


def site_pages(site: Site, listings: dict[str, str] | None = None) -> dict[str, str]:
    """The pages that are not an entry's own (home, glossary, graph, rules, search names, kind
    indexes and their letters' pages, redirects), previews.json aside. ``listings``: the pages of
    the glossary and the kind indexes, when made already (:func:`kb.pages.indexes.listing_pages`)."""
    if listings is None:
        listings = {}
        for name in LISTINGS:
            listings |= listing_pages(site, name, listing_parts(site, name))
    pages = {"index.md": home_page(site)} if site.home else {}
    pages |= {"glossary.md": listings["glossary.md"],
             "graph/index.md": graph_page(site), "graph/data.json": graph_data(site),
             "rules.md": rules_page(), NAMES_PATH: names_data(site.entries)}
    for model in KINDS.values():
        pages[f"{model.folder}/index.md"] = listings[f"{model.folder}/index.md"]
    pages |= listings
    pages.update(alias_pages(site, taken=set(pages)))
    return pages


def assemble(site: Site, others: dict[str, str], previews: str, entries: dict[str, str]) -> dict[str, str]:
    """The pages in the order MkDocs is given them (and so builds them and lists them in its
    search index): home, glossary, graph, rules, the JSON files, indexes, entries, redirects."""
    first = ["index.md", "glossary.md", "graph/index.md", "graph/data.json", "rules.md"]
    pages = {path: others[path] for path in first if path in others}
    pages[PREVIEWS_PATH] = previews
    pages[NAMES_PATH] = others[NAMES_PATH]
    for model in KINDS.values():
        pages[f"{model.folder}/index.md"] = others[f"{model.folder}/index.md"]
    # An entry never takes a page of the site's own (an id like `index` is an error, KB209, that a
    # build past errors must not turn into a replaced index).
    pages.update((entry_path(e), entries[entry_path(e)]) for e in site.entries if entry_path(e) not in pages)
    pages.update((p, t) for p, t in others.items() if p not in pages)
    return pages
