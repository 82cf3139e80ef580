"""Where each entry sits in the graph view, computed once when the site is built, so the
browser draws the whole graph at once instead of simulating forces for seconds.

The layout is igraph's Fruchterman-Reingold (in C: a second for ten thousand entries, where
networkx's ForceAtlas2 in numpy took minutes and gigabytes) on the typed relations ([[links]] in
text are left out: they double most typed relations and would pull everything into one ball),
from fixed starting places with a fixed seed, so the same knowledge base always gives the same
picture.

>>> import networkx as nx
>>> pos = positions(nx.path_graph(["a", "b", "c"]))
>>> sorted(pos) == ["a", "b", "c"] and all(isinstance(v, int) for xy in pos.values() for v in xy)
True
"""
from __future__ import annotations

import math
import random

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
    # The layout depends only on the nodes (in order) and the edges: an edit that changes neither
    # (a summary, a definition) under `mkdocs serve` finds it here.
    key = (tuple(simple), frozenset((u, v) if u < v else (v, u) for u, v in simple.edges))
    if _last.get("key") != key:
        _last.clear()
        _last.update(key=key, positions=_layout(simple))
    return dict(_last["positions"])


_last: dict = {}  # the last layout computed, and its graph


def _layout(simple: nx.Graph) -> dict[str, tuple[int, int]]:
    # igraph's Fruchterman-Reingold, in C, with a grid for large graphs (each node pushed only by
    # those near it), from fixed starting places and its own seeded random numbers.
    import igraph

    names = list(simple)
    index = {n: i for i, n in enumerate(names)}
    graph = igraph.Graph(n=len(names), edges=[(index[u], index[v]) for u, v in simple.edges])
    rnd = random.Random(7)
    side = math.sqrt(len(names))
    start = [[rnd.uniform(-side, side), rnd.uniform(-side, side)] for _ in names]
    # Up to a thousand entries, every pair of nodes pushes each other (500 steps: 0.1 s for 400
    # nodes); beyond, the grid makes a step linear, and fewer steps settle it well enough.
    large = len(names) > 1000
    igraph.set_random_number_generator(rnd)
    try:
        layout = graph.layout_fruchterman_reingold(seed=start, niter=200 if large else 500, grid=large)
    finally:
        igraph.set_random_number_generator(random)
    return _spread(dict(zip(names, layout.coords)))


def _spread(pos) -> dict[str, tuple[int, int]]:
    """The layout scaled so that an entry's nearest neighbour is ``SPACING`` px away (the
    median over entries), centred on 0, in whole pixels."""
    import numpy as np

    names = list(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    xy -= xy.mean(axis=0)
    sample = xy[:: max(1, len(xy) // 250)]  # the median of a few hundred is enough
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
