"""Annotated knowledge bases and argument maps: YAML entries -> typed entries -> a graph ->
checks, queries, exports and a static site.

``kb.load()`` loads the current project's knowledge base (see :mod:`kb.project`).

>>> import kb
>>> base = kb.load()
>>> base["mesa-optimizer"].name
'mesa-optimizer'
"""
from .base import KnowledgeBase, Related, load
from .model import KINDS, RELATIONS, Entry
from .problems import LIMITS, RULES, Problem


def __getattr__(name: str):
    if name == "__version__":  # read from the distribution's metadata when first asked for
        from ._version import __version__

        return __version__
    raise AttributeError(f"module 'kb' has no attribute {name!r}")


__all__ = ["__version__", "load", "KnowledgeBase", "Related", "Problem", "Entry", "KINDS", "RELATIONS", "RULES", "LIMITS"]
