"""The ``airspace`` command: ``python -m airspace`` and the console script.

Ctrl-C while the libraries load (the first second or two) ends the process quietly with status
130; once the command runs, it handles Ctrl-C itself (removing any half-written output).

OpenBLAS (inside NumPy and SciPy) runs one thread unless ``OPENBLAS_NUM_THREADS`` says
otherwise: the command does no large linear algebra, and the thread pools only cost CPU while
they start.

The cyclic garbage collector is paused while the libraries load and the objects they made are
then frozen (``gc.freeze``): a command is one short process, and the collector's passes over the
imported modules' objects, which are never garbage, cost about a seventh of a run's CPU (0.28 s
of 2.0 s for the bundled scenario; 0.04 s after this).  The command's own objects are collected
as usual.
"""

from __future__ import annotations

import gc
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
    # no large linear algebra here: NumPy's and SciPy's OpenBLAS would each start a spinning
    # thread per core while loading (0.24 s of CPU in a 1.7 s run); the user's setting wins
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    gc.disable()
    try:
        from airspace.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    signal.signal(signal.SIGINT, previous)
    cli_main()


if __name__ == "__main__":
    main()
