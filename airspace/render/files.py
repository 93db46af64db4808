"""Output files: GeoJSON, CSV, NOTAM text, JSON, the report and the map, written atomically.

A folder is filled in a temporary sibling, then renamed into place: a failure half-way leaves
the previous output (or nothing) in place, never a half-written folder.  Only a folder that is
recognisably a previous output of this tool (its marker file and nothing but its own files) is
ever replaced; anything else at the path is an ``OutputError`` and is left untouched.  Staging
folders of killed runs are removed by the next run on the same folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import geopandas as gpd
import pandas as pd

from airspace._version import __version__
from airspace.errors import InputError
from airspace.render.report import advisory_summary, plain, report_markdown
from airspace.render.summary import scenario_summary
from airspace.render.text import csv_safe

if TYPE_CHECKING:
    from airspace.advisory import Advisory


MARKER: Final = ".airspace-output"
"""Written into every output folder: only a folder holding it may be replaced by a new run."""
SWEEP_FILES: Final = frozenset(
    {
        "variants.csv",
        "stretches.csv",
        "delays.csv",
        "flow_delays.csv",
        "exposure.geojson",
        "exposure.html",
        "sweep.json",
    }
)
"""What ``airspace sweep`` writes into its output folder."""
OUTPUT_FILES: Final = SWEEP_FILES | frozenset(
    {
        MARKER,
        "closures.geojson",
        "reroutes.geojson",
        "affected.csv",
        "notams.txt",
        "advisory.json",
        "scenario.json",
        "report.md",
        "map.html",
        # airspace notams
        "notams.csv",
        "notams.md",
        "notams.geojson",
        "airways.csv",
    }
)
_SIDE_RE: Final = re.compile(r"^\.(?P<name>.+)\.(?:staging|old)-(?P<pid>\d+)-[^.]+$")


class OutputError(InputError):
    """An output folder that cannot be written without touching files the tool did not write."""


def check_output_folder(target: str | Path) -> Path:
    """The absolute output folder, if writing there replaces nothing but a previous output.

    Raises ``OutputError`` when the path is a file or a link, when it is (or contains) the
    current directory, or when the folder holds anything other than this tool's own outputs
    (a previous output carries the ``.airspace-output`` marker and only the files listed in
    ``OUTPUT_FILES``)."""
    path = Path(os.path.abspath(target))
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise OutputError(f"output path {path} exists and is not a folder (nothing was written)")
    existing = next((p for p in path.parents if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise OutputError(
            f"output path {path}: {existing} is a file, not a folder (nothing was written)"
        )
    cwd = Path.cwd()
    if path == cwd or path in cwd.parents or path.parent == path:
        raise OutputError(
            f"output folder {path} is the current folder or one of its parents "
            "(expected a folder of its own, such as out/)"
        )
    if path.is_dir():
        entries = {p.name for p in path.iterdir()}
        if MARKER not in entries and entries:
            raise OutputError(
                f"output folder {path} already holds files that airspace did not write "
                "(expected a new folder or a previous airspace output; nothing was changed)"
            )
        foreign = sorted(entries - OUTPUT_FILES)
        if foreign:
            raise OutputError(
                f"output folder {path} holds files airspace did not write: "
                f"{', '.join(foreign[:5])}{' ...' if len(foreign) > 5 else ''} "
                "(move them away or choose another folder; nothing was changed)"
            )
    return path


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def clean_stale(target: Path) -> list[Path]:
    """Remove staging and retired folders that earlier runs on ``target`` left behind when they
    were killed (their process is gone and they carry the marker); returns what was removed."""
    removed: list[Path] = []
    if not target.parent.is_dir():
        return removed
    for entry in target.parent.iterdir():
        match = _SIDE_RE.match(entry.name)
        if not match or match.group("name") != target.name or _pid_alive(int(match.group("pid"))):
            continue
        if entry.is_dir() and not entry.is_symlink() and _ours(entry):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _ours(folder: Path) -> bool:
    """A staging or retired folder of this tool: the marker, directly or one level down."""
    return (folder / MARKER).is_file() or any((p / MARKER).is_file() for p in folder.iterdir())


@contextmanager
def atomic_directory(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder (holding the marker); on success it replaces ``target`` in one
    rename.  ``target`` must pass ``check_output_folder``; on any failure the staging folder is
    removed and ``target`` is left as it was."""
    path = check_output_folder(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the folder for {path}: {exc.strerror} (nothing was written)"
        ) from None
    clean_stale(path)
    tag = f"{os.getpid()}-"
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.staging-{tag}", dir=path.parent))
    except OSError as exc:
        raise OutputError(
            f"cannot write in {path.parent}: {exc.strerror} (nothing was written)"
        ) from None
    (staging / MARKER).write_text(f"airspace {__version__}\n", encoding="utf-8")
    try:
        yield staging
        check_output_folder(path)  # nothing foreign appeared there meanwhile
        if path.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{path.name}.old-{tag}", dir=path.parent))
            path.rename(retired / path.name)
            staging.rename(path)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(path)
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


def closures_geojson(advisory: Advisory) -> str:
    """closures.geojson: the NOTAM-ready zones, then the airway closures (declared and
    recommended) as lines, side by side; ``kind`` tells them apart and ``route`` names the
    airway stretch (null for zones)."""
    zones = advisory.closures.assign(route=None)
    by_id = {v.id: v for v in advisory.computed.volumes}
    by_id.update({v.id: v for v in advisory.computed.recommended_volumes})
    rec = advisory.computed.recommendation
    rows = []
    for r in advisory.affected_routes.itertuples():
        volume = by_id.get(str(r.closure))
        if volume is None or volume.route is None:
            continue  # an area closure: already a zone
        rows.append(
            {
                "id": r.closure,
                "fir": rec.fir if rec is not None and volume.kind == "recommended" else None,
                "kind": volume.kind,
                "lower": r.lower,
                "upper": r.upper,
                "lower_ft": r.lower_ft,
                "upper_ft": r.upper_ft,
                "start": r.start,
                "end": r.end,
                "reason": volume.reason,
                "sources": ",".join(volume.sources),
                "notam": None,
                "route": f"{r.route} {r.from_fix}-{r.to_fix}",
                "geometry": r.geometry,
            }
        )
    if not rows:
        return geojson_text(zones)
    lines = gpd.GeoDataFrame(rows, columns=list(zones.columns), geometry="geometry", crs=zones.crs)
    parts = [p for p in (zones, lines) if len(p)]
    both = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return geojson_text(gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326"))


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """A table as CSV without geometry; text cells that could start a formula are neutralised."""
    table = frame.drop(columns="geometry", errors="ignore").copy()
    for column in table.columns:  # text columns: object, or pandas' own string dtype
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column].dtype):
            table[column] = [csv_safe(v) for v in table[column]]
    table.to_csv(path, index=False)


def notams_text(notams: Iterable[object]) -> str:
    """``notams.txt``: each NOTAM's text (a published one exactly as given, line ends as
    ``\n``), separated by blank lines."""
    blocks = [re.sub(r"\r\n?", "\n", str(n)).strip("\n") for n in notams]
    text = "\n\n".join(blocks)
    return text + ("\n" if text else "")


def save_advisory(advisory: Advisory, outdir: Path, *, offline_map: bool | None = None) -> Path:
    """Write closures.geojson, affected.csv, reroutes.geojson, notams.txt, advisory.json,
    report.md, scenario.json and map.html into ``outdir``, all or nothing."""
    offline = advisory.scenario.output.offline_map if offline_map is None else offline_map
    with atomic_directory(outdir) as tmp:
        (tmp / "closures.geojson").write_text(closures_geojson(advisory), encoding="utf-8")
        (tmp / "reroutes.geojson").write_text(geojson_text(advisory.reroutes), encoding="utf-8")
        write_csv(tmp / "affected.csv", advisory.affected_segments)
        (tmp / "notams.txt").write_text(notams_text(advisory.notams), encoding="utf-8")
        write_json(tmp / "advisory.json", advisory_summary(advisory))
        write_json(tmp / "scenario.json", scenario_summary(advisory.scenario))
        (tmp / "report.md").write_text(report_markdown(advisory), encoding="utf-8")
        if advisory.scenario.output.map:
            advisory.map(offline=offline).save(str(tmp / "map.html"))
    return outdir
