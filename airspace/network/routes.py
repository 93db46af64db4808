"""Ordering the segments of one airway into stretches of consecutive fixes.

The source data lists an airway's segments in no particular order.  The segments of one name
are a small graph (tens of fixes): each connected stretch is walked from its western end (the end
with the smallest longitude; a cycle starts at its westernmost fix), and turned round when every
leg of it is one-way against that order (a one-way airway is listed in its direction of flight).
Where an airway branches, the walk stops at the branch and the rest forms further stretches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import pandas as pd

from airspace.network.model import Fix, Route


def ordered_routes(
    name: str,
    segments: pd.DataFrame,
    rows: npt.NDArray[np.intp],
    make_fix: Callable[[int], Fix],
) -> tuple[Route, ...]:
    """Stretches of the airway ``name`` from the segment rows ``rows`` (all of that name)."""
    from_node = segments["from_node"].to_numpy()[rows]
    to_node = segments["to_node"].to_numpy()[rows]
    length = segments["length_nm"].to_numpy()[rows]
    one_way = dict(zip(rows.tolist(), segments["one_way"].to_numpy()[rows].tolist(), strict=True))
    starts = dict(zip(rows.tolist(), from_node.tolist(), strict=True))
    legs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for r, a, b in zip(rows.tolist(), from_node.tolist(), to_node.tolist(), strict=True):
        legs[(min(a, b), max(a, b))].append(r)
    leg_length = {
        pair: float(min(length[np.searchsorted(rows, idx)])) for pair, idx in legs.items()
    }
    adjacent: dict[int, set[int]] = defaultdict(set)
    for a, b in legs:
        adjacent[a].add(b)
        adjacent[b].add(a)
    lon = {n: make_fix(n).lon for n in adjacent}
    unused = set(legs)
    stretches: list[Route] = []
    while unused:
        free = {n: sum((min(n, m), max(n, m)) in unused for m in adjacent[n]) for n in adjacent}
        active = [n for n, k in free.items() if k > 0]
        ends = [n for n in active if free[n] == 1] or active
        node = min(ends, key=lambda n: (lon[n], n))
        chain = [node]
        while True:
            nxt = [m for m in adjacent[node] if (min(node, m), max(node, m)) in unused]
            if not nxt or (len(nxt) > 1 and len(chain) > 1):
                break
            step = min(nxt, key=lambda m: (lon[m], m))
            unused.discard((min(node, step), max(node, step)))
            chain.append(step)
            node = step
        against = all(
            all(one_way[r] and starts[r] == b for r in legs[(min(a, b), max(a, b))])
            for a, b in pairwise(chain)
        )
        if against:
            chain.reverse()
        pairs = [(min(a, b), max(a, b)) for a, b in pairwise(chain)]
        stretches.append(
            Route(
                name,
                tuple(make_fix(n) for n in chain),
                tuple(tuple(sorted(legs[p])) for p in pairs),
                sum(leg_length[p] for p in pairs),
            )
        )
    return tuple(stretches)
