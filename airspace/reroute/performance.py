"""Aircraft cruise performance from OpenAP: true airspeed and fuel flow at a flight level.

Speeds in knots (TAS), fuel flow in kg/s, masses in kg.  The cruise Mach number comes from
OpenAP's aircraft data; the speed of sound from the ISA atmosphere at the cruise level.  Fuel
flow is OpenAP's en-route model at 85 % of the maximum take-off mass (a mid-cruise planning
mass).  Types OpenAP does not know fall back to Mach 0.82 and no fuel figure, and say so in
``source``; an OpenAP failure on a known type is logged and noted the same way.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from airspace import diskcache

DEFAULT_MACH: Final = 0.82
CRUISE_MASS_SHARE: Final = 0.85
CO2_PER_KG_FUEL: Final = 3.16  # ICAO carbon emissions calculator, jet fuel

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Performance:
    """Cruise figures for one aircraft type at one flight level."""

    aircraft: str | None
    flight_level: int
    mach: float
    tas_kt: float
    fuel_kg_per_s: float | None
    source: str


def speed_of_sound_kt(altitude_ft: float) -> float:
    """ISA speed of sound (knots) at a pressure altitude in feet (troposphere and tropopause)."""
    temperature_k = max(288.15 - 0.0019812 * altitude_ft, 216.65)
    return 661.4788 * math.sqrt(temperature_k / 288.15)


def _default(aircraft: str | None, flight_level: int, why: str) -> Performance:
    tas = DEFAULT_MACH * speed_of_sound_kt(flight_level * 100.0)
    return Performance(
        aircraft=aircraft,
        flight_level=flight_level,
        mach=DEFAULT_MACH,
        tas_kt=tas,
        fuel_kg_per_s=None,
        source=f"{why}: default Mach {DEFAULT_MACH}, no fuel figure",
    )


_TABLE_LOCK = threading.Lock()


@cache
def _table_path() -> Path | None:
    """The disk cache of OpenAP figures, keyed by the OpenAP version and this module's rules."""
    return diskcache.versioned_path(
        "openap", f"openap-{{version}}-{CRUISE_MASS_SHARE}-{DEFAULT_MACH}.json"
    )


@cache
def _table() -> dict[str, Any]:
    """OpenAP figures derived so far: ``types`` (what OpenAP knows) and ``cruise`` by
    ``TYPE/FL`` (Mach, TAS, fuel flow).  Importing OpenAP costs about 0.6 s; a run whose types
    and levels are in the table never imports it."""
    path = _table_path()
    if path is not None and path.exists():
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict) and isinstance(loaded.get("cruise"), dict):
                return loaded
    return {"types": None, "cruise": {}}


def _save() -> None:
    path = _table_path()
    if path is None:
        return
    text = json.dumps(_table()).encode("utf-8")
    diskcache.write_atomic(path, lambda stream: stream.write(text))


def _openap_types() -> frozenset[str]:
    table = _table()
    if table["types"] is None:
        from openap import prop

        with _TABLE_LOCK:
            table["types"] = sorted(t.upper() for t in prop.available_aircraft())
            _save()
    return frozenset(table["types"])


def _openap_cruise(aircraft: str, flight_level: int) -> tuple[float, float, float]:
    """``(mach, tas_kt, fuel_kg_per_s)`` at 85 % MTOW from OpenAP, cached on disk."""
    key = f"{aircraft.upper()}/{flight_level}"
    cruise = _table()["cruise"]
    if key not in cruise:
        from openap import FuelFlow, prop

        altitude_ft = flight_level * 100.0
        data = prop.aircraft(aircraft)
        mach = float(data["cruise"]["mach"])
        tas = mach * speed_of_sound_kt(altitude_ft)
        mass = CRUISE_MASS_SHARE * float(data["mtow"])
        fuel = float(FuelFlow(aircraft).enroute(mass=mass, tas=tas, alt=altitude_ft))
        with _TABLE_LOCK:
            cruise[key] = [mach, tas, fuel]
            _save()
    mach, tas, fuel = cruise[key]
    return float(mach), float(tas), float(fuel)


@cache
def cruise_performance(aircraft: str | None, flight_level: int) -> Performance:
    """Cruise TAS and fuel flow for ``aircraft`` (ICAO type) at ``flight_level``."""
    if aircraft is None:
        return _default(None, flight_level, "no aircraft type given")
    if aircraft.upper() not in _openap_types():
        return _default(aircraft, flight_level, f"{aircraft} unknown to OpenAP")
    try:
        mach, tas, fuel = _openap_cruise(aircraft, flight_level)
    except Exception as exc:  # a third-party failure: logged and stated, never silent
        log.warning("OpenAP failed for %s at FL%03d: %s", aircraft, flight_level, exc)
        return _default(aircraft, flight_level, f"OpenAP failed for {aircraft} ({exc})")
    return Performance(
        aircraft=aircraft,
        flight_level=flight_level,
        mach=mach,
        tas_kt=tas,
        fuel_kg_per_s=fuel,
        source="OpenAP",
    )
