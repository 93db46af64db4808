"""The offline map in a real browser: headless Chromium (Debian's ``chromium``) via Playwright.

The page is opened from a local file with every non-file request aborted.  Locally the tests skip
when ``/usr/bin/chromium`` or Playwright is missing; in CI (``CI=true``) they fail instead.
Set ``AIRSPACE_MAP_SCREENSHOT=docs/map.png`` to refresh the README screenshot.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from airspace.maps import build_map
from tests.map_fixtures import (
    CLOSURE_CLICK_LATLON,
    EXPECTED_LAYERS,
    NOTAM_LINE,
    SCRIPT_PAYLOAD,
    east_asia,
    hostile,
)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
# JavaScript: the folium map object (a global named map_<hash>)
MAP_JS = "Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map)"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@dataclass
class Page:
    page: Any
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def map_name(self) -> str:
        names = self.page.evaluate(MAP_JS)
        assert len(names) == 1
        return str(names[0])


def _open(browser: Any, html_path: Path) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    result = Page(page)
    page.on("console", lambda m: m.type == "error" and result.console_errors.append(m.text))
    page.on("pageerror", lambda e: result.console_errors.append(str(e)))

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            result.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(html_path.as_uri(), wait_until="load")
    page.wait_for_selector(".leaflet-control-layers")
    yield result
    context.close()


@pytest.fixture(scope="module")
def maps_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("maps")
    build_map(east_asia(), offline=True).save(str(out / "map.html"))
    build_map(hostile(), offline=True).save(str(out / "hostile.html"))
    return out


@pytest.fixture
def realistic(browser: Any, maps_dir: Path) -> Iterator[Page]:
    yield from _open(browser, maps_dir / "map.html")


@pytest.fixture
def injected(browser: Any, maps_dir: Path) -> Iterator[Page]:
    yield from _open(browser, maps_dir / "hostile.html")


def test_offline_map_loads_with_all_layers_and_controls(realistic: Page) -> None:
    page = realistic.page
    assert page.evaluate("typeof window.L === 'object' && L.version") == "1.9.3"
    overlays = page.eval_on_selector_all(
        ".leaflet-control-layers-overlays label", "els => els.map(e => e.textContent.trim())"
    )
    assert overlays == list(EXPECTED_LAYERS)
    assert page.locator(".leaflet-control-layers-base label").count() == 1  # the coastline
    assert page.locator(".airspace-legend .entry").count() == len(EXPECTED_LAYERS)
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".airspace-slider input[type=range]").count() == 1
    assert page.locator("a.airspace-button").count() == 2  # fullscreen, measure
    # the coastline is drawn as SVG paths, and every data layer is on the map
    assert page.locator("path.leaflet-interactive").count() > len(EXPECTED_LAYERS)
    page.mouse.move(700, 450)
    assert re.fullmatch(r"\d+\.\d{4}[NS] \d+\.\d{4}[EW]", page.inner_text(".airspace-mouse"))
    assert realistic.console_errors == []
    assert realistic.blocked == []  # nothing tried to leave the file


def test_switching_a_layer_off_removes_it(realistic: Page) -> None:
    page = realistic.page
    label = page.locator(".leaflet-control-layers-overlays label", has_text="Closure zones")
    before = page.locator("path.leaflet-interactive").count()
    page.hover(".leaflet-control-layers")  # the control is collapsed until hovered
    label.locator("input").click()
    assert page.locator("path.leaflet-interactive").count() == before - 2  # two closures


def test_clicking_a_closure_shows_its_notam(realistic: Page) -> None:
    page = realistic.page
    lat, lon = CLOSURE_CLICK_LATLON
    x, y = page.evaluate(
        f"(() => {{ const m = window[{MAP_JS}[0]];"
        f" const p = m.latLngToContainerPoint([{lat}, {lon}]);"
        " const r = m.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; })()"
    )
    page.mouse.click(x, y)
    popup = page.wait_for_selector(".leaflet-popup-content")
    content = popup.inner_text()
    assert NOTAM_LINE in content
    assert "Closure B467-closure" in content
    assert "2022-11-02 01:58Z (10:58 KST)" in content
    assert realistic.console_errors == []


def test_time_slider_shows_which_closures_are_active(realistic: Page) -> None:
    page = realistic.page
    slider = page.locator(".airspace-slider")
    t0_ms = float(slider.get_attribute("data-t0") or "nan")
    step_ms = float(slider.get_attribute("data-step") or "nan")
    start = pd.Timestamp("2022-11-02T01:51:00Z").value / 1e6

    def active_at(minutes_after_launch: float) -> str:
        value = round((start + minutes_after_launch * 60_000 - t0_ms) / step_ms)
        page.evaluate(
            "v => { const i = document.querySelector('.airspace-slider input[type=range]');"
            " i.value = v; i.dispatchEvent(new Event('input')); }",
            value,
        )
        return str(slider.get_attribute("data-active"))

    assert slider.get_attribute("data-active") == "all"
    assert active_at(30) == "2"  # both windows open
    assert active_at(180) == "1"  # the Yellow Sea closure ended after 2 h
    assert active_at(26 * 60) == "0"  # after both
    # UTC and local time (Asia/Seoul is UTC+9)
    label = page.inner_text(".airspace-slider-label")
    match = re.fullmatch(r"2022-11-03 (\d\d):(\d\d)Z \((\d\d):(\d\d) GMT\+9\): 0 active", label)
    assert match is not None, label
    utc_h, utc_min, local_h, local_min = (int(g) for g in match.groups())
    assert (local_h, local_min) == ((utc_h + 9) % 24, utc_min)


def test_injected_strings_execute_nothing(injected: Page) -> None:
    page = injected.page
    # open every popup and tooltip so that each escaped string reaches the DOM
    opened = page.evaluate(
        f"(() => {{ const m = window[{MAP_JS}[0]]; let n = 0;"
        " m.eachLayer(l => { if (l.getPopup && l.getPopup()) { l.openPopup(); n++; }"
        " if (l.getTooltip && l.getTooltip()) { l.openTooltip(); n++; } }); return n; })()"
    )
    assert opened > 20
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 200)))")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert (
        page.locator(".airspace-popup img, .leaflet-tooltip img, .airspace-legend img").count() == 0
    )
    # the payload is shown as text
    assert SCRIPT_PAYLOAD in page.inner_text(".airspace-title")
    assert SCRIPT_PAYLOAD in page.inner_text(".airspace-legend")
    assert injected.blocked == []
    assert injected.console_errors == []


def test_screenshot(realistic: Page, tmp_path: Path) -> None:
    target = tmp_path / "map.png"
    realistic.page.screenshot(path=str(target))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    wanted = os.environ.get("AIRSPACE_MAP_SCREENSHOT")
    if wanted:
        Path(wanted).write_bytes(data)


def test_missing_browser_fails_in_ci_and_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        _unavailable("no chromium")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _unavailable("no chromium")
