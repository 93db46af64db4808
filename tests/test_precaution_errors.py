"""Bad posture and precaution fields: one located line each (``FILE:LINE: field: problem``), exit
status 2 from ``validate`` and ``run`` alike, and no output written."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from airspace.cli import app

BAD = Path(__file__).parent / "data" / "bad-posture"

# file -> (line, field path, text the message must contain)
EXPECTED = {
    "activity-id-clash.yaml": (13, "posture.activities[0].id", "id 'L1' is also a launch's id"),
    "activity-without-heading.yaml": (13, "posture.activities[0]", "give the heading"),
    "beyond-the-antipode.yaml": (12, "posture.max_range", "20000 km is beyond 19,000 km"),
    "corridor-without-width.yaml": (5, "launches[0].precaution", "the headings span 0 degrees"),
    "heading-window-too-wide.yaml": (10, "launches[0].precaution", "190 degrees wide clockwise"),
    "min-above-max.yaml": (10, "launches[0].precaution", "min_range 500 km is not below"),
    "min-beyond-envelope.yaml": (5, "launches[0].precaution", "not below max_range 1,000 km"),
    "precaution-without-posture.yaml": (
        10,
        "launches[0].precaution",
        "a 'precaution' needs a scenario 'posture'",
    ),
    "round-the-pole.yaml": (13, "posture.activities[0]", "round the North Pole"),
    "slv-without-range.yaml": (13, "posture.activities[0]", "no range envelope for SLV"),
    "two-headings.yaml": (10, "launches[0].precaution", "'heading_deg' or 'heading_window_deg'"),
    "unknown-basis.yaml": (12, "posture.basis", "expected 'launch' or 'impact', got 'later'"),
    "unknown-fir.yaml": (11, "posture.fir", "no FIR 'RKXX' in the FIR data"),
    "window-and-uncertainty.yaml": (10, "launches[0].precaution", "its own uncertainty"),
    "zero-duration.yaml": (12, "posture.duration", "duration of 0 h is not more than 0 h"),
}
runner = CliRunner()


def test_corpus_is_complete() -> None:
    assert {p.name for p in BAD.iterdir()} == {*EXPECTED, "unknown-posture-field.yaml"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("command", ["validate", "run"])
def test_each_error_is_one_located_line(name: str, command: str, tmp_path: Path) -> None:
    line, path, text = EXPECTED[name]
    outdir = tmp_path / "out"
    args = [command, str(BAD / name), *(["-o", str(outdir)] if command == "run" else [])]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{BAD / name}:{line}: {path}: "), lines[0]
    assert text in lines[0]
    assert not outdir.exists()


def test_an_unknown_posture_field_is_named_with_a_suggestion() -> None:
    result = runner.invoke(app, ["validate", str(BAD / "unknown-posture-field.yaml")])
    assert result.exit_code == 2
    assert (
        f"{BAD / 'unknown-posture-field.yaml'}:11: posture.firr: unknown field 'firr' (did "
        "you mean 'fir'?)" in result.stderr
    )
