"""The legs table every route-data reader produces, and the limits shared by the readers.

A legs table has one row per airway, level band and fix pair (``LEG_COLUMNS``): lat/lon in
degrees, limits in feet (``inf`` = unlimited), ``one_way`` True when the leg may be flown only
from ``from_fix`` to ``to_fix`` (a reader turns a "backward" restriction round by swapping the
ends), and the ICAO region code of either fix where the source gives one (``""`` otherwise).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

import numpy as np
import pandas as pd

from airspace.network.model import LoadReport, Skipped

LEG_COLUMNS: Final = (
    "route",
    "from_fix",
    "from_lat",
    "from_lon",
    "to_fix",
    "to_lat",
    "to_lon",
    "level",
    "lower_ft",
    "upper_ft",
    "one_way",
    "from_region",
    "to_region",
)
"""Columns of a legs table: one row per airway, level band and fix pair (lat/lon in degrees)."""

MAX_EXAMPLES: Final = 20
"""Skipped items kept as examples in a ``LoadReport``."""
MAX_SOURCE_BYTES: Final = 1 << 30
"""Largest route-data file read (1 GiB): a worldwide ARINC 424 file is a few hundred MB."""
MAX_SOURCE_LINES: Final = 5_000_000
"""Most lines read from one route-data file."""

_DTYPES: Final = {
    "route": object,
    "from_fix": object,
    "from_lat": np.float64,
    "from_lon": np.float64,
    "to_fix": object,
    "to_lat": np.float64,
    "to_lon": np.float64,
    "level": object,
    "lower_ft": np.float64,
    "upper_ft": np.float64,
    "one_way": bool,
    "from_region": object,
    "to_region": object,
}


def empty_legs() -> pd.DataFrame:
    """A legs table with no rows and the right dtypes."""
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _DTYPES.items()})


def complete_legs(legs: pd.DataFrame) -> pd.DataFrame:
    """``legs`` with the optional columns filled in (two-way, no region) and in column order."""
    legs = legs.copy()
    if "one_way" not in legs:
        legs["one_way"] = False
    for col in ("from_region", "to_region"):
        if col not in legs:
            legs[col] = ""
    legs["one_way"] = legs["one_way"].astype(bool)
    return legs.loc[:, list(LEG_COLUMNS)]


def swap_backward(legs: pd.DataFrame, backward: np.ndarray) -> pd.DataFrame:
    """Legs with the rows flagged ``backward`` turned round (so that ``one_way`` means forward)."""
    legs = legs.copy()
    rows = np.flatnonzero(backward)
    for a, b in (
        ("from_fix", "to_fix"),
        ("from_lat", "to_lat"),
        ("from_lon", "to_lon"),
        ("from_region", "to_region"),
    ):
        ia, ib = legs.columns.get_loc(a), legs.columns.get_loc(b)
        first = legs.iloc[rows, ia].to_numpy(copy=True)
        legs.iloc[rows, ia] = legs.iloc[rows, ib].to_numpy()
        legs.iloc[rows, ib] = first
    return legs


NAME_RE: Final = re.compile(r"[A-Z0-9](?:[A-Z0-9 _./+-]{0,14}[A-Z0-9])?")
"""An airway or fix name as route data write it: capitals, digits, and inside a name spaces and
``_ . / + -`` (``UL612``, ``5KT``, ``MT E``); at most 16 characters."""


def checked_names(legs: pd.DataFrame, report: LoadReport) -> tuple[pd.DataFrame, LoadReport]:
    """Legs with their airway and fix names in capitals (lookups are in capitals: ``zx1`` is
    ``ZX1``), and without the legs whose names are not names (markup, control characters, lone
    surrogates, 100,000 characters), each skipped in the report."""
    legs = legs.copy()
    good = np.ones(len(legs), dtype=bool)
    bad_names: list[str] = []
    for column in ("route", "from_fix", "to_fix"):
        names = [str(v).upper() for v in legs[column]]
        legs[column] = names
        ok = np.array([NAME_RE.fullmatch(n) is not None for n in names], dtype=bool)
        bad_names += [names[i] for i in np.flatnonzero(~ok & good)]
        good &= ok
    if good.all():
        return legs, report
    examples = tuple(
        Skipped(
            f"name {name[:40]!r}",
            "not an airway or fix name (1-16 letters and digits, with spaces or _ . / + - inside)",
        )
        for name in dict.fromkeys(bad_names)
    )
    room = max(0, MAX_EXAMPLES - len(report.skipped))
    skipped = report.skipped_count + int((~good).sum())
    report = replace(report, skipped_count=skipped, skipped=(*report.skipped, *examples[:room]))
    return legs[good].reset_index(drop=True), report
