"""The NOTAM bulletin of ``airspace notams`` rendered: a terminal table (80 columns), Markdown,
CSV (formula-safe), a GeoJSON of the areas, the airways closed and a map.

Only formatting: the NOTAMs, their volumes, the airways they close and the copies of one area
come computed in :class:`airspace.bulletin.Bulletin`.  NOTAM text is untrusted: terminal, Markdown
and CSV cells go through ``render.text``, the map escapes it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
import shapely

from airspace.maps import build_map, empty_frame
from airspace.maps.data import map_frame
from airspace.render.files import atomic_directory, geojson_text, write_csv
from airspace.render.mapview import MapView, affected_frame, firs_frame, network_frame
from airspace.render.report import records
from airspace.render.tables import Column, Record, View
from airspace.render.text import markdown_safe
from airspace.units import format_periods

if TYPE_CHECKING:
    import folium

    from airspace.bulletin import Bulletin

NETWORK_MARGIN_DEG: Final = 3.0  # the map shows the airways within this of any NOTAM area
MAX_GROUPS_SHOWN: Final = 20
FILES: Final = ("notams.csv", "notams.md", "notams.geojson", "airways.csv", "map.html")

_SHORT: Final = (
    ("no area", "no area"),
    ("replaced", "replaced"),
    ("cancelled", "cancelled"),
    ("NOTAMC", "NOTAMC"),
    ("the same text", "repeat"),
    ("C) PERM", "PERM"),
)


def _time(value: Any) -> str:
    """A time as items B)/C) write it (``yymmddhhmm``); ``PERM`` when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "PERM"
    return f"{value:%y%m%d%H%M}"


def _end(record: Record) -> str:
    """Item C) as written: ``yymmddhhmm``, with ``EST`` when estimated; ``PERM``; nothing for
    a NOTAMC without C)."""
    if record["type"] == "NOTAMC" and pd.isna(record["end"]):
        return ""
    return _time(record["end"]) + (" EST" if record.get("end_estimated") else "")


def _active(record: Record) -> str:
    if record["type"] == "NOTAMC":
        return ""
    return str(record["periods_text"]) or "whole window"


def _note(record: Record) -> str:
    """Why a NOTAM closes nothing, in a word, else its number of warnings (``EST``: its end is
    an estimate)."""
    status = str(record["status"])
    for start, word in _SHORT:
        if status.startswith(start):
            return word
    count = len(str(record["warnings"]).split("; ")) if record["warnings"] else 0
    notes = [f"{count} warn" if count else "", "EST" if record.get("end_estimated") else ""]
    return " ".join(n for n in notes if n)


def _records(bulletin: Bulletin) -> tuple[Record, ...]:
    periods = {v.id: format_periods(v.limits.periods) for v in bulletin.volumes}
    table = bulletin.table.drop(columns="geometry")
    return tuple(
        {**row, "periods_text": periods.get(row["id"], row["schedule"] or "")}
        for row in table.to_dict("records")
    )


def terminal_view(bulletin: Bulletin) -> View:
    """The summary table of the terminal: at most 80 columns wide."""
    return View(
        title="NOTAMs",
        columns=(
            Column(header="id", cell=lambda r: str(r["id"]), width=14),
            Column(header="FIR", cell=lambda r: str(r["fir"]), width=4),
            Column(header="B)", cell=lambda r: _time(r["start"]), width=10),
            Column(header="C)", cell=lambda r: _end(r)[:10], width=10),
            Column(
                header="D)",
                cell=lambda r: str(len(r["periods"] or ())) if r["schedule"] else "",
                align="right",
                width=4,
            ),
            Column(header="F)-G)", cell=lambda r: f"{r['lower']}-{r['upper']}", width=12),
            Column(header="areas", cell=lambda r: str(r["areas"]), align="right", width=5),
            Column(
                header="awys",
                cell=lambda r: str(len(str(r["airways"]).split())),
                align="right",
                width=4,
            ),
            Column(header="note", cell=_note, width=9),
        ),
        records=_records(bulletin),
    )


def markdown_view(bulletin: Bulletin) -> View:
    """The full table of ``notams.md``: periods, status, copies, airways and warnings in words."""
    return View(
        title="NOTAMs",
        columns=(
            Column(header="id", cell=lambda r: str(r["id"])),
            Column(header="FIR", cell=lambda r: str(r["fir"])),
            Column(header="B)", cell=lambda r: _time(r["start"])),
            Column(header="C)", cell=_end),
            Column(header="active (D)", cell=_active),
            Column(header="F)-G)", cell=lambda r: f"{r['lower']}-{r['upper']}"),
            Column(header="areas", cell=lambda r: str(r["areas"]), align="right"),
            Column(header="status", cell=lambda r: str(r["status"])),
            Column(header="same area as", cell=lambda r: str(r["same_area"]).replace(",", ", ")),
            Column(header="airways closed", cell=lambda r: str(r["airways"])),
            Column(header="warnings", cell=lambda r: str(r["warnings"])),
        ),
        records=_records(bulletin),
    )


def summary_lines(bulletin: Bulletin) -> list[str]:
    """What was read, in a few lines (the terminal and ``notams.md``)."""
    notams = bulletin.notams
    closures = sum(1 for n in notams if n.is_closure)
    out: dict[str, int] = {}
    for n in notams:
        if n.left_out:
            word = _note({"status": n.left_out, "warnings": ""})
            out[word] = out.get(word, 0) + 1
    left = ", ".join(f"{count:,} {word}" for word, count in out.items())
    airways = bulletin.affected_routes["route"].nunique()
    files = ", ".join(bulletin.files)
    return [
        f"{len(notams):,} NOTAMs read from {files}: {closures:,} close airspace"
        + (f" (left out: {left})" if left else ""),
        f"{len(bulletin.warnings):,} warnings; {airways:,} airways closed; "
        f"{len(bulletin.groups):,} areas published more than once",
    ]


def group_lines(bulletin: Bulletin) -> list[str]:
    """Each area published by several NOTAMs: ``A2550/23 (ZJSA) = A0875/23 (VHHK)``."""
    fir = {n.id: n.notam.fir for n in bulletin.notams}
    return [" = ".join(f"{i} ({fir[i]})" for i in group) for group in bulletin.groups]


def bulletin_markdown(bulletin: Bulletin) -> str:
    """``notams.md``: summary, the table with warnings, copies of one area, airways closed."""
    view = markdown_view(bulletin)
    out = ["# NOTAMs", "", *(f"{markdown_safe(line)}  " for line in summary_lines(bulletin)), ""]
    out += [
        "| " + " | ".join(view.headers) + " |",
        "|" + "|".join("---:" if c.align == "right" else "---" for c in view.columns) + "|",
    ]
    out += ["| " + " | ".join(markdown_safe(c) for c in row) + " |" for row in view.rows()]
    out += ["", "## Areas published more than once", ""]
    out += [f"- {markdown_safe(line)}" for line in group_lines(bulletin)] or ["- none"]
    out += ["", "## Airways closed", ""]
    lines = list(bulletin.affected_routes["text"])
    out += [f"- {markdown_safe(line)}" for line in lines] or ["- none"]
    return "\n".join(out).rstrip() + "\n"


def bulletin_data(bulletin: Bulletin) -> dict[str, Any]:
    """The bulletin as JSON-ready data (``--json``)."""
    return {
        "files": list(bulletin.files),
        "summary": summary_lines(bulletin),
        "warnings": [str(w) for w in bulletin.warnings],
        "notams": records(bulletin.table),
        "same_area": [list(group) for group in bulletin.groups],
        "airways": records(bulletin.affected_routes),
    }


# --------------------------------------------------------------------------------------------
# Map


def bulletin_view(bulletin: Bulletin) -> MapView:
    """The bulletin as map frames: NOTAM areas as closures (popups with the NOTAM text,
    warnings and copies), the airways they close, the network near them, FIRs."""
    table = bulletin.table
    shown = table[table.geometry.notna()]
    copies = [f"same area as {s.replace(',', ', ')}" if s else "" for s in shown["same_area"]]
    closures = pd.DataFrame(
        {
            "id": shown["id"],
            "kind": "declared",  # published NOTAMs
            "route": None,
            "fir": shown["fir"],
            "lower": shown["lower"],
            "upper": shown["upper"],
            "start": shown["start"],
            "end": shown["end"],
            "reason": copies,
            "notam": shown["notam"],
            "periods": shown["periods"],
            "warnings": shown["warnings"],
            "geometry": shown.geometry,
        }
    )
    boxes = [shapely.box(*v.area.bounds).buffer(NETWORK_MARGIN_DEG) for v in bulletin.volumes]
    names = ", ".join(Path(f).name for f in bulletin.files)
    return MapView(
        name=f"NOTAMs: {names}",
        timezone="UTC",
        trajectory_points=empty_frame("trajectory_points"),
        launch_points=empty_frame("launch_points"),
        closures=map_frame("closures", closures),
        affected_segments=affected_frame(bulletin.segments, bulletin.volumes),
        network_segments=network_frame(bulletin.network, boxes),
        flows=empty_frame("flows"),
        firs=firs_frame(bulletin.network, _bounds(boxes)),
        alerts=empty_frame("alerts"),
        labels=empty_frame("labels"),
    )


def _bounds(boxes: list[shapely.Geometry]) -> tuple[float, float, float, float] | None:
    """The (west, south, east, north) round the boxes, within the world; None for no box."""
    if not boxes:
        return None
    west, south, east, north = shapely.total_bounds(boxes)
    return max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0)


def bulletin_map(bulletin: Bulletin, *, offline: bool = False) -> folium.Map:
    """The NOTAM areas, the airways they close and the network near them on a map."""
    return build_map(bulletin_view(bulletin), offline=offline)


# --------------------------------------------------------------------------------------------
# Files


def _intervals(periods: Any) -> str:
    """Periods as ISO 8601 intervals, space-separated (``start/end start/end``), for CSV."""
    if not isinstance(periods, Sequence) or isinstance(periods, str):
        return ""
    return " ".join(f"{a}/{b}" for a, b in periods)


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    out = table.drop(columns=["geometry", "notam"], errors="ignore").copy()
    if "periods" in out.columns:
        out["periods"] = [_intervals(p) for p in out["periods"]]
    return out


def save_bulletin(bulletin: Bulletin, outdir: Path, *, offline_map: bool = False) -> Path:
    """Write notams.csv, notams.md, notams.geojson, airways.csv and map.html into ``outdir``,
    all or nothing (a folder that is not a previous output of this tool is never touched)."""
    with atomic_directory(outdir) as tmp:
        table = bulletin.table
        write_csv(tmp / "notams.csv", _flat(table))
        (tmp / "notams.md").write_text(bulletin_markdown(bulletin), encoding="utf-8")
        areas = table[table.geometry.notna()]
        (tmp / "notams.geojson").write_text(geojson_text(areas), encoding="utf-8")
        write_csv(tmp / "airways.csv", _flat(bulletin.affected_routes))
        bulletin_map(bulletin, offline=offline_map).save(str(tmp / "map.html"))
    return outdir


__all__ = [
    "FILES",
    "bulletin_data",
    "bulletin_map",
    "bulletin_markdown",
    "bulletin_view",
    "group_lines",
    "markdown_view",
    "save_bulletin",
    "summary_lines",
    "terminal_view",
]
