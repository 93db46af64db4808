"""Land or sea at a point: GSHHG (via ``roaring-landmask``) at 30 arc-seconds, cached by tile.

The full GSHHG raster takes about a second and 400 MB to load.  The overflight check needs a
few thousand points near one trajectory, at a resolution of about a kilometre, so the raster is
sampled once per 1 x 1 degree tile (120 x 120 cells of 30 arc-seconds, 1.8 kB packed) into a
content-keyed disk cache (the package version and the resolution); later runs read the tiles
they need and never load the raster.  ``AIRSPACE_CACHE_DIR=""`` keeps the tiles in memory only.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from airspace import diskcache
from airspace.geo import FloatArray

CELLS_PER_DEGREE: Final = 120
"""30 arc-second cells (about 0.9 km north-south)."""
BoolArray = npt.NDArray[np.bool_]

_TILES: dict[tuple[int, int], BoolArray] = {}
_LOCK = threading.Lock()


@cache
def _raster() -> Any:
    """The GSHHG land raster (loaded only when a tile is missing from the cache)."""
    module = importlib.import_module("roaring_landmask")
    return module.RoaringMask.new(module.LandmaskProvider.Gshhg)


@cache
def _folder() -> Path | None:
    return diskcache.versioned_path(
        "roaring-landmask", f"landmask-gshhg-{{version}}-{CELLS_PER_DEGREE}"
    )


def _sample(ilat: int, ilon: int) -> BoolArray:
    """Land at the centres of one tile's cells (rows: latitude upward, columns: eastward)."""
    steps = (np.arange(CELLS_PER_DEGREE) + 0.5) / CELLS_PER_DEGREE
    lat, lon = np.meshgrid(ilat + steps, ilon + steps, indexing="ij")
    hits = _raster().contains_many(
        np.ascontiguousarray(lon.ravel()), np.ascontiguousarray(lat.ravel())
    )
    return np.asarray(hits, dtype=bool).reshape(CELLS_PER_DEGREE, CELLS_PER_DEGREE)


def _tile(ilat: int, ilon: int) -> BoolArray:
    key = (ilat, ilon)
    found = _TILES.get(key)
    if found is not None:
        return found
    folder = _folder()
    path = folder / f"{ilat:+03d}{ilon:+04d}.npy" if folder is not None else None
    tile = None
    if path is not None and path.exists():
        with contextlib.suppress(OSError, ValueError):
            packed = np.load(path, allow_pickle=False)
            tile = np.unpackbits(packed)[: CELLS_PER_DEGREE**2].astype(bool)
            tile = tile.reshape(CELLS_PER_DEGREE, CELLS_PER_DEGREE)
    if tile is None:
        tile = _sample(ilat, ilon)
        if path is not None:
            packed = np.packbits(tile.ravel())
            diskcache.write_atomic(path, lambda stream: np.save(stream, packed, allow_pickle=False))
    _TILES[key] = tile
    return tile


def on_land(lat: FloatArray, lon: FloatArray) -> BoolArray:
    """True where ``(lat, lon)`` (degrees, arrays) is land in GSHHG, at 30 arc-seconds."""
    lat_arr = np.clip(np.asarray(lat, dtype=np.float64), -90.0, 90.0 - 1e-9)
    lon_arr = (np.asarray(lon, dtype=np.float64) + 180.0) % 360.0 - 180.0
    ilat, ilon = np.floor(lat_arr).astype(int), np.floor(lon_arr).astype(int)
    row = np.minimum(((lat_arr - ilat) * CELLS_PER_DEGREE).astype(int), CELLS_PER_DEGREE - 1)
    col = np.minimum(((lon_arr - ilon) * CELLS_PER_DEGREE).astype(int), CELLS_PER_DEGREE - 1)
    result = np.zeros(lat_arr.shape, dtype=bool)
    keys = ilat * 1000 + ilon
    with _LOCK:
        for key in np.unique(keys):
            where = keys == key
            tile = _tile(int(ilat[where][0]), int(ilon[where][0]))
            result[where] = tile[row[where], col[where]]
    return result
