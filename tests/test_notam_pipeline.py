"""Real NOTAMs through the pipeline: D) schedules in the 4-D intersection and the reroutes,
pasted NOTAMs passed through as given, NOTAM warnings reaching the user (CLI, report, map), and
files of NOTAMs as closures.  Scenarios are built once per module on the bundled network."""

from __future__ import annotations

import json
import re
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from airspace import advisory
from airspace.advisory import Advisory
from airspace.cli import app
from airspace.impact import affected_segments
from airspace.maps import build_map
from airspace.maps.elements import App
from airspace.network import RouteNetwork
from airspace.notam import parse_notam
from airspace.render import MapView
from airspace.scenario import ScenarioError, notamfile, parse_scenario_text
from tests.cli_checks import assert_only_a_warning

runner = CliRunner()
ROOT = Path(__file__).parents[1]
SOKCHO = ROOT / "scenarios" / "2022-11-02-sokcho.yaml"

# Over the Korean airways Incheon - ANDOL; active 0100-0300Z on 2, 3 and 4 Nov 2022 only.  Its
# number is the first one the project would write for a 2022 hazard (A0001/22).
SCHEDULED = """\
A0001/22 NOTAMN
Q) RKRR/QRTCA/IV/BO /W /000/999/3745N13000E060
A) RKRR B) 2211020000 C) 2211050000
D) DAILY 0100-0300
E) FIRING EXERCISE  WI: 383000N 1290000E - 383000N 1310000E - 370000N 1310000E -
370000N 1290000E - 383000N 1290000E
F) SFC G) UNL"""

# ZLHW A2802/23 from the public corpus: a vertex list that crosses itself (a warning)
SELF_CROSSING = """\
A2802/23 NOTAMN
Q) ZLHW/QRDCA/IV/BO/W/000/999/3935N10304E095
A) ZLHW B) 2309170218 C) 2309170500
E) A TEMPORARY DANGER AREA ESTABLISHED BOUNDED
BY:N3951E10103-N3919E10505-N3922E10222-N3954E10220,BACK TO START.
VERTICAL LIMITS:SFC-UNL.
F) SFC G) UNL"""


def indented(text: str, spaces: int = 6) -> str:
    return textwrap.indent(text, " " * spaces)


def flow(name: str, departures: str | None = None, per_day: int = 1) -> str:
    deps = f"\n    departures: [{departures}]" if departures else ""
    return f"""\
  - id: {name}
    origin: RKSI
    via: [ANDOL]
    destination: KLAX
    flights_per_day: {per_day}
    cruise: FL350{deps}
"""


SCHEDULED_SCENARIO = f"""\
version: 1
name: A scheduled NOTAM over the Korean airways
launches:
  - id: SRBM
    site: Wonsan
    time: 2022-11-02T08:51:00+09:00
    impact: 57 km east of Sokcho
closures:
  - id: EXERCISE
    notam: |
{indented(SCHEDULED)}
flows:
{flow("IN-PERIOD", "2022-11-03T01:30:00Z")}{flow("OUT-OF-PERIOD", "2022-11-03T04:00:00Z")}\
{flow("EVERY-DAY", per_day=12)}"""


@pytest.fixture(scope="module")
def network() -> RouteNetwork:
    return RouteNetwork.default()


@pytest.fixture(scope="module")
def scheduled(network: RouteNetwork) -> Advisory:
    return advisory.build(parse_scenario_text(SCHEDULED_SCENARIO, "scheduled.yaml"), network)


# ---- schedules ---------------------------------------------------------------------------
def test_a_scheduled_closure_affects_flights_inside_its_periods_only(scheduled: Advisory) -> None:
    flows = scheduled.flows.set_index("flow_id")
    (volume,) = [v for v in scheduled.computed.volumes if v.id == "EXERCISE"]
    assert [(a.isoformat(), b.isoformat()) for a, b in volume.limits.periods] == [
        ("2022-11-02T01:00:00+00:00", "2022-11-02T03:00:00+00:00"),
        ("2022-11-03T01:00:00+00:00", "2022-11-03T03:00:00+00:00"),
        ("2022-11-04T01:00:00+00:00", "2022-11-04T03:00:00+00:00"),
    ]
    # airborne 01:30Z - about 11:30Z on 3 Nov: meets the 0100-0300 period
    assert flows.loc["IN-PERIOD", "closures_hit"] == "EXERCISE"
    assert flows.loc["IN-PERIOD", "flights_affected_per_day"] == 1
    # airborne 04:00Z - about 14:00Z: between two periods, inside the B)-C) window
    assert volume.limits.start < datetime(2022, 11, 3, 4, tzinfo=UTC) < volume.limits.end
    assert not flows.loc["OUT-OF-PERIOD", "affected"]
    assert flows.loc["OUT-OF-PERIOD", "closures_hit"] == ""
    reroutes = scheduled.reroutes
    assert set(reroutes["flow_id"]) >= {"IN-PERIOD"}
    assert "OUT-OF-PERIOD" not in set(reroutes["flow_id"])
    # without departures: 2 of any 24 hours are closed, so 12 flights a day -> 1
    assert flows.loc["EVERY-DAY", "closures_hit"] == "EXERCISE"
    assert flows.loc["EVERY-DAY", "flights_affected_per_day"] == pytest.approx(12 * 2 / 24)


def test_the_4d_intersection_keeps_a_scheduled_closure_to_its_periods(
    scheduled: Advisory, network: RouteNetwork
) -> None:
    (volume,) = [v for v in scheduled.computed.volumes if v.id == "EXERCISE"]

    def closed(a: datetime, b: datetime) -> set[str]:
        found = affected_segments(network, [volume], window=(a, b))
        return set(found["route"])

    day3 = datetime(2022, 11, 3, tzinfo=UTC)
    inside = closed(day3.replace(hour=1, minute=30), day3.replace(hour=2))
    hits = scheduled.affected_segments.query("closure == 'EXERCISE'")
    assert inside and inside == set(hits.route)
    assert closed(day3.replace(hour=4), day3.replace(hour=20)) == set()  # between periods
    assert closed(day3.replace(hour=2, minute=59), day3.replace(hour=4))  # the end of one


def test_windows_print_with_their_periods(scheduled: Advisory, tmp_path: Path) -> None:
    routes = scheduled.affected_routes.query("closure == 'EXERCISE'")
    active = "active daily 0100-0300Z 2022-11-02 to 2022-11-04 (3 periods)"
    assert len(routes) > 0 and all(active in t for t in routes["text"])
    assert all(len(p) == 3 for p in routes["periods"])
    out = scheduled.save(tmp_path / "out")
    report = (out / "report.md").read_text(encoding="utf-8")
    section = report.split("## Closures and hazards")[1].split("##")[0]
    assert "EXERCISE (declared, NOTAM A0001/22 of RKRR): SFC-UNL 2022-11-02 0000Z" in section
    assert active in section
    hazards = scheduled.hazards.set_index("id")
    assert len(hazards.loc["EXERCISE", "periods"]) == 3
    impact = hazards.loc["SRBM/impact"]
    assert impact["periods"] == [  # unscheduled: the whole window
        [impact["start"].isoformat(), impact["end"].isoformat()]
    ]
    geojson = json.loads((out / "closures.geojson").read_text(encoding="utf-8"))
    (published,) = [f for f in geojson["features"] if f["properties"]["id"] == "EXERCISE"]
    assert published["properties"]["periods"][1] == [
        "2022-11-03T01:00:00+00:00",
        "2022-11-03T03:00:00+00:00",
    ]
    view = MapView.of(scheduled)
    assert list(view.closures.set_index("id").loc["EXERCISE", "periods"][0]) == [
        "2022-11-02T01:00:00+00:00",
        "2022-11-02T03:00:00+00:00",
    ]


def test_a_window_override_outside_every_period_is_refused() -> None:
    window = "    start: 2022-11-03T04:00:00Z\n    end: 2022-11-03T20:00:00Z\n"
    text = SCHEDULED_SCENARIO.replace("    notam: |", window + "    notam: |")
    with pytest.raises(ScenarioError, match=r"no active period of the NOTAM's item D\)"):
        parse_scenario_text(text, "x.yaml")


def test_a_written_window_that_misses_the_notams_b_c_is_warned_about() -> None:
    file = ROOT / "tests" / "data" / "notam-window-a-year-off.yaml"
    assert_only_a_warning(
        file,
        f"{file}:12: closures[0].start: warning: the window 2024-01-01 00:00Z to 2024-01-02 "
        "00:00Z does not meet the NOTAM's B)-C), 2023-09-10 04:23Z to 2023-09-10 05:09Z",
    )


# ---- pass-through --------------------------------------------------------------------------
def test_a_pasted_notam_passes_through_as_given(scheduled: Advisory, tmp_path: Path) -> None:
    zones = {z.id: z for z in scheduled.computed.zones}
    published = zones["EXERCISE"]
    assert str(published.notam) == SCHEDULED + "\n"  # the YAML block keeps its final line end
    assert published.notam.number == "A0001/22" and published.fir == "RKRR"
    assert published.notam.q_code == "QRTCA" and "  WI:" in published.notam.raw  # not rewritten
    written = [z for z in zones.values() if z.volume.notam is None]
    assert written and all(z.notam.raw is None for z in written)
    # the NOTAMs the project writes never take the pasted number
    assert [z.notam.number for z in written] == [f"A{i:04d}/22" for i in range(2, 2 + len(written))]
    out = scheduled.save(tmp_path / "out")
    text = (out / "notams.txt").read_text(encoding="utf-8")
    assert text.split("\n\n")[-1] == SCHEDULED + "\n"  # byte for byte, the last NOTAM
    assert [parse_notam(b).number for b in text.split("\n\n")] == [
        z.notam.number for z in scheduled.computed.zones
    ]
    geojson = json.loads((out / "closures.geojson").read_text(encoding="utf-8"))
    notams = {f["properties"]["id"]: f["properties"]["notam"] for f in geojson["features"]}
    assert notams["EXERCISE"] == str(published.notam)
    data = json.loads((out / "advisory.json").read_text(encoding="utf-8"))
    assert {c["id"]: c["notam"] for c in data["closures"]}["EXERCISE"] == str(published.notam)
    popups = _popups(build_map(MapView.of(scheduled)), "Closure areas: declared")
    assert any("FIRING EXERCISE  WI: 383000N 1290000E" in p for p in popups)


def test_line_ends_of_a_pasted_notam_are_normalised_and_nothing_else(
    network: RouteNetwork, tmp_path: Path
) -> None:
    crlf = SCHEDULED.replace("\n", "\r\n") + "\r\n"
    scenario = {
        "name": "CRLF",
        "closures": [{"id": "X", "notam": crlf}],
    }
    path = tmp_path / "crlf.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    built = advisory.run(path, network=network)
    assert str(built.notams[0]) == crlf  # the value keeps what was given
    out = built.save(tmp_path / "out")
    assert (out / "notams.txt").read_bytes() == (SCHEDULED + "\n").encode()


def _popups(m: Any, layer: str) -> list[str]:
    """The popups of a map layer (the map's data model, as the page receives it)."""
    (app,) = [c for c in m._children.values() if isinstance(c, App)]
    for spec in app.model["layers"]:
        if spec["name"] == layer:
            return [str(f["properties"]["_p"]) for f in spec["fc"]["features"]]
    raise AssertionError(f"no layer {layer!r}")


# ---- warnings ------------------------------------------------------------------------------
WARNED = f"""\
version: 1
name: A pasted NOTAM with a warning
closures:
  - id: SELF-CROSSING
    notam: |
{indented(SELF_CROSSING)}
"""


@pytest.fixture(scope="module")
def warned_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warned") / "warned.yaml"
    path.write_text(WARNED, encoding="utf-8")
    return path


WARNING_RE = (
    r"^{file}:5: closures\[0\]\.notam: warning: item E\): vertex list "
    r"'N3951E10103-N3919E10505-N3922E10222-N3954E10220' is not a simple polygon"
)


def test_validate_prints_warnings_and_exits_0(warned_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(warned_file)])
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.strip().splitlines()
    assert re.match(WARNING_RE.format(file=re.escape(str(warned_file))), line), line
    assert f"{warned_file}: ok" in result.stdout


def test_strict_makes_warnings_errors(warned_file: Path, tmp_path: Path) -> None:
    for command in (["validate"], ["run", "-o", str(tmp_path / "out")]):
        result = runner.invoke(app, [*command, "--strict", str(warned_file)])
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"{warned_file}:5: closures[0].notam: item E): vertex list")
        assert "warning" not in line
    assert not (tmp_path / "out").exists()


def test_run_shows_warnings_on_stderr_in_the_report_json_and_map(
    warned_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(warned_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.strip().splitlines()
    assert re.match(WARNING_RE.format(file=re.escape(str(warned_file))), line), line
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Warnings" in report and "closures\\[0\\].notam: warning: item E): vertex" in report
    data = json.loads((out / "advisory.json").read_text(encoding="utf-8"))
    assert data["warnings"] == [line]
    assert "is not a simple polygon" in data["closures"][0]["warnings"]
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "Warnings" in html and "is not a simple polygon" in html


# ---- files of NOTAMs as closures -----------------------------------------------------------
ONE = """\
B0001/26 NOTAMN
Q) RPHI/QWMLW/IV/BO/W/000/999/1238N11644E048
A) RPHI B) 2601010000 C) 2601030000
D) DAILY 0100-0300
E) AREA 130200N 1160300E - 132300N 1163000E - 121400N 1172500E
F) SFC G) UNL"""
OLD = ONE.replace("B0001/26", "B0002/26").replace("D) DAILY 0100-0300\n", "")
NEW = OLD.replace("B0002/26 NOTAMN", "B0003/26 NOTAMR B0002/26").replace("1160300E", "1160400E")
NO_AREA = ONE.replace("B0001/26", "B0004/26").replace(
    "E) AREA 130200N 1160300E - 132300N 1163000E - 121400N 1172500E", "E) TEMPO DANGER AREA NZD893"
)
FILE_TEXT = "\n\n".join([ONE, OLD, NEW, NO_AREA]) + "\n"
FILE_SCENARIO = """\
version: 1
name: NOTAMs from a file
closures:
  - id: launch-notams
    notams: notams/launch.txt
    reason: today's launch NOTAMs
"""


def line_of(text: str, first: str) -> int:
    """The 1-based line where ``first`` starts a line of ``text``."""
    return text.split("\n").index(first) + 1


def _files_scenario(folder: Path, notams: str = FILE_TEXT, scenario: str = FILE_SCENARIO) -> Path:
    (folder / "notams").mkdir(exist_ok=True)
    (folder / "notams" / "launch.txt").write_text(notams, encoding="utf-8")
    path = folder / "scenario.yaml"
    path.write_text(scenario, encoding="utf-8")
    return path


def test_each_notam_of_a_file_becomes_a_closure_with_its_number(
    network: RouteNetwork, tmp_path: Path
) -> None:
    path = _files_scenario(tmp_path)
    built = advisory.run(path, network=network)
    volumes = {v.id: v for v in built.computed.volumes}
    assert list(volumes) == ["B0001/26", "B0003/26"]  # B0002/26 replaced, B0004/26 no area
    assert len(volumes["B0001/26"].limits.periods) == 2 and volumes["B0003/26"].limits.periods == ()
    assert all(
        v.sources == ("launch-notams",) and v.reason == "today's launch NOTAMs"
        for v in volumes.values()
    )
    assert [z.notam.number for z in built.computed.zones] == ["B0001/26", "B0003/26"]
    out = built.save(tmp_path / "out")
    assert (out / "notams.txt").read_text(encoding="utf-8") == f"{ONE}\n\n{NEW}\n"
    (warning,) = built.warnings
    at = line_of(FILE_TEXT, "B0004/26 NOTAMN")
    assert str(warning).startswith(
        f"{path}:5: closures[0].notams: warning: {tmp_path / 'notams' / 'launch.txt'}:{at}: "
        "B0004/26: item E): no area found ("
    ), warning


def test_a_bad_notam_in_a_file_is_located_in_the_file_and_the_scenario(tmp_path: Path) -> None:
    bad = NEW.replace("C) 2601030000", "C) 26")
    text = "\n\n".join([ONE, OLD, bad]) + "\n"
    path = _files_scenario(tmp_path, text)
    at = line_of(text, "B0003/26 NOTAMR B0002/26")
    for command in (["validate"], ["run", "-o", str(tmp_path / "out")]):
        result = runner.invoke(app, [*command, str(path)])
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.strip().splitlines()
        assert line == (
            f"{path}:5: closures[0].notams: {tmp_path / 'notams' / 'launch.txt'}:{at}: "
            "B0003/26: item C): cannot read '26' (expected yymmddhhmm, yymmddhhmm EST or PERM)"
        ), line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        (FILE_SCENARIO.replace("launch.txt", "missing.txt"), "missing.txt: NOTAM file not found"),
        (
            FILE_SCENARIO + "  - id: B0001/26\n    route: B467\n    start: 2026-01-01T00:00Z\n"
            "    end: 2026-01-02T00:00Z\n",
            "B0001/26: id 'B0001/26' is already used in the scenario",
        ),
    ],
    ids=["missing-file", "id-collision"],
)
def test_notam_file_problems_are_located(scenario: str, expected: str, tmp_path: Path) -> None:
    path = _files_scenario(tmp_path, scenario=scenario)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"{path}:5: closures[0].notams: ") and expected in line, line


def test_a_file_of_notams_takes_no_override() -> None:
    text = FILE_SCENARIO + "    start: 2026-01-01T00:00:00Z\n"
    with pytest.raises(ScenarioError, match="'start' cannot be given with 'notams'"):
        parse_scenario_text(text, "x.yaml")


def test_notam_files_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _files_scenario(tmp_path)
    monkeypatch.setattr(notamfile, "MAX_FILED_NOTAMS", 3)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "4 NOTAMs read so far (at most 3 over all the NOTAM files" in result.stderr
    monkeypatch.setattr(notamfile, "MAX_NOTAM_FILE_BYTES", 100)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "is over the 100-byte limit of a NOTAM file" in result.stderr


def test_strict_refuses_a_notam_file_with_warnings(tmp_path: Path) -> None:
    path = _files_scenario(tmp_path)
    result = runner.invoke(app, ["validate", "--strict", str(path)])
    assert result.exit_code == 2
    assert "B0004/26: item E): no area found" in result.stderr
