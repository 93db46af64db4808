"""Powered ascent of a launch vehicle along a guided ground track, from published event states.

**Profile.** A launcher's ascent is given by its events (stage separations, fairing jettison,
engine cut-offs) at times ``t_k`` with the height ``h_k`` and ground-relative speed ``v_k`` that
providers publish (press kits, webcast telemetry).  Between events the speed grows as in
``boost.py``: from lift-off as the square of the elapsed fraction of the burn, in later burns
with an acceleration rising linearly from half to one and a half times its mean (the mass
falls).  The flight-path angle is 90 deg during the vertical rise and then changes linearly in
time between events; the angle at each event is the one whose integrated height meets the
published height (root finding, event by event).  Ground distance is the integral of the
horizontal speed scaled to the surface (``R / (R + h)``).

A state may also give its flight-path angle (0 deg at orbit insertion): the angle then
changes from the previous state's to that one along a bowed line (linear plus ``c tau (1 -
tau)``), the bow ``c`` chosen to meet the height.

**Ground track.** A guided vehicle flies the track it is steered along: a WGS84 geodesic from
the site on the launch azimuth, or through dog-leg waypoints in order (geodesic legs, then on
along the last leg).  The turn at a waypoint is sharp on the map; the velocity follows the track.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Final

import numpy as np
from pyproj import Geod
from scipy.optimize import brentq

from airspace.geo import FloatArray
from airspace.trajectory import sphere
from airspace.trajectory.kepler import EARTH_RADIUS_M

_GEOD: Final = Geod(ellps="WGS84")
_POINTS_PER_SEGMENT: Final = 400
_LONG_LEG_M: Final = 20_000_000.0


class AscentError(ValueError):
    """Event states no ascent profile meets (the message names the event)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Knot:
    """A published state of the ascent: time after lift-off (s), height (m), ground-relative
    speed (m/s)."""

    name: str
    time_s: float
    height_m: float
    speed_m_s: float
    flight_path_angle_deg: float | None = None
    """Published flight-path angle at this state (e.g. 0 at orbit insertion), when known."""


@dataclass(frozen=True, slots=True)
class _Segment:
    t: FloatArray
    speed: FloatArray
    gamma: FloatArray
    height: FloatArray
    ground: FloatArray


def _integrate(
    t: FloatArray, speed: FloatArray, gamma: FloatArray, h0: float, s0: float
) -> tuple[FloatArray, FloatArray]:
    up = speed * np.sin(gamma)
    dt = np.diff(t)
    height = h0 + np.concatenate([[0.0], np.cumsum((up[1:] + up[:-1]) / 2 * dt)])
    along = speed * np.cos(gamma) * EARTH_RADIUS_M / (EARTH_RADIUS_M + np.maximum(height, 0.0))
    ground = s0 + np.concatenate([[0.0], np.cumsum((along[1:] + along[:-1]) / 2 * dt)])
    return height, ground


def _segment(
    knot: Knot, start: tuple[float, float, float, float, float], rise_s: float, *, first: bool
) -> _Segment:
    """One burn from the previous state ``start`` (time, speed, height, ground distance,
    angle) to ``knot``: the end angle (or, when published, the bow) meets the height."""
    t0, v0, h0, s0, g0 = start
    tau = np.linspace(0.0, 1.0, _POINTS_PER_SEGMENT)
    t = t0 + tau * (knot.time_s - t0)
    shape = tau * tau if first else 0.5 * (tau + tau * tau)
    speed = v0 + (knot.speed_m_s - v0) * shape
    frac = np.clip((t - t0 - rise_s) / max(t[-1] - t0 - rise_s, 1e-9), 0.0, 1.0)

    def angles(g1: float, bow: float = 0.0) -> FloatArray:
        gamma = g0 + (g1 - g0) * frac + bow * frac * (1.0 - frac)
        return np.asarray(np.clip(gamma, -math.pi / 2, math.pi / 2), dtype=np.float64)

    fixed = knot.flight_path_angle_deg
    g_end = math.nan if fixed is None else math.radians(fixed)

    def gamma_for(x: float) -> FloatArray:
        # no published end angle: x is the end angle; else x is the bow
        return angles(x) if fixed is None else angles(g_end, x)

    def miss(x: float) -> float:
        return float(_integrate(t, speed, gamma_for(x), h0, 0.0)[0][-1]) - knot.height_m

    lo, hi = (math.radians(-30.0), math.pi / 2) if fixed is None else (-2 * math.pi, 2 * math.pi)
    if not miss(lo) <= 0.0 <= miss(hi):
        reach = (miss(lo) + knot.height_m, miss(hi) + knot.height_m)
        raise AscentError(
            f"event {knot.name!r}: a height of {knot.height_m / 1000:,.0f} km at "
            f"{knot.time_s:g} s cannot be reached at {knot.speed_m_s:,.0f} m/s from the "
            f"previous event (reachable {max(reach[0], 0) / 1000:,.0f} to "
            f"{reach[1] / 1000:,.0f} km)"
        )
    gamma = gamma_for(float(brentq(miss, lo, hi, xtol=1e-10)))
    height, ground = _integrate(t, speed, gamma, h0, s0)
    return _Segment(t, speed, gamma, height, ground)


@dataclass(frozen=True, eq=False)
class AscentProfile:
    """Speed, flight-path angle, height and ground distance over the ascent (see module)."""

    knots: tuple[Knot, ...]
    vertical_rise_s: float

    def __post_init__(self) -> None:
        previous = Knot(name="lift-off", time_s=0.0, height_m=0.0, speed_m_s=0.0)
        for knot in self.knots:
            if not knot.time_s > previous.time_s:
                raise AscentError(
                    f"event {knot.name!r} at {knot.time_s:g} s is not after "
                    f"{previous.name!r} at {previous.time_s:g} s (expected increasing times)"
                )
            if knot.speed_m_s <= 0.0 or knot.height_m <= 0.0:
                raise AscentError(f"event {knot.name!r}: height and speed must be positive")
            previous = knot
        if not 0.0 <= self.vertical_rise_s < (self.knots[0].time_s if self.knots else 0.0):
            raise AscentError("the vertical rise must end before the first event")
        _ = self._segments  # solve now: errors surface at construction

    @cached_property
    def _segments(self) -> tuple[_Segment, ...]:
        out: list[_Segment] = []
        t0, v0, h0, s0, g0 = 0.0, 0.0, 0.0, 0.0, math.pi / 2
        for k, knot in enumerate(self.knots):
            rise = self.vertical_rise_s if k == 0 else 0.0
            seg = _segment(knot, (t0, v0, h0, s0, g0), rise, first=k == 0)
            out.append(seg)
            t0, v0, h0, s0 = knot.time_s, knot.speed_m_s, knot.height_m, float(seg.ground[-1])
            g0 = float(seg.gamma[-1])
        return tuple(out)

    @cached_property
    def _grid(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
        segs = self._segments
        cat = [
            np.concatenate([getattr(s, f)[(1 if i else 0) :] for i, s in enumerate(segs)])
            for f in ("t", "speed", "gamma", "height", "ground")
        ]
        return cat[0], cat[1], cat[2], cat[3], cat[4]

    @property
    def end_s(self) -> float:
        return self.knots[-1].time_s

    def at(self, t_s: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Ground distance (m), height (m), speed (m/s) and flight-path angle (rad) at times
        ``t_s`` (clipped to the ascent)."""
        t, speed, gamma, height, ground = self._grid
        q = np.clip(np.asarray(t_s, dtype=np.float64), 0.0, self.end_s)
        return (
            np.interp(q, t, ground),
            np.interp(q, t, height),
            np.interp(q, t, speed),
            np.interp(q, t, gamma),
        )

    def time_at_height(self, height_m: float) -> float | None:
        """First time (s) the ascent reaches ``height_m``; ``None`` if it never does."""
        t, _, _, height, _ = self._grid
        above = np.flatnonzero(height >= height_m)
        if above.size == 0:
            return None
        i = int(above[0])
        if i == 0:
            return 0.0
        frac = (height_m - height[i - 1]) / (height[i] - height[i - 1])
        return float(t[i - 1] + frac * (t[i] - t[i - 1]))

    def time_at_ground_distance(self, distance_m: float) -> float | None:
        """First time (s) the ground distance reaches ``distance_m``; ``None`` if never."""
        t, _, _, _, ground = self._grid
        if distance_m > ground[-1]:
            return None
        return float(np.interp(distance_m, ground, t))


@dataclass(frozen=True, eq=False)
class GroundTrack:
    """The guided ground track: geodesic legs from the site through waypoints (lat, lon), then
    on along the last leg; or one geodesic on ``azimuth_deg`` without waypoints."""

    site: tuple[float, float]
    azimuth_deg: float | None = None
    waypoints: tuple[tuple[float, float], ...] = ()

    def __post_init__(self) -> None:
        if self.azimuth_deg is None and not self.waypoints:
            raise AscentError("give a launch azimuth or dog-leg waypoints for the ascent track")

    @cached_property
    def _legs(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Start latitude, longitude, azimuth (degrees) and start distance (m) of each leg."""
        lats, lons, azs, starts = [], [], [], []
        here, travelled = self.site, 0.0
        if self.azimuth_deg is not None and not self.waypoints:
            return (
                np.array([here[0]]),
                np.array([here[1]]),
                np.array([self.azimuth_deg]),
                np.array([0.0]),
            )
        for point in self.waypoints:
            az, back, dist = _GEOD.inv(here[1], here[0], point[1], point[0])
            if dist < 1.0:
                raise AscentError(f"waypoint {point} repeats the previous point")
            lats.append(here[0])
            lons.append(here[1])
            azs.append(az)
            starts.append(travelled)
            travelled += dist
            here = point
            last_az = (back + 180.0) % 360.0
        lats.append(here[0])
        lons.append(here[1])
        azs.append(last_az)
        starts.append(travelled)
        return np.array(lats), np.array(lons), np.array(azs), np.array(starts)

    @property
    def launch_azimuth_deg(self) -> float:
        return float(self._legs[2][0]) % 360.0

    def points(self, distance_m: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Latitude, longitude and forward azimuth (degrees) at ground distances (m)."""
        lat0, lon0, az0, start = self._legs
        d = np.atleast_1d(np.asarray(distance_m, dtype=np.float64))
        if float(d.max(initial=0.0)) - float(start[-1]) > _LONG_LEG_M:
            raise AscentError("the ascent track is longer than 20,000 km past its last waypoint")
        leg = np.clip(np.searchsorted(start, d, side="right") - 1, 0, len(start) - 1)
        lon, lat, back = _GEOD.fwd(lon0[leg], lat0[leg], az0[leg], d - start[leg])
        return (
            np.asarray(lat, dtype=np.float64),
            np.asarray(lon, dtype=np.float64),
            (np.asarray(back, dtype=np.float64) + 180.0) % 360.0,
        )


def states(
    profile: AscentProfile, track: GroundTrack, t_s: Sequence[float] | FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Earth-fixed positions (m) and velocities (m/s), ``(N, 3)``, at times ``t_s``."""
    s, h, v, gamma = profile.at(np.asarray(t_s, dtype=np.float64))
    lat, lon, az = track.points(s)
    up = np.array([sphere.unit_vector(a, b) for a, b in zip(lat, lon, strict=True)])
    heading = np.array([sphere.direction(u, z) for u, z in zip(up, az, strict=True)])
    velocity = (v * np.cos(gamma))[:, None] * heading + (v * np.sin(gamma))[:, None] * up
    return up * (EARTH_RADIUS_M + h)[:, None], velocity
