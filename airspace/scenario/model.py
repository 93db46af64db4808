"""Scenario format v1: the typed, validated content of a scenario file.

Every model is frozen and forbids unknown fields.  Units are explicit (see ``fields``); times are
stored in UTC.  Behaviour (trajectories, hazards, routing) lives elsewhere: this module only
defines and checks the format.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from airspace.geo import ring_polygon
from airspace.places import Place
from airspace.scenario.base import (
    LIST_AS_TUPLE,
    FirCode,
    Identifier,
    TimeWindow,
    check_unique_ids,
)
from airspace.scenario.base import ScenarioModel as _Model
from airspace.scenario.fields import (
    DistanceField,
    DurationField,
    LevelField,
    NotamText,
    PlaceField,
    RegionField,
    UtcDatetime,
    places_region,
    region_of,
)
from airspace.scenario.posture import Posture, Precaution
from airspace.units import (
    SFC,
    UNL,
    Distance,
    Level,
    Period,
    clip_periods,
    end_not_after,
    flight_level,
    format_window,
    upper_not_above,
)


def simple_polygon(vertices: list[Place] | None) -> list[Place] | None:
    """The vertices, if they make a simple polygon (see ``airspace.geo.ring_polygon``)."""
    if vertices is not None:
        try:
            ring_polygon([p.lonlat for p in vertices])
        except ValueError as exc:
            raise ValueError(f"not a simple polygon: {exc}") from None
    return vertices


RouteText = Annotated[
    str,
    Field(
        pattern=r"^[A-Z]{1,2}\d{1,4}[A-Z]?( [A-Z0-9]{2,5}-[A-Z0-9]{2,5})?$",
        description="a route designator such as 'B467', or a segment such as 'B467 KAE-TENAS'",
    ),
]
FixName = Annotated[
    str, Field(pattern=r"^[A-Z0-9]{2,5}$", description="a fix or navaid name such as 'ANDOL'")
]
AircraftType = Annotated[
    str, Field(pattern=r"^[A-Z0-9]{2,4}$", description="an ICAO aircraft type such as 'B77W'")
]
VehicleClass = Literal["SRBM", "MRBM", "IRBM", "ICBM", "SLV"]
MAX_RANGE_M = 20_000_000.0
"""A farther point is nearer the other way round (half the meridian is 20,004 km)."""
MAX_REASON_CHARS = 1_000
"""A closure's reason goes into item E) of its NOTAM, which the NOTAM reader takes up to
20,000 characters; a real E) item is a few hundred."""
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


MAX_CIRCLE_NM = 999.0  # the largest radius a NOTAM Q-line can carry
MAX_POLYGON_VERTICES = 2_000
MAX_LAUNCHES = 1_000
MAX_CLOSURES = 1_000
MAX_FLOWS = 500
_AREA_FORMS = ("route", "polygon", "circle", "notam", "notams")


class Circle(_Model):
    centre: PlaceField
    radius: DistanceField

    @field_validator("radius")
    @classmethod
    def _radius(cls, radius: Distance) -> Distance:
        if not 0.0 < radius.nm <= MAX_CIRCLE_NM:
            raise ValueError(
                f"radius {radius} is not between 0 and {MAX_CIRCLE_NM:g} NM "
                "(expected a positive radius a NOTAM can carry)"
            )
        return radius


NotamFilePath = Annotated[
    str,
    Field(
        min_length=1,
        max_length=1024,
        description="a text file of NOTAMs, relative to the scenario file (each NOTAM with an "
        "area becomes a declared closure with its number as id)",
    ),
]


class Closure(_Model):
    """A declared closure: a route (or route segment), a polygon, a circle, a NOTAM text, or a
    file of NOTAMs.

    A pasted NOTAM gives its own areas, window, active periods (item D) and limits;
    ``start``/``end``/``lower``/``upper`` written beside it override the NOTAM's.  A file of
    NOTAMs (``notams``) gives each NOTAM's own; nothing may override them.  The other forms
    need ``start`` and ``end``.
    """

    id: Identifier
    route: RouteText | None = None
    fir: FirCode | None = Field(
        default=None,
        description=(
            "with 'route': close the airway only where it runs through this FIR (an airway "
            "closed by one state's authority); without it the airway closes in every FIR"
        ),
    )
    polygon: (
        Annotated[list[PlaceField], Field(min_length=3, max_length=MAX_POLYGON_VERTICES)] | None
    ) = None
    circle: Circle | None = None
    notam: NotamText | None = None
    notams: NotamFilePath | None = None
    lower: LevelField = SFC
    upper: LevelField = UNL
    start: UtcDatetime | None = None
    end: UtcDatetime | None = None
    reason: Annotated[str, Field(max_length=MAX_REASON_CHARS)] = ""

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get("start")
        if start is not None and end is not None and end <= start:
            raise ValueError(end_not_after(start, end))
        return end

    @field_validator("upper")
    @classmethod
    def _upper_above_lower(cls, upper: Level, info: ValidationInfo) -> Level:
        lower: Level | None = info.data.get("lower")
        limits = (lower.feet if lower else None, upper.feet)
        if limits[0] is not None and limits[1] is not None and limits[1] <= limits[0]:
            raise ValueError(upper_not_above(lower, upper))
        return upper

    @field_validator("polygon")
    @classmethod
    def _simple_polygon(cls, polygon: list[Place] | None) -> list[Place] | None:
        return simple_polygon(polygon)

    @model_validator(mode="after")
    def _one_area(self) -> Self:
        given = [k for k in _AREA_FORMS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'route', 'polygon', 'circle', 'notam' or 'notams'"
                + (f" (got {', '.join(given)})" if given else "")
            )
        if self.fir is not None and self.route is None:
            raise ValueError("'fir' goes with 'route' only (it limits an airway closure to a FIR)")
        if self.notams is not None:
            written = [k for k in ("start", "end", "lower", "upper") if k in self.model_fields_set]
            if written:
                raise ValueError(
                    f"'{written[0]}' cannot be given with 'notams': each NOTAM of the file "
                    "keeps its own window and limits (paste one NOTAM as 'notam:' to override)"
                )
            return self
        if self.notam is None and (self.start is None or self.end is None):
            raise ValueError("give 'start' and 'end' (only a pasted NOTAM carries its own window)")
        if self.notam is not None and self.notam.end is None and self.end is None:
            raise ValueError("the NOTAM is permanent (C) PERM): give 'end' for the closure")
        start, end = self.window
        if end <= start:
            raise ValueError(end_not_after(start, end))
        lower, upper = self.limits
        if upper.top_ft <= lower.bottom_ft:
            raise ValueError(upper_not_above(lower, upper))
        if self.notam is not None and self.notam.schedule is not None and not self.periods:
            raise ValueError(
                f"no active period of the NOTAM's item D) ({self.notam.schedule}) falls within "
                f"{format_window(start, end)} (expected 'start' and 'end' that meet its schedule)"
            )
        return self

    @property
    def window(self) -> tuple[datetime, datetime]:
        """``(start, end)`` in UTC: the closure's own, else the pasted NOTAM's.  A file of
        NOTAMs has none (each NOTAM has its own)."""
        if self.notams is not None:
            raise ValueError(f"closure {self.id} is a file of NOTAMs: each has its own window")
        start = self.start or (self.notam.start if self.notam else None)
        end = self.end or (self.notam.end if self.notam else None)
        if start is None or end is None:
            raise ValueError(f"closure {self.id} has no end time (a PERM NOTAM needs 'end')")
        return start, end

    @property
    def periods(self) -> tuple[Period, ...]:
        """Active periods within the window: a pasted NOTAM's item D) schedule clipped to the
        window; empty without D) (active for the whole window)."""
        if self.notam is None or self.notam.schedule is None:
            return ()
        start, end = self.window
        return clip_periods(self.notam.periods, start, end)

    @property
    def limits(self) -> tuple[Level, Level]:
        """``(lower, upper)``: written ones first, else the pasted NOTAM's."""
        if self.notam is None:
            return self.lower, self.upper
        lower = self.lower if "lower" in self.model_fields_set else self.notam.lower
        upper = self.upper if "upper" in self.model_fields_set else self.notam.upper
        return lower, upper


class Flow(_Model):
    """A traffic flow between two airports (or places) at a cruise level."""

    id: Identifier
    origin: PlaceField
    destination: PlaceField
    flights_per_day: Annotated[float, Field(gt=0.0, le=2000.0)]
    aircraft: AircraftType | None = None
    cruise: LevelField = flight_level(350)
    via: list[FixName] = Field(default_factory=list, max_length=20)
    departures: list[UtcDatetime] = Field(default_factory=list, max_length=1_000)
    avoid_firs: list[FirCode] = Field(default_factory=list)

    @field_validator("cruise")
    @classmethod
    def _cruise_is_level(cls, cruise: Level) -> Level:
        if cruise.feet is None or cruise.feet <= 0:
            raise ValueError(f"cruise level {cruise} must be a flight level such as 'FL350'")
        return cruise


class Output(_Model):
    """Output options: where and what to write."""

    directory: (
        Annotated[
            str,
            Field(
                min_length=1,
                max_length=255,
                description="an output folder relative to the scenario file, inside its folder",
            ),
        ]
        | None
    ) = None
    map: bool = True
    offline_map: bool = False
    ceiling: LevelField = flight_level(600)
    buffer: DistanceField | None = None
    lead_time: DurationField | None = None
    margin: DurationField | None = None

    @field_validator("directory")
    @classmethod
    def _inside(cls, directory: str | None) -> str | None:
        if directory is None:
            return None
        path = PurePosixPath(directory.replace("\\", "/"))
        if path.is_absolute() or PureWindowsPath(directory).drive:
            raise ValueError(
                f"{directory!r} is absolute (expected a folder relative to the scenario file; "
                "give another place on the command line with -o)"
            )
        if ".." in path.parts or not path.parts or path.parts == (".",):
            raise ValueError(
                f"{directory!r} leaves the scenario's folder (expected a sub-folder such as "
                "'out/name'; give another place on the command line with -o)"
            )
        return directory


class Scenario(_Model):
    """A scenario file: launches, declared closures and traffic flows."""

    version: Literal[1] = 1
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: str = ""
    timezone: str = "UTC"
    region: RegionField | None = Field(
        default=None,
        description=(
            "Where the scenario happens, to choose between places of the same name: ISO "
            "country codes ('KR', 'KR KP'), a place ('Sokcho') or a [lat, lon] pair. The reading "
            "clearly nearest the region wins; see docs/scenario-format.md (Places)."
        ),
    )
    avoid_firs: list[FirCode] = Field(default_factory=list)
    launches: list[Launch] = Field(default_factory=list, max_length=MAX_LAUNCHES)
    closures: list[Closure] = Field(default_factory=list, max_length=MAX_CLOSURES)
    flows: list[Flow] = Field(default_factory=list, max_length=MAX_FLOWS)
    network: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="route data replacing the bundled 2013 airways: a path (X-Plane 11/12 "
        "folder, ARINC 424 file, awy.dat, GeoJSON) or a list (first the base, then additions; "
        "'default' = the bundled data), relative to the scenario file",
    )
    output: Output = Field(default_factory=Output)
    posture: Posture | None = Field(
        default=None,
        description="a precautionary posture: recommend airway closures inside "
        "the authority's FIR from the launches and launch activities; see docs/precaution.md",
    )
    # where the scenario came from: file name and the line of every field path (set by loader)
    _file: str = PrivateAttr(default="<scenario>")
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    def line_of(self, *loc: str | int) -> int | None:
        """Source line of a field path such as ``("launches", 0)``, if read from a file."""
        while loc:
            if loc in self._lines:
                return self._lines[loc]
            loc = loc[:-1]
        return self._lines.get(())

    @property
    def file(self) -> str:
        return self._file

    @model_validator(mode="wrap")
    @classmethod
    def _places_in_region(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """Every place of the scenario is resolved with the scenario's ``region``."""
        with places_region(region_of(data)):
            return handler(data)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {zone!r} (expected an IANA name such as 'Asia/Seoul' or 'UTC')"
            ) from None
        return zone

    @field_validator("network", mode="before")
    @classmethod
    def _one_or_more_paths(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("launches", "closures", "flows")
    @classmethod
    def _unique_ids(
        cls, items: list[Launch] | list[Closure] | list[Flow], info: ValidationInfo
    ) -> list[_Model]:
        check_unique_ids([item.id for item in items], str(info.field_name))
        return list(items)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


__all__ = [
    "UNL",
    "Ascent",
    "Circle",
    "Closure",
    "Failure",
    "Flow",
    "Launch",
    "Output",
    "Place",
    "Scenario",
    "Stage",
    "TimeWindow",
    "Uncertainty",
    "VehicleOverrides",
]
