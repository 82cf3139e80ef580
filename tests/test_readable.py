"""kb reads no file outside the project for its entries (kb.readable): a source's `text:` that leads
out (absolute, `..`, a symbolic link, a hidden folder) is KB506 and is never opened; an entry file
that is a link out is KB116 and is never opened; the `texts` setting names the folders outside
the project that texts may be in."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import kb
from kb.build import checked_digest
from kb.readable import folders_of, refusal

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "the deploy token is hunter two and nobody may read it"
OPENED: list[str] = []


def _audit(event, args):
    if event == "open" and OPENED and isinstance(args[0], (str, bytes, Path)):
        OPENED.append(str(args[0]))


sys.addaudithook(_audit)


class opened:
    """The files this process opens inside the block (an audit hook: every os.open and open)."""

    def __enter__(self):
        OPENED[:] = ["<recording>"]
        return self

    def __exit__(self, *exc):
        self.files = OPENED[1:]
        OPENED[:] = []

    def any(self, *paths) -> bool:
        real = {str(Path(p).resolve()) for p in paths}
        return any(str(Path(f).resolve()) in real for f in self.files)


def make(tmp_path: Path, text: str, settings: str = "") -> tuple[Path, Path]:
    """A project holding the good base, a source citing a quote of SECRET whose `text:` is
    ``text``, and the secret outside the project. -> (project root, the secret's file)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", root / "concepts")
    shutil.copytree(FIXTURES / "texts", root / "texts")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(SECRET + "\n", encoding="utf-8")
    (root / "pyproject.toml").write_text("[tool.kb]\n" + settings, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (root / "texts" / "link.txt").symlink_to(secret)
    text = text.format(secret=secret)
    (root / "concepts" / "sources" / "probe.yaml").write_text(
        f"id: probe\ntitle: Probe\nsummary: s.\ntext: {text}\n", encoding="utf-8")
    (root / "concepts" / "terms" / "probing.yaml").write_text(
        "id: probing\nname: probing\nsummary: s.\ndefinition: d\n"
        "sources: [{source: probe, locator: p. 1, quote: hunter two and nobody may read}]\n", encoding="utf-8")
    return root, secret


@pytest.mark.parametrize("text, why", [
    ("'{secret}'", "it is an absolute path"),
    ("../../../outside/secret.txt", "it leads outside the folders kb reads"),
    ("../../texts/link.txt", "it leads outside the folders kb reads"),  # a symbolic link out
    ("../../.git/config", "it leads into the hidden '.git'"),
])
def test_a_source_text_outside_the_project_is_an_error_and_is_never_read(tmp_path, monkeypatch, text, why):
    root, secret = make(tmp_path, text)
    monkeypatch.chdir(root)  # files shown relative to it
    base = kb.load(root / "concepts")
    with opened() as seen:
        problems = base.check()
        digest = checked_digest(base)
    outside = [p for p in problems if p.code == "KB506"]
    assert len(outside) == 1, problems
    assert str(outside[0]).startswith("concepts/sources/probe.yaml:4: KB506 error [source-text-outside] "
                                      "the text ") and why in outside[0].message, outside[0]
    assert "name its folder in the `texts` setting" in outside[0].fix
    assert not seen.any(secret, root / ".git" / "config"), seen.files
    assert digest and {"KB502", "KB503", "KB504"}.isdisjoint(p.code for p in problems)


@pytest.mark.parametrize("text, settings", [
    ("../../texts/demo-copy.txt", ""),                                   # inside the project: the control
    ("../../../outside/secret.txt", 'texts = ["../outside"]\n'),          # a folder the settings name
    ("../../texts/link.txt", 'texts = "../outside"\n'),                  # a link into it
])
def test_a_source_text_inside_the_projects_folders_is_read(tmp_path, text, settings):
    root, secret = make(tmp_path, text, settings)
    (root / "texts" / "demo-copy.txt").write_text(SECRET + "\n", encoding="utf-8")
    base = kb.load(root / "concepts")
    with opened() as seen:
        problems = base.check()
    assert not {"KB502", "KB503", "KB504", "KB506", "KB120"} & {p.code for p in problems}, problems
    assert seen.any(root / "texts" / "demo-copy.txt", secret)
    (root / "concepts" / "terms" / "probing.yaml").write_text(  # and a quote it does not hold is found out
        "id: probing\nname: probing\nsummary: s.\ndefinition: d\n"
        "sources: [{source: probe, locator: p. 1, quote: words the text never says}]\n", encoding="utf-8")
    assert "KB502" in {p.code for p in kb.load(root / "concepts").check()}


def test_an_entry_file_linked_out_of_the_project_is_not_read(tmp_path, monkeypatch):
    root, secret = make(tmp_path, "../../texts/demo.txt")
    monkeypatch.chdir(root)
    secret.write_text("id: stolen\nname: stolen\nsummary: " + SECRET + "\ndefinition: d\n", encoding="utf-8")
    (root / "concepts" / "terms" / "stolen.yaml").symlink_to(secret)
    (root / "concepts" / "terms" / "hidden.yaml").symlink_to(root / ".git" / "config")
    inside = root / "texts" / "entry.yaml"  # a link to a file inside the project is still followed
    inside.write_text("id: linked-in\nname: linked in\nsummary: s.\ndefinition: d\n", encoding="utf-8")
    (root / "concepts" / "terms" / "linked-in.yaml").symlink_to(inside)
    with opened() as seen:
        base = kb.load(root / "concepts", cache=False)
    assert not seen.any(secret, root / ".git" / "config") and seen.any(inside)
    assert "stolen" not in base and "linked-in" in base
    linked = sorted(str(p) for p in base.check() if p.code == "KB116")
    assert len(linked) == 2 and linked[0].startswith("concepts/terms/hidden.yaml: KB116 error [link-outside] "), linked
    assert "it leads into the hidden '.git'" in linked[0] and "it leads outside the folders kb reads" in linked[1]


def test_the_folders_kb_reads(tmp_path):
    root, _secret = make(tmp_path, "x.txt", 'texts = ["../outside", "../outside"]\n')
    project = kb.load(root / "concepts").project
    assert folders_of(root / "concepts", project) == (root.resolve(), (tmp_path / "outside").resolve())
    assert folders_of(tmp_path / "loose" / "kb") == ((tmp_path / "loose").resolve(),)  # outside any project
    folders = (root.resolve(),)
    assert refusal(root / "texts" / "demo.txt", folders) is None
    assert refusal(root / "concepts" / ".." / ".." / "outside" / "secret.txt", folders).startswith("it leads outside")
    assert "hidden '.git'" in refusal(root / ".git" / "config", folders)
    # a hidden folder of the project is readable when the settings name a folder inside it
    assert refusal(root / ".git" / "config", (*folders, (root / ".git").resolve())) is None
