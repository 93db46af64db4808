"""Route data sources: which format a path holds, reading it within limits, building the tables.

Formats, recognised by content (``RouteNetwork.load`` and ``with_routes`` take any of them):

- an X-Plane 11/12 data folder with ``earth_awy.dat``, ``earth_fix.dat`` and ``earth_nav.dat``
  (or the path of its ``earth_awy.dat``): ``xplane11``;
- an ARINC 424 file (132-column records): ``arinc424``;
- an X-Plane 640 ``awy.dat`` (X-Plane 10 and older; the bundled data's format): ``xplane``;
- GeoJSON (``.geojson``/``.json``, or text that starts with ``{``): ``userdata``.

``"default"`` (or ``"bundled"``) in a list of sources stands for the bundled network.  Files over
``MAX_SOURCE_BYTES`` are refused before reading; whole data sets (not GeoJSON additions) are kept
in the content-keyed disk cache like the bundled network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Final, Literal

import geopandas as gpd
import pandas as pd

from airspace.network import build, cache
from airspace.network.airports import airport_table, airportsdata_bytes, navdata_bytes
from airspace.network.arinc424 import RECORD_LENGTH, parse_arinc424
from airspace.network.legs import MAX_SOURCE_BYTES, MAX_SOURCE_LINES, checked_names
from airspace.network.model import LoadReport, NavdataError
from airspace.network.userdata import parse_routes_geojson
from airspace.network.xplane import parse_awy
from airspace.network.xplane11 import parse_xplane

Kind = Literal["xplane", "arinc424", "awy.dat", "geojson"]
DEFAULT_NAMES: Final = ("default", "bundled")
SUPPLEMENT: Final = "routes-supplement.geojson"
BUNDLED_AIRPORT_LIST: Final = "the 2013.10 airway data's airport list (bluesky-navdata)"
XPLANE_FILES: Final = ("earth_awy.dat", "earth_fix.dat", "earth_nav.dat")


@dataclass(frozen=True, slots=True, kw_only=True)
class Tables:
    """What a network is built from: segments (with node ids), nodes, airports, reports."""

    segments: gpd.GeoDataFrame
    nodes: pd.DataFrame
    airports: pd.DataFrame
    reports: tuple[LoadReport, ...]
    airport_list: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Legs:
    """Legs read from one source, with the airports it lists (ARINC 424 ``PA``) if any."""

    legs: pd.DataFrame
    airports: pd.DataFrame | None
    report: LoadReport
    kind: Kind


def supplement_bytes() -> bytes:
    return (files("airspace.geodata") / SUPPLEMENT).read_bytes()


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refused when missing or over ``MAX_SOURCE_BYTES``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise NavdataError(str(path), None, "file not found") from None
    if size > MAX_SOURCE_BYTES:
        raise NavdataError(
            str(path),
            None,
            f"{size:,} bytes, over the limit of {MAX_SOURCE_BYTES:,} bytes "
            f"({MAX_SOURCE_BYTES / 2**30:g} GiB) for route data (MAX_SOURCE_BYTES)",
        )
    return path.read_bytes()


def detect(path: Path) -> tuple[Kind, Path]:
    """The format of ``path`` and the path to read (an X-Plane folder for its earth_awy.dat)."""
    if path.is_dir():
        if (path / "earth_awy.dat").is_file():
            return "xplane", path
        raise NavdataError(
            str(path),
            None,
            "folder without earth_awy.dat (expected an X-Plane 11/12 data folder "
            "with earth_awy.dat, earth_fix.dat and earth_nav.dat)",
        )
    if path.name.lower() in XPLANE_FILES:
        return "xplane", path.parent
    if path.suffix.lower() in (".geojson", ".json"):
        return "geojson", path
    try:
        with path.open("rb") as handle:
            head = handle.read(8192).decode("latin-1")
    except FileNotFoundError:
        raise NavdataError(str(path), None, "file not found") from None
    lines = head.splitlines()
    if head.lstrip().startswith("{"):
        return "geojson", path
    if len(lines) > 1 and lines[0].strip() in ("I", "A") and lines[1].startswith("640"):
        return "awy.dat", path
    if any(len(line) >= RECORD_LENGTH and line[:1] in ("S", "T") for line in lines[:-1]):
        return "arinc424", path
    raise NavdataError(
        str(path),
        1,
        "unrecognised route data (expected an X-Plane 11/12 data folder, an "
        "ARINC 424 file, an X-Plane 640 awy.dat or GeoJSON)",
    )


def _source_bytes(kind: Kind, path: Path) -> list[bytes]:
    if kind != "xplane":
        return [read_bytes(path)]
    missing = [name for name in XPLANE_FILES if not (path / name).is_file()]
    if missing:
        raise NavdataError(str(path), None, f"X-Plane data folder without {', '.join(missing)}")
    return [read_bytes(path / name) for name in XPLANE_FILES]


def _parse(kind: Kind, path: Path, data: list[bytes]) -> Legs:
    """Legs of one source, names checked (``legs.checked_names``)."""
    found = _parse_kind(kind, path, data)
    legs, report = checked_names(found.legs, found.report)
    return Legs(legs=legs, airports=found.airports, report=report, kind=kind)


def _parse_kind(kind: Kind, path: Path, data: list[bytes]) -> Legs:
    label = str(path)
    if kind == "xplane":
        awy, fix, nav = data
        legs, report = parse_xplane(fix, nav, awy, label)
        return Legs(legs=legs, airports=None, report=report, kind=kind)
    if kind == "arinc424":
        legs, airports, report = parse_arinc424(data[0], label, MAX_SOURCE_LINES)
        return Legs(legs=legs, airports=airports, report=report, kind=kind)
    if kind == "awy.dat":
        legs, report = parse_awy(data[0], label)
        return Legs(legs=legs, airports=None, report=report, kind=kind)
    try:
        parsed = json.loads(data[0])
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise NavdataError(label, line, f"not valid JSON ({exc})") from None
    except RecursionError:
        raise NavdataError(label, None, "JSON nested too deep (GeoJSON is a few levels)") from None
    if not isinstance(parsed, dict):
        raise NavdataError(label, 1, "expected a GeoJSON FeatureCollection or Feature")
    try:
        legs, report = parse_routes_geojson(parsed, label)
    except ValueError as exc:
        raise NavdataError(label, None, str(exc)) from None
    return Legs(legs=legs, airports=None, report=report, kind=kind)


def read_legs(path: str | Path) -> Legs:
    """Legs from any supported file or folder (not cached: for additions to a network)."""
    kind, where = detect(Path(path))
    found = _parse(kind, where, _source_bytes(kind, where))
    _require_segments(found)
    return found


def _require_segments(found: Legs) -> None:
    if found.legs.empty:
        examples = "; ".join(f"{s.where}: {s.reason}" for s in found.report.skipped[:3])
        raise NavdataError(
            found.report.source,
            None,
            f"no airway segment could be read ({found.kind}; "
            f"{found.report.skipped_count} items skipped{': ' + examples if examples else ''})",
        )


def dataset_tables(path: str | Path) -> Tables:
    """A whole network from one data set (any format), through the content-keyed disk cache."""
    kind, where = detect(Path(path))
    data = _source_bytes(kind, where)
    airport_list = None

    def make() -> cache.Tables:
        found = _parse(kind, where, data)
        _require_segments(found)
        segments = build.legs_to_segments(found.legs, str(where))
        segments, nodes = build.assign_nodes(segments)
        return segments, nodes, airport_table(found.airports), (found.report,)

    key = [kind.encode(), str(where.resolve()).encode(), airportsdata_bytes(), *data]
    segments, nodes, airports, reports = cache.cached_tables(key, make, name="user")
    if kind == "arinc424" and bool(airports["source"].eq("user").any()):
        airport_list = f"the airport (PA) records of {where.name}"
    return Tables(
        segments=segments,
        nodes=nodes,
        airports=airports,
        reports=reports,
        airport_list=airport_list,
    )


def bundled_tables(awy: bytes, supplement: bytes) -> cache.Tables:
    """The bundled 2013.10 airways with the L512 supplement, and the merged airport table."""
    legs, report = parse_awy(awy, "bluesky.resources.navdata/awy.dat")
    base = build.legs_to_segments(legs, "bluesky-navdata awy.dat 2013.10")
    extra_legs, extra_report = parse_routes_geojson(
        json.loads(supplement), f"airspace.geodata/{SUPPLEMENT}"
    )
    extra_legs = build.snap_to_existing(extra_legs, build.unique_fixes(base), build.SNAP_NM)
    extra = build.legs_to_segments(extra_legs, SUPPLEMENT)
    merged = build.merge_segments(base, extra, "replace")
    segments, nodes = build.assign_nodes(merged)
    return segments, nodes, airport_table(bundled_list=True), (report, extra_report)


def bundled() -> Tables:
    """The bundled network's tables, through the content-keyed disk cache."""
    awy, supplement = navdata_bytes("awy.dat"), supplement_bytes()
    sources = (awy, navdata_bytes("airports.dat"), airportsdata_bytes(), supplement)
    segments, nodes, airports, reports = cache.cached_tables(
        sources, lambda: bundled_tables(awy, supplement)
    )
    return Tables(
        segments=segments,
        nodes=nodes,
        airports=airports,
        reports=reports,
        airport_list=BUNDLED_AIRPORT_LIST,
    )
