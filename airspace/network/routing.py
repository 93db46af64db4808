"""Shortest paths on a ``RouteNetwork``: endpoints, restrictions and the resulting ``Path``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import Point

from airspace.geo import METRES_PER_NM, WGS84
from airspace.network.geometry import geodesic_path
from airspace.network.model import Fix, NoPathError, Path, UnknownNameError

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from airspace.network.network import Endpoint, RouteNetwork, SegmentRef

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

SEARCH_TIERS: Final = ((1.05, 25.0), (1.12, 50.0), (1.25, 100.0), (1.6, 300.0))
"""Successive bounds of the A* search as (factor, extra NM): limit = factor x great circle +
extra; after the last, the search is unbounded.  Each search explores only the nodes that can
lie on a path within its bound, so a tight first bound is cheap and most paths fit it."""
NO_SEGMENTS: Final = np.zeros(0, dtype=np.intp)


def unit_vector(lat: float, lon: float) -> FloatArray:
    """Unit normal of the ellipsoid at geodetic ``(lat, lon)`` (degrees)."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.array([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def entering(network: RouteNetwork, area: BaseGeometry) -> IntArray:
    """Segments whose interior meets the interior of ``area`` (touching its edge is not enough)."""
    hits = network.tree.query(area, predicate="intersects")
    geoms = network.column("geometry")[hits]
    inside: IntArray = hits[~shapely.touches(geoms, area)]
    return inside


def closed_segments(
    network: RouteNetwork, areas: tuple[BaseGeometry, ...], refs: tuple[SegmentRef, ...]
) -> IntArray:
    """Indices of the segments the restrictions close (sorted, unique)."""
    parts = [entering(network, area) for area in areas]
    indices = [int(ref) for ref in refs if isinstance(ref, (int, np.integer))]
    parts.append(np.array(indices, dtype=np.intp))
    names = network._route_rows
    for ref in refs:
        if isinstance(ref, str):
            parts.append(names.get(ref.upper(), NO_SEGMENTS))
        elif isinstance(ref, tuple):
            name, a, b = (s.upper() for s in ref)
            rows = names.get(name, NO_SEGMENTS)
            ends = (network.column("from_fix")[rows], network.column("to_fix")[rows])
            pair = ((ends[0] == a) & (ends[1] == b)) | ((ends[0] == b) & (ends[1] == a))
            parts.append(rows[pair])
    closed: IntArray = np.unique(np.concatenate(parts).astype(np.intp))
    return closed


def level_allowed(network: RouteNetwork, cruise_fl: int) -> BoolArray:
    """Flags of the segments whose level band contains the flight level."""
    feet = cruise_fl * 100.0
    seg = network.segments
    allowed: BoolArray = (seg["lower_ft"].to_numpy() <= feet) & (seg["upper_ft"].to_numpy() >= feet)
    return allowed


def blocked_segments(
    network: RouteNetwork,
    areas: tuple[BaseGeometry, ...],
    refs: tuple[SegmentRef, ...],
    cruise_fl: int | None,
) -> BoolArray | None:
    """Allowed-segment flags for the restrictions, or ``None`` when nothing is restricted."""
    if not areas and not refs and cruise_fl is None:
        return None
    allowed = np.ones(len(network.segments), dtype=bool)
    allowed[closed_segments(network, areas, refs)] = False
    if cruise_fl is not None:
        allowed &= level_allowed(network, cruise_fl)
    return allowed


def _resolve(network: RouteNetwork, end: Endpoint, other: Endpoint) -> Fix:
    """An endpoint as a ``Fix``: airports and points get ``node == -1``."""
    if isinstance(end, Fix):
        return end
    if isinstance(end, tuple):
        return Fix(f"{end[0]:.4f},{end[1]:.4f}", float(end[0]), float(end[1]))
    if network.has_airport(end):
        return network.airport(end)
    near = None
    if isinstance(other, Fix):
        near = (other.lat, other.lon)
    elif isinstance(other, tuple):
        near = (float(other[0]), float(other[1]))
    elif network.has_airport(other):
        airport = network.airport(other)
        near = (airport.lat, airport.lon)
    try:
        return network.fix(end, near=near)
    except UnknownNameError:
        raise UnknownNameError(
            f"{end!r} is neither an airport (ICAO code) nor a fix of the route network"
        ) from None


def endpoint_notes(network: RouteNetwork, end: Endpoint) -> tuple[str, ...]:
    """Notes a path carries for this endpoint (an airport the airway data does not list)."""
    if isinstance(end, str) and network.has_airport(end):
        note = network.airport_note(end)
        return (note,) if note else ()
    return ()


def no_link_message(
    network: RouteNetwork, what: str, end: Fix, link_nm: float, blocked: bool
) -> str:
    """Why an endpoint has no link: fixes only across avoided areas, or none near at all."""
    where = f"{what} {end.name} ({end.lat:.4f}, {end.lon:.4f})"
    if blocked:
        return f"{where}: every fix within {link_nm:g} NM is reached only across an avoided area"
    nearest = network.nearest_fix(end.lat, end.lon)
    far = ""
    if nearest is not None:
        _, _, dist_m = WGS84.inv(end.lon, end.lat, nearest.lon, nearest.lat)
        far = f": the nearest, {nearest.name}, is {float(dist_m) / METRES_PER_NM:.0f} NM away"
    return (
        f"{where} has no airway fix within {link_nm:g} NM{far} (raise airport_link_nm, give the "
        "flow 'via' fixes, or load route data that covers it)"
    )


def _links(
    network: RouteNetwork, end: Fix, link_nm: float, areas: tuple[BaseGeometry, ...]
) -> tuple[IntArray, FloatArray]:
    """Graph nodes an endpoint starts from, with the cost (m) of reaching each."""
    if end.node >= 0:
        return np.array([end.node], dtype=np.intp), np.zeros(1)
    nodes, dist = network.nodes_near(end.lat, end.lon, link_nm)
    if areas and len(nodes):
        _, lats, lons = network._node_arrays
        coords = np.empty((len(nodes), 2, 2))
        coords[:, 0] = end.lon, end.lat
        coords[:, 1, 0], coords[:, 1, 1] = lons[nodes], lats[nodes]
        lines = shapely.linestrings(coords)
        ok = np.ones(len(nodes), dtype=bool)
        for area in areas:
            ok &= ~(shapely.intersects(lines, area) & ~shapely.touches(lines, area))
        nodes, dist = nodes[ok], dist[ok]
    return nodes, dist


def shortest_path(
    network: RouteNetwork,
    origin: Endpoint,
    destination: Endpoint,
    *,
    avoid_firs: tuple[str, ...],
    avoid_polygons: tuple[BaseGeometry, ...],
    avoid_segments: tuple[SegmentRef, ...],
    cruise_fl: int | None,
    airport_link_nm: float,
) -> Path:
    """See ``RouteNetwork.shortest_path``."""
    start = _resolve(network, origin, destination)
    end = _resolve(network, destination, origin)
    areas = tuple(network.firs.polygon(f) for f in avoid_firs) + avoid_polygons
    closed = closed_segments(network, areas, avoid_segments)
    sources, source_m = _links(network, start, airport_link_nm, areas)
    targets, target_m = _links(network, end, airport_link_nm, areas)
    for what, fix, found in (("origin", start, sources), ("destination", end, targets)):
        if len(found) == 0:
            blocked = bool(areas) and len(_links(network, fix, airport_link_nm, ())[0]) > 0
            raise NoPathError(no_link_message(network, what, fix, airport_link_nm, blocked))
    _, _, gc_m = WGS84.inv(start.lon, start.lat, end.lon, end.lat)
    gc_m = float(gc_m)
    limits = [factor * gc_m + extra_nm * METRES_PER_NM for factor, extra_nm in SEARCH_TIERS]
    found_path = network.graph.shortest(
        sources,
        source_m,
        targets,
        target_m,
        level_ft=None if cruise_fl is None else cruise_fl * 100.0,
        closed=closed,
        goal_xyz=unit_vector(end.lat, end.lon),
        limits_m=(*limits, np.inf),
    )
    if found_path is None:
        raise NoPathError(f"no airway path from {start.name} to {end.name} with these restrictions")
    fixes = [network.fix_at(n) for n in found_path.nodes]
    airways = [str(r) for r in network.column("route")[list(found_path.segments)]]
    segments = list(found_path.segments)
    if start.node < 0:
        fixes.insert(0, start)
        airways.insert(0, "DCT")
        segments.insert(0, -1)
    if end.node < 0:
        fixes.append(end)
        airways.append("DCT")
        segments.append(-1)
    lats = np.array([f.lat for f in fixes])
    lons = np.array([f.lon for f in fixes])
    if len(fixes) == 1:  # origin and destination are the same fix
        geometry: BaseGeometry = Point(lons[0], lats[0])
        length_m = 0.0
    else:
        geometry, length_m = geodesic_path(lats, lons)
    return Path(
        origin=start.name,
        destination=end.name,
        fixes=tuple(fixes),
        airways=tuple(airways),
        segments=tuple(segments),
        length_nm=length_m / METRES_PER_NM,
        great_circle_nm=gc_m / METRES_PER_NM,
        geometry=geometry,
        notes=tuple(
            dict.fromkeys(endpoint_notes(network, origin) + endpoint_notes(network, destination))
        ),
    )
