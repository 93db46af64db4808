"""The advisory as JSON-ready data and as a Markdown report (scenario text made inert)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from airspace.render import posture
from airspace.render.tables import (
    View,
    closure_lines,
    comparison_view,
    flows_view,
    recommendations_view,
    views,
)
from airspace.render.text import markdown_safe

if TYPE_CHECKING:
    from airspace.advisory import Advisory


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as JSON-ready dicts (no geometry; times ISO 8601; non-finite -> None)."""
    table = frame.drop(columns="geometry", errors="ignore")
    rows: list[dict[str, Any]] = table.to_dict("records")
    return [{k: plain(v) for k, v in row.items()} for row in rows]


def plain(value: Any) -> Any:
    """A table cell as a JSON value (a missing time, NaT, is None)."""
    if value is pd.NaT:
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return plain(value.item())
    return value


def advisory_summary(advisory: Advisory) -> dict[str, Any]:
    """The advisory as JSON-ready data (tables without geometry)."""
    return {
        "scenario": advisory.scenario.name,
        "file": advisory.scenario.file,
        "timezone": advisory.scenario.timezone,
        "summary": advisory.summary(),
        "warnings": [str(w) for w in advisory.warnings],
        "launches": records(advisory.launches),
        "hazards": records(advisory.hazards),
        "closures": records(advisory.closures),
        "affected_routes": records(advisory.affected_routes),
        "affected_segments": records(advisory.affected_segments),
        "flows": records(advisory.flows),
        "reroutes": records(advisory.reroutes),
        "alerts": records(advisory.alerts),
        "threats": records(advisory.threats),
        "recommendations": records(advisory.recommendations),
        "comparison": records(advisory.comparison),
        "narrowing": records(advisory.narrowing),
        "recommended_flows": records(advisory.recommended_flows),
        "recommended_reroutes": records(advisory.recommended_reroutes),
    }


def markdown_table(view: View) -> list[str]:
    """A view as a Markdown table; every cell escaped."""
    lines = [
        "| " + " | ".join(view.headers) + " |",
        "|" + "|".join("---:" if c.align == "right" else "---" for c in view.columns) + "|",
    ]
    lines += ["| " + " | ".join(markdown_safe(cell) for cell in row) + " |" for row in view.rows()]
    return [f"## {view.title}", "", *lines, ""]


def report_markdown(advisory: Advisory) -> str:
    """A human report: warnings, launches, closures and hazards (windows with their active
    periods), airways closed, flows and reroutes, alerts, NOTAMs.

    Every string from the scenario is escaped (HTML and Markdown constructs)."""
    sc = advisory.scenario
    launches, flows, reroutes = views(advisory)
    out = [f"# {markdown_safe(sc.name)}", "", markdown_safe(sc.description.strip()), ""]
    if advisory.warnings:
        out += ["## Warnings", ""]
        out += [f"- {markdown_safe(w)}" for w in advisory.warnings]
        out += [""]
    out += markdown_table(launches)
    out += ["## Closures and hazards", ""]
    out += [f"- {markdown_safe(line)}" for line in closure_lines(advisory)] or ["- none"]
    out += ["", "## Airways closed", ""]
    routes = advisory.affected_routes
    closed = routes[routes["kind"] != "recommended"]["text"]  # recommended: their own section
    out += [f"- {markdown_safe(t)}" for t in closed] or ["- none"]
    out += ["", *markdown_table(flows), *markdown_table(reroutes)]
    notes = [(f.flow_id, n) for f in advisory.flows.itertuples() for n in f.notes.split("; ") if n]
    out += [f"- note ({markdown_safe(flow)}): {markdown_safe(note)}" for flow, note in notes]
    out += [""] if notes else []
    out += ["## Suggested reroutes", "", *_reroute_items(advisory.reroutes), ""]
    out += posture_markdown(advisory)
    out += ["## Overflight alerts", ""]
    for a in advisory.alerts.itertuples():
        when = f"{a.time:%H:%M:%SZ}" if a.time is not None and pd.notna(a.time) else "-"
        out.append(
            f"- {markdown_safe(a.launch_id)}: {markdown_safe(a.place)} ({a.kind}), "
            f"{a.distance_km:.0f} km from the track, {a.alt_m / 1000:.0f} km up at {when}"
        )
    if advisory.alerts.empty:
        out.append("- none")
    out += ["", "## NOTAMs", ""]
    for notam in advisory.notams:
        out += ["```", str(notam).replace("```", "'''"), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def _reroute_items(reroutes: pd.DataFrame) -> list[str]:
    best = reroutes[reroutes["suggested"].astype(bool)]
    items = []
    for r in best.itertuples():
        fuel = f", +{r.extra_fuel_kg:,.0f} kg fuel" if pd.notna(r.extra_fuel_kg) else ""
        co2 = f", +{r.extra_co2_kg:,.0f} kg CO2" if pd.notna(r.extra_co2_kg) else ""
        items.append(
            f"- **{markdown_safe(r.flow_id)}**: +{r.extra_nm:.0f} NM, +{r.extra_min:.1f} min"
            f"{fuel}{co2} via {markdown_safe(r.airways)} ({r.method})"
        )
    return items or ["- none needed"]


def posture_markdown(advisory: Advisory) -> list[str]:
    """The precautionary posture section (nothing without a posture)."""
    rec = advisory.computed.recommendation
    if rec is None:
        return []
    out = [f"## {markdown_safe(posture.heading(advisory))}", ""]
    out += ["Threat corridors (sizes and their sources: docs/precaution.md):", ""]
    out += [_item(line) for line in posture.threat_lines(advisory)]
    out += [f"- note: {markdown_safe(note)}" for note in rec.notes]
    out += ["", *_sub(markdown_table(recommendations_view(advisory)))]
    for r in advisory.recommendations.itertuples():
        if r.applied:
            out.append(
                f"- {markdown_safe(f'{r.route} {r.from_fix}-{r.to_fix}')}: "
                f"{markdown_safe(r.reason)}"
            )
    out += ["", *_sub(markdown_table(comparison_view(advisory)))]
    out += _sub(markdown_table(flows_view(advisory, recommended=True)))
    out += ["Suggested reroutes round the recommended closures:", ""]
    out += [*_reroute_items(advisory.recommended_reroutes), ""]
    narrowing = posture.narrowing_lines(advisory)
    if narrowing:
        out += ["### What the observed impacts change", "", markdown_safe(narrowing[0]), ""]
        out += [f"- {markdown_safe(line)}" for line in narrowing[1:]]
        out += [""]
    return out


def _item(line: str) -> str:
    """A threat line as a list item; its indented follow-ups as nested items."""
    if line.startswith("  "):
        return f"  - {markdown_safe(line.strip())}"
    return f"- {markdown_safe(line)}"


def _sub(lines: list[str]) -> list[str]:
    """A table section one heading level down."""
    return [f"#{line}" if line.startswith("## ") else line for line in lines]
