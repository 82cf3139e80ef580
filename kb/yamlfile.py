"""Read one YAML file into plain data, keeping the line of every value.

Built on PyYAML's event parser (libyaml's C parser when available) rather than its
constructors, so that nothing is ever constructed from a tag, duplicate keys are caught,
anchors and aliases are refused before they can expand, and nesting depth is bounded
without recursion.
"""
from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field

import yaml

from .problems import LIMITS, Problem, describe, problem, visible

__all__ = ["Document", "read_yaml", "read_bytes", "parse_bytes", "parse_yaml", "line_at", "to_record",
           "from_record"]

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


@dataclass
class Document:
    """The data of one file, plus where each value is and which were implicitly typed."""

    data: object = None
    lines: dict = field(default_factory=dict)  # path tuple -> 1-based line
    block: dict = field(default_factory=dict)  # path tuple -> first content line of block scalars
    implicit: dict = field(default_factory=dict)  # path tuple -> the unquoted text YAML re-typed
    problems: list = field(default_factory=list)


def read_yaml(path, display: str | None = None) -> Document:
    """Read a file: size, encoding and BOM checks, then :func:`parse_yaml`."""
    name = display or str(path)
    raw = read_bytes(path, name)
    return raw if isinstance(raw, Document) else parse_bytes(raw, name)


def read_bytes(path, name: str) -> bytes | Document:
    """The bytes of a file (at most one more than the limit), or a Document saying why not."""
    limit = LIMITS["max_file_bytes"] + 1
    try:  # os.read rather than open(): no buffered file object for each of thousands of small files
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            raw = os.read(fd, limit)
            while len(raw) < limit and (more := os.read(fd, limit - len(raw))):
                raw += more
        finally:
            os.close(fd)
        return raw
    except OSError as err:
        return Document(problems=[problem("KB101", name, 0, f"cannot read the file: {err.strerror}.",
                                          "check that the file exists and is readable")])


def parse_bytes(raw: bytes, name: str = "<bytes>") -> Document:
    """The bytes of a file: size, encoding and BOM checks, then :func:`parse_yaml`.

    Depends on nothing but ``raw``; ``name`` is only the ``file`` of the problems found
    (which lets :mod:`kb.cache` keep the result by the digest of the bytes).
    """
    if len(raw) > LIMITS["max_file_bytes"]:
        return Document(problems=[problem("KB106", name, 0,
                                          f"the file is over {LIMITS['max_file_bytes']} bytes.",
                                          "split the entry or shorten its text")])
    if raw.startswith(_BOMS):
        return Document(problems=[problem("KB101", name, 1, "the file starts with a byte-order mark.",
                                          "save it as UTF-8 without BOM")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = line_at(raw[: err.start].decode("utf-8", "replace"), err.start)
        return Document(problems=[problem("KB101", name, line,
                                          f"byte 0x{raw[err.start]:02x} at offset {err.start} is not UTF-8.",
                                          "save the file as UTF-8")])
    return parse_yaml(text, name)


def to_record(doc: Document) -> tuple:
    """A Document as plain data (what :mod:`kb.cache` stores), its problems without their file."""
    problems = [(p.line, p.code, p.severity, p.message, p.fix) for p in doc.problems]
    return doc.data, doc.lines, doc.block, doc.implicit, problems


def from_record(record: tuple, name: str) -> Document:
    """The Document of :func:`to_record`, its problems in the file ``name``."""
    data, lines, block, implicit, problems = record
    file = visible(name)
    return Document(data, lines, block, implicit, [Problem(file, *p) for p in problems])


# YAML 1.1 (PyYAML) also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR; YAML 1.2 and
# every editor do not. They are swapped for stand-ins (noncharacters, which no text uses) while
# parsing and put back in the values, so they are ordinary characters and lines count as in an
# editor: at \n, \r\n and \r.
_YAML11_BREAKS = {"\u0085": "\ufdd0", "\u2028": "\ufdd1", "\u2029": "\ufdd2"}
_TO_STAND_INS = str.maketrans(_YAML11_BREAKS)
_FROM_STAND_INS = str.maketrans({v: k for k, v in _YAML11_BREAKS.items()})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_at(text: str, offset: int) -> int:
    """The editor's line (1-based) of character ``offset``: breaks are \\n, \\r\\n and \\r."""
    return len(_LINE_BREAK.findall(text, 0, max(0, offset))) + 1


def parse_yaml(text: str, name: str = "<string>") -> Document:
    swapped = any(c in text for c in _YAML11_BREAKS) and not any(c in text for c in _YAML11_BREAKS.values())
    if swapped:
        text = text.translate(_TO_STAND_INS)
    doc = _parse(text, name)
    if swapped and doc.data is not None:
        doc.data = _restore(doc.data)
    return doc


def _restore(data):
    """The data with the stand-ins of NEL, LS and PS turned back (no recursion)."""
    root = [data]
    stack = [(root, 0)]
    while stack:
        container, key = stack.pop()
        value = container[key]
        if isinstance(value, str):
            container[key] = value.translate(_FROM_STAND_INS)
        elif isinstance(value, dict):
            for k in list(value):
                stack.append((value, k))
        elif isinstance(value, list):
            stack.extend((value, i) for i in range(len(value)))
    return root[0]


def _parse(text: str, name: str) -> Document:
    doc = Document()
    content = text.lstrip()  # (only comments and blank lines: the first thing written is a comment)
    if not content or (content[0] == "#" and all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines())):
        doc.problems.append(problem("KB107", name, 1, "the file holds no entry.",
                                    'fill it in (kb new KIND "Name" scaffolds one) or delete it'))
        return doc
    try:
        _build(_Parser(text), doc, name)
        if doc.problems:  # never hand on half-built data
            doc.data = None
    except yaml.MarkedYAMLError as err:
        doc.data = None
        doc.problems.append(_syntax_problem(err, text, name))
    except yaml.reader.ReaderError as err:  # a character YAML does not allow: say which, and where
        doc.data = None
        position = err.position if isinstance(err.position, int) else 0
        char = text[position] if 0 <= position < len(text) else ""
        column = position - max(text.rfind("\n", 0, position), text.rfind("\r", 0, position))
        doc.problems.append(problem("KB100", name, line_at(text, position),
                                    f"column {column}: the character {describe(char)} is not allowed in YAML.",
                                    "remove it (an escape such as \\t or \\u00a0 in a double-quoted string "
                                    "writes a special character)"))
    except yaml.YAMLError as err:
        doc.data = None
        mark = getattr(err, "problem_mark", None) or getattr(err, "mark", None)
        line = (mark.line + 1) if mark is not None and hasattr(mark, "line") else 1
        doc.problems.append(problem("KB100", name, line, f"not valid YAML: {_one_line(err)}.",
                                    "remove control characters and check the quoting"))
    return doc


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    last = text.count("\n") + 1
    line = min(mark.line + 1, last) if mark else 1  # libyaml may point one past the end
    what = " ".join(filter(None, [err.context, err.problem]))
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in what or source_line[: len(source_line) - len(source_line.lstrip())].count("\t"):
        fix = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in what:
        fix = "put text that contains ': ' in quotes, or use a block scalar (|)"
    else:
        fix = "check indentation and quoting on this line and the one above"
    column = f", column {mark.column + 1}" if mark else ""
    return problem("KB100", name, line, f"not valid YAML{column}: {what}.", fix)


def _one_line(err) -> str:
    return " ".join(str(err).split())


try:  # libyaml's event parser alone: no constructor or resolver is set up for each file
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


_DOCUMENT_START, _SCALAR, _ALIAS = yaml.DocumentStartEvent, yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _SEQUENCE_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_STREAM_END = yaml.StreamEndEvent
# First characters of the plain scalars YAML may read as something else than text.
_IMPLICIT_FIRST = frozenset(_resolver.yaml_implicit_resolvers) - {None}
_DUPLICATE = object()  # the key of a repeated key's value: parsed, then dropped


def _build(parser, doc: Document, name: str) -> None:
    """Assemble data from parser events with an explicit stack (no recursion, bounded depth).

    One frame per open collection: ``[container, path, key, keys]``, ``keys`` (the line of each
    key) being None for a sequence. Written as one loop over the events: it is the hot path of
    loading a knowledge base.
    """
    stack: list[list] = []
    frame = None
    documents = 0
    lines, block = doc.lines, doc.block
    max_depth = LIMITS["max_depth"]
    get_event = parser.get_event
    while True:
        event = get_event()
        cls = type(event)
        if cls is _STREAM_END or event is None:
            return
        if cls is _DOCUMENT_START:
            documents += 1
            if documents > 1:
                doc.problems.append(problem("KB108", name, event.start_mark.line + 1,
                                            "a second YAML document starts here.",
                                            "put each entry in its own file"))
                return
            continue
        if cls in _COLLECTION_END:
            stack.pop()
            frame = stack[-1] if stack else None
            continue
        if cls is not _SCALAR and cls is not _MAPPING_START and cls is not _SEQUENCE_START and cls is not _ALIAS:
            continue  # stream start, document end
        line = event.start_mark.line + 1
        if cls is _ALIAS or event.anchor is not None:
            doc.problems.append(problem("KB104", name, line, "anchors and aliases (&name, *name) are not allowed.",
                                        "write the value out in full"))
            return
        tag = event.tag
        if tag and tag not in _ALLOWED_TAGS and tag != "!":
            doc.problems.append(problem("KB103", name, line, f"the tag {tag!r} is not allowed.",
                                        "remove the tag: entry files are plain data"))
            return
        if frame is not None:
            keys = frame[3]
            if keys is not None and frame[2] is None:  # this event is a key
                if cls is not _SCALAR:
                    doc.problems.append(problem("KB203", name, line, "a mapping key must be plain text.",
                                                "use a simple word as the key"))
                    return
                key = event.value
                if key in keys:
                    doc.problems.append(problem("KB102", name, line,
                                                f"the key {key!r} appears twice (first on line {keys[key]}).",
                                                "remove or merge the repeated key"))
                    frame[2] = _DUPLICATE
                else:
                    keys[key] = line
                    frame[2] = key
                continue
            container = frame[0]
            if keys is not None:
                key = frame[2]
                frame[2] = None
                path = frame[1] + (key,)
            else:
                key = None
                path = frame[1] + (len(container),)
        else:
            path = ()
        if cls is _SCALAR:
            value, style = event.value, event.style
            # only a tagged or a plain scalar can be anything but text (_scalar says what)
            if tag or (not style and value[:1] in _IMPLICIT_FIRST and event.implicit[0]):
                value = _scalar(event, path, doc)
                if value is _MISTAGGED:
                    doc.problems.append(problem("KB103", name, line,
                                                f"the tag {_short_tag(event.tag)} cannot hold {visible(event.value)!r}.",
                                                "remove the tag: the field's type is given by the format"))
                    return
            if style == "|" or style == ">":
                block[path] = line + 1
        else:
            if len(stack) >= max_depth:
                doc.problems.append(problem("KB105", name, line,
                                            f"nesting deeper than {max_depth} levels.",
                                            "flatten the structure"))
                return
            value = {} if cls is _MAPPING_START else []
        if frame is None:
            doc.data = value
            lines[()] = line
        elif keys is not None:
            if key is not _DUPLICATE:
                container[key] = value
                lines[path] = keys[key]
        else:
            container.append(value)
            lines[path] = line
        if cls is not _SCALAR:
            frame = [value, path, None, {} if cls is _MAPPING_START else None]
            stack.append(frame)


_MISTAGGED = object()


def _resolver_accepts(tag: str, value: str) -> bool:
    """Whether ``value`` is written as YAML writes a value of ``tag`` (``!!int 12``, not ``!!int abc``)."""
    if tag in (_CORE + "seq", _CORE + "map"):
        return False
    if tag == _CORE + "null":
        return value in ("", "~", "null", "Null", "NULL")
    return _resolver.resolve(yaml.ScalarNode, value, (True, False)) == tag


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _scalar(event: yaml.ScalarEvent, path, doc: Document):
    """Plain scalars get YAML's implicit types (so a text field can spot them); quoted ones stay text."""
    explicit = event.tag in _ALLOWED_TAGS
    if explicit:
        tag = event.tag
    elif not event.style and event.implicit[0]:
        tag = _resolver.resolve(yaml.ScalarNode, event.value, (True, False))
    else:
        return event.value
    construct = _constructor.yaml_constructors.get(tag)
    if tag == _CORE + "str" or construct is None:
        return event.value
    if explicit and not _resolver_accepts(tag, event.value):
        return _MISTAGGED
    try:  # only scalar constructors of the core schema are reached here: none builds objects
        value = construct(_constructor, yaml.ScalarNode(tag, event.value))
    except Exception:  # e.g. a value the implicit resolver matched but the constructor rejects
        return _MISTAGGED if explicit else event.value
    if not explicit:
        doc.implicit[path] = event.value
    return value
