"""Free fall with air drag, for many bodies at once: spent stages, fairings, debris.

Equations of motion in the Earth-fixed (rotating) frame of the model sphere: spherical gravity
``-mu r / |r|^3``, Coriolis ``-2 w x v`` and centrifugal ``-w x (w x r)`` accelerations, and
drag ``-rho(h) |v| v / (2 beta)`` against air at rest on the rotating Earth (``v`` is the
Earth-relative velocity, ``beta = m / (C_D A)`` the ballistic coefficient in kg/m^2; an infinite
``beta`` falls in vacuum).  Integrated by classical fourth-order Runge-Kutta for all bodies
together (each stops at the surface, its landing time interpolated within the last step), with
a step of 1 s shortened to a third of the shortest drag time constant ``2 beta / (rho |v|)``
(fast, light bodies in dense air), never below 0.01 s; at 1 s the integration is exact to
metres over an orbit in vacuum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from airspace.geo import FloatArray
from airspace.trajectory import sphere
from airspace.trajectory.atmosphere import density_kg_m3
from airspace.trajectory.kepler import EARTH_RADIUS_M, MU_M3_S2, OMEGA_EARTH_RAD_S

STEP_S: Final = 1.0
MIN_STEP_S: Final = 0.01
MIN_BALLISTIC_COEFFICIENT: Final = 5.0
"""Lightest body (kg/m^2) integrated (the step floor keeps lighter ones stable only slowly)."""
MAX_FALL_S: Final = 4.0 * 3600.0
"""Longest fall integrated (s); a body still aloft then is an error (an orbit, not a fall)."""

_W: Final = np.array([0.0, 0.0, OMEGA_EARTH_RAD_S])


class FallError(ValueError):
    """A body that does not come down within ``MAX_FALL_S`` (it is in orbit)."""


@dataclass(frozen=True, slots=True, eq=False)
class Falls:
    """Tracks of ``n`` falling bodies: ``t_s`` ``(m,)`` seconds after the start; ``positions_m``
    ``(m, n, 3)`` Earth-fixed (frozen at the landing point after landing); ``landed_t_s``
    ``(n,)`` landing times and ``landed_m`` ``(n, 3)`` landing points."""

    t_s: FloatArray
    positions_m: FloatArray
    landed_t_s: FloatArray
    landed_m: FloatArray

    def landing_latlon(self) -> tuple[FloatArray, FloatArray]:
        lat, lon, _ = sphere.to_latlon_alt(self.landed_m, EARTH_RADIUS_M)
        return lat, lon

    def track(self, i: int) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Times (s), latitudes, longitudes (degrees) and heights (m) of body ``i`` to its
        landing (the last sample is the landing point, at height 0)."""
        keep = self.t_s < self.landed_t_s[i]
        t = np.append(self.t_s[keep], self.landed_t_s[i])
        pos = np.vstack([self.positions_m[keep, i], self.landed_m[i][None, :]])
        lat, lon, alt = sphere.to_latlon_alt(pos, EARTH_RADIUS_M)
        alt[-1] = 0.0
        return t, lat, lon, np.maximum(alt, 0.0)


def _acceleration(r: FloatArray, v: FloatArray, inv_beta: FloatArray, omega: float) -> FloatArray:
    norm = np.linalg.norm(r, axis=1)
    gravity = -MU_M3_S2 * r / norm[:, None] ** 3
    w = _W * (omega / OMEGA_EARTH_RAD_S) if omega else np.zeros(3)
    rotating = -2.0 * np.cross(w, v) - np.cross(w, np.cross(w, r))
    rho = density_kg_m3(norm - EARTH_RADIUS_M)
    speed = np.linalg.norm(v, axis=1)
    drag = -(0.5 * rho * speed * inv_beta)[:, None] * v
    return np.asarray(gravity + rotating + drag, dtype=np.float64)


def fall(
    positions_m: FloatArray,
    velocities_m_s: FloatArray,
    ballistic_coefficients_kg_m2: FloatArray | float,
    *,
    omega_rad_s: float = OMEGA_EARTH_RAD_S,
    max_s: float = MAX_FALL_S,
) -> Falls:
    """Integrate ``n`` bodies from Earth-fixed states (``(n, 3)`` m and m/s) to the surface."""
    r = np.atleast_2d(np.asarray(positions_m, dtype=np.float64)).copy()
    v = np.atleast_2d(np.asarray(velocities_m_s, dtype=np.float64)).copy()
    beta = np.broadcast_to(np.asarray(ballistic_coefficients_kg_m2, dtype=np.float64), (len(r),))
    if np.any(beta < MIN_BALLISTIC_COEFFICIENT):
        raise ValueError(
            f"ballistic coefficient below {MIN_BALLISTIC_COEFFICIENT:g} kg/m^2 "
            "(expected a heavier body)"
        )
    inv_beta = np.where(np.isfinite(beta), 1.0 / beta, 0.0)
    n = len(r)
    aloft = np.ones(n, dtype=bool)
    landed_t = np.full(n, np.nan)
    landed_r = np.zeros((n, 3))
    times, positions = [0.0], [r.copy()]
    t = 0.0

    def f(rr: FloatArray, vv: FloatArray) -> FloatArray:
        return _acceleration(rr, vv, inv_beta, omega_rad_s)

    while np.any(aloft):
        if t >= max_s:
            raise FallError(f"a body is still aloft {max_s / 60:.0f} min after release (in orbit)")
        rho = density_kg_m3(np.linalg.norm(r[aloft], axis=1) - EARTH_RADIUS_M)
        drag_rate = 0.5 * rho * np.linalg.norm(v[aloft], axis=1) * inv_beta[aloft]  # 1/s
        h = float(np.clip(1.0 / (3.0 * max(float(drag_rate.max()), 1e-12)), MIN_STEP_S, STEP_S))
        k1v = f(r, v)
        k1r = v
        k2v = f(r + 0.5 * h * k1r, v + 0.5 * h * k1v)
        k2r = v + 0.5 * h * k1v
        k3v = f(r + 0.5 * h * k2r, v + 0.5 * h * k2v)
        k3r = v + 0.5 * h * k2v
        k4v = f(r + h * k3r, v + h * k3v)
        k4r = v + h * k3v
        r_new = r + h / 6.0 * (k1r + 2 * k2r + 2 * k3r + k4r)
        v_new = v + h / 6.0 * (k1v + 2 * k2v + 2 * k3v + k4v)
        if not (np.all(np.isfinite(r_new)) and np.all(np.isfinite(v_new))):
            raise ArithmeticError("the fall integration diverged")
        height_old = np.linalg.norm(r, axis=1) - EARTH_RADIUS_M
        height_new = np.linalg.norm(r_new, axis=1) - EARTH_RADIUS_M
        down = aloft & (height_new <= 0.0)
        if np.any(down):
            frac = height_old[down] / (height_old[down] - height_new[down])
            point = r[down] + frac[:, None] * (r_new[down] - r[down])
            landed_r[down] = point / np.linalg.norm(point, axis=1)[:, None] * EARTH_RADIUS_M
            landed_t[down] = t + frac * h
            aloft &= ~down
        r = np.where(aloft[:, None], r_new, np.where(down[:, None], landed_r, r))
        v = np.where(aloft[:, None], v_new, 0.0)
        t += h
        times.append(t)
        positions.append(r.copy())
    return Falls(np.array(times), np.stack(positions), landed_t, landed_r)


def earth_fixed_state(
    lat_deg: float,
    lon_deg: float,
    height_m: float,
    azimuth_deg: float,
    speed_m_s: float,
    flight_path_angle_deg: float,
) -> tuple[FloatArray, FloatArray]:
    """Earth-fixed position (m) and velocity (m/s) of a body over a point, heading along an
    azimuth with a ground-relative speed and flight-path angle."""
    up = sphere.unit_vector(lat_deg, lon_deg)
    heading = sphere.direction(up, azimuth_deg)
    gamma = np.radians(flight_path_angle_deg)
    velocity = speed_m_s * (np.cos(gamma) * heading + np.sin(gamma) * up)
    return up * (EARTH_RADIUS_M + height_m), np.asarray(velocity, dtype=np.float64)
