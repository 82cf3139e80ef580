"""The knowledge base as a researcher uses it from Python: entries, graph, queries, checks."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from . import query
from .facts import FactsOf
from .graph import build_graph, edges as graph_edges
from .load import collector_paused, load_folder
from .model import ARGUMENTATIVE, KINDS, RELATIONS, Entry
from .names import NameIndex, name_key
from .problems import Problem, SEVERITY_ORDER
from .project import find_project
from .readable import folders_of

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["KnowledgeBase", "Related", "UnknownEntry", "load"]


class UnknownEntry(KeyError):
    """No entry has this id, name or alias; the message suggests close ones."""

    def __init__(self, ident: str, suggestions=()):
        super().__init__(ident)
        self.ident, self.suggestions = ident, list(suggestions)

    def __str__(self) -> str:
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"no entry has the id, name or alias {self.ident!r}{hint}"


@dataclass(frozen=True, eq=True)
class Related(query.Result):
    """One neighbour of an entry: through which relation, in which direction, with which note.

    ``label`` is the relation as read from the entry asked about: the relation's own name
    for outgoing edges, the name of its inverse for incoming ones ("narrower", "attacked_by").
    """

    relation: str
    direction: str  # "out" or "in"
    label: str
    entry: Entry
    sense: str | None = None
    note: str | None = None
    provenance: query.Provenance | None = None  # where an argumentative link comes from
    locator: str | None = None  # of a citation (relation cites)
    quote: str | None = None

    def __repr__(self) -> str:
        arrow = "->" if self.direction == "out" else "<-"
        where = f", {self.locator}" if self.locator else f" [{self.provenance}]" if self.provenance else ""
        return f"<Related {self.label} {arrow} {self.entry.id}{'#' + self.sense if self.sense else ''}{where}>"


def load(path: str | Path | None = None, cache: bool = True, *, project=None) -> "KnowledgeBase":
    """Load a knowledge base folder, or a ``kb-json/1`` file written by ``kb export --format json``.

    With no argument: the current project's knowledge base (found from the current folder up,
    see :mod:`kb.project`). Loading never raises on bad entries: what is wrong becomes problems,
    see :meth:`KnowledgeBase.check`, which reports them as ``kb check`` does: with the settings of
    the project holding the folder (:attr:`KnowledgeBase.project`, found as the commands find it;
    ``project`` gives it, a :class:`kb.project.Project`). A folder that does not exist raises ``FileNotFoundError``
    (so does finding no project: :class:`kb.project.NoProject`); invalid project settings raise
    :class:`kb.project.SettingsError`. Files whose exact bytes were parsed before are taken from
    the parse cache (:mod:`kb.cache`); ``cache=False``, or ``KB_NO_CACHE=1``, parses every file.

    >>> import kb
    >>> base = kb.load()
    >>> base["mesa-optimizer"].kind
    'term'
    """
    if path is None:
        project = holder = project or find_project()
        project.raise_problems()
        root = project.concepts
    else:
        root = Path(path)
        own = project is not None and Path(project.concepts).resolve() == root.resolve()
        holder = project if own else _project_holding(root)
        project = project or holder
    readable = folders_of(root, holder)  # the files of the project the base is in, whichever settings apply
    if root.suffix == ".json" and root.is_file():  # a kb-json/1 export (kb export --format json)
        from .jsonload import load_json

        entries, problems, broken = load_json(root)
    elif not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder: pass the folder that holds terms/, claims/, ...")
    else:
        entries, problems, broken = load_folder(root, cache=cache, readable=readable)
    return KnowledgeBase(root, entries, problems, broken, project=project, readable=readable)


def _project_holding(path: Path):
    """The project holding ``path`` (as ``kb check PATH`` finds it), or None outside any."""
    from .project import NoProject

    try:
        return find_project(path.absolute())
    except (NoProject, OSError):
        return None


class _Indexes(dict):
    def __init__(self, base):
        super().__init__()
        self.base = base

    def __missing__(self, kind):
        index = self[kind] = NameIndex({e.id: [*e.names, e.id] for e in self.base.entries(kind)})
        return index


class KnowledgeBase:
    """Typed entries, the graph linking them, and the problems found in them.

    ``project``: the :class:`kb.project.Project` whose settings :meth:`check` applies (None: no
    project, every rule is reported). ``readable``: the folders whose files kb reads for it, a
    source's text among them (:mod:`kb.readable`).
    """

    def __init__(self, root: Path, entries: list[Entry], problems: list[Problem] = (), broken=(), project=None,
                 readable=None):
        self.root = root
        self.project = project
        self.readable = readable if readable is not None else folders_of(root, project)
        self.all_entries = list(entries)  # duplicates included, for the duplicate-id check
        self.by_id: dict[str, Entry] = {}
        for entry in self.all_entries:
            self.by_id.setdefault(entry.id, entry)
        self.load_problems = list(problems)
        self.broken_ids = set(broken)

    # -- access ------------------------------------------------------------------------------
    def __getitem__(self, ident: str) -> Entry:
        """The entry with this id, or else this exact name or alias (see :meth:`lookup`)."""
        return self.lookup(ident)

    def __repr__(self) -> str:
        return f"<KnowledgeBase {self.root}: {len(self)} entries>"

    def lookup(self, ident: str) -> Entry:
        """The entry with this id, or whose name or an alias is this (forgiving case, hyphens,
        accents and British spellings). Raises :class:`UnknownEntry` (a ``KeyError``) with
        suggestions otherwise.

        >>> import kb
        >>> base = kb.load()
        >>> base.lookup("Mesa-Optimiser").id
        'mesa-optimizer'
        >>> base["mesa optimzer"]
        Traceback (most recent call last):
        ...
        kb.base.UnknownEntry: no entry has the id, name or alias 'mesa optimzer'; did you mean mesa-optimizer, meta-optimizer?
        """
        if isinstance(ident, Entry):
            ident = ident.id
        if not isinstance(ident, str):
            raise TypeError(f"entries are looked up by id or name, not by {type(ident).__name__}")
        entry = self.by_id.get(ident)
        if entry is not None:
            return entry
        owners = self._names.get(name_key(ident), ())
        if len(owners) == 1:
            return self.by_id[owners[0]]
        suggestions = list(owners) or [e.id for e in self.find(ident)[:3]]
        raise UnknownEntry(ident, suggestions)

    @cached_property
    def _names(self) -> dict[str, tuple[str, ...]]:
        owners: dict[str, list[str]] = {}
        for entry in self.entries():
            for name in {name_key(n) for n in [*entry.names, entry.id]}:
                owners.setdefault(name, []).append(entry.id)
        return {k: tuple(v) for k, v in owners.items()}

    @cached_property
    def _index(self) -> dict[str | None, NameIndex]:
        """Name indexes by kind (None: every kind), each built when first asked for."""
        return _Indexes(self)

    def __contains__(self, ident: object) -> bool:
        return ident in self.by_id

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, ident: str, default=None):
        return self.by_id.get(ident, default)

    def entries(self, kind: str | None = None) -> list[Entry]:
        """All entries, or those of one kind (``"term"``, ``"claim"``...), sorted by id."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; kinds are {', '.join(KINDS)}")
        return list(self._sorted[kind])

    @cached_property
    def _sorted(self) -> dict[str | None, tuple[Entry, ...]]:
        """The entries sorted by id, all and by kind: sorted once, not by every rule."""
        every = tuple(sorted(self.by_id.values(), key=lambda e: e.id))
        by_kind = {kind: tuple(e for e in every if e.kind == kind) for kind in KINDS}
        return {None: every, **by_kind}

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The entries as a read-only ``networkx.MultiDiGraph`` (see :func:`kb.graph.build_graph`
        for its attributes; ``nx.MultiDiGraph(base.graph)`` gives a copy to change)."""
        import networkx as nx

        with collector_paused():
            return nx.freeze(build_graph(self.by_id, self.edges))

    @cached_property
    def edges(self) -> list[tuple[str, str, dict]]:
        """The edges of :attr:`graph` as ``(source, target, attributes)``, without networkx."""
        return graph_edges(self.by_id, self.facts)

    @cached_property
    def facts(self) -> FactsOf:
        """What the graph and the checks read of each entry, gathered once (see :mod:`kb.facts`)."""
        return FactsOf()

    # -- queries -----------------------------------------------------------------------------
    def find(self, text: str, kind: str | None = None) -> list[Entry]:
        """Entries whose name or alias matches ``text``, best first.

        Forgives case, hyphens, spaces, accents and British spellings:

        >>> import kb
        >>> kb.load().find("Mesa Optimiser")[0].id
        'mesa-optimizer'
        """
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; kinds are {', '.join(KINDS)}")
        return [self.by_id[i] for i in self._index[kind].rank(text)]

    def related(self, ident: str, relation: str | None = None, direction: str = "both") -> list[Related]:
        """Neighbours of an entry, optionally through one relation (its name or its inverse's).

        ``direction`` is ``"out"`` (what the entry refers to), ``"in"`` (what refers to it) or
        ``"both"``. A relation is named by its own name (``"cites"``: both directions, filtered by
        ``direction``) or its inverse's (``"cited_by"``: the incoming links). Each neighbour is
        listed once per relation, sense, note and provenance.

        >>> import kb
        >>> base = kb.load()
        >>> base.related("rlo-1-introduction", "cites", direction="in") == base.related("rlo-1-introduction", "cited_by")
        True
        """
        ident = self.lookup(ident).id
        if direction not in ("out", "in", "both"):
            raise ValueError("direction must be 'out', 'in' or 'both'")
        names = {r.name for r in RELATIONS.values()}
        inverses = {r.inverse: r.name for r in RELATIONS.values() if not r.symmetric}
        if relation is not None and relation not in names and relation not in inverses:
            raise ValueError(f"unknown relation {relation!r}; relations are {', '.join(sorted(names | set(inverses)))}")
        if relation in inverses:
            if direction == "out":
                raise ValueError(f"{relation!r} names the incoming {inverses[relation]!r} links: ask "
                                 f"relation={inverses[relation]!r} for the outgoing ones")
            relation, direction = inverses[relation], "in"
        found = {}
        if direction in ("out", "both"):
            for _, target, data in self.graph.out_edges(ident, data=True):
                rel = data["relation"]
                if relation in (None, rel):
                    r = Related(rel, "out", rel, self.by_id[target], data["sense"], data["note"], *_provenance(data))
                    found.setdefault(r, r)
        if direction in ("in", "both"):
            for source, _, data in self.graph.in_edges(ident, data=True):
                rel = data["relation"]
                if relation in (None, rel):
                    r = Related(rel, "in", RELATIONS[rel].inverse, self.by_id[source], data["sense"], data["note"],
                                *_provenance(data))
                    found.setdefault(r, r)
        return list(found)

    def _reasons(self, ident: str, relations: tuple[str, ...], kinds: tuple[str, ...]) -> list[Entry]:
        seen = {}
        for r in self.related(ident, direction="in"):
            if r.relation in relations and r.entry.kind in kinds:
                seen.setdefault(r.entry.id, r.entry)
        return list(seen.values())

    def arguments_for(self, ident: str, kinds: tuple[str, ...] = ("argument",)) -> list[Entry]:
        """Arguments that conclude or support ``ident`` (pass ``kinds=("argument", "evidence")``
        to include evidence)."""
        return self._reasons(ident, ("conclusion", "supports"), kinds)

    def arguments_against(self, ident: str, kinds: tuple[str, ...] = ("argument",)) -> list[Entry]:
        """Arguments that attack ``ident`` (or undercut it, when it is an argument)."""
        return self._reasons(ident, ("attacks",), kinds)

    # -- the questions researchers ask (kb.query) ----------------------------------------------
    def links(self, relation: str | None = None, **filters) -> list[query.Edge]:
        return query.links(self, relation, **filters)

    def neighborhood(self, ident: str, depth: int = 1, relations=None) -> query.Neighborhood:
        return query.neighborhood(self, ident, depth, relations)

    def path(self, a: str, b: str, relations=None) -> query.Path | None:
        return query.path(self, a, b, relations)

    def argument_tree(self, ident: str) -> query.ArgumentTree:
        return query.argument_tree(self, ident)

    def dependents(self, ident: str) -> list[Entry]:
        return query.dependents(self, ident)

    def cruxes(self) -> list[query.Crux]:
        return query.cruxes(self)

    def disagreements(self, editorial: bool = False) -> list[query.Disagreement]:
        return query.disagreements(self, editorial)

    def reading_order(self, *idents: str, uses: bool = True) -> list[Entry]:
        return query.reading_order(self, *idents, uses=uses)

    def cited_for(self, source_id: str) -> list[query.Citing]:
        return query.cited_for(self, source_id)

    def sense_uses(self, min_senses: int = 2, kinds: tuple[str, ...] | None = None) -> list[query.SenseUse]:
        return query.sense_uses(self, min_senses, kinds)

    def open_predictions(self) -> list[query.OpenPrediction]:
        return query.open_predictions(self)

    for _name in ("links", "neighborhood", "path", "argument_tree", "dependents", "cruxes", "disagreements",
                  "reading_order", "cited_for", "sense_uses", "open_predictions"):
        # the query's own docstring, whose examples run once, in kb.query
        locals()[_name].__doc__ = getattr(query, _name).__doc__.split("\n\n    >>>")[0] + \
            f"\n\n        See :func:`kb.query.{_name}` for an example."
    del _name

    # -- checks ------------------------------------------------------------------------------
    def check(self, files=None, select=None, ignore=None, settings: bool = True) -> list[Problem]:
        """Every problem, as ``kb check`` reports it: those found while loading, then those of
        each consistency rule, less those that entries' ``suppress:`` items silence (with the
        problems of those items), and less the rules the project's settings leave out.

        Sorted by file and line; each has ``.code .severity .file .line .message .fix``.

        The rules reported are those of :attr:`project`'s ``select`` and ``ignore`` settings
        (``[tool.kb]`` or the kb plugin's options), as for every command; when the base is the
        project's own, the project's problems (its settings, KB120; its reading paths, KB121,
        KB122) come with them, so a researcher gets the verdict of CI. ``select`` and ``ignore``
        (rule codes or prefixes, e.g. ``["KB3", "KB601"]``) act as ``kb check --select/--ignore``
        do: ``select`` replaces the settings' select, ``ignore`` adds to their ignore; an unknown
        code raises :class:`kb.selection.UnknownCode` (a ``ValueError``). ``settings=False``
        leaves the project out: every rule of the base's own checks (less ``ignore``, within
        ``select``). ``files`` (paths of entry files, which may no longer exist) reports only
        the problems in those files and those elsewhere about their entries, as
        ``kb check DIR FILES...`` does (see :mod:`kb.scope`).

        >>> import kb
        >>> base = kb.load()
        >>> base.check(select=["KB3"])
        []
        >>> len(base.check(settings=False)) >= len(base.check())
        True
        """
        if settings and self.project is not None:
            from .verdict import project_problems

            return _sorted_problems(project_problems(self, self.project, files=files, select=select, ignore=ignore))
        from .checks import run_checks
        from .scope import FileScope
        from .selection import Selection
        from .suppress import apply_suppressions

        selection = Selection.of(select, ignore)
        with collector_paused():
            scope = FileScope(self, files) if files is not None else None
            entries = scope.entries if scope else None
            problems = set(self.load_problems) | set(run_checks(self, entries))
            problems = apply_suppressions(self, problems, entries, selection)
        kept = [p for p in problems if selection(p.code) and (scope is None or scope.keeps(p))]
        return _sorted_problems(kept)


def _sorted_problems(problems) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line, SEVERITY_ORDER[p.severity], p.code, p.message))


def _provenance(data: dict) -> tuple:
    """(provenance, locator, quote) of an edge, as :class:`Related` holds them."""
    if data["relation"] == "cites":
        return None, data.get("locator"), data.get("quote")
    return (query.Provenance.of(data) if data["relation"] in ARGUMENTATIVE else None), None, None
