"""Spatial indexes that threads can share, and the lock that keeps one pipeline at a time.

GEOS builds an STRtree on its first query, and shapely releases the GIL while it queries: two
threads making the first query of one shared tree at once build it twice over the same memory
and crash the process (two ``airspace.run`` calls in threads on the shared default network).
``built_tree`` makes that first query itself, so the tree is complete before anyone shares it.

Prepared geometries (the FIR outlines) fill their internal indexes lazily on use, which is
not thread-safe in GEOS either, and the default network and FIRs are shared by every run in a
process.  So the library's entry points (``airspace.run`` and ``build``, ``Advisory.map`` and
``save``, ``read_bulletin``) hold ``ENGINE_LOCK``: runs in threads are safe and take turns
(sweeps run in processes, which share nothing).
"""

from __future__ import annotations

import threading
from typing import Any, Final

import shapely


def built_tree(geometries: Any) -> shapely.STRtree:
    """An STRtree over ``geometries``, built now rather than on its first query."""
    tree = shapely.STRtree(geometries)
    tree.query(shapely.Point(0.0, 0.0))
    return tree


ENGINE_LOCK: Final = threading.RLock()
"""Held by each library entry point while it uses the shared network, FIRs and indexes."""
