"""Launch vehicles as they fly: presets, ascent states, dog-legs, falls with drag, landings,
published drop zones, breakups and their debris response areas."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import get_args

import numpy as np
import pytest
import shapely

from airspace import load_scenario
from airspace.advisory import Advisory, build
from airspace.geo import distance_m, inverse
from airspace.scenario import ScenarioError, parse_scenario_text
from airspace.scenario.launch import VEHICLE_CLASSES, VehicleName
from airspace.trajectory import Trajectory, TrajectoryError, kepler, sphere, trajectory_for_launch
from airspace.trajectory.ascent import AscentError, AscentProfile, GroundTrack, Knot
from airspace.trajectory.atmosphere import density_kg_m3
from airspace.trajectory.fall import earth_fixed_state, fall
from airspace.trajectory.kepler import EARTH_RADIUS_M, OMEGA_EARTH_RAD_S
from airspace.trajectory.launcher import Breakup, PartPlan, fly_launcher
from airspace.trajectory.presets import PRESETS, preset_for
from tests.cli_checks import assert_only_a_warning

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SLC40 = (28.5619, -80.5772)  # Wikipedia, "Cape Canaveral Space Launch Complex 40"
STARBASE = (25.9972, -97.1553)  # Wikipedia, "SpaceX Starbase"
TURKS_AND_CAICOS = [(21.7740, -72.2650), (21.4612, -71.1419)]  # Providenciales, Cockburn Town


# ---- building blocks ----------------------------------------------------------------------
def test_presets_are_the_scenario_vehicle_names_and_all_fly() -> None:
    assert set(get_args(VehicleName)) == set(VEHICLE_CLASSES) | set(PRESETS)
    for name, preset in PRESETS.items():
        assert preset_for(name.upper()) is preset
        assert preset.sources and all(p.source for p in preset.parts), name
        site = (40.0, 125.0)
        traj = fly_launcher(_place(site), preset, GroundTrack(site, 180.0))
        assert traj.ending in ("orbit", "impact")
        # the ascent meets every published state
        profile = traj.flight.profile  # type: ignore[union-attr]
        for knot in preset.knots:
            _, h, v, gamma = profile.at(np.array([knot.time_s]))
            assert h[0] == pytest.approx(knot.height_m, abs=1.0)
            assert v[0] == pytest.approx(knot.speed_m_s, rel=1e-9)
            if knot.flight_path_angle_deg is not None:
                assert np.degrees(gamma[0]) == pytest.approx(knot.flight_path_angle_deg, abs=1e-6)


def _place(latlon: tuple[float, float]):  # type: ignore[no-untyped-def]
    from airspace.places import Place

    return Place(latlon[0], latlon[1], f"{latlon[0]}, {latlon[1]}")


def test_an_unreachable_state_is_an_error_naming_the_event() -> None:
    with pytest.raises(AscentError, match=r"'MECO'.*cannot be reached"):
        AscentProfile((Knot(name="MECO", time_s=60.0, height_m=300_000.0, speed_m_s=900.0),), 5.0)


def test_the_dog_leg_track_passes_its_waypoints_and_turns() -> None:
    track = GroundTrack((39.66, 124.705), waypoints=((36.3, 123.75), (13.1, 128.4)))
    lat, lon, az = track.points(np.linspace(0.0, 3_500_000.0, 200))
    for wlat, wlon in ((36.3, 123.75), (13.1, 128.4)):
        assert float(np.min(np.hypot(lat - wlat, lon - wlon))) < 0.2
    assert 180.0 < az[0] < 200.0 and 160.0 < az[-1] < 175.0  # SSW, then SSE


def test_the_atmosphere_follows_the_standard_atmosphere() -> None:
    """U.S. Standard Atmosphere 1976, tabulated densities (kg/m^3): 1.2250 at 0 km, 0.41351 at
    10 km, 0.088910 at 20 km, 1.0269e-3 at 50 km, 8.2829e-5 at 70 km, 6.958e-6 at 86 km; above
    86 km the exponential model (Vallado table 8-4) stays within 20 % of the standard's
    5.604e-7 at 100 km and 2.076e-9 at 150 km."""
    heights = np.array([0.0, 10_000.0, 20_000.0, 50_000.0, 70_000.0, 85_999.0])
    expected = np.array([1.2250, 0.41351, 0.088910, 1.0269e-3, 8.2829e-5, 6.958e-6])
    assert density_kg_m3(heights) == pytest.approx(expected, rel=2e-3)
    high = density_kg_m3(np.array([100_000.0, 150_000.0]))
    assert high == pytest.approx([5.604e-7, 2.076e-9], rel=0.2)
    assert density_kg_m3(np.array([1_100_000.0]))[0] == 0.0


def test_a_fall_in_vacuum_matches_kepler_and_drag_shortens_it() -> None:
    r, v = earth_fixed_state(10.0, 20.0, 100_000.0, 70.0, 3_000.0, 30.0)
    vacuum = fall(r, v, np.inf)
    inertial = v + np.cross([0.0, 0.0, OMEGA_EARTH_RAD_S], r)
    t = kepler.time_to_radius(r, inertial, EARTH_RADIUS_M)
    pos, _ = kepler.propagate(r, inertial, np.array([t]))
    expected = sphere.rotate_z(pos, -OMEGA_EARTH_RAD_S * t)[0]
    assert vacuum.landed_t_s[0] == pytest.approx(t, abs=0.01)
    assert float(np.linalg.norm(vacuum.landed_m[0] - expected)) < 10.0
    ranges = []
    for beta in (np.inf, 3_000.0, 300.0, 30.0):
        lat, lon = fall(r, v, beta).landing_latlon()
        ranges.append(distance_m(10.0, 20.0, float(lat[0]), float(lon[0])))
    assert ranges == sorted(ranges, reverse=True)  # lighter bodies fall shorter


# ---- the Falcon 9 scenario ------------------------------------------------------------------
@pytest.fixture(scope="module")
def falcon9() -> Advisory:
    return build(load_scenario(SCENARIOS / "2021-02-16-falcon9-slc40-droneship.yaml"))


def test_falcon9_first_stage_lands_on_the_droneship_and_nothing_falls_at_orbit(
    falcon9: Advisory,
) -> None:
    (launch,) = falcon9.scenario.launches
    traj = falcon9.computed.trajectories[launch.id]
    assert traj.ending == "orbit"
    kinds = {v.id.split("/")[-1]: v.kind for v in falcon9.computed.volumes}
    assert kinds == {"ascent": "ascent", "stage 1": "landing-zone", "fairing": "stage-drop"}
    stage1, fairing = traj.drops
    assert stage1.fate == "landing" and fairing.fate == "drop"
    # published: droneship about 633 km north-east; the model's own ballistic fall of the
    # first stage from its separation state lands within 60 km of it
    assert stage1.modelled_lat is not None and stage1.modelled_lon is not None
    gap = (
        distance_m(stage1.impact_lat, stage1.impact_lon, stage1.modelled_lat, stage1.modelled_lon)
        / 1000.0
    )
    assert gap < 60.0
    assert not traj.warnings
    # published: fairing recovery about 730 km downrange
    assert abs(fairing.downrange_km(*SLC40) - 730.0) < 100.0
    zone = next(v for v in falcon9.computed.volumes if v.kind == "landing-zone")
    assert zone.area.contains(shapely.Point(stage1.impact_lon, stage1.impact_lat))
    assert zone.limits.start == launch.earliest + timedelta(seconds=151) - falcon9.settings.lead
    assert zone.limits.end == launch.earliest + timedelta(seconds=495) + falcon9.settings.margin


# ---- the Starship scenario ------------------------------------------------------------------
@pytest.fixture(scope="module")
def starship() -> Advisory:
    return build(load_scenario(SCENARIOS / "2025-01-16-starship-flight7-breakup.yaml"))


def test_starship_flight7_booster_returns_and_the_ship_debris_covers_turks_and_caicos(
    starship: Advisory,
) -> None:
    (launch,) = starship.scenario.launches
    traj = starship.computed.trajectories[launch.id]
    assert traj.ending == "breakup"
    assert traj.flight_time_s == pytest.approx(505.0)
    (booster,) = traj.drops
    assert booster.fate == "return" and booster.impact_t_s == pytest.approx(420.0)
    assert (booster.impact_lat, booster.impact_lon) == pytest.approx(STARBASE)
    by_kind = {v.kind: v for v in starship.computed.volumes}
    assert set(by_kind) == {"ascent", "landing-zone", "debris-response"}  # nothing invented
    dra = by_kind["debris-response"]
    for lat, lon in TURKS_AND_CAICOS:  # published: debris fell on the islands
        assert dra.area.contains(shapely.Point(lon, lat))
    debris = traj.debris
    assert debris is not None
    assert debris.breakup_alt_m == pytest.approx(146_000.0)
    assert debris.breakup_speed_m_s == pytest.approx(5_921.0)
    # the window runs from the breakup to the last fragment down, plus lead and margin
    cfg = starship.settings
    assert dra.limits.start == launch.earliest + timedelta(seconds=505) - cfg.lead
    last = launch.earliest + timedelta(seconds=debris.last_landing_t_s) + cfg.margin
    assert abs(dra.limits.end - last) < timedelta(milliseconds=1)
    # the debris falls downrange of the breakup point, towards the east-south-east
    bearing = inverse(
        debris.breakup_lat,
        debris.breakup_lon,
        float(debris.landing_lat.mean()),
        float(debris.landing_lon.mean()),
    )[1]
    assert 90.0 < bearing < 130.0


def test_a_larger_explosion_spreads_the_debris_wider() -> None:
    site = _place(STARBASE)
    track = GroundTrack(STARBASE, 95.0)
    small, large = (
        fly_launcher(
            site, PRESETS["Starship"], track, breakup=Breakup(time_s=300.0, imparted_m_s=dv)
        ).debris
        for dv in (0.0, 300.0)
    )
    assert small is not None and large is not None
    assert large.footprint().area > small.footprint().area


# ---- published drop zones, landing points, errors -------------------------------------------
def _flight(extra: str) -> Trajectory:
    text = (
        "version: 1\nname: t\nlaunches:\n  - id: L\n    site: 28.5619N 80.5772W\n"
        "    time: 2024-01-01T00:00:00Z\n    vehicle: Falcon 9\n    azimuth_deg: 43\n" + extra
    )
    (launch,) = parse_scenario_text(text).launches
    return trajectory_for_launch(launch)


def test_a_published_drop_zone_is_used_and_a_far_one_is_warned_about() -> None:
    near = (
        "    stages:\n      - name: fairing\n        drop_zone: [32.5N 76.5W, 32.5N 75.5W, "
        "33.5N 75.5W, 33.5N 76.5W]\n"
    )
    far = near.replace("32.5N", "30.0N").replace("33.5N", "30.5N")
    fairing = next(d for d in _flight(near).drops if d.name == "fairing")
    assert fairing.offset_km == 0.0
    traj = _flight(far)
    fairing = next(d for d in traj.drops if d.name == "fairing")
    assert fairing.offset_km is not None and fairing.offset_km > 100.0
    assert any("outside the published drop zone" in w for w in traj.warnings)


def test_no_fairing_and_an_expended_stage_are_field_overrides() -> None:
    traj = _flight(
        "    stages:\n      - {name: fairing, fate: none}\n      - {name: stage 1, fate: drop}\n"
    )
    assert [(d.name, d.fate) for d in traj.drops] == [("stage 1", "drop")]
    later = _flight("    stages:\n      - {name: fairing, separation: 3 min 30 s}\n")
    assert next(d for d in later.drops if d.name == "fairing").separation_t_s == 210.0
    by_distance = _flight("    stages:\n      - {name: fairing, downrange: 150 km}\n")
    fairing = next(d for d in by_distance.drops if d.name == "fairing")
    assert distance_m(*SLC40, fairing.separation_lat, fairing.separation_lon) == pytest.approx(
        150_000.0, rel=0.02
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    stages:\n      - {name: booster 3, fate: drop}\n", "no part 'booster 3'"),
        ("    stages:\n      - {name: fairing, downrange: 5000 km}\n", "beyond the Falcon 9"),
        ("    failure: {altitude: 900 km}\n", "never reaches a breakup height of 900 km"),
        ("    failure: {time: 20 min}\n", "outside the flight"),
    ],
)
def test_launcher_input_problems_are_trajectory_errors(extra: str, message: str) -> None:
    with pytest.raises(TrajectoryError, match=message):
        _flight(extra)


def test_a_return_needs_its_published_time() -> None:
    preset = PRESETS["Falcon 9"]
    part = preset.parts[0]
    from dataclasses import replace

    returning = preset.with_parts((replace(part, fate="return", landing_time_s=None),))
    with pytest.raises(TrajectoryError, match="give its published landing time"):
        fly_launcher(_place(SLC40), returning, GroundTrack(SLC40, 43.0))
    assert PartPlan().tolerance_km == 100.0


def test_a_launcher_problem_in_a_scenario_is_located_at_its_launch() -> None:
    text = (
        "version: 1\nname: t\nlaunches:\n  - id: L\n    site: 28.5619N 80.5772W\n"
        "    time: 2024-01-01T00:00:00Z\n    vehicle: Falcon 9\n    azimuth_deg: 43\n"
        "    stages:\n      - {name: booster 3, fate: drop}\n"
    )
    with pytest.raises(ScenarioError) as raised:
        build(parse_scenario_text(text, "plan.yaml"))
    (problem,) = raised.value.problems
    assert str(problem).startswith("plan.yaml:4: launches[0]: Falcon 9 has no part 'booster 3'")


def test_a_published_breakup_state_far_from_the_plan_is_warned_about(tmp_path: Path) -> None:
    """Starship IFT-1, 20 Apr 2023: the stack never separated and was terminated at T+3:59 at
    about 29 km (SpaceX gave 39 km at most), 550 m/s.  The plan is 133 km high and 175 km out
    then, farther than 550 m/s for 239 s can reach (131 km): the placement is off the plan."""
    scenario = tmp_path / "ift1.yaml"
    scenario.write_text(
        "version: 1\nname: ift1\nlaunches:\n  - id: IFT-1\n    site: Starbase\n"
        "    time: 2023-04-20T13:33:09Z\n    vehicle: Starship\n    azimuth_deg: 96\n"
        "    stages:\n      - name: Super Heavy\n        fate: none\n    failure:\n"
        "      time: 3 min 59 s\n      altitude: 29 km\n      speed_m_s: 550\n"
    )
    assert_only_a_warning(
        scenario,
        f"{scenario}:4: launches[0]: warning: breakup at 239 s: the planned ascent is 133 km "
        "high, the published state 29 km; the planned track is 175 km downrange, farther than "
        "550 m/s for 239 s can reach (131 km)",
    )
