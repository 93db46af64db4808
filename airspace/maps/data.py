"""The data a map is drawn from: a structural interface, so any result object can be mapped.

Every table is a GeoDataFrame in EPSG:4326 (lon/lat, RFC 7946 order inside geometries); any may
be empty.  Times are timezone-aware UTC pandas timestamps.  Strings come from scenario and data
files and are treated as untrusted text: the map escapes them wherever they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Protocol, runtime_checkable

import geopandas as gpd
import pandas as pd

#: Columns each table carries (besides ``geometry``), by attribute name.
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "trajectory_points": ("launch_id", "time", "alt_m"),
    "launch_points": ("launch_id", "vehicle", "role", "time", "description"),
    "hazards": (
        "id",
        "kind",
        "lower",
        "upper",
        "lower_ft",
        "upper_ft",
        "start",
        "end",
        "reason",
        "sources",
        "periods",
        "warnings",
    ),
    "closures": (
        "id",
        "fir",
        "lower",
        "upper",
        "start",
        "end",
        "reason",
        "notam",
        "periods",
        "warnings",
    ),
    "affected_segments": (
        "closure",
        "kind",
        "route",
        "from_fix",
        "to_fix",
        "lower",
        "upper",
        "start",
        "end",
        "reason",
    ),
    "network_segments": ("route",),
    "flows": (
        "flow_id",
        "kind",
        "origin",
        "destination",
        "extra_nm",
        "extra_min",
        "extra_fuel_kg",
        "airways",
    ),
    "firs": ("code", "name", "official"),
    "alerts": ("launch_id", "place", "time", "alt_m", "distance_km"),
}


@runtime_checkable
class MapData(Protocol):
    """What :func:`airspace.maps.build_map` reads.

    - ``name``: scenario name (shown in the title and legend); ``timezone``: IANA zone for the
      local times in popups (e.g. ``"Asia/Seoul"``).
    - ``trajectory_points``: launch_id, time, alt_m, geometry (Point): ordered samples per launch.
    - ``launch_points``: launch_id, vehicle, role ('site' | 'impact'), time, description, Point.
    - ``hazards``: id, kind ('impact' | 'ascent' | 'descent' | 'stage-drop' | 'landing-zone' |
      'debris-response' | 'declared' | 'precaution': a threat corridor),
      lower, upper (text such as 'SFC', 'FL600', 'UNL'), lower_ft, upper_ft, start, end, reason,
      sources, periods, warnings, geometry (Polygon/MultiPolygon).
    - ``closures``: id, fir, lower, upper, start, end, reason, notam (full ICAO text: a
      published NOTAM as given), periods, warnings, geometry.
    - ``periods`` (hazards, closures): the active periods within ``start``-``end``, a list of
      ``[start, end]`` pairs (ISO 8601 UTC text or timestamps); a NOTAM's item D) schedule, else
      one period, the whole window.  Missing or empty (NaN, ``[]``) means the whole window.
    - ``warnings`` (hazards, closures): what the NOTAM reader interpreted, ``'; '``-separated
      text ('' or missing when none).
    - ``affected_segments``: closure (id of the closure or hazard), kind ('recommended' for a
      posture's recommended closures, drawn apart; else the closure's kind), route, from_fix,
      to_fix, lower, upper, start, end, reason, geometry (lines).
    - ``network_segments``: route, geometry (lines); clipped to the view and simplified here.
    - ``flows``: flow_id, kind ('baseline' | 'reroute' | 'recommended-reroute': round the
      recommended closures), origin, destination, extra_nm,
      extra_min, extra_fuel_kg (may be NaN), airways, geometry (lines).
    - ``firs``: code, name, official (bool), geometry.
    - ``alerts``: launch_id, place, time, alt_m, distance_km, geometry (Point).
    """

    @property
    def name(self) -> str: ...
    @property
    def timezone(self) -> str: ...
    @property
    def trajectory_points(self) -> gpd.GeoDataFrame: ...
    @property
    def launch_points(self) -> gpd.GeoDataFrame: ...
    @property
    def hazards(self) -> gpd.GeoDataFrame: ...
    @property
    def closures(self) -> gpd.GeoDataFrame: ...
    @property
    def affected_segments(self) -> gpd.GeoDataFrame: ...
    @property
    def network_segments(self) -> gpd.GeoDataFrame: ...
    @property
    def flows(self) -> gpd.GeoDataFrame: ...
    @property
    def firs(self) -> gpd.GeoDataFrame: ...
    @property
    def alerts(self) -> gpd.GeoDataFrame: ...


def map_frame(table: str, rows: pd.DataFrame | Iterable[Mapping[str, object]]) -> gpd.GeoDataFrame:
    """``rows`` as the map table ``table`` (a key of COLUMNS), EPSG:4326, columns in order."""
    data = rows if isinstance(rows, pd.DataFrame) else list(rows)
    frame = pd.DataFrame(data, columns=[*COLUMNS[table], "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def empty_frame(table: str) -> gpd.GeoDataFrame:
    """An empty GeoDataFrame (EPSG:4326) with the columns of ``table`` (a key of COLUMNS)."""
    return gpd.GeoDataFrame(
        {c: [] for c in COLUMNS[table]}, geometry=gpd.GeoSeries([], crs="EPSG:4326")
    )
