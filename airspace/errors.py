"""The package's error roots.

``AirspaceError`` is the root of every error raised on purpose.  ``InputError`` is a problem with
what the user gave (a scenario, a place, a NOTAM, a launch request, route data): the command line
reports it as ``FILE:LINE: field: problem`` and exits with status 2.  Anything else escaping the
pipeline is a bug, reported as an internal error (exit 1).  ``InputError`` is a ``ValueError``, so
pydantic validators turn it into a located validation problem.
"""

from __future__ import annotations


class AirspaceError(Exception):
    """Root of the errors this package raises on purpose."""


class InputError(AirspaceError, ValueError):
    """A problem with the user's input; the message says what is wrong and what was expected."""


class LimitError(InputError):
    """An input beyond a stated size limit (file size, nesting, vertices, launches...)."""


__all__ = ["AirspaceError", "InputError", "LimitError"]
