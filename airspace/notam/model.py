"""ICAO NOTAM text model: the :class:`Notam` value, a pure parser and a writer.

``parse_notam(text)`` reads the header (``B3810/25 NOTAMN``), the Q-line and items A) to G);
``str(notam)`` and :func:`format_notam` render ICAO text; :meth:`Notam.from_area` writes a NOTAM for
a lon/lat area with a Q-line circle that encloses it.  What the writer emits the parser reads back
(vertices rounded to the second).  Syntax details: ``docs/notam.md``.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Final

from airspace.notam.areas import (
    Area,
    areas_from_text,
    enclosing_q_circle,
    joined_polygons,
    vertex_text,
)
from airspace.notam.items import (
    Header,
    NotamError,
    QLine,
    ceil_minute,
    fl_bounds,
    floor_minute,
    format_header,
    format_notam_level,
    format_q_line,
    format_time,
    level_from_fl,
    parse_end,
    parse_header,
    parse_locations,
    parse_notam_level,
    parse_q_line,
    parse_time,
)
from airspace.units import Level, parse_level

__all__ = ["Notam", "NotamError", "format_notam", "parse_notam"]

DEFAULT_TEXT_PREFIX: Final = "MISSILE, GUN OR ROCKET FIRING WILL TAKE PLACE WI AREA:"
LINE_WIDTH: Final = 69  # ICAO telecommunication line length


@dataclass(frozen=True, slots=True)
class Notam:
    """One ICAO NOTAM.  Times are UTC; ``areas`` are shapely Polygon/MultiPolygon in lon/lat.

    ``end`` is ``None`` for ``C) PERM`` (and a NOTAMC without C); ``end_estimated`` for ``EST``.
    ``lower``/``upper`` keep the unit and datum of F)/G) (from the Q-line FLs when F/G are absent).
    """

    fir: str
    q_code: str
    locations: tuple[str, ...]
    start: datetime
    end: datetime | None
    text: str
    lower: Level
    upper: Level
    q_centre: tuple[float, float]  # (lat, lon) degrees, whole minutes
    q_radius_nm: int
    lower_fl: int = 0
    upper_fl: int = 999
    traffic: str = "IV"
    purpose: str = "BO"
    scope: str = "W"
    areas: tuple[Area, ...] = ()
    number: str | None = None
    notam_type: str = "NOTAMN"
    replaces: str | None = None
    end_estimated: bool = False
    schedule: str | None = None

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            moment = getattr(self, name)
            if moment is not None and moment.utcoffset() != UTC.utcoffset(None):
                raise ValueError(f"{name} {moment!r} must be a timezone-aware UTC datetime")

    @property
    def lower_ft(self) -> float:
        """Lower limit in feet above its datum (SFC/GND -> 0)."""
        return self.lower.bottom_ft

    @property
    def upper_ft(self) -> float:
        """Upper limit in feet above its datum; ``inf`` for UNL."""
        return self.upper.top_ft

    @property
    def series(self) -> str | None:
        return self.number[0] if self.number else None

    @property
    def q_line(self) -> QLine:
        return QLine(
            self.fir, self.q_code, self.traffic, self.purpose, self.scope,
            self.lower_fl, self.upper_fl, self.q_centre, self.q_radius_nm,
        )  # fmt: skip

    def __str__(self) -> str:
        return format_notam(self)

    @classmethod
    def from_area(
        cls,
        fir: str,
        area_lonlat: Area,
        start: datetime,
        end: datetime,
        lower: Level | str,
        upper: Level | str,
        *,
        q_code: str = "QWMLW",
        text_prefix: str = DEFAULT_TEXT_PREFIX,
        number: str | None = None,
        traffic: str = "IV",
        purpose: str = "BO",
        scope: str = "W",
        schedule: str | None = None,
    ) -> Notam:
        """A NOTAMN publishing ``area_lonlat`` (Polygon or MultiPolygon, lon/lat, no holes).

        Vertices are written to the nearest second (polygons joined by ``AND``); ``start`` is
        rounded down and ``end`` up to the minute (UTC); the Q-line circle encloses the written
        area (centre rounded to the minute, radius rounded up to whole NM).
        """
        text = " ".join(
            [
                text_prefix.strip(),
                " AND ".join(vertex_text(p) for p in joined_polygons(area_lonlat)),
            ]
        ).strip()
        lower_level = _normalised_level("F", lower)
        upper_level = _normalised_level("G", upper)
        lower_fl, upper_fl = fl_bounds(lower_level, upper_level)
        notam = cls(
            fir=fir.upper(),
            q_code=q_code.upper(),
            locations=(fir.upper(),),
            start=floor_minute(start),
            end=ceil_minute(end),
            text=text,
            lower=lower_level,
            upper=upper_level,
            q_centre=(0.0, 0.0),
            q_radius_nm=0,
            lower_fl=lower_fl,
            upper_fl=upper_fl,
            traffic=traffic,
            purpose=purpose,
            scope=scope,
            number=number,
            schedule=" ".join(schedule.split()) if schedule else None,
        )
        _check_written(notam)
        areas = areas_from_text(text)
        centre, radius_nm = enclosing_q_circle(areas)
        return replace(notam, areas=areas, q_centre=centre, q_radius_nm=radius_nm)


def _normalised_level(item: str, level: Level | str) -> Level:
    """The level as the parser will read it back from its F)/G) text."""
    value = parse_level(level) if isinstance(level, str) else level
    return parse_notam_level(item, format_notam_level(value))


def _check_written(notam: Notam) -> None:
    """Refuse values the parser could not read back."""
    assert notam.end is not None
    if notam.end <= notam.start:
        raise ValueError(f"end {notam.end} must be after start {notam.start}")
    _check_limits(notam.lower, notam.upper)
    parse_q_line(format_q_line(notam.q_line))  # FIR, code, traffic, purpose, scope


def _check_limits(lower: Level, upper: Level) -> None:
    if upper.feet is not None and lower.feet is not None and lower.feet > upper.feet:
        raise NotamError(
            "G",
            f"upper limit {format_notam_level(upper)} is below lower limit "
            f"{format_notam_level(lower)} (expected G) at or above F))",
        )


# --------------------------------------------------------------------------------------------
# Writer


def format_notam(notam: Notam) -> str:
    """ICAO text of ``notam``: header, Q-line, A) B) C), D), E) wrapped at 69 columns, F) G)."""
    header = format_header(Header(notam.number, notam.notam_type, notam.replaces))
    times = f"A) {' '.join(notam.locations)} B) {format_time(notam.start)}"
    if notam.end is not None:
        times += f" C) {format_time(notam.end)}" + (" EST" if notam.end_estimated else "")
    elif notam.notam_type != "NOTAMC":
        times += " C) PERM"
    lines = [header, f"Q) {format_q_line(notam.q_line)}", times]
    if notam.schedule:
        lines.append(f"D) {notam.schedule}")
    lines.append(_wrap(f"E) {notam.text}"))
    lines.append(f"F) {format_notam_level(notam.lower)} G) {format_notam_level(notam.upper)}")
    return "\n".join(lines)


_PAIR_SPACE_RE: Final = re.compile(r"(?<=\d[NS]) (?=\d{5})")


def _wrap(text: str) -> str:
    """Lines of at most 69 characters, never splitting a ``ddmmssN dddmmssE`` pair."""
    glued = _PAIR_SPACE_RE.sub("\u00a0", text)
    wrapped = textwrap.fill(glued, LINE_WIDTH, break_long_words=False, break_on_hyphens=False)
    return wrapped.replace("\u00a0", " ")


# --------------------------------------------------------------------------------------------
# Parser

_MARKER_RE: Final = re.compile(r"(?<!\S)([QABCDEFG])\)")
_HEAD_ORDER: Final = "QABCD"


def _split_items(body: str) -> tuple[str, dict[str, str]]:
    """Header text and ``{letter: item text}``; E) runs up to the last F)/G) markers."""
    markers = [(m.start(), m.end(), m.group(1)) for m in _MARKER_RE.finditer(body)]
    e_index = next((i for i, m in enumerate(markers) if m[2] == "E"), None)
    if e_index is None:
        raise NotamError("E", "missing (expected 'E) <plain-language text>')")
    head = markers[:e_index]
    tail_f = [m for m in markers[e_index + 1 :] if m[2] == "F"]
    tail_g = [m for m in markers[e_index + 1 :] if m[2] == "G"]
    g = tail_g[-1] if tail_g else None
    f_before_g = [m for m in tail_f if g is None or m[0] < g[0]]
    f = f_before_g[-1] if f_before_g else None
    if g is not None and f is None:
        raise NotamError("F", "missing before G) (expected 'F) <lower limit>', e.g. 'F) SFC')")
    if f is not None and g is None:
        raise NotamError("G", "missing after F) (expected 'G) <upper limit>', e.g. 'G) UNL')")
    order = [m[2] for m in head]
    for letter in order:
        if letter in "FG":
            raise NotamError(letter, "found before E) (expected F) and G) after E))")
        if order.count(letter) > 1:
            raise NotamError(letter, "appears more than once (expected each item once)")
    if order != sorted(order, key=_HEAD_ORDER.index):
        raise NotamError(order[0], f"items out of order {order} (expected Q) A) B) C) D))")
    items: dict[str, str] = {}
    ends = [m[0] for m in head[1:]] + [markers[e_index][0]]
    for (_, end, letter), stop in zip(head, ends, strict=True):
        items[letter] = body[end:stop]
    e_stop = f[0] if f is not None else len(body)
    items["E"] = body[markers[e_index][1] : e_stop]
    if f is not None and g is not None:
        items["F"] = body[f[1] : g[0]]
        items["G"] = body[g[1] :]
    header = body[: head[0][0] if head else markers[e_index][0]]
    return header, items


_TRAILER_RE: Final = re.compile(r"\n\s*(?:CREATED|SOURCE):.*\Z", re.DOTALL | re.IGNORECASE)


def _strip_brackets(text: str) -> str:
    """The NOTAM without AFTN brackets ``( ... )`` or trailing ``CREATED:``/``SOURCE:`` lines."""
    stripped = _TRAILER_RE.sub("", text.strip()).strip()
    if stripped.startswith("(") and stripped.endswith(")"):
        return stripped[1:-1]
    return stripped


def _required(items: dict[str, str], letter: str, expected: str) -> str:
    value = items.get(letter)
    if value is None or not value.strip():
        raise NotamError(letter, f"missing (expected {expected})")
    return value


def parse_notam(text: str) -> Notam:
    """Parse ICAO NOTAM text (header optional; items may share lines) into a :class:`Notam`."""
    header_text, items = _split_items(_strip_brackets(text))
    header = parse_header(header_text)
    q = parse_q_line(_required(items, "Q", "'Q) FIR/QCODE/IV/BO/W/000/999/ddmmNdddmmErrr'"))
    locations = parse_locations(_required(items, "A", "'A) <ICAO location>', e.g. 'A) RPHI'"))
    start = parse_time("B", _required(items, "B", "'B) yymmddhhmm' start time (UTC)"))
    if header.notam_type == "NOTAMC" and not items.get("C", "").strip():
        end, estimated = None, False
    else:
        end, estimated = parse_end(_required(items, "C", "'C) yymmddhhmm' end time or PERM"))
    if end is not None and end <= start:
        raise NotamError("C", f"end {format_time(end)} is not after start {format_time(start)}")
    schedule = " ".join(items.get("D", "").split()) or None
    e_text = " ".join(_required(items, "E", "'E) <plain-language text>'").split())
    if "F" in items:
        lower = parse_notam_level("F", items["F"])
        upper = parse_notam_level("G", items["G"])
    else:
        lower = level_from_fl(q.lower_fl, upper=False)
        upper = level_from_fl(q.upper_fl, upper=True)
    _check_limits(lower, upper)
    return Notam(
        fir=q.fir,
        q_code=q.q_code,
        locations=locations,
        start=start,
        end=end,
        text=e_text,
        lower=lower,
        upper=upper,
        q_centre=q.centre,
        q_radius_nm=q.radius_nm,
        lower_fl=q.lower_fl,
        upper_fl=q.upper_fl,
        traffic=q.traffic,
        purpose=q.purpose,
        scope=q.scope,
        areas=areas_from_text(e_text),
        number=header.number,
        notam_type=header.notam_type,
        replaces=header.replaces,
        end_estimated=estimated,
        schedule=schedule,
    )
