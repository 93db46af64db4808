"""A direct detour round closure areas, for flows the airway network cannot take round them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry import LineString

from airspace.geo import METRES_PER_NM, WGS84, to_local, to_lonlat
from airspace.places import Place

DETOUR_MARGIN_M: Final = 10 * METRES_PER_NM


def direct_detour(
    origin: Place, destination: Place, areas: Sequence[Any], margin_m: float = DETOUR_MARGIN_M
) -> LineString | None:
    """Shortest line from origin to destination round the areas' hull, clear by ``margin_m``;
    ``None`` when an end lies within that hull (no such way round).

    Works in a local azimuthal-equidistant plane centred on the areas: the path runs straight
    where it can and along the buffered convex hull where it must (visibility graph).
    """
    union = shapely.union_all(list(areas))
    centre = union.centroid
    lat0, lon0 = float(centre.y), float(centre.x)
    hull = to_local(union, lat0, lon0).convex_hull.buffer(margin_m, quad_segs=4)
    a = np.asarray(to_local(shapely.Point(origin.lon, origin.lat), lat0, lon0).coords[0])
    b = np.asarray(to_local(shapely.Point(destination.lon, destination.lat), lat0, lon0).coords[0])
    inner = hull.buffer(-1.0)
    if inner.contains(shapely.Point(a)) or inner.contains(shapely.Point(b)):
        return None
    ring = np.asarray(hull.exterior.coords)[:-1]
    nodes = [a, b, *ring]
    n = len(nodes)
    dist = np.full((n, n), np.inf)
    for i in range(n):
        for j in range(i + 1, n):
            if not LineString([nodes[i], nodes[j]]).intersects(inner):
                dist[i, j] = dist[j, i] = float(np.hypot(*(nodes[i] - nodes[j])))
    from scipy.sparse.csgraph import shortest_path  # lazy: the rare path

    _, pred = shortest_path(np.where(np.isinf(dist), 0, dist), indices=0, return_predecessors=True)
    if pred[1] < 0:
        return None
    order, k = [1], 1
    while k != 0:
        k = int(pred[k])
        order.append(k)
    local = LineString([nodes[i] for i in reversed(order)])
    line = to_lonlat(shapely.segmentize(local, 20_000.0), lat0, lon0, wrap=False)
    assert isinstance(line, LineString)
    return line


def line_length_nm(line: LineString) -> float:
    """WGS84 geodesic length of a lon/lat line (NM)."""
    coords = np.asarray(line.coords)
    _, _, dist = WGS84.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    return float(np.sum(dist)) / METRES_PER_NM
