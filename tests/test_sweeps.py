"""Sweeps: the grid format and its errors, the aggregates, and the same tables in this process,
on local worker processes and through a Dask LocalCluster."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from airspace import cli
from airspace.advisory import build
from airspace.scenario import ScenarioError
from airspace.sweeps import MAX_VARIANTS, SweepError, SweepResult, load_sweep, plan_for, sweep
from airspace.sweeps.execute import local_workers
from airspace.sweeps.exposure import SHARE_COLOURS, share_colour
from airspace.sweeps.variant import variant_scenario

BUNDLED = Path(__file__).parents[1] / "scenarios" / "2022-11-02-sokcho.yaml"
GRID = f"""sweep: 1
name: test grid
scenario: {BUNDLED}
launches: [SRBM-0851]
grid:
  azimuth_deg: [110, 130]
  range: [150 km, 250 km]
"""


def write(tmp_path: Path, text: str, name: str = "grid.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_grid_expands_every_combination_onto_the_launch(tmp_path: Path) -> None:
    plan = load_sweep(write(tmp_path, GRID))
    assert [v.label for v in plan.variants] == [
        "azimuth_deg=110 range=150 km",
        "azimuth_deg=110 range=250 km",
        "azimuth_deg=130 range=150 km",
        "azimuth_deg=130 range=250 km",
    ]
    launch = variant_scenario(plan.variants[3], plan.bases).launches[0]
    assert launch.azimuth_deg == 130 and launch.range is not None and launch.range.km == 250
    assert launch.impact is None  # azimuth and range replace the base's impact


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (("grid:", "gird:"), ":5: gird:", "did you mean 'grid'"),
        (("150 km, 250 km", "150 km, 12 parsecs"), ":7: grid.range[1]:", "12 parsecs"),
        (("[SRBM-0851]", "[SRBM-9999]"), ":4: launches[0]:", "no launch 'SRBM-9999'"),
        (("azimuth_deg: [110, 130]", "impact: [Sinpo]\n  azimuth_deg: [1]"), ":5: grid:",
         "either 'impact' or"),
        (("name: test grid", "name: test grid\nmax_variants: 3"), ":6: grid:",
         "4 variants is over the sweep's max_variants of 3"),
        (("scenario:", "scenarios: [a.yaml]\nscenario:"), ":1:", "exactly one"),
    ],
)  # fmt: skip
def test_sweep_file_errors_name_file_line_and_field(
    tmp_path: Path, change: tuple[str, str], where: str, message: str
) -> None:
    path = write(tmp_path, GRID.replace(*change))
    with pytest.raises(ScenarioError) as caught:
        load_sweep(path)
    text = str(caught.value)
    assert text.startswith(str(path)) and where in text and message in text, text


def test_a_grid_over_the_variant_limit_is_refused_before_anything_runs(tmp_path: Path) -> None:
    ranges = ", ".join(f"{km} km" for km in range(100, 200))
    text = GRID.replace("[110, 130]", str(list(range(101)))).replace("150 km, 250 km", ranges)
    with pytest.raises(
        ScenarioError, match=f"10,100 variants is over the limit of {MAX_VARIANTS:,}"
    ):
        load_sweep(write(tmp_path, text))


def test_a_sweep_file_runs_alone(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="runs alone"):
        plan_for([write(tmp_path, GRID), BUNDLED])


def tables(result: SweepResult) -> list[pd.DataFrame]:
    return [result.variants, result.stretches, result.delays, result.flow_delays]


@pytest.fixture(scope="module")
def here(tmp_path_factory: pytest.TempPathFactory) -> SweepResult:
    return sweep(write(tmp_path_factory.mktemp("grid"), GRID), workers=1)


def test_aggregates_count_what_each_variant_closes_and_costs(here: SweepResult) -> None:
    plan = here.plan
    advisories = [build(variant_scenario(v, plan.bases)) for v in plan.variants]
    counts: dict[int, int] = {}
    for advisory in advisories:
        for segment in set(advisory.affected_segments["segment"]):
            counts[int(segment)] = counts.get(int(segment), 0) + 1
    got = dict(zip(here.stretches["segment"], here.stretches["variants_closed"], strict=True))
    assert got == counts
    assert here.stretches["share"].max() == 1.0  # the declared B467 closure is in every variant
    for flow in here.delays.itertuples():
        extra = [
            r.reroutes[0].extra_min
            for a in advisories
            for r in a.computed.flows
            if r.flow.id == flow.flow_id and r.affected and r.reroutes
        ]
        hit = sum(
            r.affected for a in advisories for r in a.computed.flows if r.flow.id == flow.flow_id
        )
        assert flow.affected == hit and flow.variants == len(advisories)
        if extra:
            assert flow.p50_extra_min == pytest.approx(float(np.median(extra)), rel=1e-12)
            assert flow.max_extra_min == max(extra)
    assert here.ran == len(plan.variants) and not here.internal_errors


def test_same_tables_on_local_processes_and_on_a_local_cluster(
    here: SweepResult, tmp_path: Path
) -> None:
    from dask.distributed import Client, LocalCluster

    spec = write(tmp_path, GRID)
    local = sweep(spec, workers=2)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        done: list[int] = []
        on_dask = sweep(spec, client=client, progress=lambda n, total: done.append(n))
        by_address = sweep(spec, scheduler=cluster.scheduler_address)  # as --scheduler does
    assert done[-1] == len(here.plan.variants)
    for a, *others in zip(*map(tables, (here, local, on_dask, by_address)), strict=True):
        for other in others:
            pd.testing.assert_frame_equal(a, other)


def test_cli_writes_the_tables_and_the_exposure_map(tmp_path: Path) -> None:
    # Jinja syntax in the name is text on the page (branca re-parses rendered scripts)
    spec = write(tmp_path, GRID.replace("name: test grid", 'name: "grid {{ 7*7 }} {{"'))
    result = CliRunner().invoke(
        cli.app, ["sweep", str(spec), "-o", str(tmp_path / "out"), "--workers", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["variants"] == summary["ran"] == 4
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"stretches.csv", "delays.csv", "exposure.html", "exposure.geojson"} <= written
    geojson = json.loads((tmp_path / "out" / "exposure.geojson").read_text())
    assert {f["properties"]["route"] for f in geojson["features"]} >= {"B467", "L512"}
    # the exposure map is self-contained (Leaflet inlined, nothing fetched at start) and
    # colours each stretch by its class of the share of variants closing it
    page = (tmp_path / "out" / "exposure.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=|url\((?!data:|#)", page)
    assert set(re.findall(r"https?://[^\s\"'<>)\\]*", page)) <= {"https://leafletjs.com"}
    assert "window.L" in page
    assert "<title>Exposure: grid &#123;&#123; 7*7 &#125;&#125; &#123;&#123;</title>" in page
    for feature in geojson["features"]:
        share = feature["properties"]["share"]
        assert f'"color": "{share_colour(share)}"' in page
    bad = write(tmp_path, GRID.replace("150 km", "150 parsecs"), "bad.yaml")
    result = CliRunner().invoke(cli.app, ["sweep", str(bad), "-o", str(tmp_path / "o2")])
    assert result.exit_code == 2 and f"{bad}:7: grid.range[0]:" in result.stderr


def test_documented_and_shipped_sweep_files_validate(tmp_path: Path) -> None:
    text = (Path(__file__).parents[1] / "docs" / "sweeps.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert block is not None
    documented = block.group(1).replace("../2022-11-02-sokcho.yaml", str(BUNDLED))
    plan = load_sweep(write(tmp_path, documented))
    assert len(plan.variants) == 3 * 3 * 2 * 2 * 2 and plan.keys[0] == "site"
    shipped = Path(__file__).parents[1] / "scenarios" / "sweeps"
    assert len(load_sweep(shipped / "sokcho-1000.yaml").variants) == 1000
    assert len(load_sweep(shipped / "sokcho-small.yaml").variants) == 6


def test_share_classes_are_fifths() -> None:
    assert [share_colour(s) for s in (0.0, 0.19, 0.2, 0.5, 0.79, 0.8, 1.0)] == [
        SHARE_COLOURS[k] for k in (0, 0, 1, 2, 3, 4, 4)
    ]


def test_worker_counts_and_empty_lists_are_input_errors(tmp_path: Path) -> None:
    spec = write(tmp_path, GRID)
    for bad in (0, -1, 65, 10**20, 2.5, "3", True):
        with pytest.raises(SweepError, match=r"expected a whole number from 1 to 64"):
            sweep(spec, workers=bad)  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match="no scenario files"):
        sweep([])
    empty = write(tmp_path, "sweep: 1\nscenarios: []\n", "empty.yaml")
    with pytest.raises(ScenarioError) as caught:
        load_sweep(empty)
    assert str(caught.value.problems[0]).endswith("scenarios: 0 items (expected at least 1)")
    # the count reported is the count that ran: at most one process per variant
    assert local_workers(1000 // 100, 4) == 4 and local_workers(None, 1) == 1


def test_a_bad_grid_value_is_reported_at_its_own_key_only(tmp_path: Path) -> None:
    """One unitless range used to be blamed on every other key's values too (each is checked
    with the others' first values)."""
    spec = write(tmp_path, GRID.replace("range: [150 km, 250 km]", "range: [150, 250 km]"))
    with pytest.raises(ScenarioError) as caught:
        load_sweep(spec)
    assert [p.path for p in caught.value.problems] == ["grid.range[0]"]
    assert caught.value.problems[0].message.startswith("number 150 has no unit")


def test_a_sweep_result_prints_in_a_line(here: SweepResult) -> None:
    text = repr(here)
    assert (
        text.startswith("SweepResult('test grid': 4 variants, 4 ran, 0 failed") and len(text) < 200
    )
