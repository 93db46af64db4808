"""Stage and fairing drops: the free fall of each spent part from its separation state.

The fall is Keplerian from the separation state (position and velocity of the boost at the
separation time, inertial frame) to the surface, without air drag: drag shortens the fall, so
the modelled drop point lies at or beyond the real one along the track.  The results feed the
hazard zones (drop areas are published as rectangles of roughly 35 x 85 km to 100 x 300 km).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from airspace.geo import distance_m
from airspace.trajectory import kepler, sphere
from airspace.trajectory.flight import Flight
from airspace.trajectory.kepler import EARTH_RADIUS_M

if TYPE_CHECKING:
    from airspace.trajectory.core import Trajectory


@dataclass(frozen=True, eq=False, kw_only=True)
class Drop:
    """A spent stage or fairing: separation and impact (s after launch, degrees, m) and the
    fall ``track`` (``t_s, time, lat, lon, alt_m``) at 1 s resolution.  For a launcher's part,
    ``fate`` says what the impact point is (drop point, landing point or the launch site)."""

    name: str
    separation_t_s: float
    separation_lat: float
    separation_lon: float
    separation_alt_m: float
    impact_t_s: float
    impact_lat: float
    impact_lon: float
    track: pd.DataFrame
    launch_time: datetime | None = None
    fate: Literal["drop", "landing", "return"] = "drop"
    """``drop``: falls in a drop zone at the impact point; ``landing``: lands at the impact
    point (a droneship, a landing zone); ``return``: comes back to the launch site."""
    published_zone: tuple[tuple[float, float], ...] | None = None
    """The published drop zone (lat, lon vertices), when the scenario gives it."""
    modelled_lat: float | None = None
    modelled_lon: float | None = None
    modelled_t_s: float | None = None
    """Where and when the model's ballistic fall (with drag) comes down (launchers)."""
    offset_km: float | None = None
    """Distance (km) of the modelled point outside the published zone (0 inside)."""

    @property
    def separation_time(self) -> datetime | None:
        if self.launch_time is None:
            return None
        return self.launch_time + timedelta(seconds=self.separation_t_s)

    @property
    def impact_time(self) -> datetime | None:
        if self.launch_time is None:
            return None
        return self.launch_time + timedelta(seconds=self.impact_t_s)

    @property
    def fall_time(self) -> timedelta:
        return timedelta(seconds=self.impact_t_s - self.separation_t_s)

    def downrange_km(self, lat: float, lon: float) -> float:
        """Ground distance (km, WGS84) from a point (e.g. the launch site) to the drop point."""
        return distance_m(lat, lon, self.impact_lat, self.impact_lon) / 1000.0


def compute_drops(traj: Trajectory) -> list[Drop]:
    """Drops of every separation of the trajectory's vehicle, in time order."""
    flight = traj.flight
    if not isinstance(flight, Flight):  # a launcher's parts come with its flight
        return list(traj.drops)
    vehicle = flight.vehicle
    scale = flight.burnout_time_s / vehicle.burn_time_s if vehicle.burn_time_s > 0 else 0.0
    drops: list[Drop] = []
    for part in vehicle.separations:
        t_sep = part.time_s * scale
        if t_sep <= 0.0:
            continue
        position, velocity = flight.boost_state_inertial(t_sep)
        fall_s = kepler.time_to_radius(position, velocity, EARTH_RADIUS_M)
        dt = np.union1d(np.arange(0.0, fall_s, 1.0), [fall_s])
        inertial, _ = kepler.propagate(position, velocity, dt)
        t = t_sep + dt
        fixed = sphere.rotate_z(inertial, -flight.omega_rad_s * t)
        lat, lon, alt = sphere.to_latlon_alt(fixed, EARTH_RADIUS_M)
        alt[-1] = 0.0
        when = (
            pd.Series(pd.NaT, index=range(t.size), dtype="datetime64[ns, UTC]")
            if traj.launch_time is None
            else pd.Timestamp(traj.launch_time) + pd.to_timedelta(t, unit="s")
        )
        track = pd.DataFrame({"t_s": t, "time": when, "lat": lat, "lon": lon, "alt_m": alt})
        drops.append(
            Drop(
                name=part.name,
                separation_t_s=float(t_sep),
                separation_lat=float(lat[0]),
                separation_lon=float(lon[0]),
                separation_alt_m=float(alt[0]),
                impact_t_s=float(t[-1]),
                impact_lat=float(lat[-1]),
                impact_lon=float(lon[-1]),
                track=track,
                launch_time=traj.launch_time,
            )
        )
    return drops
