"""Permanent labels: closed airways, alert places, airports, cities, fixes, countries, flows.

Each label has a priority (lower first) and a zoom range; the page shows, at each zoom, the
labels in range whose layer is on, in priority order, and hides a label whose box would overlap
one already shown (so no two labels ever overlap).  Labels are escaped text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from airspace.maps import text

#: Priorities: lower is shown first where labels would overlap.
PRIORITY: Final = {
    "airway": 0,
    "alert": 10,
    "flow": 15,
    "airport": 20,
    "place": 30,
    "city": 40,
    "fix": 60,
    "country": 80,
}
#: Cities by importance rank: (ranks below, minimum zoom).
CITY_ZOOMS: Final = ((3, 2), (8, 4), (20, 5), (50, 6), (120, 7))
MAX_LABELS: Final = 800


@dataclass(frozen=True, kw_only=True)
class Label:
    """One label: escaped ``html`` at ``point`` (in the frame), css ``kind``, ``priority``,
    zoom range and the layer it belongs to (shown only while that layer is on)."""

    point: BaseGeometry
    html: str
    kind: str
    priority: float
    min_zoom: float = 0.0
    max_zoom: float = 30.0
    layer: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ll": [round(self.point.y, 4), round(self.point.x, 4)],
            "h": self.html,
            "c": self.kind,
            "p": self.priority,
            "z": self.min_zoom,
        }
        if self.max_zoom < 30:
            out["Z"] = self.max_zoom
        if self.layer:
            out["l"] = self.layer
        return out


def _city_zoom(rank: float) -> float:
    for below, zoom in CITY_ZOOMS:
        if rank < below:
            return zoom
    return 8.0


def data_labels(table: gpd.GeoDataFrame) -> list[Label]:
    """Labels of ``MapData.labels`` (airports, fixes, cities, places), already in the frame."""
    out = []
    for row in table.itertuples(index=False):
        if row.geometry is None or row.geometry.is_empty:
            continue
        kind = str(row.kind) if str(row.kind) in PRIORITY else "place"
        rank = float(row.rank) if row.rank == row.rank else 99.0
        zoom = {"airport": 3.0, "place": 5.0, "fix": 7.0}.get(kind, _city_zoom(rank))
        css = f"{kind} side" if kind in ("airport", "fix") else kind
        out.append(
            Label(
                point=row.geometry,
                html=text.esc(row.name),
                kind=css,
                priority=PRIORITY[kind] + min(rank, 9.0) / 10.0,
                min_zoom=zoom,
            )
        )
    return out


def country_labels(names: Iterable[tuple[str, BaseGeometry, float]]) -> list[Label]:
    """Country names at low zoom: large countries from zoom 2, small ones from zoom 5."""
    out = []
    for name, point, area in names:
        zoom = 2.0 if area > 50 else 4.0 if area > 3 else 5.0
        out.append(
            Label(
                point=point,
                html=text.esc(name),
                kind="country",
                priority=PRIORITY["country"],
                min_zoom=zoom,
                max_zoom=7.0,
            )
        )
    return out


def airway_labels(segments: gpd.GeoDataFrame) -> list[Label]:
    """One label per closed airway, on its first segment (the adapter puts the segments
    nearest the scenario first)."""
    out = []
    seen: set[str] = set()
    for row in segments.itertuples(index=False):
        route = str(row.route)
        if route in seen or row.geometry is None or row.geometry.is_empty:
            continue
        seen.add(route)
        point = shapely.line_interpolate_point(row.geometry, 0.5, normalized=True)
        out.append(
            Label(
                point=point,
                html=text.esc(route),
                kind="airway",
                priority=PRIORITY["airway"],
                layer="airways",
            )
        )
    return out


def alert_labels(alerts: gpd.GeoDataFrame) -> list[Label]:
    """The place name of each overflight alert."""
    return [
        Label(
            point=row.geometry,
            html=text.esc(row.place),
            kind="alert side",
            priority=PRIORITY["alert"] + i / 1000.0,
            min_zoom=5.0,
            layer="alerts",
        )
        for i, row in enumerate(alerts.itertuples(index=False))
        if row.geometry is not None and not row.geometry.is_empty
    ]


def to_json(labels: Iterable[Label]) -> list[dict[str, Any]]:
    """Labels as JSON, the most important first, at most MAX_LABELS."""
    ordered = sorted(labels, key=lambda lab: (lab.priority, lab.min_zoom))
    return [lab.to_json() for lab in ordered[:MAX_LABELS]]
