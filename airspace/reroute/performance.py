"""Aircraft cruise performance from OpenAP: true airspeed and fuel flow at a flight level.

Speeds in knots (TAS), fuel flow in kg/s, masses in kg.  The cruise Mach number comes from
OpenAP's aircraft data; the speed of sound from the ISA atmosphere at the cruise level.  Fuel
flow is OpenAP's en-route model at 85 % of the maximum take-off mass (a mid-cruise planning
mass).  Types OpenAP does not know fall back to Mach 0.82 and no fuel figure, and say so in
``source``; an OpenAP failure on a known type is logged and noted the same way.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import cache
from typing import Final

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


@cache
def _openap_types() -> frozenset[str]:
    from openap import prop

    return frozenset(t.upper() for t in prop.available_aircraft())


@cache
def cruise_performance(aircraft: str | None, flight_level: int) -> Performance:
    """Cruise TAS and fuel flow for ``aircraft`` (ICAO type) at ``flight_level``."""
    if aircraft is None:
        return _default(None, flight_level, "no aircraft type given")
    if aircraft.upper() not in _openap_types():
        return _default(aircraft, flight_level, f"{aircraft} unknown to OpenAP")
    from openap import FuelFlow, prop

    altitude_ft = flight_level * 100.0
    try:
        data = prop.aircraft(aircraft)
        mach = float(data["cruise"]["mach"])
        tas = mach * speed_of_sound_kt(altitude_ft)
        mass = CRUISE_MASS_SHARE * float(data["mtow"])
        fuel = float(FuelFlow(aircraft).enroute(mass=mass, tas=tas, alt=altitude_ft))
    except Exception as exc:  # a third-party failure: logged and stated, never silent
        log.warning(
            "OpenAP failed for %s at FL%03d: %s", aircraft, flight_level, exc, exc_info=True
        )
        return _default(aircraft, flight_level, f"OpenAP failed for {aircraft} ({exc})")
    return Performance(
        aircraft=aircraft,
        flight_level=flight_level,
        mach=mach,
        tas_kt=tas,
        fuel_kg_per_s=fuel,
        source="OpenAP",
    )
