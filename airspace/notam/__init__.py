"""ICAO NOTAMs: a standalone codec (text <-> :class:`Notam` with its areas and active periods).

* ``model``: the :class:`Notam` value, :func:`format_notam` and :meth:`Notam.from_area`;
* ``parser``: :func:`parse_notam` (one NOTAM, possibly in parts; warnings, strict mode);
* ``bulk``: :func:`read_notams` (many NOTAMs in one text) and :func:`same_area_groups`;
* ``items``, ``layout``: single items and the layout of the text;
* ``coords``, ``areas``, ``geometry``: coordinates, areas in item E) and their lon/lat geometry;
* ``schedule``: item D) as active periods.

It depends only on :mod:`airspace.geo`, :mod:`airspace.units` and
:mod:`airspace.places.expressions`.
"""

from airspace.notam.bulk import NotamBlock, read_notams, same_area_groups
from airspace.notam.items import NotamError
from airspace.notam.model import Notam, format_notam
from airspace.notam.parser import parse_notam

__all__ = [
    "Notam",
    "NotamBlock",
    "NotamError",
    "format_notam",
    "parse_notam",
    "read_notams",
    "same_area_groups",
]
