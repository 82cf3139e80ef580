"""Benchmark: load + graph + check on a synthetic knowledge base of N entries.

Usage: python benchmarks/bench_check.py [N ...]     (default: 1000 5000)
Prints seconds per stage and peak memory; it asserts nothing.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import kb  # noqa: E402


def synthesize(root: Path, n: int, seed: int = 0) -> None:
    """About 40% terms, 25% claims, 20% arguments, 10% predictions, 5% evidence, one source."""
    rnd = random.Random(seed)
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "t.txt").write_text("alpha beta gamma delta " * 50)
    folders = {k: root / "kb" / k for k in ("terms", "claims", "arguments", "predictions", "evidence", "sources")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    (folders["sources"] / "src.yaml").write_text("id: src\ntitle: Source\nsummary: s.\ntext: ../../texts/t.txt\n")
    counts = {"terms": int(n * .4), "claims": int(n * .25), "arguments": int(n * .2), "predictions": int(n * .1)}
    counts["evidence"] = n - sum(counts.values()) - 1
    terms = [f"term-{i}" for i in range(counts["terms"])]
    claims = [f"claim-{i}" for i in range(counts["claims"])]
    cite = "sources:\n  - {source: src, locator: p. 1, quote: beta gamma}\n"
    for i, t in enumerate(terms):
        broader = f"broader: [term-{rnd.randrange(i)}]\n" if i else ""
        (folders["terms"] / f"{t}.yaml").write_text(
            f"id: {t}\nname: term {i}\naliases: [alias {i}]\nsummary: s.\ndefinition: |\n  Like [[{rnd.choice(terms)}]].\n"
            f"{broader}{cite}")
    for c in claims:
        (folders["claims"] / f"{c}.yaml").write_text(
            f"id: {c}\ntitle: Claim {c}\nsummary: s.\nstatus: proposed\nuses: [{rnd.choice(terms)}]\n{cite}")
    for i in range(counts["arguments"]):
        premise, conclusion = rnd.sample(claims, 2)
        (folders["arguments"] / f"arg-{i}.yaml").write_text(
            f"id: arg-{i}\ntitle: Argument {i}\nsummary: s.\npremises: [{premise}]\nconclusion: {conclusion}\n"
            f"attacks: [{rnd.choice(claims)}]\n")
    for i in range(counts["predictions"]):
        (folders["predictions"] / f"pred-{i}.yaml").write_text(
            f"id: pred-{i}\ntitle: Prediction {i}\nsummary: s.\nstatus: open\nderived_from: [{rnd.choice(claims)}]\n")
    for i in range(counts["evidence"]):
        (folders["evidence"] / f"ev-{i}.yaml").write_text(
            f"id: ev-{i}\ntitle: Evidence {i}\nsummary: s.\nsupports: [{rnd.choice(claims)}]\n")


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        synthesize(Path(tmp), n)
        tracemalloc.start()
        t0 = time.perf_counter()
        base = kb.load(Path(tmp) / "kb")
        t1 = time.perf_counter()
        graph = base.graph
        t2 = time.perf_counter()
        problems = base.check()
        t3 = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        errors = sum(p.severity == "error" for p in problems)
        print(f"N={n:6}  load {t1 - t0:6.2f}s  graph {t2 - t1:5.2f}s ({graph.number_of_edges()} edges)  "
              f"check {t3 - t2:6.2f}s  total {t3 - t0:6.2f}s  peak {peak:6.1f} MiB  errors {errors}")


if __name__ == "__main__":
    for n in map(int, sys.argv[1:] or ["1000", "5000"]):
        run(n)
