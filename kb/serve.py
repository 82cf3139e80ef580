"""Under ``mkdocs serve``, a save re-renders only the pages it changed.

MkDocs rebuilds the whole site on every change it sees. Its ``--dirty`` builds render only the
pages whose source is newer than their output, but keep a stale search index and stale pages
wherever a change reaches beyond one file. The kb plugin knows which generated pages an edit
changed (:func:`kb.pages.incremental.update_pages`) and rewrites only those in the folder it
serves them from, so :class:`Rebuilds` can make every rebuild after the first a dirty one and
keep it exact:

- the whole site is rebuilt (its folder emptied first, as a clean build does) whenever anything
  but the generated pages may have changed: ``mkdocs.yml``, the theme folders, the list of
  files, a hand-written page, a page whose title the navigation shows, or when another plugin
  is in use (it might gather something from every page) or the previous build failed;
- otherwise the pages MkDocs renders are exactly those whose Markdown changed, because what
  else a page shows (navigation, links, theme) is the same as before;
- the search index gets, for each page, its entries of this build if it was rendered, else
  those of the previous build, in the order of a clean build.

Most saves change only the text of some generated pages. Then :meth:`Rebuilds.render_only` does
not run MkDocs' build at all (which reads the configuration again, lists every file, builds the
navigation and goes through every page): it renders the changed pages alone with the last
build's configuration, navigation and theme, copies the changed data files, and merges their
entries into the search index, as a full build would have made them. A new, renamed or deleted
entry adds and removes generated pages: the files are listed again in a build's order, the
removed pages' output deleted and the sitemap rendered again. It falls back to a build when that
could differ: the configuration, the theme folders or a hand-written page changed, a page the
navigation names was added or removed (or ``mkdocs.yml`` has no ``nav``), or a page the
navigation shows changed its title.

``mkdocs serve --dirty`` and ``--clean`` keep MkDocs' own behaviour (every generated page is
rendered again).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path

import jinja2
from mkdocs import utils
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page

__all__ = ["Rebuilds", "SAFE_PLUGINS"]

# Plugins known to gather nothing across pages but the search index, which Rebuilds keeps.
SAFE_PLUGINS = frozenset({"search", "material/search", "kb"})
SEARCH_INDEX = ("search", "search_index.json")
_DIRTY_WARNING = "A 'dirty' build is being performed"


class Rebuilds:
    """What one ``mkdocs serve`` session keeps from one build to the next."""

    def __init__(self):
        self.previous: dict | None = None   # what the last successful build was made of
        self.search: dict[str, list] = {}   # page URL -> its entries in the search index
        self.rendered: set[str] = set()     # URLs of the pages rendered by this build
        self.full = True                    # whether this build renders everything
        self.templates = _Templates()        # the theme's templates, compiled once
        self.last = None                     # (config, files, nav, env) of the last complete build
        self.docs: dict | None = None        # the docs folder's files then (size, time)
        self._build: tuple = (None, None)    # this build's (nav, env) so far

    # -- the server ----------------------------------------------------------------------------
    def dirty_builder(self, builder, quick=None):
        """serve's builder: each rebuild first tried as ``quick()`` (True: done, only the changed
        pages rendered), else made a dirty build (this class says what is stale)."""
        def rebuild():
            if quick is not None and quick():
                return
            with _dirty_builds():
                builder()
        return rebuild

    # -- one build -----------------------------------------------------------------------------
    def plan(self, files: Files, config, generated: set[str], changed: set[str]) -> None:
        """Before MkDocs renders: empty the site's folder unless only ``changed`` generated
        pages (paths in ``generated``) differ from the last build."""
        state = {"config": _fingerprint(config), "files": tuple(f.src_uri for f in files)}
        stale = (self.previous is None or state != self.previous
                 or not set(config.plugins) <= SAFE_PLUGINS
                 or any(f.is_documentation_page() and f.src_uri not in generated and f.is_modified()
                        for f in files)
                 or _titles_may_change(config, changed))
        self.previous, self.full, self.rendered = state, stale, set()
        if stale:
            utils.clean_directory(config.site_dir)

    def navigation(self, nav) -> None:
        self._build = (nav, None)

    def environment(self, env):
        """The theme's Jinja environment, with its compiled templates kept from one rebuild to
        the next (MkDocs makes a new environment for each build; Jinja checks the source)."""
        env.bytecode_cache = self.templates
        self._build = (self._build[0], env)
        return env

    def rendered_page(self, page) -> None:
        self.rendered.add(page.url)

    def finish(self, files: Files, config) -> None:
        """After a build: the search index made whole again (a dirty build indexes only the pages
        it rendered)."""
        path = os.path.join(config.site_dir, *SEARCH_INDEX)
        self.last = (config, files) + self._build
        self.docs = _docs(config)
        if not os.path.isfile(path):
            return
        with open(path, encoding="utf-8") as f:
            index = json.load(f)
        fresh: dict[str, list] = {}
        for doc in index.get("docs", []):
            fresh.setdefault(doc["location"].split("#")[0], []).append(doc)
        if self.full:
            self.search = fresh
            return
        merged: dict[str, list] = {}
        for file in files.documentation_pages():
            url = file.page.url if file.page is not None else file.url  # the home page: '' not './'
            entries = fresh.get(url, []) if url in self.rendered else self.search.get(url, [])
            if entries:
                merged[url] = entries
        self.search = merged
        index["docs"] = [doc for entries in merged.values() for doc in entries]
        utils.write_file(json.dumps(index, separators=(",", ":"), default=str).encode("utf-8"), path)

    def failed(self) -> None:
        """A build failed: the next one starts again from an empty folder."""
        self.previous = None
        self.last = None

    # -- a rebuild of the changed pages alone ----------------------------------------------------
    def can_render_only(self) -> bool:
        """Whether the last build is complete and nothing but the generated pages changed since:
        not ``mkdocs.yml``, the theme folders, nor the files of the docs folder."""
        if self.last is None or self.previous is None:
            return False
        config = self.last[0]
        return _fingerprint(config) == self.previous["config"] and _docs(config) == self.docs

    def render_only(self, changed: set[str], generated=None) -> bool:
        """Render the generated files ``changed`` (their sources rewritten) with the last build's
        configuration, navigation and theme, and merge their search entries. ``generated``: when
        generated files were added or removed, every generated file now, in the order a build
        lists them (``{path: source}``). False when a full build is needed instead: a path the
        navigation names was added or removed, or a page it shows changed its title."""
        config, files, nav, env = self.last
        if generated is not None:
            files = self._refile(files, generated, changed)
            if files is None:
                return False
        changed_files = [files.get_file_from_path(path) for path in sorted(changed)
                         if generated is None or path in generated]
        if any(f is None for f in changed_files):
            return False
        pages = [f for f in changed_files if f.is_documentation_page()]
        self.full, self.rendered = False, set()
        search = [p for name, p in config.plugins.items() if name in ("search", "material/search")]
        try:
            if generated is not None:  # the sitemap lists every page
                for template in config.theme.static_templates:
                    _build_theme_template(template, env, files, config, nav)
            for plugin in search:  # a fresh index: the merge below keeps the other pages' entries
                plugin.search_index = type(plugin.search_index)(**plugin.config)
            shown = {id(p) for p in nav.pages}
            for file in pages:
                title = file.page.title
                _populate_page(file.page, config, files)
                if file.page.title != title and id(file.page) in shown:
                    self.failed()  # every page shows the navigation
                    return False
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            for file in pages:
                _build_page(file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
            for file in changed_files:
                if not file.is_documentation_page():
                    file.copy_file()
            for file in pages:
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            for plugin in search:
                plugin.on_post_build(config=config)
            self.finish(files, config)
        except Exception:
            self.failed()
            raise
        return True


    def _refile(self, files: Files, generated: dict[str, str], changed: set[str]) -> Files | None:
        """The last build's files with the generated ones now (in the order a build lists them:
        the docs folder's files, then the generated ones), a page for each new page and the
        output of each removed one deleted, as a clean build would not have made it; None when
        the navigation names a path added or removed (it would change)."""
        config, old, nav, env = self.last
        if config.nav is None:
            return None  # every page is in the navigation
        before = {f.src_uri: f for f in old}
        added = [p for p in generated if p not in before]
        removed = [f for f in old if f.generated_by is not None and f.abs_src_path is not None
                   and f.src_uri not in generated and f.src_uri in changed]
        if (set(added) | {f.src_uri for f in removed}) & _nav_paths(config.nav):
            return None
        made = [File.generated(config, path, abs_src_path=source) for path, source in generated.items()
                if path not in before]
        set_exclusions(made, config)
        new = {f.src_uri: f for f in made}
        gone = {f.src_uri for f in removed}
        kept = [f for f in old if f.src_uri not in gone and f.src_uri not in generated]
        ours = [before.get(path) or new[path] for path in generated]
        tail = [f for f in kept if f.src_uri.startswith("assets/vendor/")]  # added after the pages
        files = Files([f for f in kept if f not in tail] + ours + tail)
        for file in made:
            if file.is_documentation_page():
                Page(None, file, config)
        for file in removed:
            if os.path.isfile(file.abs_dest_path):
                os.remove(file.abs_dest_path)
                folder = os.path.dirname(file.abs_dest_path)
                if folder != config.site_dir and os.path.isdir(folder) and not os.listdir(folder):
                    os.rmdir(folder)
        self.last = (config, files, nav, env)
        return files


def _nav_paths(items) -> set[str]:
    """Every path the navigation of ``mkdocs.yml`` names."""
    found: set[str] = set()
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= _nav_paths(value) if isinstance(value, (list, dict)) else {value}
    return found


def _fingerprint(config) -> str:
    """What every page depends on besides its Markdown: the configuration file and the theme
    folders outside installed packages (their files' sizes and times)."""
    digest = hashlib.sha256()
    if config.config_file_path and os.path.isfile(config.config_file_path):
        digest.update(Path(config.config_file_path).read_bytes())
    for folder in config.theme.dirs:
        if "site-packages" in Path(folder).parts:
            continue
        for root, _, names in sorted(os.walk(folder)):
            for name in sorted(names):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    digest.update(json.dumps(sorted(config.plugins)).encode())
    return digest.hexdigest()


def _docs(config) -> dict[str, tuple[int, int]]:
    """The files of the docs folder, with their sizes and times."""
    found = {}
    for root, _, names in os.walk(config.docs_dir):
        for name in names:
            path = os.path.join(root, name)
            stat = os.stat(path)
            found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def _titles_may_change(config, changed: set[str]) -> bool:
    """Whether a changed page is one the navigation names by its own title (so that a change of
    title changes every page); with no ``nav`` in ``mkdocs.yml`` every page is in it."""
    if config.nav is None:
        return bool(changed)
    untitled: set[str] = set()

    def walk(items):
        for item in items or []:
            if isinstance(item, str):
                untitled.add(item)
            elif isinstance(item, dict):
                for value in item.values():
                    if isinstance(value, list):
                        walk(value)

    walk(config.nav)
    return bool(changed & untitled)


class _Templates(jinja2.BytecodeCache):
    """Compiled templates in memory, by template and source (Jinja's own key)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _NoDirtyWarning(logging.Filter):
    def filter(self, record):
        return not str(record.msg).startswith(_DIRTY_WARNING)


@contextmanager
def _dirty_builds():
    """serve's builder calls ``mkdocs.commands.serve.build``; during a rebuild that call is a
    dirty build, without MkDocs' warning about dirty builds (which would fail ``--strict``)."""
    from mkdocs.commands import serve as command

    build = command.build
    quiet = _NoDirtyWarning()
    logger = logging.getLogger("mkdocs.commands.build")
    command.build = lambda config, **options: build(config, **{**options, "dirty": True})
    logger.addFilter(quiet)
    try:
        yield
    finally:
        command.build = build
        logger.removeFilter(quiet)
