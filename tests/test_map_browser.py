"""The offline map in a real browser: headless Chromium (Debian's ``chromium``) via Playwright.

The maps are built through the public API (``airspace.run(...).save(out, offline_map=True)``,
what ``airspace run --offline`` does) from the bundled scenario and from
``tests/data/evil-scenario.yaml`` (script payloads in its name, ids and reasons); a synthetic
fixture covers what the bundled scenario lacks (a stage drop zone, two closure windows for the
time slider).  Pages are opened from a local file with every non-file request aborted.  Locally
the tests skip when ``/usr/bin/chromium`` or Playwright is missing; in CI (``CI=true``) they fail.
Set ``AIRSPACE_MAP_SCREENSHOT=docs/map.png`` to refresh the README screenshot.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import shapely

import airspace
from airspace.advisory import Advisory
from airspace.maps import build_map
from airspace.maps.assets import LEAFLET_VERSION
from airspace.maps.elements import DataLayer
from airspace.render import MapView
from tests.map_fixtures import (
    EXPECTED_LAYERS,
    IMG_PAYLOAD,
    SCRIPT_PAYLOAD,
    east_asia,
    hostile,
)

ROOT = Path(__file__).resolve().parents[1]
SOKCHO = ROOT / "scenarios" / "2022-11-02-sokcho.yaml"
EVIL = ROOT / "tests" / "data" / "evil-scenario.yaml"
MAX_MAP_BYTES = 3 * 1024 * 1024

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
# JavaScript: the folium map object (a global named map_<hash>) and the layer control's overlays
MAP_JS = "Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map)"
OVERLAYS_JS = "window[Object.keys(window).find(k => /^layer_control_.*_layers$/.test(k))].overlays"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


# ---- maps built through the public API ----------------------------------------------------


@dataclass(frozen=True)
class Built:
    advisory: Advisory
    out: Path  # the folder ``Advisory.save`` wrote

    @property
    def html(self) -> Path:
        return self.out / "map.html"


def _build(scenario: Path, out: Path) -> Built:
    advisory = airspace.run(scenario)
    return Built(advisory, advisory.save(out, offline_map=True))


@pytest.fixture(scope="module")
def sokcho(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(SOKCHO, tmp_path_factory.mktemp("sokcho") / "out")


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(EVIL, tmp_path_factory.mktemp("evil") / "out")


def _expected_layers(a: Advisory) -> dict[str, int]:
    """Overlay name -> feature count, in drawing order, from the advisory's non-empty tables."""
    areas = a.hazards[a.hazards.geometry.notna()]  # airway closures are drawn as segments
    kinds = areas["kind"].value_counts()
    segments = a.affected_segments.drop_duplicates(["closure", "route", "from_fix", "to_fix"])
    counts = {
        "FIR boundaries": len(MapView.of(a).firs),
        "Route network (in view)": -1,  # clipped to the view: any positive number
        "Dispersion areas": int(kinds.get("impact", 0)),
        "Stage drop zones": int(kinds.get("stage-drop", 0)),
        "Hazard volumes (ascent, descent, declared)": int(
            sum(kinds.get(k, 0) for k in ("ascent", "descent", "declared"))
        ),
        "Flows: baseline paths": len(a.flows),
        "Flows: suggested reroutes": int(a.reroutes["suggested"].sum()),
        "Affected route segments": len(segments),
        "Overflight alerts": len(a.alerts),
        "Trajectories (colour = altitude)": -1,  # one line per altitude band
        "Closure zones": len(a.closures),
        "Launch sites and impact points": 2 * len(a.computed.trajectories),
    }
    return {name: n for name, n in counts.items() if n != 0}


def test_bundled_offline_map_is_small_and_fetches_nothing(sokcho: Built) -> None:
    html = sokcho.html.read_text(encoding="utf-8")
    assert sokcho.html.stat().st_size < MAX_MAP_BYTES
    # grep -E "https?://": only Leaflet's link in the attribution prefix
    urls = [m for m in re.finditer(r"https?://[^\s\"'<>)]*", html)]
    assert [m.group() for m in urls] == ["https://leafletjs.com"]
    start = urls[0].start()
    assert html[start - len("prefix:'<a href=\"") : start] == "prefix:'<a href=\""


def test_bundled_flows_across_the_antimeridian_are_continuous(sokcho: Built) -> None:
    """The advisory splits the trans-Pacific paths at 180 deg (RFC 7946); the map joins them."""
    a = sokcho.advisory
    assert any(g.geom_type == "MultiLineString" for g in a.flows.geometry)
    m = a.map(offline=True)
    layers = {
        c.layer_name: json.loads(c.data_json)
        for c in m._children.values()
        if isinstance(c, DataLayer)
    }
    for name in ("Flows: baseline paths", "Flows: suggested reroutes"):
        for f in layers[name]["features"]:
            assert f["geometry"]["type"] == "LineString"
            lons = [x for x, _ in f["geometry"]["coordinates"]]
            assert max(abs(b - a) for a, b in itertools.pairwise(lons)) < 30
    la = [f for f in layers["Flows: baseline paths"]["features"] if "KLAX" in f["properties"]["_t"]]
    assert la[0]["geometry"]["coordinates"][-1][0] == pytest.approx(360 - 118.41, abs=0.01)


def test_save_writes_one_html_output(evil: Built) -> None:
    """Only HTML outputs must escape scenario text, and ``map.html`` is the only one."""
    names = sorted(p.name for p in evil.out.iterdir())
    assert "map.html" in names and "report.md" in names
    for path in evil.out.iterdir():
        if path.name == "map.html":
            continue
        assert path.suffix not in {".html", ".htm", ".svg", ".xhtml"}
        head = path.read_text(encoding="utf-8")[:200].lstrip().lower()
        assert not head.startswith(("<!doctype", "<html")), path.name
    # the payloads really are in the scenario the map was built from
    sc = evil.advisory.scenario
    assert SCRIPT_PAYLOAD in sc.name and IMG_PAYLOAD in sc.name
    assert all(SCRIPT_PAYLOAD in x.id or IMG_PAYLOAD in x.id for x in sc.launches)
    assert all(SCRIPT_PAYLOAD in x.id or IMG_PAYLOAD in x.id for x in sc.closures)
    assert all(SCRIPT_PAYLOAD in x.id or IMG_PAYLOAD in x.id for x in sc.flows)


# ---- the browser -------------------------------------------------------------------------


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
    requests: list[str] = field(default_factory=list)

    def map_name(self) -> str:
        names = self.page.evaluate(MAP_JS)
        assert len(names) == 1
        return str(names[0])

    def overlays(self) -> dict[str, int]:
        """Layer-control overlay name -> number of Leaflet layers (features) in it."""
        counts: dict[str, int] = self.page.evaluate(
            f"(() => {{ const o = {OVERLAYS_JS}; const out = {{}};"
            " for (const k in o) out[k] = o[k].getLayers().length; return out; })()"
        )
        return counts

    def open_every_popup_and_tooltip(self) -> int:
        opened: int = self.page.evaluate(
            f"(() => {{ const m = window[{MAP_JS}[0]]; let n = 0;"
            " m.eachLayer(l => { if (l.getPopup && l.getPopup()) { l.openPopup(); n++; }"
            " if (l.getTooltip && l.getTooltip()) { l.openTooltip(); n++; } }); return n; })()"
        )
        # let error events of anything inserted run before looking at the flag
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
        return opened


def _open(browser: Any, html_path: Path) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    result = Page(page)

    def console(message: Any) -> None:
        if message.type == "error":
            result.console_errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: result.console_errors.extend([str(e)]))
    page.on("request", lambda r: result.requests.extend([r.url]))

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


@pytest.fixture
def bundled(browser: Any, sokcho: Built) -> Iterator[Page]:
    yield from _open(browser, sokcho.html)


@pytest.fixture
def injected(browser: Any, evil: Built) -> Iterator[Page]:
    yield from _open(browser, evil.html)


@pytest.fixture
def synthetic(browser: Any, tmp_path: Path) -> Iterator[Page]:
    path = tmp_path / "synthetic.html"
    build_map(east_asia(), offline=True).save(str(path))
    yield from _open(browser, path)


@pytest.fixture
def hostile_page(browser: Any, tmp_path: Path) -> Iterator[Page]:
    """Payloads also where a scenario file cannot put them (vehicle, FIR names, NOTAM text)."""
    path = tmp_path / "hostile.html"
    build_map(hostile(), offline=True).save(str(path))
    yield from _open(browser, path)


def _labels(page: Any, selector: str) -> list[str]:
    labels: list[str] = page.eval_on_selector_all(
        selector, "els => els.map(e => e.textContent.trim())"
    )
    return labels


def test_bundled_map_loads_offline_with_its_layers_and_legend(bundled: Page, sokcho: Built) -> None:
    page = bundled.page
    assert page.evaluate("typeof window.L === 'object' && L.version") == LEAFLET_VERSION
    expected = _expected_layers(sokcho.advisory)
    # the 2022-11-02 scenario: one SRBM (no stage drop), three closure zones, B467 and L512
    assert list(expected) == [n for n in EXPECTED_LAYERS if n != "Stage drop zones"]
    assert _labels(page, ".leaflet-control-layers-overlays label") == list(expected)
    assert _labels(page, ".airspace-legend .entry") == list(expected)
    counts = bundled.overlays()
    assert list(counts) == list(expected)
    for name, n in expected.items():
        assert counts[name] == n if n > 0 else counts[name] > 0, name
    assert page.locator(".leaflet-control-layers-base label").count() == 1  # the coastline
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".airspace-slider input[type=range]").count() == 1
    assert page.locator("a.airspace-button").count() == 2  # fullscreen, measure
    labels = _labels(page, ".airspace-route-label")
    assert sorted(labels) == sorted(set(sokcho.advisory.affected_segments["route"]))
    assert sorted(labels) == ["B467", "L512"]
    page.mouse.move(700, 450)
    assert re.fullmatch(r"\d+\.\d{4}[NS] \d+\.\d{4}[EW]", page.inner_text(".airspace-mouse"))
    # links only in the attribution control (Leaflet's)
    hrefs = page.eval_on_selector_all(
        "a[href^='http']", "els => els.map(e => !!e.closest('.leaflet-control-attribution'))"
    )
    assert hrefs == [True]
    assert bundled.console_errors == []
    assert bundled.blocked == []  # nothing tried to leave the file


def test_bundled_view_shows_the_scenario(bundled: Page, sokcho: Built) -> None:
    """The opening view holds the launch, every closure zone and affected segment, and the
    start of each reroute; it is regional, not the whole Pacific the flows cross."""
    page = bundled.page
    west, south, east, north = page.evaluate(
        f"(() => {{ const b = window[{MAP_JS}[0]].getBounds();"
        " return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; })()"
    )
    a = sokcho.advisory
    shown = [*a.closures.geometry, *a.affected_segments.geometry]
    shown += [shapely.Point(t.launch.lon, t.launch.lat) for t in a.computed.trajectories.values()]
    x0, y0, x1, y1 = shapely.total_bounds(shown)
    assert west < x0 and x1 < east and south < y0 and y1 < north
    assert east - west < 60  # Los Angeles (118 W) and the Pacific are outside
    for route in a.reroutes[a.reroutes["suggested"]].geometry:
        start = shapely.Point(shapely.get_coordinates(route)[0])
        assert west < start.x < east and south < start.y < north


def test_bundled_closure_popups_show_their_notams(bundled: Page, sokcho: Built) -> None:
    """Click each closure zone where it is not under a later zone or a launch/impact marker."""
    page = bundled.page
    a = sokcho.advisory
    zones = list(a.closures.geometry)
    assert len(zones) == len(a.notams) > 0
    markers = [
        shapely.Point(p.lon, p.lat)
        for t in a.computed.trajectories.values()
        for p in (t.launch, t.impact)
    ]
    for i, (row, notam) in enumerate(zip(a.closures.itertuples(), a.notams, strict=True)):
        zone = zones[i]
        size = max(zone.bounds[2] - zone.bounds[0], zone.bounds[3] - zone.bounds[1])
        exposed = zone.difference(shapely.union_all([*zones[i + 1 :], *markers]).buffer(size / 20))
        target = exposed.buffer(-size / 20)
        point = (target if not target.is_empty else exposed).representative_point()
        west, south, east, north = zone.bounds
        page.evaluate(
            f"(() => {{ const m = window[{MAP_JS}[0]]; m._fadeAnimated = false; m.closePopup();"
            f" m.fitBounds([[{south}, {west}], [{north}, {east}]],"
            " {paddingTopLeft: [300, 80], paddingBottomRight: [80, 80], animate: false}); })()"
        )
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
        x, y = page.evaluate(
            f"(() => {{ const m = window[{MAP_JS}[0]];"
            f" const p = m.latLngToContainerPoint([{point.y}, {point.x}]);"
            " const r = m.getContainer().getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; })()"
        )
        page.mouse.click(x, y)
        popup = page.locator(".leaflet-popup-content")
        assert popup.count() == 1
        content = popup.inner_text()
        assert f"Closure {row.id}" in content
        assert " ".join(str(notam).split()) in " ".join(content.split())
        assert f"{row.start:%Y-%m-%d %H:%M}Z" in content
    assert bundled.console_errors == []


def test_switching_a_layer_off_removes_it(bundled: Page, sokcho: Built) -> None:
    page = bundled.page
    label = page.locator(".leaflet-control-layers-overlays label", has_text="Closure zones")
    before = page.locator("path.leaflet-interactive").count()
    page.hover(".leaflet-control-layers")  # the control is collapsed until hovered
    label.locator("input").click()
    after = page.locator("path.leaflet-interactive").count()
    assert after == before - len(sokcho.advisory.closures)


def test_injected_scenario_executes_nothing(injected: Page, evil: Built) -> None:
    page = injected.page
    opened = injected.open_every_popup_and_tooltip()
    assert opened > 20
    assert page.evaluate("typeof window.__pwned") == "undefined"
    markup = ".leaflet-popup-content, .leaflet-tooltip, .airspace-legend, .airspace-title"
    assert page.locator(f":is({markup}) :is(img, script)").count() == 0
    assert not [u for u in injected.requests if u.endswith("/x")]  # no <img src=x> was made
    # the payloads are shown as text: the name in the title and legend, ids and reasons in
    # tooltips and popups
    sc = evil.advisory.scenario
    assert page.inner_text(".airspace-title") == sc.name
    assert sc.name in page.inner_text(".airspace-legend")
    shown = page.evaluate(
        f"(() => {{ const m = window[{MAP_JS}[0]]; const out = [];"
        " m.eachLayer(l => { for (const x of [l.getPopup && l.getPopup(),"
        " l.getTooltip && l.getTooltip()]) if (x) { const d = document.createElement('div');"
        " d.innerHTML = x.getContent(); out.push(d.textContent); } }); return out.join('\\n'); })()"
    )
    for text in [
        *(x.id for x in sc.launches),
        *(x.id for x in sc.closures),
        *(x.reason for x in sc.closures),
        *(x.id for x in sc.flows),
    ]:
        assert text in shown
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert injected.blocked == []
    assert injected.console_errors == []


def test_hostile_fixture_executes_nothing(hostile_page: Page) -> None:
    page = hostile_page.page
    assert hostile_page.open_every_popup_and_tooltip() > 20
    assert page.evaluate("typeof window.__pwned") == "undefined"
    markup = ".leaflet-popup-content, .leaflet-tooltip, .airspace-legend, .airspace-title"
    assert page.locator(f":is({markup}) :is(img, script)").count() == 0
    assert SCRIPT_PAYLOAD in page.inner_text(".airspace-title")
    assert SCRIPT_PAYLOAD in page.inner_text(".airspace-legend")
    assert hostile_page.blocked == []
    assert hostile_page.console_errors == []


def test_time_slider_shows_which_closures_are_active(synthetic: Page) -> None:
    page = synthetic.page
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

    assert _labels(page, ".leaflet-control-layers-overlays label") == list(EXPECTED_LAYERS)
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
    assert synthetic.console_errors == []


def test_screenshot(bundled: Page, tmp_path: Path) -> None:
    """The bundled scenario's map as the README shows it."""
    target = tmp_path / "map.png"
    bundled.page.screenshot(path=str(target))
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
