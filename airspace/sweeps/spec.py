"""The sweep format: many scenarios, or a grid of launch parameters over one scenario.

A sweep file (YAML or JSON) is recognised by its ``sweep: 1`` key::

    sweep: 1
    name: Launches east of Korea
    scenario: ../2022-11-02-sokcho.yaml   # the base scenario, relative to this file
    launches: [SRBM-0851]                 # the launches the grid changes (default: all)
    grid:                                 # every combination of the listed values
      site: [Wonsan, Sinpo]
      azimuth_deg: [80, 90, 100]
      range: [150 km, 250 km]
      vehicle: [SRBM, MRBM]
      time: [2022-11-02T08:51:00+09:00, 2022-11-02T20:51:00+09:00]

or ``scenarios: [a.yaml, b.yaml]`` (one variant each).  Grid values are written as in a
scenario's launch; each is checked against the base scenario before anything runs, and problems
are reported as ``FILE:LINE: grid.site[1]: ...``.  A sweep has at most ``MAX_VARIANTS``
variants (and at most its own ``max_variants``).
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from airspace.scenario.loader import (
    Problem,
    ScenarioError,
    format_path,
    parse_scenario_text,
    read_text,
    validate_scenario,
    validation_problems,
)
from airspace.scenario.yamltext import Document, YamlTextError, read_document

MAX_VARIANTS: Final = 10_000
"""Most variants one sweep may have (a grid's product, or a list of scenarios)."""
MAX_VALUES: Final = 1_000
"""Most values one grid key may list."""
GRID_KEYS: Final = ("site", "impact", "azimuth_deg", "range", "vehicle", "time")

Value = str | int | float | datetime | list[float]
"""A grid value as written: text, a number, a YAML timestamp or a ``[lat, lon]`` pair."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Values = Annotated[list[Value], Field(min_length=1, max_length=MAX_VALUES)]


class Grid(_Model):
    """Launch fields and the values each takes; every combination is one variant."""

    site: Values | None = None
    impact: Values | None = None
    azimuth_deg: Values | None = None
    range: Values | None = None
    vehicle: Values | None = None
    time: Values | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        given = [k for k in GRID_KEYS if getattr(self, k) is not None]
        if not given:
            raise ValueError(f"give at least one of {', '.join(GRID_KEYS)}")
        if self.impact is not None and (self.azimuth_deg is not None or self.range is not None):
            raise ValueError("give either 'impact' or 'azimuth_deg' and 'range', not both")
        return self

    def items(self) -> list[tuple[str, list[Value]]]:
        """``(key, values)`` of the keys given, in ``GRID_KEYS`` order."""
        return [(k, list(getattr(self, k))) for k in GRID_KEYS if getattr(self, k) is not None]


class SweepFile(_Model):
    """A sweep file: a base ``scenario`` with a ``grid``, or a list of ``scenarios``."""

    sweep: Literal[1]
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    scenario: Annotated[str, Field(min_length=1)] | None = None
    launches: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = None
    grid: Grid | None = None
    scenarios: (
        Annotated[
            list[Annotated[str, Field(min_length=1)]], Field(min_length=1, max_length=MAX_VARIANTS)
        ]
        | None
    ) = None
    max_variants: Annotated[int, Field(ge=1, le=MAX_VARIANTS)] = MAX_VARIANTS

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        if (self.scenarios is None) == (self.scenario is None):
            raise ValueError("give 'scenario' (with 'grid') or 'scenarios', exactly one")
        if self.scenario is not None and self.grid is None:
            raise ValueError("a 'scenario' needs a 'grid' of launch values to vary")
        if self.scenarios is not None and (self.grid is not None or self.launches is not None):
            raise ValueError("'grid' and 'launches' go with 'scenario', not with 'scenarios'")
        return self


@dataclass(frozen=True, slots=True, kw_only=True)
class Base:
    """A scenario file's text, as each variant starts from it (sent to workers as it is)."""

    file: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Variant:
    """One run of a sweep: a base scenario and the launch values set on it.

    ``params`` are ``(key, value)`` pairs as written in the sweep file; ``launches`` the ids
    of the launches they are set on (empty: every launch).
    """

    index: int
    base: int
    params: tuple[tuple[str, Value], ...] = ()
    launches: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return " ".join(f"{k}={value_text(v)}" for k, v in self.params) or f"variant {self.index}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """A checked sweep: its name, the base scenarios and every variant, in order."""

    name: str
    file: str
    bases: tuple[Base, ...]
    variants: tuple[Variant, ...]
    keys: tuple[str, ...]


def value_text(value: Value) -> str:
    """A grid value as text (timestamps in ISO 8601)."""
    if isinstance(value, list):
        return ", ".join(f"{v:g}" for v in value)
    return value.isoformat() if isinstance(value, datetime) else str(value)


def is_sweep_file(path: str | Path) -> bool:
    """True for a YAML/JSON file whose top level has the ``sweep`` key."""
    try:
        document = read_document(read_text(path))
    except (ScenarioError, YamlTextError):
        return False
    return isinstance(document.data, dict) and "sweep" in document.data


def apply(data: dict[str, Any], variant: Variant) -> dict[str, Any]:
    """A copy of a scenario document with the variant's values set on its launches.

    ``azimuth_deg``/``range`` replace the launch's ``impact`` (and the other way round);
    ``time`` replaces a launch ``window``; a published ``impact_time`` belongs to the launch
    as published and is dropped from a variant.
    """
    out = dict(data)
    launches = []
    for launch in data.get("launches") or []:
        if isinstance(launch, dict) and (
            not variant.launches or launch.get("id") in variant.launches
        ):
            launch = dict(launch)
            if variant.params:
                launch.pop("impact_time", None)
            for key, value in variant.params:
                launch[key] = value
                if key in ("azimuth_deg", "range"):
                    launch.pop("impact", None)
                elif key == "impact":
                    launch.pop("azimuth_deg", None)
                    launch.pop("range", None)
                elif key == "time":
                    launch.pop("window", None)
        launches.append(launch)
    out["launches"] = launches
    return out


def _document(text: str, file: str) -> Document:
    try:
        document = read_document(text)
    except YamlTextError as exc:
        raise ScenarioError([Problem(file, exc.line, "", exc.message)]) from None
    if not isinstance(document.data, dict):
        raise ScenarioError([Problem(file, document.lines.get((), 1), "", "expected a mapping")])
    return document


def scenario_document(base: Base) -> Document:
    """The parsed document of a base scenario."""
    return _document(base.text, base.file)


def load_sweep(path: str | Path) -> Plan:
    """Read and check a sweep file: the format, the base scenarios and every grid value.

    Raises ``ScenarioError`` with ``FILE:LINE: field: problem`` lines; a grid value that the
    base scenario does not accept is reported at the value's line in the sweep file.
    """
    file = str(path)
    document = _document(read_text(path), file)
    try:
        spec = SweepFile.model_validate(document.data)
    except ValidationError as exc:
        raise ScenarioError(validation_problems(file, exc, document.lines, SweepFile)) from None
    folder = Path(file).parent
    name = spec.name or Path(file).stem
    if spec.scenarios is not None:
        _check_count(len(spec.scenarios), spec.max_variants, file, document, ("scenarios",))
        bases = tuple(
            _base(folder / s, file, document, ("scenarios", i))
            for i, s in enumerate(spec.scenarios)
        )
        variants = tuple(Variant(index=i, base=i) for i in range(len(bases)))
        return Plan(name=name, file=file, bases=bases, variants=variants, keys=())
    assert spec.scenario is not None and spec.grid is not None
    base = _base(folder / spec.scenario, file, document, ("scenario",))
    items = spec.grid.items()
    count = 1
    for _, values in items:
        count *= len(values)
    _check_count(count, spec.max_variants, file, document, ("grid",))
    launches = tuple(spec.launches or ())
    _check_values(base, items, launches, file, document)
    variants = tuple(
        Variant(
            index=i,
            base=0,
            params=tuple(zip([k for k, _ in items], combo, strict=True)),
            launches=launches,
        )
        for i, combo in enumerate(itertools.product(*(values for _, values in items)))
    )
    return Plan(
        name=name, file=file, bases=(base,), variants=variants, keys=tuple(k for k, _ in items)
    )


def plan_of_scenarios(paths: list[Path]) -> Plan:
    """A sweep over scenario files given directly (one variant each)."""
    if not paths:
        raise ScenarioError(
            [Problem("sweep", None, "", "no scenario files (expected at least one)")]
        )
    if len(paths) > MAX_VARIANTS:
        message = f"{len(paths):,} scenarios is over the {MAX_VARIANTS:,}-variant limit"
        raise ScenarioError([Problem(str(paths[0]), None, "", message)])
    problems: list[Problem] = []
    bases: list[Base] = []
    for path in paths:
        try:
            text = read_text(path)
            parse_scenario_text(text, str(path))
            bases.append(Base(file=str(path), text=text))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    variants = tuple(Variant(index=i, base=i) for i in range(len(bases)))
    name = paths[0].stem if len(paths) == 1 else f"{len(paths)} scenarios"
    return Plan(name=name, file=str(paths[0]), bases=tuple(bases), variants=variants, keys=())


def _base(path: Path, file: str, sweep: Document, loc: tuple[str | int, ...]) -> Base:
    """A base scenario, checked as it is; problems in it keep their own file and line."""
    try:
        text = read_text(path)
    except ScenarioError as exc:
        message = f"scenario {str(path)!r}: {exc.problems[0].message}"
        raise ScenarioError(
            [Problem(file, sweep.lines.get(loc), format_path(loc), message)]
        ) from None
    parse_scenario_text(text, os.path.normpath(path))
    return Base(file=os.path.normpath(path), text=text)


def _check_count(
    count: int, limit: int, file: str, document: Document, loc: tuple[str | int, ...]
) -> None:
    if count > limit:
        bound = "the sweep's max_variants" if limit < MAX_VARIANTS else "the limit"
        raise ScenarioError(
            [
                Problem(
                    file,
                    document.lines.get(loc),
                    format_path(loc),
                    f"{count:,} variants is over {bound} of {limit:,} (expected fewer values)",
                )
            ]
        )


def _check_values(
    base: Base,
    items: list[tuple[str, list[Value]]],
    launches: tuple[str, ...],
    file: str,
    document: Document,
) -> None:
    """Each grid value, set alone on the base scenario, must give a valid scenario."""
    base_doc = scenario_document(base)
    ids = [la.get("id") for la in base_doc.data.get("launches") or [] if isinstance(la, dict)]
    problems: list[Problem] = []
    for i, wanted in enumerate(launches):
        if wanted not in ids:
            line = document.lines.get(("launches", i))
            known = ", ".join(map(str, ids))
            message = f"no launch {wanted!r} in {base.file} (expected one of {known})"
            problems.append(Problem(file, line, f"launches[{i}]", message))
    if not ids:
        problems.append(
            Problem(
                file,
                document.lines.get(("scenario",)),
                "scenario",
                f"{base.file} has no launches to vary",
            )
        )
    if problems:
        raise ScenarioError(problems)
    firsts = tuple((k, values[0]) for k, values in items)
    keys = {k for k, _ in items}
    for key, values in items:
        for j, value in enumerate(values):
            params = tuple((k, value if k == key else v) for k, v in firsts)
            variant = Variant(index=0, base=0, params=params, launches=launches)
            try:
                validate_scenario(apply(base_doc.data, variant), {}, base.file)
            except ScenarioError as exc:
                loc = ("grid", key, j)
                line = document.lines.get(loc)
                for problem in exc.problems:
                    field = re.sub(r"\[\d+\]", "", problem.path).rsplit(".", 1)[-1]
                    if field != key and field in keys:
                        continue  # another key's value is at fault: reported at that key
                    message = f"{problem.message} (in {problem.path} of {base.file})"
                    problems.append(Problem(file, line, format_path(loc), message))
    if problems:
        raise ScenarioError(problems)
