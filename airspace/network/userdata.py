"""Route data from GeoJSON (pure: a parsed mapping in, a legs table and a report out).

Each LineString (or MultiLineString) feature is one stretch of an airway; its properties:

- ``route`` (required): airway name, e.g. ``"L512"``;
- ``fixes``: fix names, one per vertex (default: the vertex position as ``ddmmssNdddmmssE``);
- ``level``: ``"low"``, ``"high"`` or ``"both"`` (default ``"both"``: one segment per band);
- ``lower_fl`` / ``upper_fl`` (flight levels) or ``lower_ft`` / ``upper_ft`` (feet AMSL);
  a missing lower limit is 0, a missing or ``null`` upper limit is unlimited;
- ``direction``: ``"both"`` (default), ``"forward"`` (one-way in vertex order) or ``"backward"``.

Coordinates are lon/lat (RFC 7946).  Features that cannot be read are skipped and reported.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from airspace.geo import format_icao, is_valid_latlon
from airspace.network.legs import LEG_COLUMNS, MAX_EXAMPLES, empty_legs
from airspace.network.model import LoadReport, Skipped

_LEVELS = {"low": ("low",), "high": ("high",), "both": ("low", "high")}
_DIRECTIONS = ("both", "forward", "backward")


def _limit_ft(props: Mapping[str, Any], name: str, default: float) -> float:
    """``<name>_fl`` (hundreds of feet) or ``<name>_ft``; ``None``/missing gives ``default``."""
    fl, ft = props.get(f"{name}_fl"), props.get(f"{name}_ft")
    if fl is not None and ft is not None:
        raise ValueError(f"both {name}_fl and {name}_ft given")
    value: Any = default if fl is None and ft is None else ft if fl is None else float(fl) * 100.0
    result = float(value)
    if math.isnan(result) or result < 0:
        raise ValueError(f"{name} limit {value!r} is not a level >= 0")
    return result


def _feature_legs(feature: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows of the legs table for one feature; raises ``ValueError`` saying what is wrong."""
    if not isinstance(feature, Mapping):
        raise ValueError(f"a feature is a JSON object, not {type(feature).__name__}")
    props = feature.get("properties") or {}
    geometry = feature.get("geometry") or {}
    if not isinstance(props, Mapping) or not isinstance(geometry, Mapping):
        raise ValueError("'properties' and 'geometry' are JSON objects")
    route = props.get("route")
    if not isinstance(route, str) or not route.strip():
        raise ValueError("property 'route' (airway name) missing")
    kind = geometry.get("type")
    if kind == "LineString":
        lines = [geometry.get("coordinates") or []]
    elif kind == "MultiLineString":
        lines = list(geometry.get("coordinates") or [])
    else:
        raise ValueError(f"geometry type {kind!r} is not LineString or MultiLineString")
    level = str(props.get("level", "both")).lower()
    if level not in _LEVELS:
        raise ValueError(f"level {level!r} is not 'low', 'high' or 'both'")
    direction = str(props.get("direction", "both")).lower()
    if direction not in _DIRECTIONS:
        raise ValueError(f"direction {direction!r} is not 'both', 'forward' or 'backward'")
    lower_ft = _limit_ft(props, "lower", 0.0)
    upper_ft = _limit_ft(props, "upper", math.inf)
    if lower_ft > upper_ft:
        raise ValueError(f"lower limit {lower_ft:g} ft above upper limit {upper_ft:g} ft")
    names = props.get("fixes")
    total = sum(len(line) for line in lines)
    if names is not None and (not isinstance(names, list) or len(names) != total):
        raise ValueError(f"'fixes' must list one name per vertex ({total} vertices)")
    rows: list[dict[str, Any]] = []
    offset = 0
    for line in lines:
        coords = np.asarray(line, dtype=np.float64)
        if coords.ndim != 2 or coords.shape[0] < 2 or coords.shape[1] < 2:
            raise ValueError("a line needs at least two [lon, lat] positions")
        lons, lats = coords[:, 0], coords[:, 1]
        if not all(is_valid_latlon(float(a), float(o)) for a, o in zip(lats, lons, strict=True)):
            raise ValueError("a position is outside lon [-180, 180] / lat [-90, 90]")
        fixes = (
            [str(n) for n in names[offset : offset + len(coords)]]
            if names is not None
            else [
                format_icao(float(a), float(o)).replace(" ", "")
                for a, o in zip(lats, lons, strict=True)
            ]
        )
        offset += len(coords)
        if direction == "backward":  # one-way against the vertex order: store it forward
            lats, lons, fixes = lats[::-1], lons[::-1], fixes[::-1]
        for i in range(len(coords) - 1):
            for band in _LEVELS[level]:
                rows.append(
                    {
                        "route": route.strip(),
                        "from_fix": fixes[i],
                        "from_lat": lats[i],
                        "from_lon": lons[i],
                        "to_fix": fixes[i + 1],
                        "to_lat": lats[i + 1],
                        "to_lon": lons[i + 1],
                        "level": band,
                        "lower_ft": lower_ft,
                        "upper_ft": upper_ft,
                        "one_way": direction != "both",
                        "from_region": "",
                        "to_region": "",
                    }
                )
    return rows


MAX_FEATURES: Final = 200_000
"""Most features of one GeoJSON route file (reading takes about 200 bytes of memory per byte
of file: this keeps a file under a gigabyte of memory)."""


MAX_VERTICES: Final = 500_000
"""Most vertices (fixes along the lines) of one GeoJSON route file, for the same reason."""


def _vertex_count(feature: Any) -> int:
    geometry = feature.get("geometry") if isinstance(feature, Mapping) else None
    coords = geometry.get("coordinates") if isinstance(geometry, Mapping) else None
    if not isinstance(coords, list):
        return 0
    if geometry is not None and geometry.get("type") == "MultiLineString":
        return sum(len(part) for part in coords if isinstance(part, list))
    return len(coords)


def parse_routes_geojson(
    data: Mapping[str, Any], source: str = "geojson"
) -> tuple[pd.DataFrame, LoadReport]:
    """Read a GeoJSON FeatureCollection (or one Feature) of airway lines into a legs table."""
    if data.get("type") == "Feature":
        features: list[Any] = [data]
    elif data.get("type") == "FeatureCollection":
        listed = data.get("features") or []
        if not isinstance(listed, list):
            raise ValueError("'features' is a JSON array of Feature objects")
        features = listed
    else:
        raise ValueError("expected a GeoJSON FeatureCollection or Feature")
    if len(features) > MAX_FEATURES:
        raise ValueError(
            f"{len(features):,} features (at most {MAX_FEATURES:,}: MAX_FEATURES; the world's "
            "airways are about 80,000 segments)"
        )
    vertices = sum(_vertex_count(f) for f in features)
    if vertices > MAX_VERTICES:
        raise ValueError(
            f"{vertices:,} vertices (at most {MAX_VERTICES:,}: MAX_VERTICES; one per fix of "
            "each airway)"
        )
    rows: list[dict[str, Any]] = []
    skipped: list[Skipped] = []
    for index, feature in enumerate(features):
        try:
            rows += _feature_legs(feature)
        except (ValueError, TypeError) as exc:
            skipped.append(Skipped(f"feature {index}", str(exc)))
    legs = pd.DataFrame(rows, columns=list(LEG_COLUMNS)) if rows else empty_legs()
    report = LoadReport(
        source=source,
        kind="geojson",
        items_read=len(features),
        segments=len(legs),
        skipped_count=len(skipped),
        skipped=tuple(skipped[:MAX_EXAMPLES]),
    )
    return legs, report
