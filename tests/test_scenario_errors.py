"""Malformed scenario files: one located line each, exit status 2, no traceback, no output."""

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airspace.cli import app

BAD = Path(__file__).parent / "data" / "bad"

# file -> (line, field path, text the message must contain)
EXPECTED = {
    "ambiguous-fix.yaml": (7, "closures[0].circle.centre", "place 'ANDOL' is ambiguous: 2"),
    "ambiguous-place.yaml": (18, "flows[0].destination", "place 'Portland' is ambiguous"),
    "bad-region.yaml": (5, "region", "unknown country code 'XQ' in region"),
    "bad-duration.yaml": (21, "output.lead_time", "cannot read '20 minutes ago' as a duration"),
    "bad-route.yaml": (12, "closures[0].route", "expected a route designator such as 'B467'"),
    "distance-no-unit.yaml": (10, "launches[0].apogee", "number 90 has no unit"),
    "distance-unit.yaml": (10, "launches[0].apogee", "cannot read '90 parsecs' as a distance"),
    "duplicate-id.yaml": (10, "closures", "duplicate id 'C1'"),
    "impact-before-launch.yaml": (10, "launches[0].impact_time", "is not after the launch time"),
    "invalid.json": (5, "", "invalid JSON"),
    "latitude-range.yaml": (9, "launches[0].impact", "coordinates out of range"),
    "level-typo.yaml": (13, "closures[0].lower", "cannot read 'FL35O' as a vertical level"),
    "malformed-relative.yaml": (9, "launches[0].impact", "unknown direction 'eastish'"),
    "missing-end.yaml": (11, "closures[0]", "give 'start' and 'end'"),
    "notam-bad-q.yaml": (12, "closures[0].notam", "cannot read the NOTAM: item Q)"),
    "notam-no-area.yaml": (12, "closures[0].notam", "item E) has no area"),
    "naive-time.yaml": (8, "launches[0].time", "has no UTC offset"),
    "negative-flights.yaml": (19, "flows[0].flights_per_day", "expected a number greater than 0"),
    "not-a-mapping.yaml": (2, "", "expected a mapping"),
    "pair-range.yaml": (7, "launches[0].site", "[39.1, 200.0] is out of range"),
    "two-areas.yaml": (11, "closures[0]", "give exactly one of 'route', 'polygon'"),
    "unknown-field.yaml": (
        10,
        "launches[0].apoge",
        "unknown field 'apoge' (did you mean 'apogee'?)",
    ),
    "unknown-place.yaml": (7, "launches[0].site", "unknown place 'Wonsn'; did you mean 'Wonsan'"),
    "unknown-top-field.yaml": (15, "flow", "unknown field 'flow' (did you mean 'flows'?)"),
    "unknown-vehicle.yaml": (10, "launches[0].vehicle", "got 'SLBM2'"),
    "launcher-with-impact.yaml": (6, "launches[0]", "'impact' cannot be given"),
    "ballistic-with-stages.yaml": (6, "launches[0]", "'stages' need a launcher preset"),
    "stage-landing-and-drop.yaml": (12, "launches[0].stages[0]", "'landing' is for fate"),
    "unknown-zone.yaml": (4, "timezone", "unknown time zone 'Asia/Seul'"),
    "upper-below-lower.yaml": (14, "closures[0].upper", "upper limit FL200 is not above"),
    "window-reversed.yaml": (10, "launches[0].window.end", "is not after start"),
    "yaml-syntax.yaml": (9, "", "invalid YAML"),
}

runner = CliRunner()


def test_corpus_is_complete() -> None:
    assert {p.name for p in BAD.iterdir()} == set(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("command", ["validate", "run"])
def test_each_error_is_one_located_line(name: str, command: str, tmp_path: Path) -> None:
    line, path, text = EXPECTED[name]
    outdir = tmp_path / "out"
    result = runner.invoke(
        app,
        [command, str(BAD / name), "-o", str(outdir)]
        if command == "run"
        else [command, str(BAD / name)],
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    prefix = f"{BAD / name}:{line}: " + (f"{path}: " if path else "")
    assert lines[0].startswith(prefix), lines[0]
    assert text in lines[0]
    assert "Traceback" not in result.output
    assert not outdir.exists()


def test_one_bad_file_stops_a_run_before_any_output(tmp_path: Path) -> None:
    good = Path(__file__).parents[1] / "scenarios" / "2022-11-02-sokcho.yaml"
    result = runner.invoke(
        app, ["run", str(good), str(BAD / "naive-time.yaml"), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "o").exists()


def test_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.yaml'}: file not found"


def test_console_script_has_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "airspace", "validate", str(BAD / "unknown-field.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
