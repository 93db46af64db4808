"""``parse_notam``: ICAO NOTAM text (one NOTAM, possibly in several parts) -> :class:`Notam`.

The reader is tolerant where real NOTAMs are (empty Q-line fields, ``PART 1 OF 2`` in A), text
after G), control characters, AFTN brackets) and loud where it has to interpret: every repair or
doubt becomes a warning naming the item; ``strict=True`` turns the first warning into a
:class:`NotamError`.  No other exception escapes, whatever the input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from airspace.geo import METRES_PER_NM, format_icao
from airspace.notam.areas import NO_AREA, ReadArea, read_areas
from airspace.notam.geometry import farthest_point
from airspace.notam.items import (
    Header,
    NotamError,
    format_time,
    level_from_fl,
    parse_end,
    parse_header,
    parse_locations,
    parse_part,
    parse_q_line,
    parse_time,
    split_level,
)
from airspace.notam.layout import (
    ID_PATTERN,
    Layout,
    cleaned,
    printable,
    split_items,
    split_parts,
    strip_brackets,
    unread_trailer,
)
from airspace.notam.model import Notam, check_limits
from airspace.notam.schedule import Period, schedule_periods

MAX_NOTAM_CHARS: Final = 100_000  # one NOTAM, all its parts
Q_SLACK_NM: Final = 1_000.0
"""An area may reach past its Q-line circle by five times the circle's radius or this much,
whichever is more, before the reader warns.  Published Q-lines are often loose (a 10 NM circle
at the first vertex of an 80 NM area; in the test corpus areas reach up to 285 NM past a 47 NM
circle, all of them written as meant); a wrong hemisphere letter (``2830N08036E`` among ``...W``
vertices) puts a vertex thousands of NM away."""
MAX_PARTS: Final = 20
_HEADER_IN_RE: Final = re.compile(
    rf"{ID_PATTERN}\s*NOTAM[NRC](?:\s+{ID_PATTERN})?\s*$", re.IGNORECASE
)

Note = tuple[str, str]  # (item, detail)


def parse_notam(text: str, *, strict: bool = False) -> Notam:
    """Parse ICAO NOTAM text (header optional; items may share lines) into a :class:`Notam`.

    The parts of a multi-part NOTAM (``A) VVHM PART 1 OF 2`` ...) given together are read as one
    NOTAM (E) joined, F)/G) from the part that has them).  ``str()`` of the result is ``text``.
    With ``strict=True`` any warning is raised as a :class:`NotamError` instead.
    """
    if len(text) > MAX_NOTAM_CHARS:
        raise NotamError(
            "text", f"{len(text)} characters (at most {MAX_NOTAM_CHARS} are read as one NOTAM)"
        )
    notes: list[Note] = []
    # NOTAMs are written in capitals; one copied all in lower case is read as if in capitals
    # (``str()`` still gives the text as given)
    readable = text.upper() if text == text.lower() else text
    parts = split_parts(cleaned(readable))
    if len(parts) > MAX_PARTS:
        raise NotamError("text", f"{len(parts)} parts (at most {MAX_PARTS} per NOTAM)")
    layouts = [split_items(strip_brackets(part)) for part in parts]
    header = _one_header(layouts, notes)
    first = layouts[0]
    q = parse_q_line(_required(first, "Q", "'Q) FIR/QCODE/IV/BO/W/000/999/ddmmNdddmmErrr'"))
    a_text = _required(first, "A", "'A) <ICAO location>', e.g. 'A) RPHI'")
    locations = parse_locations(a_text)
    _check_parts(layouts, notes)
    start = parse_time("B", _required(first, "B", "'B) yymmddhhmm' start time (UTC)"))
    if header.notam_type == "NOTAMC" and not first.items.get("C", "").strip():
        end, estimated = None, False
    else:
        end, estimated = parse_end(_required(first, "C", "'C) yymmddhhmm' end time or PERM"))
    if end is not None and end <= start:
        raise NotamError("C", f"end {format_time(end)} is not after start {format_time(start)}")
    schedule = " ".join(first.items.get("D", "").split()) or None
    e_text = " ".join(" ".join(layout.items["E"].split()) for layout in layouts).strip()
    if not e_text:
        raise NotamError("E", "missing (expected 'E) <plain-language text>')")
    limits = [layout for layout in layouts if "F" in layout.items]
    if limits:
        lower, after_f = split_level("F", limits[-1].items["F"])
        upper, after_g = split_level("G", limits[-1].items["G"])
        if after_f.strip():
            notes.append(("F", f"text after the level not read: {after_f.strip()!r}"))
        trailer = unread_trailer(after_g)
        if trailer:
            notes.append(("G", f"text after the level not read: {_short(trailer)!r}"))
    else:
        lower = level_from_fl(q.lower_fl, upper=False)
        upper = level_from_fl(q.upper_fl, upper=True)
    check_limits(lower, upper)
    try:
        reading = read_areas(e_text)
    except NotamError as exc:  # a part missing explains a broken vertex list: say it first
        missing = [detail for item, detail in notes if item == "A" and "missing" in detail]
        if missing:
            raise NotamError("A", f"{missing[0]}; item E): {exc.detail}") from None
        raise
    if header.notam_type == "NOTAMC":  # a cancellation has no area to find
        notes.extend(("E", w) for w in reading.warnings if not w.startswith(NO_AREA))
    else:
        notes.extend(("E", w) for w in reading.warnings)
    if q.centre is not None and q.radius_nm is not None:
        notes.extend(("E", w) for w in _beyond_q_circle(reading.areas, q.centre, q.radius_nm))
    if header.notam_type == "NOTAMC":
        periods: tuple[Period, ...] = ()
    else:
        active = schedule_periods(schedule, start, end)
        notes.extend(("D", w) for w in active.warnings)
        periods = active.periods
    if strict and notes:
        raise NotamError(*notes[0])
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
        areas=tuple(area.geometry for area in reading.areas),
        number=header.number,
        notam_type=header.notam_type,
        replaces=header.replaces,
        end_estimated=estimated,
        schedule=schedule,
        periods=periods,
        warnings=tuple(str(NotamError(item, detail)) for item, detail in notes),
        raw=printable(text),
    )


def _required(layout: Layout, letter: str, expected: str) -> str:
    value = layout.items.get(letter)
    if value is None or not value.strip():
        raise NotamError(letter, f"missing (expected {expected})")
    return value


def _header(text: str, notes: list[Note]) -> Header:
    """The header; text before it (AFTN address lines) is noted and left out."""
    stripped = " ".join(text.split())
    try:
        return parse_header(stripped)
    except NotamError:
        found = _HEADER_IN_RE.search(stripped)
        if found is None or found.start() == 0:
            raise
        notes.append(("header", f"text before the header not read: {stripped[: found.start()]!r}"))
        return parse_header(found.group(0))


def _beyond_q_circle(
    areas: Sequence[ReadArea], centre: tuple[float, float], radius_nm: int
) -> list[str]:
    """A warning for each area reaching far past the Q-line circle (a radius of 999 NM or more
    is the whole FIR: nothing to compare)."""
    if radius_nm >= 999:
        return []
    limit_nm = radius_nm + max(5 * radius_nm, Q_SLACK_NM)
    found = []
    for area in areas:
        dist_m, (lat, lon) = farthest_point(centre, area.geometry)
        if dist_m / METRES_PER_NM > limit_nm:
            found.append(
                f"area {_short(area.quote)!r} reaches {dist_m / METRES_PER_NM:,.0f} NM from the "
                f"Q) centre {format_icao(*centre)} (radius {radius_nm} NM), at "
                f"{format_icao(lat, lon)}: a coordinate (a digit or a hemisphere letter) or the "
                "Q-line is wrong; the area is read as written"
            )
    return found


def _one_header(layouts: list[Layout], notes: list[Note]) -> Header:
    headers = [_header(layout.header, notes) for layout in layouts]
    numbers = sorted({h.number or "(no number)" for h in headers})
    if len(numbers) > 1:
        raise NotamError(
            "header",
            f"the text holds {len(headers)} NOTAMs ({', '.join(numbers)}): read several NOTAMs "
            "with read_notams",
        )
    return headers[0]


def _check_parts(layouts: list[Layout], notes: list[Note]) -> None:
    """Parts of a multi-part NOTAM: each part once, all present (else a warning)."""
    parts = [parse_part(layout.items.get("A", "")) for layout in layouts]
    if len(layouts) > 1 and any(p is None for p in parts):
        raise NotamError(
            "A",
            f"the text holds {len(layouts)} copies of one NOTAM without 'PART n OF m' in A) "
            "(expected one NOTAM, or the parts of a multi-part NOTAM)",
        )
    given = [p for p in parts if p is not None]
    if not given:
        return
    counts = {count for _, count in given}
    numbers = [part for part, _ in given]
    if len(counts) > 1 or len(set(numbers)) < len(numbers):
        raise NotamError("A", f"parts {sorted(given)} do not make one NOTAM")
    (count,) = counts
    missing = sorted(set(range(1, count + 1)) - set(numbers))
    if missing:
        notes.append(
            (
                "A",
                f"part(s) {', '.join(map(str, missing))} of {count} missing: the text of item E) "
                "may be incomplete",
            )
        )


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
