"""The posture's tables (schemas in ``airspace.tables``): threat corridors, recommended closures,
what the observed impacts change, and declared closures beside recommended ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import pandas as pd

from airspace.hazard import Threat
from airspace.precaution.recommend import Recommendation
from airspace.precaution.stretches import Stretch
from airspace.tables import frame, limits_cells
from airspace.units import format_window


def threats_frame(threats: Iterable[Threat]) -> gpd.GeoDataFrame:
    """One row per threat corridor (both stages)."""
    return frame(
        "threats",
        (
            {
                "id": t.id,
                "source": t.source,
                "stage": t.stage,
                "vehicle": t.vehicle,
                "site_lat": t.site.lat,
                "site_lon": t.site.lon,
                "headings": t.headings_text,
                "heading_width_deg": sum(a.width_deg for a in t.arcs),
                "min_range_km": t.min_range_km,
                "max_range_km": t.max_range_km,
                **limits_cells(t.limits),
                "area_km2": t.area_km2,
                "basis": t.basis,
                "notes": "; ".join(t.notes),
                "geometry": t.volume.area if t.volume is not None else None,
            }
            for t in threats
        ),
    )


def _stretch_rows(stretches: Sequence[Stretch], applied: bool) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "stage": s.stage,
            "applied": applied,
            "rank": rank,
            "fir": s.fir,
            "route": s.route,
            "from_fix": s.fixes[0],
            "to_fix": s.fixes[-1],
            "covered": s.covered,
            "covered_nm": s.covered_nm,
            "length_nm": s.length_nm,
            **limits_cells(s.limits),
            "sources": ",".join(s.sources),
            "threats": ",".join(s.threats),
            "reason": s.reason,
            "text": s.text,
            "geometry": s.geometry,
        }
        for rank, s in enumerate(stretches, 1)
    ]


def recommendations_frame(recommendation: Recommendation | None) -> gpd.GeoDataFrame:
    """Recommended stretches of both stages, best covered first within each."""
    if recommendation is None:
        return frame("recommendations", [])
    applied = recommendation.applied_stage
    rows = _stretch_rows(recommendation.at_launch, applied == "launch")
    rows += _stretch_rows(recommendation.at_impact or (), applied == "impact")
    return frame("recommendations", rows)


def narrowing_frame(recommendation: Recommendation | None) -> gpd.GeoDataFrame:
    """Per launch-time stretch: kept, shortened or dropped once the impacts are observed."""
    changes = recommendation.changes if recommendation is not None else ()
    return frame(
        "narrowing",
        (
            {
                "route": c.before.route,
                "from_fix": c.before.fixes[0],
                "to_fix": c.before.fixes[-1],
                "status": c.status,
                "after": ",".join(s.label for s in c.after),
                "covered_before": c.before.covered,
                "text": c.text,
                "geometry": c.before.geometry,
            }
            for c in changes
        ),
    )


def comparison_frame(
    affected_routes: pd.DataFrame, recommendation: Recommendation | None
) -> gpd.GeoDataFrame:
    """Per airway: the declared closures beside the recommended ones (from ``affected_routes``,
    whose ``kind`` tells them apart; recommended ones with the share covered)."""
    if affected_routes.empty or recommendation is None:
        return frame("comparison", [])
    covered = {s.id: s.covered for s in recommendation.applied}
    rows = []
    for route, group in affected_routes.groupby("route", sort=True):
        declared = group[group["kind"] == "declared"]
        recommended = group[group["kind"] == "recommended"]
        if declared.empty and recommended.empty:
            continue
        rows.append(
            {
                "route": route,
                "declared": "; ".join(
                    f"{r.from_fix}-{r.to_fix} {format_window(r.start, r.end)}"
                    for r in declared.itertuples()
                ),
                "recommended": "; ".join(
                    f"{r.from_fix}-{r.to_fix} {format_window(r.start, r.end)} "
                    f"({covered.get(str(r.closure), 0.0):.0%} covered)"
                    for r in recommended.itertuples()
                ),
                "verdict": (
                    "both"
                    if len(declared) and len(recommended)
                    else ("declared only" if len(declared) else "recommended only")
                ),
                "geometry": None,
            }
        )
    return frame("comparison", rows)


__all__ = ["comparison_frame", "narrowing_frame", "recommendations_frame", "threats_frame"]
