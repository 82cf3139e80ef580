"""An annotated knowledge base of the ideas around learned optimization in AI.

>>> import kb
>>> base = kb.load()
>>> base["mesa-optimizer"].name
'mesa-optimizer'
"""
from .base import KnowledgeBase, Related, load
from .model import KINDS, RELATIONS, Entry
from .problems import LIMITS, RULES, Problem

__all__ = ["load", "KnowledgeBase", "Related", "Problem", "Entry", "KINDS", "RELATIONS", "RULES", "LIMITS"]
