"""Validation against published flights (DESIGN.md section 3), the public API and its errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from airspace import load_scenario
from airspace.geo import inverse
from airspace.places import resolve_place
from airspace.trajectory import (
    VEHICLES,
    InfeasibleTrajectoryError,
    Trajectory,
    TrajectoryError,
    trajectory_for_launch,
)

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

# 2017-08-29 impact: 1,180 km from Cape Erimo (published "east"), on the bearing whose
# modelled track crosses Cape Erimo as published (scenarios/2017-08-29-hokkaido-overflight.yaml)
ERIMO_1180 = "1180 km 087° from Cape Erimo"


def _aomori_azimuth() -> float:
    site, aomori = resolve_place("Kanggye"), resolve_place("Aomori")
    return inverse(site.lat, site.lon, aomori.lat, aomori.lon)[1]


@dataclass(frozen=True)
class Published:
    """A published flight: launch, impact (place text, or azimuth and range), apogee, time."""

    label: str
    launch: str
    impact: str | None
    azimuth_deg: float | None
    range_km: float | None
    apogee_km: float
    vehicle: str
    minutes: float

    def model(self) -> Trajectory:
        if self.impact is not None:
            return Trajectory.ballistic(
                self.launch, self.impact, apogee_km=self.apogee_km, vehicle=self.vehicle
            )
        return Trajectory.ballistic(
            self.launch,
            azimuth_deg=_aomori_azimuth() if self.azimuth_deg is None else self.azimuth_deg,
            range_km=self.range_km,
            apogee_km=self.apogee_km,
            vehicle=self.vehicle,
        )


# DESIGN.md section 3.  Impacts of the 2017-11-29 and 2023-07-12 lofted flights are given by
# their published range on an eastward azimuth into the Sea of Japan; the 2022-10-04 flight
# runs from Jagang province (Kanggye) over Aomori.
PUBLISHED = [
    Published("2017-08-29 Hwasong-12", "Sunan airport", ERIMO_1180, None, None,
              550.0, "IRBM", 14.0),
    Published("2017-11-29 Hwasong-15", "Sunan airport", None, 95.0, 950.0, 4_475.0, "ICBM", 53.0),
    Published("2022-10-04 IRBM", "Kanggye", None, None, 4_500.0, 970.0, "IRBM", 21.0),
    Published("2023-07-12 Hwasong-18", "Sunan airport", None, 85.0, 1_001.0, 6_648.0, "ICBM",
              74.0),
]  # fmt: skip


@pytest.mark.parametrize("case", PUBLISHED, ids=[c.label for c in PUBLISHED])
def test_published_flight_times_within_6_percent(case: Published) -> None:
    traj = case.model()
    assert abs(traj.flight_time_s / (case.minutes * 60.0) - 1.0) < 0.06
    assert traj.apogee_km == pytest.approx(case.apogee_km, rel=1e-3)
    assert traj.samples["alt_m"].max() / 1000.0 == pytest.approx(case.apogee_km, rel=2e-3)


def test_2017_08_29_range_and_impact_match_the_published_figures() -> None:
    traj = PUBLISHED[0].model()
    assert traj.range_km == pytest.approx(2_700.0, rel=0.03)
    erimo = resolve_place("Cape Erimo")
    assert inverse(erimo.lat, erimo.lon, traj.impact.lat, traj.impact.lon)[0] == pytest.approx(
        1_180_000.0, rel=1e-6
    )


def test_samples_are_4d_with_utc_times() -> None:
    launch = datetime(2017, 8, 29, 5, 57, tzinfo=timezone(timedelta(hours=9)))
    traj = Trajectory.ballistic("Sunan airport", ERIMO_1180, apogee_km=550, launch_time=launch)
    s = traj.samples
    assert list(s.columns[:5]) == ["t_s", "time", "lat", "lon", "alt_m"]
    assert str(s["time"].dt.tz) == "UTC"
    assert s["time"].iloc[0] == pd.Timestamp("2017-08-28T20:57:00Z")
    assert (s["t_s"].diff().dropna() <= 1.0 + 1e-9).all()
    assert s["alt_m"].iloc[0] == pytest.approx(0.0, abs=1e-3)
    assert s["alt_m"].iloc[-1] == 0.0
    assert traj.impact_time == launch.astimezone(UTC) + traj.flight_time
    assert isinstance(traj.flight_time, timedelta)
    assert 0.0 <= traj.launch_azimuth_deg < 360.0
    no_time = Trajectory.ballistic((39.0, 127.0), (39.0, 129.0), vehicle="SRBM")
    assert no_time.samples["time"].isna().all()


def test_impossible_requests_say_what_is_feasible() -> None:
    with pytest.raises(InfeasibleTrajectoryError, match=r"too low: feasible apogees .* to") as low:
        Trajectory.ballistic("Sunan airport", ERIMO_1180, apogee_km=60)
    assert isinstance(low.value, ValueError)
    with pytest.raises(InfeasibleTrajectoryError, match=r"too high"):
        Trajectory.ballistic("Sunan", azimuth_deg=90, range_km=300, apogee_km=3_000, vehicle="SRBM")
    with pytest.raises(InfeasibleTrajectoryError, match=r"beyond what an SRBM reaches"):
        Trajectory.ballistic("Sunan airport", azimuth_deg=90, range_km=2_500, vehicle="SRBM")
    with pytest.raises(InfeasibleTrajectoryError, match="feasible angles"):
        Trajectory.ballistic(
            "Sunan airport", azimuth_deg=90, range_km=900, vehicle="SRBM", flight_path_angle_deg=85
        )
    with pytest.raises(TrajectoryError, match="either impact or"):
        Trajectory.ballistic("Sunan airport", "Sokcho", azimuth_deg=90, range_km=100)
    with pytest.raises(TrajectoryError, match="at most one"):
        Trajectory.ballistic("Sunan airport", "Sokcho", apogee_km=100, profile="lofted")
    with pytest.raises(TrajectoryError, match="no UTC offset"):
        Trajectory.ballistic("Sunan airport", "Sokcho", launch_time=datetime(2022, 11, 2, 8, 51))


def test_vehicle_defaults_are_overridable_and_the_class_follows_the_range() -> None:
    base = Trajectory.ballistic("Wonsan", "57 km east of Sokcho")
    assert base.vehicle.name == "SRBM"
    slow = VEHICLES["SRBM"].with_overrides(burn_time_s=120.0)
    longer = Trajectory.ballistic("Wonsan", "57 km east of Sokcho", vehicle=slow)
    assert longer.burnout_time_s > base.burnout_time_s
    assert longer.flight_time_s > base.flight_time_s
    assert (
        Trajectory.ballistic("Sunan airport", azimuth_deg=90, range_km=8_000).vehicle.name == "ICBM"
    )


def test_multi_stage_vehicles_drop_stages_between_launch_and_impact() -> None:
    icbm = Trajectory.ballistic("Sunan airport", azimuth_deg=80, range_km=9_000, vehicle="ICBM")
    assert [d.name for d in icbm.drops] == ["stage 1"]
    slv = Trajectory.ballistic("Sohae", azimuth_deg=180, range_km=2_500, vehicle="SLV")
    assert [d.name for d in slv.drops] == ["stage 1", "fairing"]
    for traj in (icbm, slv):
        previous_km = 0.0
        for drop in traj.drops:
            assert 0.0 < drop.separation_t_s <= traj.burnout_time_s
            assert drop.impact_t_s > drop.separation_t_s
            assert drop.track["alt_m"].iloc[-1] == 0.0
            assert drop.track["alt_m"].iloc[0] == pytest.approx(drop.separation_alt_m)
            downrange = drop.downrange_km(traj.launch.lat, traj.launch.lon)
            assert previous_km < downrange < traj.range_km
            previous_km = downrange
    assert not Trajectory.ballistic("Wonsan", "57 km east of Sokcho").drops


@pytest.mark.parametrize(
    "name",
    [
        "2017-08-29-hokkaido-overflight.yaml",
        "2022-10-04-aomori-overflight.yaml",
        "2022-11-02-sokcho.yaml",
    ],
)
def test_scenario_launches_have_trajectories(name: str) -> None:
    scenario = load_scenario(SCENARIOS / name)
    for launch in scenario.launches:
        traj = trajectory_for_launch(launch)
        assert traj.launch_time == launch.earliest
        assert traj.flight_time > timedelta(minutes=2)
        if launch.apogee is not None:
            assert traj.apogee_km == pytest.approx(launch.apogee.km, rel=1e-3)
