"""Command line: ``airspace run | validate | where | schema``.

Bad input (scenario files, place text) prints ``FILE:LINE: field.path: problem`` lines and exits
with status 2, writing nothing; an internal error exits 1 with a short message (``--debug`` shows
the traceback).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from airspace.geo import format_dms, format_icao
from airspace.places import PlaceError, describe_position, resolve_place
from airspace.scenario import Scenario, ScenarioError, load_scenario

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
    return escape(text)


@app.command()
def run(
    files: Files,
    outdir: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output folder (default: the scenario's own)."),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Self-contained map.html with no external URL.")
    ] = False,
    quiet: Quiet = False,
    as_json: AsJson = False,
    debug: Debug = False,
) -> None:
    """Build the advisory of each scenario: closures, NOTAMs, affected airways, reroutes, map."""

    def action() -> None:
        from airspace.advisory import build
        from airspace.report import advisory_summary

        with (
            err.status("validating scenarios", spinner="dots") if not quiet else nullcontext() as st
        ):
            loaded = _load_all(files)
            advisories = []
            for file, scenario in loaded:

                def say(step: str, name: str = file.name) -> None:
                    if st is not None:
                        st.update(f"{_escape(name)}: {step}")

                advisories.append((file, build(scenario, progress=say)))
            results = []
            for file, advisory in advisories:
                target = _output_folder(file, advisory.scenario, outdir, several=len(loaded) > 1)
                if st is not None:
                    st.update(f"{_escape(file.name)}: writing {_escape(str(target))}")
                advisory.save(target, offline_map=offline or None)
                results.append((target, advisory))
        for target, advisory in results:
            if not quiet and not as_json:
                _print_advisory(advisory, target)
            if not quiet:  # the model disagrees with a published drop zone or landing point
                for lid, trajectory in advisory.trajectories.items():
                    for note in trajectory.warnings:
                        err.print(f"warning: {advisory.scenario.file}: launch {lid}: {note}")
        if as_json:
            data = [{**advisory_summary(a), "output": str(t)} for t, a in results]
            print(json.dumps(data if len(data) > 1 else data[0], indent=2, ensure_ascii=False))

    _guarded(debug, action)


def _short(airways: str, count: int = 3) -> str:
    names = airways.split()
    return " ".join(names[:count]) + (" ..." if len(names) > count else "")


def _print_advisory(advisory: Any, target: Path) -> None:
    out.rule(f"[bold]{_escape(advisory.scenario.name)}[/bold]")
    launches = Table(title="Launches", title_justify="left")
    for column in ("launch", "vehicle", "flight time", "apogee", "range", "impact (UTC)"):
        launches.add_column(column)
    for row in advisory.launches.itertuples():
        launches.add_row(
            _escape(row.launch_id), row.vehicle, f"{row.flight_time_min:.1f} min",
            f"{row.apogee_km:,.0f} km", f"{row.range_km:,.0f} km",
            f"{row.impact_time:%Y-%m-%d %H:%M:%SZ}" if row.impact_time else "-",
        )  # fmt: skip
    out.print(launches)
    out.print("[bold]Airways closed[/bold]")
    for line in advisory.affected_routes() or ["none"]:
        out.print(f"  {_escape(line)}")
    flows = Table(title="Flows", title_justify="left")
    for column in ("flow", "flights/day", "affected/day", "closures met", "best reroute",
                   "extra NM", "extra min", "extra fuel kg"):  # fmt: skip
        flows.add_column(column)
    reroutes = advisory.reroutes
    best = reroutes[reroutes["suggested"].astype(bool)].set_index("flow_id")
    for f in advisory.flows.itertuples():
        r = best.loc[f.flow_id] if f.flow_id in best.index else None
        flows.add_row(
            _escape(f.flow_id), f"{f.flights_per_day:g}", f"{f.flights_affected_per_day:g}",
            _escape(f.closures_hit.replace(",", ", ") or "-"),
            _escape(_short(r.airways)) if r is not None else "-",
            f"{r.extra_nm:+.0f}" if r is not None else "-",
            f"{r.extra_min:+.1f}" if r is not None else "-",
            f"{r.extra_fuel_kg:+,.0f}" if r is not None and r.extra_fuel_kg == r.extra_fuel_kg
            and r.extra_fuel_kg is not None else "-",
        )  # fmt: skip
    out.print(flows)
    out.print(f"{len(advisory.notams)} NOTAMs; outputs written to {_escape(str(target))}")


def _output_folder(file: Path, scenario: Scenario, outdir: Path | None, several: bool) -> Path:
    if outdir is not None:
        return outdir / file.stem if several else outdir
    if scenario.output.directory:
        return Path(scenario.output.directory)
    return Path("out") / file.stem


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
