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

#: Columns each table carries (besides ``geometry``), by attribute name.  Columns marked
#: optional in :class:`MapData` may be missing.
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "trajectory_points": ("launch_id", "time", "alt_m"),
    "launch_points": ("launch_id", "vehicle", "role", "time", "description"),
    "closures": (
        "id",
        "kind",
        "route",
        "fir",
        "lower",
        "upper",
        "start",
        "end",
        "periods",
        "reason",
        "notam",
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
        "periods",
        "reason",
    ),
    "network_segments": ("route",),
    "flows": (
        "flow_id",
        "kind",
        "rank",
        "origin",
        "destination",
        "flights_per_day",
        "flights_affected_per_day",
        "closures_hit",
        "extra_nm",
        "extra_min",
        "extra_fuel_kg",
        "extra_co2_kg",
        "airways",
    ),
    "firs": ("code", "name", "official"),
    "alerts": ("launch_id", "place", "time", "alt_m", "distance_km", "beyond_impact_km", "over"),
    "labels": ("name", "kind", "rank"),
}

#: Closure kinds, by how the closure came about (each drawn in its own colour and pattern).
DECLARED_KINDS: Final = frozenset({"declared", "route"})
RECOMMENDED_KINDS: Final = frozenset({"recommended"})
THREAT_KINDS: Final = frozenset({"precaution"})


def closure_class(kind: object) -> str:
    """``declared``, ``recommended``, ``threat`` (a posture's precautionary threat corridor,
    context rather than a closure) or ``computed`` (every hazard kind the engine makes)."""
    text = str(kind)
    if text in DECLARED_KINDS:
        return "declared"
    if text in RECOMMENDED_KINDS:
        return "recommended"
    if text in THREAT_KINDS:
        return "threat"
    return "computed"


@runtime_checkable
class MapData(Protocol):
    """What :func:`airspace.maps.build_map` reads.

    - ``name``: scenario name (shown in the panel and page title); ``timezone``: IANA zone of
      the local times shown next to UTC (e.g. ``"Asia/Seoul"``).
    - ``trajectory_points``: launch_id, time, alt_m, geometry (Point): ordered samples per launch.
    - ``launch_points``: launch_id, vehicle, role ('site' | 'impact'), time, description, Point.
    - ``closures``: every closure, areas and airways: id, kind (a hazard kind: 'impact',
      'ascent', 'descent', 'stage-drop', ... for computed zones, 'declared' for declared areas,
      'route' for declared airway closures, 'recommended'), route (the airway of a 'route'
      closure, else None), fir, lower, upper (text such as 'SFC', 'FL600', 'UNL'), start, end,
      periods (optional: the active UTC intervals inside start-end, a sequence of (start, end)
      pairs or text ``START/END; START/END``; empty or missing = the whole window), reason,
      notam (full ICAO text, may be empty), geometry (Polygon/MultiPolygon for areas, the
      closed airway's lines for routes).
    - ``affected_segments``: closure (id of the closure), route, from_fix, to_fix, lower, upper,
      start, end, periods (optional), reason, geometry (lines).
    - ``network_segments``: route, geometry (lines); clipped to the view and simplified here.
    - ``flows``: flow_id, kind ('baseline' | 'reroute'), rank (0 for the baseline, 1 for the
      suggested reroute, 2... for alternatives), origin, destination, flights_per_day,
      flights_affected_per_day, closures_hit (comma-separated closure ids), extra_nm,
      extra_min, extra_fuel_kg, extra_co2_kg (per flight, may be NaN), airways, geometry.
    - ``firs``: code, name, official (bool), geometry.
    - ``alerts``: launch_id, place, time, alt_m, distance_km (from the ground track),
      beyond_impact_km (> 0: in line with the flight past the impact), over (bool), Point: one
      row per place (merge duplicates before).
    - ``labels``: name, kind ('airport' | 'fix' | 'city' | 'place'), rank (0 = most important;
      the map shows lower ranks first and at lower zoom), Point.
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
    @property
    def labels(self) -> gpd.GeoDataFrame: ...


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
