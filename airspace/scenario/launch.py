"""Scenario format v1: launches (a ballistic class or a launcher preset, its site, time or
window, impact, profile, salvo, uncertainty, stages and failure).  Part of ``model``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from airspace.places import Place
from airspace.scenario.base import (
    LIST_AS_TUPLE,
    Identifier,
    TimeWindow,
    simple_polygon,
)
from airspace.scenario.base import ScenarioModel as _Model
from airspace.scenario.fields import (
    DistanceField,
    DurationField,
    PlaceField,
    UtcDatetime,
)
from airspace.scenario.posture import Precaution
from airspace.units import (
    Distance,
)

VehicleClass = Literal["SRBM", "MRBM", "IRBM", "ICBM", "SLV"]
MAX_RANGE_M = 20_000_000.0
"""A farther point is nearer the other way round (half the meridian is 20,004 km)."""
VEHICLE_CLASSES: tuple[str, ...] = ("SRBM", "MRBM", "IRBM", "ICBM", "SLV")
LauncherPreset = Literal["Falcon 9", "Starship", "Chollima-1", "Nuri"]
"""Launcher presets of ``airspace.trajectory.presets`` (a test keeps the two lists equal)."""
VehicleName = Literal[VehicleClass, LauncherPreset]
Profile = Literal["minimum-energy", "lofted", "depressed"]
Fate = Literal["drop", "landing", "return", "none"]


class Uncertainty(_Model):
    """Impact dispersion: a CEP, or along-track and cross-track standard deviations."""

    cep: DistanceField | None = None
    along_track_sigma: DistanceField | None = None
    cross_track_sigma: DistanceField | None = None
    containment: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.999

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        sigmas = (self.along_track_sigma, self.cross_track_sigma)
        if self.cep is None and None in sigmas:
            raise ValueError("give 'cep', or both 'along_track_sigma' and 'cross_track_sigma'")
        if self.cep is not None and any(s is not None for s in sigmas):
            raise ValueError("give either 'cep' or the two sigmas, not both")
        return self


class VehicleOverrides(_Model):
    """Boost-phase values that replace the vehicle class defaults (see docs/trajectory.md)."""

    burn_time: DurationField | None = None
    vertical_rise: DurationField | None = None
    max_burnout_speed_m_s: Annotated[float, Field(gt=0.0, lt=11_000.0)] | None = None


class Ascent(_Model):
    """The ascent ground track of a launcher: dog-leg waypoints, flown in order on geodesic
    legs (then on along the last leg)."""

    waypoints: Annotated[
        list[PlaceField],
        Field(min_length=1, max_length=10, description="places the ground track passes over"),
    ]


class Stage(_Model):
    """A part leaving a launcher (a stage, boosters, the fairing): overrides the preset's part
    of the same name field by field, or adds one (then ``separation`` or ``downrange`` is
    needed)."""

    name: Identifier
    separation: DurationField | None = Field(
        default=None, description="separation time after lift-off, e.g. '2 min 31 s'"
    )
    downrange: DistanceField | None = Field(
        default=None, description="ground distance from the site at separation, e.g. '90 km'"
    )
    fate: Fate | None = Field(
        default=None,
        description="drop (falls in a drop zone), landing (lands at 'landing'), return (to the "
        "launch site) or none (nothing falls: no fairing, a stage that stays attached)",
    )
    landing: PlaceField | None = Field(
        default=None, description="landing point (droneship, landing zone) for fate 'landing'"
    )
    landing_time: DurationField | None = Field(
        default=None, description="published landing or return time after lift-off"
    )
    drop_zone: Annotated[list[PlaceField], Field(min_length=3, max_length=40)] | None = Field(
        default=None, description="the published drop-zone box (vertices); used for the hazard"
    )
    tolerance: DistanceField | None = Field(
        default=None,
        description="distance beyond which the model's disagreement with the published zone or "
        "landing point is warned about (default 100 km)",
    )

    @field_validator("drop_zone")
    @classmethod
    def _simple_zone(cls, zone: list[Place] | None) -> list[Place] | None:
        return simple_polygon(zone)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.separation is not None and self.downrange is not None:
            raise ValueError("give 'separation' or 'downrange', not both")
        if self.landing is not None and self.fate not in (None, "landing"):
            raise ValueError(f"'landing' is for fate 'landing' (got fate {self.fate!r})")
        if self.drop_zone is not None and self.fate in ("landing", "return", "none"):
            raise ValueError(f"'drop_zone' is for fate 'drop' (got fate {self.fate!r})")
        return self


class Failure(_Model):
    """A declared breakup: the vehicle breaks up at ``time`` (or on reaching ``altitude``);
    with a time, ``altitude`` and ``speed_m_s`` are the published state at the breakup."""

    time: DurationField | None = Field(default=None, description="breakup time after lift-off")
    altitude: DistanceField | None = Field(
        default=None, description="breakup height (alone: the moment the ascent reaches it)"
    )
    speed_m_s: Annotated[float, Field(gt=0.0, lt=11_000.0)] | None = Field(
        default=None, description="published ground-relative speed at the breakup (m/s)"
    )
    imparted_speed_m_s: Annotated[float, Field(ge=0.0, le=1_000.0)] = Field(
        default=100.0, description="speed the breakup gives fragments (m/s, assumption)"
    )
    ballistic_coefficients_kg_m2: Annotated[
        tuple[Annotated[float, Field(ge=10.0, le=100_000.0)], Annotated[float, Field(ge=10.0)]],
        LIST_AS_TUPLE,
    ] = Field(default=(10.0, 10_000.0), description="lightest and heaviest fragments (kg/m^2)")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.time is None and self.altitude is None:
            raise ValueError("give the breakup 'time' or 'altitude'")
        if self.time is None and self.speed_m_s is not None:
            raise ValueError("'speed_m_s' is the state at a breakup 'time': give the time")
        lo, hi = self.ballistic_coefficients_kg_m2
        if hi < lo:
            raise ValueError(f"ballistic coefficients {lo:g} > {hi:g} (expected min, max)")
        return self


class Launch(_Model):
    """One launch (or a salvo of ``count`` identical launches): a ballistic class flying to an
    impact, or a launcher preset flying its published profile (``ascent``, ``stages``,
    ``failure``)."""

    id: Identifier
    site: PlaceField
    time: UtcDatetime | None = None
    window: TimeWindow | None = None
    vehicle: VehicleName = Field(
        default="SRBM",
        description="a ballistic class (SRBM, MRBM, IRBM, ICBM, SLV: flies to 'impact') or a "
        "launcher preset (flies its published profile; see docs/trajectory.md)",
    )
    vehicle_overrides: VehicleOverrides | None = None
    impact: PlaceField | None = None
    impact_time: UtcDatetime | None = None
    azimuth_deg: Annotated[float, Field(ge=0.0, lt=360.0)] | None = None
    range: DistanceField | None = None
    apogee: DistanceField | None = None
    profile: Profile | None = None
    flight_path_angle_deg: Annotated[float, Field(gt=0.0, lt=90.0)] | None = None
    count: Annotated[int, Field(ge=1, le=100)] = 1
    uncertainty: Uncertainty | None = None
    ascent: Ascent | None = None
    stages: list[Stage] = Field(default_factory=list)
    failure: Failure | None = None
    notes: str = ""
    precaution: Precaution | None = Field(
        default=None,
        description="sizes of this launch's precautionary threat corridor "
        "(needs a scenario 'posture'); see docs/precaution.md",
    )

    @field_validator("range")
    @classmethod
    def _range_on_earth(cls, value: Distance | None) -> Distance | None:
        if value is not None and not 0.0 < value.metres <= MAX_RANGE_M:
            raise ValueError(
                f"range {value} is not between 0 and {MAX_RANGE_M / 1000:,.0f} km (expected a "
                "distance along the ground: half the Earth's circumference at most)"
            )
        return value

    @field_validator("impact_time")
    @classmethod
    def _impact_after_launch(cls, impact: datetime | None, info: ValidationInfo) -> datetime | None:
        window: TimeWindow | None = info.data.get("window")
        launch = info.data.get("time") or (window.start if window else None)
        if impact is not None and launch is not None and impact <= launch:
            raise ValueError(
                f"impact time {impact.isoformat()} is not after the launch time "
                f"{launch.isoformat()} (expected a later time)"
            )
        return impact

    @property
    def is_launcher(self) -> bool:
        """True for a launcher preset (anything that is not a ballistic class)."""
        return self.vehicle not in VEHICLE_CLASSES

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.time is None) == (self.window is None):
            raise ValueError("give exactly one of 'time' or 'window'")
        if self.is_launcher:
            return self._launcher_consistent()
        launcher_only = [k for k in ("ascent", "failure") if getattr(self, k) is not None]
        launcher_only += ["stages"] if self.stages else []
        if launcher_only:
            raise ValueError(
                f"{', '.join(map(repr, launcher_only))} need a launcher preset as 'vehicle' "
                f"(got the ballistic class {self.vehicle!r})"
            )
        if self.impact is None and (self.azimuth_deg is None or self.range is None):
            raise ValueError("give 'impact', or both 'azimuth_deg' and 'range'")
        if self.impact is not None and (self.azimuth_deg is not None or self.range is not None):
            raise ValueError("give either 'impact' or 'azimuth_deg' + 'range', not both")
        shapes = [self.apogee, self.profile, self.flight_path_angle_deg]
        if sum(s is not None for s in shapes) > 1:
            raise ValueError("give at most one of 'apogee', 'profile', 'flight_path_angle_deg'")
        return self

    def _launcher_consistent(self) -> Self:
        ballistic = [
            "impact",
            "range",
            "apogee",
            "profile",
            "flight_path_angle_deg",
            "vehicle_overrides",
        ]
        given = [k for k in ballistic if getattr(self, k) is not None]
        if given:
            raise ValueError(
                f"a launcher ({self.vehicle}) flies its published profile, so "
                f"{', '.join(map(repr, given))} cannot be given: that is for ballistic classes "
                "(give 'azimuth_deg' or 'ascent' waypoints, and 'stages' to change the preset)"
            )
        if self.azimuth_deg is None and self.ascent is None:
            raise ValueError("give the launch 'azimuth_deg' or 'ascent' waypoints")
        if self.azimuth_deg is not None and self.ascent is not None:
            raise ValueError("give 'azimuth_deg' or 'ascent' waypoints, not both")
        names = [st.name for st in self.stages]
        if len(set(names)) < len(names):
            raise ValueError("duplicate stage names (expected one entry per part)")
        return self

    @property
    def earliest(self) -> datetime:
        """Launch time, or the start of the launch window."""
        assert self.time is not None or self.window is not None
        return self.time if self.time is not None else self.window.start  # type: ignore[union-attr]
