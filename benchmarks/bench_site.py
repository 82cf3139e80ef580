"""Benchmark: the site of a synthetic knowledge base of N entries.

Usage: .venv/bin/python benchmarks/bench_site.py [N ...]     (default: 2000)

For each N, prints seconds for: loading and checking, generating the pages (kb.pages), and the
full `kb build` (mkdocs build --strict, into a temporary folder). It asserts nothing.
The entries look like real ones: aliases, [[links]] in their text, senses, relations of every
kind, contested claims with arguments on both sides, citations with quotes.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import kb  # noqa: E402
from kb.build import build_site  # noqa: E402
from kb.pages import build_pages  # noqa: E402

WORDS = ("optimizer objective search policy gradient model training selection proxy heuristic "
         "generalization compute alignment inner outer deceptive robust learned base mesa").split()


def sentence(rnd: random.Random, n: int = 12) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def synthesize(root: Path, n: int, seed: int = 0) -> Path:
    """About 40% terms, 25% claims, 15% arguments, 8% predictions, 7% evidence, 5% sources."""
    rnd = random.Random(seed)
    concepts = root / "concepts"
    folders = {k: concepts / k for k in ("terms", "claims", "arguments", "predictions", "evidence", "sources")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    counts = {"sources": max(1, n * 5 // 100), "terms": n * 40 // 100, "claims": n * 25 // 100,
              "arguments": n * 15 // 100, "predictions": n * 8 // 100}
    counts["evidence"] = n - sum(counts.values())
    ids = {kind: [f"{kind[:-1] if kind != 'evidence' else 'evidence'}-{i}" for i in range(count)]
           for kind, count in counts.items()}
    sources, terms, claims, arguments = ids["sources"], ids["terms"], ids["claims"], ids["arguments"]

    def cite(k=1):
        return "sources:\n" + "".join(f"  - source: {rnd.choice(sources)}\n    locator: \"§{rnd.randrange(1, 9)}, para. "
                                      f"{rnd.randrange(1, 9)}\"\n    quote: \"{sentence(rnd, 6)}\"\n" for _ in range(k))

    def links(pool, k=2):
        return " ".join(f"See [[{rnd.choice(pool)}]]." for _ in range(k))

    for i, s in enumerate(sources):
        (folders["sources"] / f"{s}.yaml").write_text(
            f"id: {s}\ntitle: Source number {i}\nsummary: {sentence(rnd)}\nauthors: [Author {i}]\ndate: \"2019\"\n")
    for i, t in enumerate(terms):
        broader = f"broader: [{terms[rnd.randrange(i)]}]\n" if i else ""
        related = f"related: [{terms[rnd.randrange(i)]}]\n" if i > 1 else ""
        senses = (f"senses:\n  - id: narrow\n    name: narrow sense {i}\n    definition: {sentence(rnd)}\n"
                  f"  - id: broad\n    name: broad sense {i}\n    definition: {sentence(rnd)}\n") if i % 5 == 0 else ""
        (folders["terms"] / f"{t}.yaml").write_text(
            f"id: {t}\nname: term {i}\naliases: [alias {i}, other name {i}]\nsummary: {sentence(rnd)}\n"
            f"definition: |\n  {sentence(rnd, 20)} {links(terms)}\n{senses}{broader}{related}"
            f"misconceptions:\n  - {sentence(rnd)}\n{cite(2)}")
    for i, c in enumerate(claims):
        status = "contested" if i % 3 == 0 else "proposed"
        (folders["claims"] / f"{c}.yaml").write_text(
            f"id: {c}\ntitle: Claim number {i} holds\nsummary: {sentence(rnd)}\nstatus: {status}\n"
            f"text: |\n  {sentence(rnd, 25)} {links(terms)} {links(claims, 1)}\n"
            f"uses: [{rnd.choice(terms)}]\n{cite()}")
    for i, a in enumerate(arguments):
        # premises come before the conclusion in the claims' order: no circular support
        conclusion = rnd.randrange(1, len(claims))
        premises = sorted({claims[rnd.randrange(conclusion)] for _ in range(2)})
        target = rnd.choice([c for c in claims[:50] if c != claims[conclusion]])
        attacks = f"attacks: [{target}, {arguments[rnd.randrange(i)]}]\n" if i and i % 2 else ""
        (folders["arguments"] / f"{a}.yaml").write_text(
            f"id: {a}\ntitle: Argument number {i}\nsummary: {sentence(rnd)}\npremises: [{', '.join(premises)}]\n"
            f"conclusion: {claims[conclusion]}\n{attacks}text: |\n  {sentence(rnd, 30)} {links(terms)}\n{cite()}")
    for i, p in enumerate(ids["predictions"]):
        (folders["predictions"] / f"{p}.yaml").write_text(
            f"id: {p}\ntitle: Prediction number {i}\nsummary: {sentence(rnd)}\nderived_from: [{rnd.choice(claims)}]\n"
            f"status: {rnd.choice(['open', 'confirmed', 'falsified'])}\nconfirmed_if: {sentence(rnd)}\n"
            f"falsified_if: {sentence(rnd)}\n")
    for i, e in enumerate(ids["evidence"]):
        relation = rnd.choice(["supports", "attacks", "bears_on"])
        (folders["evidence"] / f"{e}.yaml").write_text(
            f"id: {e}\ntitle: Evidence number {i}\nsummary: {sentence(rnd)}\n{relation}: [{rnd.choice(claims)}]\n"
            f"text: {sentence(rnd, 20)}\n{cite()}")
    return concepts


def run(n: int) -> None:
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        root = Path(tmp)
        concepts = synthesize(root, n)
        started = time.perf_counter()
        base = kb.load(concepts)
        problems = base.check()
        loaded = time.perf_counter()
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            print(f"N={n}: the synthetic base has {len(errors)} errors, e.g. {errors[0]}")
            return
        pages = build_pages(base)
        generated = time.perf_counter()
        code = build_site(concepts, root / "site")
        built = time.perf_counter()
        html = sum(1 for _ in (root / "site").rglob("*.html"))
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) / 2**20
        print(f"N={n}: {len(base)} entries, {base.graph.number_of_edges()} edges")
        print(f"  load + check     {loaded - started:7.2f} s")
        print(f"  pages (kb.pages) {generated - loaded:7.2f} s   {len(pages)} pages, "
              f"{sum(len(t) for t in pages.values()) / 2**20:.1f} MiB of Markdown")
        print(f"  kb build         {built - generated:7.2f} s   exit {code}, {html} HTML files, {size:.0f} MiB site "
              f"({(built - generated) / max(html, 1) * 1000:.1f} ms per page)")


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["2000"]:
        run(int(arg))
