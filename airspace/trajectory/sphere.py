"""Vector geometry on the model sphere (radius ``EARTH_RADIUS_M``), vectorised with numpy.

Positions are Earth-centred Cartesian vectors (m).  The model maps WGS84 geodetic latitude and
longitude one-to-one onto spherical latitude and longitude, so launch and impact points are exact
on the ellipsoid and heights above the sphere are reported as heights above the ellipsoid.
"""

from __future__ import annotations

import numpy as np

from airspace.geo import FloatArray


def unit_vector(lat_deg: float, lon_deg: float) -> FloatArray:
    """Unit vector of a latitude and longitude (degrees)."""
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    return np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def to_latlon_alt(
    positions_m: FloatArray, radius_m: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Latitude, longitude (degrees, longitude in [-180, 180)) and height (m) of ``(N, 3)``
    positions above the sphere of ``radius_m``."""
    x, y, z = positions_m[:, 0], positions_m[:, 1], positions_m[:, 2]
    r = np.sqrt(x * x + y * y + z * z)
    lat = np.degrees(np.arcsin(np.clip(z / r, -1.0, 1.0)))
    lon = (np.degrees(np.arctan2(y, x)) + 180.0) % 360.0 - 180.0
    return lat, lon, r - radius_m


def rotate_z(vectors: FloatArray, angle_rad: float | FloatArray) -> FloatArray:
    """Rotate vectors (``(3,)`` or ``(N, 3)``) about the polar axis by ``angle_rad`` (east +)."""
    v = np.atleast_2d(vectors)
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    out = np.column_stack([c * v[:, 0] - s * v[:, 1], s * v[:, 0] + c * v[:, 1], v[:, 2]])
    return out[0] if np.ndim(vectors) == 1 else out


def east_north(u: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Local east and north unit vectors at the unit vector ``u`` (not at a pole)."""
    east = np.array([-u[1], u[0], 0.0])
    east /= np.linalg.norm(east)
    north = np.cross(u, east)
    return east, north


def direction(u: FloatArray, azimuth_deg: float) -> FloatArray:
    """Horizontal unit vector at ``u`` pointing to ``azimuth_deg`` (clockwise from north)."""
    east, north = east_north(u)
    az = np.radians(azimuth_deg)
    return np.asarray(np.cos(az) * north + np.sin(az) * east, dtype=np.float64)


def azimuth_deg(u1: FloatArray, u2: FloatArray) -> float:
    """Initial great-circle azimuth (degrees in [0, 360)) from ``u1`` towards ``u2``."""
    east, north = east_north(u1)
    return float(np.degrees(np.arctan2(float(u2 @ east), float(u2 @ north))) % 360.0)


def angle_between(u1: FloatArray, u2: FloatArray) -> float:
    """Central angle (rad) between two vectors."""
    return float(np.arctan2(np.linalg.norm(np.cross(u1, u2)), u1 @ u2))


def along_great_circle(
    u: FloatArray, heading: FloatArray, angle_rad: float | FloatArray
) -> FloatArray:
    """Unit vectors reached from ``u`` along the horizontal unit ``heading`` by ``angle_rad``."""
    a = np.atleast_1d(np.asarray(angle_rad, dtype=np.float64))
    out: FloatArray = np.outer(np.cos(a), u) + np.outer(np.sin(a), heading)
    return np.asarray(out[0]) if np.ndim(angle_rad) == 0 else out


def tangent_towards(u: FloatArray, target: FloatArray) -> FloatArray:
    """Horizontal unit vector at ``u`` pointing along the great circle towards ``target``."""
    t = target - (target @ u) * u
    return np.asarray(t / np.linalg.norm(t), dtype=np.float64)
