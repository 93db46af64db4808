"""Impact dispersion, hazard volumes and NOTAM-ready closure polygons."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import CRS, Transformer
from shapely.geometry import Polygon

from airspace.advisory import volumes_frame
from airspace.geo import WGS84, to_local
from airspace.hazard import HazardSettings, impact_volume, merge_salvo, settings_for
from airspace.hazard.dispersion import CEP_TO_SIGMA, Dispersion, fraction_inside
from airspace.hazard.launch import _drop_volume, launch_volumes
from airspace.hazard.zones import notam_ready, reduce_convex, vertex_count, whole_polygon
from airspace.scenario import parse_scenario_text
from airspace.trajectory import Drop, trajectory_for_launch
from airspace.units import UNL

T0 = datetime(2022, 11, 1, 23, 51, tzinfo=UTC)


def independent_sample(d: Dispersion, count: int, seed: int) -> np.ndarray:
    """Impacts drawn with numpy's multivariate normal and projected with a fresh pyproj CRS."""
    a = np.radians(d.track_deg)
    rotation = np.array([[np.sin(a), np.cos(a)], [np.cos(a), -np.sin(a)]])  # (along, cross)->(E, N)
    cov = rotation @ np.diag([d.sigma_along_m**2, d.sigma_cross_m**2]) @ rotation.T
    east_north = np.random.default_rng(seed).multivariate_normal([0, 0], cov, count)
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={d.lat} +lon_0={d.lon} +ellps=WGS84 +units=m")
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    lon, lat = back.transform(east_north[:, 0], east_north[:, 1])
    return np.column_stack([lon, lat])


@pytest.mark.parametrize(
    ("dispersion", "probability"),
    [
        (Dispersion.from_cep(38.2052, 129.2426, 2_000.0), 0.999),
        (
            Dispersion(
                lat=38.2052,
                lon=129.2426,
                sigma_along_m=6_000.0,
                sigma_cross_m=1_500.0,
                track_deg=75.0,
            ),
            0.999,
        ),
        (
            Dispersion(
                lat=41.5, lon=153.0, sigma_along_m=20_000.0, sigma_cross_m=5_000.0, track_deg=95.0
            ),
            0.99,
        ),
        (
            Dispersion(
                lat=-10.0, lon=-120.0, sigma_along_m=3_000.0, sigma_cross_m=3_000.0, track_deg=200.0
            ),
            0.9,
        ),
    ],
)
def test_containment_is_measured_on_an_independent_sample(
    dispersion: Dispersion, probability: float
) -> None:
    area = dispersion.area_lonlat(probability)  # before the buffer
    share = fraction_inside(area, independent_sample(dispersion, 100_000, seed=20221102))
    assert share == pytest.approx(probability, abs=0.003)


def test_cep_holds_half_the_impacts() -> None:
    d = Dispersion.from_cep(38.0, 129.0, 1_000.0)
    assert d.sigma_along_m == pytest.approx(1_000.0 * CEP_TO_SIGMA)
    share = fraction_inside(d.area_lonlat(0.5), independent_sample(d, 100_000, seed=1))
    assert share == pytest.approx(0.5, abs=0.006)


def test_buffer_is_metric_not_degrees() -> None:
    d = Dispersion.from_cep(60.0, 10.0, 1_000.0)  # at 60N a degree of longitude is half
    bare, buffered = d.area_lonlat(0.999), d.area_lonlat(0.999, 10_000.0)
    widths = []
    for poly in (bare, buffered):
        xmin, ymin, xmax, ymax = poly.bounds
        widths.append(((xmax - xmin) * 55_800, (ymax - ymin) * 111_400))  # metres per degree
    grow_east = widths[1][0] - widths[0][0]
    grow_north = widths[1][1] - widths[0][1]
    assert grow_east == pytest.approx(20_000, rel=0.02)
    assert grow_north == pytest.approx(20_000, rel=0.02)


def test_sampling_is_deterministic_for_a_seed() -> None:
    d = Dispersion(
        lat=38.0, lon=129.0, sigma_along_m=3_000.0, sigma_cross_m=1_000.0, track_deg=45.0
    )
    assert np.array_equal(d.sample_lonlat(10, seed=7), d.sample_lonlat(10, seed=7))
    assert not np.array_equal(d.sample_lonlat(10, seed=7), d.sample_lonlat(10, seed=8))


def test_reduce_convex_encloses() -> None:
    theta = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    circle = np.column_stack([np.cos(theta), np.sin(theta)]) * 1000.0
    reduced = reduce_convex(circle, 6)
    assert len(reduced) == 6
    assert Polygon(reduced).buffer(1e-6).covers(Polygon(circle))
    # a hexagon circumscribing a circle of radius 1000 m has area 6 * 1000^2 * tan(30°)
    assert Polygon(reduced).area == pytest.approx(6e6 * np.tan(np.pi / 6), rel=0.03)


lat = st.floats(min_value=-70, max_value=70)
lon = st.floats(min_value=-180, max_value=180)  # the antimeridian included
sigma = st.floats(min_value=200, max_value=40_000)


@settings(max_examples=40, deadline=None)
@given(
    lat,
    lon,
    sigma,
    sigma,
    st.floats(min_value=0, max_value=360),
    st.floats(min_value=0, max_value=20_000),
    st.integers(min_value=4, max_value=16),
)
def test_notam_polygon_covers_hazard_with_few_whole_second_vertices(
    lat: float, lon: float, s1: float, s2: float, track: float, buffer_m: float, max_vertices: int
) -> None:
    hazard = Dispersion(
        lat=lat, lon=lon, sigma_along_m=s1, sigma_cross_m=s2, track_deg=track
    ).area_lonlat(0.999, buffer_m)
    zone = notam_ready(hazard, max_vertices)
    assert zone.is_valid
    assert vertex_count(zone) <= max_vertices
    assert zone.covers(hazard)
    coords = shapely.get_coordinates(whole_polygon(zone)) * 3600
    assert np.allclose(coords, np.round(coords), atol=1e-5)  # whole arc-seconds
    # encloses without wasting airspace: within 15 % of the best n-gon round an ellipse
    # (n tan(pi/n) / pi).  Greedy edge removal is near-optimal from 8 vertices up, the NOTAM
    # regime; below that only containment and the vertex limit are claimed.
    if min(s1, s2) > 2_000 and max_vertices >= 8:
        best = max_vertices * np.tan(np.pi / max_vertices) / np.pi
        assert zone.area < 1.15 * best * hazard.area


def test_impact_volume_window_and_limits() -> None:
    cfg = HazardSettings()
    d = Dispersion.from_cep(38.2, 129.24, 2_000.0)
    volume = impact_volume("v", d, (T0, T0 + timedelta(minutes=6)), cfg, "impact", ("L1",))
    assert volume.limits.start == T0 - timedelta(minutes=15)
    assert volume.limits.end == T0 + timedelta(minutes=21)
    assert volume.limits.lower_ft == 0 and volume.limits.upper is UNL
    assert volume.area.contains(shapely.Point(129.24, 38.2))


def test_salvo_merges_where_overlapping_in_space_and_time() -> None:
    cfg = HazardSettings()
    window = (T0, T0 + timedelta(minutes=6))
    near = [
        impact_volume(
            f"v{i}",
            Dispersion.from_cep(38.2, 129.24 + 0.05 * i, 2_000.0),
            window,
            cfg,
            "impact",
            (f"L{i}",),
        )
        for i in range(3)
    ]
    far = impact_volume(
        "far", Dispersion.from_cep(40.0, 131.0, 2_000.0), window, cfg, "impact", ("L9",)
    )
    later = impact_volume(
        "later",
        Dispersion.from_cep(38.2, 129.24, 2_000.0),
        (T0 + timedelta(hours=5), T0 + timedelta(hours=5, minutes=6)),
        cfg,
        "impact",
        ("L10",),
    )
    merged = merge_salvo([*near, far, later])
    assert len(merged) == 3
    assert merged[0].sources == ("L0", "L1", "L2")
    frame = volumes_frame(merged)
    assert list(frame["sources"]) == ["L0,L1,L2", "L9", "L10"]
    assert frame.crs.to_epsg() == 4326


def _width_length_km(area: Polygon) -> tuple[float, float]:
    centre = area.centroid
    rect = to_local(area, centre.y, centre.x).minimum_rotated_rectangle
    (x0, y0), (x1, y1), (x2, y2) = shapely.get_coordinates(rect)[:3]
    a, b = sorted([np.hypot(x1 - x0, y1 - y0), np.hypot(x2 - x1, y2 - y1)])
    return a / 1000.0, b / 1000.0


@pytest.mark.parametrize(
    ("downrange_km", "width_km", "length_km"),
    [(90, 40, 85), (250, 40, 85), (400, 47, 109), (1067, 91, 258), (1250, 104, 299)],
)
def test_drop_zones_span_the_published_sizes(
    downrange_km: float, width_km: float, length_km: float
) -> None:
    """Published stage drop areas measure 35 x 85 km to 100 x 300 km: a drop falling close to
    the site gets the smallest (the sigma floor), one ~1,250 km out about the largest."""
    scenario = parse_scenario_text(
        "version: 1\nname: drop\nlaunches:\n  - {id: L, site: Sohae, vehicle: SLV,"
        " time: 2023-05-31T06:27:00+09:00, azimuth_deg: 180, range: 2000 km}\n"
    )
    (launch,) = scenario.launches
    lon, lat, _ = WGS84.fwd(launch.site.lon, launch.site.lat, 172.0, downrange_km * 1000.0)
    track = pd.DataFrame({"t_s": [100.0, 400.0], "lat": [lat, lat], "lon": [lon, lon]})
    drop = Drop(
        name="stage 1",
        separation_t_s=100.0,
        separation_lat=lat,
        separation_lon=lon,
        separation_alt_m=50_000.0,
        impact_t_s=400.0,
        impact_lat=lat,
        impact_lon=lon,
        track=track,
    )
    assert launch.time is not None
    volume = _drop_volume(launch, drop, (launch.time, launch.time), HazardSettings())
    assert volume.kind == "stage-drop" and volume.limits.lower_ft == 0
    assert volume.limits.upper.is_unlimited
    width, length = _width_length_km(volume.area)
    assert width == pytest.approx(width_km, abs=2.0)
    assert length == pytest.approx(length_km, abs=2.0)
    assert 35.0 <= width <= 105.0 and 85.0 <= length <= 305.0
    assert volume.limits.start == launch.time + timedelta(seconds=100) - HazardSettings().lead
    assert volume.limits.end == launch.time + timedelta(seconds=400) + HazardSettings().margin


@pytest.mark.parametrize("containment", [0.9, 0.999])
def test_launch_containment_sizes_its_impact_area(containment: float) -> None:
    scenario = parse_scenario_text(
        "version: 1\nname: c\nlaunches:\n  - {id: L, site: Wonsan, time: 2022-11-02T08:51:00+09:00,"
        f" impact: 57 km east of Sokcho, uncertainty: {{cep: 2 km, containment: {containment}}}}}\n"
    )
    (launch,) = scenario.launches
    trajectory = trajectory_for_launch(launch)
    cfg = settings_for(scenario)
    impact = next(v for v in launch_volumes(launch, trajectory, cfg) if v.kind == "impact")
    d = Dispersion.from_cep(trajectory.impact.lat, trajectory.impact.lon, 2_000.0)
    expected = d.area_lonlat(containment, cfg.buffer_m)
    centre = expected.centroid
    ratio = (
        to_local(impact.area, centre.y, centre.x).area / to_local(expected, centre.y, centre.x).area
    )
    assert ratio == pytest.approx(1.0, rel=1e-3)
