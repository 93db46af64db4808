"""Small immutable value types of the route network: fixes, airports, routes, paths, load reports.

Conventions: ``lat, lon`` in degrees (WGS84) in every attribute; shapely geometries are lon/lat.
Distances carry their unit in the name (``length_nm``); vertical limits are feet (``lower_ft``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from shapely.geometry.base import BaseGeometry

from airspace.errors import InputError

Level = Literal["low", "high"]
"""Airway level band as published in X-Plane ``awy.dat`` (1 = low, 2 = high)."""


class NetworkError(InputError):
    """A request the route network cannot answer (unknown name, ambiguous name, no path)."""


class UnknownNameError(NetworkError):
    """No fix, airport or airway of that name is in the network."""


class AmbiguousNameError(NetworkError):
    """A name matches several places far apart and no ``near`` point was given to choose."""


class NoPathError(NetworkError):
    """No path joins origin and destination under the given restrictions."""


class NavdataError(NetworkError):
    """Route data that cannot be read at all: ``FILE:LINE: what is wrong (what was expected)``.

    Single malformed lines do not raise: they are skipped and listed in the ``LoadReport``.
    """

    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        super().__init__(f"{file}:{line}: {message}" if line is not None else f"{file}: {message}")


@dataclass(frozen=True, slots=True)
class Fix:
    """A named point of the network.  ``node`` is its index in the routing graph (-1: none);
    ``region`` is its ICAO region code when the route data gives one (X-Plane 11/12, ARINC 424).
    """

    name: str
    lat: float
    lon: float
    node: int = -1
    region: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.lat:.5f}, {self.lon:.5f})"


@dataclass(frozen=True, slots=True)
class Airport:
    """An aerodrome by ICAO code, joined to the network through nearby fixes."""

    icao: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Route:
    """One connected, ordered stretch of an airway.

    ``fixes`` are in order along the airway; ``legs[i]`` holds the indices (in
    ``RouteNetwork.segments``) of the segments between ``fixes[i]`` and ``fixes[i + 1]`` (one per
    level band present).  A stretch is listed from its western end, or in its direction of flight
    when every leg of it is one-way the same way (see ``RouteNetwork.route``).
    """

    name: str
    fixes: tuple[Fix, ...]
    legs: tuple[tuple[int, ...], ...]
    length_nm: float

    @property
    def fix_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fixes)

    @property
    def segment_indices(self) -> tuple[int, ...]:
        return tuple(i for leg in self.legs for i in leg)

    def reversed(self) -> Route:
        return Route(self.name, self.fixes[::-1], self.legs[::-1], self.length_nm)


@dataclass(frozen=True, slots=True)
class Path:
    """A shortest path through the network.

    ``fixes`` run from origin to destination (airports appear as fixes with ``node == -1``);
    ``airways[i]`` names the airway flown from ``fixes[i]`` to ``fixes[i + 1]`` (``"DCT"`` for an
    airport link) and ``segments[i]`` its index in ``RouteNetwork.segments`` (-1 for a link).
    ``length_nm`` is the sum of geodesic leg lengths on WGS84.  ``geometry`` is the densified
    geodesic in lon/lat, split at the antimeridian into a MultiLineString when it crosses it (a
    Point when origin and destination are the same fix).  ``notes`` say what the planner should
    know about how the endpoints were joined (an airport missing from the airway data's airport
    list, a position from another source).
    """

    origin: str
    destination: str
    fixes: tuple[Fix, ...]
    airways: tuple[str, ...]
    segments: tuple[int, ...]
    length_nm: float
    great_circle_nm: float
    geometry: BaseGeometry = field(compare=False)
    notes: tuple[str, ...] = ()

    @property
    def fix_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fixes)

    @property
    def detour_ratio(self) -> float:
        """Path length over the origin-destination geodesic (1.0 = direct)."""
        return self.length_nm / self.great_circle_nm if self.great_circle_nm > 0 else 1.0

    def to_feature(self) -> dict[str, Any]:
        """The path as an RFC 7946 GeoJSON Feature (split at 180 deg when it crosses it)."""
        return {
            "type": "Feature",
            "properties": {
                "origin": self.origin,
                "destination": self.destination,
                "route": self.summary(),
                "length_nm": self.length_nm,
                "great_circle_nm": self.great_circle_nm,
                "notes": list(self.notes),
            },
            "geometry": self.geometry.__geo_interface__,
        }

    def summary(self) -> str:
        """ICAO-style route text: ``RKSI DCT SEL Y711 ... RJAA``."""
        parts = [self.fixes[0].name]
        for i, airway in enumerate(self.airways):
            if i + 1 < len(self.airways) and self.airways[i + 1] == airway:
                continue
            parts += [airway, self.fixes[i + 1].name]
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Skipped:
    """One item a loader did not use: ``where`` is a line number or feature index."""

    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a loader read from one source and what it skipped, and why.

    ``items_read`` counts input records (lines, features); ``segments`` counts the segments they
    produced (one per airway name and level band); ``skipped_count`` may exceed
    ``len(skipped)``: only the first few skipped items are kept as examples.
    """

    source: str
    kind: Literal["awy.dat", "geojson", "firs", "cache", "xplane", "arinc424"]
    items_read: int
    segments: int
    skipped_count: int = 0
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = (
            f"{self.source} ({self.kind}): read {self.items_read} items -> {self.segments} "
            f"segments, skipped {self.skipped_count}"
        )
        examples = "".join(f"\n  skipped {s.where}: {s.reason}" for s in self.skipped)
        notes = "".join(f"\n  note: {n}" for n in self.notes)
        return text + examples + notes
