"""Vincenty's direct and inverse formulae on WGS84: an independent reference for the tests.

Written from T. Vincenty (1975), Survey Review 23(176); accurate to well under a millimetre for
the distances used here.  The production code uses pyproj's Karney algorithm instead.
"""

from __future__ import annotations

import math

A = 6378137.0
F = 1 / 298.257223563
B = A * (1 - F)


def direct(lat: float, lon: float, azimuth_deg: float, distance_m: float) -> tuple[float, float]:
    """Destination (lat, lon) in degrees from a start point, azimuth and distance."""
    alpha1 = math.radians(azimuth_deg)
    tan_u1 = (1 - F) * math.tan(math.radians(lat))
    cos_u1 = 1 / math.sqrt(1 + tan_u1**2)
    sin_u1 = tan_u1 * cos_u1
    sigma1 = math.atan2(tan_u1, math.cos(alpha1))
    sin_alpha = cos_u1 * math.sin(alpha1)
    cos2_alpha = 1 - sin_alpha**2
    u2 = cos2_alpha * (A**2 - B**2) / B**2
    big_a = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    big_b = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    sigma = distance_m / (B * big_a)
    for _ in range(200):
        cos_2sm = math.cos(2 * sigma1 + sigma)
        delta = (
            big_b
            * math.sin(sigma)
            * (
                cos_2sm
                + big_b
                / 4
                * (
                    math.cos(sigma) * (-1 + 2 * cos_2sm**2)
                    - big_b / 6 * cos_2sm * (-3 + 4 * math.sin(sigma) ** 2) * (-3 + 4 * cos_2sm**2)
                )
            )
        )
        new_sigma = distance_m / (B * big_a) + delta
        if abs(new_sigma - sigma) < 1e-14:
            sigma = new_sigma
            break
        sigma = new_sigma
    cos_2sm = math.cos(2 * sigma1 + sigma)
    tmp = sin_u1 * math.sin(sigma) - cos_u1 * math.cos(sigma) * math.cos(alpha1)
    lat2 = math.atan2(
        sin_u1 * math.cos(sigma) + cos_u1 * math.sin(sigma) * math.cos(alpha1),
        (1 - F) * math.sqrt(sin_alpha**2 + tmp**2),
    )
    lam = math.atan2(
        math.sin(sigma) * math.sin(alpha1),
        cos_u1 * math.cos(sigma) - sin_u1 * math.sin(sigma) * math.cos(alpha1),
    )
    c = F / 16 * cos2_alpha * (4 + F * (4 - 3 * cos2_alpha))
    big_l = lam - (1 - c) * F * sin_alpha * (
        sigma + c * math.sin(sigma) * (cos_2sm + c * math.cos(sigma) * (-1 + 2 * cos_2sm**2))
    )
    lon2 = (lon + math.degrees(big_l) + 180) % 360 - 180
    return math.degrees(lat2), lon2


def inverse_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres (non-antipodal points)."""
    u1 = math.atan((1 - F) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - F) * math.tan(math.radians(lat2)))
    big_l = math.radians(lon2 - lon1)
    lam = big_l
    for _ in range(200):
        sin_sigma = math.hypot(
            math.cos(u2) * math.sin(lam),
            math.cos(u1) * math.sin(u2) - math.sin(u1) * math.cos(u2) * math.cos(lam),
        )
        if sin_sigma == 0:
            return 0.0
        cos_sigma = math.sin(u1) * math.sin(u2) + math.cos(u1) * math.cos(u2) * math.cos(lam)
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = math.cos(u1) * math.cos(u2) * math.sin(lam) / sin_sigma
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = cos_sigma - 2 * math.sin(u1) * math.sin(u2) / cos2_alpha if cos2_alpha else 0.0
        c = F / 16 * cos2_alpha * (4 + F * (4 - 3 * cos2_alpha))
        prev = lam
        lam = big_l + (1 - c) * F * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - prev) < 1e-13:
            break
    u_sq = cos2_alpha * (A**2 - B**2) / B**2
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = (
        big_b
        * sin_sigma
        * (
            cos_2sm
            + big_b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return B * big_a * (sigma - delta)
