"""``achilles activities``: the runner's runs as a table, JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from achillescare.cli.context import console, exit_on_domain_error, state, store_for
from achillescare.domain.spreadsheet import spreadsheet_cell
from achillescare.domain.units import format_duration, format_pace
from achillescare.services.activities import list_activities
from achillescare.services.activity_views import JSON_FIELDS, activity_record, activity_row
from achillescare.services.errors import AchillesError, InvalidInput
from achillescare.services.runners import resolve_runner


def _fmt(value: float | None, pattern: str) -> str:
    return "–" if value is None else pattern.format(value)


def activities_command(
    ctx: typer.Context,
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="First day (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day (YYYY-MM-DD).")
    ] = None,
    all_sports: Annotated[
        bool, typer.Option("--all-sports", help="Include rides, walks, swims… (marked).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list (SI units).")] = False,
    as_csv: Annotated[
        bool,
        typer.Option(
            "--csv",
            help="CSV (SI units) on standard output; text that a spreadsheet would run as a "
            "formula starts with a quote.",
        ),
    ] = False,
) -> None:
    """List runs: date, distance and pace in your units, time, climb, uphill, fast minutes, cadence.

    Examples:
      achilles activities --since 2026-09-01
      achilles activities --json > runs.json
    """
    try:
        if as_json and as_csv:
            raise InvalidInput("choose one of --json and --csv")
        if since and until and since > until:
            raise InvalidInput("--since is after --until")
        with store_for(ctx) as store:
            runner = resolve_runner(store, state(ctx).runner)
            activities = list_activities(
                store, runner, since.date() if since else None, until.date() if until else None
            )
    except AchillesError as error:
        raise exit_on_domain_error(error) from None
    if not all_sports:
        activities = [a for a in activities if a.is_run]
    if as_json:
        typer.echo(json.dumps([activity_record(a) for a in activities], indent=1))
        return
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(JSON_FIELDS), lineterminator="\n")
        writer.writeheader()
        for a in activities:
            record = activity_record(a)
            record["warnings"] = "; ".join(record["warnings"])
            writer.writerow({key: spreadsheet_cell(value) for key, value in record.items()})
        return
    units = runner.units
    table = Table(
        title=f"{runner.name}: {len(activities)} {'activities' if all_sports else 'runs'}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        caption=f"climb: metres gained · uphill: {units.value} at ≥ 4 % grade · "
        "fast: minutes faster than your fast pace · spm: steps/min",
        caption_justify="left",
    )
    columns = ["date", *(["sport"] if all_sports else []), units.value, f"/{units.value}", "time",
               "climb", "uphill", "fast", "spm", "HR"]  # fmt: skip
    for column in columns:
        table.add_column(
            column, justify="left" if column in {"date", "sport"} else "right", no_wrap=True
        )
    for a in activities:
        row = activity_row(a, units)
        sport = [row["sport"] if a.is_run else f"[dim]{row['sport']}[/]"] if all_sports else []
        table.add_row(
            f"{row['date']:%Y-%m-%d}",
            *sport,
            f"{row['distance']:.2f}",
            format_pace(row["pace_s"], units).split(" ")[0],
            format_duration(row["duration_s"]),
            _fmt(row["elevation_gain_m"], "{:.0f}"),
            _fmt(row["uphill"], "{:.2f}"),
            _fmt(row["fast_min"], "{:.1f}"),
            _fmt(row["cadence_spm"], "{:.0f}"),
            _fmt(row["hr_bpm"], "{:.0f}"),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("activities")(activities_command)
