"""Routing graph over fixes and airway segments: compressed sparse rows and compiled Dijkstra.

Each segment is an edge in both directions (the source data gives no direction) weighted by its
geodesic length in metres.  Parallel edges (one fix pair on several airways or level bands) are
collapsed per query to the shortest one still allowed.  A query adds one virtual source node
linked to the origin candidates (an airport's nearby fixes) and runs
``scipy.sparse.csgraph.dijkstra`` from it, first with a distance limit derived from the
great-circle distance (which bounds the search like an A* ellipse would), then without a limit if
nothing was found within it.  Results are exact shortest paths either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from airspace.geodesy import FloatArray

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

MIN_WEIGHT_M: Final = 1e-3
"""Added to every weight: a zero-length link must still count as an edge."""


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
    v: IntArray
    weight_m: FloatArray
    seg: IntArray
    indptr: IntArray


@dataclass(frozen=True, eq=False)
class RoutingGraph:
    """Directed edge arrays sorted by ``(u, v, weight)``; ``seg`` maps an edge to its segment."""

    n_nodes: int
    u: IntArray
    v: IntArray
    weight_m: FloatArray
    seg: IntArray
    _plain: _Edges | None = field(default=None, init=False, repr=False)

    @classmethod
    def build(
        cls, from_node: IntArray, to_node: IntArray, length_m: FloatArray, n_nodes: int
    ) -> RoutingGraph:
        """Graph with both directions of every segment ``i`` (``from_node[i]``, ``to_node[i]``)."""
        seg = np.arange(len(from_node), dtype=np.intp)
        u = np.concatenate([from_node, to_node]).astype(np.intp)
        v = np.concatenate([to_node, from_node]).astype(np.intp)
        w = np.concatenate([length_m, length_m]).astype(np.float64)
        s = np.concatenate([seg, seg])
        order = np.lexsort((w, v, u))
        return cls(n_nodes, u[order], v[order], w[order], s[order])

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
        edges = _Edges(u.astype(np.int64) * self.n_nodes + v, v, w + MIN_WEIGHT_M, s, indptr)
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
    ) -> GraphPath | None:
        """Shortest path from any source to any target; costs are added at either end.

        ``allowed`` (one flag per segment) removes segments; ``limit_m`` bounds the search (a
        path longer than the limit is not found: the caller retries without it).
        """
        if len(sources) == 0 or len(targets) == 0:
            return None
        edges = self._edges(allowed)
        n = self.n_nodes
        indptr = np.append(edges.indptr, edges.indptr[-1] + len(sources))
        graph = csr_matrix(
            (
                np.concatenate([edges.weight_m, np.asarray(source_cost_m) + MIN_WEIGHT_M]),
                np.concatenate([edges.v, sources]),
                indptr,
            ),
            shape=(n + 1, n + 1),
        )
        dist, pred = dijkstra(
            graph, directed=True, indices=n, return_predecessors=True, limit=limit_m
        )
        totals = dist[targets] + np.asarray(target_cost_m)
        best = int(np.argmin(totals))
        total = float(totals[best])
        if not np.isfinite(total) or total > limit_m:
            return None
        nodes = [int(targets[best])]
        while True:
            prev = int(pred[nodes[-1]])
            if prev == n or prev < 0:
                break
            nodes.append(prev)
        nodes.reverse()
        path_nodes = np.asarray(nodes, dtype=np.intp)
        wanted = path_nodes[:-1].astype(np.int64) * n + path_nodes[1:]
        edge = np.searchsorted(edges.key, wanted)
        return GraphPath(tuple(nodes), tuple(int(i) for i in edges.seg[edge]), total)
