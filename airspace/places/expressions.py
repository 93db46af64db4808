"""Pure parser for place expressions (no gazetteer, no I/O).

Forms understood (lat/lon order, degrees):

* decimal pairs: ``38.205, 129.243``; with hemispheres ``38.205N 129.243E`` or ``N38.205 E129.243``
* DMS: ``38°12'18"N 129°14'35"E`` (also with ′ ″ or spaces)
* ICAO compact: ``381218N 1291435E``, ``3812N12914E``, ``38N129E``
* relative: ``57 km east of Sokcho``, ``35 mi ESE of Gangneung``, ``120 NM 045° from RKNY``
* anything else is a name, looked up later in a gazetteer, optionally with a lower-case kind
  prefix (``fix ANDOL``, ``airport KAE``, ``launch site Jiuquan``) and/or an ISO country suffix
  (``Boca Chica, US``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from airspace.errors import InputError
from airspace.geo import COMPASS_16, is_valid_latlon
from airspace.units import DISTANCE_EXPECTED, Distance, parse_distance


class PlaceSyntaxError(InputError):
    """The text looks like a coordinate or relative expression but is malformed."""


@dataclass(frozen=True, slots=True)
class CoordinateExpr:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class NameExpr:
    name: str
    country: str | None = None  # optional ISO country code qualifier: "Portland, US"
    kind: str | None = None  # optional kind prefix, a key of KIND_PREFIXES: "fix", "airport"


KIND_PREFIXES: Final[dict[str, frozenset[str]]] = {
    "fix": frozenset({"fix"}),
    "navaid": frozenset({"fix"}),
    "waypoint": frozenset({"fix"}),
    "airport": frozenset({"airport"}),
    "city": frozenset({"city", "town"}),
    "town": frozenset({"city", "town"}),
    "launch site": frozenset({"launch site", "missile site"}),
    "missile site": frozenset({"missile site"}),
    "test range": frozenset({"test range"}),
    "naval base": frozenset({"naval base"}),
    "island": frozenset({"island"}),
    "cape": frozenset({"cape"}),
}
"""Kind prefixes a name may carry (written in lower case) and the gazetteer kinds each admits."""
_KIND_PREFIX_RE: Final = re.compile(
    r"^(" + "|".join(sorted(map(re.escape, KIND_PREFIXES), key=len, reverse=True)) + r")\s+(\S.*)$"
)


@dataclass(frozen=True, slots=True)
class RelativeExpr:
    distance: Distance
    azimuth_deg: float
    direction: str  # as written, normalised: "E", "ESE", "045°"
    base: PlaceExpr


PlaceExpr = CoordinateExpr | NameExpr | RelativeExpr

_WORDS: Final = {"N": "north", "E": "east", "S": "south", "W": "west"}
_COMPASS: Final[dict[str, float]] = {}
for _i, _abbr in enumerate(COMPASS_16):
    _COMPASS[_abbr.lower()] = _i * 22.5
    _COMPASS["".join(_WORDS[c] for c in _abbr)] = _i * 22.5


def compass_azimuth(word: str) -> float | None:
    """Azimuth in degrees of a 16-point compass word (``NE``, ``north-east``, ``ESE``...)."""
    key = re.sub(r"[\s\-_]", "", word.lower())
    key = key.removeprefix("due")
    return _COMPASS.get(key)


_DIST_UNIT: Final = (
    r"(?:km|kilomet(?:re|er)s?|NM|nmi|nautical\s+miles?|mi|miles?|statute\s+miles?"
    r"|m|met(?:re|er)s?)"
)
_RELATIVE_RE: Final = re.compile(
    r"^\s*(?P<dist>\d+(?:\.\d+)?\s*" + _DIST_UNIT + r")\s+"
    r"(?:(?:bearing|brg)\s+)?"
    r"(?P<dir>\d{1,3}(?:\.\d+)?\s*(?:°|deg(?:rees?)?)?\s*T?|[A-Za-z][A-Za-z\- ]*?)"
    r"\s+(?:of|from)\s+(?P<base>.+?)\s*$",
    re.IGNORECASE,
)
_BEARING_RE: Final = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*(?:°|deg(?:rees?)?)?\s*T?$", re.IGNORECASE)

_DECIMAL_PAIR_RE: Final = re.compile(
    r"^\s*([-+]?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$"
)
# One component with a hemisphere letter, before or after the number.
_NUM: Final = r"\d+(?:\.\d+)?"
_COMPONENT: Final = (
    rf"(?:(?P<pre>[NSEW])\s*)?"
    rf"(?P<a>{_NUM})\s*(?:(?P<deg>[°º˚d])\s*)?"
    rf"(?:(?P<b>{_NUM})\s*['′’m]\s*)?"
    rf"(?:(?P<c>{_NUM})\s*(?:[\"″”]|''|s)\s*)?"
    rf"(?(pre)|(?P<post>[NSEW]))"
)
_COMPONENT_RE: Final = re.compile(_COMPONENT, re.IGNORECASE)
_SEPARATOR_RE: Final = re.compile(r"\s*[,;/]?\s*")


def _split_components(text: str) -> tuple[str, str] | None:
    """The two hemisphere-marked components of ``text``, or ``None`` if it is not such a pair."""
    first = _COMPONENT_RE.match(text.strip())
    if first is None:
        return None
    rest = text.strip()[first.end() :]
    sep = _SEPARATOR_RE.match(rest)
    second = _COMPONENT_RE.fullmatch(rest[sep.end() if sep else 0 :])
    if second is None:
        return None
    return first.group(0), second.group(0)


def _component_value(text: str) -> tuple[float, str]:
    """Degrees (signed) and axis letter of one hemisphere-marked coordinate component."""
    m = _COMPONENT_RE.fullmatch(text.strip())
    if m is None:  # pragma: no cover - guarded by _split_components
        raise PlaceSyntaxError(f"cannot read coordinate {text!r}")
    hemi = (m.group("pre") or m.group("post")).upper()
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if b is None and c is None and m.group("deg") is None:
        degrees = _compact_degrees(a, hemi in "EW", text)
    else:
        degrees = float(a) + float(b or 0) / 60 + float(c or 0) / 3600
        if (b and float(b) >= 60) or (c and float(c) >= 60):
            raise PlaceSyntaxError(f"minutes and seconds must be below 60 in {text.strip()!r}")
    sign = -1.0 if hemi in "SW" else 1.0
    return sign * degrees, hemi


def _compact_degrees(number: str, is_lon: bool, text: str) -> float:
    """ICAO compact digits: d[d[d]], then mm, then ss, the degree width set by the axis."""
    whole, _, frac = number.partition(".")
    width = 3 if is_lon else 2
    if len(whole) <= width:
        return float(number)
    if len(whole) not in (width + 2, width + 4):
        kind = "dddmmss" if is_lon else "ddmmss"
        raise PlaceSyntaxError(f"cannot read {text.strip()!r} as {kind} (wrong number of digits)")
    deg = int(whole[:width])
    minutes = float(whole[width : width + 2] + ("." + frac if len(whole) == width + 2 else ""))
    seconds = float(whole[width + 2 :] + "." + frac) if len(whole) == width + 4 else 0.0
    if minutes >= 60 or seconds >= 60:
        raise PlaceSyntaxError(f"minutes and seconds must be below 60 in {text.strip()!r}")
    return deg + minutes / 60 + seconds / 3600


def _checked(lat: float, lon: float, text: str) -> CoordinateExpr:
    if not is_valid_latlon(lat, lon):
        raise PlaceSyntaxError(
            f"coordinates out of range in {text.strip()!r} "
            "(expected latitude -90..90 and longitude -180..180)"
        )
    return CoordinateExpr(lat, lon)


def parse_coordinates(text: str) -> CoordinateExpr | None:
    """Coordinates in any supported form, or ``None`` if the text is not coordinate-like."""
    pair = _DECIMAL_PAIR_RE.match(text)
    if pair:
        return _checked(float(pair.group(1)), float(pair.group(2)), text)
    parts = _split_components(text)
    if parts is None:
        if re.fullmatch(r"[\d\s.,°'\"′″NSEWnsew+\-]+", text.strip()) and re.search(r"\d", text):
            raise PlaceSyntaxError(
                f"cannot read {text.strip()!r} as coordinates (expected e.g. '38.205, 129.243', "
                "'38.205N 129.243E', '381218N 1291435E' or 38°12'18\"N 129°14'35\"E)"
            )
        return None
    (first, first_axis), (second, second_axis) = map(_component_value, parts)
    if first_axis in "NS" and second_axis in "EW":
        return _checked(first, second, text)
    if first_axis in "EW" and second_axis in "NS":
        return _checked(second, first, text)
    raise PlaceSyntaxError(f"{text.strip()!r} needs one N/S and one E/W coordinate")


def _direction(text: str) -> tuple[float, str]:
    bearing = _BEARING_RE.match(text.strip())
    if bearing:
        value = float(bearing.group(1))
        if not 0 <= value <= 360:
            raise PlaceSyntaxError(f"bearing {text.strip()!r} out of range (expected 0-360°)")
        return value % 360.0, f"{value:03g}°"
    azimuth = compass_azimuth(text)
    if azimuth is None:
        raise PlaceSyntaxError(
            f"unknown direction {text.strip()!r} (expected a 16-point compass word such as "
            "'east', 'north-west', 'ESE', or a bearing such as '045°')"
        )
    return azimuth, COMPASS_16[round(azimuth / 22.5) % 16]


MAX_PLACE_CHARS: Final = 500
MAX_NESTING: Final = 8
"""Relative positions may nest ('10 km N of 57 km east of Sokcho') up to this depth."""


def parse_place_expression(text: str, _depth: int = 0) -> PlaceExpr:
    """Parse place text into an expression tree; names are left for a gazetteer to resolve."""
    if not text or not text.strip():
        raise PlaceSyntaxError("empty place (expected coordinates, a name or '57 km east of X')")
    if len(text) > MAX_PLACE_CHARS:
        raise PlaceSyntaxError(
            f"place text of {len(text):,} characters is over the {MAX_PLACE_CHARS}-character limit"
        )
    if _depth > MAX_NESTING:
        raise PlaceSyntaxError(
            f"relative positions nested more than {MAX_NESTING} deep (limit; expected e.g. "
            "'57 km east of Sokcho')"
        )
    coords = parse_coordinates(text)
    if coords is not None:
        return coords
    rel = _RELATIVE_RE.match(text)
    if rel:
        try:
            distance = parse_distance(rel.group("dist"))
        except ValueError as exc:  # pragma: no cover - regex admits only valid units
            raise PlaceSyntaxError(f"expected {DISTANCE_EXPECTED}") from exc
        azimuth, label = _direction(rel.group("dir"))
        base = parse_place_expression(rel.group("base"), _depth + 1)
        return RelativeExpr(distance, azimuth, label, base)
    if re.match(r"^\s*\d", text) and re.search(r"\b(of|from)\b", text, re.IGNORECASE):
        raise PlaceSyntaxError(
            f"cannot read {text.strip()!r} as a relative place (expected e.g. '57 km east of "
            "Sokcho', '35 mi ESE of Gangneung' or '120 NM 045° from RKNY')"
        )
    return parse_name(text)


def parse_name(text: str) -> NameExpr:
    """A name with its optional lower-case kind prefix and ISO country suffix.

    The prefix is recognised in lower case only, so that names beginning with the same word
    (``Cape Erimo``, ``Town Creek``) stay names.
    """
    text = text.strip()
    kind = None
    prefixed = _KIND_PREFIX_RE.match(text)
    if prefixed:
        kind, text = prefixed.group(1), prefixed.group(2).strip()
    name, _, country = text.rpartition(",")
    if name.strip() and re.fullmatch(r"\s*[A-Za-z]{2}\s*", country):
        return NameExpr(name.strip(), country.strip().upper(), kind)
    return NameExpr(text, None, kind)
