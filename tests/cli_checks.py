"""Shared checks of the command line: a warning that strict mode turns into an error, and a
command run in an 80-column terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from airspace.cli import app

runner = CliRunner()


def assert_only_a_warning(file: Path, first_line: str) -> None:
    """``validate FILE`` passes with ``first_line`` first on stderr; ``--strict`` refuses it."""
    checked = runner.invoke(app, ["validate", "-q", str(file)])
    assert checked.exit_code == 0, checked.output
    assert checked.stderr.startswith(first_line), checked.stderr
    assert runner.invoke(app, ["validate", "-q", "--strict", str(file)]).exit_code == 2


def run_at_80_columns(*args: str) -> str:
    """``python -m airspace ARGS`` in an 80-column terminal; its standard output."""
    result = subprocess.run(
        [sys.executable, "-m", "airspace", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80", "TERM": "dumb"},
        timeout=300,
        check=True,
    )
    return result.stdout
