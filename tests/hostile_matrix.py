"""A generated hostile project: every text field of every entry kind, and every setting and home
file a project holds, carrying every class of payload.

Each payload calls ``kbPwn(N)`` (a function the browser test defines on every page) or asks for
``//evil.invalid/N``; N names the field and the payload (:func:`describe`), so a test that
catches a call or a request says which field let which payload through.
"""
from __future__ import annotations

import json
from pathlib import Path

__all__ = ["PAYLOADS", "FIELDS", "write_project", "describe", "EVIL_HOST"]

EVIL_HOST = "evil.invalid"

# One template per class of attack; {P} is the script to run, {N} the payload's number.
PAYLOADS: list[tuple[str, str]] = [
    ("script", "<script>{P}</script>"),
    ("img-onerror", "<img src=x onerror={P}>"),
    ("svg-onload", "<svg/onload={P}>"),
    ("svg-script", "<svg><script>{P}</script></svg>"),
    ("mxss-math", "<math><mtext><table><mglyph><style><img src=x onerror={P}>"),
    ("dq-breakout", "\"><img src=x onerror={P}>"),
    ("sq-breakout", "'><img src=x onerror={P}>"),
    ("script-close", "</script><script>{P}</script><!--"),
    ("comment-open", "<!--<script>{P}</script>"),
    ("cdata", "<![CDATA[<img src=x onerror={P}>]]>"),
    ("js-url", "javascript:{P}"),
    ("js-url-md", "[click](javascript:{P})"),
    ("js-url-case", "[click]( JaVaScRiPt:{P} \"t\")"),
    ("js-url-entity", "[click](java&#x09;script:{P})"),
    ("js-url-tab", "[click](<java\tscript:{P}>)"),
    ("js-url-autolink", "<javascript:{P}>"),
    ("js-url-ref", "[click][r{N}]\n\n[r{N}]: javascript:{P}"),
    ("data-url", "[click](data:text/html,%3Cscript%3E{P}%3C/script%3E)"),
    ("vbscript-url", "[click](vbscript:{P})"),
    ("raw-a-href", "<a href=\"javascript:{P}\">click</a>"),
    ("attr-list", "text {{: onclick=\"{P}\" .md-button }}"),
    ("attr-list-block", "para\n{{: onmouseover=\"{P}\" }}"),
    ("md-in-html", "<div markdown=\"1\" onmouseover=\"{P}\">*x*</div>"),
    ("abbr", "HTML here\n\n*[HTML]: <img src=x onerror={P}>"),
    ("footnote", "x[^f{N}]\n\n[^f{N}]: <img src=x onerror={P}>"),
    ("admonition", "!!! note \"<img src=x onerror={P}>\"\n    body"),
    ("tabs", "=== \"<img src=x onerror={P}>\"\n    body"),
    ("details", "??? note \"<img src=x onerror={P}>\"\n    body"),
    ("mermaid", "```mermaid\ngraph TD; A[\"<img src=x onerror={P}>\"]\n```"),
    ("entity", "&lt;img src=x onerror={P}&gt;"),
    ("double-entity", "&amp;lt;img src=x onerror={P}&amp;gt;"),
    ("numeric-entity", "&#60;img src=x onerror={P}&#62;"),
    ("backslash", "\\<img src=x onerror={P}>"),
    ("code-span", "`<img src=x onerror={P}>`"),
    ("bidi", "\u202e<img src=x onerror={P}>\u202c\u200b"),
    ("template", "{{{{ {P} }}}} ${{{P}}} {{% raw %}}"),
    ("foreign-image", "![x](https://" + EVIL_HOST + "/{N}.png)"),
    ("foreign-raw-img", "<img src=https://" + EVIL_HOST + "/{N}.png>"),
    ("foreign-css", "<style>@import 'https://" + EVIL_HOST + "/{N}.css'</style>"),
    ("foreign-link", "<link rel=prefetch href=https://" + EVIL_HOST + "/{N}>"),
    ("kb-link-shown", "[[t0|<img src=x onerror={P}>]]"),
    ("title-attr", "<p title=\"</p><img src=x onerror={P}>\">x</p>"),
    ("newline-html", "a\n<img src=x onerror={P}>\nb"),
    ("pct", "%3Cimg src=x onerror={P}%3E"),
    ("json-breakout", "\"}}]</script><script>{P}</script>"),
    ("line-sep", "a\u2028<img src=x onerror={P}>\u2029b"),
]


def _fields() -> list[tuple[str, str]]:
    """(kind, field) for every text a hostile entry or the project carries."""
    shared = ["summary", "sources.locator", "sources.quote", "suppress.reason"]
    return ([("term", f) for f in ["name", "aliases", "definition", "senses.name", "senses.definition",
                                   "misconceptions", "examples", "related.note", "contrasts.note"] + shared]
            + [("claim", f) for f in ["title", "text", "held_by", "uses.note"] + shared]
            + [("argument", f) for f in ["title", "text", "premises.note", "conclusion.stated_in.locator",
                                          "conclusion.stated_in.quote", "attacks.editorial"] + shared]
            + [("prediction", f) for f in ["title", "text", "confirmed_if", "falsified_if",
                                            "derived_from.editorial"] + shared]
            + [("evidence", f) for f in ["title", "text", "supports.note", "bears_on.editorial"] + shared]
            + [("source", f) for f in ["title", "authors", "date", "url", "text", "note", "cites.note"] + shared]
            + [("project", f) for f in ["title", "introduction", "path.title", "path.blurb"]])


FIELDS = _fields()


def number(field: int, payload: int) -> int:
    return field * len(PAYLOADS) + payload


def describe(n: int) -> str:
    """Which field and which payload the number ``n`` stands for."""
    kind, field = FIELDS[n // len(PAYLOADS)]
    return f"{kind}.{field} × {PAYLOADS[n % len(PAYLOADS)][0]}"


def payload(field: int, index: int) -> str:
    n = number(field, index)
    return PAYLOADS[index][1].format(P=f"kbPwn({n})", N=n)


def _entry(kind: str, i: int, group: list[int], count: int) -> dict:
    """Entry number ``i`` (of ``count``) of ``kind``: every field carries the payloads of ``group``,
    one paragraph each."""
    field = lambda name: FIELDS.index((kind, name))
    v = lambda name: "\n\n".join(payload(field(name), j) for j in group)
    near = lambda letter, step: f"{letter}{(i + step) % count}"
    cite = {"source": f"s{i}", "locator": v("sources.locator"), "quote": v("sources.quote")}
    entry: dict = {"id": f"{kind[0]}{i}", "summary": v("summary"), "sources": [cite],
                   "suppress": [{"rule": "KB999", "reason": v("suppress.reason")}]}
    if kind == "term":
        entry.update(name=v("name"), aliases=[v("aliases")], definition=v("definition") + f"\n\nSee [[c{i}]].",
                     senses=[{"id": "one", "name": v("senses.name"), "definition": v("senses.definition")},
                             {"id": "two", "name": f"second sense {i}", "definition": "plain"}],
                     misconceptions=[v("misconceptions")], examples=[v("examples")],
                     related=[{"to": near("t", 1), "note": v("related.note")}],
                     contrasts=[{"to": near("t", 2), "note": v("contrasts.note")}])
    elif kind == "claim":
        entry.update(title=v("title"), status="contested", text=v("text") + f"\n\nSee [[t{i}]].",
                     held_by=[v("held_by")], uses=[{"to": f"t{i}", "note": v("uses.note")}])
    elif kind == "argument":
        entry.update(title=v("title"), text=v("text"), premises=[{"to": near("c", 1), "note": v("premises.note")}],
                     conclusion={"to": f"c{i}", "stated_in": {"source": f"s{i}",
                                                               "locator": v("conclusion.stated_in.locator"),
                                                               "quote": v("conclusion.stated_in.quote")}},
                     attacks=[{"to": near("c", 2), "editorial": v("attacks.editorial")}])
    elif kind == "prediction":
        entry.update(title=v("title"), text=v("text"), status="open", confirmed_if=v("confirmed_if"),
                     falsified_if=v("falsified_if"), derived_from=[{"to": f"c{i}", "editorial": v("derived_from.editorial")}])
    elif kind == "evidence":
        entry.update(title=v("title"), text=v("text"), supports=[{"to": f"c{i}", "note": v("supports.note")}],
                     bears_on=[{"to": f"p{i}", "editorial": v("bears_on.editorial")}])
    elif kind == "source":
        entry.update(title=v("title"), authors=[v("authors")], date=v("date"), url=v("url"), note=v("note"),
                     cites=[{"to": near("s", 1), "note": v("cites.note")}])
        entry["sources"][0]["source"] = near("s", 1)  # not itself
        entry["source_text"] = v("text")
    return entry


_FOLDERS = {"term": "terms", "claim": "claims", "argument": "arguments", "prediction": "predictions",
            "evidence": "evidence", "source": "sources"}


def write_project(root: Path, entries: int | None = None) -> Path:
    """A project at ``root`` (mkdocs.yml, pyproject.toml, home/, concepts/) whose every text is
    hostile: ``entries`` entries of each kind (default: one per payload), the payloads dealt out
    among them in turn. Returns ``root``."""
    count = entries or len(PAYLOADS)
    groups = [list(range(i, len(PAYLOADS), count)) for i in range(count)]
    everything = range(len(PAYLOADS))
    (root / "home").mkdir(parents=True, exist_ok=True)
    (root / "texts").mkdir(exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    project = lambda name, i: payload(FIELDS.index(("project", name)), i)
    # mkdocs.yml is the maintainers' configuration, which may run any script (extra_javascript):
    # its site_name stays plain.
    starter = (Path(__file__).resolve().parent.parent / "kb" / "starter" / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text("\n".join(line for line in starter.replace("{{kb:title}}", "Hostile").splitlines()
                                               if "writing-entries" not in line) + "\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(
        "[tool.kb]\nconcepts = \"concepts\"\n"
        f"title = {json.dumps(' '.join(project('title', i) for i in everything))}\n"
        "introduction = \"home/introduction.md\"\nreading_paths = \"home/reading-paths.yaml\"\n", encoding="utf-8")
    (root / "home" / "introduction.md").write_text(
        "\n\n".join(project("introduction", i) for i in everything) + "\n", encoding="utf-8")
    paths = [{"title": " ".join(project("path.title", j) for j in group),
              "blurb": " ".join(project("path.blurb", j) for j in group), "ids": [f"t{i}", f"c{i}"]}
             for i, group in enumerate(groups)]
    (root / "home" / "reading-paths.yaml").write_text(json.dumps(paths, indent=1), encoding="utf-8")
    for kind, folder in _FOLDERS.items():
        (root / "concepts" / folder).mkdir(parents=True, exist_ok=True)
        for i, group in enumerate(groups):
            entry = _entry(kind, i, group, count)
            text = entry.pop("source_text", None)
            if text is not None:
                (root / "texts" / f"s{i}.txt").write_text(text + "\n", encoding="utf-8")
                entry["text"] = f"../../texts/s{i}.txt"
            # JSON is YAML: every payload is written exactly as it is, whatever it holds.
            (root / "concepts" / folder / f"{entry['id']}.yaml").write_text(
                json.dumps(entry, indent=1, ensure_ascii=False), encoding="utf-8")
    return root
