"""The settings give the same verdict on every path: ``kb check``, ``kb build`` with either engine,
``mkdocs build`` with the plugin (no kb build before it), ``kb pages`` and ``kb stats`` read ``select`` and
``ignore`` from ``[tool.kb]`` or the plugin's options alike (kb.verdict), and decide the home
page alike (kb.site_choices)."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kb
from kb.plugin import _Config
from kb.project import SETTINGS, project_at
from kb.site_choices import HomeChoice, choose_home, font_warning, safe_features
from kb.verdict import project_problems, selection_of

FIXTURES = Path(__file__).parent / "fixtures"
# An argument with no premises: an error (KB401) in an otherwise good base.
NO_PREMISES = "id: no-premises\ntitle: t\nsummary: s.\nconclusion: search-generalizes\n"
MKDOCS = "site_name: Demo\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - kb{options}\n"
SETTINGS_IN = {
    "nowhere": ("", None),
    "pyproject": ("", '[tool.kb]\nignore = ["KB401"]\n'),
    "plugin options": (":\n      select: [KB2, KB3, KB6, KB7]\n      ignore: [KB6]", None),
}
HAS_ZENSICAL = importlib.util.find_spec("zensical") is not None


def make_project(tmp_path: Path, where: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", root / "concepts")
    shutil.copytree(FIXTURES / "texts", root / "texts")
    (root / "concepts" / "arguments" / "no-premises.yaml").write_text(NO_PREMISES, encoding="utf-8")
    (root / "docs").mkdir()
    options, pyproject = SETTINGS_IN[where]
    (root / "mkdocs.yml").write_text(MKDOCS.format(options=options), encoding="utf-8")
    if pyproject:
        (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (root / ".git").mkdir()  # the top of the project: no settings are read from above it
    return root


PATHS = {
    "kb check": ["-m", "kb", "check"],
    "kb build": ["-m", "kb", "build", "-o", "site"],
    "mkdocs build": ["-m", "mkdocs", "build", "--strict", "-d", "site"],
    "kb build --engine zensical": ["-m", "kb", "build", "--engine", "zensical", "-o", "site"],
    "kb pages": ["-m", "kb", "pages", "-o", "pages"],
    "kb stats": ["-m", "kb", "stats"],
}


@pytest.mark.parametrize("where", list(SETTINGS_IN))
@pytest.mark.parametrize("path", list(PATHS))
def test_every_path_leaves_out_the_rules_the_settings_leave_out(tmp_path, path, where):
    if "zensical" in path and not HAS_ZENSICAL:
        pytest.skip("Zensical is not installed")
    root = make_project(tmp_path, where)
    run = subprocess.run([sys.executable, *PATHS[path]], cwd=root, capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output
    reported = "KB401" in output if path != "kb stats" else " 0 error(s)" not in output  # stats counts them
    if where == "nowhere":  # the control: every path sees the error
        assert reported, output
        assert run.returncode == (0 if path in ("kb pages", "kb stats") else 1), output  # these say it, exit 0
    else:
        assert not reported and run.returncode == 0, output
        if path not in ("kb check", "kb stats"):
            built = root / ("pages/index.md" if path == "kb pages" else "site/arguments/no-premises/index.html")
            assert built.is_file(), output


@pytest.mark.parametrize("where", list(SETTINGS_IN))
def test_check_in_python_gives_the_verdict_of_kb_check(tmp_path, monkeypatch, where):
    """A researcher's ``kb.load().check()`` (and ``kb.load(folder).check()``) applies the project's
    settings as CI's ``kb check`` does: the same problems, the project's own (KB120) included."""
    import json

    root = make_project(tmp_path, where)

    def ci():
        run = subprocess.run([sys.executable, "-m", "kb", "check", "--format", "json"], cwd=root,
                             capture_output=True, text=True, timeout=300)
        return sorted((p["code"], p["file"], p["line"]) for p in json.loads(run.stdout)["problems"])

    def found(base):
        return sorted((p.code, p.file, p.line) for p in base.check())

    monkeypatch.chdir(root)
    verdict = ci()
    assert ("KB401" in {c for c, _f, _l in verdict}) == (where == "nowhere")
    assert found(kb.load()) == found(kb.load("concepts")) == found(kb.load(root / "concepts")) == verdict
    with (root / "pyproject.toml").open("a", encoding="utf-8") as f:  # a project problem too
        f.write("[tool.kb]\n" * (where != "pyproject") + 'titel = "x"\n')
    verdict = ci()
    assert ("KB120" in {c for c, _f, _l in verdict}) == (where != "plugin options")  # it selects KB2, 3, 6, 7
    assert found(kb.load("concepts")) == verdict
    base = kb.load("concepts")
    assert "KB401" in {p.code for p in base.check(settings=False)} and base.project.root == root
    assert "KB120" not in {p.code for p in base.check(settings=False)}  # the base's own checks only
    assert {p.code for p in base.check(select=["KB4", "KB7"])} == ({"KB401", "KB701"} if where != "pyproject"
                                                                   else {"KB701"})  # the settings' ignore stays


def test_the_plugin_takes_every_setting_as_an_option():
    options = {name for name, _ in _Config._schema}
    assert set(SETTINGS) <= options, set(SETTINGS) - options


def test_the_verdict_applies_the_settings_then_the_command_line(tmp_path):
    root = make_project(tmp_path, "pyproject")
    project = project_at(root)
    base = kb.load(root / "concepts")
    assert "KB401" in {p.code for p in base.check(settings=False)}
    assert "KB401" not in {p.code for p in project_problems(base, project)}
    assert {p.code for p in project_problems(base, project, select=["KB7"])} == {"KB701"}  # select replaces
    assert "KB401" not in {p.code for p in project_problems(base, project, select=["KB4"])}  # ignore stays
    assert not {p.code for p in project_problems(base, project, ignore=["KB7"])} & {"KB401", "KB701"}  # adds
    assert selection_of(project)("KB402") and not selection_of(project)("KB401")
    assert selection_of(project, ignore=["KB4"]).ignore == ("KB401", "KB4") and selection_of(None).everything
    # the project's own checks (settings, reading paths) only for its own knowledge base
    (root / "pyproject.toml").write_text('[tool.kb]\nignore = ["KB401"]\ntitel = "x"\n', encoding="utf-8")
    project = project_at(root)
    assert "KB120" in {p.code for p in project_problems(base, project)}
    assert "KB120" not in {p.code for p in project_problems(kb.load(FIXTURES / "good"), project)}
    assert "KB120" not in {p.code for p in project_problems(base, project, ignore=["KB120"])}


@pytest.mark.parametrize("mode, own, generate, guide, error, warning", [
    ("auto", set(), True, None, False, False),
    ("auto", {"index.md"}, False, None, False, False),
    ("auto", {"writing-entries.md"}, True, "writing-entries.md", False, False),
    ("generate", set(), True, None, False, False),
    ("generate", {"index.md", "writing-entries.md"}, False, "writing-entries.md", True, False),
    ("keep", {"index.md"}, False, None, False, False),
    ("keep", set(), False, None, False, True),
])
def test_choose_home(mode, own, generate, guide, error, warning):
    choice = choose_home(mode, own)
    assert (choice.generate, choice.guide, bool(choice.error), bool(choice.warning)) == (generate, guide, error, warning)
    if error:
        assert "docs/index.md exists" in choice.error and "home: keep" in choice.error
    if warning:
        assert "no home page" in choice.warning


def test_kb_pages_keeps_a_projects_own_home_page_as_the_engines_do(tmp_path):
    root = make_project(tmp_path, "pyproject")
    (root / "docs" / "index.md").write_text("# Our own front page\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kb", "pages", "-o", "pages"], cwd=root, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert not (root / "pages" / "index.md").exists() and (root / "pages" / "glossary.md").is_file()
    with (root / "pyproject.toml").open("a", encoding="utf-8") as f:
        f.write('home = "generate"\n')
    run = subprocess.run([sys.executable, "-m", "kb", "pages", "-o", "pages2"], cwd=root, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 1 and "home: generate would replace it" in run.stderr and not (root / "pages2").exists()
    # the project's own pages are where mkdocs.yml's docs_dir says, as the engines read them
    (root / "docs").rename(root / "pages-src")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("docs_dir: pages-src\n")
    run = subprocess.run([sys.executable, "-m", "kb", "pages", "-o", "pages3"], cwd=root, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 1 and "home: generate would replace it" in run.stderr


def test_safe_features_and_the_font_are_decided_once():
    assert safe_features(["navigation.instant", "content.tooltips", "search.suggest"]) == (
        ["navigation.instant", "search.suggest"],
        ["theme feature content.tooltips is turned off: it renders titles as HTML; "
         "the kb plugin shows link previews itself"])
    assert safe_features(None) == ([], [])
    assert font_warning("material", False) is None and font_warning("mkdocs", None) is None
    assert "Google Fonts" in font_warning("material", None) and "Google Fonts" in font_warning("material", {"text": "x"})
    assert HomeChoice(True) == choose_home("auto", ())


def test_a_misspelt_plugin_option_gets_kbs_message_on_every_path(tmp_path):
    """`- kb: {concept: x}` is a KB120 problem naming mkdocs.yml's line with a did-you-mean, from
    mkdocs build as from kb check, not MkDocs' "Unrecognised configuration name"."""
    root = make_project(tmp_path, "nowhere")
    (root / "mkdocs.yml").write_text(MKDOCS.format(options=":\n      concept: concepts\n      sanitize: maybe"),
                                     encoding="utf-8")
    for command in (PATHS["mkdocs build"], PATHS["kb check"]):
        run = subprocess.run([sys.executable, *command], cwd=root, capture_output=True, text=True, timeout=300)
        output = run.stdout + run.stderr
        assert run.returncode == 1, output
        assert "Unrecognised configuration name" not in output and "Traceback" not in output, output
        assert "mkdocs.yml:8: KB120 error [settings] unknown option 'concept'. Fix: did you mean 'concepts'?" in output
        assert "mkdocs.yml:9: KB120 error [settings] 'sanitize' must be true or false, not text." in output
        assert output.index("mkdocs.yml:8:") < output.index("mkdocs.yml:9:"), output  # in the file's order


@pytest.mark.parametrize("where, text, message", [
    ("mkdocs.yml", ":\n      sanitise: false", "mkdocs.yml:8: KB120 error [settings] unknown option 'sanitise'. "
                                                   "Fix: did you mean 'sanitize'?"),
    ("pyproject.toml", '[tool.kb]\nsanitize = false\n', "pyproject.toml:2: KB120 error [settings] 'sanitize' is an "
                                                       "option of the kb plugin, not a setting."),
    ("pyproject.toml", '[tool.kb]\nconcept = "c"\n', "pyproject.toml:2: KB120 error [settings] unknown setting "
                                                     "'concept'. Fix: did you mean 'concepts'?"),
])
def test_plugin_options_and_settings_are_told_apart(tmp_path, where, text, message):
    root = make_project(tmp_path, "nowhere")
    if where == "mkdocs.yml":
        (root / "mkdocs.yml").write_text(MKDOCS.format(options=text), encoding="utf-8")
    else:
        (root / "pyproject.toml").write_text(text, encoding="utf-8")
    assert message in "\n".join(str(p) for p in project_at(root).problems)
    assert project_at(root).settings.concepts == root / "concepts"
