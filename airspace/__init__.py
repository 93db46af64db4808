"""airspace: what a missile or rocket launch does to the air routes.

Library entry points:

* ``run(path_or_scenario)`` -> ``Advisory`` (closures, NOTAMs, affected airways, reroutes, map)
* ``sweep(grid_or_scenarios)`` -> ``SweepResult`` (many advisories aggregated; local or Dask)
* ``load_scenario(path)`` / ``parse_scenario_text(text)`` -> ``Scenario``
* ``resolve_place(text)`` -> ``Place`` (``"57 km east of Sokcho"``)
* ``Trajectory.ballistic(...)``, ``RouteNetwork.default()``, ``parse_notam(text)``

Names are imported on first use (PEP 562), so ``import airspace`` is cheap and the command line
starts before the heavy libraries load.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

from airspace._version import __version__
from airspace.errors import AirspaceError, InputError

# a library logs; the application decides where logs go (what the package logs, e.g. an OpenAP
# failure, also reaches the user as a located warning)
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from airspace.advisory import Advisory, run
    from airspace.network import RouteNetwork
    from airspace.notam import Notam, NotamError, parse_notam
    from airspace.places import Place, PlaceError, resolve_place
    from airspace.scenario import Scenario, ScenarioError, load_scenario, parse_scenario_text
    from airspace.sweeps import SweepResult, sweep
    from airspace.trajectory import Trajectory

_LAZY = {
    "Advisory": "airspace.advisory",
    "run": "airspace.advisory",
    "RouteNetwork": "airspace.network",
    "Notam": "airspace.notam",
    "NotamError": "airspace.notam",
    "parse_notam": "airspace.notam",
    "Place": "airspace.places",
    "PlaceError": "airspace.places",
    "resolve_place": "airspace.places",
    "Scenario": "airspace.scenario",
    "ScenarioError": "airspace.scenario",
    "load_scenario": "airspace.scenario",
    "parse_scenario_text": "airspace.scenario",
    "SweepResult": "airspace.sweeps",
    "sweep": "airspace.sweeps",
    "Trajectory": "airspace.trajectory",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'airspace' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Advisory",
    "AirspaceError",
    "InputError",
    "Notam",
    "NotamError",
    "Place",
    "PlaceError",
    "RouteNetwork",
    "Scenario",
    "ScenarioError",
    "SweepResult",
    "Trajectory",
    "__version__",
    "load_scenario",
    "parse_notam",
    "parse_scenario_text",
    "resolve_place",
    "run",
    "sweep",
]
