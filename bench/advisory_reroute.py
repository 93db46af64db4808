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

import gc
import time
import warnings
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from airspace.geo import METRES_PER_NM
from airspace.impact import affected_segments
from airspace.network import NoPathError, RouteNetwork
from airspace.network.network import DEFAULT_AIRPORT_LINK_NM
from airspace.network.routing import _links, _resolve, blocked_segments
from airspace.units import SFC, UNL
from bench.advisory_intersection import random_zones
from bench.network_routing import great_circle_nm

FLOWS = 100
REPEATS = 5
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


@dataclass(frozen=True)
class Case:
    origin: str
    destination: str
    fl: int
    area: BaseGeometry
    closed: tuple[int, ...]


def draw_cases(network: RouteNetwork, rng: np.random.Generator) -> tuple[list[Case], int]:
    """``FLOWS`` flows with a baseline and a closure on it; also how many pairs were drawn."""
    airports = network.airports
    cases: list[Case] = []
    tried = 0
    order = iter(rng.permutation(len(airports)).tolist())
    while len(cases) < FLOWS:
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
        zone = replace(zone, limits=replace(zone.limits, lower=SFC, upper=UNL))
        closed = tuple(sorted(set(affected_segments(network, [zone])["segment"].tolist())))
        cases.append(Case(origin=a, destination=b, fl=fl, area=zone.area, closed=closed))
    return cases, tried


def ours(network: RouteNetwork, case: Case) -> float | None:
    try:
        return network.shortest_path(
            case.origin, case.destination, avoid_polygons=[case.area],
            avoid_segments=case.closed, cruise_fl=case.fl,
        ).length_nm  # fmt: skip
    except NoPathError:
        return None


@dataclass(frozen=True)
class Restricted:
    """What networkx's level graph loses and gains for one case (prepared outside the timing)."""

    removed: list[tuple[int, int, int, dict[str, float]]]
    links: list[tuple[str, float, float, list[tuple[int, float]]]]


def restrict(network: RouteNetwork, graph: nx.MultiGraph, case: Case) -> Restricted:
    """Closed and zone-entering segments, and the airport links clear of the zone."""
    a, b = case.origin, case.destination
    allowed = blocked_segments(network, (case.area,), case.closed, case.fl)
    assert allowed is not None
    seg = network.segments
    ends = seg["from_node"].to_numpy(), seg["to_node"].to_numpy()
    edges = [(int(ends[0][k]), int(ends[1][k]), int(k)) for k in np.flatnonzero(~allowed)]
    removed = [(u, v, k, graph.edges[u, v, k]) for u, v, k in edges if graph.has_edge(u, v, k)]
    links = []
    for key, code in (("ORIG", a), ("DEST", b)):
        ap = _resolve(network, code, b if code == a else a)
        nodes, dist = _links(network, ap, DEFAULT_AIRPORT_LINK_NM, (case.area,))
        near = [(int(n), float(d) / METRES_PER_NM) for n, d in zip(nodes, dist, strict=True)]
        links.append((key, ap.lat, ap.lon, near))
    return Restricted(removed=removed, links=links)


def theirs(graph: nx.MultiGraph, change: Restricted) -> tuple[float | None, float]:
    """networkx on the same graph: ``(length, seconds of the search alone)``."""
    graph.remove_edges_from([r[:3] for r in change.removed])
    for key, lat, lon, near in change.links:
        graph.add_node(key, lat=lat, lon=lon)
        graph.add_edges_from((key, n, {"w": nm}) for n, nm in near)
    target = graph.nodes["DEST"]

    def heuristic(n: object, _: object) -> float:
        node = graph.nodes[n]
        return great_circle_nm(node["lat"], node["lon"], target["lat"], target["lon"])

    start = time.perf_counter()
    try:
        length: float | None = nx.astar_path_length(
            graph, "ORIG", "DEST", heuristic=heuristic, weight="w"
        )
    except nx.NetworkXNoPath:
        length = None
    seconds = time.perf_counter() - start
    graph.remove_nodes_from(["ORIG", "DEST"])
    graph.add_edges_from(change.removed)
    return length, seconds


def main() -> None:
    warnings.simplefilter("ignore", UserWarning)  # numpy's note on tz-aware datetimes
    network = RouteNetwork.default()
    # graph, indexes and columns built once, outside the timing
    network.shortest_path("RKSI", "RJAA", avoid_polygons=[Point(130, 37).buffer(1)],
                          avoid_segments=[0, "B467", ("G597", "AGAVO", "SAPRA")])  # fmt: skip
    for fl in LEVELS:  # per-level graphs too (networkx gets its own below)
        network.shortest_path("RKSI", "RJAA", cruise_fl=fl)
    graphs = {fl: level_graph(network, fl) for fl in LEVELS}
    cases, tried = draw_cases(network, np.random.default_rng(SEED))
    changes = [restrict(network, graphs[case.fl], case) for case in cases]
    gc.collect()
    gc.freeze()  # the networkx graphs are never collected: no full-heap scans in the timings
    runs: list[tuple[np.ndarray, np.ndarray]] = []
    agree = found = 0
    for repeat in range(REPEATS):  # alternate passes: each side runs its 100 flows in a row
        ours_t: list[float] = []
        lengths: list[float | None] = []
        for case in cases:
            start = time.perf_counter()
            lengths.append(ours(network, case))
            ours_t.append(time.perf_counter() - start)
        nx_t: list[float] = []
        for case, change, mine in zip(cases, changes, lengths, strict=True):
            other, seconds = theirs(graphs[case.fl], change)
            nx_t.append(seconds)
            if repeat == 0:
                found += mine is not None
                if mine is None or other is None:
                    agree += mine is None and other is None
                else:
                    agree += abs(mine - other) <= 1e-6 * max(1.0, other) + 0.01
        runs.append((np.array(ours_t), np.array(nx_t)))
    closed_mean = np.mean([len(c.closed) for c in cases])
    print(
        f"{FLOWS} reroutes ({tried} pairs drawn, seed {SEED}), {closed_mean:.0f} closed "
        f"segments per closure on average: {found} rerouted on airways, {FLOWS - found} without "
        f"a way round; lengths agree for {agree}/{FLOWS}"
    )
    assert agree == FLOWS, "ours and networkx disagree"
    print(f"{'run':<5}{'ours total':>12}{'median':>9}{'max':>8}{'networkx':>12}{'median':>9}"
          f"{'max':>8}{'speed-up':>10}")  # fmt: skip
    for i, (o, t) in enumerate(runs, 1):
        print(
            f"{i:<5}{o.sum():>11.3f}s{np.median(o) * 1e3:>7.1f}ms{o.max() * 1e3:>6.0f}ms"
            f"{t.sum():>11.3f}s{np.median(t) * 1e3:>7.1f}ms{t.max() * 1e3:>6.0f}ms"
            f"{t.sum() / o.sum():>9.1f}x"
        )
    ratios = [o.sum() / t.sum() for o, t in runs]
    per_flow = np.median(np.concatenate([o / t for o, t in runs]))
    print(
        f"median of {REPEATS} runs: ours {np.median([o.sum() for o, _ in runs]):.3f} s, "
        f"networkx {np.median([t.sum() for _, t in runs]):.3f} s; ratio ours / networkx "
        f"{np.median(ratios):.3f} (speed-up {1 / np.median(ratios):.1f}x, target >= 5x); "
        f"per flow (median) {per_flow:.3f}"
    )


if __name__ == "__main__":
    main()
