"""``achilles load``: the weekly table and the training-load signals, explained."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from achillescare.cli.context import console, exit_on_domain_error, state, store_for
from achillescare.domain.load.signal import Signal, SignalStatus
from achillescare.domain.units import Units, format_distance
from achillescare.errors import AchillesError
from achillescare.services.load import LoadReport, csv_report, load_report
from achillescare.services.runners import resolve_runner

STATUS_STYLE: dict[SignalStatus, str] = {
    "ok": "green",
    "low": "cyan",
    "caution": "yellow",
    "high": "bold red",
    "insufficient_data": "dim",
    "unknown": "dim",
}
_BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """``▁▃▇`` — each value's height relative to the largest (a space for zero)."""
    top = max(values, default=0.0)
    if top <= 0:
        return " " * len(values)
    return "".join(_BARS[max(1, round(8 * v / top))] if v > 0 else " " for v in values)


def _value(signal: Signal, report: LoadReport) -> str:
    value = signal.value
    if value is None:
        return "–"
    if signal.id == "weekly_distance_change":
        return f"{value:+.1f} %"
    if signal.id == "single_run_spike":
        return f"{100 * value:.1f} %"
    if signal.id == "strain":
        unit = {"distance": report.units.value, "duration": "min", "load": "AU"}[report.metric]
        return f"{value:.0f} {unit}"
    if signal.id in ("days_without_rest", "hard_days_back_to_back", "prevention_sessions_14d"):
        return f"{value:.0f}"
    return f"{value:.2f}"


def render(report: LoadReport) -> None:
    """The human view: weekly table with sparklines, then each signal coloured by status."""
    units = report.units
    who = f"{report.runner}: " if report.runner else ""
    table = Table(
        title=f"{who}weeks ending {report.as_of.isoformat()}", title_justify="left", box=None
    )
    for column in ("week from", units.value, "runs", "long run", f"uphill {units.value}",
                   "fast min", "days"):  # fmt: skip
        table.add_column(column, justify="left" if column in {"week from", "days"} else "right")
    for week in report.weeks:
        table.add_row(
            week.week_start.isoformat(),
            format_distance(week.distance_m, units).split()[0],
            str(week.runs),
            format_distance(week.long_run_m, units).split()[0],
            format_distance(week.uphill_m, units).split()[0],
            f"{week.fast_min:.0f}",
            sparkline(list(week.daily_distance_m)),
        )
    console.print(table)
    trend = sparkline([week.distance_m for week in report.weeks])
    console.print(f"weekly distance  [bold]{trend}[/]\n")
    for signal in report.signals:
        style = STATUS_STYLE[signal.status]
        line = Text()
        line.append(f"{signal.id:<24}", style="bold")
        line.append(f"{_value(signal, report):>8}  ")
        line.append(f"{signal.status:<17}", style=style)
        console.print(line)
        console.print(Padding(Text(signal.explanation), (0, 0, 0, 4)))
        console.print(Padding(Text(signal.source, style="dim"), (0, 0, 0, 4)))


def load_command(
    ctx: typer.Context,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of", formats=["%Y-%m-%d"], help="Day to read (default: today / last CSV run)."
        ),
    ] = None,
    weeks: Annotated[int, typer.Option("--weeks", help="Weeks in the table.")] = 8,
    metric: Annotated[
        str,
        typer.Option("--metric", help="distance, duration or load (duration × RPE)."),
    ] = "distance",
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from-csv",
            help="Read runs from a CSV (date, distance_km; optional duration_min, uphill_km, "
            "fast_min, strides, rpe) instead of the store.",
        ),
    ] = None,
    units: Annotated[
        Units | None, typer.Option("--units", help="km or mi for --from-csv (default km).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Training-load signals: weekly change, single-run spike, ACWR, monotony, rest, hills, speed.

    Each signal has a value, a status, a one-sentence explanation and its source. The single-run
    spike (Frandsen 2025) is the best-supported; ACWR is a caution, never alone a reason to stop.

    Examples:
      achilles load --weeks 12
      achilles load --metric load --as-of 2026-10-01
      achilles load --from-csv runs.csv --as-of 2026-10-01 --json
    """
    day = as_of.date() if as_of else None
    try:
        if from_csv is not None:
            report = csv_report(
                from_csv, as_of=day, weeks=weeks, metric=metric, units=units or Units.KM
            )
        else:
            with store_for(ctx) as store:
                runner = resolve_runner(store, state(ctx).runner)
                report = load_report(store, runner, as_of=day, weeks=weeks, metric=metric)
    except AchillesError as error:
        raise exit_on_domain_error(error) from None
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=1, ensure_ascii=False))
        return
    render(report)


def register(app: typer.Typer) -> None:
    """Add ``achilles load``."""
    app.command("load")(load_command)
