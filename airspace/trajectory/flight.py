"""Targeting and sampling of one ballistic flight over the rotating Earth.

The flight is a boost (``boost.py``, Earth-fixed frame) followed by Keplerian free flight in the
inertial frame.  The solver iterates on the total flight time ``T``: the impact point, fixed on
the Earth, sits in the inertial frame where the Earth has carried it at ``T``; the free flight
from the burnout point to that inertial target is found from the requested shape (apogee,
profile or flight-path angle), which gives a new ``T``.  The burnout state (height, downrange,
Earth-relative speed and angle) is updated in the same loop.  Positions are then sampled in one
vectorised pass: the boost in the Earth-fixed frame, the free flight by solving Kepler's
equation for all times at once and rotating back to Earth-fixed axes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from airspace.errors import InputError
from airspace.geo import FloatArray
from airspace.trajectory import kepler, sphere
from airspace.trajectory.boost import BoostShape
from airspace.trajectory.kepler import EARTH_RADIUS_M, OMEGA_EARTH_RAD_S
from airspace.trajectory.vehicles import Vehicle

ShapeKind = Literal["apogee", "minimum-energy", "lofted", "depressed", "angle"]

_MAX_ITERATIONS: Final = 200
_Z: Final = np.array([0.0, 0.0, 1.0])


class TrajectoryError(InputError):
    """A trajectory request that cannot be computed (the message says why)."""


class InfeasibleTrajectoryError(TrajectoryError):
    """A request no trajectory of the vehicle meets; the message says what would be feasible."""


class _NotConvergedError(TrajectoryError):
    """The fixed-point iteration did not settle (handled inside ``solve``)."""


@dataclass(frozen=True, slots=True)
class Shape:
    """How the free flight is chosen: an apogee height (m), a named profile, or a burnout
    flight-path angle (rad, inertial frame)."""

    kind: ShapeKind
    value: float = 0.0


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Flight:
    """A solved flight: the boost and the inertial free-flight state at burnout.

    Times in s after launch; positions and velocities in m and m/s, Earth-centred;
    ``burnout_position_m`` / ``burnout_velocity_m_s`` are inertial at burnout (the inertial
    axes coincide with the Earth-fixed axes at launch).
    """

    launch_unit: FloatArray
    impact_unit: FloatArray
    heading_unit: FloatArray
    boost: BoostShape
    burnout_time_s: float
    flight_time_s: float
    burnout_position_m: FloatArray
    burnout_velocity_m_s: FloatArray
    flight_path_angle_rad: float
    free_flight_angle_rad: float
    omega_rad_s: float
    vehicle: Vehicle
    needed_speed_m_s: float = 0.0
    """Ground-relative burnout speed the free flight needs (m/s); the boost is capped at the
    vehicle's top speed, so a larger value marks an infeasible request."""

    @property
    def apogee_m(self) -> float:
        """Highest height (m) above the model sphere."""
        r = float(np.linalg.norm(self.burnout_position_m))
        v = float(np.linalg.norm(self.burnout_velocity_m_s))
        return kepler.apogee_radius(r, v, self.flight_path_angle_rad) - EARTH_RADIUS_M

    @property
    def burnout_speed_m_s(self) -> float:
        return float(np.linalg.norm(self.burnout_velocity_m_s))

    def positions(self, t_s: FloatArray) -> FloatArray:
        """Earth-fixed positions ``(N, 3)`` (m) at times ``t_s`` (s after launch, 0..T)."""
        t = np.clip(np.atleast_1d(np.asarray(t_s, dtype=np.float64)), 0.0, self.flight_time_s)
        out = np.empty((t.size, 3))
        powered = t < self.burnout_time_s
        if np.any(powered):
            s, h, _, _ = self.boost.at(t[powered])
            ground = sphere.along_great_circle(
                self.launch_unit, self.heading_unit, s / EARTH_RADIUS_M
            )
            out[powered] = ground * (EARTH_RADIUS_M + h)[:, None]
        free = ~powered
        if np.any(free):
            pos, _ = self.free_flight_inertial(t[free])
            out[free] = sphere.rotate_z(pos, -self.omega_rad_s * t[free])
        return out

    def free_flight_inertial(self, t_s: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Inertial positions and velocities during free flight at times ``t_s`` after launch."""
        dt = np.asarray(t_s, dtype=np.float64) - self.burnout_time_s
        return kepler.propagate(self.burnout_position_m, self.burnout_velocity_m_s, dt)

    def boost_state_inertial(self, t_s: float) -> tuple[FloatArray, FloatArray]:
        """Inertial position and velocity during the boost at ``t_s`` (for separations)."""
        s, h, v_along, v_up = (float(x[0]) for x in self.boost.at(np.array([t_s])))
        angle = s / EARTH_RADIUS_M
        ground = sphere.along_great_circle(self.launch_unit, self.heading_unit, angle)
        heading = (
            -math.sin(angle) * self.launch_unit + math.cos(angle) * self.heading_unit
        )  # great-circle tangent at the ground point
        position = ground * (EARTH_RADIUS_M + h)
        velocity = v_along * heading + v_up * ground + self.omega_rad_s * np.cross(_Z, position)
        rot = self.omega_rad_s * t_s
        return sphere.rotate_z(position, rot), sphere.rotate_z(velocity, rot)


def _max_range_km(vehicle: Vehicle) -> float:
    """Range (km) of a minimum-energy symmetric arc at the vehicle's top burnout speed."""
    q = vehicle.max_burnout_speed_m_s**2 * EARTH_RADIUS_M / kepler.MU_M3_S2
    if q >= 1.0:
        return math.pi * EARTH_RADIUS_M / 1000.0
    return 2.0 * math.asin(q / (2.0 - q)) * EARTH_RADIUS_M / 1000.0


@dataclass(frozen=True, slots=True)
class _Geometry:
    """One solver iteration's free-flight geometry: burnout radius (m), range angle (rad) and
    the Earth's rotation speed at the burnout point along the track (m/s).  The cross-track
    part of the rotation is not carried into the boost (docs/trajectory.md, limits), so the
    ground-relative speed here is that of the boost's vertical plane."""

    r1: float
    psi: float
    site_along_m_s: float

    @property
    def lowest(self) -> float:
        return kepler.MIN_FLIGHT_PATH_ANGLE_RAD

    @property
    def steepest(self) -> float:
        return kepler.escape_angle(self.r1, EARTH_RADIUS_M, self.psi)

    def relative_speed(self, phi: float) -> float:
        """Burnout speed relative to the ground (m/s) of the arc with inertial angle ``phi``."""
        v = kepler.speed_for_angle(self.r1, EARTH_RADIUS_M, self.psi, phi)
        if not math.isfinite(v):
            return math.inf
        along = v * math.cos(phi) - self.site_along_m_s
        return math.hypot(along, v * math.sin(phi))

    def slowest(self) -> float:
        """The angle of the lowest ground-relative burnout speed."""
        found = minimize_scalar(
            self.relative_speed,
            bounds=(self.lowest, self.steepest),
            method="bounded",
            options={"xatol": 1e-10},
        )
        return float(found.x)

    def roots(self, top_m_s: float) -> tuple[float, float] | None:
        """Lowest and highest angles whose ground-relative speed is ``top_m_s`` (clamped to the
        shallowest angle); ``None`` when even the slowest arc needs more."""
        mid = self.slowest()
        if self.relative_speed(mid) > top_m_s:
            return None

        def gap(phi: float) -> float:
            return self.relative_speed(phi) - top_m_s

        lo, hi = self.lowest, self.steepest
        low = lo if gap(lo) <= 0.0 else float(brentq(gap, lo, mid, xtol=1e-13))
        high = hi if gap(hi) <= 0.0 else float(brentq(gap, mid, hi, xtol=1e-13))
        return low, high


def _angle_for(shape: Shape, geo: _Geometry, vehicle: Vehicle) -> float:
    """The burnout flight-path angle (rad) meeting ``shape`` in this iteration's geometry.

    Never raises: where the shape cannot be met in this geometry (an early iteration, or an
    infeasible request) it returns the nearest angle, and ``solve`` checks the converged
    flight against the request and the vehicle.
    """
    r2 = EARTH_RADIUS_M
    if shape.kind == "angle":  # beyond the escape angle: the nearest elliptic arc
        return min(max(shape.value, geo.lowest), geo.steepest - 1e-9)
    if shape.kind == "minimum-energy":
        return kepler.min_energy_angle(geo.r1, r2, geo.psi)
    if shape.kind in ("lofted", "depressed"):
        roots = geo.roots(vehicle.max_burnout_speed_m_s)
        if roots is None:
            return geo.slowest()
        return roots[1] if shape.kind == "lofted" else roots[0]
    phi = kepler.angle_for_apogee(geo.r1, r2, geo.psi, EARTH_RADIUS_M + shape.value)
    if phi is not None:
        return phi
    low_apogee = kepler.apogee_radius(
        geo.r1, kepler.speed_for_angle(geo.r1, r2, geo.psi, geo.lowest), geo.lowest
    )
    return geo.lowest if EARTH_RADIUS_M + shape.value < low_apogee else geo.steepest


def solve(
    launch_unit: FloatArray,
    impact_unit: FloatArray,
    shape: Shape,
    vehicle: Vehicle,
    *,
    ground_range_km: float,
    rotating: bool = True,
) -> Flight:
    """Solve the flight from ``launch_unit`` to ``impact_unit`` (Earth-fixed unit vectors).

    The converged flight is checked against the request: its ground-relative burnout speed is
    within the vehicle's top speed, its apogee is the requested one, and its free flight first
    meets the surface at the impact.  Otherwise ``InfeasibleTrajectoryError`` says which
    apogees, angles or ranges the vehicle can fly (each stated bound is itself flown: the
    ``depressed`` and ``lofted`` profiles are the two ends).
    """
    try:
        flight = _converge(launch_unit, impact_unit, shape, vehicle, rotating=rotating)
        problem = _problem(flight, shape)
    except _NotConvergedError:
        problem = "the direct iteration did not converge"
    if problem is None:
        return flight
    try:
        ends = _ends(launch_unit, impact_unit, vehicle, rotating=rotating)
    except _NotConvergedError:
        raise TrajectoryError(
            f"no {vehicle.name} flight over {ground_range_km:,.0f} km was found (the solver did "
            f"not converge: its {vehicle.burn_time_s:.0f} s boost is long for so short a range); "
            "try a longer range or a vehicle class with a shorter burn"
        ) from None
    if ends is not None and shape.kind == "apogee":
        bracketed = _apogee_between(ends, shape.value, rotating=rotating)
        if bracketed is not None:
            return bracketed
    if ends is None:
        raise InfeasibleTrajectoryError(
            f"a {ground_range_km:,.0f} km range is beyond what an {vehicle.name} reaches "
            f"(top burnout speed {vehicle.max_burnout_speed_m_s:,.0f} m/s: about "
            f"{_max_range_km(vehicle):,.0f} km on a minimum-energy trajectory); use a "
            "longer-range vehicle class or a shorter range"
        )
    low, high = ends
    if shape.kind == "angle":
        lo_deg = _inward(math.degrees(low.flight_path_angle_rad), up=True)
        hi_deg = _inward(math.degrees(high.flight_path_angle_rad), up=False)
        raise InfeasibleTrajectoryError(
            f"a {math.degrees(shape.value):.1f} deg flight-path angle is not flown by an "
            f"{vehicle.name} over {ground_range_km:,.0f} km ({problem}): feasible angles are "
            f"{lo_deg:g} to {hi_deg:g} deg (profiles depressed and lofted)"
        )
    low_km = _inward(low.apogee_m / 1000.0, up=True)
    high_km = _inward(high.apogee_m / 1000.0, up=False)
    feasible = (
        f"feasible apogees for an {vehicle.name} over {ground_range_km:,.0f} km are "
        f"{low_km:,g} to {high_km:,g} km (profiles depressed and lofted)"
    )
    if shape.kind == "apogee":
        side = "too low" if shape.value < low.apogee_m else "too high"
        raise InfeasibleTrajectoryError(
            f"apogee {shape.value / 1000.0:,.0f} km is {side}: {feasible}"
        )
    raise InfeasibleTrajectoryError(
        f"the {shape.kind} profile is not flown ({problem}): {feasible}"
    )


def feasible_apogees_m(
    launch_unit: FloatArray, impact_unit: FloatArray, vehicle: Vehicle, *, rotating: bool = True
) -> tuple[float, float] | None:
    """Lowest and highest apogee (m) the vehicle flies between the two points (the depressed
    and lofted profiles); ``None`` when the range is beyond it."""
    ends = _ends(launch_unit, impact_unit, vehicle, rotating=rotating)
    return None if ends is None else (ends[0].apogee_m, ends[1].apogee_m)


def _inward(value: float, *, up: bool) -> float:
    """A bound rounded towards the inside of its range: whole units, or tenths below 10."""
    digits = 1 if abs(value) < 10.0 else 0
    scale = 10.0**digits
    rounded = (math.ceil if up else math.floor)(value * scale - (1e-9 if up else -1e-9)) / scale
    return rounded


def _apogee_between(
    ends: tuple[Flight, Flight], apogee_m: float, *, rotating: bool
) -> Flight | None:
    """The flight peaking at ``apogee_m`` found by root finding on the burnout angle between
    the depressed and lofted ends (the slow, sure path when the direct iteration fails)."""
    low, high = ends
    if not low.apogee_m <= apogee_m <= high.apogee_m:
        return None
    if apogee_m - low.apogee_m < 1e-3:
        return low
    if high.apogee_m - apogee_m < 1e-3:
        return high
    units = (low.launch_unit, low.impact_unit)

    def at(phi: float) -> Flight:
        return _converge(*units, Shape("angle", phi), low.vehicle, rotating=rotating)

    def excess(phi: float) -> float:
        return at(phi).apogee_m - apogee_m

    phi = float(brentq(excess, low.flight_path_angle_rad, high.flight_path_angle_rad, xtol=1e-13))
    flight = at(phi)
    return flight if _problem(flight, Shape("apogee", apogee_m)) is None else None


def _ends(
    launch_unit: FloatArray, impact_unit: FloatArray, vehicle: Vehicle, *, rotating: bool
) -> tuple[Flight, Flight] | None:
    """The converged depressed and lofted flights, or ``None`` when neither is flown."""
    out = []
    for kind in ("depressed", "lofted"):
        flight = _converge(launch_unit, impact_unit, Shape(kind), vehicle, rotating=rotating)
        if _problem(flight, Shape(kind)) is not None:
            return None
        out.append(flight)
    return out[0], out[1]


def _problem(flight: Flight, shape: Shape) -> str | None:
    """Why a converged flight does not meet its request, or ``None``."""
    top = flight.vehicle.max_burnout_speed_m_s
    needed = flight.needed_speed_m_s
    if needed > top * (1.0 + 1e-9) + 1e-6:
        return f"it needs {needed:,.0f} m/s at burnout, above the top speed {top:,.0f} m/s"
    if shape.kind == "angle" and abs(flight.flight_path_angle_rad - shape.value) > 1e-9:
        return "no elliptic arc at that angle reaches the impact"
    if shape.kind == "apogee" and abs(flight.apogee_m - shape.value) > max(1.0, 1e-7 * shape.value):
        return f"the nearest arc peaks at {flight.apogee_m / 1000.0:,.0f} km"
    free_s = flight.flight_time_s - flight.burnout_time_s
    try:
        first_s = kepler.time_to_radius(
            flight.burnout_position_m, flight.burnout_velocity_m_s, EARTH_RADIUS_M
        )
    except ValueError:
        return "the arc never comes down"
    if abs(first_s - free_s) > 1e-3 * max(1.0, free_s * 1e-6):
        return "the arc would pass below the surface before the impact"
    return None


def _converge(
    launch_unit: FloatArray,
    impact_unit: FloatArray,
    shape: Shape,
    vehicle: Vehicle,
    *,
    rotating: bool,
) -> Flight:
    """The fixed point of the solver for ``shape`` (checked by ``_problem``, not here)."""
    omega = OMEGA_EARTH_RAD_S if rotating else 0.0
    if sphere.angle_between(launch_unit, impact_unit) < 1e-6:
        raise TrajectoryError("launch and impact are the same point (expected a range > 0 km)")
    if shape.kind == "apogee" and shape.value <= 0.0:
        raise InfeasibleTrajectoryError("apogee must be above the surface (expected > 0 km)")
    burn, height, downrange, flight_time = 0.0, 0.0, 0.0, 0.0
    boost = BoostShape(0.0, math.pi / 2, 0.0, 0.0)
    for iteration in range(_MAX_ITERATIONS):
        # the impact point as seen, at burnout, in the Earth-fixed axes of that moment
        target = sphere.rotate_z(impact_unit, omega * (flight_time - burn))
        heading = sphere.tangent_towards(launch_unit, target)
        ground = sphere.along_great_circle(launch_unit, heading, downrange / EARTH_RADIUS_M)
        psi = sphere.angle_between(ground, target)
        if psi >= math.pi - 1e-3:
            half_km = math.pi * EARTH_RADIUS_M / 1e3
            raise InfeasibleTrajectoryError(
                "the impact is (nearly) antipodal to the launch: no single ballistic arc is "
                f"defined (feasible ranges are below about {half_km:,.0f} km)"
            )
        r1 = EARTH_RADIUS_M + height
        along = sphere.tangent_towards(ground, target)
        position = ground * r1
        site_m_s = float(omega * np.cross(_Z, position) @ along)
        phi = _angle_for(shape, _Geometry(r1, psi, site_m_s), vehicle)
        speed = kepler.speed_for_angle(r1, EARTH_RADIUS_M, psi, phi)
        if not math.isfinite(speed) or speed**2 * r1 / kepler.MU_M3_S2 >= 2.0:
            raise InfeasibleTrajectoryError(
                f"no elliptic arc at a {math.degrees(phi):.1f} deg flight-path angle reaches "
                "the impact"
            )
        free_time = kepler.flight_time(r1, speed, phi, psi)
        v_inertial = speed * (math.cos(phi) * along + math.sin(phi) * ground)
        v_relative = v_inertial - omega * np.cross(_Z, position)
        v_up, v_along = float(v_relative @ ground), float(v_relative @ along)
        needed = math.hypot(v_up, v_along)
        v_rel = min(needed, vehicle.max_burnout_speed_m_s)  # an infeasible request: capped
        scale = 1.0
        if vehicle.shorter_burn_below_top_speed:
            scale = math.sqrt(min(1.0, v_rel / vehicle.max_burnout_speed_m_s))
        new_burn = vehicle.burn_time_s * scale
        boost = BoostShape(
            v_rel, math.atan2(v_up, v_along), new_burn, vehicle.vertical_rise_s * scale
        )
        new_height, new_downrange = boost.burnout_height_m, boost.burnout_downrange_m
        new_time = new_burn + free_time
        converged = (
            abs(new_time - flight_time) < 1e-6
            and abs(new_height - height) < 1e-3
            and abs(new_downrange - downrange) < 1e-3
        )
        if converged:
            break
        if iteration >= 20 and needed > 1.05 * vehicle.max_burnout_speed_m_s:
            break  # far beyond the vehicle: ``_problem`` reports it, no need to converge
        # fixed-point iteration, damped after a few steps: a flat (depressed) boost can make
        # burnout height and downrange oscillate between two states
        relax = 1.0 if iteration < 8 else (0.5 if iteration < 100 else 0.2)
        burn = new_burn
        height += relax * (new_height - height)
        downrange += relax * (new_downrange - downrange)
        flight_time += relax * (new_time - flight_time)
    else:
        raise _NotConvergedError("the trajectory solver did not converge for this request")
    rot = omega * burn
    return Flight(
        launch_unit=launch_unit,
        impact_unit=impact_unit,
        heading_unit=heading,
        boost=boost,
        burnout_time_s=burn,
        flight_time_s=flight_time,
        burnout_position_m=sphere.rotate_z(position, rot),
        burnout_velocity_m_s=sphere.rotate_z(v_inertial, rot),
        flight_path_angle_rad=phi,
        free_flight_angle_rad=psi,
        omega_rad_s=omega,
        vehicle=vehicle,
        needed_speed_m_s=needed,
    )
