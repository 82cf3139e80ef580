"""What every export is made of: entries as plain records, nodes and edges as flat tables.

Built generically from the models and the graph (``model_dump`` of every entry, every attribute
of every node and edge), so a field added to a model or to :func:`kb.graph.build_graph` reaches
every format without more code.
"""
from __future__ import annotations

from pathlib import Path

from ..model import RELATIONS

__all__ = ["base_folder", "relative_file", "entry_fields", "node_rows", "edge_rows", "columns", "cell_text",
           "sorted_edges"]

_NODE_FIRST = ("id", "label", "kind", "name", "summary", "status")
_EDGE_FIRST = ("source", "target", "relation", "label", "sense", "note")
_LAST = ("file", "line")


def base_folder(base) -> Path:
    """The folder entry files are relative to: the knowledge base folder, or the folder of the
    JSON file it was loaded from."""
    root = Path(base.root).resolve()
    return root.parent if root.is_file() else root


def relative_file(base, entry) -> str:
    """The entry's file relative to the knowledge base folder, with forward slashes."""
    path = Path(entry._path or entry.file)
    try:
        return path.resolve().relative_to(base_folder(base)).as_posix()
    except ValueError:  # an entry made in Python, not loaded from a file under the folder
        return path.as_posix()


def entry_fields(entry) -> dict:
    """Every field of the entry (by its name in the files), as JSON data.

    Nested records drop their empty optional parts (``{to: x}``, not ``{to: x, note: null}``);
    top-level fields are all present, so every record of a kind has the same keys.
    """
    data = entry.model_dump(by_alias=True, mode="json")
    return {key: _drop_none(value) for key, value in data.items()}


def _drop_none(value):
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def cell_text(value, separator: str) -> str:
    """A table cell as text: none empty, booleans ``true``/``false``, lists joined by ``separator``.

    >>> cell_text(("a", "b"), ";"), cell_text(True, ";"), cell_text(None, ";")
    ('a;b', 'true', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return separator.join(str(v) for v in value)
    return str(value)


def _scalar(value):
    """A value as a table cell: scalars stay, lists of scalars become tuples, the rest None."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value, True
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float, bool)) for v in value):
        return tuple(value), True
    return None, False


def node_rows(base) -> list[dict]:
    """One row per entry, sorted by id: ``id``, ``label`` (its name), every scalar field of the
    entry and every attribute of its graph node (lists as tuples), ``file`` relative to the base.

    Relation fields are left out (they are the edges), and so is any field that holds records
    (citations, senses) in some entry: the JSON export has those.
    """
    rows, nested = [], set()
    for entry in base.entries():
        values = {k: v for k, v in entry_fields(entry).items() if k not in RELATIONS}
        values.update(base.graph.nodes[entry.id])
        row = {"id": entry.id, "label": entry.name, "kind": entry.kind}
        for key, value in values.items():
            cell, ok = _scalar(value)
            if ok:
                row.setdefault(key, cell)
            else:
                nested.add(key)
        row["file"] = relative_file(base, entry)
        rows.append(row)
    return [{k: v for k, v in row.items() if k not in nested} for row in rows]


def sorted_edges(graph):
    """Every edge ``(source, target, data)``, sources in id order, each source's edges in the
    order the entry makes them: the same whatever order the files were read in."""
    for source in sorted(graph):
        for _source, target, data in graph.out_edges(source, data=True):
            yield source, target, data


def edge_rows(base) -> list[dict]:
    """One row per edge: ``source``, ``target``, ``relation``, ``label`` (the relation) and every
    attribute of the edge (lists as tuples), ``file`` being the source entry's."""
    rows = []
    for source, target, data in sorted_edges(base.graph):
        row = {"source": source, "target": target, "relation": data["relation"], "label": data["relation"]}
        for key, value in data.items():
            cell, ok = _scalar(value)
            if ok:
                row.setdefault(key, cell)
        row["file"] = relative_file(base, base[source])
        row["line"] = row.pop("line", None)
        rows.append(row)
    return rows


def columns(rows: list[dict], first: tuple[str, ...] | None = None) -> list[str]:
    """Every key of any row: the usual ones first, ``file`` and ``line`` last, the rest sorted."""
    if first is None:
        first = _NODE_FIRST if rows and "source" not in rows[0] else _EDGE_FIRST
    keys = {k for row in rows for k in row}
    middle = sorted(keys - set(first) - set(_LAST))
    return [k for k in first if k in keys] + middle + [k for k in _LAST if k in keys]
