"""Geodesy and geometry on the WGS84 ellipsoid: the bottom layer every stage builds on.

* ``geodesy``: forward/inverse geodesics, distances, compass points, DMS and ICAO text;
* ``projection``: local azimuthal-equidistant planes (``to_local`` / ``to_lonlat``);
* ``antimeridian``: continuous longitudes across 180 deg and the RFC 7946 split;
* ``circles``: geodesic circles as polygons;
* ``index``: STRtrees built before they are shared between threads.
"""

from airspace.geo.antimeridian import ring_polygon, unwrap_geometry, unwrapped_lons, wrap_lonlat
from airspace.geo.circles import CIRCLE_VERTICES, POLE_CLEARANCE_M, geodesic_circle, pole_gap
from airspace.geo.geodesy import (
    COMPASS_16,
    FEET_PER_METRE,
    METRES_PER_KM,
    METRES_PER_MI,
    METRES_PER_NM,
    WGS84,
    FloatArray,
    compass_point,
    distance_m,
    format_dms,
    format_icao,
    forward,
    haversine_km,
    inverse,
    is_valid_latlon,
    normalize_lon,
)
from airspace.geo.index import ENGINE_LOCK, built_tree
from airspace.geo.projection import local_aeqd, to_local, to_lonlat

__all__ = [
    "CIRCLE_VERTICES",
    "COMPASS_16",
    "ENGINE_LOCK",
    "FEET_PER_METRE",
    "METRES_PER_KM",
    "METRES_PER_MI",
    "METRES_PER_NM",
    "POLE_CLEARANCE_M",
    "WGS84",
    "FloatArray",
    "built_tree",
    "compass_point",
    "distance_m",
    "format_dms",
    "format_icao",
    "forward",
    "geodesic_circle",
    "haversine_km",
    "inverse",
    "is_valid_latlon",
    "local_aeqd",
    "normalize_lon",
    "pole_gap",
    "ring_polygon",
    "to_local",
    "to_lonlat",
    "unwrap_geometry",
    "unwrapped_lons",
    "wrap_lonlat",
]
