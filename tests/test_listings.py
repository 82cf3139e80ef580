"""The glossary and the kind indexes: on one page while they are short, split by letter when long
(a page of letters, a page per letter), every row on exactly one letter's page and every link
leading to a page of the site."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

import kb
from kb.pages import build_pages
from kb.pages import indexes
from kb.pages.indexes import LISTINGS, listing_parts, listing_path, part_path
from kb.pages.site import Site

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "site"
LINK = re.compile(r"\]\(([^) ]+)")


@pytest.fixture
def split(monkeypatch):
    """Listings of more than 2 rows split, at most 2 rows on a letter's page."""
    monkeypatch.setattr(indexes, "SPLIT_AT", 2)
    monkeypatch.setattr(indexes, "PART_ROWS", 2)


def _target(page: str, link: str) -> str:
    if link.startswith("#"):
        return page
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), link.split("#")[0]))


def test_a_long_listing_is_split_into_letters_each_row_on_one_page(split):
    base = kb.load(FIXTURE)
    site = Site(base)
    pages = build_pages(base)
    for listing in LISTINGS:
        parts = listing_parts(site, listing)
        keys = [k for p in parts for k in p.keys]
        rows = len(base.entries(listing)) if listing != "glossary" else \
            sum(1 + len(t.aliases) for t in base.entries("term"))
        assert len(keys) == len(set(keys)) == rows  # every row once
        if rows <= 2:
            assert [p.slug for p in parts] == [""]
            continue
        assert all(1 <= len(p.keys) <= 2 for p in parts)
        hub = pages[listing_path(listing)]
        for part in parts:
            path = part_path(listing, part)
            assert path in pages and "/a-z/" in path or path.startswith("glossary/")
            assert any(_target(listing_path(listing), link) == path for link in LINK.findall(hub))
            text = pages[path]
            for ident in part.ids():
                assert f"]({posixpath.relpath(f'{base[ident].folder}/{ident}.md', posixpath.dirname(path))} " in text


def test_every_link_on_a_split_listing_leads_to_a_page_and_its_anchors_exist(split):
    base = kb.load(FIXTURE)
    pages = build_pages(base)
    listed = [p for p in pages if "/a-z/" in p or p.startswith("glossary")]
    assert len(listed) > 8
    for page in listed:
        for link in LINK.findall(pages[page]):
            if link.startswith(("http:", "https:", "mailto:")):
                continue
            target = _target(page, link)
            assert target in pages, (page, link)
            if "#" in link:
                anchor = link.split("#")[1]
                assert "{#" + anchor + "}" in pages[target], (page, link)
    # the home page's link to every contested claim (claims/index.md#contested) still leads to
    # where they are listed: the page of letters says which letters' pages have them
    hub = pages["claims/index.md"]
    assert "{#contested}" in hub and "#contested) (" in hub


def test_short_listings_stay_on_one_page_and_the_bundled_base_reads_on_one_page():
    base = kb.load(FIXTURE)
    pages = build_pages(base)
    assert not [p for p in pages if "/a-z/" in p or p.startswith("glossary/")]
    assert "{#letter-m}" in pages["glossary.md"]
    bundled = Site(kb.load(ROOT / "concepts"))
    assert {name: len(listing_parts(bundled, name)) for name in LISTINGS} == {name: 1 for name in LISTINGS}
