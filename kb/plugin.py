"""A thin MkDocs plugin: the pages of :mod:`kb.pages`, served by MkDocs and mkdocs-material.

In ``mkdocs.yml``::

    plugins:
      - search
      - kb:
          concepts: concepts      # the knowledge base folder, relative to mkdocs.yml

The options are the project's settings (:data:`kb.project.SETTINGS`: concepts, title,
introduction, reading_paths, home, select, ignore), which may also be given in ``[tool.kb]`` of
the pyproject.toml beside mkdocs.yml, plus ``sanitize``. What both engines decide alike (the home
page, the theme's features, the Markdown extensions) is :mod:`kb.site_choices`; the problems
reported, with the settings' ``select`` and ``ignore``, are :func:`kb.verdict.project_problems`. ``kb build DIR`` builds another knowledge
base folder with the same configuration by setting ``KB_CONCEPTS``, which wins over ``concepts``.

It loads the knowledge base, reports its errors as MkDocs errors (``file:line: code
message``, so ``--strict`` fails on them), adds the generated pages to the build (from memory;
under ``mkdocs serve``, from a temporary folder), adds the site's own CSS/JS and the vendored cytoscape,
sanitizes the HTML of every generated page with nh3, and makes ``mkdocs serve``
watch the knowledge base folder.

Under ``mkdocs serve`` the plugin stays from one rebuild to the next: a save regenerates only
the pages the edit can change (:mod:`kb.pages.incremental`), rewrites only those whose text
changed, and MkDocs re-renders only those (:mod:`kb.serve`); the checks run again only where the
edit reaches (:mod:`kb.recheck`).
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .base import load
from .build import CHECKED_ENV, VendorError, checked_digest, ensure_vendor, site_dir_refusal
from .pages.incremental import Generation, update_pages
from .pages.blocks import SEARCH_WORDS
from .pages.sanitize import sanitize_html
from .pages_dir import THEME_DIR
from .recheck import Checked, check_all, recheck
from .serve import Rebuilds
from .project import project_at, read_home
from .site_choices import GUIDE_PAGE, HOME_PAGE, KB_CSS, KB_JS, REQUIRED_EXTENSIONS, choose_home, font_warning, safe_features
from .verdict import project_problems, settings_errors

__all__ = ["KnowledgeBasePlugin", "sanitize_html"]

log = get_plugin_logger(__name__)

class _Config(Config):
    # The project's settings (kb.project.SETTINGS) and the plugin's own options
    # (kb.project.PLUGIN_OPTIONS), taken as they are written: kb.project checks them, so that a
    # wrong or misspelt one is a KB120 problem naming mkdocs.yml's line, with a did-you-mean, as
    # kb check reports it, not MkDocs' "Unrecognised configuration name".
    # None: not given here (the pyproject.toml's [tool.kb] or the default then applies).
    concepts = c.Optional(c.Type(object))
    title = c.Optional(c.Type(object))
    introduction = c.Optional(c.Type(object))
    reading_paths = c.Optional(c.Type(object))
    home = c.Optional(c.Type(object))
    select = c.Optional(c.Type(object))
    ignore = c.Optional(c.Type(object))
    texts = c.Optional(c.Type(object))
    sanitize = c.Optional(c.Type(object))

    def _validate(self):
        failed, warnings = super()._validate()
        # an unknown option stays in the options, for on_config to report as KB120
        return failed, [(key, text) for key, text in warnings if key in self._schema_keys]


class KnowledgeBasePlugin(BasePlugin[_Config]):
    supports_multiple_instances = False

    def __init__(self):
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.generated: set[str] = set()
        self.concepts: Path | None = None
        self.vendor: dict[str, Path] = {}
        # Under `mkdocs serve` (MkDocs keeps a plugin with on_startup from one rebuild to the
        # next): the last generation of pages, and what the rebuilds keep (kb.serve).
        self.generation: Generation | None = None
        self.rebuilds: Rebuilds | None = None
        self.checked: Checked | None = None   # the last base's problems (kb.recheck), under serve
        self._files: Files | None = None
        self._layout: tuple = (True, None)   # whether the home page is generated, the writing guide

    def on_startup(self, *, command, dirty) -> None:
        if command == "serve" and not dirty:
            self.rebuilds = Rebuilds()

    def on_shutdown(self) -> None:
        self.rebuilds = self.generation = self.checked = None
        self._cleanup()

    # -- configuration ---------------------------------------------------------------------------
    def on_config(self, config):
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.project = project_at(root, options=dict(self.config))
        errors = settings_errors(self.project)
        if errors:
            raise PluginError("kb: the settings are invalid:\n" + "\n".join(str(p) for p in errors))
        override = os.environ.get("KB_CONCEPTS")  # kb build DIR
        self.concepts = Path(override).resolve() if override else self.project.concepts
        refusal = site_dir_refusal(config.site_dir, self.project, self.concepts)
        if refusal:  # raised before MkDocs empties site_dir
            raise PluginError(f"kb: {refusal}")
        self._markdown(config)
        font = font_warning(config.theme.name, config.theme.get("font"))
        if font:
            log.warning(font)
        # Our templates (page-specific scripts) and assets (kb.css, kb.js) come right after the
        # project's own custom_dir, so a project can still override them.
        features = config.theme.get("features")
        if isinstance(features, list):
            features[:], warnings = safe_features(features)
            for warning in warnings:
                log.warning(warning)
        position = 1 if config.theme.custom_dir else 0
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(position, str(THEME_DIR))
        if KB_CSS not in config.extra_css:
            config.extra_css.append(KB_CSS)
        if KB_JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(KB_JS)
        try:
            self.vendor = ensure_vendor(log=log.info)
        except (VendorError, OSError) as err:
            raise PluginError(f"kb: cannot fetch the site's JavaScript: {err}") from None
        return config

    def _markdown(self, config) -> None:
        """Turn on the extensions the pages need (kb.site_choices) that mkdocs.yml does not list
        (said at info level); the table of contents with permalinks, unless mkdocs.yml configures it."""
        listed = set(config.markdown_extensions)
        added = [n for n in REQUIRED_EXTENSIONS if n not in listed and f"markdown.extensions.{n}" not in listed]
        config.markdown_extensions.extend(added)
        if "toc" not in config.mdx_configs and "markdown.extensions.toc" not in config.mdx_configs:
            config.mdx_configs["toc"] = {"permalink": True}
        if added:
            log.info(f"the kb pages need these Markdown extensions, turned on: {', '.join(added)}")

    # -- pages -----------------------------------------------------------------------------------
    def _load(self):
        """The knowledge base, its problems reported; and whether it has errors."""
        try:
            base = load(self.concepts, project=self.project)
        except FileNotFoundError as err:
            raise PluginError(f"kb: {err}") from None
        checked = os.environ.get(CHECKED_ENV)  # kb build found these very files free of errors
        if self.rebuilds is not None:
            # under serve, each save is checked again only where it reaches (kb.recheck)
            self.checked = check_all(base) if self.checked is None else recheck(self.checked, base)
            problems = project_problems(base, self.project, checked=self.checked)
        else:
            problems = project_problems(base, self.project, base_checked=bool(checked) and checked == checked_digest(base))
        for p in problems:
            where = f"{p.file}:{p.line}" if p.line else p.file
            text = f"{where}: {p.code} {p.message}" + (f" Fix: {p.fix}" if p.fix else "")
            if p.severity == "error":
                log.error(text)
            else:
                log.debug(text)
        errors = sum(p.severity == "error" for p in problems)
        log.info(f"{len(base)} entries from {self.concepts}" + (f", {errors} error(s)" if errors else ""))
        return base, errors

    def _generate(self, base, errors: int) -> set[str]:
        """The pages of ``base`` generated again (only those an edit reaches, under serve) and
        those whose text changed rewritten in the pages folder; returns their paths. Under serve,
        a base with errors leaves the pages of the last one without errors as they were."""
        previous = self.generation if self.rebuilds is not None and self._tmp is not None else None
        if previous is not None and errors:
            log.error(f"kb: the site still shows the knowledge base as it was before these {errors} error(s): "
                      "fix them and save again")
            return set()
        home, _problems = read_home(self.project)   # reported with the project's problems (kb.verdict)
        generate_home, guide = self._layout
        self.generation, changed = update_pages(base, previous, home, generate_home=generate_home, guide=guide)
        pages = self.generation.pages
        if self.rebuilds is None:   # a build: MkDocs reads the pages from memory (on_files)
            return set(pages)
        if previous is None:
            self._cleanup()
            self._tmp = tempfile.TemporaryDirectory(prefix="kb-pages-")
            changed = set(pages)
        # Under serve the folder stays from one rebuild to the next, and only the pages whose
        # text changed are written again: MkDocs' dirty builds compare the files' times.
        folder = Path(self._tmp.name)
        for path in sorted(changed):
            target = folder / path
            if path not in pages:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(pages[path], encoding="utf-8")
        return changed

    def on_files(self, files: Files, *, config) -> Files:
        base, errors = self._load()
        own = {name for name in (HOME_PAGE, GUIDE_PAGE) if files.get_file_from_path(name) is not None}
        choice = choose_home(self.project.settings.home, own)
        if choice.error:
            raise PluginError(f"kb: {choice.error}")
        if choice.warning:
            log.warning(f"kb: {choice.warning}")
        self._layout = (choice.generate, choice.guide)
        changed = self._generate(base, errors)
        pages = self.generation.pages
        # Under serve the pages are files (dirty builds compare their times); a build reads them
        # from memory: writing and deleting a file per page cost more than generating it.
        folder = Path(self._tmp.name) if self._tmp is not None else None
        for path in pages:
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning(f"docs/{path} is replaced by the page generated from the knowledge base; "
                            "rename or remove it")
                files.remove(existing)
            files.append(File.generated(config, path, content=pages[path]) if folder is None else
                         File.generated(config, path, abs_src_path=str(folder / path)))
        for name, source in self.vendor.items():
            files.append(File.generated(config, f"assets/vendor/{name}", abs_src_path=str(source)))
        self.generated = {p for p in pages if p.endswith(".md")}
        if self.rebuilds is not None:
            self.rebuilds.plan(files, config, set(pages), changed)
        self._files = files
        return files

    def _render_only(self) -> bool:
        """Under serve, a rebuild without MkDocs' build when only the text of generated pages
        changed (:meth:`kb.serve.Rebuilds.render_only`); False when a build is needed."""
        if self.generation is None or self._tmp is None or not self.rebuilds.can_render_only():
            return False
        started = time.monotonic()
        before = self.generation
        base, errors = self._load()
        changed = self._generate(base, errors)
        generated = None
        if set(self.generation.pages) != set(before.pages):  # an entry added, renamed or deleted
            folder = Path(self._tmp.name)
            generated = {path: str(folder / path) for path in self.generation.pages}
            self.generated = {p for p in generated if p.endswith(".md")}
        if changed and not self.rebuilds.render_only(changed, generated):
            self.rebuilds.failed()
            return False
        self._files = self.rebuilds.last[1]
        log.info(f"Documentation built in {time.monotonic() - started:.2f} seconds: {len(changed)} changed page(s) "
                 "rendered alone")
        return True

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        # A generated page's search words become its tags, which mkdocs-material's search weighs
        # most (kb.pages.search); its own tags (the entry's kind) are a filter only Zensical offers.
        if page.file.src_uri in self.generated and SEARCH_WORDS in page.meta:
            page.meta["tags"] = page.meta.pop(SEARCH_WORDS)
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        if self.config.sanitize is not False and page.file.src_uri in self.generated:
            return sanitize_html(html)
        return html

    def on_nav(self, nav, *, config, files):
        if self.rebuilds is not None:
            self.rebuilds.navigation(nav)
        return nav

    def on_env(self, env, *, config, files):
        return self.rebuilds.environment(env) if self.rebuilds is not None else env

    def on_page_context(self, context, *, page, config, nav):
        if self.rebuilds is not None:
            self.rebuilds.rendered_page(page)
        return context

    def on_serve(self, server, *, config, builder):
        if self.concepts is not None and self.concepts.is_dir():
            server.watch(str(self.concepts))
        for path in (self.project.settings.introduction, self.project.settings.reading_paths):
            if path is not None and path.is_file():
                server.watch(str(path))
        if self.rebuilds is not None:
            server.builder = self.rebuilds.dirty_builder(server.builder, quick=self._render_only)
        return server

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config) -> None:
        if self.rebuilds is not None:
            self.rebuilds.finish(self._files, config)
        else:
            self._cleanup()

    def on_build_error(self, *, error) -> None:
        if self.rebuilds is not None:
            self.rebuilds.failed()
            self.generation = self.checked = None
        self._cleanup()

    def _cleanup(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
