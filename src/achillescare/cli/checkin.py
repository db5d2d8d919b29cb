"""``achilles checkin``: this morning's check-in for each painful leg, by prompts or by flags."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from typing import Annotated

import typer

from achillescare.cli.context import console, exit_on_domain_error, fail, state, store_for
from achillescare.cli.decide import DECISION_STYLE, DECISION_TEXT
from achillescare.cli.prompts import ask_choice, ask_int
from achillescare.domain.runner import Runner
from achillescare.domain.symptoms import (
    FLAG_FIELDS,
    FLAG_QUESTIONS,
    LOCATIONS,
    RUN_FLAGS,
    SIDES,
    CheckIn,
)
from achillescare.services import checkins as svc
from achillescare.services.decisions import decide_for
from achillescare.services.errors import AchillesError
from achillescare.services.runners import resolve_runner, runner_today
from achillescare.storage.db import Store


def _previous(store: Store, runner: Runner, day: date, side: str) -> CheckIn | None:
    earlier = [
        c
        for c in svc.list_checkins(store, runner, day - timedelta(days=28), day)
        if c.side == side and c.date < day
    ]
    return earlier[-1] if earlier else None


def _tracked_sides(store: Store, runner: Runner, day: date) -> str:
    recent = {c.side for c in svc.list_checkins(store, runner, day - timedelta(days=27), day)}
    return "both" if recent == set(SIDES) else next(iter(recent), "left")


def _ask_side(side: str, previous: CheckIn | None) -> dict[str, object]:
    """The prompts for one leg; defaults are the previous check-in's answers."""
    console.rule(f"[bold]{side} Achilles[/]")
    answers: dict[str, object] = {"side": side}
    answers["morning_pain"] = ask_int(
        "Pain on your first steps this morning (0–10)",
        0,
        10,
        default=previous.morning_pain if previous and previous.morning_pain is not None else 0,
    )
    answers["morning_stiffness_min"] = ask_int(
        "Morning stiffness (minutes)",
        0,
        24 * 60,
        default=previous.morning_stiffness_min
        if previous and previous.morning_stiffness_min is not None
        else 0,
    )
    ran = typer.confirm("Did you run since your last check-in?", default=True)
    answers["ran"] = ran
    if ran:
        answers["pain_during_run"] = ask_int("Pain during that run (0–10)", 0, 10)
        answers["pain_after_run"] = ask_int("Pain after it, that evening (0–10)", 0, 10)
        for flag in RUN_FLAGS:
            answers[flag] = typer.confirm(FLAG_QUESTIONS[flag], default=False)
    answers["location"] = ask_choice(
        "Where is the pain",
        LOCATIONS,
        default=previous.location if previous and previous.location else "mid_tendon",
    )
    for flag in FLAG_FIELDS:
        if flag not in RUN_FLAGS:
            answers[flag] = typer.confirm(FLAG_QUESTIONS[flag], default=False)
    return answers


def _ask_extras() -> dict[str, object]:
    """The optional items: blank skips each one."""
    out: dict[str, object] = {}
    for key, text in (
        ("session_rpe", "Session RPE of that run, 0–10"),
        ("fatigue", "Fatigue, 0–10"),
    ):
        raw = typer.prompt(f"{text} (blank to skip)", default="", show_default=False)
        if raw.strip():
            out[key] = int(raw) if raw.strip().isdigit() else raw
    sleep = typer.prompt("Hours of sleep (blank to skip)", default="", show_default=False)
    if sleep.strip():
        try:
            out["sleep_hours"] = float(sleep)
        except ValueError:
            out["sleep_hours"] = sleep
    notes = typer.prompt("Notes (blank to skip)", default="", show_default=False)
    if notes.strip():
        out["notes"] = notes.strip()
    return out


def _flags(values: list[str]) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for raw in values:
        for name in raw.split(","):
            key = name.strip().lower().replace("-", "_")
            if key not in FLAG_FIELDS:
                raise fail(f"unknown --yes item {name!r}: one of {', '.join(FLAG_FIELDS)}", 2)
            out[key] = True
    return out


def checkin_command(
    ctx: typer.Context,
    day: Annotated[
        datetime | None,
        typer.Option("--date", formats=["%Y-%m-%d"], help="Day of the check-in (default today)."),
    ] = None,
    side: Annotated[
        str | None, typer.Option("--side", help="left, right or both (same answers for both).")
    ] = None,
    ran: Annotated[
        bool | None, typer.Option("--ran/--no-ran", help="Ran since the last check-in?")
    ] = None,
    pain_during: Annotated[
        int | None, typer.Option("--pain-during", min=0, max=10, help="Pain during the run.")
    ] = None,
    pain_after: Annotated[
        int | None, typer.Option("--pain-after", min=0, max=10, help="Pain after the run.")
    ] = None,
    morning_pain: Annotated[
        int | None,
        typer.Option("--morning-pain", min=0, max=10, help="Pain on the first steps this morning."),
    ] = None,
    stiffness: Annotated[
        int | None, typer.Option("--stiffness", min=0, help="Morning stiffness in minutes.")
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", help="mid_tendon, insertion or calf.")
    ] = None,
    yes: Annotated[
        list[str] | None,
        typer.Option(
            "--yes",
            help="A yes/no item answered yes (repeat or comma-separate): " + ", ".join(FLAG_FIELDS),
        ),
    ] = None,
    rpe: Annotated[int | None, typer.Option("--rpe", help="Session RPE (0–10).")] = None,
    sleep: Annotated[float | None, typer.Option("--sleep", help="Hours of sleep.")] = None,
    fatigue: Annotated[int | None, typer.Option("--fatigue", help="Fatigue (0–10).")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free text.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Read a check-in object (or a list) on stdin.")
    ] = False,
    interactive: Annotated[
        bool,
        typer.Option("--interactive", "-i", help="Ask every question (default on a terminal)."),
    ] = False,
) -> None:
    """Check in: pain during and after your last run, this morning's pain and stiffness, and the
    yes/no questions that catch red flags — for each painful leg.

    One check-in per leg and day: checking in again the same day updates it (the earlier answers
    are kept in the history). Then shows today's decision.

    Examples:
      achilles checkin
      achilles checkin --side left --ran --pain-during 3 --pain-after 2 --morning-pain 2 --stiffness 5
      achilles checkin --side right --morning-pain 1 --no-ran --yes tenderness,swelling
      echo '{"date": "2026-11-24", "side": "left", "morning_pain": 2}' | achilles checkin --json
    """
    given = {
        "ran": ran,
        "pain_during_run": pain_during,
        "pain_after_run": pain_after,
        "morning_pain": morning_pain,
        "morning_stiffness_min": stiffness,
        "location": location,
        "session_rpe": rpe,
        "sleep_hours": sleep,
        "fatigue": fatigue,
        "notes": notes,
    }
    answers_given = any(v is not None for v in given.values()) or bool(yes)
    try:
        with store_for(ctx) as store:
            runner = resolve_runner(store, state(ctx).runner)
            today = runner_today(runner)
            when = day.date() if day else today
            items: list[dict[str, object]] = []
            if as_json:
                try:
                    data = json.loads(sys.stdin.read())
                except json.JSONDecodeError as error:
                    raise fail(f"the input is not JSON: {error}", 2) from None
                items = data if isinstance(data, list) else [data]
                if not all(isinstance(item, dict) for item in items):
                    raise fail("the input must be a check-in object or a list of them", 2)
            elif answers_given and not interactive:
                if side is None:
                    raise fail("choose the leg with --side left, right or both", 2)
                base = {k: v for k, v in given.items() if v is not None} | _flags(yes or [])
                sides = list(SIDES) if side == "both" else [side]
                items = [{"date": when.isoformat(), "side": s, **base} for s in sides]
            else:
                if not (interactive or sys.stdin.isatty()):
                    raise fail("give the answers as options (see --help), --json, or -i", 2)
                chosen = side or ask_choice(
                    "Which leg hurts",
                    ("left", "right", "both"),
                    _tracked_sides(store, runner, when),
                )
                for s in list(SIDES) if chosen == "both" else [chosen]:
                    answers = _ask_side(s, _previous(store, runner, when, s))
                    items.append({"date": when.isoformat(), **answers})
                extras = _ask_extras()
                for item in items:
                    item.update(extras)
            for item in items:
                saved = svc.record_checkin(store, runner, item, today)
                edit = f" (revision {saved.revision}: updated)" if saved.revision > 1 else ""
                console.print(f"checked in: {saved.checkin.side}, {saved.checkin.date}{edit}")
            if when == today:
                result = decide_for(store, runner, today)
                console.print(
                    f"today: [{DECISION_STYLE[result.decision]}]"
                    f"{DECISION_TEXT[result.decision]}[/] — details: achilles today"
                )
    except AchillesError as error:
        raise exit_on_domain_error(error) from None


def register(app: typer.Typer) -> None:
    """Add ``achilles checkin``."""
    app.command("checkin")(checkin_command)
