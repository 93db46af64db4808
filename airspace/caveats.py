"""Warnings on a scenario: what it asks that looks mistaken, or that the engine reads with an
interpretation the planner should check.  Each is a located ``Problem`` of severity warning
(``FILE:LINE: field: warning: ...``); ``prepare`` collects them and ``--strict`` makes them
errors.

* ``pasted_warnings``: what the NOTAM reader interpreted in a pasted NOTAM; a window written
  beside a NOTAM that does not meet its B)-C);
* ``notam_fir_warnings``: a pasted NOTAM's area outside the FIR of its Q-line;
* ``trajectory_warnings``: a launcher's model against its published figures (drop zones,
  landing points, a breakup state); the generic SLV class;
* ``impact_time_warnings``: a published impact time far from the modelled flight.
"""

from __future__ import annotations

from collections.abc import Mapping

from airspace.hazard import fir_mismatch
from airspace.network import RouteNetwork
from airspace.scenario import Problem, Scenario, problem_at
from airspace.trajectory import Trajectory

SLV_NOTE = (
    "SLV is a generic rocket flying to an impact at the given range: its impact area and drop "
    "zones follow that range, not a flight plan (an orbital launch has no impact); use a "
    "launcher preset (Falcon 9, Starship, Chollima-1, Nuri) or declare the published drop "
    "zones as closures"
)
IMPACT_TIME_FACTOR = 3.0
IMPACT_TIME_SLACK_S = 600.0
"""A published impact time more than 3 times the modelled flight time and 10 min past it is
warned about (published times run a little past the model: reporting, rounding)."""
EARLY_IMPACT_SHARE = 0.8
EARLY_SLACK_S = 300.0
"""A published impact time under 80 % of the modelled flight and 5 min short of it is warned
about too (Hwasong-15, 18 Feb 2023: 66.9 min published, 85.6 min for the lofted profile)."""


def pasted_warnings(scenario: Scenario) -> list[Problem]:
    """What the NOTAM reader interpreted in each pasted NOTAM, at its field; a window written
    beside a NOTAM that does not meet its B)-C) (a year or a month apart?)."""
    found = [
        problem_at(scenario, ("closures", i, "notam"), warning, "warning")
        for i, closure in enumerate(scenario.closures)
        if closure.notam is not None
        for warning in closure.notam.warnings
    ]
    for i, closure in enumerate(scenario.closures):
        notam = closure.notam
        if notam is None or (closure.start is None and closure.end is None):
            continue
        start, end = closure.window
        if end <= notam.start or (notam.end is not None and start >= notam.end):
            published = f"{notam.start:%Y-%m-%d %H:%MZ} to " + (
                f"{notam.end:%Y-%m-%d %H:%MZ}" if notam.end is not None else "PERM"
            )
            message = (
                f"the window {start:%Y-%m-%d %H:%MZ} to {end:%Y-%m-%d %H:%MZ} does not meet the "
                f"NOTAM's B)-C), {published}: the closure uses the written window"
            )
            field = "start" if closure.start is not None else "end"
            found.append(problem_at(scenario, ("closures", i, field), message, "warning"))
    return found


def notam_fir_warnings(scenario: Scenario, network: RouteNetwork) -> list[Problem]:
    """Pasted NOTAMs whose areas lie outside the FIR of their Q-line, at their field."""
    found = []
    for i, closure in enumerate(scenario.closures):
        why = fir_mismatch(network.firs, closure.notam) if closure.notam is not None else None
        if why is not None:
            found.append(problem_at(scenario, ("closures", i, "notam"), why, "warning"))
    return found


def trajectory_warnings(
    scenario: Scenario, trajectories: Mapping[str, Trajectory]
) -> list[Problem]:
    """Where a launcher's model disagrees with the published figures (a drop zone, a landing
    point, a breakup state), and launches of the generic SLV class, at the launch."""
    found = [
        problem_at(scenario, ("launches", i), note, "warning")
        for i, launch in enumerate(scenario.launches)
        if launch.id in trajectories
        for note in trajectories[launch.id].warnings
    ]
    for i, launch in enumerate(scenario.launches):
        if launch.vehicle == "SLV":
            found.append(problem_at(scenario, ("launches", i, "vehicle"), SLV_NOTE, "warning"))
    return found


def impact_time_warnings(
    scenario: Scenario, trajectories: Mapping[str, Trajectory]
) -> list[Problem]:
    """A published ``impact_time`` of a launch at one ``time`` far from the modelled flight:
    far later (a wrong date or time zone?) keeps the impact area closed until then; much
    earlier means the model flies a different profile (its corridors and windows follow it)."""
    found = []
    for i, launch in enumerate(scenario.launches):
        flight = trajectories.get(launch.id)
        if launch.impact_time is None or flight is None or flight.ending != "impact":
            continue
        if launch.window is not None:  # the hazards cover the window: no one flight to compare
            continue
        published_s = (launch.impact_time - launch.earliest).total_seconds()
        model_s = flight.flight_time_s
        if published_s > max(IMPACT_TIME_FACTOR * model_s, model_s + IMPACT_TIME_SLACK_S):
            message = (
                f"impact time {launch.impact_time:%Y-%m-%d %H:%MZ} is {published_s / 60:,.0f} min "
                f"after the launch, the modelled flight {model_s / 60:,.1f} min: the impact area "
                "stays closed until then (check its date and time zone)"
            )
            found.append(problem_at(scenario, ("launches", i, "impact_time"), message, "warning"))
        elif published_s < EARLY_IMPACT_SHARE * model_s and model_s - published_s > EARLY_SLACK_S:
            message = (
                f"impact time {launch.impact_time:%Y-%m-%d %H:%MZ} is {published_s / 60:,.1f} min "
                f"after the launch, the modelled flight {model_s / 60:,.1f} min: the model flies "
                "another profile (apogee, range), and its corridors and windows follow the model "
                "(check 'profile', 'apogee' or 'range')"
            )
            found.append(problem_at(scenario, ("launches", i, "impact_time"), message, "warning"))
    return found
