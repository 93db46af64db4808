"""Traffic flows against closures: baseline paths, which closures they meet, and reroutes.

A flow's baseline is the shortest airway path at its cruise level (through its ``via`` fixes,
which join the network by direct legs where the published data ends) avoiding the scenario's
FIR policy.  A closure is *relevant* to a flow when its levels contain the cruise level and it
is active while the flow's flights are airborne (at any time of day when no departures are
given).  Reroutes avoid every relevant closure: closed segments by index and closure areas by
polygon.  Costs use the flow's cruise TAS and OpenAP fuel flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, MultiLineString

from airspace.geo import METRES_PER_NM, WGS84, inverse, to_local, to_lonlat
from airspace.hazard import HazardVolume
from airspace.network import NetworkError, NoPathError, Path, RouteNetwork
from airspace.performance import CO2_PER_KG_FUEL, Performance, performance
from airspace.places import Place
from airspace.scenario import Flow, Problem, Scenario, problem_at
from airspace.volumes import RouteClosure

DAY = timedelta(days=1)
VIA_LINK_NM = 150.0
DETOUR_MARGIN_M = 10 * METRES_PER_NM
MAX_ALTERNATIVES = 3


@dataclass(frozen=True, slots=True)
class Window:
    """A closure's identity, levels (ft, None = unlimited) and active window."""

    id: str
    lower_ft: float
    upper_ft: float | None
    start: datetime
    end: datetime
    area: Any = None  # lon/lat polygon for volumes, None for route closures

    def at_level(self, altitude_ft: float) -> bool:
        return self.lower_ft <= altitude_ft and (
            self.upper_ft is None or altitude_ft < self.upper_ft
        )


def windows(volumes: Sequence[HazardVolume], routes: Sequence[RouteClosure]) -> list[Window]:
    """Closure windows of volumes (with areas) and route closures."""
    found = [Window(v.id, v.lower_ft, v.upper_ft, v.start, v.end, v.area) for v in volumes]
    found += [Window(r.id, r.lower.feet or 0.0, r.upper.feet, r.start, r.end) for r in routes]
    return found


@dataclass(frozen=True, slots=True)
class FlowResult:
    """A flow's baseline, the closures it meets and its ranked reroutes (best first)."""

    flow: Flow
    baseline: Path
    performance: Performance
    closures_hit: tuple[str, ...]
    flights_affected_per_day: float
    reroutes: tuple[Reroute, ...]

    @property
    def affected(self) -> bool:
        return bool(self.closures_hit)


@dataclass(frozen=True, slots=True)
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


def _endpoint(place: Place) -> str | tuple[float, float]:
    name = place.name or ""
    return name if len(name) == 4 and name.isalpha() and name.isupper() else (place.lat, place.lon)


def _join(paths: Sequence[Path]) -> Path:
    """Consecutive paths (each starting where the last ended) as one path."""
    if len(paths) == 1:
        return paths[0]
    fixes = list(paths[0].fixes)
    airways, segments = list(paths[0].airways), list(paths[0].segments)
    lines: list[Any] = list(shapely.get_parts(paths[0].geometry))
    for path in paths[1:]:
        fixes += list(path.fixes[1:])
        airways += list(path.airways)
        segments += list(path.segments)
        lines += list(shapely.get_parts(path.geometry))
    first, last = paths[0].fixes[0], paths[-1].fixes[-1]
    great_circle_nm = inverse(first.lat, first.lon, last.lat, last.lon)[0] / METRES_PER_NM
    return Path(
        paths[0].origin, paths[-1].destination, tuple(fixes), tuple(airways), tuple(segments),
        sum(p.length_nm for p in paths), great_circle_nm,
        MultiLineString([line for line in lines if isinstance(line, LineString)]),
        tuple(dict.fromkeys(note for p in paths for note in p.notes)),
    )  # fmt: skip


def baseline_path(network: RouteNetwork, flow: Flow, avoid_firs: Sequence[str]) -> Path:
    """The flow's shortest path through its ``via`` fixes at its cruise level."""
    fl = flow.cruise.flight_level
    stops: list[Any] = [_endpoint(flow.origin)]
    for name in flow.via:
        fix = network.fix(name, near=(flow.origin.lat, flow.origin.lon))
        stops.append((fix.name, (fix.lat, fix.lon)))
    stops.append(_endpoint(flow.destination))
    legs: list[Path] = []
    for i in range(len(stops) - 1):
        start, end = stops[i], stops[i + 1]
        from_via = isinstance(start, tuple) and isinstance(start[0], str)
        origin = start[1] if from_via else start  # a via fix joins onward by direct legs
        target = end[0] if isinstance(end, tuple) and isinstance(end[0], str) else end
        leg = network.shortest_path(
            origin, target, avoid_firs=avoid_firs, cruise_fl=fl,
            airport_link_nm=VIA_LINK_NM if from_via else 60.0,
        )  # fmt: skip
        if from_via:  # name the joining point after its fix
            named = replace(leg.fixes[0], name=start[0])
            leg = replace(leg, fixes=(named, *leg.fixes[1:]), origin=start[0])
        legs.append(leg)
    return _join(legs)


def _flight_windows(flow: Flow, duration: timedelta) -> list[tuple[datetime, datetime]] | None:
    if not flow.departures:
        return None
    return [(d, d + duration) for d in flow.departures]


def relevant(flow: Flow, path: Path, perf: Performance, all_windows: Sequence[Window]
             ) -> list[Window]:  # fmt: skip
    """Closures at the flow's cruise level, active while its flights are airborne."""
    altitude_ft = flow.cruise.feet or 0.0
    duration = timedelta(hours=path.length_nm / perf.tas_kt)
    flights = _flight_windows(flow, duration)
    found = []
    for w in all_windows:
        if not w.at_level(altitude_ft):
            continue
        if flights is None or any(w.start < b and a < w.end for a, b in flights):
            found.append(w)
    return found


def closures_on_path(path: Path, near: Sequence[Window], closed: dict[str, set[int]]
                     ) -> tuple[str, ...]:  # fmt: skip
    """Ids of the relevant closures the path meets: by segment index or by area."""
    on_path = set(path.segments)
    hits = []
    for w in near:
        if w.area is None:
            if closed.get(w.id, set()) & on_path:
                hits.append(w.id)
        elif shapely.intersects(path.geometry, w.area) and not shapely.touches(
            path.geometry, w.area
        ):
            hits.append(w.id)
    return tuple(hits)


def _affected_share(flow: Flow, hit: Sequence[Window]) -> float:
    if not hit:
        return 0.0
    if flow.departures:
        return 1.0  # every listed departure meets at least one active closure
    intervals = sorted((w.start, w.end) for w in hit)
    covered, cur_start, cur_end = timedelta(0), intervals[0][0], intervals[0][1]
    for start, end in intervals[1:]:
        if start > cur_end:
            covered += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    covered += cur_end - cur_start
    return min(1.0, covered / DAY)


def _reroute(flow: Flow, rank: int, path: Path, baseline: Path, perf: Performance) -> Reroute:
    extra_nm = path.length_nm - baseline.length_nm
    extra_s = extra_nm / perf.tas_kt * 3600.0
    fuel = None if perf.fuel_kg_per_s is None else perf.fuel_kg_per_s * extra_s
    return Reroute(
        flow.id, rank, "network", path.summary(), tuple(dict.fromkeys(path.airways)),
        path.length_nm, extra_nm, extra_s / 60.0, fuel,
        None if fuel is None else fuel * CO2_PER_KG_FUEL, path.geometry,
    )  # fmt: skip


def plan_flow(
    network: RouteNetwork,
    flow: Flow,
    scenario_avoid_firs: Sequence[str],
    all_windows: Sequence[Window],
    closed_segments: dict[str, set[int]],
) -> FlowResult:
    """Baseline, closures met and ranked reroutes of one flow."""
    avoid_firs = tuple(dict.fromkeys([*scenario_avoid_firs, *flow.avoid_firs]))
    perf = performance(flow.aircraft, flow.cruise.flight_level or 350)
    baseline = baseline_path(network, flow, avoid_firs)
    near = relevant(flow, baseline, perf, all_windows)
    hits = closures_on_path(baseline, near, closed_segments)
    if not hits:
        return FlowResult(flow, baseline, perf, (), 0.0, ())
    hit_windows = [w for w in near if w.id in hits]
    avoid_segments = sorted({i for w in near for i in closed_segments.get(w.id, set())})
    avoid_polygons = [w.area for w in near if w.area is not None]
    reroutes = _alternatives(network, flow, baseline, perf, avoid_firs, avoid_segments,
                             avoid_polygons)  # fmt: skip
    share = _affected_share(flow, hit_windows)
    return FlowResult(flow, baseline, perf, hits, share * flow.flights_per_day, reroutes)


def _alternatives(
    network: RouteNetwork, flow: Flow, baseline: Path, perf: Performance,
    avoid_firs: tuple[str, ...], avoid_segments: list[int], avoid_polygons: list[Any],
) -> tuple[Reroute, ...]:  # fmt: skip
    fl = flow.cruise.flight_level
    ends = (_endpoint(flow.origin), _endpoint(flow.destination))

    def route(extra_avoid: Sequence[str] = ()) -> Path | None:
        try:
            return network.shortest_path(
                *ends, avoid_firs=avoid_firs, avoid_polygons=avoid_polygons,
                avoid_segments=[*avoid_segments, *extra_avoid], cruise_fl=fl,
            )  # fmt: skip
        except NoPathError:
            return None

    best = route()
    if best is None:
        detour = direct_detour(flow.origin, flow.destination, avoid_polygons)
        return (_detour_reroute(flow, detour, baseline, perf),)
    paths = [best]
    new_airways = [
        a for a in dict.fromkeys(best.airways) if a not in baseline.airways and a != "DCT"
    ]
    for airway in new_airways[: MAX_ALTERNATIVES - 1]:
        other = route([airway])
        if other is not None and other.summary() not in {p.summary() for p in paths}:
            paths.append(other)
    paths.sort(key=lambda p: p.length_nm)
    return tuple(_reroute(flow, rank, p, baseline, perf) for rank, p in enumerate(paths, 1))


def direct_detour(origin: Place, destination: Place, areas: Sequence[Any],
                  margin_m: float = DETOUR_MARGIN_M) -> LineString:  # fmt: skip
    """Shortest line from origin to destination round the areas' hull, clear by ``margin_m``.

    Works in a local azimuthal-equidistant plane centred on the areas: the path runs straight
    where it can and along the buffered convex hull where it must.
    """
    union = shapely.union_all(list(areas))
    centre = union.centroid
    lat0, lon0 = float(centre.y), float(centre.x)
    hull = to_local(union, lat0, lon0).convex_hull.buffer(margin_m, quad_segs=4)
    a = np.asarray(to_local(shapely.Point(origin.lon, origin.lat), lat0, lon0).coords[0])
    b = np.asarray(to_local(shapely.Point(destination.lon, destination.lat), lat0, lon0).coords[0])
    ring = np.asarray(hull.exterior.coords)[:-1]
    nodes = [a, b, *ring]
    inner = hull.buffer(-1.0)
    n = len(nodes)
    dist = np.full((n, n), np.inf)
    for i in range(n):
        for j in range(i + 1, n):
            if not LineString([nodes[i], nodes[j]]).intersects(inner):
                dist[i, j] = dist[j, i] = float(np.hypot(*(nodes[i] - nodes[j])))
    from scipy.sparse.csgraph import shortest_path as csgraph_shortest  # lazy: rare path

    _, pred = csgraph_shortest(np.where(np.isinf(dist), 0, dist), indices=0,
                               return_predecessors=True)  # fmt: skip
    order, k = [1], 1
    while k != 0:
        k = int(pred[k])
        order.append(k)
    local = LineString([nodes[i] for i in reversed(order)])
    line = to_lonlat(shapely.segmentize(local, 20_000.0), lat0, lon0, wrap=False)
    assert isinstance(line, LineString)
    return line


def _detour_reroute(flow: Flow, line: LineString, baseline: Path, perf: Performance) -> Reroute:
    coords = np.asarray(line.coords)
    _, _, dist = WGS84.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    length_nm = float(np.sum(dist)) / METRES_PER_NM
    extra_nm = length_nm - baseline.length_nm
    extra_s = extra_nm / perf.tas_kt * 3600.0
    fuel = None if perf.fuel_kg_per_s is None else perf.fuel_kg_per_s * extra_s
    return Reroute(
        flow.id, 1, "direct detour", "DCT (round the closures)", ("DCT",), length_nm, extra_nm,
        extra_s / 60.0, fuel, None if fuel is None else fuel * CO2_PER_KG_FUEL, line,
    )  # fmt: skip


def closed_segment_sets(affected: pd.DataFrame) -> dict[str, set[int]]:
    """Closure id -> indices of the segments it closes (from ``affected_segments``)."""
    return {str(k): set(map(int, g)) for k, g in affected.groupby("closure")["segment"]}


class FlowError(NetworkError):
    """A flow the network cannot route (no baseline path); ``index`` is its place in the list."""

    def __init__(self, index: int, message: str):
        self.index = index
        super().__init__(message)


def plan_flows(
    network: RouteNetwork,
    scenario: Scenario,
    volumes: Sequence[HazardVolume],
    routes: Sequence[RouteClosure],
    affected: pd.DataFrame,
) -> list[FlowResult]:
    """Every flow of the scenario planned against its closures (``FlowError`` if one has no
    baseline path)."""
    all_windows = windows(volumes, routes)
    closed = closed_segment_sets(affected)
    results = []
    for i, flow in enumerate(scenario.flows):
        try:
            results.append(plan_flow(network, flow, scenario.avoid_firs, all_windows, closed))
        except NetworkError as exc:
            raise FlowError(i, f"flow {flow.id}: {exc}") from exc
    return results


def endpoint_problems(network: RouteNetwork, scenario: Scenario) -> list[Problem]:
    """Flow origins, destinations and ``via`` fixes the network cannot route, located.

    Cheap (look-ups and k-d tree queries, no routing): for validation before a run.
    """
    problems = []
    for i, flow in enumerate(scenario.flows):
        ends = (("origin", flow.origin, 60.0), ("destination", flow.destination, 60.0))
        for field, place, link_nm in ends:
            try:
                network.check_endpoint(_endpoint(place), airport_link_nm=link_nm)
            except NetworkError as exc:
                problems.append(problem_at(scenario, ("flows", i, field), str(exc)))
        for j, name in enumerate(flow.via):
            try:
                network.fix(name, near=(flow.origin.lat, flow.origin.lon))
            except NetworkError as exc:
                problems.append(problem_at(scenario, ("flows", i, "via", j), str(exc)))
    return problems
