"""A corpus of hostile and edge-case scenario files (tests/data/hostile), each with its exact
outcome: exit 2 with the first problem's line, field path and message, or exit 0.  `validate`
and `run` agree on every file (validate passes only what run finishes), a failed run writes
nothing, and no case needs more than 1 GB or 60 s."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airspace.cli import app
from airspace.scenario import load_scenario
from tests.cli_checks import assert_only_a_warning

CORPUS = Path(__file__).parent / "data" / "hostile"
runner = CliRunner()

# file -> (exit status, line of the first problem, field path, start of its message)
EXPECTED = {
    "check-apogee-infeasible.yaml": (
        2,
        4,
        "launches[0]",
        "apogee 3,000 km is too high: feasible apogees for an SR",
    ),
    "check-avoid-fir-unknown.yaml": (
        2,
        3,
        "avoid_firs[0]",
        "no FIR 'QQQQ' in the FIR data (expected an ICAO FIR cod",
    ),
    "check-flow-avoid-fir-unknown.yaml": (
        2,
        8,
        "flows[0].avoid_firs[0]",
        "no FIR 'QQQQ' in the FIR data (expected an ICAO FIR cod",
    ),
    "check-flow-origin-avoided.yaml": (
        2,
        5,
        "flows[0]",
        "flow F1: origin RKSI (37.4691, 126.4510): every fix wit",
    ),
    "check-flow-remote-airport.yaml": (
        2,
        5,
        "flows[0].origin",
        "endpoint PMDY (28.2015, -177.3813) has no airway fix wi",
    ),
    "check-closure-id-of-a-hazard.yaml": (
        2,
        10,
        "closures[0].id",
        "id 'L1/impact' is also the id of a launch's hazard",
    ),
    "field-range-round-the-earth.yaml": (
        2,
        9,
        "launches[0].range",
        "range 40000 km is not between 0 and 20,000 km",
    ),
    "field-reason-too-long.yaml": (
        2,
        8,
        "closures[0].reason",
        "text longer than the limit of 1000 characters",
    ),
    "check-flow-same-place.yaml": (
        2,
        6,
        "flows[0].destination",
        "flow LOOP: destination RKSI (Incheon International Airport, KR) is 0.0 NM from the "
        "origin ICN",
    ),
    "check-flow-unknown-airport.yaml": (2, 6, "flows[0].destination", "unknown place 'ZZZZ'"),
    "check-flow-via-unknown.yaml": (2, 8, "flows[0].via[0]", "no fix 'QQQQQ' in the route network"),
    "check-polar-circle.yaml": (
        2,
        4,
        "closures[0]",
        "the circle comes within 0 km of the North Pole: hazards",
    ),
    "check-polar-impact.yaml": (
        2,
        4,
        "launches[0]",
        "the ascent corridor comes within 16 km of the North Pol",
    ),
    "check-range-beyond-class.yaml": (
        2,
        4,
        "launches[0]",
        "a 5,000 km range is beyond what an SRBM reaches (top bu",
    ),
    "check-route-fix-not-on-airway.yaml": (
        2,
        5,
        "closures[0].route",
        "C1: ANDOL is not on B467 (expected one of KAE-IGLUT-INT",
    ),
    "check-route-unknown.yaml": (
        2,
        5,
        "closures[0].route",
        "no airway 'Z999' in the route network",
    ),
    "check-too-many-flows.yaml": (2, 3, "flows", "501 items are over the limit of 500"),
    "check-too-many-launches.yaml": (2, 3, "launches", "1001 items are over the limit of 1000"),
    "field-apogee-and-profile.yaml": (
        2,
        4,
        "launches[0]",
        "give at most one of 'apogee', 'profile', 'flight_path_a",
    ),
    "field-apogee-parsecs.yaml": (
        2,
        9,
        "launches[0].apogee",
        "cannot read '90 parsecs' as a distance (expected a dist",
    ),
    "field-avoid-fir-pattern.yaml": (
        2,
        3,
        "avoid_firs[0]",
        "invalid value 'zkkp' (expected a four-letter ICAO FIR c",
    ),
    "field-azimuth-360.yaml": (
        2,
        8,
        "launches[0].azimuth_deg",
        "invalid value 360 (expected a number less than 360)",
    ),
    "field-azimuth-negative.yaml": (
        2,
        8,
        "launches[0].azimuth_deg",
        "invalid value -5 (expected a number greater than or equ",
    ),
    "field-buffer-negative.yaml": (
        2,
        4,
        "output.buffer",
        "distance '-10 km' is negative (expected a distance >= 0",
    ),
    "field-ceiling-typo.yaml": (
        2,
        4,
        "output.ceiling",
        "cannot read 'FL6OO' as a vertical level (expected a lev",
    ),
    "field-cep-and-sigmas.yaml": (
        2,
        9,
        "launches[0].uncertainty",
        "give either 'cep' or the two sigmas, not both",
    ),
    "field-circle-huge.yaml": (
        2,
        5,
        "closures[0].circle.radius",
        "radius 30000 km is not between 0 and 999 NM (expected a",
    ),
    "field-circle-no-radius.yaml": (2, 5, "closures[0].circle.radius", "required field is missing"),
    "field-circle-zero.yaml": (
        2,
        5,
        "closures[0].circle.radius",
        "radius 0 km is not between 0 and 999 NM (expected a pos",
    ),
    "field-closure-no-area.yaml": (
        2,
        4,
        "closures[0]",
        "give exactly one of 'route', 'polygon', 'circle'",
    ),
    "field-closure-no-end.yaml": (
        2,
        4,
        "closures[0]",
        "give 'start' and 'end' (only a pasted NOTAM carries its",
    ),
    "field-closure-reversed.yaml": (
        2,
        7,
        "closures[0].end",
        "end 2022-11-02T00:00:00+00:00 is not after start 2022-1",
    ),
    "field-closure-two-areas.yaml": (
        2,
        4,
        "closures[0]",
        "give exactly one of 'route', 'polygon', 'circle'",
    ),
    "field-containment-one.yaml": (
        2,
        9,
        "launches[0].uncertainty.containment",
        "invalid value 1.0 (expected a number less than 1)",
    ),
    "field-count-huge.yaml": (
        2,
        9,
        "launches[0].count",
        "invalid value 1000000 (expected a number less than or e",
    ),
    "field-count-zero.yaml": (
        2,
        9,
        "launches[0].count",
        "invalid value 0 (expected a number greater than or equa",
    ),
    "field-directory-absolute.yaml": (
        2,
        4,
        "output.directory",
        "'/etc/airspace' is absolute (expected a folder relative",
    ),
    "field-directory-dot.yaml": (
        2,
        4,
        "output.directory",
        "'.' leaves the scenario's folder (expected a sub-folder",
    ),
    "field-directory-escape.yaml": (
        2,
        4,
        "output.directory",
        "'../../somewhere' leaves the scenario's folder (expecte",
    ),
    "field-duplicate-flow-id.yaml": (
        2,
        3,
        "flows",
        "duplicate id 'F' of flows[1]: it repeats the id of flows[0] (expected unique ids)",
    ),
    "field-duplicate-launch-id.yaml": (
        2,
        3,
        "launches",
        "duplicate id 'L1' of launches[1]: it repeats the id of launches[0] (expected unique ids)",
    ),
    "field-lookalike-ids.yaml": (
        2,
        3,
        "closures",
        "duplicate id 'B467\\u200b' of closures[1]: it looks the same as 'B467', the id of "
        "closures[0] (expected unique ids)",
    ),
    "field-flow-aircraft-lowercase.yaml": (
        2,
        8,
        "flows[0].aircraft",
        "invalid value 'b77w' (expected an ICAO aircraft type su",
    ),
    "field-flow-cruise-sfc.yaml": (
        2,
        8,
        "flows[0].cruise",
        "cruise level SFC must be a flight level such as 'FL350'",
    ),
    "field-flow-too-many-flights.yaml": (
        2,
        7,
        "flows[0].flights_per_day",
        "invalid value 3000 (expected a number less than or equa",
    ),
    "field-flow-via-lowercase.yaml": (
        2,
        8,
        "flows[0].via[0]",
        "invalid value 'andol' (expected a fix or navaid name su",
    ),
    "field-flow-via-too-many.yaml": (2, 8, "flows[0].via", "21 items are over the limit of 20"),
    "field-flow-zero-flights.yaml": (
        2,
        7,
        "flows[0].flights_per_day",
        "invalid value 0 (expected a number greater than 0)",
    ),
    "field-id-empty.yaml": (2, 4, "launches[0].id", "empty text (expected at least 1 character)"),
    "field-id-too-long.yaml": (
        2,
        4,
        "launches[0].id",
        "text longer than the limit of 64 characters",
    ),
    "field-impact-and-azimuth.yaml": (
        2,
        4,
        "launches[0]",
        "give either 'impact' or 'azimuth_deg' + 'range', not bo",
    ),
    "field-impact-before-launch.yaml": (
        2,
        9,
        "launches[0].impact_time",
        "impact time 2022-11-01T23:00:00+00:00 is not after the ",
    ),
    "field-lead-garbage.yaml": (
        2,
        4,
        "output.lead_time",
        "cannot read '20 minutes ago' as a duration (expected a ",
    ),
    "field-level-negative.yaml": (
        2,
        8,
        "closures[0].lower",
        "level '-500 ft' is negative (expected a level such as '",
    ),
    "field-level-number.yaml": (
        2,
        8,
        "closures[0].upper",
        "number 35000 has no unit (expected a level such as 'FL3",
    ),
    "field-level-typo.yaml": (
        2,
        8,
        "closures[0].lower",
        "cannot read 'FL35O' as a vertical level (expected a lev",
    ),
    "field-missing-name.yaml": (2, 1, "name", "required field is missing"),
    "field-name-list.yaml": (2, 2, "name", "expected text, got a list"),
    "field-name-too-long.yaml": (2, 2, "name", "text longer than the limit of 200 characters"),
    "field-no-time.yaml": (2, 4, "launches[0]", "give exactly one of 'time' or 'window'"),
    "field-notam-end-before-start.yaml": (
        2,
        5,
        "closures[0].notam",
        "cannot read the NOTAM: item C): end 2211020000 is not a",
    ),
    "field-notam-garbage.yaml": (
        2,
        5,
        "closures[0].notam",
        "cannot read the NOTAM: item E): missing (expected 'E) <",
    ),
    "field-notam-huge.yaml": (
        2,
        5,
        "closures[0].notam",
        "NOTAM text of 21,115 characters is over the 20,000 limi",
    ),
    "field-notam-no-area.yaml": (
        2,
        5,
        "closures[0].notam",
        "the NOTAM's item E) has no area (expected a vertex list",
    ),
    "field-notam-perm.yaml": (
        2,
        4,
        "closures[0]",
        "the NOTAM is permanent (C) PERM): give 'end' for the cl",
    ),
    "field-polygon-bowtie.yaml": (
        2,
        5,
        "closures[0].polygon",
        "not a simple polygon: the edges cross near 37.5000, 130",
    ),
    "field-polygon-collinear.yaml": (
        2,
        5,
        "closures[0].polygon",
        "not a simple polygon: the edges cross near 37.5000, 130",
    ),
    "field-polygon-hemisphere.yaml": (
        2,
        5,
        "closures[0].polygon",
        "not a simple polygon: the vertices span 180 degrees of ",
    ),
    "field-polygon-repeated.yaml": (
        2,
        5,
        "closures[0].polygon",
        "not a simple polygon: 1 distinct vertices (expected at ",
    ),
    "field-polygon-too-many.yaml": (
        2,
        5,
        "closures[0].polygon",
        "2001 items are over the limit of 2000",
    ),
    "field-polygon-two-points.yaml": (2, 5, "closures[0].polygon", "2 items (expected at least 3)"),
    "field-profile-unknown.yaml": (
        2,
        9,
        "launches[0].profile",
        "expected 'minimum-energy', 'lofted' or 'depressed', got",
    ),
    "field-range-negative.yaml": (
        2,
        9,
        "launches[0].range",
        "distance '-200 km' is negative (expected a distance >= ",
    ),
    "field-range-no-azimuth.yaml": (
        2,
        4,
        "launches[0]",
        "give 'impact', or both 'azimuth_deg' and 'range'",
    ),
    "field-range-no-unit.yaml": (
        2,
        9,
        "launches[0].range",
        "number 200 has no unit (expected a distance with its un",
    ),
    "field-route-pattern.yaml": (
        2,
        5,
        "closures[0].route",
        "invalid value 'b467; rm -rf /' (expected a route design",
    ),
    "field-time-and-window.yaml": (2, 4, "launches[0]", "give exactly one of 'time' or 'window'"),
    "field-time-garbage.yaml": (
        2,
        6,
        "launches[0].time",
        "cannot read 'yesterday at noon' as a date-time (expecte",
    ),
    "field-time-naive.yaml": (
        2,
        6,
        "launches[0].time",
        "date-time 2022-11-02T00:00:00 has no UTC offset (expect",
    ),
    "field-timezone.yaml": (
        2,
        3,
        "timezone",
        "unknown time zone 'Asia/Seul' (expected an IANA name su",
    ),
    "field-unknown-top.yaml": (2, 3, "flow", "unknown field 'flow' (did you mean 'flows'?)"),
    "field-unknown.yaml": (
        2,
        9,
        "launches[0].apoge",
        "unknown field 'apoge' (did you mean 'apogee'?)",
    ),
    "field-upper-below-lower.yaml": (
        2,
        9,
        "closures[0].upper",
        "upper limit FL200 is not above lower limit FL300",
    ),
    "field-vehicle-unknown.yaml": (
        2,
        7,
        "launches[0].vehicle",
        "expected 'SRBM', 'MRBM', 'IRBM', 'ICBM', 'SLV', 'Falcon",
    ),
    "field-version-2.yaml": (2, 1, "version", "expected 1, got 2"),
    "field-window-reversed.yaml": (
        2,
        6,
        "launches[0].window.end",
        "end 2022-11-02T00:00:00+00:00 is not after start 2022-1",
    ),
    "field-year-0001.yaml": (
        2,
        6,
        "closures[0].start",
        "date-time 0001-01-01T00:00:00+00:00 is outside 2000-01-",
    ),
    "field-year-1999.yaml": (
        2,
        6,
        "closures[0].start",
        "date-time 1999-12-31T20:00:00+00:00 is outside 2000-01-",
    ),
    "field-year-9999.yaml": (
        2,
        6,
        "closures[0].start",
        "date-time 9999-12-31T20:00:00+00:00 is outside 2000-01-",
    ),
    "json-array.json": (2, 1, "", "expected a mapping with 'name', 'launches', 'closures',"),
    "json-invalid.json": (2, 2, "", "invalid JSON: Expecting value"),
    "ok-antimeridian-box.yaml": (0, None, "", ""),
    "ok-bearing-leading-zero.yaml": (0, None, "", ""),
    "ok-json-bom.json": (0, None, "", ""),
    "yaml-bool-for-number.yaml": (
        2,
        8,
        "launches[0].azimuth_deg",
        "expected a number, got text 'yes'",
    ),
    "yaml-hex-flights.yaml": (
        2,
        7,
        "flows[0].flights_per_day",
        "expected a number, got text '0x10'",
    ),
    "yaml-sexagesimal-lead-time.yaml": (
        2,
        4,
        "output.lead_time",
        "cannot read '1:30' as a duration",
    ),
    "yaml-unquoted-impossible-date.yaml": (
        2,
        7,
        "closures[0].end",
        "cannot read '2023-02-29T06:00:00Z' as a date-time",
    ),
    "yaml-number-as-text.yaml": (
        2,
        10,
        "launches[0].count",
        "expected a whole number, got text '2'",
    ),
    "json-huge-integer.json": (
        2,
        1,
        "flows[0].flights_per_day",
        "invalid value inf (expected a number less than or equal to 2000)",
    ),
    "notam-polar-circle.yaml": (
        2,
        5,
        "closures[0].notam",
        "cannot read the NOTAM: item E): circle 'WI 100NM OF 895000N0000000E' contains the North",
    ),
    "ok-antimeridian-circle.yaml": (0, None, "", ""),
    "ok-bidi-name.yaml": (0, None, "", ""),
    "ok-csv-formulas.yaml": (0, None, "", ""),
    "ok-destination-inside-closure.yaml": (0, None, "", ""),
    "ok-flow-between-cities.yaml": (0, None, "", ""),
    "ok-json.json": (0, None, "", ""),
    "ok-long-description.yaml": (0, None, "", ""),
    "ok-markdown-injection.yaml": (0, None, "", ""),
    "ok-name-only.yaml": (0, None, "", ""),
    "ok-salvo-100.yaml": (0, None, "", ""),
    "ok-script-everywhere.yaml": (0, None, "", ""),
    "ok-south-circle.yaml": (0, None, "", ""),
    "ok-terminal-escapes.yaml": (0, None, "", ""),
    "ok-unicode-ids.yaml": (0, None, "", ""),
    "ok-yaml-anchors.yaml": (0, None, "", ""),
    "place-ambiguous.yaml": (
        2,
        6,
        "flows[0].destination",
        "place 'Portland' is ambiguous: 3 places match (city Por",
    ),
    "place-direction.yaml": (
        2,
        8,
        "launches[0].impact",
        "unknown direction 'eastish' (expected a 16-point compas",
    ),
    "place-empty.yaml": (
        2,
        8,
        "launches[0].impact",
        "empty place (expected coordinates, a name or '57 km eas",
    ),
    "place-nested-deep.yaml": (
        2,
        8,
        "launches[0].impact",
        "relative positions nested more than 8 deep (limit; expe",
    ),
    "place-out-of-range.yaml": (
        2,
        8,
        "launches[0].impact",
        "coordinates out of range in '91N 129E' (expected latitu",
    ),
    "place-pair-range.yaml": (
        2,
        5,
        "launches[0].site",
        "[39.1, 200.0] is out of range (expected latitude -90..9",
    ),
    "place-pair-strings.yaml": (
        2,
        8,
        "launches[0].impact",
        "expected a place: coordinates ('38.205N 129.243E', '381",
    ),
    "place-too-long.yaml": (
        2,
        8,
        "launches[0].impact",
        "place text of 600 characters is over the 500-character ",
    ),
    "place-unknown.yaml": (
        2,
        5,
        "launches[0].site",
        "unknown place 'Wonsn'; did you mean 'Wonsan', 'Vincenne",
    ),
    "yaml-alias-bomb.yaml": (2, 1, "", "aliases expand the document beyond 200,000 nodes (limit"),
    "yaml-comments-only.yaml": (
        2,
        1,
        "",
        "expected a mapping with 'name', 'launches', 'closures',",
    ),
    "yaml-deep-block.yaml": (2, 35, "", "nesting deeper than 32 levels (limit; a scenario needs "),
    "yaml-deep-flow.yaml": (2, 3, "", "nesting deeper than 32 levels (limit; a scenario needs "),
    "yaml-duplicate-nested.yaml": (
        2,
        9,
        "",
        "duplicate key 'impact' (first on line 8; expected each ",
    ),
    "yaml-duplicate-top.yaml": (
        2,
        3,
        "",
        "duplicate key 'name' (first on line 2; expected each ke",
    ),
    "yaml-empty.yaml": (2, 1, "", "expected a mapping with 'name', 'launches', 'closures',"),
    "yaml-two-documents.yaml": (
        2,
        3,
        "",
        "invalid YAML: a second YAML document starts here (expected one scenario per file)",
    ),
    "yaml-list-document.yaml": (
        2,
        1,
        "",
        "expected a mapping with 'name', 'launches', 'closures',",
    ),
    "yaml-many-aliases.yaml": (2, 4, "", "more than 100 aliases (limit)"),
    "yaml-merge-key-override.yaml": (
        2,
        3,
        "base",
        "unknown field 'base' (expected one of: avoid_firs, clos",
    ),
    "yaml-not-utf8.yaml": (2, 1, "", "not UTF-8 text (invalid start byte at byte 6)"),
    "yaml-nul-byte.yaml": (2, 2, "", "character U+0000 is not allowed in YAML text (expected "),
    "yaml-python-tag.yaml": (2, 1, "", "invalid YAML: could not determine a constructor for the"),
    "yaml-scalar-document.yaml": (
        2,
        1,
        "",
        "expected a mapping with 'name', 'launches', 'closures',",
    ),
    "yaml-syntax.yaml": (2, 5, "", "invalid YAML: expected ',' or '}', but got '<stream end"),
    "yaml-tab-indent.yaml": (2, 4, "", "invalid YAML: found character '\\t' that cannot start an"),
}


def test_corpus_is_complete_and_large() -> None:
    assert {p.name for p in CORPUS.iterdir()} == set(EXPECTED)
    assert len(EXPECTED) >= 100
    assert sum(1 for v in EXPECTED.values() if v[0] == 0) >= 15


def _first_problem(stderr: str, file: Path) -> str:
    line = stderr.strip().splitlines()[0]
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return line.replace(f"{file}", "FILE", 1)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_gives_its_exact_outcome_in_validate_and_run(name: str, tmp_path: Path) -> None:
    status, line, path, message = EXPECTED[name]
    file = CORPUS / name
    checked = runner.invoke(app, ["validate", "-q", str(file)])
    out = tmp_path / "out"
    ran = runner.invoke(app, ["run", "-q", str(file), "-o", str(out)])
    assert (checked.exit_code, ran.exit_code) == (status, status), (checked.stderr, ran.stderr)
    if status == 0:  # validate ok -> run finishes and writes everything
        assert checked.stderr == ""
        assert {"advisory.json", "notams.txt", "report.md", "map.html"} <= {
            p.name for p in out.iterdir()
        }
        return
    where = "FILE" + (f":{line}" if line is not None else "")
    expected = f"{where}: {path}: {message}" if path else f"{where}: {message}"
    for result in (checked, ran):
        assert _first_problem(result.stderr, file).startswith(expected)
    assert not out.exists()  # nothing written
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("version: 1\nname: big\ndescription: " + "x" * 2_100_000 + "\n")
    result = runner.invoke(app, ["validate", str(big)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{big}: file of 2,100,0")
    assert "2,000,000-byte limit" in result.stderr


def _run(name: str, tmp_path: Path) -> tuple[Path, str]:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(CORPUS / name), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.stdout + result.stderr


def test_yaml_scalars_are_read_as_the_core_schema() -> None:
    # YAML 1.1 would read 045 as octal 37; aviation means 45 degrees
    scenario = load_scenario(CORPUS / "ok-bearing-leading-zero.yaml")
    assert scenario.launches[0].azimuth_deg == 45.0


def test_spreadsheet_formulas_in_ids_are_neutralised(tmp_path: Path) -> None:
    out, _ = _run("ok-csv-formulas.yaml", tmp_path)
    with (out / "affected.csv").open(newline="", encoding="utf-8") as handle:
        closures = {row["closure"] for row in csv.DictReader(handle)}
    assert closures == {'\'=HYPERLINK("http://x","y")', "'+cmd|' /C calc'!A0", "'@SUM(1+1)"}


def test_terminal_output_carries_no_control_sequences(tmp_path: Path) -> None:
    for name in ("ok-terminal-escapes.yaml", "ok-bidi-name.yaml"):
        _, printed = _run(name, tmp_path / name)
        assert "\x1b" not in printed and "\x07" not in printed and "\u202e" not in printed
        assert "clean ?]0;pwned?" in printed or "safe ?gnp.exe" in printed


def test_markdown_report_renders_scenario_text_as_text(tmp_path: Path) -> None:
    """Rendered with a CommonMark renderer, scenario text makes no link, image, emphasis,
    code, heading or list: it reads back as the text it was."""
    from markdown_it import MarkdownIt

    out, _ = _run("ok-markdown-injection.yaml", tmp_path)
    text = (out / "report.md").read_text().split("## NOTAMs")[0]  # NOTAMs sit in code blocks
    page = MarkdownIt("commonmark").enable("table").render(text)
    for tag in ("<a ", "<img", "<strong>", "<em>", "<code>", "<blockquote>", "<ol>"):
        assert tag not in page, tag
    assert "[click](javascript:alert(1)) ![x](http://evil/x.png) **bold** `code` | cell" in (
        page.replace("&quot;", '"')
    )
    assert page.count("<h1>") == 1 and "<h2># heading</h2>" not in page


def test_a_flow_that_ends_inside_a_closure_is_told_so(tmp_path: Path) -> None:
    out, _ = _run("ok-destination-inside-closure.yaml", tmp_path)
    (flow,) = json.loads((out / "advisory.json").read_text())["flows"]
    assert flow["affected"] and "destination RJAA lies inside closure C1" in flow["notes"]


def test_no_case_needs_more_than_1_gb_or_60_s() -> None:
    """Every file validated in one fresh process: peak memory and the slowest case."""
    code = (
        "import resource, sys, time\n"
        "from pathlib import Path\n"
        "from typer.testing import CliRunner\n"
        "from airspace.cli import app\n"
        "slowest = 0.0\n"
        "for f in sorted(Path(sys.argv[1]).iterdir()):\n"
        "    t = time.perf_counter()\n"
        "    CliRunner().invoke(app, ['validate', '-q', str(f)])\n"
        "    slowest = max(slowest, time.perf_counter() - t)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, slowest)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(CORPUS)], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr
    peak_kb, slowest_s = done.stdout.split()
    assert int(peak_kb) < 1024 * 1024  # ru_maxrss is in KiB on Linux
    assert float(slowest_s) < 60.0


def test_an_impact_time_days_after_the_modelled_flight_is_warned_about(tmp_path: Path) -> None:
    scenario = tmp_path / "late.yaml"
    scenario.write_text(
        "version: 1\nname: late\nlaunches:\n  - id: L1\n    site: Wonsan\n"
        "    time: 2022-11-02T08:51:00+09:00\n    impact_time: 2022-11-07T08:51:00+09:00\n"
        "    vehicle: SRBM\n    impact: 57 km east of Sokcho\n"
    )
    assert_only_a_warning(
        scenario,
        f"{scenario}:7: launches[0].impact_time: warning: impact time 2022-11-06 23:51Z is "
        "7,200 min after the launch, the modelled flight 4.5 min",
    )
    # a published time a little past the model is normal and passes quietly
    close = scenario.read_text().replace("2022-11-07T08:51", "2022-11-02T08:57")
    scenario.write_text(close)
    assert runner.invoke(app, ["validate", "-q", "--strict", str(scenario)]).exit_code == 0


def test_an_impact_time_well_before_the_modelled_flight_is_warned_about(tmp_path: Path) -> None:
    """Hwasong-15, 18 Feb 2023: Japan's defence ministry gave the fall 65 min after the launch
    (KCNA: 4,015 s); the lofted profile flies 85.6 min to that range."""
    scenario = tmp_path / "hs15.yaml"
    scenario.write_text(
        "version: 1\nname: hs15\nlaunches:\n  - id: HS15\n    site: Sunan airport\n"
        "    time: 2023-02-18T17:22:00+09:00\n    vehicle: ICBM\n"
        "    impact: 200 km west of 41.51N 139.37E\n"
        "    impact_time: 2023-02-18T18:27:00+09:00\n    profile: lofted\n"
    )
    assert_only_a_warning(
        scenario,
        f"{scenario}:9: launches[0].impact_time: warning: impact time 2023-02-18 09:27Z is "
        "65.0 min after the launch, the modelled flight 85.6 min: the model flies another profile",
    )


def test_the_generic_slv_class_is_warned_about(tmp_path: Path) -> None:
    scenario = tmp_path / "slv.yaml"
    scenario.write_text(
        "version: 1\nname: slv\nlaunches:\n  - id: S1\n    site: Sohae\n"
        "    time: 2023-05-31T06:27:00+09:00\n    vehicle: SLV\n    azimuth_deg: 180\n"
        "    range: 2000 km\n"
    )
    assert_only_a_warning(
        scenario,
        f"{scenario}:7: launches[0].vehicle: warning: SLV is a generic rocket flying to an impact "
        "at the given range",
    )


def test_an_impact_time_in_a_launch_window_is_not_compared_with_one_flight(
    tmp_path: Path,
) -> None:
    scenario = tmp_path / "window.yaml"
    scenario.write_text(
        "version: 1\nname: window\nlaunches:\n  - id: L1\n    site: Wonsan\n"
        "    window: {start: 2022-11-02T08:00:00+09:00, end: 2022-11-02T10:00:00+09:00}\n"
        "    impact_time: 2022-11-02T08:57:00+09:00\n    vehicle: SRBM\n"
        "    impact: 57 km east of Sokcho\n"
    )
    assert runner.invoke(app, ["validate", "-q", "--strict", str(scenario)]).exit_code == 0
