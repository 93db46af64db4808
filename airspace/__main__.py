"""The ``airspace`` command: ``python -m airspace`` and the console script.

Ctrl-C while the libraries load (the first second or two) ends the process quietly with status
130; once the command runs, it handles Ctrl-C itself (removing any half-written output).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _quiet_exit(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write("interrupted\n")
    sys.stderr.flush()
    os._exit(130)


def main() -> None:
    """Console-script entry point: load the command line, then run it."""
    previous = signal.signal(signal.SIGINT, _quiet_exit)
    from airspace.cli import main as cli_main

    signal.signal(signal.SIGINT, previous)
    cli_main()


if __name__ == "__main__":
    main()
