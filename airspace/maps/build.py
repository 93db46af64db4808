"""``build_map``: a Folium map of a :class:`~airspace.maps.data.MapData`.

Online maps use standard tile providers (with their attribution) and folium's Fullscreen,
MeasureControl and MousePosition plugins.  Offline maps inline Leaflet from ``xstatic-leaflet``,
draw a vector coastline instead of tiles and use the project's own small fullscreen, measure and
mouse-position controls: the HTML file fetches nothing.
"""

from __future__ import annotations

from typing import Final, cast

import folium
import folium.plugins
import geopandas as gpd
import shapely
from branca.element import Figure
from folium.map import FitBounds

from airspace.maps import assets, layers, text
from airspace.maps.basemap import COASTLINE_ATTRIBUTION, TILE_PROVIDERS, coastline
from airspace.maps.data import MapData
from airspace.maps.elements import (
    Box,
    DataLayer,
    OfflineControls,
    RawHtml,
    TimeSlider,
    inline_script,
    inline_style,
)
from airspace.maps.geometry import (
    Bounds,
    all_lons,
    clip_lines,
    feature,
    frame_centre,
    geometries_to_frame,
)
from airspace.maps.legend import legend_html, title_html

#: Tables that define the view (the map opens fitted to them).
FOCUS_TABLES: Final = (
    "trajectory_points",
    "launch_points",
    "hazards",
    "closures",
    "affected_segments",
    "alerts",
)
WORLD: Final = Bounds(-180.0, -60.0, 180.0, 75.0)
NETWORK_TOLERANCE_DEG: Final = 0.01
#: A reroute leaves its baseline where it is more than this far from it (degrees).
DETOUR_BUFFER_DEG: Final = 0.25
#: Pixels kept clear of the legend and time slider (bottom left, ``LEGEND_WIDTH_PX`` wide).
LEGEND_WIDTH_PX: Final = 250


def _framed(table: gpd.GeoDataFrame, centre: float) -> gpd.GeoDataFrame:
    out = table.copy()
    out["geometry"] = gpd.GeoSeries(
        geometries_to_frame(table.geometry, centre), index=table.index, crs="EPSG:4326"
    )
    return out[~out.geometry.isna() & ~out.geometry.is_empty]


def _network_in_view(table: gpd.GeoDataFrame, centre: float, view: Bounds) -> gpd.GeoDataFrame:
    """Network segments clipped to ``view`` (in the frame) and simplified."""
    if table.empty:
        return table
    candidates: set[int] = set()
    for shift in (-360.0, 0.0, 360.0):  # the view in each copy of [-180, 180]
        query = Bounds(view.west + shift, view.south, view.east + shift, view.north).polygon()
        candidates.update(int(i) for i in table.sindex.query(query, predicate="intersects"))
    part = table.iloc[sorted(candidates)]
    clipped = clip_lines(geometries_to_frame(part.geometry, centre), view, NETWORK_TOLERANCE_DEG)
    keep = ~shapely.is_empty(clipped)
    return gpd.GeoDataFrame(
        {"route": part["route"].to_numpy()[keep]}, geometry=list(clipped[keep]), crs="EPSG:4326"
    )


def _detours(flows: gpd.GeoDataFrame, near: Bounds) -> list[shapely.Geometry]:
    """Where each reroute leaves its baseline, within ``near``: the start of a trans-Pacific
    reroute belongs in the view, the ocean crossing it shares with the baseline does not."""
    base = flows[flows["kind"] == "baseline"]
    baselines = dict(zip(base["flow_id"].astype(str), base.geometry, strict=True))
    box = near.polygon()
    parts = []
    for row in flows[flows["kind"] == "reroute"].itertuples(index=False):
        base = baselines.get(str(row.flow_id))
        if row.geometry is None or base is None:
            continue
        away = shapely.difference(row.geometry, shapely.buffer(base, DETOUR_BUFFER_DEG))
        parts.append(shapely.intersection(away, box))
    return [p for p in parts if not p.is_empty]


def _closure_window_ms(table: gpd.GeoDataFrame) -> tuple[float, float] | None:
    starts = [text.utc_ms(t) for t in table["start"]] if not table.empty else []
    ends = [text.utc_ms(t) for t in table["end"]] if not table.empty else []
    valid = [(s, e) for s, e in zip(starts, ends, strict=True) if s is not None and e is not None]
    if not valid:
        return None
    return min(s for s, _ in valid), max(e for _, e in valid)


def build_map(data: MapData, *, offline: bool = False) -> folium.Map:
    """The interactive map of ``data``: every layer switchable, legend, controls, fitted view.

    ``offline=True`` gives a self-contained page (no URL is fetched) with a vector coastline.
    """
    tz = data.timezone
    tables = {
        name: getattr(data, name) for name in (*FOCUS_TABLES, "flows", "firs", "network_segments")
    }
    focus_geoms = [g for name in FOCUS_TABLES for g in tables[name].geometry]
    centre = frame_centre(all_lons([*focus_geoms, *tables["flows"].geometry]))
    framed = {name: _framed(t, centre) for name, t in tables.items() if name != "network_segments"}

    focus = Bounds.of(g for name in FOCUS_TABLES for g in framed[name].geometry)
    everything = Bounds.of(g for t in framed.values() for g in t.geometry)
    if focus is None:
        focus = Bounds.of(framed["flows"].geometry) or Bounds.of(framed["firs"].geometry)
    else:  # and where the reroutes leave their baselines, near the scenario
        detours = _detours(framed["flows"], focus.padded(0.5, 5.0))
        focus = Bounds.of([focus.polygon(), *detours]) or focus
    view = focus.padded(0.15, 0.5) if focus is not None else WORLD
    network_view = view.padded(0.5, 2.0)
    network = _network_in_view(tables["network_segments"], centre, network_view)

    m = folium.Map(
        tiles=None, control_scale=True, zoom_start=2, location=[0.0, 0.0], zoom_snap=0.25
    )
    root = cast(Figure, m.get_root())
    root.header.add_child(RawHtml(f"<title>{text.esc(data.name)}</title>"), name="title")
    if offline:
        m.default_js, m.default_css = [], []
        root.header.add_child(inline_style(assets.leaflet_css()), name="leaflet_css")
        root.header.add_child(inline_script(assets.leaflet_js()), name="leaflet")
    root.header.add_child(inline_style(assets.HELPERS_CSS), name="airspace_css")
    root.header.add_child(inline_script(assets.HELPERS_JS), name="airspace_js")

    if offline:
        # coarse coastline well beyond the view: a wide window shows more than the fitted box
        height = view.north - view.south
        wide = max(view.east - view.west, 1.5 * height, 10.0)
        around = Bounds(view.west - wide, view.south, view.east + wide, view.north)
        around = around.padded(0.0, max(height / 2.0, 10.0)).polygon()
        region = (Bounds.of([(everything or WORLD).polygon(), around]) or WORLD).padded(0.1, 5.0)
        style = {"color": "#5b7083", "weight": 1, "fill": False, "interactive": False}
        coast = [feature(g, {"_s": style}, 2) for g in coastline(centre, network_view, region)]
        DataLayer(
            "Coastline (offline)", coast, overlay=False, attribution=COASTLINE_ATTRIBUTION
        ).add_to(m)
        root.header.add_child(
            inline_style(".leaflet-container { background: #f3f6f8; }"), name="offline_css"
        )
    else:
        for name, tiles, attr in TILE_PROVIDERS:
            folium.TileLayer(tiles, name=name, attr=attr, overlay=False, control=True).add_to(m)

    specs = [
        *layers.firs(framed["firs"]),
        *layers.network(network),
        *layers.hazards(framed["hazards"], tz),
        *layers.flows(framed["flows"]),
        *layers.affected_segments(framed["affected_segments"], tz),
        *layers.alerts(framed["alerts"], tz),
        *layers.trajectories(framed["trajectory_points"]),
        # closures above the track (often small at regional scale), under the site markers
        *layers.closures(framed["closures"], tz),
        *layers.launch_points(framed["launch_points"], tz),
    ]
    data_layers = {spec.name: DataLayer(spec.name, spec.features) for spec in specs}
    for layer in data_layers.values():
        layer.add_to(m)

    Box(title_html(data.name), "airspace-title", "topright").add_to(m)
    Box(legend_html(data.name, specs), "airspace-legend", "bottomleft").add_to(m)
    window = _closure_window_ms(tables["closures"])
    closure_layer = data_layers.get("Closure zones")
    if window is not None and closure_layer is not None:
        start_ms, end_ms = window
        pad_ms = max(15 * 60_000.0, (end_ms - start_ms) * 0.05)
        step_ms = 5 * 60_000.0 if end_ms - start_ms < 3 * 86_400_000 else 3_600_000.0
        TimeSlider(closure_layer, start_ms - pad_ms, end_ms + pad_ms, step_ms, tz).add_to(m)

    if offline:
        root.header.add_child(inline_script(assets.OFFLINE_CONTROLS_JS), name="offline_js")
        OfflineControls().add_to(m)
    else:
        fullscreen = folium.plugins.Fullscreen(position="topleft")  # type: ignore[no-untyped-call]
        fullscreen.add_to(m)
        folium.plugins.MeasureControl(  # type: ignore[no-untyped-call]
            position="topleft", primary_length_unit="kilometers", secondary_length_unit="miles"
        ).add_to(m)
        folium.plugins.MousePosition(  # type: ignore[no-untyped-call]
            position="bottomright", separator=" | ", num_digits=4
        ).add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)

    # keep the scenario clear of the legend (bottom left) and the title (top right); open at
    # the view at once rather than zooming in from the world (an animation)
    fit = FitBounds(
        [[view.south, view.west], [view.north, view.east]],
        padding_top_left=(LEGEND_WIDTH_PX + 20, 10),
        padding_bottom_right=(10, 10),
    )
    fit.options["animate"] = False
    fit.add_to(m)
    return m
