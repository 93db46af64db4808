"""The user's own current route data: X-Plane 11/12 folders and ARINC 424 files.

The test data (``tests/data/navdata``) is written by hand to the published layouts: X-Plane
XP-FIX1200 / XP-NAV1200 / XP-AWY1101, and ARINC 424-18 132-column records (with three real FAA
CIFP ``ER`` records of J60 and the real ``PA`` record of KSEA, public domain).  Both data sets
hold an airway across 180 degrees (R220), one-way airways and namesake fixes in two regions.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import MultiLineString, box

from airspace.geo import METRES_PER_NM, WGS84
from airspace.network import NavdataError, NoPathError, RouteNetwork, UnknownNameError
from airspace.network import sources as net_sources

DATA = Path(__file__).parent / "data" / "navdata"
XPLANE = DATA / "xplane12"
ARINC = DATA / "sample.arinc424"


@pytest.fixture(scope="module", params=["xplane", "arinc424"])
def net(request: pytest.FixtureRequest) -> RouteNetwork:
    return RouteNetwork.load(XPLANE if request.param == "xplane" else ARINC)


def geodesic_nm(a: tuple[float, float], b: tuple[float, float]) -> float:
    _, _, dist = WGS84.inv(a[1], a[0], b[1], b[0])
    return float(dist) / METRES_PER_NM


def directed_graph(network: RouteNetwork) -> nx.DiGraph:
    """An independent graph of the segments: one-way ones forward only."""
    graph = nx.DiGraph()
    for row in network.segments.itertuples():
        graph.add_edge(row.from_node, row.to_node, w=row.length_nm)
        if not row.one_way:
            graph.add_edge(row.to_node, row.from_node, w=row.length_nm)
    return graph


# --------------------------------------------------------------------------- both formats
def test_fixes_resolve_by_ident_region_and_type(net: RouteNetwork) -> None:
    # TENAS also exists as a terminal fix of RKSI (X-Plane) at another place: enroute wins
    tenas = net.fix("TENAS")
    assert (tenas.lat, tenas.lon, tenas.region) == pytest.approx((37.638889, 131.574167, "RK"))
    # KAE: the VOR of region RK, not the namesake DME of region RJ nor the VOR's own DME row
    kae = net.fix("KAE", region="RK")
    assert (kae.lat, kae.lon) == pytest.approx((37.700556, 128.753611), abs=2e-6)
    with pytest.raises(UnknownNameError):
        net.fix("KAE", region="RJ")  # read, but on no airway
    # DOUBL in region RK and DOUBL in region K3 are two nodes, each on its own airway
    rk, k3 = net.fix("DOUBL", region="RK"), net.fix("DOUBL", region="K3")
    assert rk.node != k3.node
    assert (rk.lat, rk.lon, k3.lat, k3.lon) == pytest.approx((36.0, 128.0, 40.0, -100.0))
    assert net.route("J1").fixes[0].node == k3.node
    with pytest.raises(Exception, match="pass near"):
        net.fix("DOUBL")


def test_one_way_airway_is_routed_one_way(net: RouteNetwork) -> None:
    seg = net.segments
    one_way = seg[seg["one_way"]]
    assert len(one_way) > 0 and not seg.loc[seg["route"].isin(["R220", "J1"]), "one_way"].any()
    graph = directed_graph(net)
    pairs = [
        ("KAE", "TENAS"),
        ("TENAS", "KAE"),
        ("TENAS", "ANDOL"),
        ("ANDOL", "TENAS"),
        ("TENAS", "SABET"),
        ("SABET", "TENAS"),
    ]
    for a, b in pairs:
        try:
            start, end = net.fix(a), net.fix(b)
        except UnknownNameError:
            continue  # ANDOL is only in the X-Plane set
        if not nx.has_path(graph, start.node, end.node):  # ARINC: SABET only by one-way B9
            with pytest.raises(NoPathError):
                net.shortest_path(a, b)
            continue
        expected = nx.shortest_path_length(graph, start.node, end.node, weight="w")
        path = net.shortest_path(a, b)
        assert path.length_nm == pytest.approx(expected, rel=1e-9), (a, b)
        for x, y, s in zip(path.fixes, path.fixes[1:], path.segments, strict=False):
            row = seg.iloc[s]
            assert not row["one_way"] or (row["from_node"], row["to_node"]) == (x.node, y.node)
    # the one-way airway is taken forward and never backward
    arinc = net.reports[0].kind == "arinc424"
    forward = net.shortest_path(*(("KAE", "TENAS") if arinc else ("TENAS", "ANDOL")))
    backward = net.shortest_path(forward.destination, forward.origin)
    one_way_routes = set(one_way["route"])
    assert set(forward.airways) & one_way_routes
    assert not set(backward.airways) & one_way_routes
    assert backward.length_nm > forward.length_nm


def test_airway_across_the_antimeridian(net: RouteNetwork) -> None:
    seg = net.segments
    crossing = seg[(seg["route"] == "R220") & seg["crosses_antimeridian"]]
    assert len(crossing) == 1 and isinstance(crossing.geometry.iloc[0], MultiLineString)
    index = int(crossing.index[0])
    # the split segment is found from either side of 180 degrees
    east, west = box(179.0, 51.0, 179.99, 54.0), box(-179.99, 51.0, -179.0, 54.0)
    hits = net.query([east, west])
    assert set(hits[0][hits[1] == index]) == {0, 1}
    assert index in set(net.segments_in(east)) and index in set(net.segments_in(west))
    # Shemya (174.1E) to Adak (176.6W) by airway R220
    path = net.shortest_path("PASY", "PADK")
    assert path.airways == ("DCT", "R220", "R220", "DCT")
    assert isinstance(path.geometry, MultiLineString)
    lons = np.concatenate([np.asarray(g.coords)[:, 0] for g in path.geometry.geoms])
    assert lons.min() >= -180.0 and lons.max() <= 180.0
    legs = [(f.lat, f.lon) for f in path.fixes]
    assert path.length_nm == pytest.approx(sum(geodesic_nm(a, b) for a, b in pairwise(legs)))


def test_airport_to_fix_and_query(net: RouteNetwork) -> None:
    path = net.shortest_path("RKNY", "TENAS")
    assert path.fixes[0].name == "RKNY" and path.airways[0] == "DCT"
    korea = box(128.0, 37.0, 132.0, 38.5)
    names = set(net.segments.iloc[net.query(korea)[1]]["route"])
    assert {"B467", "A1"} & names and "J1" not in names and "R220" not in names


# --------------------------------------------------------------------------- X-Plane specifics
def test_xplane_report_locates_malformed_lines() -> None:
    net = RouteNetwork.from_xplane(XPLANE)
    report = net.reports[0]
    assert report.kind == "xplane" and report.items_read == 16
    assert report.skipped_count == 6
    where = {s.where.split("/")[-1]: s.reason for s in report.skipped}
    assert "not in earth_fix.dat" in where["earth_awy.dat:17"]  # NOSUC
    assert "direction" in where["earth_awy.dat:18"]
    assert "expected at least 11 fields" in where["earth_awy.dat:19"]
    assert "latitude" in where["earth_fix.dat:16"] and "latitude" in where["earth_nav.dat:9"]
    assert any("1200 Version (cycle 2501)" in n for n in report.notes)
    # the G597-W1 line is one segment shared by two airways; B467 has both level bands
    assert net.route("G597").fix_names == net.route("W1").fix_names == ("UL", "TENAS")
    b467 = net.segments[net.segments["route"] == "B467"]
    assert set(b467["level"]) == {"low", "high"} and b467["upper_ft"].max() == 60000.0
    # L512: TENAS -F-> SABET, and the "B" line ANDOL-SABET means SABET -> ANDOL
    assert net.route("L512").fix_names == ("TENAS", "SABET", "ANDOL")
    l512 = net.segments[net.segments["route"] == "L512"]
    assert list(zip(l512["from_fix"], l512["to_fix"], strict=True)) == [
        ("TENAS", "SABET"),
        ("SABET", "ANDOL"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        ("earth_awy.dat", "I\n640 Version - data cycle 2013.10\n99\n", r"earth_awy.dat:2: .*1100"),
        ("earth_fix.dat", "X\n1200 Version\n99\n", r"earth_fix.dat:1: .*'I' or 'A'"),
        ("earth_nav.dat", "I\n1300 Version - future\n99\n", r"earth_nav.dat:2: .*1150 Version"),
    ],
)
def test_xplane_bad_headers_are_located_errors(
    tmp_path: Path, name: str, text: str, match: str
) -> None:
    for file in ("earth_awy.dat", "earth_fix.dat", "earth_nav.dat"):
        (tmp_path / file).write_bytes((XPLANE / file).read_bytes())
    (tmp_path / name).write_text(text)
    with pytest.raises(NavdataError, match=match):
        RouteNetwork.load(tmp_path)


@pytest.mark.parametrize(("fix_version", "nav_version"), [("1100", "1100"), ("1101", "1150")])
def test_xplane_11_layouts(tmp_path: Path, fix_version: str, nav_version: str) -> None:
    """X-Plane 11: fix lines without the 1200 name (1101) or without the waypoint type (1100)."""
    keep = 5 if fix_version == "1100" else 6
    fix_lines = (XPLANE / "earth_fix.dat").read_text().splitlines()
    body = [" ".join(line.split()[:keep]) for line in fix_lines[3:15]]
    header = f"I\n{fix_version} Version - data cycle 1802, build 20180201\n\n"
    (tmp_path / "earth_fix.dat").write_text(header + "\n".join(body) + "\n99\n")
    nav = (XPLANE / "earth_nav.dat").read_text().replace("1200 Version", f"{nav_version} Version")
    (tmp_path / "earth_nav.dat").write_text(nav)
    (tmp_path / "earth_awy.dat").write_bytes((XPLANE / "earth_awy.dat").read_bytes())
    net = RouteNetwork.from_xplane(tmp_path)
    reference = RouteNetwork.from_xplane(XPLANE)
    assert len(net.segments) == len(reference.segments)
    assert (
        (
            net.nodes[["name", "lat", "lon", "region"]]
            == reference.nodes[["name", "lat", "lon", "region"]]
        )
        .all()
        .all()
    )


# --------------------------------------------------------------------------- ARINC specifics
def test_arinc_columns_and_report() -> None:
    lines = ARINC.read_text(encoding="latin-1").splitlines()
    assert all(len(line) == 132 for line in lines)
    j60 = [line for line in lines if line[13:18] == "J60  "]
    assert [line[29:34] for line in j60] == ["LAX  ", "PDZ  ", "CIVET"]  # columns 30-34
    net = RouteNetwork.from_arinc424(ARINC)
    report = net.reports[0]
    assert report.kind == "arinc424" and report.skipped_count == 3
    reasons = {s.where.rsplit(":", 1)[1]: s.reason for s in report.skipped}
    assert "latitude" in reasons["18"] and "terminal" in reasons["39"]
    assert "not found" in reasons["41"]
    assert net.route("J60").fix_names == ("LAX", "PDZ", "CIVET")
    # real KSEA PA record: N47 26 57.00, W122 18 29.10
    ksea = net.airport("KSEA")
    assert (ksea.lat, ksea.lon) == pytest.approx(
        (47 + 26 / 60 + 57 / 3600, -(122 + 18 / 60 + 29.1 / 3600))
    )
    assert net.airport_note("KSEA") == "" and "PA" in net.airport_note("PADK")
    # levels and altitudes: A1 all levels 5,000 ft - FL245; R220 FL180 - unlimited
    a1 = net.segments[net.segments["route"] == "A1"]
    assert set(a1["level"]) == {"low", "high"}
    assert set(a1["lower_ft"]) == {5000.0} and set(a1["upper_ft"]) == {24500.0}
    r220 = net.segments[net.segments["route"] == "R220"]
    assert set(r220["lower_ft"]) == {18000.0} and np.isinf(r220["upper_ft"]).all()
    # G1 ends its continuous part at TENAS: no leg TENAS - SABET
    assert [r.fix_names for r in net.routes("G1")] == [("UL", "TENAS")]
    # B9 is coded SABET, TENAS and restricted backward: flown TENAS -> SABET only
    b9 = net.segments[net.segments["route"] == "B9"]
    assert list(zip(b9["from_fix"], b9["to_fix"], b9["one_way"], strict=True)) == [
        ("TENAS", "SABET", True)
    ]
    with pytest.raises(NoPathError):
        net.shortest_path("SABET", "TENAS")


def test_arinc_malformed_files(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just some text\nnot navigation data\n")
    with pytest.raises(NavdataError, match=r"notes.txt:1: unrecognised route data"):
        RouteNetwork.load(text)
    only_points = tmp_path / "points.pc"
    only_points.write_text(
        "\n".join(line for line in ARINC.read_text().splitlines() if line[4:6] == "EA")
    )
    with pytest.raises(NavdataError, match="no airway segment could be read"):
        RouteNetwork.load(only_points)
    with pytest.raises(NavdataError, match="not an ARINC 424 file"):
        RouteNetwork.from_arinc424(XPLANE / "earth_awy.dat")


# --------------------------------------------------------------------------- loading
def test_load_limits_sources_and_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:  # limits apply when reading (not to a cached entry)
        m.setenv("AIRSPACE_CACHE_DIR", "")
        m.setattr(net_sources, "MAX_SOURCE_BYTES", 1000)
        with pytest.raises(NavdataError, match=r"over the limit of 1,000 bytes .*MAX_SOURCE_BYTES"):
            RouteNetwork.load(ARINC)
    with monkeypatch.context() as m:
        m.setenv("AIRSPACE_CACHE_DIR", "")
        m.setattr(net_sources, "MAX_SOURCE_LINES", 10)
        with pytest.raises(NavdataError, match=r"sample.arinc424:11: more than 10 lines"):
            RouteNetwork.load(ARINC)
        m.setattr("airspace.network.legs.MAX_SOURCE_LINES", 10)
        with pytest.raises(NavdataError, match=r"earth_fix.dat:11: more than 10 lines"):
            RouteNetwork.load(XPLANE)
    with pytest.raises(NavdataError, match="file not found"):
        RouteNetwork.load(tmp_path / "missing.dat")
    with pytest.raises(NavdataError, match=r"without earth_awy\.dat"):
        RouteNetwork.load(tmp_path)
    # a list: the first is the base, the others are added (here the X-Plane set onto ARINC)
    both = RouteNetwork.load([ARINC, XPLANE])
    assert {"J60", "L512"} <= set(both.segments["route"])
    assert both.fix("TENAS").node == both.route("L512").fixes[0].node  # joined, not duplicated
    # the disk cache: a second load reads the entry written by the first
    monkeypatch.setenv("AIRSPACE_CACHE_DIR", str(tmp_path / "cache"))
    first = RouteNetwork.load(ARINC)
    again = RouteNetwork.load(ARINC)
    assert first.reports[-2].kind == "arinc424" and again.reports[-2].kind == "cache"
    assert (again.segments["route"] == first.segments["route"]).all()
    assert again.airport_list == first.airport_list
    assert list((tmp_path / "cache").glob("network-user-*.npz"))


# --------------------------------------------------------------------------- airports
def test_every_known_airport_is_routable() -> None:
    net = RouteNetwork.default()
    # Istanbul (2018) and Hamad (2014) are newer than the 2013.10 airway data's airport list
    path = net.shortest_path("OTHH", "LTFM", cruise_fl=350)
    assert path.fixes[0].name == "OTHH" and path.fixes[-1].name == "LTFM"
    assert 1.0 < path.detour_ratio < 1.3
    assert len(path.notes) == 2 and all("not in the 2013.10 airway data" in n for n in path.notes)
    assert "airportsdata" in path.notes[1] and path.to_feature()["properties"]["notes"]
    assert net.check_endpoint("LTFM") == path.notes[1:]
    assert net.check_endpoint("RKSI") == () and net.shortest_path("RKSI", "RJAA").notes == ()
    assert not net.segments["one_way"].any()  # the bundled 2013 data stays two-way
    with pytest.raises(UnknownNameError, match="neither an airport"):
        net.check_endpoint("QQQQ")


def test_remote_island_airport_gets_a_clear_error() -> None:
    net = RouteNetwork.default()
    midway = net.airport("PMDY")  # Henderson Field, Midway Atoll
    names, lats, lons = (net.nodes[c].to_numpy() for c in ("name", "lat", "lon"))
    _, _, dist = WGS84.inv(
        np.full(len(lats), midway.lon), np.full(len(lats), midway.lat), lons, lats
    )
    nearest = int(np.argmin(dist))
    far_nm = float(dist[nearest]) / METRES_PER_NM
    assert far_nm > 60
    message = (
        rf"PMDY .* no airway fix within 60 NM: the nearest, {names[nearest]}, is {far_nm:.0f} NM"
    )
    with pytest.raises(NoPathError, match=message):
        net.shortest_path("PMDY", "PHNL")
    with pytest.raises(NoPathError, match=message.replace("PMDY ", "endpoint PMDY ")):
        net.check_endpoint("PMDY")
    assert (
        net.shortest_path("PMDY", "PHNL", airport_link_nm=far_nm + 1).fixes[1].name
        == names[nearest]
    )


# --------------------------------------------------------------------------- scenario and CLI
GULF = """name: Gulf to Istanbul
closures:
  - id: box
    polygon: ["30N 45E", "30N 47E", "32N 47E", "32N 45E"]
    start: 2024-01-01T00:00Z
    end: 2024-01-01T06:00Z
flows:
  - id: doha-istanbul
    origin: OTHH
    destination: LTFM
    flights_per_day: 6
"""


def test_new_airports_route_in_a_run_with_notes_in_the_outputs() -> None:
    from airspace.advisory import build
    from airspace.scenario import parse_scenario_text

    result = build(parse_scenario_text(GULF, "gulf.yaml"))
    flow = result.flows.iloc[0]
    assert flow["route"].startswith("OTHH DCT ") and flow["route"].endswith(" DCT LTFM")
    assert "LTFM is not in the 2013.10 airway data" in flow["notes"]
    assert "OTHH is not in the 2013.10 airway data" in flow["notes"]


def test_scenario_network_and_cli_network(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from airspace import cli

    runner = CliRunner()
    data = tmp_path / "navdata"
    data.mkdir()
    for file in ("earth_awy.dat", "earth_fix.dat", "earth_nav.dat"):
        (data / file).write_bytes((XPLANE / file).read_bytes())
    korea = tmp_path / "korea.yaml"
    korea.write_text(
        "name: Yangyang to the Sea of Japan\nnetwork: navdata\nflows:\n  - id: east\n"
        "    origin: RKNY\n    destination: 37.67N 133.08E\n    flights_per_day: 2\n"
    )
    out = tmp_path / "out"
    result = runner.invoke(cli.app, ["run", str(korea), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    flows = json.loads((out / "advisory.json").read_text())["flows"]
    assert flows[0]["route"].startswith("RKNY DCT IGLUT B467 TENAS L512 SABET")
    # the same data given on the command line: the Gulf flow cannot join it, located problems
    gulf = tmp_path / "gulf.yaml"
    gulf.write_text(GULF)
    result = runner.invoke(cli.app, ["validate", str(gulf), "--network", str(data)])
    assert result.exit_code == 2
    assert f"{gulf}:9: flows[0].origin: endpoint OTHH" in result.stderr
    assert f"{gulf}:10: flows[0].destination: endpoint LTFM" in result.stderr
    assert "earth_awy.dat:17: first point not in earth_fix.dat" in result.stderr  # the report
    # a malformed file given on the command line is an input error (exit 2), not a crash
    bad = tmp_path / "bad.dat"
    bad.write_text("I\n640 Version\nAAA 10.0 x BBB\n99\n")
    result = runner.invoke(cli.app, ["validate", str(korea), "--network", str(bad)])
    assert result.exit_code == 2 and "no airway segment could be read" in result.stderr
    # a scenario naming missing route data is refused at validation, at its line
    korea.write_text(korea.read_text().replace("network: navdata", "network: [default, nope]"))
    result = runner.invoke(cli.app, ["validate", str(korea)])
    assert result.exit_code == 2
    assert f"{korea}:2: network[1]: route data 'nope' not found" in result.stderr


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda line: line[:70], "ER record shorter than 132 columns"),  # cut short
        (lambda line: line.replace("A1   ", "A\x001  "), "missing or malformed"),  # a NUL
        (lambda line: line.replace("0020IGLUT", "00X0IGLUT"), "missing or malformed"),  # seq
        (lambda line: line.replace("A1  ", "A1\u00e9 ", 1), "missing or malformed"),  # UTF-8
    ],
)
def test_an_unreadable_airway_record_breaks_the_airway_and_is_reported(
    tmp_path: Path, change: Callable[[str], str], reason: str
) -> None:
    """A1 is KAE - IGLUT - TENAS: with IGLUT's record (line 22) unreadable, A1 has no leg at
    all (never an invented KAE - TENAS) and line 22 is reported."""
    lines = ARINC.read_text(encoding="latin-1").splitlines()
    lines[21] = change(lines[21])
    broken = tmp_path / "broken.arinc424"
    broken.write_bytes("\n".join(lines).encode("utf-8"))
    net = RouteNetwork.from_arinc424(broken)
    a1 = net.segments[net.segments["route"] == "A1"]
    assert a1.empty
    report = net.reports[0]
    assert any(s.where.endswith(":22") and reason in s.reason for s in report.skipped)


def test_records_longer_than_132_columns_are_read(tmp_path: Path) -> None:
    lines = ARINC.read_text(encoding="latin-1").splitlines()
    padded = tmp_path / "padded.arinc424"
    padded.write_text("\n".join(f"{line} " for line in lines), encoding="latin-1")
    assert len(RouteNetwork.from_arinc424(padded).segments) == len(
        RouteNetwork.from_arinc424(ARINC).segments
    )


def test_a_longitude_past_180_degrees_is_no_position(tmp_path: Path) -> None:
    lines = ARINC.read_text(encoding="latin-1").splitlines()
    k = next(i for i, line in enumerate(lines) if line[4:6] == "EA" and line[13:18] == "IGLUT")
    lines[k] = lines[k][:41] + "E181000000" + lines[k][51:]
    broken = tmp_path / "lon181.arinc424"
    broken.write_text("\n".join(lines), encoding="latin-1")
    net = RouteNetwork.from_arinc424(broken)
    assert "IGLUT" not in set(net.nodes["name"])
    reasons = {s.where.rsplit(":", 1)[1]: s.reason for s in net.reports[0].skipped}
    assert reasons[str(k + 1)] == "EA record: latitude or longitude malformed"


def test_an_xplane_file_cut_short_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "xp"
    shutil.copytree(XPLANE, folder)
    awy = folder / "earth_awy.dat"
    lines = awy.read_text(encoding="latin-1").splitlines()
    awy.write_text("\n".join(lines[:-3]) + "\n", encoding="latin-1")  # the '99' line is gone
    with pytest.raises(NavdataError, match=r"earth_awy.dat:\d+: the earth_awy.dat ends without"):
        RouteNetwork.load(folder)
