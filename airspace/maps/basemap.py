"""Basemaps: standard tile providers online, a vector coastline offline.

The offline coastline is ``coastlines.dat`` of ``bluesky-navdata`` (package
``bluesky.resources.navdata``): text lines ``M lat lon`` (start a polyline) and ``D lat lon``
(draw to), latitude first, in degrees with two decimals (about 1 km).  It is read once per
process, moved into the map's frame, clipped to the region drawn and simplified: detailed
(native 0.01 deg) round the scenario, coarser further out.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Final

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from airspace.maps.geometry import Bounds, clip_lines, geometries_to_frame

COASTLINE_PACKAGE: Final = "bluesky.resources.navdata"
COASTLINE_FILE: Final = "coastlines.dat"
COASTLINE_ATTRIBUTION: Final = "Coastline: bluesky-navdata (GPL)"

#: (name, tiles, attribution) of the online base layers; the first is shown at start.
TILE_PROVIDERS: Final = (
    ("OpenStreetMap", "OpenStreetMap", None),
    ("OpenTopoMap", "OpenTopoMap", None),
)


@cache
def coastline_lines() -> tuple[BaseGeometry, ...]:
    """The world coastline as lon/lat LineStrings in [-180, 180]."""
    text = (files(COASTLINE_PACKAGE) / COASTLINE_FILE).read_text(encoding="ascii")
    lines: list[BaseGeometry] = []
    current: list[tuple[float, float]] = []
    for raw in text.splitlines():
        parts = raw.split()
        if len(parts) != 3 or parts[0] not in ("M", "D"):
            continue
        if parts[0] == "M":
            if len(current) > 1:
                lines.append(shapely.linestrings(np.array(current)))
            current = []
        current.append((float(parts[2]), float(parts[1])))
    if len(current) > 1:
        lines.append(shapely.linestrings(np.array(current)))
    return tuple(lines)


def coastline(centre: float, detail: Bounds, region: Bounds) -> list[BaseGeometry]:
    """Coastline in the frame round ``centre``: native detail inside ``detail``, coarse out to
    ``region`` (both boxes in the frame)."""
    lines = coastline_lines()
    tree = _tree()
    # candidate lines: those near the region in any 360-degree copy of the frame
    hits: set[int] = set()
    for shift in (-360.0, 0.0, 360.0):
        query = shapely.box(region.west + shift, region.south, region.east + shift, region.north)
        hits.update(int(i) for i in tree.query(query))
    framed = geometries_to_frame([lines[i] for i in sorted(hits)], centre)
    # tolerances (deg) grow with the area drawn: ~1000-2000 vertices across any view
    fine_tol = max(0.01, _span_deg(detail) / 2000.0)
    coarse_tol = max(0.02, _span_deg(region) / 1000.0)
    fine = clip_lines(framed, detail, fine_tol)
    outside = shapely.difference(clip_lines(framed, region, coarse_tol), detail.polygon())
    both = np.concatenate([fine, outside])
    return [g for g in both[~shapely.is_empty(both)]]


def _span_deg(bounds: Bounds) -> float:
    return max(bounds.east - bounds.west, bounds.north - bounds.south)


@cache
def _tree() -> shapely.STRtree:
    return shapely.STRtree(np.array(coastline_lines(), dtype=object))
