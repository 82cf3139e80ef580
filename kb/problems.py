"""Problems are data: what is wrong, where, which rule, and how to fix it.

Every rule code the tool can report is listed in ``RULES`` with its severity and its
documentation; the site's rules page and ``kb rules`` are generated from this table.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, asdict

__all__ = ["Problem", "Rule", "RULES", "rule", "problem", "LIMITS", "visible", "describe", "is_invisible",
           "BIDI_CONTROLS", "UNSUPPRESSIBLE_PREFIXES", "UNSUPPRESSIBLE_CODES"]

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# Documented limits on entry files (enforced by kb.load).
LIMITS = {
    "max_file_bytes": 512 * 1024,
    "max_depth": 20,
    "max_id_length": 80,
    "max_line_field": 400,
    "max_source_bytes": 16 * 1024 * 1024,
    "max_quote_chars": 600,
}


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # "error", "warning" or "info"
    name: str
    doc: str  # what the rule means and how to fix it; shown on the rules page
    suppressible: bool = True  # whether an entry's `suppress:` may silence it (see UNSUPPRESSIBLE_CODES)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the knowledge base, pointing at a file and line."""

    file: str
    line: int
    code: str
    severity: str
    message: str
    fix: str = ""
    # The ids of the other entries the problem is about (the target of a dangling reference, the
    # members of a cycle...): `kb check FILES` also reports a problem elsewhere that names an entry of FILES.
    about: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}: {self.code} {self.severity} [{RULES[self.code].name}] {self.message}{fix}"

    def as_dict(self) -> dict:
        return {**asdict(self), "about": list(self.about), "rule": RULES[self.code].name}


RULES: dict[str, Rule] = {}

# Rules that no `suppress:` can silence, because the knowledge base is not sound without them: what
# kb.load reports (a file that does not parse or does not fit the format has no entry to carry a
# suppression), ids and names that must be unique and visible, references and links that must
# resolve, relations that must not form cycles, and the rules about suppressions themselves.
UNSUPPRESSIBLE_PREFIXES = ("KB1", "KB2", "KB8")
UNSUPPRESSIBLE_CODES = {"KB301", "KB302", "KB303", "KB304", "KB306", "KB309", "KB310", "KB404", "KB501", "KB506",
                        "KB702", "KB705", "KB706"}


def rule(code: str, severity: str, name: str, doc: str) -> Rule:
    """Register a rule code; returns it so modules can keep a handle."""
    assert code not in RULES, code
    suppressible = not code.startswith(UNSUPPRESSIBLE_PREFIXES) and code not in UNSUPPRESSIBLE_CODES
    RULES[code] = Rule(code, severity, name, " ".join(doc.split()), suppressible)
    return RULES[code]


def problem(code: str, file: str, line: int, message: str, fix: str = "", about=()) -> Problem:
    """A problem; characters a reader cannot see (or a terminal would act on) are shown as escapes
    such as ``\\u200b``, and the message says what they are."""
    message, fix, file = visible(message), visible(fix), visible(str(file))
    named = invisible_names(message)
    if named:
        message = message.rstrip() + f" ({named})"
    return Problem(file, int(line or 0), code, RULES[code].severity, message, fix, tuple(about))


# --- characters a reader cannot see ---------------------------------------------------------------
# Control characters (terminal escape sequences start with one), format characters (zero-width
# spaces and joiners, soft hyphens, bidirectional controls), line and paragraph separators,
# private-use and unassigned code points, and the odd spaces.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}
_ODD_SPACES = {"\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007",
               "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000", "\u1680"}
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_ESCAPE = re.compile(r"\\u([0-9a-f]{4})|\\U([0-9a-f]{8})|\\x([0-9a-f]{2})")


def is_invisible(char: str, keep: str = "") -> bool:
    """Whether a reader could not see ``char`` (or a terminal would act on it)."""
    if char in keep:
        return False
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _ODD_SPACES


def visible(text: str) -> str:
    r"""``text`` with every invisible character written as an escape: ``'a\\u200bb'``.

    >>> visible("search\u200b \x1b[31m")
    'search\\u200b \\x1b[31m'
    """
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if is_invisible(char, keep="\n"):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def describe(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``; for a control character, its usual name."""
    if not char:
        return "(end of file)"
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "a control character")
    return f"U+{ord(char):04X} {name}"


_CONTROL_NAMES = {0: "NULL", 7: "BELL", 8: "BACKSPACE", 0x0b: "LINE TABULATION", 0x0c: "FORM FEED",
                  0x1b: "ESCAPE", 0x7f: "DELETE", 0x85: "NEXT LINE"}


def invisible_names(message: str) -> str:
    """What the escapes :func:`visible` wrote in a message stand for: ``\\u200b is U+200B ZERO WIDTH SPACE``."""
    if "\\" not in message:  # no escape at all (most messages): nothing to search
        return ""
    seen = []
    for match in _ESCAPE.finditer(message):
        code = int(next(g for g in match.groups() if g), 16)
        if code <= 0x10FFFF:
            char = chr(code)
            if is_invisible(char) and match.group(0) not in [s for s, _ in seen] and describe(char) not in message:
                seen.append((match.group(0), describe(char)))
    return "; ".join(f"{escape} is {name}" for escape, name in seen[:4])


# --- reading files (kb.load) ----------------------------------------------------------------
rule("KB100", "error", "yaml-syntax", "The file is not valid YAML. The message gives the line and "
     "column where the parser stopped; tabs in indentation are a common cause: indent with spaces.")
rule("KB101", "error", "encoding", "The file is not UTF-8 text, or starts with a byte-order mark. "
     "Save it as UTF-8 without BOM.")
rule("KB102", "error", "duplicate-key", "A mapping has the same key twice; YAML readers would "
     "silently keep only the last one. Remove or merge the repeated key.")
rule("KB103", "error", "yaml-tag", "A YAML tag such as !!python/object was used. Entry files are "
     "plain data: tags are never honoured. Remove the tag.")
rule("KB104", "error", "yaml-alias", "Anchors (&name) and aliases (*name) are not allowed in entry "
     "files: they make files hard to read and can expand exponentially. Write the value out.")
rule("KB105", "error", "too-deep", f"The data is nested more than {LIMITS['max_depth']} levels deep. "
     "Entries never need that; flatten the structure.")
rule("KB106", "error", "too-large", f"The file is larger than {LIMITS['max_file_bytes']} bytes. "
     "Split the entry or shorten its text.")
rule("KB107", "error", "empty-file", "The file is empty or holds only comments. Fill it in "
     "(`kb new KIND \"Name\"` scaffolds an entry) or delete it.")
rule("KB108", "error", "several-documents", "The file holds more than one YAML document "
     "(separated by ---). Put each entry in its own file.")
rule("KB109", "error", "not-a-mapping", "The top level of an entry file must be a mapping of "
     "fields (id: ..., summary: ...).")
rule("KB110", "error", "misplaced-file", "A YAML file lies outside the kind folders "
     "(terms, claims, arguments, predictions, evidence, sources). Move it into the folder of its kind.")
rule("KB111", "warning", "stray-file", "A file under the concepts folder is not a .yaml entry; it is "
     "ignored. Rename it to .yaml if it is an entry, or move it elsewhere.")
rule("KB112", "error", "implicit-type", "A field that expects text holds an unquoted value that YAML "
     "reads as something else (no -> false, 1.10 -> 1.1, 2019-06-01 -> a date). Put it in quotes.")

# --- schema (kb.load) -------------------------------------------------------------------------
rule("KB115", "error", "unread-folder", "A folder under the concepts folder could not be read, or is a "
     "symbolic link (links to folders are not followed, so a link cannot pull files from elsewhere into "
     "the knowledge base). Its entries are missing, so references to them may be reported as dangling: fix "
     "this first. Make the folder readable, or move the entries into the concepts folder.")
rule("KB116", "error", "link-outside", "An entry file is a symbolic link that leads outside the project "
     "(or into a hidden folder such as .git), so it is not read: a link cannot make kb read a file of the "
     "machine it runs on. Put the entry file itself in the concepts folder, or link to a file inside "
     "the project.")

rule("KB201", "error", "missing-field", "A required field is missing. The message names it; see "
     "'Writing entries' for the fields of each kind.")
rule("KB202", "error", "unknown-field", "A field is not part of the format for this kind (often a "
     "typo: the message suggests the closest known field). Rename or remove it.")
rule("KB203", "error", "wrong-type", "A field has the wrong type or shape (text where a list is "
     "expected, an empty text, a malformed reference...). The message says what was expected.")
rule("KB204", "error", "bad-value", "A value is outside its vocabulary (e.g. a claim status). The "
     "message lists the allowed values.")
rule("KB205", "error", "bad-id", "An id (or file name) is not a valid slug: lowercase a-z, digits "
     f"and single hyphens, starting with a letter, at most {LIMITS['max_id_length']} characters. "
     "No slashes, dots, upper case or look-alike Unicode letters.")
rule("KB206", "error", "id-file-mismatch", "The id differs from the file name. Rename the file or "
     "change the id so they match (the file is <id>.yaml).")
rule("KB207", "error", "duplicate-id", "Two files declare the same id (ids are unique across "
     "kinds). Rename one of them.")
rule("KB208", "error", "shared-name", "Two entries share a name or alias, compared ignoring case, "
     "hyphens, accents and -ise/-ize spelling. Merge them, or rename one and add a `contrasts` note.")
rule("KB209", "error", "reserved-id", "The id is a reserved name (index, which would clash with the "
     "index page of its kind, or a device name such as con, nul, com1 on Windows). Choose another id.")

# --- references (kb.checks) -------------------------------------------------------------------
rule("KB210", "error", "invisible-character", "A field holds a character the reader cannot see or "
     "that changes what they see: a bidirectional control (U+202A-U+202E, U+2066-U+2069; the "
     "'Trojan Source' trick) or a control character anywhere, and in names, aliases, titles, "
     "locators, authors and similar fields also zero-width characters, soft hyphens and other "
     "format characters. Messages show such characters as escapes (\\u200b) and name them. Delete the "
     "character; retype the text if you cannot see it.")
rule("KB211", "error", "duplicate-sense", "Two senses of a term have the same id, so `term#sense` "
     "would be ambiguous. Give each sense its own id, or merge them.")
rule("KB212", "error", "bad-date", "A source's `date` is not a date: write \"YYYY\", \"YYYY-MM\" or "
     "\"YYYY-MM-DD\", in quotes.")
rule("KB213", "error", "bad-url", "A source's `url` is not a web address: give the full http(s) address.")
rule("KB214", "error", "no-entries", "The concepts folder holds no entry at all, which usually means the "
     "wrong folder was given. Check the path, or start the knowledge base with `kb new`.")

rule("KB301", "error", "dangling-reference", "A relation field refers to an id that no entry has. "
     "Fix the id (the message suggests close ones) or create the entry.")
rule("KB302", "error", "dangling-link", "A [[link]] in text refers to an id that no entry has. "
     "Fix the id or create the entry.")
rule("KB303", "error", "unknown-sense", "A reference names a sense (id#sense) that the term does "
     "not define, or names a sense of an entry that is not a term. Use one of the listed senses.")
rule("KB304", "error", "wrong-target-kind", "A relation points at an entry of a kind it does not "
     "accept (premises must be claims, `uses` must name terms...). Point it at an entry of the right kind.")
rule("KB305", "error", "self-reference", "An entry refers to itself in a relation. Remove the reference.")
rule("KB306", "error", "broader-cycle", "`broader` relations form a cycle, so a term would be a "
     "kind of itself. Break the cycle.")
rule("KB307", "error", "contrast-without-note", "A `contrasts` item has no note. Say how the two "
     "terms differ: that is the point of the relation.")

rule("KB308", "warning", "redundant-related", "A term lists another under `related` and also under "
     "`broader` or `contrasts`. The more specific relation already says they are related: remove the "
     "`related` item.")

rule("KB309", "error", "broken-link", "A `[[` opens no link: it is never closed with `]]`, or the "
     "target breaks across lines. Write links as [[id]] or [[id|shown text]], with the id on one line.")

# --- reasoning (kb.checks) --------------------------------------------------------------------
rule("KB310", "error", "link-in-plain-field", "A [[link]] stands in a field that is shown as plain "
     "text (a name, title, summary, locator...), so readers would see the brackets. Links work in "
     "Markdown fields: definitions, texts, notes, examples, misconceptions. Write the name plainly.")

rule("KB401", "error", "argument-without-premises", "An argument lists no premises. Add the claims "
     "it starts from under `premises`.")
rule("KB402", "error", "argument-without-conclusion", "An argument has no conclusion. Add the claim "
     "it concludes under `conclusion`.")
rule("KB403", "error", "supports-and-attacks", "An argument or piece of evidence both supports and "
     "attacks the same target. Keep the relation that is meant, or split the entry.")
rule("KB404", "error", "circular-support", "A claim supports itself through a chain of arguments "
     "(it is a premise of an argument that, directly or through further arguments, concludes it). "
     "Remove the premise or the link that closes the circle.")
rule("KB405", "error", "prediction-without-claim", "A prediction is derived from no claim. List the "
     "claims that imply it under `derived_from`.")
rule("KB406", "warning", "equivocation", "A premise and the conclusion of an argument use the same "
     "term in senses that do not overlap (declared in `uses`, or named by [[term#sense]] links), so the "
     "argument may equivocate. Check the senses; if the shift is "
     "intended, say so in the argument's text.")

# --- sources (kb.checks) ----------------------------------------------------------------------
rule("KB501", "error", "undefined-source", "A citation names a source that is not defined in "
     "concepts/sources/ (or names an entry that is not a source). Create the source entry or fix the id.")
rule("KB502", "error", "quote-not-found", "A quote does not occur in the local text of its source "
     "(compared with whitespace, quotes and dashes normalized; `...` marks an omission). Copy the "
     "quote exactly, or fix the source's `text` path.")
rule("KB503", "info", "quote-check-skipped", "A source's local text is not available, so the quotes "
     "citing it were not verified. Put the text where its `text` field points to verify them.")
rule("KB504", "error", "source-text-unusable", "A source's `text:` points at something that cannot be "
     f"read as its text: not a regular file (a device, a FIFO, a folder), larger than "
     f"{LIMITS['max_source_bytes']} bytes, or not UTF-8. The quotes citing it are not checked. Point "
     "`text:` at a plain UTF-8 copy of the source.")
rule("KB506", "error", "source-text-outside", "A source's `text:` leads outside the project (an "
     "absolute path, too many `..`, a symbolic link out) or into a hidden folder such as .git, so it "
     "is not read and the quotes citing the source are not checked: a contribution cannot make kb read "
     "a file of the machine it runs on into its output. Put the text in the project (e.g. texts/) and "
     "point `text:` at it, relative to the entry's file; a folder outside the project is allowed only "
     "when the `texts` setting names it.")

# --- coverage (kb.checks) ---------------------------------------------------------------------
rule("KB505", "error", "quote-length", "A quote is too short to verify or to mean anything (fewer "
     "than two words once omission marks are taken out, e.g. only '...'), or longer than "
     f"{LIMITS['max_quote_chars']} characters. Quote the sentence that matters, marking omissions with ...")

rule("KB601", "warning", "orphan", "Nothing links to this entry: no relation and no [[link]] "
     "reaches it. Link to it from a related entry, or remove it.")
rule("KB602", "warning", "untested-claim", "No argument or piece of evidence touches this claim "
     "(as premise, conclusion, support, attack or bears_on). Add the reasoning that bears on it.")
rule("KB603", "warning", "term-without-source", "A term cites no source. Add where it is introduced "
     "or used under `sources`.")
rule("KB605", "warning", "claim-title-full-stop", "A claim's title ends with a full stop. A claim "
     "title is a statement shown as a heading, in lists and in diagrams, not a sentence of prose: "
     "drop the final full stop (keep an ellipsis or an abbreviation's point).")
rule("KB604", "warning", "unopposed-contested-claim", "A claim's status is contested or refuted, but no "
     "argument or evidence attacks it. Add what disputes it (with `attacks:`), or correct its status.")

# --- provenance (kb.checks) -------------------------------------------------------------------
rule("KB701", "warning", "link-without-provenance", "An argumentative link (premises, conclusion, "
     "supports, attacks, bears_on, derived_from) does not say where it comes from. Write it as a "
     "mapping: `- to: ID` with `stated_in: SOURCE-ID` (or a citation `{source, locator, quote}`) when "
     "a text states the link, or with `editorial: ...` saying why the editors draw it when no text does.")
rule("KB702", "error", "stated-in-not-a-source", "A link's `stated_in` names an id that is not a "
     "source (no entry has it, or it is not in concepts/sources/). Name the source that states the link.")
rule("KB703", "error", "stated-source-not-cited", "A link says a source states it, but neither of "
     "the entries it connects cites that source under `sources`, so the link has no locator. Cite the "
     "source (with its locator) in the entry, or write `stated_in` out as `{source, locator}`.")
rule("KB704", "error", "stated-and-editorial", "A link declares both `stated_in` and `editorial`. "
     "A link is either stated by a source or drawn by the editors: keep the one that is true (put "
     "any further remark in `note`).")
rule("KB705", "error", "advanced-by-not-a-source", "`advanced_by` names an id that is not a source. "
     "List the ids of the sources (concepts/sources/) that advance or hold the claim or argument; "
     "people named in the text go under `held_by`.")
rule("KB706", "error", "requires-cycle", "`requires` relations form a cycle, so no term of it could "
     "be read first. Remove the prerequisite that is least needed.")

# --- suppressions (kb.suppress) ---------------------------------------------------------------
rule("KB800", "error", "suppression-without-reason", "A `suppress:` item gives no reason. A silenced "
     "rule must say why it does not apply to this entry, for the next editor. Write "
     "`- {rule: KB602, reason: ...}`; the suppression applies meanwhile.")
rule("KB801", "error", "unknown-suppressed-rule", "A `suppress:` item names a code that is no rule "
     "(a typo, or a prefix such as KB6: a suppression silences one rule). Write the code of one rule, "
     "as `kb rules` lists them.")
rule("KB802", "warning", "unused-suppression", "A `suppress:` item silences nothing: the rule it names "
     "reports no problem in this entry (any more). Remove the item, so that the rule guards the entry again.")
rule("KB803", "error", "unsuppressible-rule", "A `suppress:` item names a rule that cannot be silenced: "
     "the knowledge base is not sound without it (files that do not parse or fit the format, ids, "
     "references and links that must resolve, cycles, and these rules about suppressions). The rules "
     "page says which rules can be suppressed. Fix the problem instead, and remove the item.")
