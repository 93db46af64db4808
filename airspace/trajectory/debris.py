"""Debris of a vehicle breakup: where and when the fragments fall (a debris response area).

When a vehicle breaks up, the FAA activates a *debris response area* (DRA): airspace downrange
of the breakup where debris is falling, closed until it has come down (FAA, "Debris Response
Area" procedures, activated after the Starship breakups of 16 Jan 2025 (flight 7) and 6 Mar 2025
(flight 8); FAA Order JO 7400.2 and the Starship flight 7/8 mishap statements).  The extent of a
real DRA comes from the operator's debris catalogue; this model states its own assumptions:

* fragments leave the breakup point with the vehicle's velocity plus an explosion-imparted
  speed of 0 or ``imparted_m_s`` (100 m/s by default) along, against, left and right of the
  track and up and down (7 directions);
* their ballistic coefficients span ``beta_min`` to ``beta_max`` (10 to 10,000 kg/m^2 by
  default, log-spaced: light panels and tiles to dense engine parts; 10 kg/m^2 is about the
  lightest the 1 s integrator carries stably, and lighter debris falls inside the footprint of
  the 10 kg/m^2 class, short of it);
* each falls with drag in the mean atmosphere, no wind (``fall.py``).

The footprint is the convex hull of the landing points, to which the hazard layer adds its
buffer; the window runs from the breakup to the last landing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import shapely
from shapely.geometry import MultiPoint

from airspace.geo import FloatArray, to_local, to_lonlat
from airspace.trajectory import sphere
from airspace.trajectory.fall import Falls, fall
from airspace.trajectory.kepler import EARTH_RADIUS_M

DEFAULT_IMPARTED_M_S = 100.0
DEFAULT_BETA_RANGE = (10.0, 10_000.0)
BETA_CLASSES = 7


@dataclass(frozen=True, eq=False)
class DebrisField:
    """Fragments of a breakup at ``breakup_t_s`` (s after lift-off): their landing points and
    times, and the assumptions used."""

    breakup_t_s: float
    breakup_lat: float
    breakup_lon: float
    breakup_alt_m: float
    breakup_speed_m_s: float
    landing_lat: FloatArray
    landing_lon: FloatArray
    landing_t_s: FloatArray
    ballistic_coefficients_kg_m2: FloatArray
    imparted_m_s: float
    launch_time: datetime | None = None

    @property
    def last_landing_t_s(self) -> float:
        return float(self.landing_t_s.max())

    @property
    def start_time(self) -> datetime | None:
        return (
            None
            if self.launch_time is None
            else (self.launch_time + timedelta(seconds=self.breakup_t_s))
        )

    @property
    def end_time(self) -> datetime | None:
        return (
            None
            if self.launch_time is None
            else (self.launch_time + timedelta(seconds=self.last_landing_t_s))
        )

    def footprint(self, buffer_m: float = 0.0) -> shapely.Geometry:
        """Convex hull of the landing points (lon/lat polygon), buffered by ``buffer_m``."""
        lat0, lon0 = float(np.mean(self.landing_lat)), float(np.mean(self.landing_lon))
        points = MultiPoint(list(zip(self.landing_lon, self.landing_lat, strict=True)))
        hull = to_local(points, lat0, lon0).convex_hull.buffer(max(buffer_m, 1.0), quad_segs=8)
        return to_lonlat(hull, lat0, lon0)

    def length_km(self) -> float:
        """Longest distance between two landing points (km)."""
        lat0, lon0 = float(np.mean(self.landing_lat)), float(np.mean(self.landing_lon))
        local = to_local(
            MultiPoint(list(zip(self.landing_lon, self.landing_lat, strict=True))), lat0, lon0
        )
        xy = shapely.get_coordinates(local)
        d = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
        return float(d.max()) / 1000.0


def breakup_debris(
    t_s: float,
    position_m: FloatArray,
    velocity_m_s: FloatArray,
    *,
    imparted_m_s: float = DEFAULT_IMPARTED_M_S,
    beta_range: tuple[float, float] = DEFAULT_BETA_RANGE,
    launch_time: datetime | None = None,
    omega_rad_s: float | None = None,
) -> DebrisField:
    """Fragments of a breakup at ``t_s`` from an Earth-fixed state (m, m/s)."""
    if not 0.0 <= imparted_m_s <= 1_000.0:
        raise ValueError(f"imparted speed {imparted_m_s} m/s is outside 0-1,000 m/s")
    lo, hi = beta_range
    if not 10.0 <= lo <= hi:
        raise ValueError(f"ballistic coefficients {lo}-{hi} kg/m^2 (expected 10 <= min <= max)")
    r = np.asarray(position_m, dtype=np.float64)
    v = np.asarray(velocity_m_s, dtype=np.float64)
    up = r / np.linalg.norm(r)
    along = v - (v @ up) * up
    along = (
        along / np.linalg.norm(along) if np.linalg.norm(along) > 1e-6 else sphere.direction(up, 0.0)
    )
    left = np.cross(up, along)
    kicks = [np.zeros(3)] + [s * d for d in (along, left, up) for s in (1.0, -1.0)]
    betas = np.geomspace(lo, hi, BETA_CLASSES)
    velocities = np.array([v + imparted_m_s * k for k in kicks for _ in betas])
    coefficients = np.array([b for _ in kicks for b in betas])
    positions = np.repeat(r[None, :], len(velocities), axis=0)
    kwargs = {} if omega_rad_s is None else {"omega_rad_s": omega_rad_s}
    falls: Falls = fall(positions, velocities, coefficients, **kwargs)
    lat, lon = falls.landing_latlon()
    blat, blon, balt = sphere.to_latlon_alt(r[None, :], EARTH_RADIUS_M)
    return DebrisField(
        breakup_t_s=t_s,
        breakup_lat=float(blat[0]),
        breakup_lon=float(blon[0]),
        breakup_alt_m=float(balt[0]),
        breakup_speed_m_s=float(np.linalg.norm(v)),
        landing_lat=lat,
        landing_lon=lon,
        landing_t_s=t_s + falls.landed_t_s,
        ballistic_coefficients_kg_m2=coefficients,
        imparted_m_s=imparted_m_s,
        launch_time=launch_time,
    )
