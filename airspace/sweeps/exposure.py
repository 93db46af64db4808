"""The sweep's exposure map: every airway stretch coloured by the share of variants that close
it, and the variants' impact points, on a self-contained page.

Like the advisory map (``airspace.maps``) the page fetches nothing at start: Leaflet is inlined
from ``xstatic-leaflet``, the land is the Natural Earth basemap the advisory map draws (native
detail round the sweep, coarse elsewhere), and the legend is plain HTML (branca's colour-bar
legend would load d3 from a CDN).  Text from the sweep (airway and fix names) is escaped, its
braces too (see ``_literal``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Final, cast

import numpy as np
import shapely
from shapely.geometry import mapping

from airspace.maps import assets
from airspace.maps.basemap import basemap
from airspace.maps.elements import RawHtml, inline_script, inline_style
from airspace.maps.geometry import Bounds, frame_centre, geometries_to_frame

if TYPE_CHECKING:
    import folium

    from airspace.sweeps.result import SweepResult

#: ColorBrewer YlOrRd, five classes: shares 0-20 %, 20-40 %, ... 80-100 %.
SHARE_COLOURS: Final = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
LAND: Final = {"fillColor": "#efece4", "fillOpacity": 1.0, "color": "#b9b3a5", "weight": 0.6}
SEA: Final = "#dbe7ee"


def _literal(text: str) -> str:
    """``text`` as HTML that branca cannot read as Jinja: escaped, and braces as entities
    (folium renders a tooltip's script and then parses the result as a template again)."""
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


def share_colour(share: float) -> str:
    """The class colour of a share in [0, 1] (1 is in the top class)."""
    return SHARE_COLOURS[min(int(share * len(SHARE_COLOURS)), len(SHARE_COLOURS) - 1)]


def _legend(ran: int) -> str:
    """The colour classes as HTML (bottom right, clear of the scale and the zoom buttons)."""
    step = 100 // len(SHARE_COLOURS)
    rows = "".join(
        f'<div><i style="background:{colour}"></i>{k * step}-{(k + 1) * step} %</div>'
        for k, colour in enumerate(SHARE_COLOURS)
    )
    return (
        '<div class="exposure-legend"><b>share of the '
        f"{ran} variants closing the stretch</b>{rows}"
        "<small>Land: Natural Earth (public domain)</small></div>"
        "<style>.exposure-legend{position:fixed;bottom:28px;right:10px;z-index:1000;"
        "background:#fff;padding:6px 9px;font:12px sans-serif;border-radius:4px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.35)}.exposure-legend i{display:inline-block;"
        "width:14px;height:10px;margin-right:6px}"
        f".leaflet-container{{background:{SEA}}}</style>"
    )


def exposure_map(result: SweepResult) -> folium.Map:
    """The exposure map of ``result`` (see the module docs)."""
    import folium
    from branca.element import Figure

    stretches = result.stretches
    impacts = [shapely.Point(lon, lat) for r in result.results for _, lat, lon in r.impacts]
    geoms = [*stretches.geometry, *impacts]
    lons = np.concatenate([shapely.get_coordinates(g)[:, 0] for g in geoms] or [np.zeros(0)])
    centre = frame_centre(lons)
    framed = geometries_to_frame(geoms, centre)
    focus = Bounds.of(framed)
    view = focus.padded(0.1, 0.5) if focus is not None else Bounds(-180.0, -60.0, 180.0, 75.0)
    base = basemap(
        centre, view.padded(0.75, 4.0), Bounds(centre - 180.0, -85.0, centre + 180.0, 85.0)
    )

    m = folium.Map(tiles=None, location=[0.0, 0.0], zoom_start=2, control_scale=True)
    m.default_js, m.default_css = [], []
    root = cast(Figure, m.get_root())
    title = _literal(f"Exposure: {result.plan.name}")
    root.header.add_child(RawHtml(f"<title>{title}</title>"), name="title")
    root.header.add_child(inline_style(assets.leaflet_css()), name="leaflet_css")
    root.header.add_child(inline_script(assets.leaflet_js()), name="leaflet")
    root.html.add_child(RawHtml(_legend(result.ran)), name="legend")

    land: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": mapping(g)} for g in base.land
        ],
    }
    folium.GeoJson(
        land,
        name="land",
        style_function=lambda _: LAND,
        control=False,
        interactive=False,
    ).add_to(m)
    layer = folium.FeatureGroup(name="airway stretches closed")
    for row, geometry in zip(stretches.itertuples(), framed, strict=False):
        style = {"color": share_colour(row.share), "weight": 4, "opacity": 0.9}
        text = _literal(
            f"{row.route} {row.from_fix}-{row.to_fix}: closed in {row.variants_closed} of "
            f"{result.ran} variants ({row.share:.0%})"
        )
        folium.GeoJson(
            mapping(geometry), style_function=lambda _, style=style: style, tooltip=text
        ).add_to(layer)
    layer.add_to(m)
    points = folium.FeatureGroup(name="impact points")
    for point in framed[len(stretches) :]:
        folium.CircleMarker(
            [point.y, point.x], radius=2, color="#333333", fill=True, weight=1
        ).add_to(points)
    points.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds([[view.south, view.west], [view.north, view.east]])
    return m
