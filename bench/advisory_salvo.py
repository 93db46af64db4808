"""Salvos of 10, 100 and 1,000 launches: the time per launch must not grow with the salvo.

Each salvo is the bundled 2022-11-02 scenario (its closures and flows) with its launch replaced
by ``n`` SRBMs from Wonsan, one a minute from 08:51 KST, aimed at a grid of impact points
2 km apart east of Sokcho (so every launch has its own trajectory, volumes, zones and NOTAMs;
none merge, their windows differ).  ``airspace.run`` builds each advisory in one process after
a warm-up run (the network, gazetteer and caches loaded); the baseline is the time per launch
of the 10-launch salvo in the same run.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

import airspace

BUNDLED = Path(__file__).resolve().parent.parent / "scenarios" / "2022-11-02-sokcho.yaml"
SIZES = (10, 100, 1000)
KST = timezone(timedelta(hours=9))


def salvo(n: int) -> dict[str, Any]:
    """The bundled scenario with ``n`` launches."""
    doc: dict[str, Any] = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    first = datetime(2022, 11, 2, 8, 51, tzinfo=KST)
    doc["name"] = f"salvo of {n}"
    doc["launches"] = [
        {
            "id": f"S{k:04d}",
            "site": "Wonsan",
            "time": (first + timedelta(minutes=k)).isoformat(),
            "vehicle": "SRBM",
            "impact": f"{38.0 + 0.02 * (k % 25):.2f} {129.1 + 0.02 * (k // 25):.2f}",
            "profile": "minimum-energy",
            "uncertainty": {"cep": "2 km"},
        }
        for k in range(n)
    ]
    doc.setdefault("output", {})["map"] = False
    return doc


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for n in SIZES:
            paths[n] = Path(tmp) / f"salvo-{n}.yaml"
            paths[n].write_text(yaml.safe_dump(salvo(n), sort_keys=False), encoding="utf-8")
        airspace.run(paths[SIZES[0]])  # warm-up: network, places, caches
        per_launch = {}
        print("launches   advisory s   ms per launch   zones")
        for n in SIZES:
            start = time.perf_counter()
            advisory = airspace.run(paths[n])
            elapsed = time.perf_counter() - start
            per_launch[n] = elapsed / n
            zones = len(advisory.closures)
            print(f"{n:8d} {elapsed:12.2f} {1000 * per_launch[n]:15.1f} {zones:7d}")
            assert zones >= n, f"{n} launches gave only {zones} closure zones"
    ratio = per_launch[SIZES[-1]] / per_launch[SIZES[0]]
    total = per_launch[SIZES[-1]] * SIZES[-1]
    print(f"time per launch at {SIZES[-1]} / at {SIZES[0]}: {ratio:.2f} (target <= 1.5)")
    print(f"{SIZES[-1]} launches: {total:.1f} s (target < 30 s)")


if __name__ == "__main__":
    main()
