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

import shapely

from airspace.hazard.model import HazardSettings, HazardVolume
from airspace.hazard.zones import on_seconds, split_by_fir
from airspace.network import FirSet
from airspace.notam import Notam

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


@dataclass(frozen=True, slots=True, kw_only=True)
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


def volume_zones(
    volume: HazardVolume, firs: FirSet, cfg: HazardSettings, first_number: int, prefix: str = "A"
) -> list[ClosureZone]:
    """The zones of one area volume, one per FIR it touches, each with its NOTAM, numbered
    ``{prefix}{first_number:04d}/yy`` onwards.  An airway closure has none."""
    if volume.area is None:
        return []
    limits = volume.limits
    parts = split_by_fir(
        volume.area,
        _firs_touching(volume.area, firs),
        cfg.max_vertices,
        exact=volume.kind == "declared",
    )
    zones = []
    for number, (fir, polygon) in enumerate(parts, first_number):
        code = fir or NO_FIR
        notam = Notam.from_area(
            code,
            on_seconds(polygon, cfg.max_vertices),
            limits.start,
            limits.end,
            limits.lower,
            limits.upper,
            q_code="QRTCA" if volume.kind == "declared" else "QWMLW",
            text_prefix=f"{_TEXT_PREFIX[volume.kind]} ({notam_safe(volume.reason)}) WI:",
            number=f"{prefix}{number:04d}/{limits.start:%y}",
        )
        zone_id = volume.id if len(parts) == 1 else f"{volume.id}@{code}"
        zones.append(ClosureZone(id=zone_id, fir=code, area=polygon, volume=volume, notam=notam))
    return zones


def closure_zones(
    volumes: Sequence[HazardVolume], firs: FirSet, cfg: HazardSettings
) -> list[ClosureZone]:
    """Zones for every area volume, split by FIR, each with its NOTAM (numbered A0001/yy, ...)."""
    zones: list[ClosureZone] = []
    for volume in volumes:
        zones.extend(volume_zones(volume, firs, cfg, len(zones) + 1))
    return zones
