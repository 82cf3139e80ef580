"""Fuzzing: hostile constructs mixed into valid entries never become live markup, never crash the
loader, the checks or the page generator, and every problem points at a line inside its file.

The escaping is tested on its own, without the plugin's sanitizer: it must be enough by itself."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
from hypothesis import HealthCheck, given, settings, strategies as st

import kb
from kb.pages import build_pages
from kb.pages.site import Site, render_markdown
from mistakes import add_files, good_base

FRAGMENTS = [
    "<script>window.x=1</script>", "<img src=x onerror=alert(1)>", "<pre class=\"kb-mermaid\">graph TD</pre>",
    "`", "``", "\n", "\n\n", "    ", "[[search]]", "[[search|shown <b>]]", "[[nowhere]]", "[a](", "](javascript:x)",
    "[x](https://example.org)", "{: .kb-mermaid onclick=y }", "{: .md-button }", "===", "---", "\n[r]: javascript:x\n",
    "[r]", "~~~kb-mermaid\n", "```\n", "> ", "- ", "1. ", "* ", "+ ", ": ", "| a | b |", "\u202e", "\u200b",
    "&#60;script&#62;", "&lt;", "*", "_", "**", "\\", "<!--", "-->", "<http://t.invalid/>", "![i](http://t.invalid/p)",
    "<svg onload=y>", "<a href=javascript:x>l</a>", "word", " ", "#", "[TOC]", "<style>p{}</style>", "\t",
]
texts = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=30).map("".join)

# What Python-Markdown may produce from the generator's own Markdown for an entry's text.
ALLOWED = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br", "hr"}


class Elements(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _render(text: str, site: Site) -> str:
    md = render_markdown(text, site, "claims/fuzz.md")
    return markdown.markdown(md, extensions=["attr_list", "def_list", "tables", "toc"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_entry_markdown_never_becomes_live_markup(text):
    site = _SITE
    for tag, attrs in Elements(_render(text, site)).found:
        assert tag in ALLOWED, (tag, attrs, text)
        assert not any(name.startswith("on") or name in ("style", "class", "id", "src") for name in attrs), (tag, attrs, text)
        if tag == "a":
            href = attrs.get("href", "")
            assert re.match(r"^(https?://|mailto:|\.\./|[a-z-]+\.md|#)", href) or href.startswith(("../", "search")), (href, text)


_SITE = Site(kb.load(Path(__file__).parent / "fixtures" / "site"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=texts, text=texts, note=texts)
def test_fuzzed_entries_load_check_and_build_pages_with_located_problems(tmp_path_factory, title, text, note):
    import json

    root = good_base(tmp_path_factory.mktemp("fuzz"))
    body = (f"id: fuzz\ntitle: {json.dumps(title)}\nsummary: {json.dumps(note)}\nstatus: contested\n"
            f"text: {json.dumps(text)}\nuses:\n  - to: search\n    note: {json.dumps(note)}\n")
    add_files(root, {"claims/fuzz.yaml": body})
    base = kb.load(root)
    problems = base.check()
    for p in problems:
        path = Path(p.file)
        if path.is_file() and p.line:
            assert 1 <= p.line <= len(re.split(r"\r\n|\r|\n", path.read_text(encoding="utf-8"))), str(p)
    pages = build_pages(base)
    for name, page in pages.items():
        if name.endswith(".md"):
            html = markdown.markdown(page.split("---\n", 2)[-1], extensions=["attr_list", "def_list", "tables", "toc"])
            for tag, attrs in Elements(html).found:
                # (the generator draws its own SVG maps; no entry text can start an element)
                assert tag not in ("script", "img", "iframe", "style", "object", "foreignobject", "image"), (name, tag)
                assert not (tag == "a" and attrs.get("href", "").lower().startswith("javascript")), (name, attrs)
                assert not any(n.startswith("on") for n in attrs), (name, tag, attrs)
                assert "md-button" not in attrs.get("class", ""), (name, attrs)
