"""What the map names besides the advisory's own tables: overflight alerts merged per place, and
labels of the airports, fixes, cities and places that matter round the scenario.

Overflight alerts (``advisory.alerts``) list every stretch of land and every named place the
track passes over or near, several times for the same town (land runs, the place itself).  On
the map a place is one alert:

- rows are merged per launch and place (``land near Kosong`` and ``Kosong`` are Kosong), and
  places closer than ``SAME_PLACE_KM`` to each other are one (Ulleungdo and its town);
- the alert keeps the closest approach: under the track when any row is, else the smallest
  distance from the ground track (the advisory keeps places within its alert distance), and
  for a place in line with the flight past the impact, how far past;
- the launch site is never an alert: rows named after the place nearest the launch point, or
  whose closest approach is within ``LAUNCH_SITE_KM`` of it, are dropped;
- the marker stands on the place itself (its gazetteer entry nearest the track), not on the
  track.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import geopandas as gpd
import pandas as pd
import shapely

from airspace.geo import METRES_PER_KM, distance_m
from airspace.maps.data import map_frame
from airspace.network import AmbiguousNameError, UnknownNameError
from airspace.places import default_gazetteer

if TYPE_CHECKING:
    from airspace.advisory import Advisory

LAUNCH_SITE_KM: Final = 10.0
SAME_PLACE_KM: Final = 10.0
#: A gazetteer entry of the same name within this distance of the track is the place.
LOCATE_KM: Final = 150.0
LAND_PREFIX: Final = "land near "
#: Labels: at most this many cities and places round the scenario.
MAX_CITIES: Final = 250

Locate = Callable[[str, float, float], tuple[float, float] | None]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS84 geodesic distance, km."""
    return distance_m(lat1, lon1, lat2, lon2) / METRES_PER_KM


def _base(place: str) -> str:
    return place[len(LAND_PREFIX) :] if place.startswith(LAND_PREFIX) else place


def _locate(name: str, lat: float, lon: float) -> tuple[float, float] | None:
    entries = default_gazetteer().lookup(name)
    best = None
    for e in entries:
        d = _km(lat, lon, e.lat, e.lon)
        if d <= LOCATE_KM and (best is None or d < best[0]):
            best = (d, (e.lat, e.lon))
    return best[1] if best else None


def merge_alerts(
    alerts: pd.DataFrame,
    sites: Mapping[str, tuple[float, float]],
    site_names: Mapping[str, str],
    locate: Locate = _locate,
) -> gpd.GeoDataFrame:
    """``alerts`` (the advisory's table) as one row per place and launch, without the launch
    sites (``sites``: launch id -> (lat, lon); ``site_names``: launch id -> name of the place
    nearest the site).  See the module docs for the rules."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for row in alerts.itertuples(index=False):
        base = _base(str(row.place))
        lid = str(row.launch_id)
        site = sites.get(lid)
        if base == site_names.get(lid):
            continue
        if site is not None:
            y, x = row.geometry.y, row.geometry.x
            if _km(site[0], site[1], y, x) < LAUNCH_SITE_KM:
                continue
        groups.setdefault((lid, base), []).append(row)
    chosen = []
    for (lid, base), rows in groups.items():
        best = min(rows, key=_closeness)
        over = any(bool(r.over) and float(r.beyond_impact_km or 0) == 0 for r in rows)
        where = locate(base, best.geometry.y, best.geometry.x)
        point = shapely.Point(where[1], where[0]) if where else best.geometry
        chosen.append((_closeness(best), lid, base, best, over, point))
    chosen.sort(key=lambda c: c[0])
    kept: list[Any] = []
    for item in chosen:
        _, lid, _, _, _, point = item
        if any(k[1] == lid and _km(k[5].y, k[5].x, point.y, point.x) < SAME_PLACE_KM for k in kept):
            continue
        kept.append(item)
    kept.sort(key=lambda c: (c[3].time is None, c[3].time))
    return map_frame(
        "alerts",
        (
            {
                "launch_id": lid,
                "place": base,
                "time": best.time,
                "alt_m": best.alt_m,
                "distance_km": 0.0 if over else best.distance_km,
                "beyond_impact_km": best.beyond_impact_km,
                "over": over,
                "geometry": point,
            }
            for _, lid, base, best, over, point in kept
        ),
    )


def _closeness(row: Any) -> tuple[bool, bool, float]:
    beyond = float(row.beyond_impact_km or 0.0)
    return (beyond > 0, not bool(row.over), float(row.distance_km))


def merged_alerts(advisory: Advisory) -> gpd.GeoDataFrame:
    """The advisory's overflight alerts, one per place, without the launch sites."""
    gazetteer = default_gazetteer()
    sites = {lid: (t.launch.lat, t.launch.lon) for lid, t in advisory.computed.trajectories.items()}
    names = {lid: gazetteer.nearest(lat, lon)[0].name for lid, (lat, lon) in sites.items()}
    return merge_alerts(advisory.alerts, sites, names)


# ---- labels ---------------------------------------------------------------------------------


def _route_points(route: str) -> list[str]:
    """The points of a route text ``RKSI DCT KASKO G585 JEC ...``: every other token."""
    tokens = route.split()
    return tokens[0::2]


def view_labels(
    advisory: Advisory, box: shapely.Geometry, flows: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Labels round the scenario: the flows' airports, the fixes of the closed segments and of
    the baselines and suggested reroutes, curated places and the largest cities in ``box``."""
    rows: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, kind: str, rank: float, lon: float, lat: float) -> None:
        if (kind, name) in seen or not name:
            return
        seen.add((kind, name))
        rows.append({"name": name, "kind": kind, "rank": rank, "geometry": shapely.Point(lon, lat)})

    base = flows[flows["kind"] == "baseline"]
    for f in base.itertuples(index=False):
        xy = shapely.get_coordinates(f.geometry)
        if len(xy):
            add(str(f.origin), "airport", 0, *xy[0])
            add(str(f.destination), "airport", 0, *xy[-1])
    net = advisory.network
    lines = [*base.geometry, *flows[(flows["kind"] != "baseline") & (flows["rank"] == 1)].geometry]
    texts = [*base["airways"], *flows[(flows["kind"] != "baseline") & (flows["rank"] == 1)].airways]
    for seg in advisory.affected_segments.itertuples(index=False):
        xy = shapely.get_coordinates(seg.geometry)
        if len(xy):
            add(str(seg.from_fix), "fix", 1, *xy[0])
            add(str(seg.to_fix), "fix", 1, *xy[-1])
    for line, route in zip(lines, texts, strict=True):
        _route_fixes(net, line, str(route), box, add)
    west, south, east, north = box.bounds
    cities = 0
    for entry in default_gazetteer().within(west, south, east, north)[:MAX_CITIES]:
        if entry.kind == "city" and not entry.curated:
            add(entry.name, "city", cities, entry.lon, entry.lat)
            cities += 1
        else:
            add(entry.name, "place", 0, entry.lon, entry.lat)
    return map_frame("labels", rows)


def _route_fixes(
    net: Any, line: Any, route: str, box: shapely.Geometry, add: Callable[..., None]
) -> None:
    """The named points of a route that lie on its line inside ``box``."""
    if line is None or line.is_empty:
        return
    for name in _route_points(route):
        if len(name) == 4 or not name.isalnum():  # airports are labelled as such
            continue
        try:
            mid = line.interpolate(0.5, normalized=True)
            fix = net.fix(name, near=(mid.y, mid.x))
        except (UnknownNameError, AmbiguousNameError):  # not in the network: no label
            continue
        point = shapely.Point(fix.lon, fix.lat)
        if box.contains(point) and line.distance(point) < 0.05:
            add(name, "fix", 2, fix.lon, fix.lat)


__all__ = ["merge_alerts", "merged_alerts", "view_labels"]
