"""Hazard volumes: area x [lower, upper] x [start, end], with the reason each one exists.

A ``HazardVolume`` is small and immutable; a list of them becomes a GeoDataFrame with
``volumes_frame``.  Builders here take plain values (points, sigmas, times) so that they stay pure;
``airspace.advisory`` wires them to scenarios and trajectories.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import geopandas as gpd
import shapely
from shapely.geometry import Polygon

from airspace.dispersion import Dispersion
from airspace.units import SFC, UNL, Level, flight_level

VolumeKind = Literal[
    "impact", "ascent", "descent", "stage-drop", "landing-zone", "debris-response", "declared"
]
FL600 = flight_level(600)


@dataclass(frozen=True, slots=True)
class HazardVolume:
    """Airspace closed to traffic: ``area`` (lon/lat polygon) between two levels, in a window."""

    id: str
    kind: VolumeKind
    area: Any  # shapely Polygon or MultiPolygon, lon/lat
    lower: Level
    upper: Level
    start: datetime
    end: datetime
    reason: str
    sources: tuple[str, ...] = field(default_factory=tuple)  # launch or closure ids

    def __post_init__(self) -> None:
        if self.area.is_empty or not self.area.is_valid:
            raise ValueError(f"hazard {self.id}: area must be a valid, non-empty polygon")
        for name in ("start", "end"):
            if getattr(self, name).utcoffset() != timedelta(0):
                raise ValueError(f"hazard {self.id}: {name} must be a UTC datetime")
        if self.end <= self.start:
            raise ValueError(f"hazard {self.id}: end {self.end} is not after start {self.start}")

    @property
    def lower_ft(self) -> float:
        return self.lower.feet or 0.0

    @property
    def upper_ft(self) -> float | None:
        """Upper limit in feet; ``None`` for unlimited."""
        return self.upper.feet

    def overlaps(self, other: HazardVolume) -> bool:
        """True when the two volumes share area, levels and time."""
        return (
            self.start < other.end
            and other.start < self.end
            and _levels_overlap(self, other)
            and self.area.intersects(other.area)
        )


def _levels_overlap(a: HazardVolume, b: HazardVolume) -> bool:
    a_top = float("inf") if a.upper_ft is None else a.upper_ft
    b_top = float("inf") if b.upper_ft is None else b.upper_ft
    return a.lower_ft < b_top and b.lower_ft < a_top


@dataclass(frozen=True, slots=True)
class HazardSettings:
    """How hazards are sized: containment probability, buffer, lead and margin, ceiling."""

    containment: float = 0.999
    buffer_m: float = 10_000.0
    lead: timedelta = timedelta(minutes=15)
    margin: timedelta = timedelta(minutes=15)
    ceiling: Level = FL600
    corridor_half_width_m: float = 10_000.0
    max_vertices: int = 12


def impact_volume(
    volume_id: str,
    dispersion: Dispersion,
    window: tuple[datetime, datetime],
    settings: HazardSettings,
    reason: str,
    sources: tuple[str, ...],
) -> HazardVolume:
    """SFC-UNL volume over the impact's containment ellipse plus buffer, for ``window``."""
    area = dispersion.area_lonlat(settings.containment, settings.buffer_m)
    start, end = window
    return HazardVolume(
        volume_id, "impact", area, SFC, UNL,
        (start - settings.lead).astimezone(UTC), (end + settings.margin).astimezone(UTC),
        reason, sources,
    )  # fmt: skip


def merge_overlapping(volumes: Sequence[HazardVolume]) -> list[HazardVolume]:
    """Merge volumes of the same kind that overlap in space, levels and time (salvoes).

    The merged volume spans the union of areas, the widest levels and the longest window, and
    keeps every source.
    """
    merged: list[HazardVolume] = []
    for volume in volumes:
        for i, existing in enumerate(merged):
            if existing.kind == volume.kind and existing.overlaps(volume):
                merged[i] = _union(existing, volume)
                break
        else:
            merged.append(volume)
    if len(merged) < len(volumes):
        return merge_overlapping(merged)
    return merged


def _union(a: HazardVolume, b: HazardVolume) -> HazardVolume:
    lower = a.lower if a.lower_ft <= b.lower_ft else b.lower
    upper = UNL if a.upper_ft is None or b.upper_ft is None else max(a.upper, b.upper, key=_feet)
    return replace(
        a,
        id=f"{a.id}+{b.id}",
        area=shapely.union(a.area, b.area),
        lower=lower,
        upper=upper,
        start=min(a.start, b.start),
        end=max(a.end, b.end),
        reason=a.reason if a.reason == b.reason else f"{a.reason}; {b.reason}",
        sources=tuple(dict.fromkeys(a.sources + b.sources)),
    )


def _feet(level: Level) -> float:
    return float("inf") if level.feet is None else level.feet


def volumes_frame(volumes: Iterable[HazardVolume]) -> gpd.GeoDataFrame:
    """The volumes as a GeoDataFrame (EPSG:4326) with limits in feet and UTC windows."""
    rows = [
        {
            "id": v.id,
            "kind": v.kind,
            "lower": str(v.lower),
            "upper": str(v.upper),
            "lower_ft": v.lower_ft,
            "upper_ft": v.upper_ft,
            "start": v.start,
            "end": v.end,
            "reason": v.reason,
            "sources": ",".join(v.sources),
            "geometry": v.area,
        }
        for v in volumes
    ]
    columns = ["id", "kind", "lower", "upper", "lower_ft", "upper_ft", "start", "end", "reason",
               "sources", "geometry"]  # fmt: skip
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")


def polygons(area: Any) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon."""
    return list(getattr(area, "geoms", [area]))
