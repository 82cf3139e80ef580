"""Entry pages: what an entry says, its sources, and every relation both ways."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ..model import RELATIONS, Entry
from .blocks import front_matter, indent, sort_key
from .debate import debate_map, has_map
from .escape import escape_text, safe_url
from .safe_markdown import inert
from .site import Site, entry_path, relative

__all__ = ["entry_page", "bibliography_line", "LABELS"]

# How each relation reads from the entry whose page it is (outgoing: the relation's name;
# incoming: its inverse's), in the order they are shown.
LABELS = {
    "broader": "Broader terms", "narrower": "Narrower terms", "related": "Related terms",
    "contrasts": "Contrasted with", "premises": "Premises", "premise_of": "Premise of",
    "conclusion": "Conclusion", "concluded_by": "Concluded by", "supports": "Supports",
    "supported_by": "Supported by", "attacks": "Attacks", "attacked_by": "Attacked by",
    "derived_from": "Derived from", "implies": "Implies", "bears_on": "Bears on",
    "evidenced_by": "Evidence bearing on it", "uses": "Uses", "used_by": "Used by",
    "requires": "Read first", "required_by": "Needed for",
    "cites": "Cites", "cited_by": "Cited by", "mentions": "Mentions", "mentioned_by": "Mentioned by",
}


def entry_page(site: Site, entry: Entry) -> str:
    """One entry: what it says, its sources, and every relation both ways."""
    page = entry_path(entry)
    out = [front_matter(entry.name, boost=3)]
    out.append(f"# {escape_text(entry.name)} {{#title}}\n")
    meta = [f"*{entry.kind}*"]
    if hasattr(entry, "status"):
        meta.append(f"status: **{entry.status}**")
    meta.append(f"[see it in the graph]({relative(page, 'graph/index.md')}?focus={entry.id})")
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
    # The file's name is text like any other: a name with a backtick must not end a code span.
    out.append(f"---\n\n*Defined in* <code>{inert(_entry_file(site, entry))}</code>\n{{: .kb-file data-search-exclude }}\n")
    return "\n".join(out)


def _entry_file(site: Site, entry: Entry) -> str:
    try:
        rel = Path(entry._path).resolve().relative_to(site.root)
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
                seen = sorted({r.entry.id: r.entry for r in users}.values(), key=lambda e: sort_key(e.name))
                out.append("Used in this sense by: " + ", ".join(site.link(page, e) for e in seen) + "\n")
            if sense.sources:
                out.append(_citations(site, sense.sources, page))
    if term.misconceptions:
        out.append("## Misconceptions {#misconceptions}\n")
        out.append("\n".join(indent(site.markdown(m, page)) for m in term.misconceptions) + "\n")
    if term.examples:
        out.append("## Examples {#examples}\n")
        out.append("\n".join(indent(site.markdown(m, page)) for m in term.examples) + "\n")
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
    if has_map(site, claim):
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
    out = ["## Reference {#reference}\n", bibliography_line(source, page, site, linked=False) + "\n"]
    if source.note:
        out += ["## Note {#note}\n", site.markdown(source.note, page) + "\n"]
    citing = site.incoming(source.id, ("cites",))
    out.append("## Cited by {#cited-by}\n")
    out.append(("\n".join(f"- {site.link(page, e)} ({e.kind})" for e in citing) + "\n")
               if citing else "*No entry cites it yet.*\n")
    return out


def bibliography_line(source, page: str, site: Site, linked: bool = True) -> str:
    """A source as a bibliography line: authors (date). Title, linked to its page unless ``linked`` is false. URL."""
    title = site.link(page, source) if linked else f"*{escape_text(source.title)}*"
    parts = []
    if source.authors:
        parts.append(", ".join(escape_text(a) for a in source.authors))
    if source.date:
        parts.append(f"({escape_text(source.date)})")
    line = (" ".join(parts) + ". " if parts else "") + title + "."
    if source.url:
        if safe_url(source.url) and not re.search(r"[()\s]", source.url):
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
        items = sorted(groups[label].values(), key=lambda r: (sort_key(r.entry.name), r.sense or ""))
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
