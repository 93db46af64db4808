"""Land and named places a trajectory passes over or near, with time and altitude.

Land comes from ``roaring-landmask`` (a maintained package shipping the GSHHG full-resolution
shoreline database as a 15 arc-second raster, about 0.5 km; no download at run time): the ground
track is tested directly, and points offset across the track by the alert distance (and half of
it) find land passed *near*.  Named places come from the project gazetteer
(``airspace.places.default_gazetteer``: curated places and GeoNames cities).

Each result says whether the vehicle was below the airspace ceiling there: a stretch above the
ceiling is an *overflight* (an alert for the people below, no closure of the airspace).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from airspace.geo import FEET_PER_METRE, WGS84, FloatArray
from airspace.places import default_gazetteer
from airspace.trajectory.landmask import on_land

if TYPE_CHECKING:
    from airspace.trajectory.core import Trajectory

OverflightKind = Literal["land", "place"]
BoolArray = npt.NDArray[np.bool_]

_PLACE_STEP_KM = 10.0
_OVER_PLACE_KM = 5.0


@dataclass(frozen=True, kw_only=True)
class Overflight:
    """Land or a named place under or near the ground track.

    ``over``: the ground track crosses the land (or passes within 5 km of the place);
    ``distance_km``: closest ground distance between track and land/place (0 when over land);
    ``start_t_s`` / ``end_t_s``: the stretch of flight concerned (s after launch);
    ``closest_t_s``, ``lat``, ``lon``, ``alt_m``: the vehicle at the closest point (ground
    track position, height above the surface); ``min_alt_m`` / ``max_alt_m`` over the stretch;
    ``below_ceiling``: the vehicle was below the airspace ceiling somewhere in the stretch.
    ``beyond_impact_km``: > 0 for a place in line with the flight *past* the modelled impact
    (an overshoot alert, such as Ulleungdo on 2 Nov 2022); its time and height are the impact's.
    """

    kind: OverflightKind
    name: str
    country: str | None
    over: bool
    distance_km: float
    start_t_s: float
    end_t_s: float
    closest_t_s: float
    lat: float
    lon: float
    alt_m: float
    min_alt_m: float
    max_alt_m: float
    below_ceiling: bool
    launch_time: datetime | None = None
    beyond_impact_km: float = 0.0

    @property
    def is_overflight(self) -> bool:
        """Above the ceiling throughout: an alert, not an airspace closure."""
        return not self.below_ceiling

    @property
    def time(self) -> datetime | None:
        """UTC time of the closest approach (``None`` without a launch time)."""
        if self.launch_time is None:
            return None
        return self.launch_time + timedelta(seconds=self.closest_t_s)

    @property
    def start_time(self) -> datetime | None:
        return (
            None
            if self.launch_time is None
            else self.launch_time + timedelta(seconds=self.start_t_s)
        )

    @property
    def end_time(self) -> datetime | None:
        return (
            None if self.launch_time is None else self.launch_time + timedelta(seconds=self.end_t_s)
        )

    def describe(self) -> str:
        where = "over" if self.over else f"{self.distance_km:.0f} km from"
        if self.beyond_impact_km > 0.0:
            return (
                f"{self.name} in line with the flight, {self.beyond_impact_km:.0f} km past the "
                f"impact ({self.distance_km:.0f} km off the line)"
            )
        what = "overflight" if self.is_overflight else "below the ceiling"
        return (
            f"{where} {self.name} at t+{self.closest_t_s:.0f} s, "
            f"{self.alt_m / 1000.0:,.0f} km up ({what})"
        )


def _runs(mask: BoolArray) -> list[tuple[int, int]]:
    """Inclusive index ranges of consecutive True values."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    change = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b) - 1) for a, b in zip(change[::2], change[1::2], strict=True)]


def _name_of(lat: float, lon: float) -> tuple[str, str | None]:
    entry, _, _ = default_gazetteer().nearest(lat, lon)
    return entry.name, entry.detail if entry.kind == "city" else None


def _offset_land(
    lat: FloatArray, lon: FloatArray, distance_km: float
) -> tuple[BoolArray, FloatArray]:
    """Land found across the track: per sample, any hit and the smallest offset (km) hitting."""
    n = lat.size
    if n < 2 or distance_km <= 0.0:
        return np.zeros(n, dtype=bool), np.full(n, np.inf)
    fwd_az, _, _ = WGS84.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    az = np.append(fwd_az, fwd_az[-1])
    nearest = np.full(n, np.inf)
    for offset_km in (distance_km, distance_km / 2.0):
        for side in (90.0, -90.0):
            olon, olat, _ = WGS84.fwd(lon, lat, az + side, np.full(n, offset_km * 1000.0))
            hit = on_land(np.asarray(olat), np.asarray(olon))
            nearest = np.where(hit, np.minimum(nearest, offset_km), nearest)
    return np.isfinite(nearest), nearest


def find_overflights(
    traj: Trajectory, distance_km: float, ceiling_ft: float, beyond_km: float = 0.0
) -> list[Overflight]:
    """Land and places over or within ``distance_km`` of the ground track of ``traj``, and
    places within ``distance_km`` of the track extended ``beyond_km`` past the impact."""
    if distance_km < 0.0:
        raise ValueError(f"distance {distance_km} km is negative (expected >= 0 km)")
    ceiling_m = ceiling_ft / FEET_PER_METRE
    step_s = max(1.0, min(5.0, traj.flight_time_s / 2000.0))
    samples = traj.sample(step_s)
    t = samples["t_s"].to_numpy()
    lat = samples["lat"].to_numpy()
    lon = samples["lon"].to_numpy()
    alt = samples["alt_m"].to_numpy()
    found: list[Overflight] = []

    def add(
        kind: OverflightKind,
        name: str,
        country: str | None,
        over: bool,
        dist: float,
        a: int,
        b: int,
        closest: int,
    ) -> None:
        found.append(
            Overflight(
                kind=kind,
                name=name,
                country=country,
                over=over,
                distance_km=dist,
                start_t_s=float(t[a]),
                end_t_s=float(t[b]),
                closest_t_s=float(t[closest]),
                lat=float(lat[closest]),
                lon=float(lon[closest]),
                alt_m=float(alt[closest]),
                min_alt_m=float(alt[a : b + 1].min()),
                max_alt_m=float(alt[a : b + 1].max()),
                below_ceiling=bool((alt[a : b + 1] <= ceiling_m).any()),
                launch_time=traj.launch_time,
            )
        )

    land = on_land(lat, lon)
    for a, b in _runs(land):
        mid = (a + b) // 2
        name, country = _name_of(float(lat[mid]), float(lon[mid]))
        add("land", f"land near {name}", country, True, 0.0, a, b, mid)
    near, offset = _offset_land(lat, lon, distance_km)
    for a, b in _runs(near & ~land):
        closest = a + int(np.argmin(offset[a : b + 1]))
        name, country = _name_of(float(lat[closest]), float(lon[closest]))
        add("land", f"land near {name}", country, False, float(offset[closest]), a, b, closest)
    _add_places(lat, lon, distance_km, add)
    if beyond_km > 0.0:
        found.extend(_in_line(traj, lat, lon, distance_km, beyond_km, ceiling_m))
    return sorted(found, key=lambda o: (o.closest_t_s, o.beyond_impact_km, o.kind))


def _in_line(
    traj: Trajectory,
    lat: FloatArray,
    lon: FloatArray,
    distance_km: float,
    beyond_km: float,
    ceiling_m: float,
) -> list[Overflight]:
    """Places near the ground track extended past the impact on its final heading."""
    back_az, _, _ = WGS84.inv(lon[-1], lat[-1], lon[-2], lat[-2])
    heading = (float(back_az) + 180.0) % 360.0
    spacing = max(1.0, min(_PLACE_STEP_KM, distance_km / 2.0 if distance_km > 0 else 1.0))
    steps = np.arange(spacing, beyond_km + spacing / 2, spacing)
    elon, elat, _ = WGS84.fwd(
        np.full(steps.size, lon[-1]),
        np.full(steps.size, lat[-1]),
        np.full(steps.size, heading),
        steps * 1000.0,
    )
    best: dict[tuple[str, float, float], Overflight] = {}
    gazetteer = default_gazetteer()
    t_end = traj.flight_time_s
    for k in range(steps.size):
        entry, dist_m, _ = gazetteer.nearest(float(elat[k]), float(elon[k]))
        dist_km = dist_m / 1000.0
        key = (entry.name, entry.lat, entry.lon)
        if dist_km > distance_km or (key in best and best[key].distance_km <= dist_km):
            continue
        best[key] = Overflight(
            kind="place",
            name=entry.name,
            country=entry.detail if entry.kind == "city" else None,
            over=dist_km <= _OVER_PLACE_KM,
            distance_km=dist_km,
            start_t_s=t_end,
            end_t_s=t_end,
            closest_t_s=t_end,
            lat=float(elat[k]),
            lon=float(elon[k]),
            alt_m=0.0,
            min_alt_m=0.0,
            max_alt_m=0.0,
            below_ceiling=True,
            launch_time=traj.launch_time,
            beyond_impact_km=float(steps[k]),
        )
    return list(best.values())


def _add_places(
    lat: FloatArray,
    lon: FloatArray,
    distance_km: float,
    add: Callable[[OverflightKind, str, str | None, bool, float, int, int, int], None],
) -> None:
    """Named places within ``distance_km`` of the track (closest approach of each)."""
    _, _, seg_m = WGS84.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    along_km = np.concatenate([[0.0], np.cumsum(seg_m) / 1000.0])
    spacing = max(1.0, min(_PLACE_STEP_KM, distance_km / 2.0 if distance_km > 0 else 1.0))
    picks = np.unique(np.searchsorted(along_km, np.arange(0.0, along_km[-1], spacing)))
    picks = np.union1d(picks, [lat.size - 1])
    best: dict[tuple[str, float, float], tuple[float, int, str | None]] = {}
    gazetteer = default_gazetteer()
    for i in picks:
        entry, dist_m, _ = gazetteer.nearest(float(lat[i]), float(lon[i]))
        dist_km = dist_m / 1000.0
        if dist_km > distance_km:
            continue
        key = (entry.name, entry.lat, entry.lon)
        if key not in best or dist_km < best[key][0]:
            best[key] = (dist_km, int(i), entry.detail if entry.kind == "city" else None)
    for (name, _, _), (dist_km, i, country) in best.items():
        add("place", name, country, dist_km <= _OVER_PLACE_KM, dist_km, i, i, i)
