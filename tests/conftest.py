import atexit
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# The parse cache (kb/cache.py) stays on in the tests, in a folder of this run (inherited by the
# commands the tests start), never in the user's own cache.
if not os.environ.get("KB_CACHE_DIR"):
    os.environ["KB_CACHE_DIR"] = tempfile.mkdtemp(prefix="kb-test-cache-")
    atexit.register(shutil.rmtree, os.environ["KB_CACHE_DIR"], True)


# --- the site (tests/test_pages.py, test_site_build.py, test_browser.py) --------------------------
import pytest  # noqa: E402

SITE_FIXTURES = Path(__file__).parent / "fixtures"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """An address a site does not have gets that site's 404.html (status 404), as static
        hosts serve it; the sites are folders of the served one."""
        first = self.path.split("?")[0].lstrip("/").split("/")[0]
        page = Path(self.directory) / first / "404.html"
        if code != 404 or not first or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def sites_server(tmp_path_factory):
    """A web server for the folder the fixture sites are built into, its address known before
    they are built (each site's address is its site_url: the theme's instant navigation follows
    only links under it). Not serving yet: ``start()`` it. -> (server, folder, address)."""
    root = tmp_path_factory.mktemp("sites")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    started = []

    def start():
        if not started:
            started.append(threading.Thread(target=httpd.serve_forever, daemon=True))
            started[0].start()

    httpd.start = start
    yield httpd, root, f"http://127.0.0.1:{httpd.server_address[1]}"
    if started:
        httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def built_sites(sites_server):
    """The sites of the two site fixtures, built once per session by `kb build` (strict):
    ``{"site": tests/fixtures/site, "hostile": tests/fixtures/site-hostile}`` -> folder."""
    from kb.build import build_site

    _, root, address = sites_server
    built = {}
    # The hostile fixture has errors kb check reports (a date and a URL that are markup): it is built
    # anyway (--no-strict), because its pages must be safe even when someone builds past the errors.
    for name, folder, strict in (("site", "site", True), ("hostile", "site-hostile", False)):
        out = root / name
        with pytest.MonkeyPatch.context() as env:
            env.setenv("KB_SITE_URL", f"{address}/{name}/")
            assert build_site(SITE_FIXTURES / folder, out, strict=strict) == 0, f"the {folder} fixture's site did not build"
        built[name] = out
    return built


@pytest.fixture(scope="session")
def bundled_sites(tmp_path_factory):
    """The site of the bundled knowledge base built once per session by each engine:
    ``{"mkdocs": `mkdocs build --strict` from the repository's root, "zensical": `kb build
    --engine zensical`}`` -> folder. Skipped when the bundled base has errors (its content, not
    the site, must be fixed first)."""
    import os
    import subprocess

    import kb
    from kb.build import build_site

    concepts = Path(__file__).parent.parent / "concepts"
    errors = [p for p in kb.load(concepts).check() if p.severity == "error"]
    if errors:
        pytest.skip(f"the bundled knowledge base has {len(errors)} error(s) (kb check concepts)")
    root = tmp_path_factory.mktemp("bundled")
    env = {k: v for k, v in os.environ.items() if k != "KB_CONCEPTS"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "mkdocs")],
                          cwd=Path(__file__).parent.parent, capture_output=True, text=True,
                          env={**env, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "WARNING" not in proc.stderr, proc.stderr[-3000:]
    assert build_site(concepts, root / "zensical", config_file=Path(__file__).parent.parent / "mkdocs.yml",
                      engine="zensical") == 0
    return {"mkdocs": root / "mkdocs", "zensical": root / "zensical"}


# --- fresh environments (tests/test_precommit.py, test_starter.py) ---------------------------------
@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory):
    """Wheels of kb's dependencies (and setuptools, to build kb) made from this environment's
    installed packages, so installing kb elsewhere reads no index: see tests/wheelhouse.py."""
    from wheelhouse import build_wheelhouse

    return build_wheelhouse(tmp_path_factory.mktemp("wheelhouse"), ["kb-argmap[site]", "setuptools"])


# --- the package (tests/test_package.py; also for any test that needs kb installed for real) -------
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402

CHECKOUT = Path(__file__).resolve().parent.parent
# What the wheel is built from: the package and its packaging files (copied, so that the build
# writes nothing into the checkout).
PACKAGE_FILES = ("kb", "pyproject.toml", "setup.py", "README.md", "LICENSE", "CHANGELOG.md")


@pytest.fixture(scope="session")
def kb_wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout (``kb_argmap-VERSION-py3-none-any.whl``), built once per session
    by ``pip wheel --no-deps --no-build-isolation`` from a copy of the package's files; setup.py puts
    the vendored JavaScript in it (fetched once into the user's cache when it is not there yet)."""
    source = tmp_path_factory.mktemp("wheel-source")
    for name in PACKAGE_FILES:
        if (CHECKOUT / name).is_dir():
            shutil.copytree(CHECKOUT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "vendor"))
        else:
            shutil.copy2(CHECKOUT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(out), str(source)], capture_output=True, text=True, cwd=source)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (wheel,) = out.glob("kb_argmap-*.whl")
    return wheel


@pytest.fixture(scope="session")
def kb_venv(kb_wheel, wheelhouse, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (``kb-argmap[site]``; its dependencies
    from the ``wheelhouse``, so no index is read); returns its ``bin`` folder. It lies outside the
    checkout and cannot see its sources."""
    from wheelhouse import offline_pip_env

    venv = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    proc = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"{kb_wheel}[site]"],
                          capture_output=True, text=True, cwd=venv, env=offline_pip_env(wheelhouse, os.environ))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return venv / "bin"


def isolated_env(bin_dir: Path, home: Path) -> dict:
    """An environment for running an installed kb: only ``bin_dir`` on the PATH (so no npm), a
    home and cache of its own, and proxies that refuse every connection."""
    home.mkdir(parents=True, exist_ok=True)
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TZ", "TMPDIR")}
    dead = "http://127.0.0.1:9"
    return {**keep, "PATH": str(bin_dir), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
            "NO_MKDOCS_2_WARNING": "1", "http_proxy": dead, "https_proxy": dead, "HTTP_PROXY": dead,
            "HTTPS_PROXY": dead, "PIP_NO_INDEX": "1"}
