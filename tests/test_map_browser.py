"""The maps in a real browser: headless Chromium (Debian's ``chromium``) via Playwright.

Every bundled scenario (``scenarios/*.yaml``) is run and saved through the public API
(``airspace.run(...).save(out)``, what ``airspace run`` and ``make demo`` do) and opened at
1400 x 900 and 390 x 844 from a local file with every non-file request aborted (the network is
off).  One page load per scenario and size checks: no console error and no request; the side
panel lists every closure and flow with the advisory's numbers; clicking each closure zone opens
its NOTAM; the timeline shows each closure active inside its window and inactive after it (B467
and L512 of the Sokcho scenario by name); no two labels overlap; nothing of the scenario lies
under a control.  ``tests/data/evil-scenario.yaml`` (script payloads in its name, ids and
reasons) and the synthetic fixtures (payloads where a scenario cannot put them; periods and a
recommended closure) execute nothing.  One browser per module.  Locally the tests skip when
``/usr/bin/chromium`` or Playwright is missing; in CI (``CI=true``) they fail.  Set
``AIRSPACE_MAP_SCREENSHOT=docs/map.png`` to refresh the README screenshot.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

import airspace
from airspace.advisory import Advisory
from airspace.maps import build_map
from airspace.maps.assets import LEAFLET_VERSION
from tests.map_fixtures import IMG_PAYLOAD, SCRIPT_PAYLOAD, T0, east_asia, hostile

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
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
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
APP = "airspace.current"
SETTLE = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@dataclass(frozen=True)
class Built:
    advisory: Advisory
    out: Path

    @property
    def html(self) -> Path:
        return self.out / "map.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    out = {}
    for path in [*SCENARIOS, EVIL]:
        advisory = airspace.run(path)
        out[path.stem] = Built(advisory, advisory.save(tmp_path_factory.mktemp(path.stem) / "o"))
    return out


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

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def settle(self) -> None:
        self.page.evaluate(SETTLE)


@dataclass
class Opened:
    context: Any
    page: Page


def _open(browser: Any, html_path: Path, viewport: dict[str, int]) -> Opened:
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    result = Page(page)
    page.on("console", lambda m: result.console_errors.append(m.text) if m.type == "error" else 0)
    page.on("pageerror", lambda e: result.console_errors.append(str(e)))
    page.on("request", lambda r: result.requests.append(r.url))

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            result.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(html_path.as_uri(), wait_until="load")
    page.wait_for_selector(".airspace-panel")
    result.settle()
    return Opened(context, result)


# ---- checks shared by every page ----------------------------------------------------------


def _overlapping_labels(page: Page) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = page.js(
        """() => { const els = [...document.querySelectorAll('.airspace-label')]
          .filter(e => !e.classList.contains('hidden') && e.offsetParent !== null);
        const r = els.map(e => e.getBoundingClientRect()); const out = [];
        for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {
          if (r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom
              && r[j].top < r[i].bottom) out.push([els[i].textContent, els[j].textContent]); }
        return out; }"""
    )
    return [tuple(x) for x in found]  # type: ignore[misc]


def _visible_labels(page: Page) -> list[str]:
    labels: list[str] = page.js(
        "() => [...document.querySelectorAll('.airspace-label')]"
        ".filter(e => !e.classList.contains('hidden')).map(e => e.textContent)"
    )
    return labels


def _hidden_behind_controls(page: Page) -> list[str]:
    """Closure areas, launch and impact points whose drawn box lies under a control or off
    the map, at the opening view."""
    found: list[str] = page.js(
        f"""() => {{ const app = {APP}, map = app.map;
        const box = map.getContainer().getBoundingClientRect();
        const ctl = [...map.getContainer().querySelectorAll('.leaflet-control')]
          .map(c => c.getBoundingClientRect()).filter(r => r.width && r.height);
        const out = [];
        const check = (name, bounds) => {{
          const a = map.latLngToContainerPoint(bounds.getSouthWest());
          const b = map.latLngToContainerPoint(bounds.getNorthEast());
          const x0 = Math.min(a.x, b.x) + box.left, x1 = Math.max(a.x, b.x) + box.left;
          const y0 = Math.min(a.y, b.y) + box.top, y1 = Math.max(a.y, b.y) + box.top;
          if (x0 < box.left || y0 < box.top || x1 > box.right || y1 > box.bottom)
            out.push(name + ' off the map');
          for (const r of ctl)
            if (x0 < r.right && r.left < x1 && y0 < r.bottom && r.top < y1) out.push(name);
        }};
        for (const id of Object.keys(app.layers)) {{
          if (!(id.startsWith('closures-') || id === 'launches')) continue;
          app.layers[id].eachLayer(l => {{ if (l.feature) check(id, l.getBounds
            ? l.getBounds() : L.latLngBounds([l.getLatLng(), l.getLatLng()])); }});
        }}
        return out; }}"""
    )
    return found


def _panel_text(page: Page, selector: str) -> list[str]:
    texts: list[str] = page.js(
        "s => [...document.querySelectorAll(s)].map(e => e.innerText)", selector
    )
    return texts


def _signed(x: float, digits: int) -> str:
    return ("+" if x >= 0 else "\u2212") + f"{abs(x):,.{digits}f}"


def _en_us(x: float) -> str:
    """A number as the page writes it (``toLocaleString('en-US')``: up to 3 decimals)."""
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def _check_panel(page: Page, a: Advisory) -> None:
    threats = a.hazards[(a.hazards["kind"] == "precaution") & a.hazards.geometry.notna()]
    closure_ids = [
        *a.closures["id"],
        *a.hazards[a.hazards["route"].notna()]["id"],
        *threats["id"],  # a posture's threat corridors, listed beside the closures
    ]
    rows = _panel_text(page, ".airspace-panel .row.closure")
    assert len(rows) == len(closure_ids)
    for cid, row in zip(sorted(closure_ids), sorted(rows), strict=True):
        assert row.startswith(cid), (cid, row)
    flows = _panel_text(page, ".airspace-panel .row.flow")
    assert len(flows) == len(a.flows)
    best = a.reroutes[a.reroutes["suggested"].astype(bool)].set_index("flow_id")
    for f, text in zip(a.flows.itertuples(), flows, strict=True):
        assert text.startswith(str(f.flow_id))
        per_day, affected = _en_us(f.flights_per_day), _en_us(f.flights_affected_per_day)
        assert f"{per_day} flights/day, {affected} affected" in (text)
        if f.flow_id not in best.index:
            continue
        r = best.loc[f.flow_id]
        day = f.flights_affected_per_day
        cells = [_signed(r.extra_nm, 0), _signed(r.extra_min, 1)]
        cells += [_signed(r.extra_fuel_kg, 0), _signed(r.extra_co2_kg, 0)]
        assert "per flight\t" + "\t".join(cells) in text
        per_day = [_signed(r.extra_nm * day, 0), _signed(r.extra_min * day, 1)]
        per_day += [_signed(r.extra_fuel_kg * day, 0), _signed(r.extra_co2_kg * day, 0)]
        assert "per day\t" + "\t".join(per_day) in text


def _check_zone_clicks(page: Page, a: Advisory) -> None:
    """Fit each closure zone (as its panel row does) and click inside it: its NOTAM opens."""
    model = page.js(f"() => {APP}.model.closures.map(r => [r.key, r.id, r.notam, r.route])")
    notams = {n.text if hasattr(n, "text") else str(n) for n in a.notams}
    threats = set(a.hazards[a.hazards["kind"] == "precaution"]["id"])
    for key, cid, notam, route in model:
        if route or cid in threats:  # airways open as segments; threat corridors have no NOTAM
            continue
        assert notam in notams or str(notam) in {str(n) for n in a.notams}
        geom = page.js(
            f"k => {APP}.byKey[k].filter(l => l.feature.geometry.type.includes('Polygon'))"
            ".map(l => l.feature.geometry)",
            key,
        )
        zone = shapely.union_all([shape(g) for g in geom])
        inner = zone.buffer(-0.1 * (zone.bounds[3] - zone.bounds[1]))
        point = (inner if not inner.is_empty else zone).representative_point()
        (south, west), (north, east) = [
            [zone.bounds[1], zone.bounds[0]],
            [zone.bounds[3], zone.bounds[2]],
        ]
        page.js(
            f"b => {{ const m = {APP}.map; m._fadeAnimated = false; m.closePopup();"
            f" {APP}.fit(b, 10); }}",
            [[south, west], [north, east]],
        )
        page.settle()
        x, y = page.js(
            f"p => {{ const m = {APP}.map; const q = m.latLngToContainerPoint(p);"
            " const r = m.getContainer().getBoundingClientRect();"
            " return [q.x + r.left, q.y + r.top]; }",
            [point.y, point.x],
        )
        page.page.mouse.click(x, y)
        page.settle()
        content = page.page.locator(".leaflet-popup-content").last.inner_text()
        assert f"Closure {cid}" in content, (cid, content[:200])
        assert " ".join(notam.split()) in " ".join(content.split())


def _check_timeline(page: Page, a: Advisory) -> None:
    """Each closure is active at the moment it starts and inactive at the first moment after
    its end; its map features follow."""
    moments = page.js(f"() => {APP}.model.time.moments.map(m => m.t)")
    rows = page.js(f"() => {APP}.model.closures.map(r => [r.key, r.id, r.active])")
    assert len(moments) <= 60  # events, not minutes
    for key, cid, active in rows:
        start, end = active[0][0], active[-1][1]
        i = moments.index(start)
        page.js(f"i => {APP}.timeline.go(i)", i)
        state = page.js(
            f"k => [document.querySelector('.airspace-panel .row[data-key=\"' + k + '\"]')"
            f".dataset.active, ({APP}.byKey[k] || []).map(l => l.airspaceActive)]",
            key,
        )
        assert state[0] == "true", cid
        assert all(state[1]), cid
        after = [j for j, t in enumerate(moments) if end is not None and t >= end]
        if after:
            page.js(f"i => {APP}.timeline.go(i)", after[0])
            state = page.js(
                f"k => [document.querySelector('.airspace-panel .row[data-key=\"' + k + '\"]')"
                f".dataset.active, ({APP}.byKey[k] || []).map(l => l.airspaceActive)]",
                key,
            )
            assert state[0] == "false", cid
            assert not any(state[1]), cid
    page.js(f"() => {APP}.timeline.setAll()")


# ---- the bundled scenarios ------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scenario", [p.stem for p in SCENARIOS])
def test_bundled_scenario_map(
    browser: Any, built: dict[str, Built], scenario: str, viewport: dict[str, int]
) -> None:
    b = built[scenario]
    assert b.html.stat().st_size < MAX_MAP_BYTES
    opened = _open(browser, b.html, viewport)
    page = opened.page
    try:
        assert page.js("() => typeof window.L === 'object' && L.version") == LEAFLET_VERSION
        assert (
            page.js(
                "() => document.querySelectorAll('.leaflet-basemap-pane path, "
                ".leaflet-pane path').length"
            )
            > 10
        )
        assert page.blocked == [] and page.console_errors == []
        # nothing of the scenario under a control, labels shown and apart
        assert _hidden_behind_controls(page) == []
        assert len(_visible_labels(page)) >= 3
        assert _overlapping_labels(page) == []
        page.js(f"() => {APP}.map.zoomIn(1, {{animate: false}})")
        page.settle()
        assert _overlapping_labels(page) == []
        if viewport is PHONE:  # the panel is a bar until opened
            page.page.click(".airspace-panel .toggle")
            assert page.js("() => document.querySelector('.airspace-panel').offsetHeight") > 400
        _check_panel(page, b.advisory)
        if viewport is PHONE:
            page.page.click(".airspace-panel .toggle")
        _check_timeline(page, b.advisory)
        _check_zone_clicks(page, b.advisory)
        # popups fit the screen
        box = page.js(
            "() => { const p = document.querySelector('.leaflet-popup');"
            " if (!p) return null; const r = p.getBoundingClientRect();"
            " return [r.left, r.right, window.innerWidth]; }"
        )
        if box is not None:
            assert box[0] >= 0 and box[1] <= box[2]
        assert page.console_errors == [] and page.blocked == []
    finally:
        opened.context.close()


def test_sokcho_b467_l512_follow_the_clock(browser: Any, built: dict[str, Built]) -> None:
    opened = _open(browser, built[SOKCHO.stem].html, DESKTOP)
    page = opened.page
    try:

        def at(iso: str) -> dict[str, str]:
            t = pd.Timestamp(iso).value / 1e6
            page.js(f"t => {APP}.timeline.setTime(t, '')", t)
            states: dict[str, str] = page.js(
                "() => Object.fromEntries([...document.querySelectorAll('.row.closure')]"
                ".map(r => [r.querySelector('.id').textContent, r.dataset.active]))"
            )
            return states

        inside = at("2022-11-02T12:00Z")
        assert inside["B467-closure"] == inside["L512-closure"] == "true"
        after = at("2022-11-03T03:00Z")
        assert after["B467-closure"] == after["L512-closure"] == "false"
        label = page.page.inner_text(".airspace-timebar .now")
        assert label.startswith("2022-11-03 03:00Z (12:00 KST): 0 of ")
        # the closed airway segments fade with them
        faded = page.js(f"() => {APP}.layers.airways.airspaceTimed.every(l => !l.airspaceActive)")
        assert faded
        # downloads: one closure's NOTAM, every closure's GeoJSON
        with page.page.expect_download() as info:
            page.page.click(".row.closure >> nth=0 >> text=NOTAM .txt")
        text = Path(info.value.path()).read_text(encoding="utf-8")
        assert text == str(built[SOKCHO.stem].advisory.notams[0]) + "\n"
        with page.page.expect_download() as info:
            page.page.click("text=Download GeoJSON")
        fc = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
        ids = [f["properties"]["id"] for f in fc["features"]]
        assert "B467-closure" in ids and len(ids) == 5
        # play steps from event to event
        page.page.click(".airspace-timebar .play")
        page.page.wait_for_timeout(1500)
        assert page.js(f"() => {APP}.timeline.index") >= 1
        page.page.click(".airspace-timebar .play")
        assert page.console_errors == []
    finally:
        opened.context.close()


# ---- untrusted text --------------------------------------------------------------------------


def _open_everything(page: Page) -> int:
    opened: int = page.js(
        f"""() => {{ const m = {APP}.map; let n = 0; m._fadeAnimated = false;
        m.eachLayer(l => {{ if (l.getPopup && l.getPopup()) {{ l.openPopup(); n++; }}
          if (l.getTooltip && l.getTooltip()) {{ l.openTooltip(); n++; }} }});
        {APP}.model.closures.forEach(r => {{ {APP}.showClosure(r); n++; }});
        {APP}.model.flows.forEach(r => {{ {APP}.highlightFlow(r.key); n++; }});
        return n; }}"""
    )
    page.js(f"() => {APP}.timeline.go(1)")
    page.settle()
    return opened


def test_injected_scenario_executes_nothing(browser: Any, built: dict[str, Built]) -> None:
    evil = built[EVIL.stem]
    opened = _open(browser, evil.html, DESKTOP)
    page = opened.page
    try:
        assert _open_everything(page) > 20
        assert page.js("() => typeof window.__pwned") == "undefined"
        markup = ".leaflet-popup-content, .leaflet-tooltip, .airspace-panel, .airspace-label"
        assert page.page.locator(f":is({markup}) :is(img, script)").count() == 0
        assert not [u for u in page.requests if u.endswith("/x")]
        sc = evil.advisory.scenario
        assert SCRIPT_PAYLOAD in sc.name and IMG_PAYLOAD in sc.name
        assert page.page.inner_text(".airspace-panel h1") == sc.name
        panel = page.page.inner_text(".airspace-panel")
        for text in [*(x.id for x in sc.closures), *(x.id for x in sc.flows)]:
            assert text in panel
        assert page.blocked == [] and page.console_errors == []
    finally:
        opened.context.close()


def test_hostile_fixture_executes_nothing(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    build_map(hostile()).save(str(path))
    opened = _open(browser, path, PHONE)
    page = opened.page
    try:
        assert _open_everything(page) > 20
        assert page.js("() => typeof window.__pwned") == "undefined"
        markup = ".leaflet-popup-content, .leaflet-tooltip, .airspace-panel, .airspace-label"
        assert page.page.locator(f":is({markup}) :is(img, script)").count() == 0
        assert SCRIPT_PAYLOAD in page.page.inner_text(".airspace-panel h1")
        assert page.blocked == [] and page.console_errors == []
    finally:
        opened.context.close()


def test_periods_and_recommended_closures_follow_the_clock(browser: Any, tmp_path: Path) -> None:
    """The synthetic fixture: a recommended zone active 0-1 h and 4-5 h after T0 (periods)."""
    path = tmp_path / "synthetic.html"
    build_map(east_asia()).save(str(path))
    opened = _open(browser, path, DESKTOP)
    page = opened.page
    try:
        key = page.js(f"() => {APP}.model.closures.find(r => r.id === 'avoid-east').key")

        def active(hours: float) -> str:
            page.js(f"t => {APP}.timeline.setTime(t, '')", T0.value / 1e6 + hours * 3_600_000)
            state: str = page.js(
                "k => document.querySelector('.row[data-key=\"' + k + '\"]').dataset.active", key
            )
            return state

        assert [active(h) for h in (0.5, 2.0, 4.5, 5.5)] == ["true", "false", "true", "false"]
        assert page.js(f"() => {APP}.layers['closures-recommended'] !== undefined")
        assert _overlapping_labels(page) == []
        assert page.console_errors == []
    finally:
        opened.context.close()


def test_screenshot(browser: Any, built: dict[str, Built], tmp_path: Path) -> None:
    """The map ``make demo`` writes (the Sokcho scenario), as the README shows it."""
    opened = _open(browser, built[SOKCHO.stem].html, DESKTOP)
    try:
        target = tmp_path / "map.png"
        opened.page.page.screenshot(path=str(target))
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
        wanted = os.environ.get("AIRSPACE_MAP_SCREENSHOT")
        if wanted:
            Path(wanted).write_bytes(data)
    finally:
        opened.context.close()


def test_missing_browser_fails_in_ci_and_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        _unavailable("no chromium")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _unavailable("no chromium")
