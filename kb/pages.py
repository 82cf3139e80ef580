"""The knowledge base as pages: pure functions from a KnowledgeBase to ``{path: text}``.

Nothing here knows about MkDocs: the pages are plain Markdown (with the ``attr_list``,
``tables`` and ``toc`` extensions of Python-Markdown, and YAML front matter), plus one JSON
file for the graph view. :mod:`kb.plugin` hands them to MkDocs; another site generator
could take them as they are.

Every text that comes from an entry file is escaped here, at generation time: plain fields
(names, summaries, titles, aliases, quotes, locators...) become inert text, and Markdown
fields keep their Markdown but lose raw HTML, attribute lists, images and links to anything
but http(s) and mailto. The plugin also sanitizes the rendered HTML, as a second line.

>>> import kb
>>> from kb.pages import build_pages
>>> pages = build_pages(kb.load("tests/fixtures/site"))    # doctest: +SKIP
>>> sorted(pages)[:3]                                       # doctest: +SKIP
['arguments/cost-argument.md', 'arguments/index.md', 'claims/index.md']
"""
from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from collections import defaultdict
from functools import cached_property
from pathlib import Path

from .links import find_links
from .model import CLAIM_STATUSES, KINDS, PREDICTION_STATUSES, RELATIONS, Entry
from .problems import LIMITS, RULES

__all__ = [
    "build_pages", "home_page", "glossary_page", "index_page", "entry_page", "graph_page",
    "graph_data", "rules_page", "READING_PATHS", "escape_text", "escape_attr", "render_markdown",
    "entry_path", "preview",
]

# --- what the site is made of -----------------------------------------------------------------

KIND_TITLES = {"term": "Terms", "claim": "Claims", "argument": "Arguments",
               "prediction": "Predictions", "evidence": "Evidence", "source": "Sources"}
KIND_BLURBS = {
    "term": "The words and ideas of the field, each with its definition, senses and sources.",
    "claim": "Theses someone holds, with where each stands in the discussion.",
    "argument": "Lines of reasoning from premises to a conclusion, and what attacks them.",
    "prediction": "Falsifiable predictions derived from claims, and their status.",
    "evidence": "Observations the sources cite, and the claims they bear on.",
    "source": "The texts the entries are drawn from.",
}

# How each relation reads from the entry whose page it is (outgoing: the relation's name;
# incoming: its inverse's), in the order they are shown.
LABELS = {
    "broader": "Broader terms", "narrower": "Narrower terms", "related": "Related terms",
    "contrasts": "Contrasted with", "premises": "Premises", "premise_of": "Premise of",
    "conclusion": "Conclusion", "concluded_by": "Concluded by", "supports": "Supports",
    "supported_by": "Supported by", "attacks": "Attacks", "attacked_by": "Attacked by",
    "derived_from": "Derived from", "implies": "Implies", "bears_on": "Bears on",
    "evidenced_by": "Evidence bearing on it", "uses": "Uses", "used_by": "Used by",
    "cites": "Cites", "cited_by": "Cited by", "mentions": "Mentions", "mentioned_by": "Mentioned by",
}

# Guided reading paths for the home page. Ids that the knowledge base does not have are
# skipped; a path with fewer than two entries left is not shown.
READING_PATHS = [
    {
        "title": "The core of mesa-optimization in ten minutes",
        "blurb": "The handful of ideas everything else builds on: what is optimized, by what, "
                 "and why the two objectives can come apart.",
        "ids": ["optimizer", "base-optimizer", "base-objective", "mesa-optimizer", "mesa-objective",
                "inner-alignment", "outer-alignment", "pseudo-alignment", "deceptive-alignment"],
    },
    {
        "title": "The debate over whether gradient descent selects for search",
        "blurb": "Would training produce models that search internally? The case for, the case "
                 "against, and where the disagreement really lies.",
        "ids": ["inner-search", "search", "compression-argument", "gradient-descent-will-select-for-inner-search",
                "gradient-descent-does-not-select-for-inner-search",
                "search-costs-compute-that-could-run-a-better-policy",
                "deep-learning-searches-programs-under-a-fixed-compute-budget",
                "compact-proxies-rule-out-heuristic-spreads", "general-purpose-heuristics-exist",
                "search-may-be-selected-in-domains-with-few-exploitable-regularities",
                "gradient-descent-may-still-select-for-control"],
    },
    {
        "title": "Is mesa-optimization already here?",
        "blurb": "What current models might already do, and what would show it.",
        "ids": ["mesa-optimization-is-messy-and-distributed", "current-models-already-do-some-mesa-optimization",
                "messy-mesa-optimization-in-current-models", "agency-as-a-natural-abstraction"],
    },
]

MAX_MAP_NODES = 40
MAX_CITED_BY_IN_BIBLIOGRAPHY = 12
SITE_TITLE = "Learned optimization"


# --- escaping ---------------------------------------------------------------------------------

# Characters that mean something to Markdown (inline), to its extensions, or to HTML. In a
# plain field each becomes a numeric character reference: the reader sees the character,
# no parser acts on it.
_PLAIN_SPECIALS = "&<>\"'\\`*_[]{}|#"
_PLAIN = {ord(c): f"&#{ord(c)};" for c in _PLAIN_SPECIALS}
_ATTR = {**_PLAIN, **{ord(c): f"&#{ord(c)};" for c in "()"}}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text) -> str:
    return _CONTROL.sub("", str(text))


def escape_text(text) -> str:
    """A plain field as inert inline Markdown, on one line."""
    return " ".join(_clean(text).split()).translate(_PLAIN)


def escape_attr(text) -> str:
    """Text for an HTML attribute or a Markdown link title; newlines are kept as ``&#10;``."""
    lines = [" ".join(line.split()) for line in _clean(text).splitlines()]
    return "&#10;".join(line.translate(_ATTR) for line in lines if line)


def _front_matter_string(text) -> str:
    """A YAML string that the theme may print as HTML: escaped as HTML, quoted as JSON."""
    html = " ".join(_clean(text).split()).replace("&", "&amp;").replace("<", "&lt;") \
        .replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
    return json.dumps(html, ensure_ascii=False)


_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_DEF = re.compile(r"^([ ]{0,3})\[([^\]\n]+)\]:[ \t]*<?(\S*)", re.M)
_HEADING = re.compile(r"^([ ]{0,3})#", re.M)
_SAFE_URL = re.compile(r"^(?:https?://[^\s<>\"'`]+|mailto:[^\s<>\"'`]+)$", re.I)
_MARK = "\x02{}\x03"
_MARKED = re.compile("\x02(\\d+)\x03")


def _safe_url(url: str) -> bool:
    return bool(_SAFE_URL.match(url)) and "&" not in url.split("?")[0] and "\\" not in url


def _escape_prose(text: str) -> str:
    """Markdown prose with raw HTML, attribute lists, images, headings and unsafe links disarmed."""
    text = text.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")
    text = text.replace("![", "&#33;[")
    text = _HEADING.sub(lambda m: m.group(1) + "&#35;", text)

    def inline(m):
        return m.group(0) if _safe_url(m.group(1)) else "&#93;(" + m.group(0)[2:]

    def definition(m):
        return m.group(0) if _safe_url(m.group(3)) else f"{m.group(1)}&#91;" + m.group(0)[len(m.group(1)) + 1:]

    return _REF_DEF.sub(definition, _INLINE_LINK.sub(inline, text))


# --- paths and links --------------------------------------------------------------------------

def entry_path(entry: Entry) -> str:
    """Where an entry's page is, relative to the site's root: ``terms/mesa-optimizer.md``."""
    return f"{entry.folder}/{entry.id}.md"


def entry_url(entry: Entry) -> str:
    """The page's URL relative to the site's root (directory URLs): ``terms/mesa-optimizer/``."""
    return f"{entry.folder}/{entry.id}/"


def _rel(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def _sort_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c)).strip()


def _plain(markdown: str, base, limit: int = 240) -> str:
    """Markdown text as one plain line (for previews): [[links]] become their shown text."""
    def shown(m):
        link = find_links(m.group(0))[0]
        target = base.get(link.target)
        return link.shown or (target.name if target is not None else link.target)

    text = re.sub(r"\[\[[^\[\]\n]*\]\]", shown, markdown)
    text = re.sub(r"[*_`]+", "", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


class Site:
    """What every page needs to know about the knowledge base, computed once."""

    def __init__(self, base):
        self.base = base
        self.entries = base.entries()
        self._related: dict[str, list] = {}
        self._previews: dict[tuple, str] = {}

    def related(self, ident: str):
        if ident not in self._related:
            self._related[ident] = self.base.related(ident)
        return self._related[ident]

    def incoming(self, ident: str, relations: tuple[str, ...], kinds: tuple[str, ...] | None = None) -> list[Entry]:
        seen: dict[str, Entry] = {}
        for r in self.related(ident):
            if r.direction == "in" and r.relation in relations and (kinds is None or r.entry.kind in kinds):
                seen.setdefault(r.entry.id, r.entry)
        return sorted(seen.values(), key=lambda e: _sort_key(e.name))

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
    def alias_owner(self) -> dict[str, Entry]:
        return {alias: e for e in self.entries for alias in getattr(e, "aliases", [])}

    # -- previews ----------------------------------------------------------------------------
    def preview(self, entry: Entry, sense: str | None = None) -> str:
        key = (entry.id, sense)
        if key not in self._previews:
            self._previews[key] = preview(self, entry, sense)
        return self._previews[key]

    def link(self, from_page: str, entry: Entry, shown: str | None = None, sense: str | None = None) -> str:
        """A Markdown link to an entry (or one of its senses) with a hover preview."""
        target = _rel(from_page, entry_path(entry))
        if sense and any(s.id == sense for s in getattr(entry, "senses", [])):
            target += f"#sense-{sense}"
        text = escape_text(shown) if shown is not None else escape_text(entry.name)
        return f'[{text}]({target} "{escape_attr(self.preview(entry, sense))}")'

    def markdown(self, text: str | None, from_page: str) -> str:
        return render_markdown(text or "", self, from_page)


def preview(site: Site, entry: Entry, sense: str | None = None) -> str:
    """The plain text shown when hovering a link to ``entry``.

    Terms: the summary, and the sense meant if the link names one. Claims: status, summary,
    how many reasons for and against (and how many attacks are not yet answered), and the
    predictions derived from it with their status.
    """
    base = site.base
    head = f"{entry.name} ({entry.kind}" + (f", {entry.status})" if hasattr(entry, "status") else ")")
    lines = [head, " ".join(entry.summary.split())]
    if entry.kind == "term":
        if sense:
            for s in entry.senses:
                if s.id == sense:
                    lines.append(f"Sense meant: {s.name}: {_plain(s.definition, base, 160)}")
        elif len(entry.senses) > 1:
            lines.append(f"Senses: {'; '.join(s.name for s in entry.senses)}")
    elif entry.kind == "claim":
        pro, con = site.pro(entry.id), site.con(entry.id)
        standing = f"For: {_plural(len(pro), 'argument or evidence', 'arguments or evidence')}. "
        standing += f"Against: {len(con)}"
        if con:
            standing += f" ({len(site.unanswered(entry.id))} not yet answered)"
        lines.append(standing + ".")
        predictions = site.incoming(entry.id, ("derived_from",), ("prediction",))
        if predictions:
            lines.append("Predictions: " + "; ".join(f"{p.name} ({p.status})" for p in predictions[:5])
                         + ("; …" if len(predictions) > 5 else ""))
    elif entry.kind == "argument":
        conclusions = site.outgoing(entry.id, ("conclusion",))
        if conclusions:
            lines.append(f"Concludes: {conclusions[0].entry.name}")
        attackers = site.con(entry.id)
        if attackers:
            lines.append(f"Attacked by {_plural(len(attackers), 'entry', 'entries')}")
    return "\n".join(lines)


def render_markdown(text: str, site: Site, from_page: str) -> str:
    """An entry's Markdown text, made safe, with [[links]] turned into links with previews.

    Code spans are left as they are (Markdown shows their content literally); everything else
    loses raw HTML, ``{: attribute lists}``, images, headings, and links whose URL is not
    http(s) or mailto (they stay as text).
    """
    text = _clean(text).replace("\r\n", "\n").replace("\r", "\n")
    links: list[str] = []

    def link(mention) -> str:
        target = site.base.get(mention.target)
        if target is None:
            return escape_text(mention.shown or mention.ref)
        return site.link(from_page, target, mention.shown if mention.shown else None, mention.sense)

    def prose(part: str) -> str:
        out, last = [], 0
        for mention in find_links(part):
            out.append(part[last:mention.start])
            links.append(link(mention))
            out.append(_MARK.format(len(links) - 1))
            last = mention.end
        out.append(part[last:])
        return _escape_prose("".join(out))

    pieces, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        pieces.append(prose(text[last:m.start()]))
        pieces.append(m.group(0))
        last = m.end()
    pieces.append(prose(text[last:]))
    return _MARKED.sub(lambda m: links[int(m.group(1))], "".join(pieces)).strip()


def _indent(markdown: str, first: str = "- ") -> str:
    """A Markdown block as one list item."""
    pad = " " * 4
    lines = markdown.split("\n")
    return first + lines[0] + "".join("\n" + (pad + line if line.strip() else "") for line in lines[1:])


def _front(title: str, *, boost: float | None = None, scripts: list[str] = (), hide: list[str] = ()) -> str:
    lines = ["---", f"title: {_front_matter_string(title)}"]
    if boost:
        lines += ["search:", f"  boost: {boost}"]
    if scripts:
        lines.append(f"kb_scripts: {json.dumps(list(scripts))}")
    if hide:
        lines.append(f"hide: {json.dumps(list(hide))}")
    lines += ["---", ""]
    return "\n".join(lines)


# --- entry pages ------------------------------------------------------------------------------

def entry_page(site: Site, entry: Entry) -> str:
    """One entry: what it says, its sources, and every relation both ways."""
    page = entry_path(entry)
    out = [_front(entry.name, boost=3, scripts=["mermaid.min.js"] if _has_map(site, entry) else [])]
    out.append(f"# {escape_text(entry.name)} {{#title}}\n")
    meta = [f"*{entry.kind}*"]
    if hasattr(entry, "status"):
        meta.append(f"status: **{entry.status}**")
    meta.append(f"[see it in the graph]({_rel(page, 'graph/index.md')}?focus={entry.id})")
    out.append(" · ".join(meta) + "\n{: .kb-meta data-search-exclude }\n")
    aliases = getattr(entry, "aliases", [])
    if aliases:
        out.append("**Also called:** " + " · ".join(f"*{escape_text(a)}*" for a in aliases) + "\n{: .kb-aliases }\n")
    out.append(escape_text(entry.summary) + "\n{: .kb-summary }\n")

    out += {"term": _term_body, "claim": _claim_body, "argument": _argument_body,
            "prediction": _prediction_body, "evidence": _evidence_body, "source": _source_body}[entry.kind](site, entry, page)

    if entry.sources:
        out.append("## Sources {#sources}\n")
        out.append(_citations(site, entry.sources, page))
    out.append(_relations(site, entry, page))
    out.append(f"---\n\n*Defined in* `{_entry_file(site, entry)}`\n{{: .kb-file data-search-exclude }}\n")
    return "\n".join(out)


def _entry_file(site: Site, entry: Entry) -> str:
    try:
        rel = Path(entry._path).resolve().relative_to(Path(site.base.root).resolve())
        return rel.as_posix()
    except (ValueError, OSError):
        return f"{entry.folder}/{entry.id}.yaml"


def _citations(site: Site, citations, page: str) -> str:
    items = []
    for citation in citations:
        source = site.base.get(citation.source)
        where = site.link(page, source) if source is not None else escape_text(citation.source)
        item = f"- {where}, {escape_text(citation.locator)}"
        if citation.quote:
            item += f"\n\n    > “{escape_text(citation.quote)}”\n"
        items.append(item)
    return "\n".join(items) + "\n"


def _term_body(site: Site, term, page: str) -> list[str]:
    out = ["## Definition {#definition}\n", site.markdown(term.definition, page) + "\n"]
    if term.senses:
        out.append("## Senses {#senses}\n")
        out.append("The sources use the word in distinct senses; links name the one they mean.\n")
        for sense in term.senses:
            out.append(f"### {escape_text(sense.name)} {{#sense-{sense.id}}}\n")
            out.append(site.markdown(sense.definition, page) + "\n")
            users = [r for r in site.related(term.id) if r.direction == "in" and r.sense == sense.id]
            if users:
                seen = sorted({r.entry.id: r.entry for r in users}.values(), key=lambda e: _sort_key(e.name))
                out.append("Used in this sense by: " + ", ".join(site.link(page, e) for e in seen) + "\n")
            if sense.sources:
                out.append(_citations(site, sense.sources, page))
    if term.misconceptions:
        out.append("## Misconceptions {#misconceptions}\n")
        out.append("\n".join(_indent(site.markdown(m, page)) for m in term.misconceptions) + "\n")
    if term.examples:
        out.append("## Examples {#examples}\n")
        out.append("\n".join(_indent(site.markdown(m, page)) for m in term.examples) + "\n")
    return out


def _reason_list(site: Site, entries: list[Entry], page: str, empty: str) -> str:
    if not entries:
        return f"*{empty}*\n"
    lines = []
    for e in entries:
        answered = site.con(e.id)
        suffix = f" ({e.kind}; attacked by {len(answered)})" if answered else f" ({e.kind})"
        lines.append(f"- {site.link(page, e)}{suffix}: {escape_text(e.summary)}")
    return "\n".join(lines) + "\n"


def _claim_body(site: Site, claim, page: str) -> list[str]:
    out = []
    if claim.text:
        out += ["## Statement {#statement}\n", site.markdown(claim.text, page) + "\n"]
    if claim.held_by:
        out.append("**Held by:** " + "; ".join(escape_text(h) for h in claim.held_by) + "\n")
    pro, con = site.pro(claim.id), site.con(claim.id)
    out.append("## For and against {#for-and-against}\n")
    out.append("### For {#for}\n")
    out.append(_reason_list(site, pro, page, "No argument or evidence for it is recorded yet."))
    out.append("### Against {#against}\n")
    out.append(_reason_list(site, con, page, "No argument or evidence against it is recorded yet."))
    neutral = site.incoming(claim.id, ("bears_on",), ("evidence",))
    if neutral:
        out.append("### Evidence bearing on it {#bearing}\n")
        out.append(_reason_list(site, neutral, page, ""))
    premise_of = site.incoming(claim.id, ("premises",), ("argument",))
    if premise_of:
        out.append("### Premise of {#premise-of}\n")
        out.append("\n".join(f"- {site.link(page, a)}" for a in premise_of) + "\n")
    predictions = site.incoming(claim.id, ("derived_from",), ("prediction",))
    if predictions:
        out.append("## Predictions {#predictions}\n")
        out.append("\n".join(f"- {site.link(page, p)}: **{p.status}**" for p in predictions) + "\n")
    if _has_map(site, claim):
        out.append(debate_map(site, claim, page))
    elif claim.status == "contested":
        out.append("## Debate map {#debate-map}\n")
        out.append("*The claim is contested, but no argument or evidence on either side of it is recorded "
                   "yet, so there is nothing to map.*\n")
    return out


def _argument_body(site: Site, argument, page: str) -> list[str]:
    out = ["## Premises → conclusion {#reasoning}\n"]
    premises = site.outgoing(argument.id, ("premises",))
    if premises:
        out.append("\n".join(f"{i}. {site.link(page, r.entry)}" for i, r in enumerate(premises, 1)) + "\n")
    else:
        out.append("*No premises are recorded.*\n")
    conclusions = site.outgoing(argument.id, ("conclusion",))
    if conclusions:
        out.append(f"**Therefore:** {site.link(page, conclusions[0].entry)}\n{{: .kb-conclusion }}\n")
    if argument.text:
        out += ["## The reasoning {#text}\n", site.markdown(argument.text, page) + "\n"]
    for relation, heading, anchor in (("supports", "Supports", "supports"), ("attacks", "Attacks", "attacks")):
        targets = site.outgoing(argument.id, (relation,))
        if targets:
            out.append(f"## {heading} {{#{anchor}}}\n")
            out.append("\n".join(f"- {site.link(page, r.entry)} ({r.entry.kind})" + (
                " — undercuts its inference" if relation == "attacks" and r.entry.kind == "argument" else "")
                for r in targets) + "\n")
    out.append("## Attacked by {#attacked-by}\n")
    out.append(_reason_list(site, site.con(argument.id), page, "Nothing recorded attacks this argument."))
    supporters = site.incoming(argument.id, ("supports",), ("argument", "evidence"))
    if supporters:
        out.append("## Supported by {#supported-by}\n")
        out.append(_reason_list(site, supporters, page, ""))
    return out


def _prediction_body(site: Site, prediction, page: str) -> list[str]:
    out = []
    derived = site.outgoing(prediction.id, ("derived_from",))
    out.append("## What it tests {#tests}\n")
    out.append(("It is derived from, and so tests:\n\n" + "\n".join(
        f"- {site.link(page, r.entry)} ({r.entry.status})" for r in derived) + "\n")
        if derived else "*It is derived from no claim yet.*\n")
    if prediction.text:
        out += [site.markdown(prediction.text, page) + "\n"]
    if prediction.confirmed_if:
        out += ["**Confirmed if:** " + site.markdown(prediction.confirmed_if, page) + "\n"]
    if prediction.falsified_if:
        out += ["**Falsified if:** " + site.markdown(prediction.falsified_if, page) + "\n"]
    evidence = site.incoming(prediction.id, ("supports", "attacks", "bears_on"), ("evidence", "argument"))
    if evidence:
        out.append("## Evidence {#evidence}\n")
        out.append(_reason_list(site, evidence, page, ""))
    return out


def _evidence_body(site: Site, evidence, page: str) -> list[str]:
    out = []
    if evidence.text:
        out += ["## The observation {#text}\n", site.markdown(evidence.text, page) + "\n"]
    for relation, heading in (("supports", "Supports"), ("attacks", "Counts against"), ("bears_on", "Bears on")):
        targets = site.outgoing(evidence.id, (relation,))
        if targets:
            out.append(f"## {heading} {{#{relation.replace('_', '-')}}}\n")
            out.append("\n".join(f"- {site.link(page, r.entry)} ({r.entry.kind})" for r in targets) + "\n")
    return out


def _source_body(site: Site, source, page: str) -> list[str]:
    out = ["## Reference {#reference}\n", _bibliography_line(source, page, site, linked=False) + "\n"]
    if source.note:
        out += ["## Note {#note}\n", site.markdown(source.note, page) + "\n"]
    citing = site.incoming(source.id, ("cites",))
    out.append("## Cited by {#cited-by}\n")
    out.append(("\n".join(f"- {site.link(page, e)} ({e.kind})" for e in citing) + "\n")
               if citing else "*No entry cites it yet.*\n")
    return out


def _bibliography_line(source, page: str, site: Site, linked: bool = True) -> str:
    title = site.link(page, source) if linked else f"*{escape_text(source.title)}*"
    parts = []
    if source.authors:
        parts.append(", ".join(escape_text(a) for a in source.authors))
    if source.date:
        parts.append(f"({escape_text(source.date)})")
    line = (" ".join(parts) + ". " if parts else "") + title + "."
    if source.url:
        if _safe_url(source.url) and not re.search(r"[()\s]", source.url):
            line += f" [{escape_text(source.url)}]({source.url})"
        else:
            line += f" {escape_text(source.url)}"
    return line


def _relations(site: Site, entry: Entry, page: str) -> str:
    groups: dict[str, dict[tuple, object]] = defaultdict(dict)
    for r in site.related(entry.id):
        groups[r.label].setdefault((r.entry.id, r.sense, r.note), r)
    order = [n for rel in RELATIONS.values() for n in (rel.name, rel.inverse)]
    out = ["## Relations {#relations}\n"]
    if not groups:
        out.append("*No other entry is linked to this one yet.*\n")
    for label in sorted(groups, key=order.index):
        items = sorted(groups[label].values(), key=lambda r: (_sort_key(r.entry.name), r.sense or ""))
        out.append(f"**{LABELS.get(label, label)}** `{label}`\n{{: .kb-relation }}\n")
        lines = []
        for r in items:
            # An outgoing reference names a sense of the entry it points to; an incoming one
            # names a sense of this page's entry.
            if r.direction == "out":
                line = f"- {site.link(page, r.entry, sense=r.sense)}"
                senses = {s.id: s.name for s in getattr(r.entry, "senses", [])}
            else:
                line = f"- {site.link(page, r.entry)}"
                senses = {s.id: s.name for s in getattr(entry, "senses", [])}
            if r.sense in senses:
                shown = f"*{escape_text(senses[r.sense])}*"
                if r.direction == "in":
                    shown = f"[{shown}](#sense-{r.sense})"
                line += f" (in the sense {shown})"
            if r.note:
                line += ": " + site.markdown(r.note, page).replace("\n", "\n    ")
            lines.append(line)
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


# --- debate maps ------------------------------------------------------------------------------

def _has_map(site: Site, entry: Entry) -> bool:
    if entry.kind != "claim":
        return False
    pro, con = site.pro(entry.id), site.con(entry.id)
    return bool(pro and con) or (entry.status == "contested" and bool(pro or con))


def _mermaid_label(text: str, limit: int = 90) -> str:
    text = " ".join(_clean(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    codes = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;",
             "\\": "#92;", "|": "#124;", "{": "#123;", "}": "#125;", "[": "#91;", "]": "#93;"}
    return "".join(codes.get(c, c) for c in text)


def debate_map(site: Site, claim, page: str) -> str:
    """A diagram of the arguments and evidence on each side of a claim, with the attacks on
    them (and on those), colored by the side they end up on."""
    nodes: dict[str, tuple[int, Entry]] = {claim.id: (0, claim)}  # id -> (index, entry)
    side: dict[str, int] = {claim.id: 1}
    edges: list[tuple[str, str, str]] = []
    frontier = [claim.id]
    depth = 0
    while frontier and depth < 4 and len(nodes) < MAX_MAP_NODES:
        nxt = []
        for target in frontier:
            for reason, kind in ([(e, "supports") for e in site.pro(target)] + [(e, "attacks") for e in site.con(target)]):
                if reason.id not in nodes:
                    if len(nodes) >= MAX_MAP_NODES:
                        continue
                    nodes[reason.id] = (len(nodes), reason)
                    side[reason.id] = side[target] * (1 if kind == "supports" else -1)
                    nxt.append(reason.id)
                edges.append((reason.id, target, kind))
        frontier, depth = nxt, depth + 1
    if len(nodes) == 1:
        return ""
    lines = ["flowchart BT"]
    shapes = {"claim": ('(["', '"])'), "argument": ('["', '"]'), "evidence": ('[/"', '"/]'),
              "prediction": ('{{"', '"}}')}
    for ident, (i, e) in nodes.items():
        left, right = shapes.get(e.kind, ('["', '"]'))
        prefix = "Evidence: " if e.kind == "evidence" else ""
        lines.append(f"  n{i}{left}{_mermaid_label(prefix + e.name)}{right}")
    seen, attack_links, support_links = set(), [], []
    for source, target, kind in edges:
        if (source, target, kind) in seen:
            continue
        seen.add((source, target, kind))
        arrow = "-->" if kind == "supports" else "-.->"
        word = kind if kind == "supports" or nodes[target][1].kind != "argument" else "undercuts"
        (support_links if kind == "supports" else attack_links).append(str(len(seen) - 1))
        lines.append(f"  n{nodes[source][0]} {arrow}|{word}| n{nodes[target][0]}")
    if support_links:
        lines.append(f"  linkStyle {','.join(support_links)} stroke:#2e7d32,stroke-width:1.5px")
    if attack_links:
        lines.append(f"  linkStyle {','.join(attack_links)} stroke:#c62828,stroke-width:1.5px")
    lines.append("  classDef claim fill:#e3ecfa,stroke:#3d5a99,stroke-width:2px,color:#111")
    lines.append("  classDef pro fill:#e6f4ea,stroke:#2e7d32,color:#111")
    lines.append("  classDef con fill:#fdecea,stroke:#c62828,color:#111")
    pros = [f"n{i}" for ident, (i, _) in nodes.items() if ident != claim.id and side[ident] > 0]
    cons = [f"n{i}" for ident, (i, _) in nodes.items() if side[ident] < 0]
    lines.append("  class n0 claim")
    if pros:
        lines.append(f"  class {','.join(pros)} pro")
    if cons:
        lines.append(f"  class {','.join(cons)} con")
    source = "\n".join(lines).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    out = ["## Debate map {#debate-map}\n",
           "Green: reasons on the claim's side; red: reasons against it. Solid arrows support, "
           "dashed arrows attack (an attack on an argument undercuts its inference). "
           "Click a box to open it.\n",
           f'<pre class="kb-mermaid" aria-hidden="true" data-search-exclude>{source}</pre>\n']
    listing = {1: [], -1: []}
    for ident, (i, e) in nodes.items():
        if ident == claim.id:
            continue
        what = "; ".join(sorted({("supports " if k == "supports" else "attacks ") + escape_text(nodes[t][1].name.rstrip("."))
                                 for s, t, k in edges if s == ident}))
        listing[1 if side[ident] > 0 else -1].append(
            f"- {site.link(page, e)}{{: data-node=\"n{i}\" }} ({e.kind}): {what}")
    if listing[1]:
        out.append("**On the claim's side**\n{: .kb-map-side }\n\n" + "\n".join(listing[1]) + "\n")
    if listing[-1]:
        out.append("**Against it**\n{: .kb-map-side }\n\n" + "\n".join(listing[-1]) + "\n")
    return "\n".join(x for x in out if x)


# --- index pages ------------------------------------------------------------------------------

def index_page(site: Site, kind: str) -> str:
    """The page listing every entry of a kind (a table where it helps)."""
    folder = KINDS[kind].folder
    page = f"{folder}/index.md"
    entries = sorted(site.base.entries(kind), key=lambda e: _sort_key(e.name))
    out = [_front(KIND_TITLES[kind]), f"# {KIND_TITLES[kind]}\n", KIND_BLURBS[kind] + "\n"]
    if not entries:
        out.append(f"*There are no {KIND_TITLES[kind].lower()} yet.*\n")
        return "\n".join(out)
    out.append(f"{_plural(len(entries), kind if kind != 'evidence' else 'piece of evidence', 'pieces of evidence' if kind == 'evidence' else None)}.\n")
    if kind == "claim":
        by_status = defaultdict(list)
        for e in entries:
            by_status[e.status].append(e)
        order = ["contested"] + [s for s in CLAIM_STATUSES if s != "contested"]
        out.append("By status: " + " · ".join(f"[{s.replace('-', ' ')}](#{s}) ({len(by_status[s])})"
                                              for s in order if by_status[s]) + "\n")
        for status in order:
            if by_status[status]:
                out.append(f"## {status.capitalize().replace('-', ' ')} {{#{status}}}\n")
                out.append("| Claim | For | Against |\n| --- | --- | --- |")
                for e in by_status[status]:
                    con = site.con(e.id)
                    against = str(len(con)) + (f" ({len(site.unanswered(e.id))} unanswered)" if con else "")
                    out.append(f"| {site.link(page, e)} | {len(site.pro(e.id))} | {against} |")
                out.append("")
    elif kind == "prediction":
        out.append("| Prediction | Status | Tests | Confirmed if |\n| --- | --- | --- | --- |")
        order = {s: i for i, s in enumerate(PREDICTION_STATUSES)}
        for e in sorted(entries, key=lambda e: (order[e.status], _sort_key(e.name))):
            tests = ", ".join(site.link(page, r.entry) for r in site.outgoing(e.id, ("derived_from",))) or "—"
            confirmed = escape_text(_plain(e.confirmed_if, site.base, 160)) if e.confirmed_if else "—"
            out.append(f"| {site.link(page, e)} | **{e.status}** | {tests} | {confirmed} |")
        out.append("")
    elif kind == "argument":
        out.append("| Argument | Concludes | Attacks | Attacked by |\n| --- | --- | --- | --- |")
        for e in entries:
            concl = ", ".join(site.link(page, r.entry) for r in site.outgoing(e.id, ("conclusion",))) or "—"
            attacks = ", ".join(site.link(page, r.entry) for r in site.outgoing(e.id, ("attacks",))) or "—"
            out.append(f"| {site.link(page, e)} | {concl} | {attacks} | {len(site.con(e.id))} |")
        out.append("")
    elif kind == "evidence":
        out.append("| Evidence | Supports | Counts against | Bears on |\n| --- | --- | --- | --- |")
        for e in entries:
            cells = [", ".join(site.link(page, r.entry) for r in site.outgoing(e.id, (rel,))) or "—"
                     for rel in ("supports", "attacks", "bears_on")]
            out.append(f"| {site.link(page, e)} | " + " | ".join(cells) + " |")
        out.append("")
    elif kind == "source":
        out.append("A bibliography of the texts the entries draw on, and the entries that cite each.\n")
        for e in sorted(entries, key=lambda e: (_sort_key(e.authors[0]) if e.authors else "~", _sort_key(e.title))):
            out.append(_indent(_bibliography_line(e, page, site)))
            citing = site.incoming(e.id, ("cites",))
            if citing:
                shown = ", ".join(site.link(page, c) for c in citing[:MAX_CITED_BY_IN_BIBLIOGRAPHY])
                more = len(citing) - MAX_CITED_BY_IN_BIBLIOGRAPHY
                shown += f", and {more} more (see the source's page)" if more > 0 else ""
                out.append(f"\n    Cited by: {shown}")
            out.append("")
    else:
        letter = None
        for e in entries:
            first = _letter(e.name)
            if first != letter:
                letter = first
                out.append(f"\n## {escape_text(letter)} {{#{_letter_anchor(letter)}}}\n")
            extra = f" (also: {', '.join(escape_text(a) for a in e.aliases)})" if getattr(e, "aliases", None) else ""
            out.append(f"- {site.link(page, e)}{extra}: {escape_text(e.summary)}")
        out.append("")
    return "\n".join(out)


def _letter(name: str) -> str:
    key = _sort_key(name)
    return key[0].upper() if key and key[0].isalpha() and key[0].isascii() else "#"


def _letter_anchor(letter: str) -> str:
    return f"letter-{letter.lower()}" if letter != "#" else "letter-other"


def glossary_page(site: Site) -> str:
    """Every term with its one-line summary, A to Z; every alias listed, leading to its term."""
    page = "glossary.md"
    rows = []
    for term in site.base.entries("term"):
        rows.append((_sort_key(term.name), term.name, term, None))
        for alias in term.aliases:
            rows.append((_sort_key(alias), alias, term, alias))
    rows.sort(key=lambda r: (r[0], r[3] is not None))
    letters = sorted({_letter(r[1]) for r in rows}, key=lambda x: (x == "#", x))
    out = [_front("Glossary A–Z", hide=[]), "# Glossary A–Z\n",
           f"Every term of the knowledge base with its one-line summary, and every other name "
           f"it goes by. {_plural(len(site.base.entries('term')), 'term')}.\n"]
    if letters:
        out.append(" · ".join(f"[{escape_text(x)}](#{_letter_anchor(x)})" for x in letters) + "\n{: .kb-letters }\n")
    letter = None
    for _key, name, term, alias in rows:
        first = _letter(name)
        if first != letter:
            letter = first
            out.append(f"\n## {escape_text(letter)} {{#{_letter_anchor(letter)}}}\n")
        if alias is None:
            out.append(f"{site.link(page, term, shown=term.name)}\n"
                       f":   {escape_text(term.summary)}\n")
        else:
            out.append(f"*{escape_text(alias)}*\n:   see {site.link(page, term)}\n")
    return "\n".join(out)


# --- home, graph, rules -----------------------------------------------------------------------

def home_page(site: Site) -> str:
    base = site.base
    page = "index.md"
    counts = {kind: len(base.entries(kind)) for kind in KINDS}
    out = [_front(SITE_TITLE), f"# {SITE_TITLE}: an annotated knowledge base\n",
           "A sourced glossary and argument map of the ideas around **learned optimization** "
           "in AI: when a trained model is itself an optimizer (a *mesa-optimizer*), what it "
           "optimizes for, and why that might differ from what it was trained for. Every "
           "term, claim, argument, prediction and piece of evidence is tied to the passage "
           "it comes from, and linked to the others it bears on.\n",
           ]
    out.append("## Where to start {#where-to-start}\n")
    out.append("Hover over any link to preview the entry: its summary, and for a claim where it "
               "stands. Search (top right) finds entries by name or by any alias.\n")
    shown = 0
    for path in READING_PATHS:
        ids = [i for i in path["ids"] if i in base]
        if len(ids) < 2:
            continue
        shown += 1
        out.append(f"### {escape_text(path['title'])} {{#path-{shown}}}\n")
        out.append(escape_text(path["blurb"]) + "\n")
        out.append("\n".join(f"{n}. {site.link(page, base[i])}: {escape_text(base[i].summary)}"
                             for n, i in enumerate(ids, 1)) + "\n")
    contested = [c for c in base.entries("claim") if c.status == "contested"]
    if contested:
        contested.sort(key=lambda c: (-(len(site.pro(c.id)) + len(site.con(c.id))), _sort_key(c.name)))
        out.append("### Contested claims {#contested}\n")
        out.append("Claims under dispute, most argued first; each page maps the arguments on both sides.\n")
        out.append("\n".join(f"- {site.link(page, c)}" for c in contested[:8]) + "\n")
        if len(contested) > 8:
            out.append(f"[All {len(contested)} contested claims](claims/index.md#contested)\n")
    terms = base.entries("term")
    if terms:
        central = sorted(terms, key=lambda t: (-len(site.related(t.id)), _sort_key(t.name)))[:10]
        out.append("### Central terms {#central-terms}\n")
        out.append("The terms most linked to:\n")
        out.append(" · ".join(site.link(page, t) for t in sorted(central, key=lambda t: _sort_key(t.name))) + "\n")

    out.append("## What is here {#what-is-here}\n")
    for kind in KINDS:
        folder = KINDS[kind].folder
        out.append(f"- [{KIND_TITLES[kind]}]({folder}/index.md) ({counts[kind]}): {KIND_BLURBS[kind]}")
    out.append("- [Glossary A–Z](glossary.md): every term and every other name it goes by.")
    out.append("- [Graph view](graph/index.md): the whole knowledge base as a network; each entry "
               "page links to its own neighbourhood.\n")

    out.append("## Contributing {#contributing}\n")
    out.append("Entries are YAML files in `concepts/`, one per entry. [Writing entries](writing-entries.md) "
               "gives the format field by field; [the rules](rules.md) list every check `kb check` "
               "makes and how to fix what it reports.\n")
    return "\n".join(out)


def graph_data(site: Site) -> str:
    """The graph view's data: nodes (id, name, kind, summary, url from the site's root) and edges."""
    nodes = [{"id": e.id, "name": e.name, "kind": e.kind, "summary": e.summary, "url": entry_url(e),
              **({"status": e.status} if hasattr(e, "status") else {})} for e in site.entries]
    edges = sorted({(s, t, d["relation"]) for s, t, d in site.base.graph.edges(data=True)})
    return json.dumps({"nodes": nodes, "edges": [{"source": s, "target": t, "relation": r} for s, t, r in edges]},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


def graph_page(site: Site) -> str:
    return "\n".join([
        _front("Graph view", scripts=["cytoscape.min.js"], hide=["toc"]),
        "# Graph view\n",
        "Every entry as a node and every relation as an edge. Drag to move around, scroll or pinch "
        "to zoom, click a node to open its page. From an entry's page, *see it in the graph* opens "
        "its neighbourhood here.\n{: .kb-graph-intro }\n",
        '<div class="kb-graph-controls" id="kb-graph-controls"></div>\n',
        '<div class="kb-graph" id="kb-graph" role="img" aria-label="Graph of the knowledge base"></div>\n',
        "Colors: "
        + " · ".join(f'<span class="kb-dot kb-dot-{k}"></span> {KIND_TITLES[k].lower()}' for k in KINDS)
        + "\n{: .kb-graph-legend }\n",
        f"The graph is also available as [data](data.json) ({len(site.entries)} nodes).\n",
    ])


_SENTENCE_END = re.compile(r"(?<![.]\w[.])(?<=[.!?])\s+(?=[A-Z`'])")


def _split_doc(doc: str) -> tuple[str, str]:
    """A rule's doc as (what it means, how to fix it): the last sentence is the fix."""
    sentences = _SENTENCE_END.split(doc.strip())
    if len(sentences) < 2:
        return doc, ""
    return " ".join(sentences[:-1]), sentences[-1]


def _trusted_cell(text: str) -> str:
    """Text of our own (rule docs) for a table cell: code spans kept, the rest made literal."""
    pieces, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        pieces.append(text[last:m.start()].translate(_PLAIN))
        pieces.append(m.group(0).replace("|", "\\|"))
        last = m.end()
    pieces.append(text[last:].translate(_PLAIN))
    return " ".join("".join(pieces).split())


def rules_page() -> str:
    """Every rule of ``kb check`` and every limit on entry files, from the code's own tables."""
    out = [_front("Rules of kb check"), "# Rules of `kb check`\n",
           "Every problem `kb check` (and the site build) can report has a code. Errors fail the "
           "check and the build; warnings and notes are advice. This page is generated from the "
           "code's own table of rules, so it cannot drift from what the checker does.\n",
           "| Code | Severity | Rule | What it means | How to fix it |", "| --- | --- | --- | --- | --- |"]
    for rule in RULES.values():
        meaning, fix = _split_doc(rule.doc)
        out.append(f"| <span id=\"{rule.code.lower()}\"></span>`{rule.code}` | {rule.severity} | "
                   f"`{rule.name}` | {_trusted_cell(meaning)} | {_trusted_cell(fix) or '—'} |")
    out += ["", "## Limits {#limits}\n", "Entry files are read with these limits:\n",
            "| Limit | Value |", "| --- | --- |"]
    for name, value in LIMITS.items():
        out.append(f"| `{name}` | {value} |")
    out.append("")
    return "\n".join(out)


# --- everything -------------------------------------------------------------------------------

def build_pages(base) -> dict[str, str]:
    """Every generated page of the site, as ``{path relative to the site's docs: text}``."""
    site = Site(base)
    pages = {"index.md": home_page(site), "glossary.md": glossary_page(site),
             "graph/index.md": graph_page(site), "graph/data.json": graph_data(site),
             "rules.md": rules_page()}
    for kind, model in KINDS.items():
        pages[f"{model.folder}/index.md"] = index_page(site, kind)
    for entry in site.entries:
        pages[entry_path(entry)] = entry_page(site, entry)
    return pages
