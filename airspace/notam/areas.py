"""Areas in NOTAM item E) and the Q-line circle: pure text <-> shapely geometry (lon/lat).

Read from E):

* vertex lists ``ddmmssN dddmmssE - ddmmssN dddmmssE - ...`` (also ``ddmmN dddmmE``), separated
  by ``-`` (or only spaces/commas), first vertex repeated or not; several polygons joined by
  ``AND`` (or any other words) are separate areas;
* circles: ``RADIUS 30NM CENTRE 381200N 1291400E``, ``30NM RADIUS OF 381200N 1291400E``,
  ``CIRCLE RADIUS 5NM CENTERED ON ...``, ``CENTRE ... RADIUS 5KM``, ``WI 5NM OF ...``; a circle
  becomes a geodesic polygon that covers it (area error below 0.05 %).

A lone coordinate that is neither a vertex list nor a circle centre (a reference point) is not an
area.  Edges are straight in lon/lat.  Areas crossing the antimeridian are split (RFC 7946).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import shapely
from shapely.affinity import translate
from shapely.geometry import MultiPoint, MultiPolygon, Polygon

from airspace.geo import (
    METRES_PER_KM,
    METRES_PER_NM,
    WGS84,
    format_icao,
    geodesic_circle,
    local_aeqd,
    unwrapped_lons,
    wrap_lonlat,
)
from airspace.notam.items import NotamError, round_to_minute
from airspace.places.expressions import PlaceSyntaxError, parse_coordinates

Area = Any  # shapely Polygon or MultiPolygon (lon/lat); shapely ships no type stubs

Q_RADIUS_MARGIN_NM: Final = 0.05  # clearance added before rounding the Q radius up
_DENSIFY_DEG: Final = 0.02

_COORD: Final = r"(?<![\w.])\d{4}(?:\d{2})?(?:\.\d+)?[NS]\s*\d{5}(?:\d{2})?(?:\.\d+)?[EW](?!\w)"
_COORD_RE: Final = re.compile(_COORD, re.IGNORECASE)
_DIST: Final = r"(?P<radius>\d+(?:\.\d+)?)\s*(?P<unit>NM|KM|M)\b"
_CENTRE_WORD: Final = r"(?:CENTRE|CENTER|CENTRED|CENTERED)(?:\s+(?:ON|AT))?\s*:?\s*"
_PSN: Final = r"(?:(?:PSN|POSITION|POINT)\s+)?"
_CENTRE: Final = rf"{_PSN}(?P<centre>{_COORD})"
_CIRCLE_RES: Final = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\bRADIUS\s+(?:OF\s+)?{_DIST}\s+{_CENTRE_WORD}{_CENTRE}",
        rf"\b{_DIST}\s+RADIUS\s+(?:OF|FROM|AROUND|{_CENTRE_WORD})\s*{_CENTRE}",
        rf"\b{_CENTRE_WORD}{_CENTRE}\s*,?\s*(?:WITH\s+(?:A\s+)?)?RADIUS\s+(?:OF\s+)?{_DIST}",
        rf"\bWI\s+{_DIST}\s+(?:OF|FM|FROM)\s+{_CENTRE}",
    )
)
_UNIT_M: Final = {"NM": METRES_PER_NM, "KM": METRES_PER_KM, "M": 1.0}
_CHAIN_SEPARATOR_RE: Final = re.compile(r"\s*(?:[-–—,]\s*)?")


@dataclass(frozen=True, slots=True)
class _Coord:
    start: int
    end: int
    lat: float
    lon: float


def _read_coord(match: re.Match[str], offset: int = 0) -> _Coord:
    text = match.group(0)
    split = re.search(r"[NSns]", text)
    assert split is not None  # guaranteed by _COORD
    try:
        expr = parse_coordinates(f"{text[: split.end()]} {text[split.end() :].strip()}")
    except PlaceSyntaxError as exc:
        raise NotamError("E", f"coordinate {text!r}: {exc}") from None
    if expr is None:  # pragma: no cover - _COORD only admits coordinate-like text
        raise NotamError("E", f"cannot read coordinate {text!r}")
    return _Coord(offset + match.start(), offset + match.end(), expr.lat, expr.lon)


def _circles(text: str) -> list[tuple[int, int, Area]]:
    found: list[tuple[int, int, Area]] = []
    for pattern in _CIRCLE_RES:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue
            centre_match = _COORD_RE.fullmatch(match.group("centre"))
            assert centre_match is not None
            centre = _read_coord(centre_match)
            radius_m = float(match.group("radius")) * _UNIT_M[match.group("unit").upper()]
            if radius_m <= 0:
                raise NotamError("E", f"circle {match.group(0)!r} has zero radius")
            circle = geodesic_circle(centre.lat, centre.lon, radius_m)
            found.append((match.start(), match.end(), circle))
    return found


def _chains(text: str, coords: Sequence[_Coord]) -> list[list[_Coord]]:
    chains: list[list[_Coord]] = []
    for coord in coords:
        if chains and _CHAIN_SEPARATOR_RE.fullmatch(text[chains[-1][-1].end : coord.start]):
            chains[-1].append(coord)
        else:
            chains.append([coord])
    return chains


def _polygon(chain: Sequence[_Coord], text: str) -> Area | None:
    points: list[tuple[float, float]] = []
    for coord in chain:
        if not points or (coord.lon, coord.lat) != points[-1]:
            points.append((coord.lon, coord.lat))
    if len(points) > 1 and points[-1] == points[0]:
        points.pop()
    quoted = text[chain[0].start : chain[-1].end]
    if len(chain) == 1:
        return None  # a reference point, not an area
    if len(points) < 3:
        raise NotamError("E", f"vertex list {quoted!r} needs at least 3 distinct vertices")
    lons = unwrapped_lons((p[0] for p in points), points[0][0])
    polygon = Polygon(list(zip(lons, (p[1] for p in points), strict=True)))
    if not polygon.is_valid:
        reason = shapely.is_valid_reason(polygon)
        raise NotamError("E", f"vertex list {quoted!r} is not a simple polygon ({reason})")
    return wrap_lonlat(polygon)


def areas_from_text(text: str) -> tuple[Area, ...]:
    """Polygons and circles written in item E), in text order, as lon/lat shapely areas."""
    found = _circles(text)
    taken = [(start, end) for start, end, _ in found]
    coords = [
        _read_coord(m)
        for m in _COORD_RE.finditer(text)
        if not any(s <= m.start() < e for s, e in taken)
    ]
    for chain in _chains(text, coords):
        polygon = _polygon(chain, text)
        if polygon is not None:
            found.append((chain[0].start, chain[-1].end, polygon))
    return tuple(area for _, _, area in sorted(found, key=lambda item: item[0]))


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
