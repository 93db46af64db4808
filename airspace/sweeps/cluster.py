"""The Dask worker plugin of a sweep (imported only when a sweep runs on a Dask cluster)."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

from airspace.sweeps.spec import Base
from airspace.sweeps.variant import warm


class WarmWorkers(WorkerPlugin):
    """Loads the route network and parses the base scenarios on every worker, once."""

    def __init__(self, bases: tuple[Base, ...], network: tuple[str, ...]) -> None:
        self.bases = bases
        self.network = network

    def setup(self, worker: Any) -> None:
        warm(self.bases, self.network)
