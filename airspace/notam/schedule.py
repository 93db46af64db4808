"""Item D) schedules: a pure reader from the text to concrete UTC active periods within B)-C).

Forms read (ICAO Doc 8126 and the forms found in real launch NOTAMs):

* times: ``0930-1130``, ``1600/2000``, ``0000 - 0200``, several (``0231-0258,0731-0818``),
  crossing midnight (``2130-0230``, ``(NEXT DAY)`` ignored), ``H24``; ``SR-SS`` (sunrise to
  sunset) is read as the whole day, with a warning;
* every day: nothing, ``DAILY``, ``DLY``; days of the week ``MON-FRI``, ``MON WED FRI``;
* dates before their times: ``23 0300-0423 0627-0750, 24 0050-0213``, ``FEB 02-05 0200-0800``,
  ``APR 28 1930-2359, APR 29 0000-0025``, ``15 16 0000-0300``, ``JUNE 25-30,1400-2000``;
* dates after their times: ``2310-2344 01, 0157-0231 0749-0832 02``, ``0200-0338 ON 6 AND
  0244-0421 ON 8``, ``0145-0510 ON SEP,28 0300-0620 ON SEP,29 - OCT,03``, ``1808-1835 ON 06 SEP
  2023``;
* explicit windows: ``2209060100 TO 2209060600 2209070100 TO 2209070600``.

A day number alone is the first such day on or after the date of B); a month name without a year
takes the year of B) (the next year if that falls before B)).  Periods are clipped to B)-C),
sorted and merged.  Text that is not understood gives a warning and the whole B)-C) window, the
conservative reading; so does a schedule of more than ``MAX_PERIODS`` periods.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final

MAX_PERIODS: Final = 5000

Period = tuple[datetime, datetime | None]

_MONTHS: Final = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_abbr[number].upper(), calendar.month_name[number].upper())
}
_MONTHS["SEPT"] = 9
_WEEKDAYS: Final = {
    name: number
    for number in range(7)
    for name in (calendar.day_abbr[number].upper(), calendar.day_name[number].upper())
}
_TOKEN_RE: Final = re.compile(
    r"(?P<window>(?P<first>\d{10})\s*(?:-|TO)\s*(?P<last>\d{10}))"
    r"|(?P<time>(?P<from>\d{4})\s*(?:-|/|TO)\s*(?P<to>\d{4}))"
    r"|(?P<sun>SR\s*(?:-|/|TO)\s*SS)"
    r"|(?P<h24>H24)"
    r"|(?P<daily>\b(?:DAILY|DLY|EVERY\s+DAY)\b)"
    r"|(?P<skip>[\s,.;:]+|\b(?:AND|ON|UTC)\b|\(\s*NEXT\s+DAY\s*\)|\bNEXT\s+DAY\b)"
    r"|(?P<word>\b[A-Z]{3,9}\b)"
    r"|(?P<year>\b(?:19|20)\d{2}\b)"
    r"|(?P<day>\b\d{1,2}\b)"
    r"|(?P<dash>-)"
    r"|(?P<other>\S+)"
)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str
    values: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    periods: tuple[Period, ...]
    warnings: tuple[str, ...]


class _UnreadError(ValueError):
    """D) text outside the grammar; the message says which part."""


def schedule_periods(text: str | None, start: datetime, end: datetime | None) -> Schedule:
    """Active periods of a NOTAM valid from ``start`` to ``end`` (``None``: PERM) under D) ``text``.

    No D): the one period ``(start, end)``.  A D) that cannot be read: a warning and that period.
    """
    whole = Schedule(periods=((start, end),), warnings=())
    if text is None or not text.strip():
        return whole
    quoted = " ".join(text.split())
    if end is None:
        return Schedule(
            periods=whole.periods,
            warnings=(
                f"schedule {quoted!r} of a NOTAM without an end (PERM) is not expanded: "
                "active from B) on",
            ),
        )
    try:
        tokens = _tokens(quoted)
        periods, notes = _periods(tokens, start, end)
    except _UnreadError as exc:
        return Schedule(
            periods=whole.periods,
            warnings=(
                f"schedule {quoted!r} not understood ({exc}): the whole B)-C) window is used",
            ),
        )
    clipped = [(max(a, start), min(b, end)) for a, b, _ in periods if b > start and a < end]
    if any(explicit and (b <= start or a >= end) for a, b, explicit in periods):
        notes.append(f"schedule {quoted!r} names periods outside B)-C): they are left out")
    if not clipped:
        notes.append(f"schedule {quoted!r} leaves no period in B)-C): the whole window is used")
        return Schedule(periods=whole.periods, warnings=tuple(notes))
    return Schedule(periods=tuple(_merged(clipped)), warnings=tuple(notes))


def _normalised(text: str) -> str:
    """Upper case; a zero typed for the letter O inside words (``0N``, ``N0V``) read as O."""
    upper = text.upper()
    return re.sub(
        r"\b[A-Z0]*0[A-Z0]*\b",
        lambda m: m.group(0).replace("0", "O") if re.search(r"[A-Z]", m.group(0)) else m.group(0),
        upper,
    )


def _tokens(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    for match in _TOKEN_RE.finditer(_normalised(text)):
        kind = match.lastgroup
        assert kind is not None
        value = match.group(0)
        if kind == "skip":
            continue
        if kind == "window":
            window = (int(match.group("first")), int(match.group("last")))
            tokens.append(_Tok("window", value, window))
        elif kind == "time":
            hhmm = (int(match.group("from")), int(match.group("to")))
            for t in hhmm:
                if t % 100 >= 60 or t > 2400:
                    raise _UnreadError(f"{value!r} is not a time range hhmm-hhmm")
            tokens.append(_Tok("time", value, hhmm))
        elif kind in ("sun", "h24", "daily", "dash"):
            tokens.append(_Tok(kind, value))
        elif kind == "word":
            tokens.append(_word(value))
        elif kind == "year":
            tokens.append(_Tok("year", value, (int(value),)))
        elif kind == "day":
            day = int(value)
            if not 1 <= day <= 31:
                raise _UnreadError(f"{value!r} is not a day of the month")
            tokens.append(_Tok("day", value, (day,)))
        else:
            raise _UnreadError(f"unexpected {value!r}")
    return tokens


def _word(value: str) -> _Tok:
    if value in _MONTHS:
        return _Tok("month", value, (_MONTHS[value],))
    if value in _WEEKDAYS:
        return _Tok("weekday", value, (_WEEKDAYS[value],))
    raise _UnreadError(f"unknown word {value!r}")


_DATE_KINDS: Final = frozenset({"day", "month", "weekday", "year", "daily", "dash"})
_TIME_KINDS: Final = frozenset({"time", "sun", "h24"})


def _periods(
    tokens: Sequence[_Tok], start: datetime, end: datetime
) -> tuple[list[tuple[datetime, datetime, bool]], list[str]]:
    """Periods ``(start, end, named)``; ``named`` when the dates were written, not every day."""
    notes: list[str] = []
    periods: list[tuple[datetime, datetime, bool]] = []
    groups: list[tuple[list[_Tok], list[_Tok]]] = []  # (dates, times)
    significant = [t for t in tokens if t.kind != "window"]
    times_first = bool(significant) and significant[0].kind in _TIME_KINDS
    dates: list[_Tok] = []
    times: list[_Tok] = []
    for tok in tokens:
        if tok.kind == "window":
            a, b = (_datetime10(v) for v in tok.values)
            if b <= a:
                raise _UnreadError(f"window {tok.text!r} ends before it starts")
            periods.append((a, b, True))
        elif tok.kind in _TIME_KINDS:
            if times_first and dates:
                groups.append((dates, times))
                dates, times = [], []
            times.append(tok)
        else:
            if not times_first and times:
                groups.append((dates, times))
                dates, times = [], []
            dates.append(tok)
    if dates or times:
        if not times:
            raise _UnreadError(f"dates {' '.join(t.text for t in dates)!r} have no times")
        groups.append((dates, times))
    days_total = 0
    for group_dates, group_times in groups:
        days, named = _days(group_dates, start, end)
        days_total += len(days) * len(group_times)
        if days_total > MAX_PERIODS:
            raise _UnreadError(f"more than {MAX_PERIODS} periods")
        for tok in group_times:
            if tok.kind == "sun" and not any("SR" in n for n in notes):
                notes.append(
                    f"sunrise/sunset {tok.text!r} not computed: whole days are used (conservative)"
                )
            periods.extend((*_on(day, tok), named) for day in days)
    return periods, notes


def _on(day: date, tok: _Tok) -> tuple[datetime, datetime]:
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    if tok.kind != "time":
        return midnight, midnight + timedelta(days=1)
    a, b = tok.values
    first = midnight + timedelta(hours=a // 100, minutes=a % 100)
    last = midnight + timedelta(hours=b // 100, minutes=b % 100)
    if b == 2359:
        last += timedelta(minutes=1)  # 2359 closes the day: up to 2400, joining a 0000 start
    if last <= first:
        last += timedelta(days=1)  # crosses midnight
    return first, last


def _days(tokens: Sequence[_Tok], start: datetime, end: datetime) -> tuple[list[date], bool]:
    """The dates named by ``tokens`` (every date of B)-C) if none), and whether they were named."""
    first, last = start.date() - timedelta(days=1), end.date()
    every = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    named = [t for t in tokens if t.kind != "daily"]
    if not named:
        return every, False
    if all(t.kind in ("weekday", "dash") for t in named):
        return [d for d in every if d.weekday() in _weekdays(named)], False
    return _calendar_days(named, start), True


def _weekdays(tokens: Sequence[_Tok]) -> set[int]:
    days: set[int] = set()
    previous: int | None = None
    ranged = False
    for tok in tokens:
        if tok.kind == "dash":
            if previous is None:
                raise _UnreadError("'-' without a first weekday")
            ranged = True
            continue
        value = tok.values[0]
        if ranged and previous is not None:
            days.update((previous + n) % 7 for n in range((value - previous) % 7 + 1))
        days.add(value)
        previous, ranged = value, False
    if ranged:
        raise _UnreadError("'-' without a last weekday")
    return days


def _calendar_days(tokens: Sequence[_Tok], start: datetime) -> list[date]:
    """Dates from day numbers, month names, years and ``-`` ranges, in either order."""
    resolved: list[date] = []
    month: int | None = None
    year: int | None = None
    pending_range = False
    reference = start.date()
    items = list(tokens)
    for n, tok in enumerate(items):
        if tok.kind == "weekday":
            raise _UnreadError("weekdays mixed with dates")
        if tok.kind == "month":
            month = tok.values[0]
            if (
                n
                and items[n - 1].kind == "day"
                and (n + 1 == len(items) or items[n + 1].kind != "day")
            ):
                # "06 SEP": the month belongs to the day before it
                day_value = items[n - 1].values[0]
                resolved[-1] = _date(year, month, day_value, reference)
            continue
        if tok.kind == "year":
            year = tok.values[0]
            if resolved:
                resolved[-1] = resolved[-1].replace(year=year)
            continue
        if tok.kind == "dash":
            if not resolved:
                raise _UnreadError("'-' without a first date")
            pending_range = True
            continue
        day = _date(year, month, tok.values[0], resolved[-1] if resolved else reference)
        if pending_range:
            if month is not None and n + 1 < len(items) and items[n + 1].kind == "month":
                day = _date(year, items[n + 1].values[0], tok.values[0], resolved[-1])
            span = (day - resolved[-1]).days
            if span < 0 or span > 366:
                raise _UnreadError(f"range ending {tok.text!r} runs backwards")
            base = resolved[-1]
            resolved.extend([base + timedelta(days=k) for k in range(1, span + 1)])
            pending_range = False
        else:
            resolved.append(day)
    if pending_range:
        raise _UnreadError("'-' without a last date")
    return sorted(set(resolved))


def _date(year: int | None, month: int | None, day: int, reference: date) -> date:
    """The first date on or after ``reference`` with this day (and month, year if given)."""
    try:
        if month is None:
            candidate_month, candidate_year = reference.month, reference.year
            for _ in range(3):
                if day <= calendar.monthrange(candidate_year, candidate_month)[1]:
                    candidate = date(candidate_year, candidate_month, day)
                    if candidate >= reference:
                        return candidate
                candidate_month = candidate_month % 12 + 1
                candidate_year += candidate_month == 1
            raise _UnreadError(f"day {day} not found after {reference}")
        candidate = date(year or reference.year, month, day)
        if year is None and candidate < reference - timedelta(days=1):
            candidate = candidate.replace(year=candidate.year + 1)
        return candidate
    except ValueError as exc:
        raise _UnreadError(f"no date {day} in month {month}: {exc}") from None


def _datetime10(value: int) -> datetime:
    text = f"{value:010d}"
    try:
        return datetime.strptime(text, "%y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError:
        raise _UnreadError(f"{text!r} is not a time yymmddhhmm") from None


def _merged(periods: list[tuple[datetime, datetime]]) -> list[Period]:
    merged: list[Period] = []
    for a, b in sorted(periods):
        if merged and merged[-1][1] is not None and a <= merged[-1][1]:
            previous_end = merged[-1][1]
            merged[-1] = (merged[-1][0], max(previous_end, b))
        else:
            merged.append((a, b))
    return merged
