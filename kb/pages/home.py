"""The home page: what the site is, where to start reading, what is in it.

Nothing here belongs to one knowledge base: its title, introduction and reading paths are the
project's (:class:`kb.project.HomeText`, read from its settings by :func:`kb.project.read_home`).
Without them the page is generic: the title, what the knowledge base holds, and its indexes.
"""
from __future__ import annotations

from ..model import KINDS
from ..project import HomeText
from .blocks import front_matter, sort_key
from .escape import escape_text
from .indexes import KIND_BLURBS, KIND_TITLES
from .paths import WORDS_PER_MINUTE, reading_minutes, reading_words, site_paths
from .site import Site

__all__ = ["home_page", "DEFAULT_TITLE"]

DEFAULT_TITLE = "Knowledge base"
_KIND_NAMES = {"term": ("term", "terms"), "claim": ("claim", "claims"), "argument": ("argument", "arguments"),
               "prediction": ("prediction", "predictions"), "evidence": ("piece of evidence", "pieces of evidence"),
               "source": ("source", "sources")}


def home_page(site: Site) -> str:
    """The home page: introduction, reading paths, contested claims, central terms, and what each
    index holds (``site.home_text``), and the site's guide to writing entries (``site.guide``)."""
    text = site.home_text or HomeText()
    guide = site.guide
    base = site.base
    page = "index.md"
    title = (text.title or "").strip() or DEFAULT_TITLE
    counts = {kind: len(base.entries(kind)) for kind in KINDS}
    out = [front_matter(title)]
    # The introduction is the project's text, in a file anyone may edit like an entry: parsed and
    # written anew like an entry's text (raw HTML shows as text), its own first heading the page's.
    introduction = (text.introduction or "").replace("\r\n", "\n").strip()
    heading, _, rest = introduction.partition("\n") if introduction.startswith("# ") else ("", "", introduction)
    out.append(f"# {escape_text(heading[2:].strip() or title)}\n")
    if introduction:
        if rest.strip():
            out.append(site.markdown(rest, page) + "\n")
    else:
        held = [f"{n} {_KIND_NAMES[k][n != 1]}" for k, n in counts.items() if n and k in _KIND_NAMES]
        out.append(f"An annotated knowledge base of {len(base)} entries" + (f" ({_series(held)})" if held else "") +
                   ". Every entry is tied to the sources it comes from and linked to the entries it bears on.\n")

    out.append("## Where to start {#where-to-start}\n")
    out.append("Point at any link with the mouse, or move to it with the Tab key, to preview the entry: its "
               "summary, and for a claim where it stands. On a phone or tablet, tap the link: the entry's page "
               "opens with the same summary at the top. Search (top right) finds entries by name or by any alias.\n")
    for number, (path, ids) in enumerate(site_paths(site), 1):
        out.append(f"### {escape_text(path.title)} {{#path-{number}}}\n")
        if path.blurb:
            out.append(escape_text(path.blurb) + "\n")
        words = sum(reading_words(base[i]) for i in ids)
        minutes = reading_minutes(words)
        out.append(f"*{len(ids)} entries, about {minutes} minute{'s' if minutes != 1 else ''} of reading "
                   f"({words:,} words at {WORDS_PER_MINUTE} a minute).*\n")
        out.append("\n".join(f"{n}. {site.link(page, base[i])}: {escape_text(base[i].summary)}"
                             for n, i in enumerate(ids, 1)) + "\n")
    contested = [c for c in base.entries("claim") if c.status == "contested"]
    if contested:
        contested.sort(key=lambda c: (-(len(site.pro(c.id)) + len(site.con(c.id))), sort_key(c.name)))
        out.append("### Contested claims {#contested}\n")
        out.append("Claims under dispute, most argued first; each page maps the arguments on both sides.\n")
        out.append("\n".join(f"- {site.link(page, c)}" for c in contested[:8]) + "\n")
        if len(contested) > 8:
            out.append(f"[All {len(contested)} contested claims](claims/index.md#contested)\n")
    terms = base.entries("term")
    if terms:
        central = sorted(terms, key=lambda t: (-len(site.related(t.id)), sort_key(t.name)))[:10]
        out.append("### Central terms {#central-terms}\n")
        out.append("The terms most linked to:\n")
        out.append(" · ".join(site.link(page, t) for t in sorted(central, key=lambda t: sort_key(t.name))) + "\n")

    out.append("## What is here {#what-is-here}\n")
    for kind in KINDS:
        folder = KINDS[kind].folder
        out.append(f"- [{KIND_TITLES[kind]}]({folder}/index.md) ({counts[kind]}): {KIND_BLURBS[kind]}")
    out.append("- [Glossary A–Z](glossary.md): every term and every other name it goes by.")
    out.append("- [Graph view](graph/index.md): the whole knowledge base as a network; each entry "
               "page links to its own neighbourhood.\n")

    out.append("## Contributing {#contributing}\n")
    rules = "[the rules](rules.md) list every check `kb check` makes and how to fix what it reports.\n"
    written = f"[Writing entries]({guide}) gives the format field by field; {rules}" if guide else "T" + rules[1:]
    out.append("Entries are YAML files, one per entry. " + written)
    return "\n".join(out)


def _series(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
