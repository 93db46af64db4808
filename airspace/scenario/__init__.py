"""Scenario files: format v1 (``model``), unit fields (``fields``) and loading (``loader``)."""

from airspace.scenario.loader import (
    Problem,
    ScenarioError,
    load_scenario,
    parse_scenario_text,
    problem_at,
    validate_scenario,
)
from airspace.scenario.model import (
    Circle,
    Closure,
    Flow,
    Launch,
    Output,
    Scenario,
    TimeWindow,
    Uncertainty,
)
from airspace.scenario.posture import LaunchActivity, Posture, Precaution
from airspace.scenario.resolved import ResolvedPlace, resolved_places

__all__ = [
    "Circle",
    "Closure",
    "Flow",
    "Launch",
    "LaunchActivity",
    "Output",
    "Posture",
    "Precaution",
    "Problem",
    "ResolvedPlace",
    "Scenario",
    "ScenarioError",
    "TimeWindow",
    "Uncertainty",
    "load_scenario",
    "parse_scenario_text",
    "problem_at",
    "resolved_places",
    "validate_scenario",
]
