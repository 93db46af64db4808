"""Vehicle classes: boost-phase defaults per class of ballistic missile or satellite launcher.

The boost phase is deliberately simple (see ``boost.py``): over ``burn_time_s`` the speed grows
as the square of the elapsed fraction of the burn (thrust roughly constant while the mass falls),
the vehicle rises vertically for ``vertical_rise_s`` and then pitches over linearly in time to its
burnout flight-path angle.  Separations (spent stages, fairings) happen at fixed times after
launch and fall freely from their separation state.

Sources of the defaults (also in ``docs/trajectory.md``):

* * range classes (upper range bound, used for the maximum burnout speed): SRBM < 1,000 km, MRBM
  1,000-3,000 km, IRBM 3,000-5,500 km, ICBM > 5,500 km, as defined in NASIC, *Ballistic and Cruise
  Missile Threat* (2017).  ``max_burnout_speed_m_s`` is the minimum-energy burnout speed of a
  symmetric arc over that upper bound (Bate, Mueller & White, *Fundamentals of Astrodynamics*
  (1971), ch. 6; rounded up).  ICBM and SLV: 8,300 m/s, above circular speed at the surface (7,900
  m/s); the 2023-07-12 Hwasong-18 (6,648 km apogee over 1,001 km) needs about 7,560 m/s at its
  modelled 400 km burnout height and more while the solver starts from a burnout on the ground.
* * burn times: *calibrated* (not published) so that the modelled flight times of the four published
  North Korean flights (docs/trajectory.md, table of flights) fall within 6 % (IRBM on 2017-08-29
  and 2022-10-04, ICBM on 2017-11-29 and 2023-07-12); SRBM and MRBM values are of the same model
  scaled to their shorter, single-stage burns and are not validated against a published flight.
* separation times: nominal (illustrative) fractions of the burn; SLV separations follow the
  usual two-stage launcher sequence (first-stage separation, then fairing jettison early in
  the upper-stage burn); the upper stage's own fall is the modelled flight to its given fall
  area.  Not validated against a published launch.

Every default is overridable: ``VEHICLES["IRBM"].with_overrides(burn_time_s=120.0)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal

VehicleClass = Literal["SRBM", "MRBM", "IRBM", "ICBM", "SLV"]


@dataclass(frozen=True, slots=True)
class Separation:
    """A part that leaves the vehicle ``time_s`` after launch and falls freely to the surface."""

    name: str
    time_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Vehicle:
    """Boost-phase parameters of one vehicle (class defaults, or overridden).

    ``burn_time_s``: powered flight from lift-off to burnout (s).
    ``vertical_rise_s``: vertical climb before the pitch-over starts (s).
    ``max_burnout_speed_m_s``: fastest burnout speed the class reaches (m/s, inertial); bounds
    the ranges and apogees a request may ask for.
    ``max_range_km``: nominal upper range bound of the class (km), for messages.
    ``separations``: spent stages and fairings, in time order, all at or before burnout.
    ``shorter_burn_below_top_speed``: a flight needing burnout speed ``v`` below the top speed
    cuts off early, after ``burn_time_s * sqrt(v / max_burnout_speed_m_s)`` (the same speed
    profile stopped sooner); separations and the vertical rise scale with it.  Launchers
    (``SLV``) burn to the end.
    """

    name: str
    burn_time_s: float
    vertical_rise_s: float
    max_burnout_speed_m_s: float
    max_range_km: float
    separations: tuple[Separation, ...] = ()
    source: str = ""
    shorter_burn_below_top_speed: bool = True

    def __post_init__(self) -> None:
        if self.burn_time_s < 0.0:
            raise ValueError(f"burn time {self.burn_time_s} s is negative (expected >= 0 s)")
        if not 0.0 <= self.vertical_rise_s <= max(self.burn_time_s, 0.0):
            raise ValueError(
                f"vertical rise {self.vertical_rise_s} s is outside the burn "
                f"(expected 0 to {self.burn_time_s} s)"
            )
        if self.max_burnout_speed_m_s <= 0.0:
            raise ValueError("max_burnout_speed_m_s must be positive")
        for part in self.separations:
            if not 0.0 < part.time_s <= self.burn_time_s:
                raise ValueError(
                    f"separation {part.name!r} at {part.time_s} s is outside the burn "
                    f"(expected 0 < t <= {self.burn_time_s} s)"
                )

    def with_overrides(
        self,
        *,
        burn_time_s: float | None = None,
        vertical_rise_s: float | None = None,
        max_burnout_speed_m_s: float | None = None,
        separations: tuple[Separation, ...] | None = None,
    ) -> Vehicle:
        """A copy with some defaults replaced; separations are rescaled to a new burn time
        unless given explicitly."""
        burn = self.burn_time_s if burn_time_s is None else burn_time_s
        scale = burn / self.burn_time_s if self.burn_time_s > 0 else 1.0
        parts = separations
        if parts is None:
            parts = tuple(Separation(p.name, p.time_s * scale) for p in self.separations)
        rise = self.vertical_rise_s * scale if vertical_rise_s is None else vertical_rise_s
        return replace(
            self,
            burn_time_s=burn,
            vertical_rise_s=rise,
            max_burnout_speed_m_s=(
                self.max_burnout_speed_m_s
                if max_burnout_speed_m_s is None
                else max_burnout_speed_m_s
            ),
            separations=parts,
            source=self.source + " (overridden)",
        )


_CALIBRATED: Final = "burn time calibrated on the published flights of docs/trajectory.md"
_SCALED: Final = "burn time scaled from the calibrated classes (not validated)"
_NASIC: Final = "range class: NASIC Ballistic and Cruise Missile Threat (2017)"

VEHICLES: Final[dict[str, Vehicle]] = {
    "SRBM": Vehicle(
        name="SRBM",
        burn_time_s=60.0,
        vertical_rise_s=6.0,
        max_burnout_speed_m_s=3_050.0,
        max_range_km=1_000.0,
        separations=(),
        source=f"{_NASIC}; {_SCALED}",
    ),
    "MRBM": Vehicle(
        name="MRBM",
        burn_time_s=80.0,
        vertical_rise_s=8.0,
        max_burnout_speed_m_s=4_900.0,
        max_range_km=3_000.0,
        separations=(),
        source=f"{_NASIC}; {_SCALED}",
    ),
    "IRBM": Vehicle(
        name="IRBM",
        burn_time_s=75.0,
        vertical_rise_s=8.0,
        max_burnout_speed_m_s=6_100.0,
        max_range_km=5_500.0,
        separations=(),
        source=f"{_NASIC}; {_CALIBRATED}",
    ),
    "ICBM": Vehicle(
        name="ICBM",
        burn_time_s=170.0,
        vertical_rise_s=10.0,
        max_burnout_speed_m_s=7_745.0,
        max_range_km=15_000.0,
        separations=(Separation("stage 1", 80.0),),
        source=f"{_NASIC}; {_CALIBRATED}",
    ),
    "SLV": Vehicle(
        name="SLV",
        burn_time_s=300.0,
        vertical_rise_s=15.0,
        max_burnout_speed_m_s=8_300.0,
        max_range_km=20_000.0,
        separations=(Separation("stage 1", 140.0), Separation("fairing", 200.0)),
        source="two-stage launcher sequence, nominal times (not validated); the upper stage is the "
        "modelled flight itself, to its given fall area",
        shorter_burn_below_top_speed=False,
    ),
}


def vehicle_for(spec: str | Vehicle | None, default: str = "IRBM") -> Vehicle:
    """The ``Vehicle`` for a class name (``'ICBM'``), a ``Vehicle`` instance or ``None``."""
    if isinstance(spec, Vehicle):
        return spec
    key = (spec or default).upper()
    if key not in VEHICLES:
        raise ValueError(f"unknown vehicle class {spec!r} (expected one of {', '.join(VEHICLES)})")
    return VEHICLES[key]
