"""Spatial indexes that threads can share.

GEOS builds an STRtree on its first query, and shapely releases the GIL while it queries: two
threads making the first query of one shared tree at once build it twice over the same memory
and crash the process (two ``airspace.run`` calls in threads on the shared default network).
``built_tree`` makes that first query itself, so the tree is complete before anyone shares it.
"""

from __future__ import annotations

from typing import Any

import shapely


def built_tree(geometries: Any) -> shapely.STRtree:
    """An STRtree over ``geometries``, built now rather than on its first query."""
    tree = shapely.STRtree(geometries)
    tree.query(shapely.Point(0.0, 0.0))
    return tree
