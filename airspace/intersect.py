"""4-D intersection of closures with the route network: lateral, vertical and in time.

Lateral: one bulk STRtree query of every volume area against every segment, then exact shapely
intersections for the candidate pairs only.  Vertical: a segment's level band against the volume
limits.  Time: the volume window against an optional query window.  Inside lengths are WGS84
geodesic lengths of the intersection pieces, computed for all hits at once.  Route closures close
their airway's segments by name (whole airway or one stretch between two fixes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from airspace.geo import METRES_PER_NM, WGS84
from airspace.hazard import HazardVolume
from airspace.network import RouteNetwork
from airspace.volumes import RouteClosure

COLUMNS = [
    "closure", "kind", "segment", "route", "from_fix", "to_fix", "level", "lower_ft",
    "upper_ft", "start", "end", "entry_lat", "entry_lon", "exit_lat", "exit_lon", "inside_nm",
    "geometry",
]  # fmt: skip
IntArray = npt.NDArray[np.intp]


def _upper(values: Sequence[float | None]) -> npt.NDArray[np.float64]:
    return np.array([np.inf if v is None else v for v in values], dtype=np.float64)


def _utc64(moment: datetime) -> np.datetime64:
    """An aware datetime as a naive UTC ``datetime64[us]`` (numpy has no time zones)."""
    return np.datetime64(moment.astimezone(UTC).replace(tzinfo=None), "us")


def geodesic_lengths_nm(geometries: npt.NDArray[np.object_]) -> npt.NDArray[np.float64]:
    """WGS84 length (NM) of each (multi)line, vectorised over all vertices of all lines."""
    if np.all(shapely.get_type_id(geometries) == shapely.GeometryType.LINESTRING):
        parts, owner = geometries, np.arange(len(geometries))  # one part each: no copies
    else:
        parts, owner = shapely.get_parts(geometries, return_index=True)
    coords, part = shapely.get_coordinates(parts, return_index=True)
    same = part[1:] == part[:-1]
    _, _, dist = WGS84.inv(coords[:-1, 0][same], coords[:-1, 1][same],
                           coords[1:, 0][same], coords[1:, 1][same])  # fmt: skip
    per_part = np.bincount(part[1:][same], weights=np.asarray(dist), minlength=len(parts))
    per_geom = np.bincount(owner, weights=per_part, minlength=len(geometries))
    return np.asarray(per_geom / METRES_PER_NM, dtype=np.float64)


def _ends(geometries: npt.NDArray[np.object_]) -> tuple[npt.NDArray[np.float64], ...]:
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
    if not volumes:
        return _frame([])
    seg = network.segments
    areas = np.array([v.area for v in volumes], dtype=object)
    # envelope candidates first; the exact predicate runs only on pairs that meet in 4-D
    vol_idx, seg_idx = network.tree.query(areas)
    v_lo = np.array([v.lower_ft for v in volumes])[vol_idx]
    v_hi = _upper([v.upper_ft for v in volumes])[vol_idx]
    s_lo = seg["lower_ft"].to_numpy()[seg_idx]
    s_hi = seg["upper_ft"].to_numpy()[seg_idx]
    keep = (s_lo < v_hi) & (v_lo < s_hi)
    if window is not None:
        starts = np.array([_utc64(v.start) for v in volumes])[vol_idx]
        ends = np.array([_utc64(v.end) for v in volumes])[vol_idx]
        w0, w1 = (_utc64(t) for t in window)
        keep &= (starts < w1) & (w0 < ends)
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
    entry_lat, entry_lon, exit_lat, exit_lon = _ends(inside)
    table = seg.iloc[seg_idx]
    return pd.DataFrame(
        {
            "closure": [volumes[i].id for i in vol_idx],
            "kind": [volumes[i].kind for i in vol_idx],
            "segment": seg_idx,
            "route": table["route"].to_numpy(),
            "from_fix": table["from_fix"].to_numpy(),
            "to_fix": table["to_fix"].to_numpy(),
            "level": table["level"].to_numpy(),
            "lower_ft": np.maximum(s_lo, v_lo),
            "upper_ft": np.minimum(s_hi, v_hi),
            "start": [volumes[i].start for i in vol_idx],
            "end": [volumes[i].end for i in vol_idx],
            "entry_lat": entry_lat,
            "entry_lon": entry_lon,
            "exit_lat": exit_lat,
            "exit_lon": exit_lon,
            "inside_nm": geodesic_lengths_nm(inside),
            "geometry": inside,
        }
    )


def route_segments(network: RouteNetwork, closure: RouteClosure,
                   near: tuple[float, float] | None) -> IntArray:  # fmt: skip
    """Segment indices closed by a route closure (whole airway or a stretch between fixes)."""
    stretches = network.routes(closure.route)
    if closure.from_fix is None:
        return np.array(sorted({i for r in stretches for i in r.segment_indices}), dtype=np.intp)
    route = network.route(closure.route, near=near)
    names = list(route.fix_names)
    for fix in (closure.from_fix, closure.to_fix):
        if fix not in names:
            raise ValueError(f"{closure.id}: {fix} is not on {closure.route} ({'-'.join(names)})")
    a, b = sorted((names.index(closure.from_fix), names.index(closure.to_fix or "")))
    return np.array([i for leg in route.legs[a:b] for i in leg], dtype=np.intp)


def route_hits(
    network: RouteNetwork,
    closures: Sequence[RouteClosure],
    near: tuple[float, float] | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> pd.DataFrame:
    """Segments closed by route closures, at the levels where band and limits overlap."""
    rows: list[pd.DataFrame] = []
    seg = network.segments
    for closure in closures:
        if window is not None and not (closure.start < window[1] and window[0] < closure.end):
            continue
        idx = route_segments(network, closure, near)
        c_lo, c_hi = closure.lower.feet or 0.0, _upper([closure.upper.feet])[0]
        table = seg.iloc[idx]
        band = (table["lower_ft"].to_numpy() < c_hi) & (c_lo < table["upper_ft"].to_numpy())
        table, idx = table[band], idx[band]
        geoms = table.geometry.to_numpy()
        entry_lat, entry_lon, exit_lat, exit_lon = _ends(geoms) if len(idx) else ([],) * 4
        rows.append(
            pd.DataFrame(
                {
                    "closure": closure.id, "kind": "route", "segment": idx,
                    "route": table["route"].to_numpy(), "from_fix": table["from_fix"].to_numpy(),
                    "to_fix": table["to_fix"].to_numpy(), "level": table["level"].to_numpy(),
                    "lower_ft": np.maximum(table["lower_ft"].to_numpy(), c_lo),
                    "upper_ft": np.minimum(table["upper_ft"].to_numpy(), c_hi),
                    "start": closure.start, "end": closure.end,
                    "entry_lat": entry_lat, "entry_lon": entry_lon,
                    "exit_lat": exit_lat, "exit_lon": exit_lon,
                    "inside_nm": table["length_nm"].to_numpy(), "geometry": geoms,
                }
            )
        )  # fmt: skip
    return pd.concat(rows, ignore_index=True) if rows else _frame([])


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def affected_segments(
    network: RouteNetwork,
    volumes: Sequence[HazardVolume],
    route_closures: Sequence[RouteClosure] = (),
    *,
    near: tuple[float, float] | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> gpd.GeoDataFrame:
    """Every closed segment stretch, as a GeoDataFrame (EPSG:4326), ordered by route."""
    parts = [volume_hits(network, volumes, window), route_hits(network, route_closures, near,
                                                                window)]  # fmt: skip
    frame = (
        pd.concat([p for p in parts if len(p)], ignore_index=True)
        if any(len(p) for p in parts)
        else _frame([])
    )
    frame = frame.sort_values(["route", "closure", "segment"], kind="stable", ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
