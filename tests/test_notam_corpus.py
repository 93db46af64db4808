"""Scorer: every real launch NOTAM of tests/data/notams-launch read and compared with the peer.

Per NOTAM (distinct text), the areas read (their written vertices) are compared with the peer's:
vertices within 0.01 degree after dropping a repeated closing vertex and repeated neighbours, in
any start and direction; several areas match as a set.  The corpus has no circles (the peer writes
only vertex lists).  Outcomes: match, known difference (listed with its reason in
known-differences.txt after reading the text), mismatch, silent (coordinates in E) but no area
and no warning), error (NotamError).  The counts are printed (``pytest -s``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from airspace.notam import NotamError, parse_notam, read_notams, same_area_groups
from airspace.notam.areas import read_areas
from airspace.notam.coords import ascii_upper, scan_coordinates
from airspace.notam.layout import printable

DATA = Path(__file__).parent / "data" / "notams-launch"
TOLERANCE_DEG = 0.01
MIN_AGREEMENT = 0.97

LatLon = tuple[float, float]


@dataclass(frozen=True)
class Entry:
    key: str  # "FIR NUMBER"
    raw: str
    peer: list[list[LatLon]]


def _peer_vertices(text: str) -> list[LatLon]:
    """``N395041E1044338-S1104E15641-...`` -> [(lat, lon), ...] (the peer's own format)."""

    def degrees(digits: str, width: int) -> float:
        deg, rest = int(digits[:width]), digits[width:]
        return deg + int(rest[:2] or 0) / 60 + int(rest[2:4] or 0) / 3600

    return [
        (
            degrees(m.group(2), 2) * (-1 if m.group(1) == "S" else 1),
            degrees(m.group(4), 3) * (-1 if m.group(3) == "W" else 1),
        )
        for m in re.finditer(r"([NS])(\d+)([EW])(\d+)", text)
    ]


def _entries() -> list[Entry]:
    raw_entries: list[dict[str, Any]] = json.loads((DATA / "notams.json").read_text())
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in raw_entries:
        grouped.setdefault(item["raw"], []).append(item)
    return [
        Entry(
            key=f"{items[0]['fir']} {items[0]['id'].split('_')[0]}",
            raw=raw,
            peer=[_peer_vertices(item["areas"]) for item in items],
        )
        for raw, items in grouped.items()
    ]


def _known() -> dict[str, str]:
    known: dict[str, str] = {}
    for line in (DATA / "known-differences.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.partition(":")
            assert key not in known, f"{key} listed twice"
            known[key.strip()] = reason.strip()
    return known


def _normalised(vertices: list[LatLon]) -> list[LatLon]:
    def same(a: LatLon, b: LatLon) -> bool:
        return abs(a[0] - b[0]) <= 1e-9 and abs(a[1] - b[1]) <= 1e-9

    out = [v for i, v in enumerate(vertices) if i == 0 or not same(v, vertices[i - 1])]
    if len(out) > 1 and same(out[0], out[-1]):
        out.pop()
    return out


def same_outline(ours: list[LatLon], theirs: list[LatLon]) -> bool:
    """Equal vertex cycles within TOLERANCE_DEG, whatever the start and direction."""
    a, b = _normalised(ours), _normalised(theirs)
    if len(a) != len(b):
        return False
    n = len(a)
    for seq in (b, b[::-1]):
        for shift in range(n):
            if all(
                abs(a[i][0] - seq[(i + shift) % n][0]) <= TOLERANCE_DEG
                and abs(a[i][1] - seq[(i + shift) % n][1]) <= TOLERANCE_DEG
                for i in range(n)
            ):
                return True
    return False


def _outcome(entry: Entry) -> tuple[str, str]:
    try:
        notam = parse_notam(entry.raw)
    except NotamError as exc:
        return "error", str(exc)
    ours = [list(area.vertices) for area in read_areas(notam.text).areas]
    if len(ours) == len(entry.peer) and all(
        any(same_outline(o, p) for p in entry.peer) for o in ours
    ):
        return "match", ""
    if not notam.areas and not notam.warnings and scan_coordinates(ascii_upper(notam.text)):
        return "silent", ""
    return "differs", f"ours {[len(o) for o in ours]} peer {[len(p) for p in entry.peer]}"


@pytest.fixture(scope="module")
def scored() -> dict[str, tuple[str, str]]:
    return {entry.key + f" #{i}": _outcome(entry) for i, entry in enumerate(_entries())}


def test_the_corpus_is_as_documented() -> None:
    entries = _entries()
    assert len(entries) == 1290
    assert sum(len(e.peer) for e in entries) == 1298
    assert len({e.key.split()[0] for e in entries}) >= 25
    license_text = (DATA / "LICENSE").read_text()
    assert "MIT License" in license_text and "Copyright (c) 2026-PRESENT Joey0609" in license_text


def test_launch_notams_agree_with_the_peer_or_are_known_differences(
    scored: dict[str, tuple[str, str]],
) -> None:
    known = _known()
    counts: Counter[str] = Counter()
    unexplained: list[str] = []
    stale: list[str] = []
    for label, (outcome, detail) in scored.items():
        key = label.split(" #")[0]
        if outcome == "match":
            counts["match"] += 1
            if key in known:
                stale.append(key)
        elif key in known and outcome in ("differs", "error"):
            counts["known difference"] += 1
        else:
            counts["mismatch" if outcome == "differs" else outcome] += 1
            unexplained.append(f"{key}: {outcome} {detail}")
    print(f"\nlaunch NOTAM corpus, {len(scored)} NOTAMs: {dict(counts)}")
    keys = {label.split(" #")[0] for label in scored}
    assert not (set(known) - keys), f"known differences not in the corpus: {set(known) - keys}"
    assert not stale, f"listed as known differences but now match the peer: {stale}"
    agreement = (counts["match"] + counts["known difference"]) / len(scored)
    assert agreement >= MIN_AGREEMENT, unexplained
    assert counts["silent"] == 0, [u for u in unexplained if "silent" in u]


def test_no_notam_with_coordinates_is_silently_left_without_area(
    scored: dict[str, tuple[str, str]],
) -> None:
    silent = [label for label, (outcome, _) in scored.items() if outcome == "silent"]
    assert silent == []


def test_only_notam_errors_escape_and_strict_mode_refuses_every_warned_notam() -> None:
    for entry in _entries():
        try:
            notam = parse_notam(entry.raw)
        except NotamError:
            continue
        if notam.warnings:
            with pytest.raises(NotamError):
                parse_notam(entry.raw, strict=True)
        assert str(notam) == printable(entry.raw)  # as published, control characters blanked


def test_the_whole_corpus_reads_as_one_file_with_one_cross_fir_copy() -> None:
    entries = _entries()
    blocks = read_notams("\n\n".join(e.raw for e in entries))
    assert len(blocks) == len(entries)
    assert [b.error for b in blocks if b.error] == []
    groups = same_area_groups(b.notam for b in blocks if b.notam)
    cross = [g for g in groups if len({n.fir for n in g}) > 1]
    # Hong Kong republished the Sanya (ZJSA) debris area of 10 Sep 2023 under its own number
    assert [sorted((n.fir, n.number) for n in g) for g in cross] == [
        [("VHHK", "A0875/23"), ("ZJSA", "A2550/23")]
    ]
