"""Geometry for drawing: one continuous longitude frame, clipping, simplification, rounding.

Leaflet draws a line from 179 deg E to 179 deg W across the whole world unless the longitudes are
continuous.  A map therefore picks one *frame* ``[centre - 180, centre + 180)`` (the centre of the
smallest longitude interval holding all the data) and moves every geometry into it whole: its
longitudes are unwrapped vertex to vertex (parts split at 180 deg per RFC 7946 join up again) and
shifted by a multiple of 360 deg so it sits near the centre.  East-Asia/Pacific maps thus use
longitudes up to 360 deg.  All coordinates are lon/lat degrees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Bounds:
    """A lon/lat box in the map's frame (``west`` may exceed 180 deg)."""

    west: float
    south: float
    east: float
    north: float

    def padded(self, fraction: float, min_deg: float) -> Bounds:
        """The box grown on every side by ``fraction`` of its size, at least ``min_deg``."""
        dx = max((self.east - self.west) * fraction, min_deg)
        dy = max((self.north - self.south) * fraction, min_deg)
        return Bounds(
            self.west - dx, max(self.south - dy, -85.0), self.east + dx, min(self.north + dy, 85.0)
        )

    def polygon(self) -> BaseGeometry:
        return box(self.west, self.south, self.east, self.north)

    def contains(self, other: Bounds) -> bool:
        return (
            self.west <= other.west
            and self.south <= other.south
            and self.east >= other.east
            and self.north >= other.north
        )

    @staticmethod
    def of(geometries: Iterable[BaseGeometry]) -> Bounds | None:
        """Bounds of non-empty geometries (already in the frame), or ``None``."""
        arr = np.array([g for g in geometries if g is not None and not g.is_empty], dtype=object)
        if len(arr) == 0:
            return None
        xmin, ymin, xmax, ymax = shapely.total_bounds(arr)
        return Bounds(float(xmin), float(ymin), float(xmax), float(ymax))


def frame_centre(lons: FloatArray) -> float:
    """Centre longitude of the smallest circular interval containing all ``lons`` (degrees).

    The result is in [0, 360); with no longitudes it is 0.
    """
    values = np.unique(np.mod(np.asarray(lons, dtype=np.float64), 360.0))
    if len(values) == 0:
        return 0.0
    if len(values) == 1:
        return float(values[0])
    gaps = np.diff(np.concatenate([values, [values[0] + 360.0]]))
    widest = int(np.argmax(gaps))
    # the data run from just after the widest gap round to its start
    start = values[(widest + 1) % len(values)]
    span = 360.0 - gaps[widest]
    return float((start + span / 2.0) % 360.0)


def _unwrapped(coords: FloatArray, centre: float) -> FloatArray:
    out = np.array(coords, dtype=np.float64)
    if len(out) == 0:
        return out
    lon = out[:, 0]
    steps = np.round(np.diff(lon) / 360.0)
    lon = lon - 360.0 * np.concatenate([[0.0], np.cumsum(steps)])
    mid = (lon.min() + lon.max()) / 2.0
    out[:, 0] = lon - 360.0 * np.round((mid - centre) / 360.0)
    return out


def to_frame(geometry: BaseGeometry, centre: float) -> BaseGeometry:
    """``geometry`` moved whole into the frame round ``centre``, with continuous longitudes."""
    if geometry is None or geometry.is_empty:
        return geometry
    moved: BaseGeometry = shapely.transform(geometry, lambda c: _unwrapped(c, centre))
    if moved.geom_type == "MultiLineString":
        merged = shapely.line_merge(moved)
        if not merged.is_empty:
            moved = merged
    return moved


def geometries_to_frame(geometries: Iterable[BaseGeometry], centre: float) -> list[BaseGeometry]:
    """Each geometry moved into the frame (one loop per geometry: unwrapping is per geometry)."""
    return [to_frame(g, centre) for g in geometries]


def all_lons(geometries: Iterable[BaseGeometry]) -> FloatArray:
    """Every vertex longitude of ``geometries`` (for :func:`frame_centre`)."""
    arr = np.array([g for g in geometries if g is not None and not g.is_empty], dtype=object)
    if len(arr) == 0:
        return np.empty(0)
    return np.asarray(shapely.get_coordinates(arr)[:, 0], dtype=np.float64)


def clip_lines(
    geometries: Iterable[BaseGeometry], view: Bounds, tolerance_deg: float
) -> npt.NDArray[np.object_]:
    """Lines clipped to ``view`` and simplified (Douglas-Peucker, degrees), one vectorised pass.

    The result is aligned with the input: a line outside the view becomes an empty geometry.
    """
    arr = np.array(list(geometries), dtype=object)
    if len(arr) == 0:
        return arr
    clipped = shapely.clip_by_rect(arr, view.west, view.south, view.east, view.north)
    return np.asarray(shapely.simplify(clipped, tolerance_deg, preserve_topology=False))


def rounded(geometry: BaseGeometry, decimals: int) -> BaseGeometry:
    """``geometry`` with coordinates rounded to ``decimals`` (1e-4 deg is about 11 m)."""
    result: BaseGeometry = shapely.transform(geometry, lambda c: np.round(c, decimals))
    return result


def feature(geometry: BaseGeometry, properties: dict[str, Any], decimals: int) -> dict[str, Any]:
    """A GeoJSON Feature with rounded coordinates."""
    return {
        "type": "Feature",
        "geometry": mapping(rounded(geometry, decimals)),
        "properties": properties,
    }
