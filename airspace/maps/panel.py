"""The side panel's rows: closures (with their NOTAM text and GeoJSON for copy and download),
launches and alerts.  Display strings are escaped HTML; the NOTAM and GeoJSON texts are raw and
only ever reach the page as text (clipboard, downloaded file, ``textContent``)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping

from airspace.maps import text
from airspace.maps.data import closure_class
from airspace.maps.layers import levels
from airspace.maps.timeline import active_intervals, finite


def _raw(value: Any) -> Any:
    """A cell as plain JSON (times ISO 8601, missing and infinite numbers None)."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        try:
            return str(value.isoformat())
        except ValueError:  # NaT
            return None
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    if isinstance(value, str | int | bool):
        return value
    return str(value)


def closure_geojson(row: Any) -> str:
    """One closure as a GeoJSON Feature (RFC 7946 lon/lat, 5 decimals), properties as data."""
    geometry = shapely.set_precision(row.geometry, 1e-5) if row.geometry is not None else None
    props = {
        name: _raw(getattr(row, name, None))
        for name in ("id", "kind", "route", "fir", "lower", "upper", "start", "end", "reason")
    }
    data = {
        "type": "Feature",
        "geometry": mapping(geometry) if geometry is not None else None,
        "properties": props,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _bounds(geometry: Any) -> list[list[float]] | None:
    if geometry is None or geometry.is_empty:
        return None
    west, south, east, north = geometry.bounds
    return [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]


def closure_rows(
    original: gpd.GeoDataFrame, framed: gpd.GeoDataFrame, timezone: str, keys: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Per closure: key, escaped id, kind, class, levels, window, FIR, airway, active
    intervals, bounds in the frame; raw NOTAM and GeoJSON texts."""
    framed_by_id = {str(r.id): r.geometry for r in framed.itertuples(index=False)}
    rows = []
    for row in original.itertuples(index=False):
        notam = row.notam if isinstance(row.notam, str) else ""
        route = getattr(row, "route", None)
        rows.append(
            {
                "key": keys[str(row.id)],
                "id": text.esc(row.id),
                "kind": text.esc(row.kind),
                "cls": closure_class(row.kind),
                "levels": levels(row.lower, row.upper),
                "window": text.window(row.start, row.end, timezone),
                "fir": text.esc(row.fir),
                "route": text.esc(route) if isinstance(route, str) and route else "",
                "active": finite(active_intervals(row.start, row.end, _periods(row))),
                "bounds": _bounds(framed_by_id.get(str(row.id))),
                "notam": notam,
                "geojson": closure_geojson(row),
                "file": _file_name(str(row.id)),
            }
        )
    return rows


def _periods(row: Any) -> Any:
    return getattr(row, "periods", None)


def _file_name(closure_id: str) -> str:
    """A safe file name stem for a closure's downloads."""
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in closure_id)[:60]
    return stem or "closure"


def launch_rows(points: gpd.GeoDataFrame, framed: gpd.GeoDataFrame, timezone: str) -> list[Any]:
    """Per launch: escaped id and vehicle, launch and impact times, bounds of its two points."""
    rows = []
    for launch_id, group in points.groupby("launch_id", sort=False):
        site = group[group["role"] == "site"]
        impact = group[group["role"] == "impact"]
        where = framed[framed["launch_id"] == launch_id].geometry
        rows.append(
            {
                "id": text.esc(launch_id),
                "vehicle": text.esc(group["vehicle"].iloc[0]),
                "launch": text.when(site["time"].iloc[0], timezone) if len(site) else "\u2014",
                "impact": text.when(impact["time"].iloc[0], timezone) if len(impact) else "\u2014",
                "bounds": _bounds(shapely.union_all(where.to_numpy())) if len(where) else None,
            }
        )
    return rows


def alert_rows(framed: gpd.GeoDataFrame, timezone: str) -> list[dict[str, Any]]:
    """Per alert: escaped place, where (under the track, distance, past the impact), time."""
    rows = []
    for row in framed.itertuples(index=False):
        beyond = float(getattr(row, "beyond_impact_km", 0.0) or 0.0)
        rows.append(
            {
                "place": text.esc(row.place),
                "launch": text.esc(row.launch_id),
                "where": text.alert_where(row.distance_km, beyond, bool(getattr(row, "over", 0))),
                "time": text.when(row.time, timezone),
                "height": "\u2014" if beyond > 0 else text.number(row.alt_m / 1000.0, "km"),
                "ll": [round(row.geometry.y, 4), round(row.geometry.x, 4)],
            }
        )
    return rows
