"""What the NOTAM reader checks beyond the syntax: areas far outside their Q-line circle (a typo
in a hemisphere letter), areas at a pole, cancellations (NOTAMC) and estimated ends (EST)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airspace.bulletin import read_bulletin
from airspace.hazard import fir_mismatch
from airspace.network import RouteNetwork
from airspace.notam import Notam, NotamError, parse_notam
from airspace.render.bulletin import bulletin_data, bulletin_markdown
from airspace.render.report import records
from airspace.scenario import ScenarioError
from airspace.scenario.loader import parse_scenario_text
from tests.cli_checks import run_at_80_columns

DATA = Path(__file__).parent / "data" / "notams-launch"

# A Cape Canaveral launch NOTAM (FAA, ICAO format); TYPO has one vertex in the wrong hemisphere
CANAVERAL = """A0624/24 NOTAMN
Q) KZJX/QRTCA/IV/BO/W/000/999/2826N08015W030
A) KZJX B) 2403150000 C) 2403150400
E) SPACE OPERATIONS AREA. WI AN AREA DEFINED AS
2830N08036W TO 2845N08010W TO 2815N07950W TO 2800N08020W TO POINT OF ORIGIN.
F) SFC G) UNL"""
TYPO = CANAVERAL.replace("2830N08036W", "2830N08036E")


def corpus_notams() -> list[tuple[str, Notam]]:
    """The corpus's NOTAMs the reader reads, with their ids."""
    read = []
    for entry in json.loads((DATA / "notams.json").read_text()):
        try:
            read.append((entry["id"], parse_notam(entry["raw"])))
        except NotamError:
            continue
    return read


def _beyond(warnings: tuple[str, ...]) -> list[str]:
    return [w for w in warnings if "from the Q) centre" in w]


def test_an_area_far_past_its_q_circle_is_warned_about() -> None:
    assert _beyond(parse_notam(CANAVERAL).warnings) == []
    (warning,) = _beyond(parse_notam(TYPO).warnings)
    assert "reaches 7,227 NM from the Q) centre 282600N 0801500W (radius 30 NM)" in warning
    assert "at 283000N 0803600E" in warning  # the vertex with the wrong letter
    with pytest.raises(NotamError, match="from the Q\\) centre"):
        parse_notam(TYPO, strict=True)
    # the same with N for S south of New Zealand
    south = (
        TYPO.replace("KZJX", "NZZO")
        .replace("2826N08015W030", "3915S17800E030")
        .replace(
            "2830N08036E TO 2845N08010W TO 2815N07950W TO 2800N08020W",
            "3908S17752E TO 3900N17830E TO 3940S17840E TO 3945S17758E",
        )
    )
    (warning,) = _beyond(parse_notam(south).warnings)
    assert "at 390000N 1783000E" in warning


def test_loose_q_lines_of_the_corpus_are_not_warned_about() -> None:
    """Published Q-lines are often loose (a 10 NM circle at the first vertex of an 80 NM area;
    up to 285 NM past a 47 NM circle in the corpus, every one written as meant): only areas
    reaching past five radii and 1,000 NM are warned about, and no corpus NOTAM does."""
    read = corpus_notams()
    assert len(read) == 1298  # the reader reads every corpus NOTAM
    assert [number for number, notam in read if _beyond(notam.warnings)] == []


@pytest.mark.parametrize(
    ("e_item", "message"),
    [
        ("WI 100NM OF 895000N0000000E", "contains the North Pole"),
        # 70 arc minutes of meridian at 88.8S (111.69 km a degree) less 20 NM: 93 km
        ("WI 20NM OF 885000S0450000W", "comes within 93 km of the South Pole"),
        (
            "WI 850000N0000000E - 850000N0900000E - 850000N1800000E - 850000N0900000W - "
            "850000N0000000E",
            "go round the North Pole",
        ),
    ],
)
def test_areas_at_a_pole_are_refused_with_the_reason(e_item: str, message: str) -> None:
    text = CANAVERAL.replace("KZJX", "ENOB").replace("2826N08015W030", "8950N00000E100")
    text = text.split("E) ")[0] + f"E) ROCKET FALL AREA {e_item}\nF) SFC G) UNL"
    with pytest.raises(NotamError, match=message):
        parse_notam(text)


CANCELLED = """A0200/25 NOTAMN
Q) ZLHW/QRTCA/IV/BO/W/000/999/4000N10000E010
A) ZLHW B) 2503010000 C) 2503010500 EST
E) A TEMPORARY RESTRICTED AREA: N400000E1000000-N401000E1001000-N395000E1001000
BACK TO START.
F) SFC G) UNL

A0202/25 NOTAMC A0200/25
Q) ZLHW/QRTCA/IV/BO/W/000/999/4000N10000E010
A) ZLHW B) 2503010300
E) CANCELLED.
"""


def test_a_cancellation_is_no_area_and_no_warning(tmp_path: Path) -> None:
    notamc = parse_notam(CANCELLED.split("\n\n")[1], strict=True)  # strict: no warning at all
    assert notamc.notam_type == "NOTAMC" and notamc.end is None and not notamc.areas
    path = tmp_path / "n.txt"
    path.write_text(CANCELLED)
    bulletin = read_bulletin([path], strict=True)
    rows = {r["id"]: r for r in records(bulletin.table)}
    assert rows["A0202/25"]["end"] is None  # JSON null, not the text 'NaT'
    assert rows["A0200/25"]["status"] == "cancelled by A0202/25"
    assert bulletin_data(bulletin)["notams"][1]["end"] is None
    table = bulletin_markdown(bulletin)
    assert (
        "| A0202/25 | ZLHW | 2503010300 |  |  | SFC-UNL | 0 | NOTAMC: cancels A0200/25 |" in table
    )
    assert "| A0200/25 | ZLHW | 2503010000 | 2503010500 EST |" in table
    assert rows["A0200/25"]["end_estimated"] is True


def test_a_cancellation_is_not_a_closure_in_a_scenario() -> None:
    notamc = "\n".join("      " + line for line in CANCELLED.split("\n\n")[1].splitlines())
    text = f"version: 1\nname: x\nclosures:\n  - id: C1\n    notam: |\n{notamc}\n"
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_text(text, "s.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "closures[0].notam"
    assert problem.message.startswith("a NOTAMC cancels A0200/25 and closes nothing")


def test_hyphenated_coordinates_are_named_as_not_read() -> None:
    """HYDROPAC/NAVAREA warnings write degrees-minutes with a hyphen (``20-30N 160-10E``):
    not read as coordinates, and the warning says which text it did not read."""
    text = CANAVERAL.split("E) ")[0] + (
        "E) ROCKET DEBRIS HAZARD AREA BOUNDED BY 20-30N 160-10E, 21-00N 161-30E, "
        "19-45N 162-00E, 19-15N 160-30E.\nF) SFC G) UNL"
    )
    notam = parse_notam(text)
    assert not notam.areas
    assert "coordinate-like text not read as a coordinate: '20-30N 160-10E'" in notam.warnings[0]
    assert "no readable coordinates" in notam.warnings[-1]
    # a runway or a bearing written with a hyphen is no coordinate
    runway = text.split("E) ")[0] + "E) RWY 18-36 N SIDE CLSD. 12-30 E OF CAPE.\nF) SFC G) UNL"
    assert parse_notam(runway).warnings == (
        "item E): no area found (no coordinates and no vertex list or circle)",
    )


def test_an_area_outside_the_fir_of_its_q_line_is_warned_about(tmp_path: Path) -> None:
    # the Incheon FIR's Q-line and A) round an area in the South China Sea (the Q centre on it);
    # RKRR's outline is the official one: 50 NM of slack
    wrong = """A2550/23 NOTAMN
Q) RKRR/QRTCA/IV/BO/W/000/999/1730N11243E040
A) RKRR B) 2309100000 C) 2309100600
E) N180600E1122400-N180700E1130000-N165500E1130300-N165400E1122700
F) SFC G) UNL"""
    net = RouteNetwork.default()
    why = fir_mismatch(net.firs, parse_notam(wrong))
    assert why is not None and why.startswith("its area lies 932 NM outside RKRR (Incheon FIR)")
    assert fir_mismatch(net.firs, parse_notam(CANAVERAL)) is None  # inside KZJX
    path = tmp_path / "n.txt"
    path.write_text(wrong)
    bulletin = read_bulletin([path], net)
    assert [w.message[:40] for w in bulletin.warnings if "outside RKRR" in w.message] == [
        "its area lies 932 NM outside RKRR (Inche"
    ]
    assert "outside RKRR" in records(bulletin.table)[0]["warnings"]
    with pytest.raises(ScenarioError, match="outside RKRR"):
        read_bulletin([path], net, strict=True)
    # the corpus: F2426/24 (YMMM) lies 103 NM outside YMMM's approximate outline (the area is
    # in YBBB's), within the 300 NM allowed to approximate outlines: no corpus NOTAM is flagged
    assert net.firs.accuracy("YMMM") == "approximate"
    assert [number for number, notam in corpus_notams() if fir_mismatch(net.firs, notam)] == []


def test_a_coordinate_without_its_e_or_w_is_named() -> None:
    text = CANAVERAL.replace("2845N08010W", "2845N08010")
    notam = parse_notam(text)
    assert not notam.areas
    assert any("unreadable coordinate(s) '2845N08010'" in w for w in notam.warnings)


def test_a_missing_part_is_named_before_the_vertex_list_it_cut() -> None:
    part = """A0638/25 NOTAMN
Q) VVHM/QRTCA/IV/BO/W/000/999/1500N11000E100
A) VVHM PART 1 OF 2 B) 2509010000 C) 2509010400
E) DANGER AREA DUE TO ROCKET LAUNCH WI: 150000N1100000E - 153000N1103000E -
END PART 1 OF 2"""
    with pytest.raises(NotamError, match=r"^item A\): part\(s\) 2 of 2 missing"):
        parse_notam(part)


def test_the_terminal_table_keeps_times_and_notes_whole_at_80_columns(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(CANCELLED)
    printed = run_at_80_columns("notams", str(path), "-o", str(tmp_path / "o"))
    rows = [line.split() for line in printed.splitlines() if line.startswith("A020")]
    assert rows == [
        ["A0200/25", "ZLHW", "2503010000", "2503010500", "SFC-UNL", "1", "0", "cancelled"],
        ["A0202/25", "ZLHW", "2503010300", "SFC-UNL", "0", "0", "NOTAMC"],
    ]
    assert all(len(line) <= 80 for line in printed.splitlines()[:6])
