"""What a planner should know about the flows, as located warnings.

* ``flow_warnings`` (on the results, advice: ``--strict`` does not refuse it, as ``validate``
  cannot see it): a suggested reroute that enters the FIR of a missile's launch site, so the
  detour round the missile's impact area runs through the launching State's airspace, which
  planners avoid (``avoid_firs`` keeps it out; the bundled Korean scenarios set
  ``avoid_firs: [ZKKP]``).
* ``aircraft_warnings`` (on the input, checked by ``prepare``): a flow whose aircraft type has
  no fuel figures (unknown to OpenAP, or OpenAP failing for it).
"""

from __future__ import annotations

from collections.abc import Sequence

from airspace.network import RouteNetwork
from airspace.reroute.performance import cruise_performance
from airspace.reroute.plan import FlowResult
from airspace.scenario import Problem, Scenario, problem_at
from airspace.scenario.launch import VEHICLE_CLASSES

MISSILE_CLASSES = frozenset(VEHICLE_CLASSES) - {"SLV"}


def flow_warnings(
    scenario: Scenario, network: RouteNetwork, flows: Sequence[FlowResult]
) -> list[Problem]:
    """Warnings on the flows' results, at each flow (see the module docs)."""
    launch_firs: dict[str, str] = {}
    for launch in scenario.launches:
        fir = network.fir_at(launch.site.lat, launch.site.lon)
        if launch.vehicle in MISSILE_CLASSES and fir is not None:
            launch_firs.setdefault(fir, launch.id)
    found = []
    index = {flow.id: i for i, flow in enumerate(scenario.flows)}
    for result in flows:
        i = index[result.flow.id]
        avoided = {*scenario.avoid_firs, *result.flow.avoid_firs}
        if result.reroutes and launch_firs:
            entered = network.firs.intersecting(result.reroutes[0].geometry)
            for fir in entered:
                if fir in launch_firs and fir not in avoided:
                    message = (
                        f"the suggested reroute of {result.flow.id} enters {fir}, the FIR of "
                        f"{launch_firs[fir]}'s launch site: add 'avoid_firs: [{fir}]' to keep "
                        "the detour out of the launching State's airspace"
                    )
                    found.append(problem_at(scenario, ("flows", i), message, "warning"))
    return found


def aircraft_warnings(scenario: Scenario) -> list[Problem]:
    """Flows whose aircraft type has no fuel figures (unknown to OpenAP, or OpenAP failing
    for it), at the flow's aircraft: their reroutes have minutes and miles, no fuel or CO2."""
    found = []
    for i, flow in enumerate(scenario.flows):
        if flow.aircraft is None:
            continue
        performance = cruise_performance(flow.aircraft, flow.cruise.flight_level or 350)
        if performance.fuel_kg_per_s is None:
            message = (
                f"no fuel figures for {flow.aircraft} ({performance.source}): its reroutes "
                "have minutes and miles, no fuel or CO2"
            )
            found.append(problem_at(scenario, ("flows", i, "aircraft"), message, "warning"))
    return found
