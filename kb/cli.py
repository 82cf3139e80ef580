"""The `kb` command: load -> check -> report, build or export. Each command is a thin
wrapper over the Python API; its help text is its docstring."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import ask
from . import export as exporting
from .base import load
from .model import KINDS
from .problems import RULES
from .report import format_problems, summary_line

__all__ = ["main"]


def cmd_check(args) -> int:
    """Check a knowledge base and report every problem with file:line, rule code and fix.

    kb check [DIR] [FILES...]: with entry FILES (those a commit changes, say), the whole base is
    still loaded so that every reference resolves, but only the problems in FILES are reported,
    and those elsewhere about their entries (a reference to an entry a file no longer defines...).
    Without DIR, the folder is the one holding the FILES. --select and --ignore take rule codes or
    prefixes (KB3, KB30, KB301; ALL), comma-separated and repeatable; the most specific match
    decides. An entry silences one rule with `suppress: [{rule: KB602, reason: ...}]`.

    Exit status: 0 when no problem is at or above --fail-on (errors by default); 1 when one is;
    2 on wrong usage (an unknown option or rule code, a folder that does not exist, a file outside
    the knowledge base); 3 on an internal error, which is a bug; 130 when interrupted.

    Example: kb check concepts --format github
    Example: kb check concepts/claims/a.yaml concepts/terms/b.yaml --ignore KB6
    """
    from .selection import UnknownCode
    from .verdict import project_problems, selection_of

    folder, files = _check_paths(args.paths)
    project = _project_of(folder)
    try:  # --select replaces the settings' select; --ignore adds to their ignore
        selection = selection_of(project, args.select, args.ignore)
    except UnknownCode as err:
        return _usage(str(err))
    # the project found once: its folder is the default, its settings choose the rules
    base = _load(folder or (project.concepts if project is not None else None), settings_checked=False)
    problems = project_problems(base, project, files=files, select=args.select, ignore=args.ignore)
    context = {}
    if args.format == "sarif":
        context = {"root": _repository_root(base.root), "rules_url": args.rules_url or _rules_url(),
                   "rules": [r for r in RULES.values() if selection(r.code)], "version": _version()}
    output = format_problems(problems, args.format, **context)
    if output:
        print(output)
    if args.format == "text":
        print(summary_line(problems, len(base), None if files is None else len(files)), file=sys.stderr)
    failing = {"error"} | ({"warning"} if args.fail_on == "warning" else set())
    return 1 if any(p.severity in failing for p in problems) else 0


def _usage(message: str) -> int:
    print(f"kb: {message}" + ("" if message.endswith((".", "?")) else "."), file=sys.stderr)
    return 2


def _check_paths(paths: list[str]) -> tuple[str | None, list[Path] | None]:
    """``kb check [DIR] [FILES...]`` -> (DIR or None for the default, FILES or None for all).

    Without DIR, the folder is the one that holds the FILES: the parent of their kind folder
    (terms/, claims/...). Exits with status 2 when that cannot be told or a file is outside DIR.
    """
    from .model import FOLDERS

    if not paths:
        return None, None
    first = Path(paths[0])
    if first.is_dir() or (len(paths) == 1 and first.suffix != ".yaml"):
        folder, files = paths[0], [Path(p) for p in paths[1:]]
        if not files:
            return folder, None
    else:
        files = [Path(p) for p in paths]
        roots = {f.resolve().parent.parent for f in files if f.resolve().parent.name in FOLDERS}
        default = _default_folder()
        if not roots and default is not None and all(default.resolve() in f.resolve().parents for f in files):
            roots = {default}
        if len(roots) != 1:
            what = "several knowledge bases" if roots else "which knowledge base they belong to"
            raise SystemExit(_usage(f"cannot tell {what} the files are in; pass the folder first: "
                                    "kb check DIR FILES..."))
        folder = str(roots.pop())
    root = Path(folder).resolve()
    if not root.is_dir():
        raise SystemExit(_usage(f"'{folder}' is not a folder. FILES can be checked only in a knowledge base folder."))
    for f in files:
        if f.is_dir() or root not in f.resolve().parents:
            raise SystemExit(_usage(f"'{f}' is not an entry file inside the knowledge base folder '{folder}'. "
                                    "Pass entry files under it (they may have been deleted)."))
    return folder, files


def _project_of(folder=None):
    """The project holding ``folder`` (default: the current folder), or None outside any project."""
    from .project import NoProject, find_project

    try:
        return find_project(Path(folder).absolute() if folder else None)
    except NoProject:
        return None


def _repository_root(folder) -> Path:
    """The top of the git work tree holding the knowledge base, else the working directory."""
    from .gitrev import RevisionError, repository

    try:
        return repository(Path(folder).resolve())[0]
    except (RevisionError, OSError):
        return Path.cwd()


def _rules_url() -> str | None:
    """The rules page of the site: ``site_url`` of ./mkdocs.yml + rules/, when it is set."""
    import re

    try:
        text = Path("mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(r"^site_url:\s*['\"]?(https?://[^'\"\s]+)", text, flags=re.M)
    return match.group(1).rstrip("/") + "/rules/" if match else None


def _version() -> str | None:
    import kb

    return getattr(kb, "__version__", None)


def cmd_show(args) -> int:
    """Show one entry: its fields and every relation, both ways.

    Example: kb show mesa-optimizer
    """
    base = _load(args.dir)
    try:
        entry = base.lookup(args.id)
    except KeyError as err:
        print(f"kb: {err}.", file=sys.stderr)
        return 1
    print(f"{entry.name}  ({entry.kind}, {entry.file}:{entry.line})")
    print(f"  {entry.summary}")
    groups: dict[tuple, list[str]] = {}
    for r in base.related(entry.id):
        key = (r.relation in ("mentions", "cites"), r.direction, r.label)
        name = r.entry.id + (f"#{r.sense}" if r.sense else "")
        if name not in groups.setdefault(key, []):
            groups[key].append(name)
    for (_minor, direction, label), names in sorted(groups.items()):
        arrow = "->" if direction == "out" else "<-"
        print(f"  {label:13} {arrow} {', '.join(sorted(names))}")
    return 0


def cmd_find(args) -> int:
    """Find entries by name or alias, forgiving case, hyphens and -ise/-ize; best first.

    Example: kb find "mesa optimiser"
    """
    base = _load(args.dir)
    found = base.find(args.text, kind=args.kind)
    for entry in found[: args.limit]:
        print(f"{entry.id:45} {entry.kind:10} {entry.name}")
    if not found:
        print(f"kb: nothing matches '{args.text}'.", file=sys.stderr)
    return 0 if found else 1


def cmd_new(args) -> int:
    """Scaffold a new entry file of a kind, named from the given name, that passes kb check.

    An argument needs --premise (repeated) and --conclusion, a prediction --derived-from; each
    must name an existing claim. --source ID cites a source and states the links in it.
    Exit status: 0 when written, 1 when the file exists or a reference is unknown, 2 when a
    flag is missing or does not fit the kind.
    Example: kb new argument "Search is simpler" --premise compression-helps --conclusion search-generalizes
    """
    from .scaffold import Draft, ScaffoldError, scaffold

    from .targets import places, refusal

    root = Path(args.dir) if args.dir else _project().concepts
    # the knowledge base is kb new's target: no other place (the project's root, docs, home) may be,
    # unless it is the knowledge base too (settings concepts = ".")
    project = _project_of(args.dir)
    concepts = Path(project.concepts).resolve() if project is not None else None
    kept = {what: path for what, path in places(project).items() if Path(path).resolve() != concepts}
    why = refusal(root, kept, inside=(), flag="--dir", harm="kb new would write its kind folders there",
                  example="concepts")
    if why:
        print(f"kb: nothing written: {why}.", file=sys.stderr)
        return 2
    refs = {name: getattr(args, name) or [] for name in ("premises", "derived_from", "supports", "attacks", "bears_on")}
    refs["conclusion"] = [args.conclusion] if args.conclusion else []
    draft = Draft(args.kind, args.name, refs, args.source)
    try:
        path = scaffold(root, args.kind, args.name, draft)
    except ScaffoldError as err:
        print(f"kb: nothing written: {err}", file=sys.stderr)
        return 2 if err.usage else 1
    except (ValueError, FileExistsError, OSError) as err:
        print(f"kb: {err}", file=sys.stderr)
        return 1
    print(path)
    if not (root.absolute().parent / "schemas").is_dir():
        print(f"kb: for completion in your editor, write the schemas the file names: kb schema -o "
              f"{root.absolute().parent / 'schemas'}", file=sys.stderr)
    return 0


def cmd_init(args) -> int:
    """Create a new knowledge base in DIR, a new or empty folder (nothing is overwritten).

    It holds an example entry of each kind, mkdocs.yml, pyproject.toml with the [tool.kb] settings, a README,
    a GitHub Actions workflow, a pre-commit configuration and editor settings for the schemas.

    Example: kb init my-field && cd my-field && kb check && kb build
    """
    from .initialize import InitError, init
    from .targets import places, refusal

    project = _project_of(Path(args.folder).absolute())  # a new project over or inside another's
    why = refusal(Path(args.folder), places(project, project.concepts if project else None),
                  inside=("the knowledge base", "the docs folder"), flag="", harm="kb init would fill it",
                  example="kb init my-field")
    if why:
        print(f"kb: nothing written: {why}.", file=sys.stderr)
        return 1
    try:
        written = init(Path(args.folder))
    except InitError as err:
        print(f"kb: {err}.", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    print(f"kb: a new knowledge base is in {args.folder}. Next: cd {args.folder} && kb check && kb build",
          file=sys.stderr)
    return 0


def cmd_stats(args) -> int:
    """Count entries by kind and edges by relation, and the problems found.

    Example: kb stats
    """
    from .verdict import project_problems

    base = _load(args.dir)
    for kind in KINDS:
        print(f"{kind:12} {len(base.entries(kind)):6}")
    print(f"{'entries':12} {len(base):6}")
    counts: dict[str, int] = {}
    for _s, _t, data in base.graph.edges(data=True):
        counts[data["relation"]] = counts.get(data["relation"], 0) + 1
    for relation, count in sorted(counts.items()):
        print(f"  {relation:14} {count:6}")
    print(summary_line(project_problems(base, _project_of(args.dir)), len(base)))
    return 0


def cmd_export(args) -> int:
    """Export the knowledge base for other tools.

    Formats: json (kb.load() reads it back), graphml (Gephi,
    yEd), csv (OUT/nodes.csv and OUT/edges.csv, for spreadsheets and a graph database's bulk
    importer), dot (Graphviz; --around ID --depth N for one neighbourhood), skos and skos-jsonld
    (RDF: terms as SKOS, claims and arguments as AIF; --base-uri for the URIs). -o replaces
    only an earlier export of the same format, never another file.

    Example: kb export --format dot --around mesa-optimizer --depth 1 -o mesa.dot
    """
    base = _load(args.dir)
    if args.format == "csv" and not args.output:
        print("kb: the csv export writes two files: pass the folder for them with -o DIR.", file=sys.stderr)
        return 2
    try:
        output = exporting.export(base, args.format, around=args.around, depth=args.depth, base_uri=args.base_uri)
    except KeyError as err:
        close = [e.id for e in base.find(str(err.args[0]))[:3]]
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        print(f"kb: no entry has the id '{err.args[0]}'.{hint}", file=sys.stderr)
        return 1
    except ValueError as err:
        print(f"kb: {err}.", file=sys.stderr)
        return 2
    if args.output:
        # a folder given for a one-file export: exporting.write names it as such
        folder_for_file = isinstance(output, str) and Path(args.output).is_dir()
        why = None if folder_for_file else _target_refusal(Path(args.output), _project_of(args.dir), base.root,
                                                           example="kb.json")
        if why:
            print(f"kb: nothing written: {why}.", file=sys.stderr)
            return 1
        try:
            exporting.write(output, Path(args.output))
        except exporting.NotOurs as err:
            print(f"kb: {err}.", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(output)
    return 0


def cmd_diff(args) -> int:
    """Show what a change does to the knowledge: from a git revision to the working tree, or between two.

    REV compares a revision with the working tree, REV..REV2 two revisions: entries added, removed,
    renamed and changed, relations added and removed with their provenance, and claims whose standing changed. Works on a
    shallow checkout once the revision is fetched (git fetch --depth=1 origin REV).

    Example: kb diff origin/main concepts --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    import tempfile

    from .diff import diff, format_json, format_markdown, format_text
    from .gitrev import RevisionError, read_revision

    folder = Path(args.dir) if args.dir else _project().concepts
    if not folder.is_dir():
        print(f"kb: '{folder}' is not a folder. Pass the folder that holds terms/, claims/, ...", file=sys.stderr)
        return 2
    old_rev, dots, new_rev = args.rev.partition("..")
    if dots and not (old_rev and new_rev):
        print(f"kb: '{args.rev}' names one side only; write REV (against the working tree) or REV..REV2.",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kb-diff-") as tmp:
        try:
            old = load(read_revision(folder, old_rev, Path(tmp) / "old"))
            new = load(read_revision(folder, new_rev, Path(tmp) / "new")) if dots else load(folder)
        except RevisionError as err:
            print(f"kb: {err}.", file=sys.stderr)
            return 2
        result = diff(old, new)
    title = f"{old_rev} -> {new_rev if dots else 'working tree'}"
    fmt = "json" if args.json else args.format
    sys.stdout.write(format_json(result) if fmt == "json" else
                     format_markdown(result, title) if fmt == "markdown" else format_text(result, title))
    return 0


def cmd_schema(args) -> int:
    """Write the JSON Schema of each kind's entry files (for editors) into a folder.

    Example: kb schema -o schemas
    """
    from .schema import all_schemas

    project = _project_of(None)
    why = _target_refusal(Path(args.output), project, project.concepts if project else None, example="schemas")
    if why:
        print(f"kb: nothing written: {why}.", file=sys.stderr)
        return 1
    try:  # the same rule as kb export: only files an earlier run wrote are replaced
        written = exporting.write(all_schemas(), Path(args.output))
    except exporting.NotOurs as err:
        print(f"kb: {err}.", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


def cmd_rules(args) -> int:
    """List every rule: code, severity, name and what it means.

    Example: kb rules
    """
    for rule in RULES.values():
        print(f"{rule.code}  {rule.severity:7}  {rule.name:26} {rule.doc}")
    return 0


def cmd_build(args) -> int:
    """Build the static site of a knowledge base folder into SITE_DIR.

    The previous site stays intact if the build fails. DIR defaults to the current project's
    knowledge base; the site's configuration is --config-file, else the mkdocs.yml of the current
    project (or of the project holding DIR).

    Example: kb build concepts -o site
    """
    from .build import build_site
    from .project import NoProject, find_project

    if args.config_file:
        return build_site(Path(args.dir) if args.dir else _project().concepts, Path(args.output),
                          strict=not args.no_strict, config_file=Path(args.config_file), engine=args.engine)
    if args.dir:
        try:
            project = find_project()
        except NoProject:
            try:
                project = find_project(Path(args.dir).absolute())
            except NoProject:
                project = None  # build_site says what is missing
    else:
        project = _project()
    return build_site(Path(args.dir) if args.dir else project.concepts, Path(args.output), strict=not args.no_strict,
                      project=project, engine=args.engine)


def cmd_pages(args) -> int:
    """Write the site's generated pages (Markdown), with the CSS, JavaScript and data they need,
    into OUT, for a site generator that runs no MkDocs plugin (Zensical). Only files whose
    content changed are written; files kb pages wrote before and no longer makes are removed;
    other files in OUT are left alone (a page whose path one of them takes is an error).

    Example: kb pages concepts -o build/pages
    """
    from .build import VendorError, ensure_vendor
    from .pages_dir import Refused, page_files, write_pages

    from .verdict import project_problems

    base = _load(args.dir)
    project = _project_of(args.dir)
    out = Path(args.output)
    why = _target_refusal(out, project, base.root)
    if why:
        print(f"kb: nothing written: {why}.", file=sys.stderr)
        return 1
    errors = [p for p in project_problems(base, project) if p.severity == "error"]
    for p in errors[:20]:
        print(str(p), file=sys.stderr)
    if errors:
        print(f"kb: the knowledge base has {len(errors)} error(s) (kb check lists them); "
              "writing the pages anyway.", file=sys.stderr)
    try:
        vendor = ensure_vendor(log=lambda m: print(f"kb: {m}", file=sys.stderr))
    except VendorError as err:
        print(f"kb: cannot fetch the site's JavaScript: {err}", file=sys.stderr)
        return 1
    try:
        home, choice = _home_settings(project)
        if choice.error:
            print(f"kb: nothing written: {choice.error}.", file=sys.stderr)
            return 1
        if choice.warning:
            print(f"kb: {choice.warning}.", file=sys.stderr)
        done = write_pages(page_files(base, vendor, home, generate_home=choice.generate, guide=choice.guide), out)
    except Refused as refusal:
        print(f"kb: {refusal}.", file=sys.stderr)
        return 1
    kept = f"; {len(done.kept)} edited since kb wrote them left as they are" if done.kept else ""
    print(f"kb: {len(done.written)} file(s) written, {done.unchanged} unchanged, {len(done.removed)} removed "
          f"in {out}{kept}.")
    return 0


def _target_refusal(out: Path, project, concepts, example: str = "site") -> str | None:
    """Why a command may not write into ``out`` (:func:`kb.targets.refusal`), or None."""
    from .targets import places, refusal

    if concepts is not None and Path(concepts).is_file():  # a kb-json file: no knowledge base folder
        concepts = None
    return refusal(out, places(project, concepts), example=example)


def _home_settings(project) -> tuple:
    """``(home text, HomeChoice)`` for kb pages: the project's home page settings and its own
    pages in docs/, as the engines decide them (kb.site_choices); a generic home page outside a project."""
    from .project import read_home
    from .site_choices import GUIDE_PAGE, HOME_PAGE, HomeChoice, choose_home

    if project is None:
        return None, HomeChoice(generate=True)
    home, _problems = read_home(project)  # kb check reports them
    docs = project.docs or project.root / "docs"  # mkdocs.yml's docs_dir, as the engines read it
    own = {name for name in (HOME_PAGE, GUIDE_PAGE) if (docs / name).is_file()}
    return home, choose_home(project.settings.home, own)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with a one-line message and the usage
        self.print_usage(sys.stderr)
        print(f"kb: {message}", file=sys.stderr)
        raise SystemExit(2)


def _project(settings_checked: bool = True):
    """The current project (kb.project.find_project), or exit 2 saying why there is none or what
    is wrong with its settings (unless ``settings_checked`` is false: kb check reports them)."""
    from .project import NoProject, find_project

    try:
        project = find_project()
    except NoProject as err:
        print(f"kb: {err}.", file=sys.stderr)
        raise SystemExit(2)
    errors = [p for p in project.problems if p.severity == "error"] if settings_checked else []
    for p in errors:
        print(str(p), file=sys.stderr)
    if errors:
        print(f"kb: the project's settings have {len(errors)} error(s); fix them first.", file=sys.stderr)
        raise SystemExit(2)
    return project


def _default_folder() -> Path | None:
    """The current project's knowledge base folder, or None outside any project."""
    from .project import NoProject, find_project

    try:
        return find_project().concepts
    except NoProject:
        return None


def _load(directory, settings_checked: bool = True):
    path = Path(directory) if directory else _project(settings_checked).concepts
    if not path.is_dir() and not (path.suffix == ".json" and path.is_file()):
        print(f"kb: '{path}' is not a folder. Pass the folder that holds terms/, claims/, ...", file=sys.stderr)
        raise SystemExit(2)
    return load(path)


class _ShowVersion(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (reading the
    distribution's metadata cost every command a few milliseconds)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="show program's version number and exit"):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from ._version import __version__

        print(f"kb (kb-argmap) {__version__}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    main_parser = _Parser(prog="kb", description="Check, query, export and publish a knowledge base of YAML entries.",
                          epilog="Run kb COMMAND --help for what a command does, its options and an example. "
                                 "Exit status: 0 success, 1 problems found or nothing found, 2 wrong usage, "
                                 "3 internal error (a bug), 130 interrupted.")
    main_parser.add_argument("--version", action=_ShowVersion)
    commands = main_parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")

    def command(name, function, dir_positional=False):
        doc = function.__doc__
        sub = commands.add_parser(name, help=_summary(doc), description=doc,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        if dir_positional:
            sub.add_argument("dir", nargs="?", metavar="DIR", help="knowledge base folder (default: the current project's, see kb.project)")
        else:
            sub.add_argument("--dir", metavar="DIR", help="knowledge base folder (default: the current project's, see kb.project)")
        sub.add_argument("--no-cache", action="store_true",
                         help="parse every file again rather than use the parse cache (as KB_NO_CACHE=1)")
        sub.set_defaults(run=function)
        return sub

    sub = commands.add_parser("check", help=_summary(cmd_check.__doc__), description=cmd_check.__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.set_defaults(run=cmd_check)
    sub.add_argument("--no-cache", action="store_true",
                     help="parse every file again rather than use the parse cache (as KB_NO_CACHE=1)")
    sub.add_argument("paths", nargs="*", metavar="PATH",
                     help="[DIR] [FILES...]: the knowledge base folder (default: the current project's), then "
                          "entry files to check in it (default: all)")
    sub.add_argument("--format", choices=["text", "json", "github", "sarif"], default="text",
                     help="text for people (default), json for programs, github for workflow annotations, "
                          "sarif (2.1.0) for code scanning")
    sub.add_argument("--fail-on", choices=["error", "warning"], default="error",
                     help="exit 1 on errors only (default), or on warnings too")
    sub.add_argument("--select", action="append", metavar="CODES",
                     help="report only these rules: codes or prefixes, comma-separated, repeatable (default: all)")
    sub.add_argument("--ignore", action="append", metavar="CODES",
                     help="do not report these rules: codes or prefixes, comma-separated, repeatable")
    sub.add_argument("--rules-url", metavar="URL",
                     help="sarif: the address of the rules page, for each rule's link (default: site_url "
                          "of ./mkdocs.yml followed by rules/)")
    sub = command("show", cmd_show)
    sub.add_argument("id", metavar="ID", help="id, name or alias of the entry")
    sub = command("find", cmd_find)
    sub.add_argument("text", metavar="TEXT", help="a name or alias, or part of one")
    sub.add_argument("--kind", choices=list(KINDS), help="only entries of this kind")
    sub.add_argument("--limit", type=positive_int, default=10, help="at most this many results (default 10)")
    sub = command("new", cmd_new)
    sub.add_argument("kind", choices=list(KINDS), metavar="KIND", help=f"the kind of entry: {', '.join(KINDS)}")
    sub.add_argument("name", metavar="NAME", help="its name (or title); the id and file name are made from it")
    sub.add_argument("--premise", dest="premises", action="append", metavar="CLAIM-ID",
                     help="argument: a claim it starts from (repeat for each premise; at least one)")
    sub.add_argument("--conclusion", metavar="CLAIM-ID", help="argument: the claim it concludes (required)")
    sub.add_argument("--derived-from", dest="derived_from", action="append", metavar="CLAIM-ID",
                     help="prediction: a claim that implies it (repeat for each; at least one)")
    sub.add_argument("--supports", action="append", metavar="ID",
                     help="argument or evidence: a claim, argument or prediction it supports (repeatable)")
    sub.add_argument("--attacks", action="append", metavar="ID",
                     help="argument or evidence: a claim, argument or prediction it attacks (repeatable)")
    sub.add_argument("--bears-on", dest="bears_on", action="append", metavar="ID",
                     help="evidence: a claim or prediction it bears on, direction unclear (repeatable)")
    sub.add_argument("--source", metavar="SOURCE-ID",
                     help="cite this source (locator to fill in) and state the new links in it")
    sub = commands.add_parser("init", help=_summary(cmd_init.__doc__), description=cmd_init.__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("folder", metavar="DIR", help="the folder to create (or an empty one)")
    sub.set_defaults(run=cmd_init)
    command("stats", cmd_stats)
    sub = command("export", cmd_export, dir_positional=True)
    sub.add_argument("--format", choices=list(exporting.FORMATS), default="json",
                     help=f"one of {', '.join(exporting.FORMATS)} (default json)")
    sub.add_argument("-o", "--output", metavar="OUT", help="file to write (a folder for csv); default: print")
    sub.add_argument("--around", metavar="ID", help="dot: only the entries near this one")
    sub.add_argument("--depth", type=int, metavar="N", help="dot: how many links from --around (default 1)")
    sub.add_argument("--base-uri", metavar="URI", help="skos: the URIs' common start (default https://example.org/kb/)")
    sub = commands.add_parser("diff", help=_summary(cmd_diff.__doc__), description=cmd_diff.__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.set_defaults(run=cmd_diff)
    sub.add_argument("rev", metavar="REV", help="a git revision (against the working tree), or REV..REV2")
    sub.add_argument("dir", nargs="?", metavar="DIR", help="knowledge base folder (default: the current project's, see kb.project)")
    sub.add_argument("--format", choices=["text", "json", "markdown"], default="text",
                     help="text (default), json, or markdown for a job summary or a review comment")
    sub.add_argument("--json", action="store_true", help="the same as --format json")
    command("rules", cmd_rules)
    sub = commands.add_parser("schema", help=_summary(cmd_schema.__doc__), description=cmd_schema.__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("-o", "--output", metavar="DIR", default="schemas", help="the folder to write into (default schemas)")
    sub.set_defaults(run=cmd_schema)
    sub = command("build", cmd_build, dir_positional=True)
    sub.add_argument("-o", "--output", metavar="SITE_DIR", default="site",
                     help="the folder of the site (default site); replaced only if an earlier build made it")
    sub.add_argument("--no-strict", action="store_true", help="do not fail on the engine's warnings")
    sub.add_argument("-f", "--config-file", metavar="MKDOCS_YML",
                     help="the site's configuration (default: the project's mkdocs.yml)")
    sub.add_argument("--engine", choices=["mkdocs", "zensical"], default="mkdocs",
                     help="MkDocs with the kb plugin (default), or Zensical from the generated pages")
    sub = command("pages", cmd_pages, dir_positional=True)
    sub.add_argument("-o", "--output", metavar="OUT", required=True, help="the folder to write the pages into")
    ask.add_commands(command, _load)
    return main_parser


def _summary(doc: str) -> str:
    """A command's one-line help: the first paragraph of its docstring, whole."""
    return " ".join(doc.strip().split("\n\n")[0].split())


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "no_cache", False):
        os.environ["KB_NO_CACHE"] = "1"  # also for the mkdocs run of kb build
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("kb: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:  # the file system said no (a folder given for a file, a missing parent...)
        what = f"'{err.filename}'" if err.filename else "a file"
        print(f"kb: cannot use {what}: {err.strerror or err}. Check the path and its permissions.", file=sys.stderr)
        return 1
    except Exception as err:  # a bug, not bad input: say so briefly (KB_DEBUG=1 shows the traceback)
        if os.environ.get("KB_DEBUG"):
            raise
        print(f"kb: internal error ({type(err).__name__}: {err}). This is a bug; "
              "run again with KB_DEBUG=1 and report the output.", file=sys.stderr)
        return 3
