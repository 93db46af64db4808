"""The planning scripts in examples/ run and give the answers they promise."""

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_impact_on_b467_closes_it_for_the_impact_window(capsys: pytest.CaptureFixture[str]) -> None:
    lines = load("airways_closed_by_impact").main(["37.52N 130.20E"])
    impact = [line for line in lines if line.endswith("(L1/impact)")]
    assert impact == [
        "B467 IGLUT-INTOS closed SFC-UNL 2022-11-01 2336Z - 2022-11-02 0011Z (L1/impact)"
    ]
    assert "Q) RKRR/QWMLW" in capsys.readouterr().out


def test_impact_far_from_airways_closes_none() -> None:
    assert load("airways_closed_by_impact").main(["40.4N 131.0E"]) == []


def test_closing_b467_and_l512_costs_the_us_flows_5_to_15_minutes() -> None:
    table = load("closure_cost_for_flows").main([]).set_index("flow_id")
    for flow in ("ICN-LAX", "ICN-SEA"):
        assert 5.0 <= table.loc[flow, "extra_min"] <= 15.0
        assert "B467" not in table.loc[flow, "airways"].split()
        assert "L512" not in table.loc[flow, "airways"].split()
        assert table.loc[flow, "extra_fuel_kg"] > 0
    assert table.loc["ICN-LAX", "flights_affected_per_day"] == 12
    assert table.loc["ICN-NRT", "flights_affected_per_day"] == 0


def test_sweep_across_the_east_sea_finds_b467_most_exposed() -> None:
    table = load("exposure_sweep").main([])
    assert table.loc[0, "route"] == "B467"
    assert table["of_points"].iloc[0] == 13
    assert table.loc[0, "closed_nm"] > 20
