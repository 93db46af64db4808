"""Geodesic segment geometry on WGS84, vectorised over many segments at once.

A segment is a geodesic, not a straight line in degrees.  For shapely it is densified so that the
lon/lat chord between consecutive vertices stays within ``MAX_CHORD_ERROR_NM`` of the geodesic
(the bulge of a geodesic in plate carree grows with ``tan(lat)``: spacing ``s`` gives an error of
about ``s**2 tan(lat) / (8 R)``).  Lengths are always the true geodesic lengths, never measured on
the densified line.

Antimeridian: geometries are kept in lon [-180, 180].  A line that crosses 180 deg is split there
into a ``MultiLineString`` (RFC 7946, section 3.1.9), so that spatial queries with geometries in
the ordinary longitude range are correct and GeoJSON output is valid as it is.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from airspace.geo import METRES_PER_NM, WGS84, FloatArray

IntArray = npt.NDArray[np.intp]

MAX_CHORD_ERROR_NM: Final = 0.3
"""Target chord error of the densified lines (the issue's bound is 0.5 NM; tests check it)."""
MAX_SPACING_NM: Final = 100.0
_EARTH_RADIUS_NM: Final = 6371_008.8 / METRES_PER_NM
_MAX_LAT_DEG: Final = 89.9
CHECK_ABOVE_LAT_DEG: Final = 60.0
MAX_REFINEMENTS: Final = 10


def geodesic_inverse(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Vectorised WGS84 inverse: ``(distance_m, forward azimuth deg)`` for arrays of points."""
    az12, _, dist = WGS84.inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist, dtype=np.float64), np.asarray(az12, dtype=np.float64)


def vertex_counts(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """Sub-chords per segment from the error estimate: ``(parts, length_m, azimuth, lat_max)``."""
    az12, az21, dist = WGS84.inv(lon1, lat1, lon2, lat2)
    dist_m, az = np.asarray(dist, dtype=np.float64), np.asarray(az12, dtype=np.float64)
    # highest latitude reached: an end, or the vertex (Clairaut: cos(lat_v) = |sin(az) cos(lat)|)
    # when the geodesic turns back towards the equator between the ends (heading N/S changes)
    vertex_lat = np.degrees(np.arccos(np.abs(np.sin(np.radians(az)) * np.cos(np.radians(lat1)))))
    turns = np.cos(np.radians(az)) * np.cos(np.radians(np.asarray(az21))) > 0
    lat_max = np.minimum(
        np.maximum.reduce([np.abs(lat1), np.abs(lat2), np.where(turns, vertex_lat, 0.0)]),
        _MAX_LAT_DEG,
    )
    # error ~ s^2 tan(lat) / (8 R); a small floor keeps low-latitude diagonals honest too
    tan_lat = np.maximum(np.tan(np.radians(lat_max)), 0.05)
    spacing_nm = np.minimum(
        np.sqrt(8.0 * _EARTH_RADIUS_NM * MAX_CHORD_ERROR_NM / tan_lat), MAX_SPACING_NM
    )
    parts = np.maximum(1, np.ceil(dist_m / METRES_PER_NM / spacing_nm)).astype(np.intp)
    return parts, dist_m, az, lat_max


def _vertices(
    parts: IntArray,
    lat1: FloatArray,
    lon1: FloatArray,
    lat2: FloatArray,
    lon2: FloatArray,
    dist_m: FloatArray,
    az: FloatArray,
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Points at fractions k / parts along each geodesic, longitudes unwrapped per segment."""
    counts = parts + 1
    offsets = np.zeros(len(counts) + 1, dtype=np.intp)
    np.cumsum(counts, out=offsets[1:])
    seg = np.repeat(np.arange(len(counts)), counts)
    k = np.arange(offsets[-1]) - offsets[seg]
    frac = k / parts[seg]
    lons, lats, _ = WGS84.fwd(lon1[seg], lat1[seg], az[seg], dist_m[seg] * frac)
    lons = np.asarray(lons, dtype=np.float64)
    lats = np.asarray(lats, dtype=np.float64)
    lats[offsets[:-1]], lons[offsets[:-1]] = lat1, lon1
    lats[offsets[1:] - 1], lons[offsets[1:] - 1] = lat2, lon2
    # unwrap longitudes within each segment: a jump of more than 180 deg is a crossing of 180
    step = np.diff(lons, prepend=lons[:1])
    step[offsets[:-1]] = 0.0
    turn = np.where(step > 180.0, -360.0, np.where(step < -180.0, 360.0, 0.0))
    cum = np.cumsum(turn)
    cum -= np.repeat(cum[offsets[:-1]], counts)
    return lons + cum, lats, offsets


def _segment_errors_nm(
    parts: IntArray,
    lat1: FloatArray,
    lon1: FloatArray,
    lat2: FloatArray,
    lon2: FloatArray,
    dist_m: FloatArray,
    az: FloatArray,
) -> FloatArray:
    """Largest chord-midpoint error (NM) of each segment densified with ``parts`` sub-chords."""
    lons, lats, offsets = _vertices(parts, lat1, lon1, lat2, lon2, dist_m, az)
    inner = np.ones(len(lons) - 1, dtype=bool)
    inner[offsets[1:-1] - 1] = False  # the step from one segment to the next is no chord
    seg = np.repeat(np.arange(len(parts)), parts)
    k = np.arange(len(seg)) - (offsets[:-1] - np.arange(len(parts)))[seg]
    gx, gy, _ = WGS84.fwd(lon1[seg], lat1[seg], az[seg], dist_m[seg] * (k + 0.5) / parts[seg])
    mid_lon = (lons[:-1][inner] + lons[1:][inner]) / 2.0
    mid_lat = (lats[:-1][inner] + lats[1:][inner]) / 2.0
    err, _ = geodesic_inverse(np.asarray(gy), np.asarray(gx), mid_lat, mid_lon)
    return np.asarray(
        np.maximum.reduceat(err, offsets[:-1] - np.arange(len(parts))), np.float64
    ) / (METRES_PER_NM)


def densify(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> tuple[FloatArray, FloatArray, IntArray, FloatArray]:
    """Densified geodesics for many segments at once.

    Returns ``(lons, lats, offsets, length_m)``: the vertices of segment ``i`` are
    ``lons[offsets[i]:offsets[i + 1]]`` (and ``lats``), with longitudes unwrapped so that they
    are continuous along each segment (they may leave [-180, 180] by up to one turn).  At high
    latitude, where the estimate is weakest (near a pole), the chord errors are measured and the
    segments that miss ``MAX_CHORD_ERROR_NM`` are subdivided further.
    """
    lat1, lon1, lat2, lon2 = (np.asarray(a, dtype=np.float64) for a in (lat1, lon1, lat2, lon2))
    parts, dist_m, az, lat_max = vertex_counts(lat1, lon1, lat2, lon2)
    check = np.flatnonzero((lat_max > CHECK_ABOVE_LAT_DEG) & (parts > 0))
    for _ in range(MAX_REFINEMENTS):
        if len(check) == 0:
            break
        sub = (parts[check], lat1[check], lon1[check], lat2[check], lon2[check])
        err = _segment_errors_nm(*sub, dist_m[check], az[check])
        check = check[err > MAX_CHORD_ERROR_NM]
        parts[check] *= 2
    lons, lats, offsets = _vertices(parts, lat1, lon1, lat2, lon2, dist_m, az)
    return lons, lats, offsets, dist_m


def split_antimeridian(lons: FloatArray, lats: FloatArray) -> LineString | MultiLineString:
    """A line with continuous (unwrapped) longitudes as lon/lat geometry in [-180, 180].

    Each crossing of an odd multiple of 180 deg is cut there (latitude interpolated on the
    chord, which is within the densification error of the geodesic); parts are shifted back into
    range.  Returns a ``LineString`` when there is no crossing.
    """
    lons = np.asarray(lons, dtype=np.float64)
    lats = np.asarray(lats, dtype=np.float64)
    shift = np.floor((lons + 180.0) / 360.0)
    if np.all(shift == shift[0]):
        return LineString(np.column_stack([lons - 360.0 * shift[0], lats]))
    parts: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = [(float(lons[0]), float(lats[0]))]
    for i in range(1, len(lons)):
        a, b = int(shift[i - 1]), int(shift[i])
        if a != b:
            edge = 180.0 + 360.0 * min(a, b)
            t = (edge - lons[i - 1]) / (lons[i] - lons[i - 1])
            lat_x = float(lats[i - 1] + t * (lats[i] - lats[i - 1]))
            current.append((edge, lat_x))
            parts.append(current)
            current = [(edge, lat_x)]
        current.append((float(lons[i]), float(lats[i])))
    parts.append(current)
    lines = []
    for part in parts:
        arr = np.asarray(part)
        mid = 0.5 * (arr[:, 0].min() + arr[:, 0].max())
        arr[:, 0] -= 360.0 * math.floor((mid + 180.0) / 360.0)
        if len(arr) >= 2 and np.ptp(arr, axis=0).any():  # drop a part that is a single point
            lines.append(arr)
    if len(lines) == 1:
        return LineString(lines[0])
    return MultiLineString(lines)


def segment_geometries(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> tuple[npt.NDArray[np.object_], FloatArray, npt.NDArray[np.bool_]]:
    """Densified geodesic geometries (lon/lat) for many segments.

    Returns ``(geometries, length_m, crosses_antimeridian)``.  Segments that do not cross 180 deg
    are built in one ``shapely.linestrings`` call; the few that do are split one by one.
    """
    lons, lats, offsets, length_m = densify(lat1, lon1, lat2, lon2)
    n = len(offsets) - 1
    counts = np.diff(offsets)
    seg = np.repeat(np.arange(n), counts)
    outside = np.abs(lons) > 180.0
    crosses = np.bincount(seg, weights=outside, minlength=n) > 0
    geoms = np.empty(n, dtype=object)
    keep = ~crosses[seg]
    if keep.any():
        rank = np.cumsum(~crosses) - 1  # consecutive ids for the segments kept
        geoms[~crosses] = shapely.linestrings(
            np.column_stack([lons[keep], lats[keep]]), indices=rank[seg[keep]]
        )
    for i in np.flatnonzero(crosses):
        sl = slice(offsets[i], offsets[i + 1])
        geoms[i] = split_antimeridian(lons[sl], lats[sl])
    return geoms, length_m, crosses


def geodesic_path(lats: FloatArray, lons: FloatArray) -> tuple[BaseGeometry, float]:
    """Densified geodesic through a sequence of points: ``(lon/lat geometry, length_m)``.

    Longitudes are made continuous across legs before the antimeridian split, so a path that
    crosses 180 deg comes back as a ``MultiLineString`` in [-180, 180].
    """
    lats = np.asarray(lats, dtype=np.float64)
    lons = np.asarray(lons, dtype=np.float64)
    if len(lats) < 2:
        raise ValueError("a path needs at least two points")
    x, y, offsets, length_m = densify(lats[:-1], lons[:-1], lats[1:], lons[1:])
    # chain the legs: drop each leg's first vertex after the first, keep longitudes continuous
    starts = offsets[:-1]
    leg_shift = np.zeros(len(starts))
    if len(starts) > 1:
        ends = offsets[1:] - 1
        gap = x[starts[1:]] - x[ends[:-1]]
        leg_shift[1:] = -360.0 * np.round(np.cumsum(gap) / 360.0)
    counts = np.diff(offsets)
    x = x + np.repeat(leg_shift, counts)
    keep = np.ones(len(x), dtype=bool)
    keep[starts[1:]] = False
    return split_antimeridian(x[keep], y[keep]), float(length_m.sum())


def max_chord_error_nm(lons: FloatArray, lats: FloatArray) -> float:
    """Largest distance (NM) from a chord midpoint (in lon/lat) to the geodesic midpoint.

    ``lons`` must be continuous (unwrapped).  A check of the densification bound for tests.
    """
    lon_a, lat_a, lon_b, lat_b = lons[:-1], lats[:-1], lons[1:], lats[1:]
    dist, az = geodesic_inverse(lat_a, lon_a, lat_b, lon_b)
    gx, gy, _ = WGS84.fwd(lon_a, lat_a, az, dist / 2.0)
    mid_lat, mid_lon = (lat_a + lat_b) / 2.0, (lon_a + lon_b) / 2.0
    err, _ = geodesic_inverse(np.asarray(gy), np.asarray(gx), mid_lat, mid_lon)
    return float(err.max() / METRES_PER_NM) if len(err) else 0.0
