"""A fixed-column reader for the ARINC 424 records a route network needs (pure: bytes in).

ARINC 424 files have one 132-column record a line.  Columns read (1-based, ARINC 424-18 and
later; the same in FAA CIFP):

====================  =========  ============================================================
record                columns    field (spec section)
====================  =========  ============================================================
all                   1          record type ``S`` standard / ``T`` tailored (5.2)
all                   5, 6       section and subsection code (5.4, 5.5): ``ER``, ``EA``,
                                 ``D`` + blank, ``DB``; airports: ``P`` in 5 and ``A`` in 13
EA, D, DB, PA         22         continuation record number (5.16): ``0``/``1`` = primary
EA                    14-18      waypoint identifier (5.13)
D, DB                 14-17      VOR / NDB identifier (5.33)
EA, D, DB             20-21      ICAO code of the point (5.14)
EA, D, DB, PA         33-41      latitude ``N/S DD MM SS ss`` (5.36)
EA, D, DB, PA         42-51      longitude ``E/W DDD MM SS ss`` (5.37)
D                     56-64,     DME latitude / longitude, for a DME without VOR position
                      65-74
PA                    7-10       airport ICAO identifier (5.6); 94-123 name (5.71)
ER                    14-18      route identifier (5.8)
ER                    26-29      sequence number (5.12)
ER                    30-34      fix identifier (5.13), 35-36 its ICAO code (5.14),
                                 37-38 its section and subsection (``EA``, ``D``, ``DB``...)
ER                    39         continuation record number (5.16)
ER                    41         waypoint description, 2nd character (5.17): ``E`` = end of a
                                 continuous airway (no leg to the next record)
ER                    45         route type (5.7)
ER                    46         level (5.19): ``B`` all altitudes, ``H`` high, ``L`` low
ER                    47         direction restriction (5.115): ``F`` one-way in the coded
                                 order, ``B`` one-way against it, blank two-way
ER                    84-88      minimum altitude (5.30): feet, ``FLnnn``; ``UNKNN``, ``NESTB``,
                                 blank = none (0 ft)
ER                    94-98      maximum altitude (5.127): feet, ``FLnnn``; ``UNLTD``, blank =
                                 unlimited
all                   129-132    cycle date (5.32)
====================  =========  ============================================================

An airway is its ER records in file order (the standard sorts them by route and sequence): a leg
joins two consecutive records of the same route whose sequence numbers increase, unless the
first ends a continuous airway.  The first record's level, direction and altitudes apply to the
leg.  Fixes are looked up by identifier, ICAO code and section (ident alone is not unique).
Terminal waypoints and NDBs (``PC``, ``PN``) are not read: legs to them are skipped and reported.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from airspace.network.legs import LEG_COLUMNS, MAX_EXAMPLES, NAME_RE, empty_legs, swap_backward
from airspace.network.model import LoadReport, NavdataError, Skipped

RECORD_LENGTH: Final = 132
_KINDS: Final = ("ER", "EA", "D ", "DB", "PA")


def _kind(line: str) -> str | None:
    if line[:1] in ("S", "T") and line[4:6] == "ER":
        return "ER"  # kept at any length: a broken one must break its airway (see _airway_legs)
    if len(line) < RECORD_LENGTH or line[0] not in "ST":
        return None
    code = line[4:6]
    if code in ("ER", "EA", "D ", "DB"):
        return code
    return "PA" if line[4] == "P" and line[12] == "A" else None


def _split(data: bytes, source: str, max_lines: int) -> tuple[dict[str, pd.DataFrame], int, str]:
    """Records of the kinds read, as ``line`` (1-based number) and ``text`` per kind."""
    lines = data.decode("latin-1").splitlines()
    if len(lines) > max_lines:
        raise NavdataError(
            source, max_lines + 1, f"more than {max_lines:,} lines (MAX_SOURCE_LINES)"
        )
    found: dict[str, tuple[list[int], list[str]]] = {k: ([], []) for k in _KINDS}
    records = 0
    cycles: set[str] = set()
    for number, line in enumerate(lines, start=1):
        kind = _kind(line)
        if line[:1] in ("S", "T") and len(line) >= RECORD_LENGTH:
            records += 1
        if kind is None:
            continue
        found[kind][0].append(number)
        found[kind][1].append(line)
        cycles.add(line[128:132])
    if records == 0:
        raise NavdataError(
            source, 1, "not an ARINC 424 file (no 132-column record starting with S or T)"
        )
    tables = {
        k: pd.DataFrame({"line": np.asarray(n, dtype=np.int64), "text": pd.Series(t, dtype=object)})
        for k, (n, t) in found.items()
    }
    return tables, records, ", ".join(sorted(cycles)) or "unknown"


def _col(table: pd.DataFrame, first: int, last: int) -> pd.Series:
    """Columns ``first``..``last`` (1-based, inclusive), stripped."""
    return table["text"].str.slice(first - 1, last).str.strip()


def _angle(text: pd.Series, degree_digits: int) -> pd.Series:
    """``N37382000`` / ``E131342700`` -> signed degrees (NaN when malformed)."""
    hemi = text.str.slice(0, 1)
    digits = text.str.slice(1)
    ok = digits.str.fullmatch(r"\d+") & (digits.str.len() == degree_digits + 6)
    d = pd.to_numeric(digits.str.slice(0, degree_digits), errors="coerce")
    m = pd.to_numeric(digits.str.slice(degree_digits, degree_digits + 2), errors="coerce")
    s = pd.to_numeric(digits.str.slice(degree_digits + 2), errors="coerce") / 100.0
    value = d + m / 60.0 + s / 3600.0
    sign = hemi.map({"N": 1.0, "E": 1.0, "S": -1.0, "W": -1.0})
    top = 90.0 if degree_digits == 2 else 180.0  # E181000000 is no longitude
    valid = ok.fillna(False).astype(bool) & (m < 60) & (s < 60) & (value <= top)
    return (value * sign).where(valid)


def _altitude_ft(text: pd.Series, missing: float) -> pd.Series:
    """ARINC altitude field: ``05000`` ft, ``FL180``, ``GND``; no value -> ``missing``.

    No value: blank, ``UNKNN`` (unknown), ``NESTB`` (not established), ``UNLTD`` (unlimited).
    Anything else is NaN (the caller reports the record).
    """
    feet = pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}")), errors="coerce")
    level = pd.to_numeric(text.str.extract(r"^FL(\d{3})$")[0], errors="coerce") * 100.0
    value = feet.fillna(level).where(text != "GND", 0.0)
    return value.where(~text.isin(("", "UNKNN", "NESTB", "UNLTD")), missing)


def _positions(table: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    return _angle(_col(table, 33, 41), 2), _angle(_col(table, 42, 51), 3)


class _Skips:
    """Skipped records: a count and the first few examples with ``FILE:LINE``."""

    def __init__(self, source: str):
        self.source, self.count, self.examples = source, 0, list[Skipped]()

    def drop(self, table: pd.DataFrame, mask: pd.Series | np.ndarray, reason: str) -> pd.DataFrame:
        flags = np.asarray(mask, dtype=bool)
        self.count += int(flags.sum())
        for line in table["line"].to_numpy()[flags][: MAX_EXAMPLES - len(self.examples)]:
            self.examples.append(Skipped(f"{self.source}:{int(line)}", reason))
        return table.loc[~flags].reset_index(drop=True)


def _points(tables: dict[str, pd.DataFrame], skips: _Skips) -> pd.DataFrame:
    """EA, D and DB primary records -> ident, icao, section, lat, lon."""
    parts = []
    for kind, ident_end in (("EA", 18), ("D ", 17), ("DB", 17)):
        table = tables[kind]
        table = table.loc[_col(table, 22, 22).isin(("0", "1")).to_numpy()]
        lat, lon = _positions(table)
        if kind == "D ":  # a DME alone has its position in the DME fields
            no_vor = _col(table, 33, 41) == ""
            lat = lat.where(~no_vor, _angle(_col(table, 56, 64), 2))
            lon = lon.where(~no_vor, _angle(_col(table, 65, 74), 3))
        frame = pd.DataFrame(
            {
                "line": table["line"],
                "ident": _col(table, 14, ident_end),
                "icao": _col(table, 20, 21),
                "section": kind,
                "lat": lat,
                "lon": lon,
            }
        )
        frame = skips.drop(
            frame,
            frame["lat"].isna() | frame["lon"].isna(),
            f"{kind.strip()} record: latitude or longitude malformed",
        )
        parts.append(frame)
    return pd.concat(parts, ignore_index=True).drop_duplicates(["ident", "icao", "section"])


def _airports(table: pd.DataFrame, skips: _Skips) -> pd.DataFrame:
    table = table.loc[_col(table, 22, 22).isin(("0", "1")).to_numpy()]
    lat, lon = _positions(table)
    frame = pd.DataFrame(
        {
            "line": table["line"],
            "icao": _col(table, 7, 10),
            "name": _col(table, 94, 123),
            "lat": lat,
            "lon": lon,
        }
    )
    frame = skips.drop(
        frame,
        frame["lat"].isna() | frame["lon"].isna(),
        "PA record: latitude or longitude malformed",
    )
    return frame.drop_duplicates("icao").drop(columns="line").reset_index(drop=True)


def _airway_legs(table: pd.DataFrame, points: pd.DataFrame, skips: _Skips) -> pd.DataFrame:
    """ER primary records -> legs between consecutive fixes of each airway.

    A leg joins two records next to each other in the file: a record that cannot be read (cut
    short, a sequence number or fix missing) is reported and breaks its airway there, never
    bridged (dropping it first would join its neighbours into a leg that does not exist)."""
    # continuation records (column 39 past 1) follow their primary record, same route and
    # sequence number: only those are left out; anything else is a broken record
    number = _col(table, 39, 39)
    follows = (_col(table, 14, 18) == _col(table, 14, 18).shift()) & (
        _col(table, 26, 29) == _col(table, 26, 29).shift()
    )
    continuation = ~number.isin(("0", "1")) & follows
    table = table.loc[~continuation.to_numpy()].reset_index(drop=True)
    whole = table["text"].str.len() >= RECORD_LENGTH  # longer lines: trailing text is ignored
    er = pd.DataFrame(
        {
            "line": table["line"],
            "route": _col(table, 14, 18),
            "seq": pd.to_numeric(_col(table, 26, 29), errors="coerce"),
            "ident": _col(table, 30, 34),
            "icao": _col(table, 35, 36),
            "section": table["text"].str.slice(36, 38),
            "end": table["text"].str.slice(40, 41) == "E",
            "level": table["text"].str.slice(45, 46),
            "direction": table["text"].str.slice(46, 47),
            "lower_ft": _altitude_ft(_col(table, 84, 88), 0.0),
            "upper_ft": _altitude_ft(_col(table, 94, 98), np.inf),
        }
    )
    short = ~whole.to_numpy()
    skips.drop(er, short, f"ER record shorter than {RECORD_LENGTH} columns (cut short)")
    named = er["route"].str.fullmatch(NAME_RE) & er["ident"].str.fullmatch(NAME_RE)
    primary = _col(table, 39, 39).isin(("0", "1"))
    unread = er["seq"].isna() | ~named.fillna(False).astype(bool) | ~primary
    missing = unread.to_numpy() & ~short
    skips.drop(
        er, missing, "ER record: route, sequence number, fix or record number missing or malformed"
    )
    er["broken"] = short | missing
    found = er.merge(
        points[["ident", "icao", "section", "lat", "lon"]],
        on=["ident", "icao", "section"],
        how="left",
    )
    nxt = found.shift(-1)
    pair = (
        (nxt["route"] == found["route"])
        & (nxt["seq"] > found["seq"])
        & ~found["end"]
        & ~found["broken"]
        & ~nxt["broken"].fillna(True).astype(bool)
    )
    legs = (
        found.assign(
            to_ident=nxt["ident"],
            to_icao=nxt["icao"],
            to_lat=nxt["lat"],
            to_lon=nxt["lon"],
            to_section=nxt["section"],
        )
        .loc[pair.fillna(False).to_numpy(dtype=bool)]
        .reset_index(drop=True)
    )
    section_names = {"EA": "enroute waypoint", "D ": "VHF navaid", "DB": "NDB"}
    unknown = legs["lat"].isna() | legs["to_lat"].isna()
    terminal = unknown & ~(
        legs["section"].isin(list(section_names)) & legs["to_section"].isin(list(section_names))
    )
    legs = skips.drop(legs, terminal, "leg to a terminal point (PC/PN records are not read)")
    legs = skips.drop(
        legs,
        legs["lat"].isna() | legs["to_lat"].isna(),
        "fix not found among the EA, D and DB records (ident, ICAO code, section)",
    )
    bad_level = ~legs["level"].isin(("B", "H", "L"))
    legs = skips.drop(legs, bad_level, "level (column 46) not B, H or L")
    legs = skips.drop(
        legs,
        ~legs["direction"].isin(("F", "B", " ")),
        "direction restriction (column 47) not F, B or blank",
    )
    legs = skips.drop(
        legs,
        ~(legs["lower_ft"] <= legs["upper_ft"]),
        "altitudes (columns 84-88, 94-98) malformed or minimum above maximum",
    )
    legs = skips.drop(
        legs,
        (legs["lat"] == legs["to_lat"]) & (legs["lon"] == legs["to_lon"]),
        "zero length (both fixes at the same position)",
    )
    return _bands(legs)


def _bands(legs: pd.DataFrame) -> pd.DataFrame:
    if legs.empty:
        return empty_legs()
    bands = legs["level"].map({"B": ["low", "high"], "L": ["low"], "H": ["high"]}).explode()
    rows = legs.loc[bands.index]
    out = pd.DataFrame(
        {
            "route": rows["route"].to_numpy(dtype=object),
            "from_fix": rows["ident"].to_numpy(dtype=object),
            "from_lat": rows["lat"].to_numpy(dtype=np.float64),
            "from_lon": rows["lon"].to_numpy(dtype=np.float64),
            "to_fix": rows["to_ident"].to_numpy(dtype=object),
            "to_lat": rows["to_lat"].to_numpy(dtype=np.float64),
            "to_lon": rows["to_lon"].to_numpy(dtype=np.float64),
            "level": bands.to_numpy(dtype=object),
            "lower_ft": rows["lower_ft"].to_numpy(dtype=np.float64),
            "upper_ft": rows["upper_ft"].to_numpy(dtype=np.float64),
            "one_way": rows["direction"].isin(("F", "B")).to_numpy(dtype=bool),
            "from_region": rows["icao"].to_numpy(dtype=object),
            "to_region": rows["to_icao"].to_numpy(dtype=object),
        }
    )
    return swap_backward(out, (rows["direction"] == "B").to_numpy()).loc[:, list(LEG_COLUMNS)]


def parse_arinc424(
    data: bytes, source: str, max_lines: int
) -> tuple[pd.DataFrame, pd.DataFrame, LoadReport]:
    """ARINC 424 bytes -> ``(legs, airports, report)``; airports: icao, name, lat, lon."""
    tables, records, cycles = _split(data, source, max_lines)
    skips = _Skips(source)
    points = _points(tables, skips)
    airports = _airports(tables["PA"], skips)
    legs = _airway_legs(tables["ER"], points, skips)
    counts = ", ".join(f"{len(tables[k])} {k.strip()}" for k in _KINDS)
    report = LoadReport(
        source=source,
        kind="arinc424",
        items_read=sum(len(t) for t in tables.values()),
        segments=len(legs),
        skipped_count=skips.count,
        skipped=tuple(skips.examples),
        notes=(
            f"ARINC 424, cycle {cycles}: {records} records, of which read {counts}",
            f"{int(legs['one_way'].sum())} one-way legs",
        ),
    )
    return legs, airports, report
