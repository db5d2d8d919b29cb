"""``achilles runner …``: the runners in a store, their settings, and their data (export/delete)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from achillescare.cli.context import console, state, store_for
from achillescare.cli.signatures import with_options
from achillescare.domain.units import (
    Units,
    format_distance,
    format_pace,
    pace_to_speed_m_s,
    parse_pace,
    speed_to_pace_s,
    to_metres,
)
from achillescare.services import runners as runner_service
from achillescare.services.watching import set_watch_folder

runner_app = typer.Typer(
    help="Runners in this store: add, list, change settings, export or delete their data.",
    no_args_is_help=True,
)

UnitsOption = Annotated[Units | None, typer.Option("--units", help="km or mi.")]
FastPaceOption = Annotated[
    str | None,
    typer.Option(
        "--fast-pace",
        help="Pace counted as fast running, min:s per km or mile (your units), "
        "or 'auto' to derive it from your history (90th percentile of 1-minute speeds).",
    ),
]
WeeklyOption = Annotated[
    float | None,
    typer.Option("--weekly", help="Typical weekly running volume, in your units (km or mi)."),
]


PROFILE_OPTIONS = {
    "units": UnitsOption,
    "birth_year": Annotated[int | None, typer.Option(help="Year of birth.")],
    "sex": Annotated[str | None, typer.Option(help="female, male or other.")],
    "weekly": WeeklyOption,
    "fast_pace": FastPaceOption,
}
"""The runner's profile: the options ``runner add`` and ``runner set`` share."""


def _profile(
    *,
    units: Units | None,
    birth_year: int | None,
    sex: str | None,
    weekly: float | None,
    fast_pace: str | None,
    current_units: Units,
) -> dict[str, Any]:
    use = units or current_units
    profile: dict[str, Any] = {"units": units, "birth_year": birth_year, "sex": sex}
    if weekly is not None:
        profile["weekly_volume_m"] = to_metres(weekly, use)
    if fast_pace is not None and fast_pace != "auto":
        profile["fast_speed_m_s"] = pace_to_speed_m_s(parse_pace(fast_pace), use)
    return profile


@runner_app.command("add")
@with_options(PROFILE_OPTIONS)
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The runner's name (unique in this store).")],
    **options: Any,
) -> None:
    """Add a runner. Example: achilles runner add Ana --units mi --birth-year 1986 --fast-pace 7:00"""
    with store_for(ctx) as store:
        profile = _profile(**options, current_units=Units.KM)
        runner = runner_service.create_runner(store, name, **profile)
    console.print(f"Added runner [bold]{runner.name}[/] ({runner.units.value}).")


@runner_app.command("list")
def list_(ctx: typer.Context) -> None:
    """List the runners in this store. Example: achilles runner list"""
    with store_for(ctx) as store:
        runners = runner_service.list_runners(store)
    table = Table("name", "units", "born", "weekly", "fast pace", title="Runners")
    for r in runners:
        fast = r.effective_fast_speed_m_s
        fast_text = format_pace(speed_to_pace_s(fast, r.units) if fast else None, r.units)
        if r.fast_speed_m_s is None and fast is not None:
            fast_text += " (auto)"
        weekly = format_distance(r.weekly_volume_m, r.units) if r.weekly_volume_m else "–"
        table.add_row(r.name, r.units.value, str(r.birth_year or "–"), weekly, fast_text)
    console.print(table)


@runner_app.command("set")
@with_options(PROFILE_OPTIONS)
def set_(
    ctx: typer.Context,
    rename: Annotated[str | None, typer.Option(help="A new name.")] = None,
    watch_folder: Annotated[
        Path | None,
        typer.Option(
            help="A folder on this machine whose new activity files the server imports for the "
            "runner (achilles serve on SQLite, achilles worker on PostgreSQL).",
            show_default=False,
        ),
    ] = None,
    stop_watching: Annotated[
        bool, typer.Option("--stop-watching", help="Watch the runner's folder no more.")
    ] = False,
    **options: Any,
) -> None:
    """Change the runner's settings. Example: achilles --runner Ana runner set --fast-pace auto

    Example: achilles --runner Ana runner set --watch-folder ~/Sync/Watch"""
    from achillescare.services.importing import refresh_fast_threshold  # noqa: PLC0415

    watching: Path | None = None
    with store_for(ctx) as store:
        runner = runner_service.resolve_runner(store, state(ctx).runner)
        profile = _profile(**options, current_units=runner.units)
        runner = runner_service.update_runner(store, runner, name=rename, **profile)
        fast_pace = options.get("fast_pace")
        if fast_pace == "auto":
            runner = runner_service.clear_fast_threshold(store, runner)
        if fast_pace is not None:
            runner, _ = refresh_fast_threshold(store, runner, force=True)
        if watch_folder is not None or stop_watching:
            watching = set_watch_folder(store, runner, None if stop_watching else watch_folder)
    console.print(f"Saved settings of [bold]{runner.name}[/].")
    if watch_folder is not None or stop_watching:
        said = f"the server imports new files in {watching}" if watching else "no folder watched"
        console.print(f"Watched folder: {said}.", highlight=False)


@runner_app.command("export")
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help="JSON file to write ('-' for standard output).")],
) -> None:
    """Export everything stored about the runner (and their web account, no password) as JSON.

    Example: achilles runner export me.json
    """
    with store_for(ctx) as store:
        runner = runner_service.resolve_runner(store, state(ctx).runner)
        data = runner_service.export_runner(store, runner)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if str(output) == "-":
        typer.echo(text)
        return
    tmp = output.with_suffix(output.suffix + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    rows = sum(len(v) for v in data["tables"].values())
    console.print(f"Wrote {rows} records of [bold]{runner.name}[/] to {output}.")


@runner_app.command("delete")
def delete(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm without asking.")] = False,
) -> None:
    """Delete the runner, their web account and every record of theirs.

    Example: achilles -r Ana runner delete --yes
    """
    with store_for(ctx) as store:
        runner = runner_service.resolve_runner(store, state(ctx).runner)
        if not yes and not typer.confirm(
            f"Delete {runner.name}, their web account and all their activities, check-ins"
            " and programs?"
        ):
            raise typer.Exit(1)
        runner_service.delete_runner(store, runner)
    console.print(f"Deleted [bold]{runner.name}[/] and all their data.")


def register(app: typer.Typer) -> None:
    app.add_typer(runner_app, name="runner")
