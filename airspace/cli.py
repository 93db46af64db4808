"""Command line: ``airspace run | validate | where | schema``.

Bad input (scenario files, place text) prints ``FILE:LINE: field.path: problem`` lines and exits
with status 2, writing nothing; an internal error exits 1 with a short message (``--debug`` shows
the traceback).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from airspace.export import atomic_directory, write_json
from airspace.geodesy import format_dms, format_icao
from airspace.places import PlaceError, describe_position, resolve_place
from airspace.scenario import Scenario, ScenarioError, load_scenario
from airspace.summary import scenario_summary

app = typer.Typer(
    name="airspace",
    help="What a missile or rocket launch does to the air routes: scenarios, places, closures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
Files = Annotated[list[Path], typer.Argument(help="Scenario files (YAML or JSON).")]


def _fail_input(lines: list[str]) -> NoReturn:
    for line in lines:
        err.print(line, markup=False, soft_wrap=True)
    raise typer.Exit(2)


def _guarded(debug: bool, action: Callable[[], None]) -> None:
    """Run a command body: input errors -> exit 2, anything unexpected -> exit 1."""
    try:
        action()
    except ScenarioError as exc:
        _fail_input([str(p) for p in exc.problems])
    except PlaceError as exc:
        _fail_input([f"error: {exc}"])
    except typer.Exit:
        raise
    except Exception as exc:
        if debug:
            raise
        err.print(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None


def _load_all(files: list[Path]) -> list[tuple[Path, Scenario]]:
    """Validate every file first, so that one bad file stops the run before any output."""
    loaded, problems = [], []
    for file in files:
        try:
            loaded.append((file, load_scenario(file)))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return loaded


def _summary_tables(summary: dict[str, Any]) -> list[Table]:
    launches = Table(title="Launches", title_justify="left")
    for column in ("id", "vehicle", "site", "launch (local)", "impact", "trajectory"):
        launches.add_column(column)
    for item in summary["launches"]:
        impact = item["impact"]
        launches.add_row(
            item["id"],
            f"{item['vehicle']} x{item['count']}" if item["count"] > 1 else item["vehicle"],
            item["site"]["description"],
            item["time"]["text"],
            f"{impact['description']}\n{impact['dms']}"
            if impact
            else f"{item['range_km']:.0f} km at {item['azimuth_deg']:.0f}°",
            item["trajectory"],
        )
    closures = Table(title="Declared closures", title_justify="left")
    for column in ("id", "area", "levels", "from (local)", "to (local)"):
        closures.add_column(column)
    for item in summary["closures"]:
        closures.add_row(
            item["id"], item["area"], f"{item['lower']} - {item['upper']}",
            item["start"]["text"], item["end"]["text"],
        )  # fmt: skip
    flows = Table(title="Traffic flows", title_justify="left")
    for column in ("id", "from", "to", "flights/day", "aircraft", "cruise"):
        flows.add_column(column)
    for item in summary["flows"]:
        flows.add_row(
            item["id"], item["origin"]["description"], item["destination"]["description"],
            f"{item['flights_per_day']:g}", item["aircraft"] or "-", item["cruise"],
        )  # fmt: skip
    return [launches, closures, flows]


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@app.command()
def run(
    files: Files,
    outdir: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output folder (default: the scenario's own)."),
    ] = None,
    quiet: Quiet = False,
    as_json: AsJson = False,
    debug: Debug = False,
) -> None:
    """Validate scenarios, resolve their places, print a summary and write the outputs."""

    def action() -> None:
        with err.status("validating scenarios", spinner="dots") if not quiet else _nothing():
            loaded = _load_all(files)
        results = []
        for file, scenario in loaded:
            summary = scenario_summary(scenario, str(file))
            target = _output_folder(file, scenario, outdir, several=len(loaded) > 1)
            with atomic_directory(target) as staging:
                write_json(staging / "scenario.json", summary)
            summary["output"] = str(target)
            results.append(summary)
            if not quiet and not as_json:
                out.rule(f"[bold]{_escape(scenario.name)}[/bold]")
                for table in _summary_tables(summary):
                    out.print(table)
                out.print(f"outputs written to {_escape(str(target))}")
        if as_json:
            print(
                json.dumps(
                    results if len(results) > 1 else results[0], indent=2, ensure_ascii=False
                )
            )

    _guarded(debug, action)


def _output_folder(file: Path, scenario: Scenario, outdir: Path | None, several: bool) -> Path:
    if outdir is not None:
        return outdir / file.stem if several else outdir
    if scenario.output.directory:
        return Path(scenario.output.directory)
    return Path("out") / file.stem


class _nothing:  # noqa: N801 - a do-nothing context manager used like ``status``
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


@app.command()
def validate(
    files: Files, quiet: Quiet = False, as_json: AsJson = False, debug: Debug = False
) -> None:
    """Check scenario files; print one line per problem (FILE:LINE: field: problem)."""

    def action() -> None:
        loaded = _load_all(files)
        if as_json:
            print(json.dumps([{"file": str(f), "valid": True, "name": s.name} for f, s in loaded]))
        elif not quiet:
            for file, scenario in loaded:
                out.print(
                    f"{_escape(str(file))}: ok ({_escape(scenario.name)}: {len(scenario.launches)} "
                    f"launches, {len(scenario.closures)} closures, {len(scenario.flows)} flows)"
                )

    _guarded(debug, action)


@app.command()
def where(
    text: Annotated[str, typer.Argument(help="Place text, e.g. '57 km east of Sokcho'.")],
    as_json: AsJson = False,
    debug: Debug = False,
) -> None:
    """Resolve a place expression: decimal and DMS coordinates and the nearest named place."""

    def action() -> None:
        place = resolve_place(text)
        nearest = describe_position(place.lat, place.lon)
        if as_json:
            data = {
                "text": text,
                "lat": place.lat,
                "lon": place.lon,
                "dms": format_dms(place.lat, place.lon),
                "icao": format_icao(place.lat, place.lon),
                "description": place.description,
                "nearest": nearest,
            }
            print(json.dumps(data, ensure_ascii=False))
            return
        out.print(f"{_escape(place.description)}")
        out.print(f"  decimal  {place.lat:.5f}, {place.lon:.5f}")
        out.print(f"  DMS      {format_dms(place.lat, place.lon)}")
        out.print(f"  ICAO     {format_icao(place.lat, place.lon)}")
        out.print(f"  nearest  {_escape(nearest)}")

    _guarded(debug, action)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (v1)."""
    data = Scenario.model_json_schema(mode="validation")
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "airspace scenario (format v1)"
    print(json.dumps(data, indent=2, ensure_ascii=False))


def main() -> None:
    """Console-script entry point."""
    app(prog_name="airspace")


if __name__ == "__main__":  # pragma: no cover
    main()
