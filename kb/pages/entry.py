"""Entry pages: what an entry says, where it stands, its sources, and its neighbours, each once."""
from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

from .. import model
from ..model import Entry
from .blocks import front_matter, indent, plural, sort_key
from .debate import debate_map, has_map
from .local_graph import local_graph
from .escape import escape_text, safe_url
from .paths import path_nav, path_steps
from .safe_markdown import inert
from .search import search_boost, search_words
from .site import Site, entry_path, list_name, relative

__all__ = ["entry_page", "bibliography_line", "LABELS", "GROUP_ORDER", "SHOWN_FIRST"]

# The groups of neighbours, in the order they are shown, which is also the order of preference:
# a neighbour joined to the page's entry in several ways is shown once, in the first of its
# groups (the most telling relation: a broader term is more than a term that mentions it).
# A relation seen from the page's entry: outgoing by its name, incoming by its inverse's.
GROUP_ORDER = ("broader", "narrower", "requires", "required_by", "contrasts", "related", "conclusion", "premises", "concluded_by",
               "premise_of", "supports", "supported_by", "attacks", "attacked_by", "derived_from",
               "implies", "bears_on", "evidenced_by", "uses", "used_by", "cites", "cited_by",
               "mentioned_by")

# How each group is headed, for readers.
LABELS = {
    "broader": "Broader terms", "narrower": "Narrower terms", "related": "Related terms",
    "contrasts": "Contrasted with", "premises": "Premises", "premise_of": "Premise of",
    "conclusion": "Conclusion", "concluded_by": "Arguments concluding it", "supports": "Supports",
    "supported_by": "Supported by", "attacks": "Attacks", "attacked_by": "Attacked by",
    "derived_from": "Derived from", "implies": "Predictions derived from it", "bears_on": "Bears on",
    "evidenced_by": "Evidence bearing on it", "uses": "Terms it relies on", "used_by": "Used by",
    "requires": "Read first", "required_by": "Needed for",
    "cites": "Sources", "cited_by": "Cited by", "mentions": "Links to", "mentioned_by": "Mentioned by",
}

# A long group shows this many neighbours (the most connected first); kb.js folds the rest
# behind a button "all N" (without JavaScript the whole list shows).
SHOWN_FIRST = 8


KIND_NAMES = {"term": "Term", "claim": "Claim", "argument": "Argument", "prediction": "Prediction",
              "evidence": "Evidence", "source": "Source"}


def entry_page(site: Site, entry: Entry) -> str:
    """One entry: what it says, where it stands, its sources, and its neighbours, each once."""
    page = entry_path(entry)
    # Tagged with its kind (a filter of Zensical's search; the theme shows no tag on the page).
    out = [front_matter(entry.name, boost=search_boost(entry), tags=[KIND_NAMES[entry.kind]],
                        search_words=search_words(entry), hide=["tags"])]
    out.append(f"# {escape_text(entry.name)} {{#title}}\n")
    # The way back up: the entry's kind, leading to its index, then the summary, in one block:
    # search results show the blocks a query matches, so the kind comes with the summary, then
    # the other names (the text Zensical's search finds an alias by; a result shows the block
    # that matches, so an alias typed brings the kind and the summary with it).
    index = relative(page, f"{entry.folder}/index.md")
    meta = [f"[{KIND_NAMES[entry.kind]}]({index}){{: .kb-kind }}"]
    if hasattr(entry, "status"):
        meta.append(escape_text(entry.status.replace("-", " ")))
    aliases = getattr(entry, "aliases", [])
    also = ('  \n<span class="kb-aliases">**Also called:** ' + " · ".join(f"*{escape_text(a)}*" for a in aliases)
            + "</span>") if aliases else ""
    out.append(" · ".join(meta) + "  \n" + escape_text(entry.summary) + also + "\n{: .kb-summary }\n")
    if site.paths is None:
        site.paths = path_steps(site)
    nav = path_nav(site, entry, page, site.paths)
    if nav:
        out.append(nav)

    # neighbours the page lists already: not listed again under Connections
    shown: set[str] = {entry.id, *(c.source for c in entry.sources)}
    shown.update(c.source for s in getattr(entry, "senses", []) for c in s.sources)
    out += {"term": _term_body, "claim": _claim_body, "argument": _argument_body,
            "prediction": _prediction_body, "evidence": _evidence_body, "source": _source_body}[entry.kind](
        site, entry, page, shown)

    if entry.sources:
        out.append("## Sources {#sources}\n")
        out.append(_citations(site, entry.sources, page))
    out.append(local_graph(site, entry, page, LABELS, GROUP_ORDER))
    out.append(_connections(site, entry, page, shown))
    # The file's name is text like any other: a name with a backtick must not end a code span.
    graph = f"{relative(page, 'graph/index.md')}?focus={entry.id}"
    out.append(f"---\n\n[see it in the graph]({graph}) · *written in* <code>{inert(_entry_file(site, entry))}</code>\n"
               "{: .kb-file data-search-exclude }\n")
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


def _term_body(site: Site, term, page: str, shown: set[str]) -> list[str]:
    out = ["## Definition {#definition}\n", site.markdown(term.definition, page) + "\n"]
    if term.senses:
        out.append("## Senses {#senses}\n")
        out.append("The sources use the word in distinct senses; links name the one they mean.\n")
        users = {key[2]: len(items) for key, items in _groups(site, term, shown).items() if key[2]}
        for sense in term.senses:
            out.append(f"### {escape_text(sense.name)} {{#sense-{sense.id}}}\n")
            out.append(site.markdown(sense.definition, page) + "\n")
            if users.get(sense.id):
                # who uses the sense is listed once, with the page's other neighbours
                n = users[sense.id]
                out.append(f"*Used in this sense by {plural(n, 'entry', 'entries')}: "
                           f"[see them](#in-the-sense-{sense.id}).*\n{{: .kb-note data-search-exclude }}\n")
            if sense.sources:
                out.append(_citations(site, sense.sources, page))
    if term.misconceptions:
        out.append("## Misconceptions {#misconceptions}\n")
        out.append("\n".join(indent(site.markdown(m, page)) for m in term.misconceptions) + "\n")
    if term.examples:
        out.append("## Examples {#examples}\n")
        out.append("\n".join(indent(site.markdown(m, page)) for m in term.examples) + "\n")
    return out


def _reason_list(site: Site, entries: list[Entry], page: str, empty: str, shown: set[str]) -> str:
    if not entries:
        return f"*{empty}*\n{{: .kb-note }}\n"
    lines = []
    for e in entries:
        shown.add(e.id)
        answered = site.con(e.id)
        suffix = f" ({e.kind}; attacked by {len(answered)})" if answered else f" ({e.kind})"
        lines.append(f"- {site.link(page, e, shown=list_name(e))}{suffix}: {escape_text(e.summary)}")
    return "\n".join(lines) + "\n"


def _meaning(statuses: str, status: str) -> str:
    """What a status means, for readers (kb.model's definitions, when it has them)."""
    return getattr(model, statuses, {}).get(status, "")


def _standing(site: Site, claim, page: str) -> str:
    """Where a claim stands, at the top of its page: status and what it means, the reasons for
    and against (and the attacks nothing answers yet), the predictions derived from it."""
    pro, con = site.pro(claim.id), site.con(claim.id)
    unanswered = site.unanswered(claim.id)
    predictions = site.incoming(claim.id, ("derived_from",), ("prediction",))
    meaning = _meaning("CLAIM_STATUS_MEANINGS", claim.status)
    rows = [("Status", f'<strong>{html.escape(claim.status.replace("-", " "))}</strong>'
             + (f' <span class="kb-standing-meaning">{html.escape(meaning)}</span>' if meaning else ""))]
    rows.append(("For", f'<a href="#for">{plural(len(pro), "argument or evidence", "arguments or evidence")}</a>'
                 if pro else "nothing recorded yet"))
    against = (f'<a href="#against">{len(con)}</a>' + (f", {len(unanswered)} not yet answered" if unanswered
                                                       else ", every one answered")) if con else "nothing recorded yet"
    rows.append(("Against", against))
    if predictions:
        states = defaultdict(int)
        for p in predictions:
            states[p.status] += 1
        order = getattr(model, "PREDICTION_STATUSES", ())
        told = ", ".join(f"{n} {html.escape(s)}" for s, n in sorted(states.items(), key=lambda x: (
            order.index(x[0]) if x[0] in order else 99, x[0])))
        rows.append(("Predictions", f'<a href="#predictions">{len(predictions)}</a>: {told}'))
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="kb-standing" data-search-exclude>{cells}</dl>\n'


def _claim_body(site: Site, claim, page: str, shown: set[str]) -> list[str]:
    out = [_standing(site, claim, page)]
    if claim.text:
        out += ["## Statement {#statement}\n", site.markdown(claim.text, page) + "\n"]
    if claim.held_by:
        out.append("**Held by:** " + "; ".join(escape_text(h) for h in claim.held_by) + "\n")
    pro, con = site.pro(claim.id), site.con(claim.id)
    out.append("## For and against {#for-and-against data-search-exclude}\n")
    out.append("### For {#for data-search-exclude}\n")
    out.append(_reason_list(site, pro, page, "No argument or evidence for it is recorded yet.", shown))
    out.append("### Against {#against data-search-exclude}\n")
    out.append(_reason_list(site, con, page, "No argument or evidence against it is recorded yet.", shown))
    neutral = [e for e in site.incoming(claim.id, ("bears_on",), ("evidence",)) if e.id not in shown]
    if neutral:
        out.append("### Evidence bearing on it {#bearing data-search-exclude}\n")
        out.append(_reason_list(site, neutral, page, "", shown))
    premise_of = [a for a in site.incoming(claim.id, ("premises",), ("argument",)) if a.id not in shown]
    if premise_of:
        out.append("### Premise of {#premise-of data-search-exclude}\n")
        out.append(_reason_list(site, premise_of, page, "", shown))
    predictions = site.incoming(claim.id, ("derived_from",), ("prediction",))
    if predictions:
        out.append("## Predictions {#predictions data-search-exclude}\n")
        for p in predictions:
            shown.add(p.id)
        out.append("\n".join(f"- {site.link(page, p, shown=list_name(p))}: **{p.status}**" for p in predictions) + "\n")
    if has_map(site, claim):
        out.append(debate_map(site, claim, page))
    elif claim.status == "contested":
        out.append("## Debate map {#debate-map}\n")
        out.append("*The claim is contested, but no argument or evidence on either side of it is recorded "
                   "yet, so there is nothing to map.*\n")
    return out


def _argument_body(site: Site, argument, page: str, shown: set[str]) -> list[str]:
    out = ["## Premises → conclusion {#reasoning}\n"]
    premises = site.outgoing(argument.id, ("premises",))
    if premises:
        out.append("\n".join(f"{i}. {site.link(page, r.entry)}" for i, r in enumerate(premises, 1)) + "\n")
        shown.update(r.entry.id for r in premises)
    else:
        out.append("*No premises are recorded.*\n")
    conclusions = site.outgoing(argument.id, ("conclusion",))
    if conclusions:
        out.append(f"**Therefore:** {site.link(page, conclusions[0].entry)}\n{{: .kb-conclusion }}\n")
        shown.update(r.entry.id for r in conclusions)
    if argument.text:
        out += ["## The reasoning {#text}\n", site.markdown(argument.text, page) + "\n"]
    for relation, heading, anchor in (("supports", "Supports", "supports"), ("attacks", "Attacks", "attacks")):
        targets = [r for r in site.outgoing(argument.id, (relation,)) if r.entry.id not in shown]
        if targets:
            out.append(f"## {heading} {{#{anchor} data-search-exclude}}\n")
            out.append("\n".join(f"- {site.link(page, r.entry)} ({r.entry.kind})" + (
                " — undercuts its inference" if relation == "attacks" and r.entry.kind == "argument" else "")
                for r in targets) + "\n")
            shown.update(r.entry.id for r in targets)
    out.append("## Attacked by {#attacked-by data-search-exclude}\n")
    out.append(_reason_list(site, site.con(argument.id), page, "Nothing recorded attacks this argument.", shown))
    supporters = [e for e in site.incoming(argument.id, ("supports",), ("argument", "evidence")) if e.id not in shown]
    if supporters:
        out.append("## Supported by {#supported-by data-search-exclude}\n")
        out.append(_reason_list(site, supporters, page, "", shown))
    return out


def _prediction_body(site: Site, prediction, page: str, shown: set[str]) -> list[str]:
    meaning = _meaning("PREDICTION_STATUS_MEANINGS", prediction.status)
    out = [f'<dl class="kb-standing" data-search-exclude><dt>Status</dt><dd><strong>{html.escape(prediction.status)}'
           f'</strong>' + (f' <span class="kb-standing-meaning">{html.escape(meaning)}</span>' if meaning else "")
           + "</dd></dl>\n"]
    derived = site.outgoing(prediction.id, ("derived_from",))
    out.append("## What it tests {#tests}\n")
    out.append(("It is derived from, and so tests:\n\n" + "\n".join(
        f"- {site.link(page, r.entry)} ({r.entry.status})" for r in derived) + "\n")
        if derived else "*It is derived from no claim yet.*\n")
    shown.update(r.entry.id for r in derived)
    if prediction.text:
        out += [site.markdown(prediction.text, page) + "\n"]
    if prediction.confirmed_if:
        out += ["**Confirmed if:** " + site.markdown(prediction.confirmed_if, page) + "\n"]
    if prediction.falsified_if:
        out += ["**Falsified if:** " + site.markdown(prediction.falsified_if, page) + "\n"]
    evidence = [e for e in site.incoming(prediction.id, ("supports", "attacks", "bears_on"), ("evidence", "argument"))
                if e.id not in shown]
    if evidence:
        out.append("## Evidence {#evidence data-search-exclude}\n")
        out.append(_reason_list(site, evidence, page, "", shown))
    return out


def _evidence_body(site: Site, evidence, page: str, shown: set[str]) -> list[str]:
    out = []
    if evidence.text:
        out += ["## The observation {#text}\n", site.markdown(evidence.text, page) + "\n"]
    for relation, heading in (("supports", "Supports"), ("attacks", "Counts against"), ("bears_on", "Bears on")):
        targets = [r for r in site.outgoing(evidence.id, (relation,)) if r.entry.id not in shown]
        if targets:
            out.append(f"## {heading} {{#{relation.replace('_', '-')} data-search-exclude}}\n")
            out.append("\n".join(f"- {site.link(page, r.entry)} ({r.entry.kind})" for r in targets) + "\n")
            shown.update(r.entry.id for r in targets)
    return out


def _source_body(site: Site, source, page: str, shown: set[str]) -> list[str]:
    out = ["## Reference {#reference}\n", bibliography_line(source, page, site, linked=False) + "\n"]
    if source.note:
        out += ["## Note {#note}\n", site.markdown(source.note, page) + "\n"]
    # who cites the source is a group of its neighbours, below
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


def _groups(site: Site, entry: Entry, shown: set[str]) -> dict[tuple, list]:
    """The entry's neighbours not in ``shown``, each in the most telling of its groups
    (GROUP_ORDER): ``{(rank, label, sense or None): [[the relations to one neighbour]...]}``."""
    by_neighbour: dict[str, list] = defaultdict(list)
    for r in site.related(entry.id):
        if r.entry.id not in shown and r.label in GROUP_ORDER:
            by_neighbour[r.entry.id].append(r)
    groups: dict[tuple, list] = defaultdict(list)
    senses = {s.id for s in getattr(entry, "senses", [])}
    for records in by_neighbour.values():
        best = min(GROUP_ORDER.index(r.label) for r in records)
        mine = [r for r in records if r.label == GROUP_ORDER[best]]
        # an entry that uses one sense of this page's term is listed under that sense
        sense = next((r.sense for r in mine if r.direction == "in" and r.sense in senses), None)
        groups[(best, GROUP_ORDER[best], sense)].append(mine)
    return groups


def _connections(site: Site, entry: Entry, page: str, shown: set[str]) -> str:
    """The entry's other neighbours, each once, in the most telling of its groups.

    Links in the entry's own text (``mentions``) are already in the text. A group is a heading
    (so it is in the table of contents) with its count; its neighbours come most connected
    first, and kb.js folds a long group after the first few.
    """
    groups = _groups(site, entry, shown)
    out = ["## Connections {#connections data-search-exclude}\n"]
    if not groups:
        if len(shown) > 1:
            return ""
        out.append("*No other entry is linked to this one yet.*\n{: .kb-note }\n")
        return "\n".join(out)
    senses = {s.id: s for s in getattr(entry, "senses", [])}
    for (_, label, sense), items in sorted(groups.items(), key=lambda g: (g[0][0], g[0][2] or "")):
        items.sort(key=lambda rs: (-len(site.related(rs[0].entry.id)), sort_key(rs[0].entry.name)))
        heading, anchor = escape_text(LABELS[label]), label.replace("_", "-")
        if sense:
            heading += f", in the sense “{escape_text(senses[sense].name)}”"
            anchor = f"in-the-sense-{sense}"
        fold = " .kb-fold" if len(items) > SHOWN_FIRST else ""
        out.append(f"### {heading} ({len(items)}) {{#{anchor}{fold} data-search-exclude}}\n")
        out.append("\n".join(_neighbour(site, page, records, label) for records in items) + "\n")
    return "\n".join(out)


def _neighbour(site: Site, page: str, records: list, label: str) -> str:
    """One neighbour in its group: the link (naming the sense it means), its kind where the group
    mixes kinds, and the notes of the relation."""
    other = records[0].entry
    out_senses = sorted({r.sense for r in records if r.direction == "out" and r.sense})
    names = {s.id: s.name for s in getattr(other, "senses", [])}
    if len(out_senses) == 1:
        # a list names the sense meant ("search (RLO)"): links to two senses must not read alike
        line = f"- {site.link(page, other, shown=names.get(out_senses[0], list_name(other)), sense=out_senses[0])}"
    else:
        line = f"- {site.link(page, other, shown=list_name(other))}"
        if out_senses:
            line += " (in the senses " + " and ".join(
                f"{site.link(page, other, shown=names.get(s, s), sense=s)}" for s in out_senses) + ")"
    if label in ("used_by", "mentioned_by", "cited_by", "supported_by", "attacked_by", "related", "supports",
                 "attacks", "bears_on", "evidenced_by", "concluded_by", "premise_of"):
        line += f" ({KIND_NAMES[other.kind].lower()})"
    notes = list(dict.fromkeys(r.note for r in records if r.note))
    if notes:
        line += ": " + " ".join(site.markdown(n, page) for n in notes).replace("\n", "\n    ")
    return line
