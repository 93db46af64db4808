"""The advisory of the bundled 2 Nov 2022 scenario against the published event."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shapely

import airspace
from airspace.advisory import Advisory

BUNDLED = Path(__file__).parents[1] / "scenarios" / "2022-11-02-sokcho.yaml"
DECLARED = (datetime(2022, 11, 2, 1, 58, tzinfo=UTC), datetime(2022, 11, 3, 2, 5, tzinfo=UTC))
US_FLOWS = ("ICN-LAX", "ICN-SFO", "ICN-SEA")


@pytest.fixture(scope="module")
def advisory() -> Advisory:
    return airspace.run(BUNDLED)


def test_b467_and_l512_closed_for_the_declared_window(advisory: Advisory) -> None:
    lines = list(advisory.affected_routes["text"])
    window = "2022-11-02 0158Z - 2022-11-03 0205Z"
    # fir: RKRR: the Incheon FIR part of B467 (the airway goes on to Khabarovsk, DE)
    assert f"B467 KAE-KANSU closed SFC-UNL {window} (B467-closure)" in lines
    assert f"L512 TENAS-ANDOL closed SFC-UNL {window} (L512-closure)" in lines
    routes = advisory.affected_segments[advisory.affected_segments["kind"] == "route"]
    assert set(routes["route"]) == {"B467", "L512"}
    assert (routes["start"] == DECLARED[0]).all() and (routes["end"] == DECLARED[1]).all()
    l512 = routes[routes["route"] == "L512"]
    assert {tuple(sorted(p)) for p in zip(l512.from_fix, l512.to_fix, strict=True)} == {
        ("SABET", "TENAS"),
        ("ANDOL", "SABET"),
    }


def test_us_flows_rerouted_round_the_closures_at_5_to_15_minutes(advisory: Advisory) -> None:
    flows = advisory.flows.set_index("flow_id")
    best = advisory.reroutes[advisory.reroutes["suggested"]].set_index("flow_id")
    for flow in US_FLOWS:
        assert flows.loc[flow, "closures_hit"] == "B467-closure,L512-closure"
        assert "B467" in flows.loc[flow, "route"] and "L512" in flows.loc[flow, "route"]
        assert flows.loc[flow, "flights_affected_per_day"] == flows.loc[flow, "flights_per_day"]
        airways = best.loc[flow, "airways"].split()
        assert "B467" not in airways and "L512" not in airways
        assert 5.0 <= best.loc[flow, "extra_min"] <= 15.0  # published: detours add 5-15 min
        assert best.loc[flow, "extra_fuel_kg"] > 0
        assert best.loc[flow, "extra_co2_kg"] == pytest.approx(
            3.16 * best.loc[flow, "extra_fuel_kg"]
        )
    assert flows["flights_affected_per_day"].sum() == 32  # 32 US flights a day (published)
    ranked = advisory.reroutes[advisory.reroutes["flow_id"] == "ICN-LAX"]
    assert list(ranked["rank"]) == sorted(ranked["rank"])
    assert list(ranked["length_nm"]) == sorted(ranked["length_nm"])
    assert any("G597" in a.split() for a in ranked["airways"])  # the advised G597 is offered


def test_no_reroute_enters_zkkp(advisory: Advisory) -> None:
    zkkp = advisory.network.firs.polygon("ZKKP")
    for geometry in [*advisory.reroutes.geometry, *advisory.flows.geometry]:
        assert not (shapely.intersects(geometry, zkkp) and not shapely.touches(geometry, zkkp))


def test_launch_figures_and_alerts(advisory: Advisory) -> None:
    launch = advisory.launches.set_index("launch_id").loc["SRBM-0851"]
    assert 3.0 < launch["flight_time_min"] < 7.0  # an SRBM over 190 km
    assert launch["range_km"] == pytest.approx(188, abs=5)
    beyond = advisory.alerts[advisory.alerts["beyond_impact_km"] > 0]
    assert "Ulleungdo" in set(beyond["place"])  # in line with the flight: the siren sounded


def test_impact_zone_and_notam(advisory: Advisory) -> None:
    zones = advisory.closures.set_index("id")
    impact = zones.loc["SRBM-0851/impact"]
    assert impact["fir"] == "RKRR"
    assert impact.geometry.contains(shapely.Point(129.2426, 38.2052))
    notam = airspace.parse_notam(impact["notam"])
    assert notam.fir == "RKRR" and notam.lower_ft == 0 and notam.upper.is_unlimited
    ascent = zones.loc["SRBM-0851/ascent"]
    assert ascent["fir"] == "ZKKP" and ascent["upper"] == "FL600"


def test_save_writes_every_output(advisory: Advisory, tmp_path: Path) -> None:
    out = advisory.save(tmp_path / "out")
    names = {p.name for p in out.iterdir()}
    assert names >= {
        "closures.geojson",
        "affected.csv",
        "reroutes.geojson",
        "notams.txt",
        "advisory.json",
        "report.md",
        "map.html",
    }
    closures = json.loads((out / "closures.geojson").read_text())
    assert closures["type"] == "FeatureCollection" and len(closures["features"]) == 5
    kinds = [f["properties"]["kind"] for f in closures["features"]]
    assert kinds == ["impact", "ascent", "descent", "declared", "declared"]  # zones, airways
    assert [f["properties"]["route"] for f in closures["features"][3:]] == [
        "B467 KAE-KANSU",
        "L512 TENAS-ANDOL",
    ]
    summary = json.loads((out / "advisory.json").read_text())
    assert [r["text"] for r in summary["affected_routes"]] == list(advisory.affected_routes["text"])
    notams = (out / "notams.txt").read_text().strip().split("\n\n")
    assert [airspace.parse_notam(n).fir for n in notams] == ["RKRR", "ZKKP", "RKRR"]
    assert "ICN-LAX" in (out / "report.md").read_text()


def test_save_is_all_or_nothing(
    advisory: Advisory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Advisory, "map", broken)
    with pytest.raises(RuntimeError):
        advisory.save(tmp_path / "out")
    assert list(tmp_path.iterdir()) == []  # neither the folder nor a staging copy is left


def test_infeasible_launch_is_a_located_input_error(tmp_path: Path) -> None:
    text = BUNDLED.read_text().replace("profile: minimum-energy", "apogee: 3000 km")
    path = tmp_path / "low.yaml"
    path.write_text(text)
    with pytest.raises(airspace.ScenarioError) as info:
        airspace.run(path)
    problem = info.value.problems[0]
    assert problem.path == "launches[0]" and problem.line == 17
    assert "apogee" in problem.message


def test_report_escapes_scenario_text(tmp_path: Path) -> None:
    from airspace.render import report_markdown

    text = BUNDLED.read_text().replace(
        'name: "2022-11-02 SRBM south of the NLL, 57 km east of Sokcho"',
        'name: "<script>window.__pwned=1</script>"',
    )
    report = report_markdown(airspace.run(airspace.parse_scenario_text(text)))
    assert "<script>" not in report
    assert report.startswith("# &lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;")


THREADED = """
import sys, threading, airspace
files = sys.argv[1:]
found, failed = {}, []
def work(i):
    try:
        a = airspace.run(files[i % 2])
        found[i] = (a.affected_routes["text"].tolist(), a.reroutes["extra_nm"].round(6).tolist())
    except Exception as exc:
        failed.append(repr(exc))
threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert not failed, failed
assert found[0] == found[2] and found[1] == found[3], found
print("same")
"""


def test_runs_in_threads_share_the_default_network_safely(tmp_path: Path) -> None:
    """Four ``airspace.run`` in threads of a fresh process, sharing the default network and
    FIRs from their first use: GEOS builds an STRtree on its first query and fills a prepared
    geometry's indexes on use, neither thread-safe, and threads crashed the process in 2 of 12
    cold starts.  Runs now take turns (``ENGINE_LOCK``) and share built trees."""
    import subprocess
    import sys

    root = Path(__file__).parents[1] / "scenarios"
    files = [str(root / "2022-11-02-sokcho.yaml"), str(root / "2022-11-02-precaution.yaml")]
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", THREADED, *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0 and result.stdout.strip() == "same", result.stderr[-2000:]


def test_a_mapping_runs_as_a_parsed_scenario_file() -> None:
    from airspace.scenario import ScenarioError

    launch = {"id": "L", "site": "Wonsan", "vehicle": "SRBM", "range": "200 km", "azimuth_deg": 90}
    data = {"version": 1, "name": "x", "launches": [{**launch, "time": "2022-11-02T00:00:00Z"}]}
    advisory = airspace.run(data)
    assert advisory.scenario.launches[0].azimuth_deg == 90.0 and len(advisory.closures) == 3
    data["launches"] = [{**launch, "time": "2022-11-02T00:00:00"}]  # no offset
    with pytest.raises(ScenarioError, match=r"<mapping>: launches\[0\].time: .* has no UTC offset"):
        airspace.run(data)
    # tuples are lists, as in a parsed file; a float where a count goes is quoted
    data["launches"] = ({**launch, "time": "2022-11-02T00:00:00Z", "count": 2.0},)
    with pytest.raises(ScenarioError, match=r"count: expected a whole number, got 2.0$"):
        airspace.run(data)


def test_an_orbital_launch_ends_in_orbit_not_an_impact() -> None:
    from airspace.render.tables import launches_view

    scenario = Path(__file__).parents[1] / "scenarios" / "2021-02-16-falcon9-slc40-droneship.yaml"
    advisory = airspace.run(scenario)
    assert list(advisory.launches["ending"]) == ["orbit"]
    rows = launches_view(advisory).rows()
    assert rows[0][-1].endswith("Z orbit")


def test_a_reroute_into_the_launching_states_fir_is_advised_against() -> None:
    """Hwasong-17, 18 Nov 2022 (Japan MoD; KCNA): the Tokyo-Vladivostok detour round the impact
    area runs through ZKKP, the launch site's FIR.  Advice on the results: a warning, even under
    ``strict`` (``validate`` cannot see a reroute), and none once ZKKP is avoided."""
    file = Path(__file__).parent / "data" / "real-2022-11-18-hwasong17.yaml"
    advisory = airspace.run(file, strict=True)
    (warning,) = [w for w in advisory.warnings if "launching State" in w.message]
    assert warning.path == "flows[1]" and warning.message.startswith(
        "the suggested reroute of NRT-VVO enters ZKKP, the FIR of HS17's launch site"
    )
    avoided = airspace.load_scenario(file).model_copy(update={"avoid_firs": ["ZKKP"]})
    assert not [w for w in airspace.run(avoided).warnings if "launching State" in w.message]


def test_an_aircraft_without_fuel_figures_is_warned_about_in_validate_and_run(
    tmp_path: Path,
) -> None:
    from tests.cli_checks import assert_only_a_warning

    text = (Path(__file__).parents[1] / "scenarios" / "2022-11-02-sokcho.yaml").read_text()
    scenario = tmp_path / "zzzz.yaml"
    scenario.write_text(text.replace("aircraft: B77W", "aircraft: ZZZZ", 1))
    line = scenario.read_text().splitlines().index("    aircraft: ZZZZ") + 1
    assert_only_a_warning(
        scenario,
        f"{scenario}:{line}: flows[0].aircraft: warning: no fuel figures for ZZZZ (ZZZZ unknown "
        "to OpenAP",
    )
