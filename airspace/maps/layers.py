"""Map layers as GeoJSON features: geometry in the map's frame and properties the page reads:

- ``_s``: Leaflet style; ``_u``: style of a casing drawn under the feature (closed airways);
- ``_t``: escaped tooltip HTML; ``_p``: escaped popup HTML;
- ``_a``: active UTC intervals (ms) of a timed feature; ``_c``: keys of the closures whose
  activity it follows (affected segments, reroutes); ``_k``: its key in the side panel
  (``c3`` = closure 3, ``f1`` = flow 1).

Every builder takes one table of :class:`~airspace.maps.data.MapData` whose geometries are
already in the frame (see :mod:`airspace.maps.geometry`) and returns the layers it makes; an
empty table makes none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from airspace.maps import style, text
from airspace.maps.data import closure_class
from airspace.maps.geometry import feature
from airspace.maps.timeline import active_intervals, finite

DECIMALS: Final = 4  # ~11 m
NETWORK_DECIMALS: Final = 3  # ~110 m, for the simplified background network
CLASS_NAMES: Final = {
    "computed": "Closure areas: computed",
    "declared": "Closure areas: declared",
    "recommended": "Closure areas: recommended",
    "threat": "Threat corridors (precautionary)",
}


@dataclass(frozen=True, kw_only=True)
class LayerSpec:
    """One switchable overlay: a stable id, its name, legend swatch style and features.

    ``pane``: the Leaflet pane it is drawn in (closure areas above markers, so that a click
    inside a zone opens the zone); ``show``: on at start."""

    id: str
    name: str
    swatch: dict[str, Any]
    features: list[dict[str, Any]]
    pane: str = "overlayPane"
    show: bool = True
    note: str = ""
    casing: dict[str, Any] = field(default_factory=dict)


def _get(row: Any, name: str, default: Any = None) -> Any:
    return getattr(row, name, default)


def levels(lower: Any, upper: Any) -> str:
    return f"{text.esc(lower)} \u2013 {text.esc(upper)}"


def trajectories(points: gpd.GeoDataFrame) -> list[LayerSpec]:
    """Each launch's samples as lines, one piece per run of samples in the same altitude bin;
    active while the vehicle flies."""
    features: list[dict[str, Any]] = []
    for launch_id, group in points.groupby("launch_id", sort=False):
        group = group.sort_values("time")
        xy = shapely.get_coordinates(group.geometry.to_numpy())
        xy[:, 0] = np.unwrap(xy[:, 0], period=360.0)  # continuous across the frame's edge
        alt_km = group["alt_m"].to_numpy(dtype=np.float64) / 1000.0
        times = group["time"].to_list()
        if len(xy) < 2:
            continue
        flight = finite([(text.utc_ms(times[0]) or 0.0, text.utc_ms(times[-1]) or 0.0)])
        mid_km = (alt_km[:-1] + alt_km[1:]) / 2.0
        bins = np.searchsorted(style.ALTITUDE_EDGES_KM, mid_km, side="right")
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
            colour = style.altitude_colour(float(mid_km[lo]))
            props = {"_s": style.line(colour, 3.0), "_t": tip, "_a": flight}
            features.append(feature(piece, props, DECIMALS))
    if not features:
        return []
    swatch = style.line(style.ALTITUDE_COLOURS[3], 3)
    return [
        LayerSpec(
            id="trajectories",
            name="Trajectories (colour = altitude)",
            swatch=swatch,
            features=features,
        )
    ]


def launch_points(table: gpd.GeoDataFrame, timezone: str) -> list[LayerSpec]:
    """Launch sites (black) and impact points (white, black rim)."""
    features = []
    for row in table.itertuples(index=False):
        site = row.role == "site"
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
        dot = style.LAUNCH_SITE if site else style.IMPACT
        features.append(feature(row.geometry, {"_s": dot, "_t": tip, "_p": pop}, DECIMALS))
    if not features:
        return []
    return [
        LayerSpec(
            id="launches",
            name="Launch sites and impact points",
            swatch=style.LAUNCH_SITE,
            features=features,
        )
    ]


def closure_popup(row: Any, timezone: str) -> str:
    """A closure's popup: kind, limits, window (UTC and local), FIR, reason, NOTAM text."""
    rows = [
        ("Kind", f"{text.esc(row.kind)} ({closure_class(row.kind)})"),
        ("Levels", levels(row.lower, row.upper)),
        ("Window", text.window(row.start, row.end, timezone)),
    ]
    intervals = active_intervals(row.start, row.end, _get(row, "periods"))
    if len(intervals) > 1:
        shown = "<br>".join(text.window(s, e, timezone) for s, e in intervals[:12])
        more = f"<br>(and {len(intervals) - 12} more)" if len(intervals) > 12 else ""
        rows.append(("Active", shown + more))
    if isinstance(_get(row, "route"), str) and row.route:
        rows.append(("Airway", text.esc(row.route)))
    rows += [("FIR", text.esc(row.fir)), ("Reason", text.esc(row.reason))]
    found = _get(row, "warnings")
    if isinstance(found, str) and found:  # what the NOTAM reader interpreted or repaired
        rows.append(("Warnings", text.esc(found)))
    notam = row.notam if isinstance(row.notam, str) and row.notam else None
    return text.popup(f"Closure {row.id}", rows, pre=notam)


def closures(table: gpd.GeoDataFrame, timezone: str, keys: Mapping[str, str]) -> list[LayerSpec]:
    """Closure areas, one overlay per class (computed, declared, recommended), smallest on top;
    each with its limits, window, reason and NOTAM text.  Airway closures (line geometry) are
    drawn by :func:`closed_airways`."""
    areas = table[table.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    areas = areas.iloc[np.argsort(-shapely.area(areas.geometry.to_numpy()), kind="stable")]
    specs = []
    for cls, name in CLASS_NAMES.items():
        features = []
        for row in areas.itertuples(index=False):
            if closure_class(row.kind) != cls:
                continue
            tip = (
                f"<b>{text.esc(row.id)}</b> {text.esc(row.kind)}, "
                f"{levels(row.lower, row.upper)}<br>{text.window(row.start, row.end, timezone)}"
            )
            props: dict[str, Any] = {
                "_s": style.CLOSURE_STYLES[cls],
                "_t": tip,
                "_p": closure_popup(row, timezone),
                "_a": finite(active_intervals(row.start, row.end, _get(row, "periods"))),
                "_k": keys[str(row.id)],
            }
            features.append(feature(row.geometry, props, DECIMALS))
        if features:
            swatch = style.CLOSURE_STYLES[cls]
            specs.append(
                LayerSpec(
                    id=f"closures-{cls}", name=name, pane="zones", swatch=swatch, features=features
                )
            )
    return specs


def closed_airways(
    segments: gpd.GeoDataFrame, timezone: str, keys: Mapping[str, str]
) -> list[LayerSpec]:
    """Closed airway segments: black with a dashed yellow core, following their closure's
    clock; the popup names the closure, levels, window and reason."""
    recommended = (
        segments["kind"].eq("recommended").to_numpy()
        if "kind" in segments.columns
        else np.zeros(len(segments), dtype=bool)
    )
    specs = _airway_layer(segments[~recommended], timezone, keys, recommended=False)
    return specs + _airway_layer(segments[recommended], timezone, keys, recommended=True)


def _airway_layer(
    segments: gpd.GeoDataFrame, timezone: str, keys: Mapping[str, str], *, recommended: bool
) -> list[LayerSpec]:
    core = style.RECOMMENDED_AIRWAY if recommended else style.AIRWAY_CORE
    verb = "recommended closed" if recommended else "closed"
    features = []
    for row in segments.itertuples(index=False):
        name = f"{row.route} {row.from_fix}\u2013{row.to_fix}"
        pop = text.popup(
            f"{verb.capitalize()}: {name}",
            [
                ("Closure", text.esc(row.closure)),
                ("Levels", levels(row.lower, row.upper)),
                ("Window", text.window(row.start, row.end, timezone)),
                ("Reason", text.esc(row.reason)),
            ],
        )
        props: dict[str, Any] = {
            "_s": core,
            "_t": f"<b>{text.esc(name)}</b> {verb} ({text.esc(row.closure)})",
            "_p": pop,
            "_a": finite(active_intervals(row.start, row.end, _get(row, "periods"))),
        }
        if not recommended:
            props["_u"] = style.AIRWAY_CASING
        key = keys.get(str(row.closure))
        if key:
            props["_k"] = key
        features.append(feature(row.geometry, props, DECIMALS))
    if not features:
        return []
    if recommended:
        return [
            LayerSpec(
                id="airways-recommended",
                name="Recommended closures",
                swatch=core,
                features=features,
            )
        ]
    return [
        LayerSpec(
            id="airways",
            name="Closed airways",
            swatch=core,
            casing=style.AIRWAY_CASING,
            features=features,
        )
    ]


def network(table: gpd.GeoDataFrame) -> list[LayerSpec]:
    """The route network in view (already clipped and simplified), one feature per route."""
    if table.empty:
        return []

    def lines(s: gpd.GeoSeries) -> Any:
        parts = shapely.get_parts(shapely.get_parts(s.to_numpy()))
        return shapely.multilinestrings(parts[shapely.get_type_id(parts) == 1])

    grouped = table.groupby("route", sort=True).geometry.agg(lines)
    features = [
        feature(geom, {"_s": style.NETWORK, "_t": text.esc(route)}, NETWORK_DECIMALS)
        for route, geom in grouped.items()
    ]
    return [LayerSpec(id="network", name="Route network", swatch=style.NETWORK, features=features)]


def firs(table: gpd.GeoDataFrame) -> list[LayerSpec]:
    """FIR boundaries: official outlines solid, approximate ones dashed."""
    features = []
    for row in table.itertuples(index=False):
        official = bool(row.official) if not pd.isna(row.official) else False
        line = style.FIR_OFFICIAL if official else style.FIR
        note = "official" if official else "approximate"
        tip = f"<b>{text.esc(row.code)}</b> {text.esc(row.name)} ({note})"
        features.append(feature(row.geometry.boundary, {"_s": line, "_t": tip}, DECIMALS))
    if not features:
        return []
    return [LayerSpec(id="firs", name="FIR boundaries", swatch=style.FIR, features=features)]


def alerts(table: gpd.GeoDataFrame, timezone: str) -> list[LayerSpec]:
    """Overflight alerts, one per place: time, height, distance from the track (or how far past
    the impact a place in line with the flight lies)."""
    features = []
    for row in table.itertuples(index=False):
        beyond = float(_get(row, "beyond_impact_km", 0.0) or 0.0)
        where = text.alert_where(row.distance_km, beyond, bool(_get(row, "over", False)))
        height = "\u2014" if beyond > 0 else text.number(float(row.alt_m) / 1000.0, "km")
        tip = f"<b>{text.esc(row.place)}</b>: {where}"
        pop = text.popup(
            f"Overflight alert: {row.place}",
            [
                ("Launch", text.esc(row.launch_id)),
                ("Where", where),
                ("Time", text.when(row.time, timezone)),
                ("Height", height),
            ],
        )
        props = {"_s": style.ALERT, "_t": tip, "_p": pop}
        features.append(feature(row.geometry, props, DECIMALS))
    if not features:
        return []
    return [LayerSpec(id="alerts", name="Overflight alerts", swatch=style.ALERT, features=features)]
