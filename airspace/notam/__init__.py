"""ICAO NOTAMs: a standalone codec (text <-> :class:`Notam` with its areas).

* ``model``: the :class:`Notam` value, ``parse_notam`` and ``format_notam``;
* ``items``: readers and writers of single items (header, Q-line, times, levels);
* ``areas``: vertex lists, circles and the Q-line circle in item E) <-> lon/lat geometry.
"""

from airspace.notam.items import NotamError
from airspace.notam.model import Notam, format_notam
from airspace.notam.parser import parse_notam

__all__ = ["Notam", "NotamError", "format_notam", "parse_notam"]
