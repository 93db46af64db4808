"""The one closure value: ``HazardVolume`` = an area (or an airway) x levels x window, with why.

Computed hazards (impact areas, launch corridors, drop zones) and declared closures (polygons,
circles, pasted NOTAMs, airways) are all ``HazardVolume``s; an airway closure has a ``route``
instead of an ``area`` and closes segments by name.  ``merge_salvo`` unions computed hazards of
one kind with identical limits whose areas overlap (a salvo), and nothing else: declared
closures keep their exact area and window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Literal

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from airspace.errors import InputError
from airspace.geo import POLE_CLEARANCE_M, local_aeqd
from airspace.notam import Notam
from airspace.units import CEILING, Level, Limits

VolumeKind = Literal[
    "impact",
    "ascent",
    "descent",
    "stage-drop",
    "landing-zone",
    "debris-response",
    "declared",
    "precaution",
    "recommended",
]
"""``precaution``: a threat corridor (a posture's precautionary hazard, never closed as such);
``recommended``: an airway stretch the posture recommends closing."""


class HazardError(InputError):
    """A hazard the engine cannot represent (an area round a pole, a degenerate area)."""


def checked_area(area: Any, what: str) -> Any:
    """``area`` (lon/lat) if valid, else ``HazardError`` naming why (a hazard the engine built
    that is not a valid polygon is refused, never published)."""
    if area.is_empty or not area.is_valid:
        raise HazardError(f"the {what} is not a valid area ({shapely.is_valid_reason(area)})")
    return area


def clear_of_poles(local: Any, lat0: float, lon0: float, what: str) -> None:
    """Refuse a hazard (in the local AEQD plane of ``(lat0, lon0)``) that comes within
    ``POLE_CLEARANCE_M`` of a pole: lon/lat polygons and NOTAM vertex lists cannot enclose one."""
    forward, _ = local_aeqd(lat0, lon0)
    for pole, name in ((90.0, "North"), (-90.0, "South")):
        x, y = forward.transform(lon0, pole)
        gap_m = float(local.distance(shapely.Point(x, y)))
        if gap_m < POLE_CLEARANCE_M:
            raise HazardError(
                f"the {what} comes within {gap_m / 1000:.0f} km of the {name} Pole: hazards "
                f"closer than {POLE_CLEARANCE_M / 1000:.0f} km to a pole are not supported "
                "(lon/lat polygons and NOTAM vertex lists cannot enclose a pole)"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteRef:
    """An airway, whole (``B467``) or between two of its fixes (``B467 KAE-TENAS``), in every
    FIR it crosses or only in ``fir``."""

    route: str
    from_fix: str | None = None
    to_fix: str | None = None
    fir: str | None = None

    @property
    def label(self) -> str:
        return f"{self.route} {self.from_fix}-{self.to_fix}" if self.from_fix else self.route


@dataclass(frozen=True, slots=True, kw_only=True)
class HazardVolume:
    """Airspace closed to traffic: ``area`` (lon/lat Polygon or MultiPolygon) or ``route``,
    within ``limits`` (levels, UTC window and active periods); ``reason`` says why, ``sources``
    lists the launch or closure ids it comes from.  ``notam`` is the published NOTAM a declared
    volume was read from (pasted or loaded): its zone passes it through as it is."""

    id: str
    kind: VolumeKind
    limits: Limits
    reason: str
    sources: tuple[str, ...] = ()
    area: Any = None
    route: RouteRef | None = None
    notam: Notam | None = None

    def __post_init__(self) -> None:
        if (self.area is None) == (self.route is None):
            raise ValueError(f"hazard {self.id}: give an area or a route (exactly one)")
        if self.area is not None and (self.area.is_empty or not self.area.is_valid):
            raise ValueError(f"hazard {self.id}: area must be a valid, non-empty polygon")

    @property
    def label(self) -> str:
        """What is closed, in a few words: the airway, or the hazard id."""
        return self.route.label if self.route is not None else self.id

    def overlaps(self, other: HazardVolume) -> bool:
        """True when both are areas sharing area, levels and time."""
        return (
            self.area is not None
            and other.area is not None
            and self.limits.overlaps(other.limits)
            and bool(self.area.intersects(other.area))
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class HazardSettings:
    """How hazards are sized: containment probability, buffer, lead and margin, ceiling."""

    containment: float = 0.999
    buffer_m: float = 10_000.0
    lead: timedelta = timedelta(minutes=15)
    margin: timedelta = timedelta(minutes=15)
    ceiling: Level = CEILING
    corridor_half_width_m: float = 10_000.0
    max_vertices: int = 12


def merge_salvo(volumes: Sequence[HazardVolume]) -> list[HazardVolume]:
    """Union computed hazards of one kind with identical limits whose areas overlap.

    Volumes are grouped by kind and limits first (a salvo's launches a minute apart never
    merge); within a group, the overlapping ones are the parts of the group's union (cascaded,
    n log n) and each volume joins the part that holds a point of its area, found with one
    STRtree query.  Declared closures, route closures and hazards with different levels or
    windows are kept as they are.  A merged volume keeps the first member's id and kind, joins
    the ids with ``+`` and keeps every source; its area is the exact union of the members'.
    """
    candidates: dict[tuple[str, Limits], list[int]] = {}
    for i, v in enumerate(volumes):
        if v.area is not None and v.kind != "declared":
            candidates.setdefault((v.kind, v.limits), []).append(i)
    merged: dict[int, HazardVolume] = {}
    dropped: set[int] = set()
    for members in candidates.values():
        if len(members) < 2:
            continue
        for group in _overlapping([volumes[i].area for i in members]):
            if len(group) < 2:
                continue
            together = [members[g] for g in group]
            first = volumes[together[0]]
            reasons = list(dict.fromkeys(volumes[i].reason for i in together))
            merged[together[0]] = replace(
                first,
                id="+".join(volumes[i].id for i in together),
                area=shapely.union_all([volumes[i].area for i in together]),
                reason="; ".join(reasons),
                sources=tuple(dict.fromkeys(s for i in together for s in volumes[i].sources)),
            )
            dropped.update(together[1:])
    return [merged.get(i, v) for i, v in enumerate(volumes) if i not in dropped]


def _overlapping(areas: Sequence[BaseGeometry | None]) -> list[list[int]]:
    """Indices of ``areas`` grouped by the connected parts of their union they lie in (areas
    that overlap, directly or through others, share a group), each group in input order.

    An area split at the antimeridian has a piece in two parts of the union: it joins them."""
    geoms = np.array(areas, dtype=object)
    parts = shapely.get_parts(shapely.union_all(geoms))
    pieces, owner = shapely.get_parts(geoms, return_index=True)
    point, part = shapely.STRtree(parts).query(shapely.point_on_surface(pieces), "intersects")
    root = list(range(len(parts)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    part_of_area: dict[int, int] = {}
    for area, which in zip(owner[point].tolist(), part.tolist(), strict=True):
        seen = part_of_area.setdefault(area, which)
        root[find(which)] = find(seen)
    if len(part_of_area) != len(areas):
        raise AssertionError("an area lies in no part of the union")
    groups: dict[int, list[int]] = {}
    for area in range(len(areas)):
        groups.setdefault(find(part_of_area[area]), []).append(area)
    return list(groups.values())


__all__ = ["HazardSettings", "HazardVolume", "RouteRef", "VolumeKind", "merge_salvo"]
