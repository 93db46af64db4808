"""Route network loading: awy.dat parsing, B467/L512 content, user data, reports and the cache."""

from __future__ import annotations

import json
from importlib.resources import files
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airspace import diskcache
from airspace.geo import METRES_PER_NM, WGS84, distance_m
from airspace.network import AmbiguousNameError, NavdataError, RouteNetwork, UnknownNameError
from airspace.network import cache as net_cache
from airspace.network.xplane import parse_awy

HEADER = (
    b"I\r\n640 Version - data cycle 2013.10, build 20131334, metadata AwyXP700.  Copyright\r\n\r\n"
)


@pytest.fixture(scope="module")
def network() -> RouteNetwork:
    return RouteNetwork.default()


def dms(text: str) -> tuple[float, float]:
    """``373820N 1313427E`` -> (lat, lon)."""
    lat_s, lon_s = text.split()
    lat = int(lat_s[:2]) + int(lat_s[2:4]) / 60 + int(lat_s[4:6]) / 3600
    lon = int(lon_s[:3]) + int(lon_s[3:5]) / 60 + int(lon_s[5:7]) / 3600
    return (-lat if lat_s[-1] == "S" else lat), (-lon if lon_s[-1] == "W" else lon)


# --------------------------------------------------------------------------- parser, table-driven
def test_parse_awy_splits_shared_segments_and_keeps_odd_names() -> None:
    data = HEADER + (
        b"AAE    23.072197  072.624953 BODAR  23.524011  072.138419 1 075 250 G472-N895-W40\r\n"
        b"AMIBO  34.973889  021.658056 ARLOS  34.625278  023.000000 1 095 195 M871-MT E-MT W-N4\r\n"
        b"ATOLL -17.445000  180.000000 NA    -18.042222  178.561667 2 200 600 A580\r\n"
        b"99\r\n"
    )
    legs, report = parse_awy(data, "test")
    assert sorted(legs["route"]) == ["A580", "G472", "M871", "MT E", "MT W", "N4", "N895", "W40"]
    assert set(legs.loc[legs["route"] == "A580", "to_fix"]) == {"NA"}  # not read as NaN
    assert report.items_read == 3 and report.segments == 8 and report.skipped_count == 0
    a580 = legs[legs["route"] == "A580"].iloc[0]
    assert (a580["level"], a580["lower_ft"], a580["upper_ft"]) == ("high", 20000.0, 60000.0)
    g472 = legs[legs["route"] == "G472"].iloc[0]
    assert (g472["level"], g472["lower_ft"], g472["upper_ft"]) == ("low", 7500.0, 25000.0)
    assert "data cycle 2013.10" in report.notes[0]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"AAA 91.0 10.0 BBB 10.0 11.0 1 010 200 X1", "coordinate"),
        (b"AAA 10.0 x10 BBB 10.0 11.0 1 010 200 X1", "coordinate"),
        (b"AAA 10.0 10.0 BBB 10.0 11.0 3 010 200 X1", "level band"),
        (b"AAA 10.0 10.0 BBB 10.0 11.0 1 300 200 X1", "base"),
        (b"AAA 10.0 10.0 BBB 10.0 10.0 1 010 200 X1", "zero length"),
        (b"AAA 10.0 10.0 BBB 10.0 11.0 1 010 200 A B C D E F G", "expected 14 fields"),
    ],
)
def test_parse_awy_reports_what_it_skips(line: bytes, reason: str) -> None:
    good = b"CCC 10.0 10.0 DDD 10.0 11.0 1 010 200 X2\r\n"
    legs, report = parse_awy(HEADER + good + line + b"\r\n99\r\n", "test")
    assert list(legs["route"]) == ["X2"]
    assert report.items_read == 2 and report.skipped_count == 1
    assert reason in report.skipped[0].reason
    assert "skipped 1" in str(report)


def test_parse_awy_rejects_other_layouts() -> None:
    with pytest.raises(ValueError, match="640"):
        parse_awy(b"I\n1100 Version - data cycle 1802\n\n99\n")


# --------------------------------------------------------------------------- bundled data
def test_default_network_reports_cycle_and_counts(network: RouteNetwork) -> None:
    awy = network.reports[0]
    assert awy.kind == "awy.dat" and "2013.10" in awy.notes[0]
    assert awy.items_read == 70291 and awy.skipped_count == 0
    assert awy.segments > awy.items_read  # shared segments were split per airway
    assert len(network.segments) >= awy.segments
    for col in ("route", "from_fix", "to_fix", "level", "lower_ft", "upper_ft", "length_nm"):
        assert col in network.segments.columns
    assert set(network.segments["level"]) == {"low", "high"}
    assert str(network.segments.crs) == "EPSG:4326"


# B467 fixes: TENAS from Korea eAIP ENR 3.3 (facts file); the others as published in the
# independent navaid / fix files of the same data set (nav.dat, fix.dat), written in DMS.
B467_FIXES = {
    "KAE": "374202N 1284513E",  # Gangwon VORTAC, nav.dat
    "IGLUT": "373557N 1293509E",
    "INTOS": "372200N 1312000E",
    "TENAS": "373820N 1313427E",  # Korea eAIP ENR 3.3 (AIRAC 2021-06-16)
    "KANSU": "383800N 1322830E",
    "TONIN": "392000N 1330000E",
}


def test_b467_comes_back_in_order_with_published_coordinates(network: RouteNetwork) -> None:
    route = network.route("B467")
    assert route.fix_names[:6] == ("KAE", "IGLUT", "INTOS", "TENAS", "KANSU", "TONIN")
    assert route.fix_names[-1] == "DE" and len(route.fixes) == 12
    for fix in route.fixes[:6]:
        lat, lon = dms(B467_FIXES[fix.name])
        assert distance_m(fix.lat, fix.lon, lat, lon) < 0.2 * METRES_PER_NM, fix
    # every leg exists in both level bands and joins consecutive fixes
    segs = network.segments
    for (a, b), leg in zip(
        zip(route.fixes, route.fixes[1:], strict=False), route.legs, strict=True
    ):
        rows = segs.iloc[list(leg)]
        assert set(rows["level"]) == {"low", "high"}
        assert {frozenset((r.from_fix, r.to_fix)) for r in rows.itertuples()} == {
            frozenset((a.name, b.name))
        }
    assert route.length_nm == pytest.approx(
        sum(segs.iloc[leg[0]]["length_nm"] for leg in route.legs)
    )
    assert route.reversed().fix_names[0] == "DE"


def test_every_airway_stretch_is_ordered_and_covers_each_segment_once(
    network: RouteNetwork,
) -> None:
    names = network.segments["route"].unique()
    rng = np.random.default_rng(5)
    segs = network.segments
    for name in [*rng.choice(names, 60, replace=False), "A1", "G597", "R220"]:
        stretches = network.routes(str(name))
        used = [i for r in stretches for i in r.segment_indices]
        assert sorted(used) == list(np.flatnonzero(segs["route"].to_numpy() == name))
        for r in stretches:
            assert len(r.legs) == len(r.fixes) - 1 >= 1
            for (a, b), leg in zip(pairwise(r.fixes), r.legs, strict=True):
                ends = {
                    frozenset((int(x), int(y)))
                    for x, y in segs.iloc[list(leg)][["from_node", "to_node"]].to_numpy()
                }
                assert ends == {frozenset((a.node, b.node))}


def test_l512_supplement_is_present(network: RouteNetwork) -> None:
    route = network.route("L512")
    assert route.fix_names == ("TENAS", "SABET", "ANDOL")
    published = {
        "TENAS": "373820N 1313427E",
        "SABET": "373829N 1324019E",
        "ANDOL": "373958N 1330000E",
    }
    for fix in route.fixes:
        lat, lon = dms(published[fix.name])
        # TENAS and SABET are snapped onto the 2013 fixes of the same name (a few hundred metres)
        assert distance_m(fix.lat, fix.lon, lat, lon) < 0.5 * METRES_PER_NM
    # joined to B467 at TENAS: one graph node, not two
    assert route.fixes[0].node == network.route("B467").fixes[3].node
    supplement = json.loads((files("airspace.geodata") / "routes-supplement.geojson").read_text())
    assert "ENR 3.3" in supplement["features"][0]["properties"]["source"]


def test_lengths_are_wgs84_geodesics(network: RouteNetwork) -> None:
    rng = np.random.default_rng(3)
    rows = network.segments.iloc[rng.choice(len(network.segments), 500, replace=False)]
    _, _, dist = WGS84.inv(rows["from_lon"], rows["from_lat"], rows["to_lon"], rows["to_lat"])
    np.testing.assert_allclose(rows["length_nm"], np.asarray(dist) / METRES_PER_NM, rtol=1e-9)


def test_shared_segment_split_per_airway(network: RouteNetwork) -> None:
    segs = network.segments
    aae = segs[(segs["from_fix"] == "AAE") & (segs["to_fix"] == "BODAR")]
    assert {"G472", "N895", "W40"} <= set(aae["route"])


def test_fix_names_resolve_by_proximity(network: RouteNetwork) -> None:
    names = network.nodes["name"].value_counts()
    name = str(names.index[0])  # the most reused name in the world
    assert names.iloc[0] > 1
    with pytest.raises(AmbiguousNameError):
        network.fix(name)
    nodes = network.nodes[network.nodes["name"] == name]
    for row in nodes.head(3).itertuples():
        assert network.fix(name, near=(row.lat + 0.01, row.lon)).node == row.Index
    assert network.fix("TENAS").name == "TENAS"
    with pytest.raises(UnknownNameError):
        network.fix("NOSUCHFIX")


# --------------------------------------------------------------------------- user data
def test_user_geojson_adds_and_replaces_with_report(network: RouteNetwork) -> None:
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"route": "Z999", "fixes": ["KAE", "XTEST"], "upper_fl": 450},
                "geometry": {"type": "LineString", "coordinates": [[128.7536, 37.7005], [130, 38]]},
            },
            {"type": "Feature", "properties": {"route": "Z998"}, "geometry": {"type": "Point"}},
            {"type": "Feature", "properties": {}, "geometry": None},
        ],
    }
    added = network.with_routes(data)
    report = added.reports[-1]
    assert (report.items_read, report.segments, report.skipped_count) == (3, 2, 2)
    assert "not LineString" in report.skipped[0].reason and "route" in report.skipped[1].reason
    z = added.route("Z999")
    assert z.fix_names == ("KAE", "XTEST")
    assert z.fixes[0].node == added.fix("KAE").node  # snapped onto the existing VORTAC
    assert len(added.segments) == len(network.segments) + 2
    # replace: B467 becomes a single user-given leg
    b467 = {
        "type": "Feature",
        "properties": {"route": "B467", "fixes": ["KAE", "IGLUT"], "level": "high"},
        "geometry": {
            "type": "LineString",
            "coordinates": [[128.753611, 37.700556], [129.585833, 37.599167]],
        },
    }
    replaced = network.with_routes(b467, mode="replace")
    assert replaced.route("B467").fix_names == ("KAE", "IGLUT")
    assert len(replaced.segments) == len(network.segments) - (
        len(network.route("B467").segment_indices) - 1
    )


def test_user_awy_file(tmp_path: Path) -> None:
    path = tmp_path / "awy.dat"
    path.write_bytes(
        HEADER
        + b"AAA 10.0 10.0 BBB 10.0 11.0 1 010 200 X1\r\n"
        + b"BBB 10.0 11.0 CCC 10.5 11.5 1 010 200 X1\r\nbroken line\r\n99\r\n"
    )
    net = RouteNetwork.from_awy(path)
    assert net.route("X1").fix_names == ("AAA", "BBB", "CCC")
    assert net.reports[0].skipped_count == 1
    # a skipped row is located in its file: the header is 3 lines, 'broken line' is line 6
    assert net.reports[0].skipped[0].where == f"{path}:6"
    path2 = tmp_path / "more.dat"
    path2.write_bytes(HEADER + b"CCC 10.5 11.5 DDD 11.0 12.0 2 250 450 X1\r\n99\r\n")
    assert net.with_routes(path2).route("X1").fix_names == ("AAA", "BBB", "CCC", "DDD")


# --------------------------------------------------------------------------- cache
def test_cache_round_trip_and_unwritable_dir(
    network: RouteNetwork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = (network.segments.head(300), network.nodes, network.airports.head(5), network.reports)
    path = tmp_path / "c.npz"
    assert net_cache.save(path, tables)
    loaded = net_cache.load(path)
    assert loaded is not None
    seg, nodes, airports, reports = loaded
    assert list(airports["icao"]) == list(tables[2]["icao"])
    assert seg.geometry.geom_equals_exact(tables[0].geometry, 0).all()
    assert list(seg["route"]) == list(tables[0]["route"])
    assert (nodes["name"].to_numpy() == network.nodes["name"].to_numpy()).all()
    assert reports == network.reports[: len(reports)]
    assert net_cache.content_key([b"a"]) != net_cache.content_key([b"b"])
    # a miss builds, stores under the content key and drops older entries; a hit reads it back
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / f"network-{'0' * 32}.npz").write_bytes(b"stale")
    user_entry = cache_dir / f"network-user-{'0' * 32}.npz"
    user_entry.write_bytes(b"another kind")
    monkeypatch.setenv("AIRSPACE_CACHE_DIR", str(cache_dir))
    built = net_cache.cached_tables([b"src"], lambda: tables)
    assert built[0] is tables[0]
    assert sorted(p.name for p in cache_dir.iterdir()) == [
        f"network-{net_cache.content_key([b'src'])}.npz",
        user_entry.name,
    ]
    hit = net_cache.cached_tables([b"src"], lambda: pytest.fail("should come from the cache"))
    assert hit[3][-1].kind == "cache" and len(hit[0]) == len(tables[0])
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    monkeypatch.setenv("AIRSPACE_CACHE_DIR", str(blocked / "sub"))
    assert net_cache.cached_tables([b"x"], lambda: tables)[0] is tables[0]
    assert not net_cache.save(blocked / "sub" / "c.npz", tables)
    path.write_bytes(b"garbage")
    assert net_cache.load(path) is None


@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
            max_size=12,
        )
    )
)
@settings(max_examples=200, deadline=None)
def test_packed_strings_read_back_exactly(values: list[str]) -> None:
    blob, ends = diskcache.pack_strings(values)
    assert diskcache.unpack_strings(blob, ends) == values
    # each end offset is where its string's UTF-8 bytes stop in the blob
    raw = blob.tobytes()
    starts = [0, *(int(e) + 1 for e in ends[:-1])] if values else []
    assert [raw[a:b].decode() for a, b in zip(starts, ends, strict=True)] == values


def test_a_name_with_nul_is_used_uncached(network: RouteNetwork, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="NUL"):
        diskcache.pack_strings(["B467", "L5\x0012"])
    with pytest.raises(ValueError):  # a lone surrogate (JSON "\ud800") has no UTF-8 form
        diskcache.pack_strings(["\ud800"])
    segments = network.segments.head(3).copy()
    segments.loc[segments.index[0], "route"] = "B4\x0067"
    tables = (segments, network.nodes.head(3), network.airports.head(3), network.reports)
    assert not net_cache.save(tmp_path / "c.npz", tables)
    assert not (tmp_path / "c.npz").exists()
    # a blob that does not hold as many strings as its offsets say is refused, never misread
    blob, ends = diskcache.pack_strings(["a", "b"])
    with pytest.raises(ValueError, match="1 found, 2 expected"):
        diskcache.unpack_strings(blob[:1], ends)


def test_user_names_are_read_in_capitals_and_non_names_skipped(network: RouteNetwork) -> None:
    """Route data in lower case is looked up in capitals; markup, control characters, lone
    surrogates and overlong names are skipped with the reason (they broke lookups, the map and
    the CSV writer), and features that are not objects are skipped, not a crash."""

    def line(route: str, fixes: list[str], lon: float) -> dict[str, object]:
        return {
            "type": "Feature",
            "properties": {"route": route, "fixes": fixes},
            "geometry": {"type": "LineString", "coordinates": [[lon, 37.0], [lon + 0.5, 37.2]]},
        }

    features: list[object] = [
        line("zx1", ["abcde", "fghij"], 131.0),
        line("<b>X</b>", ["AAAAA", "BBBBB"], 132.0),
        line("ZX2", ["A\x00B", "CCCCC"], 133.0),
        line("ZX3", ["\ud800", "DDDDD"], 134.0),
        line("R" * 100_000, ["EEEEE", "FFFFF"], 135.0),
        42,
        {"type": "Feature", "properties": [], "geometry": {}},
    ]
    added = network.with_routes({"type": "FeatureCollection", "features": features})
    assert added.route("ZX1").fix_names == ("ABCDE", "FGHIJ")
    report = added.reports[-1]
    # two features, and the legs of the four with bad names (each line at low and high levels)
    assert report.skipped_count == 2 + 4 * 2
    reasons = [f"{s.where}: {s.reason}" for s in report.skipped]
    assert sum("not an airway or fix name" in r for r in reasons) == 4
    named = {s.where for s in report.skipped}
    assert {"name '<B>X</B>'", "name 'A\\x00B'", "name '\\ud800'", f"name '{'R' * 40}'"} <= named
    assert any("a feature is a JSON object, not int" in r for r in reasons)
    assert len(added.segments) == len(network.segments) + len(added.routes("ZX1")) * 2


def test_a_geojson_route_file_is_bounded(
    network: RouteNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    from airspace.network import userdata

    line = {
        "type": "Feature",
        "properties": {"route": "ZX1"},
        "geometry": {
            "type": "LineString",
            "coordinates": [[130.0 + i / 100, 37.0] for i in range(6)],
        },
    }
    data = {"type": "FeatureCollection", "features": [line, line]}
    monkeypatch.setattr(userdata, "MAX_VERTICES", 11)
    with pytest.raises(NavdataError, match=r"12 vertices \(at most 11: MAX_VERTICES"):
        network.with_routes(data)
    monkeypatch.setattr(userdata, "MAX_FEATURES", 1)
    with pytest.raises(NavdataError, match=r"2 features \(at most 1: MAX_FEATURES"):
        network.with_routes(data)
