"""Trajectories of scenario launches: ``trajectory_for_launch(launch)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from airspace.trajectory.core import Trajectory

if TYPE_CHECKING:
    from airspace.scenario.model import Launch


def trajectory_for_launch(launch: Launch) -> Trajectory:
    """Solve the trajectory of one scenario launch (its time, or the start of its window).

    The launch gives an impact point, or an azimuth and range; and at most one of an apogee, a
    profile or a burnout flight-path angle (minimum-energy when none is given).  Raises
    ``InfeasibleTrajectoryError`` (a ``ValueError``) saying what would be feasible.
    """
    ground_range_km = None if launch.range is None else launch.range.km
    return Trajectory.ballistic(
        launch.site,
        launch.impact,
        apogee_km=None if launch.apogee is None else launch.apogee.km,
        profile=launch.profile,
        azimuth_deg=launch.azimuth_deg,
        range_km=ground_range_km,
        vehicle=launch.vehicle,
        launch_time=launch.earliest,
        flight_path_angle_deg=launch.flight_path_angle_deg,
    )
