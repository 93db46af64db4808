"""What the command prints on a terminal: the consoles, text from input files made safe, and
the advisory's, the posture's and a sweep's tables (one line per row at any width)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table

from airspace.render.text import terminal_safe

if TYPE_CHECKING:
    from airspace.advisory import Advisory
    from airspace.render.tables import View
    from airspace.sweeps import SweepResult

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def say(console: Console, text: object) -> None:
    """Print text that may come from input files: no markup, no control characters."""
    console.print(terminal_safe(text), markup=False, soft_wrap=True)


MAX_CLOSURE_LINES = 20
SHORT_CELL = 10  # characters of a yymmddhhmm time: cells this short never shrink


def print_view(view: View) -> None:
    """A display table in the terminal, one line per row at any width: cells never wrap;
    numbers keep their width, text (ids, airways) gives way first and ends in an ellipsis."""
    if not view.records:
        return
    rows = view.rows()
    table = Table(
        title=view.title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for i, column in enumerate(view.columns):
        widest = max([len(column.header), *(len(r[i]) for r in rows)])
        # numbers and short codes (times, FIRs) keep their width; longer text gives way
        keep = widest if column.align == "right" or widest <= SHORT_CELL else min(widest, 8)
        table.add_column(
            column.header,
            justify=column.align,
            no_wrap=True,
            overflow="ellipsis",
            min_width=min(keep, column.width) if column.width else keep,
            max_width=column.width,
        )
    for row in rows:
        table.add_row(*(terminal_safe(cell) for cell in row))
    out.print(table, markup=False)
    out.print()


def wrapped(lines: list[str], indent: str = "  ") -> None:
    """Lines wrapped to the terminal (at most 100 columns), follow-ups indented."""
    width = max(40, min(out.width, 100))
    for line in lines:
        for part in textwrap.wrap(
            terminal_safe(line), width, initial_indent=indent, subsequent_indent=indent * 3
        ):
            say(out, part)


def print_advisory(advisory: Advisory, target: Path) -> None:
    from airspace.render.tables import closure_lines, views

    out.rule(terminal_safe(advisory.scenario.name), style="bold")
    launches, flows, reroutes = views(advisory)
    print_view(launches)
    lines = closure_lines(advisory)
    say(out, "Closures and hazards")
    for line in lines[:MAX_CLOSURE_LINES] or ["none"]:
        say(out, f"  {line}")
    if len(lines) > MAX_CLOSURE_LINES:
        say(out, f"  ... and {len(lines) - MAX_CLOSURE_LINES} more (report.md)")
    say(out, "Airways closed")
    declared = advisory.affected_routes
    declared = declared[declared["kind"] != "recommended"]
    for line in list(declared["text"]) or ["none"]:
        say(out, f"  {line}")
    print_view(flows)
    print_view(reroutes)
    if advisory.computed.recommendation is not None:
        print_posture(advisory)
    say(out, f"{len(advisory.notams)} NOTAMs; outputs written to {target}")
    if advisory.scenario.output.map:
        say(out, f"map: {target / 'map.html'}")


def print_posture(advisory: Advisory) -> None:
    from airspace.render import posture
    from airspace.render.tables import flows_view, recommendations_view

    out.rule(terminal_safe(posture.heading(advisory)))
    wrapped(posture.threat_lines(advisory), indent="  ")
    print_view(recommendations_view(advisory))
    say(out, "Declared and recommended, side by side")
    wrapped(posture.comparison_lines(advisory) or ["nothing declared or recommended"])
    print_view(flows_view(advisory, recommended=True))
    narrowing = posture.narrowing_lines(advisory)
    if narrowing:
        say(out, "What the observed impacts change")
        wrapped(narrowing)


def print_sweep(result: SweepResult, target: Path) -> None:
    out.rule(terminal_safe(result.plan.name), style="bold")
    say(
        out,
        f"{len(result.results)} variants ({result.ran} ran, {result.failed} stopped by an error, "
        f"{len(result.internal_errors)} of them engine faults) in {result.seconds:.1f} s on "
        f"{result.where}",
    )
    top = Table(title="Airway stretches closed most often", title_justify="left")
    for header in ("airway", "stretch", "variants", "share"):
        top.add_column(header, justify="right" if header in ("variants", "share") else "left")
    for row in result.stretches.head(10).itertuples():
        stretch = terminal_safe(f"{row.from_fix}-{row.to_fix}")
        top.add_row(terminal_safe(row.route), stretch, str(row.variants_closed), f"{row.share:.0%}")
    out.print(top, markup=False)
    title = "Extra minutes per flow (suggested reroute, variants that hit it)"
    delays = Table(title=title, title_justify="left")
    for header in ("flow", "hit", "no way round", "p10", "p50", "p90", "max"):
        delays.add_column(header, justify="left" if header == "flow" else "right")
    for row in result.delays.itertuples():
        cells = (row.p10_extra_min, row.p50_extra_min, row.p90_extra_min, row.max_extra_min)
        minutes = [f"{c:+.1f}" if c == c else "-" for c in cells]  # NaN: none rerouted
        hit = f"{row.affected}/{row.variants}"
        delays.add_row(terminal_safe(row.flow_id), hit, str(row.no_way_round), *minutes)
    out.print(delays, markup=False)
    say(out, f"outputs written to {target} (exposure map: {target / 'exposure.html'})")
