"""Place expressions: coordinates, named places and relative positions, resolved on WGS84.

``resolve_place("57 km east of Sokcho")`` parses the text (pure), looks names up in the
gazetteer (curated places, GeoNames cities, airports, route-network fixes), chooses between
readings by the rule of ``airspace.places.choose`` and walks relative offsets along WGS84
geodesics.
"""

from __future__ import annotations

import re
from dataclasses import KW_ONLY, dataclass
from functools import lru_cache

from airspace.geo import compass_point, format_dms, forward
from airspace.places.choose import Choice, PlaceError, Region, choose
from airspace.places.expressions import (
    KIND_PREFIXES,
    CoordinateExpr,
    NameExpr,
    PlaceExpr,
    PlaceSyntaxError,
    RelativeExpr,
    parse_place_expression,
)
from airspace.places.gazetteer import (
    Entry,
    Gazetteer,
    country_codes,
    default_gazetteer,
    normalize_name,
)

__all__ = [
    "KIND_PREFIXES",
    "Entry",
    "Gazetteer",
    "Place",
    "PlaceError",
    "PlaceSyntaxError",
    "Region",
    "default_gazetteer",
    "describe_position",
    "normalize_name",
    "parse_place_expression",
    "parse_region",
    "resolve_place",
]


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved point (degrees, WGS84) with a human description of how it was found.

    ``kind``: ``coordinates``, ``relative``, or the gazetteer kind of a named place (``city``,
    ``airport``, ``fix``, ``launch site``...); ``country``: ISO 3166-1 alpha-2 of a named place
    when known (for a fix, inferred from the nearest city).
    """

    lat: float
    lon: float
    description: str
    name: str | None = None
    _: KW_ONLY
    kind: str = "coordinates"
    country: str | None = None

    @property
    def lonlat(self) -> tuple[float, float]:
        return (self.lon, self.lat)

    def __str__(self) -> str:
        return f"{self.description} [{format_dms(self.lat, self.lon)}]"


_ICAO_RE = re.compile(r"^[A-Z0-9]{4}$")


def _describe(choice: Choice) -> str:
    entry = choice.entry
    if entry.kind == "airport" and not entry.curated:
        head = f"{entry.name} ({entry.detail}, {entry.where})"
    elif entry.kind == "city" and not entry.curated:
        head = f"{entry.name} ({entry.where})"
    else:
        head = f"{entry.name} ({entry.kind}, {entry.where})"
    return "; ".join((head, *choice.notes))


def _place(choice: Choice) -> Place:
    e = choice.entry
    return Place(e.lat, e.lon, _describe(choice), e.name, kind=e.kind, country=e.country)


def _resolve_name(expr: NameExpr, gazetteer: Gazetteer, region: Region | None) -> Place:
    kinds = KIND_PREFIXES[expr.kind] if expr.kind else None
    if _ICAO_RE.match(expr.name) and (kinds is None or "airport" in kinds):
        airport = gazetteer.airport(expr.name)  # ICAO codes are unique: never ambiguous
        if airport is not None and expr.country in (None, airport.country):
            return _place(Choice(entry=airport))
    hits = gazetteer.candidates(expr.name, country=expr.country, kinds=kinds)
    if expr.kind and not hits:  # "cape Erimo": the prefix word may belong to the name
        hits = gazetteer.candidates(f"{expr.kind} {expr.name}", country=expr.country, kinds=kinds)
    text = ", ".join(filter(None, (f"{expr.kind or ''} {expr.name}".strip(), expr.country)))
    if hits:
        return _place(choose(text, hits, gazetteer, region, name=expr.name))
    close = gazetteer.suggestions(expr.name)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    what = f"{expr.kind} {expr.name!r}" if expr.kind else f"place {expr.name!r}"
    where = f" in {expr.country}" if expr.country else ""
    raise PlaceError(f"unknown {what}{where}{hint}")


def _resolve(expr: PlaceExpr, gazetteer: Gazetteer, region: Region | None) -> Place:
    match expr:
        case CoordinateExpr(lat, lon):
            return Place(lat, lon, f"{lat:.5f}, {lon:.5f}")
        case NameExpr():
            return _resolve_name(expr, gazetteer, region)
        case RelativeExpr(distance, azimuth, direction, base):
            origin = _resolve(base, gazetteer, region)
            lat, lon = forward(origin.lat, origin.lon, azimuth, distance.metres)
            description = f"{distance} {direction} of {origin.description}"
            return Place(lat, lon, description, kind="relative")
    raise AssertionError(f"unhandled expression {expr!r}")  # pragma: no cover


def resolve_place(
    text: str, gazetteer: Gazetteer | None = None, *, region: Region | str | None = None
) -> Place:
    """Resolve place text to a point: ``resolve_place("57 km east of Sokcho").lat``.

    ``region`` (a ``Region`` or its text, see ``parse_region``) ranks the readings of an
    ambiguous name.  Raises ``PlaceError`` (a ``ValueError``) naming the candidates or the
    closest matches when a name is ambiguous or unknown, and saying what was expected when the
    text is malformed.
    """
    try:
        expr = parse_place_expression(text)
    except PlaceSyntaxError as exc:
        raise PlaceError(str(exc)) from exc
    gazetteer = gazetteer or default_gazetteer()
    if isinstance(region, str):
        region = parse_region(region, gazetteer)
    return _resolve(expr, gazetteer, region)


REGION_EXPECTED = (
    "ISO country codes such as 'KR' or 'KR KP', or a place such as 'Sokcho' or '38N 128E'"
)
_COUNTRIES_RE = re.compile(r"^\s*[A-Z]{2}(?:\s*[\s,+]\s*[A-Z]{2})*\s*$")


def parse_region(text: str, gazetteer: Gazetteer | None = None) -> Region:
    """A scenario region: ISO 3166-1 alpha-2 codes (``KR``, ``KR KP``, ``KR, KP``) or any
    unambiguous place (``Sokcho``, ``38N 128E``, ``Starbase``)."""
    if gazetteer is None or gazetteer is default_gazetteer():
        return _default_region(text)
    return _parse_region(text, gazetteer)


@lru_cache(maxsize=64)
def _default_region(text: str) -> Region:
    return _parse_region(text, default_gazetteer())


def _parse_region(text: str, gazetteer: Gazetteer) -> Region:
    if _COUNTRIES_RE.match(text):
        codes = re.findall(r"[A-Z]{2}", text)
        unknown = [c for c in codes if c not in country_codes()]
        if not unknown:
            return Region(label=" ".join(codes), countries=frozenset(codes))
        if len(codes) > 1:
            raise PlaceError(
                f"unknown country code {unknown[0]!r} in region (expected {REGION_EXPECTED})"
            )
    try:
        place = resolve_place(text, gazetteer)
    except PlaceError as exc:
        raise PlaceError(
            f"cannot use {text!r} as a region: {exc} (expected {REGION_EXPECTED})"
        ) from None
    return Region(label=place.name or text.strip(), lat=place.lat, lon=place.lon)


def describe_position(lat: float, lon: float, gazetteer: Gazetteer | None = None) -> str:
    """``'57.0 km E (090°) of Sokcho (KR)'``: the point relative to its nearest named place."""
    entry, dist_m, azimuth = (gazetteer or default_gazetteer()).nearest(lat, lon)
    where = entry.where if entry.kind == "city" else f"{entry.kind}, {entry.where}"
    return (
        f"{dist_m / 1000:.1f} km {compass_point(azimuth)} ({azimuth:03.0f}°) "
        f"of {entry.name} ({where})"
    )
