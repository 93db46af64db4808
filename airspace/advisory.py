"""The advisory: one result object for a scenario, and ``run`` that builds it.

Data flows one way: scenario -> trajectories -> hazard volumes (+ route closures) -> closure zones
and NOTAMs -> affected segments -> flows and reroutes -> ``Advisory``.  Every output (tables,
files, map, report) is rendered from the ``Advisory``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from airspace.closures import ClosureZone, closure_zones, zones_frame
from airspace.hazard import HazardSettings, HazardVolume, volumes_frame
from airspace.intersect import affected_segments
from airspace.network import NetworkError, RouteNetwork
from airspace.notam import Notam
from airspace.reroute import FlowError, FlowResult, plan_flows
from airspace.scenario import Scenario, ScenarioError, load_scenario, problem_at
from airspace.trajectory import Overflight, Trajectory, TrajectoryError, trajectory_for_launch
from airspace.volumes import RouteClosure, scenario_volumes, settings_for

if TYPE_CHECKING:
    import folium

Progress = Callable[[str], None]
ALERT_DISTANCE_KM = 50.0
ALERT_BEYOND_KM = 200.0


@dataclass(frozen=True, eq=False)
class Advisory:
    """Everything a planner needs about one scenario; tables are GeoDataFrames (EPSG:4326)."""

    scenario: Scenario
    settings: HazardSettings
    trajectories: dict[str, Trajectory]
    volumes: tuple[HazardVolume, ...]
    route_closures: tuple[RouteClosure, ...]
    zones: tuple[ClosureZone, ...]
    affected_segments: gpd.GeoDataFrame
    flow_results: tuple[FlowResult, ...]
    overflights: dict[str, tuple[Overflight, ...]]
    network: RouteNetwork = field(repr=False)

    # ---- tables ------------------------------------------------------------------------
    @cached_property
    def hazards(self) -> gpd.GeoDataFrame:
        """Hazard volumes: area x levels x window, with the reason each exists."""
        return volumes_frame(self.volumes)

    @cached_property
    def closures(self) -> gpd.GeoDataFrame:
        """NOTAM-ready closure zones, one per volume and FIR, with their NOTAM text."""
        return zones_frame(self.zones)

    @property
    def notams(self) -> list[Notam]:
        return [zone.notam for zone in self.zones]

    @cached_property
    def launches(self) -> pd.DataFrame:
        """Per launch: vehicle, flight time, apogee, range, azimuth, impact time."""
        rows = [
            {
                "launch_id": lid,
                "vehicle": t.vehicle.name,
                "flight_time_min": t.flight_time_s / 60.0,
                "apogee_km": t.apogee_km,
                "range_km": t.range_km,
                "launch_azimuth_deg": t.launch_azimuth_deg,
                "launch_time": t.launch_time,
                "impact_time": t.impact_time,
                "impact_lat": t.impact.lat,
                "impact_lon": t.impact.lon,
            }
            for lid, t in self.trajectories.items()
        ]
        return pd.DataFrame(rows)

    @cached_property
    def flows(self) -> gpd.GeoDataFrame:
        """Each flow's baseline path and the closures it meets."""
        rows = [
            {
                "flow_id": r.flow.id,
                "origin": r.flow.origin.name or r.flow.origin.description,
                "destination": r.flow.destination.name or r.flow.destination.description,
                "flights_per_day": r.flow.flights_per_day,
                "aircraft": r.flow.aircraft,
                "cruise": str(r.flow.cruise),
                "tas_kt": r.performance.tas_kt,
                "route": r.baseline.summary(),
                "length_nm": r.baseline.length_nm,
                "closures_hit": ",".join(r.closures_hit),
                "affected": r.affected,
                "flights_affected_per_day": r.flights_affected_per_day,
                "notes": "; ".join(r.baseline.notes),
                "geometry": r.baseline.geometry,
            }
            for r in self.flow_results
        ]
        return _frame(rows, ["flow_id", "origin", "destination", "flights_per_day", "aircraft",
                             "cruise", "tas_kt", "route", "length_nm", "closures_hit", "affected",
                             "flights_affected_per_day", "notes"])  # fmt: skip

    @cached_property
    def reroutes(self) -> gpd.GeoDataFrame:
        """Ranked reroutes of the affected flows; ``suggested`` marks the best of each."""
        rows = [
            {
                "flow_id": x.flow_id,
                "rank": x.rank,
                "suggested": x.rank == 1,
                "method": x.method,
                "route": x.route_text,
                "airways": " ".join(a for a in x.airways if a != "DCT"),
                "length_nm": x.length_nm,
                "extra_nm": x.extra_nm,
                "extra_min": x.extra_min,
                "extra_fuel_kg": x.extra_fuel_kg,
                "extra_co2_kg": x.extra_co2_kg,
                "flights_per_day": r.flights_affected_per_day,
                "geometry": x.geometry,
            }
            for r in self.flow_results
            for x in r.reroutes
        ]
        return _frame(rows, ["flow_id", "rank", "suggested", "method", "route", "airways",
                             "length_nm", "extra_nm", "extra_min", "extra_fuel_kg",
                             "extra_co2_kg", "flights_per_day"])  # fmt: skip

    @cached_property
    def alerts(self) -> gpd.GeoDataFrame:
        """Places and land the trajectories pass over or near, with time and altitude."""
        rows = [
            {
                "launch_id": lid,
                "kind": o.kind,
                "place": o.name,
                "country": o.country,
                "over": o.over,
                "overflight": o.is_overflight,
                "below_ceiling": o.below_ceiling,
                "distance_km": o.distance_km,
                "beyond_impact_km": o.beyond_impact_km,
                "time": o.time,
                "alt_m": o.alt_m,
                "geometry": shapely.Point(o.lon, o.lat),
            }
            for lid, found in self.overflights.items()
            for o in found
        ]
        return _frame(rows, ["launch_id", "kind", "place", "country", "over", "overflight",
                             "below_ceiling", "distance_km", "beyond_impact_km", "time",
                             "alt_m"])  # fmt: skip

    # ---- renderings --------------------------------------------------------------------
    def affected_routes(self) -> list[str]:
        """Per airway and closure, what an ANSP would publish (see ``report.route_lines``)."""
        from airspace.report import route_lines

        return route_lines(self)

    def map(self, *, offline: bool = False) -> folium.Map:
        """The advisory on a Folium map (``offline=True``: one self-contained HTML file)."""
        from airspace.maps import build_map
        from airspace.mapview import MapView

        return build_map(MapView.of(self), offline=offline)

    def save(self, outdir: str | Path, *, offline_map: bool | None = None) -> Path:
        """Write every output into ``outdir`` atomically; returns the folder."""
        from airspace.report import save_advisory

        offline = self.scenario.output.offline_map if offline_map is None else offline_map
        return save_advisory(self, Path(outdir), offline_map=offline)


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, columns=[*columns, "geometry"], geometry="geometry",
                            crs="EPSG:4326")  # fmt: skip


def _trajectories(scenario: Scenario) -> dict[str, Trajectory]:
    found: dict[str, Trajectory] = {}
    problems = []
    for i, launch in enumerate(scenario.launches):
        try:
            found[launch.id] = trajectory_for_launch(launch)
        except (TrajectoryError, ValueError) as exc:  # infeasible, or inconsistent overrides
            problems.append(problem_at(scenario, ("launches", i), str(exc)))
    if problems:
        raise ScenarioError(problems)
    return found


def _near(scenario: Scenario) -> tuple[float, float] | None:
    """A reference point for airway names used in several places: the launches' impacts."""
    points = [(lch.impact or lch.site) for lch in scenario.launches]
    if not points:
        return None
    return float(np.mean([p.lat for p in points])), float(np.mean([p.lon for p in points]))


def scenario_network(scenario: Scenario) -> RouteNetwork:
    """The scenario's ``network`` (paths relative to the scenario file), else the bundled one."""
    if not scenario.network:
        return RouteNetwork.default()
    base = Path(scenario.file).parent
    entries = [
        p if p.lower() in ("default", "bundled") else str(base / p) for p in scenario.network
    ]
    try:
        return RouteNetwork.load(entries)
    except NetworkError as exc:
        raise ScenarioError([problem_at(scenario, ("network",), str(exc))]) from None


def build(scenario: Scenario, network: RouteNetwork | None = None,
          progress: Progress | None = None) -> Advisory:  # fmt: skip
    """Run the whole pipeline on a validated scenario."""
    say = progress or (lambda _: None)
    say("solving trajectories")
    trajectories = _trajectories(scenario)
    cfg = settings_for(scenario)
    say("building hazard volumes")
    volumes, routes = scenario_volumes(scenario, trajectories, cfg)
    say("loading the route network")
    net = network or scenario_network(scenario)
    say("closure zones and NOTAMs")
    zones = closure_zones(volumes, net.firs, cfg)
    say("intersecting closures with the route network")
    try:
        affected = affected_segments(net, volumes, routes, near=_near(scenario))
    except ValueError as exc:  # a route segment that is not on its airway
        raise ScenarioError([problem_at(scenario, ("closures",), str(exc))]) from None
    say("routing flows")
    try:
        flows = plan_flows(net, scenario, volumes, routes, affected)
    except FlowError as exc:  # an endpoint far from every airway, or cut off
        raise ScenarioError([problem_at(scenario, ("flows", exc.index), str(exc))]) from None
    say("overflight alerts")
    overflights = {
        lid: tuple(t.overflights(ALERT_DISTANCE_KM, ceiling_ft=cfg.ceiling.feet or 60_000.0,
                                 beyond_km=ALERT_BEYOND_KM))
        for lid, t in trajectories.items()
    }  # fmt: skip
    return Advisory(scenario, cfg, trajectories, tuple(volumes), tuple(routes), tuple(zones),
                    affected, tuple(flows), overflights, net)  # fmt: skip


def run(scenario: str | Path | Scenario, *, network: RouteNetwork | None = None,
        progress: Progress | None = None) -> Advisory:  # fmt: skip
    """``airspace.run("scenarios/x.yaml")``: load (if a path) and build the advisory."""
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    return build(loaded, network, progress)
