"""Sample a 74-minute ICBM flight at 1 s: vectorised numpy against a plain Python loop.

The flight is the 2023-07-12 Hwasong-18 (6,648 km apogee over 1,001 km, reported by KCNA).
Both versions step the same equations for every second of flight: the boost polynomial, Kepler's
equation by Newton iteration, the rotation back to Earth-fixed axes and the conversion to
latitude, longitude and height.  The loop is what one would write without numpy: one sample at a
time with ``math``.  Times are the best of ``REPEAT`` runs; the solve (targeting) is timed apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from airspace.trajectory import Trajectory
from airspace.trajectory.flight import Flight
from airspace.trajectory.kepler import EARTH_RADIUS_M, MU_M3_S2
from bench import _timing as timing

REPEAT = 5


def best(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    return timing.best(fn, repeat)


def hwasong_18() -> Trajectory:
    return Trajectory.ballistic(
        "Sunan airport", azimuth_deg=85.0, range_km=1_001.0, apogee_km=6_648.0, vehicle="ICBM"
    )


def _orbit(flight: Flight) -> tuple[float, float, float, list[float], list[float], float]:
    """Elements of the free flight: a, e, mean motion, perifocal axes P and Q, epoch anomaly."""
    r0 = [float(x) for x in flight.burnout_position_m]
    v0 = [float(x) for x in flight.burnout_velocity_m_s]
    r0n = math.sqrt(sum(x * x for x in r0))
    energy = sum(x * x for x in v0) / 2.0 - MU_M3_S2 / r0n
    a = -MU_M3_S2 / (2.0 * energy)
    h = [
        r0[1] * v0[2] - r0[2] * v0[1],
        r0[2] * v0[0] - r0[0] * v0[2],
        r0[0] * v0[1] - r0[1] * v0[0],
    ]
    vxh = [v0[1] * h[2] - v0[2] * h[1], v0[2] * h[0] - v0[0] * h[2], v0[0] * h[1] - v0[1] * h[0]]
    ev = [vxh[i] / MU_M3_S2 - r0[i] / r0n for i in range(3)]
    e = math.sqrt(sum(x * x for x in ev))
    p = [x / e for x in ev]
    hn = math.sqrt(sum(x * x for x in h))
    hu = [x / hn for x in h]
    q = [hu[1] * p[2] - hu[2] * p[1], hu[2] * p[0] - hu[0] * p[2], hu[0] * p[1] - hu[1] * p[0]]
    nu0 = math.atan2(sum(r0[i] * q[i] for i in range(3)), sum(r0[i] * p[i] for i in range(3)))
    e0 = 2.0 * math.atan2(
        math.sqrt(1.0 - e) * math.sin(nu0 / 2), math.sqrt(1.0 + e) * math.cos(nu0 / 2)
    )
    return a, e, math.sqrt(MU_M3_S2 / a**3), p, q, e0 - e * math.sin(e0)


def loop_samples(traj: Trajectory, times: list[float]) -> list[tuple[float, float, float]]:
    """Latitude, longitude, height per time, one sample at a time in plain Python."""
    flight = traj.flight
    a, e, n, p, q, m0 = _orbit(flight)
    omega = flight.omega_rad_s
    burn = flight.burnout_time_s
    u = [float(x) for x in flight.launch_unit]
    hd = [float(x) for x in flight.heading_unit]
    tau_grid, s_grid, h_grid = (g.tolist() for g in flight.boost.grid())
    out: list[tuple[float, float, float]] = []
    for t in times:
        if t < burn:
            tau = t / burn
            k = min(int(tau * (len(tau_grid) - 1)), len(tau_grid) - 2)
            w = (tau - tau_grid[k]) / (tau_grid[k + 1] - tau_grid[k])
            s = s_grid[k] + w * (s_grid[k + 1] - s_grid[k])
            h = h_grid[k] + w * (h_grid[k + 1] - h_grid[k])
            ang = s / EARTH_RADIUS_M
            rr = EARTH_RADIUS_M + h
            x, y, z = (rr * (math.cos(ang) * u[i] + math.sin(ang) * hd[i]) for i in range(3))
        else:
            mean = m0 + n * (t - burn)
            big_e = mean
            for _ in range(50):
                step = (big_e - e * math.sin(big_e) - mean) / (1.0 - e * math.cos(big_e))
                big_e -= step
                if abs(step) < 1e-13:
                    break
            px = a * (math.cos(big_e) - e)
            qy = a * math.sqrt(1.0 - e * e) * math.sin(big_e)
            xi, yi, zi = (px * p[i] + qy * q[i] for i in range(3))
            c, sn = math.cos(-omega * t), math.sin(-omega * t)
            x, y, z = c * xi - sn * yi, sn * xi + c * yi, zi
        r = math.sqrt(x * x + y * y + z * z)
        lat = math.degrees(math.asin(z / r))
        lon = (math.degrees(math.atan2(y, x)) + 180.0) % 360.0 - 180.0
        out.append((lat, lon, r - EARTH_RADIUS_M))
    return out


def main() -> None:
    solve_s = best(hwasong_18, 3)
    traj = hwasong_18()
    t = traj.times(1.0)
    print(f"flight: {traj.summary()}; {t.size:,} samples at 1 s; solve {solve_s * 1e3:.1f} ms")
    t_list = [float(x) for x in t]
    vector_s = best(lambda: traj.flight.positions(t))
    frame_s = best(lambda: traj.sample(1.0))
    loop_s = best(lambda: loop_samples(traj, t_list))
    fast = traj.sample(1.0)
    slow = np.array(loop_samples(traj, t_list))
    diff_m = np.abs(fast["alt_m"].to_numpy()[:-1] - slow[:-1, 2]).max()
    diff_deg = max(
        np.abs(fast["lat"].to_numpy() - slow[:, 0]).max(),
        np.abs(((fast["lon"].to_numpy() - slow[:, 1]) + 180.0) % 360.0 - 180.0).max(),
    )
    print(f"vectorised positions: {vector_s * 1e3:8.2f} ms")
    print(f"vectorised samples (DataFrame with lat/lon/alt/time): {frame_s * 1e3:8.2f} ms")
    print(f"plain Python loop (same equations): {loop_s * 1e3:8.2f} ms")
    print(f"ratio loop / vectorised samples: {loop_s / frame_s:.1f}x")
    print(f"ratio loop / vectorised positions: {loop_s / vector_s:.1f}x")
    print(f"agreement: {diff_m:.2e} m in height, {diff_deg:.1e} deg in lat/lon")


if __name__ == "__main__":
    main()
