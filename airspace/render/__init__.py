"""Renderers: they only format an ``Advisory`` (no computation of their own).

* ``report``: JSON-ready data and the Markdown report;
* ``files``: the output folder (GeoJSON, CSV, NOTAM text, JSON, report, map), written atomically;
* ``mapview``: the advisory as map data for ``airspace.maps``;
* ``tables``: the display tables the terminal and the report share;
* ``summary``: the resolved scenario as data;
* ``text``: scenario text made safe for terminals, Markdown and CSV.
"""

from airspace.render.files import atomic_directory, save_advisory
from airspace.render.mapview import MapView, advisory_map
from airspace.render.report import advisory_summary, report_markdown
from airspace.render.summary import scenario_summary
from airspace.render.text import csv_safe, markdown_safe, terminal_safe

__all__ = [
    "MapView",
    "advisory_map",
    "advisory_summary",
    "atomic_directory",
    "csv_safe",
    "markdown_safe",
    "report_markdown",
    "save_advisory",
    "scenario_summary",
    "terminal_safe",
]
