"""A flow's baseline: the shortest airway path at its cruise level through its ``via`` fixes."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Final

import shapely
from shapely.geometry import LineString, MultiLineString

from airspace.geo import METRES_PER_NM, inverse
from airspace.network import Path, RouteNetwork
from airspace.places import Place
from airspace.scenario import Flow

VIA_LINK_NM: Final = 150.0
"""How far a ``via`` fix may be from the network it joins by a direct leg (NM)."""
AIRPORT_LINK_NM: Final = 60.0


def endpoint(place: Place) -> str | tuple[float, float]:
    """An ICAO airport code when the place is one, else its ``(lat, lon)``."""
    name = place.name or ""
    return name if len(name) == 4 and name.isalpha() and name.isupper() else (place.lat, place.lon)


def join_paths(paths: Sequence[Path]) -> Path:
    """Consecutive paths (each starting where the last ended) as one path."""
    if len(paths) == 1:
        return paths[0]
    fixes = list(paths[0].fixes)
    airways, segments = list(paths[0].airways), list(paths[0].segments)
    lines: list[Any] = list(shapely.get_parts(paths[0].geometry))
    for path in paths[1:]:
        fixes += list(path.fixes[1:])
        airways += list(path.airways)
        segments += list(path.segments)
        lines += list(shapely.get_parts(path.geometry))
    first, last = paths[0].fixes[0], paths[-1].fixes[-1]
    great_circle_nm = inverse(first.lat, first.lon, last.lat, last.lon)[0] / METRES_PER_NM
    return Path(
        origin=paths[0].origin,
        destination=paths[-1].destination,
        fixes=tuple(fixes),
        airways=tuple(airways),
        segments=tuple(segments),
        length_nm=sum(p.length_nm for p in paths),
        great_circle_nm=great_circle_nm,
        geometry=MultiLineString([line for line in lines if isinstance(line, LineString)]),
        notes=tuple(dict.fromkeys(note for p in paths for note in p.notes)),
    )


def baseline_path(network: RouteNetwork, flow: Flow, avoid_firs: Sequence[str]) -> Path:
    """The flow's shortest path through its ``via`` fixes at its cruise level."""
    fl = flow.cruise.flight_level
    stops: list[Any] = [endpoint(flow.origin)]
    for name in flow.via:
        fix = network.fix(name, near=(flow.origin.lat, flow.origin.lon))
        stops.append((fix.name, (fix.lat, fix.lon)))
    stops.append(endpoint(flow.destination))
    legs: list[Path] = []
    for start, end in itertools.pairwise(stops):
        from_via = isinstance(start, tuple) and isinstance(start[0], str)
        origin = start[1] if from_via else start  # a via fix joins onward by direct legs
        target = end[0] if isinstance(end, tuple) and isinstance(end[0], str) else end
        leg = network.shortest_path(
            origin,
            target,
            avoid_firs=avoid_firs,
            cruise_fl=fl,
            airport_link_nm=VIA_LINK_NM if from_via else AIRPORT_LINK_NM,
        )
        if from_via:  # name the joining point after its fix
            named = replace(leg.fixes[0], name=start[0])
            leg = replace(leg, fixes=(named, *leg.fixes[1:]), origin=start[0])
        legs.append(leg)
    return join_paths(legs)
