"""Physics of the trajectory engine against closed forms: tests that can fail."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airspace.trajectory import Trajectory, Vehicle, kepler, sphere
from airspace.trajectory.core import Profile
from airspace.trajectory.kepler import EARTH_RADIUS_M, MU_M3_S2, OMEGA_EARTH_RAD_S

# A vehicle with no boost: free flight starts on the surface, as in the closed forms.
NO_BOOST = Vehicle(
    name="test",
    burn_time_s=0.0,
    vertical_rise_s=0.0,
    max_burnout_speed_m_s=8_300.0,
    max_range_km=20_000.0,
)

# 2017-08-29 impact: 1,180 km from Cape Erimo (published "east"), on the bearing whose
# modelled track crosses Cape Erimo as published (scenarios/2017-08-29-hokkaido-overflight.yaml)
ERIMO_1180 = "1180 km 087° from Cape Erimo"


def _equator_shot(
    range_km: float,
    azimuth_deg: float = 90.0,
    *,
    profile: Profile = "minimum-energy",
    rotating: bool = True,
) -> Trajectory:
    return Trajectory.ballistic(
        (0.0, 0.0),
        azimuth_deg=azimuth_deg,
        range_km=range_km,
        vehicle=NO_BOOST,
        profile=profile,
        rotating=rotating,
    )


@pytest.mark.parametrize("range_km", [300.0, 2_000.0, 9_000.0])
def test_min_energy_on_a_non_rotating_sphere_matches_closed_forms(range_km: float) -> None:
    traj = _equator_shot(range_km, profile="minimum-energy", rotating=False)
    psi = sphere.angle_between(traj.flight.launch_unit, traj.flight.impact_unit)
    phi, q = kepler.symmetric_min_energy(psi)
    # closed forms of Bate, Mueller & White, Fundamentals of Astrodynamics (1971), ch. 6
    assert kepler.symmetric_range_angle(q, phi) == pytest.approx(psi, rel=1e-9)
    apogee_m = kepler.symmetric_apogee_radius(EARTH_RADIUS_M, q, phi) - EARTH_RADIUS_M
    time_s = kepler.symmetric_flight_time(EARTH_RADIUS_M, q, phi)
    assert traj.flight_path_angle_deg == pytest.approx(math.degrees(phi), rel=1e-3)
    assert traj.burnout_speed_m_s**2 * EARTH_RADIUS_M / MU_M3_S2 == pytest.approx(q, rel=1e-3)
    assert traj.apogee_km * 1000.0 == pytest.approx(apogee_m, rel=1e-3)
    assert traj.flight_time_s == pytest.approx(time_s, rel=1e-3)
    # and the sampled 4-D track agrees: highest sample, last sample on the impact
    samples = traj.samples
    assert samples["alt_m"].max() == pytest.approx(apogee_m, rel=1e-3)
    last = samples.iloc[-1]
    assert samples["t_s"].iloc[-1] == pytest.approx(time_s, rel=1e-3)
    landed = sphere.unit_vector(float(last["lat"]), float(last["lon"]))
    ground_psi = sphere.angle_between(traj.flight.launch_unit, landed)
    assert ground_psi == pytest.approx(psi, rel=1e-3)


def test_specific_energy_and_angular_momentum_are_conserved_in_free_flight() -> None:
    traj = Trajectory.ballistic("Sunan airport", ERIMO_1180, apogee_km=550)
    t = np.arange(traj.burnout_time_s, traj.flight_time_s, 1.0)
    pos, vel = traj.flight.free_flight_inertial(t)
    r = np.linalg.norm(pos, axis=1)
    energy = np.einsum("ij,ij->i", vel, vel) / 2.0 - MU_M3_S2 / r
    assert np.ptp(energy) / abs(energy.mean()) < 1e-9
    h = np.linalg.norm(np.cross(pos, vel), axis=1)
    assert np.ptp(h) / h.mean() < 1e-9
    # the height really changes: the check is not vacuous
    assert r.max() - r.min() > 400_000.0


def test_lofted_and_depressed_roots_bracket_minimum_energy() -> None:
    psi = 3_000.0 / 6_371.0
    phi_min, q_min = kepler.symmetric_min_energy(psi)
    for factor in (1.01, 1.1, 1.3):
        low, high = kepler.symmetric_roots(psi, q_min * factor)
        assert low < phi_min < high
        assert kepler.symmetric_range_angle(q_min * factor, low) == pytest.approx(psi, rel=1e-9)
        assert kepler.symmetric_range_angle(q_min * factor, high) == pytest.approx(psi, rel=1e-9)
    low, high = kepler.symmetric_roots(psi, q_min * (1 + 1e-9))
    assert low == pytest.approx(phi_min, abs=1e-3) and high == pytest.approx(phi_min, abs=1e-3)
    with pytest.raises(ValueError):
        kepler.symmetric_roots(psi, q_min * 0.99)
    # the general (burnout above the surface) solver agrees with the symmetric one at r1 == r2
    v = math.sqrt(q_min * 1.1 * MU_M3_S2 / EARTH_RADIUS_M)
    roots = kepler.angles_for_speed(EARTH_RADIUS_M, EARTH_RADIUS_M, psi, v)
    assert roots is not None
    expected = kepler.symmetric_roots(psi, q_min * 1.1)
    assert roots[0] == pytest.approx(expected[0], abs=1e-7)
    assert roots[1] == pytest.approx(expected[1], abs=1e-7)
    general_min = kepler.min_energy_angle(EARTH_RADIUS_M, EARTH_RADIUS_M, psi)
    assert general_min == pytest.approx(phi_min, abs=1e-5)


def test_profiles_order_apogee_and_flight_time() -> None:
    profiles: tuple[Profile, ...] = ("depressed", "minimum-energy", "lofted")
    shots = {
        p: Trajectory.ballistic("Sunan airport", azimuth_deg=90.0, range_km=2_500.0, profile=p)
        for p in profiles
    }
    low, mid, high = (shots[p] for p in ("depressed", "minimum-energy", "lofted"))
    assert low.flight_path_angle_deg < mid.flight_path_angle_deg < high.flight_path_angle_deg
    assert low.apogee_km < mid.apogee_km < high.apogee_km
    assert low.flight_time_s < mid.flight_time_s < high.flight_time_s
    assert mid.burnout_speed_m_s < min(low.burnout_speed_m_s, high.burnout_speed_m_s)


def _fire(
    launch_lon_deg: float, heading_deg: float, speed_m_s: float, phi: float, omega: float
) -> tuple[float, float, float]:
    """Impact longitude (deg) and time (s) of a surface shot on the equator with the given
    Earth-relative speed and flight-path angle, propagated by the engine's Kepler code."""
    u = sphere.unit_vector(0.0, launch_lon_deg)
    heading = sphere.direction(u, heading_deg)
    position = u * EARTH_RADIUS_M
    v_rel = speed_m_s * (math.cos(phi) * heading + math.sin(phi) * u)
    v_in = v_rel + omega * np.cross([0.0, 0.0, 1.0], position)
    t = kepler.time_to_radius(position, v_in, EARTH_RADIUS_M - 1e-6)
    pos, _ = kepler.propagate(position, v_in, np.array([t]))
    fixed = sphere.rotate_z(pos, -omega * t)
    lat, lon, _ = sphere.to_latlon_alt(fixed, EARTH_RADIUS_M)
    return float(lat[0]), float(lon[0]), t


@pytest.mark.parametrize("heading_deg", [90.0, 270.0])
def test_earth_rotation_shifts_the_impact_as_expected(heading_deg: float) -> None:
    speed, phi = 4_000.0, math.radians(40.0)
    _, lon_still, t_still = _fire(0.0, heading_deg, speed, phi, 0.0)
    lat, lon_turning, t = _fire(0.0, heading_deg, speed, phi, OMEGA_EARTH_RAD_S)
    # closed form: add the site's eastward speed, fly the symmetric arc inertially, then let
    # the Earth turn east under the missile for the flight time
    east = 1.0 if heading_deg == 90.0 else -1.0
    v_h = east * speed * math.cos(phi) + OMEGA_EARTH_RAD_S * EARTH_RADIUS_M  # site speed, m/s
    v_v = speed * math.sin(phi)
    v = math.hypot(v_h, v_v)
    phi_in = math.atan2(v_v, abs(v_h))
    q = v * v * EARTH_RADIUS_M / MU_M3_S2
    psi = kepler.symmetric_range_angle(q, phi_in)
    t_expected = kepler.symmetric_flight_time(EARTH_RADIUS_M, q, phi_in)
    lon_expected = math.degrees(east * psi - OMEGA_EARTH_RAD_S * t_expected)
    assert lat == pytest.approx(0.0, abs=1e-6)
    assert t == pytest.approx(t_expected, rel=1e-3)
    assert lon_turning == pytest.approx(lon_expected, rel=2e-3)
    assert lon_still == pytest.approx(
        east
        * math.degrees(kepler.symmetric_range_angle(speed**2 * EARTH_RADIUS_M / MU_M3_S2, phi)),
        rel=1e-6,
    )
    # eastward shots gain range over the ground, westward shots lose it
    if east > 0:
        assert lon_turning > lon_still > 0
    else:
        assert lon_turning > lon_still and lon_turning < 0
    del t_still


def test_engine_targets_a_moving_impact_point_in_the_inertial_frame() -> None:
    east = _equator_shot(3_000.0, 90.0, profile="minimum-energy")
    west = _equator_shot(3_000.0, 270.0, profile="minimum-energy")
    still = _equator_shot(3_000.0, 90.0, profile="minimum-energy", rotating=False)
    ground = still.flight.free_flight_angle_rad
    # the Earth carries the impact point east by omega * T while the missile flies
    for traj, sign in ((east, 1.0), (west, -1.0)):
        expected = ground + sign * OMEGA_EARTH_RAD_S * traj.flight_time_s
        assert traj.flight.free_flight_angle_rad == pytest.approx(expected, rel=1e-6)
        last = traj.samples.iloc[-1]
        assert float(last["lat"]) == pytest.approx(traj.impact.lat, abs=1e-6)
        assert float(last["lon"]) == pytest.approx(traj.impact.lon, abs=1e-6)
    # the eastward shot needs less speed relative to the ground than the westward one
    assert east.flight.boost.burnout_speed_m_s < still.burnout_speed_m_s
    assert west.flight.boost.burnout_speed_m_s > still.burnout_speed_m_s
    assert east.launch_azimuth_deg == pytest.approx(90.0, abs=0.01)
    assert west.launch_azimuth_deg == pytest.approx(270.0, abs=0.01)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    lat=st.floats(-60.0, 60.0),
    lon=st.floats(-180.0, 179.9),
    azimuth=st.floats(0.0, 359.9),
    range_km=st.floats(150.0, 12_000.0),
    profile=st.sampled_from(["minimum-energy", "lofted", "depressed"]),
)
def test_any_flight_lands_on_its_impact_and_peaks_at_its_apogee(
    lat: float, lon: float, azimuth: float, range_km: float, profile: Profile
) -> None:
    traj = Trajectory.ballistic((lat, lon), azimuth_deg=azimuth, range_km=range_km, profile=profile)
    samples = traj.samples
    last = samples.iloc[-1]
    assert float(last["lat"]) == pytest.approx(traj.impact.lat, abs=1e-6)
    dlon = (float(last["lon"]) - traj.impact.lon + 180.0) % 360.0 - 180.0
    assert dlon == pytest.approx(0.0, abs=1e-6)
    assert samples["alt_m"].min() >= 0.0
    assert samples["alt_m"].max() <= traj.apogee_km * 1000.0 + 1.0
    assert samples["alt_m"].max() >= traj.apogee_km * 1000.0 * (1 - 1e-3)
    assert traj.range_km == pytest.approx(range_km, rel=1e-6)
    # positions are continuous across burnout (boost end == free-flight start)
    t_b = traj.burnout_time_s
    around = traj.at(np.array([t_b - 1e-6, t_b]))
    assert abs(float(around["alt_m"].iloc[0] - around["alt_m"].iloc[1])) < 1.0


@pytest.mark.parametrize("e", [0.0, 0.3, 0.9, 0.999, 0.999999, 0.99999999])
def test_kepler_equation_is_solved_up_to_near_vertical_arcs(e: float) -> None:
    """Near-vertical lofted arcs have e -> 1, where plain Newton from E = M can jump a
    revolution (a sample 11,900 km up between two near the surface); every root must satisfy
    the equation, stay in its bracket [M - e, M + e] and increase with M."""
    m = np.concatenate([np.linspace(0.0, 2.0 * math.pi, 2001), [1e-12, 2.0 * math.pi - 1e-12]])
    m = np.sort(np.concatenate([m, m + 2.0 * math.pi]))
    big_e = kepler.solve_kepler(m, e)
    assert np.max(np.abs(big_e - e * np.sin(big_e) - m)) < 1e-9
    assert np.all(np.abs(big_e - m) <= e + 1e-12)
    assert np.all(np.diff(big_e) >= -1e-12)
