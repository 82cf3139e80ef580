"""The Zensical adapter: ``kb build --engine zensical``.

Zensical, the successor of mkdocs-material, runs no MkDocs plugins, so it is given files: a
work folder holding the project's own docs and the generated pages (:mod:`kb.pages_dir`), the
site's templates, and a configuration made from the project's ``mkdocs.yml``
(:func:`zensical_config`). What the MkDocs plugin does in its hooks has an equivalent here:

- the project's pages and the generated ones share one docs folder, a generated page taking the
  place of a project page at the same path (with a warning, as with MkDocs);
- kb.css, kb.js and the vendored cytoscape are files among the pages; the templates (scripts a
  page asks for, the redirects of a term's other names, the 404 page) are the theme's custom_dir;
- the theme feature ``content.tooltips`` is turned off (it renders titles as HTML);
- the sanitizer (:func:`kb.pages.sanitize.sanitize_html`) runs on every generated page, as the
  Python-Markdown extension this module also is (``markdown_extensions: [kb.zensical_adapter]``:
  Zensical renders Markdown with Python-Markdown).

What differs between the engines is in docs/about-the-site.md.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import yaml
from markdown import Extension
from markdown.postprocessors import Postprocessor

from .pages.sanitize import sanitize_html
from .pages_dir import THEME_DIR, page_files, write_pages
from .site_choices import GUIDE_PAGE, HOME_PAGE, KB_CSS, KB_JS, REQUIRED_EXTENSIONS, choose_home, font_warning, safe_features

__all__ = ["read_mkdocs_config", "zensical_config", "prepare", "SanitizeExtension", "makeExtension", "CONFIG_NAME"]

CONFIG_NAME = "mkdocs.yml"  # Zensical reads mkdocs.yml (JSON is YAML) as well as zensical.toml
# Settings of mkdocs.yml that are MkDocs' own, or that the work folder sets.
_DROPPED = {"docs_dir", "site_dir", "hooks", "INHERIT", "watch", "plugins", "theme", "markdown_extensions",
            "extra_css", "extra_javascript", "dev_addr", "strict"}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data: ``!ENV`` read from the environment as MkDocs does, Python names
    (``!!python/name:...``) kept as their dotted text, which Zensical resolves itself."""


def _env(loader, node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    default = names.pop() if len(names) > 1 else None
    return next((os.environ[n] for n in names if n in os.environ), default)


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix.partition(":")[2])


def read_mkdocs_config(path) -> dict:
    """The settings of an ``mkdocs.yml`` as a dict."""
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=_Loader)  # noqa: S506 (a SafeLoader)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a mapping of settings")
    return data


def _extensions(value) -> list[dict]:
    """``markdown_extensions`` (a list of names or one-key mappings, or a mapping) as ``[{name: config}]``."""
    items = value.items() if isinstance(value, dict) else [
        next(iter(item.items())) if isinstance(item, dict) else (item, {}) for item in (value or [])]
    return [{name: config or {}} for name, config in items]


def zensical_config(project: dict, *, keep: list[str]) -> tuple[dict, list[str]]:
    """Zensical's configuration for the work folder (docs in ``docs/``, templates in
    ``overrides/``, the site in ``site/``), from the project's ``mkdocs.yml`` settings; and the
    warnings to show. ``keep``: the project's own pages, which the sanitizer leaves as they are."""
    config = {key: value for key, value in project.items() if key not in _DROPPED}
    theme = project.get("theme") or {}
    theme = dict({"name": theme} if isinstance(theme, str) else theme)
    theme["custom_dir"] = "overrides"
    theme.setdefault("variant", "classic")  # the look of mkdocs-material, which kb.css is written for
    theme["features"], warnings = safe_features(theme.get("features"))
    font = font_warning(theme.get("name"), theme.get("font"))
    warnings += [font] if font else []
    plugins = [p for p in project.get("plugins") or []
               if (next(iter(p)) if isinstance(p, dict) else p) != "kb"]
    extensions = _extensions(project.get("markdown_extensions"))
    names = {next(iter(e)) for e in extensions}
    extensions += [{name: {}} for name in REQUIRED_EXTENSIONS if name not in names]
    extensions.append({"kb.zensical_adapter": {"keep": sorted(keep)}})
    if project.get("hooks"):
        warnings.append("mkdocs.yml's hooks are MkDocs' own: Zensical does not run them")
    css = [str(s) for s in project.get("extra_css") or []]
    scripts = list(project.get("extra_javascript") or [])
    config.update({
        "docs_dir": "docs", "site_dir": "site", "theme": theme, "plugins": plugins,
        "markdown_extensions": extensions,
        "extra_css": css + ([KB_CSS] if KB_CSS not in css else []),
        "extra_javascript": scripts + ([KB_JS] if KB_JS not in [str(s) for s in scripts] else []),
    })
    return config, warnings


def prepare(work: Path, base, config_file: Path, vendor: dict[str, Path]) -> tuple[Path, list[str]]:
    """Fill the work folder (new, or the one of the last build: only changed pages are written
    again) for ``zensical build``: ``docs/`` (the project's pages, then the generated ones), ``overrides/`` (kb's templates, then the project's custom_dir) and
    the configuration. Returns the configuration's path and the warnings."""
    config_file = Path(config_file)
    project = read_mkdocs_config(config_file)
    root = config_file.parent
    docs = root / str(project.get("docs_dir") or "docs")
    own: dict[str, bytes] = {}
    if docs.is_dir():
        for source in sorted(docs.rglob("*")):
            rel = source.relative_to(docs)
            if source.is_file() and not any(part.startswith(".") for part in rel.parts):
                own[rel.as_posix()] = source.read_bytes()
    home, choice = _home(root, own)
    generated = page_files(base, vendor, home, generate_home=choice.generate, guide=choice.guide)
    warnings = [choice.warning] if choice.warning else []
    warnings += [f"docs/{path} is replaced by the page generated from the knowledge base; rename or remove it"
                for path in sorted(set(own) & set(generated)) if path.endswith(".md")]
    write_pages({**own, **generated}, work / "docs")

    overrides = work / "overrides"
    shutil.rmtree(overrides, ignore_errors=True)  # the last build's (copies keep their times: Zensical's key)
    shutil.copytree(THEME_DIR, overrides, ignore=shutil.ignore_patterns("assets"))
    theme = project.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom:
        shutil.copytree(root / custom, overrides, dirs_exist_ok=True)

    keep = [path for path in own if path.endswith(".md") and path not in generated]
    config, more = zensical_config(project, keep=keep)
    path = work / CONFIG_NAME
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path, warnings + more


def _home(root: Path, own: dict[str, bytes]) -> tuple:
    """What the home page says, and the choice of home page (:func:`kb.site_choices.choose_home`,
    as the plugin makes it), from the project's settings. Raises ValueError when the settings are
    invalid or would replace the project's own home page."""
    from .project import project_at, read_home
    from .verdict import settings_errors

    project = project_at(root)
    errors = settings_errors(project)
    if errors:
        raise ValueError("the settings are invalid:\n" + "\n".join(str(p) for p in errors))
    choice = choose_home(project.settings.home, {name for name in (HOME_PAGE, GUIDE_PAGE) if name in own})
    if choice.error:
        raise ValueError(choice.error)
    home, _problems = read_home(project)  # kb check reports them
    return home, choice


# --- the sanitizer, as a Python-Markdown extension ------------------------------------------------

class _Sanitize(Postprocessor):
    def __init__(self, md, keep: set[str]):
        super().__init__(md)
        self.keep = keep

    def run(self, text: str) -> str:
        # Zensical's own preprocessor holds the page being rendered; without it (another
        # renderer), every page is treated as generated.
        context = self.md.preprocessors["rendering_context"] if "rendering_context" in self.md.preprocessors else None
        page = getattr(getattr(context, "page", None), "path", None)
        return text if page in self.keep else sanitize_html(text)


class SanitizeExtension(Extension):
    """Sanitizes the rendered HTML of every page but the project's own (``keep``)."""

    def __init__(self, **kwargs):
        self.config = {"keep": [[], "the project's own pages (paths in the docs folder), left as they are"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        # Last of all, on the page's final HTML (raw HTML put back at 30, entities at 20).
        md.postprocessors.register(_Sanitize(md, set(self.getConfig("keep"))), "kb_sanitize", 0)


def makeExtension(**kwargs) -> SanitizeExtension:
    return SanitizeExtension(**kwargs)
