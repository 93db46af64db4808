"""Legend and title boxes: fixed labels and escaped data strings only."""

from __future__ import annotations

from typing import Any

from airspace.maps import layers
from airspace.maps.layers import LayerSpec
from airspace.maps.text import esc


def _swatch(style: dict[str, Any]) -> str:
    colour = esc(style.get("color", "#000"))
    if "radius" in style:
        fill = esc(style.get("fillColor", colour))
        return f'<span class="sw dot" style="background:{fill};border-color:{colour}"></span>'
    if style.get("fill") is False:
        dash = "dashed" if style.get("dashArray") else "solid"
        return f'<span class="sw line" style="border-top:3px {dash} {colour}"></span>'
    fill = esc(style.get("fillColor", colour))
    dash = "dashed" if style.get("dashArray") else "solid"
    return (
        f'<span class="sw" style="background:{fill};opacity:0.8;border:1px {dash} {colour}"></span>'
    )


def _ramp() -> str:
    colours = "".join(f'<span style="background:{c}"></span>' for c in layers.ALTITUDE_COLOURS)
    labels = "".join(f"<small>{edge:g}</small>" for edge in layers.ALTITUDE_EDGES_KM)
    return f'<div class="ramp">{colours}<br>{labels} km</div>'


def legend_html(name: str, specs: list[LayerSpec]) -> str:
    """The legend: the scenario name, one entry per layer shown, and the altitude ramp."""
    entries = "".join(
        f'<div class="entry">{_swatch(spec.swatch)}<span>{esc(spec.name)}</span></div>'
        for spec in specs
    )
    ramp = _ramp() if any(spec.name.startswith("Trajectories") for spec in specs) else ""
    return f"<b>{esc(name)}</b>{entries}{ramp}"


def title_html(name: str) -> str:
    """The title box: the scenario name."""
    return esc(name)
