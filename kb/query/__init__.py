"""The questions researchers ask of the graph: who argues what, on what grounds, where the
sources disagree, how two ideas connect and what to read first.

Each query is a pure function of a knowledge base (:class:`kb.KnowledgeBase` offers them as
methods) returning small frozen results: hashable, ordered, with short reprs, ``str()`` for a
terminal, ``_repr_html_`` for a notebook and ``as_dict()`` for JSON.
"""
from __future__ import annotations

from .connections import Neighborhood, Path, links, neighborhood, path
from .debate import ArgumentTree, Crux, Disagreement, TreeNode, argument_tree, cruxes, dependents, disagreements
from .reading import Citing, OpenPrediction, SenseUse, cited_for, open_predictions, reading_order, sense_uses
from .results import MINOR_RELATIONS, Edge, Provenance, Result

__all__ = [
    "Result", "Provenance", "Edge", "Path", "Neighborhood", "TreeNode", "ArgumentTree", "Crux", "Disagreement",
    "Citing", "SenseUse", "OpenPrediction", "MINOR_RELATIONS",
    "links", "neighborhood", "path", "argument_tree", "dependents", "cruxes", "disagreements",
    "reading_order", "cited_for", "sense_uses", "open_predictions",
]
