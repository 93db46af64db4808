"""The disk cache of data the package derives from its own files and its dependencies.

Deriving some tables costs far more than reading them back: the route network from its text
sources, the GeoNames cities with normalised names, the basemap's valid land polygons, the land
mask at the overflight check's resolution, OpenAP's cruise figures.  Each is derived once into
``$AIRSPACE_CACHE_DIR``, else ``$XDG_CACHE_HOME/airspace``, else ``~/.cache/airspace``
(``AIRSPACE_CACHE_DIR=""`` turns the cache off).

An entry's name holds a SHA-256 of everything it is derived from (source bytes and the code
that derives it), so new data or new code never reads a stale entry; writing a new entry of a
kind removes the older ones.  Entries are NumPy ``.npz`` files (never pickle) written
atomically.  An unwritable or corrupt cache is ignored: the data is then derived again, which
is always correct, only slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any, Final

import numpy as np

Arrays = dict[str, np.ndarray[Any, Any]]

KEY_CHARS: Final = 32
"""Hex digits of the SHA-256 kept in an entry's name."""

LAYOUT: Final = "airspace-npz-v2"
"""How entries hold their arrays (strings as ``pack_strings`` writes them): part of every
key, so entries written another way are never read."""

SEPARATOR: Final = "\x00"


def cache_dir() -> Path | None:
    """Where the disk cache lives, or ``None`` when disabled."""
    explicit = os.environ.get("AIRSPACE_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "airspace"


def versioned_path(distribution: str, name: str) -> Path | None:
    """``<cache>/<name with {version}>``: an entry derived from an installed distribution,
    named after its version (``landmask-gshhg-{version}-120``), or ``None`` when disabled."""
    base = cache_dir()
    if base is None:
        return None
    try:
        tag = version(distribution)
    except PackageNotFoundError:  # pragma: no cover - a dependency of the package
        tag = "unknown"
    return base / name.format(version=tag)


def content_key(tag: str, parts: Sequence[bytes]) -> str:
    """SHA-256 (first ``KEY_CHARS`` hex digits) over a format tag and every part's bytes."""
    digest = hashlib.sha256(f"{LAYOUT}|{tag}".encode())
    for data in parts:
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:KEY_CHARS]


def write_atomic(path: Path, write: Callable[[IO[bytes]], object]) -> bool:
    """``write`` into a temporary file renamed to ``path`` (a reader never sees half a file);
    ``False`` and no exception if the disk refuses."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                write(stream)
            os.replace(temp, path)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
    except OSError:
        return False
    return True


def save_arrays(path: Path, arrays: Arrays) -> bool:
    """``arrays`` as an ``.npz`` written atomically; ``False`` if the disk refuses."""
    return write_atomic(path, lambda stream: np.savez(stream, allow_pickle=False, **arrays))


def load_arrays(path: Path) -> Arrays | None:
    """Every array of an ``.npz`` entry, or ``None`` if missing or unreadable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except (OSError, ValueError, KeyError, EOFError):
        return None


def entry_path(kind: str, key: str) -> Path | None:
    """The file of an entry of ``kind`` (letters, digits and ``-``) with ``key``."""
    directory = cache_dir()
    return None if directory is None else directory / f"{kind}-{key}.npz"


def prune(kind: str, newest: Path, keep: int = 1) -> None:
    """Remove older entries of ``kind`` (not those of a longer kind such as ``kind-user``),
    keeping ``keep`` of them, ``newest`` included."""
    pattern = re.compile(rf"{re.escape(kind)}-[0-9a-f]{{{KEY_CHARS}}}\.npz")
    others = [
        p for p in newest.parent.glob(f"{kind}-*.npz") if p != newest and pattern.fullmatch(p.name)
    ]
    with contextlib.suppress(OSError):
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[keep - 1 :]:
        with contextlib.suppress(OSError):
            old.unlink()


def cached_arrays(kind: str, key: str, derive: Callable[[], Arrays]) -> Arrays:
    """The arrays of entry ``kind``/``key`` from the cache, else ``derive()``d and stored (the
    older entries of ``kind`` removed)."""
    path = entry_path(kind, key)
    if path is not None and path.exists():
        found = load_arrays(path)
        if found is not None:
            return found
    arrays = derive()
    if path is not None and save_arrays(path, arrays):
        prune(kind, path)
    return arrays


def pack_strings(values: Sequence[str]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Strings as one UTF-8 byte array, NUL between them, and the end offset of each in it
    (far smaller than a NumPy unicode array, which pads every string to the longest; read back
    with one decode and one split).  ``ValueError`` if a string holds a NUL itself."""
    if any(SEPARATOR in v for v in values):
        raise ValueError("a string holds a NUL character; it cannot be packed")
    encoded = [v.encode("utf-8") for v in values]
    blob = np.frombuffer(SEPARATOR.encode().join(encoded), dtype=np.uint8)
    ends = np.cumsum([len(b) + 1 for b in encoded], dtype=np.int64) - 1
    return blob, ends


def unpack_strings(blob: np.ndarray[Any, Any], ends: np.ndarray[Any, Any]) -> list[str]:
    """The strings of ``pack_strings`` (``ValueError`` if the blob does not hold them)."""
    if len(ends) == 0:
        return []
    values = blob.tobytes().decode("utf-8").split(SEPARATOR)
    if len(values) != len(ends):
        raise ValueError(f"packed strings: {len(values)} found, {len(ends)} expected")
    return values
