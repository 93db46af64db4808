"""A scenario's hazard volumes: every launch's computed hazards and every declared closure.

Declared closures keep their exact area, levels, window and active periods (polygon, circle,
the areas of a pasted NOTAM or of each NOTAM of a file, or an airway by name); only computed
hazards of a salvo are merged.  A volume read from a NOTAM carries it (``volume.notam``), so
its zone publishes that NOTAM as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

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
from airspace.network import FirSet
from airspace.notam import Notam, NotamError
from airspace.scenario import Closure, Scenario
from airspace.trajectory import Trajectory
from airspace.units import Limits, clip_periods


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


def notam_reason(notam: Notam) -> str:
    """Why a published NOTAM closes airspace, in a few words: its number and FIR."""
    return f"NOTAM {notam.number or '(no number)'} of {notam.fir}"


FIR_SLACK_NM: Final = 50.0
"""A NOTAM area this far outside the official outline of its Q-line's FIR is warned about
(areas often run along a boundary)."""
APPROXIMATE_FIR_SLACK_NM: Final = 300.0
"""The same for an approximate outline (VATSpy's, all but RKRR): they can be 100 NM and more
off the official boundary (YMMM against YBBB at 12.5S 117E: F2426/24 lies 103 NM outside
YMMM's approximate outline), so only an area far away is warned about."""


def fir_mismatch(firs: FirSet, notam: Notam) -> str | None:
    """Why ``notam``'s areas do not belong to the FIR of its Q-line, or ``None`` (they meet it,
    or the FIR is not in ``firs``: a Q-line may name a State, e.g. ``KXXX``)."""
    if not notam.areas:
        return None
    gap_nm = firs.gap_nm(notam.fir, union_all(list(notam.areas)))
    if gap_nm is None:
        return None
    official = firs.accuracy(notam.fir) == "official"
    if gap_nm <= (FIR_SLACK_NM if official else APPROXIMATE_FIR_SLACK_NM):
        return None
    return (
        f"its area lies {gap_nm:,.0f} NM outside {notam.fir} ({firs.name(notam.fir)}), the FIR "
        "of its Q-line: a coordinate or the FIR is wrong; the area is read as written"
    )


def notam_volume(
    notam: Notam, *, id: str, reason: str | None = None, sources: tuple[str, ...] = ()
) -> HazardVolume:
    """A published NOTAM as a declared volume: its areas, window, active periods (item D) and
    limits, carrying the NOTAM.  Raises ``NotamError`` for a NOTAM that closes nothing (no
    area, no end, or no height between F) and G))."""
    if not notam.areas:
        raise NotamError("E", "no area (expected a vertex list or a circle)")
    if notam.end is None:
        raise NotamError("C", "PERM: a closure needs an end")
    if notam.upper.top_ft <= notam.lower.bottom_ft:
        raise NotamError(
            "G", f"upper limit {notam.upper} is not above lower limit {notam.lower} (no height)"
        )
    periods = clip_periods(notam.periods, notam.start, notam.end) if notam.schedule else ()
    limits = Limits(
        lower=notam.lower, upper=notam.upper, start=notam.start, end=notam.end, periods=periods
    )
    return HazardVolume(
        id=id,
        kind="declared",
        limits=limits,
        reason=reason or notam_reason(notam),
        sources=sources,
        area=union_all(list(notam.areas)),
        notam=notam,
    )


def declared(closure: Closure) -> HazardVolume:
    """A declared closure as a volume: its exact area (a pasted NOTAM's areas and active
    periods), or its airway by name.  A file of NOTAMs (``notams``) is read by the preflight
    (``airspace.preflight``), which makes one volume per NOTAM with :func:`notam_volume`."""
    if closure.notams is not None:
        raise ValueError(f"closure {closure.id}: a file of NOTAMs is read by the preflight")
    start, end = closure.window
    lower, upper = closure.limits
    limits = Limits(lower=lower, upper=upper, start=start, end=end, periods=closure.periods)
    reason = closure.reason or (notam_reason(closure.notam) if closure.notam else "")
    reason = reason or "declared closure"
    if closure.route is not None:
        route, _, leg = closure.route.partition(" ")
        from_fix, _, to_fix = leg.partition("-")
        ref = RouteRef(
            route=route, from_fix=from_fix or None, to_fix=to_fix or None, fir=closure.fir
        )
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
        notam=closure.notam,
    )


def scenario_volumes(
    scenario: Scenario,
    trajectories: dict[str, Trajectory],
    cfg: HazardSettings,
    filed: Mapping[str, Sequence[HazardVolume]] | None = None,
) -> list[HazardVolume]:
    """All hazard volumes of a scenario: launches first (salvoes merged), then declared closures
    in file order; a closure naming a file of NOTAMs (``notams``) stands for the volumes
    ``filed[closure.id]`` (one per NOTAM, made by the preflight)."""
    computed: list[HazardVolume] = []
    for launch in scenario.launches:
        computed.extend(launch_volumes(launch, trajectories[launch.id], cfg))
    found = merge_salvo(computed)
    for closure in scenario.closures:
        if closure.notams is not None:
            found.extend((filed or {}).get(closure.id, ()))
        else:
            found.append(declared(closure))
    return found
