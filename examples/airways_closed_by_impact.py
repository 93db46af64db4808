"""Which airways does an impact at a given point close, and when?

Usage::

    python examples/airways_closed_by_impact.py "37.52N 130.20E" [SITE] [CEP]

Builds a one-launch scenario (an SRBM from ``SITE``, default Wonsan, at 08:51 KST on
2 Nov 2022, CEP default 2 km) with the public API, runs the advisory and prints each closed
airway stretch as an ANSP would publish it, plus the NOTAMs.
"""

from __future__ import annotations

import sys

import airspace


def closed_airways(impact: str, site: str = "Wonsan", cep: str = "2 km") -> airspace.Advisory:
    """The advisory for one launch from ``site`` to ``impact`` (place text)."""
    scenario = airspace.Scenario.model_validate(
        {
            "name": f"Impact at {impact}",
            "timezone": "Asia/Seoul",
            "launches": [
                {
                    "id": "L1",
                    "site": site,
                    "time": "2022-11-02T08:51:00+09:00",
                    "vehicle": "SRBM",
                    "impact": impact,
                    "uncertainty": {"cep": cep},
                }
            ],
            "output": {"map": False},
        }
    )
    return airspace.run(scenario)


def main(argv: list[str]) -> list[str]:
    impact = argv[0] if argv else "37.52N 130.20E"
    advisory = closed_airways(impact, *argv[1:3])
    lines = list(advisory.affected_routes["text"])
    for line in lines or ["no airway closed"]:
        print(line)
    for notam in advisory.notams:
        print(f"\n{notam}")
    return lines


if __name__ == "__main__":
    main(sys.argv[1:])
