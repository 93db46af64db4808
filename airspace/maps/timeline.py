"""One clock for the whole map: when each closure is active, the moments worth stopping at, and
the scenario's local zone.

A closure is active over its *periods* (NOTAM D) schedules) or, without any, over its whole
window ``start <= t < end``.  The timeline's moments are the instants where something changes
(a closure opens or closes, a launch, an impact), in order: stepping, playing and the slider go
from one to the next, so a 25-hour scenario has a dozen steps, not hundreds of minutes.

Times are UTC milliseconds since the epoch.  Local times are written as in popups,
``2022-11-02 01:58Z (10:58 KST)``: the zone's offsets and abbreviations over the timeline are
computed here (``zoneinfo``) and handed to the page, so the browser writes them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

import pandas as pd

from airspace.maps import text

Interval = tuple[float, float]

#: At most this many moments (more are thinned evenly, keeping the first and last).
MAX_MOMENTS: Final = 400
#: At most this many periods per closure are drawn on the clock (the rest merge into one).
MAX_PERIODS: Final = 2000
#: Offsets are sampled this often to find the zone's transitions (a day's DST change included).
_OFFSET_STEP: Final = timedelta(minutes=30)
_MAX_OFFSET_SAMPLES: Final = 20_000
_PERIOD_SPLIT: Final = re.compile(r"[;,\n]+")


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something happens at ``t_ms``: ``what`` is escaped HTML (``B467-closure opens``)."""

    t_ms: float
    what: str


def _ms(value: Any) -> float | None:
    if isinstance(value, str):
        try:
            value = pd.Timestamp(value.strip())
        except ValueError:
            return None
    return text.utc_ms(value)


def _pairs(value: Any) -> list[tuple[Any, Any]]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        out = []
        for part in _PERIOD_SPLIT.split(value):
            if "/" in part:
                a, b = part.split("/", 1)
                out.append((a, b))
        return out
    pairs = []
    for item in value:
        if isinstance(item, dict):
            pairs.append((item.get("start"), item.get("end")))
        else:
            a, b = item
            pairs.append((a, b))
    return pairs


def active_intervals(start: Any, end: Any, periods: Any = None) -> list[Interval]:
    """The UTC intervals (ms) a closure is active: its periods clipped to ``start``-``end``,
    or the whole window when it has none.  An open end (None) runs to the window's end."""
    t0, t1 = _ms(start), _ms(end)
    lo = t0 if t0 is not None else float("-inf")
    hi = t1 if t1 is not None else float("inf")
    found: list[Interval] = []
    for a, b in _pairs(periods):
        pa, pb = _ms(a), _ms(b)
        if pa is None:
            continue
        s, e = max(pa, lo), min(pb if pb is not None else hi, hi)
        if e > s:
            found.append((s, e))
    if not found:
        if t0 is None and t1 is None:
            return []
        return [(lo, hi)]
    found.sort()
    merged = [found[0]]
    for s, e in found[1:]:
        if s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    if len(merged) > MAX_PERIODS:
        merged = [*merged[: MAX_PERIODS - 1], (merged[MAX_PERIODS - 1][0], merged[-1][1])]
    return merged


def finite(intervals: Iterable[Interval]) -> list[list[float | None]]:
    """Intervals as JSON: an infinite end becomes ``None``."""
    return [
        [s if abs(s) != float("inf") else None, e if abs(e) != float("inf") else None]
        for s, e in intervals
    ]


def moments(events: Sequence[Event]) -> list[Event]:
    """Events merged per instant (``what`` joined) and in time order, at most MAX_MOMENTS."""
    by_time: dict[float, list[str]] = {}
    for event in events:
        if abs(event.t_ms) == float("inf"):
            continue
        by_time.setdefault(event.t_ms, [])
        if event.what not in by_time[event.t_ms]:
            by_time[event.t_ms].append(event.what)
    merged = [Event(t_ms=t, what="; ".join(w)) for t, w in sorted(by_time.items())]
    if len(merged) > MAX_MOMENTS:
        step = (len(merged) - 1) / (MAX_MOMENTS - 1)
        merged = [merged[round(i * step)] for i in range(MAX_MOMENTS)]
    return merged


def zone_offsets(timezone: str, start_ms: float, end_ms: float) -> list[list[Any]]:
    """``[[from_ms, offset_minutes, abbreviation], ...]`` of ``timezone`` over the range (the
    first entry holds from the start; each next one from a transition).  An unknown zone gives
    UTC."""
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    t = datetime.fromtimestamp(start_ms / 1000.0, tz=UTC)
    stop = datetime.fromtimestamp(end_ms / 1000.0, tz=UTC)
    step = max(_OFFSET_STEP, (stop - t) / _MAX_OFFSET_SAMPLES)
    out: list[list[Any]] = []
    while True:
        local = t.astimezone(zone)
        offset = local.utcoffset() or timedelta(0)
        entry = [t.timestamp() * 1000.0, round(offset.total_seconds() / 60.0), local.tzname()]
        if not out or out[-1][1:] != entry[1:]:
            out.append(entry)
        if t >= stop:
            return out
        t = min(t + step, stop)


def zone_name(timezone: str) -> str:
    """The zone as written in the time bar: ``Asia/Seoul`` (an unknown zone: ``UTC``)."""
    try:
        ZoneInfo(timezone)
    except (KeyError, ValueError):
        return "UTC"
    return timezone
