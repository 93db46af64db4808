"""Renderings of an ``Advisory``: airway closure lines, the JSON summary, the Markdown report,
and ``save_advisory``, which writes every output file atomically."""

from __future__ import annotations

import html
import math
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from airspace.export import atomic_directory, write_json
from airspace.summary import scenario_summary
from airspace.units import Level

if TYPE_CHECKING:
    from airspace.advisory import Advisory


def level_text(level: Level) -> str:
    """``FL000`` for the surface, ``UNL`` for unlimited, else ``FLnnn``."""
    return "UNL" if level.feet is None else f"FL{round(level.feet / 100):03d}"


def window_text(start: datetime, end: datetime) -> str:
    """``0158Z-0205Z+1``: UTC times, with the day offset of the end."""
    days = (end.date() - start.date()).days
    return f"{start:%H%M}Z-{end:%H%M}Z" + (f"+{days}" if days else "")


def _limits(advisory: Advisory) -> dict[str, tuple[Level, Level, datetime, datetime]]:
    found = {v.id: (v.lower, v.upper, v.start, v.end) for v in advisory.volumes}
    found.update({r.id: (r.lower, r.upper, r.start, r.end) for r in advisory.route_closures})
    return found


def route_lines(advisory: Advisory) -> list[str]:
    """``B467 KAE-DE closed FL000-UNL 0158Z-0205Z+1`` per airway stretch and closure."""
    table = advisory.affected_segments
    if table.empty:
        return []
    limits = _limits(advisory)
    lines = []
    for (route, closure), group in table.groupby(["route", "closure"], sort=True):
        fixes = set(group["from_fix"]) | set(group["to_fix"])
        order = _route_order(advisory, str(route), fixes)
        stretch = f"{order[0]}-{order[-1]}" if len(order) > 1 else order[0]
        lower, upper, start, end = limits[str(closure)]
        lines.append(
            f"{route} {stretch} closed {level_text(lower)}-{level_text(upper)} "
            f"{window_text(start, end)} ({closure})"
        )
    return lines


def _route_order(advisory: Advisory, route: str, fixes: set[str]) -> list[str]:
    """The hit fixes in airway order (the stretch nearest the hits when the name repeats)."""
    for stretch in advisory.network.routes(route):
        names = [n for n in stretch.fix_names if n in fixes]
        if len(names) >= min(2, len(fixes)):
            return names
    return sorted(fixes)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    table = frame.drop(columns="geometry", errors="ignore")
    rows: list[dict[str, Any]] = table.to_dict("records")
    return [{k: _plain(v) for k, v in row.items()} for row in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def advisory_summary(advisory: Advisory) -> dict[str, Any]:
    """The advisory as JSON-ready data (tables without geometry)."""
    return {
        "scenario": advisory.scenario.name,
        "file": advisory.scenario.file,
        "timezone": advisory.scenario.timezone,
        "launches": _records(advisory.launches),
        "hazards": _records(advisory.hazards),
        "closures": _records(advisory.closures),
        "affected_routes": advisory.affected_routes(),
        "affected_segments": _records(advisory.affected_segments),
        "flows": _records(advisory.flows),
        "reroutes": _records(advisory.reroutes),
        "alerts": _records(advisory.alerts),
    }


def _md(text: object) -> str:
    """Scenario text made inert in Markdown viewers that render HTML (``<`` ``>`` ``&``)."""
    return html.escape(str(text), quote=False).replace("|", "\\|")


def report_markdown(advisory: Advisory) -> str:
    """A human report: launches, closures, affected airways, flows and reroutes, NOTAMs.

    Every string from the scenario is HTML-escaped, since Markdown viewers render raw HTML."""
    sc = advisory.scenario
    out = [f"# {_md(sc.name)}", "", _md(sc.description.strip()), "", "## Launches", ""]
    out += [
        "| launch | vehicle | flight time | apogee | range | impact (UTC) |",
        "|---|---|---|---|---|---|",
    ]
    for row in advisory.launches.itertuples():
        impact = f"{row.impact_time:%Y-%m-%d %H:%MZ}" if row.impact_time else "-"
        out.append(
            f"| {_md(row.launch_id)} | {row.vehicle} | {row.flight_time_min:.1f} min | "
            f"{row.apogee_km:,.0f} km | {row.range_km:,.0f} km | {impact} |"
        )
    out += ["", "## Airways closed", ""]
    out += [f"- {_md(line)}" for line in advisory.affected_routes()] or ["- none"]
    out += [
        "",
        "## Flows",
        "",
        "| flow | flights/day | affected | closures met | baseline NM |",
        "|---|---|---|---|---|",
    ]
    for f in advisory.flows.itertuples():
        out.append(
            f"| {_md(f.flow_id)} | {f.flights_per_day:g} | {f.flights_affected_per_day:g} | "
            f"{_md(f.closures_hit or '-')} | {f.length_nm:,.0f} |"
        )
    notes = [(f.flow_id, n) for f in advisory.flows.itertuples() for n in f.notes.split("; ") if n]
    out += ["", *(f"- note ({_md(flow)}): {_md(note)}" for flow, note in notes)] if notes else []
    out += ["", "## Suggested reroutes", ""]
    best = advisory.reroutes[advisory.reroutes["suggested"]] if len(advisory.reroutes) else []
    for r in getattr(best, "itertuples", lambda: [])():
        fuel = f", +{r.extra_fuel_kg:,.0f} kg fuel" if pd.notna(r.extra_fuel_kg) else ""
        out.append(
            f"- **{_md(r.flow_id)}**: +{r.extra_nm:.0f} NM, +{r.extra_min:.1f} min{fuel} "
            f"via {r.airways} ({r.method})"
        )
    if not len(advisory.reroutes):
        out.append("- none needed")
    alerts = advisory.alerts
    out += ["", "## Overflight alerts", ""]
    for a in alerts.itertuples():
        when = f"{a.time:%H:%M:%SZ}" if a.time is not None and pd.notna(a.time) else "-"
        out.append(
            f"- {_md(a.launch_id)}: {_md(a.place)} ({a.kind}), {a.distance_km:.0f} km from the "
            f"track, {a.alt_m / 1000:.0f} km up at {when}"
        )
    if alerts.empty:
        out.append("- none")
    out += ["", "## NOTAMs", ""]
    for notam in advisory.notams:
        out += ["```", str(notam), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def save_advisory(advisory: Advisory, outdir: Path, *, offline_map: bool) -> Path:
    """Write closures.geojson, affected.csv, reroutes.geojson, notams.txt, advisory.json,
    report.md, scenario.json and map.html into ``outdir``, all or nothing."""
    with atomic_directory(outdir) as tmp:
        (tmp / "closures.geojson").write_text(_geojson(advisory.closures), encoding="utf-8")
        (tmp / "reroutes.geojson").write_text(_geojson(advisory.reroutes), encoding="utf-8")
        advisory.affected_segments.drop(columns="geometry").to_csv(
            tmp / "affected.csv", index=False
        )
        notams = "\n\n".join(str(n) for n in advisory.notams)
        (tmp / "notams.txt").write_text(notams + ("\n" if notams else ""), encoding="utf-8")
        write_json(tmp / "advisory.json", advisory_summary(advisory))
        write_json(
            tmp / "scenario.json", scenario_summary(advisory.scenario, advisory.scenario.file)
        )
        (tmp / "report.md").write_text(report_markdown(advisory), encoding="utf-8")
        if advisory.scenario.output.map:
            advisory.map(offline=offline_map).save(str(tmp / "map.html"))
    return outdir


def _geojson(frame: pd.DataFrame) -> str:
    """RFC 7946 GeoJSON: datetimes as ISO text, non-finite numbers as null."""
    table = frame.copy()
    for column in table.columns:
        if column != "geometry":
            table[column] = [_plain(v) for v in table[column]]
    text: str = table.to_json(na="null", drop_id=True)
    return text
