"""100 random airport-pair shortest paths on the global graph, against networkx A* in the same run.

Both search the same graph: one node per fix, one edge per fix pair with the shortest geodesic
length of its airway segments, and each airport linked to every fix within
``DEFAULT_AIRPORT_LINK_NM`` (added per query, so an airport is never a shortcut).  networkx uses
``astar_path_length`` with an admissible great-circle heuristic (sphere of 0.99 x 6371 km).  Ours
is the full ``RouteNetwork.shortest_path`` call (endpoint resolution, graph assembly, compiled
Dijkstra with a great-circle distance limit, and the Path with its densified geodesic line).
Airports are drawn among those with at least one fix within the link distance; pairs on
unconnected parts of the world network (no airway across the Atlantic, for example) count as
"no path" for both and are timed too.  Results must agree (same length, same reachability).
"""

from __future__ import annotations

import math
import time

import networkx as nx
import numpy as np

from airspace.geo import METRES_PER_NM
from airspace.network import NoPathError, RouteNetwork
from airspace.network.network import DEFAULT_AIRPORT_LINK_NM

PAIRS = 100
SEED = 20131


def great_circle_nm(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 0.99 * 6371.0 * 1000.0 / METRES_PER_NM * math.asin(math.sqrt(min(1.0, h)))


def main() -> None:
    network = RouteNetwork.default()
    network.shortest_path("RKSI", "RJAA")  # build the graph and indexes once, outside the timing
    rng = np.random.default_rng(SEED)
    airports = network.airports
    linked: list[int] = []
    for i in rng.permutation(len(airports)):
        row = airports.iloc[int(i)]
        if len(
            network.nodes_near(float(row["lat"]), float(row["lon"]), DEFAULT_AIRPORT_LINK_NM)[0]
        ):
            linked.append(int(i))
        if len(linked) == 2 * PAIRS:
            break
    pairs = [
        (str(airports.iloc[a]["icao"]), str(airports.iloc[b]["icao"]))
        for a, b in zip(linked[::2], linked[1::2], strict=True)
    ]

    # networkx graph: same nodes, min-weight edge per fix pair
    segs = network.segments
    graph = nx.Graph()
    lat, lon = network.nodes["lat"].to_numpy(), network.nodes["lon"].to_numpy()
    graph.add_nodes_from((i, {"lat": lat[i], "lon": lon[i]}) for i in range(len(lat)))
    order = np.argsort(-segs["length_nm"].to_numpy())  # shortest added last, so it wins
    u, v, w = (segs[c].to_numpy()[order] for c in ("from_node", "to_node", "length_nm"))
    graph.add_weighted_edges_from(zip(u.tolist(), v.tolist(), w.tolist(), strict=True), weight="w")

    ours_t, nx_t = [], []
    agree = found = 0
    for a, b in pairs:
        start = time.perf_counter()
        try:
            ours: float | None = network.shortest_path(a, b).length_nm
        except NoPathError:
            ours = None
        ours_t.append(time.perf_counter() - start)

        links = []
        for key, code in (("ORIG", a), ("DEST", b)):
            ap = network.airport(code)
            nodes, dist = network.nodes_near(ap.lat, ap.lon, DEFAULT_AIRPORT_LINK_NM)
            links.append((key, ap, nodes, dist))
        start = time.perf_counter()
        for key, ap, nodes, dist in links:
            graph.add_node(key, lat=ap.lat, lon=ap.lon)
            graph.add_weighted_edges_from(
                ((key, int(n), d / METRES_PER_NM) for n, d in zip(nodes, dist, strict=True)),
                weight="w",
            )
        target = graph.nodes["DEST"]

        def heuristic(n: object, _: object, t: dict[str, float] = target) -> float:
            node = graph.nodes[n]
            return great_circle_nm(node["lat"], node["lon"], t["lat"], t["lon"])

        try:
            theirs: float | None = nx.astar_path_length(
                graph, "ORIG", "DEST", heuristic=heuristic, weight="w"
            )
        except nx.NetworkXNoPath:
            theirs = None
        graph.remove_nodes_from(["ORIG", "DEST"])
        nx_t.append(time.perf_counter() - start)
        found += ours is not None
        if ours is None or theirs is None:
            agree += ours is None and theirs is None
        else:
            agree += abs(ours - theirs) <= 1e-6 * max(1.0, theirs) + 0.01  # + link epsilons
    ours_a, nx_a = np.array(ours_t), np.array(nx_t)
    print(
        f"{len(pairs)} airport pairs (seed {SEED}): {found} with a path, "
        f"{len(pairs) - found} without; "
        f"results agree for {agree}/{len(pairs)}"
    )
    print(f"{'':<28}{'total':>10}{'median':>10}{'max':>10}")
    for label, t in (("RouteNetwork.shortest_path", ours_a), ("networkx astar_path_length", nx_a)):
        print(f"{label:<28}{t.sum():>9.2f}s{np.median(t) * 1000:>8.1f}ms{t.max() * 1000:>8.0f}ms")
    print(
        f"speed-up over networkx A*: {nx_a.sum() / ours_a.sum():.1f}x total, "
        f"{np.median(nx_a / ours_a):.1f}x median per pair; faster on "
        f"{int(np.sum(ours_a < nx_a))}/{len(pairs)} pairs"
    )


if __name__ == "__main__":
    main()
