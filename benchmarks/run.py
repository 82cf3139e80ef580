"""The benchmark suite: every stage of kb on synthetic knowledge bases of the given sizes.

    python benchmarks/run.py --sizes 1000,10000 [--json FILE] [--no-site] [--no-serve] [--no-zensical]

A size is a number of entries (a synthetic base, see ``synth.py``) or ``bundled`` (the
knowledge base in concepts/). For each, it prints one row of the table and, with ``--json``,
writes one object per size with these keys (seconds unless the name says otherwise; ``null``
where a stage was skipped or its tool is not installed):

n               entries
parse_s         PyYAML's C loader over the same files: the floor
load_s          ``kb.load()`` in a new process, with an empty cache
graph_s         building the graph
check_s         every rule
check_vs_parse  (load_s + graph_s + check_s) / parse_s
warm_load_s     ``kb.load()`` again in a new process, the files unchanged
warm_vs_cold    warm_load_s / load_s
query_ms        median of find / path / argument_tree / cruxes over 100 random calls each
                (those the API has); ``queries_ms`` gives each one's median
find_ms         median of 100 ``find()`` calls
export_json_s   ``kb export --format json`` (the text)
pages_s         generating every page (``kb.pages.build_pages``)
build_s         ``kb build`` of the whole site, in a new process
mkdocs_plain_s  ``mkdocs build`` of the same pages written out beforehand, same theme and
                extensions, no kb plugin: the floor for the site
build_vs_mkdocs build_s / mkdocs_plain_s
zensical_s      ``kb build --engine zensical`` of the whole site, in a new process, where Zensical
                is installed (pages written for it, then ``zensical build``; cold: no cache)
zensical_warm_s the same build again, the base unchanged: Zensical's cache kept from the first
zensical_vs_mkdocs zensical_s / mkdocs_plain_s: below 1, a build path faster than plain mkdocs
zensical_warm_vs_mkdocs zensical_warm_s / mkdocs_plain_s
edit_preview_s  under ``mkdocs serve``, from saving one YAML file to the changed page being served
                (median of three saves)
peak_rss_mb     peak memory of the process that loads, checks, queries and generates pages

Where the machine is shared, wall-clock times are distorted by the other processes: every row
also holds CPU seconds (``CPU_KEYS``: user + system time of the process, or of the command run),
their ratios, and the load average before and after the size was measured.

It asserts nothing: it measures. See benchmarks/README.md for the results and the machine.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synth import synthesize  # noqa: E402

KEYS = ("n", "parse_s", "load_s", "graph_s", "check_s", "query_ms", "find_ms", "export_json_s", "pages_s",
        "build_s", "mkdocs_plain_s", "zensical_s", "zensical_warm_s", "warm_load_s", "edit_preview_s", "peak_rss_mb",
        "check_vs_parse", "build_vs_mkdocs", "warm_vs_cold", "zensical_vs_mkdocs",
        "zensical_warm_vs_mkdocs")
CPU_KEYS = ("parse_cpu_s", "load_cpu_s", "graph_cpu_s", "check_cpu_s", "warm_load_cpu_s", "build_cpu_s",
            "mkdocs_plain_cpu_s", "zensical_cpu_s", "check_vs_parse_cpu", "warm_vs_cold_cpu", "build_vs_mkdocs_cpu",
            "loadavg_before", "loadavg_after")
QUERY_CALLS = 100


# --- stages run in a fresh process ----------------------------------------------------------------

def _stages(concepts: str, pages_out: str | None) -> dict:
    """Load, graph, check, queries, export and pages in this process; the numbers as a dict."""
    import resource

    cpu = time.process_time
    started = time.perf_counter()
    import kb
    from kb import export
    from kb.pages import build_pages
    imported, imported_cpu = time.perf_counter(), cpu()
    base = kb.load(concepts)
    loaded, loaded_cpu = time.perf_counter(), cpu()
    base.graph
    graphed, graphed_cpu = time.perf_counter(), cpu()
    problems = base.check()
    checked, checked_cpu = time.perf_counter(), cpu()
    errors = [str(p) for p in problems if p.severity == "error"]
    queries = _queries(base)
    t0 = time.perf_counter()
    export.to_json(base)
    exported = time.perf_counter() - t0
    t0 = time.perf_counter()
    pages = build_pages(base)
    paged = time.perf_counter() - t0
    if pages_out:
        for path, text in pages.items():
            target = Path(pages_out) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"import_s": imported - started, "load_s": loaded - imported, "graph_s": graphed - loaded,
            "check_s": checked - graphed, "load_cpu_s": loaded_cpu - imported_cpu,
            "graph_cpu_s": graphed_cpu - loaded_cpu, "check_cpu_s": checked_cpu - graphed_cpu, "errors": errors[:5], "error_count": len(errors),
            "queries_ms": queries, "export_json_s": exported, "pages_s": paged, "peak_rss_mb": rss,
            "pages": len(pages)}


def _queries(base) -> dict:
    """Median milliseconds of each query the API offers, over QUERY_CALLS random calls."""
    rnd = random.Random(1)
    entries = base.entries()
    claims = base.entries("claim") or entries
    calls = {"find": lambda: base.find(rnd.choice(rnd.choice(entries).names))}
    if hasattr(base, "path"):
        calls["path"] = lambda: _call(base.path, rnd.choice(entries).id, rnd.choice(entries).id)
    if hasattr(base, "argument_tree"):
        calls["argument_tree"] = lambda: _call(base.argument_tree, rnd.choice(claims).id)
    if hasattr(base, "cruxes"):
        calls["cruxes"] = lambda: _call(base.cruxes, rnd.choice(claims).id) if _takes_arg(base.cruxes) else base.cruxes()
    found = {}
    for name, call in calls.items():
        times = []
        for _ in range(QUERY_CALLS):
            t0 = time.perf_counter()
            call()
            times.append((time.perf_counter() - t0) * 1000)
        found[name] = statistics.median(times)
    return found


def _call(function, *args):
    try:
        return function(*args)
    except (KeyError, ValueError, LookupError):  # no path between two entries, for instance
        return None


def _takes_arg(function) -> bool:
    import inspect
    try:
        return any(p.default is inspect.Parameter.empty for p in inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return False


def _warm_load(concepts: str) -> dict:
    import kb
    t0, c0 = time.perf_counter(), time.process_time()
    kb.load(concepts)
    return {"warm_load_s": time.perf_counter() - t0, "warm_load_cpu_s": time.process_time() - c0}


def _child(mode: str, concepts: str, env: dict, extra: str | None = None) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), f"--{mode}", concepts] + ([extra] if extra else [])
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=str(ROOT))
    if proc.returncode:
        raise RuntimeError(f"{mode} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- measuring one knowledge base ----------------------------------------------------------------

def parse_floor(concepts: Path) -> tuple[float, float]:
    """Seconds of wall-clock and of CPU time."""
    import yaml
    files = sorted(p for p in concepts.rglob("*.yaml"))
    t0, c0 = time.perf_counter(), time.process_time()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - t0, time.process_time() - c0


def measure(concepts: Path, work: Path, site: bool, serve: bool, zensical: bool = True) -> dict:
    env = {**os.environ, "KB_CACHE_DIR": str(work / "cache"), "NO_MKDOCS_2_WARNING": "1"}
    row: dict = {key: None for key in (*KEYS, *CPU_KEYS)}
    row["loadavg_before"] = round(os.getloadavg()[0], 2)
    row["parse_s"], row["parse_cpu_s"] = parse_floor(concepts)
    pages_dir = work / "pages"
    stages = _child("stages", str(concepts), env, str(pages_dir))
    if stages["error_count"]:
        raise RuntimeError(f"the knowledge base has {stages['error_count']} errors, e.g. {stages['errors']}")
    row.update({k: v for k, v in stages.items() if k in KEYS or k in CPU_KEYS or k == "queries_ms"})
    row["n"] = _count(concepts)
    row["query_ms"] = statistics.median(stages["queries_ms"].values())
    row["find_ms"] = stages["queries_ms"]["find"]
    row.update(_child("warm", str(concepts), env))
    if site:
        row["build_s"], row["build_cpu_s"] = _timed_cpu(
            [sys.executable, "-m", "kb", "build", str(concepts), "-o", str(work / "site")], env)
        plain = _plain_project(work / "plain", pages_dir)
        row["mkdocs_plain_s"], row["mkdocs_plain_cpu_s"] = _timed_cpu(
            [sys.executable, "-m", "mkdocs", "build", "-f", str(plain), "-d", str(work / "plain-site")], env)
        if zensical and importlib.util.find_spec("zensical") is not None:
            zensical = [sys.executable, "-m", "kb", "build", str(concepts), "-o", str(work / "zensical-site"),
                        "--engine", "zensical"]
            try:  # a build Zensical cannot make is a result (null, and why), not the end of the run
                row["zensical_s"], row["zensical_cpu_s"] = _timed_cpu(zensical, env)
                row["zensical_warm_s"] = _timed(zensical, env)
            except RuntimeError as err:
                row["zensical_error"] = str(err)[-500:]
    if serve:
        row["edit_preview_s"] = edit_preview(concepts, env)
    row["check_vs_parse"] = _ratio(row["load_s"] + row["graph_s"] + row["check_s"], row["parse_s"])
    row["build_vs_mkdocs"] = _ratio(row["build_s"], row["mkdocs_plain_s"])
    row["warm_vs_cold"] = _ratio(row["warm_load_s"], row["load_s"])
    row["zensical_vs_mkdocs"] = _ratio(row["zensical_s"], row["mkdocs_plain_s"])
    row["zensical_warm_vs_mkdocs"] = _ratio(row["zensical_warm_s"], row["mkdocs_plain_s"])
    row["check_vs_parse_cpu"] = _ratio(row["load_cpu_s"] + row["graph_cpu_s"] + row["check_cpu_s"], row["parse_cpu_s"])
    row["warm_vs_cold_cpu"] = _ratio(row["warm_load_cpu_s"], row["load_cpu_s"])
    row["build_vs_mkdocs_cpu"] = _ratio(row["build_cpu_s"], row["mkdocs_plain_cpu_s"])
    row["loadavg_after"] = round(os.getloadavg()[0], 2)
    return row


def _count(concepts: Path) -> int:
    return sum(1 for _ in concepts.rglob("*.yaml"))


def _ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def _timed(command: list[str], env: dict, check: bool = True) -> float | None:
    t0 = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=str(ROOT))
    elapsed = time.perf_counter() - t0
    if proc.returncode:
        if check:
            raise RuntimeError(f"{' '.join(command)} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
        return None
    return elapsed


def _timed_cpu(command: list[str], env: dict) -> tuple[float, float]:
    """Seconds of wall-clock time and of CPU time (user + system, the command and its children)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = _timed(command, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _plain_project(folder: Path, pages: Path) -> Path:
    """A project with the generated pages as plain Markdown and the site's theme and extensions."""
    from kb.build import ensure_vendor
    from kb.plugin import THEME_DIR

    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs)
    shutil.copytree(pages, docs, dirs_exist_ok=True)
    shutil.copytree(THEME_DIR / "assets", docs / "assets", dirs_exist_ok=True)
    for name, source in ensure_vendor().items():
        (docs / "assets" / "vendor").mkdir(parents=True, exist_ok=True)
        shutil.copy(source, docs / "assets" / "vendor" / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\n  - kb\b.*\n(?:      .*\n)*", "\n", config)
    config = config.replace("docs_dir: docs", f"docs_dir: {docs}")
    config += (f"\nextra_css: [assets/kb/kb.css]\nextra_javascript: [assets/kb/kb.js]\n")
    config = config.replace("theme:\n  name: material\n", f"theme:\n  name: material\n  custom_dir: {THEME_DIR}\n")
    path = folder / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def edit_preview(concepts: Path, env: dict, timeout: float = 900, edits: int = 3) -> float | None:
    """Seconds from saving one term's YAML file to ``mkdocs serve`` serving its changed page: the
    median of ``edits`` saves, each after the previous one was served (and the watcher had a
    second to settle). Includes the time mkdocs' watcher takes to notice (it polls twice a second)."""
    import yaml

    term = sorted((concepts / "terms").glob("*.yaml"))[len(list((concepts / "terms").glob("*.yaml"))) // 2]
    ident = yaml.safe_load(term.read_text(encoding="utf-8"))["id"]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/terms/{ident}/"
    serve_env = {**env, "KB_CONCEPTS": str(concepts.resolve())}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--no-strict"] +
                            (["--dirty"] if env.get("KB_SERVE_DIRTY") else []),
                            cwd=str(ROOT), env=serve_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    original = term.read_bytes()
    times = []
    try:
        # the server answers only once the first build is done and the watcher runs
        if _wait_for(url, lambda page: True, timeout) is None:
            return None
        for _ in range(edits):
            time.sleep(1)
            token = f"benchmarkedit{random.randrange(10**9)}"
            text = original.decode("utf-8").replace("\nsummary: ", f"\nsummary: {token} ", 1)
            saved = time.perf_counter()
            term.write_text(text, encoding="utf-8")
            done = _wait_for(url, lambda page: token in page, timeout)
            if done is None:
                return None
            times.append(done - saved)
        return statistics.median(times)
    finally:
        term.write_bytes(original)
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for(url: str, ok, timeout: float) -> float | None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ok(response.read().decode("utf-8", "replace")):
                    return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.05)
    return None


# --- the table ---------------------------------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}" if value < 100 else f"{value:.0f}"
    return str(value)


def table(rows: list[dict]) -> str:
    keys = [k for k in (*KEYS, *CPU_KEYS) if k != "n"]
    width = max(len(k) for k in keys)
    head = f"{'':{width}}" + "".join(f"{row['n']:>12}" for row in rows)
    return "\n".join([head] + [f"{k:{width}}" + "".join(f"{_cell(row[k]):>12}" for row in rows) for k in keys])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated entry counts, or 'bundled'")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    parser.add_argument("--no-site", action="store_true", help="skip kb build, plain mkdocs and Zensical")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit-to-preview measurement")
    parser.add_argument("--no-zensical", action="store_true", help="skip the Zensical builds")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (default: a temporary folder)")
    parser.add_argument("--stages", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--warm", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stages:
        print(json.dumps(_stages(*args.stages)))
        return 0
    if args.warm:
        print(json.dumps(_warm_load(args.warm)))
        return 0

    rows = []
    for size in args.sizes.split(","):
        size = size.strip()
        work = Path(tempfile.mkdtemp(prefix=f"kb-bench-{size}-", dir=args.keep))
        try:
            if size == "bundled":  # edits under serve touch a copy, never the real base
                concepts = _copy_bundled(work / "base" / "concepts")
            else:
                concepts = synthesize(work / "base", int(size))
            row = measure(concepts, work, site=not args.no_site, serve=not args.no_serve,
                          zensical=not args.no_zensical)
            row["size"] = size
            rows.append(row)
            print(f"{size}: done", file=sys.stderr)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    print(table(rows))
    if args.json:
        meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "python": platform.python_version(),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"}
        Path(args.json).write_text(json.dumps({"meta": meta, "results": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


def _copy_bundled(concepts: Path) -> Path:
    """A copy of the bundled base whose sources' ``text:`` point at the real texts."""
    shutil.copytree(ROOT / "concepts", concepts)
    for path in (concepts / "sources").glob("*.yaml"):
        original = ROOT / "concepts" / "sources" / path.name

        def absolute(m):
            return f"text: {(original.parent / m.group(1).strip()).resolve()}"
        path.write_text(re.sub(r"(?m)^text: (.+)$", absolute, path.read_text(encoding="utf-8")), encoding="utf-8")
    return concepts


if __name__ == "__main__":
    sys.exit(main())
