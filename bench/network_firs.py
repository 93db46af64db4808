"""The world FIR layer: load time, point look-up and area look-up.

Times (best of ``REPEAT`` runs, in this process):
- load from GeoJSON: ``FirSet.from_geojson`` of the bundled file (JSON parse, outlines, checks);
- load from the disk cache: the same table read back from its content-keyed ``.npz``;
- ``firs_at`` for 10,000 random points on the sphere (one bulk STRtree query), against a
  brute-force baseline: ``shapely.contains_xy`` of every point in every outline;
- ``intersecting`` for 1,000 random 300 km discs, against intersecting every outline with each.
"""

from __future__ import annotations

import json
import os
import tempfile
from importlib.resources import files

import numpy as np
import shapely

from airspace.geo import geodesic_circle
from airspace.network import FirSet
from airspace.network import cache as net_cache
from bench import _timing as timing

REPEAT = 5
POINTS = 10_000
DISCS = 1_000


def main() -> None:
    data = (files("airspace.geodata") / "firs.geojson").read_bytes()
    firs = FirSet.from_geojson(json.loads(data))
    geoms = firs.table.geometry.to_numpy()
    vertices = len(shapely.get_coordinates(geoms))
    print(f"firs.geojson: {len(data) / 1e6:.2f} MB, {len(firs.table)} FIRs, {vertices} vertices")

    t_json = timing.best(lambda: FirSet.from_geojson(json.loads(data)), REPEAT)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AIRSPACE_CACHE_DIR"] = tmp
        try:
            build = lambda: (firs.table, firs.report)  # noqa: E731
            net_cache.cached_frame("firs", [data], build)
            t_cache = timing.best(
                lambda: FirSet(*net_cache.cached_frame("firs", [data], build)), REPEAT
            )
        finally:
            del os.environ["AIRSPACE_CACHE_DIR"]

    rng = np.random.default_rng(2608)
    lats = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, POINTS)))
    lons = rng.uniform(-180.0, 180.0, POINTS)
    t_query = timing.best(lambda: firs.firs_at(lats, lons), REPEAT)
    t_brute = timing.best(lambda: [shapely.contains_xy(g, lons, lats) for g in geoms], 2)

    discs = [
        geodesic_circle(
            float(np.degrees(np.arcsin(rng.uniform(-0.9, 0.9)))),
            float(rng.uniform(-180.0, 180.0)),
            300_000.0,
        )
        for _ in range(DISCS)
    ]
    t_area = timing.best(lambda: [firs.intersecting(d) for d in discs], 2)
    t_area_brute = timing.best(lambda: [shapely.intersection(geoms, d) for d in discs], 1)

    # same answers as the baselines
    inside = np.array([shapely.contains_xy(g, lons, lats) for g in geoms])
    ids = firs.table["id"].to_numpy()
    brute = [ids[np.argmax(col)] if col.any() else None for col in inside.T]
    assert list(firs.firs_at(lats, lons)) == brute
    for disc in discs[:100]:
        shared = shapely.area(shapely.intersection(geoms, disc)) > 0.0
        assert firs.intersecting(disc) == tuple(ids[shared])

    print(f"{'step':<52}{'time':>10}")
    for label, t in [
        ("load: FirSet.from_geojson (parse + outlines)", t_json),
        ("load: from the disk cache (.npz, WKB)", t_cache),
        (f"firs_at, {POINTS} points (one STRtree query)", t_query),
        ("  baseline: contains_xy in every outline", t_brute),
        (f"intersecting, {DISCS} discs of 300 km", t_area),
        ("  baseline: intersection with every outline", t_area_brute),
    ]:
        print(f"{label:<52}{t * 1000:>8.1f} ms")
    print(
        f"cache {t_json / t_cache:.0f}x faster than GeoJSON; firs_at {t_brute / t_query:.0f}x, "
        f"intersecting {t_area_brute / t_area:.0f}x faster than brute force"
    )


if __name__ == "__main__":
    main()
