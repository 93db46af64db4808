"""Precautionary closures from a launch, before the impact is known (the 2 Nov 2022 decision).

Geometry is checked against independent computations: Vincenty distances (tests/vincenty.py),
spherical azimuths, the spherical area of an annular sector, and a point-by-point sampling of
the airways for the share each recommended stretch has inside the threat corridor."""

import itertools
import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import shapely

import airspace
from airspace.advisory import Advisory
from airspace.hazard import Arc
from airspace.hazard.fan import FanError, area_km2, fan
from airspace.network import RouteNetwork
from tests import vincenty

ROOT = Path(__file__).parents[1]
WORKED = ROOT / "scenarios" / "2022-11-02-precaution.yaml"
BUNDLED = ROOT / "scenarios" / "2022-11-02-sokcho.yaml"
LAUNCH = datetime(2022, 11, 1, 23, 51, tzinfo=UTC)  # 08:51 KST
WONSAN = (39.1475, 127.4461)


@pytest.fixture(scope="module")
def worked() -> Advisory:
    return airspace.run(WORKED)


def _run(text: str) -> Advisory:
    return airspace.run(airspace.parse_scenario_text(text, str(ROOT / "scenarios" / "x.yaml")))


def _applied(advisory: Advisory) -> dict[str, object]:
    table = advisory.recommendations
    rows = table[table["applied"].astype(bool)]
    return {f"{r.route} {r.from_fix}-{r.to_fix}": r for r in rows.itertuples()}


def _azimuth_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing on the sphere (an independent check, within ~0.3 deg)."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


# ---- the done-when of the issue ------------------------------------------------------------
def test_the_launch_alone_closes_nothing_without_a_posture() -> None:
    """The motivation: remove the declared closures and the 2 Nov launch closes no airway."""
    head, rest = WORKED.read_text().split("\nposture:\n", 1)
    head = re.sub(r"    precaution:\n      heading_deg: 120[^\n]*\n", "", head)
    advisory = _run(head + "\n" + rest[rest.index("# The Incheon") :])
    assert advisory.scenario.posture is None
    assert advisory.affected_routes.empty and advisory.recommendations.empty


def test_launch_alone_recommends_b467_and_l512_in_rkrr_for_about_a_day(worked: Advisory) -> None:
    applied = _applied(worked)
    assert "L512 TENAS-ANDOL" in applied  # the whole of L512 in the Incheon FIR
    b467 = [k for k in applied if k.startswith("B467 ")]
    assert b467 == ["B467 KAE-KANSU"]  # B467 from KAE to the FIR boundary (KANSU)
    for name in ("L512 TENAS-ANDOL", "B467 KAE-KANSU"):
        row = applied[name]
        assert row.fir == "RKRR" and row.stage == "launch"
        assert (row.lower, row.upper) == ("SFC", "UNL")
        assert row.start == LAUNCH
        assert row.end - row.start == timedelta(hours=24)  # Korea: 24 h 7 min
        assert row.covered > 0.85
    routes = worked.affected_routes
    recommended = routes[routes["kind"] == "recommended"]
    assert {"B467", "L512"} <= set(recommended["route"])
    assert not len(routes[routes["kind"] == "declared"])


def test_ranked_by_the_share_covered(worked: Advisory) -> None:
    table = worked.recommendations
    for _, stage in table.groupby("stage"):
        assert list(stage["rank"]) == list(range(1, len(stage) + 1))
        assert list(stage["covered"]) == sorted(stage["covered"], reverse=True)
    assert table.iloc[0]["route"] == "L512" and table.iloc[0]["covered"] == pytest.approx(1.0)


def test_every_stretch_lies_in_the_fir_and_within_the_fan(worked: Advisory) -> None:
    """The covered part of every recommended stretch lies in RKRR, within 1,000 km of Wonsan
    and on headings 120 +/- 21.25 deg (checked with Vincenty and spherical bearings)."""
    rkrr = worked.network.firs.polygon("RKRR")
    for row in worked.recommendations.itertuples():
        assert row.fir == "RKRR"
        assert shapely.intersection(row.geometry, rkrr).length > 0
    network = worked.network
    segments = worked.affected_segments
    recommended = segments[segments["kind"] == "recommended"]
    for geometry in recommended.geometry:
        for lon, lat in shapely.get_coordinates(geometry):
            assert rkrr.buffer(1e-6).covers(shapely.Point(lon, lat))
    for stretch in worked.computed.recommendation.at_launch:
        lines = network.segments.geometry.iloc[list(stretch.segments)]
        threat = worked.computed.threats[0].volume.area
        pieces = shapely.intersection(shapely.intersection(lines.to_numpy(), rkrr), threat)
        for lon, lat in shapely.get_coordinates(pieces):
            assert vincenty.inverse_m(*WONSAN, lat, lon) <= 1_000_000.0 + 50.0
            assert Arc.around(120.0, 21.25).contains(_azimuth_deg(*WONSAN, lat, lon), 0.3)


def _sampled_share(network: RouteNetwork, segments: list[int], arc: Arc, far_km: float) -> float:
    """Share of the legs (inside RKRR) whose points lie in the fan: a sample every ~0.5 km,
    each point tested by Vincenty distance and spherical bearing, no polygon involved."""
    inside = total = 0
    seen: set[tuple[float, ...]] = set()
    for geometry in network.segments.geometry.iloc[segments]:
        coords = shapely.get_coordinates(geometry)
        key = tuple(np.round(coords[[0, -1]].ravel(), 6))
        if key in seen:  # the same leg in another level band
            continue
        seen.add(key)
        for (x0, y0), (x1, y1) in itertools.pairwise(coords):
            steps = max(2, int(vincenty.inverse_m(y0, x0, y1, x1) / 500.0))
            for t in (np.arange(steps) + 0.5) / steps:
                lat, lon = y0 + t * (y1 - y0), x0 + t * (x1 - x0)
                if network.fir_at(lat, lon) != "RKRR":
                    continue
                total += 1
                near = vincenty.inverse_m(*WONSAN, lat, lon) <= far_km * 1000.0
                inside += near and arc.contains(_azimuth_deg(*WONSAN, lat, lon))
    return inside / total


def test_share_covered_matches_an_independent_sampling(worked: Advisory) -> None:
    rec = worked.computed.recommendation
    assert rec is not None
    shares = []
    for stretch in rec.at_launch[:4]:
        share = _sampled_share(worked.network, list(stretch.segments), Arc.around(120, 21.25), 1e3)
        assert stretch.covered == pytest.approx(share, abs=0.02), stretch.label
        shares.append(share)
    assert min(shares) < 0.95  # partly covered stretches are among them


WEST = """
posture:
  fir: RKRR
  activities:
    - id: west
      site: Wonsan
      time: 2022-11-02T08:51:00+09:00
      heading_deg: 270
"""


def _activity_only(posture: str) -> str:
    text = WORKED.read_text()
    head = text.split("launches:")[0]
    flows = "flows:" + text.split("flows:")[1]
    return head + posture + flows


def test_a_west_bound_launch_closes_nothing_east_of_the_site() -> None:
    advisory = _run(_activity_only(WEST))
    routes = set(advisory.recommendations["route"])
    assert not routes & {"B467", "L512", "G597", "B332"}
    arc = Arc.around(270.0, 21.25)
    for geometry in advisory.recommendations.geometry:
        pieces = shapely.intersection(geometry, advisory.computed.threats[0].volume.area)
        for lon, lat in shapely.get_coordinates(pieces):
            assert arc.contains(_azimuth_deg(*WONSAN, lat, lon), 0.3)


def test_a_short_range_class_closes_nothing_beyond_its_reach() -> None:
    """An SRBM flown no farther than 150 km (max_range) reaches neither B467 (KAE is 197 km from
    Wonsan) nor L512 (398 km)."""
    advisory = _run(
        _activity_only(
            WEST.replace("heading_deg: 270", "heading_deg: 120\n      max_range: 150 km")
        )
    )
    assert not set(advisory.recommendations["route"]) & {"B467", "L512"}
    threat = advisory.computed.threats[0]
    assert threat.max_range_km == 150.0
    for geometry in advisory.recommendations.geometry:
        pieces = shapely.intersection(geometry, threat.volume.area)
        for lon, lat in shapely.get_coordinates(pieces):
            assert vincenty.inverse_m(*WONSAN, lat, lon) <= 150_000.0 + 50.0


# ---- from observation to recommendation ------------------------------------------------------
def test_the_observed_impact_narrows_the_recommendation(worked: Advisory) -> None:
    rec = worked.computed.recommendation
    assert rec is not None and rec.at_impact is not None
    before, after = worked.computed.threats
    assert (before.stage, after.stage) == ("launch", "impact")
    # observed: 188 km on 123 deg; ranges 188/2 to 188*2, headings 123 +/- 10
    assert after.min_range_km == pytest.approx(94, abs=1)
    assert after.max_range_km == pytest.approx(376, abs=2)
    assert after.arcs[0].centre_deg == pytest.approx(123.2, abs=0.2)
    assert after.arcs[0].width_deg == pytest.approx(20.0)
    assert rec.area_km2("impact") < rec.area_km2("launch") / 10
    launch_legs = {s for st in rec.at_launch for s in st.segments}
    assert {s for st in rec.at_impact for s in st.segments} <= launch_legs
    changes = {c.before.label: c for c in rec.changes}
    assert changes["L512 TENAS-ANDOL"].status == "dropped"  # 398 km and more: beyond 376 km
    assert changes["B467 KAE-KANSU"].status == "shortened"
    assert [s.label for s in changes["B467 KAE-KANSU"].after] == ["B467 KAE-INTOS"]
    narrowing = worked.narrowing.set_index("route")
    assert narrowing.loc["L512", "status"] == "dropped"


def test_basis_impact_applies_the_narrowed_stretches() -> None:
    advisory = _run(WORKED.read_text().replace("basis: launch", "basis: impact"))
    applied = _applied(advisory)
    assert "B467 KAE-INTOS" in applied and "L512 TENAS-ANDOL" not in applied
    assert all(r.stage == "impact" for r in applied.values())
    routes = advisory.affected_routes
    assert "L512" not in set(routes[routes["kind"] == "recommended"]["route"])


def test_an_observation_outside_the_rough_heading_is_said_and_closes_nothing() -> None:
    advisory = _run(WORKED.read_text().replace("heading_deg: 120", "heading_deg: 300"))
    observed = advisory.computed.threats[1]
    assert observed.volume is None and "outside the headings known at launch" in observed.notes[0]
    rec = advisory.computed.recommendation
    assert rec is not None and rec.at_impact == ()
    assert "outside the headings known at launch" in " ".join(advisory.threats["notes"])


# ---- declared and recommended side by side; flows ---------------------------------------------
def test_declared_and_recommended_side_by_side() -> None:
    advisory = _run(BUNDLED.read_text() + "\nposture:\n  fir: RKRR\n")
    comparison = advisory.comparison.set_index("route")
    assert comparison.loc["B467", "verdict"] == "both"
    assert comparison.loc["L512", "verdict"] == "both"
    assert "0158Z" in comparison.loc["L512", "declared"]  # the declared window, as decided
    assert "2351Z" in comparison.loc["L512", "recommended"]  # from the launch, as recommended
    assert comparison.loc["G597", "verdict"] == "recommended only"
    flows = advisory.flows.set_index("flow_id")
    assert flows.loc["ICN-LAX", "closures_hit"] == "B467-closure,L512-closure"  # unchanged
    kinds = set(advisory.affected_routes["kind"])
    assert kinds == {"declared", "recommended"}


def test_flows_under_the_recommendation_are_rerouted_round_it(worked: Advisory) -> None:
    flows = worked.recommended_flows.set_index("flow_id")
    assert flows["flights_affected_per_day"].sum() == 33  # 32 to the US, 1 to Japan
    assert worked.flows["flights_affected_per_day"].sum() == 0  # nothing declared
    closed = set(worked.affected_segments.query("kind == 'recommended'")["segment"])
    best = worked.recommended_reroutes[worked.recommended_reroutes["suggested"]]
    assert set(best["flow_id"]) == set(flows.index)
    for flow in ("ICN-LAX", "ICN-SFO", "ICN-SEA"):
        hit = flows.loc[flow, "closures_hit"].split(",")
        assert {"rec-L512-TENAS-ANDOL", "rec-B467-KAE-KANSU"} <= set(hit)
    for row in best.itertuples():
        airways = row.airways.split()
        assert "L512" not in airways and "B467" not in airways
        assert row.extra_min > 0
    network = worked.network
    for row in best.itertuples():
        path_segments = set(network.query([row.geometry], predicate="contains")[1].tolist())
        assert len(path_segments) > 10  # the query sees the path's own segments
        assert not path_segments & closed


# ---- the fan itself ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lat", "lon", "centre", "half", "near_km", "far_km"),
    [
        (39.1475, 127.4461, 120.0, 21.25, 0.0, 1_000.0),
        (9.0, 167.7, 60.0, 20.0, 100.0, 5_000.0),  # crosses the antimeridian
        (-33.9, 18.4, 200.0, 5.0, 500.0, 3_000.0),
        (64.1, -21.9, 300.0, 40.0, 0.0, 2_000.0),
    ],
)
def test_fan_area_and_edges_match_independent_geodesy(
    lat: float, lon: float, centre: float, half: float, near_km: float, far_km: float
) -> None:
    arc = Arc.around(centre, half)
    area = fan(lat, lon, arc, near_km * 1e3, far_km * 1e3)
    assert area.is_valid and area.bounds[0] >= -180.0 and area.bounds[2] <= 180.0
    r = 6_371.0088  # mean Earth radius: the ellipsoid's areas differ by well under 1 %
    sphere = math.radians(2 * half) * r * r * (math.cos(near_km / r) - math.cos(far_km / r))
    assert area_km2(area) == pytest.approx(sphere, rel=0.006)
    for az in np.linspace(centre - half + 0.5, centre + half - 0.5, 7):
        for dist_km in np.linspace(near_km + 5, far_km - 5, 5):
            p_lat, p_lon = vincenty.direct(lat, lon, float(az), float(dist_km) * 1e3)
            assert area.buffer(1e-7).covers(shapely.Point(p_lon, p_lat))
        outside = vincenty.direct(lat, lon, float(az), (far_km + 5) * 1e3)
        assert not area.covers(shapely.Point(outside[1], outside[0]))
    for side in (centre - half - 0.5, centre + half + 0.5):
        p_lat, p_lon = vincenty.direct(lat, lon, side, (near_km + far_km) / 2 * 1e3)
        assert not area.covers(shapely.Point(p_lon, p_lat))


def test_a_fan_round_a_pole_is_refused() -> None:
    with pytest.raises(FanError, match="North Pole"):
        fan(60.0, 10.0, Arc.around(0.0, 10.0), 0.0, 4_000_000.0)
    with pytest.raises(FanError, match="South Pole"):
        fan(-60.0, 10.0, Arc.around(180.0, 10.0), 0.0, 4_000_000.0)


def test_arcs_intersect_across_north() -> None:
    assert Arc(start_deg=300, width_deg=100).intersection(Arc.around(10, 20)) == [
        Arc(start_deg=350, width_deg=40)
    ]
    assert Arc.around(120, 10).intersection(Arc.around(300, 10)) == []
    assert Arc.around(0, 5).contains(358) and not Arc.around(0, 5).contains(10)


def test_an_activity_with_a_heading_window_and_a_salvo() -> None:
    """A heading window is the headings known before any impact: the salvo spread widens it on
    both sides; with nothing observed there is no impact stage and no narrowing."""
    posture = WEST.replace("heading_deg: 270", "heading_window_deg: [100, 140]\n      count: 4")
    advisory = _run(_activity_only(posture))
    (threat,) = advisory.computed.threats
    assert threat.stage == "launch" and threat.arcs == (Arc(start_deg=90.0, width_deg=60.0),)
    assert "salvo of 4" in threat.volume.reason
    rec = advisory.computed.recommendation
    assert rec is not None and rec.at_impact is None and rec.changes == ()
    assert advisory.narrowing.empty
    assert {"B467", "L512"} <= set(advisory.recommendations["route"])
