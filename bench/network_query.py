"""Bulk STRtree query of 1,000 random 50 km discs against all segments, against a Python loop.

Discs are geodesic circles (48 vertices from ``Geod.fwd``) centred at random points on the
segments' own region of the globe (uniform on the sphere between 60S and 70N).  The baseline is
the plain Python loop ``[i for i, seg in enumerate(segments) if seg.intersects(disc)]`` per disc
over all ~77,000 segments, run for every disc (``LOOP_DISCS``; lower it to sample and scale).
Hits must be identical.
"""

from __future__ import annotations

import time

import numpy as np
import shapely
from shapely.geometry import Polygon

from airspace.geo import WGS84
from airspace.network import RouteNetwork

DISCS = 1000
LOOP_DISCS = DISCS  # shapely 2.2 scalar predicates make the full loop affordable
RADIUS_M = 50_000.0
SEED = 50


def random_discs(n: int, rng: np.random.Generator) -> list[Polygon]:
    z = rng.uniform(np.sin(np.radians(-60)), np.sin(np.radians(70)), n)
    lats, lons = np.degrees(np.arcsin(z)), rng.uniform(-180, 180, n)
    az = np.linspace(0, 360, 48, endpoint=False)
    discs = []
    for lat, lon in zip(lats, lons, strict=True):
        x, y, _ = WGS84.fwd(np.full(48, lon), np.full(48, lat), az, np.full(48, RADIUS_M))
        discs.append(Polygon(np.column_stack([x, y])))
    return discs


def main() -> None:
    network = RouteNetwork.default()
    _ = network.tree  # the network's index is built once, outside the query timing
    start = time.perf_counter()
    shapely.STRtree(network.segments.geometry.to_numpy())  # what that build costs
    t_build = time.perf_counter() - start
    discs = random_discs(DISCS, np.random.default_rng(SEED))
    start = time.perf_counter()
    geo, seg = network.query(discs)
    t_bulk = time.perf_counter() - start

    segments = list(network.segments.geometry)
    start = time.perf_counter()
    loop_hits = [[i for i, s in enumerate(segments) if s.intersects(d)] for d in discs[:LOOP_DISCS]]
    t_loop = (time.perf_counter() - start) / LOOP_DISCS * DISCS
    for k, hits in enumerate(loop_hits):
        assert sorted(seg[geo == k]) == hits, f"disc {k}: bulk and loop disagree"
    hit_discs = len(np.unique(geo))
    print(
        f"{DISCS} discs of {RADIUS_M / 1000:.0f} km vs {len(segments)} segments: "
        f"{len(seg)} hits, {hit_discs} discs hit something"
    )
    print(f"STRtree build (once per network):      {t_build * 1000:8.0f} ms")
    print(f"bulk STRtree query, {DISCS} discs:          {t_bulk * 1000:8.1f} ms")
    sampled = f"measured on {LOOP_DISCS} discs, scaled to {DISCS}"
    print(
        f"Python loop seg.intersects(disc):       {t_loop:8.1f} s  "
        f"({sampled if LOOP_DISCS < DISCS else f'all {DISCS} discs'})"
    )
    print(
        f"speed-up: {t_loop / t_bulk:,.0f}x (query only), "
        f"{t_loop / (t_bulk + t_build):,.0f}x (query + index build)"
    )


if __name__ == "__main__":
    main()
