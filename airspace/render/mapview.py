"""The advisory seen as map data (``airspace.maps.MapData``): one adapter, no logic of its own
beyond choosing what is in view; ``advisory_map`` draws it.  The frame builders
(``affected_frame``, ``network_frame``, ``firs_frame``) serve the NOTAM bulletin's map too.
Hazards and closures carry their ``periods`` (active periods) and ``warnings`` columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from airspace.hazard import HazardVolume
from airspace.maps import build_map
from airspace.maps.data import map_frame
from airspace.network import RouteNetwork
from airspace.units import Level

if TYPE_CHECKING:
    import folium

    from airspace.advisory import Advisory

TRACK_STEP_S = 5.0
VIEW_MARGIN_DEG = 8.0


@dataclass(frozen=True, kw_only=True)
class MapView:
    """Frames in the layout ``airspace.maps.data.COLUMNS`` describes."""

    name: str
    timezone: str
    trajectory_points: gpd.GeoDataFrame
    launch_points: gpd.GeoDataFrame
    hazards: gpd.GeoDataFrame
    closures: gpd.GeoDataFrame
    affected_segments: gpd.GeoDataFrame
    network_segments: gpd.GeoDataFrame
    flows: gpd.GeoDataFrame
    firs: gpd.GeoDataFrame
    alerts: gpd.GeoDataFrame

    @classmethod
    def of(cls, advisory: Advisory) -> MapView:
        sc = advisory.scenario
        hazards = advisory.hazards
        return cls(
            name=sc.name,
            timezone=sc.timezone,
            trajectory_points=_tracks(advisory),
            launch_points=_launch_points(advisory),
            hazards=hazards[hazards.geometry.notna()],
            closures=advisory.closures,
            affected_segments=_affected(advisory),
            network_segments=_network(advisory),
            flows=_flows(advisory),
            firs=_firs(advisory),
            alerts=advisory.alerts,
        )


def advisory_map(advisory: Advisory, *, offline: bool = False) -> folium.Map:
    """The advisory on a Folium map (``offline=True``: one self-contained HTML file)."""
    return build_map(MapView.of(advisory), offline=offline)


def _tracks(advisory: Advisory) -> gpd.GeoDataFrame:
    parts = []
    for lid, t in advisory.computed.trajectories.items():
        s = t.sample(TRACK_STEP_S)
        parts.append(
            pd.DataFrame(
                {
                    "launch_id": lid,
                    "time": s["time"],
                    "alt_m": s["alt_m"],
                    "geometry": shapely.points(s["lon"], s["lat"]),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True) if parts else []
    return map_frame("trajectory_points", frame)


def _launch_points(advisory: Advisory) -> gpd.GeoDataFrame:
    rows: list[dict[str, object]] = []
    launches = {lch.id: lch for lch in advisory.scenario.launches}
    for lid, t in advisory.computed.trajectories.items():
        vehicle = launches[lid].vehicle
        rows.append(
            {
                "launch_id": lid,
                "vehicle": vehicle,
                "role": "site",
                "time": t.launch_time,
                "description": t.launch.description,
                "geometry": shapely.Point(t.launch.lon, t.launch.lat),
            }
        )
        rows.append(
            {
                "launch_id": lid,
                "vehicle": vehicle,
                "role": "impact",
                "time": t.impact_time,
                "description": t.impact.description,
                "geometry": shapely.Point(t.impact.lon, t.impact.lat),
            }
        )
    return map_frame("launch_points", rows)


def _affected(advisory: Advisory) -> gpd.GeoDataFrame:
    impacts = [t.impact for t in advisory.computed.trajectories.values()]
    near = (
        shapely.Point(np.mean([p.lon for p in impacts]), np.mean([p.lat for p in impacts]))
        if impacts
        else None
    )
    volumes = [*advisory.computed.volumes, *advisory.computed.recommended_volumes]
    return affected_frame(advisory.affected_segments, volumes, near)


def affected_frame(
    table: gpd.GeoDataFrame, volumes: Sequence[HazardVolume], near: shapely.Point | None = None
) -> gpd.GeoDataFrame:
    """One row per closure and segment: the network holds some segments once per level band
    (low and high airways), drawn once here with the widest limits.  Rows nearest ``near``
    (the impacts) come first: the map labels each route on its first segment."""
    if table.empty:
        return map_frame("affected_segments", [])
    reasons = {v.id: v.reason for v in volumes}
    kinds = {v.id: v.kind for v in volumes}
    keys = ["closure", "route", "from_fix", "to_fix", "start", "end"]
    merged = table.groupby(keys, sort=False, dropna=False).agg(
        lower_ft=("lower_ft", "min"), upper_ft=("upper_ft", "max"), geometry=("geometry", "first")
    )
    merged = merged.reset_index()
    if near is not None:
        order = np.argsort(shapely.distance(merged["geometry"].to_numpy(), near), kind="stable")
        merged = merged.iloc[order].reset_index(drop=True)
    frame = pd.DataFrame(
        {
            **{k: merged[k] for k in keys},
            "kind": [kinds.get(str(c), "") for c in merged["closure"]],
            "lower": [str(Level.from_feet(v)) for v in merged["lower_ft"]],
            "upper": [str(Level.from_feet(v)) for v in merged["upper_ft"]],
            "reason": [reasons.get(str(c), "") for c in merged["closure"]],
            "geometry": merged["geometry"],
        }
    )
    return map_frame("affected_segments", frame)


def _view_box(advisory: Advisory) -> shapely.Geometry | None:
    """The area round the hazards, closures and closed airways (None when there are none: the
    map then shows no route network or FIRs rather than the whole world's)."""
    geoms = [*advisory.hazards.geometry.dropna(), *advisory.closures.geometry]
    for t in advisory.computed.trajectories.values():
        geoms += [
            shapely.Point(t.launch.lon, t.launch.lat),
            shapely.Point(t.impact.lon, t.impact.lat),
        ]
    if advisory.affected_segments.size:
        geoms += list(advisory.affected_segments.geometry)
    if not geoms:
        return None
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(geoms, dtype=object))
    m = VIEW_MARGIN_DEG
    return shapely.box(
        max(minx - m, -180), max(miny - m, -90), min(maxx + m, 180), min(maxy + m, 90)
    )


def _network(advisory: Advisory) -> gpd.GeoDataFrame:
    view = _view_box(advisory)
    return network_frame(advisory.network, [view] if view is not None else [])


def network_frame(network: RouteNetwork, boxes: Sequence[shapely.Geometry]) -> gpd.GeoDataFrame:
    """The network segments that meet any of ``boxes`` (one bulk STRtree query)."""
    segments = network.segments
    hits = network.query(list(boxes))[1] if len(boxes) else np.array([], dtype=np.intp)
    table = segments.iloc[np.unique(hits)]
    frame = pd.DataFrame({"route": table["route"], "geometry": table.geometry})
    return map_frame("network_segments", frame)


def _flows(advisory: Advisory) -> gpd.GeoDataFrame:
    rows: list[dict[str, object]] = []
    for f in advisory.flows.itertuples():
        rows.append(
            {
                "flow_id": f.flow_id,
                "kind": "baseline",
                "origin": f.origin,
                "destination": f.destination,
                "extra_nm": 0.0,
                "extra_min": 0.0,
                "extra_fuel_kg": 0.0,
                "airways": f.route,
                "geometry": f.geometry,
            }
        )
    ends = advisory.flows.set_index("flow_id")
    rows += _reroutes(advisory.reroutes, ends, "reroute")
    rows += _reroutes(advisory.recommended_reroutes, ends, "recommended-reroute")
    return map_frame("flows", rows)


def _reroutes(reroutes: pd.DataFrame, ends: pd.DataFrame, kind: str) -> list[dict[str, object]]:
    """The suggested reroutes as map rows of ``kind``."""
    rows: list[dict[str, object]] = []
    for r in reroutes[reroutes["suggested"].astype(bool)].itertuples():
        rows.append(
            {
                "flow_id": r.flow_id,
                "kind": kind,
                "origin": ends.origin[r.flow_id],
                "destination": ends.destination[r.flow_id],
                "extra_nm": r.extra_nm,
                "extra_min": r.extra_min,
                "extra_fuel_kg": np.nan if r.extra_fuel_kg is None else r.extra_fuel_kg,
                "airways": r.airways,
                "geometry": r.geometry,
            }
        )
    return rows


def _firs(advisory: Advisory) -> gpd.GeoDataFrame:
    view = _view_box(advisory)
    return firs_frame(advisory.network, view.bounds if view is not None else None)


def firs_frame(
    network: RouteNetwork, bounds: tuple[float, float, float, float] | None
) -> gpd.GeoDataFrame:
    """The FIRs in a (west, south, east, north) box, clipped to it; none without a box (the
    whole world's layer would weigh 0.6 MB)."""
    if bounds is None:
        return map_frame("firs", [])
    table = network.firs.in_view(*bounds)
    frame = pd.DataFrame(
        {
            "code": table["id"],
            "name": table["name"],
            "official": table["accuracy"] == "official",
            "geometry": table.geometry,
        }
    )
    return map_frame("firs", frame)


__all__ = ["MapView", "advisory_map", "affected_frame", "firs_frame", "network_frame"]
