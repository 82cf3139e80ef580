"""Where each entry sits in the graph view, computed once when the site is built, so the
browser draws the whole graph at once instead of simulating forces for seconds.

The layout is networkx's ForceAtlas2 (numpy) on the typed relations ([[links]] in text are
left out: they double most typed relations and would pull everything into one ball), with a
fixed seed, so the same knowledge base always gives the same picture.

>>> import networkx as nx
>>> pos = positions(nx.path_graph(["a", "b", "c"]))
>>> sorted(pos) == ["a", "b", "c"] and all(isinstance(v, int) for xy in pos.values() for v in xy)
True
"""
from __future__ import annotations

import math

import networkx as nx

from ..model import RELATIONS

__all__ = ["positions", "typed_graph", "relation_groups"]

SPACING = 46  # pixels from an entry to its nearest neighbour (the median)


def typed_graph(graph) -> nx.Graph:
    """The knowledge base's graph, undirected, with the typed relations only."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((s, t) for s, t, d in graph.edges(data=True) if d.get("relation") != "mentions" and s != t)
    return simple


def positions(simple: nx.Graph) -> dict[str, tuple[int, int]]:
    """``{node: (x, y)}`` in pixels, centred on 0, entries about ``SPACING`` apart."""
    if len(simple) == 0:
        return {}
    if len(simple) == 1:
        return {next(iter(simple)): (0, 0)}
    # Iterations: the layout costs n² per step; large bases get fewer steps (still settled enough
    # to read, the view re-lays a filtered graph anyway).
    steps = max(40, min(300, int(3_000_000 / len(simple) ** 2 * 10)))
    pos = nx.forceatlas2_layout(simple, max_iter=steps, seed=7, scaling_ratio=2.0, gravity=1.0,
                                node_size={n: 1 + math.sqrt(simple.degree(n)) for n in simple}, distributed_action=True)
    return _spread(pos)


def _spread(pos) -> dict[str, tuple[int, int]]:
    """The layout scaled so that an entry's nearest neighbour is ``SPACING`` px away (the
    median over entries), centred on 0, in whole pixels."""
    import numpy as np

    names = list(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    xy -= xy.mean(axis=0)
    sample = xy[:: max(1, len(xy) // 1000)]  # the median of a thousand is enough
    d = np.sqrt(((sample[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    d[d == 0] = np.inf
    nearest = float(np.median(d.min(axis=1))) if np.isfinite(d.min(axis=1)).any() else 1.0
    xy *= SPACING / max(nearest, 1e-9)
    return {n: (int(round(x)), int(round(y))) for n, (x, y) in zip(names, xy)}


def relation_groups(labels: dict[str, str], order: tuple[str, ...]) -> list[dict]:
    """How the neighbours of an entry are grouped, the most telling first: ``order`` names
    relations read outwards (``out``: this entry uses that one) or, by their inverse's name,
    inwards (``in``: used by); ``labels`` heads each group. A neighbour joined by several
    relations goes in the first group (as on entry pages)."""
    inverse = {r.inverse: r for r in RELATIONS.values() if not r.symmetric}
    groups = []
    for name in order:
        if name in RELATIONS:
            groups.append({"relation": name, "direction": "out", "label": labels.get(name, name)})
        elif name in inverse:
            groups.append({"relation": inverse[name].name, "direction": "in", "label": labels.get(name, name)})
    return groups
