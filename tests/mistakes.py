"""One mistake per rule: files that, added to the good fixture base, make exactly that rule fire.

Each value maps a path (relative to the knowledge base folder) to the text or bytes to write.
The files of different rules never overlap, so all of them can be added to one folder.
"""
from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

MISTAKES: dict[str, dict[str, str | bytes]] = {
    "KB100": {"terms/syntax-error.yaml": "id: syntax-error\nsummary: [unclosed\n"},
    "KB101": {"terms/not-utf8.yaml": b"id: not-utf8\nsummary: caf\xe9\n"},
    "KB102": {"terms/dup-key.yaml": "id: dup-key\nname: a\nname: b\nsummary: s.\ndefinition: d\n"},
    "KB103": {"terms/python-tag.yaml": "id: python-tag\nsummary: !!python/object/apply:os.system [echo hi]\n"},
    "KB104": {"terms/alias-bomb.yaml": "id: alias-bomb\na: &a [x, x]\nb: [*a, *a]\n"},
    "KB105": {"terms/too-deep.yaml": "id: too-deep\nx: " + "[" * 40 + "]" * 40 + "\n"},
    "KB106": {"terms/too-large.yaml": "id: too-large\nsummary: |\n" + ("  " + "x" * 98 + "\n") * 6000},
    "KB107": {"terms/empty.yaml": "# nothing here\n"},
    "KB108": {"terms/two-docs.yaml": "id: two-docs\n---\nid: other\n"},
    "KB109": {"terms/a-list.yaml": "- id: a-list\n"},
    "KB110": {"loose.yaml": "id: loose\n"},
    "KB111": {"terms/notes.txt": "some notes\n"},
    "KB112": {"claims/unquoted-no.yaml": "id: unquoted-no\ntitle: no\nsummary: s.\nstatus: proposed\n"},
    "KB115": {},  # a folder that is a symbolic link: see SPECIAL
    "KB116": {},  # an entry file that is a symbolic link out of the project: see SPECIAL
    "KB120": {},  # the project's settings: see PROJECT
    "KB121": {},
    "KB122": {},
    "KB201": {"claims/no-summary.yaml": "id: no-summary\ntitle: t\nstatus: proposed\n"},
    "KB202": {"claims/typo-field.yaml": "id: typo-field\ntitle: t\nsumary: s.\nsummary: s.\nstatus: proposed\n"},
    "KB203": {"terms/wrong-type.yaml": "id: wrong-type\nname: wt\naliases: just-one\nsummary: s.\ndefinition: d\n"},
    "KB204": {"claims/bad-status.yaml": "id: bad-status\ntitle: t\nsummary: s.\nstatus: maybe\n"},
    "KB205": {"claims/Bad_Id.yaml": "id: Bad_Id\ntitle: t\nsummary: s.\nstatus: proposed\n"},
    "KB206": {"claims/file-name.yaml": "id: other-name\ntitle: Other name\nsummary: s.\nstatus: proposed\n"
              "text: '[[diversity-argument]]'\n"},
    "KB207": {"claims/twin.yaml": "id: twin\ntitle: Twin one\nsummary: s.\nstatus: proposed\n",
              "terms/twin.yaml": "id: twin\nname: Twin two\nsummary: s.\ndefinition: d\n"},
    "KB208": {"terms/optimization-process.yaml": "id: optimization-process\nname: optimization process\n"
              "aliases: [Optimiser]\nsummary: s.\ndefinition: d\n"},
    "KB209": {"terms/index.yaml": "id: index\nname: index term\nsummary: s.\ndefinition: d\n"},
    "KB210": {"terms/trojan-name.yaml": 'id: trojan-name\nname: "search \\u202eevil"\nsummary: s.\ndefinition: d\n'},
    "KB211": {"terms/two-senses.yaml": "id: two-senses\nname: two senses\nsummary: s.\ndefinition: d\nsenses:\n"
              "  - {id: one, name: One, definition: x}\n  - {id: one, name: Other, definition: y}\n"},
    "KB212": {"sources/bad-date.yaml": "id: bad-date\ntitle: Bad date\nsummary: s.\ndate: 'last spring'\n"},
    "KB213": {"sources/bad-url.yaml": "id: bad-url\ntitle: Bad url\nsummary: s.\nurl: 'see the library'\n"},
    "KB214": {},  # an empty concepts folder: see EMPTY_BASE
    "KB301": {"terms/dangling.yaml": "id: dangling\nname: dangling\nsummary: s.\ndefinition: d\nrelated: [nowhere]\n"},
    "KB302": {"terms/dangling-link.yaml": "id: dangling-link\nname: dangling link\nsummary: s.\n"
              "definition: see [[no-such-entry]]\n"},
    "KB303": {"terms/bad-sense.yaml": "id: bad-sense\nname: bad sense\nsummary: s.\ndefinition: see [[optimizer#nonsense]]\n"},
    "KB304": {"arguments/premise-is-term.yaml": "id: premise-is-term\ntitle: t\nsummary: s.\npremises: [optimizer]\n"
              "conclusion: search-generalizes\n"},
    "KB305": {"terms/selfish.yaml": "id: selfish\nname: selfish\nsummary: s.\ndefinition: d\nrelated: [selfish]\n"},
    "KB306": {"terms/cycle-a.yaml": "id: cycle-a\nname: cycle a\nsummary: s.\ndefinition: d\nbroader: [cycle-b]\n",
              "terms/cycle-b.yaml": "id: cycle-b\nname: cycle b\nsummary: s.\ndefinition: d\nbroader: [cycle-a]\n"},
    "KB307": {"terms/bare-contrast.yaml": "id: bare-contrast\nname: bare contrast\nsummary: s.\ndefinition: d\n"
              "contrasts: [search]\n"},
    "KB308": {"terms/twice-related.yaml": "id: twice-related\nname: twice related\nsummary: s.\ndefinition: d\n"
              "related: [search]\ncontrasts: [{to: search, note: n}]\n"},
    "KB309": {"terms/unclosed.yaml": "id: unclosed\nname: unclosed\nsummary: s.\ndefinition: |\n  see [[search\n"
              "sources: [{source: demo-source, locator: p}]\n"},
    "KB310": {"claims/linked-title.yaml": "id: linked-title\ntitle: 'About [[search]]'\nsummary: s.\nstatus: proposed\n"},
    "KB401": {"arguments/no-premises.yaml": "id: no-premises\ntitle: t\nsummary: s.\nconclusion: search-generalizes\n"},
    "KB402": {"arguments/no-conclusion.yaml": "id: no-conclusion\ntitle: t\nsummary: s.\npremises: [search-is-costly]\n"},
    "KB403": {"evidence/both-ways.yaml": "id: both-ways\ntitle: t\nsummary: s.\nsupports: [search-generalizes]\n"
              "attacks: [search-generalizes]\n"},
    "KB404": {"claims/circle-a.yaml": "id: circle-a\ntitle: Circle a\nsummary: s.\nstatus: proposed\n",
              "arguments/circle-arg.yaml": "id: circle-arg\ntitle: Circle arg\nsummary: s.\npremises: [circle-a]\n"
              "conclusion: circle-a\n"},
    "KB405": {"predictions/groundless.yaml": "id: groundless\ntitle: t\nsummary: s.\nstatus: open\n"},
    "KB406": {"claims/narrow-premise.yaml": "id: narrow-premise\ntitle: Narrow premise\nsummary: s.\nstatus: proposed\n"
              "uses: ['optimizer#narrow']\n",
              "claims/broad-conclusion.yaml": "id: broad-conclusion\ntitle: Broad conclusion\nsummary: s.\n"
              "status: proposed\nuses: ['optimizer#broad']\n",
              "arguments/shifty.yaml": "id: shifty\ntitle: Shifty\nsummary: s.\npremises: [narrow-premise]\n"
              "conclusion: broad-conclusion\n"},
    "KB501": {"terms/unsourced-cite.yaml": "id: unsourced-cite\nname: unsourced cite\nsummary: s.\ndefinition: d\n"
              "sources: [{source: no-such-source, locator: p. 1}]\n"},
    "KB502": {"terms/misquote.yaml": "id: misquote\nname: misquote\nsummary: s.\ndefinition: d\n"
              "sources: [{source: demo-source, locator: para. 1, quote: words the text never says}]\n"},
    "KB503": {"sources/lost-text.yaml": "id: lost-text\ntitle: Lost text\nsummary: s.\ntext: ../../texts/missing.txt\n",
              "terms/quotes-lost.yaml": "id: quotes-lost\nname: quotes lost\nsummary: s.\ndefinition: d\n"
              "sources: [{source: lost-text, locator: p. 1, quote: anything}]\n"},
    "KB504": {"sources/folder-text.yaml": "id: folder-text\ntitle: Folder text\nsummary: s.\ntext: ..\n",
              "terms/quotes-folder.yaml": "id: quotes-folder\nname: quotes folder\nsummary: s.\ndefinition: d\n"
              "sources: [{source: folder-text, locator: p. 1, quote: anything}]\n"},
    "KB506": {"sources/outside-text.yaml": "id: outside-text\ntitle: Outside text\nsummary: s.\n"
              "text: ../../../../../../../../../../../../etc/hostname\n",
              "terms/quotes-outside.yaml": "id: quotes-outside\nname: quotes outside\nsummary: s.\ndefinition: d\n"
              "sources: [{source: outside-text, locator: p. 1, quote: anything at all}]\n"},
    "KB505": {"terms/ellipsis-quote.yaml": "id: ellipsis-quote\nname: ellipsis quote\nsummary: s.\ndefinition: d\n"
              "sources: [{source: demo-source, locator: p. 1, quote: '...'}]\n"},
    "KB601": {"terms/lonely.yaml": "id: lonely\nname: lonely\nsummary: s.\ndefinition: d\n"
              "sources: [{source: demo-source, locator: p. 1}]\n"},
    "KB602": {"claims/unargued.yaml": "id: unargued\ntitle: Unargued\nsummary: s.\nstatus: proposed\n"},
    "KB604": {"claims/lonely-dispute.yaml": "id: lonely-dispute\ntitle: Lonely dispute\nsummary: s.\n"
              "status: contested\n", "evidence/for-lonely.yaml": "id: for-lonely\ntitle: For lonely\nsummary: s.\n"
              "supports: [lonely-dispute]\ntext: '[[search-generalizes]]'\n"},
    "KB605": {"claims/full-stop.yaml": "id: full-stop\ntitle: A title that ends like a sentence.\nsummary: s.\n"
              "status: proposed\n", "evidence/for-full-stop.yaml": "id: for-full-stop\ntitle: For full stop\n"
              "summary: s.\nsupports: [full-stop]\ntext: '[[search-generalizes]]'\n"},
    "KB603": {"terms/unsourced.yaml": "id: unsourced\nname: unsourced\nsummary: s.\ndefinition: d\n"},
    "KB701": {"evidence/unprovenanced.yaml": "id: unprovenanced\ntitle: Unprovenanced\nsummary: s.\n"
              "supports: [search-generalizes]\n"},
    "KB702": {"evidence/stated-in-claim.yaml": "id: stated-in-claim\ntitle: Stated in a claim\nsummary: s.\n"
              "supports:\n  - to: search-generalizes\n    stated_in: search-is-costly\n"},
    "KB703": {"evidence/stated-uncited.yaml": "id: stated-uncited\ntitle: Stated uncited\nsummary: s.\n"
              "supports:\n  - to: search-not-favored\n    stated_in: demo-source\n"},
    "KB704": {"evidence/stated-and-drawn.yaml": "id: stated-and-drawn\ntitle: Stated and drawn\nsummary: s.\n"
              "supports:\n  - to: search-generalizes\n    stated_in: demo-source\n    editorial: e.\n"},
    "KB705": {"claims/advanced-by-term.yaml": "id: advanced-by-term\ntitle: Advanced by a term\nsummary: s.\n"
              "status: proposed\nadvanced_by: [search]\n"},
    "KB706": {"terms/needs-b.yaml": "id: needs-b\nname: needs b\nsummary: s.\ndefinition: d\nrequires: [needs-a]\n",
              "terms/needs-a.yaml": "id: needs-a\nname: needs a\nsummary: s.\ndefinition: d\nrequires: [needs-b]\n"},
    "KB800": {"claims/silenced-unargued.yaml": "id: silenced-unargued\ntitle: Silenced unargued\nsummary: s.\n"
              "status: proposed\nsuppress: [{rule: KB602}]\n"},
    "KB801": {"claims/silenced-typo.yaml": "id: silenced-typo\ntitle: Silenced typo\nsummary: s.\nstatus: proposed\n"
              "suppress: [{rule: KB6O2, reason: a claim we state without arguing it}]\n"},
    "KB802": {"terms/silenced-sourced.yaml": "id: silenced-sourced\nname: silenced sourced\nsummary: s.\ndefinition: d\n"
              "sources: [{source: demo-source, locator: p. 1}]\n"
              "suppress: [{rule: KB603, reason: the term was to have no source}]\n"},
    "KB803": {"terms/silenced-dangling.yaml": "id: silenced-dangling\nname: silenced dangling\nsummary: s.\n"
              "definition: d\nrelated: [nowhere-at-all]\nsuppress: [{rule: KB301, reason: written later}]\n"},
}


# Rules whose mistake is not a file's content: made by make_special(root, code).
def make_special(root: Path, code: str) -> None:
    if code == "KB115":
        outside = root.parent / "elsewhere"
        outside.mkdir(exist_ok=True)
        (root / "claims" / "linked").symlink_to(outside, target_is_directory=True)
    if code == "KB116":  # into a hidden folder beside the base (a link out of it is refused alike)
        hidden = root.parent / ".secrets"
        hidden.mkdir(exist_ok=True)
        (hidden / "token.yaml").write_text("id: linked-out\nname: linked out\nsummary: s.\ndefinition: d\n",
                                          encoding="utf-8")
        (root / "terms" / "linked-out.yaml").symlink_to(hidden / "token.yaml")


SPECIAL = {"KB115", "KB116"}

# Rules about the knowledge base as a whole that no added file can trigger: their fixture is an
# empty concepts folder.
EMPTY_BASE = {"KB214"}


# Rules about the project around the knowledge base (its settings, its reading paths file): the files
# are written in a project folder holding the good base as concepts/ (see good_project).
PROJECT: dict[str, dict[str, str]] = {
    "KB120": {"pyproject.toml": "[tool.kb]\nconcepts = \"concepts\"\ntitel = \"Misspelt\"\n"},
    "KB121": {"pyproject.toml": "[tool.kb]\nreading_paths = \"paths.yaml\"\n",
              "paths.yaml": "- title: A path\n  ids: just-one-id\n"},
    "KB122": {"pyproject.toml": "[tool.kb]\nreading_paths = \"paths.yaml\"\n",
              "paths.yaml": "- title: A path\n  ids:\n    - search\n    - no-such-entry\n"},
}


def good_project(tmp_path: Path, code: str) -> Path:
    """A project folder: the good base as concepts/ and the files of a PROJECT mistake."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "texts", tmp_path / "texts")
    shutil.copytree(FIXTURES / "good", root / "concepts")
    add_files(root, PROJECT[code])
    return root


def good_base(tmp_path: Path) -> Path:
    """A copy of the good fixture base (and the texts its sources point at) under tmp_path."""
    shutil.copytree(FIXTURES / "texts", tmp_path / "texts")
    shutil.copytree(FIXTURES / "good", tmp_path / "kb")
    return tmp_path / "kb"


def every_mistake(tmp_path: Path) -> Path:
    """The good base with the files of every mistake added (the special ones made): one folder
    in which every rule but EMPTY_BASE's and PROJECT's fires."""
    root = good_base(tmp_path)
    for code, files in MISTAKES.items():
        add_files(root, files)
        if code in SPECIAL:
            make_special(root, code)
    return root


def add_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
