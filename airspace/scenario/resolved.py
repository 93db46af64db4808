"""Every place a scenario resolved, with its field path: what ``airspace validate`` shows so that a
planner sees which reading of each name was taken (a launch site, not the town of that name)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from airspace.places import Place
from airspace.scenario.loader import Loc, format_path
from airspace.scenario.model import Scenario


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolvedPlace:
    """One resolved place of a scenario: ``path`` such as ``launches[0].site``, its source line."""

    path: str
    line: int | None
    place: Place

    @property
    def kind(self) -> str:
        return self.place.kind

    @property
    def country(self) -> str | None:
        return self.place.country

    def __str__(self) -> str:
        p = self.place
        return f"{self.path}: {p.description} [{p.lat:.5f}, {p.lon:.5f}]"


def _walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, Place]]:
    if isinstance(value, Place):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _walk(item, (*loc, i))


def resolved_places(scenario: Scenario) -> list[ResolvedPlace]:
    """Every ``Place`` of the scenario in field order: ``[ResolvedPlace(path='launches[0].site',
    ...), ...]`` (pure: reads the validated model only)."""
    return [
        ResolvedPlace(path=format_path(loc), line=scenario.line_of(*loc), place=place)
        for loc, place in _walk(scenario, ())
    ]
