"""One column schema per result table, and ``frame()`` that builds each table the same way.

Every table of an advisory is a GeoDataFrame in EPSG:4326 (lon/lat) with the columns listed
here, in this order, then ``geometry``; a missing value is NaN (numbers) or None (text).  The
descriptions carry the units and are the reference for users of the library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import geopandas as gpd
import pandas as pd

from airspace.units import Limits

_LIMITS: Final = (
    ("lower", "lower limit as text (SFC, FL350, 12000 FT AMSL)"),
    ("upper", "upper limit as text (UNL, FL600, ...)"),
    ("lower_ft", "lower limit in feet (0 for SFC)"),
    ("upper_ft", "upper limit in feet (inf for UNL)"),
    ("start", "start of the window (UTC)"),
    ("end", "end of the window (UTC)"),
    (
        "periods",
        "active periods within the window, a list of [start, end] ISO 8601 UTC texts (a NOTAM's "
        "item D) schedule; one period, the whole window, when not scheduled)",
    ),
)
_WARNINGS: Final = (
    "warnings",
    "what the NOTAM reader interpreted or repaired in the NOTAM it comes from, '; '-separated "
    "('' when none)",
)

SCHEMAS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "launches": (
        ("launch_id", "launch id from the scenario"),
        ("vehicle", "vehicle class or preset"),
        ("ending", "how the modelled flight ends: impact, orbit (insertion) or breakup"),
        ("flight_time_min", "launch to the end (impact, orbit insertion, breakup), minutes"),
        ("apogee_km", "highest height above the surface, km"),
        ("range_km", "ground range launch to the end point (WGS84 geodesic), km"),
        ("launch_azimuth_deg", "initial heading of the ground track, degrees true"),
        ("launch_time", "launch time (UTC)"),
        ("impact_time", "time of the end point (UTC): the impact, or see 'ending'"),
        ("impact_lat", "latitude of the end point, degrees"),
        ("impact_lon", "longitude of the end point, degrees"),
    ),
    "hazards": (
        ("id", "hazard id (launch/part, or declared closure id)"),
        (
            "kind",
            "impact, ascent, descent, stage-drop, declared, precaution (a threat corridor) "
            "or recommended (an airway stretch a posture recommends closing)",
        ),
        *_LIMITS,
        ("route", "closed airway (declared and recommended airway closures), else None"),
        ("route_fir", "the FIR an airway closure is limited to, else None (every FIR)"),
        ("reason", "why the hazard exists"),
        ("sources", "launch or closure ids, comma-separated"),
        _WARNINGS,
    ),
    "closures": (
        ("id", "closure zone id (hazard id, '@FIR' when split by FIR)"),
        ("fir", "ICAO FIR of the zone (ZZZZ outside every FIR)"),
        ("kind", "kind of the hazard it publishes"),
        *_LIMITS,
        ("reason", "why the hazard exists"),
        ("sources", "launch or closure ids, comma-separated"),
        ("notam", "ICAO NOTAM text: a published NOTAM exactly as given, else the one written"),
        _WARNINGS,
    ),
    "notams": (
        ("id", "NOTAM id: its number; number@FIR when FIRs share it; file:line without number"),
        ("fir", "FIR of its Q-line"),
        ("number", "NOTAM number (series, number/year), None when not given"),
        ("type", "NOTAMN, NOTAMR or NOTAMC"),
        ("file", "file it was read from"),
        ("line", "first line of the NOTAM in the file"),
        ("start", "item B) (UTC)"),
        ("end", "item C) (UTC); NaT for C) PERM and for a NOTAMC without C)"),
        ("end_estimated", "C) is an estimate ('EST': the NOTAM may be replaced or cancelled)"),
        ("schedule", "item D) as written, None without"),
        ("periods", "active periods: a list of [start, end] ISO 8601 UTC texts (None for PERM)"),
        ("lower", "item F) (SFC, FL350, 12000 FT AMSL)"),
        ("upper", "item G) (UNL, FL600, ...)"),
        ("areas", "number of areas read from item E)"),
        ("status", "'closure', or why it closes nothing (no area, replaced by ..., PERM, ...)"),
        ("same_area", "ids of other NOTAMs publishing the same area at overlapping times"),
        ("airways", "airways it closes at its levels and times, space-separated"),
        ("warnings", "what the reader interpreted or repaired, '; '-separated ('' when none)"),
        ("notam", "the NOTAM text as given"),
    ),
    "affected_segments": (
        ("closure", "id of the hazard or declared closure"),
        ("kind", "how it closes: a hazard kind, or 'route' for declared airway closures"),
        ("segment", "row of RouteNetwork.segments"),
        ("route", "airway designator"),
        ("from_fix", "fix at one end of the segment"),
        ("to_fix", "fix at the other end"),
        ("level", "airway level band (low or high)"),
        ("lower_ft", "lowest closed level on the segment, feet"),
        ("upper_ft", "highest closed level on the segment, feet (inf for UNL)"),
        ("start", "start of the closure (UTC)"),
        ("end", "end of the closure (UTC)"),
        ("entry_lat", "where the segment enters the closure, latitude"),
        ("entry_lon", "where the segment enters the closure, longitude"),
        ("exit_lat", "where it leaves, latitude"),
        ("exit_lon", "where it leaves, longitude"),
        ("inside_nm", "geodesic length inside the closure, NM"),
    ),
    "affected_routes": (
        ("route", "airway designator"),
        ("from_fix", "first closed fix in airway order"),
        ("to_fix", "last closed fix in airway order"),
        ("closure", "id of the hazard or declared closure"),
        ("kind", "kind of the closure: declared, recommended (a posture's), or a hazard kind"),
        *_LIMITS,
        ("inside_nm", "closed length, NM"),
        ("text", "the line an ANSP would publish"),
    ),
    "flows": (
        ("flow_id", "flow id from the scenario"),
        ("origin", "origin airport or place"),
        ("destination", "destination airport or place"),
        ("flights_per_day", "flights per day"),
        ("aircraft", "ICAO aircraft type"),
        ("cruise", "cruise level"),
        ("tas_kt", "cruise true airspeed, knots"),
        ("route", "baseline route text"),
        ("length_nm", "baseline length, NM"),
        ("closures_hit", "ids of the closures the baseline meets, comma-separated"),
        ("affected", "True when the baseline meets a closure"),
        ("flights_affected_per_day", "flights per day that meet a closure"),
        ("notes", "what the planner should know (airports joined by direct legs, no way round)"),
    ),
    "reroutes": (
        ("flow_id", "flow id"),
        ("rank", "1 is the suggested reroute"),
        ("suggested", "True for rank 1"),
        ("method", "network (airways) or direct detour"),
        ("route", "route text"),
        ("airways", "airways used, space-separated"),
        ("length_nm", "length, NM"),
        ("extra_nm", "extra distance over the baseline, NM"),
        ("extra_min", "extra time at cruise TAS, minutes"),
        ("extra_fuel_kg", "extra fuel per flight (OpenAP), kg"),
        ("extra_co2_kg", "extra CO2 per flight (3.16 kg per kg of fuel), kg"),
        ("flights_per_day", "affected flights per day of the flow"),
    ),
    "threats": (
        ("id", "threat corridor id (source/threat, source/threat-observed)"),
        ("source", "launch or launch activity id"),
        ("stage", "launch (known before the impact) or impact (narrowed by the observed impact)"),
        ("vehicle", "vehicle class"),
        ("site_lat", "launch site latitude, degrees"),
        ("site_lon", "launch site longitude, degrees"),
        ("headings", "heading windows reached, degrees true clockwise (e.g. 098.8-141.2)"),
        ("heading_width_deg", "total width of the heading windows, degrees"),
        ("min_range_km", "nearest distance from the site, km"),
        ("max_range_km", "farthest distance from the site, km"),
        *_LIMITS,
        ("area_km2", "WGS84 area of the corridor, km^2"),
        ("basis", "what the headings and ranges rest on"),
        ("notes", "what the planner should know (an observation outside the launch-time window)"),
    ),
    "recommendations": (
        ("id", "recommended closure id"),
        ("stage", "launch (known before the impact) or impact (narrowed by the observed impacts)"),
        ("applied", "True for the stage the posture's basis applies (closes airways, reroutes)"),
        ("rank", "1 is the stretch the threat corridors cover most, within its stage"),
        ("fir", "the authority's FIR the stretch is recommended in"),
        ("route", "airway designator"),
        ("from_fix", "first fix of the stretch in airway order"),
        ("to_fix", "last fix of the stretch in airway order"),
        ("covered", "share of the stretch (inside the FIR) the corridors cover, 0 to 1"),
        ("covered_nm", "length the corridors cover, NM"),
        ("length_nm", "length of the stretch inside the FIR, NM"),
        *_LIMITS,
        ("sources", "launch or activity ids whose corridors reach it, comma-separated"),
        ("threats", "threat corridor ids, comma-separated"),
        ("reason", "why it is recommended"),
        ("text", "the line an authority would publish, marked as recommended"),
    ),
    "narrowing": (
        ("route", "airway designator"),
        ("from_fix", "first fix of the launch-time stretch"),
        ("to_fix", "last fix of the launch-time stretch"),
        ("status", "kept, shortened or dropped once the impacts are observed"),
        ("after", "the observed-stage stretches left of it, comma-separated"),
        ("covered_before", "share covered at launch time, 0 to 1"),
        ("text", "the change in words"),
    ),
    "comparison": (
        ("route", "airway designator"),
        ("declared", "declared closures of the airway: stretch and window"),
        ("recommended", "recommended stretches of the airway and the share covered"),
        ("verdict", "both, declared only or recommended only"),
    ),
    "alerts": (
        ("launch_id", "launch id"),
        ("kind", "land or place"),
        ("place", "place or land name"),
        ("country", "ISO country code"),
        ("over", "True when the track passes over it"),
        ("overflight", "True when the flight is above the ceiling there"),
        ("below_ceiling", "True when the flight is below the ceiling there"),
        ("distance_km", "distance from the ground track, km"),
        ("beyond_impact_km", "distance past the impact on the final heading, km (0 before it)"),
        ("time", "time of closest approach (UTC)"),
        ("alt_m", "height of the flight there, m"),
    ),
}


def period_list(limits: Limits) -> list[list[str]]:
    """The ``periods`` cell of a table row: ``[[start, end], ...]`` as ISO 8601 UTC texts."""
    return [[a.isoformat(), b.isoformat()] for a, b in limits.active]


def limits_cells(limits: Limits) -> dict[str, Any]:
    """The limits columns of a table row: ``lower``, ``upper`` (as printed), ``lower_ft``,
    ``upper_ft``, ``start``, ``end`` and ``periods`` (a table without a column drops it)."""
    return {
        "lower": str(limits.lower),
        "upper": str(limits.upper),
        "lower_ft": limits.lower_ft,
        "upper_ft": limits.upper_ft,
        "start": limits.start,
        "end": limits.end,
        "periods": period_list(limits),
    }


def columns(table: str) -> list[str]:
    """The column names of ``table`` (without ``geometry``)."""
    return [name for name, _ in SCHEMAS[table]]


def frame(table: str, rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> gpd.GeoDataFrame:
    """``rows`` (mappings with the schema's keys and ``geometry``) as the table's GeoDataFrame."""
    data = rows if isinstance(rows, pd.DataFrame) else list(rows)
    table_frame = pd.DataFrame(data, columns=[*columns(table), "geometry"])
    return gpd.GeoDataFrame(table_frame, geometry="geometry", crs="EPSG:4326")


__all__ = ["SCHEMAS", "columns", "frame", "limits_cells", "period_list"]
