"""Reading scenario files (YAML or JSON) with errors that point at ``FILE:LINE: field.path``.

The YAML node tree gives every key and item its line; pydantic's error locations are mapped back
onto it, so each problem reads ``scenarios/x.yaml:12: launches[0].impact: unknown place ...``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from airspace.errors import InputError
from airspace.scenario.model import Scenario
from airspace.scenario.yamltext import MAX_TEXT_BYTES, YamlTextError, read_document

Loc = tuple[str | int, ...]


Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario file, at a line and a field path.  A ``warning`` is
    something read with an interpretation the user should check (a repaired NOTAM area): it
    prints as ``FILE:LINE: field: warning: ...`` and stops nothing unless strict."""

    file: str
    line: int | None
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        kind = "warning: " if self.severity == "warning" else ""
        return f"{where}: {self.path + ': ' if self.path else ''}{kind}{self.message}"

    def as_error(self) -> Problem:
        """The same problem as an error (strict mode)."""
        return replace(self, severity="error")


class ScenarioError(InputError):
    """A scenario file that cannot be used; ``problems`` lists each issue with its location."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def format_path(loc: Loc) -> str:
    """``('launches', 0, 'impact')`` -> ``launches[0].impact``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_for(lines: dict[Loc, int], loc: Loc) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _model_at(loc: Loc, root: type[BaseModel] = Scenario) -> type[BaseModel] | None:
    """The pydantic model class found by walking ``loc`` from ``root`` (for suggestions)."""
    model: type[BaseModel] = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        found = _first_model(field.annotation)
        if found is None:
            return None
        model = found
    return model


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _message(error: Any, root: type[BaseModel] = Scenario) -> str:
    kind, loc, msg = error["type"], tuple(error["loc"]), str(error["msg"])
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1], root)
        allowed = sorted(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(allowed)}"
        return f"unknown field '{loc[-1]}' ({hint})"
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        return f"{msg.replace('Input should be', 'expected')}, got {error.get('input')!r}"
    msg = msg.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        return f"invalid value {error.get('input')!r} (expected {_field_description(loc, root)})"
    if kind in ("greater_than", "less_than", "greater_than_equal", "less_than_equal"):
        bound = msg.replace("Input should be", "expected a number")
        return f"invalid value {error.get('input')!r} ({bound})"
    ctx = error.get("ctx") or {}
    if kind == "too_long":
        return f"{ctx.get('actual_length')} items are over the limit of {ctx.get('max_length')}"
    if kind == "too_short":
        return f"{ctx.get('actual_length')} items (expected at least {ctx.get('min_length')})"
    if kind == "string_too_long":
        return f"text longer than the limit of {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return "empty text (expected at least 1 character)"
    if kind in _TYPE_EXPECTED:
        value = error.get("input")
        got = _TYPE_NAMES.get(type(value).__name__, type(value).__name__)
        if isinstance(value, bool):
            got = str(value).lower()
        elif isinstance(value, str):  # quote what was written ('yes', '0x10', '1:30')
            got = f"{got} {_short(value)!r}"
        elif isinstance(value, int | float):
            got = repr(value)
        return f"expected {_TYPE_EXPECTED[kind]}, got {got}"
    return msg


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


_TYPE_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}
_TYPE_NAMES = {
    "str": "text",
    "list": "a list",
    "dict": "a mapping",
    "int": "a number",
    "float": "a number",
    "NoneType": "nothing",
    "bool": "true/false",
}


def _field_description(loc: Loc, root: type[BaseModel] = Scenario) -> str:
    """The ``description`` of the field at ``loc`` (list indices skipped), for messages."""
    names = [p for p in loc if isinstance(p, str)]
    parent = _model_at(tuple(names[:-1]), root) if names else None
    field = parent.model_fields.get(names[-1]) if parent and names else None
    if field is None:
        return "a different value"
    return field.description or _annotated_description(field.annotation) or "a different value"


def _annotated_description(annotation: Any) -> str | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if getattr(meta, "description", None):
            return str(meta.description)
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _annotated_description(arg)
        if found:
            return found
    return None


def validation_problems(
    file: str, error: ValidationError, lines: dict[Loc, int], root: type[BaseModel] = Scenario
) -> list[Problem]:
    """Each error of a model validated from a file (``root``: the model), at its line."""
    found = []
    for err in error.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        found.append(Problem(file, _line_for(lines, loc), format_path(loc), _message(err, root)))
    return sorted(found, key=lambda p: (p.line or 0, p.path))


def parse_scenario_text(text: str, file: str = "<scenario>") -> Scenario:
    """Validate scenario text (YAML, or JSON, which YAML reads too) and resolve its places."""
    text = text.removeprefix("\ufeff")  # a byte-order mark, as editors on Windows write it
    if file.endswith(".json"):
        try:
            json.loads(text, parse_int=str)  # syntax only (no 5,000-digit int conversion)
        except json.JSONDecodeError as exc:
            problem = Problem(file, exc.lineno, "", f"invalid JSON: {exc.msg}")
            raise ScenarioError([problem]) from None
    try:
        document = read_document(text)
    except YamlTextError as exc:
        raise ScenarioError([Problem(file, exc.line, "", exc.message)]) from None
    if not isinstance(document.data, dict):
        line = document.lines.get((), 1)
        expected = "expected a mapping with 'name', 'launches', 'closures', ..."
        raise ScenarioError([Problem(file, line, "", expected)])
    return validate_scenario(document.data, document.lines, file)


def validate_scenario(data: dict[str, Any], lines: dict[Loc, int], file: str) -> Scenario:
    """A scenario from its parsed document (``lines``: the line of every field path)."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(validation_problems(file, exc, lines)) from None
    scenario._file, scenario._lines = file, lines
    _check_network_paths(scenario)
    return scenario


def _check_network_paths(scenario: Scenario) -> None:
    """Every ``network`` path exists, relative to the scenario file (read later, when run)."""
    base = Path(scenario.file).parent
    missing = [
        problem_at(scenario, ("network", i), f"route data {entry!r} not found in {base}/")
        for i, entry in enumerate(scenario.network)
        if entry.lower() not in ("default", "bundled") and not (base / entry).exists()
    ]
    if missing:
        raise ScenarioError(missing)


def problem_at(scenario: Scenario, loc: Loc, message: str, severity: Severity = "error") -> Problem:
    """A problem found after validation (e.g. an infeasible trajectory), at its source line."""
    return Problem(scenario.file, scenario.line_of(*loc), format_path(loc), message, severity)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raises ``ScenarioError`` with located problems."""
    return parse_scenario_text(read_text(path), str(path))


def read_text(path: str | Path) -> str:
    """The text of an input file, within the size limit; ``ScenarioError`` when unreadable."""
    file = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_TEXT_BYTES:
            limit = f"file of {size:,} bytes is over the {MAX_TEXT_BYTES:,}-byte limit"
            raise ScenarioError([Problem(file, None, "", limit)])
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(file, None, "", "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(file, None, "", "is a directory, expected a file")]) from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        problem = Problem(file, line, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        raise ScenarioError([problem]) from None
    except OSError as exc:
        raise ScenarioError([Problem(file, None, "", f"cannot read it ({exc.strerror})")]) from None
    return text
