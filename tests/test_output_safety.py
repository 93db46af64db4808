"""Outputs never destroy: a run writes only a new folder or replaces its own previous output,
refuses anything else at the path (untouched), never the current folder, keeps scenario paths
inside the scenario's folder, and a run killed while writing leaves nothing that later runs
trip over."""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airspace.cli import app
from airspace.render.files import MARKER, check_output_folder, clean_stale

ROOT = Path(__file__).parents[1]
BUNDLED = ROOT / "scenarios" / "2022-11-02-sokcho.yaml"
runner = CliRunner()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario that runs in well under a second (one declared airway closure, no map)."""
    path = tmp_path_factory.mktemp("quick") / "quick.yaml"
    path.write_text(
        "version: 1\nname: quick\nclosures:\n  - {id: C, route: B467, "
        "start: 2022-11-02T00:00:00Z, end: 2022-11-02T06:00:00Z}\noutput: {map: false}\n"
    )
    return path


def test_a_folder_with_user_files_is_refused_and_untouched(quick: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "docs").mkdir(parents=True)
    (home / "notes.txt").write_text("my notes")
    (home / "docs" / "plan.md").write_text("# plan")
    before = snapshot(home)
    result = runner.invoke(app, ["run", "-q", str(quick), "-o", str(home)])
    assert result.exit_code == 2
    assert "holds files that airspace did not write" in result.stderr
    assert snapshot(home) == before and sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_an_existing_file_at_the_path_is_refused_and_untouched(quick: Path, tmp_path: Path) -> None:
    target = tmp_path / "report"
    target.write_text("precious")
    result = runner.invoke(app, ["run", "-q", str(quick), "-o", str(target)])
    assert result.exit_code == 2 and "is not a folder" in result.stderr
    assert target.read_text() == "precious"


def test_a_path_below_a_file_is_refused_and_the_file_untouched(quick: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("precious")
    result = runner.invoke(app, ["run", "-q", str(quick), "-o", str(blocker / "deeper" / "out")])
    assert result.exit_code == 2, result.output
    assert f"{blocker} is a file, not a folder (nothing was written)" in result.stderr
    assert blocker.read_text() == "precious" and sorted(tmp_path.iterdir()) == [blocker]


def test_a_link_at_the_path_is_refused(quick: Path, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = runner.invoke(app, ["run", "-q", str(quick), "-o", str(tmp_path / "link")])
    assert result.exit_code == 2 and list((tmp_path / "real").iterdir()) == []


def test_a_previous_output_is_replaced_but_not_when_a_user_file_was_added(
    quick: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", "-q", str(quick), "-o", str(out)]).exit_code == 0
    assert (out / MARKER).is_file()
    first = snapshot(out)
    assert runner.invoke(app, ["run", "-q", str(quick), "-o", str(out)]).exit_code == 0
    assert set(snapshot(out)) == set(first)  # replaced by the same outputs
    (out / "my-analysis.xlsx").write_text("user data")
    before = snapshot(out)
    result = runner.invoke(app, ["run", "-q", str(quick), "-o", str(out)])
    assert result.exit_code == 2 and "my-analysis.xlsx" in result.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left behind


@pytest.mark.parametrize("target", [".", "..", "/"])
def test_the_current_folder_and_its_parents_are_never_outputs(
    quick: Path, tmp_path: Path, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.txt").write_text("keep")
    monkeypatch.chdir(work)
    result = runner.invoke(app, ["run", "-q", str(quick), "-o", target])
    assert result.exit_code == 2
    assert sorted(p.name for p in work.iterdir()) == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]


def test_a_scenario_directory_is_relative_to_its_file_and_stays_inside(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    scenario = folder / "s.yaml"
    scenario.write_text(
        "version: 1\nname: s\noutput: {directory: results/s, map: false}\n"
        "closures:\n  - {id: C, route: B467, start: 2022-11-02T00:00:00Z, "
        "end: 2022-11-02T06:00:00Z}\n"
    )
    assert runner.invoke(app, ["run", "-q", str(scenario)]).exit_code == 0
    assert (folder / "results" / "s" / "notams.txt").is_file()
    for escape in ("../outside", "/tmp/elsewhere", "a/../../b"):
        scenario.write_text(scenario.read_text().replace("results/s", escape))
        result = runner.invoke(app, ["validate", str(scenario)])
        assert result.exit_code == 2 and "output.directory" in result.stderr
        scenario.write_text(scenario.read_text().replace(escape, "results/s"))
    assert not (tmp_path / "outside").exists()


def test_check_output_folder_accepts_new_and_previous_outputs(tmp_path: Path) -> None:
    assert check_output_folder(tmp_path / "new") == tmp_path / "new"
    (tmp_path / "empty").mkdir()
    assert check_output_folder(tmp_path / "empty") == tmp_path / "empty"


def test_a_run_killed_while_writing_leaves_nothing_half_written(tmp_path: Path) -> None:
    """SIGKILL the moment the staging folder appears: the target is absent (or the previous
    output) and the next run removes the dead run's staging folder."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "airspace", "run", "-q", str(BUNDLED), "-o", str(out)]
    process = subprocess.Popen(command, env=env, cwd=tmp_path)
    deadline = time.monotonic() + 120
    staging: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        staging = [p for p in tmp_path.iterdir() if p.name.startswith(".out.staging-")]
        if staging:
            break
        time.sleep(0.01)
    assert staging, "the run finished before its staging folder was seen"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert not out.exists()  # never a half-written output folder
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".out.staging-")]
    assert clean_stale(out) == staging  # the dead run's staging folder goes, and only it
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    shutil.rmtree(out, ignore_errors=True)
