"""A sweep's result: its tables, an exposure map and the files ``airspace sweep`` writes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

from airspace.network import RouteNetwork
from airspace.sweeps.aggregate import (
    delays_table,
    flow_delays_table,
    stretches_table,
    variants_table,
)
from airspace.sweeps.exposure import exposure_map
from airspace.sweeps.spec import Plan
from airspace.sweeps.variant import VariantResult

if TYPE_CHECKING:
    import folium


@dataclass(frozen=True, kw_only=True, eq=False)
class SweepResult:
    """Every variant's summary (in variant order) and the tables aggregated from them."""

    plan: Plan
    results: tuple[VariantResult, ...]
    network: RouteNetwork = field(repr=False)
    seconds: float = 0.0
    where: str = ""

    @property
    def ran(self) -> int:
        return sum(r.ok for r in self.results)

    def __repr__(self) -> str:  # the plan holds every variant and the base scenarios' text
        return (
            f"SweepResult({self.plan.name!r}: {len(self.results):,} variants, {self.ran:,} ran, "
            f"{len(self.results) - self.ran:,} failed, {self.seconds:.1f} s on {self.where})"
        )

    @property
    def failed(self) -> int:
        return len(self.results) - self.ran

    @property
    def internal_errors(self) -> tuple[VariantResult, ...]:
        """Variants stopped by a fault of the engine (not by their input)."""
        return tuple(r for r in self.results if r.internal)

    @cached_property
    def variants(self) -> pd.DataFrame:
        """One row per variant: its values, zones, airways closed, flows hit, worst delay."""
        return variants_table(self.plan, self.results)

    @cached_property
    def stretches(self) -> gpd.GeoDataFrame:
        """Airway stretches (segments) by how often they close, most often first."""
        return stretches_table(self.network, self.results)

    @cached_property
    def flow_delays(self) -> pd.DataFrame:
        """One row per variant and flow: hit or not, extra NM and minutes."""
        return flow_delays_table(self.results)

    @cached_property
    def delays(self) -> pd.DataFrame:
        """Per flow: share of variants that hit it and the distribution of extra minutes."""
        return delays_table(self.flow_delays)

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.plan.name,
            "file": self.plan.file,
            "variants": len(self.results),
            "ran": self.ran,
            "failed": self.failed,
            "internal_errors": len(self.internal_errors),
            "where": self.where,
            "seconds": round(self.seconds, 3),
            "variant_cpu_seconds": round(sum(r.cpu_seconds for r in self.results), 3),
            "stretches_closed": len(self.stretches),
            "flows": self.delays.to_dict("records"),
        }

    def map(self) -> folium.Map:
        """Exposure map: every stretch coloured by the share of variants that close it, and
        the impact points of the variants."""
        return exposure_map(self)

    def save(self, outdir: str | Path) -> Path:
        """Write the tables (CSV), the exposure GeoJSON and map, and ``sweep.json``,
        atomically (all files or none)."""
        from airspace.render.files import atomic_directory, geojson_text, write_csv, write_json

        with atomic_directory(outdir) as tmp:
            write_csv(tmp / "variants.csv", self.variants)
            write_csv(tmp / "stretches.csv", self.stretches)
            write_csv(tmp / "delays.csv", self.delays)
            write_csv(tmp / "flow_delays.csv", self.flow_delays)
            (tmp / "exposure.geojson").write_text(geojson_text(self.stretches), encoding="utf-8")
            write_json(tmp / "sweep.json", _plain(self.summary()))
            self.map().save(str(tmp / "exposure.html"))
        return Path(outdir)


def _plain(data: Any) -> Any:
    """JSON-ready: NaN as null."""
    return json.loads(json.dumps(data, default=str).replace("NaN", "null"))
