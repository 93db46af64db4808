"""Scenario format v1: the bundled scenario, JSON input, the schema and round trips."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from airspace import ScenarioError, load_scenario
from airspace.scenario import Scenario, parse_scenario_text
from tests import vincenty

ROOT = Path(__file__).parents[1]
BUNDLED = ROOT / "scenarios" / "2022-11-02-sokcho.yaml"


def test_bundled_scenario_carries_the_published_closures() -> None:
    scenario = load_scenario(BUNDLED)
    assert scenario.timezone == "Asia/Seoul"
    assert {c.route for c in scenario.closures} == {"B467", "L512"}
    for closure in scenario.closures:
        # 10:58 KST 2 Nov to 11:05 KST 3 Nov, stored in UTC
        assert closure.start == datetime(2022, 11, 2, 1, 58, tzinfo=UTC)
        assert closure.end == datetime(2022, 11, 3, 2, 5, tzinfo=UTC)
        assert closure.lower.feet == 0 and closure.upper.feet is None
    launch = scenario.launches[0]
    assert launch.time == datetime(2022, 11, 1, 23, 51, tzinfo=UTC)
    assert launch.impact is not None
    expected = vincenty.direct(38.2070, 128.5918, 90.0, 57_000.0)
    assert vincenty.inverse_m(launch.impact.lat, launch.impact.lon, *expected) < 500
    assert vincenty.inverse_m(launch.site.lat, launch.site.lon, 39.1475, 127.4461) < 100
    assert sum(f.flights_per_day for f in scenario.flows) == 33  # published: 33 a day on L512
    assert {f.destination.name for f in scenario.flows} >= {"KLAX", "KSFO", "KSEA", "RJAA"}


def test_json_scenarios_are_accepted(tmp_path: Path) -> None:
    data = yaml.safe_load(BUNDLED.read_text())
    data = json.loads(json.dumps(data, default=str))
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data, indent=2))
    assert load_scenario(path).model_dump() == load_scenario(BUNDLED).model_dump()


MINIMAL = """
name: minimal
launches:
  - id: L1
    site: 39.1475N 127.4461E
    window: {start: "2022-11-02T08:00:00+09:00", end: "2022-11-02T09:00:00+09:00"}
    azimuth_deg: 100
    range: 300 km
    apogee: 90 km
    uncertainty: {along_track_sigma: 3 km, cross_track_sigma: 1 km}
closures:
  - id: poly
    polygon: ["381200N 1291400E", "381200N 1300000E", "375000N 1300000E"]
    lower: FL100
    upper: 45000 ft
    start: 2022-11-02T00:00:00Z
    end: 2022-11-02T06:00:00Z
  - id: circle
    circle: {centre: 57 km east of Sokcho, radius: 30 NM}
    start: 2022-11-02T00:00:00Z
    end: 2022-11-02T06:00:00Z
"""


def test_all_closure_forms_and_windows() -> None:
    scenario = parse_scenario_text(MINIMAL)
    launch = scenario.launches[0]
    assert launch.window is not None
    assert launch.earliest == datetime(2022, 11, 1, 23, 0, tzinfo=UTC)
    assert launch.range is not None and launch.range.km == 300
    poly, circle = scenario.closures
    assert poly.polygon is not None and len(poly.polygon) == 3
    assert poly.lower.flight_level == 100 and poly.upper.feet == 45_000
    assert circle.circle is not None and circle.circle.radius.nm == pytest.approx(30)
    assert scenario.timezone == "UTC"


def test_models_are_immutable() -> None:
    scenario = parse_scenario_text(MINIMAL)
    with pytest.raises(ValueError, match="frozen"):
        scenario.name = "changed"  # type: ignore[misc]


def test_schema_documents_every_section() -> None:
    schema = Scenario.model_json_schema(mode="validation")
    assert set(schema["properties"]) >= {
        "name",
        "description",
        "timezone",
        "launches",
        "closures",
        "flows",
        "output",
    }
    launch = schema["$defs"]["Launch"]["properties"]
    assert launch["apogee"]["anyOf"][0]["description"].startswith("Distance")
    assert schema["$defs"]["Launch"]["additionalProperties"] is False


def test_errors_collect_every_problem() -> None:
    text = MINIMAL.replace("apogee: 90 km", "apogee: 90").replace("lower: FL100", "lower: FL1OO")
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text, "x.yaml")
    paths = [p.path for p in info.value.problems]
    assert paths == ["launches[0].apogee", "closures[0].lower"]
    assert [p.line for p in info.value.problems] == [9, 14]


def test_vehicle_overrides_reach_the_trajectory() -> None:
    from airspace.trajectory import trajectory_for_launch

    text = BUNDLED.read_text()
    slow = text.replace(
        "    vehicle: SRBM\n", "    vehicle: SRBM\n    vehicle_overrides: {burn_time: 80 s}\n"
    )
    launch = parse_scenario_text(slow).launches[0]
    assert launch.vehicle_overrides is not None
    assert launch.vehicle_overrides.burn_time is not None
    assert launch.vehicle_overrides.burn_time.total_seconds() == 80
    default = trajectory_for_launch(load_scenario(BUNDLED).launches[0])
    overridden = trajectory_for_launch(launch)
    assert overridden.burnout_time_s > default.burnout_time_s  # a slower, longer burn
    assert overridden.flight_time_s > default.flight_time_s
