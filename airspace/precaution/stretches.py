"""Recommended closures the way an authority issues them: whole airway stretches between fixes,
inside its own FIR, that a threat corridor reaches.

Every threat corridor is cut to the FIR and met with the airways in one bulk query
(``impact.volume_hits``).  A leg (the segments between two consecutive fixes of an airway, one
per level band) is recommended when a corridor reaches it inside the FIR; consecutive legs form
one stretch.  A stretch's ``length_nm`` is its length inside the FIR, ``covered_nm`` the part
of that the corridors cover (WGS84 geodesic lengths); ``covered`` ranks the stretches.  Its
levels and window span those of the corridors that reach it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from airspace.hazard import HazardVolume, RouteRef, Stage, Threat
from airspace.impact import closed_rows, geodesic_lengths_nm, volume_hits
from airspace.network import RouteNetwork
from airspace.network.model import Route
from airspace.tables import columns, frame
from airspace.units import Level, Limits, format_window

MIN_FIR_SHARE: Final = 0.05
"""A leg with less of its length inside the FIR (one that only starts at a fix near the
boundary) is the neighbouring authority's to close."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Stretch:
    """One recommended closure: ``route`` between ``fixes[0]`` and ``fixes[-1]`` in ``fir``."""

    id: str
    stage: Stage
    fir: str
    route: str
    fixes: tuple[str, ...]
    segments: tuple[int, ...]
    """Rows of ``RouteNetwork.segments`` it closes (every level band within its levels)."""
    length_nm: float
    covered_nm: float
    limits: Limits
    threats: tuple[str, ...]
    sources: tuple[str, ...]
    geometry: Any = None
    """The stretch inside the FIR (lon/lat lines)."""

    @property
    def covered(self) -> float:
        """Share of the stretch (inside the FIR) the threat corridors cover, 0 to 1."""
        return min(1.0, self.covered_nm / self.length_nm) if self.length_nm > 0 else 0.0

    @property
    def label(self) -> str:
        return f"{self.route} {self.fixes[0]}-{self.fixes[-1]}"

    @property
    def reason(self) -> str:
        return (
            f"reachable by {', '.join(self.sources)}: the threat corridor covers "
            f"{self.covered:.0%} of the stretch ({self.covered_nm:,.0f} of "
            f"{self.length_nm:,.0f} NM in {self.fir})"
        )

    @property
    def text(self) -> str:
        """The line an authority would publish, marked as a recommendation."""
        return (
            f"{self.label} closed {self.limits.levels_text} "
            f"{format_window(self.limits.start, self.limits.end)} "
            f"(recommended, covers {self.covered:.0%})"
        )

    @property
    def volume(self) -> HazardVolume:
        """The stretch as an airway closure (kind ``recommended``)."""
        return HazardVolume(
            id=self.id,
            kind="recommended",
            limits=self.limits,
            reason=self.reason,
            sources=self.sources,
            route=RouteRef(route=self.route, from_fix=self.fixes[0], to_fix=self.fixes[-1]),
        )


def _polygonal(geometry: Any) -> Any:
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon" and p.area > 0]
    return shapely.union_all(parts) if parts else None


def _in_fir(threats: Sequence[Threat], fir_area: Any) -> list[HazardVolume]:
    """Each corridor cut to the FIR (corridors that miss it are left out)."""
    found = []
    for threat in threats:
        volume = threat.volume
        if volume is None or not volume.area.intersects(fir_area):
            continue
        area = _polygonal(volume.area.intersection(fir_area))
        if area is not None:
            found.append(
                HazardVolume(
                    id=threat.id,
                    kind="precaution",
                    limits=volume.limits,
                    reason=volume.reason,
                    sources=volume.sources,
                    area=area,
                )
            )
    return found


def _runs(route: Route, hit: set[int], mine: set[int]) -> list[tuple[int, int]]:
    """``(first leg, last leg + 1)`` of each run of consecutive legs with a hit segment that
    lies in the FIR (``mine``)."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, leg in enumerate(route.legs):
        if any(s in hit and s in mine for s in leg):
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(route.legs)))
    return runs


def _span(limits: Iterable[Limits]) -> Limits:
    items = list(limits)
    lower = min((lim.lower for lim in items), key=lambda level: level.bottom_ft)
    upper: Level = max((lim.upper for lim in items), key=lambda level: level.top_ft)
    start: datetime = min(lim.start for lim in items)
    end: datetime = max(lim.end for lim in items)
    return Limits(lower=lower, upper=upper, start=start, end=end)


@dataclass(frozen=True, slots=True)
class _Hits:
    """What the corridors met: per segment the corridors and the covered pieces."""

    by_segment: dict[int, set[str]]
    pieces: dict[int, list[Any]]


def _hits(network: RouteNetwork, volumes: Sequence[HazardVolume]) -> _Hits:
    table = volume_hits(network, volumes)
    by_segment: dict[int, set[str]] = defaultdict(set)
    pieces: dict[int, list[Any]] = defaultdict(list)
    for seg, closure, geom in zip(
        table["segment"], table["closure"], table["geometry"], strict=True
    ):
        by_segment[int(seg)].add(str(closure))
        pieces[int(seg)].append(geom)
    return _Hits(dict(by_segment), dict(pieces))


def recommend_stretches(
    network: RouteNetwork, threats: Sequence[Threat], fir: str, stage: Stage
) -> list[Stretch]:
    """The airway stretches inside ``fir`` the threat corridors reach, best covered first."""
    fir_area = network.firs.polygon(fir)
    volumes = _in_fir(threats, fir_area)
    if not volumes:
        return []
    limits_of = {v.id: v.limits for v in volumes}
    sources_of = {v.id: v.sources for v in volumes}
    hits = _hits(network, volumes)
    seg = network.segments
    hit = np.fromiter(hits.by_segment, dtype=np.intp, count=len(hits.by_segment))
    mine = set(_in_fir_segments(network, hit, fir_area))
    names = sorted(set(seg["route"].to_numpy()[hit]))
    stretches: list[Stretch] = []
    for name in names:
        for route in network.routes(name):
            for a, b in _runs(route, set(hits.by_segment), mine):
                stretches.append(
                    _stretch(
                        network, route, (a, b), hits, fir, fir_area, stage, limits_of, sources_of
                    )
                )
    stretches.sort(key=lambda s: (-s.covered, -s.covered_nm, s.label))
    return _unique_ids(stretches)


def _in_fir_segments(network: RouteNetwork, segments: Any, fir_area: Any) -> list[int]:
    """The segments with at least ``MIN_FIR_SHARE`` of their length inside the FIR."""
    lines = network.segments.geometry.to_numpy()[segments]
    inside = geodesic_lengths_nm(shapely.intersection(lines, fir_area))
    whole = network.segments["length_nm"].to_numpy()[segments]
    return [int(s) for s in segments[inside >= MIN_FIR_SHARE * np.maximum(whole, 1e-9)]]


def _stretch(
    network: RouteNetwork,
    route: Route,
    run: tuple[int, int],
    hits: _Hits,
    fir: str,
    fir_area: Any,
    stage: Stage,
    limits_of: dict[str, Limits],
    sources_of: dict[str, tuple[str, ...]],
) -> Stretch:
    a, b = run
    legs = route.legs[a:b]
    threats = sorted({t for leg in legs for s in leg for t in hits.by_segment.get(s, ())})
    limits = _span(limits_of[t] for t in threats)
    seg = network.segments
    lower = seg["lower_ft"].to_numpy()
    upper = seg["upper_ft"].to_numpy()
    closed = tuple(
        s for leg in legs for s in leg if lower[s] < limits.upper_ft and limits.lower_ft < upper[s]
    )
    lines = seg.geometry.to_numpy()[[leg[0] for leg in legs]]
    inside = shapely.intersection(lines, fir_area)
    covered = [shapely.union_all([p for s in leg for p in hits.pieces.get(s, [])]) for leg in legs]
    fixes = tuple(f.name for f in route.fixes[a : b + 1])
    prefix = "rec" if stage == "launch" else "rec-observed"
    sources = tuple(dict.fromkeys(s for t in threats for s in sources_of[t]))
    return Stretch(
        id=f"{prefix}-{route.name}-{fixes[0]}-{fixes[-1]}",
        stage=stage,
        fir=fir,
        route=route.name,
        fixes=fixes,
        segments=closed,
        length_nm=float(geodesic_lengths_nm(np.asarray(inside, dtype=object)).sum()),
        covered_nm=float(geodesic_lengths_nm(np.asarray(covered, dtype=object)).sum()),
        limits=limits,
        threats=tuple(threats),
        sources=sources,
        geometry=shapely.line_merge(shapely.union_all(inside)),
    )


def _unique_ids(stretches: list[Stretch]) -> list[Stretch]:
    seen: dict[str, int] = {}
    found = []
    for s in stretches:
        count = seen.get(s.id, 0)
        seen[s.id] = count + 1
        if count:
            s = replace(s, id=f"{s.id}-{count + 1}")
        found.append(s)
    return found


def stretch_segments(network: RouteNetwork, stretches: Sequence[Stretch]) -> pd.DataFrame:
    """The segments the stretches close, as rows of the ``affected_segments`` table (kind
    ``recommended``; geometry and length inside the FIR)."""
    rows: list[pd.DataFrame] = []
    seg = network.segments
    for stretch in stretches:
        idx = np.asarray(stretch.segments, dtype=np.intp)
        if len(idx) == 0:
            continue
        table = seg.iloc[idx]
        fir_area = network.firs.polygon(stretch.fir)
        inside = shapely.intersection(table.geometry.to_numpy(), fir_area)
        keep = ~shapely.is_empty(inside) & (shapely.length(inside) > 0)
        table, idx, inside = table[keep], idx[keep], inside[keep]
        inside = np.asarray([_lines(g) for g in inside], dtype=object)
        rows.append(
            closed_rows(
                stretch.id,
                "recommended",
                idx,
                table,
                stretch.limits,
                inside,
                geodesic_lengths_nm(inside),
            )
        )
    if not rows:
        return pd.DataFrame(columns=[*columns("affected_segments"), "geometry"])
    return pd.concat(rows, ignore_index=True)


def with_stretches(
    network: RouteNetwork, segments: pd.DataFrame, stretches: Sequence[Stretch]
) -> gpd.GeoDataFrame:
    """``affected_segments`` with the rows of the stretches added, in the table's order."""
    extra = stretch_segments(network, stretches)
    parts = [p for p in (segments, extra) if len(p)]
    if not parts:
        return frame("affected_segments", segments)
    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    table = table.sort_values(["route", "closure", "segment"], kind="stable", ignore_index=True)
    return frame("affected_segments", pd.DataFrame(table))


def _lines(geometry: Any) -> Any:
    """The line parts of an overlay result (points of a touching end dropped), merged."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "LineString"]
    if len(parts) == 1:
        return parts[0]
    return shapely.line_merge(shapely.multilinestrings(parts))


__all__ = ["Stretch", "recommend_stretches", "stretch_segments", "with_stretches"]
