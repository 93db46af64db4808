"""The goal-directed search finds the lengths networkx finds on an independently built graph.

Random airport pairs (East Asia, Europe, North America) on the world network, with random
restrictions: a cruise level, closed segments, avoided polygons (discs on the free path) and
FIRs, and one-way segments (a random fifth of the network made one-way, as X-Plane 11/12 and
ARINC 424 data have them).  The reference is ``networkx.dijkstra_path_length`` on a
MultiDiGraph built here from the segments table alone: level bands, one-way flags, brute-force
"enters the area" over every segment, airport links from a brute-force geodesic scan of every
fix.  Equal lengths (or no path in both) on every pair.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from airspace.geo import METRES_PER_NM, WGS84
from airspace.network import NoPathError, RouteNetwork
from airspace.network.network import DEFAULT_AIRPORT_LINK_NM

REGIONS = ((30.0, 45.0, 120.0, 145.0), (40.0, 55.0, -5.0, 20.0), (30.0, 45.0, -120.0, -75.0))
CASES = 30


@pytest.fixture(scope="module")
def network() -> RouteNetwork:
    base = RouteNetwork.default()
    segments = base.segments.copy()
    segments["one_way"] = np.random.default_rng(17).random(len(segments)) < 0.2
    return RouteNetwork(segments, base.nodes, base.airports, base.firs)


def reference_graph(network: RouteNetwork, cruise_fl: int | None) -> nx.MultiDiGraph:
    """One edge per usable direction of every segment in the level band (key = segment)."""
    seg = network.segments
    graph = nx.MultiDiGraph()
    for i, row in enumerate(seg.itertuples()):
        if cruise_fl is not None and not row.lower_ft <= cruise_fl * 100 <= row.upper_ft:
            continue
        graph.add_edge(row.from_node, row.to_node, key=i, w=row.length_nm)
        if not row.one_way:
            graph.add_edge(row.to_node, row.from_node, key=i, w=row.length_nm)
    return graph


def enters(geoms: np.ndarray, area: BaseGeometry) -> np.ndarray:
    return np.asarray(shapely.intersects(geoms, area) & ~shapely.touches(geoms, area))


def links(
    network: RouteNetwork, lat: float, lon: float, areas: list[BaseGeometry]
) -> list[tuple[int, float]]:
    """Every fix within the link distance (brute force), joined by a line clear of the areas."""
    lats, lons = network.nodes["lat"].to_numpy(), network.nodes["lon"].to_numpy()
    _, _, dist = WGS84.inv(np.full(len(lats), lon), np.full(len(lats), lat), lons, lats)
    near = np.flatnonzero(np.asarray(dist) <= DEFAULT_AIRPORT_LINK_NM * METRES_PER_NM)
    if len(near) == 0:
        return []
    lines = shapely.linestrings([[(lon, lat), (lons[i], lats[i])] for i in near])
    ok = np.ones(len(near), dtype=bool)
    for area in areas:
        ok &= ~enters(lines, area)
    return [(int(i), float(dist[i]) / METRES_PER_NM) for i in near[ok]]


def disc(lat: float, lon: float, radius_m: float) -> Polygon:
    az = np.linspace(0, 360, 36, endpoint=False)
    x, y, _ = WGS84.fwd(np.full(36, lon), np.full(36, lat), az, np.full(36, radius_m))
    return Polygon(np.column_stack([x, y]))


def test_lengths_match_networkx_with_restrictions_and_one_way_segments(
    network: RouteNetwork,
) -> None:
    rng = np.random.default_rng(23)
    airports = network.airports
    levels = (None, 250, 350)
    graphs = {fl: reference_graph(network, fl) for fl in levels}
    geoms = network.segments.geometry.to_numpy()
    firs = [f for f in network.firs.ids if f != "RKRR"]
    compared = found = restricted = 0
    for case in range(CASES):
        south, north, west, east = REGIONS[case % len(REGIONS)]
        inside = airports[
            airports["lat"].between(south, north) & airports["lon"].between(west, east)
        ]
        a, b = (str(c) for c in inside["icao"].to_numpy()[rng.choice(len(inside), 2)])
        fl = levels[int(rng.integers(len(levels)))]
        try:
            free = network.shortest_path(a, b, cruise_fl=fl)
        except NoPathError:
            free = None
        areas: list[BaseGeometry] = []
        avoid_firs: list[str] = []
        closed: list[int] = []
        if free is not None and len(free.fixes) > 4:
            mid = free.fixes[int(rng.integers(2, len(free.fixes) - 2))]
            areas.append(disc(mid.lat, mid.lon, float(rng.uniform(30e3, 300e3))))
            inner = [s for s in free.segments if s >= 0]
            closed = [int(s) for s in rng.choice(inner, min(3, len(inner)), replace=False)]
        if rng.random() < 0.3:
            avoid_firs = [firs[int(rng.integers(len(firs)))]]
        every_area = areas + [network.firs.polygon(f) for f in avoid_firs]
        try:
            ours: float | None = network.shortest_path(
                a, b, avoid_polygons=areas, avoid_firs=avoid_firs, avoid_segments=closed,
                cruise_fl=fl,
            ).length_nm  # fmt: skip
        except NoPathError:
            ours = None

        graph = graphs[fl]
        blocked = set(closed)
        for area in every_area:
            blocked |= set(np.flatnonzero(enters(geoms, area)).tolist())
        seg = network.segments
        removed = []
        for k in blocked:
            u, v = int(seg["from_node"].iat[k]), int(seg["to_node"].iat[k])
            for x, y in ((u, v), (v, u)):
                if graph.has_edge(x, y, k):
                    removed.append((x, y, k, graph.edges[x, y, k]))
        graph.remove_edges_from([r[:3] for r in removed])
        for key, code in (("ORIG", a), ("DEST", b)):
            row = airports[airports["icao"] == code].iloc[0]
            for node, nm in links(network, float(row["lat"]), float(row["lon"]), every_area):
                edge = (key, node) if key == "ORIG" else (node, key)
                graph.add_edge(*edge, w=nm)
        try:
            theirs: float | None = nx.dijkstra_path_length(graph, "ORIG", "DEST", weight="w")
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            theirs = None
        graph.remove_nodes_from(["ORIG", "DEST"])
        graph.add_edges_from(removed)

        compared += 1
        found += ours is not None
        restricted += bool(blocked)
        if theirs is None:
            assert ours is None, (a, b, fl, ours)
        else:
            assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-6), (a, b, fl, avoid_firs)
    assert compared == CASES and found >= CASES // 2 and restricted >= CASES // 2
