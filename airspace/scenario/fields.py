"""Pydantic field types for scenario files: explicit units, UTC datetimes and places.

Each type parses text with the pure parsers of ``airspace.units`` / ``airspace.places`` and keeps
the parsed value; JSON Schema shows them as the strings a user writes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from airspace.geo import is_valid_latlon
from airspace.notam import Notam, NotamError, parse_notam
from airspace.places import Place, PlaceError, resolve_place
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
    return value.astimezone(UTC)


PLACE_EXPECTED = (
    "a place: coordinates ('38.205N 129.243E', '381218N 1291435E'), a name ('Sokcho', 'RKSI'), "
    "a relative position ('57 km east of Sokcho'), or a [lat, lon] pair"
)


def _place(value: Any) -> Place:
    if isinstance(value, Place):
        return value
    if isinstance(value, list | tuple):
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
    if not isinstance(value, str):
        raise ValueError(f"expected {PLACE_EXPECTED}")
    try:
        return resolve_place(value)
    except PlaceError as exc:
        raise ValueError(str(exc)) from None


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


def _notam(value: Any) -> Notam:
    if isinstance(value, Notam):
        return value
    if not isinstance(value, str):
        raise ValueError("expected ICAO NOTAM text (Q-line and items A-G)")
    try:
        notam = parse_notam(value)
    except NotamError as exc:
        raise ValueError(f"cannot read the NOTAM: {exc}") from None
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
