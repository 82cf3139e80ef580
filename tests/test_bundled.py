"""The bundled knowledge base: clean, connected, and every quote verified against its source."""
from __future__ import annotations

from pathlib import Path

import pytest

import kb

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "sources"


@pytest.fixture(scope="module")
def base():
    return kb.load()


def test_bundled_base_has_no_errors_or_warnings(base):
    problems = [p for p in base.check() if p.severity in ("error", "warning")]
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/sources is not beside the project")
def test_every_quote_was_verified(base):
    assert not [p for p in base.check() if p.code == "KB503"]
    quotes = sum(1 for e in base for c, _ in e.citations() if c.quote)
    assert quotes > 100


def test_every_kind_is_present_and_the_graph_is_connected(base):
    import networkx as nx
    for kind in kb.KINDS:
        assert base.entries(kind), kind
    assert nx.is_weakly_connected(base.graph)


def test_the_five_sources_point_at_their_texts(base):
    for name in ("rlo-1-introduction", "rlo-2-conditions-for-mesa-optimization", "agency-as-a-natural-abstraction",
                 "messy-mesa-optimization-in-current-models", "gradient-descent-doesnt-select-for-inner-search"):
        source = base[name]
        assert source.text_path is not None and source.text_path.name == f"{name}.txt"
