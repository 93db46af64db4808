"""The parts of a trajectory below an airspace ceiling, as 4-D pieces with entry and exit times.

A ballistic flight is below the ceiling (FL600 by default) only while climbing out near the launch
site and while falling to the impact; a flight that stays above the ceiling over a country is an
overflight (see ``overflights.py``), not a closure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from airspace.geo import FEET_PER_METRE

if TYPE_CHECKING:
    from airspace.trajectory.core import Trajectory

PiecePhase = Literal["ascent", "descent", "whole flight"]


@dataclass(frozen=True, eq=False, kw_only=True)
class AirspacePiece:
    """A stretch of flight between the surface and ``ceiling_ft`` (feet above the surface).

    ``entry_t_s`` / ``exit_t_s`` are seconds after launch (``entry_time`` / ``exit_time`` in UTC
    when the launch time is known); ``track`` holds the samples (``t_s, time, lat, lon, alt_m``)
    from entry to exit inclusive, with the exact ceiling crossing.
    """

    phase: PiecePhase
    ceiling_ft: float
    entry_t_s: float
    exit_t_s: float
    entry_time: datetime | None
    exit_time: datetime | None
    track: pd.DataFrame

    @property
    def duration(self) -> timedelta:
        return timedelta(seconds=self.exit_t_s - self.entry_t_s)

    @property
    def lower_ft(self) -> float:
        return 0.0

    @property
    def upper_ft(self) -> float:
        return self.ceiling_ft

    @property
    def lonlat(self) -> list[tuple[float, float]]:
        """Ground track as ``(lon, lat)`` pairs (shapely / GeoJSON order)."""
        return list(zip(self.track["lon"].tolist(), self.track["lat"].tolist(), strict=True))


def _crossing(traj: Trajectory, t0: float, t1: float, ceiling_m: float) -> float:
    """Time in ``[t0, t1]`` at which the height crosses ``ceiling_m`` (Brent's method, 1 µs)."""
    return float(brentq(lambda t: traj.height_m(t) - ceiling_m, t0, t1, xtol=1e-6))


def pieces_below(traj: Trajectory, ceiling_ft: float) -> list[AirspacePiece]:
    """Pieces of ``traj`` below ``ceiling_ft`` (feet): usually an ascent and a descent."""
    if not ceiling_ft > 0.0:
        raise ValueError(f"ceiling {ceiling_ft} ft is not above the surface (expected > 0 ft)")
    ceiling_m = ceiling_ft / FEET_PER_METRE
    samples = traj.samples
    t = samples["t_s"].to_numpy()
    below = samples["alt_m"].to_numpy() <= ceiling_m
    edges = np.flatnonzero(np.diff(below.astype(np.int8)))
    bounds: list[float] = [0.0] if below[0] else []
    for i in edges:
        bounds.append(_crossing(traj, float(t[i]), float(t[i + 1]), ceiling_m))
    if below[-1]:
        bounds.append(traj.flight_time_s)
    pieces: list[AirspacePiece] = []
    for k in range(0, len(bounds) - 1, 2):
        start, end = bounds[k], bounds[k + 1]
        inner = t[(t > start) & (t < end)]
        track = traj.at(np.concatenate([[start], inner, [end]]))
        track = track.drop(columns=["phase"])
        if start == 0.0 and end == traj.flight_time_s:
            phase: PiecePhase = "whole flight"
        elif start == 0.0:
            phase = "ascent"
        else:
            phase = "descent"
        launch = traj.launch_time
        pieces.append(
            AirspacePiece(
                phase=phase,
                ceiling_ft=ceiling_ft,
                entry_t_s=start,
                exit_t_s=end,
                entry_time=None if launch is None else launch + timedelta(seconds=start),
                exit_time=None if launch is None else launch + timedelta(seconds=end),
                track=track.reset_index(drop=True),
            )
        )
    return pieces
