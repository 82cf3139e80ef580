"""``kb-json/1``: the whole knowledge base as one JSON document that :func:`kb.load` reads back.

::

    {"format": "kb-json/1",
     "entries": [{"id": ..., "kind": ..., <every field>, "location": {"file", "line", "lines", "blocks"}}],
     "edges": [{"source": ..., "target": ..., "relation": ..., <every edge attribute>}]}

``location`` keeps where each value was written (``lines`` maps a dotted field path such as
``premises.0.note`` to its line), so a base loaded back reports problems and edges at the
lines of the original files. ``edges`` is for readers; loading rebuilds the edges from the entries.
"""
from __future__ import annotations

import json

from ..jsonload import FORMAT, dotted
from .records import entry_fields, relative_file, sorted_edges

__all__ = ["to_json", "entry_record", "FORMAT"]


def entry_record(base, entry) -> dict:
    """One entry: id, kind, every field, and where it was written."""
    location = {"file": relative_file(base, entry), "line": entry.line,
                "lines": {dotted(path): line for path, line in entry._lines.items()},
                "blocks": {dotted(path): line for path, line in entry._blocks.items()}}
    return {"id": entry.id, "kind": entry.kind, **entry_fields(entry), "location": location}


def to_json(base) -> str:
    """The knowledge base as ``kb-json/1`` text: every entry with every field, every edge.

    >>> import json, kb
    >>> data = json.loads(to_json(kb.load()))
    >>> data["format"], data["entries"][0]["kind"] in kb.KINDS
    ('kb-json/1', True)
    """
    edges = [{"source": source, "target": target, **data} for source, target, data in sorted_edges(base.graph)]
    document = {"format": FORMAT, "entries": [entry_record(base, e) for e in base.entries()], "edges": edges}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
