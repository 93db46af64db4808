"""Property tests of the recommendation (hypothesis): whatever the site, heading, spreads and
ranges, a recommended stretch lies in the named FIR and is reached within the range envelope
and the heading window, and the observed impact never adds a stretch."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from airspace.geo import inverse
from airspace.hazard import Arc, Source, source_threats
from airspace.hazard.fan import fan
from airspace.hazard.threats import Sizes
from airspace.impact import geodesic_lengths_nm
from airspace.network import RouteNetwork
from airspace.places import Place
from airspace.precaution import recommend
from airspace.precaution.stretches import MIN_FIR_SHARE
from airspace.units import SFC, UNL

T0 = datetime(2022, 11, 1, 23, 51, tzinfo=UTC)
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def network() -> RouteNetwork:
    return RouteNetwork.default()


def _source(
    lat: float,
    lon: float,
    heading: float,
    uncertainty: float,
    spread: float,
    near_km: float,
    far_km: float,
    observed: tuple[float, float],
) -> Source:
    sizes = Sizes(
        heading_uncertainty_deg=uncertainty,
        salvo_spread_deg=spread,
        min_range_km=near_km,
        max_range_km=far_km,
        range_ratio=2.0,
        duration=timedelta(hours=24),
        lower=SFC,
        upper=UNL,
        given=frozenset(),
    )
    return Source(
        id="s",
        site=Place(lat, lon, "site"),
        vehicle="SRBM",
        first=T0,
        last=T0,
        count=1,
        heading=Arc.around(heading, uncertainty),
        heading_basis="test",
        sizes=sizes,
        observed=observed,
    )


sources = st.builds(
    _source,
    st.floats(33.0, 40.5),
    st.floats(123.0, 132.0),
    st.floats(0.0, 359.9),
    st.floats(0.0, 30.0),
    st.floats(0.1, 20.0),
    st.floats(0.0, 150.0),
    st.floats(200.0, 1_500.0),
    st.tuples(st.floats(0.0, 359.9), st.floats(30.0, 1_500.0)),
)


@SLOW
@given(sources)
def test_recommended_stretches_lie_in_the_fir_and_in_the_envelope(
    network: RouteNetwork, source: Source
) -> None:
    threats = source_threats(source)
    rec = recommend(network, threats, "RKRR", "launch")
    rkrr = network.firs.polygon("RKRR")
    site = source.site
    for stage, threat in (("launch", threats[0]), ("impact", threats[1])):
        stretches = rec.at_launch if stage == "launch" else (rec.at_impact or ())
        arcs = threat.arcs
        for stretch in stretches:
            assert stretch.fir == "RKRR" and stretch.stage == stage
            assert 0.0 <= stretch.covered <= 1.0
            assert stretch.covered_nm <= stretch.length_nm + 1e-6
            lines = network.segments.geometry.to_numpy()[list(stretch.segments)]
            inside = geodesic_lengths_nm(shapely.intersection(lines, rkrr))
            whole = network.segments["length_nm"].to_numpy()[list(stretch.segments)]
            assert (inside >= MIN_FIR_SHARE * whole - 1e-9).all()  # every leg is the FIR's
            assert threat.volume is not None
            pieces = shapely.intersection(shapely.intersection(lines, rkrr), threat.volume.area)
            assert shapely.length(shapely.union_all(pieces)) > 0.0  # the corridor reaches it
            for lon, lat in shapely.get_coordinates(pieces):
                dist_m, azimuth = inverse(site.lat, site.lon, lat, lon)
                assert dist_m <= threat.max_range_km * 1e3 + 10.0
                assert dist_m >= threat.min_range_km * 1e3 - 10.0
                if dist_m > 20_000.0:  # the bearing of a point next to the site is unstable
                    assert any(a.contains(azimuth, 0.05) for a in arcs), (azimuth, arcs)


@SLOW
@given(sources)
def test_the_observed_impact_never_adds_a_stretch(network: RouteNetwork, source: Source) -> None:
    threats = source_threats(source)
    rec = recommend(network, threats, "RKRR", "impact")
    launch = {s for st in rec.at_launch for s in st.segments}
    impact = {s for st in (rec.at_impact or ()) for s in st.segments}
    assert impact <= launch
    assert rec.area_km2("impact") <= rec.area_km2("launch") * 1.0001 + 1e-6
    assert {c.before.id for c in rec.changes} == {s.id for s in rec.at_launch}
    if rec.at_impact is not None:
        assert rec.applied == rec.at_impact


@settings(max_examples=60, deadline=None)
@given(
    st.floats(-70.0, 70.0),
    st.floats(-180.0, 180.0),
    st.floats(0.0, 359.9),
    st.floats(0.5, 80.0),
    st.floats(0.0, 0.9),
    st.floats(10.0, 6_000.0),
)
def test_fans_are_valid_and_hold_their_geodesics(
    lat: float, lon: float, centre: float, half: float, near_share: float, far_km: float
) -> None:
    """Anywhere on Earth (away from the poles): a valid polygon split at 180 degrees that holds
    the points of its own geodesics and not the ones beyond its reach."""
    from airspace.hazard import FanError

    arc = Arc.around(centre, half)
    try:
        area = fan(lat, lon, arc, near_share * far_km * 1e3, far_km * 1e3)
    except FanError as exc:
        assert "Pole" in str(exc)
        return
    assert area.is_valid and not area.is_empty
    minx, _, maxx, _ = area.bounds
    assert minx >= -180.0 and maxx <= 180.0
    grown = area.buffer(1e-4)  # ~10 m: straight lon/lat chords 10 km apart stay within metres
    from airspace.geo import forward

    for az in np.linspace(centre - half * 0.95, centre + half * 0.95, 5):
        for share in (0.35, 0.65, 0.95):
            dist = (near_share + (1.0 - near_share) * share) * far_km * 1e3
            p_lat, p_lon = forward(lat, lon, float(az), dist)
            assert grown.covers(shapely.Point(p_lon, p_lat))
        p_lat, p_lon = forward(lat, lon, float(centre), far_km * 1e3 * 1.02 + 1_000.0)
        assert not area.covers(shapely.Point(p_lon, p_lat))
