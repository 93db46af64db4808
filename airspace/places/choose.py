"""Choosing between the readings of a name: the ambiguity rule and the scenario region.

A name may match places of several kinds (a curated launch site, a GeoNames city, an airport's
IATA code, a fix of the route network) and places far apart.  The rule, in order:

1. *Same place.*  Readings of one kind closer than ``SAME_PLACE_KM`` (25 km) are one place (a
   city listed twice, a curated row over its GeoNames city); readings of different kinds closer
   than ``CO_LOCATED_KM`` (3 km: a VOR on its airfield) too.  The first in precedence order is
   kept: curated, airport, fix, city; the description names the others.
2. *Curated name over a nearby city.*  When exactly one reading is curated and every other one is
   a GeoNames city less than ``CURATED_OVER_CITY_KM`` (300 km) from it, the curated one wins and
   the description says which city it was preferred to: launch sites are named after the town or
   prefecture that serves them (Jiuquan Satellite Launch Center, 202 km from Jiuquan), and a
   curated row exists precisely to claim such a name.  Never across a larger distance.
3. *Region.*  With a region, the reading nearest to it wins when it is clearly nearer: the next
   one is at least ``2 * d + REGION_MARGIN_KM`` away (``d`` the nearest one's distance).
4. Otherwise the name is ambiguous: the error lists every reading with its kind, country and
   distance, and how to say which one is meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from airspace.errors import InputError
from airspace.geo import haversine_km, inverse
from airspace.places.gazetteer import SAME_PLACE_KM, Entry, Gazetteer

CO_LOCATED_KM: Final = 3.0
CURATED_OVER_CITY_KM: Final = 300.0
REGION_MARGIN_KM: Final = 100.0
MAX_LISTED: Final = 8
_RANK: Final = {"airport": 1, "fix": 2, "city": 3}
_POPULATED: Final = frozenset({"city", "town"})


class PlaceError(InputError):
    """A place that cannot be resolved: unknown, ambiguous or malformed (message says which)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Region:
    """Where a scenario happens: countries (ISO 3166-1 alpha-2) or a point, ``label`` as written.

    It ranks the readings of an ambiguous name (see the module docstring); it never moves a place.
    """

    label: str
    countries: frozenset[str] = frozenset()
    lat: float | None = None
    lon: float | None = None

    def distance_km(self, entry: Entry, gazetteer: Gazetteer) -> float:
        """0 inside the region's countries, else the distance to their nearest named place; for
        a point region the geodesic distance to it."""
        if self.lat is not None and self.lon is not None:
            return inverse(self.lat, self.lon, entry.lat, entry.lon)[0] / 1000.0
        if entry.country in self.countries:
            return 0.0
        return gazetteer.distance_to_countries_km(entry.lat, entry.lon, self.countries)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """The reading chosen for a name and what the description must say about the others."""

    entry: Entry
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class _Group:
    head: Entry
    others: list[Entry] = field(default_factory=list)


def _rank(entry: Entry) -> tuple[int, int]:
    return (0 if entry.curated else _RANK.get(entry.kind, 3), -entry.population)


def _same_class(a: Entry, b: Entry) -> bool:
    return a.kind == b.kind or (a.kind in _POPULATED and b.kind in _POPULATED)


def _km(a: Entry, b: Entry) -> float:
    return inverse(a.lat, a.lon, b.lat, b.lon)[0] / 1000.0


def group(hits: Sequence[Entry]) -> list[_Group]:
    """Readings merged by rule 1, in precedence order."""
    groups: list[_Group] = []
    for entry in sorted(hits, key=_rank):
        for g in groups:
            limit = SAME_PLACE_KM if _same_class(g.head, entry) else CO_LOCATED_KM
            if (
                haversine_km(g.head.lat, g.head.lon, np.array([entry.lat]), np.array([entry.lon]))[
                    0
                ]
                <= limit
            ):
                g.others.append(entry)
                break
        else:
            groups.append(_Group(entry))
    return groups


def _also(g: _Group) -> tuple[str, ...]:
    other = [e for e in g.others if not _same_class(e, g.head)]
    return tuple(f"also {_short(e)} {_km(g.head, e):.1f} km away" for e in other)


def _short(entry: Entry) -> str:
    return f"{entry.kind} {entry.name} ({entry.where})"


def choose(
    text: str,
    hits: Sequence[Entry],
    gazetteer: Gazetteer,
    region: Region | None = None,
    *,
    name: str | None = None,
) -> Choice:
    """The reading of ``text`` that rules 1-3 pick among ``hits`` (non-empty), or ``PlaceError``
    (whose hints qualify ``name``, the bare name, which defaults to ``text``)."""
    groups = group(hits)
    if len(groups) == 1:
        return Choice(entry=groups[0].head, notes=_also(groups[0]))
    curated = [g for g in groups if g.head.curated]
    if len(curated) == 1:
        claim = curated[0]
        rest = [g for g in groups if g is not claim]
        if all(
            g.head.kind == "city" and _km(claim.head, g.head) < CURATED_OVER_CITY_KM for g in rest
        ):
            passed = tuple(
                f"not the city {g.head.name} ({g.head.where}) {_km(claim.head, g.head):.0f} km away"
                for g in rest
            )
            return Choice(entry=claim.head, notes=_also(claim) + passed)
    if region is not None:
        ranked = sorted(groups, key=lambda g: region.distance_km(g.head, gazetteer))
        d1, d2 = (region.distance_km(g.head, gazetteer) for g in ranked[:2])
        if d2 >= 2 * d1 + REGION_MARGIN_KM:
            others = ", ".join(
                f"{_short(g.head)} {region.distance_km(g.head, gazetteer):,.0f} km"
                for g in ranked[1:]
            )
            note = f"chosen by region {region} ({d1:,.0f} km from it; {others})"
            return Choice(entry=ranked[0].head, notes=(*_also(ranked[0]), note))
        groups = ranked
    heads = [g.head for g in groups]
    raise PlaceError(_ambiguous(text, name or text, heads, gazetteer, region))


def _ambiguous(
    text: str, name: str, heads: list[Entry], gazetteer: Gazetteer, region: Region | None
) -> str:
    first = heads[0]
    parts = []
    for i, e in enumerate(heads[:MAX_LISTED]):
        if region is not None:
            where = f", {region.distance_km(e, gazetteer):,.0f} km from region {region}"
        else:
            where = f", {_km(first, e):,.0f} km from the first" if i else ""
        extra = f" {e.detail}," if e.kind == "airport" else ""
        parts.append(f"{e.kind} {e.name} ({e.where}){extra} {e.lat:.4f}, {e.lon:.4f}{where}")
    more = f" and {len(heads) - MAX_LISTED} more" if len(heads) > MAX_LISTED else ""
    # suggest only what picks one place: a kind or a country that one of them has alone
    prefixes = [_prefix(e) for e in heads]
    kinds = sorted({k for k in prefixes if k and prefixes.count(k) == 1})
    examples = [f"{k} {name}" for k in kinds][:3] if len(set(prefixes)) > 1 else []
    countries = [e.country for e in heads]
    unique = [c for c in countries if c and countries.count(c) == 1]
    if unique:
        examples.append(f"{name}, {unique[0]}")
    how = f"write {' or '.join(repr(x) for x in examples)}, " if examples else ""
    return (
        f"place {text!r} is ambiguous: {len(heads)} places match ({'; '.join(parts)}{more}); "
        f"{how}set the scenario's region, or give coordinates"
    )


def _prefix(entry: Entry) -> str:
    """The kind prefix that selects ``entry`` (see ``expressions.KIND_PREFIXES``)."""
    if entry.kind in ("launch site", "missile site"):
        return "launch site"
    if entry.kind in _POPULATED:
        return "city"
    return entry.kind if entry.kind in ("fix", "airport", "test range", "naval base") else ""
