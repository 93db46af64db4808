"""Impact on the route network: the 4-D intersection of hazards with the airways, and the
affected-routes table (closed airway stretches with their levels and windows).

Lateral: one bulk STRtree query of every hazard area against every segment, then exact shapely
intersections for the candidate pairs only.  Vertical: a segment's level band against the hazard
limits.  Time: the hazard window against an optional query window.  Inside lengths are WGS84
geodesic lengths of the intersection pieces, computed for all hits at once.  Airway closures
close their airway's segments by name (whole airway or one stretch between two fixes).  A
hazard scheduled in active periods (a NOTAM's item D) meets a query window only when one of its
periods does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from airspace.errors import InputError
from airspace.geo import METRES_PER_NM, WGS84
from airspace.hazard import HazardVolume
from airspace.network import Route, RouteNetwork
from airspace.tables import columns, frame, limits_cells
from airspace.units import Limits

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]


class RouteClosureError(InputError):
    """An airway closure that does not fit the network (a fix that is not on the airway)."""


def geodesic_lengths_nm(geometries: npt.NDArray[np.object_]) -> npt.NDArray[np.float64]:
    """WGS84 length (NM) of each (multi)line, vectorised over all vertices of all lines."""
    multi = np.flatnonzero(shapely.get_type_id(geometries) != shapely.GeometryType.LINESTRING)
    if len(multi) == 0:
        parts, owner = geometries, np.arange(len(geometries))  # one part each: no copies
    else:  # single lines stay as they are, in order; the parts of the others follow
        single = np.flatnonzero(shapely.get_type_id(geometries) == shapely.GeometryType.LINESTRING)
        pieces, which = shapely.get_parts(geometries[multi], return_index=True)
        parts = np.concatenate([geometries[single], pieces])
        owner = np.concatenate([single, multi[which]])
    coords, part = shapely.get_coordinates(parts, return_index=True)
    same = part[1:] == part[:-1]
    _, _, dist = WGS84.inv(
        coords[:-1, 0][same], coords[:-1, 1][same], coords[1:, 0][same], coords[1:, 1][same]
    )
    per_part = np.bincount(part[1:][same], weights=np.asarray(dist), minlength=len(parts))
    per_geom = np.bincount(owner, weights=per_part, minlength=len(geometries))
    return np.asarray(per_geom / METRES_PER_NM, dtype=np.float64)


def line_ends(geometries: npt.NDArray[np.object_]) -> tuple[npt.NDArray[np.float64], ...]:
    """First and last vertex (lon, lat) of each non-empty geometry."""
    coords, owner = shapely.get_coordinates(geometries, return_index=True)
    first = np.searchsorted(owner, np.arange(len(geometries)), side="left")
    last = np.searchsorted(owner, np.arange(len(geometries)), side="right") - 1
    return coords[first, 1], coords[first, 0], coords[last, 1], coords[last, 0]


def volume_hits(
    network: RouteNetwork,
    volumes: Sequence[HazardVolume],
    window: tuple[datetime, datetime] | None = None,
) -> pd.DataFrame:
    """Segments closed by area volumes: one row per (volume, segment) that meet in 4-D."""
    volumes = [v for v in volumes if v.area is not None]
    if not volumes:
        return _frame([])
    seg = network.segments
    areas = np.array([v.area for v in volumes], dtype=object)
    # envelope candidates first; the exact predicate runs only on pairs that meet in 4-D
    vol_idx, seg_idx = network.tree.query(areas)
    lower_ft = np.array([v.limits.lower_ft for v in volumes])
    upper_ft = np.array([v.limits.upper_ft for v in volumes])
    v_lo, v_hi = lower_ft[vol_idx], upper_ft[vol_idx]
    s_lo = seg["lower_ft"].to_numpy()[seg_idx]
    s_hi = seg["upper_ft"].to_numpy()[seg_idx]
    keep = (s_lo < v_hi) & (v_lo < s_hi)
    if window is not None:  # active periods, each volume once (a bisection of its periods)
        active = np.array([v.limits.overlaps_time(*window) for v in volumes], dtype=bool)
        keep &= active[vol_idx]
    vol_idx, seg_idx = vol_idx[keep], seg_idx[keep]
    v_lo, v_hi, s_lo, s_hi = v_lo[keep], v_hi[keep], s_lo[keep], s_hi[keep]
    shapely.prepare(areas)
    lines_of = seg.geometry.to_numpy()[seg_idx]
    pair_areas = areas[vol_idx]
    # a segment in the interior of the area is its own intersection: no overlay needed
    inside = lines_of.copy()
    within = shapely.contains_properly(pair_areas, lines_of)
    crossing = np.flatnonzero(~within)
    crossing = crossing[shapely.intersects(pair_areas[crossing], lines_of[crossing])]
    pieces = shapely.intersection(lines_of[crossing], pair_areas[crossing])
    multi = shapely.get_type_id(pieces) != shapely.GeometryType.LINESTRING
    pieces[multi] = shapely.line_merge(pieces[multi])
    inside[crossing] = pieces
    met = within.copy()
    met[crossing] = True
    lines = met & ~shapely.is_empty(inside) & (shapely.length(inside) > 0)
    vol_idx, seg_idx, inside = vol_idx[lines], seg_idx[lines], inside[lines]
    v_lo, v_hi, s_lo, s_hi = v_lo[lines], v_hi[lines], s_lo[lines], s_hi[lines]
    if len(seg_idx) == 0:
        return _frame([])
    entry_lat, entry_lon, exit_lat, exit_lon = line_ends(inside)
    table = seg.iloc[seg_idx]
    per_volume = np.array(
        [(v.id, v.kind, v.limits.start, v.limits.end) for v in volumes], dtype=object
    )[vol_idx]
    return pd.DataFrame(
        {
            "closure": per_volume[:, 0],
            "kind": per_volume[:, 1],
            "segment": seg_idx,
            "route": table["route"].to_numpy(),
            "from_fix": table["from_fix"].to_numpy(),
            "to_fix": table["to_fix"].to_numpy(),
            "level": table["level"].to_numpy(),
            "lower_ft": np.maximum(s_lo, v_lo),
            "upper_ft": np.minimum(s_hi, v_hi),
            "start": per_volume[:, 2].tolist(),
            "end": per_volume[:, 3].tolist(),
            "entry_lat": entry_lat,
            "entry_lon": entry_lon,
            "exit_lat": exit_lat,
            "exit_lon": exit_lon,
            "inside_nm": geodesic_lengths_nm(inside),
            "geometry": inside,
        }
    )


def route_segments(
    network: RouteNetwork, volume: HazardVolume, near: tuple[float, float] | None
) -> IntArray:
    """Segment indices an airway closure closes (whole airway or a stretch between fixes; only
    the segments that run inside its FIR when it names one)."""
    ref = volume.route
    assert ref is not None
    if ref.from_fix is None:
        stretches = network.routes(ref.route)
        found = np.array(sorted({i for r in stretches for i in r.segment_indices}), dtype=np.intp)
    else:
        route = network.route(ref.route, near=near)
        names = list(route.fix_names)
        for fix in (ref.from_fix, ref.to_fix):
            if fix not in names:
                raise RouteClosureError(
                    f"{volume.id}: {fix} is not on {ref.route} (expected one of {'-'.join(names)})"
                )
        a, b = sorted((names.index(ref.from_fix), names.index(ref.to_fix or "")))
        found = np.array([i for leg in route.legs[a:b] for i in leg], dtype=np.intp)
    if ref.fir is None:
        return found
    inside = found[segments_inside(network, found, ref.fir)]
    if len(inside) == 0:
        crossed = ", ".join(route_firs(network, found)) or "no FIR of the data"
        raise RouteClosureError(
            f"{volume.id}: {ref.label} does not run through {ref.fir} (it runs through {crossed})"
        )
    return inside


def segments_inside(network: RouteNetwork, segments: IntArray, fir: str) -> npt.NDArray[np.bool_]:
    """Which of ``segments`` run inside ``fir`` (their line enters its interior; a segment that
    only ends on the boundary, at a fix both FIRs share, is outside)."""
    outline = network.firs.polygon(fir)
    geoms = network.column("geometry")[segments]
    return np.asarray(shapely.relate_pattern(outline, geoms, "T********"), dtype=bool)


def route_firs(network: RouteNetwork, segments: IntArray) -> tuple[str, ...]:
    """The FIRs whose interior ``segments`` enter, in the FIR table's order."""
    if len(segments) == 0:
        return ()
    lines = shapely.union_all(network.column("geometry")[segments])
    return network.firs.intersecting(lines)


def route_hits(
    network: RouteNetwork,
    volumes: Sequence[HazardVolume],
    near: tuple[float, float] | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> pd.DataFrame:
    """Segments closed by airway closures, at the levels where band and limits overlap."""
    rows: list[pd.DataFrame] = []
    seg = network.segments
    for volume in volumes:
        limits = volume.limits
        if volume.route is None or (window is not None and not limits.overlaps_time(*window)):
            continue
        idx = route_segments(network, volume, near)
        table = seg.iloc[idx]
        lower_ft, upper_ft = table["lower_ft"].to_numpy(), table["upper_ft"].to_numpy()
        band = (lower_ft < limits.upper_ft) & (limits.lower_ft < upper_ft)
        table, idx = table[band], idx[band]
        geoms = table.geometry.to_numpy()
        lengths = table["length_nm"].to_numpy()
        rows.append(closed_rows(volume.id, "route", idx, table, limits, geoms, lengths))
    return pd.concat(rows, ignore_index=True) if rows else _frame([])


def closed_rows(
    closure: str,
    kind: str,
    segments: IntArray,
    table: pd.DataFrame,
    limits: Limits,
    inside: npt.NDArray[np.object_],
    inside_nm: FloatArray,
) -> pd.DataFrame:
    """Rows of the ``affected_segments`` table for whole segments closed by name (an airway
    closure, a recommended stretch): ``table`` holds the segments' rows, ``inside`` the part
    of each that closes (lines) and ``inside_nm`` its length; levels are the overlap of each
    segment's band with the closure's."""
    entry_lat, entry_lon, exit_lat, exit_lon = line_ends(inside) if len(segments) else ([],) * 4
    return pd.DataFrame(
        {
            "closure": closure,
            "kind": kind,
            "segment": segments,
            "route": table["route"].to_numpy(),
            "from_fix": table["from_fix"].to_numpy(),
            "to_fix": table["to_fix"].to_numpy(),
            "level": table["level"].to_numpy(),
            "lower_ft": np.maximum(table["lower_ft"].to_numpy(), limits.lower_ft),
            "upper_ft": np.minimum(table["upper_ft"].to_numpy(), limits.upper_ft),
            "start": limits.start,
            "end": limits.end,
            "entry_lat": entry_lat,
            "entry_lon": entry_lon,
            "exit_lat": exit_lat,
            "exit_lon": exit_lon,
            "inside_nm": inside_nm,
            "geometry": inside,
        }
    )


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[*columns("affected_segments"), "geometry"])


def affected_segments(
    network: RouteNetwork,
    volumes: Sequence[HazardVolume],
    *,
    near: tuple[float, float] | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> gpd.GeoDataFrame:
    """Every closed segment stretch, as a GeoDataFrame (EPSG:4326), ordered by route."""
    parts = [volume_hits(network, volumes, window), route_hits(network, volumes, near, window)]
    found = [p for p in parts if len(p)]
    table = pd.concat(found, ignore_index=True) if found else _frame([])
    table = table.sort_values(["route", "closure", "segment"], kind="stable", ignore_index=True)
    return frame("affected_segments", table)


def affected_routes(
    network: RouteNetwork, volumes: Sequence[HazardVolume], segments: pd.DataFrame
) -> gpd.GeoDataFrame:
    """One row per airway and closure: the closed stretch between its first and last fix in
    airway order, the closure's levels, window and active periods, and the line an ANSP would
    publish (``B467 KAE-DE closed SFC-UNL 2022-11-02 0158Z - 2022-11-03 0205Z (B467-closure)``;
    a scheduled closure adds ``, active daily 1800-2100Z ...``)."""
    by_id = {v.id: v for v in volumes}
    stretches: dict[str, tuple[Route, ...]] = {}  # each airway ordered once, however many hits
    from_fix, to_fix = segments["from_fix"].to_numpy(), segments["to_fix"].to_numpy()
    seg, inside = segments["segment"].to_numpy(), segments["inside_nm"].to_numpy()
    geoms = segments.geometry.to_numpy()
    groups = segments.groupby(["route", "closure"], sort=True).indices
    rows = []
    for (route, closure), idx in sorted(groups.items()):
        fixes = set(from_fix[idx]) | set(to_fix[idx])
        if route not in stretches:
            stretches[route] = network.routes(route)
        order = _airway_order(stretches[route], fixes)
        volume = by_id[closure]
        limits = volume.limits
        stretch = f"{order[0]}-{order[-1]}" if len(order) > 1 else order[0]
        _, first = np.unique(seg[idx], return_index=True)  # a segment once per level band
        rows.append(
            {
                "route": route,
                "from_fix": order[0],
                "to_fix": order[-1],
                "closure": closure,
                "kind": volume.kind,
                **limits_cells(limits),
                "inside_nm": float(inside[idx][first].sum()),
                "text": f"{route} {stretch} closed {limits.levels_text} "
                f"{limits.schedule_text} ({closure})",
                "geometry": shapely.union_all(geoms[idx]),
            }
        )
    return frame("affected_routes", rows)


def _airway_order(stretches: Sequence[Route], fixes: set[str]) -> list[str]:
    """The hit fixes in airway order (the stretch nearest the hits when the name repeats)."""
    for stretch in stretches:
        names = [n for n in stretch.fix_names if n in fixes]
        if len(names) >= min(2, len(fixes)):
            return names
    return sorted(fixes)


__all__ = [
    "RouteClosureError",
    "affected_routes",
    "affected_segments",
    "closed_rows",
    "geodesic_lengths_nm",
    "line_ends",
    "route_firs",
    "route_hits",
    "route_segments",
    "segments_inside",
    "volume_hits",
]
