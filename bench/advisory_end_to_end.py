"""End-to-end ``airspace run`` on the bundled scenario, against a bare ``import geopandas, folium``.

Both are fresh processes (``subprocess``, the project's own interpreter), ``REPEATS`` times
each, alternating; each child's CPU time (user + system) and peak resident memory come from
``wait4``'s resource usage, its wall time from spawn to exit; medians are reported.  The disk
cache is warmed by one untimed run first, so the numbers are a planner's repeat run: load the
scenario, solve the trajectory, build hazard volumes, closure zones and NOTAMs, intersect, route
the flows, overflight alerts, and write every output (GeoJSON, CSV, NOTAMs, JSON, report and
the HTML map) to a fresh folder.

Then, in one process, ``airspace.run`` of the same scenario ``REPEATS`` times after a first
run: what a notebook pays for the second advisory.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "2022-11-02-sokcho.yaml"
REPEATS = 5
CLI = [sys.executable, "-m", "airspace", "run", str(SCENARIO), "-q", "-o"]
BARE = [sys.executable, "-c", "import geopandas, folium"]
# As Python runs by default: compiled modules are cached in __pycache__ (``pip install`` compiles
# the dependencies' modules when it installs them; the package's own, in an editable checkout,
# on their first import).  Without this, a PYTHONDONTWRITEBYTECODE=1 shell would time the
# compilation of the package's 126 modules in every run, but not the dependencies'.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SECOND = (
    "import sys, time, airspace\n"
    "airspace.run(sys.argv[1])\n"
    "for _ in range(int(sys.argv[2])):\n"
    "    start = time.process_time()\n"
    "    airspace.run(sys.argv[1])\n"
    "    print(time.process_time() - start)\n"
)


@dataclass(frozen=True)
class Usage:
    wall_s: float
    cpu_s: float
    peak_mib: float


def measure(cmd: list[str]) -> Usage:
    """Run ``cmd`` to completion; its wall time, CPU time and peak memory."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{cmd} exited with {child.returncode}")
    # ru_maxrss is in KiB on Linux
    return Usage(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0)


def _median(values: list[Usage], field: str) -> float:
    return statistics.median(getattr(v, field) for v in values)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        measure([*CLI, f"{tmp}/warm"])  # the disk cache, .pyc files
        measure(BARE)
        ours: list[Usage] = []
        bare: list[Usage] = []
        for k in range(REPEATS):
            ours.append(measure([*CLI, f"{tmp}/out{k}"]))
            bare.append(measure(BARE))
        outputs = sorted(p.name for p in Path(f"{tmp}/out0").iterdir())
    second = subprocess.run(
        [sys.executable, "-c", SECOND, str(SCENARIO), str(REPEATS)],
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    again = statistics.median(float(line) for line in second.stdout.split())
    print(f"{SCENARIO.name}, {REPEATS} fresh processes each (median), warm cache")
    print("                              CPU s   wall s   peak MiB")
    for name, runs in (("airspace run -o DIR", ours), ("import geopandas, folium", bare)):
        cpu, wall, peak = (_median(runs, f) for f in ("cpu_s", "wall_s", "peak_mib"))
        print(f"{name:28s} {cpu:7.2f} {wall:8.2f} {peak:10.0f}")
    print(f"wrote: {', '.join(outputs)}")
    ratio = _median(ours, "cpu_s") / _median(bare, "cpu_s")
    print(f"CPU ratio run / bare import: {ratio:.2f} (target <= 3)")
    print(f"peak memory of the run: {_median(ours, 'peak_mib'):.0f} MiB (target <= 350)")
    print(f"second airspace.run in one process: {again:.3f} s CPU (target < 0.5)")


if __name__ == "__main__":
    main()
