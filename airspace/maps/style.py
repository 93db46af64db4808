"""The map's visual language: one colour-blind-safe palette (Okabe & Ito 2008, the eight colours
told apart under protanopia, deuteranopia and tritanopia) and the Leaflet styles built from it.

- closure areas: computed zones vermillion and solid, declared zones orange and dashed,
  recommended zones reddish purple and dotted (colour *and* line pattern differ);
- closed airways: a black line with a yellow dashed core, unlike any area;
- flows: baselines blue and dashed, the suggested reroute bluish green and solid, the other
  reroutes green and dotted; line width grows with flights per day;
- trajectories: altitude ramp (plasma, perceptually ordered); overflight alerts sky blue;
  launch sites black, impact points white with a black rim.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

BLACK: Final = "#000000"
ORANGE: Final = "#E69F00"
SKY_BLUE: Final = "#56B4E9"
BLUISH_GREEN: Final = "#009E73"
YELLOW: Final = "#F0E442"
BLUE: Final = "#0072B2"
VERMILLION: Final = "#D55E00"
REDDISH_PURPLE: Final = "#CC79A7"

LAND: Final = "#ece8df"
SEA: Final = "#cfe0ee"
COAST: Final = "#7d93a6"
BORDER: Final = "#8c7f6f"

#: Altitude colour ramp of trajectories: lower edges in km and colours (plasma).
ALTITUDE_EDGES_KM: Final = (0.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0)
ALTITUDE_COLOURS: Final = (
    "#0d0887",
    "#5b02a3",
    "#9a179b",
    "#cb4678",
    "#eb7852",
    "#fbb32f",
    "#f0f921",
)


def fill(
    colour: str, opacity: float, dash: str | None = None, weight: float = 2.0, line: str = ""
) -> dict[str, Any]:
    style: dict[str, Any] = {
        "color": line or colour,
        "weight": weight,
        "opacity": 0.95,
        "fillColor": colour,
        "fillOpacity": opacity,
    }
    if dash:
        style["dashArray"] = dash
    return style


def line(
    colour: str, weight: float, dash: str | None = None, opacity: float = 0.9
) -> dict[str, Any]:
    style: dict[str, Any] = {"color": colour, "weight": weight, "opacity": opacity, "fill": False}
    if dash:
        style["dashArray"] = dash
    return style


def dot(colour: str, fill_colour: str, radius: float) -> dict[str, Any]:
    return {
        "color": colour,
        "weight": 1.5,
        "fillColor": fill_colour,
        "fillOpacity": 1.0,
        "radius": radius,
    }


#: Closure areas by class (see ``airspace.maps.data.closure_class``).
CLOSURE_STYLES: Final = {
    "computed": fill(VERMILLION, 0.35, weight=2.0, line="#8f3d00"),
    "declared": fill(ORANGE, 0.3, "8 5", weight=2.5, line="#7a5300"),
    "recommended": fill(REDDISH_PURPLE, 0.2, "2 5", weight=2.5, line="#8e3f6f"),
    "threat": fill(YELLOW, 0.08, "10 6", weight=1.5, line="#7a6a00"),
}
#: Closed airways: a black casing under a dashed yellow core.
AIRWAY_CASING: Final = line(BLACK, 7.0, opacity=0.9)
AIRWAY_CORE: Final = line(YELLOW, 3.0, "8 8", opacity=1.0)
BASELINE: Final = line(BLUE, 3.0, "8 6", opacity=0.85)
REROUTE: Final = line(BLUISH_GREEN, 3.5, opacity=0.95)
ALTERNATIVE: Final = line(BLUISH_GREEN, 2.0, "1 6", opacity=0.9)
RECOMMENDED_REROUTE: Final = line(REDDISH_PURPLE, 3.0, "3 6", opacity=0.9)
#: Airways a posture recommends closing: reddish purple and dashed, apart from closed ones.
RECOMMENDED_AIRWAY: Final = line(REDDISH_PURPLE, 4.0, "10 7", opacity=0.9)
FIR: Final = line("#555555", 1.2, "6 5", opacity=0.7)
FIR_OFFICIAL: Final = line("#555555", 1.4, opacity=0.7)
NETWORK: Final = line("#8c8c8c", 0.9, opacity=0.5)
ALERT: Final = dot(BLACK, SKY_BLUE, 5.0)
LAUNCH_SITE: Final = dot("#ffffff", BLACK, 6.0)
IMPACT: Final = dot(BLACK, "#ffffff", 5.0)


def traffic_weight(per_day: float, most: float) -> float:
    """Line width (px) of a flow corridor: 2.5 px, up to 7 px for the busiest in the map."""
    if most <= 0 or not np.isfinite(per_day):
        return 2.5
    return 2.5 + 4.5 * float(np.sqrt(max(per_day, 0.0) / most))


def altitude_colour(alt_km: float) -> str:
    """Colour of the ramp bin holding ``alt_km``."""
    index = int(np.searchsorted(ALTITUDE_EDGES_KM, alt_km, side="right")) - 1
    return ALTITUDE_COLOURS[max(0, min(index, len(ALTITUDE_COLOURS) - 1))]
