"""Flight information regions (or any named airspace polygons) with point and area look-up.

Polygons are lon/lat (RFC 7946): an outline across 180 degrees is a MultiPolygon split there, and
longitudes given to the look-ups are normalised to [-180, 180] first.

The bundled layer (``geodata/firs.geojson``, built by ``tools/build_firs.py``) covers the world
with one outline per ICAO FIR: neighbours share their borders exactly (no overlap, no gap), so a
point has one FIR, or none in the few areas the layer leaves without (listed in the file and in
docs/network.md).  A point exactly on a border, a pole included, belongs to the FIR that comes
first in the table (the bundled table is sorted by id).  In a user file whose regions overlap,
the same rule makes the first region in file order win.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path as FilePath
from typing import Any, Final

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
import shapely.ops
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from airspace.geo import METRES_PER_NM, WGS84, built_tree
from airspace.network.cache import cached_frame
from airspace.network.legs import MAX_EXAMPLES
from airspace.network.model import LoadReport, Skipped, UnknownNameError

BUNDLED_FIRS: Final = "firs.geojson"
COLUMNS: Final = ("id", "name", "accuracy", "source")


@dataclass(frozen=True, eq=False)
class FirSet:
    """Named airspace polygons: ``table`` has columns id, name, accuracy, source, geometry."""

    table: gpd.GeoDataFrame
    report: LoadReport
    _tree: shapely.STRtree = field(init=False, repr=False)

    def __post_init__(self) -> None:
        geoms = self.table.geometry.to_numpy()
        shapely.prepare(geoms)  # point-in-polygon tests then skip most edges
        object.__setattr__(self, "_tree", built_tree(geoms))

    def __repr__(self) -> str:
        return f"FirSet({len(self.table)} regions from {self.report.source})"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(str(i) for i in self.table["id"])

    def _row(self, fir_id: str) -> int:
        hit = np.flatnonzero(self.table["id"].to_numpy() == fir_id.upper())
        if len(hit) == 0:
            raise UnknownNameError(f"no FIR {fir_id!r} ({len(self.table)} known, e.g. RKRR, KZAK)")
        return int(hit[0])

    def polygon(self, fir_id: str) -> BaseGeometry:
        """The lon/lat (Multi)Polygon of ``fir_id`` (e.g. ``"ZKKP"``)."""
        geom: BaseGeometry = self.table.geometry.iloc[self._row(fir_id)]
        return geom

    def accuracy(self, fir_id: str) -> str:
        """``official`` or ``approximate`` (the outline's source, ``firs.geojson``)."""
        return str(self.table["accuracy"].iloc[self._row(fir_id)])

    def name(self, fir_id: str) -> str:
        """The FIR's name, e.g. ``"Incheon FIR"`` for ``"RKRR"``."""
        return str(self.table["name"].iloc[self._row(fir_id)])

    def firs_at(self, lats: npt.ArrayLike, lons: npt.ArrayLike) -> npt.NDArray[np.object_]:
        """FIR id (or ``None``) for each point: one bulk STRtree query, then vectorised
        point-in-polygon tests against the prepared outlines; no loop per point.

        Raises ``ValueError`` for arrays of different lengths, non-finite values or a latitude
        outside [-90, 90]; any finite longitude is accepted (taken modulo 360)."""
        lat = np.atleast_1d(np.asarray(lats, dtype=np.float64))
        lon = np.atleast_1d(np.asarray(lons, dtype=np.float64))
        if lat.shape != lon.shape or lat.ndim != 1:
            raise ValueError(f"latitudes {lat.shape} and longitudes {lon.shape} differ in shape")
        bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90.0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{int(bad.sum())} invalid point(s), first ({lat[i]}, {lon[i]}): latitude must "
                "be within [-90, 90] and both coordinates finite"
            )
        lon = _wrapped(lon)
        point_idx, fir_idx = self._tree.query(shapely.points(lon, lat))  # bounding boxes
        geoms = self.table.geometry.to_numpy()
        inside = shapely.intersects_xy(geoms[fir_idx], lon[point_idx], lat[point_idx])
        point_idx, fir_idx = point_idx[inside], fir_idx[inside]
        out = np.full(len(lat), None, dtype=object)
        # the first region in table order wins (a border point; overlaps in user files)
        order = np.lexsort((fir_idx, point_idx))
        first = np.unique(point_idx[order], return_index=True)[1]
        ids = self.table["id"].to_numpy(dtype=object)
        out[point_idx[order][first]] = ids[fir_idx[order][first]]
        return out

    def fir_at(self, lat: float, lon: float) -> str | None:
        """FIR id containing the point ``(lat, lon)`` in degrees, or ``None`` outside all."""
        found = self.firs_at([lat], [lon])[0]
        return None if found is None else str(found)

    def intersecting(self, area: BaseGeometry) -> tuple[str, ...]:
        """Ids of the FIRs whose interior shares area with ``area`` (lon/lat, split at 180 deg
        like the outlines), in table order; a FIR that only touches its edge is left out.  For
        a line (a route) or a point: the FIRs whose interior it enters."""
        hits = np.sort(self._tree.query(area, predicate="intersects"))
        geoms = self.table.geometry.to_numpy()[hits]
        polygonal = area.geom_type in ("Polygon", "MultiPolygon")
        inner = shapely.relate_pattern(geoms, area, "2********" if polygonal else "T********")
        return tuple(str(i) for i in self.table["id"].to_numpy()[hits[inner]])

    def gap_nm(self, fir_id: str, area: BaseGeometry) -> float | None:
        """Geodesic distance in NM from ``area`` (lon/lat) to the FIR ``fir_id``: 0 when they
        meet, ``None`` when the FIR is not in this set."""
        hit = np.flatnonzero(self.table["id"].to_numpy() == fir_id.upper())
        if len(hit) == 0:
            return None
        outline: BaseGeometry = self.table.geometry.iloc[int(hit[0])]
        if outline.intersects(area):
            return 0.0
        near_fir, near_area = shapely.ops.nearest_points(outline, area)
        _, _, dist_m = WGS84.inv(near_fir.x, near_fir.y, near_area.x, near_area.y)
        return float(dist_m) / METRES_PER_NM

    def in_view(self, west: float, south: float, east: float, north: float) -> gpd.GeoDataFrame:
        """The FIRs in a lon/lat box, their outlines clipped to it, for drawing a map.

        ``west > east`` means a box across 180 deg (e.g. 170, ..., -170).  Columns: id, name,
        accuracy, source, geometry (clipped, lon/lat), label_lat, label_lon (a point inside the
        largest clipped part, where a code can be written).
        """
        if not (-90.0 <= south < north <= 90.0):
            raise ValueError(f"south {south} must be below north {north}, both within [-90, 90]")
        w, e = float(_wrapped(np.array([west]))[0]), float(_wrapped(np.array([east]))[0])
        if east - west >= 360.0:
            boxes = [box(-180.0, south, 180.0, north)]
        elif w == e:
            raise ValueError(f"west {west} and east {east} leave an empty box")
        elif w < e:
            boxes = [box(w, south, e, north)]
        else:
            boxes = [box(w, south, 180.0, north), box(-180.0, south, e, north)]
        view = shapely.union_all(boxes)
        table = self.table.set_index("id").loc[list(self.intersecting(view))].reset_index()
        clipped = [
            shapely.union_all(_polygons(shapely.intersection(g, view)))
            for g in table.geometry.to_numpy()
        ]
        largest = [max(shapely.get_parts(g), key=lambda p: p.area) for g in clipped]
        labels = shapely.point_on_surface(np.array(largest, dtype=object))
        return gpd.GeoDataFrame(
            {
                **{c: table[c].to_numpy() for c in COLUMNS},
                "label_lat": shapely.get_y(labels).astype(np.float64),
                "label_lon": shapely.get_x(labels).astype(np.float64),
            },
            geometry=gpd.GeoSeries(clipped, crs="EPSG:4326"),
            crs="EPSG:4326",
        )

    @classmethod
    def from_geojson(cls, data: Mapping[str, Any], source: str = "geojson") -> FirSet:
        """Polygon/MultiPolygon features with an ``id`` (property or feature id) and ``name``."""
        features = (
            list(data.get("features") or []) if data.get("type") == "FeatureCollection" else []
        )
        if data.get("type") == "Feature":
            features = [data]
        rows: list[dict[str, Any]] = []
        skipped: list[Skipped] = []
        for index, feature in enumerate(features):
            props = feature.get("properties") or {}
            ident = props.get("id", feature.get("id"))
            try:
                geom = shape(feature.get("geometry"))
            except (ValueError, TypeError, AttributeError, KeyError) as exc:
                skipped.append(Skipped(f"feature {index}", f"unreadable geometry: {exc}"))
                continue
            if not ident:
                skipped.append(Skipped(f"feature {index}", "no 'id' property or feature id"))
            elif geom.geom_type not in ("Polygon", "MultiPolygon"):
                skipped.append(Skipped(f"feature {index}", f"{geom.geom_type} is not a polygon"))
            elif not geom.is_valid:
                skipped.append(Skipped(f"feature {index}", shapely.is_valid_reason(geom)))
            else:
                rows.append(
                    {
                        "id": str(ident).upper(),
                        "name": str(props.get("name", ident)),
                        "accuracy": str(props.get("accuracy", "unknown")),
                        "source": str(props.get("source", source)),
                        "geometry": geom,
                    }
                )
        table = gpd.GeoDataFrame(rows, columns=[*COLUMNS, "geometry"], crs="EPSG:4326")
        report = LoadReport(
            source=source,
            kind="firs",
            items_read=len(features),
            segments=0,
            skipped_count=len(skipped),
            skipped=tuple(skipped[:MAX_EXAMPLES]),
            notes=(f"{len(table)} regions",),
        )
        return cls(table, report)

    @classmethod
    def from_file(cls, path: str | FilePath) -> FirSet:
        """Load FIR/airspace polygons from a GeoJSON file."""
        file = FilePath(path)
        return cls.from_geojson(json.loads(file.read_text(encoding="utf-8")), str(file))

    @classmethod
    def bundled(cls) -> FirSet:
        """The world's FIRs shipped in ``airspace.geodata`` (once per process, disk-cached)."""
        return _bundled()


def _wrapped(lon: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Longitudes in [-180, 180] (those already there unchanged, 180 included)."""
    inside = (lon >= -180.0) & (lon <= 180.0)
    return np.where(inside, lon, (lon + 180.0) % 360.0 - 180.0)


def _polygons(geom: BaseGeometry) -> list[BaseGeometry]:
    """The polygons of an overlay result (lines or points where outlines only touch dropped)."""
    parts = shapely.get_parts(geom)
    return [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]


@cache
def _bundled() -> FirSet:
    """The bundled layer, through the content-keyed disk cache (the GeoJSON and this module's
    source are the key: a new layer or new reading code never meets a stale entry)."""
    data = (files("airspace.geodata") / BUNDLED_FIRS).read_bytes()
    code = (files("airspace.network") / "firs.py").read_bytes()

    def build() -> tuple[gpd.GeoDataFrame, LoadReport]:
        firs = FirSet.from_geojson(json.loads(data), f"airspace.geodata/{BUNDLED_FIRS}")
        return firs.table, firs.report

    return FirSet(*cached_frame("firs", (data, code), build))
