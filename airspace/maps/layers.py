"""Map layers as GeoJSON feature collections: geometry in the map's frame, a Leaflet style
(``_s``), an escaped tooltip (``_t``) or permanent label (``_l``) and an escaped popup (``_p``).

Every builder takes one table of :class:`~airspace.maps.data.MapData` whose geometries are
already in the frame (see :mod:`airspace.maps.geometry`) and returns the layers it makes;
an empty table makes none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from airspace.maps import text
from airspace.maps.geometry import feature

DECIMALS: Final = 4  # ~11 m
NETWORK_DECIMALS: Final = 3  # ~110 m, for the simplified background network

#: Altitude colour ramp of trajectories: lower edges in km and colours (plasma).
ALTITUDE_EDGES_KM: Final = (0.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0)
ALTITUDE_COLOURS: Final = (
    "#0d0887",
    "#5b02a3",
    "#9a179b",
    "#cb4678",
    "#eb7852",
    "#fbb32f",
    "#f0f921",
)


@dataclass(frozen=True)
class LayerSpec:
    """One switchable overlay: its name, legend swatch style and GeoJSON features."""

    name: str
    swatch: dict[str, Any]
    features: list[dict[str, Any]]


def _fill(colour: str, opacity: float = 0.3, dash: str | None = None) -> dict[str, Any]:
    style: dict[str, Any] = {"color": colour, "weight": 1.5, "fillColor": colour}
    style["fillOpacity"] = opacity
    if dash:
        style["dashArray"] = dash
    return style


def _line(
    colour: str, weight: float, dash: str | None = None, opacity: float = 0.9
) -> dict[str, Any]:
    style: dict[str, Any] = {"color": colour, "weight": weight, "opacity": opacity, "fill": False}
    if dash:
        style["dashArray"] = dash
    return style


def _dot(colour: str, fill: str, radius: float) -> dict[str, Any]:
    return {
        "color": colour,
        "weight": 1.5,
        "fillColor": fill,
        "fillOpacity": 0.95,
        "radius": radius,
    }


def altitude_colour(alt_km: float) -> str:
    """Colour of the ramp bin holding ``alt_km``."""
    index = int(np.searchsorted(ALTITUDE_EDGES_KM, alt_km, side="right")) - 1
    return ALTITUDE_COLOURS[max(0, min(index, len(ALTITUDE_COLOURS) - 1))]


def trajectories(points: gpd.GeoDataFrame) -> list[LayerSpec]:
    """Each launch's samples as lines, one piece per run of samples in the same altitude bin."""
    features: list[dict[str, Any]] = []
    for launch_id, group in points.groupby("launch_id", sort=False):
        group = group.sort_values("time")
        xy = shapely.get_coordinates(group.geometry.to_numpy())
        xy[:, 0] = np.unwrap(xy[:, 0], period=360.0)  # continuous across the frame's edge
        alt_km = group["alt_m"].to_numpy(dtype=np.float64) / 1000.0
        times = group["time"].to_list()
        if len(xy) < 2:
            continue
        mid_km = (alt_km[:-1] + alt_km[1:]) / 2.0
        bins = np.searchsorted(ALTITUDE_EDGES_KM, mid_km, side="right")
        cuts = np.flatnonzero(np.diff(bins)) + 1
        for lo, hi in zip(
            np.concatenate([[0], cuts]), np.concatenate([cuts, [len(bins)]]), strict=True
        ):
            piece = shapely.linestrings(xy[lo : hi + 1])
            a0, a1 = float(alt_km[lo : hi + 1].min()), float(alt_km[lo : hi + 1].max())
            tip = (
                f"<b>{text.esc(launch_id)}</b><br>{text.when(times[lo], 'UTC')} \u2013 "
                f"{text.when(times[hi], 'UTC')}<br>altitude {a0:,.0f}\u2013{a1:,.0f} km"
            )
            style = _line(altitude_colour(float(mid_km[lo])), 3.0)
            features.append(feature(piece, {"_s": style, "_t": tip}, DECIMALS))
    if not features:
        return []
    return [LayerSpec("Trajectories (colour = altitude)", _line(ALTITUDE_COLOURS[3], 3), features)]


def launch_points(table: gpd.GeoDataFrame, timezone: str) -> list[LayerSpec]:
    """Launch sites (black-rimmed yellow) and impact points (red)."""
    features = []
    for row in table.itertuples(index=False):
        site = row.role == "site"
        style = _dot("#111", "#ffd400", 5) if site else _dot("#600", "#e0001b", 4)
        label = "launch site" if site else "impact point"
        tip = f"<b>{text.esc(row.launch_id)}</b> {label}<br>{text.esc(row.vehicle)}"
        pop = text.popup(
            f"{row.launch_id} ({label})",
            [
                ("Vehicle", text.esc(row.vehicle)),
                ("Time", text.when(row.time, timezone)),
                ("Note", text.esc(row.description)),
            ],
        )
        features.append(feature(row.geometry, {"_s": style, "_t": tip, "_p": pop}, DECIMALS))
    if not features:
        return []
    return [LayerSpec("Launch sites and impact points", _dot("#111", "#ffd400", 5), features)]


def _warnings_row(row: Any) -> list[tuple[str, str]]:
    """A popup row with the NOTAM reader's warnings, when the table has any for the row."""
    found = getattr(row, "warnings", None)
    return [("Warnings", text.esc(found))] if isinstance(found, str) and found else []


HAZARD_LAYERS: Final = (
    ("Dispersion areas", ("impact", "debris-response"), _fill("#f28e2b", 0.3)),
    ("Stage drop zones", ("stage-drop", "landing-zone"), _fill("#8e44ad", 0.25, "6 4")),
    (
        "Hazard volumes (ascent, descent, declared)",
        ("ascent", "descent", "declared"),
        _fill("#a0522d", 0.15, "2 4"),
    ),
    ("Threat corridors (precautionary)", ("precaution",), _fill("#c9a100", 0.08, "10 6")),
)


def hazards(table: gpd.GeoDataFrame, timezone: str) -> list[LayerSpec]:
    """Hazard volumes split by kind: dispersion areas, stage drop zones, the rest."""
    specs = []
    for name, kinds, style in HAZARD_LAYERS:
        part = table[table["kind"].isin(kinds)]
        features = []
        for row in part.itertuples(index=False):
            limits = f"{text.esc(row.lower)} \u2013 {text.esc(row.upper)}"
            tip = f"<b>{text.esc(row.id)}</b> ({text.esc(row.kind)}) {limits}"
            pop = text.popup(
                f"Hazard {row.id}",
                [
                    ("Kind", text.esc(row.kind)),
                    ("Limits", f"{text.esc(row.lower)} \u2013 {text.esc(row.upper)}"),
                    ("Window", text.window(row.start, row.end, timezone)),
                    ("Reason", text.esc(row.reason)),
                    ("Sources", text.esc(row.sources)),
                    *_warnings_row(row),
                ],
            )
            features.append(feature(row.geometry, {"_s": style, "_t": tip, "_p": pop}, DECIMALS))
        if features:
            specs.append(LayerSpec(name, style, features))
    return specs


CLOSURE_STYLE: Final = {**_fill("#d62728", 0.4), "weight": 2.5}


def closures(table: gpd.GeoDataFrame, timezone: str) -> list[LayerSpec]:
    """Closure zones with limits, window (UTC and local), reason and the NOTAM text."""
    features = []
    for row in table.itertuples(index=False):
        tip = (
            f"<b>Closure {text.esc(row.id)}</b> {text.esc(row.fir)}<br>"
            f"{text.window(row.start, row.end, timezone)}"
        )
        pop = text.popup(
            f"Closure {row.id}",
            [
                ("FIR", text.esc(row.fir)),
                ("Limits", f"{text.esc(row.lower)} \u2013 {text.esc(row.upper)}"),
                ("UTC", text.window(row.start, row.end, "UTC")),
                ("Local", text.window(row.start, row.end, timezone)),
                ("Reason", text.esc(row.reason)),
                *_warnings_row(row),
            ],
            pre=str(row.notam) if isinstance(row.notam, str) and row.notam else None,
        )
        props: dict[str, Any] = {"_s": CLOSURE_STYLE, "_t": tip, "_p": pop}
        props["_t0"] = text.utc_ms(row.start)
        props["_t1"] = text.utc_ms(row.end)
        features.append(feature(row.geometry, props, DECIMALS))
    if not features:
        return []
    return [LayerSpec("Closure zones", CLOSURE_STYLE, features)]


def network(table: gpd.GeoDataFrame) -> list[LayerSpec]:
    """The route network in view (already clipped and simplified), one feature per route."""
    if table.empty:
        return []
    style = _line("#7a7a7a", 1.0, opacity=0.55)
    grouped = table.groupby("route", sort=True).geometry.agg(
        lambda s: shapely.multilinestrings(shapely.get_parts(s.to_numpy()))
    )
    features = [
        feature(geom, {"_s": style, "_t": text.esc(route)}, NETWORK_DECIMALS)
        for route, geom in grouped.items()
    ]
    return [LayerSpec("Route network (in view)", style, features)]


AFFECTED_STYLE: Final = _line("#e4002b", 5.0, opacity=0.85)
RECOMMENDED_STYLE: Final = _line("#6a3d9a", 5.0, "10 7", opacity=0.9)


def affected_segments(table: gpd.GeoDataFrame, timezone: str) -> list[LayerSpec]:
    """Affected segments, with a permanent route-name label on the first segment of each route;
    segments a posture recommends closing (kind ``recommended``) in a layer of their own."""
    recommended = table["kind"].eq("recommended") if "kind" in table.columns else None
    if recommended is None or not recommended.any():
        return _segments(table, timezone, "Affected route segments", AFFECTED_STYLE)
    return [
        *_segments(table[~recommended], timezone, "Affected route segments", AFFECTED_STYLE),
        *_segments(table[recommended], timezone, "Recommended closures", RECOMMENDED_STYLE),
    ]


def _segments(
    table: gpd.GeoDataFrame, timezone: str, layer: str, style: dict[str, Any]
) -> list[LayerSpec]:
    features = []
    labelled: set[str] = set()
    for row in table.itertuples(index=False):
        name = f"{row.route} {row.from_fix}\u2013{row.to_fix}"
        pop = text.popup(
            f"Affected: {name}",
            [
                ("Closure", text.esc(row.closure)),
                ("Levels", f"{text.esc(row.lower)} \u2013 {text.esc(row.upper)}"),
                ("Window", text.window(row.start, row.end, timezone)),
                ("Reason", text.esc(row.reason)),
            ],
        )
        props: dict[str, Any] = {"_s": style, "_p": pop}
        route = str(row.route)
        if route in labelled:
            props["_t"] = text.esc(name)
        else:
            labelled.add(route)
            props["_l"] = text.esc(route)
        features.append(feature(row.geometry, props, DECIMALS))
    if not features:
        return []
    return [LayerSpec(layer, style, features)]


FLOW_STYLES: Final = {
    "baseline": ("Flows: baseline paths", _line("#1f5fbf", 3.0, "8 6")),
    "reroute": ("Flows: suggested reroutes", _line("#1b9e3e", 3.5)),
    "recommended-reroute": (
        "Flows: reroutes round the recommended closures",
        _line("#6a3d9a", 3.0, "3 6"),
    ),
}


def flows(table: gpd.GeoDataFrame) -> list[LayerSpec]:
    """Baseline paths (dashed blue) and reroutes (green) with extra NM / min / fuel."""
    specs = []
    for kind, (name, style) in FLOW_STYLES.items():
        features = []
        for row in table[table["kind"] == kind].itertuples(index=False):
            extra = (
                f"{text.number(row.extra_nm, 'NM', signed=True)}, "
                f"{text.number(row.extra_min, 'min', 1, signed=True)}, "
                f"{text.number(row.extra_fuel_kg, 'kg fuel', signed=True)}"
            )
            route = f"{text.esc(row.origin)} \u2192 {text.esc(row.destination)}"
            tip = f"<b>{text.esc(row.flow_id)}</b> {text.esc(kind)} {route}<br>{extra}"
            pop = text.popup(
                f"Flow {row.flow_id} ({kind})",
                [("Route", route), ("Airways", text.esc(row.airways)), ("Extra", extra)],
            )
            features.append(feature(row.geometry, {"_s": style, "_t": tip, "_p": pop}, DECIMALS))
        if features:
            specs.append(LayerSpec(name, style, features))
    return specs


def firs(table: gpd.GeoDataFrame) -> list[LayerSpec]:
    """FIR boundaries: official outlines solid, approximate ones dashed."""
    features = []
    for row in table.itertuples(index=False):
        official = bool(row.official) if not pd.isna(row.official) else False
        style = _line("#4d4d4d", 1.5, None if official else "6 5", 0.8)
        note = "official" if official else "approximate"
        tip = f"<b>{text.esc(row.code)}</b> {text.esc(row.name)} ({note})"
        features.append(feature(row.geometry.boundary, {"_s": style, "_t": tip}, DECIMALS))
    if not features:
        return []
    return [LayerSpec("FIR boundaries", _line("#4d4d4d", 1.5, "6 5"), features)]


def alerts(table: gpd.GeoDataFrame, timezone: str) -> list[LayerSpec]:
    """Overflight alerts: places passed over, with time, altitude and distance from the track."""
    style = _dot("#000", "#ff7f0e", 3.5)
    features = []
    for row in table.itertuples(index=False):
        alt = text.number(float(row.alt_m) / 1000.0, "km")
        tip = f"<b>Overflight: {text.esc(row.place)}</b><br>{text.esc(row.launch_id)} at {alt}"
        pop = text.popup(
            f"Overflight alert: {row.place}",
            [
                ("Launch", text.esc(row.launch_id)),
                ("Time", text.when(row.time, timezone)),
                ("Altitude", alt),
                ("From track", text.number(row.distance_km, "km", 1)),
            ],
        )
        features.append(feature(row.geometry, {"_s": style, "_t": tip, "_p": pop}, DECIMALS))
    if not features:
        return []
    return [LayerSpec("Overflight alerts", style, features)]
