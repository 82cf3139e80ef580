"""The entry kinds as typed data, and the closed vocabulary of relations between them.

The pydantic models here validate entry files *and* generate the published JSON Schema,
so the format is written down once. Every entry carries its kind and where it came from.
"""
from __future__ import annotations

from pathlib import Path
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, ClassVar, Iterator, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.fields import FieldInfo

__all__ = [
    "SLUG", "REF", "MAX_ID_LENGTH", "Relation", "RELATIONS", "ARGUMENTATIVE", "Citation", "Link", "Sense", "Suppression",
    "Entry", "Term", "Claim", "Argument", "Prediction", "Evidence", "Source",
    "KINDS", "FOLDERS", "CLAIM_STATUSES", "PREDICTION_STATUSES", "CLAIM_STATUS_MEANINGS",
    "PREDICTION_STATUS_MEANINGS", "split_ref",
]

MAX_ID_LENGTH = 80
SLUG = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
REF = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:#[a-z][a-z0-9]*(?:-[a-z0-9]+)*)?$"

Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=MAX_ID_LENGTH)]
Ref = Annotated[str, StringConstraints(pattern=REF, max_length=2 * MAX_ID_LENGTH + 1)]
NOT_BLANK = r"\S"  # text must hold more than spaces: a required field of only spaces is empty
Text = Annotated[str, StringConstraints(min_length=1, pattern=NOT_BLANK)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=400, pattern=NOT_BLANK)]

# What each status means, for writers (docs/writing-entries.md) and readers (the claims index).
# A status records where a claim stands in the sources, not whether the editors agree with it.
CLAIM_STATUS_MEANINGS: dict[str, str] = {
    "proposed": "A source puts it forward (asserts, argues or hypothesizes it), and no source "
                "disputes it.",
    "speculative": "Its source marks it, or the whole text, as a conjecture, a guess or "
                   "speculation, and no source disputes it.",
    "contested": "A source disputes the claim itself: argues against it, states the contrary, or "
                 "gives evidence against it. Disputing only an inference drawn from the claim is "
                 "not enough, nor is a tension that the editors see but no source states.",
    "widely-accepted": "The sources on every side of the debate it belongs to accept it.",
    "refuted": "A source shows it false, and no source defends it against that.",
}
CLAIM_STATUSES = tuple(CLAIM_STATUS_MEANINGS)
PREDICTION_STATUS_MEANINGS: dict[str, str] = {
    "open": "Not yet tested, or the tests the sources report do not settle it.",
    "confirmed": "A source reports the observation that would confirm it.",
    "falsified": "A source reports the observation that would falsify it.",
}
PREDICTION_STATUSES = tuple(PREDICTION_STATUS_MEANINGS)


def split_ref(ref: str) -> tuple[str, str | None]:
    """``"search#selection"`` -> ``("search", "selection")``; ``"search"`` -> ``("search", None)``."""
    target, _, sense = ref.partition("#")
    return target, (sense or None)


@dataclass(frozen=True)
class Relation:
    """One relation of the vocabulary: its name, the name of its inverse, and what it joins."""

    name: str
    inverse: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    doc: str
    symmetric: bool = False


_ALL = ("term", "claim", "argument", "prediction", "evidence", "source")
_REASONS = ("argument", "evidence")
RELATIONS: dict[str, Relation] = {r.name: r for r in (
    Relation("broader", "narrower", ("term",), ("term",),
             "is a kind or a part of (is-a / part-of)"),
    Relation("related", "related", ("term",), ("term",), "is related to", symmetric=True),
    Relation("contrasts", "contrasts", ("term",), ("term",),
             "is contrasted with (the note says how they differ)", symmetric=True),
    Relation("premises", "premise_of", ("argument",), ("claim",), "starts from the premise"),
    Relation("conclusion", "concluded_by", ("argument",), ("claim",), "concludes"),
    Relation("supports", "supported_by", _REASONS, ("claim", "argument", "prediction"),
             "gives reason to accept"),
    Relation("attacks", "attacked_by", _REASONS, ("claim", "argument", "prediction"),
             "gives reason to reject (attacking an argument undercuts its inference)"),
    Relation("derived_from", "implies", ("prediction",), ("claim",), "follows from the claim"),
    Relation("bears_on", "evidenced_by", ("evidence",), ("claim", "prediction"),
             "is relevant to, without a clear direction"),
    Relation("uses", "used_by", ("claim", "argument", "prediction", "evidence"), ("term",),
             "depends on the term (in the sense named)"),
    Relation("requires", "required_by", ("term",), ("term",),
             "needs, to be understood, the prerequisite term"),
    Relation("cites", "cited_by", _ALL, ("source",), "draws on the source"),
    Relation("mentions", "mentioned_by", _ALL, _ALL, "links to it in its text"),
)}
# The relations that make up the argument map: each of their links records its provenance.
ARGUMENTATIVE = ("premises", "conclusion", "supports", "attacks", "bears_on", "derived_from")


def _listed(description: str | None = None) -> "FieldInfo":
    """A list field that defaults to an empty list, as the schema says (``"default": []``).

    ``Field([])`` would say the same, but pydantic deep-copies a mutable default for every entry
    that leaves the field out: a fifth of the time validating a base took. A factory makes a
    fresh list instead; the schema's default is written out by hand. (The factory is a function
    of ours rather than ``list``: pydantic inspects the factory's signature, which for a built-in
    type takes a hundred times longer, a few milliseconds of every command's start.)"""
    return Field(default_factory=_empty_list, description=description, json_schema_extra={"default": []})


def _empty_list() -> list:
    return []


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Citation(_Strict):
    """Where an entry comes from: a source, a locator inside it, and optionally a short quote."""

    source: Slug = Field(description="id of an entry in concepts/sources/")
    locator: Line = Field(description="section or paragraph, e.g. '§1.1, para. 3'")
    quote: Text | None = Field(None, description="a short verbatim quote, checked against the source's text")


class Link(_Strict):
    """A reference with a note and, for argumentative links, where it comes from.

    ``{to: behavioral-objective, note: ...}``; ``{to: some-claim, stated_in: source-id}`` (a
    source states the link) or ``{to: some-claim, editorial: why}`` (the editors draw it).
    """

    to: Ref = Field(description="an id, or id#sense")
    note: Text | None = Field(None, description="Markdown: how the two relate or differ")
    stated_in: Slug | Citation | None = Field(
        None, description="the source that states this link: a source id (the locator is then the "
                          "entry's own citation of that source) or a citation {source, locator, quote}")
    editorial: Text | None = Field(None, description="Markdown: why the editors draw this connection, "
                                                     "which no source states")

    @property
    def provenance(self) -> str | None:
        """``"stated"``, ``"editorial"`` or None (not declared)."""
        return "stated" if self.stated_in is not None else "editorial" if self.editorial else None

    @property
    def stated_source(self) -> str | None:
        """The id of the source that states the link, in either form."""
        return self.stated_in if isinstance(self.stated_in, str) else getattr(self.stated_in, "source", None)


RelItem = Union[Ref, Link]
Relations = list[RelItem]


class Sense(_Strict):
    """One sense of a term; refer to it as ``term-id#sense-id``."""

    id: Slug
    name: Line
    definition: Text
    sources: list[Citation] = _listed()


class Suppression(_Strict):
    """Silences one rule of ``kb check`` on this entry, saying why it does not apply here.

    ``{rule: KB602, reason: ...}``. The rule code and the reason are checked by kb check
    (KB800-KB803) rather than by the format, so that a mistake in them is a problem to fix, not an
    entry that fails to load.
    """

    rule: str = Field(description="the code of one rule, as `kb rules` lists them, e.g. KB602")
    reason: str | None = Field(None, description="why the rule does not apply to this entry (required)")


class Entry(_Strict):
    """What every entry has. Subclasses add the fields of their kind."""

    kind: ClassVar[str] = ""
    folder: ClassVar[str] = ""
    text_fields: ClassVar[tuple[str, ...]] = ()

    id: Slug = Field(description="lowercase slug, equal to the file name")
    summary: Text = Field(description="one plain sentence: tooltips, glossary, search results")
    sources: list[Citation] = _listed(description="where this entry comes from")
    suppress: list[Suppression] = _listed(description="rules of kb check silenced on this entry, each "
                                                        "with the reason: [{rule: KB602, reason: ...}]")

    # Where the entry came from (set by :meth:`locate`): the file as shown, the line of each field,
    # the first line of each block scalar, the resolved path. Kept in pydantic's dict of private
    # values, filled here rather than declared with PrivateAttr: pydantic makes each declared
    # private value through four calls per entry, which cost as much as validating the fields.
    def model_post_init(self, context, /) -> None:
        object.__setattr__(self, "__pydantic_private__", {"_file": "", "_lines": {}, "_blocks": {}, "_path": ""})

    @property
    def _lines(self) -> dict:
        return self.__pydantic_private__["_lines"]

    @property
    def _blocks(self) -> dict:
        return self.__pydantic_private__["_blocks"]

    @property
    def _path(self) -> str:
        return self.__pydantic_private__["_path"]

    # -- as a value in a notebook ---------------------------------------------------------
    # Entries are identified by their id: hashable, and ordered by id.
    def __hash__(self) -> int:
        return hash((type(self).kind, self.id))

    def __lt__(self, other):
        if not isinstance(other, Entry):
            return NotImplemented
        return (self.id, self.kind) < (other.id, other.kind)

    def __le__(self, other):
        return self == other or self < other if isinstance(other, Entry) else NotImplemented

    def __gt__(self, other):
        return other < self if isinstance(other, Entry) else NotImplemented

    def __ge__(self, other):
        return self == other or other < self if isinstance(other, Entry) else NotImplemented

    def __repr__(self) -> str:
        return f"<{self.kind} {self.id}>"

    def _repr_html_(self) -> str:
        import html
        status = getattr(self, "status", None)
        meta = html.escape(self.kind + (f", {status}" if status else ""))
        return (f"<div><b>{html.escape(self.name)}</b> <small>({meta}, <code>{html.escape(self.id)}</code>)</small>"
                f"<br>{html.escape(self.summary)}</div>")

    # -- where it came from --------------------------------------------------------------
    # (The private attributes are read from pydantic's own dict of them: going through its
    # __getattr__ cost more than the rest of building the graph.)
    @property
    def file(self) -> str:
        """Path of the YAML file the entry was loaded from."""
        return self.__pydantic_private__["_file"]

    @property
    def line(self) -> int:
        """Line of the ``id`` field (1 when unknown)."""
        return self.__pydantic_private__["_lines"].get(("id",), 1)

    def line_of(self, *path) -> int:
        """Line of a field, e.g. ``entry.line_of("premises", 1)``; falls back to the nearest parent."""
        lines = self.__pydantic_private__["_lines"]
        while path:
            line = lines.get(path)
            if line is not None:
                return line
            path = path[:-1]
        return lines.get(("id",), 1)

    def locate(self, file: str, lines: dict, blocks: dict | None = None, path: str = "") -> "Entry":
        object.__setattr__(self, "__pydantic_private__",
                           {"_file": file, "_lines": lines, "_blocks": blocks or {}, "_path": path or file})
        return self

    def line_in_text(self, path: tuple, text: str, offset: int) -> int:
        """Line of character ``offset`` of the text at ``path`` (exact for block scalars)."""
        first = self.__pydantic_private__["_blocks"].get(path)
        return self.line_of(*path) if first is None else first + text.count("\n", 0, offset)

    # -- what it says ------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The human name: ``name`` for terms, ``title`` for the other kinds."""
        return getattr(self, "title")

    @property
    def names(self) -> list[str]:
        """The name and every alias."""
        return [self.name, *self.__dict__.get("aliases", ())]

    def references(self) -> Iterator[tuple[str, str, str | None, tuple]]:
        """Every reference made in a field: ``(relation, target ref, note, path)``: the links,
        then the citations as ``cites``."""
        for relation, link, path in self.links():
            yield relation, link.to, link.note, path
        for citation, path in self.citations():
            yield "cites", citation.source, None, (*path, "source")

    def links(self) -> Iterator[tuple[str, Link, tuple]]:
        """Every item of every relation field as a :class:`Link` (plain references become
        ``Link(to=ref)``), with its relation and path."""
        for field in _relation_fields(type(self)):
            value = getattr(self, field)
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield field, (item if isinstance(item, Link) else _plain_link(item)), (field, i)
            elif value:
                yield field, (value if isinstance(value, Link) else _plain_link(value)), (field,)

    def stated_citations(self) -> Iterator[tuple[Citation, tuple]]:
        """The citations written out in full under the ``stated_in`` of links, with their path."""
        for _relation, link, path in self.links():
            if isinstance(link.stated_in, Citation):
                yield link.stated_in, (*path, "stated_in")

    def citations(self) -> Iterator[tuple[Citation, tuple]]:
        """Every citation, with its path (senses included)."""
        for i, citation in enumerate(self.sources):
            yield citation, ("sources", i)
        # Fields only some kinds have are read from the model's dict: getattr with a default
        # goes through pydantic's __getattr__, slow when the attribute is missing.
        for s, sense in enumerate(self.__dict__.get("senses", ())):
            for i, citation in enumerate(sense.sources):
                yield citation, ("senses", s, "sources", i)

    def texts(self) -> Iterator[tuple[tuple, str]]:
        """Every Markdown text of the entry, with its path."""
        for field in self.text_fields:
            value = getattr(self, field)
            if isinstance(value, str):
                yield (field,), value
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    yield (field, i), item
        for field in _relation_fields(type(self)):
            if isinstance(getattr(self, field), list):
                for i, item in enumerate(getattr(self, field)):
                    if isinstance(item, Link) and item.note:
                        yield (field, i, "note"), item.note
                    if isinstance(item, Link) and item.editorial:
                        yield (field, i, "editorial"), item.editorial
        for s, sense in enumerate(self.__dict__.get("senses", ())):
            yield ("senses", s, "definition"), sense.definition


class Term(Entry):
    """A word or idea of the field."""

    kind: ClassVar[str] = "term"
    folder: ClassVar[str] = "terms"
    text_fields: ClassVar[tuple[str, ...]] = ("definition", "misconceptions", "examples")

    name_: Line = Field(alias="name", description="the term as usually written")
    aliases: list[Line] = _listed(description="other names and spellings")
    definition: Text = Field(description="Markdown: a precise definition")
    senses: list[Sense] = _listed(description="distinct senses in which the sources use the word")
    broader: Relations = _listed(description="terms this one is a kind or part of")
    related: Relations = _listed(description="related terms")
    contrasts: Relations = _listed(description="terms it is contrasted with; each needs a note")
    requires: Relations = _listed(description="terms a reader needs to understand first (prerequisites)")
    misconceptions: list[Text] = _listed(description="Markdown: what it is often confused with")
    examples: list[Text] = _listed(description="Markdown: examples the sources use")

    model_config = ConfigDict(populate_by_name=False)

    @property
    def name(self) -> str:
        return self.name_


class Claim(Entry):
    """A thesis someone holds."""

    kind: ClassVar[str] = "claim"
    folder: ClassVar[str] = "claims"
    text_fields: ClassVar[tuple[str, ...]] = ("text",)

    title: Line = Field(description="the thesis as a short sentence")
    text: Text | None = Field(None, description="Markdown elaboration")
    status: Literal[CLAIM_STATUSES] = Field(description="where the claim stands in the discussion")  # type: ignore[valid-type]
    held_by: list[Line] = _listed(description="who holds it, where the sources say (people named in the text)")
    advanced_by: list[Slug] = _listed(description="ids of the sources that advance or hold it "
                                                    "(not those that merely quote or report it)")
    uses: Relations = _listed(description="terms (or term#sense) the claim depends on")


class Argument(Entry):
    """A line of reasoning: premises -> conclusion."""

    kind: ClassVar[str] = "argument"
    folder: ClassVar[str] = "arguments"
    text_fields: ClassVar[tuple[str, ...]] = ("text",)

    title: Line
    text: Text | None = Field(None, description="Markdown: the reasoning")
    advanced_by: list[Slug] = _listed(description="ids of the sources that advance the argument "
                                                    "(not those that merely quote or report it)")
    premises: Relations = _listed(description="claims the argument starts from")
    conclusion: RelItem | None = Field(None, description="the claim it concludes")
    supports: Relations = _listed(description="further claims or arguments it supports")
    attacks: Relations = _listed(description="claims it attacks, or arguments it undercuts")
    uses: Relations = _listed(description="terms (or term#sense) the argument depends on")


class Prediction(Entry):
    """A falsifiable prediction derived from claims."""

    kind: ClassVar[str] = "prediction"
    folder: ClassVar[str] = "predictions"
    text_fields: ClassVar[tuple[str, ...]] = ("text", "confirmed_if", "falsified_if")

    title: Line
    text: Text | None = None
    derived_from: Relations = _listed(description="the claims that imply it")
    status: Literal[PREDICTION_STATUSES] = Field(description="open, confirmed or falsified")  # type: ignore[valid-type]
    confirmed_if: Text | None = Field(None, description="Markdown: the observation that would confirm it")
    falsified_if: Text | None = Field(None, description="Markdown: the observation that would falsify it")
    uses: Relations = _listed()


class Evidence(Entry):
    """An observation the sources cite."""

    kind: ClassVar[str] = "evidence"
    folder: ClassVar[str] = "evidence"
    text_fields: ClassVar[tuple[str, ...]] = ("text",)

    title: Line
    text: Text | None = Field(None, description="Markdown: the observation")
    supports: Relations = _listed(description="claims, arguments or predictions it supports")
    attacks: Relations = _listed(description="claims, arguments or predictions it counts against")
    bears_on: Relations = _listed(description="claims or predictions it is relevant to, direction unclear")
    uses: Relations = _listed()


class Source(Entry):
    """A text the entries are drawn from."""

    kind: ClassVar[str] = "source"
    folder: ClassVar[str] = "sources"
    text_fields: ClassVar[tuple[str, ...]] = ("note",)

    title: Line = Field(description="the title as the text gives it")
    authors: list[Line] = _listed(description="only where the text or a checkable reference supports it")
    date: Line | None = Field(None, description="quoted: '2019' or '2019-06-01'; only where supported")
    url: Line | None = Field(None, description="only where supported")
    text: Line | None = Field(None, description="path, relative to this file, of a local plain-text copy")
    cites: Relations = _listed(description="ids of other sources this one cites")
    note: Text | None = Field(None, description="Markdown: provenance, and what is unverified")

    @property
    def text_path(self) -> Path | None:
        """Where the local copy of the text is, resolved against this entry's file."""
        path = self.__pydantic_private__["_path"]
        return Path(path).parent / self.text if self.text and path else None


KINDS: dict[str, type[Entry]] = {m.kind: m for m in (Term, Claim, Argument, Prediction, Evidence, Source)}
_RELATION_FIELDS: dict[type, tuple[str, ...]] = {}


def _relation_fields(model: type[Entry]) -> tuple[str, ...]:
    """The fields of a kind that are relations, in their order (computed once per class)."""
    fields = _RELATION_FIELDS.get(model)
    if fields is None:
        fields = _RELATION_FIELDS[model] = tuple(f for f in model.model_fields if f in RELATIONS)
    return fields


@lru_cache(maxsize=65536)
def _plain_link(ref: str) -> Link:
    """``Link(to=ref)`` for a plain reference; links are immutable, so one serves every entry."""
    return Link(to=ref)
FOLDERS: dict[str, type[Entry]] = {m.folder: m for m in KINDS.values()}

