"""Aircraft cruise performance from OpenAP: true airspeed and fuel flow at a flight level.

Speeds in knots (TAS), fuel flow in kg/s, masses in kg.  The cruise Mach number comes from
OpenAP's aircraft data; the speed of sound from the ISA atmosphere at the cruise level.  Fuel
flow is OpenAP's en-route model at 85 % of the maximum take-off mass (a mid-cruise planning
mass).  Unknown types fall back to Mach 0.82 and no fuel figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

DEFAULT_MACH = 0.82
CRUISE_MASS_SHARE = 0.85
CO2_PER_KG_FUEL = 3.16  # ICAO carbon emissions calculator, jet fuel


@dataclass(frozen=True, slots=True)
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


@cache
def performance(aircraft: str | None, flight_level: int) -> Performance:
    """Cruise TAS and fuel flow for ``aircraft`` (ICAO type) at ``flight_level``."""
    altitude_ft = flight_level * 100.0
    if aircraft is None:
        tas = DEFAULT_MACH * speed_of_sound_kt(altitude_ft)
        return Performance(None, flight_level, DEFAULT_MACH, tas, None, "default Mach 0.82")
    try:
        from openap import FuelFlow, prop

        data = prop.aircraft(aircraft)
        mach = float(data["cruise"]["mach"])
        tas = mach * speed_of_sound_kt(altitude_ft)
        mass = CRUISE_MASS_SHARE * float(data["mtow"])
        fuel = float(FuelFlow(aircraft).enroute(mass=mass, tas=tas, alt=altitude_ft))
        return Performance(aircraft, flight_level, mach, tas, fuel, "OpenAP")
    except Exception:
        tas = DEFAULT_MACH * speed_of_sound_kt(altitude_ft)
        return Performance(aircraft, flight_level, DEFAULT_MACH, tas, None,
                           f"{aircraft} unknown to OpenAP: default Mach 0.82")  # fmt: skip
