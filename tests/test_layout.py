"""The package layout: stages import one way, renderers load only when used, every subpackage
ships, errors have one root, and an advisory prints short in a terminal and as HTML."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import airspace
from airspace.errors import InputError

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "airspace"

# Stages from the bottom up; a module may import its own stage and stages below it only.
RANK = {
    "_version": 0,
    "errors": 0,
    "diskcache": 0,
    "geo": 0,
    "units": 1,
    "tables": 1,
    "maps": 1,  # a drawing library against the MapData protocol: knows no other stage
    "network": 2,
    "places": 3,
    "notam": 4,
    "scenario": 5,
    "trajectory": 6,
    "hazard": 7,
    "impact": 8,
    "reroute": 8,
    "precaution": 8,
    "caveats": 9,  # warnings on a scenario, collected by preflight
    "preflight": 9,
    "advisory": 9,
    "bulletin": 9,  # airspace notams: NOTAM files against the network, without a scenario
    "render": 10,
    "sweeps": 10,  # many advisories aggregated; writes its files through render
    "cli": 11,
    "console": 11,  # what the command prints
    "__init__": 12,
    "__main__": 12,
}
# Imports inside functions that run up on purpose: Advisory.map()/save() hand over to the
# renderers in one line each.
LAZY_UP = {("advisory", "render")}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[str, bool]]:
    """``(imported airspace module, at module level)`` for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module == "airspace" and node.level == 0:
            names = [  # from airspace import diskcache: the submodule, else the package
                f"airspace.{a.name}" if _is_submodule(a.name) else "airspace" for a in node.names
            ]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name == "airspace" or name.startswith("airspace."):
                found.append((name, id(node) in top))
    return found


def _is_submodule(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists()


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        found.append((".".join(parts) if len(parts) > 1 else "airspace.__init__", path))
    return found


def test_every_stage_is_ranked() -> None:
    stages = {_stage(m) for m, _ in _modules()}
    assert stages <= set(RANK), stages - set(RANK)


def test_imports_run_one_way() -> None:
    wrong = []
    for module, path in _modules():
        own = _stage(module)
        for name, module_level in _imports(path):
            target = _stage(name) if name != "airspace" else "__init__"
            if target == own or RANK[target] <= RANK[own]:
                continue
            if not module_level and (own, target) in LAZY_UP:
                continue
            wrong.append(f"{module} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_network_knows_nothing_above_it() -> None:
    for module, path in _modules():
        if _stage(module) == "network":
            assert all(
                _stage(n) in ("network", "geo", "units", "errors", "diskcache")
                for n, _ in _imports(path)
            )


def test_import_airspace_loads_no_renderer() -> None:
    code = (
        "import sys, airspace; "
        "print(sorted(m for m in sys.modules if m.startswith(('airspace.render', "
        "'airspace.maps', 'folium'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_subpackage_ships() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found <= listed, found - listed


def test_every_user_facing_error_is_an_input_error() -> None:
    from airspace.network import NetworkError
    from airspace.notam import NotamError
    from airspace.places import PlaceError, PlaceSyntaxError
    from airspace.scenario import ScenarioError
    from airspace.trajectory import TrajectoryError
    from airspace.units import UnitError

    for error in (
        NetworkError,
        NotamError,
        PlaceError,
        PlaceSyntaxError,
        ScenarioError,
        TrajectoryError,
        UnitError,
    ):
        assert issubclass(error, InputError) and issubclass(error, airspace.AirspaceError)


BUNDLED = ROOT / "scenarios" / "2022-11-02-sokcho.yaml"


@pytest.fixture(scope="module")
def advisory() -> airspace.Advisory:
    return airspace.run(BUNDLED)


def test_repr_is_one_short_line(advisory: airspace.Advisory) -> None:
    text = repr(advisory)
    assert len(text) < 300 and "\n" not in text
    assert "3 zones" in text and "2 airways closed" in text and "3/4 flows affected" in text
    assert "+5.4 min" in text  # the worst suggested reroute (ICN-LAX)


def test_repr_html_shows_summary_closures_and_reroutes(advisory: airspace.Advisory) -> None:
    page = advisory._repr_html_()
    assert page.count("<table") == 2
    for zone_id in advisory.closures["id"]:
        assert f"<td>{zone_id}</td>" in page
    assert page.count("<tr") == 1 + len(advisory.closures) + 1 + len(advisory.reroutes)


def test_repr_html_escapes_scenario_text() -> None:
    text = BUNDLED.read_text().replace(
        'name: "2022-11-02 SRBM south of the NLL, 57 km east of Sokcho"',
        'name: "<img src=x onerror=alert(1)>"',
    )
    page = airspace.run(airspace.parse_scenario_text(text))._repr_html_()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_levels_print_one_way(advisory: airspace.Advisory) -> None:
    """The surface reads SFC in the airway lines and the tables; every level text in the map
    data is the canonical text of the level it names (no FL000, no 'ft MSL')."""
    from airspace.render import MapView
    from airspace.units import parse_level

    assert all(" SFC-UNL " in line for line in advisory.affected_routes["text"])
    assert set(advisory.closures["lower"]) == {"SFC"}
    assert set(advisory.hazards["lower"]) == {"SFC"}
    view = MapView.of(advisory)
    shown = {*view.affected_segments["lower"], *view.affected_segments["upper"]}
    shown |= {*view.closures["lower"], *view.closures["upper"]}
    assert shown and all(str(parse_level(text)) == text for text in shown)


def test_a_bug_inside_the_pipeline_is_an_internal_error_not_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ValueError raised by a stage is a bug: exit 1, never the input-error status 2."""
    from typer.testing import CliRunner

    from airspace import advisory, cli

    def broken(*_: object, **__: object) -> None:
        raise ValueError("a bug in the intersection")

    monkeypatch.setattr(advisory, "affected_segments", broken)
    result = CliRunner().invoke(cli.app, ["run", str(BUNDLED), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert "internal error: ValueError: a bug in the intersection" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_openap_failure_is_logged_and_stated(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import openap

    from airspace.reroute import performance

    class Failing:
        def __init__(self, aircraft: str) -> None:
            raise RuntimeError("fuel model data missing")

    monkeypatch.setenv("AIRSPACE_CACHE_DIR", "")  # no derived OpenAP figures on disk
    for cached in (performance.cruise_performance, performance._table, performance._table_path):
        cached.cache_clear()
    monkeypatch.setattr(openap, "FuelFlow", Failing)
    with caplog.at_level("WARNING", logger="airspace.reroute.performance"):
        found = performance.cruise_performance("A320", 350)
    performance.cruise_performance.cache_clear()
    assert found.fuel_kg_per_s is None and "fuel model data missing" in found.source
    assert any("OpenAP failed for A320" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()
    for cached in (performance.cruise_performance, performance._table, performance._table_path):
        cached.cache_clear()
    known = performance.cruise_performance("A320", 350)
    assert known.fuel_kg_per_s is not None and known.source == "OpenAP"
