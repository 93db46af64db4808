"""Place expressions against independently computed values (Vincenty on WGS84, published data)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airspace import PlaceError, resolve_place
from airspace.geo import format_dms, format_icao
from airspace.places import describe_position, parse_place_expression
from airspace.places.expressions import compass_azimuth
from tests import vincenty

SOKCHO = (38.2070, 128.5918)  # Sokcho, Wikipedia infobox
ULLEUNGDO = (37.5011, 130.8564)  # island centre, published
ULLEUNG_EUP = (37.4833, 130.9000)  # county seat and port (37°29'N 130°54'E)
ONE_ARCSEC = 1 / 3600


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("38.205, 129.243", 38.205, 129.243),
        ("-33.9, 151.2", -33.9, 151.2),
        ("38.205N 129.243E", 38.205, 129.243),
        ("38.205°N, 129.243°E", 38.205, 129.243),
        ("N38.205 E129.243", 38.205, 129.243),
        ("129.243E 38.205N", 38.205, 129.243),
        ("381218N 1291435E", 38 + 12 / 60 + 18 / 3600, 129 + 14 / 60 + 35 / 3600),
        ("381218N1291435E", 38 + 12 / 60 + 18 / 3600, 129 + 14 / 60 + 35 / 3600),
        ("38°12'18\"N 129°14'35\"E", 38 + 12 / 60 + 18 / 3600, 129 + 14 / 60 + 35 / 3600),
        ("38°12′18″N 129°14′35″E", 38 + 12 / 60 + 18 / 3600, 129 + 14 / 60 + 35 / 3600),
        ("3812N12914E", 38.2, 129 + 14 / 60),
        ("38N 129E", 38.0, 129.0),
        ("3330S 07040W", -33.5, -(70 + 40 / 60)),
        ("130200N 1160300E", 13 + 2 / 60, 116 + 3 / 60),
    ],
)
def test_coordinate_forms(text: str, lat: float, lon: float) -> None:
    place = resolve_place(text)
    assert place.lat == pytest.approx(lat, abs=1e-9)
    assert place.lon == pytest.approx(lon, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("95N 10E", "out of range"),
        ("38.2, 190.5", "out of range"),
        ("386018N 1291435E", "below 60"),
        ("38N 39N", "one N/S and one E/W"),
        ("3812 12914", "cannot read"),
        ("38123N 1291435E", "wrong number of digits"),
        ("57 km eastish of Sokcho", "unknown direction"),
        ("57 km 400° from Sokcho", "out of range"),
        ("", "empty place"),
    ],
)
def test_malformed_places(text: str, message: str) -> None:
    with pytest.raises(PlaceError, match=message):
        resolve_place(text)


@pytest.mark.parametrize(
    ("text", "lat", "lon", "tolerance_km"),
    [
        ("Sokcho", *SOKCHO, 0.1),
        ("Wonsan", 39.1475, 127.4461, 0.1),
        ("Wŏnsan", 39.1475, 127.4461, 0.1),
        ("WONSAN", 39.1475, 127.4461, 0.1),
        ("Hamhung", 39.9167, 127.5333, 0.1),
        ("Ulleungdo", *ULLEUNGDO, 0.1),
        ("Cape Erimo", 41.9244, 143.2483, 0.1),
        ("Tongchang-ri", 39.6600, 124.7050, 0.1),
        ("Gangneung", 37.75, 128.90, 0.1),
        ("Pyongyang", 39.03, 125.75, 5.0),  # from the GeoNames city list
        ("Tokyo", 35.69, 139.69, 10.0),
        ("RKSI", 37.4691, 126.4505, 1.0),  # Incheon International Airport
        ("ICN", 37.4691, 126.4505, 1.0),
        ("RKNY", 38.0613, 128.6690, 1.0),  # Yangyang
        ("KLAX", 33.9425, -118.4081, 1.0),
    ],
)
def test_named_places(text: str, lat: float, lon: float, tolerance_km: float) -> None:
    place = resolve_place(text)
    assert vincenty.inverse_m(place.lat, place.lon, lat, lon) < tolerance_km * 1000


def test_ambiguous_name_lists_candidates() -> None:
    with pytest.raises(PlaceError) as info:
        resolve_place("Portland")
    message = str(info.value)
    assert "ambiguous" in message
    assert "45.5234, -122.6762" in message and "43.6574, -70.2589" in message


def test_country_qualifier_narrows_but_does_not_guess() -> None:
    with pytest.raises(PlaceError, match="ambiguous"):
        resolve_place("Portland, US")  # still three US cities: never a silent pick
    assert resolve_place("Sokcho, KR").lat == pytest.approx(SOKCHO[0], abs=1e-3)


def test_unknown_name_suggests_closest() -> None:
    with pytest.raises(PlaceError, match=r"unknown place 'Gangneng'; did you mean 'Gangneung'"):
        resolve_place("Gangneng")


RELATIVE_CASES = [
    ("57 km east of Sokcho", "Sokcho", 90.0, 57_000.0),
    ("167 km north-west of Ulleungdo", "Ulleungdo", 315.0, 167_000.0),
    ("120 NM 045° from RKNY", "RKNY", 45.0, 120 * 1852.0),
    ("35 mi ESE of Gangneung", "Gangneung", 112.5, 35 * 1609.344),
    ("10 km NNW of 38N 129E", "38N 129E", 337.5, 10_000.0),
    ("25 NM bearing 200 from Sokcho", "Sokcho", 200.0, 25 * 1852.0),
    ("5 km south of 10 km east of Sokcho", "10 km east of Sokcho", 180.0, 5_000.0),
]


@pytest.mark.parametrize(("text", "base", "azimuth", "metres"), RELATIVE_CASES)
def test_relative_places_follow_wgs84_geodesics(
    text: str, base: str, azimuth: float, metres: float
) -> None:
    origin = resolve_place(base)
    lat, lon = vincenty.direct(origin.lat, origin.lon, azimuth, metres)
    place = resolve_place(text)
    assert vincenty.inverse_m(place.lat, place.lon, lat, lon) < 1.0  # metres


def test_57_km_east_of_sokcho_matches_the_published_event() -> None:
    place = resolve_place("57 km east of Sokcho")
    expected = vincenty.direct(*SOKCHO, 90.0, 57_000.0)
    assert vincenty.inverse_m(place.lat, place.lon, *expected) < 500
    # Published: "167 km north-west of Ulleungdo", measured from the island's main town;
    # the island's centre is 5 km nearer (see docs/scenario-format.md).
    assert vincenty.inverse_m(place.lat, place.lon, *ULLEUNG_EUP) == pytest.approx(
        167_000, abs=3000
    )
    assert vincenty.inverse_m(place.lat, place.lon, *ULLEUNGDO) == pytest.approx(162_100, abs=500)
    assert place.lat < 38 + 37 / 60  # south of the Northern Limit Line (about 38°37'N)


@pytest.mark.parametrize(
    ("word", "azimuth"),
    [
        ("N", 0.0),
        ("NNE", 22.5),
        ("north-east", 45.0),
        ("east north east", 67.5),
        ("E", 90.0),
        ("ESE", 112.5),
        ("southeast", 135.0),
        ("SSE", 157.5),
        ("due south", 180.0),
        ("SSW", 202.5),
        ("SW", 225.0),
        ("west-south-west", 247.5),
        ("W", 270.0),
        ("WNW", 292.5),
        ("north-west", 315.0),
        ("north-northwest", 337.5),
    ],
)
def test_sixteen_compass_points(word: str, azimuth: float) -> None:
    assert compass_azimuth(word) == azimuth


def test_names_are_left_to_the_gazetteer() -> None:
    expr = parse_place_expression("Cape Erimo")
    assert expr.__class__.__name__ == "NameExpr"


def test_describe_position_names_nearest_place_with_bearing() -> None:
    lat, lon = vincenty.direct(*SOKCHO, 90.0, 20_000.0)
    assert describe_position(lat, lon).startswith("20.0 km E (090°) of Sokcho")


latitudes = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False)
longitudes = st.floats(min_value=-179.9, max_value=179.9, allow_nan=False)


@given(latitudes, longitudes)
def test_icao_and_dms_text_round_trip(lat: float, lon: float) -> None:
    for text in (format_icao(lat, lon), format_dms(lat, lon)):
        place = resolve_place(text)
        assert abs(place.lat - lat) <= ONE_ARCSEC / 2 + 1e-9
        assert abs(place.lon - lon) <= ONE_ARCSEC / 2 + 1e-9


@settings(max_examples=50)
@given(
    st.floats(min_value=-80, max_value=80),
    longitudes,
    st.floats(min_value=0, max_value=359.9),
    st.floats(min_value=0.1, max_value=2000),
)
def test_relative_distance_is_geodesic(lat: float, lon: float, azimuth: float, km: float) -> None:
    place = resolve_place(f"{km:.3f} km {azimuth:.2f}° from {lat:.6f}, {lon:.6f}")
    start = (round(lat, 6), round(lon, 6))
    assert vincenty.inverse_m(*start, place.lat, place.lon) == pytest.approx(
        round(km, 3) * 1000, abs=0.01
    )
