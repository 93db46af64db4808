"""Airspace pieces below the ceiling, overflights of land and places."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from airspace import load_scenario
from airspace.geo import distance_m
from airspace.trajectory import Trajectory, on_land, trajectory_for_launch

FL600_M = 60_000 * 0.3048
# Oshima peninsula, south-west Hokkaido (bounding box, degrees)
OSHIMA = {"lat": (41.3, 42.6), "lon": (139.8, 141.2)}

# 2017-08-29 impact: 1,180 km from Cape Erimo (published "east"), on the bearing whose
# modelled track crosses Cape Erimo as published (scenarios/2017-08-29-hokkaido-overflight.yaml)
ERIMO_1180 = "1180 km 087° from Cape Erimo"


@pytest.fixture(scope="module")
def hokkaido() -> Trajectory:
    return Trajectory.ballistic(
        "Sunan airport",
        ERIMO_1180,
        apogee_km=550,
        vehicle="IRBM",
        launch_time=datetime(2017, 8, 28, 20, 57, tzinfo=UTC),
    )


def test_land_mask_knows_land_from_sea() -> None:
    lat = np.array([43.0, 40.0, 37.5011, 41.8, 35.0])
    lon = np.array([142.5, 132.0, 130.8564, 140.4, 160.0])
    assert on_land(lat, lon).tolist() == [True, False, True, True, False]


def test_2017_08_29_passes_over_oshima_peninsula_as_an_overflight(hokkaido: Trajectory) -> None:
    over_japan = [
        o for o in hokkaido.overflights(distance_km=30) if o.kind == "land" and o.country == "JP"
    ]
    oshima = [
        o
        for o in over_japan
        if o.over
        and OSHIMA["lat"][0] <= o.lat <= OSHIMA["lat"][1]
        and OSHIMA["lon"][0] <= o.lon <= OSHIMA["lon"][1]
    ]
    assert oshima, f"no overflight of the Oshima peninsula in {[o.describe() for o in over_japan]}"
    assert max(o.end_t_s - o.start_t_s for o in oshima) >= 5.0  # a real crossing, not a tip
    erimo = [o for o in hokkaido.overflights(distance_km=30) if o.name == "Cape Erimo"]
    assert erimo and erimo[0].distance_km < 10.0 and erimo[0].alt_m > 100_000.0
    for o in over_japan:
        assert o.min_alt_m > 100_000.0
        assert o.is_overflight and not o.below_ceiling
        assert o.time is not None and o.time.tzinfo is not None
    assert "over land near" in oshima[0].describe()


def test_2017_08_29_is_below_fl600_only_near_launch_and_impact(hokkaido: Trajectory) -> None:
    pieces = hokkaido.below()  # FL600 by default
    assert [p.phase for p in pieces] == ["ascent", "descent"]
    ascent, descent = pieces
    assert ascent.entry_t_s == 0.0 and descent.exit_t_s == pytest.approx(hokkaido.flight_time_s)
    assert 0.0 < ascent.exit_t_s < hokkaido.burnout_time_s < descent.entry_t_s
    for piece, (lat, lon) in (
        (ascent, (hokkaido.launch.lat, hokkaido.launch.lon)),
        (descent, (hokkaido.impact.lat, hokkaido.impact.lon)),
    ):
        far_km = max(
            distance_m(lat, lon, a, b) / 1000.0
            for a, b in zip(piece.track["lat"], piece.track["lon"], strict=True)
        )
        assert far_km < 100.0
        assert piece.track["alt_m"].max() == pytest.approx(FL600_M, abs=1.0)
        assert piece.entry_time is not None and piece.exit_time is not None
        assert piece.exit_time > piece.entry_time
    # the ceiling is configurable: a higher ceiling gives longer pieces
    high = hokkaido.below(ceiling_ft=100_000)
    assert high[0].exit_t_s > ascent.exit_t_s and high[1].entry_t_s < descent.entry_t_s


def test_launch_area_is_land_below_the_ceiling(hokkaido: Trajectory) -> None:
    first = hokkaido.overflights(distance_km=10)[0]
    assert first.closest_t_s == 0.0 and first.below_ceiling and not first.is_overflight


def test_places_in_line_with_the_flight_are_reported() -> None:
    # 2 Nov 2022: the missile fell 57 km east of Sokcho; a shot aimed past Ulleungdo flies
    # right over the island, which must be reported with its time and altitude.
    traj = Trajectory.ballistic(
        "Wonsan", "Ulleungdo", vehicle="SRBM", launch_time=datetime(2022, 11, 1, 23, 51, tzinfo=UTC)
    )
    names = {o.name: o for o in traj.overflights(distance_km=20) if o.kind == "place"}
    assert "Ulleungdo" in names or "Ulleung-eup" in names
    island = names.get("Ulleungdo") or names["Ulleung-eup"]
    assert island.distance_km < 10.0 and island.over
    assert island.time is not None and island.alt_m < FL600_M  # falling onto it: a closure
    assert island.below_ceiling


def test_whole_flight_below_a_high_ceiling_is_one_piece() -> None:
    traj = Trajectory.ballistic("Wonsan", "57 km east of Sokcho", vehicle="SRBM")
    pieces = traj.below(ceiling_ft=400_000)
    assert [p.phase for p in pieces] == ["whole flight"]
    assert pieces[0].exit_t_s == pytest.approx(traj.flight_time_s)


def test_island_in_line_with_the_2022_11_02_flight_is_alerted() -> None:
    # The SRBM fell 57 km east of Sokcho, 167 km north-west of Ulleungdo (published), and an
    # air-raid siren sounded on the island: it lies in line with the flight, past the impact.
    traj = Trajectory.ballistic("Wonsan", "57 km east of Sokcho", vehicle="SRBM")
    assert not [o for o in traj.overflights(distance_km=30) if "Ulleung" in o.name]
    ahead = [o for o in traj.overflights(distance_km=30, beyond_km=200) if "Ulleung" in o.name]
    assert ahead
    assert 140.0 < ahead[0].beyond_impact_km < 200.0
    assert "in line with the flight" in ahead[0].describe()


def test_2022_10_04_scenario_flies_over_aomori_as_an_overflight() -> None:
    path = Path(__file__).resolve().parent.parent / "scenarios/2022-10-04-aomori-overflight.yaml"
    (launch,) = load_scenario(path).launches
    traj = trajectory_for_launch(launch)
    # Aomori Prefecture, northern Honshu (bounding box, degrees)
    aomori = [
        o
        for o in traj.overflights(distance_km=20)
        if o.kind == "land" and o.over and 40.2 <= o.lat <= 41.6 and 139.8 <= o.lon <= 141.7
    ]
    assert aomori and all(o.country == "JP" and o.is_overflight for o in aomori)
    assert min(o.min_alt_m for o in aomori) > 500_000.0
    assert [p.phase for p in traj.below()] == ["ascent", "descent"]
