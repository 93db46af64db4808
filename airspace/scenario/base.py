"""The scenario models' shared base and the small types several sections use.

Every scenario model is frozen and forbids unknown fields (``ScenarioModel``); ``TimeWindow`` is
a UTC interval (a launch window, a launch activity's window).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from airspace.geo import ring_polygon
from airspace.places import Place
from airspace.scenario.fields import UtcDatetime
from airspace.units import end_not_after


class ScenarioModel(BaseModel):
    """Base of every scenario model: frozen, unknown fields are errors."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, arbitrary_types_allowed=True, strict=True
    )


def _listed(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


LIST_AS_TUPLE = BeforeValidator(_listed)
"""A YAML list read into a tuple field (strict validation takes only tuples otherwise); its
items are still validated strictly."""


def id_key(text: str) -> str:
    """How an id reads: NFKC-normalised, invisible format characters (zero-width space,
    bidi marks) removed; two ids with one key look the same on screen."""
    return "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf"
    )


def check_unique_ids(ids: Sequence[str], field: str) -> None:
    """``ValueError`` naming the first id that repeats, or looks like an earlier one."""
    first: dict[str, int] = {}
    for i, item in enumerate(ids):
        k = first.setdefault(id_key(item), i)
        if k != i:
            same = "repeats" if ids[k] == item else f"looks the same as {ids[k]!r},"
            raise ValueError(
                f"duplicate id {item!r} of {field}[{i}]: it {same} the id of {field}[{k}] "
                "(expected unique ids)"
            )


def simple_polygon(vertices: list[Place] | None) -> list[Place] | None:
    """The vertices, if they make a simple polygon (see ``airspace.geo.ring_polygon``)."""
    if vertices is not None:
        try:
            ring_polygon([p.lonlat for p in vertices])
        except ValueError as exc:
            raise ValueError(f"not a simple polygon: {exc}") from None
    return vertices


Identifier = Annotated[str, Field(min_length=1, max_length=64)]
FirCode = Annotated[
    str, Field(pattern=r"^[A-Z]{4}$", description="a four-letter ICAO FIR code such as 'ZKKP'")
]


class TimeWindow(ScenarioModel):
    """A closed interval of UTC time; ``end`` after ``start``."""

    start: UtcDatetime
    end: UtcDatetime

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError(end_not_after(start, end))
        return end


__all__ = ["FirCode", "Identifier", "ScenarioModel", "TimeWindow"]
