"""Command line: ``airspace run | validate | notams | sweep | where | schema``.

Bad input (scenario files, place text) prints ``FILE:LINE: field.path: problem`` lines and exits
with status 2, writing nothing; an internal error exits 1 with a short message (``--debug`` shows
the traceback); Ctrl-C exits 130 without a traceback.  Text from input files is printed with
control characters removed and never as markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sized
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from airspace._version import __version__
from airspace.console import (
    MAX_CLOSURE_LINES,
    err,
    out,
    print_advisory,
    print_sweep,
    print_view,
    say,
)
from airspace.errors import InputError
from airspace.geo import format_dms, format_icao
from airspace.places import describe_position, resolve_place
from airspace.render.text import terminal_safe
from airspace.scenario import Problem, Scenario, ScenarioError, load_scenario, resolved_places

if TYPE_CHECKING:
    from airspace.network import RouteNetwork

app = typer.Typer(
    name="airspace",
    help="What a missile or rocket launch does to the air routes: scenarios, places, closures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing but errors and warnings.")
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Treat input warnings (a NOTAM area repaired, a schedule read as the whole window, "
        "a NOTAM of a file left out) as errors: exit 2.",
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
Offline = Annotated[
    bool,
    typer.Option(
        "--offline", help="Kept for compatibility: every map.html is self-contained (no effect)."
    ),
]
Files = Annotated[list[Path], typer.Argument(help="Scenario files (YAML or JSON).")]
NetworkPaths = Annotated[
    list[str] | None,
    typer.Option(
        "--network",
        help="Route data replacing the bundled 2013 airways (X-Plane 11/12 folder, ARINC 424 "
        "file, awy.dat, GeoJSON; 'default' = bundled). Repeat to add more. Overrides the "
        "scenario's 'network'.",
    ),
]


def _warn(warnings: Iterable[object]) -> None:
    """Input warnings on stderr, one ``FILE:LINE: field: warning: ...`` line each."""
    for warning in warnings:
        say(err, warning)


def _fail_input(lines: list[str]) -> NoReturn:
    for line in lines:
        say(err, line)
    raise typer.Exit(2)


def _guarded(debug: bool, action: Callable[[], None]) -> None:
    """Run a command body: input errors -> exit 2, Ctrl-C -> 130, anything else -> exit 1."""
    try:
        action()
    except ScenarioError as exc:
        _fail_input([str(p) for p in exc.problems])
    except InputError as exc:
        _fail_input([f"error: {exc}"])
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        say(err, "interrupted")
        raise typer.Exit(130) from None
    except Exception as exc:
        if debug:
            raise
        say(err, f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
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


@app.callback(invoke_without_command=True)
def _main(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)
    ] = False,
) -> None:
    if version:
        print(f"airspace {__version__}")
        raise typer.Exit(0)


def _load_network(paths: list[str] | None, quiet: bool) -> RouteNetwork | None:
    """``--network``: the user's route data, with what was read and skipped on stderr."""
    if not paths:
        return None
    from airspace.network import RouteNetwork

    network = RouteNetwork.load(paths)
    if not quiet:
        for report in network.reports:
            if report.kind not in ("firs", "cache"):
                err.print(str(report), markup=False, soft_wrap=True)
    return network


@app.command()
def run(
    files: Files,
    outdir: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output folder (default: the scenario's own)."),
    ] = None,
    offline: Offline = False,
    network_paths: NetworkPaths = None,
    strict: Strict = False,
    quiet: Quiet = False,
    as_json: AsJson = False,
    debug: Debug = False,
) -> None:
    """Build the advisory of each scenario: closures, NOTAMs, affected airways, reroutes, map."""

    def action() -> None:
        from airspace.advisory import build
        from airspace.render import advisory_summary
        from airspace.render.files import OutputError, check_output_folder

        status = err.status("validating scenarios", spinner="dots") if not quiet else nullcontext()
        with status as st:
            loaded = _load_all(files)
            targets = [
                check_output_folder(_output_folder(f, s, outdir, several=len(loaded) > 1))
                for f, s in loaded
            ]
            owners = {
                t: {f.resolve() for (f, _), u in zip(loaded, targets, strict=True) if u == t}
                for t in targets
            }
            clash = [t for t, fs in owners.items() if len(fs) > 1]
            if clash:
                raise OutputError(
                    f"several scenarios would write the same folder {clash[0]} (use -o)"
                )
            network = _load_network(network_paths, quiet)
            advisories = []
            for file, scenario in loaded:

                def progress(step: str, name: str = file.name) -> None:
                    if st is not None:
                        st.update(terminal_safe(f"{name}: {step}"))

                advisories.append(
                    (file, build(scenario, network, progress=progress, strict=strict))
                )
            results = []
            for (file, advisory), target in zip(advisories, targets, strict=True):
                if st is not None:
                    st.update(terminal_safe(f"{file.name}: writing {target}"))
                advisory.save(target, offline_map=offline or None)
                results.append((target, advisory))
        _warn(w for _, advisory in results for w in advisory.warnings)
        for target, advisory in results:
            if not quiet and not as_json:
                print_advisory(advisory, target)
        if as_json:
            data = [{**advisory_summary(a), "output": str(t)} for t, a in results]
            print(json.dumps(data if len(data) > 1 else data[0], indent=2, ensure_ascii=False))

    _guarded(debug, action)


def _output_folder(file: Path, scenario: Scenario, outdir: Path | None, several: bool) -> Path:
    """Where a scenario's outputs go: ``-o`` (one sub-folder per scenario when several), else
    the scenario's ``output.directory`` relative to the scenario file, else ``out/<stem>``."""
    if outdir is not None:
        return outdir / file.stem if several else outdir
    if scenario.output.directory:
        return file.parent / scenario.output.directory
    return Path("out") / file.stem


@app.command(
    short_help="Check scenario files as a run would: one FILE:LINE: field: problem line each."
)
def validate(
    files: Files,
    network_paths: NetworkPaths = None,
    strict: Strict = False,
    quiet: Quiet = False,
    as_json: AsJson = False,
    debug: Debug = False,
) -> None:
    """Check scenario files as a run would (places, trajectories, airways, FIRs, flows against
    the route network, NOTAM files); print one line per problem (FILE:LINE: field: problem)
    and per warning (FILE:LINE: field: warning: ...)."""

    def action() -> None:
        from airspace.preflight import prepare

        loaded = _load_all(files)
        network = _load_network(network_paths, quiet)
        problems: list[Problem] = []
        warnings: list[Problem] = []
        for _, scenario in loaded:
            try:
                warnings.extend(prepare(scenario, network, strict=strict).warnings)
            except ScenarioError as exc:
                problems.extend(exc.problems)
        _warn(warnings)
        if problems:
            raise ScenarioError(problems)
        if as_json:
            print(json.dumps([{"file": str(f), "valid": True, "name": s.name} for f, s in loaded]))
        elif not quiet:
            for file, scenario in loaded:
                say(
                    out,
                    f"{file}: ok ({scenario.name}: {_count(scenario.launches, 'launch')}, "
                    f"{_count(scenario.closures, 'closure')}, {_count(scenario.flows, 'flow')}"
                    + (f"; posture for {scenario.posture.fir}" if scenario.posture else "")
                    + ")",
                )
                for resolved in resolved_places(scenario):  # which reading of each name
                    say(out, f"  {resolved}")

    _guarded(debug, action)


NotamFiles = Annotated[
    list[Path],
    typer.Argument(
        help="Text files of NOTAMs: blank-line separated, one a line, AFTN messages; "
        "multi-part NOTAMs are joined."
    ),
]


@app.command(
    short_help="Read files of NOTAMs without a scenario: table, areas, airways closed, map."
)
def notams(
    files: NotamFiles,
    outdir: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output folder (default: out/<first file>-notams)."),
    ] = None,
    offline: Offline = False,
    network_paths: NetworkPaths = None,
    strict: Strict = False,
    quiet: Quiet = False,
    as_json: AsJson = False,
    debug: Debug = False,
) -> None:
    """Read files of NOTAMs without a scenario: a table (id, FIR, window, active periods,
    limits, areas, warnings), their areas as GeoJSON and on a map, the airways each closes at
    its levels and times, and the areas several FIRs publish."""

    def action() -> None:
        from airspace.bulletin import read_bulletin
        from airspace.render.bulletin import (
            bulletin_data,
            group_lines,
            save_bulletin,
            summary_lines,
            terminal_view,
        )
        from airspace.render.files import check_output_folder

        target = check_output_folder(outdir or Path("out") / f"{files[0].stem}-notams")
        status = err.status("reading NOTAMs", spinner="dots") if not quiet else nullcontext()
        with status as st:

            def progress(step: str) -> None:
                if st is not None:
                    st.update(terminal_safe(step))

            network = _load_network(network_paths, quiet)
            bulletin = read_bulletin(files, network, strict=strict, progress=progress)
            progress(f"writing {target}")
            save_bulletin(bulletin, target, offline_map=offline)
        _warn(bulletin.warnings)
        if as_json:
            data = {**bulletin_data(bulletin), "output": str(target)}
            print(json.dumps(data, indent=2, ensure_ascii=False))
        elif not quiet:
            print_view(terminal_view(bulletin))
            for line in summary_lines(bulletin):
                say(out, line)
            groups = group_lines(bulletin)
            if groups:
                say(out, "Areas published more than once:")
            for line in groups[:MAX_CLOSURE_LINES]:
                say(out, f"  {line}")
            if len(groups) > MAX_CLOSURE_LINES:
                say(out, f"  ... and {len(groups) - MAX_CLOSURE_LINES} more (notams.md)")
            say(out, f"outputs written to {target}; map: {target / 'map.html'}")

    _guarded(debug, action)


@app.command()
def where(
    text: Annotated[str, typer.Argument(help="Place text, e.g. '57 km east of Sokcho'.")],
    region: Annotated[
        str | None,
        typer.Option(help="Rank ambiguous names: country codes ('KR KP') or a place."),
    ] = None,
    as_json: AsJson = False,
    debug: Debug = False,
) -> None:
    """Resolve a place expression: decimal and DMS coordinates and the nearest named place."""

    def action() -> None:
        place = resolve_place(text, region=region)
        nearest = describe_position(place.lat, place.lon)
        if as_json:
            data = {
                "text": text,
                "lat": place.lat,
                "lon": place.lon,
                "dms": format_dms(place.lat, place.lon),
                "icao": format_icao(place.lat, place.lon),
                "description": place.description,
                "kind": place.kind,
                "country": place.country,
                "nearest": nearest,
            }
            print(json.dumps(data, ensure_ascii=False))
            return
        say(out, place.description)
        say(out, f"  decimal  {place.lat:.5f}, {place.lon:.5f}")
        say(out, f"  DMS      {format_dms(place.lat, place.lon)}")
        say(out, f"  ICAO     {format_icao(place.lat, place.lon)}")
        say(out, f"  nearest  {nearest}")

    _guarded(debug, action)


@app.command(
    short_help="Run a grid of launch values or many scenarios and aggregate (docs/sweeps.md)."
)
def sweep(
    files: Annotated[
        list[Path], typer.Argument(help="A sweep file, or scenario files (one variant each).")
    ],
    outdir: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output folder (default: out/sweep-<name>)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-j", min=1, help="Local worker processes (default: CPUs; at most 64)."
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Run on this Dask scheduler (tcp://host:8786)."),
    ] = None,
    network_paths: NetworkPaths = None,
    quiet: Quiet = False,
    as_json: AsJson = False,
    debug: Debug = False,
) -> None:
    """Run many scenarios, or a grid of launch values over one, and aggregate: how often each
    airway stretch closes, extra minutes per flow, an exposure map (docs/sweeps.md)."""

    def action() -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        from airspace.render.files import check_output_folder
        from airspace.sweeps import plan_for
        from airspace.sweeps import sweep as run_sweep

        plan = plan_for(files)
        target = check_output_folder(outdir or Path("out") / f"sweep-{Path(plan.file).stem}")
        columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=err, disable=quiet, transient=True) as bar:
            task = bar.add_task("variants", total=len(plan.variants))
            result = run_sweep(
                plan,
                workers=workers,
                scheduler=scheduler,
                network=network_paths or (),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        result.save(target)
        for fault in result.internal_errors[:5]:
            label = result.plan.variants[fault.index].label
            say(err, f"warning: variant {fault.index} ({label}): {fault.error}")
        if as_json:
            print(json.dumps({**result.summary(), "output": str(target)}, default=str))
        elif not quiet:
            print_sweep(result, target)

    _guarded(debug, action)


def _count(items: Sized, noun: str) -> str:
    """``1 launch``, ``2 launches``."""
    plural = noun + ("es" if noun.endswith(("s", "ch", "sh")) else "s")
    return f"{len(items)} {noun if len(items) == 1 else plural}"


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (v1)."""
    data = Scenario.model_json_schema(mode="validation")
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "airspace scenario (format v1)"
    print(json.dumps(data, indent=2, ensure_ascii=False))


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="airspace")
    except KeyboardInterrupt:  # before a command body started (imports, argument parsing)
        err.print("interrupted", markup=False)
        raise SystemExit(130) from None


if __name__ == "__main__":  # pragma: no cover
    main()
