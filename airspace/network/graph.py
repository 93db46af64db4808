"""Routing graph over fixes and airway segments: cached per-level graphs and compiled A*.

Each segment is an edge in both directions, or only from ``from_node`` to ``to_node`` when it is
one-way (X-Plane 11/12 and ARINC 424 data give directions; the bundled 2013 data does not),
weighted by its geodesic length in metres.  Parallel edges (one fix pair on several airways or
level bands) are all kept: the search relaxes each and the shortest allowed one wins.

A cruise level keeps the segments whose band contains it; the graph of each level is built
once and cached (levels that keep the same segments share one).  A query never copies the
graph's structure: closed segments become infinite weights in its own weight array, and one
virtual source node joins the origin candidates (an airport's nearby fixes) with their costs.

The search is A* run by ``scipy.sparse.csgraph.dijkstra``: Dijkstra on the reduced weights
``w(u, v) - h(u) + h(v)`` explores the nodes in the order A* would, where ``h`` is an admissible
and consistent bound of the geodesic distance to the destination (``MIN_RADIUS_M`` times the
angle between the ellipsoid normals).  scipy has no early stop at a target, so the search runs
with a bound on the path length, ``limit``: it explores only nodes with ``g + h <= limit`` (what
A* explores for a path of that length) and finds the exact shortest path whenever one fits;
the caller widens the bound in a few steps when none does.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from airspace.geo import FloatArray

IntArray = npt.NDArray[np.intp]
Int32Array = npt.NDArray[np.int32]
BoolArray = npt.NDArray[np.bool_]

MIN_WEIGHT_M: Final = 1e-3
"""Added to every weight: a zero-length link must still count as an edge."""
MIN_RADIUS_M: Final = 6_335_439.0
"""Smallest radius of curvature of WGS84 (meridional, at the equator): a(1 - e^2)."""
BOUND_SLACK: Final = 1.0 - 1e-7
"""The distance bound is scaled down by this, so rounding never makes it exceed the truth."""
MAX_LEVEL_GRAPHS: Final = 8
"""Per-level graphs kept in memory (least recently used dropped first; ~5 MB each worldwide)."""


@dataclass(frozen=True, slots=True)
class GraphPath:
    """Result of a search: graph nodes in order, the segment index of each edge, total metres.

    ``nodes[0]`` is the chosen origin candidate and ``nodes[-1]`` the destination candidate.
    """

    nodes: tuple[int, ...]
    segments: tuple[int, ...]
    total_m: float


@dataclass(frozen=True, slots=True, eq=False)
class _LevelGraph:
    """The edges usable at one level, sorted by ``(u, v, weight)``, and CSR rows of their node
    pairs (parallel edges collapsed to the shortest).

    Pair ``p`` (``u[p] -> v[p]``, ``weight_m[p]``) stands for the edges
    ``group[p]:group[p + 1]``, shortest first (``edge_weight_m``, ``edge_seg``); weights include
    ``MIN_WEIGHT_M``.  ``local[e]`` is the level edge of the graph's edge ``e`` (-1: not usable
    at this level) and ``pair_of`` the pair of each level edge.  ``u`` and ``v`` are ``intp``
    (fastest for ``take``), ``columns`` is ``v`` as scipy's sparse matrices store it.
    """

    indptr: Int32Array
    u: IntArray
    v: IntArray
    columns: Int32Array
    weight_m: FloatArray
    group: IntArray
    edge_weight_m: FloatArray
    edge_seg: Int32Array
    pair_of: IntArray
    local: Int32Array

    def open_pairs(self, closed_edges: IntArray) -> tuple[IntArray, FloatArray]:
        """Pairs that lose an edge, with the weight of their shortest open edge (or ``inf``)."""
        pairs = np.unique(self.pair_of[closed_edges])
        first, count = self.group[pairs], self.group[pairs + 1] - self.group[pairs]
        starts = np.cumsum(count) - count
        edges = np.repeat(first - starts, count) + np.arange(count.sum())
        shut = np.isin(edges, closed_edges)
        weight = np.where(shut, np.inf, self.edge_weight_m[edges])
        best: FloatArray = np.minimum.reduceat(weight, starts) if len(pairs) else weight
        return pairs, best

    def open_edge(self, a: int, b: int, closed_edges: set[int]) -> int:
        """The shortest open level edge from node ``a`` to node ``b``."""
        pair = next(p for p in range(self.indptr[a], self.indptr[a + 1]) if self.v[p] == b)
        return next(
            e for e in range(self.group[pair], self.group[pair + 1]) if e not in closed_edges
        )


@dataclass(frozen=True, eq=False)
class RoutingGraph:
    """Directed edge arrays sorted by ``(u, v, weight)``; ``seg`` maps an edge to its segment.

    ``lower_ft`` / ``upper_ft`` are the level band of every segment (for ``level_ft``);
    ``seg_edges[seg_ptr[i]:seg_ptr[i + 1]]`` are the edges of segment ``i``.
    """

    n_nodes: int
    xyz: FloatArray
    u: IntArray
    v: IntArray
    weight_m: FloatArray
    seg: IntArray
    lower_ft: FloatArray
    upper_ft: FloatArray
    seg_edges: IntArray
    seg_ptr: IntArray
    _levels: OrderedDict[tuple[int, int], _LevelGraph] = field(
        default_factory=OrderedDict, init=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def build(
        cls,
        from_node: IntArray,
        to_node: IntArray,
        length_m: FloatArray,
        xyz: FloatArray,
        one_way: BoolArray | None = None,
        band_ft: tuple[FloatArray, FloatArray] | None = None,
    ) -> RoutingGraph:
        """Graph with both directions of every segment ``i`` (``from_node[i]``, ``to_node[i]``),
        except one-way segments (``one_way[i]``), which get the forward edge only.

        ``xyz`` holds the unit normal (from geodetic lat/lon) of every node, for the distance
        bound; ``band_ft`` the (lower, upper) feet of every segment (default: all levels).
        """
        seg = np.arange(len(from_node), dtype=np.intp)
        back = seg if one_way is None else seg[~np.asarray(one_way, dtype=bool)]
        u = np.concatenate([from_node, to_node[back]]).astype(np.intp)
        v = np.concatenate([to_node, from_node[back]]).astype(np.intp)
        w = np.concatenate([length_m, length_m[back]]).astype(np.float64)
        s = np.concatenate([seg, back])
        order = np.lexsort((w, v, u))
        if band_ft is None:
            band_ft = (np.zeros(len(seg)), np.full(len(seg), np.inf))
        lower, upper = (np.asarray(b, dtype=np.float64) for b in band_ft)
        s = s[order]
        ptr = np.zeros(len(seg) + 1, dtype=np.intp)
        np.cumsum(np.bincount(s, minlength=len(seg)), out=ptr[1:])
        return cls(len(xyz), xyz, u[order], v[order], w[order], s, lower, upper,
                   np.argsort(s, kind="stable"), ptr)  # fmt: skip

    def _level_key(self, level_ft: float | None) -> tuple[int, int]:
        """Levels with equal keys keep the same segments (positions among band limits)."""
        if level_ft is None:
            return (-1, -1)
        lows, highs = self._band_values
        return (
            int(np.searchsorted(lows, level_ft, side="right")),
            int(np.searchsorted(highs, level_ft, side="left")),
        )

    @cached_property
    def _band_values(self) -> tuple[FloatArray, FloatArray]:
        return np.unique(self.lower_ft), np.unique(self.upper_ft)

    def level(self, level_ft: float | None) -> _LevelGraph:
        """The graph of the segments whose band contains ``level_ft`` (all when ``None``)."""
        key = self._level_key(level_ft)
        with self._lock:
            found = self._levels.get(key)
            if found is not None:
                self._levels.move_to_end(key)
                return found
        if level_ft is None:
            keep = np.ones(len(self.u), dtype=bool)
        else:
            ok = (self.lower_ft <= level_ft) & (self.upper_ft >= level_ft)
            keep = ok[self.seg]
        idx = np.flatnonzero(keep)
        local = np.full(len(self.u), -1, dtype=np.int32)
        local[idx] = np.arange(len(idx), dtype=np.int32)
        u, v = self.u[idx], self.v[idx]
        starts = np.flatnonzero(np.r_[True, (u[1:] != u[:-1]) | (v[1:] != v[:-1])])
        pair_u, pair_v = u[starts], v[starts]
        indptr = np.zeros(self.n_nodes + 1, dtype=np.int32)
        np.cumsum(np.bincount(pair_u, minlength=self.n_nodes), out=indptr[1:])
        edge_weight = self.weight_m[idx] + MIN_WEIGHT_M
        graph = _LevelGraph(
            indptr=indptr,
            u=pair_u,
            v=pair_v,
            columns=pair_v.astype(np.int32),
            weight_m=edge_weight[starts],
            group=np.append(starts, len(idx)),
            edge_weight_m=edge_weight,
            edge_seg=self.seg[idx].astype(np.int32),
            pair_of=np.cumsum(np.r_[False, (u[1:] != u[:-1]) | (v[1:] != v[:-1])]),
            local=local,
        )
        with self._lock:
            self._levels[key] = graph
            while len(self._levels) > MAX_LEVEL_GRAPHS:
                self._levels.popitem(last=False)
        return graph

    def bound_m(self, goal_xyz: FloatArray) -> FloatArray:
        """Lower bound of the geodesic distance (m) from every node to the point ``goal_xyz``."""
        angle = np.arccos(np.clip(self.xyz @ goal_xyz, -1.0, 1.0))
        bound: FloatArray = angle * (MIN_RADIUS_M * BOUND_SLACK)
        return bound

    def shortest(
        self,
        sources: IntArray,
        source_cost_m: FloatArray,
        targets: IntArray,
        target_cost_m: FloatArray,
        *,
        level_ft: float | None = None,
        closed: IntArray | None = None,
        goal_xyz: FloatArray | None = None,
        limits_m: Sequence[float] = (np.inf,),
    ) -> GraphPath | None:
        """Shortest path from any source to any target; costs are added at either end.

        ``level_ft`` keeps the segments whose band contains it; ``closed`` (segment indices)
        removes segments.  ``goal_xyz`` (unit normal of the point the target costs lead to)
        directs the search: the target costs must be geodesic distances to that point (or
        more).  ``limits_m`` are increasing bounds on the path length tried in turn (the last
        usually ``inf``): a path is returned by the first search whose bound it fits.
        """
        if len(sources) == 0 or len(targets) == 0:
            return None
        graph = self.level(level_ft)
        n = self.n_nodes
        h = np.zeros(n) if goal_xyz is None else self.bound_m(goal_xyz)
        start_cost = np.asarray(source_cost_m, dtype=np.float64) + MIN_WEIGHT_M
        h_start = float(np.min(start_cost + h[sources]))
        k = len(graph.v)
        weight = np.empty(k + len(sources))
        np.subtract(graph.weight_m, h.take(graph.u), out=weight[:k])
        weight[:k] += h.take(graph.v)
        weight[k:] = start_cost + h[sources] - h_start
        closed_edges = self._closed_edges(graph, closed)
        if len(closed_edges):
            pairs, raw = graph.open_pairs(closed_edges)
            weight[pairs] = raw - h.take(graph.u[pairs]) + h.take(graph.v[pairs])
        weight[weight < 0.0] = 0.0  # rounding only: the bound is consistent
        matrix = csr_matrix(
            (
                weight,
                np.concatenate([graph.columns, sources.astype(np.int32)]),
                np.append(graph.indptr, np.int32(k + len(sources))),
            ),
            shape=(n + 1, n + 1),
        )
        end_cost = np.asarray(target_cost_m, dtype=np.float64)
        for limit in limits_m:
            if limit < h_start:
                continue
            reduced, pred = dijkstra(
                matrix, directed=True, indices=n, return_predecessors=True, limit=limit - h_start
            )
            totals = reduced[targets] - h[targets] + h_start + end_cost
            best = int(np.argmin(totals))
            if np.isfinite(totals[best]) and totals[best] <= limit:
                origins = (sources, np.asarray(source_cost_m, dtype=np.float64))
                end_m = float(end_cost[best])
                return self._path(graph, closed_edges, pred, int(targets[best]), origins, end_m)
        return None

    def _closed_edges(self, graph: _LevelGraph, closed: IntArray | None) -> IntArray:
        """Level edges of the closed segments."""
        if closed is None or len(closed) == 0:
            return np.zeros(0, dtype=np.intp)
        closed = np.asarray(closed, dtype=np.intp)
        ptr = self.seg_ptr
        counts = ptr[closed + 1] - ptr[closed]
        firsts = np.repeat(ptr[closed] - np.cumsum(counts) + counts, counts)
        rows = graph.local[self.seg_edges[firsts + np.arange(counts.sum())]]
        found: IntArray = rows[rows >= 0].astype(np.intp)
        return found

    def _path(
        self,
        graph: _LevelGraph,
        closed_edges: IntArray,
        pred: IntArray,
        target: int,
        starts: tuple[IntArray, FloatArray],
        end_m: float,
    ) -> GraphPath:
        """Walk the predecessors back from ``target``; each step on its shortest open edge."""
        n = self.n_nodes
        nodes = [target]
        while True:
            prev = int(pred[nodes[-1]])
            if prev == n or prev < 0:
                break
            nodes.append(prev)
        nodes.reverse()
        shut = set(closed_edges.tolist())
        edges = [graph.open_edge(a, b, shut) for a, b in pairwise(nodes)]
        start_m = float(starts[1][int(np.flatnonzero(starts[0] == nodes[0])[0])])
        legs_m = float(graph.edge_weight_m[edges].sum()) - MIN_WEIGHT_M * len(edges)
        total = start_m + end_m + legs_m
        return GraphPath(tuple(nodes), tuple(int(graph.edge_seg[e]) for e in edges), total)
