"""Every check a run makes before its heavy work, in one place: ``airspace validate`` and
``airspace run`` both go through ``prepare``, so validation passes only what a run finishes.

``prepare`` reads the files of NOTAMs closures name, solves the trajectories, builds the hazard
volumes and their NOTAM zones, loads the route network and checks the scenario against it
(airways and their fixes, FIR names, flow endpoints and ``via`` fixes, each flow's baseline
path); under a ``posture`` it builds the threat corridors and the recommended closures.
Every problem is collected with its file, line and field path and raised together as one
``ScenarioError``.  Warnings (``airspace.caveats``: what the NOTAM reader interpreted or
repaired, NOTAMs of a file left out, a published figure far from the model; and airway closures
that close nothing or run through several FIRs) are collected the same way into
``Prepared.warnings``; ``strict=True`` makes them errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from airspace.caveats import (
    impact_time_warnings,
    notam_fir_warnings,
    pasted_warnings,
    trajectory_warnings,
)
from airspace.errors import InputError
from airspace.geo import METRES_PER_NM, distance_m
from airspace.hazard import (
    ClosureZone,
    HazardSettings,
    HazardVolume,
    NotamNumbers,
    Threat,
    ThreatError,
    declared,
    launch_volumes,
    merge_salvo,
    notam_volume,
    settings_for,
    source_threats,
    threat_sources,
    volume_zones,
)
from airspace.impact import route_firs, route_segments
from airspace.network import NetworkError, RouteNetwork
from airspace.network import Path as RoutePath
from airspace.precaution import Recommendation, recommend
from airspace.reroute import AIRPORT_LINK_NM, aircraft_warnings, baseline_path, endpoint
from airspace.scenario import Problem, Scenario, ScenarioError, problem_at
from airspace.scenario.notamfile import read_notam_files
from airspace.trajectory import Trajectory, trajectory_for_launch

SAME_PLACE_NM = 5.0
"""A flow's ends closer than this are one place (ICN and RKSI), not a flight."""

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
    warnings: tuple[Problem, ...] = ()
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


def _volumes(
    scenario: Scenario,
    trajectories: dict[str, Trajectory],
    cfg: HazardSettings,
    filed: Mapping[str, Sequence[HazardVolume]],
    problems: list[Problem],
) -> list[HazardVolume]:
    """``hazard.scenario_volumes``, with each problem located at its launch or closure (a
    closure naming a file of NOTAMs stands for its ``filed`` volumes)."""
    computed: list[HazardVolume] = []
    for i, launch in enumerate(scenario.launches):
        try:
            computed.extend(launch_volumes(launch, trajectories[launch.id], cfg))
        except InputError as exc:
            problems.append(problem_at(scenario, ("launches", i), str(exc)))
    found = merge_salvo(computed)
    hazard_ids = {v.id for v in computed}
    for i, closure in enumerate(scenario.closures):
        if closure.id in hazard_ids:
            message = (
                f"id {closure.id!r} is also the id of a launch's hazard (expected ids unique "
                "across closures and hazards, which are named launch/kind)"
            )
            problems.append(problem_at(scenario, ("closures", i, "id"), message))
            continue
        if closure.notams is not None:
            found.extend(filed.get(closure.id, ()))
            continue
        try:
            found.append(declared(closure))
        except InputError as exc:
            problems.append(problem_at(scenario, ("closures", i), str(exc)))
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


def _within(scenario: Scenario, loc: tuple[str | int, ...], inner: Problem) -> Problem:
    """A problem of a NOTAM file (``notams.txt:123: A1234/24: ...``) at the scenario field that
    names the file."""
    return problem_at(scenario, loc, str(inner.as_error()), inner.severity)


def _filed(
    scenario: Scenario, taken: set[str], problems: list[Problem], warnings: list[Problem]
) -> dict[str, list[HazardVolume]]:
    """One volume per NOTAM of the files closures name (``notams``), by closure id; every file
    is read together, so that ids stay unique and a NOTAMR replaces its NOTAM across files."""
    named = [(i, c) for i, c in enumerate(scenario.closures) if c.notams is not None]
    if not named:
        return {}
    base = Path(scenario.file).parent
    paths = {i: str(base / str(c.notams)) for i, c in named}
    read = read_notam_files(list(dict.fromkeys(paths.values())))
    owner = {path: ("closures", i, "notams") for i, path in reversed(paths.items())}
    for inner in read.errors:
        problems.append(_within(scenario, owner[inner.file], inner))
    for inner in read.warnings:
        warnings.append(_within(scenario, owner[inner.file], inner))
    found: dict[str, list[HazardVolume]] = {}
    for entry in read.closures:
        loc = owner[entry.file]
        closure = scenario.closures[int(loc[1])]
        here = Problem(entry.file, entry.line, entry.id, "")
        if entry.id in taken:
            message = f"id {entry.id!r} is already used in the scenario (expected unique ids)"
            problems.append(_within(scenario, loc, replace(here, message=message)))
            continue
        taken.add(entry.id)
        try:
            volume = notam_volume(
                entry.notam, id=entry.id, reason=closure.reason or None, sources=(closure.id,)
            )
        except InputError as exc:
            problems.append(_within(scenario, loc, replace(here, message=str(exc))))
            continue
        found.setdefault(closure.id, []).append(volume)
    return found


def _zones(
    scenario: Scenario,
    volumes: Sequence[HazardVolume],
    network: RouteNetwork,
    cfg: HazardSettings,
    problems: list[Problem],
) -> list[ClosureZone]:
    zones: list[ClosureZone] = []
    numbers = NotamNumbers.avoiding(volumes)
    for volume in volumes:
        try:
            zones.extend(volume_zones(volume, network.firs, cfg, numbers))
        except InputError as exc:
            problems.append(problem_at(scenario, _origin(scenario, volume), str(exc)))
    return zones


def _check_routes(
    scenario: Scenario,
    volumes: Sequence[HazardVolume],
    network: RouteNetwork,
    near: tuple[float, float] | None,
    problems: list[Problem],
    warnings: list[Problem],
) -> None:
    """Each airway closure names an airway (and fixes, and a FIR it runs through); one that
    names no FIR and closes the airway in several is warned about."""
    known = set(network.firs.ids)
    for volume in volumes:
        ref = volume.route
        if ref is None or (ref.fir is not None and ref.fir not in known):
            continue  # an unknown FIR is reported by _check_firs
        where = _origin(scenario, volume)
        try:
            closed = route_segments(network, volume, near)
        except InputError as exc:
            problems.append(problem_at(scenario, (*where, "route"), str(exc)))
            continue
        lowest = float(network.segments["lower_ft"].to_numpy()[closed].min(initial=np.inf))
        highest = float(network.segments["upper_ft"].to_numpy()[closed].max(initial=-np.inf))
        limits = volume.limits
        if len(closed) and (limits.upper.top_ft <= lowest or limits.lower.bottom_ft >= highest):
            message = (
                f"closes nothing: {ref.label} runs from {lowest:,.0f} to {highest:,.0f} ft and "
                f"the closure is {limits.lower.text()}-{limits.upper.text()} (expected levels "
                "that meet the airway's)"
            )
            warnings.append(problem_at(scenario, (*where, "route"), message, "warning"))
        crossed = route_firs(network, closed) if ref.fir is None else ()
        if len(crossed) > 1:
            message = (
                f"closes {ref.label} in every FIR it runs through ({', '.join(crossed)}); "
                "add 'fir:' to close it only where the closing authority's FIR is"
            )
            warnings.append(problem_at(scenario, (*where, "route"), message, "warning"))


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
    places += [
        (("closures", i, "fir"), closure.fir)
        for i, closure in enumerate(scenario.closures)
        if closure.fir is not None
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
        apart_m = distance_m(
            flow.origin.lat, flow.origin.lon, flow.destination.lat, flow.destination.lon
        )
        if apart_m < SAME_PLACE_NM * METRES_PER_NM:
            message = (
                f"flow {flow.id}: destination {flow.destination.description} is "
                f"{apart_m / METRES_PER_NM:.1f} NM from the origin {flow.origin.description} "
                f"(expected two places at least {SAME_PLACE_NM:.0f} NM apart)"
            )
            problems.append(problem_at(scenario, ("flows", i, "destination"), message))
            continue
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
    scenario: Scenario,
    network: RouteNetwork | None = None,
    progress: Progress | None = None,
    *,
    strict: bool = False,
) -> Prepared:
    """Check a validated scenario against the network, computing what the checks need;
    raises ``ScenarioError`` with every problem found (with ``strict``, warnings too)."""
    say = progress or (lambda _: None)
    problems: list[Problem] = []
    warnings = pasted_warnings(scenario)
    say("reading NOTAM files")
    taken = {c.id for c in scenario.closures if c.notams is None}
    filed = _filed(scenario, taken, problems, warnings)
    say("solving trajectories")
    trajectories = _trajectories(scenario, problems)
    warnings.extend(trajectory_warnings(scenario, trajectories))
    warnings.extend(impact_time_warnings(scenario, trajectories))
    if strict:
        problems.extend(w.as_error() for w in warnings)
    if problems:  # hazards need every trajectory and every NOTAM
        raise ScenarioError(_ordered(problems))
    cfg = settings_for(scenario)
    say("building hazard volumes")
    volumes = _volumes(scenario, trajectories, cfg, filed, problems)
    if problems:
        raise ScenarioError(_ordered(problems))
    say("loading the route network")
    net = network or scenario_network(scenario)
    fir_warned = notam_fir_warnings(scenario, net)
    warnings.extend(fir_warned)
    if strict:
        problems.extend(w.as_error() for w in fir_warned)
    say("closure zones and NOTAMs")
    zones = _zones(scenario, volumes, net, cfg, problems)
    near = _near(scenario)
    _check_firs(scenario, net, problems)
    routes_warned: list[Problem] = []
    _check_routes(scenario, volumes, net, near, problems, routes_warned)
    warnings.extend(routes_warned)
    if strict:
        problems.extend(w.as_error() for w in routes_warned)
    say("precautionary threat corridors")
    _check_posture(scenario, net, problems)
    threats = _threats(scenario, trajectories, problems)
    posture = scenario.posture
    recommendation = None
    if posture is not None and not problems:
        recommendation = recommend(net, threats, posture.fir, posture.basis)
    aircraft_warned = aircraft_warnings(scenario)
    warnings.extend(aircraft_warned)
    if strict:
        problems.extend(w.as_error() for w in aircraft_warned)
    say("baseline paths of the flows")
    baselines = _baselines(scenario, net, problems) if not problems else []
    if problems:
        raise ScenarioError(_ordered(problems))
    return Prepared(
        scenario=scenario,
        settings=cfg,
        network=net,
        trajectories=trajectories,
        volumes=tuple(volumes),
        zones=tuple(zones),
        baselines=tuple(baselines),
        near=near,
        warnings=tuple(_ordered(warnings)),
        threats=tuple(threats),
        recommendation=recommendation,
    )


def _ordered(problems: Sequence[Problem]) -> list[Problem]:
    """By line and field path; the order found within one field (a file's NOTAMs) is kept."""
    return sorted(problems, key=lambda p: (p.line or 0, p.path))
