"""Suggestions and find() through indexes give what a comparison with every name gives."""
import difflib
import random

import pytest

import kb
from kb.names import NameIndex, name_key
from kb.similar import CloseMatches


def _rank_everything(query, candidates):
    """find()'s ranking computed the slow way: every name compared with the query."""
    q = name_key(query)
    scored = []
    for ident, names in candidates.items():
        best = 0.0
        for position, name in enumerate(names):
            k = name_key(name)
            if k == q:
                score = 4.0 - 0.1 * min(position, 1)
            elif k.startswith(q):
                score = 3.0 + len(q) / len(k)
            elif q in k:
                score = 2.0 + len(q) / len(k)
            else:
                ratio = difflib.SequenceMatcher(None, q, k).ratio()
                score = ratio + 1.0 if ratio >= 0.8 else 0.0
            best = max(best, score)
        if best:
            scored.append((-best, ident))
    return [ident for _, ident in sorted(scored)]


def _typos(words, count, seed=0):
    rnd = random.Random(seed)
    for i in range(count):
        word = rnd.choice(words)
        j = rnd.randrange(len(word))
        yield [word[:j] + word[j + 1:], word[:j] + "x" + word[j:], word[:j] + "e" + word[j + 1:],
               word[: max(1, len(word) // 2)], word[1:-1] or word][i % 5]


@pytest.fixture(scope="module")
def bundled():
    return kb.load()


def test_find_index_ranks_like_comparing_every_name(bundled):
    candidates = {e.id: [*e.names, e.id] for e in bundled.entries()}
    index = NameIndex(candidates)
    names = [n for ns in candidates.values() for n in ns]
    for query in _typos(names, 50):
        assert index.rank(query) == _rank_everything(query, candidates), query


def test_suggestions_match_difflib_on_the_bundled_ids(bundled):
    ids = list(bundled.by_id)
    index = CloseMatches(ids)
    same = 0
    for query in _typos(ids, 60, seed=1):
        found, everything = index.close(query), difflib.get_close_matches(query, ids, n=3, cutoff=0.6)
        assert found[:1] == everything[:1], query  # the best suggestion is always the same
        assert all(difflib.SequenceMatcher(None, f, query).ratio() >= 0.6 for f in found)
        same += found == everything
    assert same >= 0.9 * 60  # only a weak third suggestion may differ


def test_one_typo_is_found_among_many_similar_ids():
    ids = [f"term-{i}" for i in range(5000)]
    index = CloseMatches(ids)
    assert index.close("term-31e6")[0] == "term-316"
    assert index.close("claim-e63") == []  # nothing close enough
    assert index.close("term-4999x")[0] == "term-4999"


def test_dangling_reference_still_suggests(tmp_path):
    (tmp_path / "terms").mkdir()
    (tmp_path / "claims").mkdir()
    (tmp_path / "terms" / "mesa-optimizer.yaml").write_text(
        "id: mesa-optimizer\nname: mesa-optimizer\nsummary: s.\ndefinition: d.\n")
    (tmp_path / "claims" / "c.yaml").write_text(
        "id: c\ntitle: A claim\nsummary: s.\nstatus: proposed\nuses: [mesa-optimiser]\n")
    found = [p for p in kb.load(tmp_path).check() if p.code == "KB301"]
    assert found and "did you mean mesa-optimizer?" in found[0].fix
