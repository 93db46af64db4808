"""The advisory as map data (``airspace.render.mapview``): airway closures among the closures,
every reroute, overflight alerts merged per place without the launch site, labels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

import airspace
from airspace.advisory import Advisory
from airspace.render.mapextras import merge_alerts
from airspace.render.mapview import MapView

SOKCHO = Path(__file__).parents[1] / "scenarios" / "2022-11-02-sokcho.yaml"
T0 = pd.Timestamp("2022-11-01T23:51:00Z")


@pytest.fixture(scope="module")
def advisory() -> Advisory:
    return airspace.run(SOKCHO)


@pytest.fixture(scope="module")
def view(advisory: Advisory) -> MapView:
    return MapView.of(advisory)


def _row(place: str, t_s: float, lat: float, lon: float, **kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "launch_id": "L",
        "kind": "land" if place.startswith("land near ") else "place",
        "place": place,
        "over": False,
        "distance_km": 10.0,
        "beyond_impact_km": 0.0,
        "time": T0 + pd.Timedelta(seconds=t_s),
        "alt_m": 1000.0 * t_s / 10.0,
        "geometry": Point(lon, lat),
    }
    return {**row, **kw}


def test_merge_alerts_one_per_place_without_the_launch_site() -> None:
    site = (39.15, 127.45)
    rows = [
        _row("Wonsan", 0, 39.15, 127.45, over=True, distance_km=0.0),  # the site itself
        _row("land near Wonsan", 20, 39.10, 127.60, over=True, distance_km=0.0),  # its name
        _row("Hamhung", 5, 39.19, 127.50, distance_km=3.0),  # within 10 km of the site
        _row("land near Kosong", 150, 38.60, 128.30, over=True, distance_km=0.0),
        _row("land near Kosong", 160, 38.55, 128.40, distance_km=25.0),
        _row("Kosong", 170, 38.50, 128.45, distance_km=23.0),
        _row("Sokcho", 200, 38.30, 128.90, distance_km=33.7),
        _row("Ulleungdo", 270, 37.40, 130.70, distance_km=19.6, beyond_impact_km=160.0),
        _row("Ulleung-eup", 270, 37.45, 130.75, distance_km=20.8, beyond_impact_km=170.0),
    ]
    places = {
        "Kosong": (38.38, 128.47),
        "Sokcho": (38.207, 128.592),
        "Ulleungdo": (37.50, 130.86),
        "Ulleung-eup": (37.48, 130.90),
    }
    merged = merge_alerts(
        pd.DataFrame(rows),
        {"L": site},
        {"L": "Wonsan"},
        locate=lambda name, lat, lon: places.get(name),
    )
    assert list(merged["place"]) == ["Kosong", "Sokcho", "Ulleungdo"]
    kosong, sokcho, ulleungdo = merged.itertuples(index=False)
    assert kosong.over and kosong.distance_km == 0.0  # under the track: one land row was over
    assert (kosong.geometry.y, kosong.geometry.x) == places["Kosong"]  # on the place itself
    assert not sokcho.over and sokcho.distance_km == pytest.approx(33.7)
    assert ulleungdo.beyond_impact_km == 160.0 and ulleungdo.distance_km == pytest.approx(19.6)


def test_map_alerts_of_the_bundled_scenario(advisory: Advisory, view: MapView) -> None:
    alerts = view.alerts
    assert len(alerts) < len(advisory.alerts)
    assert alerts["place"].is_unique
    assert not any(p.startswith("land near") for p in alerts["place"])
    assert "Wonsan" not in set(alerts["place"])  # the launch site
    site = next(iter(advisory.computed.trajectories.values())).launch
    far = shapely.distance(alerts.geometry.to_numpy(), Point(site.lon, site.lat))
    assert (far > 0.05).all()
    ulleungdo = alerts[alerts["place"] == "Ulleungdo"].iloc[0]
    assert 150 < ulleungdo.beyond_impact_km < 200  # reported as past the impact, not "0 km"
    assert {"Sokcho", "Ulleungdo"} <= set(alerts["place"])
    assert "Ulleung-eup" not in set(alerts["place"])  # the same island


def test_airway_closures_are_closures_with_their_segments(
    advisory: Advisory, view: MapView
) -> None:
    closures = view.closures.set_index("id")
    assert set(advisory.closures["id"]) < set(closures.index)
    for route in ("B467", "L512"):
        row = closures.loc[f"{route}-closure"]
        assert row.route == route and row.kind == "declared" and row.notam == ""
        assert row.geometry.geom_type in ("LineString", "MultiLineString")
        mine = advisory.affected_segments[advisory.affected_segments["closure"] == row.name]
        assert row.geometry.length == pytest.approx(
            shapely.union_all(mine.geometry.to_numpy()).length
        )
        assert "RKRR" in row.fir
        assert row.start == pd.Timestamp("2022-11-02T01:58Z")


def test_every_reroute_is_drawn_with_its_rank_and_cost(advisory: Advisory, view: MapView) -> None:
    flows = view.flows
    reroutes = flows[flows["kind"] == "reroute"]
    assert len(reroutes) == len(advisory.reroutes)
    assert sorted(set(reroutes["rank"])) == sorted(set(advisory.reroutes["rank"]))
    best = reroutes[reroutes["rank"] == 1].set_index("flow_id")
    for r in advisory.reroutes[advisory.reroutes["suggested"]].itertuples():
        assert best.loc[r.flow_id, "extra_co2_kg"] == pytest.approx(r.extra_co2_kg)
    base = flows[flows["kind"] == "baseline"].set_index("flow_id")
    assert base.loc["ICN-LAX", "flights_affected_per_day"] == 12


def test_labels_name_airports_fixes_and_cities(view: MapView) -> None:
    labels = view.labels
    airports = set(labels[labels["kind"] == "airport"]["name"])
    assert {"RKSI", "KLAX", "RJAA"} <= airports
    fixes = set(labels[labels["kind"] == "fix"]["name"])
    assert {"KAE", "TENAS", "ANDOL"} <= fixes
    cities = labels[labels["kind"] == "city"].sort_values("rank")
    assert "Seoul" in set(cities["name"].head(5))
