"""Trajectories of scenario launches: ``trajectory_for_launch(launch)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from airspace.trajectory.core import Trajectory
from airspace.trajectory.vehicles import Vehicle, vehicle_for

if TYPE_CHECKING:
    from airspace.scenario.model import Launch


def trajectory_for_launch(launch: Launch) -> Trajectory:
    """Solve the trajectory of one scenario launch (its time, or the start of its window).

    The launch gives an impact point, or an azimuth and range; and at most one of an apogee, a
    profile or a burnout flight-path angle (minimum-energy when none is given).  Raises
    ``InfeasibleTrajectoryError`` (a ``ValueError``) saying what would be feasible.
    """
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
