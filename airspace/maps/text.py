"""Text shown on the map: every value from data is HTML-escaped here, and only here.

Popup, tooltip and legend strings are built in Python from escaped values and fixed labels;
the browser receives them as JSON strings and Leaflet sets them as innerHTML.  Nothing from data
is ever placed in a JavaScript source position.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd


def esc(value: Any) -> str:
    """``value`` as escaped HTML text; missing values (None, NaN, NaT) become an em dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "\u2014"
    return html.escape(str(value), quote=True)


def utc_ms(value: Any) -> float | None:
    """Milliseconds since the epoch of a timestamp, or ``None`` when missing."""
    if value is None or value is pd.NaT:
        return None
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        return None
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return float(ts.value // 1_000_000)


def when(value: Any, timezone: str) -> str:
    """Escaped ``2022-11-02 01:58Z (10:58 KST)``: UTC, then local time in ``timezone`` (none
    when the zone is UTC).  ``value``: a timestamp or UTC milliseconds since the epoch."""
    if value is None or value is pd.NaT or pd.isna(value):
        return "\u2014"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isinf(value):
            return "open"
        value = pd.Timestamp(value, unit="ms", tz="UTC")
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    utc = ts.tz_convert("UTC")
    if timezone in ("UTC", "Etc/UTC", "Z"):
        return esc(f"{utc:%Y-%m-%d %H:%M}Z")
    try:
        local = ts.tz_convert(ZoneInfo(timezone))
        local_text = f" ({local:%H:%M} {local.tzname()})"
        if local.date() != utc.date():
            local_text = f" ({local:%Y-%m-%d %H:%M} {local.tzname()})"
    except (KeyError, ValueError):
        local_text = ""
    return esc(f"{utc:%Y-%m-%d %H:%M}Z{local_text}")


def window(start: Any, end: Any, timezone: str) -> str:
    """Escaped time window ``start - end`` in UTC and local time."""
    return f"{when(start, timezone)} \u2013 {when(end, timezone)}"


def alert_where(distance_km: Any, beyond_km: float, over: bool) -> str:
    """Where an alert's place lies: under the track, N km from it, or in line past the impact."""
    if beyond_km > 0:
        return (
            f"in line with the flight, {number(beyond_km, 'km')} past the impact "
            f"({number(distance_km, 'km')} off the line)"
        )
    if over:
        return "under the track"
    return f"{number(distance_km, 'km')} from the track"


def table(rows: list[tuple[str, str]]) -> str:
    """An HTML table of (fixed label, already-escaped value) rows."""
    body = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{v}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def popup(title: str, rows: list[tuple[str, str]], pre: str | None = None) -> str:
    """Popup HTML: escaped title, a table of escaped values, optional preformatted text."""
    extra = f"<pre>{esc(pre)}</pre>" if pre else ""
    return f'<div class="airspace-popup"><b>{esc(title)}</b>{table(rows)}{extra}</div>'


def number(value: Any, unit: str, digits: int = 0, signed: bool = False) -> str:
    """Escaped ``+85 NM``-style number; missing values become ``n/a``."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "n/a"
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "unlimited"
    sign = "+" if signed else ""
    return esc(f"{x:{sign},.{digits}f} {unit}")


def safe_json(value: Any) -> str:
    """Compact JSON safe to place inside a <script> element (no '<', '>', '&', quote)."""
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )
