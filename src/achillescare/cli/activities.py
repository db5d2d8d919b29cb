"""``achilles activities``: the runner's runs as a table, JSON or CSV; ``activities delete`` and
``activities edit`` correct one of them (ids as the table's first column, or ``--json``, gives
them)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from achillescare.cli.context import console, state, store_for
from achillescare.cli.tables import fitted_table
from achillescare.domain.activity.records import SPORT_CHOICES, Activity
from achillescare.domain.activity.splits import splits
from achillescare.domain.activity.usual import achilles_features, source_label
from achillescare.domain.spreadsheet import spreadsheet_cell
from achillescare.domain.units import (
    Units,
    format_distance,
    format_duration,
    format_pace,
    metres_to,
    pace_s_per_unit,
)
from achillescare.errors import InvalidInput
from achillescare.services.activities import (
    activity_detail,
    delete_activity,
    edit_activity,
    get_activity,
    list_activities,
)
from achillescare.services.activity_views import JSON_FIELDS, activity_record, activity_row
from achillescare.services.runners import resolve_runner


def _fmt(value: float | None, pattern: str) -> str:
    return "–" if value is None else pattern.format(value)


activities_app = typer.Typer(invoke_without_command=True)  # help: the callback's docstring


@activities_app.callback()
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
    """List runs: date, distance and pace in your units, time, climb, uphill, fast minutes, cadence;
    show, edit or delete one (activities show, activities edit, activities delete).

    A run left out of the load is marked *; its reason is in --json.

    Examples:
      achilles activities --since 2026-09-01
      achilles activities --json > runs.json
    """
    if ctx.invoked_subcommand is not None:
        return
    if as_json and as_csv:
        raise InvalidInput("choose one of --json and --csv")
    if since and until and since > until:
        raise InvalidInput("--since is after --until")
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        activities = list_activities(
            store, runner, since.date() if since else None, until.date() if until else None
        )
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
    console.print(_activities_table(runner.name, runner.units, activities, all_sports=all_sports))


_EXPLAINED = {
    "climb": "climb: metres gained",
    "uphill": "uphill: {units} at ≥ 4 % grade",
    "fast": "fast: minutes faster than your fast pace",
    "spm": "spm: steps/min",
}
"""What the caption says of each column it explains, when the column is shown."""


def _activities_table(
    name: str, units: Units, activities: list[Activity], *, all_sports: bool
) -> Table:
    """The activities as a table that fits the terminal: the id (what ``activities show``,
    ``edit`` and ``delete`` take), date, distance, pace and time always, whole; climb, uphill,
    fast minutes, cadence and heart rate as the width allows (:func:`fitted_table`)."""
    columns = ["id", "date", *(["sport"] if all_sports else []), units.value, f"/{units.value}",
               "time", "climb", "uphill", "fast", "spm", "HR"]  # fmt: skip
    rows = []
    for a in activities:
        row = activity_row(a, units)
        cells = {
            "id": str(a.id),
            "date": f"{row['date']:%Y-%m-%d}" + ("*" if a.excluded_reason is not None else ""),
            "sport": row["sport"] if a.is_run else f"[dim]{row['sport']}[/]",
            units.value: f"{row['distance']:.2f}",
            f"/{units.value}": format_pace(row["pace_s"], units).split(" ")[0],
            "time": format_duration(row["duration_s"]),
            "climb": _fmt(row["elevation_gain_m"], "{:.0f}"),
            "uphill": _fmt(row["uphill"], "{:.2f}"),
            "fast": _fmt(row["fast_min"], "{:.1f}"),
            "spm": _fmt(row["cadence_spm"], "{:.0f}"),
            "HR": _fmt(row["hr_bpm"], "{:.0f}"),
        }
        rows.append(cells)
    left_out = any(a.excluded_reason is not None for a in activities)
    id_width = max([len("id"), *(len(cells["id"]) for cells in rows)])

    def make(shown: Sequence[str]) -> Table:
        notes = [_EXPLAINED[c].format(units=units.value) for c in shown if c in _EXPLAINED]
        notes += ["*: left out of the load"] if left_out else []
        hidden = [c for c in columns if c not in shown]
        if hidden:
            notes.append(f"not shown, for want of width: {', '.join(hidden)} (see --json)")
        table = Table(
            title=f"{name}: {len(activities)} {'activities' if all_sports else 'runs'}",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            caption=" · ".join(notes),
            caption_justify="left",
        )
        for column in shown:
            left = column in {"date", "sport"}
            # On a terminal too narrow even for the kept columns, a cell folds onto a second
            # line; the id alone never shrinks.
            table.add_column(
                column,
                justify="left" if left else "right",
                overflow="fold",
                no_wrap=column == "id",
                min_width=id_width if column == "id" else None,
            )
        return table

    keep = columns.index("time") + 1
    table, _ = fitted_table(console, columns, rows, keep=keep, make=make)
    return table


ActivityId = Annotated[
    int,
    typer.Argument(
        min=1, help="The activity's id, as achilles activities lists it", show_default=False
    ),
]


def _described(activity: Activity, units: Units) -> str:
    name = f" “{activity.name}”" if activity.name else ""
    return (
        f"{activity.id}: {activity.start_local:%Y-%m-%d %H:%M} {activity.sport}{name}, "
        f"{format_distance(activity.distance_m, units)}"
    )


@activities_app.command("show")
def show_command(
    ctx: typer.Context,
    activity_id: ActivityId,
    as_json: Annotated[bool, typer.Option("--json", help="JSON (SI units).")] = False,
) -> None:
    """One activity: where it came from, its splits per km or mile (from the recording), and
    its uphill, fast minutes and strides beside your usual (the 90 days before).

    Example: achilles activities show 42
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        detail = activity_detail(store, runner, activity_id)
    activity, units = detail.activity, runner.units
    found = splits(detail.streams, units.metres) if detail.streams is not None else []
    features = achilles_features(activity, detail.before, units) if activity.is_run else []
    if as_json:
        record = activity_record(activity) | {
            "source_text": source_label(activity.source, activity.source_kind),
            "split_m": units.metres,
            "splits": [asdict(s) for s in found],
            "features": [asdict(f) for f in features],
        }
        typer.echo(json.dumps(record, indent=1))
        return
    console.print(f"{_described(activity, units)}", highlight=False)
    console.print(source_label(activity.source, activity.source_kind), highlight=False)
    for feature in features:
        console.print(feature.text, highlight=False)
    if not found:
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
                  title=f"Splits per {'km' if units.value == 'km' else 'mile'}")  # fmt: skip
    for column in (units.value, "time", f"/{units.value}", "up", "down", "HR", "spm"):
        table.add_column(column, justify="right", no_wrap=True)
    for split in found:
        table.add_row(
            f"{metres_to(split.distance_m, units) + (split.number - 1):.2f}",
            format_duration(split.moving_s),
            format_pace(pace_s_per_unit(split.distance_m, split.moving_s, units), units).split()[0],
            _fmt(split.elevation_gain_m, "{:.0f}"),
            _fmt(split.elevation_loss_m, "{:.0f}"),
            _fmt(split.avg_hr_bpm, "{:.0f}"),
            _fmt(split.avg_cadence_spm, "{:.0f}"),
        )
    console.print(table)


@activities_app.command("delete")
def delete_command(
    ctx: typer.Context,
    activity_id: ActivityId,
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
) -> None:
    """Delete one activity (and its recorded streams); the load and decisions follow at once.

    Example: achilles activities delete 42
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        activity = get_activity(store, runner, activity_id)
        if not yes and not typer.confirm(f"Delete {_described(activity, runner.units)}?"):
            raise typer.Exit(1)
        delete_activity(store, runner, activity_id)
    console.print(f"Deleted {_described(activity, runner.units)}.", highlight=False)


@activities_app.command("edit")
def edit_command(
    ctx: typer.Context,
    activity_id: ActivityId,
    sport: Annotated[
        str | None,
        typer.Option(help=f"One of: {', '.join(SPORT_CHOICES)}.", show_default=False),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="A new name ('' removes it).", show_default=False)
    ] = None,
    exclude_from_load: Annotated[
        str | None,
        typer.Option(
            "--exclude-from-load",
            metavar="REASON",
            help="Keep it listed but leave it out of load, signals and decisions.",
            show_default=False,
        ),
    ] = None,
    include_in_load: Annotated[
        bool, typer.Option("--include-in-load", help="Count a left-out activity again.")
    ] = False,
) -> None:
    """Change an activity's sport or name, or leave it out of the training load.

    For a GPS glitch or a run that was not yours: it stays listed, but load, signals and
    decisions no longer count it, at once.

    Examples:
      achilles activities edit 42 --sport cycling
      achilles activities edit 42 --exclude-from-load "GPS glitch: 40 km in 20 minutes"
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        activity = edit_activity(
            store,
            runner,
            activity_id,
            sport=sport,
            name=name,
            exclude_reason=exclude_from_load,
            include=include_in_load,
        )
    load = (
        f"left out of the load ({activity.excluded_reason})"
        if activity.excluded_reason is not None
        else "counted in the load"
        if activity.is_run
        else "not a run: not counted in the load"
    )
    console.print(f"Changed {_described(activity, runner.units)}; {load}.", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(activities_app, name="activities")
