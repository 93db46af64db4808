"""Airway closures limited to a FIR (``fir:``): an authority closes an airway in its own FIR.

B467 runs from Korea (KAE, Incheon FIR) across the East Sea to Khabarovsk (UHHH); Korea's 2022
closure covered the Incheon FIR part only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from typer.testing import CliRunner

from airspace import cli
from airspace.advisory import run
from airspace.network import RouteNetwork
from airspace.scenario import ScenarioError, parse_scenario_text
from tests.cli_checks import assert_only_a_warning

runner = CliRunner()

HEAD = """\
version: 1
name: route closure
closures:
  - id: C1
    route: {route}
{extra}    start: 2022-11-02T10:58:00+09:00
    end: 2022-11-03T11:05:00+09:00
"""


def _scenario(route: str, extra: str = "") -> str:
    return HEAD.format(route=route, extra=extra)


def _closed(text: str) -> set[tuple[str, str]]:
    affected = run(parse_scenario_text(text, "s.yaml")).affected_segments
    return {
        tuple(sorted((a, b))) for a, b in zip(affected["from_fix"], affected["to_fix"], strict=True)
    }


def test_a_fir_limits_the_airway_to_its_segments_inside() -> None:
    network = RouteNetwork.default()
    everywhere = _closed(_scenario("B467"))
    in_korea = _closed(_scenario("B467", "    fir: RKRR\n"))
    assert in_korea and in_korea < everywhere
    # independently: a segment is in RKRR when its midpoint is (none of B467's straddles far)
    seg = network.segments[network.segments["route"] == "B467"]
    mid = shapely.line_interpolate_point(seg.geometry.to_numpy(), 0.5, normalized=True)
    firs = network.firs.firs_at(shapely.get_y(mid), shapely.get_x(mid))
    expected = {
        tuple(sorted((a, b)))
        for a, b, fir in zip(seg["from_fix"], seg["to_fix"], firs, strict=True)
        if fir == "RKRR"
    }
    assert in_korea == expected
    assert any("KAE" in pair for pair in in_korea)  # the Korean end closes
    assert not any("KERET" in p for p in in_korea)  # the Khabarovsk end stays open


def test_stretch_and_fir_together() -> None:
    closed = _closed(_scenario("B467 KAE-TENAS", "    fir: RKRR\n"))
    assert closed and all(
        fix in {"KAE", "IGLUT", "INTOS", "TENAS"} for pair in closed for fix in pair
    )


def test_an_airway_through_several_firs_without_a_fir_is_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(_scenario("B467"), encoding="utf-8")
    result = runner.invoke(cli.app, ["validate", str(path)])
    assert result.exit_code == 0
    assert "s.yaml:5: closures[0].route: warning: closes B467 in every FIR" in result.output
    assert "RKRR" in result.output and "UHHH" in result.output
    strict = runner.invoke(cli.app, ["validate", "--strict", str(path)])
    assert strict.exit_code == 2
    limited = tmp_path / "k.yaml"
    limited.write_text(_scenario("B467", "    fir: RKRR\n"), encoding="utf-8")
    quiet = runner.invoke(cli.app, ["validate", "--strict", str(limited)])
    assert quiet.exit_code == 0 and "warning" not in quiet.output


@pytest.mark.parametrize(
    ("route", "extra", "message"),
    [
        ("B467", "    fir: RJJJ\n", "B467 does not run through RJJJ (it runs through RKRR"),
        ("B467", "    fir: QQQQ\n", "closures[0].fir: no FIR 'QQQQ' in the FIR data"),
        ("B467", "    fir: rkrr\n", "closures[0].fir"),
    ],
)
def test_wrong_firs_are_located_errors(
    tmp_path: Path, route: str, extra: str, message: str
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(_scenario(route, extra), encoding="utf-8")
    result = runner.invoke(cli.app, ["run", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "out").exists()


def test_a_fir_needs_a_route() -> None:
    text = """\
version: 1
name: polygon with a fir
closures:
  - id: C1
    circle: {centre: 38N 129E, radius: 20 NM}
    fir: RKRR
    start: 2022-11-02T10:58:00+09:00
    end: 2022-11-03T11:05:00+09:00
"""
    with pytest.raises(ScenarioError, match="'fir' goes with 'route' only"):
        parse_scenario_text(text, "s.yaml")


def test_the_bundled_closures_keep_to_the_incheon_fir() -> None:
    root = Path(__file__).resolve().parents[1]
    advisory = run(root / "scenarios" / "2022-11-02-sokcho.yaml")
    closed = advisory.affected_segments
    mid = shapely.line_interpolate_point(closed.geometry.to_numpy(), 0.5, normalized=True)
    firs = advisory.network.firs.firs_at(shapely.get_y(mid), shapely.get_x(mid))
    assert set(closed["route"]) == {"B467", "L512"}
    assert np.all(firs == "RKRR")


def test_an_airway_closure_below_the_airway_closes_nothing_and_says_so(tmp_path: Path) -> None:
    scenario = tmp_path / "low.yaml"
    scenario.write_text(
        "version: 1\nname: low\nclosures:\n  - id: LOW\n    route: B467\n    fir: RKRR\n"
        "    lower: FL010\n    upper: FL050\n    start: 2022-11-02T00:00:00Z\n"
        "    end: 2022-11-02T06:00:00Z\n"
    )
    assert_only_a_warning(
        scenario,
        f"{scenario}:5: closures[0].route: warning: closes nothing: B467 runs from 8,000 to "
        "60,000 ft and the closure is FL010-FL050",
    )
    # at the airway's levels the same closure is quiet
    scenario.write_text(scenario.read_text().replace("FL010", "FL100").replace("FL050", "FL300"))
    assert CliRunner().invoke(cli.app, ["validate", "-q", "--strict", str(scenario)]).exit_code == 0
