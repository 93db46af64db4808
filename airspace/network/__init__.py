"""Global ATS route network: airways, fixes, FIRs, spatial index and routing graph.

``RouteNetwork.default()`` loads the worldwide airways of ``bluesky-navdata`` (X-Plane 640
``awy.dat``, cycle 2013.10, GPL data) with the bundled supplement (L512) and the world's FIRs
(approximate outlines from the VATSpy Data Project, CC BY-SA 4.0; Incheon official);
``RouteNetwork.load(path)`` reads the user's own current data (X-Plane 11/12 folder, ARINC 424
file, 640 ``awy.dat``, GeoJSON).  Conventions: ``lat, lon`` in the API, lon/lat in geometries;
lengths in NM.
"""

from airspace.network.firs import FirSet
from airspace.network.model import (
    AmbiguousNameError,
    Fix,
    LoadReport,
    NavdataError,
    NetworkError,
    NoPathError,
    Path,
    Route,
    Skipped,
    UnknownNameError,
)
from airspace.network.network import RouteNetwork

__all__ = [
    "AmbiguousNameError",
    "FirSet",
    "Fix",
    "LoadReport",
    "NavdataError",
    "NetworkError",
    "NoPathError",
    "Path",
    "Route",
    "RouteNetwork",
    "Skipped",
    "UnknownNameError",
]
