"""The bundled world FIR layer: right FIR at published points, a clean coverage, the official
Incheon outline, the antimeridian, and the layer is what ``tools/build_firs.py`` builds."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import airportsdata
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box, shape
from shapely.geometry.base import BaseGeometry

from airspace.geo import WGS84, geodesic_circle
from airspace.hazard import HazardSettings, HazardVolume, closure_zones
from airspace.network import FirSet, UnknownNameError
from airspace.network import cache as net_cache
from airspace.units import SFC, UNL, Limits

ROOT = Path(__file__).parents[1]
SOURCES = ROOT / "geodata" / "sources"
#: stated tolerance (docs/network.md): over the whole layer, neighbours overlap by at most this
#: much in total, and leave at most this much uncovered outside the listed no-FIR areas
TOLERANCE_KM2 = 1.0

# Airports (coordinates from the ``airportsdata`` package) and the FIR they lie in.  The fact
# behind each: an airport lies in its own country's FIR where the country has one FIR (its AIP
# ENR 2.1, "FIR, UIR, TMA"); otherwise the FIR named by the State's AIP ENR 2.1 for that part of
# the country, or by the ICAO regional air navigation plan for oceanic islands (quoted).
AIRPORTS = {
    # Asia
    "RKSI": "RKRR",
    "RKPC": "RKRR",
    "RKPK": "RKRR",  # Korea: one FIR, Incheon
    "ZKPY": "ZKKP",  # DPRK: Pyongyang FIR
    "RJTT": "RJJJ",
    "RJCC": "RJJJ",
    "ROAH": "RJJJ",  # Japan: one FIR, Fukuoka (AIP Japan)
    "RJAW": "RJJJ",  # Iwo Jima: Japanese territory, Fukuoka FIR
    "RCTP": "RCAA",
    "RPLL": "RPHI",
    "VHHH": "VHHK",
    "ZBAA": "ZBPE",
    "ZSPD": "ZSHA",
    "ZGGG": "ZGZU",
    "ZWWW": "ZWUQ",
    "ZHHH": "ZHWH",
    "ZYTX": "ZYSH",
    "ZJSY": "ZJSA",
    "ZMCK": "ZMUB",  # China's FIRs named after these cities
    "WSSS": "WSJC",
    "WMKK": "WMFC",
    "WIII": "WIIF",
    "VTBS": "VTBB",
    "VVNB": "VVHN",
    "VVTS": "VVHM",
    "VYYY": "VYYF",
    "VIDP": "VIDF",
    "VABB": "VABF",
    "VOMM": "VOMF",
    "VECC": "VECF",  # India: AIP ENR 2.1
    "VCBI": "VCCF",
    "VNKT": "VNSM",
    "VGHS": "VGFR",
    "VRMM": "VRMF",
    "OPKC": "OPKR",
    "OAKB": "OAKX",
    "OMDB": "OMAE",
    "OERK": "OEJD",
    "OIIE": "OIIX",
    "OBBI": "OBBB",
    "OKKK": "OKAC",
    "OJAI": "OJAC",
    "LLBG": "LLLL",
    "LCLK": "LCCC",
    "UHWW": "UHHH",
    "UHPP": "UHMM",
    "UUEE": "UUWV",
    "ULLI": "ULLL",
    "UAAA": "UAAA",
    "UBBB": "UBBA",
    "UGTB": "UGGG",
    # Europe
    "EGLL": "EGTT",
    "EGPH": "EGPX",
    "EIDW": "EISN",
    "LFPG": "LFFF",
    "LFMN": "LFMM",
    "EDDF": "EDGG",
    "EDDM": "EDMM",
    "EDDH": "EDWW",
    "EHAM": "EHAA",
    "EBBR": "EBBU",
    "LEMD": "LECM",
    "LEBL": "LECB",
    "LPPT": "LPPC",
    "LIRF": "LIRR",
    "LIMC": "LIMM",
    "LOWW": "LOVV",
    "LSZH": "LSAS",
    "EPWA": "EPWW",
    "LKPR": "LKAA",
    "LHBP": "LHCC",
    "LROP": "LRBB",
    "LGAV": "LGGG",
    "LTAC": "LTAA",
    "ESSA": "ESAA",
    "ENGM": "ENOR",
    "EKCH": "EKDK",
    "EFHK": "EFIN",
    "BIKF": "BIRD",
    "UKBB": "UKBV",
    "LMML": "LMMM",
    # Africa
    "HECA": "HECC",
    "HKJK": "HKNA",
    "FAOR": "FAJA",
    "FACT": "FACA",
    "DNAA": "DNKK",
    "HAAB": "HAAA",
    "GMMN": "GMMM",
    "DAAG": "DAAA",
    "DTTA": "DTTC",
    "GOBD": "GOOO",
    "DGAA": "DGAC",
    "FNLU": "FNAN",
    "HSSK": "HSSS",
    "HTDA": "HTDC",
    "FMMI": "FMMM",
    "FLKK": "FLFI",
    "FZAA": "FZZA",
    "GCLP": "GCCC",  # Canary Islands: Canarias FIR
    # North and Central America
    "KJFK": "KZNY",
    "KBOS": "KZBW",
    "KATL": "KZTL",
    "KMIA": "KZMA",
    "KORD": "KZAU",
    "KDFW": "KZFW",
    "KDEN": "KZDV",
    "KLAX": "KZLA",
    "KSFO": "KZOA",
    "KSEA": "KZSE",
    "KMSP": "KZMP",
    "PANC": "PAZA",  # US: the ARTCC of the airport (FAA AIP ENR 2.1)
    "CYYZ": "CZYZ",
    "CYVR": "CZVR",
    "CYUL": "CZUL",
    "CYEG": "CZEG",
    "CYWG": "CZWG",
    "MMMX": "MMFR",
    "MROC": "MHTG",  # Costa Rica: Central American FIR (COCESNA)
    "MUHA": "MUFH",
    "MKJP": "MKJK",
    "TJSJ": "TJZS",
    "TTPP": "TTZP",
    # South America
    "SKBO": "SKED",
    "SPJC": "SPIM",
    "SEGU": "SEFG",
    "SVMI": "SVZM",
    "SLLP": "SLLF",
    "SCEL": "SCEZ",
    "SAEZ": "SAEF",
    "SUMU": "SUEO",
    "SGAS": "SGFA",
    "SBBR": "SBBS",
    "SBPA": "SBCW",
    "SBEG": "SBAZ",
    "SBRF": "SBRE",
    "SAWH": "SAVF",
    # Oceania and the oceans
    "YMML": "YMMM",
    "YPPH": "YMMM",
    "YBBN": "YBBB",
    "YPDN": "YBBB",  # Airservices Australia
    "NZAA": "NZZC",
    "NZCH": "NZZC",
    "NFFN": "NFFF",
    "NTAA": "NTTT",
    "AGGH": "AGGG",
    "ANYN": "ANAU",
    "BGSF": "BGGL",  # Kangerlussuaq (Sondrestrom): the Nuuk/Sondrestrom FIR
    "LPAZ": "LPPO",  # Azores: Santa Maria FIR (Portugal AIP ENR 2.1)
    "GVAC": "GVSC",  # Cabo Verde: Sal Oceanic FIR
    "SCIP": "SCIZ",  # Easter Island: Isla de Pascua FIR (Chile AIP ENR 2.1)
    "TXKF": "KZWY",  # Bermuda lies in the New York Oceanic FIR
    "PKWA": "KZAK",  # Kwajalein (Marshall Islands): Oakland Oceanic FIR
    "PHNL": "PHZH",  # Honolulu Control Facility's area, inside Oakland Oceanic
    "NSTU": "NZZO",  # American Samoa: Auckland Oceanic FIR
    "PASY": "PAZA",
    "PAAT": "PAZA",
    "PADK": "PAZA",  # Aleutians either side of 180: Anchorage
}

# Points in the oceans, with the FIR from its published lateral limits
OCEAN = {
    "NAT 52N 020W": (52.0, -20.0, "EGGX"),  # Shanwick OCA: 45N-61N, 30W to the UK/Irish FIRs
    "NAT 50N 040W": (50.0, -40.0, "CZQO"),  # Gander OCA: west of 30W
    "Atlantic 35N 060W": (35.0, -60.0, "KZWY"),  # New York Oceanic, round Bermuda
    "Pacific 20N 180": (20.0, 180.0, "KZAK"),  # Oakland Oceanic spans 180 (Wake to Hawaii)
    "Pacific 20N -180": (20.0, -180.0, "KZAK"),
    "Pacific 20N 179.99E": (20.0, 179.99, "KZAK"),
    "Pacific 20N 179.99W": (20.0, -179.99, "KZAK"),
    "Tasman-Pacific 35S 179.99E": (-35.0, 179.99, "NZZO"),  # Auckland Oceanic spans 180
    "Tasman-Pacific 35S 179.99W": (-35.0, -179.99, "NZZO"),
    "East of Sokcho": (38.2052, 129.2426, "RKRR"),  # 57 km east of Sokcho: Incheon FIR
    "Wonsan": (39.1475, 127.4461, "ZKKP"),
    "Tokyo": (35.6812, 139.7671, "RJJJ"),
}


@cache
def firs() -> FirSet:
    return FirSet.bundled()


@cache
def shipped() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((files("airspace.geodata") / "firs.geojson").read_bytes())
    return doc


def area_km2(geom: BaseGeometry) -> float:
    """Geodesic area on WGS84 (edges densified so that they stay straight in lon/lat)."""
    dense = shapely.segmentize(geom, 0.25)
    parts = [p for p in shapely.get_parts(dense) if p.geom_type == "Polygon"]
    return sum(abs(WGS84.geometry_area_perimeter(p)[0]) for p in parts) / 1e6


@cache
def build_module() -> ModuleType:
    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location("build_firs", ROOT / "tools" / "build_firs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_firs"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_airports_lie_in_their_fir() -> None:
    table = airportsdata.load("ICAO")
    lats = [table[icao]["lat"] for icao in AIRPORTS]
    lons = [table[icao]["lon"] for icao in AIRPORTS]
    got = dict(zip(AIRPORTS, firs().firs_at(lats, lons), strict=True))
    wrong = {icao: (fir, got[icao]) for icao, fir in AIRPORTS.items() if got[icao] != fir}
    assert not wrong
    assert len(set(AIRPORTS.values())) >= 40
    continents = {table[icao]["country"] for icao in AIRPORTS}
    assert {"KR", "FR", "ZA", "US", "BR", "AU", "NZ"} <= continents


@pytest.mark.parametrize("place", sorted(OCEAN))
def test_oceanic_and_korean_points(place: str) -> None:
    lat, lon, fir = OCEAN[place]
    assert firs().fir_at(lat, lon) == fir


def test_the_layer_has_one_outline_per_icao_fir() -> None:
    ids = firs().ids
    assert list(ids) == sorted(ids) and len(set(ids)) == len(ids) == 254
    assert all(len(i) == 4 and i.isalpha() and i.isupper() for i in ids)
    # sectors and ACC areas are dissolved into their FIR
    assert not {"RKDA", "RJTG", "ZBAA", "YIND", "EGTL"} & set(ids)
    assert firs().name("RKRR") == "Incheon FIR" and firs().name("rjjj") == "Fukuoka FIR"
    assert set(firs().table["accuracy"]) == {"official", "approximate"}
    approximate = firs().table[firs().table["accuracy"] == "approximate"]
    assert (
        approximate["source"].str.contains("VATSpy Data Project \\(VATSIM\\), CC BY-SA 4.0").all()
    )
    assert approximate["source"].str.contains("approximate, for planning and illustration").all()
    with pytest.raises(UnknownNameError):
        firs().polygon("XXXX")


def test_neighbours_neither_overlap_nor_leave_gaps() -> None:
    table = firs().table
    geoms = table.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = [(a, b) for a, b in zip(left, right, strict=True) if a < b]
    overlap = sum(area_km2(shapely.intersection(geoms[a], geoms[b])) for a, b in pairs)
    assert overlap <= TOLERANCE_KM2
    world = box(-180.0, -90.0, 180.0, 90.0)
    holes = shapely.get_parts(world.difference(shapely.union_all(geoms)))
    listed = [box(*area["bbox"]) for area in shipped()["properties"]["no_fir_areas"]]
    unlisted = [h for h in holes if not any(h.within(b) for b in listed)]
    assert sum(area_km2(h) for h in unlisted) <= TOLERANCE_KM2
    # the listed areas are real holes, the largest the eastern Pacific (about 10.6 million km2)
    assert len(listed) == 2 and area_km2(max(holes, key=area_km2)) > 1e7


def test_every_point_gets_its_fir_or_an_explicit_none() -> None:
    rng = np.random.default_rng(20260807)
    lats = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, 4000)))
    lons = rng.uniform(-180.0, 180.0, 4000)
    got = firs().firs_at(lats, lons)
    # independent: which outlines contain each point (no index, no tie rule)
    inside = np.array(
        [shapely.contains_xy(g, lons, lats) for g in firs().table.geometry.to_numpy()]
    )
    assert inside.sum(axis=0).max() == 1  # never two FIRs: no overlaps at any sampled point
    ids = firs().table["id"].to_numpy()
    expected = [ids[np.argmax(col)] if col.any() else None for col in inside.T]
    assert list(got) == expected
    listed = [box(*area["bbox"]) for area in shipped()["properties"]["no_fir_areas"]]
    nowhere = [Point(lon, lat) for lat, lon, fir in zip(lats, lons, got, strict=True) if not fir]
    assert nowhere and all(any(b.covers(p) for b in listed) for p in nowhere)


def test_official_incheon_outline_is_kept() -> None:
    source = json.loads((SOURCES / "rkrr-eaip.geojson").read_text(encoding="utf-8"))
    official = shape(source["features"][0]["geometry"])
    rkrr = firs().polygon("RKRR")
    kept = {tuple(np.round(c, 9)) for c in shapely.get_coordinates(rkrr)}
    assert all(tuple(np.round(c, 9)) in kept for c in shapely.get_coordinates(official))
    # nodes added where neighbours meet it stay on its edges (1e-6 deg grid: about 0.1 m)
    assert rkrr.boundary.hausdorff_distance(official.boundary) < 1e-6
    assert area_km2(rkrr) == pytest.approx(area_km2(official), rel=1e-6)
    row = firs().table.set_index("id").loc["RKRR"]
    assert row["accuracy"] == "official" and "eAIP ENR 2.1" in row["source"]


def test_outlines_across_the_antimeridian_are_split_and_found() -> None:
    for fir in ("KZAK", "NZZO", "PAZA"):
        geom = firs().polygon(fir)
        assert geom.geom_type == "MultiPolygon"
        x0, _, x1, _ = geom.bounds
        assert (x0, x1) == (-180.0, 180.0)
    # a longitude past 180 is the same place as its wrapped value
    assert firs().fir_at(20.0, 190.0) == firs().fir_at(20.0, -170.0) == "KZAK"
    assert firs().fir_at(-35.0, -180.0) == firs().fir_at(-35.0, 180.0) == "NZZO"
    # an area straddling 180 (split as RFC 7946 says) meets the FIRs on both sides
    straddle = shapely.union(box(179.0, 51.0, 180.0, 53.0), box(-180.0, 51.0, -179.0, 53.0))
    assert "PAZA" in firs().intersecting(straddle)
    view = firs().in_view(170.0, 40.0, -170.0, 60.0)
    assert {"KZAK", "PAZA"} <= set(view["id"])
    assert all(-180.0 <= x <= 180.0 for g in view.geometry for x in g.bounds[::2])


def test_area_queries() -> None:
    rkrr = firs().polygon("RKRR")
    assert firs().intersecting(rkrr) == ("RKRR",)  # neighbours only touch it
    # independent: interiors that share area, by a plain overlay with every outline
    geoms = firs().table.geometry.to_numpy()
    for area in (rkrr.buffer(0.2), box(-10.0, 40.0, 10.0, 50.0), box(100.0, -5.0, 101.0, 5.0)):
        shared = shapely.area(shapely.intersection(geoms, area)) > 0.0
        assert firs().intersecting(area) == tuple(firs().table["id"][shared])
    view = firs().in_view(124.0, 33.0, 132.0, 39.0)
    assert tuple(view["id"]) == firs().intersecting(box(124.0, 33.0, 132.0, 39.0))
    assert {"RJJJ", "RKRR", "ZKKP"} <= set(view["id"])
    for row in view.itertuples():
        assert box(124.0, 33.0, 132.0, 39.0).covers(row.geometry)
        assert row.geometry.covers(Point(row.label_lon, row.label_lat))
    label = view.set_index("id").loc["RKRR"]
    assert firs().fir_at(float(label["label_lat"]), float(label["label_lon"])) == "RKRR"
    with pytest.raises(ValueError, match="south"):
        firs().in_view(0.0, 10.0, 5.0, 5.0)
    with pytest.raises(ValueError, match="empty box"):
        firs().in_view(10.0, 0.0, 10.0, 5.0)
    assert firs().in_view(-115.0, -5.0, -110.0, 0.0).empty  # the eastern Pacific: no FIR
    assert len(firs().in_view(-180.0, -90.0, 180.0, 90.0)) == len(firs().table)
    # a route line: the FIRs it enters, not those it only touches
    route = shapely.LineString([(126.45, 37.46), (139.78, 35.55)])  # Incheon to Tokyo
    assert firs().intersecting(route) == ("RJJJ", "RKRR")


@pytest.mark.parametrize(
    ("lats", "lons", "message"),
    [([91.0], [0.0], "latitude"), ([float("nan")], [0.0], "finite"), ([1.0, 2.0], [3.0], "shape")],
)
def test_bad_points_are_refused(lats: list[float], lons: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        firs().firs_at(lats, lons)


def test_repair_keeps_every_lobe_of_the_invalid_outlines() -> None:
    build = build_module()
    data = json.loads((SOURCES / "vatspy" / "Boundaries.geojson").read_text(encoding="utf-8"))
    invalid = [shape(f["geometry"]) for f in data["features"] if not shape(f["geometry"]).is_valid]
    assert len(invalid) == 16
    checked = 0
    for geom in invalid:
        repaired = build.polygonal(geom)
        assert repaired.is_valid
        parts = shapely.get_parts(geom)
        if shapely.get_num_interior_rings(parts).any():
            continue  # a hole would be a face of the rings too
        # independent: every face the outline's rings enclose, found by polygonising them
        rings = shapely.union_all(shapely.get_exterior_ring(parts))
        for lobe in shapely.get_parts(shapely.polygonize(shapely.get_parts(rings))):
            if area_km2(lobe) < 0.01:  # a spike folded onto itself, thinner than the grid
                continue
            assert area_km2(shapely.intersection(lobe, repaired)) > 0.99 * area_km2(lobe)
        checked += 1
    assert checked >= 10


def test_shipped_layer_is_what_the_build_script_makes(tmp_path: Path) -> None:
    if not hasattr(shapely, "coverage_clean"):
        pytest.skip("the build needs shapely >= 2.2 (GEOS coverage cleaning)")
    props = shipped()["properties"]
    for name, digest in props["inputs_sha256"].items():
        assert hashlib.sha256((ROOT / name).read_bytes()).hexdigest() == digest
    build = build_module()
    out = tmp_path / "firs.geojson"
    build.write(build.build(), out)
    assert out.read_bytes() == (files("airspace.geodata") / "firs.geojson").read_bytes()
    assert props["stats"]["overlap_total_km2"] <= TOLERANCE_KM2
    assert props["stats"]["gap_total_km2"] <= TOLERANCE_KM2


def test_the_layer_comes_back_from_the_disk_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRSPACE_CACHE_DIR", str(tmp_path))
    fresh = FirSet.from_file(ROOT / "geodata" / "firs.geojson")
    built = net_cache.cached_frame("firs", [b"layer"], lambda: (fresh.table, fresh.report))
    assert built[0] is fresh.table
    (entry,) = tmp_path.iterdir()
    table, report = net_cache.cached_frame(
        "firs", [b"layer"], lambda: pytest.fail("should come from the cache")
    )
    assert report == fresh.report and list(table["id"]) == list(fresh.table["id"])
    assert table.geometry.geom_equals_exact(fresh.table.geometry, 0).all()
    assert FirSet(table, report).fir_at(38.2052, 129.2426) == "RKRR"
    entry.write_bytes(b"garbage")  # a corrupt entry is rebuilt, never trusted
    again = net_cache.cached_frame("firs", [b"layer"], lambda: (fresh.table, fresh.report))
    assert again[0] is fresh.table


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (38.2052, 129.2426, {"RKRR"}),  # east of Sokcho: one NOTAM, Incheon
        (38.0 + 38 / 60, 133.0 + 39 / 60, {"RKRR", "ZKKP", "RJJJ"}),  # RKRR's NE corner (eAIP)
        (47.56, 7.59, {"LSAS", "LFEE"}),  # Basel (Switzerland) on the border with France
        (52.0, 180.0, {"PAZA"}),  # across 180 in the Aleutians
        (15.0, -120.0, None),  # the edge of the eastern Pacific area with no FIR
    ],
)
def test_closure_notams_name_a_fir_wherever_one_exists(
    lat: float, lon: float, expected: set[str] | None
) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    area = geodesic_circle(lat, lon, 20_000.0)
    limits = Limits(lower=SFC, upper=UNL, start=start, end=start + timedelta(hours=1))
    volume = HazardVolume(id="T", kind="declared", area=area, limits=limits, reason="t")
    zones = closure_zones([volume], firs(), HazardSettings())
    named = {z.fir for z in zones}
    geoms = firs().table.geometry.to_numpy()
    outside = area.difference(shapely.union_all(geoms))
    listed = [box(*a["bbox"]) for a in shipped()["properties"]["no_fir_areas"]]
    # ZZZZ only for a part of the hazard that lies in no FIR, inside a listed no-FIR area
    assert ("ZZZZ" in named) == (area_km2(outside) > 0.0)
    assert all(b.covers(outside) for b in listed if b.intersects(outside))
    if expected is not None:
        assert named == expected
    else:
        assert "ZZZZ" in named and len(named) >= 2
