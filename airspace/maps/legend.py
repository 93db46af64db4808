"""The legend: fixed labels and escaped data strings only."""

from __future__ import annotations

from typing import Any

from airspace.maps import style
from airspace.maps.layers import LayerSpec
from airspace.maps.text import esc


def _swatch(spec: LayerSpec) -> str:
    s: dict[str, Any] = spec.swatch
    colour = esc(s.get("color", "#000"))
    if "radius" in s:
        fill = esc(s.get("fillColor", colour))
        return f'<span class="sw dot" style="background:{fill};border-color:{colour}"></span>'
    dash = "dashed" if s.get("dashArray") else "solid"
    if s.get("fill") is False:
        if spec.casing:
            casing = esc(spec.casing.get("color", "#000"))
            return (
                f'<span class="sw casing" style="background:{casing}">'
                f'<span style="border-top:3px dashed {colour}"></span></span>'
            )
        if s.get("dashArray", "").startswith(("1 ", "2 ")):
            dash = "dotted"
        return f'<span class="sw line" style="border-top:3px {dash} {colour}"></span>'
    fill = esc(s.get("fillColor", colour))
    if s.get("dashArray", "").startswith(("1 ", "2 ")):
        dash = "dotted"
    return (
        f'<span class="sw" style="background:{fill};opacity:0.85;'
        f'border:2px {dash} {colour}"></span>'
    )


def _ramp() -> str:
    colours = "".join(f'<span style="background:{c}"></span>' for c in style.ALTITUDE_COLOURS)
    labels = "".join(f"<small>{edge:g}</small>" for edge in style.ALTITUDE_EDGES_KM)
    return f'<div class="ramp">{colours}<br>{labels} km</div>'


def legend_html(specs: list[LayerSpec]) -> str:
    """The legend: one entry per layer shown, the altitude ramp, what faded means."""
    entries = "".join(
        f'<div class="entry" data-layer="{esc(spec.id)}">{_swatch(spec)}'
        f"<span>{esc(spec.name)}</span></div>"
        for spec in specs
    )
    ramp = _ramp() if any(spec.id == "trajectories" for spec in specs) else ""
    faded = (
        '<div class="note">Faded: not active at the time chosen below. '
        "Flow lines are as wide as their traffic.</div>"
        if specs
        else ""
    )
    return f"{entries}{ramp}{faded}"
