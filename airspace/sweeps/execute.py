"""Where a sweep's variants run: this process, local worker processes, or a Dask cluster.

- ``workers=1``: one after the other in this process.
- ``workers=N`` (default: one per CPU): a ``concurrent.futures.ProcessPoolExecutor`` of N
  processes, each warmed once (route network loaded, base scenarios parsed) by its initializer.
- a Dask cluster (``scheduler="tcp://host:8786"`` or a ``dask.distributed.Client``): the
  variants are ``client.map``-ed as futures; a worker plugin warms every worker once, also
  workers that join later.  The base scenarios travel with the tasks (a few kB each); route
  data given by path must be readable by the workers at the same path.

Results come back as they finish and are put in variant order before anything is aggregated,
so every way of running gives the same tables.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Final

from airspace.errors import InputError
from airspace.sweeps.spec import Plan
from airspace.sweeps.variant import VariantResult, run_variant, warm

Progress = Callable[[int, int], None]
"""Called with (variants done, variants in all) as results arrive."""

PLUGIN_NAME = "airspace-sweep-warm"


def _collect(
    found: Iterable[VariantResult], total: int, progress: Progress | None
) -> list[VariantResult]:
    results: list[VariantResult] = []
    for result in found:
        results.append(result)
        if progress is not None:
            progress(len(results), total)
    return sorted(results, key=lambda r: r.index)


def run_here(
    plan: Plan, network: tuple[str, ...], progress: Progress | None
) -> list[VariantResult]:
    """Every variant in this process, in order."""
    found = (run_variant(v, plan.bases, network) for v in plan.variants)
    return _collect(found, len(plan.variants), progress)


def run_local(
    plan: Plan, workers: int, network: tuple[str, ...], progress: Progress | None
) -> list[VariantResult]:
    """The variants on ``workers`` local processes (started from a clean server process)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["airspace.sweeps.variant"])
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=warm, initargs=(plan.bases, network)
    ) as pool:
        futures = [pool.submit(run_variant, v, plan.bases, network) for v in plan.variants]
        try:
            return _collect((f.result() for f in as_completed(futures)), len(futures), progress)
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def run_dask(
    plan: Plan,
    client: Any,
    network: tuple[str, ...],
    progress: Progress | None,
) -> list[VariantResult]:
    """The variants as futures on a Dask cluster (``client``: a ``distributed.Client``)."""
    from dask.distributed import as_completed as dask_completed

    from airspace.sweeps.cluster import WarmWorkers

    client.register_plugin(WarmWorkers(plan.bases, network), name=PLUGIN_NAME)
    [bases] = client.scatter([plan.bases], broadcast=True)
    futures = client.map(run_variant, list(plan.variants), bases=bases, network=network, pure=False)
    try:
        found = (f.result() for f in dask_completed(futures))  # type: ignore[no-untyped-call]
        return _collect(found, len(futures), progress)
    finally:
        client.cancel(futures)
        client.unregister_worker_plugin(PLUGIN_NAME)


class SweepError(InputError):
    """Sweep options that cannot run (a worker count out of range)."""


MAX_WORKERS: Final = 64
"""Most local worker processes (each holds the route network: about 250 MB)."""


def local_workers(workers: int | None, variants: int) -> int:
    """How many local processes run ``variants``: ``workers`` (default one per CPU), at most
    one per variant; ``SweepError`` for a count that is not a whole number from 1 to
    ``MAX_WORKERS``."""
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS
    ):
        raise SweepError(f"workers {workers!r}: expected a whole number from 1 to {MAX_WORKERS}")
    return max(1, min(workers or os.cpu_count() or 1, variants))


def run_plan(
    plan: Plan,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    network: tuple[str, ...] = (),
    progress: Progress | None = None,
) -> list[VariantResult]:
    """Run every variant: on ``client`` or the cluster at ``scheduler`` when given, else on
    ``workers`` local processes (default: one per CPU; 1: in this process)."""
    if client is not None:
        return run_dask(plan, client, network, progress)
    if scheduler is not None:
        from dask.distributed import Client

        with Client(scheduler) as own:  # type: ignore[no-untyped-call]
            return run_dask(plan, own, network, progress)
    count = local_workers(workers, len(plan.variants))
    if count <= 1:
        return run_here(plan, network, progress)
    return run_local(plan, count, network, progress)
