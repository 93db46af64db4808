"""``Trajectory``: one ballistic flight as 4-D samples, with its airspace pieces, overflights
and drops.

``Trajectory.ballistic("Sunan", "1180 km east of Cape Erimo", apogee_km=550, vehicle="IRBM")``
solves the flight (see ``flight.py``) and samples it lazily.  Places are text (resolved by
``airspace.places.resolve_place``), ``(lat, lon)`` pairs in degrees, or ``Place`` values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Final, Literal

import numpy as np
import pandas as pd

from airspace.geo import FloatArray, forward, inverse, is_valid_latlon
from airspace.places import Place, resolve_place
from airspace.trajectory import sphere
from airspace.trajectory.flight import (
    Flight,
    InfeasibleTrajectoryError,
    Shape,
    TrajectoryError,
    solve,
)
from airspace.trajectory.kepler import EARTH_RADIUS_M
from airspace.trajectory.vehicles import Vehicle, vehicle_for

if TYPE_CHECKING:
    from airspace.trajectory.debris import DebrisField
    from airspace.trajectory.drops import Drop
    from airspace.trajectory.launcher import Breakup, LauncherFlight, LauncherResult, PartPlan
    from airspace.trajectory.overflights import Overflight
    from airspace.trajectory.pieces import AirspacePiece
    from airspace.trajectory.presets import Launcher

PlaceLike = str | Place | tuple[float, float] | Sequence[float]
Profile = Literal["minimum-energy", "lofted", "depressed"]

_CLASS_ORDER: Final = ("SRBM", "MRBM", "IRBM", "ICBM")

DEFAULT_CEILING_FT: Final = 60_000.0
"""FL600: the upper limit of controlled airspace used for airspace pieces by default."""


def _place(value: PlaceLike, role: str) -> Place:
    if isinstance(value, Place):
        return value
    if isinstance(value, str):
        return resolve_place(value)
    if len(value) == 2:
        lat, lon = float(value[0]), float(value[1])
        if is_valid_latlon(lat, lon):
            return Place(lat, lon, f"{lat:.5f}, {lon:.5f}")
    raise TrajectoryError(f"{role} {value!r} is not a place (expected text or a (lat, lon) pair)")


def class_for_range(range_km: float) -> str:
    """NASIC range class for a ground range: SRBM < 1,000 km <= MRBM < 3,000 km <= IRBM <
    5,500 km <= ICBM."""
    if range_km < 1_000.0:
        return "SRBM"
    if range_km < 3_000.0:
        return "MRBM"
    return "IRBM" if range_km < 5_500.0 else "ICBM"


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise TrajectoryError(
            f"launch time {value.isoformat()} has no UTC offset (expected an aware datetime)"
        )
    return value.astimezone(UTC)


@dataclass(frozen=True, eq=False)
class Trajectory:
    """A solved ballistic flight.  Build it with ``Trajectory.ballistic``.

    Heights are metres above the WGS84 ellipsoid (the dynamics use a 6,371 km sphere whose
    latitude and longitude are identified with geodetic ones); times are seconds after launch
    and, when ``launch_time`` is given, UTC datetimes.
    """

    launch: Place
    impact: Place
    flight: Flight | LauncherFlight
    launch_time: datetime | None = None
    outcome: LauncherResult | None = None
    """Parts, debris and warnings of a launcher flight (``fly_launcher``); ``None`` for a
    ballistic missile."""

    # --- construction -------------------------------------------------------------------

    @classmethod
    def ballistic(
        cls,
        launch: PlaceLike,
        impact: PlaceLike | None = None,
        *,
        apogee_km: float | None = None,
        profile: Profile | None = None,
        azimuth_deg: float | None = None,
        range_km: float | None = None,
        vehicle: str | Vehicle | None = None,
        launch_time: datetime | None = None,
        flight_path_angle_deg: float | None = None,
        rotating: bool = True,
    ) -> Trajectory:
        """Solve a flight from ``launch`` to ``impact`` (or along ``azimuth_deg`` for
        ``range_km``, measured on the WGS84 ellipsoid) with one of ``apogee_km``, ``profile``
        (``'minimum-energy'`` by default, ``'lofted'``, ``'depressed'``) or
        ``flight_path_angle_deg`` (burnout flight-path angle, inertial frame, degrees).

        ``vehicle`` is a class name (``'SRBM'``, ``'MRBM'``, ``'IRBM'``, ``'ICBM'``, ``'SLV'``)
        or a ``Vehicle``; by default the NASIC class of the range (or the next class up when
        that one cannot fly the request).  ``rotating=False`` solves
        over a non-rotating Earth.  Raises ``InfeasibleTrajectoryError`` (a ``ValueError``)
        saying what would be feasible when no trajectory meets the request.
        """
        site = _place(launch, "launch")
        if impact is not None:
            if azimuth_deg is not None or range_km is not None:
                raise TrajectoryError("give either impact or azimuth_deg + range_km, not both")
            target = _place(impact, "impact")
        else:
            if azimuth_deg is None or range_km is None:
                raise TrajectoryError("give impact, or both azimuth_deg and range_km")
            if not range_km > 0.0:
                raise TrajectoryError(f"range {range_km} km is not positive (expected > 0 km)")
            lat, lon = forward(site.lat, site.lon, azimuth_deg, range_km * 1000.0)
            target = Place(
                lat,
                lon,
                f"{range_km:g} km at {azimuth_deg:g} deg from {site.name or site.description}",
            )
        given = [x is not None for x in (apogee_km, profile, flight_path_angle_deg)]
        if sum(given) > 1:
            raise TrajectoryError("give at most one of apogee_km, profile, flight_path_angle_deg")
        if apogee_km is not None:
            shape = Shape("apogee", float(apogee_km) * 1000.0)
        elif flight_path_angle_deg is not None:
            if not 0.0 < flight_path_angle_deg < 90.0:
                raise TrajectoryError(
                    f"flight-path angle {flight_path_angle_deg} deg is outside 0-90 deg"
                )
            shape = Shape("angle", math.radians(flight_path_angle_deg))
        else:
            if profile not in (None, "minimum-energy", "lofted", "depressed"):
                raise TrajectoryError(
                    f"unknown profile {profile!r} (expected minimum-energy, lofted or depressed)"
                )
            shape = Shape(profile or "minimum-energy")
        ground_km = inverse(site.lat, site.lon, target.lat, target.lon)[0] / 1000.0
        when = _utc(launch_time)
        ends = (sphere.unit_vector(site.lat, site.lon), sphere.unit_vector(target.lat, target.lon))
        if vehicle is not None:
            flight = solve(
                *ends, shape, vehicle_for(vehicle), ground_range_km=ground_km, rotating=rotating
            )
            return cls(site, target, flight, when)
        # no vehicle given: the range class, or the next class up if the Earth's rotation (a
        # westward shot near the top of a class) or the shape asks for more than it has
        classes = list(_CLASS_ORDER[_CLASS_ORDER.index(class_for_range(ground_km)) :])
        for name in classes:
            try:
                flight = solve(
                    *ends, shape, vehicle_for(name), ground_range_km=ground_km, rotating=rotating
                )
            except InfeasibleTrajectoryError:
                if name == classes[-1]:
                    raise
                continue
            break
        return cls(site, target, flight, when)

    @classmethod
    def launcher(
        cls,
        launch: PlaceLike,
        vehicle: str | Launcher,
        *,
        azimuth_deg: float | None = None,
        waypoints: Sequence[PlaceLike] = (),
        parts: dict[str, PartPlan] | None = None,
        breakup: Breakup | None = None,
        launch_time: datetime | None = None,
    ) -> Trajectory:
        """Fly a launcher (a preset name such as ``'Falcon 9'`` or a ``Launcher``) from
        ``launch`` along ``azimuth_deg`` or through dog-leg ``waypoints``; ``parts`` gives
        landing points and published drop zones by part name, ``breakup`` a declared failure
        (see ``launcher.py``)."""
        from airspace.trajectory.ascent import AscentError, GroundTrack
        from airspace.trajectory.launcher import fly_launcher
        from airspace.trajectory.presets import PRESETS, preset_for

        site = _place(launch, "launch")
        preset = preset_for(vehicle) if isinstance(vehicle, str) else vehicle
        if preset is None:
            raise TrajectoryError(
                f"unknown launcher {vehicle!r} (expected one of {', '.join(PRESETS)})"
            )
        points = tuple((p.lat, p.lon) for p in (_place(w, "waypoint") for w in waypoints))
        try:
            track = GroundTrack((site.lat, site.lon), azimuth_deg, points)
        except AscentError as exc:
            raise TrajectoryError(str(exc)) from None
        return fly_launcher(
            site, preset, track, plans=parts, breakup=breakup, launch_time=_utc(launch_time)
        )

    def __repr__(self) -> str:
        return (
            f"<Trajectory {self.launch.description} -> {self.impact.description}: {self.summary()}>"
        )

    # --- figures ------------------------------------------------------------------------

    @property
    def vehicle(self) -> Vehicle:
        return self.flight.vehicle

    @property
    def flight_time(self) -> timedelta:
        """Launch to impact."""
        return timedelta(seconds=self.flight.flight_time_s)

    @property
    def flight_time_s(self) -> float:
        return self.flight.flight_time_s

    @property
    def impact_time(self) -> datetime | None:
        return None if self.launch_time is None else self.launch_time + self.flight_time

    @property
    def apogee_km(self) -> float:
        """Highest height above the surface (km)."""
        return self.flight.apogee_m / 1000.0

    @property
    def range_km(self) -> float:
        """Ground range launch to impact along the WGS84 geodesic (km)."""
        return inverse(self.launch.lat, self.launch.lon, self.impact.lat, self.impact.lon)[0] / 1e3

    @property
    def bearing_deg(self) -> float:
        """WGS84 geodesic azimuth from launch to impact (degrees)."""
        return inverse(self.launch.lat, self.launch.lon, self.impact.lat, self.impact.lon)[1]

    @property
    def launch_azimuth_deg(self) -> float:
        """Initial heading of the ground track (degrees clockwise from north); differs from
        ``bearing_deg`` by the Earth's rotation during flight."""
        east, north = sphere.east_north(self.flight.launch_unit)
        h = self.flight.heading_unit
        return float(math.degrees(math.atan2(h @ east, h @ north)) % 360.0)

    @property
    def burnout_time_s(self) -> float:
        return self.flight.burnout_time_s

    @property
    def burnout_speed_m_s(self) -> float:
        """Inertial speed at burnout (m/s)."""
        return self.flight.burnout_speed_m_s

    @property
    def flight_path_angle_deg(self) -> float:
        """Inertial flight-path angle at burnout (degrees)."""
        return math.degrees(self.flight.flight_path_angle_rad)

    def summary(self) -> str:
        """One line: flight time, apogee, range, vehicle."""
        minutes = self.flight_time_s / 60.0
        return (
            f"{self.vehicle.name}: {minutes:.1f} min, apogee {self.apogee_km:,.0f} km, "
            f"range {self.range_km:,.0f} km, launch azimuth {self.launch_azimuth_deg:03.0f}°"
        )

    # --- samples ------------------------------------------------------------------------

    def times(self, step_s: float = 1.0) -> FloatArray:
        """Sample times (s): every ``step_s`` from launch, the burnout and the impact."""
        if not step_s > 0.0:
            raise TrajectoryError(f"step {step_s} s is not positive")
        t = np.arange(0.0, self.flight_time_s, step_s)
        t = np.union1d(t, [self.burnout_time_s, self.flight_time_s])
        return np.asarray(t, dtype=np.float64)

    def _lat_lon_alt(self, t: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        lat, lon, alt = sphere.to_latlon_alt(self.flight.positions(t), EARTH_RADIUS_M)
        if self.ending == "impact":  # on the surface at the impact (not at orbit or breakup)
            alt = np.where(np.isclose(t, self.flight_time_s, atol=1e-9), 0.0, alt)
        return lat, lon, alt

    def height_m(self, t_s: float) -> float:
        """Height above the surface (m) at ``t_s`` seconds after launch (one point, no table:
        for root finding)."""
        _, _, alt = self._lat_lon_alt(np.array([t_s], dtype=np.float64))
        return max(float(alt[0]), 0.0)

    def at(self, t_s: FloatArray) -> pd.DataFrame:
        """Samples at the given times (s after launch): ``t_s, time, lat, lon, alt_m, phase``."""
        t = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
        lat, lon, alt = self._lat_lon_alt(t)
        if self.launch_time is None:
            when = pd.Series(pd.NaT, index=range(t.size), dtype="datetime64[ns, UTC]")
        else:
            when = pd.Timestamp(self.launch_time) + pd.to_timedelta(t, unit="s")
        return pd.DataFrame(
            {
                "t_s": t,
                "time": when,
                "lat": lat,
                "lon": lon,
                "alt_m": np.maximum(alt, 0.0),
                "phase": np.where(t < self.burnout_time_s, "boost", "free flight"),
            }
        )

    def sample(self, step_s: float = 1.0) -> pd.DataFrame:
        """Samples every ``step_s`` seconds (plus burnout and impact)."""
        return self.at(self.times(step_s))

    @cached_property
    def samples(self) -> pd.DataFrame:
        """Samples at 1 s resolution: ``t_s, time (UTC or NaT), lat, lon, alt_m, phase``."""
        return self.sample(1.0)

    # --- airspace, overflights, drops ---------------------------------------------------

    def below(self, ceiling_ft: float = DEFAULT_CEILING_FT) -> list[AirspacePiece]:
        """The 4-D pieces of the flight below ``ceiling_ft`` (feet above the surface): the ascent
        near the launch site and the descent to impact, with entry and exit times."""
        from airspace.trajectory.pieces import pieces_below

        return pieces_below(self, ceiling_ft)

    def overflights(
        self,
        distance_km: float = 50.0,
        *,
        ceiling_ft: float = DEFAULT_CEILING_FT,
        beyond_km: float = 0.0,
    ) -> list[Overflight]:
        """Land and named places the ground track passes over or within ``distance_km`` of,
        with time and altitude; each says whether the flight was below ``ceiling_ft`` there.

        ``beyond_km`` > 0 also lists places within ``distance_km`` of the track extended that
        far past the impact on its final heading (places in line with the flight)."""
        from airspace.trajectory.overflights import find_overflights

        return find_overflights(self, distance_km, ceiling_ft, beyond_km)

    @cached_property
    def drops(self) -> list[Drop]:
        """Spent stages and fairings: separation state, fall and impact (multi-stage vehicles);
        a launcher's parts that drop, land or return (see ``Drop.fate``)."""
        if self.outcome is not None:
            return list(self.outcome.drops)
        from airspace.trajectory.drops import compute_drops

        return compute_drops(self)

    @property
    def ending(self) -> str:
        """How the flight ends: ``impact`` (a ballistic arc or a launcher's suborbital upper
        stage), ``orbit`` (the track ends at orbit insertion) or ``breakup`` (a declared
        failure: the track ends there and ``debris`` falls)."""
        flight = self.flight
        return "impact" if isinstance(flight, Flight) else flight.ending

    @property
    def debris(self) -> DebrisField | None:
        """Fragments of a declared breakup (launchers), else ``None``."""
        return None if self.outcome is None else self.outcome.debris

    @property
    def warnings(self) -> tuple[str, ...]:
        """Where the model disagrees with published figures beyond their tolerance."""
        return () if self.outcome is None else self.outcome.warnings
