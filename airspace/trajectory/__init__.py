"""Ballistic trajectories over the rotating Earth (4-D samples, airspace pieces, overflights,
stage drops).

``Trajectory.ballistic(launch, impact, apogee_km=..., vehicle=...)`` is the entry point;
``trajectory_for_launch(launch)`` solves a scenario launch.  See ``docs/trajectory.md``.
"""

from airspace.trajectory.core import DEFAULT_CEILING_FT, Trajectory, class_for_range
from airspace.trajectory.drops import Drop
from airspace.trajectory.flight import InfeasibleTrajectoryError, TrajectoryError
from airspace.trajectory.overflights import Overflight, on_land
from airspace.trajectory.pieces import AirspacePiece
from airspace.trajectory.scenario import trajectory_for_launch
from airspace.trajectory.vehicles import VEHICLES, Separation, Vehicle, vehicle_for

__all__ = [
    "DEFAULT_CEILING_FT",
    "VEHICLES",
    "AirspacePiece",
    "Drop",
    "InfeasibleTrajectoryError",
    "Overflight",
    "Separation",
    "Trajectory",
    "TrajectoryError",
    "Vehicle",
    "class_for_range",
    "on_land",
    "trajectory_for_launch",
    "vehicle_for",
]
