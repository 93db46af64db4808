"""``RouteNetwork``: the global ATS airways as a segments table, spatial index and routing graph.

Data: X-Plane 640 airway data (cycle 2013.10, GPL) from the ``bluesky-navdata`` package, merged
with the supplement ``airspace.geodata/routes-supplement.geojson`` (L512); or the user's own
current data (X-Plane 11/12 folder, ARINC 424 file, 640 ``awy.dat``, GeoJSON; see ``sources``).
Airports: every code ``airportsdata`` knows (``airports``).  See ``docs/network.md``.

Geometry is lon/lat in [-180, 180]; a segment crossing 180 deg is a MultiLineString split there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path as FilePath
from typing import Any, Final, Literal, cast

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry

from airspace.geo import METRES_PER_NM, WGS84, FloatArray, built_tree, haversine_km
from airspace.network import build, cache, routing, sources
from airspace.network.airports import airport_note
from airspace.network.firs import FirSet
from airspace.network.graph import MIN_RADIUS_M, RoutingGraph
from airspace.network.legs import checked_names, complete_legs
from airspace.network.model import (
    AmbiguousNameError,
    Fix,
    LoadReport,
    NavdataError,
    NoPathError,
    Path,
    Route,
    UnknownNameError,
)
from airspace.network.routes import ordered_routes
from airspace.network.userdata import parse_routes_geojson

IntArray = npt.NDArray[np.intp]
SegmentRef = int | str | tuple[str, str, str]
"""A segment to avoid: its index, an airway name, or ``(airway, from_fix, to_fix)``."""
Endpoint = str | Fix | tuple[float, float]
"""Origin or destination: ICAO airport code, fix name, ``Fix``, or ``(lat, lon)`` in degrees."""
Source = str | FilePath
"""Route data: a file or folder path (any supported format), or ``"default"`` (bundled)."""

DEFAULT_AIRPORT_LINK_NM: Final = 60.0


@dataclass(frozen=True, eq=False)
class RouteNetwork:
    """Airway segments, fixes, airports and FIRs, with a spatial index and a routing graph.

    ``segments`` (GeoDataFrame, one row per airway, level band and fix pair): route, from_fix,
    from_lat, from_lon, to_fix, to_lat, to_lon, level ('low'/'high'), lower_ft, upper_ft
    (``inf`` = unlimited), one_way (flown only from from_fix to to_fix), from_region, to_region
    (ICAO region codes, ``""`` when the source has none), length_nm (WGS84 geodesic),
    crosses_antimeridian, source, from_node, to_node, geometry (densified geodesic, lon/lat, split
    at 180 deg).  ``nodes``: name, lat, lon, region per fix (index = node id).  ``airports``:
    icao, name, lat, lon, source, listed (see ``airspace.network.airports``); ``airport_list``
    names the airway data's own airport list (``None``: it has none).  Treat all as read-only.
    """

    segments: gpd.GeoDataFrame
    nodes: pd.DataFrame
    airports: pd.DataFrame
    firs: FirSet
    reports: tuple[LoadReport, ...] = ()
    airport_list: str | None = None

    def __repr__(self) -> str:
        return (
            f"RouteNetwork({len(self.segments)} segments, {len(self.nodes)} fixes, "
            f"{len(self.airports)} airports, {len(self.firs.ids)} FIRs)"
        )

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_segments(
        cls,
        segments: gpd.GeoDataFrame,
        airports: pd.DataFrame,
        firs: FirSet,
        reports: tuple[LoadReport, ...] = (),
        airport_list: str | None = None,
    ) -> RouteNetwork:
        """Network from a segments table (node ids are assigned here)."""
        segments, nodes = build.assign_nodes(segments)
        return cls(segments, nodes, airports, firs, reports, airport_list)

    @classmethod
    def _from_tables(cls, tables: sources.Tables, firs: FirSet | None = None) -> RouteNetwork:
        fir_set = firs or FirSet.bundled()
        return cls(
            tables.segments,
            tables.nodes,
            tables.airports,
            fir_set,
            (*tables.reports, fir_set.report),
            tables.airport_list,
        )

    @classmethod
    def default(cls) -> RouteNetwork:
        """The global network from ``bluesky-navdata`` plus the bundled supplement (cached).

        Loaded once per process; the parsed network is also kept in a content-keyed on-disk
        cache (see ``airspace.network.cache``).
        """
        return cast(
            RouteNetwork, cache.memoized("default", lambda: cls._from_tables(sources.bundled()))
        )

    @classmethod
    def load(cls, source: Source | Sequence[Source], *, firs: FirSet | None = None) -> RouteNetwork:
        """A network from route data files, format recognised by content (``sources``).

        ``source`` is one path or a list: the first is the base data set (an X-Plane 11/12
        folder, an ARINC 424 file, a 640 ``awy.dat``, GeoJSON, or ``"default"`` for the bundled
        network); the others are added to it (``with_routes``).  Base data sets are kept in the
        content-keyed disk cache.  Raises ``NavdataError`` (``FILE:LINE: ...``) for data that
        cannot be read at all; malformed lines are skipped and listed in ``reports``.
        """
        items = [source] if isinstance(source, (str, FilePath)) else list(source)
        if not items:
            raise NavdataError("network", None, "no route data given")
        first, *more = items
        if str(first).lower() in sources.DEFAULT_NAMES:
            net = cls.default() if firs is None else cls.default().with_firs(firs)
        else:
            net = cls._from_tables(sources.dataset_tables(first), firs)
        for extra in more:
            if str(extra).lower() in sources.DEFAULT_NAMES:
                raise NavdataError(str(extra), None, "'default' can only come first")
            net = net.with_routes(extra)
        return net

    @classmethod
    def from_xplane(cls, folder: str | FilePath, *, firs: FirSet | None = None) -> RouteNetwork:
        """A network from an X-Plane 11/12 data folder (earth_awy/fix/nav.dat)."""
        if not FilePath(folder).is_dir():
            raise NavdataError(str(folder), None, "not a folder (expected an X-Plane data folder)")
        return cls.load(folder, firs=firs)

    @classmethod
    def from_arinc424(cls, path: str | FilePath, *, firs: FirSet | None = None) -> RouteNetwork:
        """A network from an ARINC 424 file (ER airways; EA, D, DB points; PA airports)."""
        kind, _ = sources.detect(FilePath(path))
        if kind != "arinc424":
            raise NavdataError(str(path), 1, f"not an ARINC 424 file (looks like {kind})")
        return cls.load(path, firs=firs)

    @classmethod
    def from_awy(cls, path: str | FilePath, *, firs: FirSet | None = None) -> RouteNetwork:
        """A network from an X-Plane 640 ``awy.dat`` file alone (airports: ``airports``)."""
        return cls.load(path, firs=firs)

    def with_routes(
        self,
        source: Source | Mapping[str, Any],
        *,
        mode: Literal["add", "replace"] = "add",
        snap_nm: float = build.SNAP_NM,
    ) -> RouteNetwork:
        """A new network with routes from GeoJSON (a file or parsed mapping) or any route data
        file or folder that ``load`` reads.

        ``mode="replace"`` first drops every existing segment of the airways the source names.
        Leg ends are snapped to existing fixes of the same name within ``snap_nm``.  The new
        network's ``reports`` ends with what was read and skipped.
        """
        if isinstance(source, Mapping):
            try:
                legs, report = checked_names(*parse_routes_geojson(source, "mapping"))
            except ValueError as exc:
                raise NavdataError("mapping", None, str(exc)) from None
            label = "geojson"
        else:
            found = sources.read_legs(source)
            legs, report, label = found.legs, found.report, str(source)
        legs = build.snap_to_existing(complete_legs(legs), self.nodes, snap_nm)
        extra = build.legs_to_segments(legs, label)
        merged = build.merge_segments(self.segments, extra, mode)
        return RouteNetwork.from_segments(
            merged, self.airports, self.firs, (*self.reports, report), self.airport_list
        )

    def with_firs(self, firs: FirSet | str | FilePath) -> RouteNetwork:
        """The same routes with other FIR/airspace polygons (a ``FirSet`` or a GeoJSON file)."""
        fir_set = firs if isinstance(firs, FirSet) else FirSet.from_file(firs)
        return RouteNetwork(
            self.segments,
            self.nodes,
            self.airports,
            fir_set,
            (*self.reports, fir_set.report),
            self.airport_list,
        )

    # ------------------------------------------------------------------ indexes (lazy)
    @cached_property
    def tree(self) -> shapely.STRtree:
        """STRtree over ``segments.geometry`` (lon/lat)."""
        return built_tree(self.segments.geometry.to_numpy())

    @cached_property
    def graph(self) -> RoutingGraph:
        """Routing graph: every segment forward, two-way ones backward too; metres as weights."""
        return RoutingGraph.build(
            self.segments["from_node"].to_numpy(dtype=np.intp),
            self.segments["to_node"].to_numpy(dtype=np.intp),
            self.segments["length_nm"].to_numpy(dtype=np.float64) * METRES_PER_NM,
            _unit_vectors(self.nodes["lat"].to_numpy(), self.nodes["lon"].to_numpy()),
            self.segments["one_way"].to_numpy(dtype=bool),
            (self.segments["lower_ft"].to_numpy(), self.segments["upper_ft"].to_numpy()),
        )

    @cached_property
    def _node_tree(self) -> cKDTree:
        return cKDTree(_unit_vectors(self.nodes["lat"].to_numpy(), self.nodes["lon"].to_numpy()))

    @cached_property
    def _names(self) -> dict[str, IntArray]:
        """Fix name -> node ids (one sort, no per-group pandas objects)."""
        names = self.nodes["name"].to_numpy(dtype=str)
        order = np.argsort(names, kind="stable")
        keys, first = np.unique(names[order], return_index=True)
        return dict(zip(keys.tolist(), np.split(order.astype(np.intp), first[1:]), strict=True))

    def has_airport(self, code: str) -> bool:
        """True when ``code`` (ICAO, any case) is in the network's airport table."""
        return code.upper() in self._airport_rows

    @cached_property
    def _columns(self) -> dict[str, npt.NDArray[Any]]:
        return {}

    def column(self, name: str) -> npt.NDArray[Any]:
        """A column of ``segments`` as a numpy array (read-only use; cached)."""
        found = self._columns.get(name)
        if found is None:
            found = self._columns[name] = self.segments[name].to_numpy()
        return found

    @cached_property
    def _route_rows(self) -> dict[str, IntArray]:
        """Segment rows of every airway name."""
        names, inverse = np.unique(self.segments["route"].to_numpy(dtype=str), return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.cumsum(np.bincount(inverse, minlength=len(names)))[:-1]
        return {str(k): rows for k, rows in zip(names, np.split(order, bounds), strict=True)}

    @cached_property
    def _airport_rows(self) -> dict[str, int]:
        return {str(code): i for i, code in enumerate(self.airports["icao"])}

    # ------------------------------------------------------------------ look-ups
    def fix(
        self, name: str, near: tuple[float, float] | None = None, *, region: str | None = None
    ) -> Fix:
        """The network fix called ``name``; ``near=(lat, lon)`` picks the closest of namesakes,
        ``region`` (ICAO region code, where the data gives them) keeps only that region's.

        Without ``near``, namesakes farther apart than a few NM raise ``AmbiguousNameError``.
        """
        nodes = self._names.get(name.upper())
        if nodes is not None and region is not None:
            nodes = nodes[self.nodes["region"].to_numpy()[nodes] == region.upper()]
            nodes = nodes if len(nodes) else None
        if nodes is None:
            where = f" in region {region!r}" if region is not None else ""
            raise UnknownNameError(f"no fix {name!r}{where} in the route network")
        lats = self.nodes["lat"].to_numpy()[nodes]
        lons = self.nodes["lon"].to_numpy()[nodes]
        if near is not None:
            pick = int(np.argmin(haversine_km(near[0], near[1], lats, lons)))
        else:
            spread_km = haversine_km(lats[0], lons[0], lats, lons).max()
            if spread_km * 1000.0 / METRES_PER_NM > build.SNAP_NM:
                raise AmbiguousNameError(
                    f"{len(nodes)} fixes are called {name!r} (up to {spread_km:.0f} km apart): "
                    "pass near=(lat, lon) to choose"
                )
            pick = 0
        return self.fix_at(int(nodes[pick]))

    @cached_property
    def _node_arrays(self) -> tuple[npt.NDArray[np.object_], FloatArray, FloatArray]:
        return (
            self.nodes["name"].to_numpy(dtype=object),
            self.nodes["lat"].to_numpy(dtype=np.float64),
            self.nodes["lon"].to_numpy(dtype=np.float64),
        )

    def fix_at(self, node: int) -> Fix:
        names, lats, lons = self._node_arrays
        region = str(self._node_regions[node])
        return Fix(str(names[node]), float(lats[node]), float(lons[node]), node, region)

    @cached_property
    def _node_regions(self) -> npt.NDArray[np.object_]:
        regions: npt.NDArray[np.object_] = self.nodes["region"].to_numpy(dtype=object)
        return regions

    def nearest_fix(self, lat: float, lon: float) -> Fix | None:
        """The fix nearest to ``(lat, lon)`` by geodesic distance (``None``: no fixes at all)."""
        if len(self.nodes) == 0:
            return None
        k = min(8, len(self.nodes))  # chord order is close to geodesic order; check a few
        _, cand = self._node_tree.query(_unit_vectors(np.array([lat]), np.array([lon]))[0], k=k)
        cand = np.atleast_1d(np.asarray(cand, dtype=np.intp))
        _, lats, lons = self._node_arrays
        _, _, dist = WGS84.inv(
            np.full(len(cand), lon), np.full(len(cand), lat), lons[cand], lats[cand]
        )
        return self.fix_at(int(cand[int(np.argmin(dist))]))

    def airport(self, icao: str) -> Fix:
        """An airport as a ``Fix`` (``node == -1``) from the airport table."""
        row = self._airport_rows.get(icao.upper())
        if row is None:
            raise UnknownNameError(f"no airport {icao!r} (not in airportsdata nor the route data)")
        codes, lats, lons = self._airport_arrays
        return Fix(str(codes[row]), float(lats[row]), float(lons[row]))

    def airport_note(self, icao: str) -> str:
        """What a path through airport ``icao`` will say about it (``""``: nothing)."""
        row = self._airport_rows.get(icao.upper())
        if row is None:
            raise UnknownNameError(f"no airport {icao!r} (not in airportsdata nor the route data)")
        codes, sources_, listed = self._airport_meta
        return airport_note(
            str(codes[row]), str(sources_[row]), bool(listed[row]), self.airport_list
        )

    @cached_property
    def _airport_meta(self) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]:
        table = self.airports
        return (table["icao"].to_numpy(), table["source"].to_numpy(), table["listed"].to_numpy())

    def check_endpoint(
        self,
        endpoint: str | tuple[float, float],
        *,
        airport_link_nm: float = DEFAULT_AIRPORT_LINK_NM,
    ) -> tuple[str, ...]:
        """Check a flow's origin or destination (ICAO code, fix name or ``(lat, lon)``) before
        routing.

        Cheap (two look-ups and one k-d tree query).  Returns the notes a path through it
        will carry; raises ``UnknownNameError`` for a name that is neither an airport nor a fix
        and ``NoPathError`` for an airport or point with no fix within ``airport_link_nm``.
        """
        if isinstance(endpoint, tuple):
            end = Fix(f"{endpoint[0]:.4f},{endpoint[1]:.4f}", endpoint[0], endpoint[1])
        elif endpoint.upper() in self._airport_rows:
            end = self.airport(endpoint)
        elif endpoint.upper() in self._names:
            return ()
        else:
            raise UnknownNameError(
                f"{endpoint!r} is neither an airport (ICAO code known to airportsdata or "
                "the route data) nor a fix of the route network"
            )
        if len(self.nodes_near(end.lat, end.lon, airport_link_nm)[0]) == 0:
            raise NoPathError(
                routing.no_link_message(self, "endpoint", end, airport_link_nm, blocked=False)
            )
        return routing.endpoint_notes(self, endpoint)

    @cached_property
    def _airport_arrays(self) -> tuple[npt.NDArray[np.object_], FloatArray, FloatArray]:
        return (
            self.airports["icao"].to_numpy(dtype=object),
            self.airports["lat"].to_numpy(dtype=np.float64),
            self.airports["lon"].to_numpy(dtype=np.float64),
        )

    def routes(self, name: str) -> tuple[Route, ...]:
        """Every connected stretch of the airway ``name``, each in order (west end first)."""
        rows = self._route_rows.get(name.upper())
        if rows is None:
            raise UnknownNameError(f"no airway {name!r} in the route network")
        return ordered_routes(name.upper(), self.segments, rows, self.fix_at)

    def route(self, name: str, near: tuple[float, float] | None = None) -> Route:
        """The airway ``name`` as one ordered stretch: ``route("B467").fix_names`` starts
        ``KAE, IGLUT, INTOS, TENAS``.  A two-way stretch is listed from its western end (use
        ``Route.reversed()`` for the other way), a one-way one in its direction.  When the
        name is used for several unconnected stretches, ``near=(lat, lon)`` picks the closest.
        """
        found = self.routes(name)
        if len(found) == 1:
            return found[0]
        if near is None:
            raise AmbiguousNameError(
                f"airway {name!r} has {len(found)} unconnected stretches: pass near=(lat, lon)"
            )
        dist = [
            haversine_km(
                near[0],
                near[1],
                np.array([f.lat for f in r.fixes]),
                np.array([f.lon for f in r.fixes]),
            ).min()
            for r in found
        ]
        return found[int(np.argmin(dist))]

    def fir_at(self, lat: float, lon: float) -> str | None:
        """FIR id at ``(lat, lon)`` in degrees (``None`` outside the loaded FIRs)."""
        return self.firs.fir_at(lat, lon)

    def firs_at(self, lats: npt.ArrayLike, lons: npt.ArrayLike) -> npt.NDArray[np.object_]:
        """Vectorised ``fir_at`` over arrays of latitudes and longitudes (degrees)."""
        return self.firs.firs_at(lats, lons)

    def query(
        self,
        geometries: BaseGeometry | Sequence[BaseGeometry] | npt.ArrayLike,
        predicate: str = "intersects",
    ) -> IntArray:
        """Segments hit by many geometries in one bulk STRtree query (lon/lat geometries).

        Returns an int array of shape ``(2, k)``: row 0 the input geometry index, row 1 the
        segment index (a row of ``segments``), as ``shapely.STRtree.query`` does.
        """
        geoms = np.atleast_1d(np.asarray(geometries, dtype=object))
        result: IntArray = self.tree.query(geoms, predicate=predicate)
        return result

    def segments_in(self, area: BaseGeometry) -> IntArray:
        """Indices of segments whose interior meets the interior of ``area`` (lon/lat)."""
        return routing.entering(self, area)

    def nodes_near(
        self, lat: float, lon: float, radius_nm: float
    ) -> tuple[IntArray, npt.NDArray[np.float64]]:
        """Fix nodes within ``radius_nm`` of a point: ``(node ids, geodesic distances in m)``."""
        # every node within the geodesic radius has a normal within radius / MIN_RADIUS_M
        angle = min(radius_nm * METRES_PER_NM / MIN_RADIUS_M, np.pi)
        chord = 2.0 * np.sin(angle / 2.0) + 1e-12
        cand = np.asarray(
            self._node_tree.query_ball_point(
                _unit_vectors(np.array([lat]), np.array([lon]))[0], chord
            ),
            dtype=np.intp,
        )
        if len(cand) == 0:
            return cand, np.zeros(0)
        _, lats, lons = self._node_arrays
        _, _, dist = WGS84.inv(
            np.full(len(cand), lon), np.full(len(cand), lat), lons[cand], lats[cand]
        )
        dist = np.asarray(dist, dtype=np.float64)
        keep = dist <= radius_nm * METRES_PER_NM
        return cand[keep], dist[keep]

    # ------------------------------------------------------------------ routing
    def shortest_path(
        self,
        origin: Endpoint,
        destination: Endpoint,
        *,
        avoid_firs: Iterable[str] = (),
        avoid_polygons: Iterable[BaseGeometry] = (),
        avoid_segments: Iterable[SegmentRef] = (),
        cruise_fl: int | None = None,
        airport_link_nm: float = DEFAULT_AIRPORT_LINK_NM,
    ) -> Path:
        """Shortest airway path (geodesic NM) between airports, fixes or points.

        Airports (ICAO codes) and ``(lat, lon)`` points join the network through every fix
        within ``airport_link_nm`` (direct legs, ``"DCT"``).  ``avoid_firs`` (ids such as
        ``"ZKKP"``) and ``avoid_polygons`` (lon/lat) remove every segment and link whose
        interior enters them; ``avoid_segments`` removes segments by index, airway name or
        ``(airway, from_fix, to_fix)``; ``cruise_fl`` keeps only segments whose level band
        contains that flight level.  Raises ``NoPathError`` when nothing is left.
        """
        return routing.shortest_path(
            self,
            origin,
            destination,
            avoid_firs=tuple(avoid_firs),
            avoid_polygons=tuple(avoid_polygons),
            avoid_segments=tuple(avoid_segments),
            cruise_fl=cruise_fl,
            airport_link_nm=airport_link_nm,
        )

    # ------------------------------------------------------------------ output
    def to_geojson(self, indices: npt.ArrayLike | None = None) -> dict[str, Any]:
        """Segments as an RFC 7946 FeatureCollection (lines crossing 180 deg already split)."""
        table = self.segments if indices is None else self.segments.iloc[np.asarray(indices)]
        props = table[
            ["route", "from_fix", "to_fix", "level", "lower_ft", "upper_ft", "one_way", "length_nm"]
        ]
        props = props.astype(object)
        props["upper_ft"] = props["upper_ft"].where(np.isfinite(table["upper_ft"]), None)  # UNL
        geometry = shapely.to_geojson(table.geometry.to_numpy())
        features = [
            {"type": "Feature", "id": int(i), "properties": p, "geometry": json.loads(g)}
            for i, p, g in zip(table.index, props.to_dict("records"), geometry, strict=True)
        ]
        return {"type": "FeatureCollection", "features": features}


def _unit_vectors(
    lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])
