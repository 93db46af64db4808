"""Folium elements of the map: the application (layers, labels, panel, timeline, controls, made
by ``airspace.app`` in the page from one JSON model) and the inline <script>/<style> blocks.

No text from data ever reaches a Jinja template as template source.  Branca renders a
``MacroElement``'s script and then wraps the result in a new ``Element``, which parses it as a
template again: a ``{{ ... }}`` in a closure reason would run as Jinja code there (and an
unbalanced ``{{`` would fail the render).  So :class:`App` writes its script as a
:class:`RawHtml` element, emitted verbatim, with the model as JSON from
:func:`airspace.maps.text.safe_json`.
"""

from __future__ import annotations

import json
from typing import Any

from branca.element import Element, Figure, MacroElement

from airspace.maps.text import safe_json


class App(MacroElement):
    """The map's application: everything drawn from ``model`` (see ``build.build_map``)."""

    def __init__(self, model: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "AirspaceApp"
        self.model_json = safe_json(model)

    def render(self, **kwargs: Any) -> str:
        """Add the script that starts the application to the page, verbatim (see module docs);
        the element itself renders to nothing where it stands."""
        figure = self.get_root()
        if not isinstance(figure, Figure) or self._parent is None:
            raise ValueError("the map application renders only inside a map in a Figure")
        script = (
            f"var {self.get_name()} = airspace.app({self._parent.get_name()}, {self.model_json});"
        )
        figure.script.add_child(RawHtml(script), name=self.get_name())
        return ""

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
