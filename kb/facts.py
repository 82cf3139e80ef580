"""What the graph and the checks read of each entry, gathered in one pass over it.

The edges of the graph and a dozen rules all walk an entry's relation items, citations and texts
and find the [[links]] in them: :class:`Facts` holds the result, made once per entry, and
:class:`FactsOf` keeps them for one knowledge base (``base.facts``), made when first asked for,
so that checking a few entries reads only those.
"""
from __future__ import annotations

from .links import Mention, find_links
from .model import Citation, Entry, Link, split_ref

__all__ = ["Facts", "FactsOf"]


class Facts:
    """One entry's references, texts and [[links]], with the path and line of each."""

    __slots__ = ("links", "citations", "references", "field_refs", "texts", "text_links", "mentions", "quotes")

    def __init__(self, entry: Entry):
        self.links: list[tuple[str, Link, tuple]] = list(entry.links())  # (relation, link, path)
        self.citations: list[tuple[Citation, tuple]] = list(entry.citations())  # (citation, path)
        # (relation, ref, note, path) of every field reference, then of every citation ("cites")
        self.references = [(relation, link.to, link.note, path) for relation, link, path in self.links]
        self.references += [("cites", citation.source, None, (*path, "source")) for citation, path in self.citations]
        # (relation, target id, sense, path) of every field reference but a source's `cites`
        self.field_refs = [(relation, *split_ref(link.to), path) for relation, link, path in self.links
                           if relation != "cites"]
        self.texts: list[tuple[tuple, str]] = list(entry.texts())  # (path, text) of its Markdown texts
        self.text_links: list[tuple[Mention, int, tuple]] = []  # (mention, line, path of the text)
        for path, text in self.texts:
            if "[[" in text:
                self.text_links += [(m, entry.line_in_text(path, text, m.start), path) for m in find_links(text)]
        self.mentions: list[Mention] = [m for m, _line, _path in self.text_links]
        # (citation, path) of every citation that quotes: those of entry.citations(), then those
        # written out under a link's stated_in (entry.stated_citations())
        stated = [(link.stated_in, (*path, "stated_in")) for _r, link, path in self.links
                  if isinstance(link.stated_in, Citation)]
        self.quotes = [(c, path) for c, path in [*self.citations, *stated] if c.quote]


class FactsOf(dict):
    """``id(entry) -> Facts`` for the entries of one knowledge base (which keeps them alive)."""

    def of(self, entry: Entry) -> Facts:
        facts = self.get(id(entry))
        if facts is None:
            facts = self[id(entry)] = Facts(entry)
        return facts
