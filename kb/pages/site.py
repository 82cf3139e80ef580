"""What every page shares: the :class:`Site` (the knowledge base with its relations cached),
where each entry's page is, links to entries, and entry text rendered as safe Markdown."""
from __future__ import annotations

import posixpath
from functools import cached_property
from pathlib import Path

from ..links import find_links, replace_links
from ..model import Entry
from .blocks import sort_key
from .escape import clean, escape_text
from .previews import short_title
from .safe_markdown import to_markdown
from .urls import relpath

__all__ = ["Site", "entry_path", "entry_url", "relative", "render_markdown", "list_name"]

# [[links]] are set aside as holes while the text around them is parsed, then filled.
_MARK = "\x02{}\x03"


def entry_path(entry: Entry) -> str:
    """Where an entry's page is, relative to the site's root: ``terms/mesa-optimizer.md``."""
    return f"{entry.folder}/{entry.id}.md"


def entry_url(entry: Entry) -> str:
    """The page's URL relative to the site's root (directory URLs): ``terms/mesa-optimizer/``."""
    return f"{entry.folder}/{entry.id}/"


def list_name(entry: Entry) -> str:
    """An entry's name as a list shows it: a claim's title without its closing full stop, so that
    "Title: summary" does not read "Title.: summary"."""
    name = entry.name.strip()
    return name[:-1] if name.endswith(".") and not name.endswith("..") else name


def relative(from_page: str, to_page: str) -> str:
    """The relative link from one page to another: ``../claims/x.md``."""
    return relpath(to_page, posixpath.dirname(from_page) or ".")


class Site:
    """What every page needs to know about the knowledge base, computed once."""

    def __init__(self, base, home_text=None, home: bool = True, guide: str | None = None):
        self.base = base
        self.entries = base.entries()
        self._related: dict[str, list] = {}
        self.home_text = home_text  # what the home page says of this base (kb.project.HomeText)
        self.given_paths = tuple(home_text.reading_paths) if home_text else ()
        self.home = home      # whether the home page is generated (the paths' anchors are on it)
        self.guide = guide    # the site's page on writing entries, if it has one
        self.shown_paths = None   # the paths in reading order, worked out once (pages.paths)
        self.paths = None     # the reading paths' steps, worked out once (pages.paths)

    def related(self, ident: str):
        if ident not in self._related:
            self._related[ident] = self.base.related(ident)
        return self._related[ident]

    def incoming(self, ident: str, relations: tuple[str, ...], kinds: tuple[str, ...] | None = None) -> list[Entry]:
        seen: dict[str, Entry] = {}
        for r in self.related(ident):
            if r.direction == "in" and r.relation in relations and (kinds is None or r.entry.kind in kinds):
                seen.setdefault(r.entry.id, r.entry)
        return sorted(seen.values(), key=lambda e: sort_key(e.name))

    def outgoing(self, ident: str, relations: tuple[str, ...]) -> list:
        seen: dict[tuple, object] = {}
        for r in self.related(ident):
            if r.direction == "out" and r.relation in relations:
                seen.setdefault((r.entry.id, r.sense), r)
        return list(seen.values())

    def pro(self, ident: str) -> list[Entry]:
        return self.incoming(ident, ("conclusion", "supports"), ("argument", "evidence"))

    def con(self, ident: str) -> list[Entry]:
        return self.incoming(ident, ("attacks",), ("argument", "evidence"))

    def unanswered(self, ident: str) -> list[Entry]:
        """Attacks on ``ident`` that nothing attacks in turn."""
        return [e for e in self.con(ident) if not self.con(e.id)]

    @cached_property
    def layout(self):
        """The typed relations as an undirected graph, and where the graph view places each entry
        (``{id: (x, y)}``), worked out once: the graph view's data and its page both need them."""
        from .graph_layout import positions, typed_graph

        simple = typed_graph(self.base.graph)
        return simple, positions(simple)

    @cached_property
    def degrees(self) -> dict[str, int]:
        """How many relations each entry has (in and out, [[links]] included), counted once:
        every neighbour's degree orders the local graph of each page it is on."""
        return dict(self.base.graph.degree())

    @cached_property
    def root(self) -> Path:
        """The knowledge base's folder, resolved (once: every entry page names its file)."""
        return Path(self.base.root).resolve()

    def link(self, from_page: str, entry: Entry, shown: str | None = None, sense: str | None = None,
             node: str | None = None) -> str:
        """A Markdown link to an entry (or one of its senses) that kb.js gives a preview.

        The link carries only the key of its preview (``data-kb-preview="id"`` or ``"id#sense"``),
        looked up in previews.json, and a short title for readers without JavaScript: the
        preview itself in every link made pages long and slow to render. ``node`` is the box of a
        debate map that the link stands for (``data-node``).
        """
        target = relative(from_page, entry_path(entry))
        key = entry.id
        meant = next((s for s in getattr(entry, "senses", []) if s.id == sense), None) if sense else None
        if meant is not None:
            target += f"#sense-{sense}"
            key += f"#{sense}"
        text = escape_text(shown if shown is not None else entry.name)
        extra = f' data-node="{node}"' if node else ""
        return f'[{text}]({target} "{short_title(entry)}"){{: data-kb-preview="{key}"{extra} }}'

    def markdown(self, text: str | None, from_page: str) -> str:
        return render_markdown(text or "", self, from_page)


def render_markdown(text: str, site: Site, from_page: str) -> str:
    """An entry's Markdown text as safe Markdown, with [[links]] turned into links with previews.

    The text is parsed (:mod:`.safe_markdown`) and written anew: entry text can only ever be
    text, emphasis, lists, quotes, code and http(s)/mailto links; raw HTML, attribute lists,
    images and headings show as text or plain emphasis. Each [[link]] is set aside first as a
    hole the parser leaves alone, and filled with the link this module makes.
    """
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    links: list[tuple[str, str, str]] = []
    # A text that links two senses of one term under the same word ("broader (search) than the
    # post's own (search)") names the sense on each of those links.
    senses: dict[tuple[str, str], set] = {}
    for m in find_links(text):
        entry = site.base.get(m.target)
        if entry is not None:
            senses.setdefault((m.target, (m.shown or entry.name).casefold()), set()).add(m.sense)

    def hole(mention) -> str:
        target = site.base.get(mention.target)
        shown = mention.shown or (target.name if target is not None else mention.ref)
        own = mention.shown if mention.shown else None
        if target is not None and mention.sense and len(senses.get((mention.target, shown.casefold()), ())) > 1:
            meant = next((x for x in getattr(target, "senses", []) if x.id == mention.sense), None)
            own = meant.name if meant is not None else own
        markdown = (site.link(from_page, target, own, mention.sense)
                    if target is not None else escape_text(shown))
        links.append((markdown, shown, text[mention.start:mention.end]))
        return _MARK.format(len(links) - 1)

    return to_markdown(replace_links(text, hole), links)
