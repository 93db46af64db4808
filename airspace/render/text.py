"""Text from input files made safe for each output: terminal, Markdown, CSV.

Scenario names, ids, reasons and NOTAM text come from files a user may have been sent: they are
data, never markup.  HTML (the map) escapes them where it shows them; these helpers do the same
for the other outputs.
"""

from __future__ import annotations

import html
import re
from typing import Final

# C0 and C1 control characters (ESC starts terminal sequences), DEL, and the Unicode bidi
# overrides and isolates that can reorder what a terminal shows.
_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAK_RE: Final = re.compile(r"[\t\n\r]+")
# Markdown punctuation that can start emphasis, links, images, code, tables or headings.
_MARKDOWN_RE: Final = re.compile(r"([\\`*_\[\]!#|~])")
_LIST_START_RE: Final = re.compile(r"^(\d*)([-+.)])(?=\s|$)")
# OWASP CSV injection: a cell starting with one of these may be read as a formula.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def terminal_safe(text: object) -> str:
    """``text`` with control characters (ESC, OSC, bidi overrides...) shown as ``?``; line breaks
    and tabs become spaces."""
    return _CONTROL_RE.sub("?", _BREAK_RE.sub(" ", str(text)))


def markdown_safe(text: object) -> str:
    """``text`` as inert inline Markdown: one line, HTML escaped (``&lt;``), and every character
    that could start emphasis, a link, an image, code, a table cell or a heading escaped."""
    one_line = " ".join(terminal_safe(text).split())
    escaped = _MARKDOWN_RE.sub(r"\\\1", html.escape(one_line, quote=False))
    return _LIST_START_RE.sub(r"\1\\\2", escaped)  # "1. x" or "- x" would start a list


def csv_safe(value: object) -> object:
    """A CSV cell that no spreadsheet reads as a formula: text starting with ``= + - @`` (and
    tab, CR, ``|``, ``%``) gets a leading apostrophe; numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


__all__ = ["csv_safe", "markdown_safe", "terminal_safe"]
