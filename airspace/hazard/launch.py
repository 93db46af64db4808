"""Hazard volumes of one launch from its trajectory.

The impact dispersion area (SFC-UNL), the ascent and descent corridors below the airspace
ceiling (SFC to the ceiling), and the drop zones of spent stages and fairings.  A launcher's
parts may instead land (a landing zone at the droneship or landing pad, or at the launch site
for a return), its published drop-zone boxes replace the modelled ones, an orbital launch has no
impact area, and a declared breakup closes a debris response area.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Literal

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon

from airspace.geo import (
    geodesic_circle,
    inverse,
    normalize_lon,
    ring_polygon,
    to_local,
    to_lonlat,
    unwrapped_lons,
)
from airspace.hazard.dispersion import Dispersion
from airspace.hazard.model import HazardSettings, HazardVolume, checked_area, clear_of_poles
from airspace.scenario import Launch
from airspace.trajectory import Drop, Trajectory
from airspace.trajectory.pieces import AirspacePiece
from airspace.units import SFC, UNL, Limits

# Planning defaults when a launch gives no uncertainty: CEP by vehicle class (km).  These are
# assumptions for sizing, not published accuracies; scenario files override them.
DEFAULT_CEP_KM = {"SRBM": 1.0, "MRBM": 2.0, "IRBM": 5.0, "ICBM": 10.0, "SLV": 10.0}
# Spent-stage dispersion: along-track sigma as a share of the drop's downrange distance (with a
# floor), cross-track a fraction of it.  With the 10 km buffer the 99.9 % areas (2 x 3.72 sigma
# + 20 km a side) run from about 40 x 85 km (the floor, drops up to ~290 km downrange) to
# 100 x 300 km (~1,250 km downrange): the range of published drop zones (35 x 85 km to
# 100 x 300 km).  The floor keeps short falls (modelled stage-1 drops land 90-250 km out) from
# giving zones smaller than any published one.
DROP_ALONG_SHARE = 0.03
DROP_MIN_SIGMA_M = 8_750.0
DROP_CROSS_RATIO = 0.3
# ... and a ceiling: published drop zones reach 100 x 300 km at most, so the along-track sigma
# stops growing at 37.5 km (2 x 3.72 sigma + 20 km = 300 km): a launcher's second stage falling
# 3,000 km downrange gets the largest published size, not a 700 km zone.
DROP_MAX_SIGMA_M = 37_500.0
# A landing zone: the landing point (droneship, pad, the launch site for a return) with the
# hazard buffer round it (10 km by default); a planning assumption, not a published size.


def impact_volume(
    volume_id: str,
    dispersion: Dispersion,
    window: tuple[datetime, datetime],
    settings: HazardSettings,
    reason: str,
    sources: tuple[str, ...],
) -> HazardVolume:
    """SFC-UNL volume over the impact's containment ellipse plus buffer, for ``window``
    widened by the settings' lead and margin."""
    start, end = window
    return HazardVolume(
        id=volume_id,
        kind="impact",
        area=dispersion.area_lonlat(settings.containment, settings.buffer_m),
        limits=Limits(
            lower=SFC,
            upper=UNL,
            start=(start - settings.lead).astimezone(UTC),
            end=(end + settings.margin).astimezone(UTC),
        ),
        reason=reason,
        sources=sources,
    )


def _launch_window(launch: Launch) -> tuple[datetime, datetime]:
    if launch.window is not None:
        return launch.window.start, launch.window.end
    assert launch.time is not None
    return launch.time, launch.time


def _track_deg(trajectory: Trajectory) -> float:
    """Azimuth of the ground track just before impact (degrees)."""
    end = trajectory.flight_time_s
    last = trajectory.at(np.array([max(end - 5.0, 0.0), end]))
    return inverse(last.lat.iloc[0], last.lon.iloc[0], last.lat.iloc[1], last.lon.iloc[1])[1]


def _dispersion(launch: Launch, trajectory: Trajectory) -> Dispersion:
    lat, lon, track = trajectory.impact.lat, trajectory.impact.lon, _track_deg(trajectory)
    u = launch.uncertainty
    if u is None:
        cep_km = DEFAULT_CEP_KM.get(launch.vehicle, DEFAULT_CEP_KM["SLV"])  # launchers as SLV
        return Dispersion.from_cep(lat, lon, cep_km * 1000.0, track)
    if u.cep is not None:
        return Dispersion.from_cep(lat, lon, u.cep.metres, track)
    assert u.along_track_sigma is not None and u.cross_track_sigma is not None
    return Dispersion(
        lat=lat,
        lon=lon,
        sigma_along_m=u.along_track_sigma.metres,
        sigma_cross_m=u.cross_track_sigma.metres,
        track_deg=track,
    )


def corridor_area(piece: AirspacePiece, half_width_m: float) -> Polygon:
    """The ground track of a piece, buffered by ``half_width_m`` in a local projection."""
    lons = unwrapped_lons(piece.track.lon, float(piece.track.lon.iloc[0]))  # across 180 deg
    lat0, lon0 = float(piece.track.lat.mean()), normalize_lon(float(np.mean(lons)))
    lonlat = piece.lonlat
    shape = LineString(lonlat) if len(lonlat) > 1 else Point(lonlat[0])
    # 1 m simplification drops the repeated samples of a vertical rise, which can leave GEOS a
    # degenerate sliver beside the buffer; the union keeps one polygon, valid by construction
    track = shapely.simplify(to_local(shape, lat0, lon0), 1.0)
    local = shapely.union_all(shapely.get_parts(track.buffer(half_width_m, quad_segs=8)))
    clear_of_poles(local, lat0, lon0, f"{piece.phase} corridor")
    return checked_area(to_lonlat(local, lat0, lon0), f"{piece.phase} corridor")


def _shifted(
    window: tuple[datetime, datetime], first_s: float, last_s: float, cfg: HazardSettings
) -> tuple[datetime, datetime]:
    return (
        window[0] + timedelta(seconds=first_s) - cfg.lead,
        window[1] + timedelta(seconds=last_s) + cfg.margin,
    )


def launch_volumes(
    launch: Launch, trajectory: Trajectory, cfg: HazardSettings
) -> list[HazardVolume]:
    """Impact area, corridors below the ceiling and stage drop zones of one launch."""
    window = _launch_window(launch)
    flight_s = trajectory.flight_time_s
    if launch.impact_time is not None:  # a published impact time beats the model
        flight_s = max(flight_s, (launch.impact_time - launch.earliest).total_seconds())
    salvo = f" (salvo of {launch.count})" if launch.count > 1 else ""
    # the launch's own containment probability (scenario ``uncertainty.containment``) sizes its
    # impact area; drop zones and corridors keep the settings' one
    impact_cfg = cfg
    if launch.uncertainty is not None:
        impact_cfg = replace(cfg, containment=launch.uncertainty.containment)
    volumes = []
    if trajectory.ending == "impact":  # no impact after an orbit insertion or a breakup
        volumes.append(
            impact_volume(
                f"{launch.id}/impact",
                _dispersion(launch, trajectory),
                (window[0], window[1] + timedelta(seconds=flight_s)),
                impact_cfg,
                f"{launch.vehicle} impact area{salvo}",
                (launch.id,),
            )
        )
    ceiling_ft = cfg.ceiling.top_ft
    for piece in trajectory.below(ceiling_ft):
        phase: Literal["ascent", "descent"] = "ascent" if piece.phase == "ascent" else "descent"
        start, end = _shifted(window, piece.entry_t_s, piece.exit_t_s, cfg)
        volumes.append(
            HazardVolume(
                id=f"{launch.id}/{phase}",
                kind=phase,
                area=corridor_area(piece, cfg.corridor_half_width_m),
                limits=Limits(lower=SFC, upper=cfg.ceiling, start=start, end=end),
                reason=f"{launch.vehicle} {phase} below {cfg.ceiling}{salvo}",
                sources=(launch.id,),
            )
        )
    volumes.extend(_drop_volume(launch, drop, window, cfg) for drop in trajectory.drops)
    debris = trajectory.debris
    if debris is not None:
        start, end = _shifted(window, debris.breakup_t_s, debris.last_landing_t_s, cfg)
        volumes.append(
            HazardVolume(
                id=f"{launch.id}/debris",
                kind="debris-response",
                area=checked_area(debris.footprint(cfg.buffer_m), "debris response area"),
                limits=Limits(lower=SFC, upper=UNL, start=start, end=end),
                reason=f"{launch.vehicle} debris response area: breakup at "
                f"{debris.breakup_alt_m / 1000:,.0f} km, {debris.breakup_t_s:,.0f} s after launch",
                sources=(launch.id,),
            )
        )
    return volumes


def _drop_volume(
    launch: Launch, drop: Drop, window: tuple[datetime, datetime], cfg: HazardSettings
) -> HazardVolume:
    start, end = _shifted(window, drop.separation_t_s, drop.impact_t_s, cfg)
    limits = Limits(lower=SFC, upper=UNL, start=start, end=end)
    name = f"{launch.vehicle} {drop.name}"
    volume_id = f"{launch.id}/{drop.name}"
    if drop.fate in ("landing", "return"):
        where = "launch site" if drop.fate == "return" else "landing"
        return HazardVolume(
            id=volume_id,
            kind="landing-zone",
            area=geodesic_circle(drop.impact_lat, drop.impact_lon, cfg.buffer_m),
            limits=limits,
            reason=f"{name} {where} zone",
            sources=(launch.id,),
        )
    if drop.published_zone is not None:
        off = drop.offset_km or 0.0
        model = f"model {off:,.0f} km outside" if off > 0 else "model inside"
        return HazardVolume(
            id=volume_id,
            kind="stage-drop",
            area=ring_polygon([(lon, lat) for lat, lon in drop.published_zone]),
            limits=limits,
            reason=f"{name} drop zone (published; {model})",
            sources=(launch.id,),
        )
    downrange_m, track = inverse(launch.site.lat, launch.site.lon, drop.impact_lat, drop.impact_lon)
    sigma = min(max(DROP_ALONG_SHARE * downrange_m, DROP_MIN_SIGMA_M), DROP_MAX_SIGMA_M)
    dispersion = Dispersion(
        lat=drop.impact_lat,
        lon=drop.impact_lon,
        sigma_along_m=sigma,
        sigma_cross_m=DROP_CROSS_RATIO * sigma,
        track_deg=track,
    )
    return HazardVolume(
        id=volume_id,
        kind="stage-drop",
        area=dispersion.area_lonlat(cfg.containment, cfg.buffer_m),
        limits=limits,
        reason=f"{name} drop zone",
        sources=(launch.id,),
    )
