"""``achilles timeline``: training, tendon and events on one time axis, week by week or as JSON."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from achillescare.cli.context import console, exit_on_domain_error, state, store_for
from achillescare.domain.timeline import PRESETS, Preset, TimelineDay
from achillescare.domain.units import Units, format_distance
from achillescare.errors import AchillesError, InvalidInput
from achillescare.services.runners import resolve_runner
from achillescare.services.timeline import Timeline, runner_timeline

DAY = ["%Y-%m-%d"]


def _side_max(values: list[dict[str, int]], side: str) -> str:
    found = [v[side] for v in values if side in v]
    return str(max(found)) if found else "–"


def render(timeline: Timeline, units: Units) -> None:
    """Week by week (Monday first), then the events, then what had no data and why."""
    table = Table(
        title=f"{timeline.start.isoformat()} to {timeline.end.isoformat()}",
        title_justify="left",
        box=None,
    )
    for column in ("week from", units.value, "runs", "uphill m", "fast min", "pain L", "pain R",
                   "stiff min", "scores"):  # fmt: skip
        table.add_column(column, justify="left" if column in {"week from", "scores"} else "right")
    weeks: dict[str, list[TimelineDay]] = {}
    for row in timeline.rows:
        weeks.setdefault((row.day - timedelta(days=row.day.weekday())).isoformat(), []).append(row)
    for start, days in weeks.items():
        stiffness = [v for d in days for v in d.morning_stiffness_min.values()]
        table.add_row(
            start,
            format_distance(sum(d.distance_m for d in days), units).split()[0],
            str(sum(d.runs for d in days)),
            f"{sum(d.uphill_m or 0 for d in days):.0f}",
            f"{sum(d.fast_min or 0 for d in days):.0f}",
            _side_max([d.morning_pain for d in days], "left"),
            _side_max([d.morning_pain for d in days], "right"),
            str(max(stiffness)) if stiffness else "–",
            ", ".join(f"{k} {v}" for d in days for k, v in d.scores.items()),
        )
    console.print(table)
    events = [(row.day, e) for row in timeline.rows for e in row.events]
    if events:
        console.print("\n[bold]Events[/]")
        for day, event in events:
            console.print(f"  {day.isoformat()}  {event.kind.replace('_', ' ')}: {event.text}")
    for why in timeline.omitted.values():
        console.print(f"[dim]{why}[/]")


def timeline_command(
    ctx: typer.Context,
    start: Annotated[
        datetime | None,
        typer.Option("--from", formats=DAY, help="First day (YYYY-MM-DD)."),
    ] = None,
    end: Annotated[
        datetime | None, typer.Option("--to", formats=DAY, help="Last day (YYYY-MM-DD).")
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option("--range", help=f"A range ending today: {', '.join(PRESETS)}."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One row per day as JSON (the web API's document).")
    ] = False,
) -> None:
    """Training, tendon and events on one time axis: distance, uphill, fast minutes, strides,
    morning pain and stiffness per leg, pain during and after runs, VISA-A and OSTRC, red
    flags, assessments and program changes.

    Without a range: the last six weeks, or the six weeks ending on your last day with data.

    Examples:
      achilles timeline
      achilles timeline --range 1y
      achilles timeline --from 2023-01-01 --to 2023-12-31 --json
    """
    try:
        if preset is not None and preset not in PRESETS:
            raise InvalidInput(f"--range: choose one of {', '.join(PRESETS)}")
        chosen: Preset | None = preset
        with store_for(ctx) as store:
            runner = resolve_runner(store, state(ctx).runner)
            timeline = runner_timeline(
                store,
                runner,
                start.date() if start else None,
                end.date() if end else None,
                preset=chosen,
            )
    except AchillesError as error:
        raise exit_on_domain_error(error) from None
    if as_json:
        typer.echo(json.dumps(timeline.to_json(), indent=1, ensure_ascii=False))
        return
    render(timeline, runner.units)


def register(app: typer.Typer) -> None:
    """Add ``achilles timeline``."""
    app.command("timeline")(timeline_command)
