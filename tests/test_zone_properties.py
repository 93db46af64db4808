"""Geometry keeps its meaning (hypothesis): every closure zone covers its hazard and stays
within a stated bound of it; a declared closure neither grows nor shrinks; a salvo merge joins
only identical windows; polygons across 180 degrees are the small polygon the user drew."""

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from airspace.geo import WGS84, ring_polygon, to_local, unwrap_geometry
from airspace.hazard import Dispersion, HazardSettings, HazardVolume, closure_zones, merge_salvo
from airspace.hazard.launch import impact_volume
from airspace.network import FirSet
from airspace.units import SFC, UNL, Limits

T0 = datetime(2022, 11, 2, tzinfo=UTC)
CFG = HazardSettings()
FIRS = FirSet.bundled()
SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A computed zone is a few-vertex convex polygon on whole arc-seconds: it may stand off its
# hazard by the corners it adds, at most this share of the hazard's size plus 1 km.
STAND_OFF_SHARE = 0.06
STAND_OFF_M = 1_000.0

lats = st.floats(-75, 75)
lons = st.one_of(st.floats(-180, 180), st.floats(178, 180), st.floats(-180, -178))


def _local(geometry: object, lat: float, lon: float) -> object:
    return to_local(unwrap_geometry(geometry, lon), lat, lon)


@SOME
@given(lats, lons, st.floats(500, 60_000), st.floats(0.1, 1.0), st.floats(0, 360))
def test_computed_zones_cover_their_hazard_within_the_stated_bound(
    lat: float, lon: float, sigma_m: float, ratio: float, track: float
) -> None:
    hazard = impact_volume(
        "v",
        Dispersion(
            lat=lat, lon=lon, sigma_along_m=sigma_m, sigma_cross_m=ratio * sigma_m, track_deg=track
        ),
        (T0, T0),
        CFG,
        "r",
        ("L",),
    )
    zones = closure_zones([hazard], FIRS, CFG)
    assert shapely.union_all([z.area for z in zones]).covers(hazard.area)
    local = _local(hazard.area, lat, lon)
    minx, miny, maxx, maxy = local.bounds
    bound = STAND_OFF_SHARE * max(maxx - minx, maxy - miny) + STAND_OFF_M
    for zone in zones:
        edge = shapely.segmentize(_local(zone.area, lat, lon).boundary, 500.0)
        far = np.max(shapely.distance(local, shapely.points(shapely.get_coordinates(edge))))
        assert far <= bound, (zone.id, far, bound)


def _star(lat: float, lon: float, radius_m: float, count: int, jitter: list[float]) -> list:
    """A simple (star-shaped) polygon round a point: vertices on rays at increasing azimuths."""
    azimuths = np.linspace(0.0, 360.0, count, endpoint=False)
    dist = radius_m * (0.5 + 0.5 * np.asarray(jitter[:count]))
    x, y, _ = WGS84.fwd(np.full(count, lon), np.full(count, lat), azimuths, dist)
    return [((float(a) + 180.0) % 360.0 - 180.0, float(b)) for a, b in zip(x, y, strict=True)]


@SOME
@given(
    lats,
    lons,
    st.floats(5_000, 400_000),
    st.integers(3, 12),
    st.lists(st.floats(0, 1), min_size=12, max_size=12),
)
def test_a_declared_polygon_neither_grows_nor_shrinks(
    lat: float, lon: float, radius_m: float, count: int, jitter: list[float]
) -> None:
    vertices = _star(lat, lon, radius_m, count, jitter)
    area = ring_polygon(vertices)
    # the small polygon the user drew: never wider than its vertices, even across 180 deg
    local = _local(area, lat, lon)
    assert max(local.bounds[2] - local.bounds[0], local.bounds[3] - local.bounds[1]) < (
        2.2 * radius_m
    )
    limits = Limits(lower=SFC, upper=UNL, start=T0, end=T0 + timedelta(hours=1))
    volume = HazardVolume(id="D", kind="declared", area=area, limits=limits, reason="r")
    zones = closure_zones([volume], FIRS, CFG)
    published = shapely.union_all([z.area for z in zones])
    assert published.symmetric_difference(area).area <= 1e-9 * area.area
    assert len({z.fir for z in zones}) == len(zones)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(-0.3, 0.3), st.floats(-0.3, 0.3), st.integers(0, 2)),
        min_size=2,
        max_size=8,
    ),
    st.sampled_from([129.2, 179.95]),  # off Sokcho, and astride the antimeridian (split areas)
)
def test_a_salvo_merge_joins_only_identical_windows(shots: list, lon0: float) -> None:
    """Overlapping impact areas merge only when their windows are identical; the merged area
    is exactly their union and every source is kept."""
    volumes = [
        impact_volume(
            f"v{i}",
            Dispersion.from_cep(38.2 + dlat, lon0 + dlon, 2_000.0),
            (T0 + timedelta(hours=hour), T0 + timedelta(hours=hour)),
            CFG,
            "impact",
            (f"L{i}",),
        )
        for i, (dlat, dlon, hour) in enumerate(shots)
    ]
    merged = merge_salvo(volumes)
    assert sorted(s for v in merged for s in v.sources) == sorted(
        f"L{i}" for i in range(len(shots))
    )
    for volume in merged:
        members = [v for v in volumes if v.sources[0] in volume.sources]
        assert {m.limits for m in members} == {volume.limits}
        union = shapely.union_all([m.area for m in members])
        assert volume.area.symmetric_difference(union).area <= 1e-12 + 1e-9 * union.area
    for a in merged:  # nothing left that should have merged
        for b in merged:
            if a is not b and a.limits == b.limits:
                assert not a.area.intersects(b.area)


def test_a_box_across_the_antimeridian_stays_a_small_box() -> None:
    area = ring_polygon([(179.5, 30.0), (-179.5, 30.0), (-179.5, 31.0), (179.5, 31.0)])
    assert area.geom_type == "MultiPolygon"
    whole = unwrap_geometry(area, 179.5)
    assert math.isclose(whole.bounds[2] - whole.bounds[0], 1.0, abs_tol=1e-9)
    assert math.isclose(whole.area, 1.0, rel_tol=1e-9)


def test_touching_declared_closures_keep_their_own_area_and_window() -> None:
    """13-14 Apr 2024: Israel, Jordan and Iraq closed their airspace for different windows;
    three touching declared closures must stay three exact areas, never one hull over Saudi
    Arabia and Syria closed for the longest window."""
    from airspace.advisory import run
    from airspace.scenario import parse_scenario_text

    text = """
version: 1
name: 2024-04-13 closures round Iran's salvo (simplified boxes)
closures:
  - {id: ISRAEL, polygon: ["29.5N 34.2E", "29.5N 35.5E", "33.3N 35.9E", "33.3N 35.1E"],
     start: 2024-04-13T22:30:00Z, end: 2024-04-14T05:30:00Z}
  - {id: JORDAN, polygon: ["29.2N 35.5E", "29.2N 39.3E", "33.4N 39.3E", "33.3N 35.9E"],
     start: 2024-04-13T20:00:00Z, end: 2024-04-14T04:00:00Z}
  - {id: IRAQ, polygon: ["29.1N 39.3E", "29.1N 48.6E", "37.4N 42.0E", "33.4N 39.3E"],
     start: 2024-04-13T19:00:00Z, end: 2024-04-14T09:00:00Z}
"""
    advisory = run(parse_scenario_text(text))
    volumes = {v.id: v for v in advisory.computed.volumes}
    assert sorted(volumes) == ["IRAQ", "ISRAEL", "JORDAN"]
    for closure in advisory.scenario.closures:
        volume = volumes[closure.id]
        drawn = ring_polygon([p.lonlat for p in closure.polygon or []])
        assert volume.area.symmetric_difference(drawn).area == 0.0
        assert (volume.limits.start, volume.limits.end) == closure.window
    by_closure: dict[str, list] = {}
    for zone in advisory.computed.zones:
        by_closure.setdefault(zone.volume.id, []).append(zone.area)
    for name, areas in by_closure.items():
        published = shapely.union_all(areas)
        assert published.symmetric_difference(volumes[name].area).area < 1e-9
    riyadh, damascus = shapely.Point(46.7, 24.7), shapely.Point(36.3, 33.5)
    assert not any(
        z.area.covers(riyadh) or z.area.covers(damascus) for z in advisory.computed.zones
    )
