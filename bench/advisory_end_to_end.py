"""End-to-end ``airspace run`` on the bundled scenario, against a bare ``import geopandas, folium``.

Both are fresh processes (``subprocess``, the project's own interpreter), timed by wall clock from
spawn to exit, ``REPEATS`` times each, alternating; the median is reported.  The network cache is
warmed by one untimed run first, so the numbers are a planner's repeat run: load the scenario,
solve the trajectories, build hazard volumes, closure zones and NOTAMs, intersect, route the
flows, overflight alerts, and write every output (GeoJSON, CSV, NOTAMs, JSON, report and the
HTML map) to a fresh folder.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "2022-11-02-sokcho.yaml"
REPEATS = 5
CLI = [sys.executable, "-m", "airspace.cli"]
BARE = [sys.executable, "-c", "import geopandas, folium"]


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run = [*CLI, "run", str(SCENARIO), "-o"]
        wall([*run, f"{tmp}/warm"])  # network cache, .pyc files
        wall(BARE)
        ours: list[float] = []
        bare: list[float] = []
        for k in range(REPEATS):
            ours.append(wall([*run, f"{tmp}/out{k}"]))
            bare.append(wall(BARE))
        outputs = sorted(p.name for p in Path(f"{tmp}/out0").iterdir())
    med_ours, med_bare = statistics.median(ours), statistics.median(bare)
    print(f"{SCENARIO.name}, {REPEATS} fresh processes each (median, min-max), warm cache")
    print(f"airspace run -o DIR   {med_ours:6.2f} s  ({min(ours):.2f}-{max(ours):.2f})")
    print(f"import geopandas, folium  {med_bare:6.2f} s  ({min(bare):.2f}-{max(bare):.2f})")
    print(f"wrote: {', '.join(outputs)}")
    print(f"ratio run / bare import: {med_ours / med_bare:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
