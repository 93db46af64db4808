"""Air density for falling stages and debris: the exponential atmosphere model.

Density is ``rho0 exp(-(h - h0) / H)`` in layers, with the base heights ``h0``, base densities
``rho0`` and scale heights ``H`` of D. A. Vallado, *Fundamentals of Astrodynamics and
Applications* (4th ed., 2013), table 8-4 (from the U.S. Standard Atmosphere 1976 below 25 km and
CIRA-72 above).  Zero above 1,000 km.  A mean atmosphere: no winds, no day/night or solar cycle.
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


def density_kg_m3(height_m: FloatArray) -> FloatArray:
    """Air density (kg/m^3) at heights above the surface (m); sea-level density below 0 m."""
    h_km = np.clip(np.asarray(height_m, dtype=np.float64) / 1000.0, 0.0, None)
    i = np.clip(np.searchsorted(_LAYERS[:, 0], h_km, side="right") - 1, 0, len(_LAYERS) - 1)
    base, rho0, scale = _LAYERS[i, 0], _LAYERS[i, 1], _LAYERS[i, 2]
    rho = rho0 * np.exp(-(h_km - base) / scale)
    return np.asarray(np.where(h_km * 1000.0 > TOP_M, 0.0, rho), dtype=np.float64)
