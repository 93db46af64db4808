"""What does closing airways cost a list of flows?

Usage::

    python examples/closure_cost_for_flows.py [AIRWAY ...]

Closes the given airways (default B467 and L512, as on 2 Nov 2022) for a day, SFC-UNL, and
prints for each flow the baseline route, whether the closure hits it, and the best reroute
with its extra distance, time, fuel and CO2 (OpenAP), all through the public API.
"""

from __future__ import annotations

import sys

import pandas as pd

import airspace

FLOWS = [
    {
        "id": "ICN-LAX",
        "origin": "RKSI",
        "destination": "KLAX",
        "via": ["ANDOL"],
        "flights_per_day": 12,
        "aircraft": "B77W",
        "cruise": "FL350",
    },
    {
        "id": "ICN-SEA",
        "origin": "RKSI",
        "destination": "KSEA",
        "via": ["ANDOL"],
        "flights_per_day": 10,
        "aircraft": "A359",
        "cruise": "FL350",
    },
    {
        "id": "ICN-NRT",
        "origin": "RKSI",
        "destination": "RJAA",
        "flights_per_day": 1,
        "aircraft": "A333",
        "cruise": "FL330",
    },
]


def closure_cost(airways: list[str]) -> pd.DataFrame:
    """One row per flow: flights affected a day and the suggested reroute's extra cost."""
    scenario = airspace.Scenario.model_validate(
        {
            "name": f"Closure of {', '.join(airways)}",
            "timezone": "Asia/Seoul",
            "avoid_firs": ["ZKKP"],
            "closures": [
                {
                    "id": f"{a}-closed",
                    "route": a,
                    "start": "2022-11-02T10:58:00+09:00",
                    "end": "2022-11-03T11:05:00+09:00",
                }
                for a in airways
            ],
            "flows": FLOWS,
            "output": {"map": False},
        }
    )
    advisory = airspace.run(scenario)
    flows = pd.DataFrame(advisory.flows.drop(columns="geometry"))
    best = pd.DataFrame(advisory.reroutes.drop(columns="geometry"))
    best = best[best["suggested"]][
        ["flow_id", "airways", "extra_nm", "extra_min", "extra_fuel_kg", "extra_co2_kg"]
    ]
    table = flows[["flow_id", "flights_per_day", "flights_affected_per_day", "closures_hit"]]
    return table.merge(best, on="flow_id", how="left")


def main(argv: list[str]) -> pd.DataFrame:
    table = closure_cost(argv or ["B467", "L512"])
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.round(1).to_string(index=False))
    return table


if __name__ == "__main__":
    main(sys.argv[1:])
