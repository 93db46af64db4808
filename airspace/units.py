"""Explicit units: distances, vertical levels, durations and UTC windows.

Pure parsers that return small immutable values and keep the unit and datum they read; every
parser raises ``UnitError`` (an ``InputError``) whose message says what was expected.  ``Level``
prints one way everywhere (``SFC``, ``FL350``, ``UNL``, ``12000 FT AMSL``); ``Limits`` is the
levels-and-window of any closure, with unlimited upper limits as infinity in one place.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Final, Literal

from airspace.errors import InputError
from airspace.geo import METRES_PER_KM, METRES_PER_MI, METRES_PER_NM


class UnitError(InputError):
    """Text that cannot be read as a distance, level or duration."""


_NUMBER: Final = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"

_DISTANCE_UNITS: Final = {
    "m": 1.0,
    "km": METRES_PER_KM,
    "nm": METRES_PER_NM,
    "mi": METRES_PER_MI,
}
_DISTANCE_ALIASES: Final = {
    "m": "m",
    "metre": "m",
    "metres": "m",
    "meter": "m",
    "meters": "m",
    "km": "km",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "nm": "nm",
    "nmi": "nm",
    "nautical mile": "nm",
    "nautical miles": "nm",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
    "statute mile": "mi",
    "statute miles": "mi",
}
_DISTANCE_RE: Final = re.compile(
    rf"^\s*({_NUMBER})\s*({'|'.join(sorted(_DISTANCE_ALIASES, key=len, reverse=True))})\s*$",
    re.IGNORECASE,
)
DISTANCE_EXPECTED: Final = "a distance with its unit, such as '57 km', '35 NM', '20 mi' or '500 m'"


@dataclass(frozen=True, slots=True)
class Distance:
    """A non-negative distance; ``metres`` is the value, ``unit`` the unit it was written in."""

    metres: float
    unit: Literal["m", "km", "nm", "mi"] = "m"

    @property
    def km(self) -> float:
        return self.metres / METRES_PER_KM

    @property
    def nm(self) -> float:
        return self.metres / METRES_PER_NM

    def __str__(self) -> str:
        value = self.metres / _DISTANCE_UNITS[self.unit]
        label = "NM" if self.unit == "nm" else self.unit
        return f"{_plain(value)} {label}"


def _plain(value: float) -> str:
    """Number text without exponent notation (``1e+06`` -> ``1000000``)."""
    text = f"{value:.6g}"
    return f"{value:.6f}".rstrip("0").rstrip(".") if "e" in text else text


def parse_distance(text: str) -> Distance:
    """``'57 km'`` -> ``Distance(57000.0, 'km')``; NM, mi and m are accepted too."""
    match = _DISTANCE_RE.match(text)
    if not match:
        raise UnitError(f"cannot read {text!r} as a distance (expected {DISTANCE_EXPECTED})")
    value = float(match.group(1))
    if value < 0:
        raise UnitError(f"distance {text!r} is negative (expected a distance >= 0)")
    unit = _DISTANCE_ALIASES[match.group(2).lower()]
    return Distance(value * _DISTANCE_UNITS[unit], unit)  # type: ignore[arg-type]


LevelUnit = Literal["FL", "FT", "M", "SFC", "UNL"]
LevelDatum = Literal["STD", "MSL", "GND"]
LEVEL_EXPECTED: Final = "a level such as 'FL350', '12000 ft', '3000 m', 'SFC' or 'UNL'"
_LEVEL_RE: Final = re.compile(
    rf"^\s*(?:FL\s*(?P<fl>\d{{1,3}})|(?P<num>{_NUMBER})\s*(?P<unit>ft|feet|m)"
    r"(?:\s+(?P<datum>AMSL|MSL|AGL|GND|SFC))?|(?P<word>SFC|GND|UNL|UNLTD|UNLIMITED))\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Level:
    """A vertical limit.  ``feet`` is height in feet (``None`` for unlimited) above ``datum``."""

    feet: float | None
    unit: LevelUnit
    datum: LevelDatum

    @property
    def flight_level(self) -> int | None:
        """The level as a flight level (hundreds of feet), 999 for UNL-style ``None``."""
        return 999 if self.feet is None else round(self.feet / 100.0)

    @property
    def is_unlimited(self) -> bool:
        return self.feet is None

    @property
    def top_ft(self) -> float:
        """Feet as an upper bound: ``inf`` for unlimited (the one place that says so)."""
        return math.inf if self.feet is None else self.feet

    @property
    def bottom_ft(self) -> float:
        """Feet as a lower bound: 0 for the surface."""
        return 0.0 if self.feet is None else self.feet

    def text(self, style: Literal["plain", "notam"] = "plain") -> str:
        """The level as text: ``SFC``, ``UNL``, ``FL350``, ``12000 FT AMSL``, ``1500 M AGL``.

        ``style="notam"`` writes ICAO items F) and G): no space before the unit
        (``5000FT AMSL``), whole numbers."""
        if self.unit in ("SFC", "UNL") or self.feet is None:
            return "UNL" if self.feet is None else "SFC"
        if self.unit == "FL":
            return f"FL{self.flight_level:03d}"
        datum = "AGL" if self.datum == "GND" else "AMSL"
        value = self.feet * 0.3048 if self.unit == "M" else self.feet
        unit = "M" if self.unit == "M" else "FT"
        if style == "notam":
            return f"{round(value)}{unit} {datum}"
        return f"{_plain(value)} {unit} {datum}"

    def __str__(self) -> str:
        return self.text()

    @classmethod
    def from_feet(cls, feet: float) -> Level:
        """An airway band limit in feet: 0 is ``SFC``, infinity ``UNL``, else a flight level."""
        if math.isinf(feet):
            return UNL
        return SFC if feet <= 0 else flight_level(round(feet / 100.0))


SFC: Final = Level(0.0, "SFC", "GND")
UNL: Final = Level(None, "UNL", "MSL")


def flight_level(fl: int) -> Level:
    """Flight level ``fl`` (hundreds of feet on the standard pressure datum)."""
    return Level(fl * 100.0, "FL", "STD")


def parse_level(text: str | int) -> Level:
    """``'FL350'``, ``'12000 ft'``, ``'3000 m AGL'``, ``'SFC'``, ``'UNL'`` -> ``Level``."""
    match = _LEVEL_RE.match(str(text))
    if not match:
        raise UnitError(f"cannot read {text!r} as a vertical level (expected {LEVEL_EXPECTED})")
    if match.group("fl") is not None:
        return flight_level(int(match.group("fl")))
    word = match.group("word")
    if word is not None:
        return SFC if word.upper() in ("SFC", "GND") else UNL
    value = float(match.group("num"))
    if value < 0:
        raise UnitError(f"level {text!r} is negative (expected {LEVEL_EXPECTED})")
    in_metres = match.group("unit").lower() == "m"
    datum_word = (match.group("datum") or "MSL").upper()
    datum: LevelDatum = "GND" if datum_word in ("AGL", "GND", "SFC") else "MSL"
    feet = value / 0.3048 if in_metres else value
    return Level(feet, "M" if in_metres else "FT", datum)


DURATION_EXPECTED: Final = "a duration such as '20 min', '1 h 30 min', '90 s' or 'PT20M'"
_DURATION_UNITS: Final = {
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
}
_DURATION_PART: Final = re.compile(
    rf"\s*({_NUMBER})\s*({'|'.join(sorted(_DURATION_UNITS, key=len, reverse=True))})\b",
    re.IGNORECASE,
)
_ISO_DURATION: Final = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)


def parse_duration(text: str) -> timedelta:
    """``'20 min'``, ``'1 h 30 min'``, ``'PT20M'`` -> ``timedelta``; never negative."""
    stripped = text.strip()
    iso = _ISO_DURATION.match(stripped)
    if iso and stripped.upper() not in ("P", "PT") and any(iso.groupdict().values()):
        parts = {k: float(v) for k, v in iso.groupdict().items() if v}
        seconds = (
            parts.get("d", 0) * 86400 + parts.get("h", 0) * 3600 + parts.get("m", 0) * 60
        ) + parts.get("s", 0)
        return timedelta(seconds=seconds)
    pos, seconds = 0, 0.0
    for match in _DURATION_PART.finditer(stripped):
        if match.start() != pos:
            break
        value = float(match.group(1))
        if value < 0:
            raise UnitError(f"duration {text!r} is negative (expected {DURATION_EXPECTED})")
        seconds += value * _DURATION_UNITS[match.group(2).lower()]
        pos = match.end()
    if pos == 0 or stripped[pos:].strip():
        raise UnitError(f"cannot read {text!r} as a duration (expected {DURATION_EXPECTED})")
    return timedelta(seconds=seconds)


CEILING: Final = flight_level(600)
"""Default top of the airspace that launch corridors close (FL600, upper controlled airspace)."""


def _require_utc(name: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() != timedelta(0):
        raise ValueError(f"{name} {moment!r} must be a timezone-aware UTC datetime")


Period = tuple[datetime, datetime]
"""An active period ``[start, end)`` in UTC."""

MAX_PERIODS_SHOWN: Final = 4


def end_not_after(start: datetime, end: datetime) -> str:
    """The message for a window whose end is not after its start."""
    return f"end {end.isoformat()} is not after start {start.isoformat()} (expected a later end)"


def upper_not_above(lower: object, upper: object) -> str:
    """The message for limits whose upper one is not above the lower one."""
    return f"upper limit {upper} is not above lower limit {lower} (expected a higher upper limit)"


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Where and when a closure applies vertically and in time: ``[lower, upper)`` levels and a
    ``[start, end)`` UTC window.  Unlimited upper limits compare as infinity.

    ``periods`` are the active periods within the window (a NOTAM's item D) schedule), sorted
    and disjoint; empty means active for the whole window.  Every time test (``overlaps_time``,
    ``overlaps``) uses the active periods, never the outer window alone."""

    lower: Level
    upper: Level
    start: datetime
    end: datetime
    periods: tuple[Period, ...] = ()

    def __post_init__(self) -> None:
        _require_utc("start", self.start)
        _require_utc("end", self.end)
        if self.end <= self.start:
            raise ValueError(end_not_after(self.start, self.end))
        if self.upper.top_ft <= self.lower.bottom_ft:
            raise ValueError(upper_not_above(self.lower, self.upper))
        if self.periods == ((self.start, self.end),):  # the whole window: not a schedule
            object.__setattr__(self, "periods", ())
        previous_end = self.start
        for first, last in self.periods:
            _require_utc("period start", first)
            _require_utc("period end", last)
            if not previous_end <= first < last <= self.end:
                raise ValueError(
                    f"period {format_window(first, last)} is not a sorted, disjoint, non-empty "
                    f"period within {self.window_text}"
                )
            previous_end = last

    @property
    def lower_ft(self) -> float:
        return self.lower.bottom_ft

    @property
    def upper_ft(self) -> float:
        """Upper limit in feet; ``inf`` when unlimited."""
        return self.upper.top_ft

    @property
    def active(self) -> tuple[Period, ...]:
        """The active periods: ``periods``, or the whole window as one period."""
        return self.periods or ((self.start, self.end),)

    @property
    def active_duration(self) -> timedelta:
        return sum((b - a for a, b in self.active), timedelta(0))

    def contains_level(self, altitude_ft: float) -> bool:
        return self.lower_ft <= altitude_ft < self.upper_ft

    def overlaps_levels(self, lower_ft: float, upper_ft: float) -> bool:
        return self.lower_ft < upper_ft and lower_ft < self.upper_ft

    def overlaps_time(self, start: datetime, end: datetime) -> bool:
        """True when ``[start, end)`` meets an active period (a bisection: log n)."""
        if not (self.start < end and start < self.end):
            return False
        active = self.active
        i = bisect_right(active, start, key=lambda p: p[1])  # first period ending after start
        return i < len(active) and active[i][0] < end

    def overlaps(self, other: Limits) -> bool:
        """Shared levels and shared active time."""
        return self.overlaps_levels(other.lower_ft, other.upper_ft) and periods_meet(
            self.active, other.active
        )

    @property
    def levels_text(self) -> str:
        return f"{self.lower}-{self.upper}"

    @property
    def window_text(self) -> str:
        return format_window(self.start, self.end)

    @property
    def periods_text(self) -> str:
        """The active periods in a few words (empty when active for the whole window)."""
        return format_periods(self.periods)

    @property
    def schedule_text(self) -> str:
        """The window, then its active periods when scheduled:
        ``2025-08-24 1800Z - 2025-08-27 2100Z, active daily 1800-2100Z ...``."""
        periods = self.periods_text
        return f"{self.window_text}, active {periods}" if periods else self.window_text


def clip_periods(
    periods: Sequence[tuple[datetime, datetime | None]], start: datetime, end: datetime
) -> tuple[Period, ...]:
    """``periods`` (an open end runs to ``end``) cut to the window ``[start, end)``; periods
    outside it are dropped, so the result is empty when none meets the window."""
    kept = []
    for first, last in periods:
        a, b = max(first, start), min(end if last is None else last, end)
        if a < b:
            kept.append((a, b))
    return tuple(kept)


def periods_meet(a: Sequence[Period], b: Sequence[Period]) -> bool:
    """True when two sorted lists of disjoint periods share time (one merge pass)."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][0] < b[j][1] and b[j][0] < a[i][1]:
            return True
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return False


def format_periods(periods: Sequence[Period]) -> str:
    """Active periods in a few words: ``daily 1800-2100Z 2025-08-24 to 2025-08-27 (4 periods)``
    when they repeat at one time of day on consecutive days, else the first few windows."""
    if not periods:
        return ""
    count = len(periods)
    first, last = periods[0]
    shapes = {(a.astimezone(UTC).time(), b - a) for a, b in periods}
    days = [a.astimezone(UTC).date() for a, _ in periods]
    consecutive = all((y - x).days == 1 for x, y in pairwise(days))
    if count > 1 and len(shapes) == 1 and consecutive and last - first < timedelta(days=1):
        a, b = (t.astimezone(UTC) for t in (first, last))
        return f"daily {a:%H%M}-{b:%H%M}Z {days[0]} to {days[-1]} ({count} periods)"
    shown = ", ".join(format_window(a, b) for a, b in periods[:MAX_PERIODS_SHOWN])
    more = f" and {count - MAX_PERIODS_SHOWN} more" if count > MAX_PERIODS_SHOWN else ""
    return shown + more + (f" ({count} periods)" if count > 1 else "")


def format_window(start: datetime, end: datetime) -> str:
    """A UTC window with full dates: ``2022-11-02 0158-0205Z`` within one day, else
    ``2022-11-02 0158Z - 2022-11-03 0205Z``."""
    a, b = (t.astimezone(UTC) for t in (start, end))
    if a.date() == b.date():
        return f"{a:%Y-%m-%d %H%M}-{b:%H%M}Z"
    return f"{a:%Y-%m-%d %H%MZ} - {b:%Y-%m-%d %H%MZ}"
