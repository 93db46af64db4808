"""100 flow reroutes round random closures, against networkx A* on the same graph in the same run.

Flows are random airport pairs (airports with a fix within the link distance) at a random cruise
level (FL310, FL350 or FL390) whose baseline airway path exists.  Each gets a random closure on
its baseline: a SFC-UNL 50 km disc or impact ellipse (as in ``advisory_intersection``) centred
within 50 km of one of the path's inner fixes; ``affected_segments`` gives the closed segments.
Ours is the reroute call that ``reroute.plan_flow`` makes: ``RouteNetwork.shortest_path(origin,
destination, avoid_polygons=[zone], avoid_segments=closed, cruise_fl=fl)`` (restriction mask,
airport links clear of the zone, compiled Dijkstra with distance tiers, the Path and its
geodesic line).

networkx searches the same graph: a MultiGraph with one edge per segment (key = segment index,
geodesic length), built once per cruise level from the segments whose band contains it (outside
the timing); per flow the closed and zone-entering segments are removed and the airport links
clear of the zone added (also outside the timing, from the same ``blocked_segments`` and
``_links`` helpers routing uses), then ``astar_path_length`` with the admissible great-circle
heuristic of ``network_routing`` is timed.  Path lengths must be equal (or both "no path").
"""

from __future__ import annotations

import time
import warnings
from dataclasses import replace

import networkx as nx
import numpy as np

from airspace.geo import METRES_PER_NM
from airspace.impact import affected_segments
from airspace.network import NoPathError, RouteNetwork
from airspace.network.network import DEFAULT_AIRPORT_LINK_NM
from airspace.network.routing import _links, _resolve, blocked_segments
from airspace.units import SFC, UNL
from bench.advisory_intersection import random_zones
from bench.network_routing import great_circle_nm

FLOWS = 100
SEED = 6002
LEVELS = (310, 350, 390)


def level_graph(network: RouteNetwork, fl: int) -> nx.MultiGraph:
    """One edge per segment whose band contains ``fl``: key = segment index, weight ``w`` NM."""
    graph = nx.MultiGraph()
    lat, lon = network.nodes["lat"].to_numpy(), network.nodes["lon"].to_numpy()
    graph.add_nodes_from((i, {"lat": lat[i], "lon": lon[i]}) for i in range(len(lat)))
    allowed = blocked_segments(network, (), (), fl)
    assert allowed is not None
    seg = network.segments
    idx = np.flatnonzero(allowed)
    u, v, w = (seg[c].to_numpy()[idx].tolist() for c in ("from_node", "to_node", "length_nm"))
    graph.add_edges_from((a, b, int(k), {"w": x}) for a, b, k, x in zip(u, v, idx, w, strict=True))
    return graph


def main() -> None:
    warnings.simplefilter("ignore", UserWarning)  # numpy's note on tz-aware datetimes
    network = RouteNetwork.default()
    network.shortest_path("RKSI", "RJAA")  # graph and indexes built once, outside the timing
    rng = np.random.default_rng(SEED)
    airports = network.airports
    graphs = {fl: level_graph(network, fl) for fl in LEVELS}
    ours_t: list[float] = []
    nx_t: list[float] = []
    agree = found = tried = 0
    closed_total = 0
    order = iter(rng.permutation(len(airports)).tolist())
    while len(ours_t) < FLOWS:
        ends: list[str] = []
        while len(ends) < 2:
            row = airports.iloc[next(order)]
            near, _ = network.nodes_near(
                float(row["lat"]), float(row["lon"]), DEFAULT_AIRPORT_LINK_NM
            )
            if len(near):
                ends.append(str(row["icao"]))
        a, b = ends
        fl = int(rng.choice(LEVELS))
        tried += 1
        try:
            baseline = network.shortest_path(a, b, cruise_fl=fl)
        except NoPathError:
            continue
        inner = [f for f in baseline.fixes[1:-1] if f.node >= 0]
        if len(inner) < 3:
            continue
        fix = inner[int(rng.integers(1, len(inner) - 1))]
        zone = random_zones(network, 1, rng, centre=(fix.lat, fix.lon))[0]
        zone = replace(zone, lower=SFC, upper=UNL)
        closed = sorted(set(affected_segments(network, [zone])["segment"].tolist()))
        closed_total += len(closed)

        start = time.perf_counter()
        try:
            ours: float | None = network.shortest_path(
                a, b, avoid_polygons=[zone.area], avoid_segments=closed, cruise_fl=fl
            ).length_nm
        except NoPathError:
            ours = None
        ours_t.append(time.perf_counter() - start)

        # the same graph for networkx: closed and zone-entering segments out, links clear of it
        graph = graphs[fl]
        allowed = blocked_segments(network, (zone.area,), tuple(closed), fl)
        assert allowed is not None
        seg = network.segments
        removed = [
            (int(seg["from_node"].iat[k]), int(seg["to_node"].iat[k]), int(k))
            for k in np.flatnonzero(~allowed)
            if graph.has_edge(int(seg["from_node"].iat[k]), int(seg["to_node"].iat[k]), int(k))
        ]
        removed_data = [(u, v, k, graph.edges[u, v, k]) for u, v, k in removed]
        graph.remove_edges_from(removed)
        for key, code in (("ORIG", a), ("DEST", b)):
            ap = _resolve(network, code, b if code == a else a)
            nodes, dist = _links(network, ap, DEFAULT_AIRPORT_LINK_NM, (zone.area,))
            graph.add_node(key, lat=ap.lat, lon=ap.lon)
            graph.add_edges_from(
                (key, int(n), {"w": d / METRES_PER_NM}) for n, d in zip(nodes, dist, strict=True)
            )
        target = graph.nodes["DEST"]

        def heuristic(
            n: object, _: object, t: dict[str, float] = target, g: nx.MultiGraph = graph
        ) -> float:
            node = g.nodes[n]
            return great_circle_nm(node["lat"], node["lon"], t["lat"], t["lon"])

        start = time.perf_counter()
        try:
            theirs: float | None = nx.astar_path_length(
                graph, "ORIG", "DEST", heuristic=heuristic, weight="w"
            )
        except nx.NetworkXNoPath:
            theirs = None
        nx_t.append(time.perf_counter() - start)
        graph.remove_nodes_from(["ORIG", "DEST"])
        graph.add_edges_from(removed_data)

        found += ours is not None
        if ours is None or theirs is None:
            agree += ours is None and theirs is None
        else:
            agree += abs(ours - theirs) <= 1e-6 * max(1.0, theirs) + 0.01
    ours_a, nx_a = np.array(ours_t), np.array(nx_t)
    print(
        f"{FLOWS} reroutes ({tried} pairs drawn, seed {SEED}), {closed_total / FLOWS:.0f} closed "
        f"segments per closure on average: {found} rerouted on airways, {FLOWS - found} without "
        f"a way round; lengths agree for {agree}/{FLOWS}"
    )
    assert agree == FLOWS, "ours and networkx disagree"
    print(f"{'':<34}{'total':>10}{'median':>10}{'max':>10}")
    for label, t in (
        ("RouteNetwork.shortest_path (avoid)", ours_a),
        ("networkx astar_path_length", nx_a),
    ):
        print(f"{label:<34}{t.sum():>9.2f}s{np.median(t) * 1000:>8.1f}ms{t.max() * 1000:>8.0f}ms")
    print(
        f"ratio ours / networkx: {ours_a.sum() / nx_a.sum():.3f} total "
        f"(speed-up {nx_a.sum() / ours_a.sum():.1f}x), "
        f"{np.median(ours_a / nx_a):.3f} median per flow; faster on "
        f"{int(np.sum(ours_a < nx_a))}/{FLOWS}"
    )


if __name__ == "__main__":
    main()
