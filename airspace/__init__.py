"""airspace: what a missile or rocket launch does to the air routes.

Library entry points: ``resolve_place`` (place expressions), ``load_scenario`` (scenario files).
"""

from airspace.places import Place, PlaceError, resolve_place
from airspace.scenario import Scenario, ScenarioError, load_scenario

__all__ = ["Place", "PlaceError", "Scenario", "ScenarioError", "load_scenario", "resolve_place"]
__version__ = "0.1.0"
