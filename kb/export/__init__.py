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

from pathlib import Path

from .csvtables import to_csv
from .dot import to_dot
from .graphml import to_graphml
from .kbjson import to_json

__all__ = ["to_json", "to_graphml", "to_csv", "to_dot", "to_skos", "to_skos_jsonld", "FORMATS",
           "export", "write"]


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


def write(output: str | dict[str, str], out: Path) -> list[Path]:
    """Write one export: text into the file ``out``, several files into the folder ``out``
    (made if missing; only the export's own file names are written)."""
    if isinstance(output, str):
        out.write_text(output, encoding="utf-8")
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in output.items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written
