"""What the graph and the checks read of each entry, gathered in one pass over it.

The edges of the graph and a dozen rules all walk an entry's relation items, citations and texts
and find the [[links]] in them: :class:`Facts` holds the result, made once per entry, and
:class:`FactsOf` keeps them for one knowledge base (``base.facts``), made when first asked for,
so that checking a few entries reads only those.
"""
from __future__ import annotations

from .links import Mention, find_links
from .model import Citation, Entry, Link, _plain_link, _relation_fields

__all__ = ["Facts", "FactsOf"]


class Facts:
    """One entry's references, texts and [[links]], with the path and line of each."""

    __slots__ = ("links", "citations", "references", "field_refs", "texts", "text_links", "mentions", "quotes")

    def __init__(self, entry: Entry):
        # One pass over the relation fields, read from the model's dict; the same lists, in the same
        # order, as entry.links(), entry.citations() and entry.texts() give.
        fields = entry.__dict__
        links: list[tuple[str, Link, tuple]] = []  # (relation, link, path)
        field_refs = []  # (relation, target id, sense, path) of every field reference but a source's `cites`
        notes = []  # (path, text) of the notes and editorial texts of relation items
        stated = []  # (citation, path) of the citations written out under a link's stated_in
        for relation in _relation_fields(type(entry)):
            value = fields[relation]
            if isinstance(value, list):
                items = [((relation, i), item) for i, item in enumerate(value)]
            else:
                items = [((relation,), value)] if value else []
            for path, item in items:
                link = item if isinstance(item, Link) else _plain_link(item)
                links.append((relation, link, path))
                if relation != "cites":
                    target, _, sense = link.to.partition("#")
                    field_refs.append((relation, target, sense or None, path))
                if link is item:
                    if len(path) == 2:  # (texts() reads the notes of list items only)
                        if item.note:
                            notes.append(((*path, "note"), item.note))
                        if item.editorial:
                            notes.append(((*path, "editorial"), item.editorial))
                    if isinstance(item.stated_in, Citation):
                        stated.append((item.stated_in, (*path, "stated_in")))
        self.links = links
        self.field_refs = field_refs
        self.citations: list[tuple[Citation, tuple]] = list(entry.citations())  # (citation, path)
        # (relation, ref, note, path) of every field reference, then of every citation ("cites")
        self.references = [(relation, link.to, link.note, path) for relation, link, path in links]
        self.references += [("cites", citation.source, None, (*path, "source")) for citation, path in self.citations]
        texts = []  # (path, text) of its Markdown texts
        for field in entry.text_fields:
            value = fields[field]
            if isinstance(value, str):
                texts.append(((field,), value))
            elif isinstance(value, list):
                texts += [((field, i), item) for i, item in enumerate(value)]
        texts += notes
        texts += [(("senses", s, "definition"), sense.definition) for s, sense in enumerate(fields.get("senses", ()))]
        self.texts: list[tuple[tuple, str]] = texts
        self.text_links: list[tuple[Mention, int, tuple]] = []  # (mention, line, path of the text)
        for path, text in texts:
            if "[[" in text:
                self.text_links += [(m, entry.line_in_text(path, text, m.start), path) for m in find_links(text)]
        self.mentions: list[Mention] = [m for m, _line, _path in self.text_links]
        # (citation, path) of every citation that quotes: those of entry.citations(), then those
        # written out under a link's stated_in (entry.stated_citations())
        self.quotes = [(c, path) for c, path in [*self.citations, *stated] if c.quote]


class FactsOf(dict):
    """``id(entry) -> Facts`` for the entries of one knowledge base (which keeps them alive)."""

    def of(self, entry: Entry) -> Facts:
        facts = self.get(id(entry))
        if facts is None:
            facts = self[id(entry)] = Facts(entry)
        return facts
