"""The antimeridian: longitudes made continuous across 180 degrees, and split again (RFC 7946).

Geometry crossing 180 deg is stored split there (lon in [-180, 180]); ``unwrap_geometry`` makes
it whole for computation (longitudes may leave [-180, 180]) and ``wrap_lonlat`` splits it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from shapely.affinity import translate
from shapely.geometry import MultiPolygon, Polygon, box

from airspace.geo.geodesy import FloatArray

_WORLD = box(-180.0, -90.0, 180.0, 90.0)


def unwrapped_lons(lons: Iterable[float], reference_lon: float) -> list[float]:
    """Longitudes made continuous around ``reference_lon`` (may leave [-180, 180])."""
    return [reference_lon + (lon - reference_lon + 180.0) % 360.0 - 180.0 for lon in lons]


def unwrap_geometry(geometry: Any, reference_lon: float | None = None) -> Any:
    """A lon/lat geometry with longitudes made continuous around ``reference_lon`` (default: the
    first vertex), so that parts split at the antimeridian become adjacent; polygon parts are
    merged.  The result may leave [-180, 180]; ``wrap_lonlat`` splits it again."""
    coords = shapely.get_coordinates(geometry)
    if len(coords) == 0:
        return geometry
    ref = float(coords[0, 0]) if reference_lon is None else reference_lon

    def shift(xy: FloatArray) -> FloatArray:
        lon = ref + (xy[:, 0] - ref + 180.0) % 360.0 - 180.0
        return np.column_stack([np.round(lon, 9), xy[:, 1]])  # seams meet exactly

    shifted = shapely.transform(geometry, shift)
    if shifted.geom_type == "MultiPolygon":
        merged = shapely.union_all(list(shifted.geoms))
        return shapely.simplify(merged, 0.0) if merged.geom_type == "Polygon" else merged
    return shifted


def wrap_lonlat(geom: Any) -> Any:
    """A lon/lat area whose longitudes may leave [-180, 180], split at the antimeridian."""
    minx, _, maxx, _ = geom.bounds
    if minx >= -180.0 and maxx <= 180.0:
        return geom
    parts: list[Polygon] = []
    for shift in (-360.0, 0.0, 360.0):
        piece = translate(geom, xoff=shift).intersection(_WORLD)
        parts.extend(p for p in getattr(piece, "geoms", [piece]) if isinstance(p, Polygon))
    parts = [p for p in parts if not p.is_empty]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def ring_polygon(lonlats: list[tuple[float, float]]) -> Any:
    """The polygon a user means by a vertex list (lon, lat): edges straight in lon/lat, the
    short way across the antimeridian (longitudes made continuous from the first vertex), split
    there (RFC 7946).  Raises ``ValueError`` naming the problem for a list that is not a
    simple polygon (fewer than 3 distinct vertices, crossing edges, 180 degrees or more of
    longitude, a pole)."""
    points = [p for i, p in enumerate(lonlats) if i == 0 or p != lonlats[i - 1]]
    if len(points) > 1 and points[-1] == points[0]:
        points.pop()
    if len(set(points)) < 3:
        raise ValueError(f"{len(set(points))} distinct vertices (expected at least 3)")
    lons = unwrapped_lons((p[0] for p in points), points[0][0])
    if max(lons) - min(lons) >= 180.0:
        raise ValueError(
            "the vertices span 180 degrees of longitude or more (expected an area smaller than "
            "a hemisphere; split it into several closures)"
        )
    polygon = Polygon(list(zip(lons, (p[1] for p in points), strict=True)))
    if not polygon.is_valid:
        reason = shapely.is_valid_reason(polygon)
        where = reason.partition("[")[2].rstrip("]").split()
        at = f" near {float(where[1]):.4f}, {float(where[0]):.4f}" if len(where) == 2 else ""
        raise ValueError(
            f"the edges cross{at} ({reason}; expected the vertices in order round the area, "
            "with no edge crossing another)"
        )
    if polygon.area <= 0.0:
        raise ValueError("the vertices enclose no area (expected a polygon, not a line)")
    return wrap_lonlat(shapely.orient_polygons(polygon))
