"""Closure zones and their NOTAMs: hazard volumes made publishable, one per volume and FIR.

Each zone's polygon has at most ``max_vertices`` vertices on whole arc-seconds and covers the
hazard's share in its FIR; its NOTAM carries the zone, window and limits (Q code QWMLW for launch
hazards, QRTCA for declared restricted areas).  Outside the known FIRs the location indicator is
``ZZZZ`` (ICAO's "no indicator").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import shapely

from airspace.hazard import HazardSettings, HazardVolume
from airspace.network import FirSet
from airspace.notam import Notam
from airspace.zones import split_by_fir

NO_FIR = "ZZZZ"
_TEXT_PREFIX = {
    "impact": "IMPACT AND DEBRIS HAZARD AREA",
    "ascent": "LAUNCH CORRIDOR",
    "descent": "DESCENT CORRIDOR",
    "stage-drop": "ROCKET STAGE DROP ZONE",
    "landing-zone": "ROCKET STAGE LANDING AREA",
    "debris-response": "SPACE VEHICLE DEBRIS RESPONSE AREA",
    "declared": "AIRSPACE CLOSED",
}


@dataclass(frozen=True, slots=True)
class ClosureZone:
    """A NOTAM-ready area in one FIR, from one hazard volume."""

    id: str
    fir: str
    area: Any  # shapely Polygon, lon/lat
    volume: HazardVolume
    notam: Notam


def notam_safe(text: str) -> str:
    """Free text reduced to NOTAM characters (upper-case letters, digits, basic punctuation)."""
    return re.sub(r"\s+", " ", re.sub(r"[^A-Z0-9 .,()/\-]", " ", text.upper())).strip()


def _firs_touching(area: Any, firs: FirSet) -> list[tuple[str, Any]]:
    table = firs.table
    hits = shapely.intersects(table.geometry.to_numpy(), area)
    return [(str(i), g) for i, g in zip(table["id"][hits], table.geometry[hits], strict=True)]


def closure_zones(
    volumes: Sequence[HazardVolume], firs: FirSet, cfg: HazardSettings, year_prefix: str = "A"
) -> list[ClosureZone]:
    """Zones for every volume, split by FIR, each with its NOTAM (numbered A0001/yy, ...)."""
    zones: list[ClosureZone] = []
    for volume in volumes:
        parts = split_by_fir(volume.area, _firs_touching(volume.area, firs), cfg.max_vertices)
        for fir, polygon in parts:
            code = fir or NO_FIR
            number = f"{year_prefix}{len(zones) + 1:04d}/{volume.start:%y}"
            prefix = f"{_TEXT_PREFIX[volume.kind]} ({notam_safe(volume.reason)}) WI:"
            notam = Notam.from_area(
                code, polygon, volume.start, volume.end, volume.lower, volume.upper,
                q_code="QRTCA" if volume.kind == "declared" else "QWMLW",
                text_prefix=prefix, number=number,
            )  # fmt: skip
            zone_id = volume.id if len(parts) == 1 else f"{volume.id}@{code}"
            zones.append(ClosureZone(zone_id, code, polygon, volume, notam))
    return zones


def zones_frame(zones: Sequence[ClosureZone]) -> gpd.GeoDataFrame:
    """Closure zones as a GeoDataFrame (EPSG:4326) with limits, window and NOTAM text."""
    rows = [
        {
            "id": z.id,
            "fir": z.fir,
            "kind": z.volume.kind,
            "lower": str(z.volume.lower),
            "upper": str(z.volume.upper),
            "lower_ft": z.volume.lower_ft,
            "upper_ft": z.volume.upper_ft,
            "start": z.volume.start,
            "end": z.volume.end,
            "reason": z.volume.reason,
            "sources": ",".join(z.volume.sources),
            "notam": str(z.notam),
            "geometry": z.area,
        }
        for z in zones
    ]
    columns = ["id", "fir", "kind", "lower", "upper", "lower_ft", "upper_ft", "start", "end",
               "reason", "sources", "notam", "geometry"]  # fmt: skip
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
