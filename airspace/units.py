"""Explicit units: distances, vertical levels and durations written as text in scenario files.

Pure parsers that return small immutable values and keep the unit and datum they read.
Every parser raises ``ValueError`` whose message says what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Final, Literal

from airspace.geo import METRES_PER_KM, METRES_PER_MI, METRES_PER_NM

_NUMBER: Final = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"

_DISTANCE_UNITS: Final = {
    "m": 1.0,
    "km": METRES_PER_KM,
    "nm": METRES_PER_NM,
    "mi": METRES_PER_MI,
}
_DISTANCE_ALIASES: Final = {
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "nm": "nm", "nmi": "nm", "nautical mile": "nm", "nautical miles": "nm",
    "mi": "mi", "mile": "mi", "miles": "mi", "statute mile": "mi", "statute miles": "mi",
}  # fmt: skip
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
        raise ValueError(f"cannot read {text!r} as a distance (expected {DISTANCE_EXPECTED})")
    value = float(match.group(1))
    if value < 0:
        raise ValueError(f"distance {text!r} is negative (expected a distance >= 0)")
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

    def __str__(self) -> str:
        if self.unit in ("SFC", "UNL"):
            return self.unit
        if self.unit == "FL":
            return f"FL{self.flight_level:03d}"
        assert self.feet is not None
        if self.unit == "M":
            return f"{_plain(self.feet * 0.3048)} m {self.datum}"
        return f"{_plain(self.feet)} ft {self.datum}"


SFC: Final = Level(0.0, "SFC", "GND")
UNL: Final = Level(None, "UNL", "MSL")


def flight_level(fl: int) -> Level:
    """Flight level ``fl`` (hundreds of feet on the standard pressure datum)."""
    return Level(fl * 100.0, "FL", "STD")


def parse_level(text: str | int) -> Level:
    """``'FL350'``, ``'12000 ft'``, ``'3000 m AGL'``, ``'SFC'``, ``'UNL'`` -> ``Level``."""
    match = _LEVEL_RE.match(str(text))
    if not match:
        raise ValueError(f"cannot read {text!r} as a vertical level (expected {LEVEL_EXPECTED})")
    if match.group("fl") is not None:
        return flight_level(int(match.group("fl")))
    word = match.group("word")
    if word is not None:
        return SFC if word.upper() in ("SFC", "GND") else UNL
    value = float(match.group("num"))
    if value < 0:
        raise ValueError(f"level {text!r} is negative (expected {LEVEL_EXPECTED})")
    in_metres = match.group("unit").lower() == "m"
    datum_word = (match.group("datum") or "MSL").upper()
    datum: LevelDatum = "GND" if datum_word in ("AGL", "GND", "SFC") else "MSL"
    feet = value / 0.3048 if in_metres else value
    return Level(feet, "M" if in_metres else "FT", datum)


DURATION_EXPECTED: Final = "a duration such as '20 min', '1 h 30 min', '90 s' or 'PT20M'"
_DURATION_UNITS: Final = {
    "d": 86400.0, "day": 86400.0, "days": 86400.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
}  # fmt: skip
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
            raise ValueError(f"duration {text!r} is negative (expected {DURATION_EXPECTED})")
        seconds += value * _DURATION_UNITS[match.group(2).lower()]
        pos = match.end()
    if pos == 0 or stripped[pos:].strip():
        raise ValueError(f"cannot read {text!r} as a duration (expected {DURATION_EXPECTED})")
    return timedelta(seconds=seconds)
