"""The benchmark suite runs on a tiny knowledge base and reports every key (it times nothing here)."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import kb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import run as bench  # noqa: E402
from synth import synthesize  # noqa: E402


def test_synthetic_base_is_valid_and_has_the_mix(tmp_path):
    concepts = synthesize(tmp_path, 60)
    base = kb.load(concepts)
    assert len(base) == 60
    assert not [p for p in base.check() if p.severity == "error"]
    kinds = {e.kind for e in base}
    assert kinds == set(kb.KINDS)
    term = base.entries("term")[5]
    assert 100 <= len(term.definition.split()) <= 420
    assert any(c.quote for c in term.sources)
    assert base.related(term.id)


def test_run_reports_every_key(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "30", "--json", str(out),
                           "--no-serve"], capture_output=True, text=True, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    row = result["results"][0]
    assert set(bench.KEYS) <= set(row)
    assert row["n"] == 30
    skipped = {"edit_preview_s"}  # serve skipped here; Zensical only where installed
    if importlib.util.find_spec("zensical") is None:
        skipped |= {"zensical_s", "zensical_vs_mkdocs", "zensical_warm_s", "zensical_warm_vs_mkdocs"}
    assert all(row[k] is not None for k in bench.KEYS if k not in skipped), row
    assert row["check_vs_parse"] == round((row["load_s"] + row["graph_s"] + row["check_s"]) / row["parse_s"], 3)
    cpu_skipped = set() if importlib.util.find_spec("zensical") else {"zensical_cpu_s"}
    assert all(row[k] is not None for k in bench.CPU_KEYS if k not in cpu_skipped), row
    assert 0 < row["check_cpu_s"] and row["build_vs_mkdocs_cpu"] == round(row["build_cpu_s"] / row["mkdocs_plain_cpu_s"], 3)
    assert "check_vs_parse" in proc.stdout and "30" in proc.stdout.splitlines()[0]
    assert result["meta"]["date"]


def test_edit_preview_sees_the_saved_change(tmp_path):
    concepts = synthesize(tmp_path / "base", 30)
    seconds = bench.edit_preview(concepts, {**__import__("os").environ, "KB_CACHE_DIR": str(tmp_path / "cache")},
                                 timeout=300)
    assert seconds is not None and seconds > 0
    assert "benchmarkedit" not in "".join(p.read_text() for p in (concepts / "terms").glob("*.yaml"))
