"""Keplerian free flight over a spherical Earth: closed forms and a vectorised propagator.

Symbols (as in Bate, Mueller & White, *Fundamentals of Astrodynamics*, 1971, ch. 6): ``r`` burnout
radius (m), ``v`` burnout speed (m/s), ``phi`` flight-path angle above the local horizontal (rad),
``psi`` free-flight range angle (rad), ``Q = v**2 r / mu``.

Two families of formulas live here:

* the *symmetric* closed forms of the design notes (burnout and impact at the same radius), used
  as the reference the engine is tested against;
* the *general* arc from a burnout radius ``r1`` to an impact radius ``r2`` (burnout above the
  surface, impact on it), which the engine uses.  From the orbit equation
  ``1/r2 = mu (1 - cos psi) / h**2 + cos(psi + phi) / (r1 cos phi)`` with ``h = r1 v cos phi``:
  ``v**2 = mu (1 - cos psi) / (r1 cos phi ((r1 / r2) cos phi - cos(psi + phi)))``.

All functions take floats (angles in radians, SI units); the propagator takes arrays of times.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from airspace.geo import FloatArray

MU_M3_S2: Final = 3.986004e14
"""Earth's gravitational parameter (m^3/s^2)."""
EARTH_RADIUS_M: Final = 6_371_000.0
"""Radius of the spherical Earth used for the dynamics (m)."""
OMEGA_EARTH_RAD_S: Final = 7.2921e-5
"""Earth's sidereal rotation rate (rad/s)."""

MIN_FLIGHT_PATH_ANGLE_RAD: Final = math.radians(0.5)
"""Shallowest burnout flight-path angle the solver considers (a grazing arc is not a missile)."""


# --- symmetric closed forms (Bate, Mueller & White ch. 6) ------------------------------------


def symmetric_range_angle(q: float, phi: float) -> float:
    """Range angle ``psi`` (rad) of a symmetric arc: ``cos(psi/2) = (1 - Q cos^2 phi) / e``."""
    e = math.sqrt(1.0 + q * (q - 2.0) * math.cos(phi) ** 2)
    return 2.0 * math.acos((1.0 - q * math.cos(phi) ** 2) / e)


def symmetric_apogee_radius(r_m: float, q: float, phi: float) -> float:
    """Apogee radius ``a (1 + e)`` (m) of the conic through burnout (``r_m``, ``Q``, ``phi``)."""
    a = r_m / (2.0 - q)
    e = math.sqrt(1.0 + q * (q - 2.0) * math.cos(phi) ** 2)
    return a * (1.0 + e)


def symmetric_flight_time(r_m: float, q: float, phi: float) -> float:
    """Free-flight time (s): ``cos E = (e - cos(psi/2)) / (1 - e cos(psi/2))``,
    ``t = 2 sqrt(a^3/mu) (pi - E + e sin E)``."""
    a = r_m / (2.0 - q)
    e = math.sqrt(1.0 + q * (q - 2.0) * math.cos(phi) ** 2)
    c = math.cos(symmetric_range_angle(q, phi) / 2.0)
    big_e = math.acos((e - c) / (1.0 - e * c))
    return 2.0 * math.sqrt(a**3 / MU_M3_S2) * (math.pi - big_e + e * math.sin(big_e))


def symmetric_min_energy(psi: float) -> tuple[float, float]:
    """Minimum-energy ``(phi, Q)`` for range angle ``psi``: ``phi = (pi - psi)/4``,
    ``Q = 2 sin(psi/2) / (1 + sin(psi/2))``."""
    s = math.sin(psi / 2.0)
    return (math.pi - psi) / 4.0, 2.0 * s / (1.0 + s)


def symmetric_roots(psi: float, q: float) -> tuple[float, float]:
    """Depressed and lofted ``phi`` (rad) reaching ``psi`` with energy ``Q``:
    ``sin(2 phi + psi/2) = ((2 - Q)/Q) sin(psi/2)``; raises ``ValueError`` below minimum energy."""
    rhs = (2.0 - q) / q * math.sin(psi / 2.0)
    if rhs > 1.0:
        raise ValueError(f"Q = {q:.4f} is below the minimum energy for a {psi:.4f} rad range")
    base = math.asin(rhs)
    low = (base - psi / 2.0) / 2.0
    high = (math.pi - base - psi / 2.0) / 2.0
    return low, high


# --- general arc: burnout radius r1, impact radius r2 --------------------------------------


def speed_for_angle(r1_m: float, r2_m: float, psi: float, phi: float) -> float:
    """Burnout speed (m/s) that carries a free flight from ``r1`` at angle ``phi`` through the
    range angle ``psi`` down to radius ``r2``; ``inf`` where no ballistic arc does."""
    denominator = r1_m * math.cos(phi) * ((r1_m / r2_m) * math.cos(phi) - math.cos(psi + phi))
    if denominator <= 0.0:
        return math.inf
    return math.sqrt(MU_M3_S2 * (1.0 - math.cos(psi)) / denominator)


def conic(r1_m: float, v_m_s: float, phi: float) -> tuple[float, float]:
    """Semi-major axis (m) and eccentricity of the orbit through a burnout state."""
    q = v_m_s**2 * r1_m / MU_M3_S2
    e = math.sqrt(max(0.0, 1.0 + q * (q - 2.0) * math.cos(phi) ** 2))
    return r1_m / (2.0 - q), e


def apogee_radius(r1_m: float, v_m_s: float, phi: float) -> float:
    """Highest radius (m) on the arc after burnout (``inf`` for an escape speed)."""
    q = v_m_s**2 * r1_m / MU_M3_S2
    if q >= 2.0:
        return math.inf
    a, e = conic(r1_m, v_m_s, phi)
    return max(r1_m, a * (1.0 + e)) if phi >= 0.0 else r1_m


def _mean_anomaly(e: float, nu: float) -> float:
    """Mean anomaly of true anomaly ``nu`` in [0, 2 pi), continuous across apoapsis."""
    big_e = 2.0 * math.atan2(
        math.sqrt(1.0 - e) * math.sin(nu / 2.0), math.sqrt(1.0 + e) * math.cos(nu / 2.0)
    )
    big_e %= 2.0 * math.pi
    return big_e - e * math.sin(big_e)


def true_anomaly_at_burnout(r1_m: float, v_m_s: float, phi: float) -> float:
    """True anomaly (rad, in [0, 2 pi)) of the burnout point: ascending when ``phi > 0``."""
    _, e = conic(r1_m, v_m_s, phi)
    if e < 1e-12:
        return 0.0
    h = r1_m * v_m_s * math.cos(phi)
    p = h * h / MU_M3_S2
    cos_nu = (p / r1_m - 1.0) / e
    sin_nu = math.sqrt(p / MU_M3_S2) * v_m_s * math.sin(phi) / e  # r_dot sqrt(p/mu) / e
    return math.atan2(sin_nu, cos_nu) % (2.0 * math.pi)


def flight_time(r1_m: float, v_m_s: float, phi: float, psi: float) -> float:
    """Time (s) to fly the range angle ``psi`` from a burnout state (elliptic orbits)."""
    a, e = conic(r1_m, v_m_s, phi)
    nu1 = true_anomaly_at_burnout(r1_m, v_m_s, phi)
    m1 = _mean_anomaly(e, nu1)
    m2 = _mean_anomaly(e, (nu1 + psi) % (2.0 * math.pi))
    if nu1 + psi >= 2.0 * math.pi:
        m2 += 2.0 * math.pi
    return math.sqrt(a**3 / MU_M3_S2) * (m2 - m1)


def escape_angle(r1_m: float, r2_m: float, psi: float) -> float:
    """Steepest ``phi`` (rad) whose arc is still elliptic (``Q < 2``) for this range angle."""
    hi = math.pi / 2.0 - 1e-9

    def q_minus_2(phi: float) -> float:
        v = speed_for_angle(r1_m, r2_m, psi, phi)
        return (v * v * r1_m / MU_M3_S2 if math.isfinite(v) else 4.0) - 2.0 + 1e-9

    if q_minus_2(hi) < 0.0:
        return hi
    return float(brentq(q_minus_2, MIN_FLIGHT_PATH_ANGLE_RAD, hi, xtol=1e-12))


def min_energy_angle(r1_m: float, r2_m: float, psi: float) -> float:
    """``phi`` (rad) of the minimum burnout speed for this range angle (numerical minimum)."""
    upper = escape_angle(r1_m, r2_m, psi)
    found = minimize_scalar(
        lambda phi: speed_for_angle(r1_m, r2_m, psi, phi),
        bounds=(MIN_FLIGHT_PATH_ANGLE_RAD, upper),
        method="bounded",
        options={"xatol": 1e-10},
    )
    return float(found.x)


def angle_for_apogee(r1_m: float, r2_m: float, psi: float, apogee_r_m: float) -> float | None:
    """``phi`` (rad) whose arc peaks at ``apogee_r_m``; ``None`` if no elliptic arc does.

    The apogee of the arc rises monotonically with ``phi`` for a fixed range angle.
    """

    def excess(phi: float) -> float:
        v = speed_for_angle(r1_m, r2_m, psi, phi)
        return apogee_radius(r1_m, v, phi) - apogee_r_m

    lo, hi = MIN_FLIGHT_PATH_ANGLE_RAD, escape_angle(r1_m, r2_m, psi)
    if excess(lo) > 0.0 or not excess(hi) > 0.0:
        return None
    return float(brentq(excess, lo, hi, xtol=1e-12))


def angles_for_speed(
    r1_m: float, r2_m: float, psi: float, v_m_s: float
) -> tuple[float, float] | None:
    """Depressed and lofted ``phi`` (rad) reaching ``psi`` with burnout speed ``v_m_s``.

    ``None`` when ``v_m_s`` is below the minimum-energy speed for this range angle.  Either root
    is clamped to the valid domain (shallowest angle, escape angle) when the speed is high enough
    to reach past it.
    """
    phi_min = min_energy_angle(r1_m, r2_m, psi)
    if speed_for_angle(r1_m, r2_m, psi, phi_min) > v_m_s:
        return None

    def gap(phi: float) -> float:
        return speed_for_angle(r1_m, r2_m, psi, phi) - v_m_s

    lo, hi = MIN_FLIGHT_PATH_ANGLE_RAD, escape_angle(r1_m, r2_m, psi)
    low = lo if gap(lo) <= 0.0 else float(brentq(gap, lo, phi_min, xtol=1e-12))
    high = hi if gap(hi) <= 0.0 else float(brentq(gap, phi_min, hi, xtol=1e-12))
    return low, high


# --- vectorised propagation -----------------------------------------------------------------


def solve_kepler(mean_anomaly: FloatArray, e: float) -> FloatArray:
    """Eccentric anomalies ``E`` with ``E - e sin E = M`` for an array of mean anomalies.

    Newton's method from Danby's starter, then, for any element it leaves unsettled, a
    safeguarded Newton iteration: ``E - M`` lies in ``[-e, e]``, so each root is bracketed and a
    step that leaves its bracket is replaced by bisection.  This keeps the iteration convergent
    up to ``e -> 1`` (near-vertical arcs), where plain Newton from ``E = M`` can jump to another
    revolution.  Raises ``ArithmeticError`` if it does not converge.
    """
    mean = np.asarray(mean_anomaly, dtype=np.float64)
    turns = np.floor(mean / (2.0 * math.pi))
    m = mean - 2.0 * math.pi * turns  # in [0, 2 pi)
    lo, hi = m - e, m + e
    big_e = np.clip(m + 0.85 * e * np.sign(np.sin(m)), lo, hi)  # Danby's starter
    for _ in range(6):
        big_e = big_e - (big_e - e * np.sin(big_e) - m) / (1.0 - e * np.cos(big_e))
    residual = big_e - e * np.sin(big_e) - m
    bad = ~((np.abs(residual) < 1e-13) & (big_e >= lo) & (big_e <= hi))
    if np.any(bad):
        big_e[bad] = _safeguarded(m[bad], e, lo[bad], hi[bad])
        residual = big_e - e * np.sin(big_e) - m
    if float(np.max(np.abs(residual), initial=0.0)) > 1e-9:
        raise ArithmeticError(f"Kepler's equation did not converge (e = {e:.12f})")
    return np.asarray(big_e + 2.0 * math.pi * turns, dtype=np.float64)


def _safeguarded(m: FloatArray, e: float, lo: FloatArray, hi: FloatArray) -> FloatArray:
    """Bracketed Newton-bisection for the elements plain Newton left unsettled."""
    big_e = 0.5 * (lo + hi)
    for _ in range(200):
        f = big_e - e * np.sin(big_e) - m
        lo = np.where(f < 0.0, big_e, lo)
        hi = np.where(f > 0.0, big_e, hi)
        newton = big_e - f / (1.0 - e * np.cos(big_e))
        inside = (newton > lo) & (newton < hi)
        step = np.where(inside, newton, 0.5 * (lo + hi))
        done = float(np.max(np.abs(step - big_e), initial=0.0)) < 1e-14
        big_e = step
        if done:
            break
    return np.asarray(big_e, dtype=np.float64)


def propagate(
    r0_m: FloatArray, v0_m_s: FloatArray, t_s: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Positions and velocities (``(N, 3)`` arrays, inertial, m and m/s) at times ``t_s`` after
    the state ``(r0_m, v0_m_s)`` on its elliptic Kepler orbit; Kepler's equation is solved by
    Newton iteration over the whole array at once."""
    r0 = np.asarray(r0_m, dtype=np.float64)
    v0 = np.asarray(v0_m_s, dtype=np.float64)
    t = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
    r0n = float(np.linalg.norm(r0))
    energy = float(v0 @ v0) / 2.0 - MU_M3_S2 / r0n
    if energy >= 0.0:
        raise ValueError("propagate() handles elliptic orbits only (negative specific energy)")
    a = -MU_M3_S2 / (2.0 * energy)
    h_vec = np.cross(r0, v0)
    e_vec = np.cross(v0, h_vec) / MU_M3_S2 - r0 / r0n
    e = float(np.linalg.norm(e_vec))
    # circular orbit: measure anomalies from the initial position
    p_hat = e_vec / e if e > 1e-12 else r0 / r0n
    q_hat = np.cross(h_vec / np.linalg.norm(h_vec), p_hat)
    nu0 = math.atan2(float(r0 @ q_hat), float(r0 @ p_hat))
    big_e0 = 2.0 * math.atan2(
        math.sqrt(1.0 - e) * math.sin(nu0 / 2), math.sqrt(1.0 + e) * math.cos(nu0 / 2)
    )
    n = math.sqrt(MU_M3_S2 / a**3)
    big_e = solve_kepler(big_e0 - e * math.sin(big_e0) + n * t, e)
    cos_e, sin_e = np.cos(big_e), np.sin(big_e)
    b = a * math.sqrt(1.0 - e * e)
    x, y = a * (cos_e - e), b * sin_e
    r = a * (1.0 - e * cos_e)
    dx, dy = (
        -math.sqrt(MU_M3_S2 * a) / r * sin_e,
        math.sqrt(MU_M3_S2 * a) * math.sqrt(1.0 - e * e) / r * cos_e,
    )
    pos = np.outer(x, p_hat) + np.outer(y, q_hat)
    vel = np.outer(dx, p_hat) + np.outer(dy, q_hat)
    return pos, vel


def time_to_radius(r0_m: FloatArray, v0_m_s: FloatArray, radius_m: float) -> float:
    """Time (s) until the orbit through ``(r0_m, v0_m_s)`` next descends through ``radius_m``."""
    r0 = np.asarray(r0_m, dtype=np.float64)
    v0 = np.asarray(v0_m_s, dtype=np.float64)
    r0n = float(np.linalg.norm(r0))
    speed = float(np.linalg.norm(v0))
    phi = math.asin(float(r0 @ v0) / (r0n * speed))
    a, e = conic(r0n, speed, phi)
    if a * (1.0 - e) >= radius_m:
        raise ValueError("the orbit never descends to that radius")
    nu0 = true_anomaly_at_burnout(r0n, speed, phi)
    p = a * (1.0 - e * e)
    nu_hit = 2.0 * math.pi - math.acos(max(-1.0, min(1.0, (p / radius_m - 1.0) / e)))
    m0 = _mean_anomaly(e, nu0)
    m1 = _mean_anomaly(e, nu_hit)
    if m1 < m0:
        m1 += 2.0 * math.pi
    return math.sqrt(a**3 / MU_M3_S2) * (m1 - m0)
