"""``achilles plan``: today's or this week's sessions — runs and exercises with dosing — as text,
JSON, an iCalendar file or a printable HTML handout."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from achillescare.cli.context import console, state, store_for
from achillescare.cli.program import state_json
from achillescare.cli.tables import hanging
from achillescare.domain.decision.verdicts import DECISIONS
from achillescare.library import load_exercises
from achillescare.services import programs
from achillescare.services.plan_exports import plan_html, plan_ics, prescription_line
from achillescare.services.runners import resolve_runner

KIND_STYLE = {"recovery": "blue", "prevention": "green", "run": "yellow", "rest": "dim"}


def plan_command(
    ctx: typer.Context,
    week: Annotated[bool, typer.Option("--week", help="The whole week, not just today.")] = False,
    decision: Annotated[
        str | None,
        typer.Option(
            "--decision",
            help=f"Override today's decision ({', '.join(DECISIONS)}); default: achilles decide's.",
        ),
    ] = None,
    on: Annotated[
        datetime | None, typer.Option("--on", formats=["%Y-%m-%d"], help="Today (default: today).")
    ] = None,
    week_of: Annotated[
        datetime | None,
        typer.Option("--week-of", formats=["%Y-%m-%d"], help="Plan the week holding this date."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the week as JSON.")] = False,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Write the week as an .ics file.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a printable HTML handout.")
    ] = None,
) -> None:
    """This week's plan: recovery or prevention sessions and runs, with exact dosing in your
    units. Each time it runs, the program is re-evaluated from your logged pain (achilles done),
    your self-tests and today's decision: pain above 5/10 steps back, a week within the rules
    moves on, criteria (heel raises, symmetry, hops) open the next phase or running stage.

    Examples:
      achilles plan
      achilles plan --week --decision modify
      achilles plan --json
      achilles plan --ics week.ics --html week.html
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        today = on.date() if on else programs.runner_today(runner)
        result = programs.week_plan(
            store, runner, today=today, decision=decision,
            week_of=week_of.date() if week_of else None,
        )  # fmt: skip
    library = load_exercises()
    plan, units = result.plan, runner.units
    if ics is not None:
        ics.write_bytes(plan_ics(plan, units, library, runner.name))
        console.print(f"Wrote {len(plan.sessions)} events to {ics}")
    if html is not None:
        html.write_text(plan_html(plan, units, library, runner.name), encoding="utf-8")
        console.print(f"Wrote the handout to {html}")
    if ics is not None or html is not None:
        return
    if as_json:
        payload = plan.to_json(units)
        payload["units"] = units.value
        payload["program"] = state_json(result.progression.state)
        payload["progression"] = {
            "changed": result.progression.changed,
            "actions": list(result.progression.actions),
            "reasons": list(result.progression.reasons),
            "rule_ids": list(result.progression.rule_ids),
        }
        payload["retests_due"] = [r.test for r in result.retests]
        payload["decision"] = {"value": result.decision, "source": result.decision_source}
        typer.echo(json.dumps(payload, indent=1, ensure_ascii=False))
        return
    console.print(f"[bold]Decision:[/] {result.decision} ({result.decision_source})")
    for action in result.progression.actions:
        console.print(f"[bold]Program change:[/] {action}")
    for reason in result.progression.reasons:
        console.print(hanging("  ", f"[dim]{reason}[/]"))
    sessions = plan.sessions if week else plan.on(today)
    for session in sessions:
        style = KIND_STYLE[session.kind]
        console.print(f"[{style}]{session.on:%a %d %b}  {session.title}[/]")
        if session.run is not None:
            console.print(hanging("    Run: ", session.run.describe(units)))
        for item in session.exercises:
            console.print(hanging("    - ", prescription_line(item, library)))
    for note in plan.notes:
        console.print(f"[dim]{note}[/]")
    if result.retests:
        console.print(hanging("Retest due: ", ", ".join(r.test for r in result.retests)))


def register(app: typer.Typer) -> None:
    """Add ``achilles plan``."""
    app.command("plan")(plan_command)
