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


@dataclass(frozen=True, slots=True)
class Shape:
    """How the free flight is chosen: an apogee height (m), a named profile, or a burnout
    flight-path angle (rad, inertial frame)."""

    kind: ShapeKind
    value: float = 0.0


@dataclass(frozen=True, slots=True, eq=False)
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


def _free_flight_angle(
    shape: Shape, r1: float, psi: float, vehicle: Vehicle, ground_range_km: float, site_m_s: float
) -> float:
    """The burnout flight-path angle (rad) meeting ``shape``; raises when infeasible.

    ``site_m_s`` is the Earth's rotation speed along the flight direction at burnout: the top
    speed of the vehicle is relative to the ground, so the inertial top speed is higher for
    eastward shots and lower for westward ones.
    """
    top = vehicle.max_burnout_speed_m_s
    v_max = top + site_m_s
    r2 = EARTH_RADIUS_M
    roots = kepler.angles_for_speed(r1, r2, psi, v_max)
    if roots is None:
        raise InfeasibleTrajectoryError(
            f"a {ground_range_km:,.0f} km range is beyond what an {vehicle.name} reaches "
            f"(top burnout speed {top:,.0f} m/s: about {_max_range_km(vehicle):,.0f} km on a "
            "minimum-energy trajectory); use a longer-range vehicle class or a shorter range"
        )
    if shape.kind == "minimum-energy":
        return kepler.min_energy_angle(r1, r2, psi)
    if shape.kind == "lofted":
        return roots[1]
    if shape.kind == "depressed":
        return roots[0]

    def apogee_km(phi: float) -> float:
        v = kepler.speed_for_angle(r1, r2, psi, phi)
        return (kepler.apogee_radius(r1, v, phi) - EARTH_RADIUS_M) / 1000.0

    low_km, high_km = apogee_km(roots[0]), apogee_km(roots[1])
    min_energy_km = apogee_km(kepler.min_energy_angle(r1, r2, psi))
    feasible = (
        f"feasible apogees for an {vehicle.name} over {ground_range_km:,.0f} km are about "
        f"{low_km:,.0f} to {high_km:,.0f} km (minimum-energy {min_energy_km:,.0f} km)"
    )
    if shape.kind == "angle":
        lo_deg, hi_deg = math.degrees(roots[0]), math.degrees(roots[1])
        if not roots[0] <= shape.value <= roots[1]:
            raise InfeasibleTrajectoryError(
                f"a {math.degrees(shape.value):.1f} deg flight-path angle needs more than the "
                f"{vehicle.name}'s {top:,.0f} m/s over {ground_range_km:,.0f} km: feasible "
                f"angles are {lo_deg:.1f} to {hi_deg:.1f} deg"
            )
        return shape.value
    target_km = shape.value / 1000.0
    if target_km < low_km:
        raise InfeasibleTrajectoryError(f"apogee {target_km:,.0f} km is too low: {feasible}")
    if target_km > high_km:
        raise InfeasibleTrajectoryError(f"apogee {target_km:,.0f} km is too high: {feasible}")
    phi = kepler.angle_for_apogee(r1, r2, psi, EARTH_RADIUS_M + shape.value)
    if phi is None:  # pragma: no cover - guarded by the bounds above
        raise InfeasibleTrajectoryError(f"apogee {target_km:,.0f} km: {feasible}")
    return phi


def solve(
    launch_unit: FloatArray,
    impact_unit: FloatArray,
    shape: Shape,
    vehicle: Vehicle,
    *,
    ground_range_km: float,
    rotating: bool = True,
) -> Flight:
    """Solve the flight from ``launch_unit`` to ``impact_unit`` (Earth-fixed unit vectors)."""
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
        phi = _free_flight_angle(shape, r1, psi, vehicle, ground_range_km, site_m_s)
        speed = kepler.speed_for_angle(r1, EARTH_RADIUS_M, psi, phi)
        free_time = kepler.flight_time(r1, speed, phi, psi)
        v_inertial = speed * (math.cos(phi) * along + math.sin(phi) * ground)
        v_relative = v_inertial - omega * np.cross(_Z, position)
        v_up, v_along = float(v_relative @ ground), float(v_relative @ along)
        v_rel = math.hypot(v_up, v_along)
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
        # fixed-point iteration, damped after a few steps: a flat (depressed) boost can make
        # burnout height and downrange oscillate between two states
        relax = 1.0 if iteration < 8 else (0.5 if iteration < 100 else 0.2)
        burn = new_burn
        height += relax * (new_height - height)
        downrange += relax * (new_downrange - downrange)
        flight_time += relax * (new_time - flight_time)
    else:
        raise TrajectoryError("the trajectory solver did not converge for this request")
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
    )
