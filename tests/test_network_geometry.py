"""Geodesic segment geometry: densification bound, antimeridian split (RFC 7946), FIR look-up."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiLineString, Point, shape

from airspace.geo import METRES_PER_NM, WGS84
from airspace.network import FirSet, RouteNetwork
from airspace.network.geometry import (
    densify,
    geodesic_path,
    max_chord_error_nm,
    segment_geometries,
)

lat_st = st.floats(-85, 85)
lon_st = st.floats(-180, 180)


@pytest.fixture(scope="module")
def network() -> RouteNetwork:
    return RouteNetwork.default()


def test_segment_across_180_length_validity_and_geojson_split() -> None:
    # Shemya (52.7N 174.1E) to Adak (51.9N 176.6W): a real trans-antimeridian leg
    lat1, lon1, lat2, lon2 = 52.72, 174.11, 51.88, -176.65
    geoms, length_m, crosses = segment_geometries(
        np.array([lat1]), np.array([lon1]), np.array([lat2]), np.array([lon2])
    )
    geom = geoms[0]
    assert crosses[0]
    # length: the short geodesic (about 340 NM), not a line the long way round through 0 deg
    _, _, expected = WGS84.inv(lon1, lat1, lon2, lat2)
    assert length_m[0] == pytest.approx(expected)
    assert 300 * METRES_PER_NM < length_m[0] < 380 * METRES_PER_NM
    assert isinstance(geom, MultiLineString) and geom.is_valid and len(geom.geoms) == 2
    west, east = geom.geoms
    assert west.coords[0] == pytest.approx((lon1, lat1)) and west.coords[-1][0] == 180.0
    assert east.coords[0][0] == -180.0 and east.coords[-1] == pytest.approx((lon2, lat2))
    assert west.coords[-1][1] == pytest.approx(east.coords[0][1])  # same crossing latitude
    minx, _, maxx, _ = geom.bounds
    assert minx >= -180 and maxx <= 180
    # the crossing latitude lies on the geodesic (within the 0.5 NM densification bound)
    line = WGS84.inv_intermediate(lon1, lat1, lon2, lat2, npts=2001, return_back_azimuth=True)
    lons = np.unwrap(np.asarray(line.lons), period=360)
    lat_at_180 = np.interp(180.0, lons, np.asarray(line.lats))
    assert west.coords[-1][1] == pytest.approx(lat_at_180, abs=0.5 / 60)
    # GeoJSON (RFC 7946 3.1.9): a MultiLineString whose parts meet at +/-180
    out = json.loads(shapely.to_geojson(geom))
    assert out["type"] == "MultiLineString"
    assert out["coordinates"][0][-1][0] == 180.0 and out["coordinates"][1][0][0] == -180.0


def test_network_antimeridian_segments_and_geojson(network: RouteNetwork) -> None:
    segs = network.segments
    crossing = segs[segs["crosses_antimeridian"]]
    assert len(crossing) > 50
    assert crossing.geometry.is_valid.all()
    # split in two, unless the segment starts or ends on the antimeridian itself (ATOLL 180E)
    on_180 = (crossing["from_lon"].abs() == 180) | (crossing["to_lon"].abs() == 180)
    assert ((crossing.geom_type == "MultiLineString") | on_180).all()
    assert (crossing.geom_type == "MultiLineString").sum() > 50
    assert (crossing["length_nm"] < 1500).all()  # none goes the long way round
    bounds = segs.geometry.bounds
    assert bounds["minx"].min() >= -180 and bounds["maxx"].max() <= 180
    fc = network.to_geojson(crossing.index[~on_180.to_numpy()][:5])
    assert len(fc["features"]) == 5
    for feature in fc["features"]:
        assert feature["geometry"]["type"] == "MultiLineString"
        for part in feature["geometry"]["coordinates"]:
            assert all(-180 <= x <= 180 for x, _ in part)


def test_densified_network_stays_within_half_a_nautical_mile(network: RouteNetwork) -> None:
    segs = network.segments
    lons, lats, offsets, _ = densify(
        segs["from_lat"].to_numpy(),
        segs["from_lon"].to_numpy(),
        segs["to_lat"].to_numpy(),
        segs["to_lon"].to_numpy(),
    )
    # chords inside each segment only (drop the pair joining one segment to the next)
    inner = np.ones(len(lons) - 1, dtype=bool)
    inner[offsets[1:-1] - 1] = False
    lon_a, lon_b = lons[:-1][inner], lons[1:][inner]
    lat_a, lat_b = lats[:-1][inner], lats[1:][inner]
    az, _, dist = WGS84.inv(lon_a, lat_a, lon_b, lat_b)
    gx, gy, _ = WGS84.fwd(lon_a, lat_a, az, np.asarray(dist) / 2)
    _, _, err = WGS84.inv(gx, gy, (lon_a + lon_b) / 2, (lat_a + lat_b) / 2)
    assert np.max(err) / METRES_PER_NM < 0.5
    # and a plain two-point line would be far worse on long high-latitude legs
    assert len(lons) > 2 * len(segs)


@settings(max_examples=60, deadline=None)
@given(lat1=lat_st, lon1=lon_st, lat2=lat_st, lon2=lon_st)
def test_any_segment_is_valid_bounded_and_accurate(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    _, _, d = WGS84.inv(lon1, lat1, lon2, lat2)
    if d < 1.0 or d > 5_000_000:  # airway legs are short; skip degenerate and near-antipodal
        return
    a = [np.array([v]) for v in (lat1, lon1, lat2, lon2)]
    geoms, length_m, _ = segment_geometries(*a)
    geom = geoms[0]
    assert geom.is_valid and length_m[0] == pytest.approx(d)
    minx, miny, maxx, maxy = geom.bounds
    assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    lons, lats, _, _ = densify(*a)
    assert max_chord_error_nm(lons, lats) < 0.5
    # the ends are the fixes themselves (a fix on the antimeridian may be written 180 or -180)
    for lon, lat in ((lon1, lat1), (lon2, lat2)):
        same = {lon, -lon} if abs(lon) == 180.0 else {lon}
        assert min(Point(x, lat).distance(geom) for x in same) < 1e-9


def test_geodesic_path_across_180_is_split_and_measured() -> None:
    lats = np.array([35.76, 43.0, 52.0, 61.17])
    lons = np.array([140.39, 165.0, -170.0, -150.0])
    geom, length_m = geodesic_path(lats, lons)
    _, _, legs = WGS84.inv(lons[:-1], lats[:-1], lons[1:], lats[1:])
    assert length_m == pytest.approx(float(np.sum(legs)))
    assert isinstance(geom, MultiLineString) and geom.is_valid and len(geom.geoms) == 2


# --------------------------------------------------------------------------- FIRs
PLACES = {
    "Sokcho": (38.2070, 128.5918, "RKRR"),
    "Tokyo": (35.6812, 139.7671, "RJJJ"),
    "Wonsan": (39.1475, 127.4461, "ZKKP"),
    "Sunan": (39.2239, 125.6700, "ZKKP"),
    "Ulleungdo": (37.5011, 130.8564, "RKRR"),
    "Cape Erimo": (41.9244, 143.2483, "RJJJ"),
    "Taipei": (25.03, 121.56, "RCAA"),
    "Manila": (14.6, 121.0, "RPHI"),
    # the Accra FIR's oceanic part spans the Gulf of Guinea (Ghana, Togo and Benin's FIR); the
    # seven-FIR layer used to answer None here
    "Gulf of Guinea": (0.0, 0.0, "DGAC"),
    # no FIR in the bundled layer (docs/network.md, "areas with no FIR")
    "East Pacific": (5.0, -105.0, None),
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_fir_at(network: RouteNetwork, place: str) -> None:
    lat, lon, fir = PLACES[place]
    assert network.fir_at(lat, lon) == fir


def test_firs_at_is_vectorised_fir_at(network: RouteNetwork) -> None:
    lats = [v[0] for v in PLACES.values()]
    lons = [v[1] for v in PLACES.values()]
    assert list(network.firs_at(lats, lons)) == [v[2] for v in PLACES.values()]


@settings(max_examples=30, deadline=None)
@given(
    lats=st.lists(st.floats(20, 50), min_size=1, max_size=40),
    lons=st.lists(st.floats(115, 150), min_size=40, max_size=40),
)
def test_firs_at_agrees_with_polygons(lats: list[float], lons: list[float]) -> None:
    firs = FirSet.bundled()
    lons = lons[: len(lats)]
    got = firs.firs_at(lats, lons)
    for lat, lon, fir in zip(lats, lons, got, strict=True):
        inside = [i for i in firs.ids if firs.polygon(i).intersects(Point(lon, lat))]
        assert fir == (inside[0] if inside else None)


def test_rkrr_follows_the_official_text() -> None:
    rkrr = FirSet.bundled().polygon("RKRR")
    vertices = set(rkrr.exterior.coords)
    for lat, lon in [
        (38.0, 124.0),
        (38.0 + 38 / 60, 133.0 + 39 / 60),
        (37.5, 133.0),
        (30.0, 124.0),
    ]:
        assert (pytest.approx(lon), pytest.approx(lat)) in [tuple(v) for v in vertices] or any(
            abs(v[0] - lon) < 1e-6 and abs(v[1] - lat) < 1e-6 for v in vertices
        )
    assert rkrr.is_valid
    zkkp = FirSet.bundled().polygon("ZKKP")
    # neighbours along the NLL: they share the boundary, hardly any overlap (< 0.1 % of RKRR)
    assert rkrr.intersection(zkkp).area < 1e-3 * rkrr.area
    table = FirSet.bundled().table.set_index("id")
    assert table.loc["RKRR", "accuracy"] == "official"
    assert table.loc["ZKKP", "accuracy"] == "approximate"


def test_user_fir_file_reports_skipped(tmp_path: object) -> None:
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": "TEST", "name": "Test box"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
                },
            },
            {
                "type": "Feature",
                "properties": {"id": "LINE"},
                "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": shape({"type": "Point", "coordinates": [0, 0]}).__geo_interface__,
            },
        ],
    }
    firs = FirSet.from_geojson(data, "test")
    assert firs.ids == ("TEST",)
    assert firs.report.items_read == 3 and firs.report.skipped_count == 2
    assert firs.fir_at(0.5, 0.5) == "TEST" and firs.fir_at(2, 2) is None
