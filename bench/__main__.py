"""Run the benchmarks: every module ``bench/<name>.py`` that defines ``main()``.

``python -m bench`` runs them all; ``python -m bench network_load network_query`` runs those whose
module name starts with one of the given prefixes.  New benchmarks need no change here.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import bench


def main(argv: list[str]) -> int:
    names = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")
    )
    chosen = [n for n in names if not argv or any(n.startswith(p) for p in argv)]
    if not chosen:
        print(f"no benchmark matches {argv}; available: {', '.join(names)}")
        return 2
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "main", None)
        if run is None:
            continue
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        run()
        print(f"--- {name}: {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
