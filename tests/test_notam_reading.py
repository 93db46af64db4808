"""Reading real NOTAM text: coordinate forms, vertex lists, circles, arcs, warnings (table-driven).

Texts quoted from the launch corpus (tests/data/notams-launch) say so; the others are written in
the wording of published NOTAMs (circles and arcs do not occur in that corpus).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Geod

from airspace.geo import format_icao
from airspace.notam import NotamError, parse_notam
from airspace.notam.areas import read_areas
from airspace.notam.coords import ascii_upper, scan_coordinates, zeros_for_letter_o

GEOD = Geod(ellps="WGS84")
NM = 1852.0


def dms(deg: float, minutes: float = 0, seconds: float = 0) -> float:
    return deg + minutes / 60 + seconds / 3600


def notam(e_text: str, d_text: str | None = None) -> str:
    schedule = f"D) {d_text}\n" if d_text else ""
    return (
        "A0001/26 NOTAMN\nQ) ZZZZ/QRDCA/IV/BO/W/000/999/3000N12000E050\n"
        f"A) ZZZZ B) 2601010000 C) 2601052359\n{schedule}E) {e_text}\nF) SFC G) UNL"
    )


def area_m2(geom: object) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0])


# ------------------------------------------------------------------------------------------
# Coordinates

COORDINATES = [
    ("N345900E1200200", (dms(34, 59), dms(120, 2))),  # hemisphere first (ZLHW)
    ("S1104E15641", (-dms(11, 4), dms(156, 41))),  # hemisphere first, minutes
    ("S243343 E0861428", (-dms(24, 33, 43), dms(86, 14, 28))),  # with a space
    ("30 03 S 131 00 W", (-dms(30, 3), -131.0)),  # spaced degrees and minutes (NZZO)
    ("12 39 14N 119 41 06E", (dms(12, 39, 14), dms(119, 41, 6))),  # spaced DMS (RPHI)
    ("S23 03 E086 38", (-dms(23, 3), dms(86, 38))),  # hemisphere first, spaced (YMMM)
    ("44 30 00 S 173 21 36 E", (-44.5, dms(173, 21, 36))),  # NZZC
    ("104526N 0891249E", (dms(10, 45, 26), dms(89, 12, 49))),  # compact (VOMF)
    ("0752S 08946E", (-dms(7, 52), dms(89, 46))),
    ("3812.5N 12914.3E", (dms(38, 12.5), dms(129, 14.3))),  # decimal minutes
    ("381218.5N1291435.2E", (dms(38, 12, 18.5), dms(129, 14, 35.2))),  # decimal seconds
    ("38°12'18\"N 129°14'35\"E", (dms(38, 12, 18), dms(129, 14, 35))),
    ("N36 0600E1205500", (dms(36, 6), dms(120, 55))),  # broken at a line end (ZSHA)
    ("N1 93800E1110600", (dms(19, 38), dms(111, 6))),  # broken at a line end (ZJSA)
    ("0250N0904 3E", (dms(2, 50), dms(90, 43))),  # broken at a line end (VCCF)
    ("00133 7S0901122E", (-dms(0, 13, 37), dms(90, 11, 22))),  # broken at a line end
    ("N181352E 0935859", (dms(18, 13, 52), dms(93, 58, 59))),  # VYYF
    ("012000N1073500EPOINT", (dms(1, 20), dms(107, 35))),  # glued to the next word (WIIF)
]


@pytest.mark.parametrize(("text", "expected"), COORDINATES, ids=[c[0] for c in COORDINATES])
def test_coordinate_forms(text: str, expected: tuple[float, float]) -> None:
    (coord,) = scan_coordinates(ascii_upper(text))
    assert (coord.lat, coord.lon) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    "text",
    [
        "N892 - N500 W15",  # route names
        "FL310 FL350 RWY 02",
        "AREA 2 185200",  # digits without hemisphere
        "5NM RADIUS",
        "N2615/24",  # a NOTAM number
    ],
)
def test_text_that_is_not_a_coordinate(text: str) -> None:
    assert scan_coordinates(ascii_upper(text)) == []


def test_a_number_before_a_coordinate_is_not_joined_to_it() -> None:
    """'AREA 12 1852N...': the space falls on a field boundary, so '12' stays a separate word."""
    (coord,) = scan_coordinates("AREA 12 1852N12345E")
    assert coord.lat == pytest.approx(dms(18, 52))


def test_letter_o_is_read_as_zero_with_a_warning() -> None:
    fixed, changed = zeros_for_letter_o("N39O5OOE1O44338 TO NOON 0POINTS")
    assert fixed == "N390500E1044338 TO NOON 0POINTS"
    assert changed == ["39O5OO", "1O44338"]
    reading = read_areas("N39O500E1044338-N395139E1050809-N393528E1050910 BACK TO START")
    assert len(reading.areas) == 1
    assert any("letter O read as zero in '39O500'" in w for w in reading.warnings)


def test_minutes_of_sixty_are_an_error_naming_item_e() -> None:
    with pytest.raises(NotamError, match=r"item E\): coordinate .*below 60"):
        parse_notam(notam("N396000E1044338-N395139E1050809-N393528E1050910"))


# ------------------------------------------------------------------------------------------
# Vertex lists

LISTS = [
    pytest.param(
        # KZAK A4155/22, vertices joined by TO and closed by TO POINT OF ORIGIN
        "DEBRIS FM THIS LAUNCH WILL FALL WI AN AREA DEFINED AS 090800N1284700E TO "
        "132600N1294500E TO 125900N1314200E TO 084100N1304400E TO POINT OF ORIGIN. IN THE "
        "INTEREST OF SAFETY",
        [4],
        id="to-point-of-origin",
    ),
    pytest.param(
        # ZJSA A2550/23, the closing words broken across a line
        "A TEMPORARY DANGER AREA ESTABLISHED BOUNDED BY:\n"
        "N180600E1122400-N180700E1130000-N165500E1130300-N165400E1122700,BAC\nK TO START.",
        [4],
        id="bac-k-to-start",
    ),
    pytest.param(
        # VVHN A3352/23, an annotation inside the list and a fall point after it
        "175300N1075000E - 175800N1071600E - 185031N1072459E - 182028N1074053E\n (ASSAD) - "
        "181017N1075242E\nFIVE-POINT CONNECTION RANGE.\nTHE UNBURNED DEBRIS IS EXPECTED TO "
        "FALL: 182300N1073800E",
        [5],
        id="annotation-in-chain",
    ),
    pytest.param(
        # VVHN A0616/22, two areas
        "AREA 1: 184613N1072716E-184916N1070759E-191420N1071219E THREE-POINT\nCONNECTION RANGE\n"
        "AREA 2: 191727N1071251E-200126N1072031E-195605N1075412E THREE-POINT\nCONNECTION RANGE",
        [3, 3],
        id="area-1-area-2",
    ),
    pytest.param(
        # ZLHW A0632/23, two areas joined by AND
        "N3416E09837-N3444E09844-N3447E09824-N3419E09817,BACK TO START \n"
        "AND N3312E09829-N3344E09836-N3349E09810-N3316E09803,BACK TO START.",
        [4, 4],
        id="and-joined",
    ),
    pytest.param(
        # YBBB N2362/22, one vertex per line without separators
        "MAY BE AFFECTED:\n1827S15542E \n1813S15600E\n1855S15636E\n1909S15618E\n"
        "FOUR POINT CONNECTION RANGE",
        [4],
        id="one-per-line",
    ),
    pytest.param(
        # RPHI B1128/21, spaced DMS with dashes and the first vertex repeated
        "AEROSPACE FLT ACT WILL TAKE PLACE WI:\n13 53 56N 118 15 52E -\n13 33 46N 117 57 25E -\n"
        "14 13 05N 117 11 37E -\n14 33 19N 117 30 02E -\n13 53 56N 118 15 52E",
        [4],
        id="spaced-dms-list",
    ),
    pytest.param(
        # VYYF A0187/22, a comma between vertices and a reference point before the list
        "THE UNBURNED DEBRIS IS EXPECTED TO FALL IN THE N1633E09317,THE POSSIBLE FALLING AREA "
        "WILL NOT EXCEED THE RANGE WITHIN THE N1608E09328,N1615E09255-N1708E09307-N1701E09340,"
        "FOUR POINT CONNECTION RANGE.",
        [4],
        id="comma-and-reference-point",
    ),
]


@pytest.mark.parametrize(("e_text", "vertex_counts"), LISTS)
def test_vertex_lists(e_text: str, vertex_counts: list[int]) -> None:
    parsed = parse_notam(notam(e_text))
    reading = read_areas(parsed.text)
    assert [len(a.vertices) for a in reading.areas] == vertex_counts
    assert all(a.is_valid and a.area > 0 for a in parsed.areas)
    assert not any("not a simple polygon" in w for w in parsed.warnings)


def test_reference_points_are_not_vertices_and_are_reported() -> None:
    # WSJC A3267/23
    parsed = parse_notam(
        notam(
            "UNBURNED DEBRIS IS EXPECTED TO FALL AT 0722N11101E WI 0807N11043E -\n0804N11127E - "
            "0637N11121E - 0640N11036E - 0807N11043E DUE TO\nAEROSPACE FLT ACT."
        )
    )
    (area,) = parsed.areas
    ring = np.asarray(area.exterior.coords)
    assert len(ring) == 5  # 4 vertices, closed
    fall_point = (dms(111, 1), dms(7, 22))  # (lon, lat)
    assert np.min(np.abs(ring - fall_point).sum(axis=1)) > 0.1
    assert any("FALL AT 0722N11101E" in w and "reference point" in w for w in parsed.warnings)
    with pytest.raises(NotamError, match="reference point"):
        parse_notam(parsed.raw or "", strict=True)


def test_two_points_side_by_side_are_reference_points() -> None:
    # WIIF A3978/24: the expected fall points, then the area
    reading = read_areas(
        "EXPECTED TO FALL WI COORD 012800N1075300E 014100N1075500E, THE POSSIBLE FALLING AREA "
        "WILL NOT EXCEED THE RANGE WITHIN THE 012000N1075300E - 013400N1073200E - "
        "023800N1074200E - 023100N1082500E - 012600N1081500E - 011500N1080800E - 012000N1075300E"
    )
    assert [len(a.vertices) for a in reading.areas] == [6]
    assert any("2 coordinate(s)" in w for w in reading.warnings)


def test_a_dashed_list_of_two_vertices_is_an_error() -> None:
    with pytest.raises(NotamError, match="at least 3 distinct vertices"):
        parse_notam(notam("AREA 130200N 1160300E - 132300N 1163000E"))


def test_a_repeated_vertex_is_dropped_with_a_warning() -> None:
    # YMMM F3488/25
    parsed = parse_notam(
        notam(
            "623300S 1623336E - 620900S 1630000E - 624200S 1630000E - \n"
            "623300S 1623336E - 623300S 1623336E"
        )
    )
    assert len(parsed.areas) == 1 and len(parsed.areas[0].exterior.coords) == 4
    assert any("repeated vertex dropped" in w for w in parsed.warnings)


def test_fir_boundary_edge_is_straight_with_a_warning() -> None:
    # WAAF A1746/24
    parsed = parse_notam(
        notam(
            "102203S1174149E - 115959S1172228E THENCE ALONG FIR BOUNDARY TO \n"
            "115959S1164847E - 101555S1170933E - 102203S1174149E"
        )
    )
    (area,) = parsed.areas
    assert len(area.exterior.coords) == 5
    assert any("'ALONG FIR BOUNDARY' drawn as a straight line" in w for w in parsed.warnings)


def test_named_points_in_a_list_give_no_area_and_a_warning() -> None:
    # ZGZU A3805/24
    parsed = parse_notam(
        notam(
            "A TEMPORARY RESTRICTED AREA ESTABLISHED BOUNDED BY: \nLIANSHENGWEI VOR/DME 'ZUH' \n"
            "-N220216E1130000-GURIN-N213000E1130000-N213000E1130830-SIERA\n BACK TO START."
        )
    )
    assert parsed.areas == ()
    assert any("'GURIN', 'SIERA'" in w for w in parsed.warnings)
    assert any("no area found" in w for w in parsed.warnings)


def test_an_unreadable_vertex_gives_no_area_and_a_warning() -> None:
    # ZLHW A1102/24: six longitude digits
    parsed = parse_notam(notam("N3523E09832-N3526E09819-N3545E09824-N3543E098383.\nBACK TO START."))
    assert parsed.areas == ()
    assert any("unreadable coordinate(s) 'N3543E098383'" in w for w in parsed.warnings)


def test_a_notam_without_area_parses_with_a_warning() -> None:
    parsed = parse_notam(notam("TEMPO DANGER AREA NZD893 (CANTERBURY BIGHT) ACTIVE"))
    assert parsed.areas == ()
    assert parsed.warnings == (
        "item E): no area found (no coordinates and no vertex list or circle)",
    )
    with pytest.raises(NotamError, match="no area found"):
        parse_notam(notam("TEMPO DANGER AREA NZD893 ACTIVE"), strict=True)


def test_loose_coordinate_like_text_is_reported() -> None:
    reading = read_areas("DEBRIS EXPECTED NEAR N2909 AND 1234S")
    assert any("'N2909', '1234S'" in w for w in reading.warnings)


# ------------------------------------------------------------------------------------------
# Circles and arcs

CENTRE = (dms(28, 45), -dms(80, 35))
CIRCLES = [
    ("WITHIN 5NM OF 284500N 0803500W", 5 * NM),
    ("A CIRCLE RADIUS 2.2NM CENTERED ON 284500N0803500W", 2.2 * NM),
    ("RADIUS 30NM CENTRE 284500N 0803500W", 30 * NM),
    ("30NM RADIUS OF N2845 W08035", 30 * NM),
    ("CENTRE 284500N 0803500W RADIUS 8KM", 8000.0),
    ("WI 5NM OF PSN 284500N0803500W", 5 * NM),
    ("A CIRCLE OF 10 NM AROUND 284500N 0803500W", 10 * NM),
    ("LAUNCH SITE 284500N 0803500W. HAZARD AREA: A CIRCLE OF 10 NM AROUND LAUNCH SITE.", 10 * NM),
]


@pytest.mark.parametrize(("e_text", "radius_m"), CIRCLES, ids=[c[0][:30] for c in CIRCLES])
def test_circle_forms(e_text: str, radius_m: float) -> None:
    (circle,) = read_areas(e_text).areas
    assert circle.kind == "circle"
    assert circle.centre == pytest.approx(CENTRE)
    assert circle.radius_m == pytest.approx(radius_m)
    assert area_m2(circle.geometry) == pytest.approx(math.pi * radius_m**2, rel=5e-4)


def test_a_circle_around_a_name_not_given_is_reported() -> None:
    reading = read_areas("A CIRCLE OF 10 NM AROUND THE LAUNCH PAD.")
    assert reading.areas == ()
    assert any("no coordinates given for 'LAUNCH PAD'" in w for w in reading.warnings)


def _sector_text(direction: str, words: str) -> str:
    lat, lon = 30.0, 120.0
    lon0, lat0, _ = GEOD.fwd(lon, lat, 0.0, 30 * NM)
    lon90, lat90, _ = GEOD.fwd(lon, lat, 90.0, 30 * NM)
    c, p0, p90 = format_icao(lat, lon), format_icao(lat0, lon0), format_icao(lat90, lon90)
    return f"{c} - {p0} {words.format(direction=direction, c=c)} {p90} - {c}"


@pytest.mark.parametrize(
    "words",
    [
        "THEN {direction} ON A 30 NM ARC CENTERED ON {c} TO",
        "- ARC RADIUS OF 55.56KM (30NM) CENTRED ON {c} {direction} TO",
    ],
)
@pytest.mark.parametrize(("direction", "quarters"), [("CLOCKWISE", 1), ("ANTICLOCKWISE", 3)])
def test_arcs(words: str, direction: str, quarters: int) -> None:
    reading = read_areas(_sector_text(direction, words))
    (sector,) = reading.areas
    assert len(sector.vertices) == 3  # the centre, the two arc ends; the arc centre is no vertex
    expected = math.pi * (30 * NM) ** 2 * quarters / 4
    assert area_m2(sector.geometry) == pytest.approx(expected, rel=2e-3)
    assert not any("reference point" in w for w in reading.warnings)


def test_an_arc_without_direction_takes_the_shorter_way_with_a_warning() -> None:
    reading = read_areas(_sector_text("", "THEN ON A 30 NM ARC CENTERED ON {c} TO"))
    (sector,) = reading.areas
    assert area_m2(sector.geometry) == pytest.approx(math.pi * (30 * NM) ** 2 / 4, rel=2e-3)
    assert any("gives no direction" in w for w in reading.warnings)


def test_an_arc_whose_ends_are_off_the_radius_is_reported() -> None:
    reading = read_areas(
        _sector_text("CLOCKWISE", "THEN {direction} ON A 20 NM ARC CENTERED ON {c} TO")
    )
    assert any("not 20.0 NM" in w for w in reading.warnings)


def test_areas_keep_text_order() -> None:
    reading = read_areas(
        "LAUNCH SITE 394000N 1244200E. AREA A 370000N 1240000E - 370000N 1250000E - "
        "360000N 1250000E AND RADIUS 10NM CENTRE 350000N 1240000E AND 340000N 1240000E - "
        "340000N 1250000E - 330000N 1250000E - 340000N 1240000E"
    )
    assert [round(a.geometry.centroid.y) for a in reading.areas] == [37, 35, 34]
    assert np.allclose([a.kind == "circle" for a in reading.areas], [False, True, False])


def test_an_unreadable_latitude_does_not_pair_its_longitude_with_the_next_latitude() -> None:
    reading = read_areas("3812188N 1291435E 371218N 1281435E")
    assert [
        (round(c.lat, 4), round(c.lon, 4))
        for c in scan_coordinates("3812188N 1291435E 371218N 1281435E")
    ] == [(37.205, 128.2431)]
    assert any("'3812188N 1291435E'" in w for w in reading.warnings)
