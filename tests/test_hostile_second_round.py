"""Hostile input, second round: every input a user can cause ends in a located problem, in time
linear in its size, with what it cannot show written visibly."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kb
from kb.pages.safe_markdown import to_markdown
from kb.yamlfile import parse_yaml
from mistakes import add_files, good_base

CLAIM = "id: {id}\ntitle: t\nsummary: s.\nstatus: proposed\n"


def problems_in(root: Path, name: str):
    return [p for p in kb.load(root).check() if Path(p.file).name == name]


@pytest.mark.parametrize("text, code, line", [
    ("id: tb\ntitle: !!bool maybe\nsummary: s.\nstatus: proposed\n", "KB103", 2),
    ("id: tb\ntitle: !!int abc\nsummary: s.\nstatus: proposed\n", "KB103", 2),
    ("id: tb\ntitle: !!float x1\nsummary: s.\nstatus: proposed\n", "KB103", 2),
    ("id: tb\ntitle: !!null x\nsummary: s.\nstatus: proposed\n", "KB103", 2),
    ("id: tb\ntitle: t\x00x\nsummary: s.\nstatus: proposed\n", "KB100", 2),
    ("id: tb\n\x0ctitle: t\nsummary: s.\nstatus: proposed\n", "KB100", 2),
    ("id: tb\rtitle: t\rsummary: s.\rstatus: proposed\rbad: 1\r", "KB202", 5),
    ("id: tb\r\ntitle: t\r\nsummary: s.\r\nstatus: proposed\r\nbad: 1\r\n", "KB202", 5),
    ("id: tb\ntitle: 't\u2028x'\nsummary: s.\nstatus: proposed\nbad: 1\n", "KB202", 5),
    ("id: tb\ntitle: t\u2029x\nsummary: s.\u0085y\nstatus: proposed\nbad: 1\n", "KB202", 5),
    ("id: tb\ntitle: '   '\nsummary: s.\nstatus: proposed\n", "KB201", 2),
    ("id: tb\ntitle: 'abc \u202e evil'\nsummary: s.\nstatus: proposed\n", "KB210", 2),
    ("id: tb\ntitle: \"a\\x07b\"\nsummary: s.\nstatus: proposed\n", "KB210", 2),
    ("id: tb\ntitle: t\nsummary: 'See [[search]].'\nstatus: proposed\n", "KB310", 3),
    ("id: tb\ntitle: t\nsummary: s.\nstatus: proposed\nsources: [{source: demo-source, locator: p, quote: '[...]'}]\n", "KB505", 5),
    ("id: tb\ntitle: t\nsummary: s.\nstatus: proposed\nsources:\n  - source: demo-source\n    locator: p\n    quote: '" + "x " * 400 + "'\n", "KB505", 8),
])
def test_each_hostile_input_is_a_located_problem(tmp_path, text, code, line):
    root = good_base(tmp_path)
    add_files(root, {"claims/tb.yaml": text})
    found = problems_in(root, "tb.yaml")
    assert (code, line) in [(p.code, p.line) for p in found], [str(p) for p in found]


def test_yaml_1_2_separators_are_ordinary_characters_and_kept():
    doc = parse_yaml("title: a\u0085b\nsummary: c\u2028d\u2029e\n")
    assert doc.problems == [] and doc.data == {"title": "a\u0085b", "summary": "c\u2028d\u2029e"}


def test_invisible_characters_are_shown_and_named(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"claims/tb.yaml": CLAIM.format(id="tb") + "text: \"see [[search\\u200b]] and [[\\e[31mred]]\"\n"})
    messages = [str(p) for p in problems_in(root, "tb.yaml") if p.code in ("KB302", "KB309")]
    assert messages
    for message in messages:
        assert "\u200b" not in message and "\x1b" not in message
    assert any("\\u200b" in m and "ZERO WIDTH SPACE" in m for m in messages)
    proc = subprocess.run([sys.executable, "-m", "kb", "check", str(root)], capture_output=True, text=True)
    assert "\x1b" not in proc.stdout + proc.stderr and "\\x1b" in proc.stdout


@pytest.mark.parametrize("first, second", [
    ("search", "s\u0435arch"),                 # Cyrillic е
    ("optimizer", "opti\u00admizer"),          # soft hyphen
    ("search space", "search\u200b space"),    # zero-width space
])
def test_names_that_read_the_same_collide(tmp_path, first, second):
    root = good_base(tmp_path)
    add_files(root, {"terms/twin-name.yaml": f"id: twin-name\nname: \"{second}\"\nsummary: s.\ndefinition: d\n"})
    codes = {p.code for p in problems_in(root, "twin-name.yaml")}
    assert "KB208" in codes or (first == "search space" and "KB210" in codes), codes


def test_source_text_that_is_a_device_a_fifo_or_huge_does_not_hang(tmp_path):
    root = good_base(tmp_path)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(kb.problems.LIMITS["max_source_bytes"] + 10)
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    # a device is outside the project: not read at all (KB506); a FIFO, a huge file, a NUL in the path
    # inside it are read as far as needed to say why they cannot be used (KB504)
    for i, target in enumerate(["/dev/zero", "../../zero.txt", "../../pipe.txt", "../../huge.txt", "bad\u0000path"]):
        add_files(root, {f"sources/s{i}.yaml": f"id: s{i}\ntitle: T\nsummary: s.\ntext: \"{target.replace(chr(0), chr(92) + '0')}\"\n"})
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kb", "check", str(root)], capture_output=True, text=True, timeout=120)
    assert time.monotonic() - started < 60
    assert "internal error" not in proc.stderr, proc.stdout + proc.stderr
    assert (proc.stdout.count("KB504"), proc.stdout.count("KB506")) == (3, 2), proc.stdout + proc.stderr


def test_quote_check_is_linear_in_whitespace(tmp_path):
    root = good_base(tmp_path)
    add_files(root, {"claims/tb.yaml": CLAIM.format(id="tb") + "sources:\n  - source: demo-source\n    locator: p\n"
                     "    quote: 'a" + " " * 200_000 + "b'\n"})
    started = time.monotonic()
    problems_in(root, "tb.yaml")
    assert time.monotonic() - started < 30     # quadratic took minutes; linear takes well under a second


def test_a_symlinked_folder_is_reported_not_silently_skipped(tmp_path):
    root = good_base(tmp_path)
    real = tmp_path / "terms-real"
    (root / "terms").rename(real)
    (root / "terms").symlink_to(real, target_is_directory=True)
    problems = kb.load(root).check()
    assert [p.file for p in problems if p.code == "KB115"] == [str(root / "terms")] or \
        [Path(p.file).name for p in problems if p.code == "KB115"] == ["terms"]


def test_an_empty_concepts_folder_is_an_error(tmp_path):
    (tmp_path / "concepts").mkdir()
    assert [p.code for p in kb.load(tmp_path / "concepts").check()] == ["KB214"]


@pytest.mark.parametrize("args, message", [
    (["find", "search", "--limit", "-5"], "not at least 1"),
    (["export", "{root}", "--format", "json", "-o", "{tmp}"], "is a folder; give this export a file name"),
    (["export", "{root}", "--format", "json", "-o", "{tmp}/missing/x.json"], "No such file"),
])
def test_usage_errors_are_reported_not_called_bugs(tmp_path, args, message):
    root = good_base(tmp_path)
    args = [a.replace("{root}", str(root)).replace("{tmp}", str(tmp_path)) for a in args]
    proc = subprocess.run([sys.executable, "-m", "kb", *args], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode in (1, 2) and message in proc.stderr and "internal error" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("text", [
    "[a](" * 20000,
    "- " * 5000 + "x",
    "> " * 5000 + "x",
    "*" * 20000 + "a" + "_" * 20000,
    "`" * 10000 + "a",
    "[" * 20000 + "]" * 20000,
    "<" * 20000,
    "&#" * 20000,
    ("[[a|" * 5000),
])
def test_pathological_markdown_renders_in_linear_time_without_recursion_errors(text):
    started = time.monotonic()
    for size in (1, 4):
        out = to_markdown(text * size)
        assert "<" not in out.replace("<em>", "").replace("</em>", "").replace("<strong>", "").replace(
            "</strong>", "").replace("<code>", "").replace("</code>", "").replace("<br>", "").replace(
            "<pre>", "").replace("</pre>", "").replace("<!-- -->", "")
    assert time.monotonic() - started < 30


def test_kb_new_refuses_a_reserved_id_and_never_writes_through_a_link(tmp_path):
    root = good_base(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "kb", "new", "claim", "Index", "--dir", str(root)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "reserved" in proc.stderr and not (root / "claims" / "index.yaml").exists()
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    (root / "claims" / "a-claim.yaml").symlink_to(target)
    proc = subprocess.run([sys.executable, "-m", "kb", "new", "claim", "A claim", "--dir", str(root)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and target.read_text() == "keep me"
