"""Threat corridors: the precautionary hazard of a launch, a salvo or a launch activity.

A planner minutes after a launch knows a site, a time, a vehicle class and a rough heading, and
that more launches may follow on the same axis.  The corridor is the region those launches could
reach: a geodesic fan from the site (``fan``) over the heading window widened by the salvo
spread, between the minimum and maximum range, from ``lower`` to ``upper`` for the posture
window after the last launch.  Two stages:

* ``launch``: what is known before the impact: the rough heading +/- its uncertainty, plus
  the salvo spread; the class's range envelope;
* ``impact``: once the impact is observed (a launch with an impact): the observed azimuth
  +/- the salvo spread, and ``range / ratio`` to ``range * ratio`` of the observed range,
  both cut to the ``launch`` corridor, so the impact stage never reaches farther.

Defaults (``docs/precaution.md`` gives the sources); each can be set in the scenario:

* range envelopes (km): SRBM 0-1,000, MRBM 0-3,000, IRBM 0-5,500 (the upper bounds of NASIC's
  range classes, *Ballistic and Cruise Missile Threat*, 2017); ICBM 0-13,000 (estimated reach of
  the Hwasong-15, USFK *Strategic Digest* 2019: 12,874 km); SLV: none (a launcher's reach is
  its orbit; give ``max_range``).  The minimum is 0: a lofted or failed flight falls short, and
  the ascent crosses the airspace near the site.
* heading uncertainty +/- 11.25 degrees: half of one of the 16 compass points a first report
  names a direction by.
* salvo spread +/- 10 degrees: the four Scud-ER of 6 March 2017, fired together from
  Tongchang-ri, fell 200 to 450 km north of the Noto Peninsula (Japan's defence minister,
  9 March 2017): 13.3 degrees of heading at 1,086-1,089 km (+/- 6.6; the default keeps a
  margin of half as much again).
* range ratio 2: salvoes from one area flew 350 and 650 km (13 Sep 2023, ratio 1.86), 350-400 km
  (1 Oct 2022), 550-600 km (19 Jul 2023); 2 covers the widest of them.
* duration 24 h after the last launch: Korea's closure of 2 Nov 2022 lasted 24 h 7 min.
* levels SFC-UNL: every class's trajectories climb far above any flight level (an SRBM flown
  1,000 km on a minimum-energy arc peaks near 240 km).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from airspace.errors import InputError
from airspace.geo import inverse
from airspace.hazard.fan import Arc, FanError, area_km2, fans
from airspace.hazard.model import HazardVolume
from airspace.places import Place
from airspace.scenario import Launch, LaunchActivity, Posture, Precaution, Scenario
from airspace.scenario.posture import Heading, Sizing
from airspace.trajectory import Trajectory
from airspace.units import SFC, UNL, Level, Limits

Stage = Literal["launch", "impact"]

CLASS_RANGE_KM: Final[dict[str, tuple[float, float]]] = {
    "SRBM": (0.0, 1_000.0),
    "MRBM": (0.0, 3_000.0),
    "IRBM": (0.0, 5_500.0),
    "ICBM": (0.0, 13_000.0),
}
DEFAULT_HEADING_UNCERTAINTY_DEG: Final = 11.25
DEFAULT_SALVO_SPREAD_DEG: Final = 10.0
DEFAULT_RANGE_RATIO: Final = 2.0
DEFAULT_DURATION: Final = timedelta(hours=24)
MIN_CORRIDOR_DEG: Final = 0.1


class ThreatError(InputError):
    """A threat corridor that cannot be sized or drawn (no range for the class, a fan round a
    pole, a minimum range beyond the maximum)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Sizes:
    """The sizes of one source's corridor after defaults (the provenance in ``given``)."""

    heading_uncertainty_deg: float
    salvo_spread_deg: float
    min_range_km: float
    max_range_km: float
    range_ratio: float
    duration: timedelta
    lower: Level
    upper: Level
    given: frozenset[str]
    """Names of the sizes the scenario set (the others are defaults)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A launch or activity seen as a threat: where, when, what and which way."""

    id: str
    site: Place
    vehicle: str
    first: datetime
    last: datetime
    count: int
    heading: Arc
    """Headings known before the impact (the rough heading +/- its uncertainty)."""
    heading_basis: str
    sizes: Sizes
    observed: tuple[float, float] | None = None
    """``(azimuth_deg, range_km)`` from the site to the impact, once known."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Threat:
    """One stage of one source's corridor: ``volume`` (kind ``precaution``) with its headings
    and ranges; ``volume`` is ``None`` when the observation leaves nothing (see ``notes``)."""

    id: str
    source: str
    stage: Stage
    vehicle: str
    site: Place
    arcs: tuple[Arc, ...]
    min_range_km: float
    max_range_km: float
    limits: Limits
    basis: str
    volume: HazardVolume | None
    sizes: Sizes
    notes: tuple[str, ...] = ()

    @property
    def area_km2(self) -> float:
        return area_km2(self.volume.area) if self.volume is not None else 0.0

    @property
    def headings_text(self) -> str:
        return ", ".join(a.text() for a in self.arcs) or "none"

    @property
    def assumptions(self) -> str:
        """The sizes behind the corridor, each marked ``default`` unless the scenario set it."""
        s = self.sizes

        def mark(name: str) -> str:
            return "" if name in s.given else " (default)"

        envelope = "given" if "max_range" in s.given else f"{self.vehicle} envelope, default"
        return (
            f"heading uncertainty \u00b1{s.heading_uncertainty_deg:g}\u00b0"
            f"{mark('heading_uncertainty_deg')}, salvo spread \u00b1{s.salvo_spread_deg:g}\u00b0"
            f"{mark('salvo_spread_deg')}, range {s.min_range_km:,.0f}-{s.max_range_km:,.0f} km "
            f"({envelope}), range ratio {s.range_ratio:g}{mark('range_ratio')}, "
            f"{_hours(s.duration)} after the last launch{mark('duration')}, "
            f"{s.lower}-{s.upper}{'' if {'lower', 'upper'} & s.given else ' (default)'}"
        )


def _pick(name: str, layers: Sequence[Sizing | None], default: Any, given: set[str]) -> Any:
    for layer in layers:
        value = getattr(layer, name, None) if layer is not None else None
        if value is not None:
            given.add(name)
            return value
    return default


def resolve_sizes(vehicle: str, layers: Sequence[Sizing | None]) -> Sizes:
    """Sizes from the most specific layer that sets each (launch or activity, then posture),
    else the default; raises ``ThreatError`` when the class has no range envelope and no
    ``max_range`` is given, or the ranges are not increasing."""
    given: set[str] = set()
    envelope = CLASS_RANGE_KM.get(vehicle)
    max_range = _pick("max_range", layers, None, given)
    if max_range is None and envelope is None:
        raise ThreatError(
            f"no range envelope for {vehicle} (a launcher's reach is its orbit): give "
            "'max_range' in the precaution, the activity or the posture"
        )
    min_range = _pick("min_range", layers, None, given)
    min_km = min_range.km if min_range is not None else (envelope or (0.0, 0.0))[0]
    max_km = max_range.km if max_range is not None else (envelope or (0.0, 0.0))[1]
    if min_km >= max_km:
        raise ThreatError(f"min_range {min_km:,.0f} km is not below max_range {max_km:,.0f} km")
    lower = _pick("lower", layers, SFC, given)
    upper = _pick("upper", layers, UNL, given)
    if upper.top_ft <= lower.bottom_ft:
        raise ThreatError(f"upper limit {upper} is not above lower limit {lower}")
    return Sizes(
        heading_uncertainty_deg=_pick(
            "heading_uncertainty_deg", layers, DEFAULT_HEADING_UNCERTAINTY_DEG, given
        ),
        salvo_spread_deg=_pick("salvo_spread_deg", layers, DEFAULT_SALVO_SPREAD_DEG, given),
        min_range_km=min_km,
        max_range_km=max_km,
        range_ratio=_pick("range_ratio", layers, DEFAULT_RANGE_RATIO, given),
        duration=_pick("duration", layers, DEFAULT_DURATION, given),
        lower=lower,
        upper=upper,
        given=frozenset(given),
    )


def _rough(heading: Heading | None, sizes: Sizes, fallback_deg: float | None) -> tuple[Arc, str]:
    """The headings known before the impact, and how they were known."""
    if heading is not None and heading.heading_window_deg is not None:
        start, end = heading.heading_window_deg
        return Arc(start_deg=start, width_deg=(end - start) % 360.0), "heading window"
    half = sizes.heading_uncertainty_deg
    if heading is not None and heading.heading_deg is not None:
        return Arc.around(heading.heading_deg, half), (
            f"rough heading {heading.heading_deg:g}\u00b0 \u00b1 {half:g}\u00b0"
        )
    assert fallback_deg is not None
    return Arc.around(fallback_deg, half), (
        f"the launch's azimuth {fallback_deg:.0f}\u00b0 \u00b1 {half:g}\u00b0 as its rough "
        "heading (no 'heading_deg' given)"
    )


def launch_source(launch: Launch, trajectory: Trajectory, posture: Posture) -> Source:
    """A scenario launch as a threat source; its impact is the observation."""
    sizes = resolve_sizes(launch.vehicle, (launch.precaution, posture))
    end = trajectory.impact
    range_m, azimuth = inverse(launch.site.lat, launch.site.lon, end.lat, end.lon)
    # a flight that ends in orbit or a breakup has no observed impact (launchers)
    observed = getattr(trajectory, "ending", "impact") == "impact"
    if not observed and launch.azimuth_deg is not None:
        azimuth = launch.azimuth_deg
    precaution: Precaution | None = launch.precaution
    arc, basis = _rough(precaution, sizes, azimuth)
    last = launch.window.end if launch.window is not None else launch.earliest
    return Source(
        id=launch.id,
        site=launch.site,
        vehicle=launch.vehicle,
        first=launch.earliest,
        last=last,
        count=launch.count,
        heading=arc,
        heading_basis=basis,
        sizes=sizes,
        observed=(azimuth, range_m / 1000.0) if observed else None,
    )


def activity_source(activity: LaunchActivity, posture: Posture) -> Source:
    """A launch activity as a threat source (nothing observed)."""
    sizes = resolve_sizes(activity.vehicle, (activity, posture))
    arc, basis = _rough(activity, sizes, None)
    window = activity.window
    first = window.start if window is not None else activity.time
    last = window.end if window is not None else activity.time
    assert first is not None and last is not None
    return Source(
        id=activity.id,
        site=activity.site,
        vehicle=activity.vehicle,
        first=first,
        last=last,
        count=activity.count,
        heading=arc,
        heading_basis=basis,
        sizes=sizes,
    )


def _threat(
    source: Source,
    stage: Stage,
    arcs: list[Arc],
    ranges: tuple[float, float],
    basis: str,
    notes: tuple[str, ...] = (),
) -> Threat:
    sizes = source.sizes
    limits = Limits(
        lower=sizes.lower, upper=sizes.upper, start=source.first, end=source.last + sizes.duration
    )
    near_km, far_km = ranges
    suffix = "threat" if stage == "launch" else "threat-observed"
    area = None
    if far_km > near_km:
        try:
            area = fans(source.site.lat, source.site.lon, arcs, near_km * 1000.0, far_km * 1000.0)
        except FanError as exc:
            raise ThreatError(f"{source.id}: {exc}") from None
    salvo = f", salvo of {source.count}" if source.count > 1 else ""
    heads = ", ".join(a.text() for a in arcs) or "none"
    reason = (
        f"{source.vehicle} threat corridor from {source.site.name or source.site.description}"
        f"{salvo}: headings {heads}, {near_km:,.0f}-{far_km:,.0f} km, {limits.levels_text}, "
        f"{_hours(sizes.duration)} after the last launch ({basis})"
    )
    volume = None
    if area is not None and not area.is_empty:
        volume = HazardVolume(
            id=f"{source.id}/{suffix}",
            kind="precaution",
            limits=limits,
            reason=reason,
            sources=(source.id,),
            area=area,
        )
    return Threat(
        id=f"{source.id}/{suffix}",
        source=source.id,
        stage=stage,
        vehicle=source.vehicle,
        site=source.site,
        arcs=tuple(arcs),
        min_range_km=near_km,
        max_range_km=far_km,
        limits=limits,
        basis=basis,
        volume=volume,
        sizes=sizes,
        notes=notes,
    )


def _hours(duration: timedelta) -> str:
    hours = duration.total_seconds() / 3600.0
    return f"{hours:g} h"


def source_threats(source: Source) -> tuple[Threat, ...]:
    """The ``launch`` corridor of a source and, once its impact is observed, the narrower
    ``impact`` corridor inside it."""
    sizes = source.sizes
    spread = sizes.salvo_spread_deg
    before = source.heading.widened(spread)
    if before.width_deg < MIN_CORRIDOR_DEG:
        raise ThreatError(
            f"{source.id}: the headings span {before.width_deg:g} degrees (expected at least "
            f"{MIN_CORRIDOR_DEG:g}: give a heading uncertainty or a salvo spread, since a "
            "corridor with no width closes nothing)"
        )
    ranges = (sizes.min_range_km, sizes.max_range_km)
    basis = f"{source.heading_basis}, salvo spread \u00b1{spread:g}\u00b0"
    first = _threat(source, "launch", [before], ranges, basis)
    if source.observed is None:
        return (first,)
    azimuth, range_km = source.observed
    arcs = Arc.around(azimuth, spread).intersection(before)
    ratio = sizes.range_ratio
    near = max(ranges[0], range_km / ratio)
    far = min(ranges[1], range_km * ratio)
    notes: list[str] = []
    if not arcs:
        notes.append(
            f"the observed azimuth {azimuth:.0f}\u00b0 \u00b1 {spread:g}\u00b0 lies outside the "
            f"headings known at launch ({before.text()}): the observed stage closes nothing "
            "for this launch (check the rough heading)"
        )
    if far <= near:
        notes.append(
            f"the observed range {range_km:,.0f} km (/{ratio:g} to x{ratio:g}) lies outside the "
            f"range envelope {ranges[0]:,.0f}-{ranges[1]:,.0f} km: the observed stage closes "
            "nothing for this launch (check the class)"
        )
    observed = (
        f"observed azimuth {azimuth:.0f}\u00b0 \u00b1 {spread:g}\u00b0 salvo spread, observed "
        f"range {range_km:,.0f} km /{ratio:g} to x{ratio:g}, within the launch-time corridor"
    )
    second = _threat(source, "impact", arcs, (near, max(far, near)), observed, tuple(notes))
    return first, second


def threat_sources(
    scenario: Scenario, trajectories: dict[str, Trajectory]
) -> list[tuple[tuple[str | int, ...], Source | ThreatError]]:
    """Every launch and activity of the scenario's posture as a source (or the error that
    stops it), with its scenario field path."""
    posture = scenario.posture
    if posture is None:
        return []
    found: list[tuple[tuple[str | int, ...], Source | ThreatError]] = []
    for i, launch in enumerate(scenario.launches):
        loc: tuple[str | int, ...] = ("launches", i, "precaution")
        try:
            found.append((loc, launch_source(launch, trajectories[launch.id], posture)))
        except ThreatError as exc:
            found.append((loc, exc))
    for j, activity in enumerate(posture.activities):
        loc = ("posture", "activities", j)
        try:
            found.append((loc, activity_source(activity, posture)))
        except ThreatError as exc:
            found.append((loc, exc))
    return found


__all__ = [
    "CLASS_RANGE_KM",
    "DEFAULT_DURATION",
    "DEFAULT_HEADING_UNCERTAINTY_DEG",
    "DEFAULT_RANGE_RATIO",
    "DEFAULT_SALVO_SPREAD_DEG",
    "Sizes",
    "Source",
    "Stage",
    "Threat",
    "ThreatError",
    "activity_source",
    "launch_source",
    "resolve_sizes",
    "source_threats",
    "threat_sources",
]
