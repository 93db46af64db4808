"""Readers for X-Plane 11/12 navigation data (pure: bytes in, a legs table and a report out).

An X-Plane 11/12 data folder (``Resources/default data`` or a navdata provider's ``Custom Data``)
holds three files read here; each starts with ``I`` (or ``A``), then ``NNNN Version ...`` (with
the data cycle), and ends with ``99``.  Fields are separated by white space.

``earth_fix.dat`` (XP-FIX1101 "1100/1101 Version", XP-FIX1200 "1200 Version"), one fix a line::

    37.638889  131.574167  TENAS ENRT RK 2105423 TENAS

latitude, longitude, ident, ``ENRT`` (enroute) or the ICAO code of the airport of a terminal fix,
ICAO region code, waypoint type (ARINC 424 field 5.42, packed; optional before 11.30) and, in
1200, the name (may hold spaces).

``earth_nav.dat`` (XP-NAV1100/1150/1200), one navaid a line, a row code first; rows 2 (NDB),
3 (VOR, VORTAC, VOR-DME), 12 and 13 (DME) are read, the others (ILS, markers, GLS...) are not
airway points::

    3  37.700556  128.753611  0  11640  130  -8.000  KAE ENRT RK GANGWON VORTAC

row code, latitude, longitude, elevation (ft), frequency, range (NM), variation or bias, ident,
``ENRT`` or the airport of a terminal navaid, ICAO region code, name.

``earth_awy.dat`` (XP-AWY1101, "1100 Version"), one airway segment per line::

    KAE RK 3 IGLUT RK 11 N 2 180 600 B467

first point (ident, ICAO region, type: 11 fix, 2 NDB, 3 VHF navaid), second point, direction
(``N`` none, ``F`` one-way first to second, ``B`` one-way second to first), level band (1 low,
2 high), base and top flight level, airway names joined by ``-``.  Points are references: a fix
is identified by ident *and* region code *and* type, never by name alone (``DE`` in Japan and
``DE`` elsewhere are different points), and looked up among enroute fixes and navaids first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from airspace.network import legs as limits
from airspace.network.legs import LEG_COLUMNS, MAX_EXAMPLES, empty_legs, swap_backward
from airspace.network.model import LoadReport, NavdataError, Skipped

VERSIONS: Final = {
    "earth_fix.dat": ("1100", "1101", "1200"),
    "earth_nav.dat": ("1100", "1150", "1200"),
    "earth_awy.dat": ("1100", "1101", "1200"),
}
FIX, NDB, VHF = 11, 2, 3
_NAV_KIND: Final = {2: NDB, 3: VHF, 12: VHF, 13: VHF}
"""earth_nav.dat row code -> point type in earth_awy.dat (a VOR row ranks before its DME row)."""
_VERSION_RE: Final = re.compile(r"^\s*(\d{3,4})\s+Version", re.IGNORECASE)
_CYCLE_RE: Final = re.compile(r"cycle\s+(\d{4}(?:\.\d{2})?)", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class DataLines:
    """The data lines of one X-Plane file: text and 1-based line number, and its header."""

    name: str
    source: str
    version: str
    cycle: str | None
    numbers: list[int]
    fields: list[list[str]]

    def label(self) -> str:
        return f"{self.name} {self.version} Version (cycle {self.cycle or 'unknown'})"


def data_lines(data: bytes, source: str, name: str, max_fields: int) -> DataLines:
    """Check the header and split each data line into at most ``max_fields`` fields."""
    lines = data.decode("latin-1").splitlines()
    if len(lines) > limits.MAX_SOURCE_LINES:
        raise NavdataError(
            source,
            limits.MAX_SOURCE_LINES + 1,
            f"more than {limits.MAX_SOURCE_LINES:,} lines (MAX_SOURCE_LINES)",
        )
    if not lines or lines[0].strip() not in ("I", "A"):
        raise NavdataError(source, 1, f"not an X-Plane {name} (expected 'I' or 'A' on line 1)")
    match = _VERSION_RE.match(lines[1]) if len(lines) > 1 else None
    version = match.group(1) if match else None
    if version not in VERSIONS[name]:
        found = lines[1][:30] if len(lines) > 1 else ""
        raise NavdataError(
            source,
            2,
            f"{name} version {found!r} is not read (expected one of "
            f"{', '.join(v + ' Version' for v in VERSIONS[name])}; X-Plane 10 and older: awy.dat)",
        )
    assert version is not None
    cycle = _CYCLE_RE.search(lines[1])
    numbers: list[int] = []
    fields: list[list[str]] = []
    closed = False
    for number, line in enumerate(lines[2:], start=3):
        text = line.strip()
        if not text:
            continue
        if text == "99":
            closed = True
            break
        numbers.append(number)
        fields.append(text.split(None, max_fields - 1))
    if not closed:
        raise NavdataError(
            source,
            len(lines),
            f"the {name} ends without its closing '99' line: it looks cut short (expected the "
            "whole file as X-Plane writes it)",
        )
    return DataLines(
        name=name,
        source=source,
        version=version,
        cycle=cycle.group(1) if cycle else None,
        numbers=numbers,
        fields=fields,
    )


def _frame(
    lines: DataLines, columns: Sequence[str], required: int
) -> tuple[pd.DataFrame, list[Skipped], int]:
    """Fields as columns (short lines skipped and reported), with a ``line`` column."""
    skipped: list[Skipped] = []
    keep = [i for i, f in enumerate(lines.fields) if len(f) >= required]
    bad = len(lines.fields) - len(keep)
    for i, f in enumerate(lines.fields):
        if len(f) < required and len(skipped) < MAX_EXAMPLES:
            skipped.append(
                Skipped(
                    f"{lines.source}:{lines.numbers[i]}",
                    f"expected at least {required} fields, got {len(f)}",
                )
            )
    rows = [lines.fields[i] + [""] * (len(columns) - len(lines.fields[i])) for i in keep]
    table = pd.DataFrame(rows, columns=list(columns), dtype=object)
    table["line"] = np.asarray([lines.numbers[i] for i in keep], dtype=np.int64)
    return table, skipped, bad


def _reject(
    table: pd.DataFrame, reasons: dict[str, pd.Series], name: str, skipped: list[Skipped]
) -> tuple[pd.DataFrame, int]:
    """Drop rows flagged by any reason (first reason wins), recording examples."""
    bad = np.zeros(len(table), dtype=bool)
    for reason, mask in reasons.items():
        m = mask.to_numpy(dtype=bool) & ~bad
        for row in np.flatnonzero(m)[: max(0, MAX_EXAMPLES - len(skipped))]:
            skipped.append(Skipped(f"{name}:{int(table['line'].iloc[row])}", reason))
        bad |= m
    return table.loc[~bad].reset_index(drop=True), int(bad.sum())


def _coordinates(table: pd.DataFrame) -> dict[str, pd.Series]:
    table["lat"] = pd.to_numeric(table["lat"], errors="coerce")
    table["lon"] = pd.to_numeric(table["lon"], errors="coerce")
    return {
        "latitude/longitude not numbers in [-90, 90] / [-180, 180]": ~(
            table["lat"].abs().le(90) & table["lon"].abs().le(180)
        )
    }


def parse_fixes(data: bytes, source: str) -> tuple[pd.DataFrame, list[Skipped], int, str]:
    """``earth_fix.dat`` -> points (ident, region, kind=11, lat, lon, enroute, rank)."""
    lines = data_lines(data, source, "earth_fix.dat", 7)
    table, skipped, bad = _frame(
        lines, ("lat", "lon", "ident", "area", "region", "type", "name"), 5
    )
    table, rejected = _reject(table, _coordinates(table), lines.source, skipped)
    points = pd.DataFrame(
        {
            "ident": table["ident"].str.upper(),
            "region": table["region"].str.upper(),
            "kind": FIX,
            "lat": table["lat"],
            "lon": table["lon"],
            "enroute": table["area"].str.upper() == "ENRT",
            "rank": 0,
        }
    )
    return points, skipped, bad + rejected, f"{lines.label()}: {len(points)} fixes"


def parse_navaids(data: bytes, source: str) -> tuple[pd.DataFrame, list[Skipped], int, str]:
    """``earth_nav.dat`` -> points (NDBs kind 2; VORs and DMEs kind 3, VORs ranked first)."""
    lines = data_lines(data, source, "earth_nav.dat", 11)
    columns = (
        "code",
        "lat",
        "lon",
        "elev",
        "freq",
        "range",
        "var",
        "ident",
        "area",
        "region",
        "name",
    )
    table, skipped, bad = _frame(lines, columns, 1)
    table["code"] = pd.to_numeric(table["code"], errors="coerce")
    wanted = table["code"].isin(list(_NAV_KIND))
    reasons = {"row code is not a number": table["code"].isna()}
    table, rejected = _reject(table, reasons, lines.source, skipped)
    table = table.loc[table["code"].isin(list(_NAV_KIND))].reset_index(drop=True)
    short = table["region"] == ""
    table, rejected_short = _reject(
        table,
        {"expected at least 10 fields for an NDB, VOR or DME row": short},
        lines.source,
        skipped,
    )
    table, rejected_xy = _reject(table, _coordinates(table), lines.source, skipped)
    codes = table["code"].astype(int)
    points = pd.DataFrame(
        {
            "ident": table["ident"].str.upper(),
            "region": table["region"].str.upper(),
            "kind": codes.map(_NAV_KIND),
            "lat": table["lat"],
            "lon": table["lon"],
            "enroute": table["area"].str.upper() == "ENRT",
            "rank": (codes != 3).astype(int),
        }
    )
    n_vhf = int((points["kind"] == VHF).sum())
    note = (
        f"{lines.label()}: {n_vhf} VOR/DME and {len(points) - n_vhf} NDB rows read, "
        f"{int((~wanted).sum())} other rows (ILS, markers...) not used"
    )
    return points, skipped, bad + rejected + rejected_short + rejected_xy, note


def parse_airways(
    data: bytes, source: str, points: pd.DataFrame
) -> tuple[pd.DataFrame, list[Skipped], int, int, str]:
    """``earth_awy.dat`` + points -> ``(legs, skipped, skipped count, lines read, note)``."""
    lines = data_lines(data, source, "earth_awy.dat", 11)
    columns = (
        "fix1",
        "region1",
        "type1",
        "fix2",
        "region2",
        "type2",
        "direction",
        "band",
        "base",
        "top",
        "names",
    )
    table, skipped, bad = _frame(lines, columns, 11)
    for col in ("type1", "type2", "band", "base", "top"):
        table[col] = pd.to_numeric(table[col], errors="coerce")
    table["direction"] = table["direction"].str.upper()
    reasons = {
        "point type not 11 (fix), 2 (NDB) or 3 (VHF navaid)": ~(
            table["type1"].isin((FIX, NDB, VHF)) & table["type2"].isin((FIX, NDB, VHF))
        ),
        "direction not N, F or B": ~table["direction"].isin(("N", "F", "B")),
        "level band not 1 (low) or 2 (high)": ~table["band"].isin((1, 2)),
        "base or top level missing, or base above top": ~(table["base"] <= table["top"]),
    }
    table, rejected = _reject(table, reasons, lines.source, skipped)
    # one position per (ident, region, type): enroute first, then VOR before DME
    ranked = points.sort_values(["enroute", "rank"], ascending=[False, True], kind="stable")
    lookup = ranked.drop_duplicates(["ident", "region", "kind"]).set_index(
        ["ident", "region", "kind"]
    )[["lat", "lon"]]
    for end in ("1", "2"):
        key = pd.MultiIndex.from_arrays(
            [
                table[f"fix{end}"].str.upper(),
                table[f"region{end}"].str.upper(),
                table[f"type{end}"].astype(int),
            ]
        )
        found = lookup.reindex(key)
        table[f"lat{end}"] = found["lat"].to_numpy()
        table[f"lon{end}"] = found["lon"].to_numpy()
    missing = {
        f"{which} point not in earth_fix.dat / earth_nav.dat (looked up by ident, region, type)": (
            table[f"lat{end}"].isna()
        )
        for which, end in (("first", "1"), ("second", "2"))
    }
    missing["zero length (both points at the same position)"] = (table["lat1"] == table["lat2"]) & (
        table["lon1"] == table["lon2"]
    )
    table, rejected_refs = _reject(table, missing, lines.source, skipped)
    legs = _legs(table)
    one_way = int((table["direction"] != "N").sum())
    note = f"{lines.label()}: {len(lines.fields)} segment lines, {one_way} one-way"
    return legs, skipped, bad + rejected + rejected_refs, len(lines.fields), note


def _legs(table: pd.DataFrame) -> pd.DataFrame:
    """One leg per airway name of each segment line (``A1-B2`` shares a segment)."""
    if table.empty:
        return empty_legs()
    names = table["names"].str.split("-").explode()
    names = names[names.str.len() > 0]
    rows = table.loc[names.index]
    legs = pd.DataFrame(
        {
            "route": names.str.upper().to_numpy(dtype=object),
            "from_fix": rows["fix1"].str.upper().to_numpy(dtype=object),
            "from_lat": rows["lat1"].to_numpy(dtype=np.float64),
            "from_lon": rows["lon1"].to_numpy(dtype=np.float64),
            "to_fix": rows["fix2"].str.upper().to_numpy(dtype=object),
            "to_lat": rows["lat2"].to_numpy(dtype=np.float64),
            "to_lon": rows["lon2"].to_numpy(dtype=np.float64),
            "level": np.where(rows["band"].to_numpy() == 1, "low", "high").astype(object),
            "lower_ft": rows["base"].to_numpy(dtype=np.float64) * 100.0,
            "upper_ft": rows["top"].to_numpy(dtype=np.float64) * 100.0,
            "one_way": (rows["direction"] != "N").to_numpy(dtype=bool),
            "from_region": rows["region1"].str.upper().to_numpy(dtype=object),
            "to_region": rows["region2"].str.upper().to_numpy(dtype=object),
        }
    )
    return swap_backward(legs, (rows["direction"] == "B").to_numpy()).loc[:, list(LEG_COLUMNS)]


def parse_xplane(
    fix: bytes, nav: bytes, awy: bytes, source: str
) -> tuple[pd.DataFrame, LoadReport]:
    """The three files of an X-Plane 11/12 data folder -> legs and one report for the set."""
    fixes, fix_skipped, fix_bad, fix_note = parse_fixes(fix, f"{source}/earth_fix.dat")
    navaids, nav_skipped, nav_bad, nav_note = parse_navaids(nav, f"{source}/earth_nav.dat")
    points = pd.concat([fixes, navaids], ignore_index=True)
    legs, awy_skipped, awy_bad, awy_lines, awy_note = parse_airways(
        awy, f"{source}/earth_awy.dat", points
    )
    skipped = (awy_skipped + fix_skipped + nav_skipped)[:MAX_EXAMPLES]
    report = LoadReport(
        source=source,
        kind="xplane",
        items_read=awy_lines,
        segments=len(legs),
        skipped_count=awy_bad + fix_bad + nav_bad,
        skipped=tuple(skipped),
        notes=(awy_note, fix_note, nav_note),
    )
    return legs, report
