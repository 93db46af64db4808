"""Property tests of the 4-D intersection and the reroutes (hypothesis)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from airspace import RouteNetwork, Scenario
from airspace.hazard import Dispersion, HazardSettings, HazardVolume, impact_volume
from airspace.impact import affected_segments
from airspace.reroute import closed_segment_sets, plan_flow
from airspace.units import UNL, Limits, flight_level

T0 = datetime(2022, 11, 2, 2, 0, tzinfo=UTC)
CFG = HazardSettings()
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def network() -> RouteNetwork:
    return RouteNetwork.default()


def disc(
    lat: float,
    lon: float,
    radius_m: float,
    lower_fl: int,
    start: datetime,
    hours: float = 1.0,
    name: str = "v",
) -> HazardVolume:
    base = impact_volume(name, Dispersion.from_cep(lat, lon, 1.0), (start, start), CFG, "", ())
    area = Dispersion.from_cep(lat, lon, 1.0).area_lonlat(0.5, radius_m)
    lower = flight_level(lower_fl) if lower_fl else base.limits.lower
    limits = Limits(lower=lower, upper=UNL, start=start, end=start + timedelta(hours=hours))
    return HazardVolume(id=name, kind="declared", area=area, limits=limits, reason="test")


@SLOW
@given(st.integers(0, 76_000), st.floats(0.05, 0.95), st.integers(10, 60))
def test_volume_above_a_segment_or_outside_the_window_never_closes_it(
    network: RouteNetwork, index: int, fraction: float, radius_km: int
) -> None:
    seg = network.segments.iloc[index]
    point = shapely.line_interpolate_point(seg.geometry, fraction, normalized=True)
    lat, lon = float(point.y), float(point.x)
    above = min(int(seg.upper_ft // 100) + 10, 990)
    window = (T0, T0 + timedelta(hours=1))
    hits = affected_segments(network, [disc(lat, lon, radius_km * 1e3, 0, T0)], window=window)
    assert index in set(hits["segment"])  # the same disc at SFC-UNL, in time, closes it
    high = affected_segments(network, [disc(lat, lon, radius_km * 1e3, above, T0)], window=window)
    assert index not in set(high["segment"])
    later = disc(lat, lon, radius_km * 1e3, 0, T0 + timedelta(hours=2))
    assert index not in set(affected_segments(network, [later], window=window)["segment"])


FLOW = {
    "name": "p",
    "avoid_firs": ["ZKKP"],
    "flows": [
        {
            "id": "F",
            "origin": "RKSI",
            "destination": "RJAA",
            "flights_per_day": 4,
            "aircraft": "A333",
            "cruise": "FL330",
        }
    ],
}


@SLOW
@given(st.floats(0.15, 0.85), st.integers(15, 80), st.integers(0, 200))
def test_no_reroute_crosses_an_active_closure_at_its_level(
    network: RouteNetwork, fraction: float, radius_km: int, lower_fl: int
) -> None:
    scenario = Scenario.model_validate(FLOW)
    flow = scenario.flows[0]
    baseline = network.shortest_path("RKSI", "RJAA", avoid_firs=["ZKKP"], cruise_fl=330)
    on_path = shapely.line_interpolate_point(baseline.geometry, fraction, normalized=True)
    volume = disc(float(on_path.y), float(on_path.x), radius_km * 1e3, lower_fl, T0, hours=30)
    affected = affected_segments(network, [volume])
    result = plan_flow(network, flow, ["ZKKP"], [volume], closed_segment_sets(affected))
    at_level = lower_fl * 100 <= 33_000
    assert result.affected == at_level  # a closure below or above the level is no closure
    for reroute in result.reroutes:
        crossing = shapely.intersection(reroute.geometry, volume.area)
        assert shapely.length(crossing) < 1e-6  # at most grazes the edge
        assert not shapely.intersects(reroute.geometry, network.firs.polygon("ZKKP").buffer(-0.01))


def shifted_network(tmp_path: Path, dlon: float) -> RouteNetwork:
    """A small airway net (lon 170-190 when shifted) written as X-Plane awy.dat."""
    legs = [
        ("AAAAA", 30.0, 170.0, "BBBBB", 31.0, 175.0, "A1"),
        ("BBBBB", 31.0, 175.0, "CCCCC", 31.5, 181.0, "A1"),
        ("CCCCC", 31.5, 181.0, "DDDDD", 30.5, 188.0, "A1"),
        ("BBBBB", 31.0, 175.0, "EEEEE", 35.0, 179.5, "B2"),
    ]
    lines = ["I", "640 Version - test", ""]
    for a, la, lo, b, lb, lob, name in legs:
        lo1, lo2 = ((x + dlon + 180.0) % 360.0 - 180.0 for x in (lo, lob))
        lines.append(f"{a} {la:.6f} {lo1:.6f} {b} {lb:.6f} {lo2:.6f} 2 180 450 {name}")
    lines.append("99")
    path = tmp_path / f"awy{dlon:+.0f}.dat"
    path.write_text("\n".join(lines) + "\n")
    return RouteNetwork.from_awy(path)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.floats(29.5, 35.5), st.floats(168.0, 190.0), st.integers(20, 150))
def test_results_do_not_change_across_the_antimeridian(
    tmp_path: Path, lat: float, lon: float, radius_km: int
) -> None:
    results = []
    for dlon in (0.0, -20.0):  # the first copy sits astride 180 degrees, the second west of it
        net = shifted_network(tmp_path, dlon)
        centre = (lon + dlon + 180.0) % 360.0 - 180.0
        hits = affected_segments(net, [disc(lat, centre, radius_km * 1e3, 0, T0)])
        results.append(
            sorted(
                zip(
                    hits["route"],
                    hits["from_fix"],
                    hits["to_fix"],
                    np.round(hits["inside_nm"], 1),
                    strict=True,
                )
            )
        )
    assert results[0] == results[1]


def test_antimeridian_case_with_known_hits(tmp_path: Path) -> None:
    found = []
    for dlon in (0.0, -20.0):
        net = shifted_network(tmp_path, dlon)
        hits = affected_segments(net, [disc(31.3, 178.0 + dlon, 100e3, 0, T0)])
        found.append(
            sorted(
                zip(
                    hits["route"],
                    hits["from_fix"],
                    hits["to_fix"],
                    np.round(hits["inside_nm"], 1),
                    strict=True,
                )
            )
        )
    assert found[0] == found[1]
    crossing = [nm for route, a, b, nm in found[0] if (route, a, b) == ("A1", "BBBBB", "CCCCC")]
    assert crossing and all(nm > 50 for nm in crossing)  # the leg across 180° is hit inside
