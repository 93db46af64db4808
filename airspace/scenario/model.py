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

from airspace.places import Place
from airspace.scenario.base import (
    FirCode,
    Identifier,
    TimeWindow,
    check_unique_ids,
    simple_polygon,
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
from airspace.scenario.launch import (
    Ascent,
    Failure,
    Launch,
    Stage,
    Uncertainty,
    VehicleOverrides,
)
from airspace.scenario.posture import Posture
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
MAX_REASON_CHARS = 1_000
"""A closure's reason goes into item E) of its NOTAM, which the NOTAM reader takes up to
20,000 characters; a real E) item is a few hundred."""
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
