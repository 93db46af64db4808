"""Air density for falling stages and debris.

Below 86 km: the U.S. Standard Atmosphere 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562): seven
layers of constant temperature lapse rate in geopotential height, hydrostatic pressure, density
from the ideal gas law.  Above 86 km: the exponential model ``rho0 exp(-(h - h0) / H)`` with the
base heights, densities and scale heights of D. A. Vallado, *Fundamentals of Astrodynamics and
Applications* (4th ed., 2013), table 8-4 (CIRA-72); zero above 1,000 km.  A mean atmosphere: no
winds, no day/night or solar cycle.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from airspace.geo import FloatArray

# base height (km), base density (kg/m^3), scale height (km)
_LAYERS: Final = np.array(
    [
        (0.0, 1.225, 7.249),
        (25.0, 3.899e-2, 6.349),
        (30.0, 1.774e-2, 6.682),
        (40.0, 3.972e-3, 7.554),
        (50.0, 1.057e-3, 8.382),
        (60.0, 3.206e-4, 7.714),
        (70.0, 8.770e-5, 6.549),
        (80.0, 1.905e-5, 5.799),
        (90.0, 3.396e-6, 5.382),
        (100.0, 5.297e-7, 5.877),
        (110.0, 9.661e-8, 7.263),
        (120.0, 2.438e-8, 9.473),
        (130.0, 8.484e-9, 12.636),
        (140.0, 3.845e-9, 16.149),
        (150.0, 2.070e-9, 22.523),
        (180.0, 5.464e-10, 29.740),
        (200.0, 2.789e-10, 37.105),
        (250.0, 7.248e-11, 45.546),
        (300.0, 2.418e-11, 53.628),
        (350.0, 9.518e-12, 53.298),
        (400.0, 3.725e-12, 58.515),
        (450.0, 1.585e-12, 60.828),
        (500.0, 6.967e-13, 63.822),
        (600.0, 1.454e-13, 71.835),
        (700.0, 3.614e-14, 88.667),
        (800.0, 1.170e-14, 124.64),
        (900.0, 5.245e-15, 181.05),
        (1000.0, 3.019e-15, 268.00),
    ]
)
TOP_M: Final = 1_000_000.0
US76_TOP_M: Final = 86_000.0

# U.S. Standard Atmosphere 1976 below 86 km: geopotential base heights (m) and lapse rates (K/m)
_G0: Final = 9.80665
_R_AIR: Final = 8.31432 / 0.0289644  # J/(kg K): R* / M0 of the standard
_R0: Final = 6_356_766.0  # effective Earth radius of the geopotential height (m)
_BASES: Final = np.array([0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0])
_LAPSES: Final = np.array([-0.0065, 0.0, 0.001, 0.0028, 0.0, -0.0028, -0.002])


def _us76_bases() -> tuple[FloatArray, FloatArray]:
    temps, pressures = [288.15], [101_325.0]
    for i in range(len(_BASES) - 1):
        t0, p0, lapse, dh = temps[-1], pressures[-1], _LAPSES[i], _BASES[i + 1] - _BASES[i]
        t1 = t0 + lapse * dh
        if lapse == 0.0:
            p1 = p0 * np.exp(-_G0 * dh / (_R_AIR * t0))
        else:
            p1 = p0 * (t1 / t0) ** (-_G0 / (_R_AIR * lapse))
        temps.append(float(t1))
        pressures.append(float(p1))
    return np.array(temps), np.array(pressures)


_BASE_T, _BASE_P = _us76_bases()


def _us76(height_m: FloatArray) -> FloatArray:
    geopotential = _R0 * height_m / (_R0 + height_m)
    i = np.clip(np.searchsorted(_BASES, geopotential, side="right") - 1, 0, len(_BASES) - 1)
    t0, p0, lapse = _BASE_T[i], _BASE_P[i], _LAPSES[i]
    dh = geopotential - _BASES[i]
    temp = t0 + lapse * dh
    flat = lapse == 0.0
    safe_lapse = np.where(flat, 1.0, lapse)
    pressure = np.where(
        flat,
        p0 * np.exp(-_G0 * dh / (_R_AIR * t0)),
        p0 * (temp / t0) ** (-_G0 / (_R_AIR * safe_lapse)),
    )
    return np.asarray(pressure / (_R_AIR * temp), dtype=np.float64)


def density_kg_m3(height_m: FloatArray) -> FloatArray:
    """Air density (kg/m^3) at heights above the surface (m); sea-level density below 0 m."""
    h = np.clip(np.asarray(height_m, dtype=np.float64), 0.0, None)
    h_km = h / 1000.0
    i = np.clip(np.searchsorted(_LAYERS[:, 0], h_km, side="right") - 1, 0, len(_LAYERS) - 1)
    base, rho0, scale = _LAYERS[i, 0], _LAYERS[i, 1], _LAYERS[i, 2]
    upper = rho0 * np.exp(-(h_km - base) / scale)
    rho = np.where(h < US76_TOP_M, _us76(np.minimum(h, US76_TOP_M)), upper)
    return np.asarray(np.where(h > TOP_M, 0.0, rho), dtype=np.float64)
