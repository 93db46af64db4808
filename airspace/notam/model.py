"""ICAO NOTAM text model: the :class:`Notam` value and its writer.

``airspace.notam.parser.parse_notam`` reads text into a :class:`Notam`; ``str(notam)`` returns
the text as given (parsed) or :func:`format_notam` (written); :meth:`Notam.from_area` writes a
NOTAM for a lon/lat area with a Q-line circle that encloses it.  What the writer emits the parser
reads back (vertices rounded to the second).  Syntax details: ``docs/notam.md``.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Final

from airspace.notam.areas import areas_from_text
from airspace.notam.geometry import Area, enclosing_q_circle, joined_polygons, vertex_text
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
    parse_notam_level,
    parse_q_line,
)
from airspace.notam.schedule import Period, schedule_periods
from airspace.units import Level, parse_level

__all__ = ["Notam", "NotamError", "format_notam"]

DEFAULT_TEXT_PREFIX: Final = "MISSILE, GUN OR ROCKET FIRING WILL TAKE PLACE WI AREA:"
LINE_WIDTH: Final = 69  # ICAO telecommunication line length


@dataclass(frozen=True, slots=True)
class Notam:
    """One ICAO NOTAM.  Times are UTC; ``areas`` are shapely Polygon/MultiPolygon in lon/lat.

    ``end`` is ``None`` for ``C) PERM`` (and a NOTAMC without C); ``end_estimated`` for ``EST``.
    ``lower``/``upper`` keep the unit and datum of F)/G) (from the Q-line FLs when F/G are absent).
    ``periods`` are the active UTC periods (D) read within B)-C); one period B)-C) without D);
    the last end is ``None`` for PERM; empty for a NOTAMC).  ``warnings`` say what the reader
    noticed or repaired, each naming the item and quoting the text.  ``raw`` is the text as given
    to :func:`parse_notam` (``None`` for a NOTAM written by :meth:`from_area`); ``str()`` returns it
    unchanged, so ``raw`` is not part of equality.  A changed copy of a parsed NOTAM
    (``dataclasses.replace``) must pass ``raw=None``: a ``raw`` that lacks the number or B)/C)
    times is refused.
    """

    fir: str
    q_code: str
    locations: tuple[str, ...]
    start: datetime
    end: datetime | None
    text: str
    lower: Level
    upper: Level
    q_centre: tuple[float, float] | None  # (lat, lon) degrees, whole minutes; None if not given
    q_radius_nm: int | None
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
    periods: tuple[Period, ...] = ()
    warnings: tuple[str, ...] = ()
    raw: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            moment = getattr(self, name)
            if moment is not None and moment.utcoffset() != UTC.utcoffset(None):
                raise ValueError(f"{name} {moment!r} must be a timezone-aware UTC datetime")
        if not self.periods and self.notam_type != "NOTAMC":
            periods = schedule_periods(self.schedule, self.start, self.end).periods
            object.__setattr__(self, "periods", periods)
        for first, last in self.periods:
            if first < self.start or (self.end is not None and (last is None or last > self.end)):
                raise ValueError(f"period {first} - {last} lies outside B)-C)")
        if self.raw is not None:
            compact = re.sub(r"\s+", "", self.raw).upper()
            expected = [self.number or "", format_time(self.start)]
            expected += [format_time(self.end)] if self.end is not None else []
            missing = [text for text in expected if text not in compact]
            if missing:
                raise ValueError(
                    f"raw text lacks {missing[0]!r}: a changed copy of a parsed NOTAM must drop "
                    "its raw text (raw=None)"
                )

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
            fir=self.fir,
            q_code=self.q_code,
            traffic=self.traffic,
            purpose=self.purpose,
            scope=self.scope,
            lower_fl=self.lower_fl,
            upper_fl=self.upper_fl,
            centre=self.q_centre,
            radius_nm=self.q_radius_nm,
        )

    def __str__(self) -> str:
        """The text as given (``raw``) for a parsed NOTAM, else the ICAO text written."""
        return self.raw if self.raw is not None else format_notam(self)

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
        if notam.schedule is not None:
            active = schedule_periods(notam.schedule, notam.start, notam.end)
            if active.warnings:
                raise ValueError(f"schedule: {active.warnings[0]}")
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
    check_limits(notam.lower, notam.upper)
    parse_q_line(format_q_line(notam.q_line))  # FIR, code, traffic, purpose, scope


def check_limits(lower: Level, upper: Level) -> None:
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
