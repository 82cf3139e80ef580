"""A synthetic, valid knowledge base of N entries, for the benchmarks.

The mix follows the bundled base: about 40% terms, 25% claims, 15% arguments, 8% predictions,
7% evidence and 5% sources. Definitions run 100-400 words; terms have aliases, some have senses,
broader/related/contrasts (contrasts with a note); claims, arguments and evidence are linked by
typed relations, some with notes; every entry cites sources with a locator and a quote taken
from the source's text (so the quote check does real work); texts carry a few [[links]].

``kb check`` on the result reports no error (warnings such as unargued claims may remain).

    python benchmarks/synth.py 1000 /tmp/kb-1000      # writes /tmp/kb-1000/concepts
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

__all__ = ["synthesize", "WORDS"]

WORDS = ("optimizer objective search policy gradient model training selection proxy heuristic "
         "generalization compute alignment inner outer deceptive robust learned base mesa reward "
         "environment agent planning abstraction capability distribution shift corrigible values "
         "incentive oversight interpretability circuit feature network loss function behavior goal").split()
SOURCE_WORDS = 2000  # words of plain text per source


def _sentence(rnd: random.Random, n: int = 12) -> str:
    return " ".join(rnd.choices(WORDS, k=n)).capitalize() + "."


def _paragraphs(rnd: random.Random, words: int) -> str:
    sentences, count = [], 0
    while count < words:
        n = rnd.randint(8, 25)
        sentences.append(_sentence(rnd, n))
        count += n
    return " ".join(sentences)


def synthesize(root: Path, n: int, seed: int = 0) -> Path:
    """Write a knowledge base of ``n`` entries (``n`` >= 20) under ``root/concepts``; return that folder."""
    if n < 20:
        raise ValueError("the synthetic base needs at least 20 entries")
    rnd = random.Random(seed)
    concepts = root / "concepts"
    texts = root / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    folders = {k: concepts / k for k in ("terms", "claims", "arguments", "predictions", "evidence", "sources")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    counts = {"sources": max(2, n * 5 // 100), "terms": n * 40 // 100, "claims": n * 25 // 100,
              "arguments": n * 15 // 100, "predictions": n * 8 // 100}
    counts["evidence"] = n - sum(counts.values())
    prefix = {"sources": "source", "terms": "term", "claims": "claim", "arguments": "argument",
              "predictions": "prediction", "evidence": "evidence"}
    ids = {kind: [f"{prefix[kind]}-{i}" for i in range(count)] for kind, count in counts.items()}
    sources, terms, claims, arguments = ids["sources"], ids["terms"], ids["claims"], ids["arguments"]
    source_words: dict[str, list[str]] = {}

    for i, s in enumerate(sources):
        words = _paragraphs(rnd, SOURCE_WORDS).split()
        source_words[s] = words
        (texts / f"{s}.txt").write_text(" ".join(words) + "\n", encoding="utf-8")
        (folders["sources"] / f"{s}.yaml").write_text(
            f"id: {s}\ntitle: Source number {i}\nsummary: {_sentence(rnd)}\nauthors: [Author {i}]\n"
            f"date: \"2019\"\ntext: ../../texts/{s}.txt\n", encoding="utf-8")

    def cite(k: int = 1, indent: str = "") -> str:
        out = f"{indent}sources:\n"
        for _ in range(k):
            source = rnd.choice(sources)
            words = source_words[source]
            start = rnd.randrange(len(words) - 12)
            quote = " ".join(words[start:start + rnd.randint(5, 12)])
            out += (f"{indent}  - source: {source}\n{indent}    locator: \"§{rnd.randint(1, 9)}, para. "
                    f"{rnd.randint(1, 9)}\"\n{indent}    quote: \"{quote}\"\n")
        return out

    def links(pool: list[str], k: int = 2) -> str:
        return " ".join(f"See [[{rnd.choice(pool)}]]." for _ in range(k))

    def block(text: str) -> str:
        return "|\n  " + text + "\n"

    for i, t in enumerate(terms):
        broader = f"broader: [{terms[rnd.randrange(i)]}]\n" if i else ""
        related = f"related: [{terms[rnd.randrange(i - 1)]}]\n" if i > 2 else ""
        contrasts = (f"contrasts:\n  - to: {terms[i - 1]}\n    note: {_sentence(rnd)}\n"
                     if i > 1 and i % 4 == 0 else "")
        senses = (f"senses:\n  - id: narrow\n    name: narrow sense {i}\n    definition: {_sentence(rnd)}\n"
                  f"  - id: broad\n    name: broad sense {i}\n    definition: {_sentence(rnd)}\n"
                  if i % 5 == 0 else "")
        definition = _paragraphs(rnd, rnd.randint(100, 400)) + " " + links(terms, 3)
        (folders["terms"] / f"{t}.yaml").write_text(
            f"id: {t}\nname: term {i}\naliases: [alias {i}, other name {i}]\nsummary: {_sentence(rnd)}\n"
            f"definition: {block(definition)}{senses}{broader}{related}{contrasts}"
            f"misconceptions:\n  - {_sentence(rnd)}\n{cite(2)}", encoding="utf-8")
    for i, c in enumerate(claims):
        status = "contested" if i % 3 == 0 else rnd.choice(["proposed", "speculative", "widely-accepted"])
        sense = "#narrow" if i % 7 == 0 else ""
        uses = f"uses: [{terms[rnd.randrange(len(terms)) // 5 * 5]}{sense}]\n" if sense else f"uses: [{rnd.choice(terms)}]\n"
        (folders["claims"] / f"{c}.yaml").write_text(
            f"id: {c}\ntitle: Claim number {i} holds\nsummary: {_sentence(rnd)}\nstatus: {status}\n"
            f"held_by: [Author {rnd.randrange(len(sources))}]\n"
            f"text: {block(_paragraphs(rnd, rnd.randint(40, 150)) + ' ' + links(terms) + ' ' + links(claims, 1))}"
            f"{uses}{cite()}", encoding="utf-8")
    # every contested claim needs an attack: argument i attacks claim 3*i when that is contested
    contested = [c for i, c in enumerate(claims) if i % 3 == 0]
    for i, a in enumerate(arguments):
        conclusion = rnd.randrange(1, len(claims))
        premises = sorted({claims[rnd.randrange(conclusion)] for _ in range(2)})
        attacked = [c for c in ([contested[i]] if i < len(contested) else [rnd.choice(claims)])
                    if c != claims[conclusion] and c not in premises]
        undercut = [arguments[rnd.randrange(i)]] if i and i % 5 == 0 else []
        attacks = ""
        if attacked or undercut:
            attacks = "attacks:\n" + "".join(f"  - to: {x}\n    note: {_sentence(rnd, 8)}\n" for x in attacked)
            attacks += "".join(f"  - {x}\n" for x in undercut)
        (folders["arguments"] / f"{a}.yaml").write_text(
            f"id: {a}\ntitle: Argument number {i}\nsummary: {_sentence(rnd)}\npremises: [{', '.join(premises)}]\n"
            f"conclusion: {claims[conclusion]}\n{attacks}"
            f"text: {block(_paragraphs(rnd, rnd.randint(60, 200)) + ' ' + links(terms))}{cite()}", encoding="utf-8")
    for i, p in enumerate(ids["predictions"]):
        (folders["predictions"] / f"{p}.yaml").write_text(
            f"id: {p}\ntitle: Prediction number {i}\nsummary: {_sentence(rnd)}\n"
            f"derived_from: [{rnd.choice(claims)}]\nstatus: {rnd.choice(['open', 'confirmed', 'falsified'])}\n"
            f"confirmed_if: {_sentence(rnd)}\nfalsified_if: {_sentence(rnd)}\n", encoding="utf-8")
    for i, e in enumerate(ids["evidence"]):
        relation = rnd.choice(["supports", "attacks", "bears_on"])
        (folders["evidence"] / f"{e}.yaml").write_text(
            f"id: {e}\ntitle: Evidence number {i}\nsummary: {_sentence(rnd)}\n"
            f"{relation}:\n  - to: {rnd.choice(claims)}\n    note: {_sentence(rnd, 8)}\n"
            f"text: {_sentence(rnd, 30)} {links(terms, 1)}\n{cite()}", encoding="utf-8")
    return concepts


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(synthesize(Path(sys.argv[2]), int(sys.argv[1])))
