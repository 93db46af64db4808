"""Caching of networks: the default once per process, and on disk keyed by source content.

The disk cache is a NumPy ``.npz`` file (no pickle) in ``$AIRSPACE_CACHE_DIR``, else
``$XDG_CACHE_HOME/airspace``, else ``~/.cache/airspace``; ``AIRSPACE_CACHE_DIR=""`` turns it off.
Its name holds a SHA-256 of every source file's bytes, of the modules that build the tables and
of ``FORMAT``, so new data or new code never reads a stale entry.  The bundled network has one
entry (``network-<key>.npz``: writing a new one removes the older); networks from the user's own
route data have their own (``network-user-<key>.npz``), the ``MAX_USER_ENTRIES`` most recent
kept.  An unwritable or corrupt cache is ignored: the network is then built from the sources,
which is always correct, only slower.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict
from importlib.resources import files
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from airspace import diskcache
from airspace.network.model import LoadReport, Skipped

FORMAT: Final = "airspace-network-v4"
BUILDER_MODULES: Final = (
    "legs.py",
    "xplane.py",
    "xplane11.py",
    "arinc424.py",
    "userdata.py",
    "airports.py",
    "geometry.py",
    "build.py",
    "sources.py",
    "cache.py",
)
MAX_USER_ENTRIES: Final = 4
_LOCK = threading.Lock()
_MEMO: dict[str, Any] = {}

Tables = tuple[gpd.GeoDataFrame, pd.DataFrame, pd.DataFrame, tuple[LoadReport, ...]]
"""segments, nodes, airports, reports."""


def code_fingerprint() -> bytes:
    """The source text of the modules that shape the cached tables (a change rebuilds)."""
    package = files("airspace.network")
    return b"".join((package / name).read_bytes() for name in BUILDER_MODULES)


def content_key(sources: Sequence[bytes]) -> str:
    """SHA-256 over the format tag, the builder code and every source's bytes."""
    return diskcache.content_key(FORMAT, (code_fingerprint(), *sources))


def memoized(key: str, build: Callable[[], Any]) -> Any:
    """``build()`` once per process for ``key``."""
    with _LOCK:
        if key not in _MEMO:
            _MEMO[key] = build()
        return _MEMO[key]


def _pack_frame(prefix: str, frame: pd.DataFrame, out: dict[str, np.ndarray]) -> None:
    for col in frame.columns:
        if col == "geometry":
            geoms = frame.geometry.to_numpy()
            simple = shapely.get_type_id(geoms) == shapely.GeometryType.LINESTRING
            coords, offsets = np.empty((0, 2)), np.zeros(1, dtype=np.int64)
            if simple.any():
                _, coords, (offsets,) = shapely.to_ragged_array(geoms[simple])
            out[f"{prefix}line_coords"], out[f"{prefix}line_offsets"] = coords, offsets
            out[f"{prefix}simple"] = simple
            # the few other geometries (split at 180 deg) as WKB, one after the other
            wkb = shapely.to_wkb(geoms[~simple])
            out[f"{prefix}wkb_len"] = np.array([len(b) for b in wkb], dtype=np.int64)
            out[f"{prefix}wkb"] = np.frombuffer(b"".join(wkb), dtype=np.uint8)
            continue
        values = frame[col].to_numpy()
        if values.dtype == object:  # text: codes into its distinct values, packed as UTF-8
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
            out[f"{prefix}text:{col}"] = codes.astype(np.int32)
            packed = diskcache.pack_strings([str(u) for u in uniques])
            out[f"{prefix}uniq:{col}"], out[f"{prefix}uend:{col}"] = packed
        else:
            out[f"{prefix}col:{col}"] = values


def _unpack_frame(prefix: str, data: Any) -> pd.DataFrame:
    columns: dict[str, Any] = {}
    for name in data.files:  # in the order written: the frame's column order
        if name.startswith(f"{prefix}col:"):
            columns[name[len(prefix) + 4 :]] = data[name]
        elif name.startswith(f"{prefix}text:"):
            col = name[len(prefix) + 5 :]
            uniques = np.array(
                diskcache.unpack_strings(data[f"{prefix}uniq:{col}"], data[f"{prefix}uend:{col}"]),
                dtype=object,
            )
            codes = data[name]
            values = uniques[np.maximum(codes, 0)] if len(uniques) else np.full(len(codes), None)
            values[codes < 0] = None
            columns[col] = values
    frame = pd.DataFrame(columns)
    if f"{prefix}simple" not in data.files:
        return frame
    simple = data[f"{prefix}simple"]
    geoms = np.empty(len(simple), dtype=object)
    if simple.any():
        geoms[simple] = shapely.from_ragged_array(
            shapely.GeometryType.LINESTRING,
            data[f"{prefix}line_coords"],
            (data[f"{prefix}line_offsets"],),
        )
    blob = data[f"{prefix}wkb"].tobytes()
    ends = np.cumsum(data[f"{prefix}wkb_len"])
    starts = ends - data[f"{prefix}wkb_len"]
    parts = [blob[a:b] for a, b in zip(starts, ends, strict=True)]
    geoms[~simple] = shapely.from_wkb(np.array(parts, dtype=object)) if parts else []
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")


def _report_from_dict(d: dict[str, Any]) -> LoadReport:
    d = dict(d)
    d["skipped"] = tuple(Skipped(**s) for s in d["skipped"])
    d["notes"] = tuple(d["notes"])
    return LoadReport(**d)


def save(path: Path, tables: Tables) -> bool:
    """Write ``tables`` atomically; ``False`` (and no exception) if the disk refuses or a
    text cell cannot be packed (a NUL in a name: the tables are then used uncached)."""
    segments, nodes, airports, reports = tables
    arrays: dict[str, np.ndarray] = {}
    try:
        _pack_frame("s.", segments, arrays)
        _pack_frame("n.", nodes, arrays)
        _pack_frame("a.", airports, arrays)
    except ValueError:
        return False
    arrays["reports"] = np.array(json.dumps([asdict(r) for r in reports]))
    return diskcache.save_arrays(path, arrays)


def load(path: Path) -> Tables | None:
    """Tables from a cache file, or ``None`` if missing or unreadable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            segments = _unpack_frame("s.", data)
            nodes = _unpack_frame("n.", data)
            airports = _unpack_frame("a.", data)
            reports = tuple(_report_from_dict(d) for d in json.loads(str(data["reports"])))
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
    if not isinstance(segments, gpd.GeoDataFrame):
        return None
    return segments, nodes, airports, reports


def cached_tables(
    sources: Sequence[bytes], build: Callable[[], Tables], *, name: str = "default"
) -> Tables:
    """Tables from the disk cache for these sources, else built (and stored if possible).

    ``name="default"`` is the bundled network (one entry); any other name keeps up to
    ``MAX_USER_ENTRIES`` entries under ``network-<name>-<key>.npz``.
    """
    kind = "network" if name == "default" else f"network-{name}"
    path = diskcache.entry_path(kind, content_key(sources))
    if path is None:
        return build()
    found = load(path) if path.exists() else None
    if found is not None:
        segments, nodes, airports, reports = found
        note = LoadReport(str(path), "cache", len(segments), len(segments), notes=("disk cache",))
        return segments, nodes, airports, (*reports, note)
    tables = build()
    if save(path, tables):
        diskcache.prune(kind, path, keep=1 if name == "default" else MAX_USER_ENTRIES)
    return tables


def cached_frame(
    kind: str,
    sources: Sequence[bytes],
    build: Callable[[], tuple[gpd.GeoDataFrame, LoadReport]],
) -> tuple[gpd.GeoDataFrame, LoadReport]:
    """A table (text columns and geometry) with its report, from ``{kind}-<key>.npz`` in the
    disk cache for these sources, else built (and stored if possible).  Used for the FIR layer:
    reading WKB back is about 20 times faster than parsing its GeoJSON."""
    path = diskcache.entry_path(kind, content_key(sources))
    if path is None:
        return build()
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as data:
                frame = _unpack_frame("t.", data)
                report = _report_from_dict(json.loads(str(data["report"])))
            if isinstance(frame, gpd.GeoDataFrame):
                return frame, report
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            pass
    frame, report = build()
    arrays: dict[str, np.ndarray] = {"report": np.array(json.dumps(asdict(report)))}
    try:
        _pack_frame("t.", frame, arrays)
    except ValueError:  # a NUL in a name: used uncached
        return frame, report
    if diskcache.save_arrays(path, arrays):
        diskcache.prune(kind, path)
    return frame, report
