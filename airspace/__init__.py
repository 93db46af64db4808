"""airspace: what a missile or rocket launch does to the air routes.

Library entry points:

* ``run(path_or_scenario)`` -> ``Advisory`` (closures, NOTAMs, affected airways, reroutes, map)
* ``sweep(grid_or_scenarios)`` -> ``SweepResult`` (many advisories aggregated; local or Dask)
* ``load_scenario(path)`` / ``parse_scenario_text(text)`` -> ``Scenario``
* ``resolve_place(text)`` -> ``Place`` (``"57 km east of Sokcho"``)
* ``Trajectory.ballistic(...)``, ``RouteNetwork.default()``, ``parse_notam(text)``
"""

from airspace._version import __version__
from airspace.advisory import Advisory, run
from airspace.errors import AirspaceError, InputError
from airspace.network import RouteNetwork
from airspace.notam import Notam, NotamError, parse_notam
from airspace.places import Place, PlaceError, resolve_place
from airspace.scenario import Scenario, ScenarioError, load_scenario, parse_scenario_text
from airspace.sweeps import SweepResult, sweep
from airspace.trajectory import Trajectory

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
