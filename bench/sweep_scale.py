"""A sweep of 1,000 variants of the bundled scenario on 2 local workers against 1, same run.

``airspace sweep scenarios/sweeps/sokcho-1000.yaml --workers N`` (five launch sites x ten
azimuths x five ranges x two vehicle classes x two launch times over
``scenarios/2022-11-02-sokcho.yaml``) as a fresh process, timed from spawn to exit, with
``--workers 1`` (every variant in that one process) and ``--workers 2`` (two worker
processes), alternating, ``REPEATS`` times; medians.  Both start cold (imports, network and
gazetteer loads are in the timing).  Each run also reports the CPU seconds its variants used
(measured in the workers): their ratio to the wall time shows how many cores the run really
had on a shared machine.  Checks: every run writes the same aggregate tables
(``stretches.csv``, ``delays.csv``, ``flow_delays.csv``, ``variants.csv``).

``BENCH_SWEEP_SPEC`` (a sweep file) and ``BENCH_SWEEP_REPEATS`` change the sweep and the number
of repeats, for a quicker look.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path(os.environ.get("BENCH_SWEEP_SPEC", ROOT / "scenarios/sweeps/sokcho-1000.yaml"))
REPEATS = int(os.environ.get("BENCH_SWEEP_REPEATS", "3"))
WORKERS = (1, 2)
TABLES = ("stretches.csv", "delays.csv", "flow_delays.csv", "variants.csv")


def run(workers: int, outdir: Path) -> tuple[float, float, dict[str, object]]:
    """Wall-clock seconds of one ``airspace sweep`` process, the CPU seconds its variants
    used (summed over the workers) and its JSON summary."""
    command = [sys.executable, "-m", "airspace.cli", "sweep", str(SPEC), "-o", str(outdir),
               "--workers", str(workers), "--json"]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    summary = json.loads(done.stdout)
    return seconds, float(summary["variant_cpu_seconds"]), summary


def main() -> None:
    times: dict[int, list[float]] = {w: [] for w in WORKERS}
    tables: dict[str, str] = {}
    summary: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for repeat in range(REPEATS):
            for workers in WORKERS if repeat % 2 == 0 else WORKERS[::-1]:
                outdir = Path(tmp) / f"w{workers}-{repeat}"
                seconds, cpu, summary = run(workers, outdir)
                times[workers].append(seconds)
                for name in TABLES:
                    text = (outdir / name).read_text(encoding="utf-8")
                    assert tables.setdefault(name, text) == text, f"{name} differs"
                print(
                    f"  run {repeat + 1}, {workers} worker(s): {seconds:.1f} s; the variants used "
                    f"{cpu:.1f} CPU s ({cpu / seconds:.2f} cores on average; load average "
                    f"{os.getloadavg()[0]:.1f})",
                    flush=True,
                )
    one, two = (float(np.median(times[w])) for w in WORKERS)
    print(
        f"{summary['variants']} variants ({summary['ran']} ran, {summary['failed']} stopped by "
        f"an error, {summary['internal_errors']} engine faults); same tables in every run"
    )
    print(f"{'median of ' + str(REPEATS):<28}{'seconds':>10}{'per variant':>14}")
    for workers, value in ((1, one), (2, two)):
        per = value / float(str(summary["variants"]))
        print(f"{f'--workers {workers}':<28}{value:>10.1f}{per * 1000:>12.0f}ms")
    print(f"speed-up 2 workers / 1: {one / two:.2f}x (target >= 1.7x)")


if __name__ == "__main__":
    main()
