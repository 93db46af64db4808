"""Plain-data summaries of a scenario (for ``--json`` output, tables and reports)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from airspace.geo import format_dms
from airspace.places import Place
from airspace.scenario import Closure, Launch, Posture, Scenario
from airspace.scenario.posture import Sizing


def _point(place: Place) -> dict[str, Any]:
    return {
        "lat": round(place.lat, 6),
        "lon": round(place.lon, 6),
        "dms": format_dms(place.lat, place.lon),
        "description": place.description,
    }


def _time(value: datetime, zone: ZoneInfo) -> dict[str, str]:
    local = value.astimezone(zone)
    return {
        "utc": value.isoformat(),
        "local": local.isoformat(),
        "text": f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({value:%d %H%MZ})",
    }


def _launch(launch: Launch, zone: ZoneInfo) -> dict[str, Any]:
    shape: str = launch.profile or ""
    if launch.apogee:
        shape = f"apogee {launch.apogee}"
    elif launch.flight_path_angle_deg:
        shape = f"{launch.flight_path_angle_deg:g}° flight-path angle"
    return {
        "id": launch.id,
        "vehicle": launch.vehicle,
        "count": launch.count,
        "site": _point(launch.site),
        "time": _time(launch.earliest, zone),
        "window_end": _time(launch.window.end, zone) if launch.window else None,
        "impact": _point(launch.impact) if launch.impact else None,
        "azimuth_deg": launch.azimuth_deg,
        "range_km": launch.range.km if launch.range else None,
        "trajectory": shape or "vehicle default",
        "precaution": _sizes(launch.precaution) if launch.precaution else None,
    }


def _sizes(model: Sizing) -> dict[str, Any]:
    """The sizes a posture, precaution or activity sets (unset ones left out), as text."""
    found: dict[str, Any] = {}
    for name in Sizing.model_fields.keys() | {
        "heading_deg",
        "heading_window_deg",
        "fir",
        "basis",
        "id",
        "vehicle",
        "count",
    }:
        value = getattr(model, name, None)
        if isinstance(value, timedelta):
            value = f"{value.total_seconds() / 3600.0:g} h"
        elif value is not None and not isinstance(value, int | float | str | tuple):
            value = str(value)
        if value is not None:
            found[name] = value
    return dict(sorted(found.items()))


def _posture(posture: Posture, zone: ZoneInfo) -> dict[str, Any]:
    return {
        **_sizes(posture),
        "activities": [
            {
                **_sizes(a),
                "site": _point(a.site),
                "time": _time(first, zone) if first is not None else None,
                "window_end": _time(a.window.end, zone) if a.window else None,
            }
            for a, first in (
                (a, a.window.start if a.window else a.time) for a in posture.activities
            )
        ],
    }


def closure_area_text(closure: Closure) -> str:
    """Short human text for what a declared closure covers."""
    if closure.route:
        return f"route {closure.route}"
    if closure.polygon:
        return f"polygon of {len(closure.polygon)} points"
    if closure.circle:
        return f"{closure.circle.radius} radius of {closure.circle.centre.description}"
    if closure.notams:
        return f"NOTAMs of file {closure.notams}"
    return "NOTAM text"


def _closure(closure: Closure, zone: ZoneInfo) -> dict[str, Any]:
    if closure.notams is not None:  # each NOTAM of the file has its own window and limits
        return {"id": closure.id, "area": closure_area_text(closure), "reason": closure.reason}
    start, end = closure.window
    lower, upper = closure.limits
    return {
        "id": closure.id,
        "area": closure_area_text(closure),
        "lower": str(lower),
        "upper": str(upper),
        "start": _time(start, zone),
        "end": _time(end, zone),
        "periods": [[_time(a, zone), _time(b, zone)] for a, b in closure.periods],
        "reason": closure.reason,
    }


def scenario_summary(scenario: Scenario) -> dict[str, Any]:
    """Everything the scenario says, with places resolved, as JSON-ready data."""
    zone = scenario.zone
    return {
        "file": scenario.file,
        "name": scenario.name,
        "timezone": scenario.timezone,
        "avoid_firs": scenario.avoid_firs,
        "launches": [_launch(item, zone) for item in scenario.launches],
        "closures": [_closure(item, zone) for item in scenario.closures],
        "flows": [
            {
                "id": flow.id,
                "origin": _point(flow.origin),
                "destination": _point(flow.destination),
                "flights_per_day": flow.flights_per_day,
                "aircraft": flow.aircraft,
                "cruise": str(flow.cruise),
            }
            for flow in scenario.flows
        ],
        "posture": _posture(scenario.posture, zone) if scenario.posture else None,
    }
