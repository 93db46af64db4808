"""Load the global airway network: against ``pandas.read_csv`` of the same ``awy.dat`` alone.

Times (best of ``REPEAT`` runs, in this process):
- baseline: ``pandas.read_csv`` of awy.dat (whitespace-separated, C engine), nothing else;
- parse: ``parse_awy`` (read_csv + validation + per-airway split);
- cold build: parse + geodesic densification + antimeridian split + fix identity + supplement;
- warm cache: the same network read back from the content-keyed ``.npz`` cache.
A ratio close to 1 means parsing the text is not the bottleneck.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from airspace.network import cache
from airspace.network.airports import navdata_bytes
from airspace.network.sources import bundled_tables as _build_tables
from airspace.network.sources import supplement_bytes
from airspace.network.xplane import parse_awy
from bench import _timing as timing

REPEAT = 3


def best(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    return timing.best(fn, repeat)


def main() -> None:
    awy, airports, supplement = (
        navdata_bytes("awy.dat"),
        navdata_bytes("airports.dat"),
        supplement_bytes(),
    )

    def baseline() -> pd.DataFrame:
        return pd.read_csv(
            io.BytesIO(awy),
            sep=r"\s+",
            skiprows=2,
            header=None,
            on_bad_lines="skip",
            encoding="latin-1",
        )

    rows = len(baseline())
    t_base = best(baseline)
    t_parse = best(lambda: parse_awy(awy))
    t_cold = best(lambda: _build_tables(awy, supplement))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "network.npz"
        tables = _build_tables(awy, supplement)
        cache.save(path, tables)
        size_mb = path.stat().st_size / 1e6
        t_warm = best(lambda: cache.load(path))
        t_key = best(lambda: cache.content_key((awy, airports, supplement)))
    segments = len(tables[0])
    print(
        f"awy.dat: {len(awy) / 1e6:.1f} MB, {rows} rows -> {segments} segments, "
        f"{len(tables[1])} fixes"
    )
    print(f"{'step':<44}{'time':>10}{'x read_csv':>12}")
    for label, t in [
        ("pandas.read_csv(awy.dat) alone (baseline)", t_base),
        ("parse_awy (read_csv + checks + split)", t_parse),
        ("cold build (parse + geodesics + nodes)", t_cold),
        ("warm disk cache (load .npz)", t_warm),
        ("  + content key (sha256 of sources)", t_key),
    ]:
        print(f"{label:<44}{t * 1000:>8.0f} ms{t / t_base:>11.2f}x")
    print(
        f"cache file: {size_mb:.0f} MB; RouteNetwork.default() with a warm cache ~ "
        f"{(t_warm + t_key) / t_base:.1f}x read_csv"
    )


if __name__ == "__main__":
    main()
