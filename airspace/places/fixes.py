"""Fixes and navaids of the route network as places (``RouteNetwork.default()`` nodes).

The network is loaded on the first look-up only (about 0.15 s from its warm on-disk cache, more
on a cold one), so names that cannot be fixes never pay for it.  Import direction: places ->
network; the network never imports places.
"""

from __future__ import annotations

from functools import cache

import numpy as np


@cache
def _index() -> dict[str, list[tuple[str, float, float]]]:
    from airspace.network import RouteNetwork

    nodes = RouteNetwork.default().nodes
    names = nodes["name"].to_numpy(dtype=object)
    lats = nodes["lat"].to_numpy(dtype=np.float64)
    lons = nodes["lon"].to_numpy(dtype=np.float64)
    index: dict[str, list[tuple[str, float, float]]] = {}
    for name, lat, lon in zip(names, lats, lons, strict=True):
        index.setdefault(str(name), []).append((str(name), float(lat), float(lon)))
    return index


def network_fixes(name: str) -> list[tuple[str, float, float]]:
    """Nodes of the default route network called exactly ``name``: ``(name, lat, lon)`` each."""
    return list(_index().get(name, []))
