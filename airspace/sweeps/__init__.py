"""Sweeps: many scenarios, or a grid of launch parameters over one, run as ordinary advisories
(``airspace.advisory.build``) on local processes or a Dask cluster, and aggregated.

``sweep("grid.yaml")`` -> ``SweepResult`` with the tables ``variants``, ``stretches`` (how often
each airway stretch closes), ``delays`` (distribution of extra minutes per flow) and
``flow_delays``, an exposure ``map()`` and ``save(outdir)``.  See docs/sweeps.md.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from airspace.network import RouteNetwork
from airspace.sweeps.execute import MAX_WORKERS, Progress, SweepError, local_workers, run_plan
from airspace.sweeps.result import SweepResult
from airspace.sweeps.spec import (
    MAX_VARIANTS,
    Base,
    Plan,
    Variant,
    is_sweep_file,
    load_sweep,
    plan_of_scenarios,
)
from airspace.sweeps.variant import (
    FlowOutcome,
    VariantResult,
    network_for,
    network_key,
    variant_scenario,
)


def plan_for(files: str | Path | Sequence[str | Path]) -> Plan:
    """The plan of a sweep file, or of scenario files given as they are (one variant each)."""
    paths = [Path(files)] if isinstance(files, (str, Path)) else [Path(f) for f in files]
    if not paths:
        return plan_of_scenarios(paths)  # refuses an empty list
    sweeps = [p for p in paths if is_sweep_file(p)]
    if sweeps and len(paths) > 1:
        from airspace.scenario import Problem, ScenarioError

        message = "a sweep file runs alone (give it, or scenario files, not both)"
        raise ScenarioError([Problem(str(sweeps[0]), None, "", message)])
    return load_sweep(paths[0]) if sweeps else plan_of_scenarios(paths)


def sweep(
    files: str | Path | Sequence[str | Path] | Plan,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    network: Sequence[str | Path] = (),
    progress: Progress | None = None,
) -> SweepResult:
    """Run a sweep file (or scenario files) and aggregate it.

    Runs on ``client`` (a ``dask.distributed.Client``) or the Dask scheduler at ``scheduler``
    (``"tcp://host:8786"``) when given, else on ``workers`` local processes (default: one per
    CPU; ``1``: in this process).  ``network`` replaces every scenario's route data (paths the
    workers can read).  ``progress(done, total)`` is called as variants finish.  Variants that
    stop on an input error (an impossible trajectory, say) are kept with their error and left
    out of the aggregates; ``SweepResult.failed`` counts them.
    """
    plan = files if isinstance(files, Plan) else plan_for(files)
    override = tuple(
        str(Path(p).resolve()) if str(p).lower() not in ("default", "bundled") else str(p).lower()
        for p in network
    )
    network_of = _one_network(plan, override)
    start = time.perf_counter()
    results = run_plan(
        plan,
        workers=workers,
        scheduler=scheduler,
        client=client,
        network=override,
        progress=progress,
    )
    seconds = time.perf_counter() - start
    where = (
        f"dask {getattr(client, 'scheduler', None) and client.scheduler.address}"
        if client is not None
        else f"dask {scheduler}"
        if scheduler
        else f"{local_workers(workers, len(plan.variants))} local workers"
    )
    return SweepResult(
        plan=plan, results=tuple(results), network=network_of, seconds=seconds, where=where
    )


def _one_network(plan: Plan, override: tuple[str, ...]) -> RouteNetwork:
    """The route network every variant runs on (a sweep compares segments of one network)."""
    from airspace.scenario import Problem, ScenarioError

    keys: dict[tuple[str, ...], str] = {}
    first = None
    for i, base in enumerate(plan.bases):
        scenario = variant_scenario(Variant(index=0, base=i), plan.bases)
        keys.setdefault(network_key(scenario, override), base.file)
        first = first or scenario
    if len(keys) > 1:
        (a, file_a), (b, file_b) = list(keys.items())[:2]
        message = (
            f"the scenarios of a sweep must share one route network: {file_a} uses "
            f"{', '.join(a)}, {file_b} uses {', '.join(b)} (give --network)"
        )
        raise ScenarioError([Problem(plan.file, None, "", message)])
    assert first is not None
    return network_for(first, override)


__all__ = [
    "MAX_VARIANTS",
    "MAX_WORKERS",
    "Base",
    "FlowOutcome",
    "Plan",
    "SweepError",
    "SweepResult",
    "Variant",
    "VariantResult",
    "load_sweep",
    "plan_for",
    "sweep",
]
