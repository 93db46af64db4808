"""Geodesic circles on WGS84 as lon/lat polygons."""

from __future__ import annotations

import math
from typing import Any, Final

import numpy as np
from shapely.geometry import Polygon

from airspace.geo.antimeridian import unwrapped_lons, wrap_lonlat
from airspace.geo.geodesy import WGS84

CIRCLE_VERTICES: Final = 180

POLE_CLEARANCE_M: Final = 110_000.0
"""Areas must keep this far from a pole: a lon/lat polygon cannot enclose one, and a ring this
close to it is already too distorted to intersect reliably."""


def pole_gap(lat: float, lon: float, radius_m: float) -> tuple[str, float]:
    """``(name, gap in metres)`` between the circle of ``radius_m`` round ``(lat, lon)`` and the
    pole nearest to it (negative: the circle contains the pole)."""
    name, pole_lat = ("North", 90.0) if lat >= 0.0 else ("South", -90.0)
    _, _, dist = WGS84.inv(lon, lat, lon, pole_lat)
    return name, float(dist) - radius_m


def geodesic_circle(
    lat: float,
    lon: float,
    radius_m: float,
    *,
    n_vertices: int = CIRCLE_VERTICES,
    outer: bool = True,
) -> Any:
    """Polygon (lon/lat) of the points at geodesic distance ``radius_m`` from ``(lat, lon)``.

    ``outer=True`` places the vertices at ``radius_m / cos(pi / n_vertices)`` so that the polygon
    covers the circle; ``outer=False`` inscribes it.  180 vertices: area error below 0.02 %.
    Split at the antimeridian (RFC 7946) when it crosses it.
    """
    if radius_m <= 0:
        raise ValueError(f"radius {radius_m} m must be positive")
    scale = 1.0 / math.cos(math.pi / n_vertices) if outer else 1.0
    azimuths = np.linspace(0.0, 360.0, n_vertices, endpoint=False)
    lons, lats, _ = WGS84.fwd(
        np.full(n_vertices, lon),
        np.full(n_vertices, lat),
        azimuths,
        np.full(n_vertices, radius_m * scale),
    )
    ring = list(zip(unwrapped_lons(lons, lon), lats, strict=True))
    return wrap_lonlat(Polygon(ring[::-1]))  # counter-clockwise
