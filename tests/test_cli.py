"""The command line on good input: where, run, validate, schema, --json, internal errors."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airspace import advisory, cli
from tests import vincenty
from tests.cli_checks import run_at_80_columns

runner = CliRunner()
BUNDLED = str(Path(__file__).parents[1] / "scenarios" / "2022-11-02-sokcho.yaml")


def test_where_prints_decimal_dms_and_nearest_place() -> None:
    result = runner.invoke(cli.app, ["where", "57 km east of Sokcho"])
    assert result.exit_code == 0
    lat, lon = vincenty.direct(38.2070, 128.5918, 90.0, 57_000.0)
    assert f"{lat:.5f}, {lon:.5f}" in result.stdout
    assert "38°12'18.7\"N 129°14'33.3\"E" in result.stdout
    assert "381219N 1291433E" in result.stdout
    assert "km NE (046°) of Jumunjin" in result.stdout


def test_where_json() -> None:
    result = runner.invoke(cli.app, ["where", "167 km north-west of Ulleungdo", "--json"])
    data = json.loads(result.stdout)
    expected = vincenty.direct(37.5011, 130.8564, 315.0, 167_000.0)
    assert vincenty.inverse_m(data["lat"], data["lon"], *expected) < 1.0


def test_where_unknown_place_is_exit_2() -> None:
    result = runner.invoke(cli.app, ["where", "Qwzxv Harbour"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown place 'Qwzxv Harbour'")


def test_run_writes_resolved_scenario(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["run", BUNDLED, "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    written = json.loads((tmp_path / "out" / "scenario.json").read_text())
    assert written["name"] == summary["scenario"]
    routes = json.loads((tmp_path / "out" / "advisory.json").read_text())["affected_routes"]
    assert [r["text"] for r in routes] == [
        "B467 KAE-KANSU closed SFC-UNL 2022-11-02 0158Z - 2022-11-03 0205Z (B467-closure)",
        "L512 TENAS-ANDOL closed SFC-UNL 2022-11-02 0158Z - 2022-11-03 0205Z (L512-closure)",
    ]
    assert [c["id"] for c in written["closures"]] == ["B467-closure", "L512-closure"]
    assert written["closures"][0]["start"]["utc"] == "2022-11-02T01:58:00+00:00"
    assert written["closures"][0]["start"]["local"] == "2022-11-02T10:58:00+09:00"


def test_run_several_scenarios_get_their_own_folders(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["run", BUNDLED, BUNDLED, "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (tmp_path / "2022-11-02-sokcho" / "scenario.json").exists()


def test_validate_ok() -> None:
    result = runner.invoke(cli.app, ["validate", BUNDLED])
    assert result.exit_code == 0
    assert "ok (" in result.stdout and "1 launch, 2 closures, 4 flows" in result.stdout


def test_schema_is_json_schema() -> None:
    result = runner.invoke(cli.app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "launches" in schema["properties"]


def test_internal_errors_exit_1_without_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(advisory, "build", broken)
    result = runner.invoke(cli.app, ["run", BUNDLED, "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == "internal error: RuntimeError: boom (run with --debug for details)"
    )
    assert not (tmp_path / "o").exists()
    debug = runner.invoke(cli.app, ["run", BUNDLED, "-o", str(tmp_path / "o"), "--debug"])
    assert isinstance(debug.exception, RuntimeError)


def test_run_without_flows_or_reroutes(tmp_path: Path) -> None:
    scenario = tmp_path / "launch-only.yaml"
    scenario.write_text(
        "name: launch only\nlaunches:\n  - id: L1\n    site: Wonsan\n"
        "    time: 2022-11-02T08:51:00+09:00\n    impact: 57 km east of Sokcho\n"
    )
    result = runner.invoke(cli.app, ["run", str(scenario), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "notams.txt").read_text().count("NOTAMN") == 3


def test_run_tables_fit_80_columns_without_wrapped_cells(tmp_path: Path) -> None:
    """``COLUMNS=80 airspace run``: every row of the flows and reroute tables is one line no
    wider than the terminal, numbers whole; per-day totals and CO2 are printed; the last line
    names the map."""
    scenario = Path(__file__).parents[1] / "scenarios" / "2022-11-02-sokcho.yaml"
    lines = run_at_80_columns("run", str(scenario), "-o", str(tmp_path / "o")).splitlines()
    found = advisory.run(scenario)
    best = found.reroutes[found.reroutes["suggested"]]

    def rows(title: str) -> list[str]:
        start = next(i for i, line in enumerate(lines) if line.startswith(title))
        rule = next(i for i in range(start, len(lines)) if set(lines[i].strip()) == {"─"})
        body = []
        for line in lines[rule + 1 :]:
            if not line.strip():
                break
            body.append(line)
        return body

    flows = rows("Flows")
    assert all(len(line) <= 80 for line in [*flows, *rows("Reroute cost")])
    assert len(flows) == len(found.flows)  # one line per flow: no cell wrapped
    for line, f in zip(flows, found.flows.itertuples(), strict=True):
        per_day = [f"{f.flights_per_day:g}", f"{f.flights_affected_per_day:g}"]
        assert line.split()[:5] == [f.flow_id, f.origin, f.destination, *per_day]
    cost = rows("Reroute cost")
    assert len(cost) == len(best) + 1  # and the total line
    for line, r in zip(cost[:-1], best.itertuples(), strict=True):
        day = found.flows.set_index("flow_id").flights_affected_per_day[r.flow_id]
        cells = line.split()
        assert cells[0] == r.flow_id
        assert cells[-6:] == [
            f"{r.extra_nm:+.0f}",
            f"{r.extra_min:+.1f}",
            f"{r.extra_fuel_kg:+,.0f}",
            f"{r.extra_co2_kg:+,.0f}",
            f"{r.extra_fuel_kg * day / 1000:+,.1f}",
            f"{r.extra_co2_kg * day / 1000:+,.1f}",
        ]
    total = cost[-1].split()
    assert total[0] == "total"
    assert total[-1] == f"{(best.extra_co2_kg * best.flights_per_day).sum() / 1000:+,.1f}"
    assert lines[-1] == f"map: {tmp_path / 'o' / 'map.html'}"
