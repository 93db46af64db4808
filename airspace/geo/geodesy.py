"""WGS84 geodesy: forward and inverse geodesics, distances, compass points, DMS text.

Conventions: angles in degrees; ``lat, lon`` order in function arguments; distances in metres
unless the name says otherwise.  All geodesic work goes through one ``pyproj.Geod(ellps="WGS84")``.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt
from pyproj import Geod

WGS84: Final = Geod(ellps="WGS84")

METRES_PER_NM: Final = 1852.0
METRES_PER_KM: Final = 1000.0
METRES_PER_MI: Final = 1609.344
FEET_PER_METRE: Final = 1.0 / 0.3048

FloatArray = npt.NDArray[np.float64]


def forward(lat: float, lon: float, azimuth_deg: float, distance_m: float) -> tuple[float, float]:
    """Point reached from ``(lat, lon)`` along a geodesic; returns ``(lat, lon)`` in degrees."""
    lon2, lat2, _ = WGS84.fwd(lon, lat, azimuth_deg, distance_m)
    return float(lat2), normalize_lon(float(lon2))


def inverse(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """Geodesic from point 1 to point 2: ``(distance_m, forward azimuth in [0, 360))``."""
    az12, _, dist = WGS84.inv(lon1, lat1, lon2, lat2)
    return float(dist), float(az12) % 360.0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres between two points."""
    return inverse(lat1, lon1, lat2, lon2)[0]


def normalize_lon(lon: float) -> float:
    """Longitude folded into [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def haversine_km(
    lat1: float | FloatArray, lon1: float | FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Great-circle distance on the 6371 km sphere, vectorised: for ranking candidates only."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64)


COMPASS_16: Final = (
    "N",
    "NNE",
    "NE",
    "ENE",
    "E",
    "ESE",
    "SE",
    "SSE",
    "S",
    "SSW",
    "SW",
    "WSW",
    "W",
    "WNW",
    "NW",
    "NNW",
)


def compass_point(azimuth_deg: float) -> str:
    """Nearest of the 16 compass points for an azimuth in degrees."""
    return COMPASS_16[round((azimuth_deg % 360.0) / 22.5) % 16]


def _dms(value: float, positive: str, negative: str, degree_digits: int) -> str:
    hemisphere = positive if value >= 0 else negative
    total_s = round(abs(value) * 3600.0, 1)
    deg, rem = divmod(total_s, 3600.0)
    minutes, seconds = divmod(rem, 60.0)
    return f"{int(deg):0{degree_digits}d}°{int(minutes):02d}'{seconds:04.1f}\"{hemisphere}"


def format_dms(lat: float, lon: float) -> str:
    """``38°12'25.2"N 128°59'36.5"E`` style text for a point."""
    return f"{_dms(lat, 'N', 'S', 2)} {_dms(lon, 'E', 'W', 3)}"


def format_icao(lat: float, lon: float) -> str:
    """ICAO ``ddmmssN dddmmssE`` text for a point, rounded to the nearest second."""

    def part(value: float, positive: str, negative: str, width: int) -> str:
        total = round(abs(value) * 3600.0)
        deg, rem = divmod(total, 3600)
        minutes, seconds = divmod(rem, 60)
        hemisphere = positive if value >= 0 else negative
        return f"{deg:0{width}d}{minutes:02d}{seconds:02d}{hemisphere}"

    return f"{part(lat, 'N', 'S', 2)} {part(lon, 'E', 'W', 3)}"


def is_valid_latlon(lat: float, lon: float) -> bool:
    """True for finite latitude in [-90, 90] and longitude in [-180, 180]."""
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
