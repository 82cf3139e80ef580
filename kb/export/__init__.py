"""Exports: one module per format, each a pure function of a knowledge base returning text.

===========  ==================================================  ===========================
format       for                                                 function
===========  ==================================================  ===========================
json         ``kb.load("kb.json")``, jq, any program             :func:`to_json`
graphml      Gephi, yEd, Cytoscape, networkx                     :func:`to_graphml`
csv          spreadsheets, pandas, a graph database's importer   :func:`to_csv` (two files)
dot          Graphviz, whole or around one entry                 :func:`to_dot`
skos         RDF tools: SKOS terms, AIF arguments, in Turtle     :func:`to_skos`
skos-jsonld  the same RDF graph in JSON-LD                       :func:`to_skos_jsonld`
===========  ==================================================  ===========================

Built from ``model_dump`` of the entries and the attributes of the graph (:mod:`.records`), so a
field added to a model or to the graph reaches every format.
"""
from __future__ import annotations

import os
from pathlib import Path

from .csvtables import to_csv
from .dot import to_dot
from .graphml import to_graphml
from .kbjson import to_json

__all__ = ["to_json", "to_graphml", "to_csv", "to_dot", "to_skos", "to_skos_jsonld", "FORMATS",
           "export", "write", "NotOurs"]


def to_skos(base, base_uri=None) -> str:
    from .skos import DEFAULT_BASE, to_skos as turtle  # rdflib is imported only when asked for

    return turtle(base, base_uri or DEFAULT_BASE)


def to_skos_jsonld(base, base_uri=None) -> str:
    from .skos import DEFAULT_BASE, to_skos_jsonld as jsonld

    return jsonld(base, base_uri or DEFAULT_BASE)


to_skos.__doc__ = "Terms as SKOS, claims and arguments as AIF, in Turtle (see :mod:`kb.export.skos`)."
to_skos_jsonld.__doc__ = "The same RDF graph as :func:`to_skos`, in JSON-LD."

FORMATS = {"json": to_json, "graphml": to_graphml, "csv": to_csv, "dot": to_dot,
           "skos": to_skos, "skos-jsonld": to_skos_jsonld}
_OPTIONS = {"dot": ("around", "depth"), "skos": ("base_uri",), "skos-jsonld": ("base_uri",)}


def export(base, format: str, **options) -> str | dict[str, str]:
    """One format's output: its text, or for ``csv`` a mapping of file name to text.

    Options a format does not take are ignored when None (so a command line can pass them all).
    """
    wanted = {k: v for k, v in options.items() if v is not None}
    unknown = set(wanted) - set(_OPTIONS.get(format, ()))
    if unknown:
        raise ValueError(f"the {format} export takes no option {', '.join(sorted(unknown))}")
    return FORMATS[format](base, **wanted)


class NotOurs(ValueError):
    """The output path holds something an export did not write: it is left as it is."""


def write(output: str | dict[str, str], out: Path) -> list[Path]:
    """Write one export: text into the file ``out``, several files into the folder ``out``
    (made if missing; only the export's own file names are written).

    An existing file is replaced only if it is an earlier export of the same kind: it begins
    with the same two lines as the new one. Anything else (an entry, a README, a symbolic link)
    raises :class:`NotOurs` before anything is written. Each file is written whole, then renamed
    into place, so an interrupted export leaves the earlier one intact.
    """
    files = {out: output} if isinstance(output, str) else {out / name: text for name, text in output.items()}
    if not isinstance(output, str):
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            raise NotOurs(f"'{out}' is not a folder (the {len(files)} files of this export go into a folder)")
    for path, text in files.items():
        _check_ours(path, text)
    if not isinstance(output, str):
        out.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        partial = path.with_name(f".{path.name}.kb-partial")
        try:
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return list(files)


def _check_ours(path: Path, text: str) -> None:
    if path.is_symlink():
        raise NotOurs(f"'{path}' is a symbolic link; kb export writes only a file of its own")
    if not path.exists():
        return
    if path.is_dir():
        raise NotOurs(f"'{path}' is a folder; give this export a file name")
    if not path.is_file():
        raise NotOurs(f"'{path}' exists and is not a regular file")
    head = text.splitlines(keepends=True)[:2]
    try:
        with path.open(encoding="utf-8", newline="") as existing:
            old = [existing.readline() for _ in head]
    except (UnicodeDecodeError, OSError):
        old = None
    if old != head:
        raise NotOurs(f"'{path}' exists and is not an earlier export of this format, so it is left as it is. "
                      "Give a new file name, or delete the file first")
