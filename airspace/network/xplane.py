"""Readers for the X-Plane navigation files shipped by ``bluesky-navdata`` (pure: bytes in).

``awy.dat`` (X-Plane 640 layout), one airway segment per line::

    KAE  37.700556 128.753611 IGLUT  37.599167 129.585833 1 080 600 B467

from-fix, lat, lon, to-fix, lat, lon, level band (1 low, 2 high), base FL, top FL and the airway
names joined by ``-`` (a name may itself contain a space: ``MT E``).  The file gives no direction.
Parsing is one ``pandas.read_csv`` call; no Python loop runs per line.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import Final

import numpy as np
import pandas as pd

from airspace.network.legs import MAX_EXAMPLES, complete_legs
from airspace.network.model import LoadReport, Skipped

_EXTRA_NAME_FIELDS: Final = 4
_FIELDS: Final = (
    "from_fix",
    "from_lat",
    "from_lon",
    "to_fix",
    "to_lat",
    "to_lon",
    "band",
    "base_fl",
    "top_fl",
    "names",
    *(f"names_{i}" for i in range(_EXTRA_NAME_FIELDS)),
)
_NUMERIC: Final = ("from_lat", "from_lon", "to_lat", "to_lon", "band", "base_fl", "top_fl")
_SKIP_RE: Final = re.compile(r"Skipping line (\d+): (.*)")
_CYCLE_RE: Final = re.compile(r"data cycle (\d{4}\.\d{2})")


def awy_header(data: bytes) -> tuple[int, str | None]:
    """``(number of header lines, data cycle)``; raises ``ValueError`` unless layout 640."""
    head = data[:4096].decode("latin-1").splitlines()
    if len(head) < 2 or head[0].strip() not in ("I", "A") or not head[1].startswith("640"):
        first = head[1][:40] if len(head) > 1 else ""
        raise ValueError(
            f"not an X-Plane 640 awy.dat file (expected 'I' then '640 Version ...', got {first!r})"
        )
    match = _CYCLE_RE.search(head[1])
    return 2, match.group(1) if match else None


def _row_lines(data: bytes, header_lines: int, unread: set[int]) -> list[int]:
    """The file line of each row ``read_csv`` read, counted as it counts: lines end at a line
    feed or a carriage return, a line of spaces and tabs is blank, and the ``unread`` bad lines
    are not rows.  Computed only when a row is skipped."""
    text = re.split(r"\r\n|\r|\n", data.decode("latin-1"))
    return [
        n
        for n, line in enumerate(text, start=1)
        if n > header_lines and line.strip(" \t") and n not in unread
    ]


def parse_awy(data: bytes, source: str = "awy.dat") -> tuple[pd.DataFrame, LoadReport]:
    """Parse X-Plane 640 ``awy.dat`` bytes into a legs table (``LEG_COLUMNS``) and a report.

    Lines with too many fields, non-numeric or out-of-range coordinates, an unknown level band,
    base above top, a missing name or zero length are skipped and reported.  Segments shared by
    several airways (``A1-B2``) become one row per airway.
    """
    header_lines, cycle = awy_header(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw = pd.read_csv(
            io.BytesIO(data),
            sep=r"\s+",
            skiprows=header_lines,
            header=None,
            names=list(_FIELDS),
            dtype={"from_fix": str, "to_fix": str, "names": str}
            | {f"names_{i}": str for i in range(_EXTRA_NAME_FIELDS)},
            on_bad_lines="warn",
            encoding="latin-1",
            skip_blank_lines=True,
            keep_default_na=False,  # a fix may be called "NA"
            na_values=[""],
        )
    skipped: list[Skipped] = []
    for w in caught:
        for match in _SKIP_RE.finditer(str(w.message)):
            line = int(match.group(1)) + header_lines
            skipped.append(Skipped(f"{source}:{line}", match.group(2).strip()))
    bad_lines = len(skipped)
    unread = {int(s.where.rsplit(":", 1)[1]) for s in skipped}

    terminator = (raw["from_fix"] == "99") & raw["from_lat"].isna()
    raw = raw.loc[~terminator.to_numpy()]
    for col in _NUMERIC:
        raw[col] = pd.to_numeric(raw[col], errors="coerce")
    names = raw["names"].astype(object)
    for i in range(_EXTRA_NAME_FIELDS):
        extra = raw[f"names_{i}"]
        has = extra.notna().to_numpy()
        if has.any():
            names.loc[has] = names.loc[has] + " " + extra.loc[has]

    lat_ok = raw["from_lat"].abs().le(90) & raw["to_lat"].abs().le(90)
    lon_ok = raw["from_lon"].abs().le(180) & raw["to_lon"].abs().le(180)
    reasons = {
        "coordinate missing or out of range": ~(lat_ok & lon_ok),
        "level band not 1 (low) or 2 (high)": ~raw["band"].isin((1, 2)),
        "base or top level missing, or base above top": ~(raw["base_fl"] <= raw["top_fl"]),
        "airway name missing": names.isna() | raw["from_fix"].isna() | raw["to_fix"].isna(),
        "zero length (both ends at the same point)": (raw["from_lat"] == raw["to_lat"])
        & (raw["from_lon"] == raw["to_lon"]),
    }
    bad = np.zeros(len(raw), dtype=bool)
    row_lines = (
        _row_lines(data, header_lines, unread) if any(m.any() for m in reasons.values()) else []
    )
    for reason, mask in reasons.items():
        m = mask.to_numpy(dtype=bool) & ~bad
        for row in np.flatnonzero(m)[:MAX_EXAMPLES]:
            k = int(raw.index[row])
            where = f"{source}:{row_lines[k]}" if k < len(row_lines) else f"{source}: row {k + 1}"
            skipped.append(Skipped(where, reason))
        bad |= m
    good = raw.loc[~bad]
    names = names.loc[~bad]

    multi = names.str.contains("-", regex=False).to_numpy(dtype=bool)
    split = names.loc[multi].str.split("-").explode()
    route = pd.concat([names.loc[~multi], split[split.str.len() > 0]])
    legs = good.loc[route.index]
    band = legs["band"].to_numpy()
    out = pd.DataFrame(
        {
            "route": route.to_numpy(dtype=object),
            "from_fix": legs["from_fix"].to_numpy(dtype=object),
            "from_lat": legs["from_lat"].to_numpy(dtype=np.float64),
            "from_lon": legs["from_lon"].to_numpy(dtype=np.float64),
            "to_fix": legs["to_fix"].to_numpy(dtype=object),
            "to_lat": legs["to_lat"].to_numpy(dtype=np.float64),
            "to_lon": legs["to_lon"].to_numpy(dtype=np.float64),
            "level": np.where(band == 1, "low", "high").astype(object),
            "lower_ft": legs["base_fl"].to_numpy(dtype=np.float64) * 100.0,
            "upper_ft": legs["top_fl"].to_numpy(dtype=np.float64) * 100.0,
        }
    )
    out = complete_legs(out)  # the 640 layout has neither direction nor region codes
    skipped_count = bad_lines + int(bad.sum())
    report = LoadReport(
        source=source,
        kind="awy.dat",
        items_read=len(raw) + bad_lines,
        segments=len(out),
        skipped_count=skipped_count,
        skipped=tuple(skipped[:MAX_EXAMPLES]),
        notes=(f"X-Plane 640 layout, data cycle {cycle or 'unknown'}",),
    )
    return out, report


def parse_airports(data: bytes) -> pd.DataFrame:
    """BlueSky ``airports.dat`` (``code, name, lat, lon, class, ...``) -> icao, name, lat, lon."""
    table = pd.read_csv(
        io.BytesIO(data),
        comment="#",
        header=None,
        usecols=[0, 1, 2, 3],
        names=["icao", "name", "lat", "lon"],
        skipinitialspace=True,
        encoding="latin-1",
        dtype={"icao": str, "name": str},
        on_bad_lines="skip",
    )
    table["lat"] = pd.to_numeric(table["lat"], errors="coerce")
    table["lon"] = pd.to_numeric(table["lon"], errors="coerce")
    table = table.dropna(subset=["icao", "lat", "lon"])
    table["icao"] = table["icao"].str.strip().str.upper()
    table["name"] = table["name"].fillna("").str.strip()
    return table.drop_duplicates("icao").reset_index(drop=True)
