"""Two CSV tables, ``nodes.csv`` and ``edges.csv``, for spreadsheets, pandas and graph databases.

The header follows the bulk-import format of Neo4j's ``neo4j-admin database import`` (also read by
Memgraph's CSV importer): ``id:ID`` and ``:LABEL`` for nodes, ``:START_ID``, ``:END_ID`` and
``:TYPE`` for edges, a type after the colon where a column is not text (``line:int``,
``aliases:string[]``). Lists are joined with ``;`` (the importers' default array delimiter); a
value that is absent is an empty cell. Texts keep their line breaks (``--multiline-fields=true``).
"""
from __future__ import annotations

import csv
import io

from .records import cell_text, columns, edge_rows, node_rows

__all__ = ["to_csv", "ARRAY_DELIMITER"]

ARRAY_DELIMITER = ";"
_SPECIAL = {"id": "id:ID", "source": ":START_ID", "target": ":END_ID"}


def _header(name: str, rows: list[dict]) -> str:
    if name in _SPECIAL:
        return _SPECIAL[name]
    values = [row.get(name) for row in rows if row.get(name) is not None]
    if any(isinstance(v, tuple) for v in values):
        return f"{name}:string[]"
    if values and all(isinstance(v, bool) for v in values):
        return f"{name}:boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return f"{name}:int"
    return name


def _cell(value) -> str:
    return cell_text(value, ARRAY_DELIMITER)


def _table(rows: list[dict], extra: tuple[str, str]) -> str:
    names = columns(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    head = [_header(n, rows) for n in names]
    at = 1 if extra[0] == ":LABEL" else 2  # after the id, or after start and end
    writer.writerow(head[:at] + [extra[0]] + head[at:])
    for row in rows:
        cells = [_cell(row.get(n)) for n in names]
        writer.writerow(cells[:at] + [extra[1](row)] + cells[at:])
    return out.getvalue()


def to_csv(base) -> dict[str, str]:
    """``{"nodes.csv": text, "edges.csv": text}``.

    >>> import csv, io, kb
    >>> tables = to_csv(kb.load())
    >>> next(csv.reader(io.StringIO(tables["edges.csv"])))[:3]
    [':START_ID', ':END_ID', ':TYPE']
    """
    nodes = _table(node_rows(base), (":LABEL", lambda row: f"Entry;{row['kind'].capitalize()}"))
    edges = _table(edge_rows(base), (":TYPE", lambda row: row["relation"].upper()))
    return {"nodes.csv": nodes, "edges.csv": edges}
