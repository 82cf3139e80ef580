"""The parse cache (kb/cache.py): a second load of an unchanged base skips the parser, and no
change to a file (edit, rename, move, deletion, addition, even within the same mtime tick and
at the same size) is ever answered from the cache."""
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kb
import kb.cache

loading = importlib.import_module("kb.load")  # the module (kb.load is the function)

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "good"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("KB_CACHE_DIR", str(folder))
    monkeypatch.delenv("KB_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def base_dir(tmp_path):
    shutil.copytree(GOOD, tmp_path / "concepts")
    return tmp_path / "concepts"


@pytest.fixture
def parses(monkeypatch):
    """The files the parser is called on, in order."""
    seen = []
    real = loading.parse_bytes

    def counting(raw, name="<bytes>"):
        seen.append(Path(name).name)
        return real(raw, name)

    monkeypatch.setattr(loading, "parse_bytes", counting)
    return seen


def _summary(base):
    return {e.id: (e.summary, e.file, e.line) for e in base}, sorted(base.check())


def _a_term(base_dir) -> Path:
    return sorted((base_dir / "terms").glob("*.yaml"))[0]


def test_second_load_is_answered_from_the_cache_and_equals_the_first(cache_dir, base_dir, parses):
    first = kb.load(base_dir)
    count = len(parses)
    assert count == len(list(base_dir.rglob("*.yaml"))) and list(cache_dir.glob("*.parsed"))
    second = kb.load(base_dir)
    assert len(parses) == count  # nothing parsed again
    assert _summary(second) == _summary(first)
    assert [e.model_dump() for e in second.entries()] == [e.model_dump() for e in first.entries()]


def test_an_edit_of_the_same_size_within_the_same_mtime_is_seen(cache_dir, base_dir, parses):
    term = _a_term(base_dir)
    kb.load(base_dir)
    stat = term.stat()
    text = term.read_text(encoding="utf-8")
    assert "\nsummary: " in text
    edited = text.replace("\nsummary: ", "\nsummary: X", 1)[:-1]  # one letter in, one newline out: same size
    assert len(edited.encode()) == stat.st_size
    term.write_text(edited, encoding="utf-8")
    os.utime(term, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same modification time, to the nanosecond
    parses.clear()
    base = kb.load(base_dir)
    assert parses == [term.name]
    ident = term.stem
    assert base[ident].summary.startswith("X")


def test_a_renamed_file_is_reported_under_its_new_name(cache_dir, base_dir):
    term = _a_term(base_dir)
    kb.load(base_dir)
    moved = term.with_name("renamed-term.yaml")
    term.rename(moved)
    base = kb.load(base_dir)
    entry = base[term.stem]
    assert Path(entry.file).name == "renamed-term.yaml"
    assert any(p.code == "KB206" and p.file == entry.file for p in base.check())  # id no longer the file name


def test_a_file_moved_to_another_kind_folder_is_validated_as_that_kind(cache_dir, base_dir):
    term = _a_term(base_dir)
    kb.load(base_dir)
    term.rename(base_dir / "claims" / term.name)
    base = kb.load(base_dir)
    assert term.stem not in base
    assert any(p.file.endswith(f"claims{os.sep}{term.name}") and p.code.startswith("KB2") for p in base.check())


def test_deleted_and_added_files_are_seen(cache_dir, base_dir):
    term = _a_term(base_dir)
    kb.load(base_dir)
    text = term.read_text(encoding="utf-8")
    term.unlink()
    assert term.stem not in kb.load(base_dir)
    (base_dir / "terms" / "brand-new.yaml").write_text(
        text.replace(f"id: {term.stem}\n", "id: brand-new\n"), encoding="utf-8")
    base = kb.load(base_dir)
    assert "brand-new" in base and term.stem not in base


def test_problems_from_the_cache_name_the_file_as_now_seen(cache_dir, base_dir, monkeypatch, parses):
    broken = base_dir / "terms" / "broken.yaml"
    broken.write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    first = [p for p in kb.load(base_dir).check() if p.code == "KB100"]
    assert first and first[0].file.endswith(f"terms{os.sep}broken.yaml")
    monkeypatch.chdir(base_dir)  # the same files, shown relative to another working directory
    parses.clear()
    again = [p for p in kb.load(".").check() if p.code == "KB100"]
    assert not parses
    assert [(p.file, p.line, p.message) for p in again] == [(f"terms{os.sep}broken.yaml", p.line, p.message)
                                                           for p in first]


def test_another_version_of_the_code_does_not_use_the_cache(cache_dir, base_dir, monkeypatch, parses):
    kb.load(base_dir)
    count = len(parses)
    monkeypatch.setattr(kb.cache, "code_version", lambda: b"another version of kb")
    kb.load(base_dir)
    assert len(parses) == 2 * count


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "folder"])
def test_a_damaged_cache_file_is_ignored(cache_dir, base_dir, parses, damage):
    expected = _summary(kb.load(base_dir))
    count = len(parses)
    (cache_file,) = cache_dir.glob("*.parsed")
    blob = cache_file.read_bytes()
    if damage == "garbage":
        cache_file.write_bytes(os.urandom(len(blob)))
    elif damage == "truncated":
        cache_file.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":  # one bit of the records: the checksum catches it
        middle = len(blob) // 2
        cache_file.write_bytes(blob[:middle] + bytes([blob[middle] ^ 1]) + blob[middle + 1:])
    elif damage == "empty":
        cache_file.write_bytes(b"")
    else:
        cache_file.unlink()
        cache_file.mkdir()
    assert _summary(kb.load(base_dir)) == expected
    assert len(parses) == 2 * count
    if damage != "folder":  # rewritten whole, and used again
        kb.load(base_dir)
        assert len(parses) == 2 * count


def test_an_unwritable_cache_location_only_turns_the_cache_off(tmp_path, base_dir, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KB_CACHE_DIR", str(blocker / "cache"))
    assert len(kb.load(base_dir)) == len(kb.load(base_dir, cache=False))


def test_the_cache_can_be_turned_off(cache_dir, base_dir, monkeypatch, parses):
    kb.load(base_dir, cache=False)
    assert not cache_dir.exists()
    monkeypatch.setenv("KB_NO_CACHE", "1")
    kb.load(base_dir)
    assert not cache_dir.exists()
    count = len(parses)
    proc = subprocess.run([sys.executable, "-m", "kb", "check", str(base_dir), "--no-cache"],
                          capture_output=True, text=True, env={**os.environ, "KB_NO_CACHE": ""})
    assert proc.returncode == 0, proc.stderr
    assert not cache_dir.exists() and len(parses) == count


def test_concurrent_writers_leave_one_complete_file(cache_dir, base_dir, parses):
    stores = [kb.cache.ParseCache.for_folder(base_dir) for _ in range(2)]
    kb.load(base_dir)  # a third writer in between
    for store in stores:
        store.put(b"k" * 32, (None, {}, {}, {}, []))
        store.save()
    assert sorted(p.name for p in cache_dir.iterdir()) == [stores[0].file.name]  # no temporary file left
    count = len(parses)
    kb.load(base_dir)  # the last writer's file is whole: it is read, found wanting, and replaced
    kb.load(base_dir)
    assert len(parses) == 2 * count


def test_the_cache_lives_outside_the_base_and_the_package(tmp_path, base_dir, monkeypatch):
    monkeypatch.delenv("KB_CACHE_DIR", raising=False)
    monkeypatch.delenv("KB_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    before = sorted(p for p in base_dir.rglob("*"))
    kb.load(base_dir)
    assert sorted(p for p in base_dir.rglob("*")) == before
    assert list((tmp_path / "xdg" / "kb-argmap" / "parsed").glob("*.parsed"))
    assert not list(Path(kb.__file__).parent.rglob("*.parsed"))


def test_the_cache_folder_is_pruned_of_old_and_surplus_files_it_wrote(cache_dir, base_dir, monkeypatch):
    """Writing a cache file deletes those of bases not loaded for MAX_AGE_DAYS, then the least
    recently loaded beyond MAX_FILES; never a file it did not write, nor the one just written."""
    monkeypatch.setattr(kb.cache, "MAX_FILES", 3)
    cache_dir.mkdir()
    day = 86400
    now = __import__("time").time()

    def cache_file(name, age_days, header=kb.cache.FORMAT):
        path = cache_dir / name
        path.write_bytes(header + b"records")
        os.utime(path, (now - age_days * day, now - age_days * day))
        return path

    old = cache_file("a" * 32 + ".parsed", kb.cache.MAX_AGE_DAYS + 1)
    recent = [cache_file(c * 32 + ".parsed", age) for c, age in (("b", 1), ("c", 2), ("d", 3))]
    killed_writer = cache_file("e" * 32 + ".parsed1x2y.tmp", 1)  # a day old
    not_ours = [cache_file("f" * 32 + ".parsed", 40, header=b"something else"),
                cache_file("notes.txt", 40), cache_file("0" * 31 + ".parsed", 40)]
    kb.load(base_dir)
    written = kb.cache.ParseCache.for_folder(base_dir).file
    left = set(cache_dir.iterdir())
    assert written in left and recent[0] in left and recent[1] in left  # the newest three
    assert old not in left and recent[2] not in left and killed_writer not in left
    assert set(not_ours) <= left
    kb.load(base_dir)  # a load that changes nothing writes nothing, deletes nothing, and marks its file used
    assert set(cache_dir.iterdir()) == left
