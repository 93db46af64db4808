"""Closure-zone geometry: NOTAM-ready polygons that contain a hazard area.

``enclosing_polygons`` reduces the convex hull of a hazard to at most ``max_vertices`` vertices
without cutting into it: each step removes the edge whose two neighbouring edges, extended until
they meet, add the least area (the polygon only grows).  The work is done in a local
azimuthal-equidistant plane centred on the hazard, never in degrees.  ``notam_ready`` then pushes
the edges outward by a margin and rounds the vertices to whole arc-seconds, checking in lon/lat
that the result still covers the hazard.
"""

from __future__ import annotations

import heapq
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Polygon

from airspace.geo import (
    FloatArray,
    normalize_lon,
    to_local,
    to_lonlat,
    unwrap_geometry,
    wrap_lonlat,
)
from airspace.hazard.model import HazardError

DEFAULT_MAX_VERTICES = 12
SLIVER_SHARE = 0.005
"""A FIR share under 0.5 % of a hazard's area is published with its largest neighbour share."""
ARCSEC_DEG = 1.0 / 3600.0


def _meet(
    a: FloatArray, b: FloatArray, c: FloatArray, d: FloatArray
) -> tuple[float, float, float] | None:
    """Where the rays a->b (from b) and d->c (from c) meet, with the area of the triangle
    (b, meet, c) that removing edge b-c adds; None when they do not meet ahead."""
    d1x, d1y = b[0] - a[0], b[1] - a[1]
    d2x, d2y = c[0] - d[0], c[1] - d[1]
    det = d1x * -d2y + d2x * d1y
    if abs(det) < 1e-12 * ((d1x * d1x + d1y * d1y) * (d2x * d2x + d2y * d2y)) ** 0.5:
        return None
    ex, ey = c[0] - b[0], c[1] - b[1]
    t = (ex * -d2y + d2x * ey) / det
    u = (d1x * ey - d1y * ex) / det
    if t < 0 or u < 0:
        return None
    mx, my = b[0] + t * d1x, b[1] + t * d1y
    added = abs((mx - b[0]) * (c[1] - b[1]) - (my - b[1]) * (c[0] - b[0])) / 2.0
    return mx, my, added


def reduce_convex(vertices: FloatArray, max_vertices: int) -> FloatArray:
    """Enclosing convex polygon (CCW rows of x, y) with at most ``max_vertices`` vertices.

    Greedy: each step removes the edge whose neighbouring edges, extended until they meet, add
    the least area.  Vertices form a linked ring and candidate edges sit in a heap; a removal
    changes the cost of four edges only, so the whole reduction is O(n log n)."""
    if max_vertices < 3:
        raise ValueError("a polygon needs at least 3 vertices")
    pts = [np.asarray(v, dtype=np.float64) for v in vertices]
    n = len(pts)
    if n <= max_vertices:
        return np.asarray(pts)
    prev = [(i - 1) % n for i in range(n)]
    nxt = [(i + 1) % n for i in range(n)]
    alive = [True] * n
    version = [0] * n
    heap: list[tuple[float, int, int]] = []

    def push(i: int) -> None:
        """Queue the edge that starts at vertex ``i`` with its current cost."""
        version[i] += 1
        meet = _meet(pts[prev[i]], pts[i], pts[nxt[i]], pts[nxt[nxt[i]]])
        if meet is not None:
            heapq.heappush(heap, (meet[2], i, version[i]))

    for i in range(n):
        push(i)
    count = n
    while count > max_vertices and heap:
        _, i, stamp = heapq.heappop(heap)
        if not alive[i] or stamp != version[i]:
            continue  # stale: the edge changed since it was queued
        j = nxt[i]
        meet = _meet(pts[prev[i]], pts[i], pts[j], pts[nxt[j]])
        assert meet is not None
        pts[i] = np.array(meet[:2])  # vertex i becomes the meeting point, j goes
        alive[j] = False
        nxt[i], prev[nxt[j]] = nxt[j], i
        count -= 1
        for k in (prev[prev[i]], prev[i], i, nxt[i]):
            push(k)
    order, i = [], next(k for k in range(n) if alive[k])  # ring order from the first kept
    for _ in range(count):
        order.append(pts[i])
        i = nxt[i]
    return np.asarray(order)


def enclosing_polygons(
    hazard_lonlat: shapely.Geometry, max_vertices: int = DEFAULT_MAX_VERTICES
) -> tuple[list[Polygon], tuple[float, float]]:
    """Convex polygons (local metres, CCW) enclosing the hazard, with their projection centre.

    Two candidates: the greedy edge-removal reduction of the convex hull and, when four
    vertices are allowed, the minimum rotated rectangle (better for long thin hazards).  A
    hazard split at the antimeridian is unwrapped first, so its centre is the real one.
    """
    continuous = unwrap_geometry(hazard_lonlat)
    centre = continuous.centroid
    lat0, lon0 = float(centre.y), normalize_lon(float(centre.x))
    hull = shapely.orient_polygons(to_local(continuous, lat0, lon0).convex_hull)
    ring = shapely.get_coordinates(hull.exterior)[:-1]
    candidates = [Polygon(reduce_convex(ring, max_vertices))]
    if max_vertices >= 4:
        candidates.append(shapely.orient_polygons(hull.minimum_rotated_rectangle))
    return candidates, (lat0, lon0)


def offset_convex(vertices: FloatArray, distance_m: float) -> FloatArray:
    """Move every edge of a CCW convex polygon outward by ``distance_m``; vertex count kept.

    Each new vertex is where two neighbouring offset edges meet (an exact mitre, no bevel).
    """
    edges = np.roll(vertices, -1, axis=0) - vertices
    normals = np.column_stack([edges[:, 1], -edges[:, 0]])  # outward for CCW
    normals /= np.hypot(normals[:, 0], normals[:, 1])[:, None]
    shifted = vertices + distance_m * normals  # a point on each offset edge
    result = []
    for i in range(len(vertices)):
        j = i - 1  # previous edge
        matrix = np.column_stack([edges[j], -edges[i]])
        t = np.linalg.solve(matrix, shifted[i] - shifted[j])[0]
        result.append(shifted[j] + t * edges[j])
    return np.asarray(result)


def _round_to_seconds(geometry: Any) -> Any:
    """Every vertex rounded to the nearest whole arc-second (the caller adds the margin)."""
    return shapely.transform(geometry, lambda xy: np.round(xy / ARCSEC_DEG) * ARCSEC_DEG)


def notam_ready(
    hazard_lonlat: shapely.Geometry,
    max_vertices: int = DEFAULT_MAX_VERTICES,
    margin_m: float = 100.0,
) -> Any:
    """A lon/lat polygon of at most ``max_vertices`` vertices, on whole arc-seconds, covering
    the hazard (edges straight in lon/lat, as NOTAM vertex lists are read).

    Each candidate's edges are pushed out by ``margin_m`` (an exact mitred offset keeps the
    vertex count) before rounding; the margin doubles until a rounded candidate covers the
    hazard, and the smallest covering candidate wins."""
    candidates, (lat0, lon0) = enclosing_polygons(hazard_lonlat, max_vertices)
    corners = [shapely.get_coordinates(c.exterior)[:-1] for c in candidates]
    hazard = unwrap_geometry(hazard_lonlat, lon0)
    for attempt in range(16):
        covering = []
        for ring in corners:
            grown = Polygon(offset_convex(ring, margin_m * 2**attempt))
            candidate = _round_to_seconds(to_lonlat(grown, lat0, lon0, wrap=False))
            if candidate.is_valid and candidate.covers(hazard):
                covering.append(candidate)
        if covering:
            return wrap_lonlat(min(covering, key=lambda c: c.area))
    raise HazardError(
        "no NOTAM polygon of straight lon/lat edges covers this hazard (it reaches "
        f"{max(abs(hazard.bounds[1]), abs(hazard.bounds[3])):.2f} degrees of latitude: areas "
        "round a pole cannot be written as NOTAM vertex lists)"
    )


def whole_polygon(polygon: Any) -> Polygon:
    """A zone split at the antimeridian made whole again (seam points dropped, lon may pass
    180), as its NOTAM vertex list describes it."""
    whole = shapely.simplify(unwrap_geometry(polygon), 1e-7)  # 1e-7 deg: about 1 cm
    assert isinstance(whole, Polygon)
    return whole


def vertex_count(polygon: Any) -> int:
    """Distinct vertices of a zone's exterior (the closing point not counted), counted whole."""
    return len(whole_polygon(polygon).exterior.coords) - 1


def _polygonal(geometry: Any) -> Any:
    """The polygons of an overlay result (lines and points of a touching edge dropped)."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon" and p.area > 0]
    return shapely.multipolygons(parts) if len(parts) > 1 else (parts[0] if parts else None)


def _published(share: Any, max_vertices: int, exact: bool) -> Any:
    """What the NOTAM of a FIR share publishes: the share itself when ``exact`` (declared
    closures keep their area) and it has no holes, else the NOTAM-ready polygon covering it."""
    if exact:
        polygons = _polygonal(share)
        if polygons is not None and not any(p.interiors for p in shapely.get_parts(polygons)):
            return polygons
    return notam_ready(share, max_vertices)


def on_seconds(polygon: Any, max_vertices: int = DEFAULT_MAX_VERTICES) -> Any:
    """A zone as a NOTAM can write it: snapped to whole arc-seconds by GEOS precision
    reduction, which keeps it valid and drops parts narrower than a second; a zone too small
    to survive that gets the NOTAM-ready polygon covering it."""
    snapped = _polygonal(shapely.set_precision(polygon, ARCSEC_DEG))
    return snapped if snapped is not None else notam_ready(polygon, max_vertices)


def split_by_fir(
    hazard_lonlat: shapely.Geometry,
    firs: list[tuple[str, shapely.Geometry]],
    max_vertices: int = DEFAULT_MAX_VERTICES,
    *,
    exact: bool = False,
) -> list[tuple[str | None, Any]]:
    """One NOTAM polygon per FIR the hazard touches: ``(fir or None, polygon)``.

    Computed hazards (``exact=False``): each part is rebuilt with ``notam_ready`` from the
    hazard inside that FIR, so every part keeps the vertex limit and covers its share of the
    hazard.  Declared closures (``exact=True``): each part is the closure's exact share.  Hazard
    outside every FIR (high seas) keeps ``None`` as its FIR.
    """
    shares: list[tuple[str | None, Any]] = []
    remaining = hazard_lonlat
    for code, boundary in firs:
        share = hazard_lonlat.intersection(boundary)
        if not share.is_empty:
            shares.append((code, share))
            remaining = remaining.difference(boundary)
    if not remaining.is_empty:
        shares.append((None, remaining))
    whole = max(float(hazard_lonlat.area), 1e-12)
    kept = [(c, g) for c, g in shares if g.area >= SLIVER_SHARE * whole]
    if not kept:
        return [(None, _published(hazard_lonlat, max_vertices, exact))]
    slivers = [g for _, g in shares if g.area < SLIVER_SHARE * whole]
    if slivers:  # a sliver over a FIR edge goes with the largest share, not a NOTAM of its own
        big = max(range(len(kept)), key=lambda i: kept[i][1].area)
        kept[big] = (kept[big][0], shapely.union_all([kept[big][1], *slivers]))
    return [(code, _published(share, max_vertices, exact)) for code, share in kept]


__all__ = [
    "DEFAULT_MAX_VERTICES",
    "enclosing_polygons",
    "notam_ready",
    "on_seconds",
    "reduce_convex",
    "split_by_fir",
    "vertex_count",
    "whole_polygon",
]
