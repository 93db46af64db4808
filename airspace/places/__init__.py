"""Place expressions: coordinates, named places and relative positions, resolved on WGS84.

``resolve_place("57 km east of Sokcho")`` parses the text (pure), looks names up in the
gazetteer and walks relative offsets along WGS84 geodesics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from airspace.errors import InputError
from airspace.geo import compass_point, format_dms, forward
from airspace.places.expressions import (
    CoordinateExpr,
    NameExpr,
    PlaceExpr,
    PlaceSyntaxError,
    RelativeExpr,
    parse_place_expression,
)
from airspace.places.gazetteer import Entry, Gazetteer, default_gazetteer, normalize_name

__all__ = [
    "Entry",
    "Gazetteer",
    "Place",
    "PlaceError",
    "PlaceSyntaxError",
    "default_gazetteer",
    "describe_position",
    "normalize_name",
    "parse_place_expression",
    "resolve_place",
]


class PlaceError(InputError):
    """A place that cannot be resolved: unknown, ambiguous or malformed (message says which)."""


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved point (degrees, WGS84) with a human description of how it was found."""

    lat: float
    lon: float
    description: str
    name: str | None = None

    @property
    def lonlat(self) -> tuple[float, float]:
        return (self.lon, self.lat)

    def __str__(self) -> str:
        return f"{self.description} [{format_dms(self.lat, self.lon)}]"


_CODE_RE = re.compile(r"^[A-Z0-9]{3,4}$")


def _resolve_name(expr: NameExpr, gazetteer: Gazetteer) -> Place:
    if _CODE_RE.match(expr.name) and expr.country is None:
        airport = gazetteer.airport(expr.name)
        if airport is not None:
            return Place(airport.lat, airport.lon, f"{expr.name} ({airport.detail})", expr.name)
    hits = gazetteer.lookup(expr.name, expr.country)
    if len(hits) == 1:
        hit = hits[0]
        where = hit.detail if hit.kind == "city" else hit.detail.split(";")[0]
        return Place(hit.lat, hit.lon, f"{hit.name} ({where})", hit.name)
    if hits:
        listed = "; ".join(
            f"{h.name} ({h.detail if h.kind == 'city' else h.kind}) {h.lat:.4f}, {h.lon:.4f}"
            for h in hits[:8]
        )
        example = f"{expr.name}, {hits[0].detail}" if hits[0].kind == "city" else expr.name
        raise PlaceError(
            f"place {expr.name!r} is ambiguous: {len(hits)} places match ({listed}); "
            f"qualify it with a country code such as '{example}' or give coordinates"
        )
    close = gazetteer.suggestions(expr.name)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise PlaceError(f"unknown place {expr.name!r}{hint}")


def _resolve(expr: PlaceExpr, gazetteer: Gazetteer) -> Place:
    match expr:
        case CoordinateExpr(lat, lon):
            return Place(lat, lon, f"{lat:.5f}, {lon:.5f}")
        case NameExpr():
            return _resolve_name(expr, gazetteer)
        case RelativeExpr(distance, azimuth, direction, base):
            origin = _resolve(base, gazetteer)
            lat, lon = forward(origin.lat, origin.lon, azimuth, distance.metres)
            return Place(lat, lon, f"{distance} {direction} of {origin.description}")
    raise AssertionError(f"unhandled expression {expr!r}")  # pragma: no cover


def resolve_place(text: str, gazetteer: Gazetteer | None = None) -> Place:
    """Resolve place text to a point: ``resolve_place("57 km east of Sokcho").lat``.

    Raises ``PlaceError`` (a ``ValueError``) naming the candidates or the closest matches when a
    name is ambiguous or unknown, and saying what was expected when the text is malformed.
    """
    try:
        expr = parse_place_expression(text)
    except PlaceSyntaxError as exc:
        raise PlaceError(str(exc)) from exc
    return _resolve(expr, gazetteer or default_gazetteer())


def describe_position(lat: float, lon: float, gazetteer: Gazetteer | None = None) -> str:
    """``'57.0 km E (090°) of Sokcho (KR)'``: the point relative to its nearest named place."""
    entry, dist_m, azimuth = (gazetteer or default_gazetteer()).nearest(lat, lon)
    where = entry.detail if entry.kind == "city" else entry.detail.split(";")[0]
    return (
        f"{dist_m / 1000:.1f} km {compass_point(azimuth)} ({azimuth:03.0f}°) "
        f"of {entry.name} ({where})"
    )
