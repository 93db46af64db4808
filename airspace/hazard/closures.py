"""Closure zones and their NOTAMs: hazard volumes made publishable, one per volume and FIR.

Each zone's polygon has at most ``max_vertices`` vertices on whole arc-seconds and covers the
hazard's share in its FIR; its NOTAM carries the zone, window and limits (Q code QWMLW for launch
hazards, QRTCA for declared restricted areas).  Outside the known FIRs the location indicator is
``ZZZZ`` (ICAO's "no indicator").

A volume read from a published NOTAM (pasted or loaded) is not re-published: its one zone is its
whole area with that NOTAM as it is (number, FIR, Q-line, text).  The NOTAMs the project writes
are numbered ``A0001/yy`` upwards, skipping the numbers the published ones use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
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


@dataclass(kw_only=True)
class NotamNumbers:
    """Numbers for the NOTAMs the project writes, ``{series}{n:04d}/{yy}`` from 1 up, never one
    of ``taken`` (the published NOTAMs of the same scenario)."""

    taken: frozenset[str] = frozenset()
    series: str = "A"
    _next: int = field(default=1, repr=False)

    @classmethod
    def avoiding(cls, volumes: Iterable[HazardVolume]) -> NotamNumbers:
        """Numbering that skips the numbers of the NOTAMs the volumes were read from."""
        taken = {v.notam.number.upper() for v in volumes if v.notam and v.notam.number}
        return cls(taken=frozenset(taken))

    def take(self, start: datetime) -> str:
        """The next free number in the year of ``start``."""
        while True:
            number = f"{self.series}{self._next:04d}/{start:%y}"
            self._next += 1
            if number not in self.taken:
                return number


def notam_safe(text: str) -> str:
    """Free text reduced to NOTAM characters (upper-case letters, digits, basic punctuation)."""
    return re.sub(r"\s+", " ", re.sub(r"[^A-Z0-9 .,()/\-]", " ", text.upper())).strip()


def _firs_touching(area: Any, firs: FirSet) -> list[tuple[str, Any]]:
    table = firs.table
    hits = shapely.intersects(table.geometry.to_numpy(), area)
    return [(str(i), g) for i, g in zip(table["id"][hits], table.geometry[hits], strict=True)]


def volume_zones(
    volume: HazardVolume, firs: FirSet, cfg: HazardSettings, numbers: NotamNumbers
) -> list[ClosureZone]:
    """The zones of one area volume, one per FIR it touches, each with a NOTAM numbered by
    ``numbers``; a volume read from a published NOTAM gives one zone with that NOTAM.  An
    airway closure has none."""
    if volume.area is None:
        return []
    if volume.notam is not None:
        published = ClosureZone(
            id=volume.id, fir=volume.notam.fir, area=volume.area, volume=volume, notam=volume.notam
        )
        return [published]
    limits = volume.limits
    parts = split_by_fir(
        volume.area,
        _firs_touching(volume.area, firs),
        cfg.max_vertices,
        exact=volume.kind == "declared",
    )
    zones = []
    for fir, polygon in parts:
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
            number=numbers.take(limits.start),
        )
        zone_id = volume.id if len(parts) == 1 else f"{volume.id}@{code}"
        zones.append(ClosureZone(id=zone_id, fir=code, area=polygon, volume=volume, notam=notam))
    return zones


def closure_zones(
    volumes: Sequence[HazardVolume], firs: FirSet, cfg: HazardSettings
) -> list[ClosureZone]:
    """Zones for every area volume, split by FIR, each with its NOTAM (numbered A0001/yy, ...,
    skipping the numbers of published NOTAMs among the volumes)."""
    numbers = NotamNumbers.avoiding(volumes)
    return [zone for volume in volumes for zone in volume_zones(volume, firs, cfg, numbers)]
