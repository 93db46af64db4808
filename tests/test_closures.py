"""Closure zones and NOTAMs of whole scenarios: round trip, vertex limit, containment, FIR split,
declared closures, time windows and the files ``airspace run`` writes.

Each scenario is built once per module (the route network is loaded once and cached).
"""

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import shapely
from shapely.geometry import shape

from airspace import advisory
from airspace.advisory import Advisory
from airspace.geo import METRES_PER_NM, geodesic_circle, inverse, to_local
from airspace.hazard import NO_FIR, ClosureZone, HazardSettings, HazardVolume
from airspace.hazard.zones import vertex_count
from airspace.network import RouteNetwork
from airspace.notam import parse_notam
from airspace.scenario import parse_scenario_text

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SOKCHO = SCENARIOS / "2022-11-02-sokcho.yaml"
SOHAE = SCENARIOS / "2023-05-31-sohae-satellite.yaml"

RPHI_NOTAM = """\
B3810/25 NOTAMN
Q) RPHI/QWMLW/IV/BO /W /000/999/1238N11644E048
A) RPHI B) 2508241800 C) 2508272100  D) 1800-2100
E) SPECIAL OPS (AEROSPACE FLT ACT) WILL BE CONDUCTED BY CHINA.
EST FALL AREA FOR UNBURNED DEBRIS WI: 130200N 1160300E - 132300N 1163000E -
121400N 1172500E - 115400N 1165800E - 130200N 1160300E (210NM NORTHWEST OF PUERTO PRINCESA AP)
F) SFC G) UNL"""

# A box across the RKRR/RJJJ boundary (133E between 37.5N and 38N, then south-west), FL200-FL450,
# and the real Philippine launch-debris NOTAM pasted as a closure (its window and limits).
DECLARED = f"""\
version: 1
name: Declared closures
closures:
  - id: EAST-SEA-BOX
    polygon: ["371200N 1323000E", "371200N 1333000E", "374800N 1333000E", "374800N 1323000E"]
    lower: FL200
    upper: FL450
    start: 2024-03-01T09:00:00+09:00
    end: 2024-03-01T15:30:00+09:00
    reason: Exercise area across two FIRs
  - id: RPHI-B3810
    notam: |
{chr(10).join("      " + line for line in RPHI_NOTAM.splitlines())}
"""


# ---- fixtures: each scenario built once ----------------------------------------------------
@pytest.fixture(scope="module")
def network() -> RouteNetwork:
    return RouteNetwork.default()


@pytest.fixture(scope="module")
def sokcho(network: RouteNetwork) -> Advisory:
    return advisory.run(SOKCHO, network=network)


@pytest.fixture(scope="module")
def sohae(network: RouteNetwork) -> Advisory:
    return advisory.run(SOHAE, network=network)


@pytest.fixture(scope="module")
def declared(network: RouteNetwork) -> Advisory:
    return advisory.build(parse_scenario_text(DECLARED, "declared.yaml"), network)


ADVISORIES = ["sokcho", "sohae", "declared"]


def zones_of(adv: Advisory) -> list[ClosureZone]:
    assert adv.computed.zones, "the scenario yields no closure zones"
    return list(adv.computed.zones)


def local_area_m2(geometry: Any, lat0: float, lon0: float) -> float:
    """Area in m² in the azimuthal-equidistant plane of ``(lat0, lon0)`` (never in degrees)."""
    return float(to_local(geometry, lat0, lon0).area)


def minute_floor(t: datetime) -> datetime:
    return t.replace(second=0, microsecond=0)


def minute_ceil(t: datetime) -> datetime:
    floor = minute_floor(t)
    return floor if floor == t else floor + timedelta(minutes=1)


def fir_share(adv: Advisory, zone: ClosureZone) -> Any:
    """The part of the zone's hazard that lies in the zone's FIR (outside every FIR: ZZZZ)."""
    table = adv.network.firs.table
    area = zone.volume.area
    if zone.fir == NO_FIR:
        return area.difference(shapely.union_all(table.geometry.to_numpy()))
    return area.intersection(table.geometry[table["id"] == zone.fir].iloc[0])


def size_km(area: Any) -> tuple[float, float]:
    """(width, length) in km of the smallest rotated rectangle round ``area`` (local plane)."""
    centre = area.centroid
    rect = to_local(area, centre.y, centre.x).minimum_rotated_rectangle
    (x0, y0), (x1, y1), (x2, y2) = shapely.get_coordinates(rect)[:3]
    sides = sorted([math.hypot(x1 - x0, y1 - y0), math.hypot(x2 - x1, y2 - y1)])
    return sides[0] / 1000.0, sides[1] / 1000.0


# ---- round trip ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ADVISORIES)
def test_every_notam_parses_back_to_its_zone_window_and_limits(
    name: str, request: pytest.FixtureRequest
) -> None:
    adv: Advisory = request.getfixturevalue(name)
    for zone in zones_of(adv):
        text = str(zone.notam)
        parsed = parse_notam(text)
        volume = zone.volume
        # area: symmetric difference under 0.1 % of the zone's area (measured in metres)
        centre = zone.area.centroid
        written = shapely.union_all(list(parsed.areas))
        zone_m2 = local_area_m2(zone.area, centre.y, centre.x)
        diff_m2 = local_area_m2(written.symmetric_difference(zone.area), centre.y, centre.x)
        assert diff_m2 < 1e-3 * zone_m2, f"{zone.id}: {diff_m2 / zone_m2:.2e} of the area differs"
        # FIR and window (B/C rounded to the minute, outward)
        assert parsed.fir == zone.fir and parsed.locations == (zone.fir,)
        start, end = minute_floor(volume.limits.start), minute_ceil(volume.limits.end)
        assert (parsed.start, parsed.end) == (start, end)
        assert f"B) {start:%y%m%d%H%M} C) {end:%y%m%d%H%M}" in text
        # limits: SFC -> 0 ft, UNL -> inf, flight levels in feet
        assert parsed.lower_ft == volume.limits.lower_ft
        assert parsed.upper_ft == volume.limits.upper_ft
        if volume.notam is not None:  # a published NOTAM passes through exactly as given
            assert parsed == volume.notam and text == volume.notam.raw
        else:
            assert parsed.q_code == ("QRTCA" if volume.kind == "declared" else "QWMLW")


# ---- zone geometry ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ADVISORIES)
def test_zones_have_few_vertices_cover_their_hazard_and_their_q_circle(
    name: str, request: pytest.FixtureRequest
) -> None:
    adv: Advisory = request.getfixturevalue(name)
    limit = adv.settings.max_vertices
    assert limit == 12
    by_volume: dict[str, list[ClosureZone]] = {}
    for zone in zones_of(adv):
        by_volume.setdefault(zone.volume.id, []).append(zone)
        assert vertex_count(zone.area) <= limit, zone.id
        assert zone.area.is_valid
        assert zone.area.covers(fir_share(adv, zone)), f"{zone.id} cuts into its hazard"
        lat, lon = zone.notam.q_centre
        circle = geodesic_circle(lat, lon, zone.notam.q_radius_nm * METRES_PER_NM)
        assert circle.covers(zone.area), f"{zone.id}: Q-line circle misses part of the zone"
        # the circle is the smallest whole NM that does: one NM less leaves part outside
        # (a circle the project wrote; a published NOTAM keeps its publisher's Q-line)
        if zone.notam.q_radius_nm > 1 and zone.volume.notam is None:
            smaller = geodesic_circle(lat, lon, (zone.notam.q_radius_nm - 1) * METRES_PER_NM)
            assert not smaller.covers(zone.area), zone.id
    # every volume is published, whole: the zones of a volume cover all of it
    areas = [v for v in adv.computed.volumes if v.area is not None]
    assert set(by_volume) == {v.id for v in areas}
    for volume in areas:
        zones = by_volume[volume.id]
        assert shapely.union_all([z.area for z in zones]).covers(volume.area), volume.id
        assert len({z.fir for z in zones}) == len(zones), f"{volume.id}: two zones in one FIR"


def test_an_area_in_two_firs_becomes_two_zones_with_one_notam_each(declared: Advisory) -> None:
    zones = [z for z in declared.computed.zones if z.volume.id == "EAST-SEA-BOX"]
    assert sorted(z.fir for z in zones) == ["RJJJ", "RKRR"]
    assert sorted(z.id for z in zones) == ["EAST-SEA-BOX@RJJJ", "EAST-SEA-BOX@RKRR"]
    table = declared.network.firs.table
    for zone in zones:
        notam = parse_notam(str(zone.notam))
        assert notam.fir == zone.fir and notam.locations == (zone.fir,)
        assert notam.q_code == "QRTCA"
        assert (notam.lower_fl, notam.upper_fl) == (200, 450)
        assert (notam.start, notam.end) == (
            datetime(2024, 3, 1, 0, 0, tzinfo=UTC),
            datetime(2024, 3, 1, 6, 30, tzinfo=UTC),
        )
        # each zone is built from its FIR's share: it covers that share, not the whole box
        fir = table.geometry[table["id"] == zone.fir].iloc[0]
        assert zone.area.covers(zone.volume.area.intersection(fir))
        assert not zone.area.covers(zone.volume.area)
    # the NOTAMs the project writes are numbered one after the other; the pasted one keeps its
    written = [z for z in declared.computed.zones if z.volume.notam is None]
    assert [z.notam.number for z in written] == [
        f"A{i:04d}/{z.volume.limits.start:%y}" for i, z in enumerate(written, 1)
    ]
    published = [z.notam.number for z in declared.computed.zones if z.volume.notam is not None]
    assert published == ["B3810/25"]


def test_a_pasted_notam_becomes_a_declared_volume_with_its_window_and_limits(
    declared: Advisory,
) -> None:
    (volume,) = [v for v in declared.computed.volumes if v.id == "RPHI-B3810"]
    source = parse_notam(RPHI_NOTAM)
    assert volume.kind == "declared"
    assert (volume.limits.start, volume.limits.end) == (source.start, source.end)
    assert (volume.limits.start, volume.limits.end) == (
        datetime(2025, 8, 24, 18, 0, tzinfo=UTC),
        datetime(2025, 8, 27, 21, 0, tzinfo=UTC),
    )
    assert volume.limits.lower_ft == 0.0 and volume.limits.upper_ft == math.inf
    (area,) = source.areas
    assert volume.area.symmetric_difference(area).area < 1e-9 * area.area
    (zone,) = [z for z in declared.computed.zones if z.volume.id == "RPHI-B3810"]
    assert zone.fir == "RPHI"
    again = parse_notam(str(zone.notam))
    assert (again.start, again.end, again.lower_ft, again.upper_ft) == (
        source.start,
        source.end,
        0.0,
        math.inf,
    )


# ---- time windows ----------------------------------------------------------------------------
def test_impact_volume_opens_lead_before_launch_and_closes_margin_after_impact(
    sokcho: Advisory,
) -> None:
    defaults = HazardSettings()
    assert (sokcho.settings.lead, sokcho.settings.margin) == (defaults.lead, defaults.margin)
    (launch,) = sokcho.scenario.launches
    assert launch.time == datetime(2022, 11, 1, 23, 51, tzinfo=UTC)
    impact_at = launch.time + timedelta(
        seconds=sokcho.computed.trajectories[launch.id].flight_time_s
    )
    (volume,) = [v for v in sokcho.computed.volumes if v.kind == "impact"]
    assert volume.limits.start == launch.time - defaults.lead  # 23:36Z
    assert abs(volume.limits.end - (impact_at + defaults.margin)) < timedelta(microseconds=10)
    # corridors: from their entry into the airspace (minus lead) to their exit (plus margin)
    for volume in sokcho.computed.volumes:
        if volume.kind == "declared":
            continue
        assert volume.limits.start >= launch.time - defaults.lead
        assert volume.limits.end <= impact_at + defaults.margin + timedelta(microseconds=10)


def test_windowed_launch_closes_for_the_whole_window_and_drops_follow_their_fall(
    sohae: Advisory,
) -> None:
    cfg = sohae.settings
    (launch,) = sohae.scenario.launches
    assert launch.window is not None
    first, last = launch.window.start, launch.window.end
    trajectory = sohae.computed.trajectories[launch.id]
    volumes = {v.id: v for v in sohae.computed.volumes}
    assert trajectory.ending == "orbit" and f"{launch.id}/impact" not in volumes
    ascent = volumes[f"{launch.id}/ascent"]
    assert ascent.limits.start == first - cfg.lead
    assert [d.name for d in trajectory.drops] == ["stage 1", "fairing", "stage 2"]
    for drop in trajectory.drops:
        volume = volumes[f"{launch.id}/{drop.name}"]
        assert volume.kind == "stage-drop"
        start = first + timedelta(seconds=drop.separation_t_s) - cfg.lead
        end = last + timedelta(seconds=drop.impact_t_s) + cfg.margin
        assert abs(volume.limits.start - start) < timedelta(microseconds=10)
        assert abs(volume.limits.end - end) < timedelta(microseconds=10)
        assert volume.limits.lower_ft == 0.0 and volume.limits.upper_ft == math.inf


# ---- the Sohae scenario --------------------------------------------------------------------
# Published positions of the May 2023 danger areas (press descriptions, see the scenario file).
PUBLISHED = {"stage 2": (13.1, 128.4), "stage 1": (36.4, 123.5), "fairing": (34.0, 123.4)}


def _distance_km(volume: HazardVolume, where: tuple[float, float]) -> float:
    centre = volume.area.centroid
    return inverse(centre.y, centre.x, *where)[0] / 1000.0


def test_sohae_second_stage_falls_at_the_published_area_east_of_luzon(sohae: Advisory) -> None:
    (stage2,) = [v for v in sohae.computed.volumes if v.id.endswith("/stage 2")]
    assert stage2.kind == "stage-drop"
    assert _distance_km(stage2, PUBLISHED["stage 2"]) < 100.0
    assert {z.fir for z in sohae.computed.zones if z.volume is stage2} == {"RPHI"}
    assert not [
        v for v in sohae.computed.volumes if v.kind == "impact"
    ]  # the third stage reaches orbit


def test_sohae_drop_zones_have_published_sizes(sohae: Advisory) -> None:
    """Published drop areas measure 35 x 85 km to 100 x 300 km (width x length)."""
    drops = [v for v in sohae.computed.volumes if v.kind == "stage-drop"]
    assert len(drops) == 3
    for volume in drops:
        width, length = size_km(volume.area)
        assert 35.0 <= width <= 105.0 and 85.0 <= length <= 305.0, (volume.id, width, length)


def test_sohae_drop_zones_fall_near_the_published_areas(sohae: Advisory) -> None:
    """The Chollima-1 dog-leg ascent drops its first stage, fairing and second stage within
    100 km of the notified areas (the preset's stage states are calibrated on them: this
    checks that the ascent, the dog-leg and the falls reproduce all three at once)."""
    volumes = {v.id.split("/")[-1]: v for v in sohae.computed.volumes if v.kind == "stage-drop"}
    for name in ("stage 1", "fairing", "stage 2"):
        assert _distance_km(volumes[name], PUBLISHED[name]) < 100.0, name


# ---- files -----------------------------------------------------------------------------------
def _positions(coordinates: Any) -> list[list[float]]:
    if isinstance(coordinates[0], (int, float)):
        return [coordinates]
    return [p for part in coordinates for p in _positions(part)]


def test_bundled_run_writes_closures_geojson_and_notams_txt(
    sokcho: Advisory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = sokcho.save(tmp_path_factory.mktemp("sokcho"))
    collection = json.loads((out / "closures.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946: WGS84 lon/lat, no crs member
    features = collection["features"]
    assert len(sokcho.computed.zones) == 3
    zones, airways = features[:3], features[3:]  # the zones, then the declared airway closures
    assert [f["properties"]["id"] for f in airways] == ["B467-closure", "L512-closure"]
    for feature in airways:
        assert feature["geometry"]["type"] in ("LineString", "MultiLineString")
        assert (
            feature["properties"]["notam"] is None and feature["properties"]["kind"] == "declared"
        )
        assert feature["properties"]["start"] == "2022-11-02T01:58:00+00:00"
    for feature, zone in zip(zones, sokcho.computed.zones, strict=True):
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        for lon, lat, *_ in _positions(feature["geometry"]["coordinates"]):
            assert -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0
        geometry = shape(feature["geometry"])
        assert geometry.is_valid and geometry.equals_exact(zone.area, 1e-9)
        assert feature["properties"]["fir"] == zone.fir
        assert feature["properties"]["notam"] == str(zone.notam)
    text = (out / "notams.txt").read_text(encoding="utf-8")
    blocks = [block for block in text.split("\n\n") if block.strip()]
    assert len(blocks) == len(sokcho.computed.zones)
    for block, zone in zip(blocks, sokcho.computed.zones, strict=True):
        parsed = parse_notam(block)
        assert parsed.number == zone.notam.number and parsed.fir == zone.fir
        assert (parsed.start, parsed.end) == (zone.notam.start, zone.notam.end)
        assert parsed.areas and shapely.union_all(list(parsed.areas)).equals_exact(
            shapely.union_all(list(zone.notam.areas)), 1e-9
        )
