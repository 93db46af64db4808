"""Many NOTAMs in one text: splitting, multi-part reassembly, per-block errors, duplicate areas.

:func:`read_notams` splits a text as NOTAMs are commonly published and reads every block:

* blank-line separated NOTAMs and one-line-per-NOTAM dumps: a NOTAM starts at a header line
  (``A1234/24 NOTAMN ...``) or, without header, at a second ``Q)`` line;
* AFTN messages ``(A1234/24 NOTAMN ... )`` with their envelope lines (``ZCZC``, ``GG RPLLYNYX``,
  ``241005 RPHIYNYX``, ``NNNN``) left out; an envelope line after a NOTAM's item G) ends it;
* FAA domestic lines (``!FDC 4/1234 ...``) are blocks of their own, reported as not ICAO;
* the parts of a multi-part NOTAM (``A) VVHM PART 1 OF 2`` ...), wherever they are in the text,
  are read as one NOTAM, placed at the line of its lowest part (a NOTAM given twice gives two).

Errors are reported per block (its first line and the NOTAM number when readable) without
stopping.  The text and the number of blocks are bounded (``MAX_TEXT_CHARS``, ``MAX_NOTAMS``).
:func:`same_area_groups` finds copies of one area published by several FIRs or under several
numbers at overlapping times.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from airspace.notam.geometry import polygons_of
from airspace.notam.items import NotamError, parse_part
from airspace.notam.layout import HEADER_START_RE, ID_PATTERN
from airspace.notam.model import Notam
from airspace.notam.parser import parse_notam

MAX_TEXT_CHARS: Final = 20_000_000
MAX_NOTAMS: Final = 20_000
AREA_KEY_DECIMALS: Final = 4  # vertices equal to 1e-4 degree (~11 m) are the same

_Q_LINE_RE: Final = re.compile(r"^[ \t]*\(?[ \t]*Q\)")
_FAA_RE: Final = re.compile(r"^[ \t]*!")
_ENVELOPE_RE: Final = re.compile(
    r"^[ \t]*(?:ZCZC\b.*|NNNN|[A-Z]{2}(?:[ \t]+[A-Z]{8})+|\d{6}[ \t]+[A-Z]{8}(?:[ \t].*)?)[ \t]*$"
)
_ITEM_Q_RE: Final = re.compile(r"(?<!\S)Q\)")
_ITEM_G_RE: Final = re.compile(r"(?<!\S)G\)")
_NUMBER_RE: Final = re.compile(rf"({ID_PATTERN})[ \t]*NOTAM[NRC]", re.IGNORECASE)
_A_ITEM_RE: Final = re.compile(r"(?<!\S)A\)([^\n]*?)(?=(?<!\S)[B-G]\)|\n|$)")


@dataclass(frozen=True, slots=True, kw_only=True)
class NotamBlock:
    """One NOTAM of a text: where it starts, its number, and the NOTAM or the error."""

    line: int  # 1-based line of its first line in the text
    number: str | None  # the NOTAM number when readable
    text: str  # the block as given (line breaks normalised; all parts of a multi-part NOTAM)
    notam: Notam | None = None
    error: NotamError | None = None


def read_notams(text: str, *, strict: bool = False) -> list[NotamBlock]:
    """Every NOTAM in ``text``, in text order, each read or with its error."""
    if len(text) > MAX_TEXT_CHARS:
        raise NotamError(
            "text", f"{len(text)} characters (at most {MAX_TEXT_CHARS} are read at once)"
        )
    blocks = _blocks(text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(blocks) > MAX_NOTAMS:
        raise NotamError("text", f"{len(blocks)} NOTAMs (at most {MAX_NOTAMS} are read at once)")
    return [_read(line, block, strict) for line, block in _joined_parts(blocks)]


def _blocks(text: str) -> list[tuple[int, str]]:
    """``(first line, text)`` of every block; envelope and blank lines between blocks dropped."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    has_q = has_g = closed = faa_open = False
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        probe = line.upper()  # markers read in capitals (a NOTAM copied in lower case)
        envelope = _ENVELOPE_RE.match(probe) is not None
        faa = _FAA_RE.match(probe) is not None
        starts_new = (
            faa
            or (has_q and (HEADER_START_RE.match(probe) or _Q_LINE_RE.match(probe)))
            or (faa_open and HEADER_START_RE.match(probe))
            or (closed and stripped and not envelope)
            or (has_g and envelope)  # the envelope of the next AFTN message ends this NOTAM
        )
        if current and starts_new:
            blocks.append((start, "\n".join(current).strip("\n")))
            current, has_q, has_g, closed, faa_open = [], False, False, False, False
        if (not current and (not stripped or envelope)) or closed:
            continue
        if not current:
            start = number
            faa_open = faa  # an FAA domestic NOTAM runs on to a blank line (one error for it)
        current.append(line)
        has_q = has_q or _ITEM_Q_RE.search(probe) is not None
        has_g = has_g or _ITEM_G_RE.search(probe) is not None
        bracketed = current[0].lstrip().startswith("(")
        closed = (faa_open and not stripped) or (
            bracketed and has_g and line.rstrip().endswith(")")
        )
    if current:
        blocks.append((start, "\n".join(current).strip("\n")))
    return blocks


def _joined_parts(blocks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Blocks with the parts of each multi-part NOTAM joined (in part order) at its first part.

    A text holding one multi-part NOTAM twice (a repeated message) gives two NOTAMs: each part
    goes to the first copy that lacks that part."""
    copies: dict[str, list[list[tuple[int, int, str]]]] = defaultdict(list)
    order: list[tuple[int, str | None, str]] = []
    for line, block in blocks:
        number, part = _number(block), _part(block)
        if number is not None and part is not None:
            found = copies[number]
            home = next((c for c in found if all(p != part for p, _, _ in c)), None)
            if home is None:
                home = []
                found.append(home)
                order.append((line, number, str(len(found) - 1)))
            home.append((part, line, block))
        else:
            order.append((line, None, block))
    joined: list[tuple[int, str]] = []
    for line, number, block in order:
        if number is None:
            joined.append((line, block))
        else:
            ordered = sorted(copies[number][int(block)])
            joined.append((ordered[0][1], "\n".join(text for _, _, text in ordered)))
    return sorted(joined, key=lambda item: item[0])


def _number(block: str) -> str | None:
    match = _NUMBER_RE.search(block[:200])
    return match.group(1).upper() if match else None


def _part(block: str) -> int | None:
    a_item = _A_ITEM_RE.search(block)
    try:
        found = parse_part(a_item.group(1)) if a_item else None
    except NotamError:
        return None
    return found[0] if found else None


def _read(line: int, block: str, strict: bool) -> NotamBlock:
    number = _number(block)
    if _FAA_RE.match(block):
        error = NotamError(
            "text", "FAA domestic NOTAM (starts with '!'): not ICAO format (expected Q) to G))"
        )
        return NotamBlock(line=line, number=None, text=block, error=error)
    try:
        notam = parse_notam(block, strict=strict)
    except NotamError as exc:
        return NotamBlock(line=line, number=number, text=block, error=exc)
    return NotamBlock(line=line, number=notam.number or number, text=block, notam=notam)


# --------------------------------------------------------------------------------------------
# Duplicate areas


def same_area_groups(notams: Iterable[Notam]) -> list[tuple[Notam, ...]]:
    """Groups of NOTAMs that publish the same areas at overlapping times, by different FIRs or
    under different numbers: the same vertices to 1e-4 degree, whatever the vertex order, start
    and direction.  A NOTAM replaced by another of the group (its NOTAMR) is left out, and so are
    NOTAMs without areas.  Sorting makes it ``n log n``."""
    by_key: dict[tuple[object, ...], list[Notam]] = defaultdict(list)
    for notam in notams:
        if notam.areas:
            by_key[_areas_key(notam)].append(notam)
    groups: list[tuple[Notam, ...]] = []
    for members in by_key.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda n: n.start)
        cluster: list[Notam] = [members[0]]
        reach: datetime | None = members[0].end
        for notam in members[1:]:
            if reach is None or notam.start < reach:
                cluster.append(notam)
                reach = None if reach is None or notam.end is None else max(reach, notam.end)
            else:
                groups.extend(_distinct(cluster))
                cluster, reach = [notam], notam.end
        groups.extend(_distinct(cluster))
    return sorted(groups, key=lambda group: group[0].start)


def _distinct(cluster: list[Notam]) -> list[tuple[Notam, ...]]:
    """The cluster without NOTAMs replaced by another of it (NOTAMR), if two or more remain."""
    replaced = {n.replaces for n in cluster if n.replaces}
    current = [n for n in cluster if n.number is None or n.number not in replaced]
    publishers = {(n.fir, tuple(n.locations), n.number) for n in current}
    return [tuple(current)] if len(current) > 1 and len(publishers) > 1 else []


def _areas_key(notam: Notam) -> tuple[object, ...]:
    return tuple(sorted(_ring_key(p) for area in notam.areas for p in polygons_of(area)))


def _ring_key(polygon: object) -> tuple[tuple[float, float], ...]:
    ring = [
        (round(x, AREA_KEY_DECIMALS), round(y, AREA_KEY_DECIMALS))
        for x, y in polygon.exterior.coords[:-1]  # type: ignore[attr-defined]
    ]
    candidates = []
    for seq in (ring, ring[::-1]):
        first = seq.index(min(seq))
        candidates.append(tuple(seq[first:] + seq[:first]))
    return min(candidates)
