"""Folium maps of an advisory: every layer switchable, escaped text, offline-capable.

``build_map(data, offline=False)`` draws any object with the :class:`MapData` interface.
"""

from airspace.maps.build import build_map
from airspace.maps.data import COLUMNS, MapData, empty_frame

__all__ = ["COLUMNS", "MapData", "build_map", "empty_frame"]
