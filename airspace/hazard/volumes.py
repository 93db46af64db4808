"""A scenario's hazard volumes: every launch's computed hazards and every declared closure.

Declared closures keep their exact area, levels and window (polygon, circle, the areas of a
pasted NOTAM, or an airway by name); only computed hazards of a salvo are merged.
"""

from __future__ import annotations

import shapely
from shapely import union_all

from airspace.geo import geodesic_circle, ring_polygon
from airspace.hazard.launch import launch_volumes
from airspace.hazard.model import (
    HazardSettings,
    HazardVolume,
    RouteRef,
    clear_of_poles,
    merge_salvo,
)
from airspace.scenario import Closure, Scenario
from airspace.trajectory import Trajectory
from airspace.units import Limits


def settings_for(scenario: Scenario) -> HazardSettings:
    """Hazard settings with the scenario's output options applied."""
    out, base = scenario.output, HazardSettings()
    return HazardSettings(
        containment=base.containment,
        buffer_m=out.buffer.metres if out.buffer else base.buffer_m,
        lead=out.lead_time if out.lead_time is not None else base.lead,
        margin=out.margin if out.margin is not None else base.margin,
        ceiling=out.ceiling,
        corridor_half_width_m=base.corridor_half_width_m,
        max_vertices=base.max_vertices,
    )


def declared(closure: Closure) -> HazardVolume:
    """A declared closure as a volume: its exact area, or its airway by name."""
    start, end = closure.window
    lower, upper = closure.limits
    limits = Limits(lower=lower, upper=upper, start=start, end=end)
    reason = closure.reason or "declared closure"
    if closure.route is not None:
        route, _, leg = closure.route.partition(" ")
        from_fix, _, to_fix = leg.partition("-")
        ref = RouteRef(route=route, from_fix=from_fix or None, to_fix=to_fix or None)
        return HazardVolume(
            id=closure.id,
            kind="declared",
            limits=limits,
            reason=reason,
            sources=(closure.id,),
            route=ref,
        )
    if closure.polygon is not None:
        area = ring_polygon([p.lonlat for p in closure.polygon])
    elif closure.circle is not None:
        c = closure.circle
        centre = shapely.Point(0.0, 0.0)  # the circle in its own AEQD plane
        clear_of_poles(centre.buffer(c.radius.metres), c.centre.lat, c.centre.lon, "circle")
        area = geodesic_circle(c.centre.lat, c.centre.lon, c.radius.metres)
    else:
        assert closure.notam is not None
        area = union_all(list(closure.notam.areas))
    return HazardVolume(
        id=closure.id,
        kind="declared",
        limits=limits,
        reason=reason,
        sources=(closure.id,),
        area=area,
    )


def scenario_volumes(
    scenario: Scenario, trajectories: dict[str, Trajectory], cfg: HazardSettings
) -> list[HazardVolume]:
    """All hazard volumes of a scenario: launches first (salvoes merged), then declared closures
    in file order."""
    computed: list[HazardVolume] = []
    for launch in scenario.launches:
        computed.extend(launch_volumes(launch, trajectories[launch.id], cfg))
    return [*merge_salvo(computed), *(declared(c) for c in scenario.closures)]
