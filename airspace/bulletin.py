"""A bulletin of NOTAMs without a scenario: what ``airspace notams FILE...`` reads and shows.

``read_bulletin`` reads files of NOTAMs (``airspace.scenario.notamfile``: blank-line separated,
one a line, AFTN messages, multi-part NOTAMs joined), makes every NOTAM that closes airspace a
declared hazard volume carrying it (areas, window, active periods, limits), intersects them with
the route network in 4-D (the airways each NOTAM closes at its levels and times) and finds the
copies of one area published by several FIRs (``same_area_groups``).  The result is the
``Bulletin`` value; ``airspace.render.bulletin`` writes its table, GeoJSON, airways and map.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd

from airspace.errors import InputError
from airspace.geo import ENGINE_LOCK
from airspace.hazard import HazardVolume, fir_mismatch, notam_volume
from airspace.impact import affected_routes, affected_segments
from airspace.network import RouteNetwork
from airspace.notam import same_area_groups
from airspace.scenario import Problem, ScenarioError
from airspace.scenario.notamfile import FiledNotam, NotamFiles, read_notam_files
from airspace.tables import frame, period_list

Progress = Callable[[str], None]


@dataclass(frozen=True, kw_only=True, eq=False)
class Bulletin:
    """The NOTAMs of some files with their volumes, the airways they close and their copies."""

    read: NotamFiles
    volumes: tuple[HazardVolume, ...]
    segments: gpd.GeoDataFrame = field(repr=False)
    same_area: Mapping[str, tuple[str, ...]]
    network: RouteNetwork = field(repr=False)
    checked: tuple[Problem, ...] = ()
    """Warnings from checks against the network's data (an area outside its Q-line's FIR)."""

    @property
    def files(self) -> tuple[str, ...]:
        return self.read.files

    @property
    def notams(self) -> tuple[FiledNotam, ...]:
        return self.read.notams

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Located ``FILE:LINE: ID: warning: ...`` problems (the NOTAMs' own, the files' and
        the checks against the network's FIRs)."""
        return (*self.read.warnings, *self.checked)

    @cached_property
    def affected_routes(self) -> gpd.GeoDataFrame:
        """Per airway and NOTAM: the closed stretch, levels, window, periods and text."""
        return affected_routes(self.network, self.volumes, self.segments)

    @cached_property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        """Ids of the NOTAMs of each group publishing one area (in the order found)."""
        return tuple(dict.fromkeys(tuple(sorted((k, *v))) for k, v in self.same_area.items()))

    @cached_property
    def table(self) -> gpd.GeoDataFrame:
        """One row per NOTAM read (the ``notams`` schema of ``airspace.tables``), geometry the
        union of its areas (None without)."""
        by_volume = {v.id: v for v in self.volumes}
        airways: dict[str, list[str]] = {}
        for row in self.affected_routes.itertuples(index=False):
            airways.setdefault(str(row.closure), []).append(str(row.route))
        warned: dict[tuple[str, int], list[str]] = {}
        for w in self.warnings:
            warned.setdefault((w.file, w.line or 0), []).append(w.message)
        rows = []
        for entry in self.notams:
            notam, volume = entry.notam, by_volume.get(entry.id)
            rows.append(
                {
                    "id": entry.id,
                    "fir": notam.fir,
                    "number": notam.number,
                    "type": notam.notam_type,
                    "file": entry.file,
                    "line": entry.line,
                    "start": notam.start,
                    "end": notam.end,
                    "end_estimated": notam.end_estimated,
                    "schedule": notam.schedule,
                    "periods": (
                        period_list(volume.limits)
                        if volume is not None
                        else [[a.isoformat(), b.isoformat()] for a, b in notam.periods if b]
                    ),
                    "lower": str(notam.lower),
                    "upper": str(notam.upper),
                    "areas": len(notam.areas),
                    "status": entry.left_out or "closure",
                    "same_area": ",".join(self.same_area.get(entry.id, ())),
                    "airways": " ".join(dict.fromkeys(airways.get(entry.id, ()))),
                    "warnings": "; ".join(warned.get((entry.file, entry.line), ())),
                    "notam": str(notam),
                    "geometry": volume.area if volume is not None else None,
                }
            )
        return frame("notams", rows)


def _same_area(closures: Sequence[FiledNotam]) -> dict[str, tuple[str, ...]]:
    """Id -> ids of the other NOTAMs publishing the same area at overlapping times."""
    ids = {id(entry.notam): entry.id for entry in closures}
    found: dict[str, tuple[str, ...]] = {}
    for group in same_area_groups(entry.notam for entry in closures):
        members = [ids[id(notam)] for notam in group]
        for member in members:
            found[member] = tuple(m for m in members if m != member)
    return found


def read_bulletin(
    files: Sequence[str | Path],
    network: RouteNetwork | None = None,
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> Bulletin:
    """Read files of NOTAMs and find what they close; raises ``ScenarioError`` with every
    unreadable NOTAM (and, with ``strict``, every warning) located ``FILE:LINE: ID: ...``."""
    with ENGINE_LOCK:  # the network and FIRs are shared (see airspace.geo.index)
        return _read_bulletin(files, network, strict=strict, progress=progress)


def _read_bulletin(
    files: Sequence[str | Path],
    network: RouteNetwork | None,
    *,
    strict: bool,
    progress: Progress | None,
) -> Bulletin:
    say = progress or (lambda _: None)
    say("reading NOTAMs")
    read = read_notam_files(files)
    problems = list(read.errors)
    if strict:
        problems.extend(w.as_error() for w in read.warnings)
    volumes = []
    for entry in read.closures:
        try:
            volume = notam_volume(entry.notam, id=entry.id, sources=(f"{entry.file}:{entry.line}",))
        except InputError as exc:
            problems.append(Problem(entry.file, entry.line, entry.id, str(exc)))
            continue
        volumes.append(volume)
    if problems:
        raise ScenarioError(problems)
    say("loading the route network")
    net = network or RouteNetwork.default()
    checked = tuple(
        Problem(entry.file, entry.line, entry.id, why, "warning")
        for entry in read.closures
        if (why := fir_mismatch(net.firs, entry.notam)) is not None
    )
    if strict and checked:
        raise ScenarioError([w.as_error() for w in checked])
    say("intersecting the NOTAMs with the route network")
    segments = affected_segments(net, volumes)
    return Bulletin(
        read=read,
        volumes=tuple(volumes),
        segments=segments,
        same_area=_same_area(read.closures),
        network=net,
        checked=checked,
    )


__all__ = ["Bulletin", "read_bulletin"]
