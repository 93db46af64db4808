"""The map of ``airspace notams`` in a real browser (Debian's chromium through Playwright, as in
``test_map_browser``): the whole public corpus loads and opens every popup without a console
error, and NOTAM text carrying script payloads is shown as text, never run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import tests.test_map_browser as mb
from airspace.cli import app
from tests.map_fixtures import HOSTILE, IMG_PAYLOAD, SCRIPT_PAYLOAD

DATA = Path(__file__).parent / "data" / "notams-launch"
runner = CliRunner()
browser = mb.browser  # the module's Chromium fixture

# A real RPHI layout with payloads in item E) and in a D) the reader cannot read (its warning
# quotes it), both of which reach the popup.
HOSTILE_NOTAM = f"""\
B0001/26 NOTAMN
Q) RPHI/QWMLW/IV/BO/W/000/999/1238N11644E048
A) RPHI B) 2601010000 C) 2601030000
D) {IMG_PAYLOAD}
E) {HOSTILE} AREA 130200N 1160300E - 132300N 1163000E - 121400N 1172500E {SCRIPT_PAYLOAD}
F) SFC G) UNL"""


def _map(folder: Path, text: str) -> Path:
    file = folder / "notams.txt"
    file.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["notams", str(file), "-o", str(folder / "out"), "--offline"])
    assert result.exit_code == 0, result.output
    return folder / "out" / "map.html"


@pytest.fixture(scope="module")
def corpus_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    entries = json.loads((DATA / "notams.json").read_text())
    return _map(tmp_path_factory.mktemp("corpus"), "\n\n".join(e["raw"] for e in entries))


@pytest.fixture
def corpus_page(browser: Any, corpus_map: Path) -> Iterator[mb.Page]:
    yield from mb._open(browser, corpus_map)


@pytest.fixture
def hostile_page(browser: Any, tmp_path: Path) -> Iterator[mb.Page]:
    yield from mb._open(browser, _map(tmp_path, HOSTILE_NOTAM))


SAMPLE = 150  # popups opened: every popup of 3,000 layers takes minutes (each one redraws)


def test_the_corpus_map_loads_with_its_layers_and_no_console_error(corpus_page: mb.Page) -> None:
    page = corpus_page.page
    counts = corpus_page.overlays()
    assert counts["Closure zones"] == 1229  # every NOTAM that closes airspace
    assert counts["Affected route segments"] > 100
    assert counts["FIR boundaries"] > 0 and counts["Route network (in view)"] > 0
    assert page.locator(".airspace-slider input[type=range]").count() == 1
    # a sample spread over every layer with popups, each opened without panning
    opened = page.evaluate(
        f"(() => {{ const m = window[{mb.MAP_JS}[0]]; const all = [];"
        " m.eachLayer(l => { if (l.getPopup && l.getPopup()) all.push(l); });"
        f" const step = Math.max(1, Math.floor(all.length / {SAMPLE})); let n = 0;"
        " for (let i = 0; i < all.length; i += step) {"
        " all[i].getPopup().options.autoPan = false; all[i].openPopup(); n++; }"
        " return [n, all.length]; })()"
    )
    assert opened[0] >= SAMPLE and opened[1] > 1229
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
    contents = page.locator(".leaflet-popup-content").all_inner_texts()
    assert contents and any("Q) " in c and "Closure " in c for c in contents)  # NOTAM text
    assert corpus_page.console_errors == []
    assert corpus_page.blocked == []


def test_notam_text_is_shown_never_run(hostile_page: mb.Page) -> None:
    page = hostile_page.page
    assert hostile_page.open_every_popup_and_tooltip() > 1
    assert page.evaluate("typeof window.__pwned") == "undefined"
    markup = ".leaflet-popup-content, .leaflet-tooltip, .airspace-legend, .airspace-title"
    assert page.locator(f":is({markup}) :is(img, script)").count() == 0
    shown = page.evaluate(
        f"(() => {{ const m = window[{mb.MAP_JS}[0]]; const out = [];"
        " m.eachLayer(l => { const x = l.getPopup && l.getPopup(); if (x) {"
        " const d = document.createElement('div'); d.innerHTML = x.getContent();"
        " out.push(d.textContent); } }); return out.join('\\n'); })()"
    )
    assert f"E) {HOSTILE} AREA 130200N" in shown  # the NOTAM text, as text
    assert "item D): " in shown and IMG_PAYLOAD in shown.split("Warnings")[1]  # its warning
    assert hostile_page.console_errors == [] and hostile_page.blocked == []
