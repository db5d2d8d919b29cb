"""``achilles score visa-a`` and ``achilles score ostrc``: questionnaires scored exactly, from
prompts, flags or JSON on stdin, and kept in the runner's history."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

import typer

from achillescare.cli.context import console, fail, state, store_for
from achillescare.cli.prompts import ask_choice, ask_int
from achillescare.cli.signatures import with_options
from achillescare.domain.assessment.questionnaire_text import VISA_A_ITEM7_CHOICES, VISA_A_PROMPTS
from achillescare.domain.assessment.questionnaires import (
    MINUTE_BAND_LABELS,
    OSTRC_QUESTIONS,
    OstrcO2,
    VisaA,
    minute_band,
)
from achillescare.services import checkins as svc
from achillescare.services.runners import resolve_runner

score_app = typer.Typer(
    help="Score a questionnaire: VISA-A (0–100, 100 = no symptoms) or OSTRC-O2 (severity 0–100).\n\n"
    "Example: achilles score visa-a --answers 7,6,7,8,5,4,4 --branch B --minutes 15",
    no_args_is_help=True,
)


def _read_json() -> Mapping[str, object]:
    try:
        data = json.loads(sys.stdin.read())
    except json.JSONDecodeError as error:
        raise fail(f"the input is not JSON: {error}", 2) from None
    if not isinstance(data, dict):
        raise fail("the input must be one JSON object", 2)
    return data


def _ints(text: str, count: int, what: str) -> list[int]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != count or not all(p.lstrip("-").isdecimal() for p in parts):
        raise fail(f"--answers takes {count} whole numbers separated by commas ({what})", 2)
    return [int(p) for p in parts]


def _visa_interactive() -> dict[str, object]:
    console.print("[bold]VISA-A[/] (Robinson et al. 2001) — the last week, the painful side")
    data: dict[str, object] = {}
    for number, text in enumerate(VISA_A_PROMPTS, start=1):
        data[str(number)] = ask_int(text, 0, 10)
    for points, label in VISA_A_ITEM7_CHOICES.items():
        console.print(f"   {points:>2} = {label}")
    data["7"] = int(ask_choice("7. Sport or physical activity now", tuple(VISA_A_ITEM7_CHOICES)))
    console.print(
        "8. Achilles-loading sport: A = no pain while training; B = pain but you complete it; "
        "C = pain stops you completing it"
    )
    branch = ask_choice("   Branch", ("A", "B", "C"), "A")
    minutes = ask_int("   Minutes you train that way (0 if none)", 0)
    data["8"] = {"branch": branch, "minutes": minutes}
    return data


def _ostrc_interactive() -> dict[str, object]:
    """Q1 and Q4 first; Q2 and Q3 only when Q1 reports a problem: after "full participation
    without problems" they can only be "no modification" and "no effect"."""
    console.print("[bold]OSTRC-O2[/] (Clarsen et al. 2020) — the Achilles, the past 7 days")
    data: dict[str, object] = {}
    for number in (1, 4, 2, 3):
        if number in (2, 3) and data["1"] == 0:
            continue
        question, answers = OSTRC_QUESTIONS[number - 1]
        console.print(f"[bold]{number}. {question}[/]")
        for index, answer in enumerate(answers):
            console.print(f"   {index} = {answer}")
        data[str(number)] = ask_int("   answer", 0, 3, default=0)
    return data


def _save(
    ctx: typer.Context,
    instrument: str,
    answers: Mapping[str, object],
    day: datetime | None,
    side: str | None,
) -> None:
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        taken_on = day.date() if day else None
        if instrument == "visa_a":
            svc.record_visa_a(store, runner, answers, taken_on, side)
        else:
            svc.record_ostrc(store, runner, answers, taken_on, side)
        history = svc.list_responses(store, runner, instrument)
    if len(history) >= 2:
        console.print(f"[dim]previous: {history[-2].score} on {history[-2].taken_on}[/]")


DateOption = Annotated[
    datetime | None,
    typer.Option("--date", formats=["%Y-%m-%d"], help="Day the form was filled (default today)."),
]
SideOption = Annotated[str | None, typer.Option("--side", help="left or right, if per side.")]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Read the answers as JSON on stdin; write JSON.")
]
SaveOption = Annotated[
    bool | None,
    typer.Option(
        "--save/--no-save",
        help="Keep it in the runner's history (default: yes, except with --json).",
    ),
]
FORM_OPTIONS = {"day": DateOption, "side": SideOption, "as_json": JsonOption, "save": SaveOption}
"""When and for which side a questionnaire was filled, and what to do with it: the options both
questionnaires share."""


@with_options(FORM_OPTIONS, defaults={"as_json": False})
def visa_a_command(
    ctx: typer.Context,
    answers: Annotated[
        str | None, typer.Option("--answers", help="Points of items 1–7, e.g. 7,6,7,8,5,4,4.")
    ] = None,
    branch: Annotated[
        str | None, typer.Option("--branch", help="Item 8 branch: A, B or C.")
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", help="Item 8 minutes (0 = nil; required).")
    ] = None,
    **options: Any,
) -> None:
    """VISA-A: eight items, 0–100 (100 = no symptoms); item 8 in one branch A/B/C by minutes.

    Examples:
      achilles score visa-a
      achilles score visa-a --answers 7,6,7,8,5,4,4 --branch B --minutes 15
      echo '{"1":7,"2":6,"3":7,"4":8,"5":5,"6":4,"7":4,"8":{"branch":"B","minutes":15}}' \\
        | achilles score visa-a --json
    """
    if options["as_json"]:
        data: Mapping[str, object] = _read_json()
    elif answers is not None:
        items = _ints(answers, 7, "items 1 to 7")
        data = {str(n): v for n, v in enumerate(items, start=1)}
        item8: dict[str, object] = {}
        if branch is not None:
            item8["branch"] = branch.upper()
        if minutes is not None:
            item8["minutes"] = minutes
        data["8"] = item8
    else:
        data = _visa_interactive()
    scored: VisaA = svc.score_visa_a(data)
    if _keep(ctx, "visa_a", data, scored, **options):
        return
    band = MINUTE_BAND_LABELS[minute_band(scored.minutes)]
    console.print(f"VISA-A [bold]{scored.score}[/]/100 — {scored.to_json()['interpretation']}")
    console.print(
        f"[dim]item 8: branch {scored.branch}, {band} → {scored.item8_points} points; "
        "Robinson et al. 2001[/]"
    )


def _keep(
    ctx: typer.Context,
    instrument: str,
    data: Mapping[str, object],
    scored: VisaA | OstrcO2,
    *,
    day: datetime | None,
    side: str | None,
    as_json: bool,
    save: bool | None,
) -> bool:
    """Save the answers (by default, unless the output is JSON) and print the JSON score; True
    when the score went out as JSON (nothing else to print)."""
    if save if save is not None else not as_json:
        _save(ctx, instrument, data, day, side)
    if as_json:
        typer.echo(json.dumps(scored.to_json(), ensure_ascii=False))
    return as_json


@with_options(FORM_OPTIONS, defaults={"as_json": False})
def ostrc_command(
    ctx: typer.Context,
    answers: Annotated[
        str | None,
        typer.Option("--answers", help="Answer index (0–3, first answer 0) of Q1–Q4: 1,2,1,1."),
    ] = None,
    **options: Any,
) -> None:
    """OSTRC-O2 (2020): four questions, answers 0/8/17/25 points, severity 0–100, and whether
    the Achilles problem is substantial.

    Examples:
      achilles score ostrc
      achilles score ostrc --answers 1,2,1,1
      echo '{"1": 1, "2": 2, "3": 1, "4": 1}' | achilles score ostrc --json
    """
    if options["as_json"]:
        data: Mapping[str, object] = _read_json()
    elif answers is not None:
        data = {str(n): v for n, v in enumerate(_ints(answers, 4, "Q1 to Q4"), start=1)}
    else:
        data = _ostrc_interactive()
    scored: OstrcO2 = svc.score_ostrc(data)
    if _keep(ctx, "ostrc_o2", data, scored, **options):
        return
    flag = "[bold red]substantial problem[/]" if scored.substantial else "not substantial"
    console.print(f"OSTRC-O2 severity [bold]{scored.score}[/]/100 — {flag}")
    console.print("[dim]Clarsen et al. 2020 (version 2)[/]")


def register(app: typer.Typer) -> None:
    """Add ``achilles score visa-a`` and ``achilles score ostrc``."""
    score_app.command("visa-a")(visa_a_command)
    score_app.command("ostrc")(ostrc_command)
    app.add_typer(score_app, name="score")
