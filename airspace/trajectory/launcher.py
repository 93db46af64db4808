"""Launch vehicles as they fly: a guided ascent through published states, parts that drop, land
or return, an orbit or a suborbital fall, and optionally a breakup.

``fly_launcher(site, launcher, track, ...)`` returns a ``Trajectory`` whose ``flight`` is a
``LauncherFlight``: the powered ascent (``ascent.py``) to the last published state, then either
the end of the track at orbit insertion (``final='orbit'``) or the upper stage's fall with drag
(``final='fall'``, ``fall.py``).  A breakup ends the flight at that moment and turns the vehicle
into debris (``debris.py``).  Each separating part falls from its separation state; what becomes
of it (drop zone, landing point, return to the site) follows its ``fate``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Final, Literal

import numpy as np
import pandas as pd
from shapely.geometry import Point, Polygon

from airspace.geo import FloatArray, distance_m, to_local
from airspace.places import Place
from airspace.trajectory import sphere
from airspace.trajectory.ascent import AscentError, AscentProfile, GroundTrack, states
from airspace.trajectory.debris import (
    DEFAULT_BETA_RANGE,
    DEFAULT_IMPARTED_M_S,
    DebrisField,
    breakup_debris,
)
from airspace.trajectory.drops import Drop
from airspace.trajectory.fall import FallError, Falls, fall
from airspace.trajectory.flight import TrajectoryError
from airspace.trajectory.kepler import EARTH_RADIUS_M, OMEGA_EARTH_RAD_S
from airspace.trajectory.presets import Launcher, Part
from airspace.trajectory.vehicles import Vehicle

if TYPE_CHECKING:
    from airspace.trajectory.core import Trajectory

DEFAULT_TOLERANCE_KM = 100.0
"""Largest distance between a modelled drop or landing point and the published zone or point
that passes without a warning."""

Ending = Literal["orbit", "impact", "breakup"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PartPlan:
    """Scenario facts about one part: a landing point, a published drop zone (lat, lon
    vertices) and the tolerance for the model's disagreement with them."""

    landing: tuple[float, float] | None = None
    published_zone: tuple[tuple[float, float], ...] | None = None
    tolerance_km: float = DEFAULT_TOLERANCE_KM


@dataclass(frozen=True, slots=True, kw_only=True)
class Breakup:
    """A declared failure: breakup at ``time_s`` after lift-off, or when the ascent first
    reaches ``height_m``.  With a time, ``height_m`` and ``speed_m_s`` are the published state
    at the breakup (telemetry), replacing the model's height and speed there (the model keeps
    the ground position, heading and flight-path angle).  Fragment assumptions as in
    ``debris.py``."""

    time_s: float | None = None
    height_m: float | None = None
    speed_m_s: float | None = None
    imparted_m_s: float = DEFAULT_IMPARTED_M_S
    beta_range: tuple[float, float] = DEFAULT_BETA_RANGE

    def __post_init__(self) -> None:
        if self.time_s is None and self.height_m is None:
            raise TrajectoryError("give a breakup time or a breakup height")
        if self.speed_m_s is not None and self.speed_m_s <= 0.0:
            raise TrajectoryError(f"breakup speed {self.speed_m_s} m/s is not positive")


@dataclass(frozen=True, eq=False)
class LauncherFlight:
    """A launcher's flight; the same sampling interface as ``flight.Flight``."""

    launcher: Launcher
    profile: AscentProfile
    track: GroundTrack
    launch_unit: FloatArray
    powered_end_s: float
    flight_time_s: float
    ending: Ending
    coast: Falls | None = None
    omega_rad_s: float = OMEGA_EARTH_RAD_S

    @property
    def burnout_time_s(self) -> float:
        return min(self.powered_end_s, self.flight_time_s)

    @cached_property
    def vehicle(self) -> Vehicle:
        top = max(k.speed_m_s for k in self.launcher.knots)
        return Vehicle(
            name=self.launcher.name,
            burn_time_s=self.powered_end_s,
            vertical_rise_s=self.profile.vertical_rise_s,
            max_burnout_speed_m_s=top,
            max_range_km=40_000.0,
            separations=(),
            source="; ".join(self.launcher.sources),
            shorter_burn_below_top_speed=False,
        )

    @property
    def heading_unit(self) -> FloatArray:
        return sphere.direction(self.launch_unit, self.track.launch_azimuth_deg)

    @property
    def impact_unit(self) -> FloatArray:
        end = self.positions(np.array([self.flight_time_s]))[0]
        return np.asarray(end / np.linalg.norm(end), dtype=np.float64)

    def positions(self, t_s: FloatArray) -> FloatArray:
        """Earth-fixed positions ``(N, 3)`` (m) at times ``t_s`` (s after lift-off)."""
        t = np.clip(np.atleast_1d(np.asarray(t_s, dtype=np.float64)), 0.0, self.flight_time_s)
        out = np.empty((t.size, 3))
        powered = t <= self.powered_end_s
        if np.any(powered):
            out[powered] = states(self.profile, self.track, t[powered])[0]
        if np.any(~powered):
            assert self.coast is not None
            ct = t[~powered] - self.powered_end_s
            grid = self.coast.t_s
            pos = self.coast.positions_m[:, 0, :]
            out[~powered] = np.column_stack([np.interp(ct, grid, pos[:, k]) for k in range(3)])
            landed = ct >= self.coast.landed_t_s[0] - 1e-9
            out[np.flatnonzero(~powered)[landed]] = self.coast.landed_m[0]
        return out

    def state(self, t_s: float) -> tuple[FloatArray, FloatArray]:
        """Earth-fixed position (m) and velocity (m/s) at ``t_s``."""
        if t_s <= self.powered_end_s:
            p, v = states(self.profile, self.track, [t_s])
            return p[0], v[0]
        pos = self.positions(np.array([t_s - 0.5, t_s, t_s + 0.5]))
        return pos[1], pos[2] - pos[0]

    @cached_property
    def apogee_m(self) -> float:
        t = np.union1d(np.arange(0.0, self.flight_time_s, 1.0), [self.flight_time_s])
        return float((np.linalg.norm(self.positions(t), axis=1) - EARTH_RADIUS_M).max())

    @property
    def burnout_speed_m_s(self) -> float:
        return float(np.linalg.norm(self.state(self.burnout_time_s)[1]))

    @property
    def flight_path_angle_rad(self) -> float:
        p, v = self.state(self.burnout_time_s)
        return math.asin(float(p @ v) / (np.linalg.norm(p) * np.linalg.norm(v)))


@dataclass(frozen=True, eq=False)
class LauncherResult:
    """What a launcher flight leaves behind: parts (as ``Drop`` values, with their fate),
    debris of a breakup, and warnings where the model disagrees with published figures."""

    drops: tuple[Drop, ...]
    debris: DebrisField | None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _track_frame(falls: Falls, start_s: float, launch_time: datetime | None) -> pd.DataFrame:
    t, lat, lon, alt = falls.track(0)
    t = t + start_s
    when = (
        pd.Series(pd.NaT, index=range(t.size), dtype="datetime64[ns, UTC]")
        if launch_time is None
        else pd.Timestamp(launch_time) + pd.to_timedelta(t, unit="s")
    )
    return pd.DataFrame({"t_s": t, "time": when, "lat": lat, "lon": lon, "alt_m": alt})


def _offset_km(lat: float, lon: float, zone: tuple[tuple[float, float], ...]) -> float:
    """Distance (km) from a point to a published zone (0 inside it)."""
    area = Polygon([(b, a) for a, b in zone])
    if not area.is_valid:
        area = area.buffer(0)
    local = to_local(area, lat, lon)
    return float(local.distance(Point(0.0, 0.0))) / 1000.0


def _part_drop(
    flight: LauncherFlight, part: Part, plan: PartPlan, site: Place, when: datetime | None
) -> tuple[Drop | None, list[str]]:
    """The fall, landing or return of one part, and warnings."""
    if part.fate == "none":
        return None, []
    position, velocity = flight.state(part.time_s)
    lat0, lon0, alt0 = sphere.to_latlon_alt(position[None, :], EARTH_RADIUS_M)
    try:
        falls = fall(position, velocity, part.ballistic_coefficient_kg_m2)
    except FallError:
        raise TrajectoryError(
            f"{part.name} separates in orbit at {part.time_s:g} s: it does not fall (give it "
            "fate 'none', or an earlier separation)"
        ) from None
    track = _track_frame(falls, part.time_s, when)
    m_lat, m_lon = (float(x[0]) for x in falls.landing_latlon())
    m_t = part.time_s + float(falls.landed_t_s[0])
    warnings: list[str] = []
    lat, lon, t_end = m_lat, m_lon, m_t
    if part.fate == "return":
        if part.landing_time_s is None:
            raise TrajectoryError(
                f"{part.name} returns to the launch site: give its published landing time"
            )
        lat, lon, t_end = site.lat, site.lon, part.landing_time_s
        track = track.iloc[:1]
    elif part.fate == "landing":
        if plan.landing is not None:
            lat, lon = plan.landing
            gap_km = distance_m(m_lat, m_lon, lat, lon) / 1000.0
            if gap_km > plan.tolerance_km:
                warnings.append(
                    f"{part.name}: the modelled ballistic fall lands {gap_km:,.0f} km from the "
                    f"given landing point (tolerance {plan.tolerance_km:g} km); the landing "
                    "point is used"
                )
        if part.landing_time_s is not None:
            t_end = part.landing_time_s
    zone = plan.published_zone
    offset = None
    if zone is not None:
        offset = _offset_km(m_lat, m_lon, zone)
        if offset > plan.tolerance_km:
            warnings.append(
                f"{part.name}: the modelled drop point lies {offset:,.0f} km outside the "
                f"published drop zone (tolerance {plan.tolerance_km:g} km); the published zone "
                "is used"
            )
    if t_end <= part.time_s:
        raise TrajectoryError(
            f"{part.name}: landing time {t_end:g} s is not after its separation at "
            f"{part.time_s:g} s"
        )
    drop = Drop(
        name=part.name,
        separation_t_s=part.time_s,
        separation_lat=float(lat0[0]),
        separation_lon=float(lon0[0]),
        separation_alt_m=float(alt0[0]),
        impact_t_s=float(t_end),
        impact_lat=float(lat),
        impact_lon=float(lon),
        track=track,
        launch_time=when,
        fate=part.fate,
        published_zone=zone,
        modelled_lat=m_lat,
        modelled_lon=m_lon,
        modelled_t_s=m_t,
        offset_km=offset,
    )
    return drop, warnings


OFF_PLAN_SHARE: Final = 0.25
OFF_PLAN_HEIGHT_M: Final = 5_000.0


def _off_plan(
    breakup: Breakup, t_s: float, position: FloatArray, velocity: FloatArray, site: Place
) -> list[str]:
    """A warning when the published state at a timed breakup is far from the planned ascent's
    at that time: the breakup is placed on the planned track, which an off-nominal flight left
    (Starship IFT-1: 29 km published at T+3:59, the plan was much higher and farther out)."""
    if breakup.time_s is None:
        return []
    planned_m = float(np.linalg.norm(position)) - EARTH_RADIUS_M
    lat, lon, _ = sphere.to_latlon_alt(position[None, :], EARTH_RADIUS_M)
    out_m = distance_m(site.lat, site.lon, float(lat[0]), float(lon[0]))
    found = []
    given_m = breakup.height_m
    if given_m is not None and abs(planned_m - given_m) > max(
        OFF_PLAN_SHARE * planned_m, OFF_PLAN_HEIGHT_M
    ):
        found.append(
            f"the planned ascent is {planned_m / 1000:,.0f} km high, the published state "
            f"{given_m / 1000:,.0f} km"
        )
    # climbing under thrust a vehicle goes no faster than at the breakup: it cannot be farther
    # out than the breakup speed times the time
    if breakup.speed_m_s is not None and out_m > breakup.speed_m_s * t_s:
        reach_km = breakup.speed_m_s * t_s / 1000.0
        found.append(
            f"the planned track is {out_m / 1000:,.0f} km downrange, farther than "
            f"{breakup.speed_m_s:g} m/s for {t_s:g} s can reach ({reach_km:,.0f} km)"
        )
    if not found:
        return []
    return [
        f"breakup at {t_s:g} s: {'; '.join(found)}; the breakup is placed on the planned track, "
        f"{out_m / 1000:,.0f} km downrange, and an off-nominal flight broke up elsewhere "
        "(nearer the site): declare the published debris area as a closure"
    ]


def _breakup_time(breakup: Breakup, profile: AscentProfile, end_s: float) -> float:
    if breakup.time_s is not None:
        if not 0.0 < breakup.time_s < end_s:
            raise TrajectoryError(
                f"breakup at {breakup.time_s:g} s is outside the flight (expected 0 to "
                f"{end_s:,.0f} s)"
            )
        return breakup.time_s
    assert breakup.height_m is not None
    found = profile.time_at_height(breakup.height_m)
    if found is None or found <= 0.0:
        top = float(profile.at(np.array([profile.end_s]))[1][0])
        raise TrajectoryError(
            f"the ascent never reaches a breakup height of {breakup.height_m / 1000:,.0f} km "
            f"(it climbs to {top / 1000:,.0f} km); give a breakup time instead"
        )
    return found


def fly_launcher(
    site: Place,
    launcher: Launcher,
    track: GroundTrack,
    *,
    plans: dict[str, PartPlan] | None = None,
    breakup: Breakup | None = None,
    launch_time: datetime | None = None,
) -> Trajectory:
    """The trajectory of a launcher flight (see the module docstring)."""
    from airspace.trajectory.core import Trajectory

    plans = plans or {}
    unknown = sorted(set(plans) - {p.name for p in launcher.parts})
    if unknown:
        raise TrajectoryError(
            f"{launcher.name} has no part named {', '.join(map(repr, unknown))} (expected one of "
            f"{', '.join(p.name for p in launcher.parts) or 'none'})"
        )
    try:
        profile = AscentProfile(launcher.knots, launcher.vertical_rise_s)
    except AscentError as exc:
        raise TrajectoryError(f"{launcher.name}: {exc}") from None
    powered_end = profile.end_s
    for part in launcher.parts:
        if not 0.0 < part.time_s <= powered_end:
            raise TrajectoryError(
                f"{launcher.name}: {part.name} separates at {part.time_s:g} s, outside the "
                f"powered flight (expected 0 to {powered_end:g} s)"
            )
    launch_unit = sphere.unit_vector(site.lat, site.lon)
    base = LauncherFlight(launcher, profile, track, launch_unit, powered_end, powered_end, "orbit")
    coast = None
    flight_end = powered_end
    ending: Ending = "orbit"
    if launcher.final == "fall":
        position, velocity = base.state(powered_end)
        try:
            coast = fall(position, velocity, launcher.final_ballistic_coefficient_kg_m2)
        except FallError:
            raise TrajectoryError(
                f"{launcher.name}: the upper stage reaches orbit at {powered_end:g} s; its final "
                "phase is 'orbit', not a fall"
            ) from None
        flight_end = powered_end + float(coast.landed_t_s[0])
        ending = "impact"
    flight = LauncherFlight(
        launcher, profile, track, launch_unit, powered_end, flight_end, ending, coast
    )
    debris = None
    warnings: list[str] = []
    if breakup is not None:
        t_b = _breakup_time(breakup, profile, flight_end)
        position, velocity = flight.state(t_b)
        warnings.extend(_off_plan(breakup, t_b, position, velocity, site))
        if breakup.time_s is not None and breakup.height_m is not None:
            position = position / np.linalg.norm(position) * (EARTH_RADIUS_M + breakup.height_m)
        if breakup.speed_m_s is not None:
            velocity = velocity / np.linalg.norm(velocity) * breakup.speed_m_s
        debris = breakup_debris(
            t_b,
            position,
            velocity,
            imparted_m_s=breakup.imparted_m_s,
            beta_range=breakup.beta_range,
            launch_time=launch_time,
        )
        flight = LauncherFlight(
            launcher, profile, track, launch_unit, min(powered_end, t_b), t_b, "breakup", coast
        )
    drops: list[Drop] = []
    for part in launcher.parts:
        if part.time_s >= flight.flight_time_s and breakup is not None:
            continue  # never separated: part of the debris
        drop, notes = _part_drop(flight, part, plans.get(part.name, PartPlan()), site, launch_time)
        warnings.extend(notes)
        if drop is not None:
            drops.append(drop)
    end = sphere.to_latlon_alt(flight.positions(np.array([flight.flight_time_s])), EARTH_RADIUS_M)
    end_lat, end_lon = float(end[0][0]), float(end[1][0])
    label = {"orbit": "orbit insertion", "impact": "upper-stage fall", "breakup": "breakup"}
    downrange_km = distance_m(site.lat, site.lon, end_lat, end_lon) / 1000.0
    end_place = Place(
        end_lat,
        end_lon,
        f"{launcher.name} {label[flight.ending]}, "
        f"{downrange_km:,.0f} km from {site.name or site.description}",
    )
    result = LauncherResult(tuple(drops), debris, tuple(warnings))
    return Trajectory(site, end_place, flight, launch_time, result)
