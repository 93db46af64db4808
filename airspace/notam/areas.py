"""Areas in NOTAM item E): a pure reader from text to lon/lat shapely areas, with its warnings.

* **Vertex lists**: coordinates (every form of :mod:`airspace.notam.coords`) joined by ``-``,
  ``,``, ``TO``, spaces or line breaks, annotations in brackets allowed between them
  (``182028N1074053E (ASSAD) - ...``); closing words (``BACK TO START``, ``TO POINT OF ORIGIN``,
  ``TO BEGINNING``) are read; lists separated by other words (``AND``, ``AREA 2:``) stay apart.
* **Circles**: ``RADIUS 30NM CENTRE <pt>``, ``30NM RADIUS OF <pt>``, ``WITHIN 5NM OF <pt>``,
  ``A CIRCLE RADIUS 2.2NM CENTERED ON <pt>``, ``CENTRE <pt> RADIUS 8KM``, ``A CIRCLE OF 10 NM
  AROUND <pt>`` or around a point named earlier (``LAUNCH SITE 284500N 0803500W``).
* **Arcs** inside a vertex list: ``<pt> THEN CLOCKWISE ON A 30 NM ARC CENTERED ON <c> TO <pt>``,
  ``<pt> - ARC RADIUS OF 5KM (2.7NM) CENTRED ON <c> ANTICLOCKWISE TO <pt>``.
* ``THENCE ALONG FIR BOUNDARY TO``: the codec has no FIR data; the edge is straight, with a warning.

Warnings (never silent): self-intersecting lists (repaired to the union of every lobe), dropped
repeated vertices, coordinates that form no area (reference points), coordinate-like text not
read, letter O read as zero, arcs without a direction or whose ends are off the radius, and an E)
with no area at all.  Malformed text that cannot be read raises :class:`NotamError`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from airspace.geo import (
    METRES_PER_KM,
    METRES_PER_NM,
    POLE_CLEARANCE_M,
    geodesic_circle,
    pole_gap,
)
from airspace.notam.coords import (
    Coord,
    ascii_upper,
    loose_fragments,
    scan_coordinates,
    zeros_for_letter_o,
)
from airspace.notam.geometry import Area, arc_points, outline_polygon, radius_from
from airspace.notam.items import NotamError
from airspace.places.expressions import PlaceSyntaxError

MAX_COORDINATES: Final = 5000  # per item E)
ARC_RADIUS_TOLERANCE: Final = 0.05  # relative mismatch between a stated radius and the vertices

_DIST: Final = (
    r"(?P<radius>\d+(?:\.\d+)?)\s*(?P<unit>NM|NMI|KM|M|NAUTICAL\s+MILES?|KILOMET(?:RE|ER)S?)"
    r"(?![A-Z])(?:\s*\([^()]{0,20}\))?"
)
_UNIT_M: Final = {"NM": METRES_PER_NM, "NMI": METRES_PER_NM, "KM": METRES_PER_KM, "M": 1.0}
_CENTRED: Final = r"CENT(?:RE|ER)(?:D|ED)?(?:\s+(?:ON|AT))?"
_AT_POINT: Final = r"\s*:?\s*(?:(?:PSN|POSITION|POINT)\s+)?\(?\s*"
_CIRCLE_BEFORE: Final = tuple(
    re.compile(rf"(?:{pattern}){_AT_POINT}$")
    for pattern in (
        rf"\bRADIUS\s+(?:OF\s+)?{_DIST}\s*,?\s*(?:{_CENTRED}|FROM|OF|AROUND)",
        rf"\b{_DIST}\s+RADIUS\s+(?:OF|FROM|AROUND|{_CENTRED})",
        rf"\b(?:WI|WITHIN)\s+(?:AN?\s+)?{_DIST}\s+(?:RADIUS\s+)?(?:OF|FM|FROM|AROUND)",
        rf"\bCIRCLE\s+(?:OF\s+|WITH\s+(?:A\s+)?RADIUS\s+(?:OF\s+)?)?{_DIST}\s+(?:RADIUS\s+)?"
        rf"(?:AROUND|{_CENTRED}|OF|FROM)",
    )
)
_CENTRE_BEFORE: Final = re.compile(rf"\b{_CENTRED}{_AT_POINT}$")
_RADIUS_AFTER: Final = re.compile(
    rf"^\s*\)?\s*,?\s*(?:WITH\s+(?:A\s+)?)?RADIUS\s+(?:OF\s+)?{_DIST}"
)
_NAMED_CIRCLE: Final = re.compile(
    rf"\bCIRCLE\s+(?:OF\s+|WITH\s+(?:A\s+)?RADIUS\s+(?:OF\s+)?)?{_DIST}\s+(?:RADIUS\s+)?"
    r"(?:AROUND|CENT(?:RE|ER)(?:D|ED)?\s+(?:ON|AT))\s+(?:THE\s+)?(?P<name>[A-Z][A-Z ]{2,40}?)"
    r"\s*(?=[.,;]|$|\bAND\b)"
)
_DIRECTION: Final = r"(?:ANTI-?\s?CLOCKWISE|COUNTER-?\s?CLOCKWISE|CLOCKWISE|CW|CCW|ACW)"
_ARC_BEFORE: Final = re.compile(
    rf"^[\s\-–—,;]*(?:THEN(?:CE)?\s+)?(?P<dir1>{_DIRECTION})?\s*(?:ALONG|ON|BY|VIA)?\s*"
    rf"(?:THE\s+|AN?\s+)?(?:{_DIST.replace('radius', 'r1').replace('unit', 'u1')}\s+)?ARC\s+"
    rf"(?:OF\s+(?:A\s+)?)?(?:RADIUS\s+(?:OF\s+)?{_DIST}\s*)?(?P<dir2>{_DIRECTION})?\s*"
    rf"{_CENTRED}{_AT_POINT}$"
)
_ARC_AFTER: Final = re.compile(
    rf"^\s*\)?\s*,?\s*(?P<dir3>{_DIRECTION})?\s*(?:\bTO\b|[\-–—])?\s*(?:POINT\s+|PSN\s+)?\(?\s*$"
)
_ANNOTATION_RE: Final = re.compile(r"\([^()\d]{0,40}\)")
_JOINER_RE: Final = re.compile(
    r"^[\s\-–—,;/]*(?:(?:THEN(?:CE)?\s+)?TO(?:\s+(?:POINT|PSN))?|THEN(?:CE)?)?[\s\-–—,;/]*$"
)
_EXPLICIT_JOINER_RE: Final = re.compile(r"[\-–—]|\bTO\b|\bTHEN")
_ALONG_RE: Final = re.compile(
    r"^[\s\-–—,;]*(?:THEN(?:CE)?\s+)?(?P<along>ALONG\s+[A-Z /]{2,60}?)\s*(?:\bTO\b)?"
    r"\s*(?:POINT\s+)?[\s\-–—,;]*$"
)
_NAME: Final = r"(?!DCT\b|TO\b|AND\b|BACK\b)[A-Z]{2,5}(?:\s+(?:VOR/DME|VOR|DME|NDB|TACAN))?"
_NAMED_GAP_RE: Final = re.compile(rf"^\s*[\-–—]\s*(?P<name>{_NAME})\s*[\-–—]\s*$")
_NAMED_BEFORE_RE: Final = re.compile(
    rf"(?:\b(?P<name>{_NAME})|(?P<aid>VOR/DME|VOR|DME|NDB))\s*[\-–—]\s*$"
)
_NAMED_AFTER_RE: Final = re.compile(
    rf"^\s*[\-–—]\s*(?P<name>{_NAME})\s*(?:$|[\-–—,.;]|BACK\b|TO\b)"
)
_CLOSING_RE: Final = re.compile(
    r"^[\-–—,.:;(]*(?:BACK)?TO(?:THE)?(?:POINTOFORIGIN|ORIGIN|BEGINNING|START(?:INGPOINT)?"
    r"|FIRSTPOINT)"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadArea:
    """One area read from item E): its kind, the text quoted, its vertices and its geometry.

    ``vertices`` are the distinct written vertices (lat, lon) in text order, closing repeat
    dropped; arcs add their densified points to ``geometry`` only.  Circles have no vertices.
    """

    kind: str  # "polygon" or "circle"
    quote: str
    vertices: tuple[tuple[float, float], ...] = ()
    centre: tuple[float, float] | None = None
    radius_m: float | None = None
    geometry: Area


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaReading:
    areas: tuple[ReadArea, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Edge:
    kind: str  # "straight", "arc" or "along"
    centre: tuple[float, float] | None = None
    clockwise: bool | None = None
    radius_m: float | None = None
    words: str = ""


NO_AREA: Final = "no area found"


def read_areas(text: str) -> AreaReading:
    """Polygons and circles written in item E) ``text``, in text order, and what was noticed."""
    upper, changed = zeros_for_letter_o(ascii_upper(text))
    warnings = [f"letter O read as zero in {run!r}" for run in changed]
    try:
        coords = scan_coordinates(upper)
    except PlaceSyntaxError as exc:
        raise NotamError("E", f"coordinate {exc}") from None
    if len(coords) > MAX_COORDINATES:
        raise NotamError(
            "E", f"{len(coords)} coordinates (at most {MAX_COORDINATES} per NOTAM are read)"
        )
    loose = loose_fragments(upper, [(c.start, c.end) for c in coords])
    if loose:
        warnings.append(
            f"coordinate-like text not read as a coordinate: "
            f"{_quote_list([upper[a:b] for a, b in loose])} "
            "(expected a latitude and a longitude, e.g. '381218N 1291435E')"
        )
    areas = _Reader(upper, coords, loose, warnings).read()
    if not areas:
        what = (
            f"{len(coords)} coordinate(s) but"
            if coords
            else "no readable coordinates and"
            if loose
            else "no coordinates and"
        )
        warnings.append(f"{NO_AREA} ({what} no vertex list or circle)")
    return AreaReading(areas=tuple(areas), warnings=tuple(warnings))


def areas_from_text(text: str) -> tuple[Area, ...]:
    """Geometries (lon/lat) of the areas in item E) ``text``; warnings are dropped."""
    return tuple(area.geometry for area in read_areas(text).areas)


# --------------------------------------------------------------------------------------------


class _Reader:
    """One pass over the coordinates of an item E): circles, arcs, vertex lists, lone points."""

    def __init__(
        self,
        text: str,
        coords: Sequence[Coord],
        loose: Sequence[tuple[int, int]],
        warnings: list[str],
    ) -> None:
        self.text = text
        self.coords = coords
        self.loose = loose
        self.loose_starts = [start for start, _ in loose]
        self.warnings = warnings
        self.gaps = [
            text[(coords[k - 1].end if k else 0) : (coords[k].start if k < len(coords) else None)]
            for k in range(len(coords) + 1)
        ]  # gaps[k] precedes coords[k]; gaps[-1] follows the last coordinate

    def read(self) -> list[ReadArea]:
        found: list[tuple[int, ReadArea]] = []
        lone: list[int] = []
        k = 0
        while k < len(self.coords):
            circle = self._circle(k)
            if circle is not None:
                found.append((self.coords[k].start, circle))
                k += 1
                continue
            chain, edges, k_next = self._chain(k)
            if not self._unplaceable(chain, edges):
                area = self._area(chain, edges)
                if area is None:
                    lone.extend(chain)
                else:
                    found.append((self.coords[chain[0]].start, area))
            k = k_next
        found.extend(self._named_circles(lone))
        centres = {a.centre for _, a in found if a.centre is not None}
        lone = [i for i in lone if self._latlon(i) not in centres]
        if lone:
            quoted = [self._context(i) for i in lone]
            self.warnings.append(
                f"{len(lone)} coordinate(s) outside any vertex list or circle read as reference "
                f"points, not vertices: {_quote_list(quoted)}"
            )
        return [area for _, area in sorted(found, key=lambda item: item[0])]

    # ---- circles --------------------------------------------------------------------------

    def _circle(self, k: int) -> ReadArea | None:
        before, after = self.gaps[k], self.gaps[k + 1]
        radius: tuple[str, str] | None = None
        for pattern in _CIRCLE_BEFORE:
            match = pattern.search(before)
            if match is not None:
                radius = (match.group("radius"), match.group("unit"))
                start = self.coords[k].start - (len(before) - match.start())
                break
        else:
            after_match = _RADIUS_AFTER.match(after)
            centre_match = _CENTRE_BEFORE.search(before)
            if after_match is None or centre_match is None or "ARC" in before[-40:]:
                return None
            radius = (after_match.group("radius"), after_match.group("unit"))
            start = self.coords[k].start - (len(before) - centre_match.start())
        centre = self._latlon(k)
        radius_m = _metres(*radius, self.text[start : self.coords[k].end])
        end = self.coords[k].end + (m.end() if (m := _RADIUS_AFTER.match(after)) is not None else 0)
        return ReadArea(
            kind="circle",
            quote=self.text[start:end].strip(),
            centre=centre,
            radius_m=radius_m,
            geometry=_circle_area(centre, radius_m, self.text[start:end].strip()),
        )

    def _named_circles(self, lone: list[int]) -> list[tuple[int, ReadArea]]:
        """``A CIRCLE OF 10 NM AROUND LAUNCH SITE`` where ``LAUNCH SITE <pt>`` came earlier."""
        found: list[tuple[int, ReadArea]] = []
        for match in _NAMED_CIRCLE.finditer(self.text):
            name = match.group("name").strip()
            named = [
                i
                for i in lone
                if self.coords[i].start < match.start()
                and re.search(
                    rf"\b{re.escape(name)}\b[\s:(]*(?:AT|PSN|POSITION)?[\s:(]*$", self.gaps[i]
                )
            ]
            if not named:
                self.warnings.append(
                    f"circle {match.group(0).strip()!r} not read: no coordinates given for "
                    f"{name!r} earlier in the text"
                )
                continue
            i = named[-1]
            centre = self._latlon(i)
            radius_m = _metres(match.group("radius"), match.group("unit"), match.group(0))
            self.warnings.append(
                f"circle {match.group(0).strip()!r} centred on {name} at "
                f"{self._context(i, words=0)!r} given earlier in the text"
            )
            found.append(
                (
                    match.start(),
                    ReadArea(
                        kind="circle",
                        quote=match.group(0).strip(),
                        centre=centre,
                        radius_m=radius_m,
                        geometry=_circle_area(centre, radius_m, match.group(0).strip()),
                    ),
                )
            )
        return found

    # ---- vertex lists ---------------------------------------------------------------------

    def _chain(self, k: int) -> tuple[list[int], list[_Edge], int]:
        """Coordinates ``chain`` joined from ``k`` on, the edges between them, the next index."""
        chain, edges = [k], []
        j = k + 1
        while j < len(self.coords):
            arc = self._arc(j)
            if arc is not None:
                edges.append(arc)
                chain.append(j + 1)
                j += 2
                continue
            gap = _ANNOTATION_RE.sub(" ", self.gaps[j])
            if _JOINER_RE.fullmatch(gap) and self._circle(j) is None:
                edges.append(_Edge("straight", words=gap))
            elif (named := _NAMED_GAP_RE.fullmatch(gap)) is not None:
                edges.append(_Edge("named", words=named.group("name")))
            elif (along := _ALONG_RE.fullmatch(gap)) is not None and self._circle(j) is None:
                edges.append(_Edge("along", words=along.group("along")))
            else:
                break
            chain.append(j)
            j += 1
        return chain, edges, j

    def _arc(self, j: int) -> _Edge | None:
        """An arc edge if ``coords[j]`` is an arc centre between two vertices."""
        if j + 1 >= len(self.coords):
            return None
        before = _ARC_BEFORE.fullmatch(self.gaps[j])
        after = _ARC_AFTER.fullmatch(self.gaps[j + 1])
        if before is None or after is None:
            return None
        direction = before.group("dir1") or before.group("dir2") or after.group("dir3")
        radius = before.group("radius") or before.group("r1")
        unit = before.group("unit") or before.group("u1")
        words = self.text[self.coords[j - 1].start : self.coords[j + 1].end]
        radius_m = None if radius is None else _metres(radius, unit, words)
        clockwise = None
        if direction is not None:
            clockwise = not re.match(r"ANTI|COUNTER|CCW|ACW", direction)
        return _Edge("arc", self._latlon(j), clockwise, radius_m, words)

    def _unplaceable(self, chain: list[int], edges: list[_Edge]) -> bool:
        """Whether the list has a vertex the reader cannot place (a named point, unreadable
        coordinate text) next to its coordinates; if so a warning says so and no area is read."""
        first, last = self.coords[chain[0]], self.coords[chain[-1]]
        before, after = self.gaps[chain[0]], self.gaps[chain[-1] + 1]
        unread = []
        k = bisect.bisect_left(self.loose_starts, last.end)  # the first fragment after the list
        if k < len(self.loose) and _JOINER_RE.fullmatch(self.text[last.end : self.loose[k][0]]):
            unread.append(self.text[slice(*self.loose[k])])
        k = bisect.bisect_left(self.loose_starts, first.start) - 1  # the last one before it
        if k >= 0 and _JOINER_RE.fullmatch(self.text[self.loose[k][1] : first.start]):
            unread.insert(0, self.text[slice(*self.loose[k])])
        names = [e.words for e in edges if e.kind == "named"]
        if len(chain) > 1:
            if (m := _NAMED_BEFORE_RE.search(before)) is not None:
                names.insert(0, m.group("name") or m.group("aid"))
            if (m := _NAMED_AFTER_RE.match(after)) is not None:
                names.append(m.group("name"))
        if not unread and not names:
            return False
        quote = _short(self.text[first.start : last.end])
        what = [f"named point(s) {_quote_list(names)} (no navigation data)"] if names else []
        what += [f"unreadable coordinate(s) {_quote_list(unread)}"] if unread else []
        self.warnings.append(
            f"vertex list {quote!r} goes through {' and '.join(what)}: not read as an area"
        )
        return True

    def _area(self, chain: list[int], edges: list[_Edge]) -> ReadArea | None:
        quote = self.text[self.coords[chain[0]].start : self.coords[chain[-1]].end]
        closing = _CLOSING_RE.match(re.sub(r"\s+", "", self.gaps[chain[-1] + 1])[:40])
        points: list[tuple[float, float]] = []
        kept_edges: list[_Edge] = []
        dropped: list[str] = []
        for n, i in enumerate(chain):
            point = self._latlon(i)
            if points and point == points[-1]:
                dropped.append(self._context(i, words=0))
                continue
            if n:
                kept_edges.append(edges[n - 1])
            points.append(point)
        closing_edge = _Edge("straight")
        if len(points) > 1 and points[-1] == points[0]:
            points.pop()
            closing_edge = kept_edges.pop()
        if len(chain) == 1:
            return None
        explicit = any(_EXPLICIT_JOINER_RE.search(e.words) for e in edges) or closing
        if len(points) < 3:
            if explicit:
                raise NotamError("E", f"vertex list {quote!r} needs at least 3 distinct vertices")
            return None  # two points side by side: reference points, reported by the caller
        if dropped:
            self.warnings.append(
                f"vertex list {_short(quote)!r}: repeated vertex dropped ({_quote_list(dropped)})"
            )
        outline = self._outline(points, [*kept_edges, closing_edge], quote)
        try:
            geometry, reason = outline_polygon(outline)
        except ValueError as exc:
            raise NotamError("E", f"vertex list {quote!r}: {exc}") from None
        if reason is not None:
            self.warnings.append(
                f"vertex list {_short(quote)!r} is not a simple polygon ({reason}): read as the "
                "union of every area its edges enclose"
            )
        return ReadArea(kind="polygon", quote=quote, vertices=tuple(points), geometry=geometry)

    def _outline(
        self, points: list[tuple[float, float]], edges: list[_Edge], quote: str
    ) -> list[tuple[float, float]]:
        outline: list[tuple[float, float]] = []
        for n, point in enumerate(points):
            outline.append(point)
            edge = edges[n] if n < len(edges) else _Edge("straight")
            following = points[(n + 1) % len(points)]
            if edge.kind == "along":
                self.warnings.append(
                    f"vertex list {_short(quote)!r}: edge {edge.words!r} drawn as a straight line "
                    "(the NOTAM reader has no FIR boundaries)"
                )
            elif edge.kind == "arc":
                outline.extend(self._arc_outline(point, following, edge))
        return outline

    def _arc_outline(
        self, start: tuple[float, float], end: tuple[float, float], edge: _Edge
    ) -> list[tuple[float, float]]:
        assert edge.centre is not None
        d1, d2 = radius_from(edge.centre, start), radius_from(edge.centre, end)
        clockwise = edge.clockwise
        if clockwise is None:
            shorter_cw = len(arc_points(start, end, edge.centre, True))
            clockwise = shorter_cw <= len(arc_points(start, end, edge.centre, False))
            self.warnings.append(
                f"arc {_short(edge.words)!r} gives no direction: the shorter way round "
                f"({'clockwise' if clockwise else 'anticlockwise'}) is used"
            )
        if (
            edge.radius_m is not None
            and max(abs(d1 - edge.radius_m), abs(d2 - edge.radius_m))
            > ARC_RADIUS_TOLERANCE * edge.radius_m
        ):
            self.warnings.append(
                f"arc {_short(edge.words)!r}: its ends are {d1 / METRES_PER_NM:.1f} NM and "
                f"{d2 / METRES_PER_NM:.1f} NM from the centre, not "
                f"{edge.radius_m / METRES_PER_NM:.1f} NM; the arc joins the ends"
            )
        return arc_points(start, end, edge.centre, clockwise)

    # ---- helpers --------------------------------------------------------------------------

    def _latlon(self, k: int) -> tuple[float, float]:
        return (self.coords[k].lat, self.coords[k].lon)

    def _context(self, k: int, words: int = 3) -> str:
        """The coordinate's text with up to ``words`` words before it."""
        before = self.gaps[k].split()[-words:] if words else []
        return " ".join([*before, self.text[self.coords[k].start : self.coords[k].end]])


def _circle_area(centre: tuple[float, float], radius_m: float, quote: str) -> Area:
    """The circle's polygon, or ``NotamError`` if it comes near a pole (see ``pole_gap``)."""
    pole, gap_m = pole_gap(centre[0], centre[1], radius_m)
    if gap_m < POLE_CLEARANCE_M:
        reach = "contains" if gap_m < 0 else f"comes within {gap_m / 1000:.0f} km of"
        raise NotamError(
            "E",
            f"circle {_short(quote)!r} {reach} the {pole} Pole: areas closer than "
            f"{POLE_CLEARANCE_M / 1000:.0f} km to a pole are not supported "
            "(a lon/lat polygon cannot enclose a pole)",
        )
    return geodesic_circle(centre[0], centre[1], radius_m)


def _metres(value: str, unit: str, quote: str) -> float:
    key = "NM" if unit.startswith("NAUTICAL") else "KM" if unit.startswith("KILOMET") else unit
    metres = float(value) * _UNIT_M[key]
    if metres <= 0:
        raise NotamError("E", f"circle or arc {quote.strip()!r} has zero radius")
    return metres


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _quote_list(items: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(repr(_short(i)) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
