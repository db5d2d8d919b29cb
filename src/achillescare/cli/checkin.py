"""``achilles checkin``: this morning's check-in for each painful leg, by prompts or by flags."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from typing import Annotated

import typer

from achillescare.cli.context import console, exit_on_domain_error, fail, state, store_for
from achillescare.cli.decide import DECISION_STYLE
from achillescare.cli.prompts import ask_choice, ask_int
from achillescare.domain.assessment.symptoms import (
    FLAG_FIELDS,
    FLAG_LABELS,
    FLAG_QUESTIONS,
    LOCATIONS,
    RED_FLAG_ITEMS,
    RUN_FLAGS,
    SIDES,
    CheckIn,
)
from achillescare.domain.decision.verdicts import HEADLINES
from achillescare.domain.runner import Runner
from achillescare.errors import AchillesError
from achillescare.services import checkins as svc
from achillescare.services.decisions import decide_for
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
            answers[flag] = _ask_flag(flag)
    answers["location"] = ask_choice(
        "Where is the pain",
        LOCATIONS,
        default=previous.location if previous and previous.location else "mid_tendon",
    )
    for flag in FLAG_FIELDS:
        if flag not in RUN_FLAGS:
            answers[flag] = _ask_flag(flag)
    return answers


def _ask_flag(flag: str) -> bool:
    """One yes/no question; a red-flag question has no default: Enter alone asks again, so a
    skipped answer is never taken for "no"."""
    if flag in RED_FLAG_ITEMS:
        return typer.confirm(f"[red flag] {FLAG_QUESTIONS[flag]}", default=None)
    return typer.confirm(FLAG_QUESTIONS[flag], default=False)


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


def _flags(values: list[str], answer: bool, option: str) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for raw in values:
        for name in raw.split(","):
            key = name.strip().lower().replace("-", "_")
            if key not in FLAG_FIELDS:
                raise fail(f"unknown {option} item {name!r}: one of {', '.join(FLAG_FIELDS)}", 2)
            out[key] = answer
    return out


def _answers(yes: list[str], no: list[str], others_no: bool, ran: bool | None) -> dict[str, bool]:
    """The yes/no items given as options: ``--yes`` and ``--no`` items, and with ``--others-no``
    every other item "no" (the run item only when the runner ran). Without it an item not
    given stays unanswered, never "no"."""
    said_yes, said_no = _flags(yes, True, "--yes"), _flags(no, False, "--no")
    both = sorted(set(said_yes) & set(said_no))
    if both:
        raise fail(f"answered both yes and no: {', '.join(both)}", 2)
    out = said_no | said_yes
    if others_no:
        for name in FLAG_FIELDS:
            if name in RUN_FLAGS and ran is False:
                continue
            out.setdefault(name, False)
    return out


def _unanswered_hint(saved: list[CheckIn]) -> str | None:
    """The red-flag items the saved check-ins left unanswered, and how to answer them."""
    blank = {name for c in saved for name in c.unanswered_red_flags()}
    if not blank:
        return None
    ordered = [name for name in RED_FLAG_ITEMS if name in blank]
    labels = ", ".join(FLAG_LABELS[name] for name in ordered)
    items = ",".join(name.replace("_", "-") for name in ordered)
    return (
        f"unanswered red-flag questions: {labels} — a blank is not a 'no'. Answer them with "
        f"--yes ITEM or --no ITEM (items: {items}), or add --others-no if every item you did "
        "not give with --yes is a 'no' (or check in with -i)."
    )


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
    no: Annotated[
        list[str] | None,
        typer.Option("--no", help="A yes/no item answered no (repeat or comma-separate)."),
    ] = None,
    others_no: Annotated[
        bool,
        typer.Option(
            "--others-no",
            help="Answer 'no' to every yes/no item not given with --yes or --no. Without it an "
            "item not given stays unanswered (never 'no'), and today's answer is at most "
            "'modify' while a red-flag item is unanswered.",
        ),
    ] = False,
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
      achilles checkin --side left --ran --pain-during 3 --pain-after 2 --morning-pain 2 --stiffness 5 --others-no
      achilles checkin --side right --morning-pain 1 --no-ran --yes tenderness,swelling --others-no
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
    answers_given = any(v is not None for v in given.values()) or bool(yes) or bool(no) or others_no
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
                base = {k: v for k, v in given.items() if v is not None} | _answers(
                    yes or [], no or [], others_no, ran
                )
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
            stored: list[CheckIn] = []
            for item in items:
                saved = svc.record_checkin(store, runner, item, today)
                stored.append(saved.checkin)
                edit = f" (revision {saved.revision}: updated)" if saved.revision > 1 else ""
                console.print(f"checked in: {saved.checkin.side}, {saved.checkin.date}{edit}")
            hint = _unanswered_hint(stored)
            if hint is not None:
                console.print(f"[yellow]{hint}[/]")
            if when == today:
                result = decide_for(store, runner, today)
                console.print(
                    f"today: [{DECISION_STYLE[result.decision]}]"
                    f"{HEADLINES[result.decision]}[/] — details: achilles today"
                )
    except AchillesError as error:
        raise exit_on_domain_error(error) from None


def register(app: typer.Typer) -> None:
    """Add ``achilles checkin``."""
    app.command("checkin")(checkin_command)
