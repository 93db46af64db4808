"""The 4-D intersection gives exactly the rows of the plain vectorised shapely way.

The baseline of ``bench/advisory_intersection.py`` (``geopandas.sjoin``, level and window
filters on the joined columns, ``shapely.intersection`` of every matched pair, ``line_merge``,
geodesic lengths of the pieces' vertices) builds the affected-segments table independently of
``airspace.impact``; both must hold the same rows, value for value and line for line, for
random zones worldwide (ellipses and discs, level bands, windows) and zones across 180 deg.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest

from airspace.advisory import volumes_frame
from airspace.impact import affected_segments
from airspace.network import RouteNetwork
from bench.advisory_intersection import plain_shapely, random_zones, same_rows

WINDOW = (datetime(2022, 11, 2, 6, tzinfo=UTC), datetime(2022, 11, 2, 18, tzinfo=UTC))


@pytest.fixture(scope="module")
def network() -> RouteNetwork:
    return RouteNetwork.default()


@pytest.mark.parametrize("window", [None, WINDOW])
def test_rows_equal_the_plain_shapely_baseline(
    network: RouteNetwork, window: tuple[datetime, datetime] | None
) -> None:
    rng = np.random.default_rng(29)
    zones = random_zones(network, 300, rng)
    across = random_zones(network, 20, rng, centre=(51.0, 179.9))  # R220 region, split at 180
    zones += [replace(z, id=f"A{i}") for i, z in enumerate(across)]
    ours = affected_segments(network, zones, window=window)
    baseline = plain_shapely(network.segments, volumes_frame(zones), window)
    same_rows(ours, baseline)
    assert len(ours) > 1000
    assert ours["closure"].str.startswith("A").any()  # some zones across 180 close segments
    near_180 = ours[ours["closure"].str.startswith("A")]
    assert (near_180["entry_lon"] > 179).any() and (near_180["entry_lon"] < -179).any()
    if window is not None:
        assert (ours["start"] < WINDOW[1]).all() and (ours["end"] > WINDOW[0]).all()


def test_same_rows_notices_a_difference(network: RouteNetwork) -> None:
    zones = random_zones(network, 50, np.random.default_rng(31))
    ours = affected_segments(network, zones)
    baseline = plain_shapely(network.segments, volumes_frame(zones))
    shifted = baseline.copy()
    shifted.loc[0, "inside_nm"] += 1e-6
    with pytest.raises(AssertionError):
        same_rows(ours, shifted)
    with pytest.raises(AssertionError):
        same_rows(ours, baseline.iloc[1:])
