"""Benchmark: the queries of kb.query on the bundled knowledge base.

Usage: .venv/bin/python benchmarks/bench_queries.py
Prints milliseconds per call (best of several runs); it asserts nothing.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import kb  # noqa: E402


def best_ms(function, repeat: int = 5, number: int = 20) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        times.append((time.perf_counter() - start) / number)
    return min(times) * 1000


def main() -> None:
    base = kb.load()
    base.graph, base.find("warm up")  # built once
    print(f"{len(base)} entries")
    cases = {
        "find('mesa optimiser')": lambda: base.find("mesa optimiser"),
        "find('inner algnment') (fuzzy)": lambda: base.find("inner algnment"),
        "lookup('mesa-optimiser')": lambda: base.lookup("mesa-optimiser"),
        "related('mesa-optimizer')": lambda: base.related("mesa-optimizer"),
        "path(base-objective, deceptive-alignment)": lambda: base.path("base-objective", "deceptive-alignment"),
        "argument_tree(gradient-descent-will-select-...)":
            lambda: base.argument_tree("gradient-descent-will-select-for-inner-search"),
        "cruxes()": base.cruxes,
        "disagreements(editorial=True)": lambda: base.disagreements(editorial=True),
        "reading_order('pseudo-alignment')": lambda: base.reading_order("pseudo-alignment"),
        "cited_for('rlo-1-introduction')": lambda: base.cited_for("rlo-1-introduction"),
    }
    for name, function in cases.items():
        print(f"{name:50} {best_ms(function, number=5 if 'cruxes' in name else 20):9.2f} ms")


if __name__ == "__main__":
    main()
