import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


# --- the site (tests/test_pages.py, test_site_build.py, test_browser.py) --------------------------
import pytest  # noqa: E402

SITE_FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory):
    """The sites of the two site fixtures, built once per session by `kb build` (strict):
    ``{"site": tests/fixtures/site, "hostile": tests/fixtures/site-hostile}`` -> folder."""
    from kb.build import build_site

    root = tmp_path_factory.mktemp("sites")
    built = {}
    # The hostile fixture has errors kb check reports (a date and a URL that are markup): it is built
    # anyway (--no-strict), because its pages must be safe even when someone builds past the errors.
    for name, folder, strict in (("site", "site", True), ("hostile", "site-hostile", False)):
        out = root / name
        assert build_site(SITE_FIXTURES / folder, out, strict=strict) == 0, f"the {folder} fixture's site did not build"
        built[name] = out
    return built


# --- fresh environments (tests/test_precommit.py, test_starter.py) ---------------------------------
@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory):
    """Wheels of kb's dependencies (and setuptools, to build kb) made from this environment's
    installed packages, so installing kb elsewhere reads no index: see tests/wheelhouse.py."""
    from wheelhouse import build_wheelhouse

    return build_wheelhouse(tmp_path_factory.mktemp("wheelhouse"), ["kb[site]", "setuptools"])
