"""Geodesic fans: the region reached from a site along WGS84 geodesics over a window of headings,
between two distances (an annular sector on the ellipsoid).

Headings are windows read clockwise (``Arc``: start and width in degrees true).  The boundary is
traced with forward geodesics (``pyproj.Geod.fwd``): the far and near arcs sampled at most every
``STEP_DEG`` of heading and ``STEP_M`` of length, the two side edges every ``STEP_M`` along their
geodesic, so straight lon/lat edges between samples stay within metres of the true boundary.
Longitudes are made continuous along the boundary and the polygon is split at 180 degrees
(RFC 7946).  A fan round a pole cannot be drawn in lon/lat and is refused.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry import Polygon

from airspace.errors import InputError
from airspace.geo import WGS84, FloatArray, wrap_lonlat

STEP_DEG: Final = 0.25
STEP_M: Final = 10_000.0
MAX_SAMPLES: Final = 4_000
APEX_M: Final = 100.0
"""A fan starting nearer than this starts at the site (its near arc would be a knot of points)."""
MIN_WIDTH_DEG: Final = 0.01
"""Narrower arcs (an intersection that only touches) hold no area and are left out."""


class FanError(InputError):
    """A fan the engine cannot draw (round a pole, folded past the antipode)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Arc:
    """Headings from ``start_deg`` clockwise over ``width_deg`` (0 <= width < 360)."""

    start_deg: float
    width_deg: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.width_deg < 360.0:
            raise ValueError(f"arc width {self.width_deg} is not in [0, 360) degrees")
        object.__setattr__(self, "start_deg", self.start_deg % 360.0)

    @classmethod
    def around(cls, centre_deg: float, half_deg: float) -> Arc:
        """``centre_deg`` +/- ``half_deg``."""
        return cls(start_deg=centre_deg - half_deg, width_deg=2.0 * half_deg)

    @property
    def end_deg(self) -> float:
        return (self.start_deg + self.width_deg) % 360.0

    @property
    def centre_deg(self) -> float:
        return (self.start_deg + self.width_deg / 2.0) % 360.0

    def contains(self, heading_deg: float, tolerance_deg: float = 0.0) -> bool:
        """True when ``heading_deg`` lies on the arc (within ``tolerance_deg``)."""
        offset = (heading_deg - self.start_deg + tolerance_deg) % 360.0
        return offset <= self.width_deg + 2.0 * tolerance_deg

    def widened(self, half_deg: float) -> Arc:
        """The arc with ``half_deg`` added on both sides."""
        return Arc(start_deg=self.start_deg - half_deg, width_deg=self.width_deg + 2.0 * half_deg)

    def text(self) -> str:
        return f"{self.start_deg:05.1f}-{self.end_deg:05.1f}\u00b0"

    def intersection(self, other: Arc) -> list[Arc]:
        """The headings on both arcs (none, one or two arcs)."""
        found = []
        for shift in (-360.0, 0.0, 360.0):
            lo = max(self.start_deg, other.start_deg + shift)
            hi = min(self.start_deg + self.width_deg, other.start_deg + shift + other.width_deg)
            if hi >= lo:
                found.append(Arc(start_deg=lo, width_deg=hi - lo))
        return found


def _headings(arc: Arc, radius_m: float) -> FloatArray:
    """Headings sampling ``arc`` at ``radius_m``: every STEP_DEG and every STEP_M of arc."""
    length_m = math.radians(arc.width_deg) * radius_m
    count = max(2, math.ceil(arc.width_deg / STEP_DEG) + 1, math.ceil(length_m / STEP_M) + 1)
    return np.asarray(
        arc.start_deg + np.linspace(0.0, arc.width_deg, min(count, MAX_SAMPLES)), dtype=np.float64
    )


def _forward(lat: float, lon: float, az: FloatArray, dist_m: FloatArray) -> FloatArray:
    n = len(az)
    lons, lats, _ = WGS84.fwd(np.full(n, lon), np.full(n, lat), az, dist_m)
    return np.column_stack([np.asarray(lons), np.asarray(lats)])


def _radial(lat: float, lon: float, heading: float, near_m: float, far_m: float) -> FloatArray:
    count = min(MAX_SAMPLES, max(2, math.ceil((far_m - near_m) / STEP_M) + 1))
    dist = np.linspace(near_m, far_m, count)
    return _forward(lat, lon, np.full(count, heading), dist)


def _pole_inside(lat: float, lon: float, arc: Arc, near_m: float, far_m: float) -> str | None:
    for name, pole_lat, bearing in (("North", 90.0, 0.0), ("South", -90.0, 180.0)):
        _, _, dist = WGS84.inv(lon, lat, lon, pole_lat)
        if arc.contains(bearing) and near_m <= float(dist) <= far_m:
            return name
    return None


def fan(lat: float, lon: float, arc: Arc, near_m: float, far_m: float) -> Any:
    """The lon/lat (Multi)Polygon reached from ``(lat, lon)`` on headings ``arc`` between
    ``near_m`` and ``far_m`` metres (WGS84 geodesics); split at the antimeridian.

    Raises ``FanError`` for a fan round a pole or one that folds onto itself."""
    if not 0.0 <= near_m < far_m:
        raise ValueError(f"distances {near_m} to {far_m} m are not increasing from 0")
    if abs(lat) > 89.9:
        raise FanError("a site at a pole has no headings (expected a site away from the poles)")
    pole = _pole_inside(lat, lon, arc, near_m, far_m)
    if pole:
        raise FanError(
            f"the threat region reaches round the {pole} Pole, which a lon/lat polygon cannot "
            "hold (expected a smaller 'max_range' or a heading window that avoids the pole)"
        )
    far_az = _headings(arc, far_m)
    far = _forward(lat, lon, far_az, np.full(len(far_az), far_m))
    end_side = _radial(lat, lon, far_az[-1], near_m, far_m)[::-1]
    start_side = _radial(lat, lon, far_az[0], near_m, far_m)
    if near_m >= APEX_M:
        near_az = _headings(arc, near_m)[::-1]
        near = _forward(lat, lon, near_az, np.full(len(near_az), near_m))
        ring = np.concatenate([start_side[:-1], far, end_side[1:-1], near[:-1]])
    else:  # the apex is the site itself, once (a nearer start is drawn from the site)
        apex = np.array([[lon, lat]])
        ring = np.concatenate([apex, start_side[1:-1], far, end_side[1:-1]])
    ring[:, 0] = np.unwrap(ring[:, 0], period=360.0)
    if np.ptp(ring[:, 0]) >= 360.0:
        raise FanError("the threat region spans every longitude (expected a smaller reach)")
    polygon = Polygon(ring)
    if not polygon.is_valid or polygon.area <= 0.0:
        raise FanError(
            f"the threat region folds onto itself ({shapely.is_valid_reason(polygon)}; expected "
            "a smaller 'max_range')"
        )
    return wrap_lonlat(shapely.orient_polygons(polygon))


def fans(lat: float, lon: float, arcs: Sequence[Arc], near_m: float, far_m: float) -> Any:
    """The union of the fans over several arcs (``None`` when none is at least
    ``MIN_WIDTH_DEG`` wide)."""
    parts = [fan(lat, lon, arc, near_m, far_m) for arc in arcs if arc.width_deg >= MIN_WIDTH_DEG]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def area_km2(geometry: Any) -> float:
    """WGS84 geodesic area of a lon/lat (Multi)Polygon, km^2."""
    if geometry is None or geometry.is_empty:
        return 0.0
    area, _ = WGS84.geometry_area_perimeter(geometry)
    return abs(float(area)) / 1e6


__all__ = ["MIN_WIDTH_DEG", "Arc", "FanError", "area_km2", "fan", "fans"]
