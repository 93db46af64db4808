"""Lon/lat geometry of NOTAM areas: outlines with arcs, self-intersection repair, the writer's side.

* :func:`outline_polygon` builds a polygon from written vertices (edges straight in lon/lat, arcs
  densified along the geodesic circle), continuous across the antimeridian and split there
  (RFC 7946); a self-intersecting outline becomes the union of every face it encloses;
* :func:`arc_points` walks a geodesic arc between two vertices around a centre;
* :func:`vertex_text`, :func:`joined_polygons` and :func:`enclosing_q_circle` serve the writer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import shapely
from shapely.affinity import translate
from shapely.geometry import LineString, MultiPoint, MultiPolygon, Polygon

from airspace.geo import (
    METRES_PER_NM,
    WGS84,
    format_icao,
    local_aeqd,
    unwrapped_lons,
    wrap_lonlat,
)
from airspace.notam.items import NotamError, round_to_minute

Area = Any  # shapely Polygon or MultiPolygon (lon/lat); shapely ships no type stubs

Q_RADIUS_MARGIN_NM: Final = 0.05  # clearance added before rounding the Q radius up
_DENSIFY_DEG: Final = 0.02
ARC_STEP_DEG: Final = 2.0  # azimuth step of a densified arc


def outline_polygon(points_latlon: Sequence[tuple[float, float]]) -> tuple[Area, str | None]:
    """Area enclosed by the closed outline through ``points_latlon`` and why it needed repair.

    Returns ``(area, None)`` for a simple polygon.  A self-intersecting outline returns the union of
    every face its edges enclose (every lobe kept) and the reason it was not simple.  Raises
    ``ValueError`` if the outline encloses no area (collinear vertices).
    """
    raw = np.array([p[1] for p in points_latlon] + [points_latlon[0][1]])
    if abs(float(np.sum((np.diff(raw) + 180.0) % 360.0 - 180.0))) > 180.0:  # winds round the axis
        pole = "North" if points_latlon[0][0] >= 0 else "South"
        raise ValueError(
            f"its vertices go round the {pole} Pole (areas at a pole are not supported: "
            "a lon/lat polygon cannot enclose one)"
        )
    lons = unwrapped_lons((p[1] for p in points_latlon), points_latlon[0][1])
    ring = list(zip(lons, (p[0] for p in points_latlon), strict=True))
    polygon = Polygon(ring)
    if polygon.is_valid and polygon.area > 0:
        return wrap_lonlat(polygon), None
    reason = shapely.is_valid_reason(polygon)
    noded = shapely.node(LineString([*ring, ring[0]]))
    faces = [
        f for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))) if f.area > 0
    ]
    if not faces:
        raise ValueError("its vertices enclose no area (collinear)")
    merged = shapely.union_all(faces)
    return wrap_lonlat(merged), reason


def arc_points(
    start: tuple[float, float],
    end: tuple[float, float],
    centre: tuple[float, float],
    clockwise: bool,
) -> list[tuple[float, float]]:
    """Points (lat, lon) strictly between ``start`` and ``end`` on the arc around ``centre``.

    Azimuths step at most ``ARC_STEP_DEG`` in the given direction; the distance from the centre
    goes linearly from that of ``start`` to that of ``end`` (both geodesic, WGS84).
    """
    (clat, clon), (slat, slon), (elat, elon) = centre, start, end
    az1, _, d1 = WGS84.inv(clon, clat, slon, slat)
    az2, _, d2 = WGS84.inv(clon, clat, elon, elat)
    sweep = (az2 - az1) % 360.0 if clockwise else -((az1 - az2) % 360.0)
    steps = max(1, math.ceil(abs(sweep) / ARC_STEP_DEG))
    fractions = np.arange(1, steps) / steps
    if len(fractions) == 0:
        return []
    lons, lats, _ = WGS84.fwd(
        np.full(len(fractions), clon),
        np.full(len(fractions), clat),
        az1 + sweep * fractions,
        d1 + (d2 - d1) * fractions,
    )
    return [(float(lat), float(lon)) for lat, lon in zip(lats, lons, strict=True)]


def radius_from(centre: tuple[float, float], point: tuple[float, float]) -> float:
    """Geodesic distance in metres from ``centre`` to ``point`` (both lat, lon)."""
    _, _, dist = WGS84.inv(centre[1], centre[0], point[1], point[0])
    return float(dist)


def farthest_point(centre: tuple[float, float], area: Area) -> tuple[float, tuple[float, float]]:
    """``(metres, (lat, lon))``: the vertex of ``area``'s outline farthest from ``centre``."""
    coords = shapely.get_coordinates(shapely.boundary(area))
    _, _, dist = WGS84.inv(
        np.full(len(coords), centre[1]), np.full(len(coords), centre[0]), coords[:, 0], coords[:, 1]
    )
    i = int(np.argmax(dist))
    return float(dist[i]), (float(coords[i, 1]), float(coords[i, 0]))


def polygons_of(area: Area) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon (lon/lat), refusing holes and other types."""
    parts = list(area.geoms) if isinstance(area, MultiPolygon) else [area]
    for part in parts:
        if not isinstance(part, Polygon) or part.is_empty:
            raise ValueError(f"expected a non-empty Polygon or MultiPolygon, got {part.geom_type}")
        if part.interiors:
            raise ValueError("a NOTAM vertex list cannot describe a polygon with holes")
    return parts


def joined_polygons(area: Area) -> list[Polygon]:
    """Polygons of ``area``, parts split at the antimeridian joined again (lon may exceed 180)."""
    parts = polygons_of(area)
    minx, _, maxx, _ = area.bounds
    if len(parts) > 1 and minx <= -180.0 and maxx >= 180.0:
        shifted = [translate(p, xoff=360.0) if p.bounds[0] <= -180.0 else p for p in parts]
        parts = [p.simplify(0.0) for p in polygons_of(shapely.union_all(shifted))]
    for part in parts:
        if part.bounds[2] - part.bounds[0] >= 180.0:
            raise ValueError(
                "a polygon spans 180 degrees of longitude or more: split it at the antimeridian "
                "(RFC 7946) or give continuous longitudes"
            )
    return parts


def vertex_text(polygon: Polygon) -> str:
    """``ddmmssN dddmmssE - ... - first vertex`` for a polygon's exterior (lon/lat)."""
    ring = list(polygon.exterior.coords)[:-1]
    points = [format_icao(lat, (lon + 180.0) % 360.0 - 180.0) for lon, lat in ring]
    deduped = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if deduped[-1] == deduped[0]:
        deduped.pop()
    return " - ".join([*deduped, deduped[0]])


def _boundary_points(areas: Sequence[Area]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    coords = np.vstack(
        [
            shapely.get_coordinates(shapely.segmentize(p.exterior, _DENSIFY_DEG))
            for area in areas
            for p in polygons_of(area)
        ]
    )
    return coords[:, 0], coords[:, 1]


def enclosing_q_circle(areas: Sequence[Area]) -> tuple[tuple[float, float], int]:
    """Q-line ``((lat, lon) rounded to the minute, radius in whole NM)`` enclosing ``areas``.

    The centre is that of the smallest enclosing circle (local azimuthal equidistant projection),
    rounded to the minute; the radius is the largest geodesic distance from that rounded centre to
    the densified boundary, plus 0.05 NM, rounded up.
    """
    lons, lats = _boundary_points(areas)
    lons = np.asarray(unwrapped_lons(lons, float(lons[0])))
    to_local, to_lonlat = local_aeqd(float(lats.mean()), float(lons.mean()))
    xs, ys = to_local.transform(lons, lats)
    centre = shapely.minimum_bounding_circle(MultiPoint(np.column_stack([xs, ys]))).centroid
    centre_lon, centre_lat = to_lonlat.transform(centre.x, centre.y)
    lat = round_to_minute(float(centre_lat))
    lon = round_to_minute((float(centre_lon) + 180.0) % 360.0 - 180.0)
    _, _, dist_m = WGS84.inv(np.full(lons.shape, lon), np.full(lats.shape, lat), lons, lats)
    radius_nm = math.ceil(float(np.max(dist_m)) / METRES_PER_NM + Q_RADIUS_MARGIN_NM)
    if radius_nm > 999:
        raise NotamError(
            "Q", f"the area needs a {radius_nm} NM Q-line radius (at most 999 NM: split it)"
        )
    return (lat, lon), radius_nm
