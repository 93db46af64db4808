"""Display tables shared by the terminal and the Markdown report, so that the two cannot drift.

A ``View`` is a title and its columns; each column formats one cell from a record (a mapping of
plain values).  Renderers escape the cells for their medium (``render.text``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from airspace.advisory import Advisory

Record = Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    header: str
    cell: Callable[[Record], str]
    align: Literal["left", "right"] = "left"
    width: int | None = None  # at most this many characters in a terminal (cut with an ellipsis)


@dataclass(frozen=True, slots=True, kw_only=True)
class View:
    title: str
    columns: tuple[Column, ...]
    records: tuple[Record, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def rows(self) -> list[list[str]]:
        """Cells as plain (unescaped) text."""
        return [[c.cell(r) for c in self.columns] for r in self.records]


def _number(value: Any, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return format(value, fmt)


def _time(value: Any) -> str:
    return "-" if value is None or value != value else f"{value:%Y-%m-%d %H:%MZ}"


def launches_view(advisory: Advisory) -> View:
    records = tuple(advisory.launches.drop(columns="geometry").to_dict("records"))
    return View(
        title="Launches",
        columns=(
            Column(header="launch", cell=lambda r: str(r["launch_id"])),
            Column(header="vehicle", cell=lambda r: str(r["vehicle"])),
            Column(
                header="flight", cell=lambda r: f"{r['flight_time_min']:.1f} min", align="right"
            ),
            Column(header="apogee", cell=lambda r: f"{r['apogee_km']:,.0f} km", align="right"),
            Column(header="range", cell=lambda r: f"{r['range_km']:,.0f} km", align="right"),
            Column(header="ends (UTC)", cell=_ending),
        ),
        records=records,
    )


def _ending(record: Record) -> str:
    """When the flight ends, and how when it is not an impact (``orbit``, ``breakup``)."""
    how = "" if record["ending"] == "impact" else f" {record['ending']}"
    return _time(record["impact_time"]) + how


def _short(airways: str, count: int = 2) -> str:
    names = airways.split()
    return " ".join(names[:count]) + (" ..." if len(names) > count else "")


def _closures(text: str) -> str:
    """``B467-closure +1``: the first closure met and how many more."""
    ids = [c for c in text.split(",") if c]
    return "-" if not ids else ids[0] + (f" +{len(ids) - 1}" if len(ids) > 1 else "")


def flow_records(advisory: Advisory, *, recommended: bool = False) -> tuple[Record, ...]:
    """Per flow: its figures and its suggested reroute's cost, per flight and per day (per
    flight times the flights affected per day); ``recommended``: against the recommended
    closures instead of the declared ones."""
    reroutes = advisory.recommended_reroutes if recommended else advisory.reroutes
    flows = advisory.recommended_flows if recommended else advisory.flows
    best = reroutes[reroutes["suggested"].astype(bool)].set_index("flow_id")
    found = []
    if recommended:  # the recommended stretches a flow meets, by airway name
        names = dict(
            zip(advisory.recommendations["id"], advisory.recommendations["route"], strict=True)
        )
        flows = flows.assign(
            closures_hit=[
                ",".join(dict.fromkeys(names.get(c, c) for c in str(hit).split(",") if c))
                for hit in flows["closures_hit"]
            ]
        )
    for f in flows.drop(columns="geometry").to_dict("records"):
        r = best.loc[f["flow_id"]] if f["flow_id"] in best.index else None
        day = f["flights_affected_per_day"]
        cost = {
            name: None if r is None else r[name]
            for name in ("extra_nm", "extra_min", "extra_fuel_kg", "extra_co2_kg")
        }
        found.append(
            {
                **f,
                "reroute": _short(str(r["airways"])) if r is not None else None,
                **cost,
                **{f"{k}_day": None if v is None else v * day for k, v in cost.items()},
            }
        )
    return tuple(found)


def flows_view(advisory: Advisory, *, recommended: bool = False) -> View:
    """Traffic: flights per day, those affected, the closures met (the declared ones, or with
    ``recommended`` the recommended ones)."""
    return View(
        title="Flows under the recommended closures" if recommended else "Flows",
        columns=(
            Column(header="flow", cell=lambda r: str(r["flow_id"])),
            Column(header="from", cell=lambda r: str(r["origin"])),
            Column(header="to", cell=lambda r: str(r["destination"])),
            Column(header="flights/day", cell=lambda r: f"{r['flights_per_day']:g}", align="right"),
            Column(
                header="affected/day",
                cell=lambda r: f"{r['flights_affected_per_day']:g}",
                align="right",
            ),
            Column(header="closures met", cell=lambda r: _closures(str(r["closures_hit"]))),
        ),
        records=flow_records(advisory, recommended=recommended),
    )


def _total(records: tuple[Record, ...], name: str) -> float | None:
    values = [r[name] for r in records if r[name] is not None and r[name] == r[name]]
    return sum(values) if values else None


def reroutes_view(advisory: Advisory, *, recommended: bool = False) -> View:
    """The suggested reroute of each affected flow: extra distance, time, fuel and CO2 per
    flight, fuel and CO2 per day, and a total line."""
    records = tuple(
        r for r in flow_records(advisory, recommended=recommended) if r["reroute"] is not None
    )
    if len(records) > 1:
        total: dict[str, Any] = {k: None for k in records[0]}
        total.update(flow_id="total", reroute="")
        for name in ("extra_fuel_kg_day", "extra_co2_kg_day"):
            total[name] = _total(records, name)
        records = (*records, total)
    return View(
        title="Reroute cost: extra per flight; fuel and CO2 per day (t/d)",
        columns=(
            Column(header="flow", cell=lambda r: str(r["flow_id"])),
            Column(header="via", cell=lambda r: r["reroute"] or ""),
            Column(header="NM", cell=lambda r: _number(r["extra_nm"], "+.0f"), align="right"),
            Column(header="min", cell=lambda r: _number(r["extra_min"], "+.1f"), align="right"),
            Column(
                header="fuel kg", cell=lambda r: _number(r["extra_fuel_kg"], "+,.0f"), align="right"
            ),
            Column(
                header="CO2 kg", cell=lambda r: _number(r["extra_co2_kg"], "+,.0f"), align="right"
            ),
            Column(
                header="fuel t/d", cell=lambda r: _tonnes(r["extra_fuel_kg_day"]), align="right"
            ),
            Column(header="CO2 t/d", cell=lambda r: _tonnes(r["extra_co2_kg_day"]), align="right"),
        ),
        records=records,
    )


def _tonnes(kg: Any) -> str:
    return _number(None if kg is None else kg / 1000.0, "+,.1f")


def _short_window(record: Record) -> str:
    start, end = record["start"], record["end"]
    return f"{start:%d %H%M}-{end:%d %H%MZ}"


def recommendations_view(advisory: Advisory) -> View:
    """The applied recommended closures, best covered first (fits 80 columns)."""
    table = advisory.recommendations
    applied = table[table["applied"].astype(bool)] if len(table) else table
    rec = advisory.computed.recommendation
    stage = (
        "before the impact is known"
        if rec is None or rec.applied_stage == "launch"
        else ("narrowed by the observed impacts")
    )
    fir = rec.fir if rec is not None else "-"
    return View(
        title=f"Recommended closures in {fir} ({stage})",
        columns=(
            Column(header="#", cell=lambda r: str(r["rank"]), align="right"),
            Column(header="stretch", cell=lambda r: f"{r['route']} {r['from_fix']}-{r['to_fix']}"),
            Column(header="covered", cell=lambda r: f"{r['covered']:.0%}", align="right"),
            Column(header="NM", cell=lambda r: f"{r['length_nm']:,.0f}", align="right"),
            Column(header="levels", cell=lambda r: f"{r['lower']}-{r['upper']}"),
            Column(header="window (UTC)", cell=_short_window),
        ),
        records=tuple(applied.drop(columns="geometry").to_dict("records")),
    )


def comparison_view(advisory: Advisory) -> View:
    """Declared closures beside recommended ones, per airway."""
    return View(
        title="Declared and recommended, side by side",
        columns=(
            Column(header="airway", cell=lambda r: str(r["route"])),
            Column(header="declared", cell=lambda r: str(r["declared"]) or "-"),
            Column(header="recommended", cell=lambda r: str(r["recommended"]) or "-"),
            Column(header="verdict", cell=lambda r: str(r["verdict"])),
        ),
        records=tuple(advisory.comparison.drop(columns="geometry").to_dict("records")),
    )


def closure_lines(advisory: Advisory) -> list[str]:
    """One line per hazard volume and declared closure: id, kind, levels, window and its
    active periods (``RPHI-B3810 (declared, NOTAM B3810/25 of RPHI): SFC-UNL 2025-08-24 1800Z -
    2025-08-27 2100Z, active daily 1800-2100Z 2025-08-24 to 2025-08-27 (4 periods)``)."""
    lines = []
    for v in advisory.computed.volumes:
        what = f"{v.kind}, {v.route.label}" if v.route else v.kind
        if v.route is not None and v.route.fir is not None:
            what += f" in {v.route.fir}"
        if v.notam is not None:
            what += f", NOTAM {v.notam.number or '(no number)'} of {v.notam.fir}"
        lines.append(f"{v.id} ({what}): {v.limits.levels_text} {v.limits.schedule_text}")
    return lines


def views(advisory: Advisory) -> Sequence[View]:
    """The tables both the terminal and the report show, in order."""
    return (launches_view(advisory), flows_view(advisory), reroutes_view(advisory))
