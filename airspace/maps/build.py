"""``build_map``: a Folium map of a :class:`~airspace.maps.data.MapData`, one self-contained page.

Leaflet and the project's application are inlined (no CDN, no request at start); the basemap is
vector (Natural Earth land, coastlines, borders, country names) with labels of the places,
airports and fixes the data names; online tile layers are offered as extra base layers that
simply stay empty without a network.  The page gets one JSON model (:func:`model`) from which
``airspace.app`` (``static/app.js``) builds the layers, labels, side panel and timeline.
"""

from __future__ import annotations

from typing import Any, Final, cast

import folium
import geopandas as gpd
import shapely
from branca.element import Figure

from airspace.maps import assets, flows, labels, layers, panel, text, timeline
from airspace.maps.basemap import BASEMAP_ATTRIBUTION, TILE_PROVIDERS, basemap
from airspace.maps.data import MapData
from airspace.maps.elements import App, RawHtml, inline_script, inline_style
from airspace.maps.geometry import (
    Bounds,
    all_lons,
    clip_lines,
    feature,
    frame_centre,
    geometries_to_frame,
)
from airspace.maps.legend import legend_html

#: Tables that define the view (the map opens fitted to them).
FOCUS_TABLES: Final = (
    "trajectory_points",
    "launch_points",
    "closures",
    "affected_segments",
    "alerts",
)
TABLES: Final = (*FOCUS_TABLES, "flows", "firs", "labels")
WORLD: Final = Bounds(-180.0, -60.0, 180.0, 75.0)
NETWORK_TOLERANCE_DEG: Final = 0.01
#: A reroute leaves its baseline where it is more than this far from it (degrees).
DETOUR_BUFFER_DEG: Final = 0.25


def _framed(table: gpd.GeoDataFrame, centre: float) -> gpd.GeoDataFrame:
    out = table.copy()
    out["geometry"] = gpd.GeoSeries(
        geometries_to_frame(table.geometry, centre), index=table.index, crs="EPSG:4326"
    )
    return out[~out.geometry.isna() & ~out.geometry.is_empty]


def _network_in_view(
    table: gpd.GeoDataFrame, centre: float, view: Bounds, firs: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Network segments in ``view`` (in the frame), simplified, and cut at the boundaries of
    the FIRs the view touches (where the map draws an edge anyway) rather than at a box."""
    if table.empty:
        return table
    candidates: set[int] = set()
    for shift in (-360.0, 0.0, 360.0):  # the view in each copy of [-180, 180]
        query = Bounds(view.west + shift, view.south, view.east + shift, view.north).polygon()
        candidates.update(int(i) for i in table.sindex.query(query, predicate="intersects"))
    part = table.iloc[sorted(candidates)]
    clipped = clip_lines(geometries_to_frame(part.geometry, centre), view, NETWORK_TOLERANCE_DEG)
    if not firs.empty:
        near = firs[firs.intersects(view.polygon())]
        if not near.empty:
            clipped = shapely.intersection(clipped, shapely.union_all(near.geometry.to_numpy()))
    keep = ~shapely.is_empty(clipped)
    return gpd.GeoDataFrame(
        {"route": part["route"].to_numpy()[keep]}, geometry=list(clipped[keep]), crs="EPSG:4326"
    )


def _detours(table: gpd.GeoDataFrame, near: Bounds) -> list[shapely.Geometry]:
    """Where each reroute leaves its baseline, within ``near``: the start of a trans-Pacific
    reroute belongs in the view, the ocean crossing it shares with the baseline does not."""
    base = table[table["kind"] == "baseline"]
    baselines = dict(zip(base["flow_id"].astype(str), base.geometry, strict=True))
    box = near.polygon()
    parts = []
    for row in table[table["kind"] != "baseline"].itertuples(index=False):
        line = baselines.get(str(row.flow_id))
        if row.geometry is None or line is None:
            continue
        away = shapely.difference(row.geometry, shapely.buffer(line, DETOUR_BUFFER_DEG))
        parts.append(shapely.intersection(away, box))
    return [p for p in parts if not p.is_empty]


def _keys(values: Any, prefix: str) -> dict[str, str]:
    keys: dict[str, str] = {}
    for value in values:
        keys.setdefault(str(value), f"{prefix}{len(keys)}")
    return keys


def _collection(geometries: list[Any], decimals: int) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [feature(g, {}, decimals) for g in geometries],
    }


def _spec_json(spec: layers.LayerSpec) -> dict[str, Any]:
    return {
        "id": spec.id,
        "name": text.esc(spec.name),
        "pane": spec.pane,
        "show": spec.show,
        "fc": {"type": "FeatureCollection", "features": spec.features},
    }


def _events(data: MapData, closures: list[dict[str, Any]], timezone: str) -> list[Any]:
    found = []
    for row in closures:
        for start, end in row["active"]:
            if start is not None:
                found.append(timeline.Event(t_ms=start, what=f"{row['id']} starts"))
            if end is not None:
                found.append(timeline.Event(t_ms=end, what=f"{row['id']} ends"))
    for row in data.launch_points.itertuples(index=False):
        t = text.utc_ms(row.time)
        if t is not None:
            what = "launch" if row.role == "site" else "impact"
            found.append(timeline.Event(t_ms=t, what=f"{text.esc(row.launch_id)} {what}"))
    return timeline.moments(found)


def model(data: MapData) -> dict[str, Any]:
    """Everything the page draws, as JSON-ready data (strings escaped, see module docs)."""
    tz = data.timezone
    tables = {name: getattr(data, name) for name in TABLES}
    focus_geoms = [g for name in FOCUS_TABLES for g in tables[name].geometry]
    centre = frame_centre(all_lons([*focus_geoms, *tables["flows"].geometry]))
    framed = {name: _framed(t, centre) for name, t in tables.items()}

    focus = Bounds.of(g for name in FOCUS_TABLES for g in framed[name].geometry)
    if focus is None:
        focus = Bounds.of(framed["flows"].geometry) or Bounds.of(framed["firs"].geometry)
    else:  # and where the reroutes leave their baselines, near the scenario
        detours = _detours(framed["flows"], focus.padded(0.5, 5.0))
        focus = Bounds.of([focus.polygon(), *detours]) or focus
    view = focus.padded(0.1, 0.5) if focus is not None else WORLD
    network_view = view.padded(0.75, 4.0)
    network = _network_in_view(data.network_segments, centre, network_view, framed["firs"])

    # the basemap: native detail round the scenario, the rest of the world coarse
    region = Bounds(centre - 180.0, -85.0, centre + 180.0, 85.0)
    base = basemap(centre, network_view, region)

    closure_keys = _keys(data.closures["id"], "c")
    flow_keys = _keys(data.flows["flow_id"], "f")
    specs = [
        *layers.firs(framed["firs"]),
        *layers.network(network),
        *flows.flow_layers(framed["flows"], flow_keys, closure_keys),
        *layers.closed_airways(framed["affected_segments"], tz, closure_keys),
        *layers.trajectories(framed["trajectory_points"]),
        *layers.alerts(framed["alerts"], tz),
        *layers.launch_points(framed["launch_points"], tz),
        *layers.closures(framed["closures"], tz, closure_keys),
    ]
    closure_rows = panel.closure_rows(data.closures, framed["closures"], tz, closure_keys)
    moments = _events(data, closure_rows, tz)
    span = (moments[0].t_ms, moments[-1].t_ms) if moments else None
    all_labels = [
        *labels.airway_labels(framed["affected_segments"]),
        *labels.alert_labels(framed["alerts"]),
        *labels.data_labels(framed["labels"]),
        *labels.country_labels(base.names),
        *flows.flow_labels(framed["flows"], view),
    ]
    return {
        "name": text.esc(data.name),
        "summary": _summary(data, closure_rows),
        "view": [[view.south, view.west], [view.north, view.east]],
        "basemap": {
            "land": _collection(base.land, 3),
            "coast": _collection(base.coast, 3),
            "borders": _collection(base.borders, 3),
            "attribution": text.esc(BASEMAP_ATTRIBUTION),
        },
        "tiles": [list(t) for t in TILE_PROVIDERS],
        "layers": [_spec_json(s) for s in specs],
        "legend": legend_html(specs),
        "labels": labels.to_json(all_labels),
        "closures": closure_rows,
        "flows": flows.flow_rows(data.flows, flow_keys),
        "flowPaths": flows.flow_paths(framed["flows"], flow_keys),
        "launches": panel.launch_rows(data.launch_points, framed["launch_points"], tz),
        "alerts": panel.alert_rows(framed["alerts"], tz),
        "time": {
            "zone": text.esc(timeline.zone_name(tz)),
            "offsets": timeline.zone_offsets(tz, *span) if span else [],
            "moments": [{"t": m.t_ms, "what": m.what} for m in moments],
        },
    }


def _summary(data: MapData, closure_rows: list[dict[str, Any]]) -> str:
    table = data.flows
    base = table[table["kind"] == "baseline"] if not table.empty else table
    affected = int((base["flights_affected_per_day"].fillna(0) > 0).sum()) if len(base) else 0
    areas = sum(1 for r in closure_rows if not r["route"])
    airways = len(closure_rows) - areas
    parts = [
        f"{areas} closure area{'s' if areas != 1 else ''}",
        f"{airways} airway closure{'s' if airways != 1 else ''}",
        f"{affected}/{len(base)} flows affected",
    ]
    return text.esc(" \u00b7 ".join(parts))


def build_map(data: MapData, *, offline: bool | None = None) -> folium.Map:
    """The interactive map of ``data``: a self-contained page that fetches nothing at start.

    ``offline`` is accepted for compatibility and ignored: every map is self-contained."""
    del offline
    m = folium.Map(
        tiles=None,
        control_scale=False,
        zoom_start=2,
        location=[0.0, 0.0],
        zoom_snap=0.25,
        zoom_control=False,
    )
    m.default_js, m.default_css = [], []
    root = cast(Figure, m.get_root())
    root.header.add_child(RawHtml(f"<title>{text.esc(data.name)}</title>"), name="title")
    root.header.add_child(
        RawHtml('<meta name="viewport" content="width=device-width, initial-scale=1">'),
        name="viewport",
    )
    root.header.add_child(inline_style(assets.leaflet_css()), name="leaflet_css")
    root.header.add_child(inline_script(assets.leaflet_js()), name="leaflet")
    root.header.add_child(inline_style(assets.app_css()), name="airspace_css")
    root.header.add_child(inline_script(assets.app_js()), name="airspace_js")
    App(model(data)).add_to(m)
    return m
