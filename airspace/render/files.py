"""Output files: GeoJSON, CSV, NOTAM text, JSON, the report and the map, written atomically.

A folder is filled in a temporary sibling, then renamed into place: a failure half-way leaves
the previous output (or nothing) in place, never a half-written folder.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from airspace.render.report import advisory_summary, plain, report_markdown
from airspace.render.summary import scenario_summary
from airspace.render.text import csv_safe

if TYPE_CHECKING:
    from airspace.advisory import Advisory


@contextmanager
def atomic_directory(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder; on success it replaces ``target`` in one rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield staging
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            target.rename(retired / target.name)
            staging.rename(target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def geojson_text(frame: pd.DataFrame) -> str:
    """RFC 7946 GeoJSON: datetimes as ISO text, non-finite numbers as null."""
    table = frame.copy()
    for column in table.columns:
        if column != "geometry":
            table[column] = [plain(v) for v in table[column]]
    text: str = table.to_json(na="null", drop_id=True)
    return text


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """A table as CSV without geometry; text cells that could start a formula are neutralised."""
    table = frame.drop(columns="geometry", errors="ignore").copy()
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = [csv_safe(v) for v in table[column]]
    table.to_csv(path, index=False)


def save_advisory(advisory: Advisory, outdir: Path, *, offline_map: bool | None = None) -> Path:
    """Write closures.geojson, affected.csv, reroutes.geojson, notams.txt, advisory.json,
    report.md, scenario.json and map.html into ``outdir``, all or nothing."""
    offline = advisory.scenario.output.offline_map if offline_map is None else offline_map
    with atomic_directory(outdir) as tmp:
        (tmp / "closures.geojson").write_text(geojson_text(advisory.closures), encoding="utf-8")
        (tmp / "reroutes.geojson").write_text(geojson_text(advisory.reroutes), encoding="utf-8")
        write_csv(tmp / "affected.csv", advisory.affected_segments)
        notams = "\n\n".join(str(n) for n in advisory.notams)
        (tmp / "notams.txt").write_text(notams + ("\n" if notams else ""), encoding="utf-8")
        write_json(tmp / "advisory.json", advisory_summary(advisory))
        write_json(tmp / "scenario.json", scenario_summary(advisory.scenario))
        (tmp / "report.md").write_text(report_markdown(advisory), encoding="utf-8")
        if advisory.scenario.output.map:
            advisory.map(offline=offline).save(str(tmp / "map.html"))
    return outdir
