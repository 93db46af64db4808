"""ICAO NOTAM model: parser (real and representative texts, malformed input), writer, round trip."""

from __future__ import annotations

import math
import pickle
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import cast

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import MultiPoint, MultiPolygon, Polygon, box

from airspace.geo import geodesic_circle, local_aeqd
from airspace.notam import Notam, NotamError, format_notam, parse_notam
from airspace.notam.areas import areas_from_text
from airspace.units import SFC, UNL, Level, flight_level

GEOD = Geod(ellps="WGS84")
NM = 1852.0
HALF_SECOND_DIAGONAL_DEG = math.hypot(0.5, 0.5) / 3600.0

REAL_RPHI = """B3810/25 NOTAMN
Q) RPHI/QWMLW/IV/BO /W /000/999/1238N11644E048
A) RPHI B) 2508241800 C) 2508272100  D) 1800-2100
E) SPECIAL OPS (AEROSPACE FLT ACT) WILL BE CONDUCTED BY CHINA.
EST FALL AREA FOR UNBURNED DEBRIS WI: 130200N 1160300E - 132300N 1163000E -
121400N 1172500E - 115400N 1165800E - 130200N 1160300E (210NM NORTHWEST OF PUERTO PRINCESA AP)
F) SFC G) UNL
"""


def geodesic_area_m2(geom: Polygon | MultiPolygon) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0])


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def dm(deg: int, minutes: int, seconds: int = 0) -> float:
    return deg + minutes / 60 + seconds / 3600


# ------------------------------------------------------------------------------------------
# Real NOTAM (Philippine FIR, 2025)


def test_real_rphi_notam_header_and_q_line() -> None:
    notam = parse_notam(REAL_RPHI)
    assert (notam.number, notam.series, notam.notam_type) == ("B3810/25", "B", "NOTAMN")
    assert (notam.fir, notam.q_code, notam.traffic, notam.purpose, notam.scope) == (
        "RPHI",
        "QWMLW",
        "IV",
        "BO",
        "W",
    )
    assert (notam.lower_fl, notam.upper_fl, notam.q_radius_nm) == (0, 999, 48)
    assert notam.q_centre == pytest.approx((dm(12, 38), dm(116, 44)))


def test_real_rphi_notam_items() -> None:
    notam = parse_notam(REAL_RPHI)
    assert notam.locations == ("RPHI",)
    assert notam.start == utc(2025, 8, 24, 18, 0)
    assert notam.end == utc(2025, 8, 27, 21, 0)
    assert not notam.end_estimated
    assert notam.schedule == "1800-2100"
    assert notam.lower_ft == 0
    assert notam.upper_ft == math.inf
    assert notam.lower == SFC and notam.upper == UNL
    assert notam.text.startswith("SPECIAL OPS (AEROSPACE FLT ACT)")
    assert notam.text.endswith("(210NM NORTHWEST OF PUERTO PRINCESA AP)")
    assert "\n" not in notam.text


def test_real_rphi_notam_area() -> None:
    notam = parse_notam(REAL_RPHI)
    assert len(notam.areas) == 1
    (area,) = notam.areas
    assert area.geom_type == "Polygon" and area.is_valid
    ring = list(area.exterior.coords)
    assert len(ring) == 5  # 4 distinct vertices, closed
    expected = [
        (dm(116, 3), dm(13, 2)),
        (dm(116, 30), dm(13, 23)),
        (dm(117, 25), dm(12, 14)),
        (dm(116, 58), dm(11, 54)),
    ]
    assert np.asarray(ring[:4]) == pytest.approx(np.asarray(expected))
    # about 9,900 km2 (measured on the ellipsoid); the published Q circle covers it
    assert 9_000e6 < geodesic_area_m2(area) < 11_000e6
    circle = geodesic_circle(*notam.q_centre, notam.q_radius_nm * NM, n_vertices=1024, outer=False)
    assert circle.covers(area)


def test_trailing_created_and_source_lines_are_not_part_of_g() -> None:
    text = REAL_RPHI + "CREATED: 24 Aug 2025 10:05:00\nSOURCE: RPHIYNYX\n"
    assert parse_notam(text) == parse_notam(REAL_RPHI)


def test_notam_times_must_be_utc() -> None:
    notam = parse_notam(REAL_RPHI)
    with pytest.raises(ValueError, match="UTC"):
        replace(notam, start=datetime(2025, 8, 24, 18, 0))
    with pytest.raises(ValueError, match="UTC"):
        replace(notam, end=datetime(2025, 8, 28, 6, 0, tzinfo=timezone(timedelta(hours=9))))


def test_real_rphi_notam_reprints_and_reparses_identically() -> None:
    notam = parse_notam(REAL_RPHI)
    assert str(notam) == REAL_RPHI  # pass-through: the text as given
    text = format_notam(notam)  # the ICAO text written from the fields
    assert text.splitlines()[1] == "Q) RPHI/QWMLW/IV/BO/W/000/999/1238N11644E048"
    assert "A) RPHI B) 2508241800 C) 2508272100" in text
    assert all(len(line) <= 69 for line in text.splitlines()[3:])
    assert parse_notam(text) == notam


# ------------------------------------------------------------------------------------------
# Representative syntax variants (table-driven)

VARIANTS = [
    pytest.param(
        # AFTN brackets, NOTAMR, C) EST, FL limits, ddmm vertices without repeated first vertex
        "(A0125/23 NOTAMR A0120/23\nQ)RJJJ/QRTCA/IV/BO/W/050/350/3000N12600E080\n"
        "A)RJJJ B)2305310000 C)2306111500EST\n"
        "E)TEMPO DANGER AREA WI 3100N12500E-3100N12700E-2900N12700E-2900N12500E\n"
        "F)FL050 G)FL350)",
        {
            "number": "A0125/23",
            "notam_type": "NOTAMR",
            "replaces": "A0120/23",
            "q_code": "QRTCA",
            "end": utc(2023, 6, 11, 15, 0),
            "end_estimated": True,
            "lower_ft": 5000.0,
            "upper_ft": 35000.0,
            "lower_fl": 50,
            "upper_fl": 350,
            "n_areas": 1,
            "vertices": [4],
        },
        id="aftn-brackets-notamr-est-ddmm",
    ),
    pytest.param(
        # two polygons joined by AND, several locations, no header, PERM, ft/m limits
        "Q) RKRR/QWMLW/IV/BO/W/000/130/3730N12730E090\nA) RKRR RKSI B) 2611020158 C) PERM\n"
        "E) AREA 1: 380000N 1270000E - 380000N 1280000E - 370000N 1280000E - 380000N 1270000E "
        "AND AREA 2: 373000N 1263000E - 373000N 1270000E - 370000N 1270000E - "
        "370000N 1263000E - 373000N 1263000E\nF) 1500FT AGL G) 4000M AMSL",
        {
            "number": None,
            "notam_type": "NOTAMN",
            "locations": ("RKRR", "RKSI"),
            "end": None,
            "lower_ft": 1500.0,
            "upper_ft": pytest.approx(4000 / 0.3048),
            "n_areas": 2,
            "vertices": [3, 4],
        },
        id="and-joined-polygons-perm-ft-m",
    ),
    pytest.param(
        "B0777/26 NOTAMN Q) RPHI/QWMLW/IV/BO/W/000/999/1500N12500E035 A) RPHI "
        "B) 2604010000 C) 2604010400 E) ROCKET LAUNCH. HAZARD AREA RADIUS 30NM CENTRE "
        "150000N 1250000E. F) GND G) UNL",
        {"n_areas": 1, "circle": (15.0, 125.0, 30 * NM), "lower_ft": 0.0, "upper_ft": math.inf},
        id="radius-centre",
    ),
    pytest.param(
        "Q) KZAK/QWMLW/IV/BO/W/000/999/2000S16000W040 A) KZAK B) 2601011200 C) 2601011300 "
        "E) 25NM RADIUS OF 200000S 1600000W F) SFC G) FL600",
        {"n_areas": 1, "circle": (-20.0, -160.0, 25 * NM), "upper_ft": 60000.0},
        id="radius-of-southern-western",
    ),
    pytest.param(
        "Q) ZSHA/QRTCA/IV/BO/W/000/999/3000N12300E010 A) ZSHA B) 2601011200 C) 2601011300 "
        "E) CIRCLE RADIUS 5NM CENTERED ON 300000N 1230000E. REF PSN 310000N 1220000E "
        "F) SFC G) UNL",
        {"n_areas": 1, "circle": (30.0, 123.0, 5 * NM)},
        id="circle-centered-on-with-reference-point",
    ),
    pytest.param(
        "Q) RJJJ/QRTCA/IV/BO/W/000/999/3500N14000E005 A) RJJJ B) 2601011200 C) 2601011300 "
        "E) CENTRE 350000N 1400000E RADIUS 8KM F) SFC G) UNL",
        {"n_areas": 1, "circle": (35.0, 140.0, 8000.0)},
        id="centre-radius-km",
    ),
    pytest.param(
        "Q) NZZO/QWMLW/IV/BO/W/000/999/1500S18000E060 A) NZZO B) 2601011200 C) 2601011300 "
        "E) 1000S 17930E - 1000S 17930W - 2000S 17930W - 2000S 17930E F) SFC G) UNL",
        {"n_areas": 1, "antimeridian": True},
        id="antimeridian-split",
    ),
    pytest.param(
        "Q) RKRR/QFAXX/IV/NBO/A/000/999/3733N12647E005 A) RKSI B) 2601011200 C) 2601011300 "
        "E) AD CLOSED DUE TO SNOW. REF 373300N 1264700E",
        {"n_areas": 0, "lower_ft": 0.0, "upper_ft": math.inf, "purpose": "NBO", "scope": "A"},
        id="no-area-no-F-G",
    ),
]


@pytest.mark.parametrize(("text", "expected"), VARIANTS)
def test_parse_variants(text: str, expected: dict[str, object]) -> None:
    notam = parse_notam(text)
    simple = {k: v for k, v in expected.items() if hasattr(notam, k)}
    assert {k: getattr(notam, k) for k in simple} == simple
    assert len(notam.areas) == expected["n_areas"]
    if "vertices" in expected:
        counts = [len(area.exterior.coords) - 1 for area in notam.areas]
        assert counts == expected["vertices"]
    if "circle" in expected:
        lat, lon, radius_m = cast(tuple[float, float, float], expected["circle"])
        (area,) = notam.areas
        assert geodesic_area_m2(area) == pytest.approx(math.pi * radius_m**2, rel=5e-4)
        lons, lats = np.asarray(area.exterior.coords).T
        _, _, dist = GEOD.inv(np.full(lons.shape, lon), np.full(lats.shape, lat), lons, lats)
        assert dist.min() >= radius_m and dist.max() < radius_m * 1.001
    if expected.get("antimeridian"):
        (area,) = notam.areas
        assert area.geom_type == "MultiPolygon" and len(area.geoms) == 2
        assert area.bounds == pytest.approx((-180.0, -20.0, 180.0, -10.0))
        assert area.area == pytest.approx(10.0)  # 1 x 10 degrees, not wrapped around the globe
    assert parse_notam(str(notam)) == notam


@pytest.mark.parametrize(
    ("f_text", "feet", "unit", "datum"),
    [
        ("SFC", 0.0, "SFC", "GND"),
        ("GND", 0.0, "SFC", "GND"),
        ("UNL", None, "UNL", "MSL"),
        ("FL245", 24500.0, "FL", "STD"),
        ("FL 100", 10000.0, "FL", "STD"),
        ("5000FT AMSL", 5000.0, "FT", "MSL"),
        ("5000 FT", 5000.0, "FT", "MSL"),
        ("1500FT AGL", 1500.0, "FT", "GND"),
        ("3000M AMSL", 3000 / 0.3048, "M", "MSL"),
        ("300M AGL", 300 / 0.3048, "M", "GND"),
    ],
)
def test_limits_keep_unit_and_datum(f_text: str, feet: float | None, unit: str, datum: str) -> None:
    text = (
        "Q) RPHI/QWMLW/IV/BO/W/000/999/1238N11644E048 A) RPHI B) 2508241800 C) 2508272100 "
        f"E) TEST G-LIMIT ABOVE F) {f_text} G) UNL"
    )
    notam = parse_notam(text)
    assert notam.lower == Level(feet, unit, datum)  # type: ignore[arg-type]
    assert notam.lower_ft == (feet or 0.0)
    assert parse_notam(str(notam)).lower == notam.lower


# ------------------------------------------------------------------------------------------
# Malformed NOTAMs: each error names the item at fault

GOOD = {
    "H": "B3810/25 NOTAMN",
    "Q": "RPHI/QWMLW/IV/BO/W/000/999/1238N11644E048",
    "A": "RPHI",
    "B": "2508241800",
    "C": "2508272100",
    "E": "AREA 130200N 1160300E - 132300N 1163000E - 121400N 1172500E - 130200N 1160300E",
    "F": "SFC",
    "G": "UNL",
}


def build(**items: str | None) -> str:
    parts = {**GOOD, **items}
    head = parts.pop("H") or ""
    return head + "\n" + " ".join(f"{k}) {v}" for k, v in parts.items() if v is not None)


MALFORMED = [
    ("Q", build(Q="RPHI/QWMLW/IV/BO/W/000/999"), "expected 'FIR/QCODE"),
    ("Q", build(Q="RPHI/XWMLW/IV/BO/W/000/999/1238N11644E048"), "Q-code"),
    ("Q", build(Q="RPHI/QWMLW/IV/BO/W/000/999/1278N11644E048"), "minutes below 60"),
    ("Q", build(Q="RPHI/QWMLW/IV/BO/W/400/100/1238N11644E048"), "above upper"),
    ("Q", build(Q="RPHI/QWMLW/IV/BO/W/000/999/9130N11644E048"), "lat <= 90"),
    ("Q", build(Q="RPHI/QWMLW/IV/BO/W/000/999/1238N11644E48"), "ddmmNdddmmErrr"),
    ("Q", build(Q=None), "missing"),
    ("A", build(A="RP1"), "4-letter ICAO"),
    ("A", build(A=None), "missing"),
    ("B", build(B="25082418"), "yymmddhhmm"),
    ("B", build(B="2513241800"), "not a valid"),
    ("C", build(C="2508231800"), "not after start"),
    ("C", build(C="TOMORROW"), "PERM"),
    ("C", build(C=None), "missing"),
    ("E", build(E=None, F=None, G=None), "missing"),
    ("E", build(E="AREA 130200N 1160300E - 132300N 1163000E"), "at least 3 distinct"),
    ("E", build(E="AREA 137500N 1160300E - 132300N 1163000E - 121400N 1172500E"), "below 60"),
    ("F", build(F="LOW"), "expected SFC"),
    ("F", build(F=None), "missing before G)"),
    ("G", build(G=None), "missing after F)"),
    ("G", build(F="FL300", G="FL100"), "below lower limit"),
    ("G", build(G="FL1000"), "expected SFC"),
    ("header", build(H="B3810/25 NOTAMX"), "NOTAMN"),
    ("header", build(H="B3810/25 NOTAMR"), "replaces or cancels"),
    ("B", build(B="2508241800 B) 2508241900"), "more than once"),
]


@pytest.mark.parametrize(
    ("item", "text", "detail"), MALFORMED, ids=[f"{m[0]}-{i}" for i, m in enumerate(MALFORMED)]
)
def test_malformed_notam_names_the_item(item: str, text: str, detail: str) -> None:
    with pytest.raises(NotamError) as info:
        parse_notam(text)
    assert info.value.item == item
    label = f"item {item})" if len(item) == 1 else item
    assert str(info.value).startswith(label + ":")
    assert detail in str(info.value)


def test_self_intersecting_list_keeps_both_lobes_with_a_warning_and_strict_refuses_it() -> None:
    bow_tie = build(E="130000N 1160000E - 140000N 1170000E - 130000N 1170000E - 140000N 1160000E")
    notam = parse_notam(bow_tie)
    (area,) = notam.areas
    assert area.geom_type == "MultiPolygon" and len(area.geoms) == 2  # both triangles
    assert area.area == pytest.approx(0.5)  # two triangles of 0.25 square degrees
    assert any("not a simple polygon" in w for w in notam.warnings)
    with pytest.raises(NotamError, match="not a simple polygon") as info:
        parse_notam(bow_tie, strict=True)
    assert info.value.item == "E"


def test_items_out_of_order_are_refused() -> None:
    text = "Q) " + GOOD["Q"] + " B) 2508241800 A) RPHI C) 2508272100 E) TEXT"
    with pytest.raises(NotamError, match=r"out of order"):
        parse_notam(text)


def test_notam_error_is_value_error_and_pickles() -> None:
    error = NotamError("Q", "expected 8 fields")
    assert isinstance(error, ValueError)
    clone = pickle.loads(pickle.dumps(error))
    assert (clone.item, str(clone)) == ("Q", "item Q): expected 8 fields")


# ------------------------------------------------------------------------------------------
# Geodesic circles


@pytest.mark.parametrize(("lat", "radius_nm"), [(0.0, 5.0), (38.2, 30.0), (-65.0, 120.0)])
def test_geodesic_circle_area_error_below_0_05_percent(lat: float, radius_nm: float) -> None:
    reference = geodesic_area_m2(geodesic_circle(lat, 10.0, radius_nm * NM, n_vertices=8192))
    for outer in (True, False):
        area = geodesic_area_m2(geodesic_circle(lat, 10.0, radius_nm * NM, outer=outer))
        assert abs(area / reference - 1.0) < 5e-4
    outer_area = geodesic_area_m2(geodesic_circle(lat, 10.0, radius_nm * NM))
    assert outer_area > reference  # the default polygon covers the circle


def test_circle_text_forms_agree() -> None:
    forms = [
        "RADIUS 30NM CENTRE 381200N 1291400E",
        "30NM RADIUS OF 381200N 1291400E",
        "30 NM RADIUS OF 3812N12914E",
        "CIRCLE RADIUS 30NM CENTERED ON 381200N 1291400E",
        "WI 30NM OF PSN 381200N1291400E",
    ]
    areas = [areas_from_text(form) for form in forms]
    assert all(len(a) == 1 for a in areas)
    assert all(a[0].equals(areas[0][0]) for a in areas)


def test_areas_keep_text_order_and_ignore_lone_reference_points() -> None:
    areas = areas_from_text(
        "LAUNCH SITE 394000N 1244200E. AREA A 370000N 1240000E - 370000N 1250000E - "
        "360000N 1250000E AND RADIUS 10NM CENTRE 350000N 1240000E AND 340000N 1240000E - "
        "340000N 1250000E - 330000N 1250000E - 340000N 1240000E"
    )
    assert [round(a.centroid.y) for a in areas] == [37, 35, 34]


# ------------------------------------------------------------------------------------------
# Writer

AREA = Polygon([(124.5, 37.0), (125.8, 36.6), (126.1, 35.2), (124.4, 35.5)])


def test_from_area_renders_icao_text() -> None:
    notam = Notam.from_area(
        "RKRR",
        AREA,
        utc(2026, 1, 2, 3, 4) + timedelta(seconds=59),
        datetime(2026, 1, 2, 14, 4, 1, tzinfo=timezone(timedelta(hours=9))),
        SFC,
        UNL,
        number="A0001/26",
        text_prefix="ROCKET LAUNCH. HAZARD AREA WI:",
    )
    lines = str(notam).splitlines()
    assert lines[0] == "A0001/26 NOTAMN"
    assert re.fullmatch(r"Q\) RKRR/QWMLW/IV/BO/W/000/999/\d{4}N\d{5}E\d{3}", lines[1])
    assert lines[2] == "A) RKRR B) 2601020304 C) 2601020505"  # start down, end up (to UTC)
    assert lines[-1] == "F) SFC G) UNL"
    e_text = " ".join(lines[3:-1])
    assert e_text == (
        "E) ROCKET LAUNCH. HAZARD AREA WI: 370000N 1243000E - 363600N 1254800E - "
        "351200N 1260600E - 353000N 1242400E - 370000N 1243000E"
    )
    assert all(len(line) <= 69 for line in lines)
    assert format_notam(notam) == str(notam)


def test_from_area_exact_minutes_are_kept_and_levels_are_normalised() -> None:
    notam = Notam.from_area(
        "RJJJ", AREA, utc(2026, 1, 2, 3, 4), utc(2026, 1, 2, 5, 0), "5000 ft", flight_level(345)
    )
    assert (notam.start, notam.end) == (utc(2026, 1, 2, 3, 4), utc(2026, 1, 2, 5, 0))
    assert (notam.lower_fl, notam.upper_fl) == (50, 345)
    assert str(notam).splitlines()[-1] == "F) 5000FT AMSL G) FL345"
    odd = Notam.from_area("RJJJ", AREA, utc(2026, 1, 2), utc(2026, 1, 3), "1234.4 ft", "12345 ft")
    assert (odd.lower_fl, odd.upper_fl, odd.lower_ft, odd.upper_ft) == (12, 124, 1234.0, 12345.0)


def test_from_area_multipolygon_joins_with_and() -> None:
    second = shapely.affinity.translate(AREA, xoff=3.0)
    notam = Notam.from_area(
        "RKRR", MultiPolygon([AREA, second]), utc(2026, 1, 1), utc(2026, 1, 2), SFC, UNL
    )
    assert notam.text.count(" AND ") == 1
    assert len(parse_notam(str(notam)).areas) == 2


def test_from_area_antimeridian_round_trip() -> None:
    area = areas_from_text("1000S 17930E - 1000S 17930W - 2000S 17930W - 2000S 17930E")[0]
    notam = Notam.from_area("NZZO", area, utc(2026, 1, 1), utc(2026, 1, 2), SFC, UNL)
    assert "1000S 1793000E - 1000S 1793000W - 2000S 1793000W" in notam.text.replace("00S", "S")
    back = parse_notam(str(notam))
    assert len(back.areas) == 1 and back.areas[0].geom_type == "MultiPolygon"
    assert back.areas[0].symmetric_difference(area).area < 1e-9
    lat, lon = back.q_centre
    assert lat == pytest.approx(-15.0, abs=0.02) and abs(lon) == pytest.approx(180.0, abs=0.02)
    assert back.q_radius_nm < 330  # a circle round the area, not round the globe


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": datetime(2026, 1, 1)}, "naive"),
        ({"end": utc(2025, 12, 31)}, "after start"),
        ({"area_lonlat": box(0, 0, 2, 2).difference(box(0.5, 0.5, 1, 1))}, "holes"),
        ({"fir": "RK"}, "FIR"),
        ({"lower": "FL200", "upper": "FL100"}, "below lower"),
        ({"area_lonlat": geodesic_circle(0.0, 0.0, 1200 * NM)}, "999 NM"),
        ({"area_lonlat": Polygon([(175, 56), (-179, 58), (175, 61)])}, "antimeridian"),
    ],
)
def test_from_area_refuses_what_it_cannot_write(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "fir": "RKRR",
        "area_lonlat": AREA,
        "start": utc(2026, 1, 1),
        "end": utc(2026, 1, 2),
        "lower": SFC,
        "upper": UNL,
    }
    with pytest.raises(ValueError, match=message):
        Notam.from_area(**{**args, **kwargs})  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------
# Properties: round trip and Q-line circle


@st.composite
def convex_areas(draw: st.DrawFn) -> Polygon:
    """Random convex polygons, 30-400 km across, anywhere between 70S and 70N (not near 180)."""
    lat = draw(st.floats(-70.0, 70.0))
    lon = draw(st.floats(-175.0, 175.0))
    radius_m = draw(st.floats(40_000.0, 400_000.0))
    n = draw(st.integers(3, 12))
    sector = 360.0 / n
    jitters = draw(st.lists(st.floats(0.0, 0.6), min_size=n, max_size=n))
    azimuths = [(i + jitter) * sector for i, jitter in enumerate(jitters)]
    scales = draw(st.lists(st.floats(0.6, 1.0), min_size=n, max_size=n))
    lons, lats, _ = GEOD.fwd([lon] * n, [lat] * n, azimuths, [radius_m * s for s in scales])
    assume(max(abs(x - lon) for x in lons) < 90.0)  # does not reach across the antimeridian
    hull = MultiPoint(list(zip(lons, lats, strict=True))).convex_hull
    assume(hull.geom_type == "Polygon")
    return hull


levels = st.sampled_from(
    [SFC, UNL, flight_level(100), flight_level(450), Level(3000.0, "FT", "MSL")]
)
moments = st.datetimes(datetime(2020, 1, 1), datetime(2040, 1, 1), timezones=st.just(UTC))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(area=convex_areas(), start=moments, duration_s=st.integers(1, 30 * 86400), lower=levels)
def test_round_trip(area: Polygon, start: datetime, duration_s: int, lower: Level) -> None:
    end = start + timedelta(seconds=duration_s)
    upper = UNL if lower.feet is None or lower.feet >= 45000 else flight_level(460)
    if lower == UNL:
        lower = SFC
    notam = Notam.from_area("ZZZZ", area, start, end, lower, upper, number="W0001/26")
    back = parse_notam(str(notam))
    assert back == notam
    assert back.start == start.replace(second=0, microsecond=0) <= start
    assert back.end is not None and end <= back.end < end + timedelta(minutes=1)
    assert (back.lower, back.upper) == (lower, upper)
    (parsed,) = back.areas
    sym_diff = parsed.symmetric_difference(area).area
    # each vertex moves at most half a second in lat and in lon (lon/lat degrees throughout)
    assert sym_diff <= area.length * HALF_SECOND_DIAGONAL_DEG
    if area.area / area.length >= 0.2:  # larger than ~20 km across in every direction
        assert sym_diff < 1e-3 * area.area


@pytest.mark.parametrize("lat", [-60.0, -20.0, 0.0, 38.0, 65.0])
@pytest.mark.parametrize("rotation_deg", [0.0, 33.0])
def test_round_trip_of_smallest_published_drop_zone(lat: float, rotation_deg: float) -> None:
    """A 35 x 85 km rectangle (smallest published stage drop zone) keeps 99.9 % of its area."""
    _, to_lonlat = local_aeqd(lat, -47.3)
    rectangle = shapely.affinity.rotate(box(-17_500, -42_500, 17_500, 42_500), rotation_deg)
    area = shapely.transform(rectangle, lambda xy: np.column_stack(to_lonlat.transform(*xy.T)))
    notam = Notam.from_area("SBAO", area, utc(2026, 1, 1), utc(2026, 1, 2), SFC, UNL)
    (parsed,) = parse_notam(str(notam)).areas
    assert parsed.symmetric_difference(area).area < 1e-3 * area.area
    assert len(parsed.exterior.coords) == 5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(area=convex_areas())
def test_q_circle_encloses_area_and_is_tight(area: Polygon) -> None:
    notam = Notam.from_area("ZZZZ", area, utc(2026, 1, 1), utc(2026, 1, 2), SFC, UNL)
    lat, lon = notam.q_centre
    assert round(lat * 60) == pytest.approx(lat * 60) and round(lon * 60) == pytest.approx(lon * 60)
    circle = geodesic_circle(lat, lon, notam.q_radius_nm * NM, n_vertices=1024, outer=False)
    (written,) = notam.areas
    assert circle.covers(written)
    lons, lats = shapely.get_coordinates(shapely.segmentize(written.exterior, 0.01)).T
    _, _, dist = GEOD.inv(np.full(lons.shape, lon), np.full(lats.shape, lat), lons, lats)
    assert notam.q_radius_nm - 1 < dist.max() / NM + 0.05  # rounded up, not padded
