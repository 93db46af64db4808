"""Scenario format: the precautionary posture (``posture:``), a launch's ``precaution:`` block and
launch activities known only by a site, a time, a class and a heading.

A posture asks for *recommended* closures: the airway stretches inside the authority's FIR that
further launches of the same class, from the same site, on the same heading could reach.  Every
size has a default (see ``airspace.hazard.threats`` and ``docs/precaution.md`` for the sources)
and every default can be set here, for the whole posture, per launch (``precaution:``) or per
activity; the most specific one wins.  Angles are degrees true, distances carry their unit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from airspace.scenario.base import (
    LIST_AS_TUPLE,
    FirCode,
    Identifier,
    ScenarioModel,
    TimeWindow,
    check_unique_ids,
)
from airspace.scenario.fields import (
    DistanceField,
    DurationField,
    LevelField,
    PlaceField,
    UtcDatetime,
)
from airspace.units import Distance, upper_not_above

ThreatClass = Literal["SRBM", "MRBM", "IRBM", "ICBM", "SLV"]
"""Vehicle classes a threat corridor knows a range envelope for (SLV: give ``max_range``)."""
MAX_THREAT_RANGE_KM = 19_000.0
"""Largest ``max_range``: short of the antipode (~20,000 km), where a fan folds onto itself."""
MAX_DURATION = timedelta(days=31)
MAX_ACTIVITIES = 100

Degrees = Annotated[float, Field(ge=0.0, lt=360.0)]
HalfAngle = Annotated[float, Field(ge=0.0, lt=90.0)]


class Sizing(ScenarioModel):
    """How big a threat corridor is; each field left out takes the next default (launch or
    activity, then the posture, then the built-in default of ``docs/precaution.md``)."""

    heading_uncertainty_deg: HalfAngle | None = Field(
        default=None,
        description="how rough a heading known before the impact is: +/- degrees round it "
        "(default 11.25: half a 16-point compass sector)",
    )
    salvo_spread_deg: HalfAngle | None = Field(
        default=None,
        description="spread of the launches of one salvo round their common axis: +/- degrees "
        "(default 10)",
    )
    min_range: DistanceField | None = Field(
        default=None,
        description="nearest distance from the site the corridor starts at (default 0 km)",
    )
    max_range: DistanceField | None = Field(
        default=None,
        description="farthest reach from the site (default: the class's range envelope; "
        "required for SLV)",
    )
    range_ratio: Annotated[float, Field(ge=1.0, le=100.0)] | None = Field(
        default=None,
        description="once the impact is known, further launches fly between range/ratio and "
        "range*ratio of the observed range (default 2)",
    )
    duration: DurationField | None = Field(
        default=None,
        description="how long the posture lasts after the last launch (default '24 h')",
    )
    lower: LevelField | None = Field(default=None, description="lowest closed level (default SFC)")
    upper: LevelField | None = Field(
        default=None,
        description="highest closed level (default UNL: the classes' trajectories "
        "climb far above any flight level)",
    )

    @field_validator("min_range", "max_range")
    @classmethod
    def _within_reach(cls, value: Distance | None) -> Distance | None:
        if value is not None and value.km > MAX_THREAT_RANGE_KM:
            raise ValueError(
                f"{value} is beyond {MAX_THREAT_RANGE_KM:,.0f} km (expected a reach short of "
                "the antipode)"
            )
        return value

    @field_validator("max_range")
    @classmethod
    def _positive(cls, value: Distance | None) -> Distance | None:
        if value is not None and value.metres <= 0.0:
            raise ValueError("max_range must be more than 0 km")
        return value

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and not timedelta(0) < value <= MAX_DURATION:
            hours = value.total_seconds() / 3600.0
            raise ValueError(f"duration of {hours:g} h is not more than 0 h and at most 31 days")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_range and self.max_range and self.min_range.metres >= self.max_range.metres:
            raise ValueError(f"min_range {self.min_range} is not below max_range {self.max_range}")
        if self.lower and self.upper and self.upper.top_ft <= self.lower.bottom_ft:
            raise ValueError(upper_not_above(self.lower, self.upper))
        return self


class Heading(Sizing):
    """A heading known before the impact: ``heading_deg`` (+/- ``heading_uncertainty_deg``) or a
    window ``heading_window_deg: [from, to]`` read clockwise."""

    heading_deg: Degrees | None = Field(
        default=None, description="rough heading of the launches, degrees true"
    )
    heading_window_deg: Annotated[tuple[Degrees, Degrees], LIST_AS_TUPLE] | None = Field(
        default=None,
        description="headings the launches may take, [from, to] clockwise in degrees true "
        "(less than 180 degrees wide); the salvo spread is added on both sides",
    )

    @model_validator(mode="after")
    def _one_heading(self) -> Self:
        if self.heading_deg is not None and self.heading_window_deg is not None:
            raise ValueError("give 'heading_deg' or 'heading_window_deg', not both")
        if self.heading_window_deg is not None:
            if self.heading_uncertainty_deg is not None:
                raise ValueError(
                    "a heading window is its own uncertainty: give 'heading_uncertainty_deg' "
                    "with 'heading_deg' only"
                )
            start, end = self.heading_window_deg
            if (end - start) % 360.0 >= 180.0:
                raise ValueError(
                    f"heading window {start:g}-{end:g} degrees is {(end - start) % 360.0:g} "
                    "degrees wide clockwise (expected [from, to] less than 180 degrees apart)"
                )
        return self


class Precaution(Heading):
    """A launch's own precautionary sizes: ``heading_deg`` is the rough heading known before
    the impact (default: the launch's own azimuth)."""


class LaunchActivity(Heading):
    """Launches known only by site, time, class and heading: no impact yet."""

    id: Identifier = Field(description="unique among the launches and activities")
    site: PlaceField = Field(description="the launch site (any place form)")
    time: UtcDatetime | None = Field(default=None, description="the launch time")
    window: TimeWindow | None = Field(default=None, description="first and last launch times")
    vehicle: ThreatClass = Field(
        default="SRBM", description="vehicle class: its range envelope sizes the corridor"
    )
    count: Annotated[int, Field(ge=1, le=100)] = Field(
        default=1, description="launches in the salvo"
    )
    notes: str = Field(default="", description="free text")

    @model_validator(mode="after")
    def _known(self) -> Self:
        if (self.time is None) == (self.window is None):
            raise ValueError("give exactly one of 'time' or 'window'")
        if self.heading_deg is None and self.heading_window_deg is None:
            raise ValueError("give the heading: 'heading_deg' or 'heading_window_deg'")
        return self


class Posture(Sizing):
    """A precautionary posture: recommend closures inside ``fir`` from every launch and activity
    of the scenario."""

    fir: FirCode = Field(description="the authority's FIR: closures are recommended inside it")
    basis: Literal["launch", "impact"] = Field(
        default="launch",
        description="what the recommended closures (and the flows under them) rest on: "
        "'launch' (site, time, class and rough heading: before the impact is known) or "
        "'impact' (narrowed by the observed impacts)",
    )
    activities: list[LaunchActivity] = Field(
        default_factory=list,
        max_length=MAX_ACTIVITIES,
        description="launches known only by site, time, class and heading (no impact yet)",
    )

    @field_validator("activities")
    @classmethod
    def _unique_ids(cls, items: list[LaunchActivity]) -> list[LaunchActivity]:
        check_unique_ids([item.id for item in items], "activities")
        return items


__all__ = [
    "MAX_THREAT_RANGE_KM",
    "Heading",
    "LaunchActivity",
    "Posture",
    "Precaution",
    "Sizing",
    "ThreatClass",
]
