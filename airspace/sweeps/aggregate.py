"""The tables of a sweep, from its variants' summaries (in variant order, so the same results
give the same tables wherever the variants ran).

- ``variants``: one row per variant: its values, whether it ran, zones, airways closed, flows
  hit and the worst extra minutes (or the input error that stopped it).
- ``stretches``: one row per segment (an airway stretch between two fixes) closed in at least
  one variant: how many variants closed it and their share of the variants that ran.
- ``delays``: one row per flow: how often it is hit, how often no way round is found, and the
  distribution of the suggested reroute's extra minutes over the variants that hit it.
- ``flow_delays``: the long form behind ``delays``: one row per variant and flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from airspace.network import RouteNetwork
from airspace.sweeps.spec import Plan, Value, value_text
from airspace.sweeps.variant import VariantResult

QUANTILES: Final = (0.1, 0.5, 0.9)


def _cell(value: Value) -> str | float:
    if isinstance(value, (int, float)):
        return value
    return value_text(value)


def variants_table(plan: Plan, results: Sequence[VariantResult]) -> pd.DataFrame:
    """One row per variant, in order."""
    rows = []
    for variant, result in zip(plan.variants, results, strict=True):
        extra = [f.extra_min for f in result.flows if f.affected and f.extra_min is not None]
        rows.append(
            {
                "variant": variant.index,
                "scenario": plan.bases[variant.base].file,
                **{key: _cell(value) for key, value in variant.params},
                "ok": result.ok,
                "zones": result.zones,
                "airways_closed": " ".join(result.airways),
                "segments_closed": len(result.closed),
                "flows_affected": sum(f.affected for f in result.flows),
                "worst_extra_min": max(extra, default=0.0),
                "error": result.error or "",
            }
        )
    return pd.DataFrame(rows)


def stretches_table(network: RouteNetwork, results: Sequence[VariantResult]) -> gpd.GeoDataFrame:
    """Every segment closed in some variant: how often, most often first."""
    ran = [r for r in results if r.ok]
    closed = [np.asarray(r.closed, dtype=np.intp) for r in ran]
    every = np.concatenate(closed) if closed else np.zeros(0, dtype=np.intp)
    segment, count = np.unique(every, return_counts=True)
    seg = network.segments.iloc[segment]
    table = gpd.GeoDataFrame(
        {
            "segment": segment,
            "route": seg["route"].to_numpy(),
            "from_fix": seg["from_fix"].to_numpy(),
            "to_fix": seg["to_fix"].to_numpy(),
            "level": seg["level"].to_numpy(),
            "variants_closed": count,
            "share": count / max(len(ran), 1),
        },
        geometry=seg.geometry.to_numpy(),
        crs="EPSG:4326",
    )
    return table.sort_values(
        ["variants_closed", "route", "segment"], ascending=[False, True, True], ignore_index=True
    )


def flow_delays_table(results: Sequence[VariantResult]) -> pd.DataFrame:
    """One row per variant that ran and flow: hit or not, extra NM and minutes."""
    rows = [
        {
            "variant": r.index,
            "flow_id": f.flow_id,
            "affected": f.affected,
            "rerouted": f.extra_min is not None,
            "extra_nm": np.nan if f.extra_nm is None else f.extra_nm,
            "extra_min": np.nan if f.extra_min is None else f.extra_min,
        }
        for r in results
        if r.ok
        for f in r.flows
    ]
    columns = ["variant", "flow_id", "affected", "rerouted", "extra_nm", "extra_min"]
    return pd.DataFrame(rows, columns=columns)


def delays_table(flow_delays: pd.DataFrame) -> pd.DataFrame:
    """Per flow: how often hit, how often without a way round, extra minutes when hit."""
    rows = []
    for flow_id, group in flow_delays.groupby("flow_id", sort=True):
        hit = group[group["affected"]]
        extra = hit["extra_min"].dropna().to_numpy()
        stats = np.quantile(extra, QUANTILES) if len(extra) else [np.nan] * len(QUANTILES)
        rows.append(
            {
                "flow_id": flow_id,
                "variants": len(group),
                "affected": len(hit),
                "share_affected": len(hit) / len(group),
                "no_way_round": int((~hit["rerouted"]).sum()),
                "mean_extra_min": float(extra.mean()) if len(extra) else np.nan,
                **{
                    f"p{int(q * 100)}_extra_min": float(v)
                    for q, v in zip(QUANTILES, stats, strict=True)
                },
                "max_extra_min": float(extra.max()) if len(extra) else np.nan,
            }
        )
    columns = [
        "flow_id",
        "variants",
        "affected",
        "share_affected",
        "no_way_round",
        "mean_extra_min",
        *(f"p{int(q * 100)}_extra_min" for q in QUANTILES),
        "max_extra_min",
    ]
    return pd.DataFrame(rows, columns=columns)
