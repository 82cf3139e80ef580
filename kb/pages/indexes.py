"""The index of each kind of entry (tables, a bibliography, an A–Z list) and the glossary."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import CLAIM_STATUS_MEANINGS, CLAIM_STATUSES, KINDS, PREDICTION_STATUS_MEANINGS, PREDICTION_STATUSES
from .blocks import front_matter, indent, plural, sort_key, table
from .entry import bibliography_line
from .escape import escape_text
from .previews import plain
from .site import Site, relative

__all__ = ["index_page", "glossary_page", "listing_parts", "listing_pages", "listing_path", "part_path", "Part",
           "LISTINGS", "SPLIT_AT", "PART_ROWS", "KIND_TITLES", "KIND_BLURBS"]

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
    """The page listing every entry of a kind (a table where it helps), on one page."""
    page = f"{KINDS[kind].folder}/index.md"
    entries = sorted(site.base.entries(kind), key=lambda e: sort_key(e.name))
    out = [front_matter(KIND_TITLES[kind]), f"# {KIND_TITLES[kind]}\n", KIND_BLURBS[kind] + "\n"]
    if not entries:
        out.append(f"*There are no {KIND_TITLES[kind].lower()} yet.*\n")
        return "\n".join(out)
    out.append(_count(kind, len(entries)) + ".\n")
    out += _index_body(site, kind, page, entries)
    return "\n".join(out)


def _count(kind: str, n: int) -> str:
    if kind == "evidence":
        return plural(n, "piece of evidence", "pieces of evidence")
    return plural(n, kind)


def _index_body(site: Site, kind: str, page: str, entries: list) -> list[str]:
    """The rows of a kind's index for ``entries`` (sorted by name), as they read on ``page``."""
    out = []
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
                rows = []
                for e in by_status[status]:
                    con = site.con(e.id)
                    against = str(len(con)) + (f" ({len(site.unanswered(e.id))} unanswered)" if con else "")
                    rows.append([site.link(page, e), str(len(site.pro(e.id))), against])
                out.append(table(["Claim", "For", "Against"], rows) + "\n")
    elif kind == "prediction":
        out.append("Statuses: " + " · ".join(f"**{s}**: {escape_text(m)}"
                                          for s, m in PREDICTION_STATUS_MEANINGS.items()) + "\n")
        order = {s: i for i, s in enumerate(PREDICTION_STATUSES)}
        rows = []
        for e in sorted(entries, key=lambda e: (order[e.status], sort_key(e.name))):
            tests = ", ".join(site.link(page, r.entry) for r in site.outgoing(e.id, ("derived_from",))) or "—"
            confirmed = escape_text(plain(e.confirmed_if, site.base, 100_000)) if e.confirmed_if else "—"
            rows.append([site.link(page, e), f"**{e.status}**", tests, confirmed])
        out.append(table(["Prediction", "Status", "Tests", "Confirmed if"], rows) + "\n")
    elif kind == "argument":
        rows = []
        for e in entries:
            concl = ", ".join(site.link(page, r.entry) for r in site.outgoing(e.id, ("conclusion",))) or "—"
            attacks = ", ".join(site.link(page, r.entry) for r in site.outgoing(e.id, ("attacks",))) or "—"
            rows.append([site.link(page, e), concl, attacks, str(len(site.con(e.id)))])
        out.append(table(["Argument", "Concludes", "Attacks", "Attacked by"], rows) + "\n")
    elif kind == "evidence":
        rows = [[site.link(page, e)] + [", ".join(site.link(page, r.entry) for r in site.outgoing(e.id, (rel,))) or "—"
                                        for rel in ("supports", "attacks", "bears_on")] for e in entries]
        out.append(table(["Evidence", "Supports", "Counts against", "Bears on"], rows) + "\n")
    elif kind == "source":
        out.append("A bibliography of the texts the entries draw on, and the entries that cite each.\n")
        for e in sorted(entries, key=lambda e: (sort_key(e.authors[0]) if e.authors else "~", sort_key(e.title))):
            out.append(indent(bibliography_line(e, page, site)))
            citing = site.incoming(e.id, ("cites",))
            if citing:
                shown = ", ".join(site.link(page, c) for c in citing[:MAX_CITED_BY_IN_BIBLIOGRAPHY])
                more = len(citing) - MAX_CITED_BY_IN_BIBLIOGRAPHY
                shown += f", and {more} more (see the source's page)" if more > 0 else ""
                # the names of other entries, as on the source's own page: kept out of the search
                # (in one section with the whole bibliography, Zensical's index refuses it at 10,000)
                out.append(f"\n    Cited by: {shown}\n    {{: data-search-exclude }}")
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
    return out


def _letter(name: str) -> str:
    key = sort_key(name)
    return key[0].upper() if key and key[0].isalpha() and key[0].isascii() else "#"


def _letter_anchor(letter: str) -> str:
    return f"letter-{letter.lower()}" if letter != "#" else "letter-other"


def glossary_page(site: Site) -> str:
    """Every term with its one-line summary, A to Z; every alias listed, leading to its term."""
    page = "glossary.md"
    rows = _glossary_rows(site)
    letters = sorted({_letter(r[1]) for r in rows}, key=_letter_order)
    out = [front_matter("Glossary A–Z", hide=[]), "# Glossary A–Z\n", _glossary_intro(site)]
    if letters:
        out.append(" · ".join(f"[{escape_text(x)}](#{_letter_anchor(x)})" for x in letters) + "\n{: .kb-letters }\n")
    out += _glossary_body(site, page, rows)
    return "\n".join(out)


def _glossary_intro(site: Site) -> str:
    return (f"Every term of the knowledge base with its one-line summary, and every other name "
            f"it goes by. {plural(len(site.base.entries('term')), 'term')}.\n")


def _glossary_rows(site: Site) -> list[tuple]:
    """(sort key, name, term, alias or None) for every term and alias, in the glossary's order."""
    rows = []
    for term in site.base.entries("term"):
        rows.append((sort_key(term.name), term.name, term, None))
        for alias in term.aliases:
            rows.append((sort_key(alias), alias, term, alias))
    rows.sort(key=lambda r: (r[0], r[3] is not None))
    return rows


def _glossary_body(site: Site, page: str, rows: list[tuple]) -> list[str]:
    out = []
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
    return out


def _letter_order(letter: str):
    return (letter == "#", letter)


# --- long listings, split by letter ----------------------------------------------------------------
# A listing (the glossary, a kind's index) of more rows than SPLIT_AT is split: its page becomes a
# page of letters, and each letter gets its own page, of at most PART_ROWS rows (a bigger letter
# is cut into parts of equal size). A reader on a phone gets pages of a readable length, and an
# edit changes one letter's page, not a page of every entry (kb.pages.incremental).
SPLIT_AT = 500
PART_ROWS = 200
LISTINGS = ("glossary", *KINDS)


@dataclass(frozen=True)
class Part:
    """One page of a listing: its letter (``label``), where it is (``slug``; ``""``: the listing is
    on one page), the keys of its rows in order (an entry's id; in the glossary ``(term id, alias
    or None)``) and the names of its first and last rows."""
    slug: str
    label: str
    keys: tuple
    first: str = ""
    last: str = ""

    def ids(self) -> set[str]:
        return {k[0] if isinstance(k, tuple) else k for k in self.keys}


def listing_path(listing: str) -> str:
    """The page of a listing (``glossary`` or a kind): the glossary's, or a kind's index."""
    return "glossary.md" if listing == "glossary" else f"{KINDS[listing].folder}/index.md"


def part_path(listing: str, part: Part) -> str:
    """A letter's page: ``glossary/b.md``, ``terms/a-z/b.md`` (a folder no entry's page is in:
    they are one level up). The listing's own page when it is not split."""
    if not part.slug:
        return listing_path(listing)
    if listing == "glossary":
        return f"glossary/{part.slug}.md"
    return f"{KINDS[listing].folder}/a-z/{part.slug}.md"


def _rows(site: Site, listing: str) -> list[tuple]:
    """(key, the name its letter is taken from, what the row shows) for every row, in order."""
    if listing == "glossary":
        return [((r[2].id, r[3]), r[1], r) for r in _glossary_rows(site)]
    entries = site.base.entries(listing)
    if listing == "source":
        entries.sort(key=lambda e: (sort_key(e.authors[0]) if e.authors else "~", sort_key(e.title)))
        return [(e.id, e.authors[0] if e.authors else "", e) for e in entries]
    entries.sort(key=lambda e: sort_key(e.name))
    return [(e.id, e.name, e) for e in entries]


def listing_parts(site: Site, listing: str) -> list[Part]:
    """How a listing is split into pages (one part, slug ``""``, when it fits one page)."""
    rows = _rows(site, listing)
    if len(rows) <= SPLIT_AT:
        return [Part("", "", tuple(r[0] for r in rows))]
    by_letter: dict[str, list] = defaultdict(list)
    for row in rows:
        by_letter[_letter(row[1])].append(row)
    parts = []
    for letter in sorted(by_letter, key=_letter_order):
        group = by_letter[letter]
        count = -(-len(group) // PART_ROWS)
        size = -(-len(group) // count)
        slug = _letter_anchor(letter).removeprefix("letter-")
        for i in range(count):
            chunk = group[i * size:(i + 1) * size]
            numbered = count > 1
            parts.append(Part(f"{slug}-{i + 1}" if numbered else slug, f"{letter} {i + 1}" if numbered else letter,
                              tuple(r[0] for r in chunk), _shown(chunk[0]), _shown(chunk[-1])))
    return parts


def _shown(row) -> str:
    """The name a part's first or last row is shown by on the page of letters."""
    what = row[2]
    if isinstance(what, tuple):
        return what[1]
    return what.title if what.kind == "source" else what.name


def listing_pages(site: Site, listing: str, parts: list[Part], only=None) -> dict[str, str]:
    """``{path: text}`` of a listing's pages: its own and its letters' (those whose slug is in
    ``only``, default all; the page of letters of a split listing always, a listing on one
    page when ``""`` is in ``only``)."""
    if len(parts) == 1 and not parts[0].slug:
        if only is not None and "" not in only:
            return {}
        return {listing_path(listing): glossary_page(site) if listing == "glossary" else index_page(site, listing)}
    pages = {listing_path(listing): _letters_page(site, listing, parts)}
    wanted = [p for p in parts if only is None or p.slug in only]
    if wanted:
        rows = {r[0]: r[2] for r in _rows(site, listing)}
        for part in wanted:
            pages[part_path(listing, part)] = _part_page(site, listing, parts, part, [rows[k] for k in part.keys])
    return pages


def _title(listing: str) -> str:
    return "Glossary A–Z" if listing == "glossary" else KIND_TITLES[listing]


def _letter_bar(listing: str, parts: list[Part], page: str, current: Part | None = None) -> str:
    links = [f"**{escape_text(p.label)}**" if p is current
             else f"[{escape_text(p.label)}]({relative(page, part_path(listing, p))})" for p in parts]
    return " · ".join(links) + "\n{: .kb-letters }\n"


def _letters_page(site: Site, listing: str, parts: list[Part]) -> str:
    """A split listing's own page: what it lists, and a line per letter with how many rows it has
    and where it runs from and to (for claims, how many of each status)."""
    page = listing_path(listing)
    title = _title(listing)
    if listing == "glossary":
        out = [front_matter(title), f"# {title}\n", _glossary_intro(site)]
        noun = ("name", "names")
    else:
        n = sum(len(p.keys) for p in parts)
        out = [front_matter(title), f"# {title}\n", KIND_BLURBS[listing] + "\n", _count(listing, n) + ", "
               f"a page for each letter.\n"]
        noun = ("piece of evidence", "pieces of evidence") if listing == "evidence" else (listing, listing + "s")
    out.append(_letter_bar(listing, parts, page))
    for part in parts:
        span = f"{escape_text(part.first)} to {escape_text(part.last)}" if part.first != part.last else escape_text(part.first)
        out.append(f"- [{escape_text(part.label)}]({relative(page, part_path(listing, part))}): "
                   f"{plural(len(part.keys), *noun)}, *{span}*")
    out.append("")
    if listing == "claim":
        order = ["contested"] + [s for s in CLAIM_STATUSES if s != "contested"]
        status = {e.id: e.status for e in site.base.entries("claim")}
        for s in order:
            counts = [(p, sum(status[k] == s for k in p.keys)) for p in parts]
            total = sum(c for _p, c in counts)
            if not total:
                continue
            out.append(f"## {s.capitalize().replace('-', ' ')} {{#{s}}}\n")
            out.append(f"*{escape_text(CLAIM_STATUS_MEANINGS[s])}* {plural(total, 'claim')}:\n")
            out.append(" · ".join(f"[{escape_text(p.label)}]({relative(page, part_path(listing, p))}#{s}) ({c})"
                                  for p, c in counts if c) + "\n")
    return "\n".join(out)


def _part_page(site: Site, listing: str, parts: list[Part], part: Part, rows: list) -> str:
    """One letter's page of a split listing (``rows``: what its rows show, in order)."""
    page = part_path(listing, part)
    title = f"{_title(listing).removesuffix(' A–Z')}: {part.label}"
    back = "The whole glossary" if listing == "glossary" else f"All {KIND_TITLES[listing].lower()}"
    out = [front_matter(title), f"# {escape_text(title)}\n",
           f"[{back}]({relative(page, listing_path(listing))}), by letter:\n",
           _letter_bar(listing, parts, page, part)]
    if listing == "glossary":
        out += _glossary_body(site, page, rows)
    else:
        out += _index_body(site, listing, page, rows)
    return "\n".join(out)
