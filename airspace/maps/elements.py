"""Folium elements of the map: data layers, boxes (title, legend), the time slider, and the
inline <script>/<style> blocks.  Templates only ever receive JSON made by
:func:`airspace.maps.text.safe_json` or escaped HTML, never raw data strings.
"""

from __future__ import annotations

import html
from typing import Any

from branca.element import Element, MacroElement
from folium.map import Layer
from folium.template import Template

from airspace.maps.text import safe_json


class DataLayer(Layer):
    """A switchable overlay drawn by ``airspace.layer`` from a GeoJSON FeatureCollection."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = airspace.layer(
            {{ this.data_json }}, {{ this.attribution_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        name: str,
        features: list[dict[str, Any]],
        *,
        overlay: bool = True,
        attribution: str | None = None,
    ) -> None:
        super().__init__(name=html.escape(name), overlay=overlay, control=True, show=True)
        self._name = "AirspaceLayer"
        self.attribution_json = safe_json(html.escape(attribution) if attribution else None)
        self.data_json = safe_json({"type": "FeatureCollection", "features": features})


class Box(MacroElement):
    """A fixed control (title, legend) holding escaped HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        airspace.box({{ this._parent.get_name() }}, {{ this.position_json }},
            {{ this.css_json }}, {{ this.html_json }});
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str, css_class: str, position: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "AirspaceBox"
        self.html_json = safe_json(html_text)
        self.css_json = safe_json(css_class)
        self.position_json = safe_json(position)


class TimeSlider(MacroElement):
    """A slider over the closures' windows that dims the closures inactive at the chosen time."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        airspace.timeSlider({{ this._parent.get_name() }}, {{ this.layer.get_name() }},
            {{ this.args_json }}[0], {{ this.args_json }}[1], {{ this.args_json }}[2],
            {{ this.args_json }}[3]);
        {% endmacro %}
        """
    )

    def __init__(
        self, layer: DataLayer, start_ms: float, end_ms: float, step_ms: float, timezone: str
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "AirspaceTimeSlider"
        self.layer = layer
        self.args_json = safe_json([start_ms, end_ms, step_ms, timezone])


class OfflineControls(MacroElement):
    """Fullscreen, measure and mouse-position controls written for offline maps."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        airspace.offlineControls({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "AirspaceOfflineControls"


class RawHtml(Element):
    """Trusted HTML (project or package code) emitted verbatim, not parsed as a template."""

    def __init__(self, raw: str) -> None:
        super().__init__()
        self._name = "RawHtml"
        self.raw = raw

    def render(self, **kwargs: Any) -> str:
        return self.raw


def inline_script(code: str) -> RawHtml:
    """A <script> element with ``code`` (trusted: project or package code)."""
    return RawHtml("<script>" + code.replace("</script", "<\\/script") + "</script>")


def inline_style(css: str) -> RawHtml:
    """A <style> element with ``css`` (trusted: project or package code)."""
    return RawHtml("<style>" + css.replace("</style", "<\\/style") + "</style>")
