"""The vector basemap shipped with the package: land, coastlines, borders and country names.

Source: Natural Earth 1:10m Admin 0 countries (version 4.1.0, public domain), as TopoJSON from
the ``world-atlas`` 2.0.2 npm package (ISC), copied verbatim to
``geodata/ne-countries-10m.topojson.json`` (see ``geodata/README.md``).  TopoJSON stores each
border once, as an *arc* shared by the two countries it separates, so one file gives the three
layers: land is every country filled, coastlines are the arcs used by one country, borders the
arcs used by two.

The ``land`` object of the same file (the countries merged) gives the land fill and, as its
outline, the coastline; borders are the arcs shared by two countries.

A map takes the part round its scenario: arcs and countries are looked up by bounding box (in
every 360-degree copy of its longitude frame), moved into the frame, clipped and simplified,
finely (native 1:10m detail) near the scenario and coarsely further out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from airspace import diskcache
from airspace.maps.geometry import Bounds, FloatArray, clip_lines, to_frame

BASEMAP_PACKAGE: Final = "airspace.geodata"
BASEMAP_FILE: Final = "ne-countries-10m.topojson.json"
BASEMAP_FORMAT: Final = "airspace-basemap-v1"
WORLD_TOLERANCE_DEG: Final = 360.0 / 1500.0
"""Simplification of a world view's coarse land (360 degrees / 1500)."""
BASEMAP_ATTRIBUTION: Final = "Land and borders: Natural Earth (public domain)"

#: (name, URL template, attribution, max zoom) of the online base layers: offered in the layer
#: control, never shown at start; without a network they simply stay empty.
TILE_PROVIDERS: Final = (
    (
        "OpenStreetMap (online)",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors",
        19,
    ),
    (
        "OpenTopoMap (online)",
        "https://tile.opentopomap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors, SRTM | style &copy; OpenTopoMap (CC-BY-SA)",
        17,
    ),
)


@dataclass(frozen=True, kw_only=True)
class Country:
    """One country of the basemap: its name and polygons as rings of arc indices."""

    name: str
    polygons: tuple[tuple[tuple[int, ...], ...], ...]
    bounds: tuple[float, float, float, float]


@dataclass(frozen=True, kw_only=True)
class Topology:
    """The decoded basemap: arcs (lon/lat arrays), how many countries use each, countries."""

    arcs: tuple[FloatArray, ...]
    uses: tuple[int, ...]
    countries: tuple[Country, ...]
    #: the merged land (countries joined along their borders), as polygons of arc rings
    land: tuple[Country, ...]


@dataclass(frozen=True, kw_only=True)
class Basemap:
    """The basemap of one map, in its longitude frame."""

    land: list[BaseGeometry]
    coast: list[BaseGeometry]
    borders: list[BaseGeometry]
    #: (country name, label point, area in square degrees) of the countries in the region
    names: list[tuple[str, BaseGeometry, float]]


def _decode_arcs(topo: dict[str, Any]) -> list[FloatArray]:
    scale = np.asarray(topo["transform"]["scale"], dtype=np.float64)
    translate = np.asarray(topo["transform"]["translate"], dtype=np.float64)
    return [
        np.cumsum(np.asarray(arc, dtype=np.float64), axis=0) * scale + translate
        for arc in topo["arcs"]
    ]


@cache
def topology() -> Topology:
    """The Natural Earth countries, decoded (about 0.5 s: a map reads what it needs of them
    from the disk cache, see ``_prepared``)."""
    return _decode((files(BASEMAP_PACKAGE) / BASEMAP_FILE).read_bytes())


def _decode(data: bytes) -> Topology:
    topo = json.loads(data.decode("utf-8"))
    arcs = _decode_arcs(topo)
    uses = np.zeros(len(arcs), dtype=np.int64)
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        parts = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        polygons = tuple(tuple(tuple(ring) for ring in polygon) for polygon in parts)
        used = {i if i >= 0 else ~i for polygon in polygons for ring in polygon for i in ring}
        uses[list(used)] += 1
        xy = np.concatenate([arcs[i] for i in used])
        countries.append(
            Country(
                name=str(geom.get("properties", {}).get("name", "")),
                polygons=polygons,
                bounds=(
                    float(xy[:, 0].min()),
                    float(xy[:, 1].min()),
                    float(xy[:, 0].max()),
                    float(xy[:, 1].max()),
                ),
            )
        )
    land = []
    for geom in topo["objects"]["land"]["geometries"]:
        parts = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for polygon in parts:
            rings = tuple(tuple(ring) for ring in polygon)
            xy = np.concatenate([arcs[i if i >= 0 else ~i] for i in rings[0]])
            box = (
                float(xy[:, 0].min()),
                float(xy[:, 1].min()),
                float(xy[:, 0].max()),
                float(xy[:, 1].max()),
            )
            land.append(Country(name="", polygons=(rings,), bounds=box))
    return Topology(
        arcs=tuple(arcs),
        uses=tuple(int(u) for u in uses),
        countries=tuple(countries),
        land=tuple(land),
    )


def _ring(arcs: tuple[FloatArray, ...], indices: tuple[int, ...]) -> FloatArray:
    pieces = []
    for k, i in enumerate(indices):
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pieces.append(arc if k == 0 else arc[1:])
    return np.concatenate(pieces)


def _polygons(topo: Topology, shape: Country) -> list[BaseGeometry]:
    parts = []
    for polygon in shape.polygons:
        rings = [_ring(topo.arcs, r) for r in polygon]
        if len(rings[0]) < 4:  # a speck below the data's resolution
            continue
        parts.append(shapely.Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]))
    return parts


def _land_polygons(topo: Topology) -> list[tuple[BaseGeometry, tuple[float, float, float, float]]]:
    """The land polygons (valid) with the bounds of the land part each comes from."""
    out = []
    for part in topo.land:
        for polygon in _polygons(topo, part):
            # quantised rings may touch themselves: repaired keeping the areas only
            valid = shapely.make_valid(polygon, method="structure", keep_collapsed=False)
            for piece in shapely.get_parts(valid):
                if piece.geom_type == "Polygon" and not piece.is_empty:
                    out.append((piece, part.bounds))
    return out


def _country_points(topo: Topology) -> list[tuple[str, BaseGeometry, float]]:
    """(name, label point, area in square degrees) of each country's largest polygon."""
    out = []
    for country in topo.countries:
        parts = _polygons(topo, country)
        if parts:
            largest = max(parts, key=lambda p: p.area)
            out.append((country.name, largest.representative_point(), float(largest.area)))
    return out


@dataclass(frozen=True, kw_only=True)
class Arcs:
    """Polylines stored end to end: arc ``i`` is ``xy[starts[i]:ends[i]]`` (lon, lat)."""

    xy: FloatArray
    ends: npt.NDArray[np.int64]

    def line(self, i: int) -> BaseGeometry:
        start = int(self.ends[i - 1]) if i else 0
        return shapely.linestrings(self.xy[start : int(self.ends[i])])


@dataclass(frozen=True, kw_only=True)
class Prepared:
    """What a map reads of the basemap: arcs with their use counts and a tree of their boxes,
    the valid land polygons with bounds, the country label points."""

    arcs: Arcs
    uses: npt.NDArray[np.int64]
    #: each arc's box: west, south, east, north (degrees)
    arc_boxes: FloatArray
    #: the land polygons as WKB (decoded only for the part a map shows in detail), their bounds
    land_wkb: tuple[bytes, ...]
    land_bounds: tuple[tuple[float, float, float, float], ...]
    #: the land polygons and the arcs simplified for a world view (``WORLD_TOLERANCE_DEG``)
    coarse_land: tuple[BaseGeometry, ...]
    coarse_arcs: Arcs
    names: tuple[tuple[str, BaseGeometry, float], ...]


def _derive(data: bytes) -> diskcache.Arrays:
    """The arrays of ``Prepared``, derived from the TopoJSON (about 2 s, once per version)."""
    topo = _decode(data)
    land = _land_polygons(topo)
    points = _country_points(topo)
    arrays: diskcache.Arrays = {
        "arc_xy": np.concatenate(topo.arcs),
        "arc_ends": np.cumsum([len(a) for a in topo.arcs], dtype=np.int64),
        "uses": np.asarray(topo.uses, dtype=np.int64),
        "land_bounds": np.array([b for _, b in land], dtype=np.float64).reshape(-1, 4),
        "name_xy": np.array([(p.x, p.y) for _, p, _ in points], dtype=np.float64).reshape(-1, 2),
        "name_area": np.array([a for _, _, a in points], dtype=np.float64),
    }
    polygons = np.array([g for g, _ in land], dtype=object)
    coarse = shapely.simplify(polygons, WORLD_TOLERANCE_DEG, preserve_topology=True)
    arrays["land_wkb"], arrays["land_ends"] = _pack_wkb(polygons)
    arrays["coarse_wkb"], arrays["coarse_ends"] = _pack_wkb(coarse)
    sizes = [len(a) for a in topo.arcs]
    lines = shapely.simplify(
        shapely.linestrings(
            arrays["arc_xy"],
            indices=np.repeat(np.arange(len(topo.arcs)), sizes),
        ),
        WORLD_TOLERANCE_DEG,
        preserve_topology=False,
    )
    arrays["coarse_arc_xy"] = shapely.get_coordinates(lines)
    arrays["coarse_arc_ends"] = np.cumsum(shapely.get_num_coordinates(lines), dtype=np.int64)
    arrays["names"], arrays["name_ends"] = diskcache.pack_strings([n for n, _, _ in points])
    return arrays


def _pack_wkb(geometries: Any) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    wkb = shapely.to_wkb(geometries)
    blob = np.frombuffer(b"".join(wkb), dtype=np.uint8)
    return blob, np.cumsum([len(b) for b in wkb], dtype=np.int64)


def _wkb_parts(blob: npt.NDArray[np.uint8], ends: npt.NDArray[np.int64]) -> tuple[bytes, ...]:
    data, stops = blob.tobytes(), ends.tolist()
    return tuple(data[a:b] for a, b in zip([0, *stops[:-1]], stops, strict=True))


def _from_wkb(parts: Sequence[bytes]) -> list[BaseGeometry]:
    return list(shapely.from_wkb(np.array(parts, dtype=object))) if parts else []


@cache
def _prepared() -> Prepared:
    """The basemap as a map needs it, from the disk cache (keyed by the data and this module),
    derived on a miss; once per process."""
    data = (files(BASEMAP_PACKAGE) / BASEMAP_FILE).read_bytes()
    code = (files("airspace.maps") / "basemap.py").read_bytes()
    key = diskcache.content_key(BASEMAP_FORMAT, (data, code))
    t = diskcache.cached_arrays("basemap", key, lambda: _derive(data))
    xy, ends = t["arc_xy"], t["arc_ends"]
    starts = np.concatenate([[0], ends[:-1]])
    boxes = np.column_stack(
        [
            np.minimum.reduceat(xy[:, 0], starts),
            np.minimum.reduceat(xy[:, 1], starts),
            np.maximum.reduceat(xy[:, 0], starts),
            np.maximum.reduceat(xy[:, 1], starts),
        ]
    )
    names = diskcache.unpack_strings(t["names"], t["name_ends"])
    points = shapely.points(t["name_xy"])
    return Prepared(
        arcs=Arcs(xy=xy, ends=ends),
        uses=t["uses"],
        arc_boxes=boxes,
        land_wkb=_wkb_parts(t["land_wkb"], t["land_ends"]),
        land_bounds=tuple((b[0], b[1], b[2], b[3]) for b in t["land_bounds"].tolist()),
        coarse_land=tuple(_from_wkb(_wkb_parts(t["coarse_wkb"], t["coarse_ends"]))),
        coarse_arcs=Arcs(xy=t["coarse_arc_xy"], ends=t["coarse_arc_ends"]),
        names=tuple(
            (n, p, a) for n, p, a in zip(names, points, t["name_area"].tolist(), strict=True)
        ),
    )


def _shifted(polygon: BaseGeometry, centre: float) -> BaseGeometry:
    """``polygon`` moved whole by a multiple of 360 deg next to ``centre`` (rings are split at
    180 deg in the data, and Antarctica's runs round the pole: never unwrapped)."""
    west, _, east, _ = polygon.bounds
    shift = 360.0 * round(((west + east) / 2.0 - centre) / 360.0)
    return shapely.transform(polygon, lambda c: c - [shift, 0.0]) if shift else polygon


def _in_region(bounds: tuple[float, float, float, float], region: Bounds) -> bool:
    west, south, east, north = bounds
    if north < region.south or south > region.north:
        return False
    return any(
        west + shift <= region.east and east + shift >= region.west
        for shift in (-360.0, 0.0, 360.0)
    )


def _clipped(
    fine_source: list[BaseGeometry],
    coarse_source: list[BaseGeometry],
    detail: Bounds,
    region: Bounds,
    polygons: bool,
    presimplified: bool,
) -> list[BaseGeometry]:
    """Native detail inside ``detail``, simplified coarsely out to ``region`` (from
    ``coarse_source``: the same shapes, already simplified for the region if
    ``presimplified``)."""
    if not fine_source and not coarse_source:
        return []
    fine_tol = max(0.005, _span_deg(detail) / 2500.0)
    coarse_tol = _coarse_tolerance(region)
    fine_arr = np.array(fine_source, dtype=object)
    coarse_arr = np.array(coarse_source, dtype=object)
    if polygons:
        fine = _clip_areas(fine_arr, detail, fine_tol)
        coarse = _clip_areas(coarse_arr, region, 0.0 if presimplified else coarse_tol)
    else:
        fine = clip_lines(fine_arr, detail, fine_tol)
        coarse = clip_lines(coarse_arr, region, 0.0 if presimplified else coarse_tol)
    outside = shapely.difference(coarse, detail.polygon())
    # specks below the coarse resolution are dropped outside the detailed box
    size = shapely.area(outside) if polygons else shapely.length(outside)
    outside = outside[size >= (4.0 * coarse_tol**2 if polygons else 2.0 * coarse_tol)]
    both = np.concatenate([fine, outside])
    keep = ~shapely.is_empty(both)
    if polygons:
        keep &= np.isin(shapely.get_type_id(both), [3, 6, 7])
    return [g for g in both[keep]]


def _coarse_tolerance(region: Bounds) -> float:
    return max(0.02, min(_span_deg(region), 360.0) / 1500.0)


def _clip_areas(arr: Any, view: Bounds, tolerance: float) -> Any:
    clipped = shapely.clip_by_rect(arr, view.west, view.south, view.east, view.north)
    return shapely.simplify(clipped, tolerance, preserve_topology=True) if tolerance else clipped


def _span_deg(bounds: Bounds) -> float:
    return max(bounds.east - bounds.west, bounds.north - bounds.south)


def _outlines(polygons: list[BaseGeometry]) -> list[BaseGeometry]:
    return list(shapely.boundary(np.array(polygons, dtype=object))) if polygons else []


def _land_in(prepared: Prepared, box: Bounds) -> list[int]:
    return [i for i, bounds in enumerate(prepared.land_bounds) if _in_region(bounds, box)]


def _border_arcs(prepared: Prepared, box: Bounds) -> list[int]:
    """Arcs shared by two countries whose box meets ``box`` (in any 360-degree copy)."""
    west, south, east, north = prepared.arc_boxes.T
    meets = np.zeros(len(west), dtype=bool)
    for shift in (-360.0, 0.0, 360.0):
        meets |= (west + shift <= box.east) & (east + shift >= box.west)
    meets &= (south <= box.north) & (north >= box.south) & (prepared.uses >= 2)
    return np.flatnonzero(meets).tolist()


def basemap(centre: float, detail: Bounds, region: Bounds) -> Basemap:
    """The basemap in the frame round ``centre``: native detail inside ``detail``, coarse out
    to ``region`` (both boxes in the frame).  Only the land near ``detail`` is decoded at full
    detail; a world view's coarse layers come simplified from the cache."""
    prepared = _prepared()
    world = _coarse_tolerance(region) >= WORLD_TOLERANCE_DEG
    fine_ids, region_ids = _land_in(prepared, detail), _land_in(prepared, region)
    land = [_shifted(g, centre) for g in _from_wkb([prepared.land_wkb[i] for i in fine_ids])]
    if world:
        coarse_land = [_shifted(prepared.coarse_land[i], centre) for i in region_ids]
    else:
        wkb = [prepared.land_wkb[i] for i in region_ids]
        coarse_land = [_shifted(g, centre) for g in _from_wkb(wkb)]
    # islands below the coarse resolution have no coast either
    speck = 4.0 * _coarse_tolerance(region) ** 2
    coarse_land = [g for g in coarse_land if g.area >= speck]
    coarse_arcs = prepared.coarse_arcs if world else prepared.arcs
    fine_borders = [to_frame(prepared.arcs.line(i), centre) for i in _border_arcs(prepared, detail)]
    coarse_borders = [to_frame(coarse_arcs.line(i), centre) for i in _border_arcs(prepared, region)]
    names = [(name, _shifted(point, centre), area) for name, point, area in prepared.names]
    return Basemap(
        land=_clipped(land, coarse_land, detail, region, polygons=True, presimplified=world),
        coast=_clipped(
            _outlines(land), _outlines(coarse_land), detail, region, False, presimplified=world
        ),
        borders=_clipped(fine_borders, coarse_borders, detail, region, False, presimplified=world),
        names=[n for n in names if region.polygon().contains(n[1])],
    )
