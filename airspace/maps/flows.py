"""Traffic flows on the map: shared corridors, reroutes that follow the clock, panel rows.

Flows often share most of their path (three Incheon - US flows leave Korea on the same airways),
and lines drawn on top of each other hide all but one.  Each kind of path (baselines, suggested
reroutes, other reroutes) is therefore cut into *corridor pieces*: stretches used by the same
set of flows (a noded union of the paths, pieces grouped by the flows within a few metres of
them).  A piece is drawn once, as wide as its traffic, and its tooltip names every flow on it.
A reroute piece is active while a closure its flows avoid is active.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from airspace.maps import style, text
from airspace.maps.geometry import Bounds, feature
from airspace.maps.labels import PRIORITY, Label
from airspace.maps.layers import DECIMALS, LayerSpec

#: A piece belongs to a flow whose path passes within this distance of its middle (degrees).
SHARED_TOLERANCE_DEG: Final = 1e-4
KINDS: Final = (
    ("baseline", "Flows: baseline routes", style.BASELINE, True),
    ("alternative", "Flows: other reroutes (2nd, 3rd...)", style.ALTERNATIVE, True),
    ("reroute", "Flows: suggested reroutes", style.REROUTE, True),
    (
        "recommended-reroute",
        "Flows: reroutes round the recommended closures",
        style.RECOMMENDED_REROUTE,
        True,
    ),
)


def _kind(row: Any) -> str:
    if row.kind in ("baseline", "recommended-reroute"):
        return str(row.kind)
    rank = getattr(row, "rank", 1)
    return "reroute" if pd.isna(rank) or int(rank) <= 1 else "alternative"


def corridors(paths: Sequence[BaseGeometry]) -> list[tuple[BaseGeometry, tuple[int, ...]]]:
    """``paths`` cut into pieces used by the same paths: ``(piece, indices of the paths)``,
    one merged line per set of paths."""
    if not paths:
        return []
    arr = np.array(paths, dtype=object)
    pieces = shapely.get_parts(shapely.union_all(arr))
    pieces = pieces[shapely.get_type_id(pieces) == 1]  # LineStrings
    if len(pieces) == 0:
        return []
    middles = shapely.line_interpolate_point(pieces, 0.5, normalized=True)
    tree = shapely.STRtree(arr)
    mid_idx, path_idx = tree.query(middles, predicate="dwithin", distance=SHARED_TOLERANCE_DEG)
    users: dict[int, set[int]] = {}
    for m, p in zip(mid_idx, path_idx, strict=True):
        users.setdefault(int(m), set()).add(int(p))
    groups: dict[tuple[int, ...], list[BaseGeometry]] = {}
    for i, piece in enumerate(pieces):
        key = tuple(sorted(users.get(i, set())))
        if key:
            groups.setdefault(key, []).append(piece)
    out = []
    for key, parts in groups.items():
        merged = shapely.line_merge(shapely.multilinestrings(parts))
        out.append((merged, key))
    return out


def _money(value: Any, unit: str, digits: int = 0) -> str:
    return text.number(value, unit, digits, signed=True)


def flow_layers(
    table: gpd.GeoDataFrame, keys: Mapping[str, str], closure_keys: Mapping[str, str]
) -> list[LayerSpec]:
    """Baselines, other reroutes and suggested reroutes as corridor pieces."""
    if table.empty:
        return []
    kinds = [_kind(r) for r in table.itertuples(index=False)]
    most = float(pd.to_numeric(table["flights_per_day"], errors="coerce").fillna(0).max())
    specs = []
    for kind, name, base_style, show in KINDS:
        rows = [r for r, k in zip(table.itertuples(index=False), kinds, strict=True) if k == kind]
        if not rows:
            continue
        features = []
        for piece, users in corridors([r.geometry for r in rows]):
            members = [rows[i] for i in users]
            per_day = sum(_float(m.flights_per_day) for m in members)
            closures = sorted({c for m in members for c in _closures(m, closure_keys)})
            props: dict[str, Any] = {
                "_s": {**base_style, "weight": style.traffic_weight(per_day, most)},
                "_t": _tooltip(kind, members),
                "_f": sorted({keys[str(m.flow_id)] for m in members}),
            }
            if kind != "baseline" and closures:
                props["_c"] = closures
            features.append(feature(piece, props, DECIMALS))
        specs.append(
            LayerSpec(
                id=f"flows-{kind}", name=name, swatch=base_style, features=features, show=show
            )
        )
    return specs


def _float(value: Any) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return 0.0
    return x if np.isfinite(x) else 0.0


def _closures(row: Any, keys: Mapping[str, str]) -> list[str]:
    hit = str(getattr(row, "closures_hit", "") or "")
    return [keys[c] for c in (x.strip() for x in hit.split(",")) if c in keys]


def _tooltip(kind: str, members: list[Any]) -> str:
    head = {
        "baseline": "Baseline",
        "reroute": "Suggested reroute",
        "alternative": "Other reroute",
        "recommended-reroute": "Reroute round the recommended closures",
    }[kind]
    lines = []
    for m in members:
        ends = f"{text.esc(m.origin)} \u2192 {text.esc(m.destination)}"
        if kind == "baseline":
            cost = f"{text.number(m.flights_per_day, 'flights/day', 1 if _frac(m) else 0)}"
        else:
            rank = getattr(m, "rank", 1)
            rank_text = f"#{int(rank)} " if not pd.isna(rank) else ""
            cost = (
                f"{rank_text}{_money(m.extra_nm, 'NM')}, {_money(m.extra_min, 'min', 1)}, "
                f"{_money(m.extra_fuel_kg, 'kg fuel')}"
            )
        lines.append(f"<b>{text.esc(m.flow_id)}</b> {ends}: {cost}")
    count = f"{len(members)} flows" if len(members) > 1 else "1 flow"
    return f"<b>{head}</b> ({count})<br>" + "<br>".join(lines)


def _frac(row: Any) -> bool:
    x = _float(row.flights_per_day)
    return x != round(x)


def flow_paths(table: gpd.GeoDataFrame, keys: Mapping[str, str]) -> dict[str, list[Any]]:
    """Per flow key: its baseline and every reroute as features, for the highlight on a panel
    click (drawn on top, the others dimmed)."""
    out: dict[str, list[Any]] = {}
    for row in table.itertuples(index=False):
        kind = _kind(row)
        base = {
            "baseline": style.BASELINE,
            "reroute": style.REROUTE,
            "recommended-reroute": style.RECOMMENDED_REROUTE,
        }.get(kind, style.ALTERNATIVE)
        key = keys[str(row.flow_id)]
        highlight = {**base, "weight": 5.0 if kind != "alternative" else 3.5, "opacity": 1.0}
        rank = getattr(row, "rank", 0)
        title = "baseline" if kind == "baseline" else f"reroute #{int(rank)}"
        tip = f"<b>{text.esc(row.flow_id)}</b> {title}<br>{text.esc(row.airways)}" + (
            ""
            if kind == "baseline"
            else f"<br>{_money(row.extra_nm, 'NM')}, {_money(row.extra_min, 'min', 1)}"
        )
        out.setdefault(key, []).append(feature(row.geometry, {"_s": highlight, "_t": tip}, 3))
    return out


def flow_rows(table: gpd.GeoDataFrame, keys: Mapping[str, str]) -> list[dict[str, Any]]:
    """The side panel's flow rows: per flow, its traffic, the best reroute and its cost per
    flight and per day (escaped text and plain numbers)."""
    rows = []
    for flow_id, group in table.groupby("flow_id", sort=False):
        base = group[group["kind"] == "baseline"]
        reroutes = group[group["kind"] != "baseline"].sort_values("rank")
        first = base.iloc[0] if not base.empty else group.iloc[0]
        best = reroutes.iloc[0] if not reroutes.empty else None
        per_day = _float(first["flights_affected_per_day"])
        cost: dict[str, Any] = {}
        for column in ("extra_nm", "extra_min", "extra_fuel_kg", "extra_co2_kg"):
            value = _float(best[column]) if best is not None else None
            if best is not None and pd.isna(best[column]):
                value = None
            cost[column] = value
            cost[column + "_day"] = None if value is None else value * per_day
        rows.append(
            {
                "key": keys[str(flow_id)],
                "id": text.esc(flow_id),
                "ends": f"{text.esc(first['origin'])} \u2192 {text.esc(first['destination'])}",
                "per_day": _float(first["flights_per_day"]),
                "affected_per_day": per_day,
                "closures": text.esc(str(first["closures_hit"] or "").replace(",", ", ")),
                "best": text.esc(best["airways"]) if best is not None else "",
                "alternatives": len(reroutes),
                **cost,
            }
        )
    return rows


def _span(values: list[float], unit: str, digits: int = 0) -> str:
    lo, hi = min(values), max(values)
    if round(lo, digits) == round(hi, digits):
        return text.number(lo, unit, digits, signed=True)
    return (
        f"{text.number(lo, '', digits, signed=True).strip()}\u2013{text.number(hi, unit, digits)}"
    )


def flow_labels(table: gpd.GeoDataFrame, view: Bounds) -> list[Label]:
    """A label on each corridor piece in view: traffic on baselines (``3 flows, 32/day``), cost
    on suggested reroutes (``+41-43 NM``), placed where the piece passes nearest the view's
    centre."""
    if table.empty:
        return []
    centre = shapely.Point((view.west + view.east) / 2.0, (view.south + view.north) / 2.0)
    box = view.polygon()
    kinds = [_kind(r) for r in table.itertuples(index=False)]
    out = []
    for kind in ("baseline", "reroute"):
        rows = [r for r, k in zip(table.itertuples(index=False), kinds, strict=True) if k == kind]
        for piece, users in corridors([r.geometry for r in rows]):
            inside = shapely.intersection(piece, box)
            if inside.is_empty or inside.length < 0.05 * (view.east - view.west):
                continue
            members = [rows[i] for i in users]
            if kind == "baseline":
                per_day = sum(_float(m.flights_per_day) for m in members)
                n = len(members)
                html = f"{n} flow{'s' if n > 1 else ''}, {per_day:g}/day"
            else:
                html = _span([_float(m.extra_nm) for m in members], "NM")
            point = shapely.line_interpolate_point(
                inside, shapely.line_locate_point(inside, centre)
            )
            out.append(
                Label(
                    point=point,
                    html=html,
                    kind=f"flow {kind}",
                    priority=PRIORITY["flow"] + (0 if kind == "reroute" else 1),
                    min_zoom=4.0,
                    layer=f"flows-{kind}",
                )
            )
    return out
