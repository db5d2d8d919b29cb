"""``achilles shoes``: the runner's pairs of shoes — list them with their distance, add, edit,
retire or delete one, and say which shoe a run was in. Distances are in the runner's units."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from achillescare.cli.context import console, state, store_for
from achillescare.cli.signatures import with_options
from achillescare.domain.gear.shoes import DEFAULT_REMINDER_M, SHOE_SPORTS, Shoe, ShoeUse
from achillescare.domain.runner import Runner
from achillescare.domain.units import Units, format_distance, metres_to, to_metres
from achillescare.services import shoes as shoes_service
from achillescare.services.runners import resolve_runner, runner_today

shoes_app = typer.Typer(invoke_without_command=True)  # help: the callback's docstring

ShoeRef = Annotated[
    str,
    typer.Argument(help="The shoe's id or name, as in: achilles shoes list", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON (SI units: m, mm, g).")]
Day = Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], show_default=False)]


def _use_json(use: ShoeUse) -> dict[str, Any]:
    return {
        **use.shoe.to_json(),
        "distance_m": round(use.distance_m, 1),
        "activities": use.activities,
        "last_used": use.last_day.isoformat() if use.last_day else None,
        "replacement_due": use.due,
    }


def _status(use: ShoeUse, units: Units) -> str:
    if use.shoe.retired_on is not None:
        return f"retired {use.shoe.retired_on:%Y-%m-%d}"
    if use.due:
        return "[bold yellow]replace[/]"
    return f"{format_distance(use.remaining_m, units, 0)} left"


def _mm(value: float | None, unit: str) -> str:
    return "–" if value is None else f"{value:g} {unit}"


@shoes_app.callback()
def shoes_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Your shoes: drop, distance run in each and when to replace it; add, edit, retire,
    delete, and say which shoe a run was in.

    Runs are put in a shoe at import: the gear your Strava or Garmin export names, else your
    default shoe for the sport (set with --default-for). A switch to a lower-drop shoe, or a new
    pair, shows as a caution in 'achilles today' for 14 days (never a stop on its own).

    Examples:
      achilles shoes add Pegasus --brand Nike --drop 10 --default-for running
      achilles shoes list
      achilles shoes assign "Pegasus blue" 41 42
      achilles shoes retire "Pegasus blue"
    """
    if ctx.invoked_subcommand is None:
        list_command(ctx, as_json)


@shoes_app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List your shoes, those still worn first, with the distance in each and a reminder for
    any pair past its replacement distance (stack height and weight are in --json).

    Example: achilles shoes list --json
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        uses = shoes_service.list_shoes(store, runner)
    if as_json:
        typer.echo(json.dumps([_use_json(use) for use in uses], indent=1))
        return
    if not uses:
        console.print('No shoes yet. Add one: achilles shoes add "Pegasus blue" --drop 10')
        return
    units = runner.units
    table = Table(title=f"{runner.name}: {len(uses)} pairs", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)  # fmt: skip
    for column in ("id", "shoe", "drop", units.value, "runs", "since", "default", "status"):
        right = column in {units.value, "runs", "id"}
        table.add_column(column, justify="right" if right else "left", no_wrap=column != "shoe")
    for use in uses:
        shoe = use.shoe
        table.add_row(
            str(shoe.id),
            shoe.label,
            _mm(shoe.drop_mm, "mm"),
            f"{metres_to(use.distance_m, units):.0f}",
            str(use.activities),
            f"{use.started:%Y-%m-%d}" if use.started else "–",
            ", ".join(shoe.default_sports) or "–",
            _status(use, units),
        )
    console.print(table)
    for use in shoes_service.reminders(uses):
        console.print(
            f"Time to replace {use.shoe.name}: {format_distance(use.distance_m, units, 0)} run, "
            f"past the {format_distance(use.shoe.reminder_m, units, 0)} you set for it.",
            highlight=False,
        )


def _fields(
    runner: Runner,
    *,
    name: str | None = None,
    brand: str | None = None,
    model: str | None = None,
    drop: float | None = None,
    stack: float | None = None,
    weight: float | None = None,
    first_used: datetime | None = None,
    reminder: float | None = None,
    default_for: list[str] | None = None,
) -> dict[str, Any]:
    """The options given, as shoe fields in SI (the reminder from the runner's units)."""
    values: dict[str, Any] = {
        "name": name, "brand": brand, "model": model, "drop_mm": drop, "stack_mm": stack,
        "weight_g": weight, "first_used": first_used.date() if first_used else None,
        "reminder_m": to_metres(reminder, runner.units) if reminder is not None else None,
        "default_sports": tuple(default_for) if default_for else None,
    }  # fmt: skip
    return {key: value for key, value in values.items() if value is not None}


Brand = Annotated[str | None, typer.Option(help="Maker, e.g. Nike.", show_default=False)]
Model = Annotated[str | None, typer.Option(help="Model, e.g. 'Pegasus 41'.", show_default=False)]
Drop = Annotated[
    float | None,
    typer.Option(help="Heel-to-toe drop in mm (0–30): the shoe-change caution reads it.",
                 show_default=False),
]  # fmt: skip
Stack = Annotated[float | None, typer.Option(help="Heel stack height in mm.", show_default=False)]
Weight = Annotated[float | None, typer.Option(help="Weight of one shoe in g.", show_default=False)]
FirstUsed = Annotated[
    datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="First day worn (default: its first run).",
                 show_default=False),
]  # fmt: skip
Reminder = Annotated[
    float | None,
    typer.Option(
        help=f"Replace after this distance, in your units (km or mi). Default "
        f"{DEFAULT_REMINDER_M / 1000:g} km; 500–800 km is the usual advice.",
        show_default=False,
    ),
]
DefaultFor = Annotated[
    list[str] | None,
    typer.Option(
        "--default-for",
        help=f"New runs of this sport go in this shoe at import (repeat for several): "
        f"{', '.join(SHOE_SPORTS[:4])}…",
        show_default=False,
    ),
]
SHOE_OPTIONS = {
    "brand": Brand, "model": Model, "drop": Drop, "stack": Stack, "weight": Weight,
    "first_used": FirstUsed, "reminder": Reminder, "default_for": DefaultFor,
}  # fmt: skip
"""What is known of a pair: the options ``shoes add`` and ``shoes edit`` share."""


def _print_shoe(shoe: Shoe, verb: str, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(shoe.to_json(), indent=1))
    else:
        console.print(f"{verb} shoe {shoe.id}: {shoe.label}.", highlight=False)


@shoes_app.command("add")
@with_options(SHOE_OPTIONS)
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Your name for the pair.", show_default=False)],
    as_json: JsonOption = False,
    **details: Any,
) -> None:
    """Add a pair of shoes. Runs already imported whose export named this gear are put in it.

    Examples:
      achilles shoes add Pegasus --brand Nike --drop 10 --default-for running
      achilles shoes add Trail --drop 4 --reminder 500 --default-for trail_running
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        shoe = shoes_service.add_shoe(store, runner, **_fields(runner, name=name, **details))
    _print_shoe(shoe, "Added", as_json)


@shoes_app.command("edit")
@with_options(SHOE_OPTIONS)
def edit_command(
    ctx: typer.Context,
    shoe_ref: ShoeRef,
    name: Annotated[str | None, typer.Option(help="A new name.", show_default=False)] = None,
    no_default: Annotated[
        bool, typer.Option("--no-default", help="No longer the default for any sport.")
    ] = False,
    as_json: JsonOption = False,
    **details: Any,
) -> None:
    """Change what is known of a pair (only the options given change).

    Examples:
      achilles shoes edit "Pegasus blue" --drop 8 --reminder 600
      achilles shoes edit 3 --no-default
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        shoe = shoes_service.find_shoe(store, runner, shoe_ref)
        fields = _fields(runner, name=name, **details)
        if no_default:
            fields["default_sports"] = ()
        changed = shoes_service.edit_shoe(store, runner, shoe.id or 0, **fields)
    _print_shoe(changed, "Changed", as_json)


@shoes_app.command("retire")
def retire_command(
    ctx: typer.Context,
    shoe_ref: ShoeRef,
    on: Day = None,
    undo: Annotated[bool, typer.Option("--undo", help="Wear it again (not retired).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Retire a pair: it keeps its runs and distance, and is no longer a default at import.

    --on sets the day (default: today, where you live).

    Examples:
      achilles shoes retire "Pegasus blue"
      achilles shoes retire 3 --on 2026-10-01
      achilles shoes retire 3 --undo
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        shoe = shoes_service.find_shoe(store, runner, shoe_ref)
        day: date | None = None if undo else (on.date() if on else runner_today(runner))
        changed = shoes_service.retire_shoe(store, runner, shoe.id or 0, day)
    _print_shoe(changed, "Worn again:" if undo else "Retired", as_json)


@shoes_app.command("delete")
def delete_command(
    ctx: typer.Context,
    shoe_ref: ShoeRef,
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
) -> None:
    """Delete a pair. Its runs stay, in no shoe (to keep its history, retire it instead).

    Example: achilles shoes delete "Old trainers" --yes
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        shoe = shoes_service.find_shoe(store, runner, shoe_ref)
        if not yes and not typer.confirm(f"Delete shoe {shoe.id}: {shoe.label}?"):
            raise typer.Exit(1)
        freed = shoes_service.delete_shoe(store, runner, shoe.id or 0)
    runs = f"{freed} activit{'y' if freed == 1 else 'ies'}"
    console.print(f"Deleted shoe {shoe.id}: {shoe.label}; {runs} now in no shoe.", highlight=False)


@shoes_app.command("assign")
def assign_command(
    ctx: typer.Context,
    shoe_ref: Annotated[
        str, typer.Argument(help="The shoe's id or name, or 'none' to take runs out of any shoe.")
    ],
    activity_ids: Annotated[
        list[int],
        typer.Argument(help="Activity ids, as in: achilles activities --json", show_default=False),
    ],
    as_json: JsonOption = False,
) -> None:
    """Say which shoe runs were done in (it replaces any shoe they had).

    Examples:
      achilles shoes assign "Pegasus blue" 41 42 43
      achilles shoes assign none 44
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        shoe = (
            None
            if shoe_ref.strip().lower() == "none"
            else shoes_service.find_shoe(store, runner, shoe_ref)
        )
        changed = shoes_service.assign_activities(
            store, runner, activity_ids, shoe.id if shoe else None
        )
    if as_json:
        typer.echo(json.dumps({"shoe_id": shoe.id if shoe else None, "activity_ids": changed}))
        return
    where = f"in {shoe.label}" if shoe else "in no shoe"
    console.print(f"{len(changed)} activities now {where}: {', '.join(map(str, changed))}.",
                  highlight=False)  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(shoes_app, name="shoes")
