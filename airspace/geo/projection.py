"""Local azimuthal-equidistant planes: buffers, hulls and areas in metres round a feature.

``to_local`` / ``to_lonlat`` move shapely geometries between lon/lat degrees and the AEQD plane
centred on ``(lat0, lon0)`` (metres, WGS84).  Transformers are built once per centre and reused.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer

from airspace.geo.antimeridian import wrap_lonlat
from airspace.geo.geodesy import FloatArray


@lru_cache(maxsize=512)
def local_aeqd(lat: float, lon: float) -> tuple[Transformer, Transformer]:
    """Transformers (lon/lat -> local metres, and back) for an azimuthal equidistant projection
    centred on ``(lat, lon)`` in degrees, on the WGS84 ellipsoid.

    Built from the PROJ pipeline itself (about 40 microseconds) rather than by looking the
    coordinate systems up in PROJ's database (about 8 ms): the same operation, the same numbers,
    and a salvo of a thousand launches builds a thousand of them.
    """
    aeqd = f"+proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +x_0=0 +y_0=0 +ellps=WGS84"
    forward = Transformer.from_pipeline(
        f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {aeqd}"
    )
    back = Transformer.from_pipeline(
        f"+proj=pipeline +step +inv {aeqd} +step +proj=unitconvert +xy_in=rad +xy_out=deg"
    )
    return forward, back


def to_lonlat(geometry: shapely.Geometry, lat0: float, lon0: float, wrap: bool = True) -> Any:
    """A geometry in the local AEQD plane of ``(lat0, lon0)`` back to lon/lat degrees.

    Longitudes are kept continuous around ``lon0``; an area that crosses the antimeridian comes
    back split there (RFC 7946) as a MultiPolygon, unless ``wrap`` is false.
    """
    _, back = local_aeqd(lat0, lon0)

    def project(xy: FloatArray) -> FloatArray:
        lon, lat = back.transform(xy[:, 0], xy[:, 1])
        lon = lon0 + (np.asarray(lon) - lon0 + 180.0) % 360.0 - 180.0
        return np.column_stack([lon, lat])

    continuous = shapely.transform(geometry, project)
    return wrap_lonlat(continuous) if wrap else continuous


def to_local(geometry: shapely.Geometry, lat0: float, lon0: float) -> shapely.Geometry:
    """A lon/lat geometry into the local AEQD plane of ``(lat0, lon0)`` (metres)."""
    forward, _ = local_aeqd(lat0, lon0)
    return shapely.transform(geometry, lambda xy: np.column_stack(forward.transform(*xy.T)))
