"""The index of each kind of entry (tables, a bibliography, an A–Z list) and the glossary."""
from __future__ import annotations

from collections import defaultdict

from ..model import CLAIM_STATUS_MEANINGS, CLAIM_STATUSES, KINDS, PREDICTION_STATUS_MEANINGS, PREDICTION_STATUSES
from .blocks import front_matter, indent, plural, sort_key
from .entry import bibliography_line
from .escape import escape_text
from .previews import plain
from .site import Site

__all__ = ["index_page", "glossary_page", "KIND_TITLES", "KIND_BLURBS"]

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

MAX_CITED_BY_IN_BIBLIOGRAPHY = 12


def index_page(site: Site, kind: str) -> str:
    """The page listing every entry of a kind (a table where it helps)."""
    folder = KINDS[kind].folder
    page = f"{folder}/index.md"
    entries = sorted(site.base.entries(kind), key=lambda e: sort_key(e.name))
    out = [front_matter(KIND_TITLES[kind]), f"# {KIND_TITLES[kind]}\n", KIND_BLURBS[kind] + "\n"]
    if not entries:
        out.append(f"*There are no {KIND_TITLES[kind].lower()} yet.*\n")
        return "\n".join(out)
    out.append(f"{plural(len(entries), kind if kind != 'evidence' else 'piece of evidence', 'pieces of evidence' if kind == 'evidence' else None)}.\n")
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
                out.append(f"*{escape_text(CLAIM_STATUS_MEANINGS[status])}*\n")
                out.append("| Claim | For | Against |\n| --- | --- | --- |")
                for e in by_status[status]:
                    con = site.con(e.id)
                    against = str(len(con)) + (f" ({len(site.unanswered(e.id))} unanswered)" if con else "")
                    out.append(f"| {site.link(page, e)} | {len(site.pro(e.id))} | {against} |")
                out.append("")
    elif kind == "prediction":
        out.append("Statuses: " + " · ".join(f"**{s}**: {escape_text(m)}"
                                          for s, m in PREDICTION_STATUS_MEANINGS.items()) + "\n")
        out.append("| Prediction | Status | Tests | Confirmed if |\n| --- | --- | --- | --- |")
        order = {s: i for i, s in enumerate(PREDICTION_STATUSES)}
        for e in sorted(entries, key=lambda e: (order[e.status], sort_key(e.name))):
            tests = ", ".join(site.link(page, r.entry) for r in site.outgoing(e.id, ("derived_from",))) or "—"
            confirmed = escape_text(plain(e.confirmed_if, site.base, 100_000)) if e.confirmed_if else "—"
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
        for e in sorted(entries, key=lambda e: (sort_key(e.authors[0]) if e.authors else "~", sort_key(e.title))):
            out.append(indent(bibliography_line(e, page, site)))
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
    key = sort_key(name)
    return key[0].upper() if key and key[0].isalpha() and key[0].isascii() else "#"


def _letter_anchor(letter: str) -> str:
    return f"letter-{letter.lower()}" if letter != "#" else "letter-other"


def glossary_page(site: Site) -> str:
    """Every term with its one-line summary, A to Z; every alias listed, leading to its term."""
    page = "glossary.md"
    rows = []
    for term in site.base.entries("term"):
        rows.append((sort_key(term.name), term.name, term, None))
        for alias in term.aliases:
            rows.append((sort_key(alias), alias, term, alias))
    rows.sort(key=lambda r: (r[0], r[3] is not None))
    letters = sorted({_letter(r[1]) for r in rows}, key=lambda x: (x == "#", x))
    out = [front_matter("Glossary A–Z", hide=[]), "# Glossary A–Z\n",
           f"Every term of the knowledge base with its one-line summary, and every other name "
           f"it goes by. {plural(len(site.base.entries('term')), 'term')}.\n"]
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
