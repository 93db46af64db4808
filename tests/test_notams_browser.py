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
    opened = mb._open(browser, corpus_map, mb.DESKTOP)
    yield opened.page
    opened.context.close()


@pytest.fixture
def hostile_page(browser: Any, tmp_path: Path) -> Iterator[mb.Page]:
    opened = mb._open(browser, _map(tmp_path, HOSTILE_NOTAM), mb.DESKTOP)
    yield opened.page
    opened.context.close()


SAMPLE = 150  # popups opened: every popup of 3,000 layers takes minutes (each one redraws)


def _counts(page: mb.Page) -> dict[str, int]:
    """Features per map layer, from the data the page received."""
    counts: dict[str, int] = page.js(
        f"() => Object.fromEntries({mb.APP}.model.layers.map(l => [l.name, l.fc.features.length]))"
    )
    return counts


def test_the_corpus_map_loads_with_its_layers_and_no_console_error(corpus_page: mb.Page) -> None:
    counts = _counts(corpus_page)
    assert counts["Closure areas: declared"] == 1229  # every NOTAM that closes airspace
    assert counts["Closed airways"] > 100
    assert counts["FIR boundaries"] > 0 and counts["Route network"] > 0
    # a sample spread over every layer with popups, each opened without panning
    opened = corpus_page.js(
        f"() => {{ const m = {mb.APP}.map; const all = [];"
        " m.eachLayer(l => { if (l.getPopup && l.getPopup()) all.push(l); });"
        f" const step = Math.max(1, Math.floor(all.length / {SAMPLE})); let n = 0;"
        " for (let i = 0; i < all.length; i += step) {"
        " all[i].getPopup().options.autoPan = false; all[i].openPopup(); n++; }"
        " return [n, all.length]; }"
    )
    assert opened[0] >= SAMPLE and opened[1] > 1229
    corpus_page.settle()
    assert corpus_page.page.locator(".leaflet-popup-content").count() >= 1
    notams = corpus_page.js(f"() => {mb.APP}.model.closures.map(r => r.notam)")
    assert len(notams) == 1229 and all("E)" in n for n in notams)  # each with its NOTAM
    assert corpus_page.console_errors == []
    assert corpus_page.blocked == []


def test_notam_text_is_shown_never_run(hostile_page: mb.Page) -> None:
    assert mb._open_everything(hostile_page) > 1
    assert hostile_page.js("() => typeof window.__pwned") == "undefined"
    assert hostile_page.page.locator(".leaflet-popup-content :is(img, script)").count() == 0
    hostile_page.js(f"() => {mb.APP}.showClosure({mb.APP}.model.closures[0])")
    hostile_page.settle()
    shown = hostile_page.page.locator(".leaflet-popup-content").first.inner_text()
    assert f"E) {HOSTILE} AREA 130200N" in shown  # the NOTAM text, as text
    assert "item D): " in shown and IMG_PAYLOAD in shown.split("Warnings")[1]  # its warning
    assert hostile_page.console_errors == [] and hostile_page.blocked == []
