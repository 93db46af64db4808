"""Impact dispersion: the area that contains an impact with a chosen probability.

The impact is modelled as a bivariate normal in a local azimuthal-equidistant plane centred on
the aim point, with standard deviations along and across the flight track.  A CEP (the radius
holding half the impacts of a circular normal) gives ``sigma = CEP / sqrt(2 ln 2)``.  The region
holding probability ``p`` is the ellipse of Mahalanobis radius ``k = sqrt(-2 ln(1 - p))``.
All lengths in metres, angles in degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Polygon

from airspace.geo import FloatArray, local_aeqd, to_lonlat
from airspace.hazard.model import clear_of_poles

CEP_TO_SIGMA = 1.0 / math.sqrt(2.0 * math.log(2.0))  # sigma = CEP * 0.8493


@dataclass(frozen=True, slots=True, kw_only=True)
class Dispersion:
    """A bivariate normal impact distribution around ``(lat, lon)``; sigmas in metres."""

    lat: float
    lon: float
    sigma_along_m: float
    sigma_cross_m: float
    track_deg: float = 0.0  # true azimuth of the along-track axis

    @classmethod
    def from_cep(cls, lat: float, lon: float, cep_m: float, track_deg: float = 0.0) -> Dispersion:
        sigma = cep_m * CEP_TO_SIGMA
        return cls(lat=lat, lon=lon, sigma_along_m=sigma, sigma_cross_m=sigma, track_deg=track_deg)

    def sample_local_m(self, count: int, seed: int) -> FloatArray:
        """``count`` impacts as local (east, north) metres, seeded (deterministic)."""
        rng = np.random.default_rng(seed)
        along = rng.normal(0.0, self.sigma_along_m, count)
        cross = rng.normal(0.0, self.sigma_cross_m, count)
        return _rotate(along, cross, self.track_deg)

    def sample_lonlat(self, count: int, seed: int) -> FloatArray:
        """``count`` impacts as (lon, lat) degrees, seeded."""
        east, north = self.sample_local_m(count, seed).T
        _, to_lonlat = local_aeqd(self.lat, self.lon)
        lon, lat = to_lonlat.transform(east, north)
        return np.column_stack([lon, lat])

    def ellipse_local(self, probability: float, vertices: int = 72) -> Polygon:
        """Polygon (local metres) *circumscribing* the ``probability`` ellipse.

        The vertices lie slightly outside the true ellipse (scaled by ``1 / cos(pi / n)``) so
        that the polygon contains the whole ellipse, not only its vertices.
        """
        if not 0.0 < probability < 1.0:
            raise ValueError(f"probability {probability} must be between 0 and 1")
        k = math.sqrt(-2.0 * math.log(1.0 - probability)) / math.cos(math.pi / vertices)
        theta = np.linspace(0.0, 2.0 * math.pi, vertices, endpoint=False)
        along = k * self.sigma_along_m * np.cos(theta)
        cross = k * self.sigma_cross_m * np.sin(theta)
        return Polygon(_rotate(along, cross, self.track_deg))

    def area_lonlat(self, probability: float, buffer_m: float = 0.0) -> Any:
        """The containment ellipse, buffered outward by ``buffer_m``, as a lon/lat polygon."""
        local = self.ellipse_local(probability)
        if buffer_m > 0:
            local = local.buffer(buffer_m, quad_segs=16)
        clear_of_poles(local, self.lat, self.lon, "impact area")
        return to_lonlat(local, self.lat, self.lon)


def _rotate(along: FloatArray, cross: FloatArray, track_deg: float) -> FloatArray:
    """Along/cross-track components to (east, north): along-track points at ``track_deg``."""
    a = math.radians(track_deg)
    east = along * math.sin(a) + cross * math.cos(a)
    north = along * math.cos(a) - cross * math.sin(a)
    return np.column_stack([east, north])


def fraction_inside(polygon_lonlat: Any, points_lonlat: FloatArray) -> float:
    """Share of points (lon, lat rows) inside a polygon: vectorised ``contains_xy``."""
    inside = shapely.contains_xy(polygon_lonlat, points_lonlat[:, 0], points_lonlat[:, 1])
    return float(np.mean(inside))
