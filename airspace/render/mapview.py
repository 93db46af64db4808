"""The advisory seen as map data (``airspace.maps.MapData``): one adapter that chooses what is in
view and what the map names (``render.mapextras``: merged overflight alerts, labels);
``advisory_map`` draws it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from airspace.hazard import HazardVolume
from airspace.maps import build_map
from airspace.maps.data import map_frame
from airspace.network import RouteNetwork
from airspace.render.mapextras import merged_alerts, view_labels
from airspace.tables import period_list
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
    closures: gpd.GeoDataFrame
    affected_segments: gpd.GeoDataFrame
    network_segments: gpd.GeoDataFrame
    flows: gpd.GeoDataFrame
    firs: gpd.GeoDataFrame
    alerts: gpd.GeoDataFrame
    labels: gpd.GeoDataFrame

    @classmethod
    def of(cls, advisory: Advisory) -> MapView:
        sc = advisory.scenario
        box = _view_box(advisory)
        flows = _flows(advisory)
        return cls(
            name=sc.name,
            timezone=sc.timezone,
            trajectory_points=_tracks(advisory),
            launch_points=_launch_points(advisory),
            closures=_closures(advisory),
            affected_segments=_affected(advisory),
            network_segments=_network(advisory, box),
            flows=flows,
            firs=_firs(advisory, box),
            alerts=merged_alerts(advisory),
            labels=view_labels(advisory, box or shapely.box(-180, -90, 180, 90), flows),
        )


def advisory_map(advisory: Advisory, *, offline: bool | None = None) -> folium.Map:
    """The advisory on a Folium map: one self-contained HTML page (``offline`` is accepted for
    compatibility and ignored: every map works without a network)."""
    del offline
    return build_map(MapView.of(advisory))


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
        for role, point, time in (
            ("site", t.launch, t.launch_time),
            ("impact", t.impact, t.impact_time),
        ):
            rows.append(
                {
                    "launch_id": lid,
                    "vehicle": vehicle,
                    "role": role,
                    "time": time,
                    "description": point.description,
                    "geometry": shapely.Point(point.lon, point.lat),
                }
            )
    return map_frame("launch_points", rows)


def _periods(table: pd.DataFrame) -> Any:
    """The tables' ``periods`` column where the advisory has one (NOTAM D) schedules)."""
    return table["periods"] if "periods" in table.columns else None


def _closures(advisory: Advisory) -> gpd.GeoDataFrame:
    """Closure zones (areas) and declared airway closures (drawn as their closed segments)."""
    zones = advisory.closures
    frame = pd.DataFrame(
        {
            "id": zones["id"],
            "kind": zones["kind"],
            "route": None,
            "fir": zones["fir"],
            "lower": zones["lower"],
            "upper": zones["upper"],
            "start": zones["start"],
            "end": zones["end"],
            "periods": _periods(zones),
            "reason": zones["reason"],
            "notam": zones["notam"],
            "warnings": zones["warnings"] if "warnings" in zones.columns else "",
            "geometry": zones.geometry,
        }
    )
    hazards = advisory.hazards
    threats = hazards[(hazards["kind"] == "precaution") & hazards.geometry.notna()]
    corridors = pd.DataFrame(
        {
            "id": threats["id"],
            "kind": threats["kind"],
            "route": None,
            "fir": "",
            "lower": threats["lower"],
            "upper": threats["upper"],
            "start": threats["start"],
            "end": threats["end"],
            "periods": _periods(threats),
            "reason": threats["reason"],
            "notam": "",
            "warnings": "",
            "geometry": threats.geometry,
        }
    )
    frame = pd.concat([frame, corridors], ignore_index=True) if len(corridors) else frame
    routes = hazards[hazards["route"].notna() & hazards.geometry.isna()]
    segments = advisory.affected_segments
    rows = []
    for h in routes.itertuples(index=False):
        mine = segments[segments["closure"] == h.id]
        lines = shapely.union_all(mine.geometry.to_numpy()) if len(mine) else None
        firs = ""
        if len(mine):
            middle = shapely.line_interpolate_point(mine.geometry.to_numpy(), 0.5, normalized=True)
            found = advisory.network.firs_at(shapely.get_y(middle), shapely.get_x(middle))
            firs = ",".join(sorted({str(f) for f in found if f}))
        rows.append(
            {
                "id": h.id,
                "kind": h.kind,
                "route": h.route,
                "fir": firs,
                "lower": h.lower,
                "upper": h.upper,
                "start": h.start,
                "end": h.end,
                "periods": getattr(h, "periods", None),
                "reason": h.reason,
                "notam": "",
                "geometry": lines,
            }
        )
    both = pd.concat([frame, pd.DataFrame(rows)], ignore_index=True) if rows else frame
    return map_frame("closures", both)


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
    (low and high airways), drawn once here with the widest limits; each with its closure's
    active periods.  Rows nearest ``near`` (the impacts) come first: the map labels each route
    on its first segment."""
    if table.empty:
        return map_frame("affected_segments", [])
    by_id = {v.id: v for v in volumes}
    keys = ["closure", "route", "from_fix", "to_fix", "start", "end"]
    merged = table.groupby(keys, sort=False, dropna=False).agg(
        lower_ft=("lower_ft", "min"), upper_ft=("upper_ft", "max"), geometry=("geometry", "first")
    )
    merged = merged.reset_index()
    if near is not None:
        order = np.argsort(shapely.distance(merged["geometry"].to_numpy(), near), kind="stable")
        merged = merged.iloc[order].reset_index(drop=True)
    closure_ids = [str(c) for c in merged["closure"]]
    frame = pd.DataFrame(
        {
            **{k: merged[k] for k in keys},
            "kind": [by_id[c].kind if c in by_id else "" for c in closure_ids],
            "lower": [str(Level.from_feet(v)) for v in merged["lower_ft"]],
            "upper": [str(Level.from_feet(v)) for v in merged["upper_ft"]],
            "periods": [period_list(by_id[c].limits) if c in by_id else None for c in closure_ids],
            "reason": [by_id[c].reason if c in by_id else "" for c in closure_ids],
            "geometry": merged["geometry"],
        }
    )
    return map_frame("affected_segments", frame)


def _view_box(advisory: Advisory) -> shapely.Geometry | None:
    """The area round the hazards, closures, closed airways and launches (None when there are
    none: the map then shows no route network or FIRs rather than the whole world's)."""
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


def _network(advisory: Advisory, box: shapely.Geometry | None) -> gpd.GeoDataFrame:
    return network_frame(advisory.network, [box.buffer(VIEW_MARGIN_DEG)] if box else [])


def network_frame(network: RouteNetwork, boxes: Sequence[shapely.Geometry]) -> gpd.GeoDataFrame:
    """The network segments that meet any of ``boxes`` (one bulk STRtree query)."""
    segments = network.segments
    hits = network.query(list(boxes))[1] if len(boxes) else np.array([], dtype=np.intp)
    table = segments.iloc[np.unique(hits)]
    frame = pd.DataFrame({"route": table["route"], "geometry": table.geometry})
    return map_frame("network_segments", frame)


def _flows(advisory: Advisory) -> gpd.GeoDataFrame:
    """Each flow's baseline and every reroute (rank 1 = suggested), with its cost per flight."""
    rows: list[dict[str, object]] = []
    flows = advisory.flows
    for f in flows.itertuples():
        rows.append(
            {
                "flow_id": f.flow_id,
                "kind": "baseline",
                "rank": 0,
                "origin": f.origin,
                "destination": f.destination,
                "flights_per_day": f.flights_per_day,
                "flights_affected_per_day": f.flights_affected_per_day,
                "closures_hit": f.closures_hit,
                "extra_nm": 0.0,
                "extra_min": 0.0,
                "extra_fuel_kg": 0.0,
                "extra_co2_kg": 0.0,
                "airways": f.route,
                "geometry": f.geometry,
            }
        )
    ends = flows.set_index("flow_id")
    reroutes = [(r, "reroute") for r in advisory.reroutes.itertuples()]
    reroutes += [
        (r, "recommended-reroute")
        for r in advisory.recommended_reroutes.itertuples()
        if bool(r.suggested)
    ]
    for r, kind in reroutes:
        rows.append(
            {
                "flow_id": r.flow_id,
                "kind": kind,
                "rank": int(r.rank),
                "origin": ends.origin[r.flow_id],
                "destination": ends.destination[r.flow_id],
                "flights_per_day": ends.flights_per_day[r.flow_id],
                "flights_affected_per_day": ends.flights_affected_per_day[r.flow_id],
                "closures_hit": ends.closures_hit[r.flow_id],
                "extra_nm": r.extra_nm,
                "extra_min": r.extra_min,
                "extra_fuel_kg": np.nan if r.extra_fuel_kg is None else r.extra_fuel_kg,
                "extra_co2_kg": np.nan if r.extra_co2_kg is None else r.extra_co2_kg,
                "airways": r.airways,
                "geometry": r.geometry,
            }
        )
    return map_frame("flows", rows)


def _firs(advisory: Advisory, box: shapely.Geometry | None) -> gpd.GeoDataFrame:
    return firs_frame(advisory.network, box.bounds if box is not None else None)


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
