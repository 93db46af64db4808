"""Routing graph over fixes and airway segments: compressed sparse rows and compiled Dijkstra.

Each segment is an edge in both directions, or only from ``from_node`` to ``to_node`` when it is
one-way (X-Plane 11/12 and ARINC 424 data give directions; the bundled 2013 data does not),
weighted by its geodesic length in metres.  Parallel edges (one fix pair on several airways or
level bands) are collapsed per query to the shortest one still allowed.  A query adds one
virtual source node linked to the origin candidates (an airport's nearby fixes) and runs
``scipy.sparse.csgraph.dijkstra`` from it on the nodes of an ellipse round origin and
destination (what A* with a great-circle heuristic explores), with a matching distance limit;
the caller widens the ellipse when no path fits in it.  A path no longer than the limit cannot
leave the ellipse, so results are exact shortest paths either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from airspace.geo import FloatArray

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

MIN_WEIGHT_M: Final = 1e-3
"""Added to every weight: a zero-length link must still count as an edge."""
MIN_RADIUS_M: Final = 6_335_439.0
"""Smallest radius of curvature of WGS84 (meridional, at the equator): a(1 - e^2)."""
CORRIDOR_MARGIN_M: Final = 1000.0
"""Slack for rounding in the corridor test (it must never exclude a node it should keep)."""


@dataclass(frozen=True, slots=True)
class GraphPath:
    """Result of a search: graph nodes in order, the segment index of each edge, total metres.

    ``nodes[0]`` is the chosen origin candidate and ``nodes[-1]`` the destination candidate.
    """

    nodes: tuple[int, ...]
    segments: tuple[int, ...]
    total_m: float


@dataclass(frozen=True, slots=True)
class _Edges:
    """CSR rows of the allowed edges: ``key = u * n + v`` (sorted), weights include the epsilon."""

    key: npt.NDArray[np.int64]
    u: IntArray
    v: IntArray
    weight_m: FloatArray
    seg: IntArray
    indptr: IntArray


@dataclass(frozen=True, eq=False)
class RoutingGraph:
    """Directed edge arrays sorted by ``(u, v, weight)``; ``seg`` maps an edge to its segment."""

    n_nodes: int
    xyz: FloatArray
    u: IntArray
    v: IntArray
    weight_m: FloatArray
    seg: IntArray
    _plain: _Edges | None = field(default=None, init=False, repr=False)

    @classmethod
    def build(
        cls,
        from_node: IntArray,
        to_node: IntArray,
        length_m: FloatArray,
        xyz: FloatArray,
        one_way: BoolArray | None = None,
    ) -> RoutingGraph:
        """Graph with both directions of every segment ``i`` (``from_node[i]``, ``to_node[i]``),
        except one-way segments (``one_way[i]``), which get the forward edge only.

        ``xyz`` holds the unit normal (from geodetic lat/lon) of every node, for corridors.
        """
        seg = np.arange(len(from_node), dtype=np.intp)
        back = seg if one_way is None else seg[~np.asarray(one_way, dtype=bool)]
        u = np.concatenate([from_node, to_node[back]]).astype(np.intp)
        v = np.concatenate([to_node, from_node[back]]).astype(np.intp)
        w = np.concatenate([length_m, length_m[back]]).astype(np.float64)
        s = np.concatenate([seg, back])
        order = np.lexsort((w, v, u))
        return cls(len(xyz), xyz, u[order], v[order], w[order], s[order])

    @cached_property
    def _tree(self) -> cKDTree:
        return cKDTree(self.xyz)

    def corridor(self, a_xyz: FloatArray, b_xyz: FloatArray, max_m: float) -> IntArray:
        """Sorted ids of the nodes x with lower_bound(a, x) + lower_bound(x, b) <= ``max_m``.

        The lower bound of a WGS84 geodesic is ``MIN_RADIUS_M`` times the angle between the
        end normals: along any surface curve the normal turns by at most ``ds / MIN_RADIUS_M``.
        Candidates come from a k-d tree ball round the midpoint that contains the ellipse.
        """
        limit = (max_m + CORRIDOR_MARGIN_M) / MIN_RADIUS_M  # as an angle
        gap = float(np.arccos(np.clip(a_xyz @ b_xyz, -1.0, 1.0)))
        radius = (gap + limit) / 2.0  # triangle inequality from the midpoint
        mid = a_xyz + b_xyz
        if radius >= np.pi / 2 or np.linalg.norm(mid) < 1e-6:
            cand = np.arange(self.n_nodes, dtype=np.intp)
        else:
            chord = 2.0 * np.sin(radius / 2.0) + 1e-9
            found = self._tree.query_ball_point(mid / np.linalg.norm(mid), chord)
            cand = np.sort(np.asarray(found, dtype=np.intp))
        xyz = self.xyz[cand]
        ang = np.arccos(np.clip(xyz @ a_xyz, -1, 1)) + np.arccos(np.clip(xyz @ b_xyz, -1, 1))
        inside: IntArray = cand[ang <= limit]
        return inside

    def _edges(self, allowed: BoolArray | None) -> _Edges:
        """Allowed edges, parallel edges collapsed to the shortest (cached when unfiltered)."""
        if allowed is None and self._plain is not None:
            return self._plain
        keep = np.ones(len(self.u), dtype=bool) if allowed is None else allowed[self.seg]
        u, v, w, s = self.u[keep], self.v[keep], self.weight_m[keep], self.seg[keep]
        first = np.ones(len(u), dtype=bool)
        first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        u, v, w, s = u[first], v[first], w[first], s[first]
        indptr = np.zeros(self.n_nodes + 1, dtype=np.intp)
        np.cumsum(np.bincount(u, minlength=self.n_nodes), out=indptr[1:])
        edges = _Edges(u.astype(np.int64) * self.n_nodes + v, u, v, w + MIN_WEIGHT_M, s, indptr)
        if allowed is None:
            object.__setattr__(self, "_plain", edges)
        return edges

    def shortest(
        self,
        sources: IntArray,
        source_cost_m: FloatArray,
        targets: IntArray,
        target_cost_m: FloatArray,
        *,
        allowed: BoolArray | None = None,
        limit_m: float = np.inf,
        corridor: IntArray | None = None,
    ) -> GraphPath | None:
        """Shortest path from any source to any target; costs are added at either end.

        ``allowed`` (one flag per segment) removes segments; ``limit_m`` bounds the search (a
        path longer than the limit is not found: the caller retries without it); ``corridor``
        (sorted node ids) keeps only those nodes: pass the nodes that can lie on a path no
        longer than ``limit_m`` (an ellipse, as A* with a great-circle bound would explore).
        """
        if len(sources) == 0 or len(targets) == 0:
            return None
        edges = self._edges(allowed)
        n = self.n_nodes
        if corridor is None:
            ids = None
            v, w, indptr = edges.v, edges.weight_m, edges.indptr
        else:  # compact subgraph over the corridor's nodes, renumbered 0..k-1
            ids = corridor
            local = np.full(n, -1, dtype=np.intp)
            local[ids] = np.arange(len(ids))
            first, last = edges.indptr[ids], edges.indptr[ids + 1]
            counts = last - first
            idx = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
            v = local[edges.v[idx]]
            keep = v >= 0
            v, w = v[keep], edges.weight_m[idx][keep]
            rows = np.repeat(np.arange(len(ids)), counts)[keep]
            indptr = np.zeros(len(ids) + 1, dtype=np.intp)
            np.cumsum(np.bincount(rows, minlength=len(ids)), out=indptr[1:])
            sources, targets = local[sources], local[targets]
            source_cost_m = np.asarray(source_cost_m)[sources >= 0]
            target_cost_m = np.asarray(target_cost_m)[targets >= 0]
            sources, targets = sources[sources >= 0], targets[targets >= 0]
            if len(sources) == 0 or len(targets) == 0:
                return None
        k = len(indptr) - 1
        indptr = np.append(indptr, indptr[-1] + len(sources))
        graph = csr_matrix(
            (
                np.concatenate([w, np.asarray(source_cost_m) + MIN_WEIGHT_M]),
                np.concatenate([v, sources]),
                indptr,
            ),
            shape=(k + 1, k + 1),
        )
        dist, pred = dijkstra(
            graph, directed=True, indices=k, return_predecessors=True, limit=limit_m
        )
        totals = dist[targets] + np.asarray(target_cost_m)
        best = int(np.argmin(totals))
        total = float(totals[best])
        if not np.isfinite(total) or total > limit_m:
            return None
        nodes = [int(targets[best])]
        while True:
            prev = int(pred[nodes[-1]])
            if prev == k or prev < 0:
                break
            nodes.append(prev)
        nodes.reverse()
        path_nodes = np.asarray(nodes, dtype=np.intp)
        if ids is not None:
            path_nodes = ids[path_nodes]
            nodes = [int(x) for x in path_nodes]
        wanted = path_nodes[:-1].astype(np.int64) * n + path_nodes[1:]
        edge = np.searchsorted(edges.key, wanted)
        return GraphPath(tuple(nodes), tuple(int(i) for i in edges.seg[edge]), total)
