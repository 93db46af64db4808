"""Flight information regions (or any named airspace polygons) with point look-up.

Polygons are lon/lat (RFC 7946).  A point on a shared boundary, or in an overlap of two
approximate outlines, belongs to the first region in file order (official outlines come first
in the bundled ``geodata/firs.geojson``).
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
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from airspace.network.legs import MAX_EXAMPLES
from airspace.network.model import LoadReport, Skipped, UnknownNameError

BUNDLED_FIRS: Final = "firs.geojson"


@dataclass(frozen=True, eq=False)
class FirSet:
    """Named airspace polygons: ``table`` has columns id, name, accuracy, source, geometry."""

    table: gpd.GeoDataFrame
    report: LoadReport
    _tree: shapely.STRtree = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_tree", shapely.STRtree(self.table.geometry.to_numpy()))

    def __repr__(self) -> str:
        return f"FirSet({', '.join(self.ids)}; from {self.report.source})"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(str(i) for i in self.table["id"])

    def polygon(self, fir_id: str) -> BaseGeometry:
        """The lon/lat polygon of ``fir_id`` (e.g. ``"ZKKP"``)."""
        hit = np.flatnonzero(self.table["id"].to_numpy() == fir_id.upper())
        if len(hit) == 0:
            raise UnknownNameError(f"no FIR {fir_id!r} (known: {', '.join(self.ids)})")
        geom: BaseGeometry = self.table.geometry.iloc[int(hit[0])]
        return geom

    def firs_at(self, lats: npt.ArrayLike, lons: npt.ArrayLike) -> npt.NDArray[np.object_]:
        """FIR id (or ``None``) for each point; one bulk STRtree query, no loop per point."""
        lat = np.atleast_1d(np.asarray(lats, dtype=np.float64))
        lon = np.atleast_1d(np.asarray(lons, dtype=np.float64))
        points = shapely.points(lon, lat)
        point_idx, fir_idx = self._tree.query(points, predicate="intersects")
        out = np.full(len(points), None, dtype=object)
        # the first region in file order wins: sort by (point, region), keep each point's first
        order = np.lexsort((fir_idx, point_idx))
        first = np.unique(point_idx[order], return_index=True)[1]
        ids = self.table["id"].to_numpy(dtype=object)
        out[point_idx[order][first]] = ids[fir_idx[order][first]]
        return out

    def fir_at(self, lat: float, lon: float) -> str | None:
        """FIR id containing the point ``(lat, lon)`` in degrees, or ``None`` outside all."""
        found = self.firs_at([lat], [lon])[0]
        return None if found is None else str(found)

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
        table = gpd.GeoDataFrame(
            rows, columns=["id", "name", "accuracy", "source", "geometry"], crs="EPSG:4326"
        )
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
        """The FIRs round Korea and Japan shipped in ``airspace.geodata`` (cached)."""
        return _bundled()


@cache
def _bundled() -> FirSet:
    text = (files("airspace.geodata") / BUNDLED_FIRS).read_text(encoding="utf-8")
    return FirSet.from_geojson(json.loads(text), f"airspace.geodata/{BUNDLED_FIRS}")
