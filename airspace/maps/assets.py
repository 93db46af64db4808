"""JavaScript and CSS of the map, all inlined: Leaflet from the ``xstatic-leaflet`` package and
the project's own application (``static/app.js``, ``static/app.css``: layers, labels, side
panel, timeline, fullscreen, measure and mouse-position controls, phone layout).

A map contains no URL that a browser fetches at start: Leaflet's CSS images become data: URIs,
comments with links are dropped, and the SVG namespace string is split so that no ``http://``
text remains outside attribution text (the namespace is an identifier, never fetched).  The only
URLs are the templates of the optional online tile layers (fetched only when the user picks one)
and attribution links.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Final

import xstatic.pkg.leaflet as xleaflet

LEAFLET_VERSION: Final[str] = str(xleaflet.VERSION)


def _data_dir() -> Path:
    return Path(xleaflet.BASE_DIR)


@cache
def leaflet_js() -> str:
    """Leaflet's minified JavaScript, ready to inline (no source-map link, no fetchable URL)."""
    text = (_data_dir() / "leaflet.js").read_text(encoding="utf-8")
    text = re.sub(r"//# sourceMappingURL=\S+", "", text)
    text = text.replace(
        "interactive maps. https://leafletjs.com", "interactive maps. leafletjs.com"
    )
    text = text.replace('"http://www.w3.org/2000/svg"', '"http:/"+"/www.w3.org/2000/svg"')
    return text.replace("</script", "<\\/script")


@cache
def leaflet_css() -> str:
    """Leaflet's CSS with its images as data: URIs and comments dropped."""
    text = (_data_dir() / "leaflet.css").read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)

    def inline(match: re.Match[str]) -> str:
        data = (_data_dir() / match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(data).decode("ascii") + ")"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, text)


@cache
def app_js() -> str:
    """The project's map application (``airspace/maps/static/app.js``)."""
    return (files("airspace.maps") / "static" / "app.js").read_text(encoding="utf-8")


@cache
def app_css() -> str:
    """The map application's style sheet (``airspace/maps/static/app.css``)."""
    return (files("airspace.maps") / "static" / "app.css").read_text(encoding="utf-8")
