"""Process-wide and on-disk caching of the default network (keyed by source content)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from airspace.network.network import RouteNetwork

_LOCK = threading.Lock()
_DEFAULT: list[RouteNetwork] = []


def load_cached_default(builder: Callable[[], RouteNetwork]) -> RouteNetwork:
    """The default network, built once per process."""
    with _LOCK:
        if not _DEFAULT:
            _DEFAULT.append(builder())
        return _DEFAULT[0]
