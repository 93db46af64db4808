"""Which airways are most exposed to impacts along a line?

Usage::

    python examples/exposure_sweep.py [START] [END] [STEP_KM]

Places simulated SRBM impacts every ``STEP_KM`` (default 25 km) along the geodesic from
``START`` to ``END`` (default: 38.6N 128.8E to 37.2N 132.0E, across the East Sea routes),
all launched from Wonsan, runs one advisory over the whole salvo with the public API and counts,
per airway, how many of the impact points close part of it and how many NM close in all.
"""

from __future__ import annotations

import sys

import pandas as pd
from pyproj import Geod

import airspace

WGS84 = Geod(ellps="WGS84")


def sweep_points(start: str, end: str, step_km: float) -> list[tuple[float, float]]:
    """Points (lat, lon) every ``step_km`` along the WGS84 geodesic from start to end."""
    a, b = airspace.resolve_place(start), airspace.resolve_place(end)
    _, _, dist_m = WGS84.inv(a.lon, a.lat, b.lon, b.lat)
    count = max(int(dist_m // (step_km * 1000.0)), 1)
    inner = WGS84.npts(a.lon, a.lat, b.lon, b.lat, count - 1) if count > 1 else []
    return [(a.lat, a.lon), *[(lat, lon) for lon, lat in inner], (b.lat, b.lon)]


def exposure(start: str, end: str, step_km: float = 25.0) -> pd.DataFrame:
    """Per airway: impact points that close it (of all swept) and total NM closed."""
    points = sweep_points(start, end, step_km)
    launches = [
        {
            "id": f"P{i:02d}",
            "site": "Wonsan",
            "time": "2022-11-02T08:51:00+09:00",
            "impact": [lat, lon],
            "uncertainty": {"cep": "2 km"},
        }
        for i, (lat, lon) in enumerate(points)
    ]
    scenario = airspace.Scenario.model_validate(
        {"name": "Exposure sweep", "launches": launches, "output": {"map": False}}
    )
    hits = airspace.run(scenario).affected_segments
    if hits.empty:
        return pd.DataFrame(columns=["route", "impact_points", "closed_nm"])
    hits = hits.assign(point=hits["closure"].str.split("/").str[0])
    table = hits.groupby("route").agg(
        impact_points=("point", "nunique"), closed_nm=("inside_nm", "sum")
    )
    table = table.reset_index().sort_values(["impact_points", "closed_nm"], ascending=False)
    return table.assign(of_points=len(points)).reset_index(drop=True)


def main(argv: list[str]) -> pd.DataFrame:
    start = argv[0] if argv else "38.6N 128.8E"
    end = argv[1] if len(argv) > 1 else "37.2N 132.0E"
    step_km = float(argv[2]) if len(argv) > 2 else 25.0
    table = exposure(start, end, step_km)
    print(table.round(1).to_string(index=False))
    return table


if __name__ == "__main__":
    main(sys.argv[1:])
