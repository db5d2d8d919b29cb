"""``achilles checkin``: this morning's check-in for each painful leg, by prompts or by flags."""

from __future__ import annotations

import inspect
import json
import sys
from datetime import date, datetime, timedelta
from typing import Annotated

import typer

from achillescare.cli.context import console, exit_on_domain_error, fail, state, store_for
from achillescare.cli.decide import DECISION_STYLE
from achillescare.cli.prompts import ask_choice, ask_int, ask_optional
from achillescare.cli.signatures import keyword_option, with_options
from achillescare.domain.assessment.checkin_fields import (
    FIELDS,
    FLAG_FIELDS,
    FLAG_LABELS,
    RED_FLAG_ITEMS,
    RUN_FLAGS,
    SPECS,
    FieldSpec,
)
from achillescare.domain.assessment.symptoms import SIDES, CheckIn
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


SHORT_OPTIONS: dict[str, str] = {
    "pain_during_run": "--pain-during",
    "pain_after_run": "--pain-after",
    "morning_stiffness_min": "--stiffness",
    "session_rpe": "--rpe",
    "sleep_hours": "--sleep",
}
"""Shorter option names for a few fields; any other field's option is its name in words
(``morning_pain``: ``--morning-pain``)."""

OPTIONS: dict[str, str] = {
    spec.name: SHORT_OPTIONS.get(spec.name, "--" + spec.name.replace("_", "-"))
    for spec in FIELDS
    if not spec.item
}
"""The option of each check-in field that is not a yes/no item (those are ``--yes``/``--no``
items), derived from :data:`.checkin_fields.FIELDS`: a new field has its option at once."""

_OPTION_TYPES: dict[str, type] = {"scale": int, "minutes": int, "hours": float}


def _answer_parameter(spec: FieldSpec) -> inspect.Parameter:
    """The command's parameter for one field, typed and bounded by its spec."""
    option, help_text = OPTIONS[spec.name], _help(spec.name)
    if spec.kind == "yes_no":
        info = typer.Option(f"{option}/--no-{option[2:]}", help=help_text)
        kind: type = bool
    elif spec.kind in ("scale", "minutes"):
        info = typer.Option(option, min=int(spec.low or 0), max=int(spec.high or 0), help=help_text)
        kind = int
    else:
        info = typer.Option(option, help=help_text)
        kind = _OPTION_TYPES.get(spec.kind, str)
    return keyword_option(spec.name, Annotated[kind | None, info])


def answer_options() -> list[inspect.Parameter]:
    """One option per check-in field that is not a yes/no item, in the fields' order."""
    return [_answer_parameter(spec) for spec in FIELDS if spec.name in OPTIONS]


def _help(name: str) -> str:
    """An option's help, from its field's spec: the question, the range or choices, the hint."""
    spec = SPECS[name]
    extra = [spec.hint] if spec.hint else []
    if spec.kind in ("scale", "minutes", "hours"):
        extra.insert(
            0, f"{spec.low:g}–{spec.high:g}" + (f" {spec.unit}" if spec.kind != "scale" else "")
        )
    if spec.kind == "choice":
        extra.insert(0, ", ".join(spec.values))
    ending = "" if spec.question.endswith("?") else "."
    return spec.question + (f" ({'; '.join(extra)})" if extra else "") + ending


def _ask(spec: FieldSpec, previous: CheckIn | None) -> object:
    """One per-side question. A morning answer and the pain's location default to the previous
    check-in's; a red-flag question has no default: Enter alone asks again, so a skipped answer
    is never taken for "no"."""
    before = getattr(previous, spec.name) if previous is not None else None
    if spec.kind == "yes_no":
        if spec.red_flag:
            return typer.confirm(f"[red flag] {spec.question}", default=None)
        return typer.confirm(spec.question, default=not spec.item)  # ran: yes; an item: no
    if spec.kind == "choice":
        default_choice = str(before) if before else spec.values[0]
        return ask_choice(spec.question.rstrip("?"), spec.values, default=default_choice)
    if spec.kind in ("scale", "minutes") and spec.low is not None and spec.high is not None:
        remembered = before if before is not None else int(spec.low)
        default = None if spec.if_ran else remembered
        text = f"{spec.question} ({spec.unit})" if spec.kind == "scale" else spec.question
        return ask_int(text, int(spec.low), int(spec.high), default=default)
    return ask_optional(spec)


def _ask_side(side: str, previous: CheckIn | None) -> dict[str, object]:
    """The prompts for one leg, this morning's first, then the last run (its items only when
    the runner ran), then the leg's other questions."""
    console.rule(f"[bold]{side} Achilles[/]")
    answers: dict[str, object] = {"side": side}
    for section in ("morning", "run", "leg"):
        for spec in FIELDS:
            if spec.section == section and spec.per_side:
                if spec.if_ran and answers.get("ran") is False:
                    continue
                answers[spec.name] = _ask(spec, previous)
    return answers


def _ask_extras() -> dict[str, object]:
    """The context asked once for every leg (session RPE, sleep, fatigue, notes): blank skips
    each one."""
    answers = {spec.name: ask_optional(spec) for spec in FIELDS if not spec.per_side}
    return {name: value for name, value in answers.items() if value is not None}


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
    as_json: Annotated[
        bool, typer.Option("--json", help="Read a check-in object (or a list) on stdin.")
    ] = False,
    interactive: Annotated[
        bool,
        typer.Option("--interactive", "-i", help="Ask every question (default on a terminal)."),
    ] = False,
    **answers: object,
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
    given = {name: answers.get(name) for name in OPTIONS}  # one option per field (see OPTIONS)
    ran = given["ran"] if isinstance(given["ran"], bool) else None
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
    app.command("checkin")(with_options(answer_options)(checkin_command))
