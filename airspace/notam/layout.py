"""Layout of NOTAM text: cleaning, multi-part splitting and items (pure, no item grammar).

* control characters (AFTN ``STX``...) count as spaces, ``CR LF`` and ``CR`` as line breaks;
* AFTN brackets ``( ... )`` around a NOTAM are removed;
* a text may hold the parts of one multi-part NOTAM (``A) VVHM PART 1 OF 2`` ...), each part
  starting with its header line; :func:`split_parts` returns them in order;
* :func:`split_items` cuts one part into its header and items Q) to G); E) runs up to the last
  ``F)`` before the last ``G)``; a ``PART n OF m`` trailer line ending the part is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from airspace.notam.items import NotamError

ID_PATTERN: Final = r"[A-Z]\d{4}/\d{2}"
HEADER_START_RE: Final = re.compile(
    rf"^[ \t]*\(?[ \t]*(?={ID_PATTERN}[ \t]+NOTAM[NRC]\b)", re.MULTILINE | re.IGNORECASE
)
_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MARKER_RE: Final = re.compile(r"(?<!\S)([QABCDEFG])\)")
_HEAD_ORDER: Final = "QABCD"
_PART_TRAILER_RE: Final = re.compile(
    r"\s*(?:END\s+(?:OF\s+)?)?PART\s+\d{1,2}\s+OF\s+\d{1,2}\s*\)?\s*\Z", re.IGNORECASE
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    """One NOTAM part: the text before Q) and ``{letter: item text}`` (line breaks kept)."""

    header: str
    items: dict[str, str]


_UNPRINTABLE_RE: Final = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """``text`` as published, but for control characters (AFTN STX/ETX, terminal escapes, bidi
    overrides), which become spaces; line breaks and tabs are kept."""
    return _UNPRINTABLE_RE.sub(" ", text)


def cleaned(text: str) -> str:
    """Line breaks normalised to ``\\n``; other control characters (AFTN STX, ETX) become spaces."""
    return _CONTROL_RE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def split_parts(text: str) -> list[str]:
    """The parts of ``text``, each starting at a header line (``A0827/25 NOTAMN``)."""
    starts = [m.start() for m in HEADER_START_RE.finditer(text)]
    if len(starts) <= 1:
        return [text]
    starts[0] = 0
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def strip_brackets(text: str) -> str:
    """The NOTAM without AFTN brackets ``( ... )`` around it."""
    stripped = text.strip()
    if stripped.startswith("("):
        stripped = stripped[1:]
        if stripped.rstrip().endswith(")"):
            stripped = stripped.rstrip()[:-1]
    return stripped


def split_items(body: str) -> Layout:
    """Header text and items of one NOTAM part; errors name the item at fault."""
    markers = [(m.start(), m.end(), m.group(1)) for m in _MARKER_RE.finditer(body)]
    e_index = next((i for i, m in enumerate(markers) if m[2] == "E"), None)
    if e_index is None:
        raise NotamError("E", "missing (expected 'E) <plain-language text>')")
    head = markers[:e_index]
    tail_f = [m for m in markers[e_index + 1 :] if m[2] == "F"]
    tail_g = [m for m in markers[e_index + 1 :] if m[2] == "G"]
    g = tail_g[-1] if tail_g else None
    f_before_g = [m for m in tail_f if g is None or m[0] < g[0]]
    f = f_before_g[-1] if f_before_g else None
    if g is not None and f is None:
        raise NotamError("F", "missing before G) (expected 'F) <lower limit>', e.g. 'F) SFC')")
    if f is not None and g is None:
        raise NotamError("G", "missing after F) (expected 'G) <upper limit>', e.g. 'G) UNL')")
    order = [m[2] for m in head]
    for letter in order:
        if letter in "FG":
            raise NotamError(letter, "found before E) (expected F) and G) after E))")
        if order.count(letter) > 1:
            raise NotamError(letter, "appears more than once (expected each item once)")
    if order != sorted(order, key=_HEAD_ORDER.index):
        raise NotamError(order[0], f"items out of order {order} (expected Q) A) B) C) D))")
    items: dict[str, str] = {}
    ends = [m[0] for m in head[1:]] + ([markers[e_index][0]] if head else [])
    for (_, end, letter), stop in zip(head, ends, strict=True):
        items[letter] = body[end:stop]
    e_stop = f[0] if f is not None else len(body)
    items["E"] = body[markers[e_index][1] : e_stop]
    if f is not None and g is not None:
        items["F"] = body[f[1] : g[0]]
        items["G"] = body[g[1] :]
    else:
        items["E"] = _PART_TRAILER_RE.sub("", items["E"])
    return Layout(header=body[: head[0][0] if head else markers[e_index][0]], items=items)


_TRAILER_RE: Final = re.compile(
    r"CREATED\s*:[^\n]*|SOURCE\s*:[^\n]*|(?:END\s+(?:OF\s+)?)?PART\s+\d{1,2}\s+OF\s+\d{1,2}"
    r"|\bNNNN\b|\A\s*[.)]|\)\s*\Z",
    re.IGNORECASE,
)


def unread_trailer(rest: str) -> str | None:
    """Text after the G) level other than publication trailers (``CREATED: ...``, ``SOURCE: ...``,
    ``END PART 1 OF 2``, ``NNNN``, a closing bracket, a full stop), whitespace collapsed; ``None``
    if nothing."""
    left = " ".join(_TRAILER_RE.sub(" ", rest).split())
    return left or None
