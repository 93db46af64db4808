"""Coordinates written in NOTAM item E): a pure scanner that finds every form and says what it read.

Forms (latitude then longitude, any case; a longitude first is never paired, so that a
latitude that cannot be read does not pair its longitude with the next latitude):

* compact, hemisphere after: ``381218N 1291435E``, ``3812N12914E``, ``3812.5N 12914.3E``;
* compact, hemisphere before: ``N345900E1200200``, ``S1104E15641``, ``S243343 E0861428``;
* spaced degrees, minutes, seconds: ``30 03 S 131 00 W``, ``12 39 14N 119 41 06E``,
  ``S23 03 E086 38``, also with marks ``38°12'18"N 129°14'35"E``;
* a compact group broken by a space where a line ended: ``N36 0600E1205500``, ``0250N0904 3E``;
* the letter O typed for a zero inside a digit group (``N39O500E1044338``), with a note.

A group of digits is read as degrees (2 digits for latitude, 3 for longitude), then minutes, then
seconds, a decimal part belonging to the last field.  A space inside a group is joined only where it
cannot be a field boundary or where hemisphere letters close the group on both sides.
:func:`loose_fragments` finds coordinate-like text that no reading used, so nothing is skipped
silently.  Values go through :func:`airspace.places.expressions.parse_coordinates`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from airspace.places.expressions import PlaceSyntaxError, parse_coordinates

_TOKEN_RE: Final = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)|(?P<hemi>(?<![A-Z])[NSEW](?![A-Z])|(?<=\d)[NSEW])"
)  # a letter glued to a word after it counts after digits: ``012000N1073500EPOINT``
_FIELD_GAP_RE: Final = re.compile(r"[\s°º˚'′’\"″”]{1,3}")  # between the numbers of one component
_HEMI_GAP_RE: Final = re.compile(r"[\s°º˚'′’\"″”]{0,3}")  # between a number and its letter
_PAIR_GAP_RE: Final = re.compile(r"\s{0,2}[/,]?\s{0,2}")  # between latitude and longitude
_O_RUN_RE: Final = re.compile(r"[0-9O]+")
_LOOSE_RE: Final = re.compile(
    r"(?<![A-Z0-9./])\d{4,}(?:\.\d+)?\s?[NS]\s?\d{5,}(?:\.\d+)?(?![\dA-Z/])"  # no E/W
    r"|(?<![A-Z0-9./])(?:[NS]\s?\d{4,}|[EW]\s?\d{5,})(?:\.\d+)?(?![\d/])"
    r"(?:\s?[EW]\s?\d+(?:\.\d+)?)?"
    r"|(?<![A-Z0-9./])\d{4,}(?:\.\d+)?\s?[NSEW](?![A-Z])(?:\s?\d+(?:\.\d+)?\s?[EW](?![A-Z]))?"
    # HYDROPAC/NAVAREA pairs: 20-30N 160-10E (a latitude, then a longitude: not RWY 18-36 N)
    r"|(?<![A-Z0-9./-])\d{1,2}-\d{2}(?:\.\d+)?\s?[NS]\s?,?\s?\d{1,3}-\d{2}(?:\.\d+)?\s?[EW](?![A-Z])"
)
_MAX_PIECES: Final = 3


@dataclass(frozen=True, slots=True)
class Coord:
    """One coordinate pair read from the text: ``text[start:end]`` and its value in degrees."""

    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "num" or "hemi"
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class _Component:
    first: int  # index of the first token
    last: int  # index of the last token
    hemi: str
    digits: str  # compact ICAO digits: degrees, minutes, seconds, decimals of the last
    precision: int  # 0 degrees, 1 minutes, 2 seconds


def ascii_upper(text: str) -> str:
    """Upper case of ASCII letters only (offsets stay valid for any text)."""
    return text.translate(_UPPER)


_UPPER: Final = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def zeros_for_letter_o(text: str) -> tuple[str, list[str]]:
    """``text`` with a letter O read as zero inside digit groups, and the groups changed.

    A group qualifies when it has at least two real digits and four characters, and is bounded by
    non-letters or by a lone hemisphere letter (``N39O5OOE1044338``; not ``TO``, ``NOON``).
    """
    changed: list[str] = []
    out = list(text)
    for match in _O_RUN_RE.finditer(text):
        run = match.group(0)
        if "O" not in run or len(run) < 4 or sum(c.isdigit() for c in run) < 2:
            continue
        if not (_bounded(out, match.start() - 1, -1) and _bounded(out, match.end(), 1)):
            continue
        out[match.start() : match.end()] = run.replace("O", "0")
        changed.append(run)
    return "".join(out), changed


def _bounded(text: Sequence[str], index: int, step: int) -> bool:
    if index < 0 or index >= len(text) or not text[index].isalpha():
        return True
    beyond = index + step
    return text[index] in "NSEW" and (
        beyond < 0 or beyond >= len(text) or not text[beyond].isalpha()
    )


def scan_coordinates(text: str) -> list[Coord]:
    """Every coordinate pair in ``text`` (upper case ASCII), left to right, never overlapping.

    Raises ``PlaceSyntaxError`` for a pair that is clearly a coordinate but out of range
    (minutes or seconds of 60 or more, latitude beyond 90).
    """
    tokens = [
        _Token("num" if m.group("num") else "hemi", m.start(), m.end(), m.group(0))
        for m in _TOKEN_RE.finditer(text)
    ]
    coords: list[Coord] = []
    i = 0
    while i < len(tokens):
        found = _pair_at(text, tokens, i)
        if found is None:
            i += 1
            continue
        coord, last = found
        coords.append(coord)
        i = last + 1
    return coords


def loose_fragments(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of coordinate-like text (``N2909``, ``1234S``, ``N3543E098383``, ``20-30N``)
    outside the sorted, disjoint ``(start, end)`` spans ``taken``; NOTAM numbers
    (``N2615/24``) are not coordinate-like."""
    starts = [start for start, _ in taken]  # sorted and disjoint, as scan_coordinates gives
    loose: list[tuple[int, int]] = []
    for match in _LOOSE_RE.finditer(text):
        k = bisect.bisect_left(starts, match.end())  # spans starting before the match ends
        if k == 0 or taken[k - 1][1] <= match.start():
            loose.append(match.span())
    return loose


# --------------------------------------------------------------------------------------------


def _pair_at(text: str, tokens: Sequence[_Token], i: int) -> tuple[Coord, int] | None:
    for hemi_first in (True, False):
        first = _component(text, tokens, i, hemi_first, closed_start=hemi_first)
        if first is None:
            continue
        nxt = first.last + 1
        if nxt >= len(tokens) or not _PAIR_GAP_RE.fullmatch(
            text[tokens[first.last].end : tokens[nxt].start]
        ):
            continue
        second = _component(text, tokens, nxt, hemi_first, closed_start=True)
        if second is None or _axis(first.hemi) != "lat" or _axis(second.hemi) != "lon":
            continue
        if first.precision != second.precision and min(first.precision, second.precision) == 0:
            continue  # degrees-only beside minutes: a number next to a coordinate, not a pair
        lat_c, lon_c = first, second
        start, end = tokens[first.first].start, tokens[second.last].end
        try:
            expr = parse_coordinates(f"{lat_c.digits}{lat_c.hemi} {lon_c.digits}{lon_c.hemi}")
        except PlaceSyntaxError as exc:
            raise PlaceSyntaxError(f"{text[start:end]!r}: {exc}") from None
        assert expr is not None  # digits and hemisphere letters always make a coordinate
        return Coord(start, end, expr.lat, expr.lon), second.last
    return None


def _axis(hemi: str) -> str:
    return "lat" if hemi in "NS" else "lon"


def _component(
    text: str, tokens: Sequence[_Token], i: int, hemi_first: bool, *, closed_start: bool
) -> _Component | None:
    """The component starting at token ``i`` (hemisphere letter first or last), or ``None``."""
    if hemi_first:
        if tokens[i].kind != "hemi" or i + 1 >= len(tokens) or tokens[i + 1].kind != "num":
            return None
        if not _HEMI_GAP_RE.fullmatch(text[tokens[i].end : tokens[i + 1].start]):
            return None
        pieces = _pieces(text, tokens, i + 1)
        hemi = tokens[i].value
        closed_end = (
            i + 1 + len(pieces) < len(tokens)
            and tokens[i + 1 + len(pieces)].kind == "hemi"
            and _PAIR_GAP_RE.fullmatch(
                text[tokens[i + len(pieces)].end : tokens[i + 1 + len(pieces)].start]
            )
            is not None
        )
        for count in range(len(pieces), 0, -1):  # the longest reading that is valid
            closed = closed_end and count == len(pieces)
            reading = _digits(pieces[:count], hemi in "EW", closed=closed)
            if reading is not None:
                return _Component(i, i + count, hemi, *reading)
        return None
    if tokens[i].kind != "num":
        return None
    pieces = _pieces(text, tokens, i)
    after = i + len(pieces)
    if after >= len(tokens) or tokens[after].kind != "hemi":
        return None
    if not _HEMI_GAP_RE.fullmatch(text[tokens[after - 1].end : tokens[after].start]):
        return None
    hemi = tokens[after].value
    reading = _digits(pieces, hemi in "EW", closed=closed_start)
    return None if reading is None else _Component(i, after, hemi, *reading)


def _pieces(text: str, tokens: Sequence[_Token], i: int) -> list[str]:
    """Numbers from token ``i`` on, separated only by spaces or degree/minute/second marks."""
    pieces = [tokens[i].value]
    j = i + 1
    while (
        j < len(tokens)
        and len(pieces) < _MAX_PIECES
        and tokens[j].kind == "num"
        and _FIELD_GAP_RE.fullmatch(text[tokens[j - 1].end : tokens[j].start])
    ):
        pieces.append(tokens[j].value)
        j += 1
    return pieces


def _digits(pieces: Sequence[str], is_lon: bool, *, closed: bool) -> tuple[str, int] | None:
    """Compact digits and precision of one component written as ``pieces``, or ``None``.

    One piece is compact (2/4/6 digits for latitude, 3/5/7 for longitude, decimals allowed).
    Several pieces are fields (``30 03``, ``12 39 14.5``, ``086 38``) when they fit as fields;
    otherwise they are one compact group broken by spaces, joined only if ``closed`` (hemisphere
    letters on both sides) or if no break falls on a field boundary.
    """
    width = 3 if is_lon else 2
    if any("." in p for p in pieces[:-1]):
        return None
    if len(pieces) > 1 and _fields(pieces, width):
        digits = pieces[0].zfill(width) + "".join(pieces[1:])
        return digits, len(pieces) - 1
    joined = "".join(pieces)
    whole = joined.partition(".")[0]
    if len(whole) not in (width, width + 2, width + 4):
        return None
    if len(pieces) > 1 and not closed:
        boundaries = {width, width + 2}
        breaks, at = set(), 0
        for piece in pieces[:-1]:
            at += len(piece)
            breaks.add(at)
        if breaks & boundaries:
            return None
    return joined, (len(whole) - width) // 2


def _fields(pieces: Sequence[str], width: int) -> bool:
    degrees, rest = pieces[0], pieces[1:]
    if not 1 <= len(degrees) <= width:
        return False
    return all(len(p.partition(".")[0]) == 2 for p in rest)
