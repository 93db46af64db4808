"""Map building without a browser: layers, legend, escaping, offline self-containment, size,
antimeridian continuity, clipping of the network, popups and the fitted view."""

from __future__ import annotations

import json
import re
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from folium.map import FitBounds
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, box, shape

from airspace.maps import MapData, build_map
from airspace.maps.basemap import coastline_lines
from airspace.maps.elements import Box, DataLayer, TimeSlider
from airspace.maps.geometry import frame_centre, to_frame
from tests.map_fixtures import (
    EXPECTED_LAYERS,
    HOSTILE,
    NOTAM_LINE,
    SyntheticMapData,
    east_asia,
    hostile,
)

MB = 1024 * 1024


@pytest.fixture(scope="module")
def data() -> SyntheticMapData:
    return east_asia()


@pytest.fixture(scope="module")
def offline_html(data: SyntheticMapData) -> str:
    return str(build_map(data, offline=True).get_root().render())


def _layers(m: Any) -> dict[str, dict[str, Any]]:
    out = {}
    for child in m._children.values():
        if isinstance(child, DataLayer) and child.overlay:
            out[child.layer_name] = json.loads(child.data_json)
    return out


def _legend(m: Any) -> str:
    boxes = [c for c in m._children.values() if isinstance(c, Box)]
    legend = [b for b in boxes if "legend" in b.css_json]
    assert len(legend) == 1
    return str(json.loads(legend[0].html_json))


def test_fixture_satisfies_protocol(data: SyntheticMapData) -> None:
    assert isinstance(data, MapData)


def test_every_layer_switchable_and_in_legend(data: SyntheticMapData) -> None:
    m = build_map(data, offline=True)
    assert tuple(_layers(m)) == EXPECTED_LAYERS
    legend = _legend(m)
    assert legend.count('class="entry"') == len(EXPECTED_LAYERS)
    for name in EXPECTED_LAYERS:
        assert f"<span>{name}</span>" in legend
    assert sum(isinstance(c, TimeSlider) for c in m._children.values()) == 1


def test_offline_html_fetches_nothing_and_is_small(offline_html: str) -> None:
    urls = re.findall(r"https?://[^\s\"'<>)]*", offline_html)
    # the only URL left is Leaflet's own attribution link (attribution text, never fetched)
    assert set(urls) == {"https://leafletjs.com"}
    assert offline_html.count("https://leafletjs.com") == 1
    assert 'prefix:\'<a href="https://leafletjs.com"' in offline_html
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=|url\((?!data:|#)", offline_html)
    assert "window.L" in offline_html and 't.version="1.9.3"' in offline_html
    assert len(offline_html.encode()) < 3 * MB


def test_online_uses_tiles_with_attribution_and_plugins(data: SyntheticMapData) -> None:
    html = build_map(data).get_root().render()
    assert "tile.openstreetmap.org" in html and "OpenStreetMap" in html
    assert '"attribution"' in html
    for plugin in ("L.control.fullscreen", "L.Control.Measure", "L.Control.MousePosition"):
        assert plugin in html
    assert "Coastline (offline)" not in html


@pytest.mark.parametrize("offline", [True, False])
def test_hostile_strings_are_escaped(offline: bool) -> None:
    benign = build_map(east_asia(), offline=offline).get_root().render()
    html = build_map(hostile(), offline=offline).get_root().render()
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and 'onerror="' not in html
    # no extra markup: the same number of script and img tags as the benign map
    assert html.count("<script") == benign.count("<script")
    assert html.count("<img") == benign.count("<img")
    m = build_map(hostile(), offline=offline)
    legend = _legend(m)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in legend
    for layer in _layers(m).values():
        for f in layer["features"]:
            for key in ("_t", "_p", "_l"):
                value = f["properties"].get(key, "")
                assert "<script" not in value and "<img" not in value


def test_closure_popup_has_limits_times_reason_and_notam(data: SyntheticMapData) -> None:
    closures = _layers(build_map(data))["Closure zones"]["features"]
    popup = closures[0]["properties"]["_p"]
    assert NOTAM_LINE in popup and "<pre>" in popup and "Q) RKRR/QRTCA" in popup
    assert "SFC \u2013 UNL" in popup
    assert "2022-11-02 01:58Z (10:58 KST)" in popup  # UTC and Asia/Seoul local time
    assert "missile impact area" in popup
    assert closures[0]["properties"]["_t0"] == pytest.approx(1667354280000.0)


def test_flow_across_antimeridian_is_one_continuous_line(data: SyntheticMapData) -> None:
    flows = _layers(build_map(data, offline=True))["Flows: baseline paths"]["features"]
    geom = shape(flows[0]["geometry"])
    assert isinstance(geom, LineString)
    lons = np.array(geom.coords)[:, 0]
    assert np.abs(np.diff(lons)).max() < 5.0
    assert lons[0] == pytest.approx(126.4505) and lons[-1] == pytest.approx(360 - 118.4085)
    assert "Flows: suggested reroutes" in _layers(build_map(data))


def test_frame_centre_and_to_frame() -> None:
    assert frame_centre(np.array([170.0, -170.0])) == pytest.approx(180.0)
    assert frame_centre(np.array([126.0, 130.0])) == pytest.approx(128.0)
    assert frame_centre(np.array([-10.0, 10.0])) % 360 == pytest.approx(0.0)
    split = MultiLineString([[(170.0, 40.0), (180.0, 41.0)], [(-180.0, 41.0), (-170.0, 42.0)]])
    joined = to_frame(split, 180.0)
    assert isinstance(joined, LineString)
    assert list(joined.coords) == [(170.0, 40.0), (180.0, 41.0), (190.0, 42.0)]
    # a European line stays where it is in a Europe-centred frame
    assert list(to_frame(LineString([(-5, 50), (5, 51)]), 0.0).coords) == [(-5, 50), (5, 51)]


def test_network_is_clipped_to_view_simplified_and_small(data: SyntheticMapData) -> None:
    network = _layers(build_map(data, offline=True))["Route network (in view)"]
    coords = shapely.get_coordinates([shape(f["geometry"]) for f in network["features"]])
    focus = data.closures.total_bounds  # the view is built round the scenario, not the world
    # the scenario and where the reroute leaves its baseline, padded; not the Pacific
    assert coords[:, 0].min() > 105 and coords[:, 0].max() < 155
    assert coords[:, 1].min() > 28 and coords[:, 1].max() < 48
    assert focus[0] > coords[:, 0].min()
    routes = {f["properties"]["_t"] for f in network["features"]}
    assert {"B467", "L512", "G597"} <= routes
    assert len(routes) == len(network["features"])  # one feature per route
    assert len(json.dumps(network)) < 400_000


def test_trajectory_coloured_by_altitude_with_tooltips(data: SyntheticMapData) -> None:
    features = _layers(build_map(data))["Trajectories (colour = altitude)"]["features"]
    colours = {f["properties"]["_s"]["color"] for f in features}
    assert {"#0d0887", "#eb7852"} <= colours  # below 20 km and 200-500 km (SLV-1 apogee 480)
    assert all("altitude" in f["properties"]["_t"] for f in features)
    # pieces join: the first SRBM-1 piece starts at Wonsan
    first = shape(features[0]["geometry"]).coords[0]
    assert first == pytest.approx((127.4461, 39.1475), abs=1e-4)


def test_view_is_fitted_to_scenario_not_to_long_flows(data: SyntheticMapData) -> None:
    m = build_map(data, offline=True)
    fits = [c for c in m._children.values() if isinstance(c, FitBounds)]
    (south, west), (north, east) = fits[-1].bounds
    assert west < 124.3 and east > 130.86 and south < 35.6 and north > 39.66
    # the start of the reroute (it leaves the baseline at 127.5E) but not Los Angeles
    assert 135 < east < 150


def test_empty_data_builds_a_world_map() -> None:
    m = build_map(SyntheticMapData(name="empty", timezone="UTC"), offline=True)
    html = m.get_root().render()
    assert _layers(m) == {}
    assert _legend(m).count('class="entry"') == 0
    assert not any(isinstance(c, TimeSlider) for c in m._children.values())
    assert "<title>empty</title>" in html
    assert len(html.encode()) < 1.5 * MB  # the world's coastline, simplified to the view


def test_coastline_reader_is_lon_lat() -> None:
    lines = coastline_lines()
    assert len(lines) > 1500
    tree = shapely.STRtree(np.array(lines, dtype=object))
    assert len(tree.query(shapely.points(128.63, 38.13).buffer(0.02))) >= 1  # Sokcho coast
    assert len(tree.query(shapely.points(38.13, 128.63).buffer(0.5))) == 0


def test_hostile_name_in_title_is_text() -> None:
    html = build_map(hostile(), offline=True).get_root().render()
    assert f"<title>Test {HOSTILE}</title>" not in html
    assert "<title>Test &lt;script&gt;" in html


def test_trajectory_and_closure_across_antimeridian_stay_continuous() -> None:
    t0 = pd.Timestamp("2023-07-12T01:00:00Z")
    lons = np.linspace(175.0, 185.0, 21)
    points = gpd.GeoDataFrame(
        {
            "launch_id": ["X"] * len(lons),
            "time": [t0 + pd.Timedelta(seconds=10 * i) for i in range(len(lons))],
            "alt_m": np.linspace(0.0, 100_000.0, len(lons)),
        },
        geometry=[Point(((lon + 180) % 360) - 180, 40.0) for lon in lons],
        crs="EPSG:4326",
    )
    split_zone = MultiPolygon([box(178.0, 39.0, 180.0, 41.0), box(-180.0, 39.0, -178.0, 41.0)])
    closures = gpd.GeoDataFrame(
        [
            {
                "id": "Z",
                "fir": "KZAK",
                "lower": "SFC",
                "upper": "UNL",
                "start": t0,
                "end": t0 + pd.Timedelta(hours=1),
                "reason": "r",
                "notam": "N",
                "geometry": split_zone,
            }
        ],
        geometry="geometry",
        crs="EPSG:4326",
    )
    data = SyntheticMapData(
        name="dateline", timezone="Pacific/Majuro", trajectory_points=points, closures=closures
    )
    found = _layers(build_map(data, offline=True))
    coords = shapely.get_coordinates(
        [shape(f["geometry"]) for f in found["Trajectories (colour = altitude)"]["features"]]
    )
    assert coords[:, 0].min() == pytest.approx(175.0) and coords[:, 0].max() == pytest.approx(185.0)
    zone = shape(found["Closure zones"]["features"][0]["geometry"])
    assert zone.bounds[0] == pytest.approx(178.0) and zone.bounds[2] == pytest.approx(182.0)
