"""Ballistic trajectories over the rotating Earth (4-D samples, airspace pieces, overflights,
stage drops).

``Trajectory.ballistic(launch, impact, apogee_km=..., vehicle=...)`` flies a ballistic class;
``Trajectory.launcher(site, "Falcon 9", azimuth_deg=...)`` flies a launcher preset;
``trajectory_for_launch(launch)`` solves a scenario launch.  See ``docs/trajectory.md``.
"""

from airspace.trajectory.core import DEFAULT_CEILING_FT, Trajectory, class_for_range
from airspace.trajectory.debris import DebrisField
from airspace.trajectory.drops import Drop
from airspace.trajectory.flight import InfeasibleTrajectoryError, TrajectoryError
from airspace.trajectory.landmask import on_land
from airspace.trajectory.launcher import Breakup, PartPlan, fly_launcher
from airspace.trajectory.overflights import Overflight
from airspace.trajectory.pieces import AirspacePiece
from airspace.trajectory.presets import PRESETS, Launcher, Part, preset_for
from airspace.trajectory.scenario import trajectory_for_launch
from airspace.trajectory.vehicles import VEHICLES, Separation, Vehicle, vehicle_for

__all__ = [
    "DEFAULT_CEILING_FT",
    "PRESETS",
    "VEHICLES",
    "AirspacePiece",
    "Breakup",
    "DebrisField",
    "Drop",
    "InfeasibleTrajectoryError",
    "Launcher",
    "Overflight",
    "Part",
    "PartPlan",
    "Separation",
    "Trajectory",
    "TrajectoryError",
    "Vehicle",
    "class_for_range",
    "fly_launcher",
    "on_land",
    "preset_for",
    "trajectory_for_launch",
    "vehicle_for",
]
