"""Every check a run makes before its heavy work, in one place: ``airspace validate`` and
``airspace run`` both go through ``prepare``, so validation passes only what a run finishes.

``prepare`` solves the trajectories, builds the hazard volumes and their NOTAM zones, loads the
route network and checks the scenario against it (airways and their fixes, FIR names, flow
endpoints and ``via`` fixes, each flow's baseline path); under a ``posture`` it builds the
threat corridors and the recommended closures.  Every problem is collected with its
file, line and field path and raised together as one ``ScenarioError``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from airspace.errors import InputError
from airspace.hazard import (
    ClosureZone,
    HazardSettings,
    HazardVolume,
    Threat,
    ThreatError,
    scenario_volumes,
    settings_for,
    source_threats,
    threat_sources,
    volume_zones,
)
from airspace.impact import route_segments
from airspace.network import NetworkError, RouteNetwork
from airspace.network import Path as RoutePath
from airspace.precaution import Recommendation, recommend
from airspace.reroute import AIRPORT_LINK_NM, baseline_path, endpoint
from airspace.scenario import Problem, Scenario, ScenarioError, problem_at
from airspace.trajectory import Trajectory, trajectory_for_launch

Progress = Callable[[str], None]


@dataclass(frozen=True, kw_only=True)
class Prepared:
    """A scenario checked against the network, with what the checks computed."""

    scenario: Scenario
    settings: HazardSettings
    network: RouteNetwork = field(repr=False)
    trajectories: dict[str, Trajectory]
    volumes: tuple[HazardVolume, ...]
    zones: tuple[ClosureZone, ...]
    baselines: tuple[RoutePath, ...]
    near: tuple[float, float] | None
    threats: tuple[Threat, ...] = ()
    recommendation: Recommendation | None = None


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


def _near(scenario: Scenario) -> tuple[float, float] | None:
    """A reference point for airway names used in several places: the launches' impacts."""
    points = [(lch.impact or lch.site) for lch in scenario.launches]
    if not points:
        return None
    return float(np.mean([p.lat for p in points])), float(np.mean([p.lon for p in points]))


def _trajectories(scenario: Scenario, problems: list[Problem]) -> dict[str, Trajectory]:
    found: dict[str, Trajectory] = {}
    for i, launch in enumerate(scenario.launches):
        try:
            found[launch.id] = trajectory_for_launch(launch)
        except InputError as exc:  # infeasible, or inconsistent overrides
            problems.append(problem_at(scenario, ("launches", i), str(exc)))
    return found


def _origin(scenario: Scenario, volume: HazardVolume) -> tuple[str | int, ...]:
    """The scenario field a volume comes from: its launch or its declared closure."""
    source = volume.sources[0] if volume.sources else ""
    for i, launch in enumerate(scenario.launches):
        if launch.id == source:
            return ("launches", i)
    for i, closure in enumerate(scenario.closures):
        if closure.id == source:
            return ("closures", i)
    return ()


def _zones(
    scenario: Scenario,
    volumes: Sequence[HazardVolume],
    network: RouteNetwork,
    cfg: HazardSettings,
    problems: list[Problem],
) -> list[ClosureZone]:
    zones: list[ClosureZone] = []
    for volume in volumes:
        try:
            zones.extend(volume_zones(volume, network.firs, cfg, len(zones) + 1))
        except InputError as exc:
            problems.append(problem_at(scenario, _origin(scenario, volume), str(exc)))
    return zones


def _check_routes(
    scenario: Scenario,
    volumes: Sequence[HazardVolume],
    network: RouteNetwork,
    near: tuple[float, float] | None,
    problems: list[Problem],
) -> None:
    for volume in volumes:
        if volume.route is None:
            continue
        try:
            route_segments(network, volume, near)
        except InputError as exc:
            problems.append(problem_at(scenario, (*_origin(scenario, volume), "route"), str(exc)))


def _check_firs(scenario: Scenario, network: RouteNetwork, problems: list[Problem]) -> None:
    known = set(network.firs.ids)
    places: list[tuple[tuple[str | int, ...], str]] = [
        (("avoid_firs", k), code) for k, code in enumerate(scenario.avoid_firs)
    ]
    places += [
        (("flows", i, "avoid_firs", k), code)
        for i, flow in enumerate(scenario.flows)
        for k, code in enumerate(flow.avoid_firs)
    ]
    for loc, code in places:
        if code not in known:
            message = f"no FIR {code!r} in the FIR data (expected an ICAO FIR code it holds)"
            problems.append(problem_at(scenario, loc, message))


def _threats(
    scenario: Scenario, trajectories: dict[str, Trajectory], problems: list[Problem]
) -> list[Threat]:
    """The threat corridors of the posture's launches and activities, each problem located."""
    found: list[Threat] = []
    for loc, source in threat_sources(scenario, trajectories):
        try:
            if isinstance(source, ThreatError):
                raise source
            found.extend(source_threats(source))
        except ThreatError as exc:
            problems.append(problem_at(scenario, loc, str(exc)))
    return found


def _check_posture(scenario: Scenario, network: RouteNetwork, problems: list[Problem]) -> None:
    posture = scenario.posture
    if posture is None:
        problems.extend(
            problem_at(
                scenario,
                ("launches", i, "precaution"),
                "a 'precaution' needs a scenario 'posture' (expected 'posture: {fir: XXXX}' "
                "naming the authority's FIR)",
            )
            for i, launch in enumerate(scenario.launches)
            if launch.precaution is not None
        )
        return
    if posture.fir not in set(network.firs.ids):
        message = f"no FIR {posture.fir!r} in the FIR data (expected an ICAO FIR code it holds)"
        problems.append(problem_at(scenario, ("posture", "fir"), message))
    launches = {launch.id for launch in scenario.launches}
    for j, activity in enumerate(posture.activities):
        if activity.id in launches:
            message = (
                f"id {activity.id!r} is also a launch's id (expected ids unique across "
                "launches and activities)"
            )
            problems.append(problem_at(scenario, ("posture", "activities", j, "id"), message))


def _endpoint_problems(network: RouteNetwork, scenario: Scenario) -> list[Problem]:
    """Flow origins, destinations and ``via`` fixes the network cannot route, located (cheap:
    look-ups and k-d tree queries, no routing)."""
    problems = []
    for i, flow in enumerate(scenario.flows):
        for name, place in (("origin", flow.origin), ("destination", flow.destination)):
            try:
                network.check_endpoint(endpoint(place), airport_link_nm=AIRPORT_LINK_NM)
            except NetworkError as exc:
                problems.append(problem_at(scenario, ("flows", i, name), str(exc)))
        for j, fix in enumerate(flow.via):
            try:
                network.fix(fix, near=(flow.origin.lat, flow.origin.lon))
            except NetworkError as exc:
                problems.append(problem_at(scenario, ("flows", i, "via", j), str(exc)))
    return problems


def _baselines(
    scenario: Scenario, network: RouteNetwork, problems: list[Problem]
) -> list[RoutePath]:
    ends = _endpoint_problems(network, scenario)
    if ends:
        problems.extend(ends)
        return []
    found = []
    for i, flow in enumerate(scenario.flows):
        avoid = tuple(dict.fromkeys([*scenario.avoid_firs, *flow.avoid_firs]))
        try:
            found.append(baseline_path(network, flow, avoid))
        except InputError as exc:
            problems.append(problem_at(scenario, ("flows", i), f"flow {flow.id}: {exc}"))
    return found


def prepare(
    scenario: Scenario, network: RouteNetwork | None = None, progress: Progress | None = None
) -> Prepared:
    """Check a validated scenario against the network, computing what the checks need;
    raises ``ScenarioError`` with every problem found."""
    say = progress or (lambda _: None)
    problems: list[Problem] = []
    say("solving trajectories")
    trajectories = _trajectories(scenario, problems)
    if problems:  # hazards need every trajectory
        raise ScenarioError(problems)
    cfg = settings_for(scenario)
    say("building hazard volumes")
    volumes = scenario_volumes(scenario, trajectories, cfg)
    say("loading the route network")
    net = network or scenario_network(scenario)
    say("closure zones and NOTAMs")
    zones = _zones(scenario, volumes, net, cfg, problems)
    near = _near(scenario)
    _check_routes(scenario, volumes, net, near, problems)
    _check_firs(scenario, net, problems)
    say("precautionary threat corridors")
    _check_posture(scenario, net, problems)
    threats = _threats(scenario, trajectories, problems)
    posture = scenario.posture
    recommendation = None
    if posture is not None and not problems:
        recommendation = recommend(net, threats, posture.fir, posture.basis)
    say("baseline paths of the flows")
    baselines = _baselines(scenario, net, problems) if not problems else []
    if problems:
        raise ScenarioError(sorted(problems, key=lambda p: (p.line or 0, p.path)))
    return Prepared(
        scenario=scenario,
        settings=cfg,
        network=net,
        trajectories=trajectories,
        volumes=tuple(volumes),
        zones=tuple(zones),
        baselines=tuple(baselines),
        near=near,
        threats=tuple(threats),
        recommendation=recommendation,
    )
