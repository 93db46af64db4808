"""Assembling the segments table from legs tables: geometry, lengths, fix identity, merging.

A fix is identified by its name and position (to 1e-6 deg): the same name elsewhere is another
fix (names are not unique worldwide; readers of sources that identify fixes by ident and ICAO
region code resolve those references before this step, and the region is kept on the node).
Legs merged
from another source are snapped onto existing fixes of the same name within ``SNAP_NM`` (the
2013 data and a newer AIP differ by a few metres for the same fix).
"""

from __future__ import annotations

from typing import Final, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from airspace.geo import METRES_PER_NM, haversine_km
from airspace.network.geometry import segment_geometries
from airspace.network.legs import LEG_COLUMNS

SNAP_NM: Final = 1.0
SEGMENT_COLUMNS: Final = (
    *LEG_COLUMNS,
    "length_nm",
    "crosses_antimeridian",
    "source",
    "from_node",
    "to_node",
)
_COORD_DECIMALS: Final = 6


def legs_to_segments(legs: pd.DataFrame, source: str) -> gpd.GeoDataFrame:
    """Segments (without node ids) from a legs table: geodesic geometry and length per leg."""
    arrays = [
        legs[c].to_numpy(dtype=np.float64) for c in ("from_lat", "from_lon", "to_lat", "to_lon")
    ]
    geoms, length_m, crosses = segment_geometries(*arrays)
    table = legs.loc[:, list(LEG_COLUMNS)].reset_index(drop=True)
    table["length_nm"] = length_m / METRES_PER_NM
    table["crosses_antimeridian"] = crosses
    table["source"] = source
    return gpd.GeoDataFrame(table, geometry=geoms, crs="EPSG:4326")


def snap_to_existing(legs: pd.DataFrame, nodes: pd.DataFrame, snap_nm: float) -> pd.DataFrame:
    """Move leg ends onto existing fixes (``nodes``: name, lat, lon) of the same name nearby."""
    legs = legs.copy()
    for end in ("from", "to"):
        ends = pd.DataFrame(
            {
                "row": np.arange(len(legs)),
                "name": legs[f"{end}_fix"].to_numpy(),
                "lat": legs[f"{end}_lat"].to_numpy(),
                "lon": legs[f"{end}_lon"].to_numpy(),
            }
        )
        cand = ends.merge(nodes[["name", "lat", "lon"]], on="name", suffixes=("", "_fix"))
        if cand.empty:
            continue
        cand["d_nm"] = (
            haversine_km(
                cand["lat"].to_numpy(),
                cand["lon"].to_numpy(),
                cand["lat_fix"].to_numpy(),
                cand["lon_fix"].to_numpy(),
            )
            * 1000.0
            / METRES_PER_NM
        )
        cand = cand[cand["d_nm"] <= snap_nm].sort_values("d_nm").drop_duplicates("row")
        rows = cand["row"].to_numpy()
        legs.iloc[rows, legs.columns.get_loc(f"{end}_lat")] = cand["lat_fix"].to_numpy()
        legs.iloc[rows, legs.columns.get_loc(f"{end}_lon")] = cand["lon_fix"].to_numpy()
    return legs


def unique_fixes(segments: pd.DataFrame) -> pd.DataFrame:
    """Distinct (name, lat, lon) of all segment ends, for snapping."""
    ends = pd.DataFrame(
        {
            "name": np.concatenate(
                [segments["from_fix"].to_numpy(), segments["to_fix"].to_numpy()]
            ),
            "lat": np.concatenate([segments["from_lat"].to_numpy(), segments["to_lat"].to_numpy()]),
            "lon": np.concatenate([segments["from_lon"].to_numpy(), segments["to_lon"].to_numpy()]),
        }
    )
    return ends.drop_duplicates(ignore_index=True)


def assign_nodes(segments: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Give every segment ``from_node``/``to_node`` ids; returns ``(segments, nodes)``.

    ``nodes`` has one row per fix: name, lat, lon (degrees), region (the ICAO region code where
    a source gives one, else ``""``), indexed by node id.
    """
    n = len(segments)
    ends = pd.DataFrame(
        {
            "name": np.concatenate(
                [segments["from_fix"].to_numpy(), segments["to_fix"].to_numpy()]
            ),
            "lat": np.concatenate([segments["from_lat"].to_numpy(), segments["to_lat"].to_numpy()]),
            "lon": np.concatenate([segments["from_lon"].to_numpy(), segments["to_lon"].to_numpy()]),
            "region": np.concatenate(
                [segments["from_region"].to_numpy(), segments["to_region"].to_numpy()]
            ).astype(object),
        }
    )
    key_lat = ends["lat"].round(_COORD_DECIMALS)
    key_lon = ends["lon"].round(_COORD_DECIMALS)
    ids = (
        pd.DataFrame({"name": ends["name"], "lat": key_lat, "lon": key_lon})
        .groupby(["name", "lat", "lon"], sort=True)
        .ngroup()
        .to_numpy()
    )
    segments = segments.copy()
    segments["from_node"] = ids[:n].astype(np.intp)
    segments["to_node"] = ids[n:].astype(np.intp)
    first = np.unique(ids, return_index=True)[1]
    nodes = ends.iloc[first].reset_index(drop=True)
    # a fix read from two sources keeps the region code of the one that gives it
    named = ends["region"].to_numpy() != ""
    region = pd.Series(ends["region"].to_numpy()[named], index=ids[named])
    region = region[~region.index.duplicated()]
    nodes["region"] = region.reindex(np.arange(len(nodes))).fillna("").to_numpy(dtype=object)
    return segments, nodes


def merge_segments(
    base: gpd.GeoDataFrame | None,
    extra: gpd.GeoDataFrame,
    mode: Literal["add", "replace"],
) -> gpd.GeoDataFrame:
    """Concatenate segment tables; ``replace`` first drops base segments of the extra's routes."""
    if base is None or base.empty:
        merged = extra
    else:
        if mode == "replace":
            base = base[~base["route"].isin(set(extra["route"]))]
        merged = pd.concat([base, extra], ignore_index=True)
    merged = gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")
    return merged.drop(columns=["from_node", "to_node"], errors="ignore").reset_index(drop=True)
