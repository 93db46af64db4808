"""Synthetic MapData for the map tests: a realistic East-Asia scenario (2 Nov 2022-like) and a
hostile variant whose strings carry script payloads.

Lon/lat in geometries; times tz-aware UTC.  The route network and FIRs are the real bundled ones
(the view round Korea), the rest is made up but shaped like the real thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import MultiLineString, Point, box

from airspace.geo import local_aeqd
from airspace.maps.data import empty_frame
from airspace.network import FirSet, RouteNetwork

GEOD: Final = Geod(ellps="WGS84")
T0: Final = pd.Timestamp("2022-11-02T01:51:00Z")

SCRIPT_PAYLOAD: Final = "<script>window.__pwned=1</script>"
IMG_PAYLOAD: Final = '<img src=x onerror="window.__pwned=1">'
TEMPLATE_PAYLOAD: Final = "`${window.__pwned=1}`'\"</script>"
JINJA_PAYLOAD: Final = "{{ 7*7 }}{% if true %}J{% endif %}{{ cycler.__init__ }}{{"
HOSTILE: Final = f"{SCRIPT_PAYLOAD}{IMG_PAYLOAD}{TEMPLATE_PAYLOAD}{JINJA_PAYLOAD}"

NOTAM_LINE: Final = "E) DANGER AREA DUE TO MISSILE LAUNCH"
#: Overlays of the full fixture, in layer-control order.
EXPECTED_LAYERS: Final = (
    "FIR boundaries",
    "Route network",
    "Flows: baseline routes",
    "Flows: other reroutes (2nd, 3rd...)",
    "Flows: suggested reroutes",
    "Closed airways",
    "Trajectories (colour = altitude)",
    "Overflight alerts",
    "Launch sites and impact points",
    "Closure areas: computed",
    "Closure areas: declared",
    "Closure areas: recommended",
)


@dataclass(frozen=True)
class SyntheticMapData:
    """A MapData made of plain GeoDataFrames."""

    name: str
    timezone: str
    trajectory_points: gpd.GeoDataFrame = field(
        default_factory=lambda: empty_frame("trajectory_points")
    )
    launch_points: gpd.GeoDataFrame = field(default_factory=lambda: empty_frame("launch_points"))
    closures: gpd.GeoDataFrame = field(default_factory=lambda: empty_frame("closures"))
    affected_segments: gpd.GeoDataFrame = field(
        default_factory=lambda: empty_frame("affected_segments")
    )
    network_segments: gpd.GeoDataFrame = field(
        default_factory=lambda: empty_frame("network_segments")
    )
    flows: gpd.GeoDataFrame = field(default_factory=lambda: empty_frame("flows"))
    firs: gpd.GeoDataFrame = field(default_factory=lambda: empty_frame("firs"))
    alerts: gpd.GeoDataFrame = field(default_factory=lambda: empty_frame("alerts"))
    labels: gpd.GeoDataFrame = field(default_factory=lambda: empty_frame("labels"))


def _gdf(rows: list[dict[str, object]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def circle(lat: float, lon: float, radius_km: float) -> shapely.Polygon:
    _, to_lonlat = local_aeqd(lat, lon)
    ring = Point(0, 0).buffer(radius_km * 1000.0, 32)
    return shapely.transform(ring, lambda c: np.column_stack(to_lonlat.transform(c[:, 0], c[:, 1])))


def great_circle(lon1: float, lat1: float, lon2: float, lat2: float, n: int) -> MultiLineString:
    """A geodesic split at 180 deg (RFC 7946), as the result object stores it."""
    pts = GEOD.npts(lon1, lat1, lon2, lat2, n)
    lons = np.array([lon1, *(p[0] for p in pts), lon2])
    lats = np.array([lat1, *(p[1] for p in pts), lat2])
    cut = np.flatnonzero(np.abs(np.diff(lons)) > 180.0)
    if len(cut) == 0:
        return MultiLineString([list(zip(lons, lats, strict=True))])
    i = int(cut[0])
    lat_mid = (lats[i] + lats[i + 1]) / 2.0
    east = [*zip(lons[: i + 1], lats[: i + 1], strict=True), (180.0, lat_mid)]
    west = [(-180.0, lat_mid), *zip(lons[i + 1 :], lats[i + 1 :], strict=True)]
    return MultiLineString([east, west])


Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _ballistic(
    lat0: float, lon0: float, lat1: float, lon1: float, apogee_km: float, minutes: float, n: int
) -> Arrays:
    pts = GEOD.npts(lon0, lat0, lon1, lat1, n - 2)
    lons = np.array([lon0, *(p[0] for p in pts), lon1])
    lats = np.array([lat0, *(p[1] for p in pts), lat1])
    s = np.linspace(0.0, 1.0, n)
    alt_m = 4.0 * apogee_km * 1000.0 * s * (1.0 - s)
    seconds = s * minutes * 60.0
    return lons, lats, alt_m, seconds


def east_asia(name: str = "2022-11-02 Sokcho SRBM (synthetic)") -> SyntheticMapData:
    """The realistic fixture: an SRBM from Wonsan to 57 km east of Sokcho, an SLV from Sohae,
    B467/L512 closed, an Incheon-Los Angeles flow across 180 deg and its reroute."""
    traj_rows: list[dict[str, object]] = []
    launches = [
        ("SRBM-1", (39.1475, 127.4461), (38.2052, 129.2426), 120.0, 5.5, "SRBM"),
        ("SLV-1", (39.66, 124.705), (35.9, 124.3), 480.0, 9.0, "SLV"),
    ]
    for launch_id, (la0, lo0), (la1, lo1), apogee_km, minutes, _ in launches:
        lons, lats, alt_m, secs = _ballistic(la0, lo0, la1, lo1, apogee_km, minutes, 60)
        for lon, lat, alt, sec in zip(lons, lats, alt_m, secs, strict=True):
            t = T0 + pd.Timedelta(seconds=float(sec))
            traj_rows.append(
                {"launch_id": launch_id, "time": t, "alt_m": alt, "geometry": Point(lon, lat)}
            )
    launch_rows: list[dict[str, object]] = []
    for launch_id, (la0, lo0), (la1, lo1), _, minutes, vehicle in launches:
        launch_rows.append(
            {
                "launch_id": launch_id,
                "vehicle": vehicle,
                "role": "site",
                "time": T0,
                "description": f"{launch_id} launch site",
                "geometry": Point(lo0, la0),
            }
        )
        launch_rows.append(
            {
                "launch_id": launch_id,
                "vehicle": vehicle,
                "role": "impact",
                "time": T0 + pd.Timedelta(minutes=minutes),
                "description": f"{launch_id} nominal impact",
                "geometry": Point(lo1, la1),
            }
        )
    end = T0 + pd.Timedelta(hours=24)
    net = RouteNetwork.default().segments
    hit = net[(net["route"].isin(["B467", "L512"])) & (net["level"] == "high")]
    hit = hit[hit.intersects(box(128.5, 37.2, 133.1, 38.8))]
    b467 = hit[hit["route"] == "B467"]
    notam = (
        "A1234/22 NOTAMN\nQ) RKRR/QRTCA/IV/BO/W/000/999/3812N12915E017\nA) RKRR "
        "B) 2211020158 C) 2211030158\n" + NOTAM_LINE + " WI 381219N 1291433E RADIUS 30KM\n"
        "F) SFC G) UNL"
    )

    def closure(**row: object) -> dict[str, object]:
        base: dict[str, object] = {
            "route": None,
            "periods": None,
            "fir": "RKRR",
            "lower": "SFC",
            "upper": "UNL",
            "notam": "",
        }
        return {**base, **row}

    closure_rows = [
        closure(
            id="SRBM-1/impact",
            kind="impact",
            start=T0,
            end=T0 + pd.Timedelta(minutes=30),
            reason="SRBM-1 impact dispersion (3 sigma + 10 km)",
            notam=notam,
            geometry=circle(38.2052, 129.2426, 22.0),
        ),
        closure(
            id="SLV-1/stage 1",
            kind="stage-drop",
            start=T0,
            end=T0 + pd.Timedelta(minutes=40),
            reason="SLV-1 first stage drop",
            notam="A1236/22 NOTAMN\nE) STAGE DROP\nF) SFC G) UNL",
            geometry=box(123.9, 35.6, 124.7, 36.2),
        ),
        closure(
            id="SLV-1/ascent",
            kind="ascent",
            fir="ZKKP",
            upper="FL600",
            start=T0,
            end=T0 + pd.Timedelta(minutes=15),
            reason="SLV-1 ascent corridor",
            notam="A1237/22 NOTAMN\nE) ASCENT\nF) SFC G) FL600",
            geometry=circle(39.2, 124.6, 40.0),
        ),
        closure(
            id="yellow-sea",
            kind="declared",
            upper="FL600",
            start=T0,
            end=T0 + pd.Timedelta(hours=2),
            reason="stage drop",
            notam="A1235/22 NOTAMN\nE) STAGE DROP AREA\nF) SFC G) FL600",
            geometry=box(123.7, 35.4, 124.9, 36.4),
        ),
        closure(
            id="avoid-east",
            kind="recommended",
            start=T0,
            end=T0 + pd.Timedelta(hours=6),
            periods=[
                (T0, T0 + pd.Timedelta(hours=1)),
                (T0 + pd.Timedelta(hours=4), T0 + pd.Timedelta(hours=5)),
            ],
            reason="recommended avoidance",
            geometry=circle(38.6, 130.6, 35.0),
        ),
        closure(
            id="B467-closure",
            kind="declared",
            route="B467",
            start=T0 + pd.Timedelta(minutes=7),
            end=end,
            reason="declared",
            geometry=shapely.union_all(b467.geometry.to_numpy()),
        ),
    ]
    affected = _gdf(
        [
            {
                "closure": "B467-closure" if r.route == "B467" else "SRBM-1/impact",
                "route": r.route,
                "from_fix": r.from_fix,
                "to_fix": r.to_fix,
                "lower": "FL200",
                "upper": "FL460",
                "start": T0 + pd.Timedelta(minutes=7) if r.route == "B467" else T0,
                "end": end if r.route == "B467" else T0 + pd.Timedelta(minutes=30),
                "periods": None,
                "reason": "declared",
                "geometry": r.geometry,
            }
            for r in hit.itertuples()
        ]
    )
    baseline = great_circle(126.4505, 37.4602, -118.4085, 33.9416, 120)
    reroute = great_circle(126.4505, 37.4602, 127.5, 35.0, 10)
    reroute = shapely.union(reroute, great_circle(127.5, 35.0, -118.4085, 33.9416, 120))
    second = great_circle(126.4505, 37.4602, 128.5, 34.5, 10)
    second = shapely.union(second, great_circle(128.5, 34.5, -118.4085, 33.9416, 120))

    def flow(**row: object) -> dict[str, object]:
        base: dict[str, object] = {
            "flow_id": "RKSI-KLAX",
            "origin": "RKSI",
            "destination": "KLAX",
            "flights_per_day": 12.0,
            "flights_affected_per_day": 12.0,
            "closures_hit": "B467-closure",
        }
        return {**base, **row}

    flow_rows = [
        flow(
            kind="baseline",
            rank=0,
            extra_nm=0.0,
            extra_min=0.0,
            extra_fuel_kg=0.0,
            extra_co2_kg=0.0,
            airways="B467 L512",
            geometry=baseline,
        ),
        flow(
            kind="reroute",
            rank=1,
            extra_nm=84.0,
            extra_min=11.2,
            extra_fuel_kg=float("nan"),
            extra_co2_kg=float("nan"),
            airways="G597",
            geometry=reroute,
        ),
        flow(
            kind="reroute",
            rank=2,
            extra_nm=97.0,
            extra_min=12.9,
            extra_fuel_kg=2100.0,
            extra_co2_kg=6636.0,
            airways="G585",
            geometry=second,
        ),
    ]
    fir_table = FirSet.bundled().table
    firs = _gdf(
        [
            {
                "code": r.id,
                "name": r.name,
                "official": r.accuracy == "official",
                "geometry": r.geometry,
            }
            for r in fir_table.itertuples()
        ]
    )
    alerts = _gdf(
        [
            {
                "launch_id": "SRBM-1",
                "place": "Sokcho",
                "time": T0 + pd.Timedelta(minutes=4),
                "alt_m": 45_000.0,
                "distance_km": 34.0,
                "beyond_impact_km": 0.0,
                "over": False,
                "geometry": Point(128.5918, 38.2070),
            },
            {
                "launch_id": "SRBM-1",
                "place": "Ulleungdo",
                "time": T0 + pd.Timedelta(minutes=5),
                "alt_m": 0.0,
                "distance_km": 19.6,
                "beyond_impact_km": 160.0,
                "over": False,
                "geometry": Point(130.8564, 37.5011),
            },
        ]
    )
    label_rows = _gdf(
        [
            {"name": "RKSI", "kind": "airport", "rank": 0, "geometry": Point(126.4505, 37.4602)},
            {"name": "Seoul", "kind": "city", "rank": 0, "geometry": Point(126.978, 37.566)},
            {"name": "Busan", "kind": "city", "rank": 1, "geometry": Point(129.04, 35.10)},
            {"name": "Incheon", "kind": "city", "rank": 2, "geometry": Point(126.705, 37.456)},
            {"name": "KAE", "kind": "fix", "rank": 1, "geometry": Point(128.7536, 37.7006)},
        ]
    )
    return SyntheticMapData(
        name=name,
        timezone="Asia/Seoul",
        trajectory_points=_gdf(traj_rows),
        launch_points=_gdf(launch_rows),
        closures=_gdf(closure_rows),
        affected_segments=affected,
        network_segments=gpd.GeoDataFrame(net[["route", "geometry"]], crs="EPSG:4326"),
        flows=_gdf(flow_rows),
        firs=firs,
        alerts=alerts,
        labels=label_rows,
    )


def hostile() -> SyntheticMapData:
    """The East-Asia fixture with script payloads in every kind of string shown."""
    data = east_asia(name=f"Test {HOSTILE}")

    def poison(table: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
        out = table.copy()
        for column in columns:
            out[column] = [f"{v}{HOSTILE}" for v in out[column]]
        return out

    return replace(
        data,
        trajectory_points=poison(data.trajectory_points, ["launch_id"]),
        launch_points=poison(data.launch_points, ["launch_id", "vehicle", "description"]),
        closures=poison(data.closures, ["id", "kind", "fir", "reason", "notam", "upper"]),
        affected_segments=poison(
            data.affected_segments, ["closure", "route", "from_fix", "reason"]
        ),
        flows=poison(data.flows, ["flow_id", "origin", "airways", "closures_hit"]),
        labels=poison(data.labels, ["name"]),
        firs=poison(data.firs, ["code", "name"]),
        alerts=poison(data.alerts, ["place", "launch_id"]),
        network_segments=poison(
            data.network_segments[data.network_segments.intersects(box(126, 36, 132, 39))],
            ["route"],
        ),
        timezone="Asia/Seoul",
    )
