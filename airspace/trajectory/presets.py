"""Launch-vehicle presets: the published sequence of common launcher families.

A preset lists the ascent states providers publish (time after lift-off, height, ground-relative
speed: press kits, webcast telemetry, national notices) and the parts that leave the vehicle:
stages and fairings, each with its separation time, what happens to it (``drop``: falls in a
drop zone; ``landing``: flies to a landing point such as a droneship; ``return``: comes back to
the launch site; ``none``: nothing falls) and a ballistic coefficient for its fall.  After its
last state the vehicle is in orbit (``final='orbit'``) or its upper stage falls back on a
suborbital arc (``final='fall'``).  Every figure carries its source; figures no provider
publishes are marked *estimated* or *calibrated* and say on what.

Scenario files override any field of a preset (``stages:``, ``fairing:``), and name new parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final, Literal

from airspace.trajectory.ascent import Knot

Fate = Literal["drop", "landing", "return", "none"]
FinalPhase = Literal["orbit", "fall"]

# Ballistic coefficients (m / (C_D A), kg/m^2) of falling parts: estimated from published dry
# masses and diameters with C_D ~ 1 (a tumbling cylinder); fairing halves from their mass over
# the half-shell's broadside area.  The fall range depends weakly on them above ~1,000 kg/m^2.
BETA_SPENT_STAGE: Final = 2_000.0
BETA_FAIRING_HALF: Final = 50.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """A part leaving the vehicle at ``time_s`` after lift-off (its state is the ascent's)."""

    name: str
    time_s: float
    fate: Fate = "drop"
    ballistic_coefficient_kg_m2: float = BETA_SPENT_STAGE
    landing_time_s: float | None = None
    """Published time of a landing or return (s after lift-off), when the provider gives one."""
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Launcher:
    """A launcher family: its ascent states, its separating parts and its final phase."""

    name: str
    knots: tuple[Knot, ...]
    parts: tuple[Part, ...]
    final: FinalPhase
    vertical_rise_s: float = 10.0
    final_ballistic_coefficient_kg_m2: float = BETA_SPENT_STAGE
    sources: tuple[str, ...] = field(default_factory=tuple)
    aliases: tuple[str, ...] = ()

    def part(self, name: str) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)

    def with_parts(self, parts: tuple[Part, ...]) -> Launcher:
        return replace(self, parts=tuple(sorted(parts, key=lambda p: p.time_s)))


_F9 = (
    "SpaceX Falcon 9 mission timelines on spacex.com/launches (Starlink missions from SLC-40, "
    "2023-2024: MECO T+2:27, stage separation T+2:31, fairing T+2:4x-2:5x, first-stage landing "
    "T+8:1x-8:3x, SECO-1 T+8:3x-8:4x) and webcast telemetry (MECO near 8,300 km/h at 65-70 km; "
    "SECO near 27,000 km/h)"
)
_STARSHIP = (
    "SpaceX Starship flight test pages and webcasts, flights 5-8 (2024-2025): hot staging "
    "T+2:4x near 65 km and 5,500 km/h, booster caught at the tower about T+7:00, ship engine "
    "cut-off T+8:3x near 150 km and 26,500 km/h, splashdown in the Indian Ocean about 66 min "
    "after lift-off; the cut-off speed (7,380 m/s ground-relative) and angle (0.5 deg) are "
    "calibrated on that 66 min: a near-orbital arc's length changes by minutes per 10 m/s"
)
_CHOLLIMA = (
    "KCNA, 22 Nov 2023: satellite in orbit 705 s after the 22:42:28 KST launch; stage states "
    "not published: calibrated on the May 2023 notified danger areas (docs/trajectory.md)"
)
_NURI = (
    "KARI / Ministry of Science and ICT launch briefings, 21 Oct 2021 and 21 Jun 2022: first "
    "stage separates at 59 km about T+127 s, fairing at 191 km about T+233 s, second stage at "
    "258 km about T+274 s, third-stage cut-off near 700 km about T+13 min; speeds estimated"
)

PRESETS: Final[dict[str, Launcher]] = {
    p.name: p
    for p in (
        Launcher(
            name="Falcon 9",
            knots=(
                Knot(name="MECO", time_s=147.0, height_m=68_000.0, speed_m_s=2_300.0),
                Knot(
                    name="SECO-1",
                    time_s=515.0,
                    height_m=215_000.0,
                    speed_m_s=7_450.0,
                    flight_path_angle_deg=0.0,
                ),
            ),
            parts=(
                Part(
                    name="stage 1",
                    time_s=151.0,
                    fate="landing",
                    landing_time_s=495.0,
                    ballistic_coefficient_kg_m2=2_500.0,
                    source=_F9,
                ),
                Part(
                    name="fairing",
                    time_s=170.0,
                    fate="drop",
                    ballistic_coefficient_kg_m2=BETA_FAIRING_HALF,
                    source=_F9,
                ),
            ),
            final="orbit",
            sources=(_F9,),
            aliases=("F9", "Falcon-9"),
        ),
        Launcher(
            name="Starship",
            knots=(
                Knot(name="hot staging", time_s=162.0, height_m=65_000.0, speed_m_s=1_530.0),
                Knot(
                    name="SECO",
                    time_s=515.0,
                    height_m=150_000.0,
                    speed_m_s=7_380.0,
                    flight_path_angle_deg=0.5,
                ),
            ),
            parts=(
                Part(
                    name="Super Heavy",
                    time_s=162.0,
                    fate="return",
                    landing_time_s=420.0,
                    source=_STARSHIP,
                ),
            ),
            final="fall",
            final_ballistic_coefficient_kg_m2=250.0,
            sources=(_STARSHIP,),
            aliases=("Starship/Super Heavy", "Super Heavy"),
        ),
        Launcher(
            name="Chollima-1",
            knots=(
                Knot(name="stage 1 cut-off", time_s=140.0, height_m=55_000.0, speed_m_s=1_800.0),
                Knot(name="stage 2 cut-off", time_s=330.0, height_m=230_000.0, speed_m_s=4_800.0),
                Knot(
                    name="orbit",
                    time_s=705.0,
                    height_m=500_000.0,
                    speed_m_s=7_200.0,
                    flight_path_angle_deg=0.0,
                ),
            ),
            parts=(
                Part(name="stage 1", time_s=142.0, source=_CHOLLIMA),
                Part(
                    name="fairing",
                    time_s=190.0,
                    ballistic_coefficient_kg_m2=BETA_FAIRING_HALF,
                    source=_CHOLLIMA,
                ),
                Part(name="stage 2", time_s=332.0, source=_CHOLLIMA),
            ),
            final="orbit",
            sources=(_CHOLLIMA,),
            aliases=("Chollima", "Chollima 1"),
        ),
        Launcher(
            name="Nuri",
            knots=(
                Knot(name="stage 1 separation", time_s=127.0, height_m=59_000.0, speed_m_s=1_850.0),
                Knot(
                    name="stage 2 separation", time_s=274.0, height_m=258_000.0, speed_m_s=4_000.0
                ),
                Knot(
                    name="stage 3 cut-off",
                    time_s=780.0,
                    height_m=700_000.0,
                    speed_m_s=7_100.0,
                    flight_path_angle_deg=0.0,
                ),
            ),
            parts=(
                Part(name="stage 1", time_s=127.0, source=_NURI),
                Part(
                    name="fairing",
                    time_s=233.0,
                    ballistic_coefficient_kg_m2=BETA_FAIRING_HALF,
                    source=_NURI,
                ),
                Part(name="stage 2", time_s=274.0, source=_NURI),
            ),
            final="orbit",
            sources=(_NURI,),
            aliases=("KSLV-II",),
        ),
    )
}


def preset_for(name: str) -> Launcher | None:
    """The preset named ``name`` (case-insensitive, aliases too), or ``None``."""
    key = name.strip().casefold()
    for preset in PRESETS.values():
        if key in (n.casefold() for n in (preset.name, *preset.aliases)):
            return preset
    return None
