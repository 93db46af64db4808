"""Many NOTAMs in one text, multi-part NOTAMs, pass-through, and a fuzz test of the whole reader."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from airspace.notam import NotamError, bulk, parse_notam, read_notams, same_area_groups
from airspace.notam.layout import printable

DATA = Path(__file__).parent / "data" / "notams-launch"

ONE = """A0001/26 NOTAMN
Q) RPHI/QWMLW/IV/BO/W/000/999/1238N11644E048
A) RPHI B) 2601010000 C) 2601020000
E) AREA 130200N 1160300E - 132300N 1163000E - 121400N 1172500E
F) SFC G) UNL"""
TWO = ONE.replace("A0001/26", "A0002/26").replace("1160300E", "1160400E")
BAD = ONE.replace("A0003/26", "").replace("A0001/26", "A0003/26").replace("C) 2601020000", "C) 26")


def _corpus_raw(number: str) -> str:
    entries = json.loads((DATA / "notams.json").read_text())
    return next(e["raw"] for e in entries if e["id"].startswith(number))


# ------------------------------------------------------------------------------------------
# Splitting


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (f"{ONE}\n\n{TWO}\n\n{BAD}\n", [1, 7, 13]),  # blank-line separated
        (f"{ONE}\n{TWO}", [1, 6]),  # no blank line, a header starts each
        ("\n".join(" ".join(n.split()) for n in (ONE, TWO)), [1, 2]),  # one line per NOTAM
        (  # AFTN messages with their envelopes
            f"ZCZC AAA123\nGG RPLLYNYX\n241005 RPHIYNYX\n({ONE})\nNNNN\n"
            f"ZCZC AAA124\nGG RPLLYNYX\n241006 RPHIYNYX\n({TWO})\nNNNN\n",
            [4, 13],
        ),
        (  # without headers: a second Q) starts a NOTAM
            "\n\n".join(n.split("\n", 1)[1] for n in (ONE, TWO)),
            [1, 6],
        ),
    ],
    ids=["blank-lines", "headers", "one-per-line", "aftn", "no-headers"],
)
def test_files_of_notams_split_into_blocks(text: str, lines: list[int]) -> None:
    blocks = read_notams(text)
    assert [b.line for b in blocks] == lines
    assert blocks[0].notam is not None and blocks[1].notam is not None
    assert blocks[0].notam.areas[0].bounds != blocks[1].notam.areas[0].bounds


def test_errors_are_reported_per_block_with_line_and_number() -> None:
    blocks = read_notams(f"{ONE}\n\n{BAD}\n\n{TWO}")
    assert [(b.line, b.number, b.error is None) for b in blocks] == [
        (1, "A0001/26", True),
        (7, "A0003/26", False),
        (13, "A0002/26", True),
    ]
    assert blocks[1].error is not None and blocks[1].error.item == "C"


def test_faa_domestic_lines_are_their_own_blocks_and_refused() -> None:
    faa = "!FDC 4/1234 ZJX FL..AIRSPACE CAPE CANAVERAL FL..TEMPORARY FLIGHT RESTRICTIONS"
    blocks = read_notams(f"{faa}\n{ONE}")
    assert [b.line for b in blocks] == [1, 2]
    assert blocks[0].error is not None and "FAA domestic" in str(blocks[0].error)
    assert blocks[1].notam is not None
    # wrapped over several lines, it is one block up to a blank line or the next NOTAM
    wrapped = f"{faa}\nPURSUANT TO 14 CFR SECTION 91.143 ... WI AN AREA DEFINED AS\n2830N08036W TO"
    blocks = read_notams(f"{wrapped}\n\n{ONE}\n\n{wrapped}\n{ONE}")
    assert [b.line for b in blocks] == [1, 5, 11, 14]
    assert [b.notam is not None for b in blocks] == [False, True, False, True]


def test_text_and_count_limits_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "MAX_NOTAMS", 1)
    with pytest.raises(NotamError, match=r"2 NOTAMs \(at most 1"):
        read_notams(f"{ONE}\n\n{TWO}")
    monkeypatch.setattr(bulk, "MAX_TEXT_CHARS", 100)
    with pytest.raises(NotamError, match="at most 100 are read at once"):
        read_notams(ONE)
    with pytest.raises(NotamError, match="at most 100000"):
        parse_notam(ONE + " " * 100_000)


# ------------------------------------------------------------------------------------------
# Multi-part NOTAMs


def test_multi_part_notam_in_one_text_is_one_notam() -> None:
    raw = _corpus_raw("A0638/25")  # VVHM, PART 1 OF 2 and PART 2 OF 2 (F/G only in part 2)
    notam = parse_notam(raw)
    assert notam.number == "A0638/25" and notam.locations == ("VVHM",)
    assert len(notam.areas) == 1 and notam.upper.is_unlimited
    assert "WILL BE APPLIED TO ACFT ON ATS RTE N892" in notam.text  # from part 2
    assert not any("PART" in w for w in notam.warnings)


def test_parts_apart_in_a_file_are_joined_and_a_missing_part_is_reported() -> None:
    raw = _corpus_raw("A0638/25").replace("\r\n", "\n")
    part1, part2 = raw.split("END PART 1 OF 2\n")
    text = f"{part2}\n\n{ONE}\n\n{part1}END PART 1 OF 2\n"
    blocks = read_notams(text)
    one_at = part2.count("\n") + 3
    part1_at = one_at + ONE.count("\n") + 2
    assert text.splitlines()[part1_at - 1].startswith(" A0638/25 NOTAMN")
    assert [(b.line, b.number) for b in blocks] == [(one_at, "A0001/26"), (part1_at, "A0638/25")]
    assert blocks[0].notam is not None and len(blocks[0].notam.areas) == 1
    alone = parse_notam(part1)
    assert any("part(s) 2 of 2 missing" in w for w in alone.warnings)


def test_two_different_notams_in_one_parse_are_refused() -> None:
    with pytest.raises(NotamError, match="read several NOTAMs with read_notams"):
        parse_notam(f"{ONE}\n{TWO}")


# ------------------------------------------------------------------------------------------
# Duplicates


def test_same_area_groups_find_copies_but_not_replacements() -> None:
    copy = parse_notam(ONE.replace("A0001/26", "B0100/26").replace("RPHI", "WSJC"))
    original = parse_notam(ONE)
    # the same vertices in another order and direction
    reordered = parse_notam(
        ONE.replace("A0001/26", "C0001/26").replace(
            "130200N 1160300E - 132300N 1163000E - 121400N 1172500E",
            "121400N 1172500E - 132300N 1163000E - 130200N 1160300E",
        )
    )
    replacement = parse_notam(ONE.replace("A0001/26 NOTAMN", "A0009/26 NOTAMR A0001/26"))
    later = parse_notam(ONE.replace("A0001/26", "A0005/26").replace("2601", "2602"))
    other = parse_notam(TWO)
    groups = same_area_groups([original, other, copy, later, reordered])
    assert [sorted(n.number or "" for n in g) for g in groups] == [
        ["A0001/26", "B0100/26", "C0001/26"]
    ]
    assert same_area_groups([original, replacement]) == []


# ------------------------------------------------------------------------------------------
# Pass-through


def test_pasted_text_renders_as_given() -> None:
    crlf = ONE.replace("\n", "\r\n") + "\r\n"
    assert str(parse_notam(crlf)) == crlf
    written = parse_notam(ONE)
    assert str(written) == ONE
    assert parse_notam(str(written)) == written
    with pytest.raises(ValueError, match="raw=None"):
        replace(written, number="A0099/26")
    changed = replace(written, number="A0099/26", raw=None)
    assert str(changed).startswith("A0099/26 NOTAMN\nQ) RPHI/QWMLW/IV/BO/W/000/999/1238N11644E048")


# ------------------------------------------------------------------------------------------
# Fuzz: no exception but NotamError, whatever the text


def _mutations() -> st.SearchStrategy[str]:
    real = [_corpus_raw(n) for n in ("A4416/20", "B1128/21", "A5121/21", "A0638/25", "F2386/23")]
    pieces = st.sampled_from(
        [
            "Q)",
            "A)",
            "B)",
            "C)",
            "D)",
            "E)",
            "F)",
            "G)",
            "N",
            "S",
            "E",
            "W",
            "-",
            " TO ",
            "(",
            ")",
            "\n",
            "PART 1 OF 2",
            "0",
            "12",
            "1234",
            "BACK TO START",
            "ARC",
            "RADIUS",
            "CENTRED ON",
            "NM",
            "DAILY",
            "A0001/26 NOTAMN",
            "\x02",
            "O",
            "/",
            ".",
            "THENCE ALONG",
        ]
    )

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        text = draw(st.sampled_from(real))
        for _ in range(draw(st.integers(1, 6))):
            at = draw(st.integers(0, len(text)))
            cut = draw(st.integers(0, 12))
            text = text[:at] + draw(pieces) + text[at + cut :]
        return text

    return mutate()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_mutations(), st.text(max_size=300)))
def test_only_notam_errors_escape(text: str) -> None:
    for strict in (False, True):
        try:
            notam = parse_notam(text, strict=strict)
        except NotamError as exc:
            assert str(exc).startswith(("item ", "header", "text"))
            continue
        assert str(notam) == printable(text)  # as given, control characters blanked
        assert all(area.is_valid and not area.is_empty for area in notam.areas)
    for block in read_notams(text):
        assert (block.notam is None) != (block.error is None)


@pytest.mark.parametrize(
    ("tail", "warned"),
    [
        (" CREATED: 24 Aug 2025 10:05:00 SOURCE: RPHIYNYX", False),
        ("\nCREATED: 24 Aug 2025 10:05:00\nSOURCE: RPHIYNYX\n", False),
        ("\nEND PART 2 OF 2\r\n", False),
        (".", False),
        ("\n\nCNN038W DUPLICATE NOTAM\nTRANSACTION ROLLED BACK, RETCODE = 14", True),
        ("\nTHIS NOTAM IS PROVIDED FOR INFORMATION ONLY", True),
    ],
)
def test_text_after_g_is_left_out_and_reported_unless_a_trailer(tail: str, warned: bool) -> None:
    notam = parse_notam(ONE + tail)
    assert notam.upper.is_unlimited and len(notam.areas) == 1
    assert any(w.startswith("item G): text after the level") for w in notam.warnings) == warned
    assert str(notam) == ONE + tail


def test_a_multi_part_notam_given_twice_is_read_twice() -> None:
    """A file repeating a two-part message (the corpus holds VVHM A0638/25 and others twice)
    gives two NOTAMs, each at its own first part, not one NOTAM of four parts."""
    raw = _corpus_raw("A0638/25").replace("\r\n", "\n")
    text = f"{raw}\n\n{ONE}\n\n{raw}\n"
    blocks = read_notams(text)
    second = raw.count("\n") + ONE.count("\n") + 5
    assert [(b.line, b.number, b.error) for b in blocks] == [
        (1, "A0638/25", None),
        (raw.count("\n") + 3, "A0001/26", None),
        (second, "A0638/25", None),
    ]
    assert text.splitlines()[second - 1].lstrip().startswith("A0638/25 NOTAMN")
    first, _, again = (b.notam for b in blocks)
    assert first is not None and first == again and len(first.areas) == 1


def test_a_notam_copied_in_lower_case_reads_as_in_capitals() -> None:
    lower = f"{ONE.lower()}\n\n{TWO.lower()}"
    blocks = read_notams(lower)
    assert [b.line for b in blocks] == [1, 7]
    upper = [parse_notam(ONE), parse_notam(TWO)]
    for block, expected in zip(blocks, upper, strict=True):
        assert block.notam is not None and block.notam == expected
        assert str(block.notam) == block.text  # passed through as given, in lower case
