"""ICAO NOTAM item grammar: pure readers and writers for single items (no I/O).

Used by :mod:`airspace.notam`, which assembles them into a :class:`~airspace.notam.Notam`.
Every reader raises :class:`NotamError` naming the item (``Q``, ``A``, ``B``...) and what was
expected.  Times are timezone-aware UTC ``datetime``; levels are :class:`airspace.units.Level`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from airspace.errors import InputError
from airspace.units import SFC, UNL, Level, flight_level, parse_level


class NotamError(InputError):
    """Malformed NOTAM text; ``item`` is the item at fault (``"Q"``, ``"E"``, ``"header"``...)."""

    def __init__(self, item: str, detail: str) -> None:
        self.item = item
        self.detail = detail
        label = f"item {item})" if len(item) == 1 else item
        super().__init__(f"{label}: {detail}")

    def __reduce__(self) -> tuple[type[NotamError], tuple[str, str]]:
        return (NotamError, (self.item, self.detail))


# --------------------------------------------------------------------------------------------
# Header: "B3810/25 NOTAMN", "A0012/26 NOTAMR A0009/26"

_ID: Final = r"[A-Z]\d{4}/\d{2}"
_HEADER_RE: Final = re.compile(
    rf"^(?:(?P<number>{_ID})\s*)?(?P<kind>NOTAM[NRC])(?:\s+(?P<ref>{_ID}))?$", re.IGNORECASE
)
HEADER_EXPECTED: Final = "'B3810/25 NOTAMN' (or NOTAMR/NOTAMC followed by the NOTAM it replaces)"


@dataclass(frozen=True, slots=True)
class Header:
    number: str | None
    notam_type: str
    replaces: str | None


def parse_header(text: str) -> Header:
    """``'B3810/25 NOTAMN'`` -> ``Header('B3810/25', 'NOTAMN', None)``; empty text is a NOTAMN."""
    stripped = " ".join(text.split())
    if not stripped:
        return Header(None, "NOTAMN", None)
    match = _HEADER_RE.match(stripped)
    if match is None:
        raise NotamError("header", f"cannot read {stripped!r} (expected {HEADER_EXPECTED})")
    kind = match.group("kind").upper()
    ref = match.group("ref")
    if kind != "NOTAMN" and ref is None:
        raise NotamError("header", f"{kind} must name the NOTAM it replaces or cancels")
    if kind == "NOTAMN" and ref is not None:
        raise NotamError("header", "a NOTAMN replaces nothing (expected no reference after it)")
    number = match.group("number")
    return Header(number.upper() if number else None, kind, ref.upper() if ref else None)


def format_header(header: Header) -> str:
    return " ".join(part for part in (header.number, header.notam_type, header.replaces) if part)


# --------------------------------------------------------------------------------------------
# Q) FIR/QCODE/traffic/purpose/scope/lower/upper/centre+radius

Q_EXPECTED: Final = (
    "'FIR/QCODE/TRAFFIC/PURPOSE/SCOPE/LLL/UUU/ddmmNdddmmErrr', "
    "e.g. 'RPHI/QWMLW/IV/BO/W/000/999/1238N11644E048'"
)
_Q_FIELDS: Final = (
    ("FIR", re.compile(r"[A-Z]{4}"), "4 letters"),
    ("Q-code", re.compile(r"Q[A-Z]{4}"), "'Q' and 4 letters, e.g. QWMLW"),
    ("traffic", re.compile(r"IV|I|V|K"), "I, V, IV or K"),
    ("purpose", re.compile(r"[NBOMK]{1,3}"), "letters N, B, O, M or K, e.g. BO"),
    ("scope", re.compile(r"A|E|W|AE|AW|K"), "A, E, W, AE, AW or K"),
    ("lower", re.compile(r"\d{3}"), "3 digits (flight level)"),
    ("upper", re.compile(r"\d{3}"), "3 digits (flight level)"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class QLine:
    fir: str
    q_code: str
    traffic: str  # "" when the field is empty (``KZAK/QWMLW////000/999/``)
    purpose: str
    scope: str
    lower_fl: int
    upper_fl: int
    centre: tuple[float, float] | None  # (lat, lon) degrees, whole minutes; None when absent
    radius_nm: int | None


_Q_CENTRE_RE: Final = re.compile(r"(\d{2})(\d{2})([NS])(\d{3})(\d{2})([EW])(\d{3})?")


def parse_q_line(text: str) -> QLine:
    """``'RPHI/QWMLW/IV/BO /W /000/999/1238N11644E048'`` -> ``QLine``; whitespace is ignored.

    Traffic, purpose and scope may be empty and the centre and radius may be absent (as in
    ``KZAK/QWMLW////000/999/``); a centre without a radius is read with ``radius_nm=None``;
    empty lower and upper levels read as 000 and 999 (the whole vertical extent).
    """
    compact = re.sub(r"\s+", "", text).upper()
    fields = compact.split("/")
    if len(fields) != 8:
        raise NotamError(
            "Q", f"found {len(fields)} '/'-separated fields in {compact!r} (expected {Q_EXPECTED})"
        )
    for index, (value, (name, pattern, expected)) in enumerate(
        zip(fields, _Q_FIELDS, strict=False)
    ):
        if (value or index not in (2, 3, 4, 5, 6)) and not pattern.fullmatch(value):
            raise NotamError("Q", f"{name} {value!r} is malformed (expected {expected})")
    lower_fl, upper_fl = int(fields[5] or "000"), int(fields[6] or "999")
    if lower_fl > upper_fl:
        raise NotamError("Q", f"lower {fields[5]} is above upper {fields[6]}")
    centre, radius = _q_circle(fields[7])
    fir, q_code, traffic, purpose, scope = fields[:5]
    return QLine(
        fir=fir,
        q_code=q_code,
        traffic=traffic,
        purpose=purpose,
        scope=scope,
        lower_fl=lower_fl,
        upper_fl=upper_fl,
        centre=centre,
        radius_nm=radius,
    )


def _q_circle(field: str) -> tuple[tuple[float, float] | None, int | None]:
    if not field:
        return None, None
    circle = _Q_CENTRE_RE.fullmatch(field)
    if circle is None:
        raise NotamError(
            "Q",
            f"centre+radius {field!r} malformed (expected ddmmNdddmmErrr, e.g. 1238N11644E048)",
        )
    lat_d, lat_m, ns, lon_d, lon_m, ew, radius = circle.groups()
    lat = _from_minutes(int(lat_d), int(lat_m), ns == "S")
    lon = _from_minutes(int(lon_d), int(lon_m), ew == "W")
    if int(lat_m) >= 60 or int(lon_m) >= 60 or abs(lat) > 90 or abs(lon) > 180:
        raise NotamError(
            "Q", f"centre {field[:11]!r} out of range (expected minutes below 60, lat <= 90)"
        )
    return (lat, lon), None if radius is None else int(radius)


def format_minutes(lat: float, lon: float) -> str:
    """``ddmmNdddmmE`` rounded to the nearest minute (Q-line centre)."""

    def part(value: float, positive: str, negative: str, width: int) -> str:
        deg, minutes = divmod(round(abs(value) * 60.0), 60)
        return f"{deg:0{width}d}{minutes:02d}{positive if value >= 0 else negative}"

    return part(lat, "N", "S", 2) + part(lon, "E", "W", 3)


def _from_minutes(degrees: int, minutes: int, negative: bool) -> float:
    return (degrees + minutes / 60.0) * (-1.0 if negative else 1.0)


def round_to_minute(value_deg: float) -> float:
    """``value_deg`` rounded to the nearest minute, equal to what the Q-line reader returns."""
    degrees, minutes = divmod(round(abs(value_deg) * 60.0), 60)
    return _from_minutes(degrees, minutes, value_deg < 0)


def format_q_line(q: QLine) -> str:
    centre = "" if q.centre is None else format_minutes(*q.centre)
    radius = "" if q.radius_nm is None else f"{q.radius_nm:03d}"
    return (
        f"{q.fir}/{q.q_code}/{q.traffic}/{q.purpose}/{q.scope}/"
        f"{q.lower_fl:03d}/{q.upper_fl:03d}/{centre}{radius}"
    )


# --------------------------------------------------------------------------------------------
# A) locations

_LOCATIONS_RE: Final = re.compile(r"[A-Z]{4}(?:\s+[A-Z]{4})*")
_PART_RE: Final = re.compile(r"\bPART\s+(\d{1,2})\s+OF\s+(\d{1,2})\b", re.IGNORECASE)


def parse_locations(text: str) -> tuple[str, ...]:
    """``'RPHI'`` or ``'RJJJ RKRR'`` -> tuple of ICAO location indicators (``PART 1 OF 2`` and
    other multi-part markers are read by :func:`parse_part`, not here)."""
    stripped = _PART_RE.sub("", text).strip().upper()
    if not _LOCATIONS_RE.fullmatch(stripped):
        raise NotamError(
            "A", f"cannot read {text.strip()!r} (expected one or more 4-letter ICAO locations)"
        )
    return tuple(stripped.split())


def parse_part(text: str) -> tuple[int, int] | None:
    """``'VVHM PART 1 OF 2'`` -> ``(1, 2)``: the part number and count of a multi-part NOTAM."""
    match = _PART_RE.search(text)
    if match is None:
        return None
    part, count = int(match.group(1)), int(match.group(2))
    if not 1 <= part <= count:
        raise NotamError("A", f"{match.group(0)!r} is not a valid part (expected PART n OF m)")
    return part, count


# --------------------------------------------------------------------------------------------
# B) and C) times

_TIME_RE: Final = re.compile(r"(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})")
_END_RE: Final = re.compile(r"(?P<time>\d{10})\s*(?P<est>EST)?|(?P<perm>PERM)", re.IGNORECASE)


def parse_time(item: str, text: str) -> datetime:
    """``'2508241800'`` -> ``2025-08-24 18:00 UTC``."""
    match = _TIME_RE.fullmatch(text.strip())
    if match is None:
        raise NotamError(item, f"cannot read {text.strip()!r} (expected UTC time yymmddhhmm)")
    yy, mo, dd, hh, mi = (int(g) for g in match.groups())
    try:
        return datetime(2000 + yy, mo, dd, hh, mi, tzinfo=UTC)
    except ValueError as exc:
        raise NotamError(item, f"{text.strip()!r} is not a valid yymmddhhmm time ({exc})") from None


def parse_end(text: str) -> tuple[datetime | None, bool]:
    """``C)`` text -> ``(end, estimated)``; ``PERM`` gives ``(None, False)``."""
    match = _END_RE.fullmatch(text.strip())
    if match is None:
        raise NotamError(
            "C", f"cannot read {text.strip()!r} (expected yymmddhhmm, yymmddhhmm EST or PERM)"
        )
    if match.group("perm"):
        return None, False
    return parse_time("C", match.group("time")), match.group("est") is not None


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%y%m%d%H%M")


def floor_minute(moment: datetime) -> datetime:
    """UTC time rounded down to the minute; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} is naive (expected a timezone-aware datetime)")
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def ceil_minute(moment: datetime) -> datetime:
    floored = floor_minute(moment)
    return floored if floored == moment else floored + timedelta(minutes=1)


# --------------------------------------------------------------------------------------------
# F) and G) levels

_NOTAM_LEVEL_RE: Final = re.compile(
    r"SFC|GND|UNL|UNLTD|UNLIMITED|FL\s*\d{1,3}|\d+(?:\.\d+)?\s*(?:FT|M)(?:\s*(?:AMSL|MSL|AGL|SFC|GND))?",
    re.IGNORECASE,
)


def parse_notam_level(item: str, text: str) -> Level:
    """``'SFC'``, ``'UNL'``, ``'FL350'``, ``'5000FT AMSL'``, ``'1500M AGL'`` -> ``Level``."""
    stripped = " ".join(text.split())
    if not _NOTAM_LEVEL_RE.fullmatch(stripped):
        raise NotamError(
            item,
            f"cannot read {stripped!r} as a level "
            "(expected SFC, GND, UNL, FLnnn, nnnnFT AMSL/AGL or nnnnM AMSL/AGL)",
        )
    spaced = re.sub(r"(?<=\d)(?=[A-Za-z])", " ", stripped)
    return parse_level(re.sub(r"(?i)(ft|m)(amsl|msl|agl|sfc|gnd)$", r"\1 \2", spaced))


def split_level(item: str, text: str) -> tuple[Level, str]:
    """The level at the start of F)/G) ``text`` and the text after it (``'UNL CREATED: ...'``)."""
    stripped = text.strip()
    match = _NOTAM_LEVEL_RE.match(stripped)
    rest = stripped[match.end() :] if match is not None else ""
    if match is None or (rest and not (rest[0].isspace() or rest[0] in ".)")):
        return parse_notam_level(item, stripped), ""
    return parse_notam_level(item, match.group(0)), rest


def format_notam_level(level: Level) -> str:
    """ICAO F)/G) text: ``SFC``, ``UNL``, ``FL350``, ``5000FT AMSL``, ``1500M AGL``."""
    return level.text("notam")


def level_from_fl(fl: int, *, upper: bool) -> Level:
    """Q-line flight level as a ``Level``: 000 is SFC; 999 is UNL (upper limit only)."""
    if fl == 0 and not upper:
        return SFC
    if fl == 999 and upper:
        return UNL
    return flight_level(fl)


def fl_bounds(lower: Level, upper: Level) -> tuple[int, int]:
    """Q-line ``(lower, upper)`` flight levels: lower rounded down, upper up, UNL -> 999."""
    lower_fl = 0 if lower.feet is None else math.floor(lower.feet / 100.0 + 1e-9)
    upper_fl = 999 if upper.feet is None else math.ceil(upper.feet / 100.0 - 1e-9)
    return max(0, min(lower_fl, 999)), max(0, min(upper_fl, 999))
