"""The project the user is in: where its knowledge base is, and its settings.

Every command, ``kb.load()`` with no argument and the MkDocs plugin work on *the current
project*, never on the folder the package is installed in.

Finding the project (:func:`find_project`): starting from a folder (default: the current one)
and walking up to its parents, the first folder that holds any of

1. a ``pyproject.toml`` with a ``[tool.kb]`` table,
2. a ``mkdocs.yml`` (or ``mkdocs.yaml``) whose ``plugins`` list ``kb``,
3. a ``concepts/`` folder,

is the project's root. The walk stops after a folder that holds ``.git`` (the top of a
repository), so a ``concepts/`` folder above a repository is never picked up. Nothing found
raises :class:`NoProject` (a ``FileNotFoundError``) saying where it looked and what to do.

Settings (:data:`SETTINGS`) come from ``[tool.kb]`` in the root's ``pyproject.toml`` and from
the kb plugin's options in the root's ``mkdocs.yml`` (``plugins: - kb: {...}``); both may be
used, but a key given in both must have the same value. Paths are relative to the file that
sets them. Unknown keys and wrong types are problems (rule KB120) pointing at the file and
line, kept in :attr:`Project.problems`: errors are data. The reading paths file is checked by
:func:`check_project` (KB121, KB122), which ``kb check`` runs on the current project.

The API::

    find_project(start=None) -> Project          # walk up; NoProject if nothing is found
    project_at(root) -> Project                  # the project whose root is known (the plugin)
    Project.root, .found_by, .pyproject, .mkdocs_config, .settings, .problems
    Project.concepts                             # absolute path of the knowledge base folder
    Project.site_name                            # mkdocs.yml's site_name, or None
    Project.docs                                 # the site's own pages (mkdocs.yml's docs_dir, default docs/)
    Settings.concepts, .title, .introduction, .reading_paths, .home   (paths resolved)
    Settings.select, .ignore                     # rule codes or prefixes reported (kb.verdict)
    Settings.texts                               # folders outside the project sources' texts may be in
    Settings.where[key] -> (file, line)          # where a key was set
    validate_settings(raw, file, lines) -> (values, problems)     # one table of settings
    read_home(project) -> (HomeText, problems)   # title, introduction text, reading paths
    read_reading_paths(path) -> (list[ReadingPath], problems)
    check_project(project, base) -> list[Problem]   # settings + reading paths (+ unknown ids)
    SettingsError                                # raised by kb.load() on invalid settings

>>> import kb.project
>>> project = kb.project.find_project()        # doctest: +SKIP
>>> project.concepts                           # doctest: +SKIP
PosixPath('/home/me/my-field/concepts')
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, problem, rule

__all__ = ["Project", "Settings", "SETTINGS", "HOME_CHOICES", "NoProject", "SettingsError", "ReadingPath",
           "HomeText", "find_project", "project_at", "validate_settings", "read_home", "read_reading_paths",
           "check_project", "MKDOCS_NAMES", "PLUGIN_OPTIONS"]

rule("KB120", "error", "settings", """
The project's settings (``[tool.kb]`` in pyproject.toml, or the kb plugin's options in
mkdocs.yml) have an unknown key, a value of the wrong type, a file that does not exist, or a
key set in both places with different values. Fix the key named in the message; the settings
are listed on the page "How this site is made".""")
rule("KB121", "error", "reading-paths-file", """
The reading paths file (setting ``reading_paths``) is not a YAML list of paths, each a mapping
with a ``title`` (text), an optional ``blurb`` (text) and ``ids`` (a list of entry ids). Fix
the place named in the message.""")
rule("KB122", "warning", "reading-path-unknown-id", """
A reading path names an id that no entry has, so the path skips it. Correct the id (the
message suggests close ones) or remove it from the path.""")

MKDOCS_NAMES = ("mkdocs.yml", "mkdocs.yaml")
HOME_CHOICES = ("auto", "generate", "keep")

# key: (type, what it is). Paths are relative to the file that sets them.
SETTINGS: dict[str, tuple[type, str]] = {
    "concepts": (str, "the knowledge base folder (default: concepts)"),
    "title": (str, "the site's title on the home page (default: mkdocs.yml's site_name)"),
    "introduction": (str, "a Markdown file: the home page's introduction, its heading included"),
    "reading_paths": (str, "a YAML file: the home page's reading paths"),
    "home": (str, "auto (default: keep docs/index.md if there is one, else generate the home page), "
                  "generate, or keep"),
    "select": (list, "the rules kb reports: a list of rule codes or prefixes such as KB3 (default: all)"),
    "ignore": (list, "the rules kb leaves out: a list of rule codes or prefixes such as KB603"),
    "texts": (list, "folders outside the project where sources' `text:` may point, e.g. [\"../shared/sources\"] "
                    "(default: none; kb reads no file outside the project: kb.readable)"),
}
_PATHS = ("concepts", "introduction", "reading_paths", "texts")
# Options of the kb plugin that are not project settings: checked here as the settings are (KB120),
# valid only among the plugin's options in mkdocs.yml.
PLUGIN_OPTIONS: dict[str, tuple[type, str]] = {
    "sanitize": (bool, "true (default) or false: whether the plugin cleans the generated pages' HTML"),
}


class NoProject(FileNotFoundError):
    """No knowledge base was found from this folder up."""


class SettingsError(ValueError):
    """The project's settings are invalid; ``problems`` says where and why."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("the project's settings are invalid:\n" + "\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Settings:
    """The settings with paths resolved; ``where[key]`` is the (file, line) that set a key."""

    concepts: Path
    title: str | None = None
    introduction: Path | None = None
    reading_paths: Path | None = None
    home: str = "auto"
    select: tuple = ()   # rule codes or prefixes reported (kb.selection, kb.verdict)
    ignore: tuple = ()
    texts: tuple = ()    # folders outside the project whose files sources' text: may name (kb.readable)
    where: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Project:
    root: Path
    found_by: str                    # "pyproject.toml", "mkdocs.yml" or "concepts/"
    pyproject: Path | None           # the pyproject.toml with [tool.kb], if any
    mkdocs_config: Path | None       # the mkdocs.yml at the root, if any
    settings: Settings
    problems: tuple = ()
    site_name: str | None = None
    docs: Path | None = None         # the site's own pages: mkdocs.yml's docs_dir (default: docs/)

    @property
    def concepts(self) -> Path:
        return self.settings.concepts

    def raise_problems(self) -> None:
        """Raise :class:`SettingsError` when the settings have an error."""
        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            raise SettingsError(errors)


@dataclass(frozen=True)
class ReadingPath:
    """A guided path through the knowledge base, as the reading paths file gives it."""

    title: str
    ids: tuple
    blurb: str = ""
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class HomeText:
    """What the home page says that belongs to one knowledge base (all optional)."""

    title: str | None = None
    introduction: str | None = None      # Markdown, its heading included
    reading_paths: tuple = ()            # of ReadingPath


# --- finding the project ---------------------------------------------------------------------------

def find_project(start: str | Path | None = None) -> Project:
    """The project holding ``start`` (default: the current folder); see the module's docstring."""
    here = Path(start if start is not None else os.getcwd()).absolute()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        marker = _marker(folder)
        if marker:
            return project_at(folder, found_by=marker)
        if (folder / ".git").exists():
            break
    raise NoProject(f"no knowledge base found in {here} or the folders above it (looked for a pyproject.toml "
                    "with [tool.kb], a mkdocs.yml using the kb plugin, or a concepts/ folder). "
                    "Run the command inside your project, pass the knowledge base folder, or create one with kb init")


def _marker(folder: Path) -> str | None:
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _has_tool_kb(pyproject):
        return "pyproject.toml"
    config = _mkdocs_file(folder)
    if config is not None and _plugin_node(config) is not None:
        return config.name
    if (folder / "concepts").is_dir():
        return "concepts/"
    return None


def _has_tool_kb(path: Path) -> bool:
    try:
        return isinstance(tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("kb"), dict)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # a broken pyproject.toml still marks a project that means to use kb: project_at says what is wrong
        try:
            return bool(re.search(r"^\s*\[\s*tool\.kb\s*\]", path.read_text(encoding="utf-8", errors="replace"), re.M))
        except OSError:
            return False


def _mkdocs_file(folder: Path) -> Path | None:
    return next((folder / n for n in MKDOCS_NAMES if (folder / n).is_file()), None)


def project_at(root: str | Path, found_by: str = "", options: dict | None = None) -> Project:
    """The project whose root folder is ``root``: its settings read and validated.

    ``options``: the kb plugin's options as MkDocs parsed them (the plugin passes them, so that
    ``INHERIT`` and MkDocs' own tags work); by default they are read from the root's mkdocs.yml.
    """
    root = Path(root).absolute()
    problems: list[Problem] = []
    values: dict = {}
    where: dict = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and _has_tool_kb(pyproject):
        raw, lines, found = _read_pyproject(pyproject)
        problems += found
        checked, found = validate_settings(raw, _shown(pyproject), lines)
        problems += found
        for key, value in checked.items():
            values[key], where[key] = value, (pyproject, lines.get(key, lines.get("", 0)))
    else:
        pyproject = None
    config = _mkdocs_file(root)
    site_name = docs_dir = None
    if config is not None:
        raw, lines, (site_name, docs_dir), found = _read_mkdocs(config)
        problems += found
        if options is not None:
            raw = {key: value for key, value in options.items() if value is not None}
        checked, found = validate_settings(raw, _shown(config), lines, plugin=True)
        problems += found
        for key, value in checked.items():
            if key in PLUGIN_OPTIONS:
                continue
            here = (config, lines.get(key, 0))
            if key in values and _resolve(key, value, here[0]) != _resolve(key, values[key], where[key][0]):
                first = where[key]
                problems.append(problem("KB120", _shown(config), here[1],
                                        f"'{key}' is {value!r} here but {values[key]!r} in "
                                        f"{_shown(first[0])}:{first[1]}.",
                                        "set it in one place only"))
                continue
            values.setdefault(key, value)
            where.setdefault(key, here)
    resolved = {key: _resolve(key, value, where[key][0]) for key, value in values.items()}
    for key in ("introduction", "reading_paths"):
        path = resolved.get(key)
        if path is not None and not path.is_file():
            file, line = where[key]
            problems.append(problem("KB120", _shown(file), line, f"'{key}': the file {_shown(path)} does not exist.",
                                    f"create it, or correct the path (relative to {file.name})"))
            resolved[key] = None
    settings = Settings(concepts=resolved.get("concepts", root / "concepts"), title=resolved.get("title"),
                        introduction=resolved.get("introduction"), reading_paths=resolved.get("reading_paths"),
                        home=resolved.get("home", "auto"), select=tuple(resolved.get("select", ())),
                        ignore=tuple(resolved.get("ignore", ())), texts=tuple(resolved.get("texts", ())), where=where)
    return Project(root=root, found_by=found_by or _marker(root) or "", pyproject=pyproject,
                   mkdocs_config=config, settings=settings, problems=tuple(problems), site_name=site_name,
                   docs=(root / docs_dir) if isinstance(docs_dir, str) and docs_dir.strip() else root / "docs")


def _resolve(key: str, value, file: Path):
    if key in _PATHS and isinstance(value, list):
        return tuple(_resolve(key, item, file) for item in value)
    if key in _PATHS and isinstance(value, str):
        return (file.parent / os.path.expanduser(value)).resolve()
    return value


def _shown(path: Path) -> str:
    from .load import display_path

    return display_path(path)


# --- reading and validating settings ---------------------------------------------------------------

def validate_settings(raw, file: str, lines: dict, plugin: bool = False) -> tuple[dict, list[Problem]]:
    """The known keys of one settings table with their values checked; problems for the rest.

    ``lines`` maps a key to its line in ``file`` (``""``: the table's own line). ``plugin``: the
    table is the kb plugin's options in mkdocs.yml, which also take :data:`PLUGIN_OPTIONS`.
    """
    known = {**SETTINGS, **PLUGIN_OPTIONS} if plugin else SETTINGS
    if not isinstance(raw, dict):
        return {}, [problem("KB120", file, lines.get("", 0), f"the kb settings must be a table of keys, not {_kind(raw)}.",
                            "write key = value lines under [tool.kb] (or key: value under the kb plugin)")]
    values, problems = {}, []
    for key, value in raw.items():
        line = lines.get(key, lines.get("", 0))
        if key not in known:
            import difflib

            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            if key in PLUGIN_OPTIONS:
                problems.append(problem("KB120", file, line, f"'{key}' is an option of the kb plugin, not a setting.",
                                        "set it under the kb plugin in mkdocs.yml (plugins: - kb: ...)"))
                continue
            what = "the kb plugin's options" if plugin else "the settings"
            problems.append(problem("KB120", file, line, f"unknown {'option' if plugin else 'setting'} '{key}'.",
                                    f"{hint}{what} are: {', '.join(known)}"))
            continue
        kind, what = known[key]
        if value is None:  # `key:` with nothing after it in YAML: the default
            continue
        if key == "texts":  # folders: "a" or ["a", "b"]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(problem("KB120", file, line, f"'texts' must be a list of folders, not {_kind(value)}.",
                                        f"give {what}"))
            else:
                values[key] = value
            continue
        if key in ("select", "ignore"):  # rule codes: "KB3, KB601" or ["KB3", "KB601"]
            from .selection import UnknownCode, parse_codes

            try:
                if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                    values[key] = list(parse_codes(value))
                else:
                    problems.append(problem("KB120", file, line, f"'{key}' must be a list of rule codes, not {_kind(value)}.",
                                            f"give {what}"))
            except UnknownCode as err:
                problems.append(problem("KB120", file, line, f"'{key}': {err}.", f"give {what}"))
            continue
        if not isinstance(value, kind) or (kind is str and not value.strip()):
            wanted = {str: "text", bool: "true or false"}.get(kind, kind.__name__)
            problems.append(problem("KB120", file, line, f"'{key}' must be {wanted}, not {_kind(value)}.", f"give {what}"))
            continue
        if key == "home" and value not in HOME_CHOICES:
            problems.append(problem("KB120", file, line, f"'home' is {value!r}.",
                                    f"use one of {', '.join(HOME_CHOICES)}: {what}"))
            continue
        values[key] = value
    return values, problems


def _kind(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table",
            str: "text", type(None): "empty"}.get(type(value), type(value).__name__)


def _read_pyproject(path: Path) -> tuple[dict, dict, list[Problem]]:
    """``[tool.kb]`` of a pyproject.toml, each key's line, and the problems reading it."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as err:
        return {}, {}, [problem("KB120", _shown(path), 0, f"cannot read this file: {err}.", "make it readable UTF-8 text")]
    except tomllib.TOMLDecodeError as err:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(err))) else 0
        return {}, {}, [problem("KB120", _shown(path), line, f"this is not valid TOML: {err}.",
                                "correct the syntax (https://toml.io)")]
    return data.get("tool", {}).get("kb", {}), _toml_lines(text), []


def _toml_lines(text: str) -> dict:
    """Where each key of [tool.kb] is (tomllib keeps no positions): the table's line under ``""``."""
    lines: dict = {}
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = re.fullmatch(r"\[\s*tool\s*\.\s*kb\s*\]", stripped.split("#")[0].strip()) is not None
            if inside:
                lines[""] = number
            continue
        key = re.match(r"""\s*["']?([A-Za-z0-9_-]+)["']?\s*=""", line)
        if inside and key:
            lines.setdefault(key.group(1), number)
        dotted = re.match(r"""\s*tool\s*\.\s*kb\s*\.\s*["']?([A-Za-z0-9_-]+)["']?\s*=""", line)
        if dotted:
            lines.setdefault(dotted.group(1), number)
    return lines


class _MkdocsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Reads mkdocs.yml as MkDocs does for what kb needs: ``!ENV`` resolved, other tags ignored.
    (libyaml's parser where PyYAML has it: finding the project reads mkdocs.yml, and the pure
    Python one took a tenth of a `kb check` of the bundled base.)"""


def _env(loader, node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[v] for v in variables if v in os.environ), default)


_MkdocsLoader.add_constructor("!ENV", _env)
_MkdocsLoader.add_constructor(None, lambda loader, node: None)
_MkdocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _compose(path: Path):
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.compose(stream, Loader=_MkdocsLoader), None
    except (OSError, UnicodeDecodeError) as err:
        return None, problem("KB120", _shown(path), 0, f"cannot read this file: {err}.", "make it readable UTF-8 text")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return None, problem("KB120", _shown(path), mark.line + 1 if mark else 0, f"this is not valid YAML: "
                             f"{getattr(err, 'problem', None) or err}.", "correct the syntax")


def _plugin_node(path: Path):
    """The YAML node of the kb plugin's options in a mkdocs.yml (a ScalarNode for a bare ``- kb``)."""
    root, _ = _compose(path)
    return _find_plugin(root)


def _find_plugin(root):
    if not isinstance(root, yaml.MappingNode):
        return None
    plugins = next((v for k, v in root.value if getattr(k, "value", None) == "plugins"), None)
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.ScalarNode) and item.value == "kb":
                return item
            if isinstance(item, yaml.MappingNode) and len(item.value) == 1 and item.value[0][0].value == "kb":
                return item.value[0][1]
    if isinstance(plugins, yaml.MappingNode):
        for key, value in plugins.value:
            if key.value == "kb":
                return value
    return None


def _read_mkdocs(path: Path) -> tuple[dict, dict, tuple, list[Problem]]:
    """The kb plugin's options in a mkdocs.yml, each one's line, (its site_name, its docs_dir),
    and problems."""
    root, trouble = _compose(path)
    if trouble:
        return {}, {}, (None, None), [trouble]
    loader = _MkdocsLoader("")
    found = {"site_name": None, "docs_dir": None}
    if isinstance(root, yaml.MappingNode):
        for key in found:
            node = next((v for k, v in root.value if getattr(k, "value", None) == key), None)
            if isinstance(node, yaml.ScalarNode):
                found[key] = loader.construct_object(node, deep=True)
    meta = (found["site_name"], found["docs_dir"])
    node = _find_plugin(root)
    if node is None or isinstance(node, yaml.ScalarNode) and node.value in ("", "kb", "~", "null"):
        return {}, {}, meta, []
    lines = {"": node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines.setdefault(str(key.value), key.start_mark.line + 1)
    return loader.construct_object(node, deep=True), lines, meta, []


# --- the home page's text ----------------------------------------------------------------------------

def read_home(project: Project) -> tuple[HomeText, list[Problem]]:
    """The home page's title, introduction and reading paths from the project's settings."""
    settings, problems = project.settings, []
    introduction = None
    if settings.introduction is not None:
        try:
            introduction = settings.introduction.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            file, line = settings.where["introduction"]
            problems.append(problem("KB120", _shown(file), line, f"cannot read the introduction: {err}.",
                                    "make the file readable UTF-8 text"))
    paths: list[ReadingPath] = []
    if settings.reading_paths is not None:
        paths, problems_here = read_reading_paths(settings.reading_paths)
        problems += problems_here
    return HomeText(title=settings.title or project.site_name, introduction=introduction,
                    reading_paths=tuple(paths)), problems


def read_reading_paths(path: Path) -> tuple[list[ReadingPath], list[Problem]]:
    """The reading paths of a YAML file: a list of ``{title, blurb, ids}``; problems for the rest."""
    from .yamlfile import read_yaml

    name = _shown(path)
    doc = read_yaml(path, name)
    if doc.problems:
        return [], [problem("KB121", p.file, p.line, p.message, p.fix) for p in doc.problems]
    data = doc.data

    def line_of(key):
        return doc.lines.get(key, 0)
    fix = "write a list of paths: '- title: ...', 'blurb: ...', 'ids: [an-entry, another]'"
    if not isinstance(data, list):
        return [], [problem("KB121", name, 1, f"the reading paths must be a list, not {_kind(data)}.", fix)]
    paths, problems = [], []
    for number, item in enumerate(data):
        where = line_of((number,))
        if not isinstance(item, dict):
            problems.append(problem("KB121", name, where, f"path {number + 1} must be a mapping, not {_kind(item)}.", fix))
            continue
        unknown = sorted(set(item) - {"title", "blurb", "ids"}, key=str)
        for key in unknown:
            problems.append(problem("KB121", name, line_of((number, key)), f"path {number + 1}: unknown key '{key}'.",
                                    "the keys are title, blurb and ids"))
        title, blurb, ids = item.get("title"), item.get("blurb", ""), item.get("ids")
        bad = False
        if not isinstance(title, str) or not title.strip():
            problems.append(problem("KB121", name, line_of((number, "title")) or where,
                                    f"path {number + 1} needs a title (text), not {_kind(title)}.", fix))
            bad = True
        if blurb is None:
            blurb = ""
        if not isinstance(blurb, str):
            problems.append(problem("KB121", name, line_of((number, "blurb")) or where,
                                    f"path {number + 1}: the blurb must be text, not {_kind(blurb)}.", fix))
            bad = True
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            problems.append(problem("KB121", name, line_of((number, "ids")) or where,
                                    f"path {number + 1}: ids must be a list of entry ids (text), not {_kind(ids)}.", fix))
            bad = True
        if not bad:
            paths.append(ReadingPath(title=title.strip(), blurb=blurb.strip(), ids=tuple(ids), file=name, line=where))
    return paths, problems


def check_project(project: Project, base=None) -> list[Problem]:
    """The project's problems: its settings, its reading paths file, and ids no entry has."""
    home, problems = read_home(project)
    problems = [*project.problems, *problems]
    if base is not None and project.settings.reading_paths is not None:
        from .yamlfile import read_yaml

        doc = read_yaml(project.settings.reading_paths, _shown(project.settings.reading_paths))
        for number, path in enumerate(home.reading_paths):
            for position, ident in enumerate(path.ids):
                if ident in base.by_id:
                    continue
                close = [e.id for e in base.find(ident)[:3]]
                hint = f"did you mean {', '.join(close)}? " if close else ""
                line = doc.lines.get((_index_of(doc.data, path), "ids", position))
                problems.append(problem("KB122", path.file, line or path.line,
                                        f"the reading path '{path.title}' names '{ident}', which no entry has.",
                                        f"{hint}correct the id or remove it from the path"))
    return problems


def _index_of(data, path: ReadingPath) -> int:
    for number, item in enumerate(data if isinstance(data, list) else []):
        if isinstance(item, dict) and item.get("title", "").strip() == path.title:
            return number
    return 0
