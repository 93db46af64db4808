"""Traffic flows against closures: which closures a flow meets, and its ranked reroutes.

A closure is *relevant* to a flow when its levels contain the cruise level and it is active
(in one of its active periods: a NOTAM's item D) schedule) while one of the flow's flights is
airborne (at any time of day when no departures are given).  The affected flights per day are
the listed departures airborne in an active period of a closure they meet, else the flights of
the busiest 24 hours' share covered by those closures' active periods.
Reroutes avoid every relevant closure: airway closures by their closed segments, areas by
polygon.  Costs use the flow's cruise TAS and OpenAP fuel flow.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Literal

import numpy as np
import pandas as pd
import shapely

from airspace.hazard import HazardVolume
from airspace.network import NoPathError, Path, RouteNetwork
from airspace.reroute.baseline import baseline_path, endpoint
from airspace.reroute.detour import direct_detour, line_length_nm
from airspace.reroute.performance import CO2_PER_KG_FUEL, Performance, cruise_performance
from airspace.scenario import Flow, Scenario

DAY: Final = timedelta(days=1)
MAX_ALTERNATIVES: Final = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Reroute:
    """One way round: ``method`` is ``network`` (airways) or ``direct detour``."""

    flow_id: str
    rank: int
    method: Literal["network", "direct detour"]
    route_text: str
    airways: tuple[str, ...]
    length_nm: float
    extra_nm: float
    extra_min: float
    extra_fuel_kg: float | None
    extra_co2_kg: float | None
    geometry: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowResult:
    """A flow's baseline, the closures it meets and its ranked reroutes (best first)."""

    flow: Flow
    baseline: Path
    performance: Performance
    closures_hit: tuple[str, ...]
    flights_affected_per_day: float
    reroutes: tuple[Reroute, ...]
    notes: tuple[str, ...] = ()

    @property
    def affected(self) -> bool:
        return bool(self.closures_hit)


def _flight_windows(flow: Flow, duration: timedelta) -> list[tuple[datetime, datetime]] | None:
    if not flow.departures:
        return None
    return [(d, d + duration) for d in flow.departures]


def relevant(
    flow: Flow, path: Path, perf: Performance, volumes: Sequence[HazardVolume]
) -> list[HazardVolume]:
    """Closures at the flow's cruise level, active while its flights are airborne."""
    altitude_ft = flow.cruise.bottom_ft
    flights = _flight_windows(flow, timedelta(hours=path.length_nm / perf.tas_kt))
    return [
        v
        for v in volumes
        if v.limits.contains_level(altitude_ft)
        and (flights is None or any(v.limits.overlaps_time(a, b) for a, b in flights))
    ]


def closures_on_path(
    path: Path, near: Sequence[HazardVolume], closed: dict[str, set[int]]
) -> tuple[str, ...]:
    """Ids of the relevant closures the path meets: by segment index or by area (all areas in
    one vectorised test)."""
    on_path = set(path.segments)
    areas = np.array([v.area for v in near if v.area is not None], dtype=object)
    met = iter(shapely.intersects(path.geometry, areas) & ~shapely.touches(path.geometry, areas))
    hits = []
    for v in near:
        if v.area is None:
            if closed.get(v.id, set()) & on_path:
                hits.append(v.id)
        elif next(met):
            hits.append(v.id)
    return tuple(hits)


def _affected_share(
    hit: Sequence[HazardVolume], flights: Sequence[tuple[datetime, datetime]] | None
) -> float:
    """Share of a day's flights that meet a closure while it is active: of the listed flights,
    those airborne in an active period of a closure they meet; without departures, the share
    of the busiest 24 hours that the closures' active periods cover."""
    if not hit:
        return 0.0
    if flights is not None:
        met = sum(1 for a, b in flights if any(v.limits.overlaps_time(a, b) for v in hit))
        return met / len(flights)
    return busiest_day_share([p for v in hit for p in v.limits.active])


def busiest_day_share(periods: Sequence[tuple[datetime, datetime]]) -> float:
    """The largest share of any 24 hours that ``periods`` cover (their union), from 0 to 1.

    A best 24 hours can always start where a period starts (sliding it left inside a period or
    right through a gap loses nothing), so only those starts are tried: n log n."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    starts = [a for a, _ in merged]
    done = [timedelta(0)]
    for a, b in merged:
        done.append(done[-1] + (b - a))
    best = timedelta(0)
    for i, (a, _) in enumerate(merged):
        j = bisect_left(starts, a + DAY)  # periods i..j-1 start within the 24 hours
        covered = done[j] - done[i] - max(timedelta(0), merged[j - 1][1] - (a + DAY))
        best = max(best, covered)
    return min(1.0, best / DAY)


def _costed(
    flow: Flow,
    perf: Performance,
    baseline: Path,
    *,
    rank: int,
    method: Literal["network", "direct detour"],
    route_text: str,
    airways: tuple[str, ...],
    length_nm: float,
    geometry: Any,
) -> Reroute:
    extra_nm = length_nm - baseline.length_nm
    extra_s = extra_nm / perf.tas_kt * 3600.0
    fuel = None if perf.fuel_kg_per_s is None else perf.fuel_kg_per_s * extra_s
    return Reroute(
        flow_id=flow.id,
        rank=rank,
        method=method,
        route_text=route_text,
        airways=airways,
        length_nm=length_nm,
        extra_nm=extra_nm,
        extra_min=extra_s / 60.0,
        extra_fuel_kg=fuel,
        extra_co2_kg=None if fuel is None else fuel * CO2_PER_KG_FUEL,
        geometry=geometry,
    )


def plan_flow(
    network: RouteNetwork,
    flow: Flow,
    scenario_avoid_firs: Sequence[str],
    volumes: Sequence[HazardVolume],
    closed_segments: dict[str, set[int]],
    baseline: Path | None = None,
) -> FlowResult:
    """Baseline (computed unless given), closures met and ranked reroutes of one flow."""
    avoid_firs = tuple(dict.fromkeys([*scenario_avoid_firs, *flow.avoid_firs]))
    perf = cruise_performance(flow.aircraft, flow.cruise.flight_level or 350)
    baseline = baseline or baseline_path(network, flow, avoid_firs)
    flights = _flight_windows(flow, timedelta(hours=baseline.length_nm / perf.tas_kt))
    near = relevant(flow, baseline, perf, volumes)
    hits = closures_on_path(baseline, near, closed_segments)
    if not hits:
        return FlowResult(
            flow=flow,
            baseline=baseline,
            performance=perf,
            closures_hit=(),
            flights_affected_per_day=0.0,
            reroutes=(),
            notes=baseline.notes,
        )
    share = _affected_share([v for v in near if v.id in hits], flights)
    areas = [v for v in near if v.area is not None]
    inside = _ends_inside(flow, areas)
    reroutes: tuple[Reroute, ...] = ()
    if not inside:
        reroutes = _alternatives(
            network,
            flow,
            baseline,
            perf,
            avoid_firs=avoid_firs,
            avoid_segments=sorted({i for v in near for i in closed_segments.get(v.id, set())}),
            avoid_polygons=[v.area for v in areas],
        )
    if not reroutes and not inside:
        inside = ["no way round the closures was found"]
    return FlowResult(
        flow=flow,
        baseline=baseline,
        performance=perf,
        closures_hit=hits,
        flights_affected_per_day=share * flow.flights_per_day,
        reroutes=reroutes,
        notes=(*baseline.notes, *inside),
    )


def _ends_inside(flow: Flow, areas: Sequence[HazardVolume]) -> list[str]:
    """Notes for a flow whose origin or destination lies inside a closure area it meets: no
    reroute can avoid that closure."""
    notes = []
    for role, place in (("origin", flow.origin), ("destination", flow.destination)):
        point = shapely.Point(place.lon, place.lat)
        for v in areas:
            if v.area.covers(point):
                notes.append(
                    f"{role} {place.name or place.description} lies inside closure {v.id}: "
                    "no reroute avoids it"
                )
    return notes


def _alternatives(
    network: RouteNetwork,
    flow: Flow,
    baseline: Path,
    perf: Performance,
    *,
    avoid_firs: tuple[str, ...],
    avoid_segments: list[int],
    avoid_polygons: list[Any],
) -> tuple[Reroute, ...]:
    ends = (endpoint(flow.origin), endpoint(flow.destination))

    def route(extra_avoid: Sequence[str] = ()) -> Path | None:
        try:
            return network.shortest_path(
                *ends,
                avoid_firs=avoid_firs,
                avoid_polygons=avoid_polygons,
                avoid_segments=[*avoid_segments, *extra_avoid],
                cruise_fl=flow.cruise.flight_level,
            )
        except NoPathError:
            return None

    best = route()
    if best is None:
        line = direct_detour(flow.origin, flow.destination, avoid_polygons)
        if line is None:
            return ()
        detour = _costed(
            flow,
            perf,
            baseline,
            rank=1,
            method="direct detour",
            route_text="DCT (round the closures)",
            airways=("DCT",),
            length_nm=line_length_nm(line),
            geometry=line,
        )
        return (detour,)
    paths = [best]
    new_airways = [
        a for a in dict.fromkeys(best.airways) if a not in baseline.airways and a != "DCT"
    ]
    for airway in new_airways[: MAX_ALTERNATIVES - 1]:
        other = route([airway])
        if other is not None and other.summary() not in {p.summary() for p in paths}:
            paths.append(other)
    paths.sort(key=lambda p: p.length_nm)
    return tuple(
        _costed(
            flow,
            perf,
            baseline,
            rank=rank,
            method="network",
            route_text=p.summary(),
            airways=tuple(dict.fromkeys(p.airways)),
            length_nm=p.length_nm,
            geometry=p.geometry,
        )
        for rank, p in enumerate(paths, 1)
    )


def closed_segment_sets(affected: pd.DataFrame) -> dict[str, set[int]]:
    """Closure id -> indices of the segments it closes (from ``affected_segments``)."""
    return {str(k): set(map(int, g)) for k, g in affected.groupby("closure")["segment"]}


def plan_flows(
    network: RouteNetwork,
    scenario: Scenario,
    volumes: Sequence[HazardVolume],
    affected: pd.DataFrame,
    baselines: Sequence[Path] | None = None,
) -> list[FlowResult]:
    """Every flow of the scenario planned against its closures (from the given baselines)."""
    closed = closed_segment_sets(affected)
    given: Sequence[Path | None] = baselines or [None] * len(scenario.flows)
    return [
        plan_flow(network, f, scenario.avoid_firs, volumes, closed, baseline=b)
        for f, b in zip(scenario.flows, given, strict=True)
    ]
