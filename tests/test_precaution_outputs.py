"""The posture in every output: the CLI at 80 columns, the report, closures.geojson,
advisory.json, affected.csv, the map data and the map; the scenario fields in the schema; every
size settable in the scenario."""

import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import airspace
from airspace.advisory import Advisory
from airspace.cli import app
from airspace.hazard.threats import (
    DEFAULT_HEADING_UNCERTAINTY_DEG,
    DEFAULT_SALVO_SPREAD_DEG,
)
from airspace.maps import style
from airspace.render import MapView
from airspace.scenario import Scenario

ROOT = Path(__file__).parents[1]
WORKED = ROOT / "scenarios" / "2022-11-02-precaution.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def worked() -> Advisory:
    return airspace.run(WORKED)


@pytest.fixture(scope="module")
def written(worked: Advisory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return worked.save(tmp_path_factory.mktemp("precaution") / "out")


def test_cli_prints_the_recommendation_in_80_columns(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(WORKED), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = result.stdout
    lines = text.splitlines()
    paths = ("3 NOTAMs; outputs written to", "map: ")  # the temporary folder's long name
    assert max(len(line) for line in lines if not line.startswith(paths)) <= 80
    start = lines.index(next(line for line in lines if "Recommended closures in RKRR" in line))
    table = lines[start : start + 14]
    for stretch in ("L512 TENAS-ANDOL", "B467 KAE-KANSU", "G597 KAE-LANAT"):
        row = next(line for line in table if stretch in line)  # a whole cell, never cut
        assert "SFC-UNL" in row and "01 2351-02 2351Z" in row
    assert "Flows under the recommended closures" in text
    assert "What the observed impacts change" in text and "L512 TENAS-ANDOL: dropped" in text
    assert "assumptions: heading uncertainty ±11.25° (default)" in text
    assert "Airways closed\n  none" in text  # nothing declared: the decided picture is empty


def test_report_has_the_posture_section(written: Path) -> None:
    report = (written / "report.md").read_text(encoding="utf-8")
    assert "## Posture RKRR: 8 stretches recommended, before the impact is known" in report
    assert "| 1 | L512 TENAS-ANDOL | 100% | 68 | SFC-UNL | 01 2351-02 2351Z |" in report
    closed = report.split("## Airways closed")[1].split("##")[0]
    assert closed.strip() == "- none"  # recommended stretches are not shown as closed
    assert "### Declared and recommended, side by side" in report
    assert "### Flows under the recommended closures" in report
    assert "### What the observed impacts change" in report
    assert "- L512 TENAS-ANDOL: dropped" in report
    assert "the threat corridor covers 90% of the stretch (197 of 218 NM in RKRR)" in report


def test_closures_geojson_holds_the_recommended_stretches(written: Path, worked: Advisory) -> None:
    features = json.loads((written / "closures.geojson").read_text())["features"]
    kinds = [f["properties"]["kind"] for f in features]
    assert kinds[:3] == ["impact", "ascent", "descent"]
    recommended = [f for f in features if f["properties"]["kind"] == "recommended"]
    applied = worked.recommendations[worked.recommendations["applied"].astype(bool)]
    assert {f["properties"]["id"] for f in recommended} == set(applied["id"])
    for feature in recommended:
        props = feature["properties"]
        assert props["fir"] == "RKRR" and props["notam"] is None
        assert props["start"] == "2022-11-01T23:51:00+00:00"
        assert props["end"] == "2022-11-02T23:51:00+00:00"
        assert feature["geometry"]["type"] in ("LineString", "MultiLineString")
        assert props["reason"].startswith("reachable by SRBM-0851")


def test_advisory_json_and_affected_csv(written: Path, worked: Advisory) -> None:
    data = json.loads((written / "advisory.json").read_text())
    assert [r["id"] for r in data["recommendations"]] == list(worked.recommendations["id"])
    assert {r["stage"] for r in data["threats"]} == {"launch", "impact"}
    assert {r["status"] for r in data["narrowing"]} == {"kept", "shortened", "dropped"}
    assert sum(r["flights_affected_per_day"] for r in data["recommended_flows"]) == 33
    assert {r["kind"] for r in data["affected_routes"]} == {"recommended"}
    with (written / "affected.csv").open() as f:
        kinds = {row["kind"] for row in csv.DictReader(f)}
    assert kinds == {"recommended"}


def test_map_data_carries_the_kinds_and_the_map_draws_them(worked: Advisory, written: Path) -> None:
    view = MapView.of(worked)
    assert "precaution" in set(view.closures["kind"])  # the threat corridors
    assert set(view.affected_segments["kind"]) == {"recommended"}
    assert "recommended-reroute" in set(view.flows["kind"])
    page = (written / "map.html").read_text(encoding="utf-8")
    assert "Recommended closures" in page and style.REDDISH_PURPLE in page
    assert "Threat corridors (precautionary)" in page
    assert "Flows: reroutes round the recommended closures" in page


def test_map_of_declared_beside_recommended_styles_them_apart() -> None:
    from airspace.maps import layers

    text = (ROOT / "scenarios" / "2022-11-02-sokcho.yaml").read_text()
    advisory = airspace.run(airspace.parse_scenario_text(text + "\nposture:\n  fir: RKRR\n"))
    view = MapView.of(advisory)
    specs = {s.name: s for s in layers.closed_airways(view.affected_segments, "UTC", {})}
    assert set(specs) == {"Closed airways", "Recommended closures"}
    assert specs["Recommended closures"].swatch != specs["Closed airways"].swatch
    assert "stretches recommended in RKRR" in repr(advisory)
    assert "2 airways closed" in repr(advisory)  # the declared ones only


def test_schema_documents_the_posture_fields() -> None:
    schema = Scenario.model_json_schema(mode="validation")
    assert "posture" in schema["properties"]
    assert "precaution" in schema["$defs"]["Launch"]["properties"]
    for name in ("Posture", "Precaution", "LaunchActivity"):
        model = schema["$defs"][name]
        assert model["additionalProperties"] is False
        for field, spec in model["properties"].items():
            assert spec.get("description"), (name, field)


SIZES = """
posture:
  fir: RKRR
  salvo_spread_deg: 4
  range_ratio: 1.5
  duration: 12 h
  lower: FL200
  upper: FL600
"""


def test_every_size_can_be_set_in_the_scenario() -> None:
    text = WORKED.read_text().split("\nposture:\n")[0]
    text = text.replace(
        "heading_deg: 120  #",
        "heading_deg: 120\n      heading_uncertainty_deg: 6\n      min_range: 50 km\n"
        "      max_range: 600 km  #",
    )
    advisory = airspace.run(airspace.parse_scenario_text(text + SIZES))
    before, after = advisory.computed.threats
    assert before.arcs[0].width_deg == pytest.approx(2 * (6 + 4))
    assert (before.min_range_km, before.max_range_km) == (50.0, 600.0)
    assert after.max_range_km == pytest.approx(188.1 * 1.5, abs=1)  # the range ratio
    assert after.arcs[0].width_deg == pytest.approx(8.0)  # the salvo spread
    assert before.limits.end - before.limits.start == timedelta(hours=12)
    assert (str(before.limits.lower), str(before.limits.upper)) == ("FL200", "FL600")
    assert "(default)" not in before.assumptions
    rows = advisory.recommendations
    assert set(rows["lower"]) == {"FL200"} and set(rows["upper"]) == {"FL600"}
    recommended = advisory.affected_segments.query("kind == 'recommended'")
    assert (recommended["lower_ft"] >= 20_000).all() and (recommended["upper_ft"] <= 60_000).all()
    assert DEFAULT_HEADING_UNCERTAINTY_DEG != 6 and DEFAULT_SALVO_SPREAD_DEG != 4


def test_a_salvo_window_holds_the_posture_until_a_day_after_the_last_launch() -> None:
    text = WORKED.read_text().replace(
        "    time: 2022-11-02T08:51:00+09:00\n",
        "    window:\n      start: 2022-11-02T08:51:00+09:00\n"
        "      end: 2022-11-02T09:30:00+09:00\n    count: 3\n",
    )
    advisory = airspace.run(airspace.parse_scenario_text(text))
    threat = advisory.computed.threats[0]
    assert threat.limits.end.isoformat() == "2022-11-03T00:30:00+00:00"
    assert "salvo of 3" in threat.volume.reason


DOC = ROOT / "docs" / "precaution.md"


def test_the_documented_scenario_fields_validate() -> None:
    block = DOC.read_text(encoding="utf-8").split("```yaml\n")[1].split("```")[0]
    scenario = airspace.parse_scenario_text(f"name: docs\n{block}", "docs/precaution.md")
    assert scenario.posture is not None and scenario.posture.fir == "RKRR"
    assert scenario.launches[0].precaution is not None
    assert scenario.posture.activities[0].heading_window_deg == (100.0, 140.0)


def test_the_documented_worked_example_is_what_the_run_gives(worked: Advisory) -> None:
    text = DOC.read_text(encoding="utf-8").split("## The worked example")[1].split("## ")[0]
    rows = [line.split("|")[1:3] for line in text.splitlines() if line.startswith("| ")]
    documented = [(name.strip(), cover.strip()) for name, cover in rows[1:]]
    applied = worked.recommendations[worked.recommendations["applied"].astype(bool)]
    assert documented == [
        (f"{r.route} {r.from_fix}-{r.to_fix}", f"{r.covered:.0%}".replace("%", " %"))
        for r in applied.itertuples()
    ]
    rec = worked.computed.recommendation
    assert rec is not None
    before, after = round(rec.area_km2("launch"), -4), round(rec.area_km2("impact"), -3)
    assert f"about {before:,.0f} to {after:,.0f} km^2" in " ".join(text.split())
