"""``airspace notams FILE...``: NOTAM files without a scenario, on small files and on the whole
public corpus (tests/data/notams-launch: 1,298 raw texts written into one file, blank-line
separated, as the issue asks)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from airspace.cli import app
from airspace.hazard import fir_mismatch
from airspace.network import RouteNetwork
from airspace.notam import parse_notam

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "notams-launch"

# an area across the boundary of the Manila and Hong Kong FIRs, published by both
ONE = """\
B0001/26 NOTAMN
Q) RPHI/QWMLW/IV/BO/W/000/999/1845N11552E025
A) RPHI B) 2601010000 C) 2601030000
D) =1+1
E) AREA 184500N 1154500E - 190000N 1160000E - 183000N 1161500E
F) SFC G) UNL"""
COPY = ONE.replace("B0001/26", "A0007/26").replace("RPHI", "VHHK").replace("D) =1+1\n", "")


def corpus_entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((DATA / "notams.json").read_text())
    return entries


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_a_small_file_gives_every_output(tmp_path: Path) -> None:
    path = tmp_path / "today.txt"
    path.write_text(f"{ONE}\n\n{COPY}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["notams", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".airspace-output",
        "airways.csv",
        "map.html",
        "notams.csv",
        "notams.geojson",
        "notams.md",
    ]
    # D) '=1+1' is not a schedule: a warning, the whole window, and an inert CSV cell
    (warning,) = result.stderr.strip().splitlines()
    assert warning.startswith(f"{path}:1: B0001/26: warning: item D): ")
    rows = _csv(out / "notams.csv")
    assert [r["id"] for r in rows] == ["B0001/26", "A0007/26"]
    assert rows[0]["schedule"] == "'=1+1"
    assert rows[0]["warnings"].startswith("item D): ")
    assert rows[0]["periods"] == "2026-01-01T00:00:00+00:00/2026-01-03T00:00:00+00:00"
    # the same area by two FIRs, shown as such everywhere
    assert rows[0]["same_area"] == "A0007/26" and rows[1]["same_area"] == "B0001/26"
    assert "A0007/26 (VHHK) = B0001/26 (RPHI)" in result.stdout
    report = (out / "notams.md").read_text(encoding="utf-8")
    assert "- A0007/26 (VHHK) = B0001/26 (RPHI)" in report
    areas = json.loads((out / "notams.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["notam"] for f in areas["features"]] == [ONE, COPY]
    assert "same area as B0001/26" in (out / "map.html").read_text(encoding="utf-8")


def test_the_terminal_table_fits_80_columns_and_json_has_everything(tmp_path: Path) -> None:
    path = tmp_path / "today.txt"
    path.write_text(f"{ONE}\n\n{COPY}\n", encoding="utf-8")
    result = runner.invoke(app, ["notams", str(path), "-o", str(tmp_path / "out")])
    data = json.loads(
        runner.invoke(app, ["notams", str(path), "-o", str(tmp_path / "o2"), "--json"]).stdout
    )
    assert [n["id"] for n in data["notams"]] == ["B0001/26", "A0007/26"]
    assert data["same_area"] == [["A0007/26", "B0001/26"]]
    assert len(data["warnings"]) == 1 and data["output"] == str(tmp_path / "o2")
    closed = data["notams"][0]["airways"].split()
    assert closed and closed == list(dict.fromkeys(r["route"] for r in data["airways"]))
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("id "))
    if set(lines[header + 1].strip()) == {"─"}:  # the rule under the header
        del lines[header + 1]
    assert lines[header].split() == [
        "id",
        "FIR",
        "B)",
        "C)",
        "D)",
        "F)-G)",
        "areas",
        "awys",
        "note",
    ]
    assert lines[header + 1].split() == [
        "B0001/26",
        "RPHI",
        "2601010000",
        "2601030000",
        "1",
        "SFC-UNL",
        "1",
        str(len(closed)),
        "1",
        "warn",
    ]
    assert max(len(line.rstrip()) for line in lines[: header + 3]) <= 80


def test_bad_input_is_located_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(f"{ONE}\n\n{COPY.replace('C) 2601030000', 'C) 26')}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["notams", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].startswith(f"{path}:8: A0007/26: item C): ")
    assert not out.exists()
    good = tmp_path / "good.txt"
    good.write_text(ONE, encoding="utf-8")
    result = runner.invoke(app, ["notams", "--strict", str(good), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"{good}:1: B0001/26: item D): ")
    assert not out.exists()


def test_a_folder_that_is_not_an_output_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "today.txt"
    path.write_text(ONE, encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious", encoding="utf-8")
    result = runner.invoke(app, ["notams", str(path), "-o", str(mine)])
    assert result.exit_code == 2
    assert "already holds files that airspace did not write" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["thesis.docx"]


# ---- the whole corpus ----------------------------------------------------------------------
@dataclass(frozen=True)
class Corpus:
    file: Path
    out: Path
    stdout: str
    stderr: str
    data: dict[str, Any]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    folder = tmp_path_factory.mktemp("corpus")
    file = folder / "launch-notams.txt"
    file.write_text("\n\n".join(e["raw"] for e in corpus_entries()) + "\n", encoding="utf-8")
    out = folder / "out"
    result = runner.invoke(app, ["notams", str(file), "-o", str(out), "--offline"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["notams", str(file), "-o", str(folder / "json"), "--json"])
    yield Corpus(file, out, result.stdout, result.stderr, json.loads(again.stdout))


def test_the_corpus_table_lists_every_notam_and_its_warnings(corpus: Corpus) -> None:
    entries = corpus_entries()
    rows = _csv(corpus.out / "notams.csv")
    assert len(rows) == len(entries) == 1298
    # independently: every distinct text the parser reads with warnings, or whose area lies
    # outside its Q-line's FIR, has them in its row
    firs = RouteNetwork.default().firs

    def warns(raw: str) -> bool:
        notam = parse_notam(raw)
        return bool(notam.warnings) or fir_mismatch(firs, notam) is not None

    warned = {" ".join(e["raw"].split()) for e in entries if warns(e["raw"])}
    assert len(warned) > 50
    first_rows = {}
    for row, entry in zip(rows, entries, strict=True):
        first_rows.setdefault(" ".join(entry["raw"].split()), row)
    assert {k for k, r in first_rows.items() if r["warnings"]} == warned
    stderr_lines = corpus.stderr.strip().splitlines()
    assert all(": warning: " in line for line in stderr_lines)
    assert len(stderr_lines) == len(corpus.data["warnings"]) >= len(warned)
    report = (corpus.out / "notams.md").read_text(encoding="utf-8")
    assert "| warnings |" in report and "is not a simple polygon" in report


def test_the_corpus_summary_fits_80_columns(corpus: Corpus) -> None:
    lines = corpus.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("id "))
    if set(lines[header + 1].strip()) == {"─"}:  # the rule under the header
        del lines[header + 1]
    table = lines[header : header + 1299]
    assert max(len(line.rstrip()) for line in table) <= 80
    assert table[-1].split()[0] == corpus.data["notams"][-1]["id"]


def test_the_corpus_multi_part_notams_are_one_notam_and_copies_are_grouped(
    corpus: Corpus,
) -> None:
    notams = {n["id"]: n for n in corpus.data["notams"]}
    vvhm = notams["A0638/25"]  # VVHM, PART 1 OF 2 and PART 2 OF 2
    assert vvhm["fir"] == "VVHM" and vvhm["areas"] == 1 and vvhm["status"] == "closure"
    assert vvhm["upper"] == "UNL"  # G) is in part 2
    assert ["A0875/23", "A2550/23"] in corpus.data["same_area"]  # Hong Kong's copy of Sanya's
    assert notams["A0875/23"]["same_area"] == "A2550/23"
    assert notams["A0616/22#2"]["status"] == "the same text as A0616/22"
    replaced = [n for n in notams.values() if n["status"].startswith("replaced by ")]
    assert replaced and all(notams[n["status"].split()[-1]]["type"] == "NOTAMR" for n in replaced)


def test_the_corpus_airways_and_areas_agree_with_the_table(corpus: Corpus) -> None:
    rows = {r["id"]: r for r in _csv(corpus.out / "notams.csv")}
    airways = _csv(corpus.out / "airways.csv")
    assert len(airways) > 100
    for line in airways:
        assert rows[line["closure"]]["status"] == "closure"
        assert line["route"] in rows[line["closure"]]["airways"].split()
        assert line["text"].endswith(f"({line['closure']})")
    areas = json.loads((corpus.out / "notams.geojson").read_text(encoding="utf-8"))
    closures = [r for r in rows.values() if r["status"] == "closure"]
    assert [f["properties"]["id"] for f in areas["features"]] == [r["id"] for r in closures]
    html = (corpus.out / "map.html").read_text(encoding="utf-8")
    from airspace.maps.basemap import TILE_PROVIDERS

    for _, template, _, _ in TILE_PROVIDERS:  # online base layers, fetched only when chosen
        html = html.replace(template.replace("/", "\\/"), "").replace(template, "")
    assert "https://" not in html.replace("https://leafletjs.com", "")  # nothing else online
