"""One packaging step beyond pyproject.toml: the wheel carries the site's JavaScript.

setuptools reads everything else from pyproject.toml. Building the wheel (``pip wheel .`` or
``python -m build``) also copies the vendored files named in ``kb/assets/vendor.json``
(cytoscape) into the wheel's ``kb/assets/vendor/NAME-VERSION/``, with the integrity they were
checked against, so that a pip-installed kb builds a site with no npm and no network. The files
come from the copy fetched and checked by ``kb.build.ensure_vendor`` ($KB_VENDOR_DIR, else the
user's cache), which runs ``npm pack`` once when there is none. Without npm or the network the
wheel is built without them, with a warning (``kb check`` needs none of it; a site build then
says what is missing). Nothing minified is committed.
An editable install skips the step: it uses the fetched copy at run time.
"""
import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _vendoring():
    """kb/build.py on its own (it imports only the standard library at the top), so that
    building the wheel needs none of kb's dependencies."""
    spec = importlib.util.spec_from_file_location("_kb_vendoring", HERE / "kb" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithVendor(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        vendoring = _vendoring()
        try:
            files = vendoring.ensure_vendor(log=lambda m: print(f"kb: {m}"), packaged=False)
        except (vendoring.VendorError, OSError) as err:
            # kb check and the rest work without it (a pre-commit hook installed from the repository,
            # say); a site build then says what is missing and how to get it.
            print(f"kb: WARNING: this wheel will not carry the site's JavaScript: {err}")
            return
        for name, pkg in vendoring.vendor_spec().items():
            target = Path(self.build_lib) / "kb" / "assets" / "vendor" / f"{name}-{pkg['version']}"
            target.mkdir(parents=True, exist_ok=True)
            for dest in pkg["files"].values():
                shutil.copyfile(files[dest], target / dest)
            (target / ".integrity").write_text(pkg["integrity"] + "\n")


setup(cmdclass={"build_py": BuildWithVendor})
