"""``achilles program``, ``achilles risk`` and ``achilles done``: set up the program, see the risk
profile, and log what was done with the pain it caused."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

import typer

from achillescare.cli.context import console, fail, state, store_for
from achillescare.domain.program.adherence import AdherenceEntry, LoggedKind
from achillescare.domain.program.plan import RunningWeek
from achillescare.domain.program.progression import ProgramState
from achillescare.domain.risk.profile import RunnerHistory
from achillescare.library import load_exercises
from achillescare.services import programs
from achillescare.services.runners import resolve_runner

program_app = typer.Typer(
    help="Set up and review the recovery or prevention program.\n\n"
    "Example: achilles program start --location mid_portion --leg left --run-days tue,thu,sun "
    "--long sun --hard thu",
    no_args_is_help=True,
)

DateOption = Annotated[
    datetime | None, typer.Option("--on", formats=["%Y-%m-%d"], help="Date (default today).")
]


def _week(run_days: str | None, long_day: str | None, hard_days: str | None) -> RunningWeek | None:
    if run_days is None and long_day is None and hard_days is None:
        return None
    return RunningWeek.parse(run_days or "", long_day, hard_days or "")


def state_json(program: ProgramState) -> dict[str, Any]:
    return {
        "mode": program.mode, "location": program.location, "protocol": program.protocol,
        "affected": program.affected, "phase": program.phase, "core_week": program.core_week,
        "extra_load_kg": program.extra_load_kg, "rtr_stage": program.rtr_stage,
        "rtr_step": program.rtr_step, "plyo_level": program.plyo_level,
        "started_on": program.started_on.isoformat(),
        "last_change_on": program.last_change_on.isoformat() if program.last_change_on else None,
        "running_week": program.running_week.to_json(),
        "prevention_per_week": program.prevention_per_week,
        "reason": program.reason, "rule_ids": list(program.rule_ids),
    }  # fmt: skip


def _show(program: ProgramState) -> None:
    what = (
        "prevention" if program.mode == "prevention"
        else f"recovery ({program.location.replace('_', '-')}), phase {program.phase}, "
        f"{program.protocol} week {program.core_week}, running stage {program.rtr_stage}"
    )  # fmt: skip
    console.print(f"[bold]Program:[/] {what}")
    week = ", ".join(f"{d} {k}" for d, k in program.running_week.to_json().items()) or "not set"
    console.print(f"Running week: {week}")
    console.print(f"Last change: {program.reason} ({program.last_change_on})")


@program_app.command("start")
def start_command(
    ctx: typer.Context,
    location: Annotated[
        str, typer.Option("--location", help="mid_portion, insertional, or none (prevention).")
    ],
    leg: Annotated[str | None, typer.Option("--leg", help="Painful leg: left or right.")] = None,
    protocol: Annotated[
        str | None,
        typer.Option("--protocol", help="hsr, alfredson or silbernagel (default by location)."),
    ] = None,
    run_days: Annotated[str | None, typer.Option("--run-days", help="e.g. tue,thu,sun")] = None,
    long_day: Annotated[str | None, typer.Option("--long", help="Long-run day, e.g. sun")] = None,
    hard_days: Annotated[str | None, typer.Option("--hard", help="Hard days, e.g. thu")] = None,
    previous_injury: Annotated[
        bool | None, typer.Option("--previous-injury/--no-previous-injury")
    ] = None,
    fluoroquinolone: Annotated[
        bool | None,
        typer.Option("--fluoroquinolone/--no-fluoroquinolone", help="Recent ciprofloxacin etc."),
    ] = None,
    sessions: Annotated[int, typer.Option("--prevention-sessions", help="2 or 3 a week.")] = 3,
    on: DateOption = None,
) -> None:
    """Start a program: recovery for mid-portion or insertional pain, prevention for none.

    Example: achilles program start --location insertional --leg right --run-days mon,wed,sat
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        day = on.date() if on else programs.runner_today(runner)
        program = programs.start_program(
            store, runner, location=location, started_on=day, affected=leg,
            protocol=protocol, running_week=_week(run_days, long_day, hard_days),
            history=RunnerHistory(previous_injury, fluoroquinolone),
            prevention_per_week=sessions,
        )  # fmt: skip
    _show(program)


@program_app.command("set")
def set_command(
    ctx: typer.Context,
    protocol: Annotated[str | None, typer.Option("--protocol")] = None,
    run_days: Annotated[str | None, typer.Option("--run-days")] = None,
    long_day: Annotated[str | None, typer.Option("--long")] = None,
    hard_days: Annotated[str | None, typer.Option("--hard")] = None,
    previous_injury: Annotated[
        bool | None, typer.Option("--previous-injury/--no-previous-injury")
    ] = None,
    fluoroquinolone: Annotated[
        bool | None, typer.Option("--fluoroquinolone/--no-fluoroquinolone")
    ] = None,
) -> None:
    """Change the running week, protocol or history answers (kept in the program's history).

    Example: achilles program set --run-days tue,thu,sat,sun --long sun --hard thu
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        current = programs.current_program(store, runner)
        changes: dict[str, Any] = {}
        week = _week(run_days, long_day, hard_days)
        if week is not None:
            changes["running_week"] = week
        if protocol is not None:
            changes["protocol"] = protocol
        if previous_injury is not None or fluoroquinolone is not None:
            old = current.history
            changes["history"] = RunnerHistory(
                old.previous_achilles_injury if previous_injury is None else previous_injury,
                old.fluoroquinolone_recent if fluoroquinolone is None else fluoroquinolone,
            )
        if not changes:
            raise fail("nothing to change: give --run-days, --protocol, … (see --help)", 2)
        program = programs.change_program(store, runner, "edited: " + ", ".join(changes), **changes)
    _show(program)


@program_app.command("show")
def show_command(
    ctx: typer.Context,
    history: Annotated[bool, typer.Option("--history", help="Every change, oldest first.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The program in force (or its whole history).

    Example: achilles program show --history
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        states = programs.program_history(store, runner) if history else [
            programs.current_program(store, runner)]  # fmt: skip
    if as_json:
        typer.echo(json.dumps([state_json(s) for s in states], indent=1))
        return
    for program in states:
        _show(program)


def risk_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
    on: DateOption = None,
) -> None:
    """Your risk profile: training load, dorsiflexion, calf endurance, glutes, movement,
    prevention work and history — each with what was found, why it matters, how strong the
    evidence is, and the exercises in your program that answer it. Factors are associated with
    Achilles tendinopathy, not proven causes.

    Examples:
      achilles risk
      achilles risk --json
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        day = on.date() if on else programs.runner_today(runner)
        profile = programs.runner_risk(store, runner, day)
    if as_json:
        typer.echo(json.dumps(profile.to_json(), indent=1, ensure_ascii=False))
        return
    style = {"present": "bold yellow", "absent": "green", "unknown": "dim", "not_assessed": "dim"}
    for factor in profile.factors:
        console.print(f"[bold]{factor.name}[/]  [{style[factor.status]}]{factor.status}[/]")
        console.print(f"    {factor.finding}")
        console.print(f"    [dim]Why: {factor.why} Evidence: {factor.evidence}[/]")
        if factor.addressed_by and factor.status != "absent":
            console.print(f"    Addressed by: {', '.join(factor.addressed_by)}")


def done_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None, typer.Argument(help="recovery or prevention (default: your program's kind).")
    ] = None,
    exercise: Annotated[
        str | None, typer.Option("--exercise", "-e", help="One exercise id instead of a session.")
    ] = None,
    pain: Annotated[
        int | None, typer.Option("--pain", help="Worst pain during it, 0–10.", min=0, max=10)
    ] = None,
    rpe: Annotated[float | None, typer.Option("--rpe", help="Effort 0–10.", min=0, max=10)] = None,
    minutes: Annotated[float | None, typer.Option("--minutes", min=0)] = None,
    sets: Annotated[int | None, typer.Option("--sets", min=0)] = None,
    reps: Annotated[int | None, typer.Option("--reps", min=0)] = None,
    load_kg: Annotated[float | None, typer.Option("--load-kg", min=0)] = None,
    note: Annotated[str, typer.Option("--note")] = "",
    on: DateOption = None,
) -> None:
    """Log a session or one exercise as done, with the pain it caused (0–10) and your effort.
    Pain during exercise drives the program: above 5/10 it steps back, a week within the rules
    moves it on (see achilles plan).

    Examples:
      achilles done --pain 3 --rpe 6 --minutes 25
      achilles done prevention --pain 0 --rpe 5
      achilles done --exercise eccentric_heel_drop_straight --pain 4 --sets 3 --reps 15
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        day = on.date() if on else programs.runner_today(runner)
        chosen = kind or programs.current_program(store, runner).mode
        logged: LoggedKind = "recovery" if chosen == "recovery" else "prevention"
        if chosen not in ("recovery", "prevention"):
            raise fail("kind is recovery or prevention", 2)
        if exercise is not None and exercise not in load_exercises():
            raise fail(f"unknown exercise {exercise!r}: see achilles exercises", 2)
        entry = AdherenceEntry(
            day, logged, exercise, pain, rpe, minutes, sets, reps, load_kg, note
        )  # fmt: skip
        stored = programs.record_done(store, runner, entry)
    what = stored.exercise_id or f"{stored.kind} session"
    pain_text = f", pain {stored.pain_during}/10" if stored.pain_during is not None else ""
    console.print(f"Logged {what} on {stored.done_on}{pain_text}.")
    if stored.pain_during is not None and stored.pain_during > 5:
        console.print("[yellow]Pain above 5/10: the next plan steps back one level (PM-1).[/]")


def register(app: typer.Typer) -> None:
    """Add ``achilles program``, ``achilles risk`` and ``achilles done``."""
    app.add_typer(program_app, name="program")
    app.command("risk")(risk_command)
    app.command("done")(done_command)
