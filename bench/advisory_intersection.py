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
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from airspace.advisory import volumes_frame
from airspace.geo import METRES_PER_NM, WGS84, wrap_lonlat
from airspace.hazard import Dispersion, HazardVolume
from airspace.impact import affected_segments
from airspace.network import RouteNetwork
from airspace.tables import frame
from airspace.units import SFC, UNL, Limits, flight_level

SIZES = ((1000, 5), (10000, 3))
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


def plain_shapely(
    segments: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    window: tuple[datetime, datetime] | None = None,
) -> gpd.GeoDataFrame:
    """The baseline: the affected-segments table the plain vectorised way.

    ``geopandas.sjoin`` of the zones (the ``hazards`` table) with the segments, the level and
    window filters on the joined columns, one ``shapely.intersection`` of every matched pair,
    ``shapely.line_merge`` of the multi-part pieces, the line pieces kept, geodesic lengths of
    all their vertices in one ``Geod.inv`` call, entry and exit from their first and last vertex.
    """
    joined = gpd.sjoin(zones, segments, predicate="intersects")
    z_lo = joined["lower_ft_left"].to_numpy(dtype=float)
    z_hi = joined["upper_ft_left"].astype(float).fillna(np.inf).to_numpy()
    s_lo, s_hi = joined["lower_ft_right"].to_numpy(), joined["upper_ft_right"].to_numpy()
    keep = (s_lo < z_hi) & (z_lo < s_hi)
    if window is not None:
        keep &= (joined["start"] < window[1]).to_numpy() & (joined["end"] > window[0]).to_numpy()
    pairs = joined[keep]
    seg_idx = pairs["index_right"].to_numpy()
    pieces = shapely.intersection(segments.geometry.to_numpy()[seg_idx], pairs.geometry.to_numpy())
    multi = shapely.get_type_id(pieces) != shapely.GeometryType.LINESTRING
    pieces[multi] = shapely.line_merge(pieces[multi])
    line = shapely.length(pieces) > 0
    pairs, seg_idx, pieces = pairs[line], seg_idx[line], pieces[line]
    parts, part_of = shapely.get_parts(pieces, return_index=True)
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    same = owner[1:] == owner[:-1]
    _, _, dist = WGS84.inv(coords[:-1, 0][same], coords[:-1, 1][same],
                           coords[1:, 0][same], coords[1:, 1][same])  # fmt: skip
    inside_m = np.bincount(part_of[owner[1:][same]], weights=dist, minlength=len(pieces))
    xy, which = shapely.get_coordinates(pieces, return_index=True)
    first = np.searchsorted(which, np.arange(len(pieces)), side="left")
    last = np.searchsorted(which, np.arange(len(pieces)), side="right") - 1
    table = segments.iloc[seg_idx]
    rows = pd.DataFrame(
        {
            "closure": pairs["id"].to_numpy(),
            "kind": pairs["kind_left"].to_numpy() if "kind_left" in pairs else pairs["kind"],
            "segment": seg_idx,
            "route": table["route"].to_numpy(),
            "from_fix": table["from_fix"].to_numpy(),
            "to_fix": table["to_fix"].to_numpy(),
            "level": table["level"].to_numpy(),
            "lower_ft": np.maximum(s_lo[keep][line], z_lo[keep][line]),
            "upper_ft": np.minimum(s_hi[keep][line], z_hi[keep][line]),
            "start": pairs["start"].to_numpy(),
            "end": pairs["end"].to_numpy(),
            "entry_lat": xy[first, 1],
            "entry_lon": xy[first, 0],
            "exit_lat": xy[last, 1],
            "exit_lon": xy[last, 0],
            "inside_nm": inside_m / METRES_PER_NM,
            "geometry": pieces,
        }
    )
    rows = rows.sort_values(["route", "closure", "segment"], kind="stable", ignore_index=True)
    return frame("affected_segments", rows)


def same_rows(ours: gpd.GeoDataFrame, baseline: gpd.GeoDataFrame) -> None:
    """Assert the two tables hold the same rows: equal values, lengths to 1e-12, equal lines."""
    assert list(ours.columns) == list(baseline.columns)
    assert len(ours) == len(baseline), (len(ours), len(baseline))
    plain = [c for c in ours.columns if c not in ("inside_nm", "geometry")]
    pd.testing.assert_frame_equal(
        pd.DataFrame(ours[plain]), pd.DataFrame(baseline[plain]), check_dtype=False
    )
    assert np.allclose(ours["inside_nm"], baseline["inside_nm"], rtol=1e-12, atol=0.0)
    assert shapely.equals_exact(
        ours.geometry.to_numpy(), baseline.geometry.to_numpy(), tolerance=0.0
    ).all()


def main() -> None:
    network = RouteNetwork.default()
    segments = network.segments
    _ = network.tree, segments.sindex  # indexes built outside the timing
    for n, repeats in SIZES:
        zones = random_zones(network, n, np.random.default_rng(SEED))
        zones_gdf = volumes_frame(zones)
        _ = zones_gdf.sindex
        ours_t: list[float] = []
        base_t: list[float] = []
        sj_t: list[float] = []
        for _ in range(repeats):
            start = time.perf_counter()
            ours = affected_segments(network, zones, window=WINDOW)
            ours_t.append(time.perf_counter() - start)
            start = time.perf_counter()
            baseline = plain_shapely(segments, zones_gdf, WINDOW)
            base_t.append(time.perf_counter() - start)
            start = time.perf_counter()
            joined = gpd.sjoin(zones_gdf, segments, predicate="intersects")
            sj_t.append(time.perf_counter() - start)
        same_rows(ours, baseline)
        ours_a, base_a, sj_a = np.array(ours_t), np.array(base_t), np.array(sj_t)
        print(
            f"{n} zones vs {len(segments)} segments: {len(joined)} lateral pairs, "
            f"{len(ours)} 4-D hits (identical rows in both) from {ours['closure'].nunique()} "
            f"zones in window {WINDOW[0]:%H%MZ}-{WINDOW[1]:%H%MZ}; "
            f"{ours['inside_nm'].sum():,.0f} NM closed"
        )
        print(f"  {'median of ' + str(repeats):<52}{'ms':>9}")
        print(f"  {'affected_segments (ours)':<52}{np.median(ours_a) * 1000:>9.1f}")
        print(f"  {'sjoin + intersection + line_merge + lengths':<52}"
              f"{np.median(base_a) * 1000:>9.1f}")  # fmt: skip
        print(f"  {'(geopandas.sjoin alone)':<52}{np.median(sj_a) * 1000:>9.1f}")
        print(
            f"  ratio ours / baseline: {np.median(ours_a) / np.median(base_a):.2f} "
            f"(target <= 1.0); ours / sjoin alone: {np.median(ours_a) / np.median(sj_a):.2f}"
        )


if __name__ == "__main__":
    main()
