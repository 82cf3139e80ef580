"""Building the site: ``kb build [DIR] -o SITE_DIR``, and the JavaScript the site serves.

``SITE_DIR`` must be new, empty, or a site an earlier build made (it holds ``.kb-site``): kb
never replaces a folder it did not make, and never builds over the knowledge base, the docs or
the project. The site is built into a hidden folder inside ``SITE_DIR`` by ``mkdocs build
--strict`` (run as a child process, never quiet and never verbose: ``-q`` hides warnings from
the strict count and ``-v`` skips the anchor checks), then moved into place. A failed or
interrupted build (SIGINT, SIGTERM, SIGHUP) removes what it made and leaves the previous site
as it was.

The graph view needs cytoscape (the debate maps are drawn at build time), pinned by version and
integrity in ``kb/assets/vendor.json``; nothing minified is committed. A wheel carries the
checked files in ``kb/assets/vendor/NAME-VERSION/`` (setup.py fetches them when the wheel is
built), so a pip-installed kb needs neither npm nor the network. From a source checkout they
are fetched once by ``npm pack NAME@VERSION`` (the one tarball, no dependencies), checked
against the integrity and unpacked into ``$KB_VENDOR_DIR``, else the user's cache
(``~/.cache/kb-argmap/vendor``); ``python -m kb.build vendor`` fetches them ahead of time.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import signal
import tarfile
import tempfile
import threading
import time
from pathlib import Path

__all__ = ["build_site", "checked_digest", "CHECKED_ENV", "ensure_vendor", "vendor_spec", "VendorError", "MARKER"]

ASSETS = Path(__file__).resolve().parent / "assets"
VENDOR_SPEC = ASSETS / "vendor.json"
MAX_SHOWN_PROBLEMS = 20


class VendorError(Exception):
    """The site's JavaScript could not be fetched or checked."""


# --- vendored JavaScript ----------------------------------------------------------------------

def vendor_spec() -> dict:
    return json.loads(VENDOR_SPEC.read_text(encoding="utf-8"))["packages"]


PACKAGED = ASSETS / "vendor"   # where a wheel carries the files (setup.py puts them there)


def vendor_dir() -> Path:
    """Where fetched files are kept: $KB_VENDOR_DIR, else the user's cache (never the package)."""
    if os.environ.get("KB_VENDOR_DIR"):
        return Path(os.environ["KB_VENDOR_DIR"])
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "kb-argmap" / "vendor"


def _complete(folder: Path, pkg: dict) -> bool:
    stamp = folder / ".integrity"
    return stamp.is_file() and stamp.read_text().strip() == pkg["integrity"] and all(
        (folder / dest).is_file() for dest in pkg["files"].values())


def ensure_vendor(log=None, packaged: bool = True) -> dict[str, Path]:
    """The vendored files, ``{name served under assets/vendor/: path}``.

    The copy a wheel carries (``kb/assets/vendor/NAME-VERSION/``) is used when present (and
    ``packaged``); else the one fetched earlier into :func:`vendor_dir`; else it is fetched now.
    """
    found: dict[str, Path] = {}
    for name, pkg in vendor_spec().items():
        folder = PACKAGED / f"{name}-{pkg['version']}"
        if not (packaged and _complete(folder, pkg)):
            folder = vendor_dir() / f"{name}-{pkg['version']}"
            if not _complete(folder, pkg):
                if log:
                    log(f"fetching {name} {pkg['version']} with npm pack (once; kept in {folder.parent})")
                _fetch(name, pkg, folder)
        for dest in pkg["files"].values():
            found[dest] = folder / dest
    return found


def _fetch(name: str, pkg: dict, folder: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError(
            f"{name} {pkg['version']} (the graph view's JavaScript) is not in this installation of kb "
            f"({PACKAGED} has no copy: kb is installed from a source checkout, or from a wheel built "
            f"without it) and npm, which would fetch it, is not on the PATH. Fix: install kb from its "
            f"wheel (pip install kb-argmap; the wheel carries {name}), or install Node.js and npm "
            f"(e.g. apt-get install npm) and build again, or set KB_VENDOR_DIR to a folder holding "
            f"{name}-{pkg['version']}/ fetched elsewhere with python -m kb.build vendor")
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=folder.parent) as tmp:
        try:
            proc = subprocess.run([npm, "pack", f"{name}@{pkg['version']}", "--pack-destination", tmp,
                                   "--ignore-scripts", "--json"],
                                  capture_output=True, text=True, timeout=600, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise VendorError(f"npm pack {name}@{pkg['version']} timed out") from None
        tarballs = list(Path(tmp).glob("*.tgz"))
        if proc.returncode != 0 or len(tarballs) != 1:
            lines = [line for line in proc.stderr.strip().splitlines() if line.strip()] or ["no output"]
            cause = next((line for line in lines if any(w in line for w in ("ENOTFOUND", "ECONNREFUSED", "ETIMEDOUT",
                                                                              "EAI_AGAIN", "network"))), lines[-1])
            raise VendorError(f"npm pack {name}@{pkg['version']} failed: {cause.strip()}. It needs the network "
                              f"once (the files are then kept in {folder.parent}); or install kb from its wheel, "
                              "which carries them")
        data = tarballs[0].read_bytes()
        algorithm, _, expected = pkg["integrity"].partition("-")
        actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
        if actual != expected:
            raise VendorError(f"{name} {pkg['version']}: the tarball does not match the pinned integrity")
        staging = Path(tmp) / "unpacked"
        staging.mkdir()
        with tarfile.open(tarballs[0], "r:gz") as archive:
            for member_name, dest in pkg["files"].items():
                member = archive.getmember(member_name)
                source = archive.extractfile(member) if member.isfile() else None
                if source is None:
                    raise VendorError(f"{name} {pkg['version']}: {member_name} is not a file in the package")
                (staging / dest).write_bytes(source.read())
        (staging / ".integrity").write_text(pkg["integrity"] + "\n")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        try:
            os.rename(staging, folder)
        except OSError:
            if not (folder / ".integrity").is_file():  # not just another process that won the race
                raise


# --- the site ---------------------------------------------------------------------------------

# kb build checks the knowledge base before it starts mkdocs; it tells the plugin which files it
# found free of errors, so that the plugin checks them again only if they changed meanwhile.
CHECKED_ENV = "KB_CHECKED_DIGEST"


def checked_digest(base) -> str:
    """A digest of every file the entries of ``base`` were read from (with the sources' texts)."""
    from .checks import source_text_file

    digest = hashlib.sha256()
    for entry in base.entries():
        paths = [Path(entry._path)]
        if entry.kind == "source":  # its local text, if kb may read it (kb.readable)
            text, _refused = source_text_file(base, entry)
            paths += [text] if text is not None else []
        for path in paths:
            digest.update(f"{path}\0".encode())
            try:  # a regular file only: a FIFO or a device would never end
                digest.update(path.read_bytes() if path.is_file() else b"\0missing")
            except OSError:
                digest.update(b"\0missing")
    return digest.hexdigest()


MARKER = ".kb-site"
_MARKER_TEXT = ("This folder is a site built by `kb build`. `kb build -o` replaces only folders that hold\n"
                "this file; delete the file and the folder is no longer kb's to replace.\n")


class _Refused(Exception):
    """The output folder is not one ``kb build`` may write into."""


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like an interrupt, so every temporary folder goes."""


def _say(message: str) -> None:
    print(f"kb: {message}", file=sys.stderr)


def _check_output(out: Path, kept: dict[str, Path]) -> bool:
    """Whether ``out`` exists already; raises :class:`_Refused` if kb may not replace it.

    kb replaces only a folder it made: an empty folder, or one holding the marker file that every
    build writes. It never builds into, over or inside the knowledge base or the docs, nor over
    the project or any other of ``kept`` (:func:`kb.targets.refusal`).
    """
    from .targets import refusal

    if out.is_symlink():
        raise _Refused(f"'{out}' is a symbolic link; give the real folder, or a new one")
    why = refusal(out, kept, inside=("the knowledge base", "the docs folder"), flag="",
                  harm="building there would delete it", example="-o site")
    if why:
        raise _Refused(why)
    if not out.exists():
        return False
    if not out.is_dir():
        raise _Refused(f"cannot build into '{out}': it exists and is not a folder.")
    marker = out / MARKER
    if marker.is_file() and not marker.is_symlink():
        return True
    if next(out.iterdir(), None) is None:
        return True
    raise _Refused(f"'{out}' is a folder that kb build did not make (it has no {MARKER} file), so it "
                   "is left as it is. Give a new or empty folder, or one a previous kb build made")


def site_dir_refusal(site_dir, project, concepts) -> str | None:
    """Why MkDocs may not build into ``site_dir`` for ``project``, or None.

    ``mkdocs build`` empties its site_dir before it writes (MkDocs itself only refuses a
    site_dir holding docs_dir): a site_dir that holds the knowledge base, the project, the home
    folder or a file its settings name would delete them; one inside the knowledge base or the
    docs would fill them with pages. The rule of every command that writes: :func:`kb.targets.refusal`.
    """
    from .targets import places, refusal

    return refusal(site_dir, places(project, concepts), inside=("the knowledge base", "the docs folder"),
                   flag="site_dir", harm="MkDocs empties site_dir before it builds, so it would delete it",
                   example="site")


ENGINES = ("mkdocs", "zensical")


def build_site(concepts_dir, out_dir, strict: bool = True, config_file=None, project=None,
               engine: str = "mkdocs") -> int:
    """Build the site of the knowledge base in ``concepts_dir`` into ``out_dir``, with MkDocs
    (the kb plugin) or Zensical (:mod:`kb.zensical_adapter`, from the generated pages).

    Returns 0 on success, 1 on failure (with a one-line explanation on stderr, and the
    knowledge base's errors or MkDocs' warnings above it). ``out_dir`` must be new, empty, or a
    site an earlier build made (it holds the marker file ``.kb-site``); nothing is written
    outside it. The site is built into a hidden folder inside ``out_dir``, and the previous
    site is replaced only when the new one is complete. SIGINT, SIGTERM and SIGHUP remove what
    the build made and stop the mkdocs process.
    """
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    installed = threading.current_thread() is threading.main_thread()
    if installed:
        for sig in previous:
            signal.signal(sig, _terminate)
    try:
        return _build(concepts_dir, out_dir, strict, config_file, project, engine)
    except _Terminated:
        _say("stopped by a signal; the previous site is left as it was.")
        return 130
    finally:
        if installed:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


# While the mkdocs process is being started, a signal is held back: raised in the middle of
# starting it, it would leave the process running with no one to stop it.
_held = {"starting": False, "signal": None}


def _terminate(signum, frame):
    if _held["starting"]:
        _held["signal"] = signum
        return
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise _Terminated(signum)


def _run_engine(command, env, cwd) -> tuple[int, str]:
    """Run the site's engine; whatever interrupts us (a signal, an exception) stops it first."""
    _held["starting"], _held["signal"] = True, None
    try:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 env=env, cwd=cwd)
    finally:
        _held["starting"] = False
    try:
        if _held["signal"] is not None:
            _terminate(_held["signal"], None)
        output, _ = child.communicate()
    except BaseException:
        child.kill()
        child.wait()
        raise
    return child.returncode, output


def _build(concepts_dir, out_dir, strict: bool, config_file, project, engine: str) -> int:
    concepts = Path(concepts_dir)
    out = Path(out_dir).absolute()
    if not concepts.is_dir():
        _say(f"'{concepts_dir}' is not a folder. Pass the folder that holds terms/, claims/, ...")
        return 1
    if config_file is None:
        from .project import NoProject, find_project

        try:
            project = project or find_project()
        except NoProject as err:
            _say(f"{err}.")
            return 1
        if project.mkdocs_config is None:
            _say(f"the project {project.root} has no mkdocs.yml, which kb build needs. Create one with at least "
                 "'site_name: ...' and 'plugins: [search, kb]' (kb init writes one).")
            return 1
        config_file = project.mkdocs_config
    config = Path(config_file)

    if not out.parent.is_dir():
        _say(f"cannot build into '{out_dir}': the folder '{out.parent}' does not exist. Create it, or choose another -o.")
        return 1
    if not config.is_file():
        _say(f"the site's configuration {config} is missing: pass an existing mkdocs.yml.")
        return 1
    from .project import project_at
    from .targets import places

    site_project = project_at(config.absolute().parent)  # the one whose settings the engine reads
    kept = {**places(site_project, concepts), "the site's configuration": config, "the current folder": Path.cwd()}
    try:
        existed = _check_output(out, kept)
    except _Refused as refusal:
        _say(str(refusal))
        return 1
    kept = f"; the previous site in {out_dir} is left as it was" if existed else ""

    from .base import load
    from .verdict import project_problems

    started = time.perf_counter()
    # The settings the site's engine reads: those of the project whose mkdocs.yml it is given.
    project = site_project
    try:
        base = load(concepts, project=project)
    except FileNotFoundError as err:
        _say(str(err))
        return 1
    errors = [p for p in project_problems(base, project) if p.severity == "error"]
    if errors:
        for p in errors[:MAX_SHOWN_PROBLEMS]:
            print(str(p), file=sys.stderr)
        if len(errors) > MAX_SHOWN_PROBLEMS:
            print(f"... and {len(errors) - MAX_SHOWN_PROBLEMS} more (kb check {concepts_dir} lists them all)",
                  file=sys.stderr)
        if strict:
            _say(f"the knowledge base has {len(errors)} error(s), so the site was not built{kept}.")
            return 1
        _say(f"the knowledge base has {len(errors)} error(s); building anyway (--no-strict).")

    if engine not in ENGINES:
        _say(f"unknown engine '{engine}': choose one of {', '.join(ENGINES)}.")
        return 1
    if engine == "zensical" and importlib.util.find_spec("zensical") is None:
        _say(f"Zensical is not installed (pip install zensical), so the site was not built{kept}.")
        return 1
    try:
        vendor = ensure_vendor(log=lambda m: _say(m))
    except (VendorError, OSError) as err:
        _say(f"cannot fetch the site's JavaScript: {err}{kept}.")
        return 1

    made_out = False
    try:
        if not existed:
            out.mkdir()
            made_out = True
        (out / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        tmp = Path(tempfile.mkdtemp(prefix=".kb-new-", dir=out))
    except OSError as err:
        if made_out:
            shutil.rmtree(out, ignore_errors=True)
        where = out.parent if not existed else out
        _say(f"cannot write in '{where}' ({err.strerror or err}), so the site was not built{kept}.")
        return 1
    built = False
    try:
        if engine == "zensical":
            returncode, output, problems = _zensical(concepts, base, config, vendor, tmp, strict)
        else:
            returncode, output, problems = _mkdocs(concepts, config, tmp, strict,
                                                   None if errors else checked_digest(base))
        if returncode != 0:
            for line in problems[:MAX_SHOWN_PROBLEMS]:
                print(line, file=sys.stderr)
            reason = next((line for line in reversed(output) if line.strip()), "no output")
            if not problems:
                print(reason, file=sys.stderr)
            _say(f"the site build failed ({len(problems)} warning(s) or error(s) above){kept}.")
            return 1
        for line in problems:  # without --strict, warnings do not fail the build: still show them
            print(line, file=sys.stderr)
        (tmp / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        _swap(tmp, out)
        built = True
    except OSError as err:
        _say(f"cannot put the new site in place ({err.strerror or err}){kept}.")
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if made_out and not built:
            shutil.rmtree(out, ignore_errors=True)
    pages = sum(1 for _ in out.rglob("index.html"))
    print(f"kb: built {pages} pages from {len(base)} entries into {out_dir} in {time.perf_counter() - started:.1f} s.")
    return 0


def _mkdocs(concepts: Path, config: Path, site: Path, strict: bool,
            checked: str | None) -> tuple[int, list[str], list[str]]:
    """``mkdocs build`` into ``site``: its exit status, its output lines, and the warnings among
    them. ``checked``: the digest of the files found free of errors, which the plugin need not
    check again (kb.plugin compares them)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config),
               "--site-dir", str(site)] + (["--strict"] if strict else [])
    env = {**os.environ, "KB_CONCEPTS": str(concepts.resolve()), "NO_MKDOCS_2_WARNING": "1"}
    if checked:
        env[CHECKED_ENV] = checked
    returncode, text = _run_engine(command, env, str(config.parent))
    output = text.splitlines()
    return returncode, output, [line for line in output if line.startswith(("WARNING", "ERROR"))]


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _zensical(concepts: Path, base, config: Path, vendor: dict, site: Path, strict: bool) -> tuple[int, list[str], list[str]]:
    """``zensical build`` of the generated pages in the project's lasting work folder
    (:mod:`kb.zensical_cache`, where Zensical's cache stays from one build to the next), else in
    a temporary one beside ``site``; the built site then moved to ``site``. The same as
    :func:`_mkdocs` returns."""
    from .zensical_cache import work_folder

    with work_folder(config, concepts) as lasting:
        if lasting is not None:
            return _zensical_in(lasting, base, config, vendor, site, strict)
        work = Path(tempfile.mkdtemp(prefix=".kb-zensical-", dir=site.parent))
        try:
            return _zensical_in(work, base, config, vendor, site, strict)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _zensical_in(work: Path, base, config: Path, vendor: dict, site: Path, strict: bool) -> tuple[int, list[str], list[str]]:
    import yaml

    from .pages_dir import Refused
    from .zensical_adapter import prepare

    shutil.rmtree(work / "site", ignore_errors=True)  # what a failed build left
    try:
        try:
            zensical_config, notes = prepare(work, base, config, vendor)
        except Refused:  # a page of the last build edited in the work folder: start it again
            shutil.rmtree(work / "docs")
            zensical_config, notes = prepare(work, base, config, vendor)
    except (ValueError, yaml.YAMLError) as err:
        return 1, [f"ERROR -  {config}: {err}"], []
    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(zensical_config)] + \
        (["--strict"] if strict else [])
    returncode, text = _run_engine(command, dict(os.environ), str(work))
    output, crash = zensical_output(text)
    reported = [f"{line}  ({_where(output, i)})" for i, line in enumerate(output) if line.startswith(("Warning:", "Error:"))]
    if returncode != 0 and crash and not reported:  # it stopped without saying why but in its traceback
        reported = [f"Error: Zensical stopped: {crash}"]
    problems = [f"WARNING -  {note}" for note in notes] + reported
    if strict and notes:
        returncode = returncode or 1  # as mkdocs --strict fails on the plugin's warnings
    if returncode == 0:
        site.rmdir()
        shutil.move(str(work / "site"), str(site))  # a copy when the cache is on another disk
    return returncode, output, problems


def zensical_output(text: str) -> tuple[list[str], str]:
    """Zensical's output as lines without colours, and the message it stopped with ('' when
    none). Its output is coloured whatever the terminal, and a failed build ends in a Python
    traceback (a failed strict build, but also an error in a template: ``RuntimeError: unknown
    method ... (in main.html:31)``), whose frames say nothing to the user but whose last line does.
    """
    output, _, traceback = _ANSI.sub("", text).partition("\nTraceback (most recent call last):")
    last = [line for line in traceback.splitlines() if line.strip() and not line.startswith(" ")]
    return output.splitlines(), (last[-1].strip() if last else "")


def _where(output: list[str], i: int) -> str:
    """The ``file:line:column`` Zensical shows in the box under a warning."""
    for line in output[i + 1:i + 3]:
        found = re.search(r"\[\s*([^\]]+?)\s*\]", line)
        if found:
            return found.group(1)
    return "no location"


def _swap(new: Path, out: Path) -> None:
    """Replace what ``out`` holds by what ``new`` (a folder inside it) holds.

    The previous site's files are moved into a hidden folder first and removed last; if a move
    fails, they are moved back. Everything happens inside ``out``.
    """
    old = Path(tempfile.mkdtemp(prefix=".kb-old-", dir=out))
    moved: list[str] = []
    placed: list[str] = []
    try:
        for item in os.listdir(out):
            if item not in (new.name, old.name):
                os.rename(out / item, old / item)
                moved.append(item)
        for item in os.listdir(new):
            os.rename(new / item, out / item)
            placed.append(item)
    except BaseException:
        for item in placed:
            os.rename(out / item, new / item)
        for item in moved:
            os.rename(old / item, out / item)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def main(argv=None) -> int:
    """``python -m kb.build vendor``: fetch the site's JavaScript (the Makefile's site target)."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["vendor"]:
        print("usage: python -m kb.build vendor", file=sys.stderr)
        return 2
    try:
        files = ensure_vendor(log=_say)
    except (VendorError, OSError) as err:
        _say(f"cannot fetch the site's JavaScript: {err}")
        return 1
    for name, path in sorted(files.items()):
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
