"""Folium elements of the map: the application (layers, labels, panel, timeline, controls, made
by ``airspace.app`` in the page from one JSON model) and the inline <script>/<style> blocks.
Templates only ever receive JSON made by :func:`airspace.maps.text.safe_json`, never raw data
strings.
"""

from __future__ import annotations

import json
from typing import Any

from branca.element import Element, MacroElement
from folium.template import Template

from airspace.maps.text import safe_json


class App(MacroElement):
    """The map's application: everything drawn from ``model`` (see ``build.build_map``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = airspace.app({{ this._parent.get_name() }},
            {{ this.model_json }});
        {% endmacro %}
        """
    )

    def __init__(self, model: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "AirspaceApp"
        self.model_json = safe_json(model)

    @property
    def model(self) -> dict[str, Any]:
        """The model as the page reads it (for tests and tools)."""
        data: dict[str, Any] = json.loads(self.model_json)
        return data


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
