"""4-D intersection of 1,000 random closure zones with the global network, against geopandas.sjoin.

Zones are ``HazardVolume``s centred within 50 km of random segment vertices (so most of them meet
airways): half are impact dispersion ellipses (``Dispersion.ellipse_local`` at 99.9 % plus a 10 km
buffer, sigmas 3-25 km, random track), half are 50 km discs, both built in the zone's local
azimuthal-equidistant plane and mapped back to lon/lat by geodesic distance and azimuth; areas
across the antimeridian are split there (``wrap_lonlat``), as in production.  Each
has a random level band (SFC or FL050-FL300 up to FL150-FL600 or UNL) and a random window of
30 min to 6 h within one day; the query window is the middle 12 h.

Ours is the whole ``affected_segments(network, volumes, window=...)`` call: bulk STRtree query,
vertical and time filters, exact intersections, line merge, entry/exit points, geodesic inside
lengths and the GeoDataFrame.  The baseline is ``geopandas.sjoin(zones, segments,
predicate="intersects")`` alone (lateral candidates with both tables' columns, nothing else) on
the same GeoDataFrame of segments; both spatial indexes are built before timing.  Checks: the
lateral pairs are identical, and our rows are exactly the sjoin pairs that survive the vertical and
time filters and meet along a line (not only at a point).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from airspace.advisory import volumes_frame
from airspace.geo import WGS84, wrap_lonlat
from airspace.hazard import Dispersion, HazardVolume
from airspace.impact import affected_segments
from airspace.network import RouteNetwork
from airspace.units import SFC, UNL, Limits, flight_level

ZONES = 1000
REPEATS = 5
SEED = 6001
DAY = datetime(2022, 11, 2, tzinfo=UTC)
WINDOW = (DAY + timedelta(hours=6), DAY + timedelta(hours=18))


def _lonlat(local: Polygon, lat: float, lon: float) -> Polygon | MultiPolygon:
    """A polygon in the local azimuthal-equidistant plane of (lat, lon) back to lon/lat.

    Each vertex keeps its distance and azimuth from the centre (what the ``aeqd`` projection
    does), one vectorised ``Geod.fwd``; longitudes continuous, split at the antimeridian.
    """
    xy = np.asarray(local.exterior.coords)
    az = np.degrees(np.arctan2(xy[:, 0], xy[:, 1]))
    x, y, _ = WGS84.fwd(np.full(len(xy), lon), np.full(len(xy), lat), az, np.hypot(*xy.T))
    x = lon + (np.asarray(x) - lon + 180.0) % 360.0 - 180.0
    return wrap_lonlat(Polygon(np.column_stack([x, y])))


def random_zones(
    network: RouteNetwork,
    n: int,
    rng: np.random.Generator,
    centre: tuple[float, float] | None = None,
) -> list[HazardVolume]:
    """``n`` zones centred within 50 km of random segment vertices (or of ``centre``, lat/lon)."""
    segs = network.segments
    pick = rng.integers(0, len(segs), n)
    lat0, lon0 = segs["from_lat"].to_numpy()[pick], segs["from_lon"].to_numpy()[pick]
    if centre is not None:
        lat0, lon0 = np.full(n, centre[0]), np.full(n, centre[1])
    lons, lats, _ = WGS84.fwd(
        lon0, lat0, rng.uniform(0, 360, n), 50_000.0 * np.sqrt(rng.uniform(0, 1, n))
    )
    disc = Point(0, 0).buffer(50_000.0, quad_segs=12)
    zones: list[HazardVolume] = []
    for k in range(n):
        lat, lon = float(lats[k]), float(lons[k])
        start = DAY + timedelta(minutes=float(rng.uniform(0, 24 * 60)))
        end = start + timedelta(minutes=float(rng.uniform(30, 360)))
        lower = SFC if rng.uniform() < 0.4 else flight_level(int(rng.integers(5, 31)) * 10)
        top = int(rng.integers(15, 62)) * 10
        upper = UNL if top > 600 or rng.uniform() < 0.3 else flight_level(top)
        if upper.feet is not None and upper.feet <= (lower.feet or 0.0):
            upper = UNL
        if k % 2 == 0:  # impact ellipse: 99.9 % containment plus a 10 km buffer
            sig = rng.uniform(3_000, 25_000, 2)
            disp = Dispersion(
                lat=lat,
                lon=lon,
                sigma_along_m=float(sig.max()),
                sigma_cross_m=float(sig.min()),
                track_deg=rng.uniform(0, 360),
            )
            local = disp.ellipse_local(0.999).buffer(10_000.0, quad_segs=16)
            area, kind = _lonlat(local, lat, lon), "impact"
        else:  # 50 km disc
            area, kind = _lonlat(disc, lat, lon), "declared"
        limits = Limits(lower=lower, upper=upper, start=start, end=end)
        zones.append(HazardVolume(id=f"Z{k}", kind=kind, area=area, limits=limits, reason="bench"))
    return zones


def main() -> None:
    network = RouteNetwork.default()
    segments = network.segments
    zones = random_zones(network, ZONES, np.random.default_rng(SEED))
    zones_gdf = volumes_frame(zones)
    _ = network.tree, segments.sindex, zones_gdf.sindex  # indexes built outside the timing

    ours_t: list[float] = []
    sj_t: list[float] = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        ours = affected_segments(network, zones, window=WINDOW)
        ours_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        joined = gpd.sjoin(zones_gdf, segments, predicate="intersects")
        sj_t.append(time.perf_counter() - start)

    # same lateral pairs before the vertical and time filters
    zone_idx, seg_idx = network.query(np.array([z.area for z in zones], dtype=object))
    lateral = set(zip(zone_idx.tolist(), seg_idx.tolist(), strict=True))
    sj_pairs = set(zip(joined.index.tolist(), joined["index_right"].tolist(), strict=True))
    assert lateral == sj_pairs, f"lateral pairs differ: {len(lateral ^ sj_pairs)} pairs"

    # our rows = sjoin pairs that meet in levels and time and along a line
    top = joined["upper_ft_left"].astype(float).fillna(np.inf).to_numpy()
    w0, w1 = WINDOW
    keep = (
        (joined["lower_ft_right"].to_numpy() < top)
        & (joined["lower_ft_left"].to_numpy() < joined["upper_ft_right"].to_numpy())
        & (joined["start"] < w1).to_numpy()
        & (joined["end"] > w0).to_numpy()
    )
    cand = joined[keep]
    pieces = shapely.intersection(
        segments.geometry.to_numpy()[cand["index_right"].to_numpy()], cand.geometry.to_numpy()
    )
    line = shapely.length(pieces) > 0
    expected = set(zip(cand["id"][line], cand["index_right"][line].tolist(), strict=True))
    got = set(zip(ours["closure"], ours["segment"].tolist(), strict=True))
    assert got == expected, f"4-D hits differ: {len(got ^ expected)} pairs"

    ours_a, sj_a = np.array(ours_t), np.array(sj_t)
    ratio = float(np.median(ours_a) / np.median(sj_a))
    hit_zones = ours["closure"].nunique()
    print(
        f"{ZONES} zones vs {len(segments)} segments: {len(sj_pairs)} lateral pairs (identical), "
        f"{len(ours)} 4-D hits from {hit_zones} zones in window "
        f"{w0:%H%MZ}-{w1:%H%MZ}; {ours['inside_nm'].sum():,.0f} NM closed"
    )
    print(f"{'median of ' + str(REPEATS):<44}{'ms':>8}")
    print(f"{'affected_segments (4-D, lengths, frame)':<44}{np.median(ours_a) * 1000:>8.1f}")
    print(f"{'geopandas.sjoin (lateral only)':<44}{np.median(sj_a) * 1000:>8.1f}")
    print(f"ratio ours / sjoin: {ratio:.2f} (target <= 1.0)")


if __name__ == "__main__":
    main()
