"""The advisory: one result value for a scenario, and ``build``/``run`` that make it.

Data flows one way: scenario -> trajectories -> hazard volumes -> closure zones and NOTAMs ->
affected segments -> flows and reroutes -> ``Advisory``.  Its tables are GeoDataFrames (plural
nouns: ``hazards``, ``closures``, ``affected_routes``, ``flows``, ``reroutes``...); the typed
values they come from sit under ``computed``.  ``map()`` and ``save()`` hand the advisory to the
renderers (``airspace.render``), which only format it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import shapely

from airspace.geo import ENGINE_LOCK
from airspace.hazard import ClosureZone, HazardSettings, HazardVolume, Threat
from airspace.impact import affected_routes, affected_segments
from airspace.network import RouteNetwork
from airspace.notam import Notam
from airspace.precaution import (
    Recommendation,
    comparison_frame,
    narrowing_frame,
    recommendations_frame,
    threats_frame,
    with_stretches,
)
from airspace.preflight import prepare
from airspace.reroute import FlowResult, flow_warnings, plan_flows
from airspace.scenario import Problem, Scenario, load_scenario, validate_scenario
from airspace.tables import frame, limits_cells
from airspace.trajectory import Overflight, Trajectory

if TYPE_CHECKING:
    import folium

Progress = Callable[[str], None]
ALERT_DISTANCE_KM = 50.0
BEYOND_KM = 200.0


@dataclass(frozen=True, kw_only=True)
class Computed:
    """The typed values an advisory's tables are made from."""

    trajectories: Mapping[str, Trajectory]
    volumes: tuple[HazardVolume, ...]
    zones: tuple[ClosureZone, ...]
    segments: gpd.GeoDataFrame = field(repr=False)
    flows: tuple[FlowResult, ...]
    overflights: Mapping[str, tuple[Overflight, ...]]
    threats: tuple[Threat, ...] = ()
    recommendation: Recommendation | None = None
    recommended_flows: tuple[FlowResult, ...] = ()
    """The flows planned against the recommended closures instead of the declared ones."""

    @property
    def recommended_volumes(self) -> tuple[HazardVolume, ...]:
        """The applied recommended closures (kind ``recommended``); none without a posture."""
        return self.recommendation.volumes if self.recommendation is not None else ()


@dataclass(frozen=True, kw_only=True, eq=False)
class Advisory:
    """Everything a planner needs about one scenario; tables are GeoDataFrames (EPSG:4326)."""

    scenario: Scenario
    settings: HazardSettings
    computed: Computed = field(repr=False)
    network: RouteNetwork = field(repr=False)
    warnings: tuple[Problem, ...] = ()
    """What the inputs needed interpreting (``FILE:LINE: field: warning: ...``), e.g. a NOTAM
    area repaired; ``build(..., strict=True)`` refuses them instead."""

    # ---- tables ------------------------------------------------------------------------
    @cached_property
    def launches(self) -> gpd.GeoDataFrame:
        """Per launch: vehicle, flight time, apogee, range, azimuth, times; impact point."""
        return frame(
            "launches",
            (
                {
                    "launch_id": lid,
                    "vehicle": t.vehicle.name,
                    "ending": t.ending,
                    "flight_time_min": t.flight_time_s / 60.0,
                    "apogee_km": t.apogee_km,
                    "range_km": t.range_km,
                    "launch_azimuth_deg": t.launch_azimuth_deg,
                    "launch_time": t.launch_time,
                    "impact_time": t.impact_time,
                    "impact_lat": t.impact.lat,
                    "impact_lon": t.impact.lon,
                    "geometry": shapely.Point(t.impact.lon, t.impact.lat),
                }
                for lid, t in self.computed.trajectories.items()
            ),
        )

    @cached_property
    def hazards(self) -> gpd.GeoDataFrame:
        """Hazard volumes and declared closures: area (or airway) x levels x window, and why;
        under a posture also the threat corridors (kind ``precaution``) and the recommended
        closures (kind ``recommended``)."""
        corridors = [t.volume for t in self.computed.threats if t.volume is not None]
        return volumes_frame(
            [*self.computed.volumes, *corridors, *self.computed.recommended_volumes]
        )

    @cached_property
    def closures(self) -> gpd.GeoDataFrame:
        """NOTAM-ready closure zones, one per area volume and FIR, with their NOTAM text."""
        return frame(
            "closures",
            (
                {
                    "id": z.id,
                    "fir": z.fir,
                    "kind": z.volume.kind,
                    **_limits_row(z.volume),
                    "reason": z.volume.reason,
                    "sources": ",".join(z.volume.sources),
                    "notam": str(z.notam),
                    "warnings": "; ".join(z.notam.warnings),
                    "geometry": z.area,
                }
                for z in self.computed.zones
            ),
        )

    @property
    def notams(self) -> list[Notam]:
        """One NOTAM per closure zone (``str()`` is the ICAO text): a published NOTAM the
        scenario pasted or loaded as it was given, else the one written for the zone."""
        return [zone.notam for zone in self.computed.zones]

    @property
    def affected_segments(self) -> gpd.GeoDataFrame:
        """Every closed segment stretch: route, fixes, entry/exit, NM inside, levels, window (a
        copy: the pipeline's own table feeds the other tables and the files)."""
        return self.computed.segments.copy()

    @cached_property
    def affected_routes(self) -> gpd.GeoDataFrame:
        """Per airway and closure: the closed stretch, levels, window and the published line
        (``text``: ``B467 KAE-DE closed SFC-UNL 2022-11-02 0158Z - 2022-11-03 0205Z ...``)."""
        volumes = [*self.computed.volumes, *self.computed.recommended_volumes]
        return affected_routes(self.network, volumes, self.computed.segments)

    # ---- the precautionary posture (empty tables without one) ----------------------------
    @cached_property
    def threats(self) -> gpd.GeoDataFrame:
        """Threat corridors of the posture's launches and activities (both stages)."""
        return threats_frame(self.computed.threats)

    @cached_property
    def recommendations(self) -> gpd.GeoDataFrame:
        """Recommended closures: airway stretches in the posture's FIR, best covered first, for
        the launch stage and (once impacts are observed) the impact stage; ``applied`` marks
        the stage that closes airways in ``affected_routes`` and ``recommended_flows``."""
        return recommendations_frame(self.computed.recommendation)

    @cached_property
    def narrowing(self) -> gpd.GeoDataFrame:
        """What the observed impacts do to each launch-time stretch: kept, shortened, dropped."""
        return narrowing_frame(self.computed.recommendation)

    @cached_property
    def comparison(self) -> gpd.GeoDataFrame:
        """Per airway: declared closures beside the recommended ones."""
        return comparison_frame(self.affected_routes, self.computed.recommendation)

    @cached_property
    def recommended_flows(self) -> gpd.GeoDataFrame:
        """Each flow against the recommended closures (and the computed hazards) instead of
        the declared ones."""
        return flows_frame(self.computed.recommended_flows)

    @cached_property
    def recommended_reroutes(self) -> gpd.GeoDataFrame:
        """Ranked reroutes of the flows the recommended closures affect."""
        return reroutes_frame(self.computed.recommended_flows)

    @cached_property
    def flows(self) -> gpd.GeoDataFrame:
        """Each flow's baseline path and the closures it meets."""
        return flows_frame(self.computed.flows)

    @cached_property
    def reroutes(self) -> gpd.GeoDataFrame:
        """Ranked reroutes of the affected flows; ``suggested`` marks the best of each."""
        return reroutes_frame(self.computed.flows)

    @cached_property
    def alerts(self) -> gpd.GeoDataFrame:
        """Places and land the trajectories pass over or near, with time and altitude."""
        return frame(
            "alerts",
            (
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
                for lid, found in self.computed.overflights.items()
                for o in found
            ),
        )

    # ---- summaries and renderings --------------------------------------------------------
    @property
    def worst_extra_min(self) -> float:
        """Largest extra minutes of a suggested reroute (0 when nothing is rerouted)."""
        best = [r.reroutes[0].extra_min for r in self.computed.flows if r.reroutes]
        return max(best, default=0.0)

    def summary(self) -> str:
        """One line: scenario, zones, airways closed, flows affected, worst extra minutes."""
        routes = self.affected_routes
        airways = routes[routes["kind"] != "recommended"]["route"].nunique()
        affected = sum(1 for r in self.computed.flows if r.affected)
        rec = self.computed.recommendation
        recommended = (
            f", {len(rec.applied)} stretches recommended in {rec.fir}" if rec is not None else ""
        )
        return (
            f"{self.scenario.name}: {len(self.computed.zones)} zones, {airways} airways closed, "
            f"{affected}/{len(self.computed.flows)} flows affected, "
            f"worst +{self.worst_extra_min:.1f} min{recommended}"
        )

    def __repr__(self) -> str:
        text = self.summary()
        return f"<Advisory {text if len(text) < 280 else text[:277] + '...'}>"

    def _repr_html_(self) -> str:
        """Notebook view: the summary, then the closures and reroutes tables."""
        closures = self.closures.drop(columns=["geometry", "notam"])
        reroutes = self.reroutes.drop(columns="geometry")
        return (
            f"<p><b>{html.escape(self.summary())}</b></p>"
            f"<p>Closures</p>{closures.to_html(index=False, escape=True)}"
            f"<p>Reroutes</p>{reroutes.to_html(index=False, escape=True)}"
        )

    def map(self, *, offline: bool = False) -> folium.Map:
        """The advisory on a Folium map (``offline=True``: one self-contained HTML file)."""
        from airspace.render import advisory_map

        with ENGINE_LOCK:
            return advisory_map(self, offline=offline)

    def save(self, outdir: str | Path, *, offline_map: bool | None = None) -> Path:
        """Write every output into ``outdir`` atomically; returns the folder."""
        from airspace.render import save_advisory

        with ENGINE_LOCK:
            return save_advisory(self, Path(outdir), offline_map=offline_map)


def flows_frame(results: Iterable[FlowResult]) -> gpd.GeoDataFrame:
    """The ``flows`` table of some flow results."""
    return frame(
        "flows",
        (
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
                "notes": "; ".join(r.notes),
                "geometry": r.baseline.geometry,
            }
            for r in results
        ),
    )


def reroutes_frame(results: Iterable[FlowResult]) -> gpd.GeoDataFrame:
    """The ``reroutes`` table of some flow results (best first per flow)."""
    return frame(
        "reroutes",
        (
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
            for r in results
            for x in r.reroutes
        ),
    )


def volumes_frame(volumes: Iterable[HazardVolume]) -> gpd.GeoDataFrame:
    """The ``hazards`` table of some volumes (airway closures have no geometry)."""
    return frame(
        "hazards",
        (
            {
                "id": v.id,
                "kind": v.kind,
                **_limits_row(v),
                "route": v.route.label if v.route else None,
                "route_fir": v.route.fir if v.route else None,
                "reason": v.reason,
                "sources": ",".join(v.sources),
                "warnings": "; ".join(v.notam.warnings) if v.notam else "",
                "geometry": v.area,
            }
            for v in volumes
        ),
    )


def _limits_row(volume: HazardVolume) -> dict[str, object]:
    return limits_cells(volume.limits)


def build(
    scenario: Scenario,
    network: RouteNetwork | None = None,
    progress: Progress | None = None,
    *,
    strict: bool = False,
) -> Advisory:
    """Run the whole pipeline on a validated scenario (``prepare`` checks it first; with
    ``strict``, input warnings are errors)."""
    with ENGINE_LOCK:  # one pipeline at a time: the network and FIRs are shared
        return _build(scenario, network, progress, strict=strict)


def _build(
    scenario: Scenario,
    network: RouteNetwork | None,
    progress: Progress | None,
    *,
    strict: bool,
) -> Advisory:
    say = progress or (lambda _: None)
    ready = prepare(scenario, network, say, strict=strict)
    net, cfg = ready.network, ready.settings
    say("intersecting closures with the route network")
    segments = affected_segments(net, ready.volumes, near=ready.near)
    recommendation = ready.recommendation
    if recommendation is not None:
        segments = with_stretches(net, segments, recommendation.applied)
    say("routing flows")
    flows = plan_flows(net, scenario, ready.volumes, segments, ready.baselines)
    recommended_flows = []
    if recommendation is not None:
        say("routing flows round the recommended closures")
        computed_hazards = [v for v in ready.volumes if v.kind != "declared"]
        volumes = [*computed_hazards, *recommendation.volumes]
        recommended_flows = plan_flows(net, scenario, volumes, segments, ready.baselines)
    say("overflight alerts")
    ceiling_ft = cfg.ceiling.top_ft
    overflights = {
        lid: tuple(t.overflights(ALERT_DISTANCE_KM, ceiling_ft=ceiling_ft, beyond_km=BEYOND_KM))
        for lid, t in ready.trajectories.items()
    }
    computed = Computed(
        trajectories=ready.trajectories,
        volumes=ready.volumes,
        zones=ready.zones,
        segments=segments,
        flows=tuple(flows),
        overflights=overflights,
        threats=ready.threats,
        recommendation=recommendation,
        recommended_flows=tuple(recommended_flows),
    )
    checked = flow_warnings(scenario, net, flows)  # advice on the results: never fatal
    return Advisory(
        scenario=scenario,
        settings=cfg,
        computed=computed,
        network=net,
        warnings=(*ready.warnings, *checked),
    )


def _as_parsed(value: object) -> Any:
    """A mapping as a parsed file has it: mappings as dicts, tuples as lists."""
    if isinstance(value, Mapping):
        return {key: _as_parsed(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_parsed(v) for v in value]
    return value


def run(
    scenario: str | Path | Scenario | Mapping[str, object],
    *,
    network: RouteNetwork | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> Advisory:
    """``airspace.run("scenarios/x.yaml")``: load (a path), validate (a mapping, as a parsed
    scenario file would be: problems are a ``ScenarioError``) and build the advisory."""
    if isinstance(scenario, Scenario):
        loaded = scenario
    elif isinstance(scenario, Mapping):
        loaded = validate_scenario(_as_parsed(scenario), {}, "<mapping>")
    else:
        loaded = load_scenario(scenario)
    return build(loaded, network, progress, strict=strict)
