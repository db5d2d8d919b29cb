"""``achilles import`` and ``achilles log-run``: bring a runner's history into the store."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from achillescare.cli.context import console, err_console, exit_on_domain_error, state, store_for
from achillescare.domain.units import format_distance, format_duration, to_metres
from achillescare.errors import AchillesError, InvalidInput
from achillescare.services.importing import ImportReport, Outcome, import_paths, log_run
from achillescare.services.runners import resolve_runner

MAX_LISTED = 40


def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders (searched recursively): FIT, GPX, TCX (also .gz), a Strava, "
            "Garmin Connect or Apple Health export (zip or folder), or a CSV of runs.",
            show_default=False,
        ),
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON (no progress bar).")
    ] = False,
) -> None:
    """Import activities from watch files and exports.

    Non-running activities are kept but marked; files already imported, and the same run from
    another source (start ±2 min, distance ±3 %), are skipped. Broken files are listed with a
    reason and the rest is still imported. Exit status 1 only if some file failed.

    Examples:
      achilles import ~/Garmin/Activities
      achilles --runner Ana import export_12345.zip runs.csv
    """
    progress = Progress(
        TextColumn("[bold]Importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[activities]} activities · {task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err_console,
        disable=quiet or as_json,
        transient=True,
    )
    try:
        with store_for(ctx) as store, progress:
            task = progress.add_task("import", total=None, activities=0, rate="")

            def started(total: int) -> None:
                progress.update(task, total=total)

            def advanced(done: int, total: int, activities: int) -> None:
                elapsed = progress.tasks[task].elapsed or 0.0
                rate = f"{activities / elapsed:.0f} runs/s" if elapsed > 0.5 else ""
                progress.update(task, completed=done, activities=activities, rate=rate)

            report = import_paths(
                store, state(ctx).runner, paths, on_start=started, on_progress=advanced
            )
    except AchillesError as error:
        raise exit_on_domain_error(error) from None
    if as_json:
        typer.echo(json.dumps(report_json(report), indent=1))
    else:
        _print_report(report)
    if report.failed:
        raise typer.Exit(1)


def report_json(report: ImportReport) -> dict[str, object]:
    """The import summary for scripts: counts, and each file that was not imported with why."""

    def listed(outcomes: list[Outcome]) -> list[dict[str, str]]:
        return [{"source": o.source, "reason": o.detail} for o in outcomes]

    return {
        "runner": report.runner.name,
        "files": report.files,
        "imported": len(report.imported),
        "runs": len(report.runs),
        "other_sports": len(report.non_running),
        "imported_sources": [a.source for a in report.imported],
        "shoes_added": [shoe.name for shoe in report.shoes_added],
        "duplicates": listed(report.duplicates),
        "not_activities": listed(report.skipped),
        "failed": listed(report.failed),
        "warnings": listed(report.warnings),
    }


def _print_report(report: ImportReport) -> None:
    runner = report.runner
    if report.created_runner:
        console.print(
            f"Created runner [bold]{runner.name}[/] (change settings: achilles runner set --help)."
        )
    runs = report.runs
    distance = sum(a.distance_m for a in runs)
    summary = Table.grid(padding=(0, 2))
    summary.add_row("files read", str(report.files))
    summary.add_row(
        "[green]imported[/]",
        f"{len(report.imported)} activities: {len(runs)} runs "
        f"({format_distance(distance, runner.units)}), "
        f"{len(report.non_running)} other sports (kept, marked)",
    )
    summary.add_row("duplicates skipped", str(len(report.duplicates)))
    summary.add_row("not activities", str(len(report.skipped)))
    summary.add_row("[red]failed[/]" if report.failed else "failed", str(len(report.failed)))
    if report.shoes_added:  # from the export's shoes.csv or gear file (achilles shoes)
        summary.add_row("shoes added", ", ".join(shoe.name for shoe in report.shoes_added))
    console.print(summary)
    for title, style, outcomes in (
        ("Failed", "red", report.failed),
        ("Warnings", "yellow", report.warnings),
        ("Not activities", "dim", report.skipped),
    ):
        if outcomes:
            console.print(f"\n[bold {style}]{title}:[/]")
            for outcome in outcomes[:MAX_LISTED]:
                console.print(f"  {outcome.source}: {outcome.detail}", highlight=False)
            if len(outcomes) > MAX_LISTED:
                console.print(f"  … and {len(outcomes) - MAX_LISTED} more")


def log_run_command(
    ctx: typer.Context,
    distance: Annotated[float, typer.Argument(help="Distance in your units (km or mi).")],
    duration: Annotated[str, typer.Argument(help="Duration as h:mm:ss or mm:ss.")],
    on: Annotated[
        datetime | None,
        typer.Option("--on", help="Start (local time), e.g. 2026-11-20T07:30. Default: now."),
    ] = None,
    climb: Annotated[float | None, typer.Option(help="Elevation gain in metres.")] = None,
    rpe: Annotated[float | None, typer.Option(help="How hard it felt, 0–10 (session RPE).")] = None,
    name: Annotated[str | None, typer.Option(help="A name for the run.")] = None,
) -> None:
    """Log one run by hand, e.g. from a treadmill or a watch-free day.

    Example: achilles log-run 8.5 48:30 --on 2026-11-20T07:30 --rpe 4
    """
    try:
        seconds = _parse_duration(duration)
        with store_for(ctx) as store:
            runner = resolve_runner(store, state(ctx).runner)
            start = (on or datetime.now()).astimezone()  # noqa: DTZ005  (the runner's local clock)
            if start.date() > date.today():  # noqa: DTZ011
                raise InvalidInput("a run cannot start in the future")
            activity = log_run(
                store,
                runner,
                start=start,
                distance_m=to_metres(distance, runner.units),
                duration_s=seconds,
                elevation_gain_m=climb,
                rpe=rpe,
                name=name,
            )
    except AchillesError as error:
        raise exit_on_domain_error(error) from None
    console.print(
        f"Logged {format_distance(activity.distance_m, runner.units)} in "
        f"{format_duration(activity.duration_s)} on {activity.start_local:%Y-%m-%d %H:%M}."
    )


def _parse_duration(text: str) -> float:
    parts = text.strip().split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise InvalidInput(f"duration {text!r}: write h:mm:ss or mm:ss") from None
    if not 1 <= len(numbers) <= 3 or any(n < 0 for n in numbers):
        raise InvalidInput(f"duration {text!r}: write h:mm:ss or mm:ss")
    if len(numbers) == 1:
        return numbers[0] * 60  # plain minutes
    seconds = 0.0
    for n in numbers:
        seconds = seconds * 60 + n
    return seconds


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("log-run")(log_run_command)


__all__ = ["register"]
