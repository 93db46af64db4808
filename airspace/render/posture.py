"""The precautionary posture in words, shared by the terminal and the Markdown report: threat
corridors and their assumptions, the recommended closures beside the declared ones, the flows
under them, and what the observed impacts change.  Text only; escaping is the caller's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from airspace.units import format_window

if TYPE_CHECKING:
    from airspace.advisory import Advisory
    from airspace.precaution import Recommendation


def heading(advisory: Advisory) -> str:
    """One line: the FIR, the basis, how many stretches."""
    rec = advisory.computed.recommendation
    assert rec is not None
    stage = "before the impact is known" if rec.applied_stage == "launch" else "after the impacts"
    return f"Posture {rec.fir}: {len(rec.applied)} stretches recommended, {stage}"


def threat_lines(advisory: Advisory) -> list[str]:
    """Per threat corridor: what it reaches and the assumptions behind it."""
    lines = []
    for t in advisory.computed.threats:
        stage = "at launch" if t.stage == "launch" else "once the impact is observed"
        lines.append(
            f"{t.id} ({stage}): {t.vehicle} from {t.site.name or t.site.description}, headings "
            f"{t.headings_text}, {t.min_range_km:,.0f}-{t.max_range_km:,.0f} km, "
            f"{t.limits.levels_text}, {format_window(t.limits.start, t.limits.end)}; "
            f"{t.basis}"
        )
        if t.stage == "launch":
            lines.append(f"  assumptions: {t.assumptions}")
        lines += [f"  note: {note}" for note in t.notes]
    return lines


def comparison_lines(advisory: Advisory) -> list[str]:
    """Per airway: the verdict, the declared and the recommended stretches with their windows."""
    return [
        f"{row.route}: {row.verdict}; declared {row.declared or '-'}; "
        f"recommended {row.recommended or '-'}"
        for row in advisory.comparison.itertuples()
    ]


def narrowing_lines(advisory: Advisory) -> list[str]:
    """What the observed impacts change: corridor area, then each launch-time stretch."""
    rec: Recommendation | None = advisory.computed.recommendation
    if rec is None or rec.at_impact is None:
        return []
    before, after = rec.area_km2("launch"), rec.area_km2("impact")
    kept = sum(c.status == "kept" for c in rec.changes)
    short = sum(c.status == "shortened" for c in rec.changes)
    dropped = sum(c.status == "dropped" for c in rec.changes)
    lines = [
        f"threat area {before:,.0f} km\u00b2 at launch, {after:,.0f} km\u00b2 once the impacts "
        f"are observed; stretches: {len(rec.at_launch)} at launch, {len(rec.at_impact)} after "
        f"({kept} kept, {short} shortened, {dropped} dropped)"
    ]
    lines += [c.text for c in rec.changes]
    return lines


__all__ = ["comparison_lines", "heading", "narrowing_lines", "threat_lines"]
