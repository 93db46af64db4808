"""Flows and reroutes: baselines, the closures they meet, alternatives and their cost.

* ``baseline``: a flow's shortest airway path through its ``via`` fixes;
* ``plan``: relevant closures, ranked alternatives, ``FlowResult``;
* ``detour``: a direct detour when the airways cannot go round;
* ``performance``: cruise TAS and fuel flow (OpenAP), CO2;
* ``checks``: warnings on the results (a reroute into a missile's launch FIR, no fuel figures).
"""

from airspace.reroute.baseline import AIRPORT_LINK_NM, baseline_path, endpoint, join_paths
from airspace.reroute.checks import aircraft_warnings, flow_warnings
from airspace.reroute.detour import direct_detour
from airspace.reroute.performance import CO2_PER_KG_FUEL, Performance, cruise_performance
from airspace.reroute.plan import (
    FlowResult,
    Reroute,
    closed_segment_sets,
    closures_on_path,
    plan_flow,
    plan_flows,
    relevant,
)

__all__ = [
    "AIRPORT_LINK_NM",
    "CO2_PER_KG_FUEL",
    "FlowResult",
    "Performance",
    "Reroute",
    "aircraft_warnings",
    "baseline_path",
    "closed_segment_sets",
    "closures_on_path",
    "cruise_performance",
    "direct_detour",
    "endpoint",
    "flow_warnings",
    "join_paths",
    "plan_flow",
    "plan_flows",
    "relevant",
]
