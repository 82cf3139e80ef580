"""The home page: what the site is, where to start reading, what is in it."""
from __future__ import annotations

from ..model import KINDS
from .blocks import front_matter, sort_key
from .escape import escape_text
from .indexes import KIND_BLURBS, KIND_TITLES
from .site import Site

__all__ = ["home_page", "READING_PATHS", "SITE_TITLE"]

# Guided reading paths for the home page. Ids that the knowledge base does not have are
# skipped; a path with fewer than two entries left is not shown. Each path is read in the
# order of its terms' prerequisites (`requires`), see _path_ids.
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

SITE_TITLE = "Learned optimization"


def home_page(site: Site) -> str:
    """The home page: reading paths, contested claims, central terms, and what each index holds."""
    base = site.base
    page = "index.md"
    counts = {kind: len(base.entries(kind)) for kind in KINDS}
    out = [front_matter(SITE_TITLE), f"# {SITE_TITLE}: an annotated knowledge base\n",
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
        ids = _path_ids(base, path["ids"])
        if len(ids) < 2:
            continue
        shown += 1
        out.append(f"### {escape_text(path['title'])} {{#path-{shown}}}\n")
        out.append(escape_text(path["blurb"]) + "\n")
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
    out.append("Entries are YAML files in `concepts/`, one per entry. [Writing entries](writing-entries.md) "
               "gives the format field by field; [the rules](rules.md) list every check `kb check` "
               "makes and how to fix what it reports.\n")
    return "\n".join(out)


def _path_ids(base, ids) -> list[str]:
    """A reading path's entries in reading order: each term after its prerequisites (which the
    path gains), other entries where the path puts them; ids the base lacks are skipped."""
    return [e.id for e in base.reading_order(*[i for i in ids if i in base], uses=False)]
