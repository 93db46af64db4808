"""The airport table of a route network: every airport ``airportsdata`` knows is routable.

Airports are not nodes of the airway graph: an airport joins it by direct legs to the fixes near
it (``routing``), so all an airport needs is a position.  The table merges, first source first:

1. the airports of the user's route data where it has them (ARINC 424 ``PA`` records);
2. ``airportsdata`` (MIT, maintained; the same list the place gazetteer uses, so a flow's airport
   is at the same position in the scenario summary and in routing);
3. ``airports.dat`` of ``bluesky-navdata`` (2013.10), for the few codes airportsdata lacks.

Columns: icao, name, lat, lon, source (``"user"``, ``"airportsdata"``, ``"bluesky-navdata"``)
and listed (True when the airway data's own airport list has the code: ``airports.dat`` for the
bundled 2013.10 data, the ``PA`` records for ARINC 424, none for X-Plane data).  Airports that the
airway data does not list (LTFM, OTHH, opened after 2013) get a note on every path that uses them.
"""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files
from typing import Final

import pandas as pd

from airspace.network.xplane import parse_airports

NAVDATA_PACKAGE: Final = "bluesky.resources.navdata"
AIRPORT_COLUMNS: Final = ("icao", "name", "lat", "lon", "source", "listed")


def airportsdata_bytes() -> bytes:
    """The ``airports.csv`` shipped by the ``airportsdata`` package."""
    return (files("airportsdata") / "airports.csv").read_bytes()


def navdata_bytes(name: str) -> bytes:
    """Bytes of a file in the ``bluesky-navdata`` package (``awy.dat``, ``airports.dat``...)."""
    return (files(NAVDATA_PACKAGE) / name).read_bytes()


def parse_airportsdata(data: bytes) -> pd.DataFrame:
    """``airportsdata``'s CSV -> icao, name, lat, lon (rows without a position dropped)."""
    table = pd.read_csv(
        io.BytesIO(data),
        usecols=["icao", "name", "lat", "lon"],
        dtype={"icao": str, "name": str},
        keep_default_na=False,
        encoding="utf-8",
    )
    table["lat"] = pd.to_numeric(table["lat"], errors="coerce")
    table["lon"] = pd.to_numeric(table["lon"], errors="coerce")
    table["icao"] = table["icao"].str.strip().str.upper()
    table = table[(table["icao"] != "") & table["lat"].abs().le(90) & table["lon"].abs().le(180)]
    return table.drop_duplicates("icao").reset_index(drop=True)


@cache
def _reference_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return parse_airportsdata(airportsdata_bytes()), parse_airports(navdata_bytes("airports.dat"))


def airport_table(user: pd.DataFrame | None = None, *, bundled_list: bool = False) -> pd.DataFrame:
    """The merged airport table (see the module docstring).

    ``user``: airports read from the user's route data (icao, name, lat, lon), which then form
    the airway data's airport list; ``bundled_list=True``: the airway data is the bundled 2013.10
    cycle, whose list is ``bluesky-navdata``'s ``airports.dat``.
    """
    reference, bluesky = _reference_tables()
    parts = [reference.assign(source="airportsdata"), bluesky.assign(source="bluesky-navdata")]
    if user is not None:
        parts.insert(0, user.loc[:, ["icao", "name", "lat", "lon"]].assign(source="user"))
    table = pd.concat(parts, ignore_index=True).drop_duplicates("icao").reset_index(drop=True)
    if user is not None:
        listed = table["icao"].isin(set(user["icao"]))
    elif bundled_list:
        listed = table["icao"].isin(set(bluesky["icao"]))
    else:
        listed = pd.Series(False, index=table.index)
    table["listed"] = listed.to_numpy(dtype=bool)
    return table.loc[:, list(AIRPORT_COLUMNS)]


def airport_note(icao: str, source: str, listed: bool, airport_list: str | None) -> str:
    """What a path through this airport should say about it (``""``: nothing to say).

    ``airport_list`` names the airway data's own airport list (``None``: the data has none).
    """
    origin = "bluesky-navdata airports.dat (2013.10)" if source == "bluesky-navdata" else source
    if airport_list is not None and not listed:
        return (
            f"{icao} is not in {airport_list}: joined by direct legs to nearby fixes "
            f"from {origin} coordinates"
        )
    if airport_list is None and source == "bluesky-navdata":
        return f"{icao}: position from {origin} (airportsdata does not list it)"
    return ""
