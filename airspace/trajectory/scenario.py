"""Trajectories of scenario launches: ``trajectory_for_launch(launch)``."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from airspace.trajectory.ascent import AscentError, AscentProfile, GroundTrack
from airspace.trajectory.core import Trajectory
from airspace.trajectory.flight import TrajectoryError
from airspace.trajectory.launcher import DEFAULT_TOLERANCE_KM, Breakup, PartPlan, fly_launcher
from airspace.trajectory.presets import BETA_FAIRING_HALF, PRESETS, Launcher, Part, preset_for
from airspace.trajectory.vehicles import Vehicle, vehicle_for

if TYPE_CHECKING:
    from airspace.scenario.model import Launch, Stage


def trajectory_for_launch(launch: Launch) -> Trajectory:
    """Solve the trajectory of one scenario launch (its time, or the start of its window).

    A ballistic class gives an impact point, or an azimuth and range; and at most one of an
    apogee, a profile or a burnout flight-path angle (minimum-energy when none is given).  A
    launcher preset flies its published profile along ``azimuth_deg`` or the ``ascent``
    waypoints, with the scenario's ``stages`` and ``failure``.  Raises ``TrajectoryError`` (a
    ``ValueError``; ``InfeasibleTrajectoryError`` saying what would be feasible).
    """
    if launch.is_launcher:
        return _launcher_trajectory(launch)
    ground_range_km = None if launch.range is None else launch.range.km
    vehicle: str | Vehicle = launch.vehicle
    o = launch.vehicle_overrides
    if o is not None:
        vehicle = vehicle_for(launch.vehicle).with_overrides(
            burn_time_s=None if o.burn_time is None else o.burn_time.total_seconds(),
            vertical_rise_s=None if o.vertical_rise is None else o.vertical_rise.total_seconds(),
            max_burnout_speed_m_s=o.max_burnout_speed_m_s,
        )
    return Trajectory.ballistic(
        launch.site,
        launch.impact,
        apogee_km=None if launch.apogee is None else launch.apogee.km,
        profile=launch.profile,
        azimuth_deg=launch.azimuth_deg,
        range_km=ground_range_km,
        vehicle=vehicle,
        launch_time=launch.earliest,
        flight_path_angle_deg=launch.flight_path_angle_deg,
    )


def _separation_s(stage: Stage, profile: AscentProfile, launcher: Launcher) -> float | None:
    if stage.separation is not None:
        return stage.separation.total_seconds()
    if stage.downrange is None:
        return None
    found = profile.time_at_ground_distance(stage.downrange.metres)
    if found is None:
        top_km = float(profile.at(np.array([profile.end_s]))[0][0]) / 1000.0
        raise TrajectoryError(
            f"{stage.name}: a separation {stage.downrange} downrange is beyond the "
            f"{launcher.name} ascent ({top_km:,.0f} km at its last state)"
        )
    return found


def _with_stages(launcher: Launcher, launch: Launch) -> tuple[Launcher, dict[str, PartPlan]]:
    """The preset with the scenario's stage overrides applied, and the per-part facts."""
    try:
        profile = AscentProfile(launcher.knots, launcher.vertical_rise_s)
    except AscentError as exc:
        raise TrajectoryError(f"{launcher.name}: {exc}") from None
    parts = {p.name: p for p in launcher.parts}
    plans: dict[str, PartPlan] = {}
    for stage in launch.stages:
        base = parts.get(stage.name)
        time_s = _separation_s(stage, profile, launcher)
        if base is None:
            if time_s is None:
                raise TrajectoryError(
                    f"{launcher.name} has no part {stage.name!r}: give its 'separation' or "
                    f"'downrange' to add it (preset parts: {', '.join(parts) or 'none'})"
                )
            beta = BETA_FAIRING_HALF if "fairing" in stage.name.casefold() else None
            base = Part(name=stage.name, time_s=time_s, source="scenario file")
            if beta is not None:
                base = replace(base, ballistic_coefficient_kg_m2=beta)
        parts[stage.name] = replace(
            base,
            time_s=base.time_s if time_s is None else time_s,
            fate=stage.fate or base.fate,
            landing_time_s=(
                base.landing_time_s
                if stage.landing_time is None
                else stage.landing_time.total_seconds()
            ),
        )
        plans[stage.name] = PartPlan(
            landing=None if stage.landing is None else (stage.landing.lat, stage.landing.lon),
            published_zone=(
                None if stage.drop_zone is None else tuple((p.lat, p.lon) for p in stage.drop_zone)
            ),
            tolerance_km=DEFAULT_TOLERANCE_KM if stage.tolerance is None else stage.tolerance.km,
        )
    return launcher.with_parts(tuple(parts.values())), plans


def _launcher_trajectory(launch: Launch) -> Trajectory:
    launcher = preset_for(launch.vehicle)
    if launcher is None:
        raise TrajectoryError(
            f"unknown launcher {launch.vehicle!r} (expected one of {', '.join(PRESETS)})"
        )
    launcher, plans = _with_stages(launcher, launch)
    waypoints = (
        () if launch.ascent is None else tuple((p.lat, p.lon) for p in launch.ascent.waypoints)
    )
    try:
        track = GroundTrack((launch.site.lat, launch.site.lon), launch.azimuth_deg, waypoints)
    except AscentError as exc:
        raise TrajectoryError(str(exc)) from None
    breakup = None
    f = launch.failure
    if f is not None:
        breakup = Breakup(
            time_s=None if f.time is None else f.time.total_seconds(),
            height_m=None if f.altitude is None else f.altitude.metres,
            speed_m_s=f.speed_m_s,
            imparted_m_s=f.imparted_speed_m_s,
            beta_range=f.ballistic_coefficients_kg_m2,
        )
    return fly_launcher(
        launch.site, launcher, track, plans=plans, breakup=breakup, launch_time=launch.earliest
    )
