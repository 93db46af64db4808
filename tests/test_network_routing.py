"""Routing graph and spatial index: shortest paths, avoidance, levels, bulk queries."""

from __future__ import annotations

import airportsdata
import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry

from airspace.geo import METRES_PER_NM, WGS84
from airspace.network import NoPathError, Path, RouteNetwork, UnknownNameError

US_WEST_COAST = ("KLAX", "KSFO", "KSEA")


@pytest.fixture(scope="module")
def network() -> RouteNetwork:
    return RouteNetwork.default()


def enters(geom: BaseGeometry, area: BaseGeometry) -> bool:
    """True when the interiors meet (running along the edge does not count)."""
    return bool(geom.intersects(area) and not geom.touches(area))


def check_consistent(network: RouteNetwork, path: Path) -> None:
    """Every leg joins consecutive fixes, and the length is the sum of geodesic legs."""
    segs = network.segments
    assert len(path.airways) == len(path.segments) == len(path.fixes) - 1
    for a, b, seg, airway in zip(
        path.fixes, path.fixes[1:], path.segments, path.airways, strict=False
    ):
        if seg < 0:
            assert airway == "DCT"
            continue
        row = segs.iloc[seg]
        assert row["route"] == airway
        assert {row["from_node"], row["to_node"]} == {a.node, b.node}
    lats = np.array([f.lat for f in path.fixes])
    lons = np.array([f.lon for f in path.fixes])
    _, _, legs = WGS84.inv(lons[:-1], lats[:-1], lons[1:], lats[1:])
    assert path.length_nm == pytest.approx(float(np.sum(legs)) / METRES_PER_NM)
    assert path.geometry.is_valid


def test_rksi_to_rjaa(network: RouteNetwork) -> None:
    path = network.shortest_path("RKSI", "RJAA")
    assert path.fixes[0].name == "RKSI" and path.fixes[-1].name == "RJAA"
    assert path.airways[0] == "DCT" and path.airways[-1] == "DCT"
    # airport positions come from airportsdata (the gazetteer's source too)
    rksi, rjaa = (airportsdata.load("ICAO")[c] for c in ("RKSI", "RJAA"))
    _, _, gc = WGS84.inv(rksi["lon"], rksi["lat"], rjaa["lon"], rjaa["lat"])
    assert path.great_circle_nm == pytest.approx(gc / METRES_PER_NM)
    assert 1.0 <= path.length_nm / path.great_circle_nm <= 1.35
    check_consistent(network, path)
    assert path.summary().startswith("RKSI DCT ") and path.summary().endswith(" DCT RJAA")


@pytest.mark.parametrize("destination", US_WEST_COAST)
def test_avoiding_zkkp_to_the_us_west_coast(network: RouteNetwork, destination: str) -> None:
    zkkp = network.firs.polygon("ZKKP")
    free = network.shortest_path("RKSI", destination)
    avoided = network.shortest_path("RKSI", destination, avoid_firs=["ZKKP"])
    assert not enters(avoided.geometry, zkkp)
    assert all(network.fir_at(f.lat, f.lon) != "ZKKP" for f in avoided.fixes)
    assert avoided.length_nm >= free.length_nm - 1e-6
    # in the 2013 data the unrestricted shortest path does cross ZKKP (B467 via TONIN), so the
    # restriction is what keeps the avoided path out
    assert enters(free.geometry, zkkp) and "B467" in free.airways
    check_consistent(network, avoided)


def test_avoid_named_segments_and_polygons(network: RouteNetwork) -> None:
    free = network.shortest_path("RKSI", "KSEA")
    tonin = network.fix("TONIN")
    no_b467 = network.shortest_path("RKSI", "KSEA", avoid_segments=["B467"])
    assert "B467" not in no_b467.airways
    leg = ("B467", "KANSU", "TONIN")
    no_leg = network.shortest_path("RKSI", "KSEA", avoid_segments=[leg])
    assert not any(
        {a.name, b.name} == {"KANSU", "TONIN"}
        for a, b in zip(no_leg.fixes, no_leg.fixes[1:], strict=False)
    )
    by_index = network.shortest_path("RKSI", "KSEA", avoid_segments=list(free.segments[1:-1]))
    assert not set(by_index.segments) & set(free.segments[1:-1])
    box = Polygon.from_bounds(tonin.lon - 1, tonin.lat - 1, tonin.lon + 1, tonin.lat + 1)
    around = network.shortest_path("RKSI", "KSEA", avoid_polygons=[box])
    assert not enters(around.geometry, box) and "TONIN" not in around.fix_names
    assert "TONIN" in free.fix_names


def test_cruise_level_restricts_bands(network: RouteNetwork) -> None:
    path = network.shortest_path("RKSI", "RJAA", cruise_fl=350)
    rows = network.segments.iloc[[s for s in path.segments if s >= 0]]
    assert ((rows["lower_ft"] <= 35000) & (rows["upper_ft"] >= 35000)).all()
    low = network.shortest_path("RKSI", "RJAA", cruise_fl=100)
    rows = network.segments.iloc[[s for s in low.segments if s >= 0]]
    assert ((rows["lower_ft"] <= 10000) & (rows["upper_ft"] >= 10000)).all()
    assert low.length_nm > path.length_nm  # Y-routes start above FL100 here: a longer way
    with pytest.raises(NoPathError):
        network.shortest_path("RKSI", "RJAA", cruise_fl=50)


def test_matches_networkx_on_the_same_graph(network: RouteNetwork) -> None:
    segs = network.segments
    graph = nx.Graph()
    for u, v, w in zip(segs["from_node"], segs["to_node"], segs["length_nm"], strict=True):
        if not graph.has_edge(u, v) or graph[u][v]["w"] > w:
            graph.add_edge(u, v, w=w)
    for a, b in [("KAE", "DE"), ("TENAS", "SABET"), ("KAE", "ANDOL")]:
        fa, fb = network.fix(a, near=(38.0, 130.0)), network.fix(b, near=(38.0, 130.0))
        ours = network.shortest_path(fa, fb)
        theirs = nx.dijkstra_path_length(graph, fa.node, fb.node, weight="w")
        assert ours.length_nm == pytest.approx(theirs, rel=1e-9)
        check_consistent(network, ours)


def test_goal_directed_bounds_never_change_the_answer(network: RouteNetwork) -> None:
    rng = np.random.default_rng(11)
    nodes = rng.choice(len(network.nodes), size=(12, 2), replace=False)
    graph = network.graph
    for a, b in nodes:
        src, dst = np.array([a]), np.array([b])
        full = graph.shortest(src, np.zeros(1), dst, np.zeros(1))
        try:
            ours = network.shortest_path(network.fix_at(int(a)), network.fix_at(int(b)))
        except NoPathError:
            assert full is None
            continue
        assert full is not None
        assert ours.length_nm * METRES_PER_NM == pytest.approx(full.total_m, abs=1.0)


def test_trans_pacific_path_is_split_at_180(network: RouteNetwork) -> None:
    path = network.shortest_path("RJAA", "PANC")
    assert isinstance(path.geometry, MultiLineString) and path.geometry.is_valid
    minx, _, maxx, _ = path.geometry.bounds
    assert minx >= -180 and maxx <= 180
    assert 1.0 <= path.detour_ratio <= 1.35
    check_consistent(network, path)
    feature = path.to_feature()
    assert feature["geometry"]["type"] == "MultiLineString"
    parts = feature["geometry"]["coordinates"]
    assert {parts[0][-1][0], parts[1][0][0]} == {180.0, -180.0}


def test_errors(network: RouteNetwork) -> None:
    with pytest.raises(UnknownNameError, match="neither an airport"):
        network.shortest_path("RKSI", "XXXX")
    with pytest.raises(NoPathError, match="airport_link_nm"):
        network.shortest_path("RKSI", "RJAA", airport_link_nm=0.5)
    with pytest.raises(NoPathError):  # ANDOL is only on L512
        network.shortest_path("KAE", "ANDOL", avoid_segments=["L512"])


def test_points_and_fixes_as_endpoints(network: RouteNetwork) -> None:
    path = network.shortest_path((37.75, 128.90), "ANDOL")  # Gangneung to the FIR boundary
    assert path.fixes[-1].name == "ANDOL" and path.airways[0] == "DCT"
    check_consistent(network, path)


@pytest.fixture(scope="module")
def region_fixes(network: RouteNetwork) -> list[int]:
    """Fix nodes round Korea and Japan (30-45N, 124-145E)."""
    lat, lon = network.nodes["lat"], network.nodes["lon"]
    return list(network.nodes.index[lat.between(30, 45) & lon.between(124, 145)])


@settings(max_examples=15, deadline=None)
@given(picks=st.lists(st.integers(0, 10**6), min_size=3, max_size=3))
def test_paths_obey_the_triangle_inequality_and_restrictions_never_shorten(
    network: RouteNetwork, region_fixes: list[int], picks: list[int]
) -> None:
    a, b, c = (network.fix_at(region_fixes[p % len(region_fixes)]) for p in picks)
    try:
        ab, bc, ac = (network.shortest_path(x, y) for x, y in ((a, b), (b, c), (a, c)))
    except NoPathError:
        return
    assert ac.length_nm <= ab.length_nm + bc.length_nm + 1e-6
    assert ac.length_nm >= ac.great_circle_nm - 1e-6
    try:
        restricted = network.shortest_path(a, c, avoid_firs=["ZKKP"], cruise_fl=330)
    except NoPathError:
        return
    assert restricted.length_nm >= ac.length_nm - 1e-6


# --------------------------------------------------------------------------- spatial index
def disc(lat: float, lon: float, radius_m: float, n: int = 48) -> Polygon:
    az = np.linspace(0, 360, n, endpoint=False)
    lons, lats, _ = WGS84.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, radius_m))
    return Polygon(np.column_stack([lons, lats]))


def test_bulk_query_matches_brute_force(network: RouteNetwork) -> None:
    rng = np.random.default_rng(7)
    discs = [
        disc(lat, lon, 50_000)
        for lat, lon in zip(rng.uniform(30, 45, 40), rng.uniform(120, 145, 40), strict=True)
    ]
    geo, seg = network.query(discs)
    geoms = network.segments.geometry.to_numpy()
    for i, d in enumerate(discs):
        expected = np.flatnonzero(shapely.intersects(geoms, d))
        assert sorted(seg[geo == i]) == list(expected)
    assert len(seg) > 0


@settings(max_examples=25, deadline=None)
@given(lat=st.floats(33, 43), lon=st.floats(124, 142), radius_km=st.floats(5, 200))
def test_query_hits_are_exactly_the_intersecting_segments(
    network: RouteNetwork, lat: float, lon: float, radius_km: float
) -> None:
    area = disc(lat, lon, radius_km * 1000)
    _, seg = network.query([area])
    geoms = network.segments.geometry.to_numpy()
    assert set(seg) == set(np.flatnonzero(shapely.intersects(geoms, area)))
    inside = network.segments_in(area)
    assert set(inside) <= set(seg)


def test_segments_in_zkkp_include_b467_kansu_tonin(network: RouteNetwork) -> None:
    inside = network.segments_in(network.firs.polygon("ZKKP"))
    rows = network.segments.iloc[inside]
    assert ((rows["route"] == "B467") & (rows["to_fix"].isin(["TONIN", "KANSU"]))).any()
    assert not (rows["route"] == "L512").any()
