"""A scenario's places: its region reaches every place field, and every resolved place is listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from airspace import cli
from airspace.places import resolve_place
from airspace.scenario import Scenario, ScenarioError, parse_scenario_text, resolved_places

KOREA = """\
version: 1
name: fix-centred closure
region: {region}
launches:
  - id: L1
    site: Sohae
    time: 2022-11-02T08:51:00+09:00
    impact: 57 km east of fix KAE
closures:
  - id: C1
    circle: {{centre: ANDOL, radius: 30 NM}}
    start: 2022-11-02T10:58:00+09:00
    end: 2022-11-03T11:05:00+09:00
  - id: C2
    polygon: [KAE, 37N 130E, "38.5, 130.5"]
    start: 2022-11-02T10:58:00+09:00
    end: 2022-11-03T11:05:00+09:00
"""


@pytest.mark.parametrize("region", ["KR", "KR KP", "Sokcho", "[38.2, 128.6]"])
def test_the_region_reaches_every_place_field(region: str) -> None:
    scenario = parse_scenario_text(KOREA.format(region=region))
    andol = scenario.closures[0].circle.centre  # type: ignore[union-attr]
    assert (andol.kind, andol.lonlat) == ("fix", resolve_place("fix ANDOL").lonlat)
    assert scenario.closures[1].polygon[0].lonlat == resolve_place("fix KAE").lonlat  # type: ignore[index]


def test_without_a_region_the_fix_names_are_ambiguous_at_their_lines() -> None:
    text = KOREA.format(region="KR").replace("region: KR\n", "")
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text, "k.yaml")
    lines = [str(p) for p in info.value.problems]
    assert lines[0].startswith("k.yaml:10: closures[0].circle.centre: place 'ANDOL' is ambiguous")
    assert lines[1].startswith("k.yaml:14: closures[1].polygon[0]: place 'KAE' is ambiguous")


def test_validation_context_overrides_the_region() -> None:
    data = yaml.safe_load(KOREA.format(region="US"))
    with pytest.raises(ValueError, match="ANDOL"):
        Scenario.model_validate(data)  # from the US, neither ANDOL is clearly nearer
    scenario = Scenario.model_validate(data, context={"region": "KR"})
    assert scenario.closures[0].circle.centre.kind == "fix"  # type: ignore[union-attr]


def test_region_round_trips_and_is_in_the_schema() -> None:
    scenario = parse_scenario_text(KOREA.format(region="KR KP"))
    assert json.loads(scenario.model_dump_json())["region"] == "KR KP"
    prop = Scenario.model_json_schema(mode="validation")["properties"]["region"]
    assert "country codes" in prop["description"]


def test_resolved_places_lists_every_place_with_path_kind_and_country() -> None:
    scenario = parse_scenario_text(KOREA.format(region="KR"), "k.yaml")
    listed = [(r.path, r.line, r.kind, r.country) for r in resolved_places(scenario)]
    assert listed == [
        ("launches[0].site", 6, "launch site", "KP"),
        ("launches[0].impact", 8, "relative", None),
        ("closures[0].circle.centre", 11, "fix", None),
        ("closures[1].polygon[0]", 15, "fix", "KR"),
        ("closures[1].polygon[1]", 15, "coordinates", None),
        ("closures[1].polygon[2]", 15, "coordinates", None),
    ]
    assert "chosen by region KR" in resolved_places(scenario)[2].place.description


def test_validate_prints_the_resolved_places(tmp_path: Path) -> None:
    file = tmp_path / "k.yaml"
    file.write_text(KOREA.format(region="KR"))
    result = CliRunner().invoke(cli.app, ["validate", str(file)])
    assert result.exit_code == 0, result.output
    assert "launches[0].site: Sohae Satellite Launching Station (launch site, KP)" in result.stdout
    assert (
        "closures[0].circle.centre: ANDOL (fix, no country); chosen by region KR" in result.stdout
    )
