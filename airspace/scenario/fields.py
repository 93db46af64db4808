"""Pydantic field types for scenario files: explicit units, UTC datetimes and places.

Each type parses text with the pure parsers of ``airspace.units`` / ``airspace.places`` and keeps
the parsed value; JSON Schema shows them as the strings a user writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, ValidationInfo, WithJsonSchema

from airspace.geo import is_valid_latlon
from airspace.notam import Notam, NotamError, parse_notam
from airspace.places import Place, PlaceError, Region, parse_region, resolve_place
from airspace.places.choose import REGION_MARGIN_KM
from airspace.units import (
    DISTANCE_EXPECTED,
    DURATION_EXPECTED,
    LEVEL_EXPECTED,
    Distance,
    Level,
    parse_distance,
    parse_duration,
    parse_level,
)


def _text(value: Any, expected: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"expected {expected}, got {type(value).__name__}")
    return str(value)


def _distance(value: Any) -> Distance:
    if isinstance(value, Distance):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"number {value} has no unit (expected {DISTANCE_EXPECTED})")
    return parse_distance(_text(value, DISTANCE_EXPECTED))


def _level(value: Any) -> Level:
    if isinstance(value, Level):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"number {value} has no unit (expected {LEVEL_EXPECTED})")
    return parse_level(_text(value, LEVEL_EXPECTED))


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"number {value} has no unit (expected {DURATION_EXPECTED})")
    return parse_duration(_text(value, DURATION_EXPECTED))


DATETIME_EXPECTED = "an ISO 8601 date-time with offset, such as '2022-11-02T10:58:00+09:00'"
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2099, 12, 30, tzinfo=UTC)  # margins and fall times stay within 2099
MAX_NOTAM_CHARS = 20_000


def _utc(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"cannot read {value!r} as a date-time (expected {DATETIME_EXPECTED})"
            ) from None
    if not isinstance(value, datetime):
        raise ValueError(f"expected {DATETIME_EXPECTED}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"date-time {value.isoformat()} has no UTC offset (expected {DATETIME_EXPECTED})"
        )
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc <= LATEST:
        raise ValueError(
            f"date-time {value.isoformat()} is outside 2000-01-01 to 2099-12-30 (expected a date "
            "NOTAMs can carry: they write two-digit years)"
        )
    return utc


PLACE_EXPECTED = (
    "a place: coordinates ('38.205N 129.243E', '381218N 1291435E'), a name ('Sokcho', 'RKSI'), "
    "a relative position ('57 km east of Sokcho'), or a [lat, lon] pair"
)


_REGION: ContextVar[Region | None] = ContextVar("airspace_scenario_region", default=None)


@contextmanager
def places_region(region: Region | None) -> Iterator[None]:
    """Resolve every ``PlaceField`` validated inside the block with ``region`` (the scenario's)."""
    token = _REGION.set(region)
    try:
        yield
    finally:
        _REGION.reset(token)


def _pair(value: list[Any] | tuple[Any, ...]) -> Place:
    if len(value) != 2 or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    ):
        raise ValueError(f"expected {PLACE_EXPECTED}")
    lat, lon = float(value[0]), float(value[1])
    if not is_valid_latlon(lat, lon):
        raise ValueError(
            f"[{lat}, {lon}] is out of range (expected latitude -90..90, longitude -180..180)"
        )
    return Place(lat, lon, f"{lat:.5f}, {lon:.5f}")


def _place(value: Any, info: ValidationInfo) -> Place:
    if isinstance(value, Place):
        return value
    if isinstance(value, list | tuple):
        return _pair(value)
    if not isinstance(value, str):
        raise ValueError(f"expected {PLACE_EXPECTED}")
    context = info.context if isinstance(info.context, dict) else {}
    region = context["region"] if "region" in context else _REGION.get()
    try:
        return resolve_place(value, region=region)
    except PlaceError as exc:
        raise ValueError(str(exc)) from None


REGION_EXPECTED = (
    "ISO 3166-1 country codes ('KR', 'KR KP'), a place ('Sokcho', '38N 128E') or a [lat, lon] pair"
)


def _region(value: Any) -> Region:
    if isinstance(value, Region):
        return value
    if isinstance(value, list | tuple):
        place = _pair(value)
        return Region(label=place.description, lat=place.lat, lon=place.lon)
    if not isinstance(value, str):
        raise ValueError(f"expected {REGION_EXPECTED}")
    try:
        return parse_region(value)
    except PlaceError as exc:
        raise ValueError(str(exc)) from None


def region_of(data: Any) -> Region | None:
    """The region of raw scenario data, or ``None`` when absent or invalid (the field reports
    an invalid one)."""
    if not isinstance(data, dict) or data.get("region") is None:
        return None
    try:
        return _region(data["region"])
    except ValueError:
        return None


DistanceField = Annotated[
    Distance,
    BeforeValidator(_distance),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": f"Distance: {DISTANCE_EXPECTED}"}),
]
LevelField = Annotated[
    Level,
    BeforeValidator(_level),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": f"Vertical level: {LEVEL_EXPECTED}"}),
]
DurationField = Annotated[
    timedelta,
    BeforeValidator(_duration),
    WithJsonSchema({"type": "string", "description": f"Duration: {DURATION_EXPECTED}"}),
]
UtcDatetime = Annotated[
    datetime,
    BeforeValidator(_utc),
    WithJsonSchema({"type": "string", "format": "date-time", "description": DATETIME_EXPECTED}),
]
PlaceField = Annotated[
    Place,
    BeforeValidator(_place),
    PlainSerializer(lambda p: [round(p.lat, 6), round(p.lon, 6)], return_type=list[float]),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            ],
            "description": PLACE_EXPECTED,
        }
    ),
]


RegionField = Annotated[
    Region,
    BeforeValidator(_region),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            ],
            "description": (
                f"Where the scenario happens: {REGION_EXPECTED}. It ranks the readings of an "
                "ambiguous place name: the one nearest the region wins when the next one is at "
                f"least twice as far plus {REGION_MARGIN_KM:.0f} km; it never moves a place."
            ),
        }
    ),
]


def _notam(value: Any) -> Notam:
    if isinstance(value, Notam):
        return value
    if not isinstance(value, str):
        raise ValueError("expected ICAO NOTAM text (Q-line and items A-G)")
    if len(value) > MAX_NOTAM_CHARS:
        raise ValueError(
            f"NOTAM text of {len(value):,} characters is over the {MAX_NOTAM_CHARS:,} limit"
        )
    try:
        notam = parse_notam(value)
    except NotamError as exc:
        raise ValueError(f"cannot read the NOTAM: {exc}") from None
    if notam.notam_type == "NOTAMC":
        raise ValueError(
            f"a NOTAMC cancels {notam.replaces or 'an earlier NOTAM'} and closes nothing "
            "(expected the NOTAM of the closure; leave out the closure it cancels)"
        )
    if not notam.areas:
        why = "; ".join(notam.warnings)
        raise ValueError(
            "the NOTAM's item E) has no area (expected a vertex list or a circle)"
            + (f": {why}" if why else "")
        )
    return notam


NotamText = Annotated[
    Notam,
    BeforeValidator(_notam),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": "ICAO NOTAM text (Q-line, items A-G)"}),
]
