"""Load the user's own route data at world size: X-Plane 11/12 folder and ARINC 424 file.

No real current data ships with the project (it is the user's own), so both are synthesised from
the bundled network: every bundled fix becomes an enroute fix with an ICAO region code, every
bundled segment an ``earth_awy.dat`` line / a two-record ``ER`` airway, and 240,000 filler fixes
(not on any airway) bring ``earth_fix.dat`` to the size of a real worldwide file (~270,000).
Times (best of ``REPEAT``): cold ``RouteNetwork.load`` with the disk cache off (parse, resolve
references, geodesic geometry, nodes), warm (the content-keyed cache), and the baseline
``pandas.read_csv`` of the awy file alone.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from airspace.network import RouteNetwork
from bench import _timing as timing

REPEAT = 2
FILLER_FIXES = 240_000


def _regions(n: int) -> np.ndarray:
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    return np.char.add(letters[np.arange(n) % 26], letters[(np.arange(n) // 26) % 26])


def write_xplane(net: RouteNetwork, folder: Path) -> None:
    nodes, seg = net.nodes, net.segments
    region = _regions(len(nodes))
    rng = np.random.default_rng(1)
    head = "I\n{} Version - data cycle 2501, synthetic benchmark data\n\n"
    fix = [head.format(1200)]
    fix += [
        f"{a:.9f} {o:.9f} {n} ENRT {r} 2105423 {n}\n"
        for n, a, o, r in zip(nodes["name"], nodes["lat"], nodes["lon"], region, strict=True)
    ]
    lat, lon = rng.uniform(-80, 80, FILLER_FIXES), rng.uniform(-180, 180, FILLER_FIXES)
    fix += [
        f"{a:.9f} {o:.9f} F{i:05d} ENRT ZZ 2105423\n"
        for i, (a, o) in enumerate(zip(lat, lon, strict=True))
    ]
    (folder / "earth_fix.dat").write_text("".join(fix) + "99\n")
    (folder / "earth_nav.dat").write_text(head.format(1200) + "99\n")
    names, fr, to = nodes["name"].to_numpy(), seg["from_node"].to_numpy(), seg["to_node"].to_numpy()
    band = np.where(seg["level"].to_numpy() == "low", 1, 2)
    awy = [head.format(1100)]
    awy += [
        f"{names[a]} {region[a]} 11 {names[b]} {region[b]} 11 N {k} 100 450 {r}\n"
        for a, b, k, r in zip(fr, to, band, seg["route"], strict=True)
    ]
    (folder / "earth_awy.dat").write_text("".join(awy) + "99\n")


def _dms(value: float, hemi: str, digits: int) -> str:
    a = abs(value)
    d, m = int(a), int((a - int(a)) * 60)
    s = min(round(((a - d) * 60 - m) * 6000), 5999)
    return f"{hemi[value < 0]}{d:0{digits}d}{m:02d}{s:04d}"


def _record(cols: dict[int, str]) -> str:
    """A 132-column record from ``{first column (1-based): text}``."""
    line = [" "] * 132
    for col, text in cols.items():
        line[col - 1 : col - 1 + len(text)] = text
    return "".join(line)


def write_arinc(net: RouteNetwork, path: Path) -> None:
    nodes, seg = net.nodes, net.segments
    region = _regions(len(nodes))
    names = nodes["name"].to_numpy()
    lines = [
        _record(
            {
                1: "SPAC",
                5: "EA",
                7: "ENRT",
                11: r,
                14: n,
                20: r,
                22: "0",
                33: _dms(a, "NS", 2),
                42: _dms(o, "EW", 3),
                129: "2501",
            }
        )
        for n, a, o, r in zip(names, nodes["lat"], nodes["lon"], region, strict=True)
    ]
    for route, a, b, lvl in zip(
        seg["route"], seg["from_node"], seg["to_node"], seg["level"], strict=True
    ):
        for seq, node, end in ((10, a, " "), (20, b, "E")):  # each segment its own stretch
            lines.append(
                _record(
                    {
                        1: "SPAC",
                        5: "ER",
                        14: str(route)[:5],
                        26: f"{seq:04d}",
                        30: names[node],
                        35: region[node],
                        37: "EA",
                        39: "0",
                        40: "E",
                        41: end,
                        45: "O",
                        46: "L" if lvl == "low" else "H",
                        84: "10000",
                        94: "45000",
                        129: "2501",
                    }
                )
            )
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    net = RouteNetwork.default()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "xp12"
        folder.mkdir()
        write_xplane(net, folder)
        arinc = Path(tmp) / "world.pc"
        write_arinc(net, arinc)
        awy = (folder / "earth_awy.dat").read_bytes()

        def baseline() -> pd.DataFrame:
            return pd.read_csv(
                io.BytesIO(awy),
                sep=r"\s+",
                skiprows=3,
                header=None,
                on_bad_lines="skip",
                encoding="latin-1",
            )

        t_base = timing.best(baseline, REPEAT)
        rows = []
        for label, source in (("X-Plane 12 folder", folder), ("ARINC 424 file", arinc)):
            os.environ["AIRSPACE_CACHE_DIR"] = ""
            cold = timing.best(lambda s=source: RouteNetwork.load(s), REPEAT)
            os.environ["AIRSPACE_CACHE_DIR"] = str(Path(tmp) / "cache")
            loaded = RouteNetwork.load(source)  # writes the entry
            warm = timing.best(lambda s=source: RouteNetwork.load(s), REPEAT)
            size = sum(
                p.stat().st_size for p in ([*folder.iterdir()] if source == folder else [arinc])
            )
            rows.append((label, size, len(loaded.segments), cold, warm))
        del os.environ["AIRSPACE_CACHE_DIR"]
    print(
        f"baseline pandas.read_csv(earth_awy.dat, {len(awy) / 1e6:.1f} MB): {t_base * 1000:.0f} ms"
    )
    print(f"{'source':<20}{'MB':>7}{'segments':>10}{'cold':>9}{'warm':>9}{'cold/base':>11}")
    for label, size, n, cold, warm in rows:
        print(
            f"{label:<20}{size / 1e6:>7.1f}{n:>10}{cold:>8.2f}s{warm:>8.2f}s{cold / t_base:>10.1f}x"
        )


if __name__ == "__main__":
    main()
