"""Map building without a browser: the model handed to the page (layers, panel, timeline,
labels, basemap), escaping, self-containment, size, antimeridian continuity, clipping, the fitted
view, flow corridors and the time rules."""

from __future__ import annotations

import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, box, shape

from airspace.maps import MapData, build_map
from airspace.maps.basemap import TILE_PROVIDERS, basemap, topology
from airspace.maps.data import closure_class
from airspace.maps.elements import App
from airspace.maps.flows import corridors
from airspace.maps.geometry import Bounds, frame_centre, to_frame
from airspace.maps.text import when
from airspace.maps.timeline import Event, active_intervals, moments, zone_offsets
from tests.map_fixtures import (
    EXPECTED_LAYERS,
    HOSTILE,
    JINJA_PAYLOAD,
    NOTAM_LINE,
    T0,
    SyntheticMapData,
    east_asia,
    hostile,
)

MB = 1024 * 1024


@pytest.fixture(scope="module")
def data() -> SyntheticMapData:
    return east_asia()


@pytest.fixture(scope="module")
def built(data: SyntheticMapData) -> Any:
    return build_map(data)


@pytest.fixture(scope="module")
def html(built: Any) -> str:
    return str(built.get_root().render())


def _model(m: Any) -> dict[str, Any]:
    apps = [c for c in m._children.values() if isinstance(c, App)]
    assert len(apps) == 1
    return apps[0].model


def _layers(m: Any) -> dict[str, list[dict[str, Any]]]:
    return {spec["name"]: spec["fc"]["features"] for spec in _model(m)["layers"]}


def test_fixture_satisfies_protocol(data: SyntheticMapData) -> None:
    assert isinstance(data, MapData)


def test_every_layer_switchable_and_in_legend(built: Any) -> None:
    model = _model(built)
    assert tuple(_layers(built)) == EXPECTED_LAYERS
    legend = model["legend"]
    assert legend.count('class="entry"') == len(EXPECTED_LAYERS)
    for name in EXPECTED_LAYERS:
        assert f"<span>{name}</span>" in legend.replace("&#x27;", "'")


def test_page_fetches_nothing_at_start_and_is_small(html: str) -> None:
    # no element loads anything: no src, no stylesheet link, no url() but data: URIs
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=|url\((?!data:|#)", html)
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "unpkg" not in html
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]*", html))
    # the optional online tile layers' templates (fetched only when picked) and one link
    templates = {t[1].split("{")[0] for t in TILE_PROVIDERS}
    assert {u for u in urls if not any(u.startswith(t) for t in templates)} == {
        "https://leafletjs.com"
    }
    assert "window.L" in html and 't.version="1.9.3"' in html
    assert len(html.encode()) < 3 * MB


def test_offline_flag_is_accepted_and_changes_nothing(data: SyntheticMapData) -> None:
    a = _model(build_map(data, offline=True))
    b = _model(build_map(data, offline=False))
    assert a == b


def test_hostile_strings_are_escaped() -> None:
    benign = build_map(east_asia()).get_root().render()
    m = build_map(hostile())
    page = m.get_root().render()
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page and 'onerror="' not in page
    assert page.count("<script") == benign.count("<script")
    assert page.count("<img") == benign.count("<img")
    model = _model(m)
    for spec in model["layers"]:
        for f in spec["fc"]["features"]:
            for key in ("_t", "_p"):
                value = f["properties"].get(key, "")
                assert "<script" not in value and "<img" not in value
    for label in model["labels"]:
        assert "<script" not in label["h"] and "<img" not in label["h"]
    for row in model["closures"]:  # raw NOTAM text is data, every displayed cell is escaped
        for key in ("id", "kind", "fir", "levels", "window"):
            assert "<script" not in row[key] and "<img" not in row[key]
    for row in model["flows"]:
        for key in ("id", "ends", "best", "closures"):
            assert "<script" not in row[key] and "<img" not in row[key]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in model["name"]
    # Jinja syntax in data is text: shown as written, never evaluated (7*7 would give 49)
    assert JINJA_PAYLOAD in model["name"] and "49" not in model["name"]
    assert model["alerts"] and all("<script" not in r["place"] for r in model["alerts"])


def test_closure_popup_has_kind_limits_times_reason_and_notam(built: Any) -> None:
    layers = _layers(built)
    impact = layers["Closure areas: computed"]
    popup = next(f["properties"]["_p"] for f in impact if "SRBM-1/impact" in f["properties"]["_p"])
    assert NOTAM_LINE in popup and "<pre>" in popup and "Q) RKRR/QRTCA" in popup
    assert "SFC \u2013 UNL" in popup and "impact (computed)" in popup
    # one window in UTC with the local time in the scenario's zone, written one way
    assert "2022-11-02 01:51Z (10:51 KST) \u2013 2022-11-02 02:21Z (11:21 KST)" in popup
    assert "UTC)" not in popup
    recommended = layers["Closure areas: recommended"][0]["properties"]
    assert "Active" in recommended["_p"]  # its two periods are listed
    assert recommended["_a"] == [
        [T0.value / 1e6, T0.value / 1e6 + 3_600_000],
        [T0.value / 1e6 + 4 * 3_600_000, T0.value / 1e6 + 5 * 3_600_000],
    ]


def test_closure_classes_differ_in_colour_and_pattern(built: Any) -> None:
    layers = _layers(built)
    styles = {
        cls: layers[f"Closure areas: {cls}"][0]["properties"]["_s"]
        for cls in ("computed", "declared", "recommended")
    }
    assert len({s["fillColor"] for s in styles.values()}) == 3
    assert len({s.get("dashArray") for s in styles.values()}) == 3
    airway = layers["Closed airways"][0]["properties"]
    assert airway["_s"]["color"] not in {s["fillColor"] for s in styles.values()}
    assert airway["_u"]["color"] == "#000000"  # the black casing
    assert closure_class("recommended") == "recommended"
    assert closure_class("declared") == "declared"
    assert closure_class("landing-zone") == "computed"  # any engine kind


def test_side_panel_rows(built: Any, data: SyntheticMapData) -> None:
    model = _model(built)
    ids = [r["id"] for r in model["closures"]]
    assert ids == list(data.closures["id"])
    b467 = next(r for r in model["closures"] if r["id"] == "B467-closure")
    assert b467["route"] == "B467" and b467["cls"] == "declared" and b467["notam"] == ""
    feature = json.loads(b467["geojson"])
    assert feature["geometry"]["type"] == "MultiLineString"
    assert feature["properties"]["start"] == "2022-11-02T01:58:00+00:00"
    impact = model["closures"][0]
    assert impact["notam"].startswith("A1234/22 NOTAMN") and NOTAM_LINE in impact["notam"]
    assert json.loads(impact["geojson"])["geometry"]["type"] == "Polygon"
    (flow,) = model["flows"]
    assert flow["id"] == "RKSI-KLAX" and flow["per_day"] == 12 and flow["affected_per_day"] == 12
    assert flow["extra_nm"] == 84.0 and flow["extra_nm_day"] == 84.0 * 12
    assert flow["extra_min_day"] == pytest.approx(11.2 * 12)
    assert flow["extra_fuel_kg"] is None and flow["extra_co2_kg_day"] is None  # NaN: unknown
    assert flow["alternatives"] == 2
    assert len(model["flowPaths"][flow["key"]]) == 3  # baseline and both reroutes


def test_timeline_moments_are_events_not_minutes(built: Any) -> None:
    time = _model(built)["time"]
    ts = [m["t"] for m in time["moments"]]
    assert ts == sorted(ts) and len(ts) == len(set(ts))
    t0 = T0.value / 1e6
    assert ts[0] == t0 and t0 + 24 * 3_600_000 in ts  # the first opening, B467 reopening
    assert len(ts) < 20
    assert any("B467-closure starts" in m["what"] for m in time["moments"])
    assert time["zone"] == "Asia/Seoul"
    assert time["offsets"] == [[pytest.approx(t0), 540, "KST"]]


def test_active_intervals_read_every_form_of_periods() -> None:
    a, b = pd.Timestamp("2024-03-01T00:00Z"), pd.Timestamp("2024-03-03T00:00Z")
    ms = a.value / 1e6
    hour = 3_600_000.0
    assert active_intervals(a, b) == [(ms, ms + 48 * hour)]
    assert active_intervals(a, b, []) == [(ms, ms + 48 * hour)]
    assert active_intervals(a, b, float("nan")) == [(ms, ms + 48 * hour)]
    pairs = [
        (a + pd.Timedelta(hours=25), a + pd.Timedelta(hours=26)),
        (a - pd.Timedelta(hours=2), a + pd.Timedelta(hours=1)),
    ]
    assert active_intervals(a, b, pairs) == [(ms, ms + hour), (ms + 25 * hour, ms + 26 * hour)]
    text = "2024-03-01T01:00Z/2024-03-01T02:00Z; 2024-03-01T01:30Z/2024-03-01T03:00Z"
    assert active_intervals(a, b, text) == [(ms + hour, ms + 3 * hour)]
    assert active_intervals(a, b, [{"start": a, "end": None}]) == [(ms, ms + 48 * hour)]


def test_moments_merge_instants_and_are_bounded() -> None:
    events = [Event(t_ms=2.0, what="b"), Event(t_ms=1.0, what="a"), Event(t_ms=2.0, what="c")]
    assert moments(events) == [Event(t_ms=1.0, what="a"), Event(t_ms=2.0, what="b; c")]
    many = [Event(t_ms=float(i), what=str(i)) for i in range(5000)]
    thinned = moments(many)
    assert len(thinned) == 400 and thinned[0].t_ms == 0 and thinned[-1].t_ms == 4999


def test_zone_offsets_follow_daylight_saving() -> None:
    start = pd.Timestamp("2024-03-30T12:00Z").value / 1e6
    end = pd.Timestamp("2024-04-01T12:00Z").value / 1e6
    offsets = zone_offsets("Europe/Berlin", start, end)
    assert [(o[1], o[2]) for o in offsets] == [(60, "CET"), (120, "CEST")]
    switch = pd.Timestamp("2024-03-31T01:00Z").value / 1e6
    assert offsets[1][0] == switch  # sampled on the half hour: exact for whole-hour changes
    assert zone_offsets("Not/AZone", start, end) == [[start, 0, "UTC"]]
    # the Python popups and these offsets name local time the same way
    t = pd.Timestamp("2024-03-31T02:00Z")
    assert when(t, "Europe/Berlin") == "2024-03-31 02:00Z (04:00 CEST)"
    assert t.tz_convert(ZoneInfo("Europe/Berlin")).tzname() == offsets[1][2]


def test_flows_share_corridors() -> None:
    common = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)]
    a = LineString([*common, (3.0, 1.0)])
    b = LineString([*common, (3.0, -1.0)])
    c = LineString([*common, (3.0, 1.0)])  # the same path as a
    pieces = {users: piece for piece, users in corridors([a, b, c])}
    assert set(pieces) == {(0, 1, 2), (0, 2), (1,)}
    assert pieces[(0, 1, 2)].length == pytest.approx(2.0)
    assert corridors([]) == []


def test_bundled_like_flows_draw_once_per_corridor(built: Any) -> None:
    layers = _layers(built)
    baseline = layers["Flows: baseline routes"]
    assert len(baseline) == 1 and "RKSI-KLAX" in baseline[0]["properties"]["_t"]
    reroute = layers["Flows: suggested reroutes"]
    assert all(f["properties"]["_c"] for f in reroute)  # follows its closures' clock
    geom = shape(baseline[0]["geometry"])
    assert isinstance(geom, LineString)
    lons = np.array(geom.coords)[:, 0]
    assert np.abs(np.diff(lons)).max() < 5.0  # continuous across 180 deg
    assert lons[0] == pytest.approx(126.4505) and lons[-1] == pytest.approx(360 - 118.4085)


def test_frame_centre_and_to_frame() -> None:
    assert frame_centre(np.array([170.0, -170.0])) == pytest.approx(180.0)
    assert frame_centre(np.array([126.0, 130.0])) == pytest.approx(128.0)
    assert frame_centre(np.array([-10.0, 10.0])) % 360 == pytest.approx(0.0)
    split = MultiLineString([[(170.0, 40.0), (180.0, 41.0)], [(-180.0, 41.0), (-170.0, 42.0)]])
    joined = to_frame(split, 180.0)
    assert isinstance(joined, LineString)
    assert list(joined.coords) == [(170.0, 40.0), (180.0, 41.0), (190.0, 42.0)]
    assert list(to_frame(LineString([(-5, 50), (5, 51)]), 0.0).coords) == [(-5, 50), (5, 51)]


def test_network_is_clipped_round_the_scenario(built: Any, data: SyntheticMapData) -> None:
    network = _layers(built)["Route network"]
    coords = shapely.get_coordinates([shape(f["geometry"]) for f in network])
    assert coords[:, 0].min() > 100 and coords[:, 0].max() < 165
    assert coords[:, 1].min() > 20 and coords[:, 1].max() < 55
    routes = {f["properties"]["_t"] for f in network}
    assert {"B467", "L512", "G597"} <= routes
    assert len(routes) == len(network)  # one feature per route
    assert len(json.dumps(network)) < 600_000


def test_trajectory_coloured_by_altitude_and_timed(built: Any) -> None:
    features = _layers(built)["Trajectories (colour = altitude)"]
    colours = {f["properties"]["_s"]["color"] for f in features}
    assert {"#0d0887", "#eb7852"} <= colours  # below 20 km and 200-500 km (SLV-1 apogee 480)
    assert all("altitude" in f["properties"]["_t"] for f in features)
    first = shape(features[0]["geometry"]).coords[0]
    assert first == pytest.approx((127.4461, 39.1475), abs=1e-4)
    assert features[0]["properties"]["_a"][0][0] == T0.value / 1e6


def test_view_is_fitted_to_scenario_not_to_long_flows(built: Any) -> None:
    (south, west), (north, east) = _model(built)["view"]
    assert west < 123.7 and east > 130.86 and south < 35.4 and north > 39.66
    assert 132 < east < 150  # the start of the reroute but not Los Angeles


def test_basemap_has_land_coasts_borders_and_names(built: Any) -> None:
    base = _model(built)["basemap"]
    land = shapely.STRtree([shape(f["geometry"]) for f in base["land"]["features"]])

    def on_land(lon: float, lat: float) -> bool:
        return len(land.query(Point(lon, lat), predicate="intersects")) > 0

    assert on_land(127.0, 37.5)  # Seoul
    assert not on_land(130.0, 38.0)  # the East Sea
    assert not on_land(129.2426, 38.2052)  # the 2022 impact, 57 km off Sokcho
    borders = shapely.union_all([shape(f["geometry"]) for f in base["borders"]["features"]])
    assert borders.distance(Point(126.7, 37.95)) < 0.3  # the inter-Korean line
    coast = shapely.union_all([shape(f["geometry"]) for f in base["coast"]["features"]])
    assert coast.distance(Point(128.5918, 38.2070)) < 0.05  # Sokcho is on the coast
    names = {lab["h"] for lab in _model(built)["labels"] if lab["c"] == "country"}
    assert {"South Korea", "North Korea", "Japan"} <= names


def test_basemap_topology_splits_coasts_from_borders() -> None:
    topo = topology()
    assert len(topo.countries) > 240
    assert min(topo.uses) == 1 and sum(u >= 2 for u in topo.uses) > 300  # coasts, borders
    europe = basemap(0.0, Bounds(-10, 35, 30, 60), Bounds(-40, 20, 60, 70))
    borders = shapely.union_all(np.array(europe.borders, dtype=object))
    assert borders.distance(Point(7.6, 47.56)) < 0.1  # Basel, the French-German-Swiss tri-point
    pacific = basemap(180.0, Bounds(170, -25, 190, -10), Bounds(150, -40, 210, 0))
    fiji = shapely.STRtree(np.array(pacific.land, dtype=object))
    assert len(fiji.query(Point(178.0, -17.8), predicate="intersects"))  # Viti Levu
    # Fiji's Lau islands east of 180 deg, in the frame at 180-182
    east = [g for g in pacific.land if g.bounds[0] > 180.0 and g.bounds[2] < 182.0]
    assert sum(g.bounds[1] > -19.5 and g.bounds[3] < -16.0 for g in east) > 5


def test_labels_carry_priority_zoom_and_layer(built: Any) -> None:
    labels = _model(built)["labels"]
    kinds = {lab["c"] for lab in labels}
    assert {"airway", "alert side", "airport side", "city", "fix side", "country"} <= kinds
    airway = [lab for lab in labels if lab["c"] == "airway"]
    assert [lab["h"] for lab in airway] == ["B467", "L512"] and airway[0]["l"] == "airways"
    assert [lab["p"] for lab in labels] == sorted(lab["p"] for lab in labels)
    seoul = next(lab for lab in labels if lab["h"] == "Seoul")
    assert seoul["z"] == 2  # the largest cities from the widest zoom


def test_empty_data_builds_a_world_map() -> None:
    m = build_map(SyntheticMapData(name="empty", timezone="UTC"))
    page = m.get_root().render()
    model = _model(m)
    assert model["layers"] == [] and model["closures"] == [] and model["time"]["moments"] == []
    assert "<title>empty</title>" in page
    assert len(page.encode()) < 3 * MB


def test_hostile_name_in_title_is_text() -> None:
    page = build_map(hostile()).get_root().render()
    assert f"<title>Test {HOSTILE}</title>" not in page
    assert "<title>Test &lt;script&gt;" in page


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
                "kind": "impact",
                "route": None,
                "fir": "KZAK",
                "lower": "SFC",
                "upper": "UNL",
                "start": t0,
                "end": t0 + pd.Timedelta(hours=1),
                "periods": None,
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
    found = _layers(build_map(data))
    coords = shapely.get_coordinates(
        [shape(f["geometry"]) for f in found["Trajectories (colour = altitude)"]]
    )
    assert coords[:, 0].min() == pytest.approx(175.0) and coords[:, 0].max() == pytest.approx(185.0)
    zone = shape(found["Closure areas: computed"][0]["geometry"])
    assert zone.bounds[0] == pytest.approx(178.0) and zone.bounds[2] == pytest.approx(182.0)
