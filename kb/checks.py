"""Consistency rules: one pure function per rule, each yielding problems, never printing.

The rules are registered in ``CHECKS`` by their code; their documentation lives in
:data:`kb.problems.RULES`, from which the site's rules page is generated.

Each check is called as ``function(base, entries)``. Most report on one entry at a time, from that
entry and what it refers to: they look at ``entries`` only, so that ``kb check FILES`` can check the
entries of a few files against the whole base. The checks registered with ``whole=True`` compare
entries with each other (unique ids and names, cycles) and always look at every entry.
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
import weakref
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterator

from pydantic import BaseModel

from .graph import cited_sources
from .links import find_links, stray_brackets
from .model import ARGUMENTATIVE, RELATIONS, Argument, Entry, split_ref
from .names import name_key
from .problems import BIDI_CONTROLS, LIMITS, Problem, describe, is_invisible, problem
from .readable import refusal
from .similar import CloseMatches

__all__ = ["CHECKS", "run_checks", "normalize_quote"]

CHECKS: dict[str, Callable] = {}
WHOLE: set[str] = set()  # the checks that must see every entry, whatever entries are asked about
# index would collide with a kind's index page; the others are device names on Windows.
RESERVED_IDS = {"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def check(code: str, whole: bool = False):
    def register(function):
        CHECKS[code] = function
        if whole:
            WHOLE.add(code)
        return function
    return register


def run_checks(base, entries=None) -> list[Problem]:
    """The problems every rule finds; ``entries`` (default: all) limits the checks that report on
    one entry at a time to those entries. The problems of an entry do not depend on which other
    entries are checked with it."""
    everything = base.all_entries
    scope = everything if entries is None else list(entries)
    return [p for code, function in CHECKS.items()
            for p in function(base, everything if code in WHOLE else scope)]


def _of(base, entries, kind: str | None = None) -> list[Entry]:
    """The entries of a kind among ``entries``, without the second of two entries sharing an id
    (as :meth:`KnowledgeBase.entries` leaves it out)."""
    return [e for e in entries if (kind is None or e.kind == kind) and base.by_id.get(e.id) is e]


class _Scan:
    """What several rules read, kept for the base: the entries' facts (``base.facts``, which the
    graph's edges were made from too), and what only the checks need of them."""

    def __init__(self, base):
        # (no reference to the base itself: the scan is the value of a weak dictionary keyed by it)
        self.of = base.facts.of  # entry -> its Facts
        self._everything = base.all_entries  # (a list the base holds: no reference to the base)
        self._strings: dict[int, list] = {}
        self._serialized: dict[int, tuple[bool, int]] = {}
        self._edges_in = None
        self._flat: dict[str, list] = {}

    def flat(self, what: str, entries: list[Entry], items) -> list:
        """``items(entry, facts)`` of every entry, as one list: kept for the whole base, so that each
        rule reading it walks one list rather than every entry's facts again (at 10,000 entries the
        walk over the entries, their facts and their lists cost more than the rules' own tests)."""
        if entries is self._everything:
            found = self._flat.get(what)
            if found is None:
                found = self._flat[what] = [item for entry in entries for item in items(entry, self.of(entry))]
            return found
        return [item for entry in entries for item in items(entry, self.of(entry))]

    def strings(self, entry: Entry) -> list[tuple[tuple, str]]:
        """Every text value of ``entry`` with its path (see :func:`_strings`)."""
        strings = self._strings.get(id(entry))
        if strings is None:
            strings = self._strings[id(entry)] = list(_strings(entry))
        return strings

    def serialized(self, entry: Entry) -> tuple[bool, int]:
        """(whether every text value of ``entry`` is plainly seen, how many ``[[`` they hold), read
        from the entry as JSON (pydantic writes it in compiled code, as fast as one pass over the
        text): what KB210 and KB310 need to know before walking the fields one by one.

        Plainly seen: the JSON is printable (a hidden character is never printable, see
        :func:`_hidden`), and holds no escape other than ``\\n``, ``\\"`` and ``\\\\`` (the JSON
        writer escapes the other control characters)."""
        found = self._serialized.get(id(entry))
        if found is None:
            text = entry.__pydantic_serializer__.to_json(entry).decode()
            found = self._serialized[id(entry)] = (text.isprintable() and _ESCAPED.search(text) is None,
                                                   text.count("[["))
        return found

    def edges_in(self, base) -> dict[str, set[str]]:
        """Target id -> the relations of the graph's edges into it (as base.graph has them)."""
        if self._edges_in is None:
            self._edges_in = defaultdict(set)
            for _source, target, data in base.edges:
                self._edges_in[target].add(data["relation"])
        return self._edges_in


_SCANS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _scan(base) -> _Scan:
    scan = _SCANS.get(base)
    if scan is None:
        scan = _SCANS[base] = _Scan(base)
    return scan


def _field_refs(base, entries, relations=None) -> list[tuple[Entry, str, str, str | None, tuple]]:
    """(entry, relation, target id, sense, path) for every reference made in a field."""
    refs = _scan(base).flat("field_refs", entries, lambda entry, facts: [(entry, *ref) for ref in facts.field_refs])
    return refs if relations is None else [ref for ref in refs if ref[1] in relations]


def _text_links(base, entries) -> list[tuple[Entry, object, int]]:
    """(entry, link, line) for every [[link]] in every text."""
    return _scan(base).flat("text_links", entries,
                            lambda entry, facts: [(entry, link, line) for link, line, _path in facts.text_links])


_ID_INDEX: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _suggest(base, ident: str) -> str:
    """Did you mean ...? Through an index of the ids built once per base: cheap per problem."""
    if base not in _ID_INDEX:
        _ID_INDEX[base] = CloseMatches(base.by_id)
    close = _ID_INDEX[base].close(ident)
    return f"did you mean {' or '.join(close)}?" if close else "create the entry, or fix the id"


# --- ids and names -------------------------------------------------------------------------------
@check("KB206")
def id_matches_file_name(base, entries):
    for entry in entries:
        stem = _stem(entry.file)
        if stem != entry.id:
            yield problem("KB206", entry.file, entry.line, f"the id is '{entry.id}' but the file is '{stem}.yaml'.",
                          f"rename the file to {entry.id}.yaml or set `id: {stem}`")


@check("KB207", whole=True)
def unique_ids(base, _entries):
    first: dict[str, Entry] = {}
    for entry in base.all_entries:
        if entry.id in first and first[entry.id] is not entry:
            other = first[entry.id]
            yield problem("KB207", entry.file, entry.line,
                          f"the id '{entry.id}' is already used by {other.file}:{other.line}.", "rename one of them",
                          about=(entry.id,))
        first.setdefault(entry.id, entry)


@check("KB208", whole=True)
def unique_names(base, _entries):
    owner: dict[str, tuple[Entry, str]] = {}
    for entry in base.entries():
        seen_here = set()
        for name in entry.names:
            key = name_key(name)
            if not key or key in seen_here:
                continue
            seen_here.add(key)
            if key in owner and owner[key][0] is not entry:
                other, other_name = owner[key]
                yield problem("KB208", entry.file, entry.line,
                              f"the name or alias '{name}' clashes with '{other_name}' of {other.id} ({other.file}).",
                              "merge the entries, or rename one and explain the difference in `contrasts`",
                              about=(other.id,))
            else:
                owner.setdefault(key, (entry, name))


@check("KB209")
def reserved_ids(base, entries):
    for entry in entries:
        if entry.id in RESERVED_IDS:
            yield problem("KB209", entry.file, entry.line, f"the id '{entry.id}' is reserved.",
                          f"choose another id, e.g. '{entry.id}-{entry.kind}'")


# --- the text of fields ------------------------------------------------------------------------------
# Fields that name or locate something: a reader must see every character of them.
_NAME_FIELDS = {"name", "aliases", "title", "held_by", "authors", "locator", "source", "to", "date", "url"}


def _strings(entry: Entry) -> Iterator[tuple[tuple, str]]:
    """Every text value of an entry with its path (as in the file: ``name``, not ``name_``),
    without recursion. The same values as ``entry.model_dump(by_alias=True, exclude_none=True)``
    holds, read from the models' own dicts."""
    stack = [((), entry)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, BaseModel):
            fields = type(value).model_fields
            stack += [((*path, fields[k].alias or k), v) for k, v in value.__dict__.items() if v is not None]
        elif isinstance(value, list):
            stack += [((*path, i), v) for i, v in enumerate(value)]


def _stem(file: str) -> str:
    """``Path(file).stem``, without making a Path for the usual ``....yaml``."""
    name = os.path.basename(file)
    return name[:-5] if name.endswith(".yaml") and len(name) > 5 and not file.endswith(os.sep) else Path(file).stem


def _field_name(path: tuple) -> str:
    return next((str(p) for p in reversed(path) if isinstance(p, str)), "")


def _hidden(char: str, naming: bool) -> bool:
    """Whether KB210 reports ``char``: anywhere a bidirectional control or a control character
    other than a line break or tab; in a field that names something, anything unseen."""
    return char in BIDI_CONTROLS or (unicodedata.category(char) == "Cc" and char not in "\n\t") \
        or (naming and is_invisible(char, keep="\u00a0\n"))


# Characters found not hidden, in fields that name something (True) and in the others: most
# texts are made of a few dozen distinct characters, so each is classified once, not once per text.
_SEEN_FINE: dict[bool, set[str]] = {True: set(), False: set()}


# A JSON escape that may stand for a hidden character: any but \n, \" and \\
_ESCAPED = re.compile(r'\\[^n"\\]')


@check("KB210")
def no_invisible_characters(base, entries):
    scan = _scan(base)
    for entry in entries:
        if scan.serialized(entry)[0]:
            continue
        # ASCII with nothing but printable characters and line breaks holds nothing hidden
        odd = [(path, text) for path, text in scan.strings(entry)
               if not (text.isascii() and (text.isprintable() or text.replace("\n", "").isprintable()))]
        for path, text in sorted(odd, key=lambda item: str(item[0])):
            naming = _field_name(path) in _NAME_FIELDS or (len(path) == 3 and path[0] == "senses" and path[2] == "name")
            fine = _SEEN_FINE[naming]
            if fine.issuperset(text):
                continue
            for char in dict.fromkeys(text):
                if char in fine:
                    continue
                if not _hidden(char, naming):
                    fine.add(char)
                    continue
                field = ".".join(map(str, path))
                what = "reorders the text a reader sees (bidirectional control)" if char in BIDI_CONTROLS \
                    else "cannot be seen"
                yield problem("KB210", entry.file, entry.line_of(*path),
                              f"{field} holds {describe(char)}, which {what}: {text[:60]!r}.",
                              "delete the character (retype the text if you cannot see it)")
                break


@check("KB211")
def unique_sense_ids(base, entries):
    for entry in _of(base, entries, "term"):
        seen: dict[str, int] = {}
        for i, sense in enumerate(entry.senses):
            if sense.id in seen:
                yield problem("KB211", entry.file, entry.line_of("senses", i, "id"),
                              f"the sense id '{sense.id}' is used twice (first as sense {seen[sense.id] + 1}).",
                              "give each sense its own id, or merge the two senses")
            else:
                seen[sense.id] = i


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@check("KB212")
def dates_are_dates(base, entries):
    import datetime

    for source in _of(base, entries, "source"):
        if source.date is None:
            continue
        match = _DATE.match(source.date)
        try:
            if match is None:
                raise ValueError
            year, month, day = (int(g) if g else 1 for g in match.groups())
            datetime.date(year, month, day)
        except ValueError:
            yield problem("KB212", source.file, source.line_of("date"), f"the date {source.date!r} is not a date.",
                          'write "YYYY", "YYYY-MM" or "YYYY-MM-DD", e.g. "2019-06-05"')


@check("KB213")
def urls_are_urls(base, entries):
    from urllib.parse import urlsplit

    for source in _of(base, entries, "source"):
        if source.url is None:
            continue
        try:
            parts = urlsplit(source.url)
            good = parts.scheme in ("http", "https") and "." in parts.hostname and not any(c.isspace() for c in source.url)
        except (ValueError, TypeError):
            good = False
        if not good:
            yield problem("KB213", source.file, source.line_of("url"), f"the url {source.url!r} is not a web address.",
                          "give the full address, starting with https://")


@check("KB214", whole=True)
def knowledge_base_has_entries(base, _entries):
    if not base.all_entries and base.root is not None and Path(base.root).is_dir() and not base.load_problems:
        yield problem("KB214", str(base.root), 0, "the folder holds no entries.",
                      "check the path (it should hold terms/, claims/, ...), or start one with kb new")


# --- references ------------------------------------------------------------------------------------
@check("KB301")
def dangling_references(base, entries):
    for entry, relation, target, _sense, path in _field_refs(base, entries):
        if target not in base.by_id and target not in base.broken_ids:
            yield problem("KB301", entry.file, entry.line_of(*path),
                          f"{relation} refers to '{target}', which no entry has.", _suggest(base, target),
                          about=(target,))


@check("KB302")
def dangling_links(base, entries):
    for entry, link, line in _text_links(base, entries):
        if link.target not in base.by_id and link.target not in base.broken_ids:
            yield problem("KB302", entry.file, line, f"the link [[{link.ref}]] refers to '{link.target}', "
                          "which no entry has.", _suggest(base, link.target or "?"), about=(link.target,))


@check("KB309")
def links_are_well_formed(base, entries):
    scan = _scan(base)
    for entry in entries:
        facts = scan.of(entry)
        for path, text in facts.texts:
            if "[[" not in text:
                continue
            for offset in stray_brackets(text, [m for m, _line, at in facts.text_links if at == path]):
                snippet = " ".join(text[offset:offset + 40].split())
                yield problem("KB309", entry.file, entry.line_in_text(path, text, offset),
                              f"'{snippet}' opens no link.", "close it as [[id]] or [[id|shown text]], id on one line")


@check("KB310")
def links_only_where_they_render(base, entries):
    scan = _scan(base)
    for entry in entries:
        # every [[ of the entry in a Markdown text: none in a plain field
        if scan.serialized(entry)[1] == sum(text.count("[[") for _path, text in scan.of(entry).texts):
            continue
        markdown = None
        for path, text in scan.strings(entry):
            if "[[" not in text:
                continue
            if markdown is None:
                markdown = {path for path, _ in scan.of(entry).texts}
            if path not in markdown and find_links(text):
                field = ".".join(map(str, path))
                yield problem("KB310", entry.file, entry.line_of(*path),
                              f"{field} holds a [[link]], but this field is shown as plain text, so the reader would see the brackets.",
                              "write the name without brackets here, and link it from the text, definition or a note")


@check("KB303")
def known_senses(base, entries):
    refs = [(e, f"{t}#{s}", t, s, e.line_of(*p)) for e, _r, t, s, p in _field_refs(base, entries) if s]
    refs += [(e, link.ref, link.target, link.sense, line) for e, link, line in _text_links(base, entries)
             if link.sense]
    for entry, ref, target, sense, line in refs:
        other = base.by_id.get(target)
        if other is None:
            continue
        senses = [s.id for s in getattr(other, "senses", [])]
        if sense not in senses:
            listed = f"its senses are: {', '.join(senses)}" if senses else f"{target} defines no senses"
            yield problem("KB303", entry.file, line, f"'{ref}' names a sense that {target} does not define.",
                          listed, about=(target,))


@check("KB304")
def target_kinds(base, entries):
    for entry, relation, target, _sense, path in _field_refs(base, entries):
        other = base.by_id.get(target)
        allowed = RELATIONS[relation].targets
        if other is not None and other.kind not in allowed:
            yield problem("KB304", entry.file, entry.line_of(*path),
                          f"{relation} points at the {other.kind} '{target}', but takes only: {', '.join(allowed)}.",
                          "point it at an entry of the right kind, or use another relation", about=(target,))


@check("KB305")
def no_self_reference(base, entries):
    for entry, relation, ref, path in _references(base, entries):
        target, _sense = split_ref(ref)
        if target != entry.id or path[0] in ("sources", "senses"):  # a source may quote its own text
            continue
        yield problem("KB305", entry.file, entry.line_of(*path), f"{relation} refers to the entry itself.",
                          "remove the reference")


def _cycles(edges: list[tuple[str, str]]) -> Iterator[list]:
    """One example cycle per strongly connected component of the graph of ``edges`` that has
    one (linear time). The standard library's topological sort tells whether there is any;
    networkx (slow to import) describes them only then."""
    from graphlib import CycleError, TopologicalSorter

    sorter = TopologicalSorter()
    for source, target in edges:
        sorter.add(target, source)
    try:
        sorter.prepare()
        return
    except CycleError:
        pass
    import networkx as nx

    graph = nx.DiGraph(edges)
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1 and not graph.has_edge(*component, *component):
            continue
        yield [u for u, _v in nx.find_cycle(graph.subgraph(component), source=min(component))]


@check("KB306", whole=True)
def broader_is_acyclic(base, entries):
    edges = [(e.id, t) for e, _r, t, _s, _p in _field_refs(base, entries, {"broader"}) if t in base.by_id]
    for cycle in _cycles(edges):
        first = base.by_id[cycle[0]]
        yield problem("KB306", first.file, first.line_of("broader"),
                      "broader relations form a cycle: " + " -> ".join([*cycle, cycle[0]]) + ".",
                      "remove one broader link of the cycle", about=cycle)


@check("KB307")
def contrasts_have_notes(base, entries):
    for entry in _of(base, entries, "term"):
        for i, item in enumerate(entry.contrasts):
            if isinstance(item, str) or not item.note:
                target = item if isinstance(item, str) else item.to
                yield problem("KB307", entry.file, entry.line_of("contrasts", i),
                              f"the contrast with '{target}' has no note.",
                              f"write it as `- to: {target}` with `note:` saying how they differ")


@check("KB308")
def related_is_not_redundant(base, entries):
    for entry in _of(base, entries, "term"):
        specific = {_ref(i) for i in [*entry.broader, *entry.contrasts]}
        for i, target in enumerate(_ref(i) for i in entry.related):
            if target in specific:
                yield problem("KB308", entry.file, entry.line_of("related", i),
                              f"'{target}' is listed under related and also under broader or contrasts.",
                              "remove it from related")


# --- reasoning ---------------------------------------------------------------------------------------
def _ref(item) -> str:
    return item if isinstance(item, str) else item.to


def _ids(items) -> list[str]:
    return [split_ref(_ref(i))[0] for i in items]


@check("KB401")
def arguments_have_premises(base, entries):
    for entry in _of(base, entries, "argument"):
        if not entry.premises:
            yield problem("KB401", entry.file, entry.line, f"the argument '{entry.id}' has no premises.",
                          "list the claims it starts from under `premises:`")


@check("KB402")
def arguments_have_conclusion(base, entries):
    for entry in _of(base, entries, "argument"):
        if not entry.conclusion:
            yield problem("KB402", entry.file, entry.line, f"the argument '{entry.id}' has no conclusion.",
                          "name the claim it concludes under `conclusion:`")


@check("KB403")
def no_support_and_attack(base, entries):
    for entry in entries:
        if entry.kind in ("argument", "evidence"):
            both = set(_ids(entry.supports)) & set(_ids(entry.attacks))
            if isinstance(entry, Argument) and entry.conclusion:
                both |= set(_ids([entry.conclusion])) & set(_ids(entry.attacks))
            for target in sorted(both):
                yield problem("KB403", entry.file, entry.line_of("attacks"),
                              f"'{entry.id}' both supports and attacks '{target}'.",
                              "keep the relation that is meant, or split the entry in two")


@check("KB404", whole=True)
def no_circular_support(base, entries):
    edges = []
    for entry in _of(base, entries, "argument"):
        for premise in _ids(entry.premises):
            edges.append((premise, entry.id))
        for target in _ids([entry.conclusion] if entry.conclusion else []) + _ids(entry.supports):
            edges.append((entry.id, target))
    for cycle in _cycles(edges):
        claims = [n for n in cycle if n in base.by_id and base.by_id[n].kind == "claim"] or cycle
        first = base.by_id.get(min(claims)) or base.by_id[cycle[0]]
        yield problem("KB404", first.file, first.line,
                      "circular support: " + " -> ".join([*cycle, cycle[0]]) + ".",
                      "a claim cannot be a premise of an argument for itself; remove the link that closes the circle",
                      about=cycle)


@check("KB405")
def predictions_have_claims(base, entries):
    for entry in _of(base, entries, "prediction"):
        if not entry.derived_from:
            yield problem("KB405", entry.file, entry.line, f"the prediction '{entry.id}' is derived from no claim.",
                          "list the claims that imply it under `derived_from:`")


def _senses_used(entry: Entry, mentions) -> dict[str, set[str]]:
    """Senses an entry relies on, per term: those declared in `uses`, else those its links
    (``mentions``, the [[links]] of its texts) name."""
    declared, linked = defaultdict(set), defaultdict(set)
    for item in entry.__dict__.get("uses", ()):
        target, sense = split_ref(item if isinstance(item, str) else item.to)
        if sense:
            declared[target].add(sense)
    for link in mentions:
        if link.sense:
            linked[link.target].add(link.sense)
    return {term: declared.get(term) or linked[term] for term in {*declared, *linked}}


@check("KB406")
def no_equivocation(base, entries):
    scan = _scan(base)
    for entry in _of(base, entries, "argument"):
        conclusion = base.by_id.get(_ids([entry.conclusion])[0]) if entry.conclusion else None
        if conclusion is None:
            continue
        concluded = _senses_used(conclusion, scan.of(conclusion).mentions)
        for premise in (base.by_id[p] for p in _ids(entry.premises) if p in base.by_id):
            for term, senses in _senses_used(premise, scan.of(premise).mentions).items():
                if term in concluded and not senses & concluded[term]:
                    yield problem("KB406", entry.file, entry.line_of("premises"),
                                  f"the premise '{premise.id}' uses {term} in the sense {', '.join(sorted(senses))} "
                                  f"but the conclusion '{conclusion.id}' in the sense {', '.join(sorted(concluded[term]))}.",
                                  "check the argument does not equivocate; if the shift is intended, say so in its text",
                                  about=(premise.id, conclusion.id))


# --- sources ---------------------------------------------------------------------------------------
@check("KB501")
def sources_defined(base, entries):
    for entry, relation, ref, path in _references(base, entries):
        if relation != "cites":
            continue
        target = split_ref(ref)[0]
        other = base.by_id.get(target)
        if other is None and target not in base.broken_ids:
            yield problem("KB501", entry.file, entry.line_of(*path), f"the source '{target}' is not defined.",
                          _suggest(base, target).replace("create the entry", f"create concepts/sources/{target}.yaml"),
                          about=(target,))
        elif other is not None and other.kind != "source":
            yield problem("KB501", entry.file, entry.line_of(*path),
                          f"'{target}' is a {other.kind}, not a source.", "cite an entry of concepts/sources/",
                          about=(target,))


_QUOTE_MAP = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                            "‟": '"', "″": '"', "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-",
                            "−": "-", "\u00a0": " "})
# No leading \s*: tried at every space of a long run of spaces, it made the check quadratic.
# The fragments are stripped by normalize_quote anyway.
_WORD = re.compile(r"\w+")
_ELISION = re.compile(r"\[ *\. *\. *\. *\]|\[…\]|\.\.\.|…")


# ASCII's white space as str.split() sees it (\x1c-\x1f included), each made a plain space
_ASCII_SPACES = str.maketrans({c: " " for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"})


def normalize_quote(text: str) -> str:
    """The form quotes and texts are compared in: NFKC, plain quotes and dashes, single spaces."""
    if text.isascii():
        # NFKC and _QUOTE_MAP leave ASCII as it is, and " ".join(text.split()) is this: made of
        # thousands of words, a source's text took a tenth of a millisecond to split and join
        text = text.translate(_ASCII_SPACES)
        while "  " in text:
            text = text.replace("  ", " ")
        text = text.strip(" ")
    else:
        text = " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTE_MAP).split())
    # "a - b" in a quote matches "a—b" in the text: a dash takes the spaces either side of it
    # (str.replace rather than a regular expression: ten times faster on the long texts of sources)
    return text.replace(" -", "-").replace("- ", "-")


def _quote_found(quote: str, text: str) -> bool:
    position = 0
    for fragment in _ELISION.split(quote):
        fragment = normalize_quote(fragment)
        if not fragment:
            continue
        position = text.find(fragment, position)
        if position < 0:
            return False
        position += len(fragment)
    return True


def read_source_text(path: Path) -> str:
    """The text of a source's local copy; raises ValueError saying why it cannot be used.

    Only a regular file, at most LIMITS["max_source_bytes"], in UTF-8: a device (/dev/zero), a FIFO
    or a huge file would hang or exhaust the check. Opening does not block on a FIFO.
    """
    limit = LIMITS["max_source_bytes"]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileNotFoundError(path) from None
    except (OSError, ValueError) as err:  # ValueError: a NUL in the path
        raise ValueError(f"it cannot be opened ({getattr(err, 'strerror', None) or err})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("it is not a regular file")
        data = os.read(fd, limit + 1)
        while len(data) <= limit and (more := os.read(fd, limit + 1 - len(data))):
            data += more
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ValueError(f"it is larger than {limit} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"it is not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})") from None


def source_text_file(base, source) -> tuple[Path | None, str | None]:
    """``(the file of a source's local text, None)``; ``(None, why it is not read)`` when it
    leads outside ``base.readable`` (:mod:`kb.readable`) or is absolute; ``(None, None)`` with no text."""
    path = source.text_path
    if path is None:
        return None, None
    if Path(source.text).is_absolute():
        return None, "it is an absolute path, and `text:` is relative to the entry's file"
    try:
        why = refusal(path, base.readable)
    except ValueError:  # a NUL in the path: no file can have it, and reading it says so (KB504)
        return path, None
    except OSError as err:
        why = f"it cannot be resolved ({err.strerror or err})"
    return (None, why) if why else (path, None)


class _SourceTexts(dict):
    """Source id -> the normalized text of its local copy, or None when it has none; read when first
    asked for, so checking a few entries reads only the texts they quote. ``unusable`` says why a
    copy that exists cannot be used."""

    def __init__(self, base):
        super().__init__()
        self.base, self.unusable, self.outside = base, {}, {}

    def __missing__(self, ident: str) -> str | None:
        source, text = self.base.by_id[ident], None
        path, refused = source_text_file(self.base, source)
        if refused:
            self.outside[ident] = refused
        elif path is not None:
            try:
                text = normalize_quote(read_source_text(path))
            except FileNotFoundError:
                pass
            except ValueError as err:
                self.unusable[ident] = str(err)
        self[ident] = text
        return text


def _is_source(base, ident: str) -> bool:
    other = base.by_id.get(ident)
    return other is not None and other.kind == "source"


def _quotes(base, entries) -> list[tuple[Entry, object, tuple]]:
    """(entry, citation, path) of every citation that quotes, stated citations included."""
    return _scan(base).flat("quotes", entries, lambda entry, facts: [(entry, *quote) for quote in facts.quotes])


def _references(base, entries) -> list[tuple[Entry, str, str, tuple]]:
    """(entry, relation, ref, path) of every reference, citations included (as ``cites``)."""
    return _scan(base).flat("references", entries, lambda entry, facts: [
        (entry, relation, ref, path) for relation, ref, _note, path in facts.references])


@check("KB502")
def quotes_occur_in_source(base, entries):
    texts = _SourceTexts(base)
    sources = sorted(e.id for e in _of(base, entries, "source"))
    for source_id in sources:
        if texts[source_id] is None and source_id in texts.outside:
            source = base.by_id[source_id]
            yield problem("KB506", source.file, source.line_of("text"),
                          f"the text {source.text!r} of '{source_id}' is not read: {texts.outside[source_id]}.",
                          "put the text in the project (e.g. texts/) and point `text:` at it, relative to this "
                          "file; or name its folder in the `texts` setting")
        if texts[source_id] is None and source_id in texts.unusable:
            source = base.by_id[source_id]
            yield problem("KB504", source.file, source.line_of("text"),
                          f"the text {source.text!r} of '{source_id}' cannot be used: {texts.unusable[source_id]}.",
                          f"point `text:` at a plain UTF-8 file of at most {LIMITS['max_source_bytes']} bytes")
    for entry, citation, path in _quotes(base, entries):
        if not _is_source(base, citation.source):
            continue
        text = texts[citation.source]
        if text is not None and not _quote_found(citation.quote, text):
            yield problem("KB502", entry.file, entry.line_of(*path, "quote"),
                          f"the quote is not in the text of '{citation.source}': {citation.quote[:80]!r}.",
                          "copy the quote exactly from the source (mark omissions with ...)",
                          about=(citation.source,))
    # A source without its text: one note on it, counting the quotes of every entry that went unverified.
    textless = {s for s in sources if texts[s] is None and s not in texts.unusable and s not in texts.outside}
    skipped: dict[str, int] = defaultdict(int)
    for _entry, citation, _path in _quotes(base, base.all_entries) if textless else ():
        if citation.source in textless:
            skipped[citation.source] += 1
    for source_id, count in sorted(skipped.items()):
        source = base.by_id[source_id]
        where = f"its text {source.text!r} was not found" if source.text else "it has no `text` field"
        yield problem("KB503", source.file, source.line_of("text"),
                      f"{count} quote(s) citing '{source_id}' were not verified: {where}.",
                      "put the source's plain text where `text:` points")


@check("KB505")
def quotes_are_quotable(base, entries):
    limit = LIMITS["max_quote_chars"]
    for entry, citation, path in _quotes(base, entries):
        if len(_WORD.findall(_ELISION.sub(" ", citation.quote))) < 2:
            yield problem("KB505", entry.file, entry.line_of(*path, "quote"),
                          f"the quote {citation.quote!r} is too short to verify or to mean anything.",
                          "quote at least a few words, or leave the quote out and keep the locator")
        elif len(citation.quote) > limit:
            yield problem("KB505", entry.file, entry.line_of(*path, "quote"),
                          f"the quote is {len(citation.quote)} characters long, over the limit of {limit}.",
                          "quote the sentence that matters, marking omissions with ...")


# --- coverage ---------------------------------------------------------------------------------------
@check("KB601")
def nothing_orphaned(base, entries):
    linked = _scan(base).edges_in(base)
    for entry in _of(base, entries):
        if entry.id not in linked:
            yield problem("KB601", entry.file, entry.line, f"nothing links to '{entry.id}'.",
                          "link to it from a related entry ([[" + entry.id + "]] or a relation field)")


_TOUCHING = {"premises", "conclusion", "supports", "attacks", "bears_on"}


@check("KB602")
def claims_are_argued(base, entries):
    linked = _scan(base).edges_in(base)
    for entry in _of(base, entries, "claim"):
        if not linked.get(entry.id, set()) & _TOUCHING:
            yield problem("KB602", entry.file, entry.line, f"no argument or evidence touches the claim '{entry.id}'.",
                          "add an argument or evidence that uses it as premise, concludes it, supports or attacks it")


@check("KB603")
def terms_are_sourced(base, entries):
    for entry in _of(base, entries, "term"):
        if not any(True for _c in entry.citations()):
            yield problem("KB603", entry.file, entry.line, f"the term '{entry.id}' cites no source.",
                          "add `sources:` with where the term is introduced or used")


@check("KB604")
def contested_claims_are_attacked(base, entries):
    linked = _scan(base).edges_in(base)
    for entry in _of(base, entries, "claim"):
        if entry.status in ("contested", "refuted") and "attacks" not in linked.get(entry.id, ()):
            yield problem("KB604", entry.file, entry.line_of("status"),
                          f"the claim '{entry.id}' is {entry.status} but nothing attacks it.",
                          "add the argument or evidence that disputes it (attacks:), or change its status")


# --- provenance --------------------------------------------------------------------------------------
def _argumentative_links(base, entries) -> list[tuple[Entry, str, object, tuple]]:
    """(entry, relation, link, path) for every link of the argument map."""
    return _scan(base).flat("argumentative_links", entries, lambda entry, facts: [
        (entry, relation, link, path) for relation, link, path in facts.links if relation in ARGUMENTATIVE])


@check("KB701")
def links_have_provenance(base, entries):
    for entry, relation, link, path in _argumentative_links(base, entries):
        if link.provenance is None:
            yield problem("KB701", entry.file, entry.line_of(*path),
                          f"the {relation} link to '{link.to}' does not say where it comes from.",
                          f"write it as `- to: {link.to}` with `stated_in: SOURCE-ID` if a text states it, "
                          "or `editorial: WHY` if the editors draw it")


@check("KB702")
def stated_in_is_a_source(base, entries):
    for entry, relation, link, path in _argumentative_links(base, entries):
        source = link.stated_source
        other = base.by_id.get(source) if source else None
        if source and source not in base.broken_ids and (other is None or other.kind != "source"):
            what = f"a {other.kind}" if other else "not defined"
            yield problem("KB702", entry.file, entry.line_of(*path, "stated_in"),
                          f"the {relation} link to '{link.to}' is stated in '{source}', which is {what}, not a source.",
                          _suggest(base, source) if other is None else "name the source that states the link",
                          about=(source,))


@check("KB703")
def stated_source_is_cited(base, entries):
    for entry, relation, link, path in _argumentative_links(base, entries):
        source = link.stated_source
        if not source or base.by_id.get(source) is None or base.by_id[source].kind != "source":
            continue
        target = base.by_id.get(split_ref(link.to)[0])
        if source not in cited_sources(entry) and (target is None or source not in cited_sources(target)):
            yield problem("KB703", entry.file, entry.line_of(*path, "stated_in"),
                          f"the {relation} link to '{link.to}' is stated in '{source}', which neither "
                          f"'{entry.id}' nor '{link.to}' cites.",
                          f"cite {source} under `sources:` with its locator, or write `stated_in:` as "
                          "{source, locator}", about=(source, split_ref(link.to)[0]))


@check("KB704")
def stated_or_editorial(base, entries):
    scan = _scan(base)
    for entry in entries:
        for relation, link, path in scan.of(entry).links:
            if link.stated_in is not None and link.editorial:
                yield problem("KB704", entry.file, entry.line_of(*path, "editorial"),
                              f"the {relation} link to '{link.to}' is both stated in a source and editorial.",
                              "keep `stated_in` if the text states it, else `editorial`; remarks go in `note`")


@check("KB705")
def advanced_by_sources(base, entries):
    for entry in entries:
        for i, ident in enumerate(entry.__dict__.get("advanced_by", ())):
            other = base.by_id.get(ident)
            if ident in base.broken_ids or (other is not None and other.kind == "source"):
                continue
            what = f"a {other.kind}" if other else "not defined"
            yield problem("KB705", entry.file, entry.line_of("advanced_by", i),
                          f"advanced_by names '{ident}', which is {what}, not a source.",
                          _suggest(base, ident) if other is None else "people named in the text go under `held_by`",
                          about=(ident,))


@check("KB706", whole=True)
def requires_is_acyclic(base, entries):
    edges = [(e.id, t) for e, _r, t, _s, _p in _field_refs(base, entries, {"requires"})
             if t in base.by_id and t != e.id]
    for cycle in _cycles(edges):
        first = base.by_id[cycle[0]]
        yield problem("KB706", first.file, first.line_of("requires"),
                      "requires relations form a cycle: " + " -> ".join([*cycle, cycle[0]]) + ".",
                      "remove the prerequisite of the cycle that is least needed", about=cycle)


# --- wording ----------------------------------------------------------------------------------------
_ABBREVIATIONS = ("etc.", "e.g.", "i.e.", "al.", "vs.")


@check("KB605")
def claim_titles_have_no_full_stop(base, entries):
    for entry in _of(base, entries, "claim"):
        title = entry.title.rstrip()
        if title.endswith(".") and not title.endswith("..") and not title.lower().endswith(_ABBREVIATIONS):
            yield problem("KB605", entry.file, entry.line_of("title"),
                          f"the title of the claim '{entry.id}' ends with a full stop.",
                          f"write it as a statement without the final full stop: {title[:-1]!r}")
