"""The pages again after an edit, regenerating only the entry pages the edit can change.

:func:`update_pages` takes the previous :class:`Generation` (a knowledge base and its pages)
and the knowledge base as it is now, and returns the new generation with the paths whose text
changed. The result is always what :func:`kb.pages.build_pages` gives for the new base (tests
compare the two after random edits); only the work differs:

- the pages that show the whole base (home, graph data, search names, redirects) are generated
  again, they are cheap. The glossary and the kind indexes: a listing split by letter
  (:data:`.indexes.SPLIT_AT`) has its page of letters made again, and a letter's page (or the
  listing's one page) only when its rows changed or one of them is an entry whose page is made
  again (a row shows less of its entry than the entry's page);
- an entry page is generated again only if it can show something of a changed entry. What an
  entry page shows of other entries reaches at most two steps in the graph (a neighbour's name
  and kind, how connected it is and how often it is attacked), the steps of its reading paths,
  and, for a claim, its debate map (reasons of reasons, up to :data:`.debate.MAX_DEPTH` steps);
  so the pages regenerated are the changed entries' neighbours two steps out, in the graph
  before and after the edit, the claims whose maps reach them, and every entry of a reading path
  when an entry of a path changed;
- previews follow entry pages (a preview counts the attacks on the attacks of its entry).

When entries were added or removed, or nothing previous is given, every page is generated.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .debate import MAX_DEPTH
from .entry import entry_page
from .indexes import LISTINGS, listing_pages, listing_parts, listing_path, part_path
from .paths import path_steps
from .previews import PREVIEWS_PATH, previews_json, preview_items
from .site import Site, entry_path

__all__ = ["Generation", "update_pages", "affected_entries"]

# The reasons' relations that debate maps follow, from a reason to what it bears on.
_MAP_RELATIONS = frozenset({"supports", "attacks", "conclusion"})


@dataclass
class Generation:
    """A knowledge base and every page generated from it (``previews``: previews.json as a dict)."""
    base: object
    pages: dict[str, str]
    previews: dict[str, str] = field(default_factory=dict)
    path_members: frozenset = frozenset()
    site: Site | None = None
    parts: dict = field(default_factory=dict)   # listing -> its parts (kb.pages.indexes.Part)


def update_pages(base, previous: Generation | None = None, home=None, *, generate_home: bool = True,
                 guide: str | None = None) -> tuple[Generation, set[str]]:
    """``(the generation of base, the paths whose text is new, changed or gone)``; ``home``,
    ``generate_home`` and ``guide`` as for :func:`kb.pages.build_pages`."""
    from . import assemble, site_pages

    site = Site(base, home, generate_home, guide)
    site.paths = path_steps(site)
    members = frozenset(site.paths)
    ids = {e.id for e in site.entries}
    settings = (site.home_text, site.home, site.guide)   # the home page and reading paths (on entry pages)
    if previous is None or ids != {e.id for e in previous.base.entries()} or previous.site is None \
            or (previous.site.home_text, previous.site.home, previous.site.guide) != settings:
        redo = ids
    else:
        changed = {i for i in ids if base[i] != previous.base[i]}
        if not changed:
            return previous, set()
        redo = affected_entries(previous.base, base, changed, previous.path_members | members)
        # what the previous pages knew of each entry's relations still holds where neither the
        # entry nor any of its neighbours changed (their entries are equal, field by field)
        if previous.site is not None:
            touched = changed | {n for i in changed for n in _neighbours((previous.base.graph, base.graph), i)}
            site._related.update((i, r) for i, r in previous.site._related.items() if i not in touched)
    reuse = previous is not None and redo != ids
    entries = {p: t for p, t in previous.pages.items()} if reuse else {}
    items = dict(previous.previews) if reuse else {}
    for ident in sorted(redo):
        entry = base[ident]
        entries[entry_path(entry)] = entry_page(site, entry)
        items.update(preview_items(site, entry))
    previews = {k: items[k] for k in _preview_keys(site)}
    parts = {name: listing_parts(site, name) for name in LISTINGS}
    listings = {}
    for name in LISTINGS:
        # a letter's page again when its rows or the letters changed, or one of its rows' entries
        # may show something else (what a row shows of an entry, its page shows too)
        before = previous.parts.get(name) if reuse else None
        same_letters = before is not None and [p.slug for p in before] == [p.slug for p in parts[name]]
        old = {p.slug: p for p in before} if same_letters else {}
        only = {p.slug for p in parts[name] if old.get(p.slug) != p or not redo.isdisjoint(p.ids())}
        made = listing_pages(site, name, parts[name], only)
        for path in dict.fromkeys([listing_path(name)] + [part_path(name, p) for p in parts[name]]):
            listings[path] = made[path] if path in made else previous.pages[path]
    pages = assemble(site, site_pages(site, listings), previews_json(previews), entries)
    new = Generation(base, pages, previews, members, site, parts)
    if previous is None:
        return new, set(pages)
    old = previous.pages
    return new, {p for p in pages.keys() | old.keys() if pages.get(p) != old.get(p)}


def _preview_keys(site: Site) -> list[str]:
    """The keys of previews.json, in its order (as :func:`.previews.previews_data` writes it)."""
    keys = []
    for entry in site.entries:
        keys.append(entry.id)
        keys.extend(f"{entry.id}#{s.id}" for s in getattr(entry, "senses", []))
    return keys


def affected_entries(old_base, new_base, changed: set[str], path_members=frozenset()) -> set[str]:
    """The entries whose page (or preview) may differ between ``old_base`` and ``new_base``
    when the entries ``changed`` differ.

    What changed in an entry decides how far it reaches (see the module's docstring): its text
    fields (a definition, a claim's text...) are shown on its own page only; its summary on the
    pages its reasons bear on too; its relations change how connected its neighbours are, so
    they reach two steps; anything else (its name, kind, status, senses, aliases) is shown
    wherever it is linked, and in the debate maps and reading paths it is on.
    """
    graphs = (old_base.graph, new_base.graph)
    found = set()
    shown, rewired = set(), set()
    for ident in changed:
        found.add(ident)
        old, new = old_base.get(ident), new_base.get(ident)
        if old is None or new is None or _edges(old_base.graph, ident) != _edges(new_base.graph, ident):
            rewired.add(ident)
            shown.add(ident)
            continue
        fields = _changed_fields(old, new)
        if "summary" in fields:
            found.update(t for g in graphs for _, t, r in g.out_edges(ident, data="relation") if r in _REASONS)
        if fields - set(type(new).text_fields) - _OWN_PAGE - {"summary"}:
            shown.add(ident)
    near = set(shown)
    for _ in range(1):
        near |= {n for i in shown for n in _neighbours(graphs, i)}
    far = set(rewired)
    for _ in range(2):
        far |= {n for i in far for n in _neighbours(graphs, i)}
    found |= near | far
    # debate maps: from a reason to what it bears on, as far as a map reaches (and one step more
    # for the counts a box shows)
    reached, frontier = set(near), set(near)
    for _ in range(MAX_DEPTH + 1):
        step = set()
        for g in graphs:
            for i in frontier:
                if i in g:
                    step.update(t for _, t, r in g.out_edges(i, data="relation") if r in _MAP_RELATIONS)
        frontier = step - reached
        reached |= frontier
    found |= reached
    if shown & path_members:
        found |= path_members
    return {i for i in found if i in new_base}


# Fields shown on the entry's own page only (besides the kind's text fields).
_OWN_PAGE = frozenset({"held_by"})
# The relations along which a reason's summary is shown on the page of what it bears on.
_REASONS = frozenset({"conclusion", "supports", "attacks", "bears_on", "premises"})


def _neighbours(graphs, ident):
    for g in graphs:
        if ident in g:
            yield from g.succ[ident]
            yield from g.pred[ident]


def _edges(graph, ident) -> list[str]:
    """Every edge at ``ident``, with what pages show of it, comparable between two graphs (the
    line it is written on is for messages: text added above it moves it)."""
    if ident not in graph:
        return []
    edges = [(u, v, d) for u, v, d in graph.out_edges(ident, data=True)]
    edges += [(u, v, d) for u, v, d in graph.in_edges(ident, data=True)]
    return sorted(repr((u, v, sorted((k, x) for k, x in d.items() if k not in _LOCATION))) for u, v, d in edges)


_LOCATION = frozenset({"line", "field"})


def _changed_fields(old, new) -> set[str]:
    if type(old) is not type(new):
        return {"kind"}
    return {f for f in type(new).model_fields if getattr(old, f) != getattr(new, f)}
