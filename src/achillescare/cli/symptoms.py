"""``achilles symptoms``: the check-in history as a table, with a morning-pain trend per leg and
the questionnaire scores judged against their minimal important change."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from achillescare.cli.context import console, state, store_for
from achillescare.domain.assessment.questionnaires import (
    StoredResponse,
    ostrc_change,
    visa_a_change,
)
from achillescare.domain.assessment.symptoms import SIDES, CheckIn
from achillescare.services import checkins as svc
from achillescare.services.runners import resolve_runner, runner_today

_BARS = "▁▂▃▄▅▆▇█"


def pain_trend(values: list[int | None]) -> str:
    """One character per day on a fixed 0–10 scale (``▁`` = 0–1 … ``█`` = 10); ``·`` = no answer."""
    return "".join("·" if v is None else _BARS[min(7, v * 8 // 11)] for v in values)


def _pain_style(value: int | None) -> str:
    if value is None:
        return "dim"
    return "green" if value <= 2 else "yellow" if value <= 5 else "bold red"


def _cell(value: int | None) -> Text:
    return Text("–" if value is None else str(value), style=_pain_style(value))


def _table(checkins: list[CheckIn]) -> Table:
    table = Table(box=None, title_justify="left")
    for column in ("date", "side", "ran", "during", "after", "morning", "stiff min", "yes to"):
        table.add_column(
            column,
            justify="right" if column in {"during", "after", "morning", "stiff min"} else "left",
        )
    for c in checkins:
        ran = "–" if c.ran is None and not c.did_run else "yes" if c.did_run else "no"
        stiff = "–" if c.morning_stiffness_min is None else str(c.morning_stiffness_min)
        table.add_row(
            c.date.isoformat(),
            c.side,
            ran,
            _cell(c.pain_during_run),
            _cell(c.pain_after_run),
            _cell(c.morning_pain),
            stiff,
            Text(", ".join(c.flags()), style="yellow"),
        )
    return table


def _trends(checkins: list[CheckIn], first: date, last: date) -> list[str]:
    days = (last - first).days + 1
    lines = []
    for side in SIDES:
        by_day = {c.date: c.morning_pain for c in checkins if c.side == side}
        if by_day:
            values = [by_day.get(first + timedelta(days=k)) for k in range(days)]
            lines.append(f"{side:<6} morning pain  {pain_trend(values)}")
    return lines


def _scores(responses: list[StoredResponse], instrument: str) -> str | None:
    items = [r for r in responses if r.instrument == instrument]
    if not items:
        return None
    last = items[-1]
    name = "VISA-A" if instrument == "visa_a" else "OSTRC-O2"
    text = f"{name} {last.score} on {last.taken_on}"
    if len(items) >= 2:
        first = items[0]
        judge = visa_a_change if instrument == "visa_a" else ostrc_change
        text += (
            f" — {judge((first.taken_on, first.score), (last.taken_on, last.score)).explanation}"
        )
    if last.substantial:
        text += " — substantial problem"
    return text


def symptoms_command(
    ctx: typer.Context,
    days: Annotated[int, typer.Option("--days", min=1, help="Days of history to show.")] = 28,
    until: Annotated[
        datetime | None,
        typer.Option("--until", formats=["%Y-%m-%d"], help="Last day shown (default today)."),
    ] = None,
    edits: Annotated[
        datetime | None,
        typer.Option(
            "--edits",
            formats=["%Y-%m-%d"],
            help="Show every version of that day's check-ins instead.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the history as JSON.")] = False,
) -> None:
    """Your check-in history: pain during and after runs, mornings, stiffness and the yes answers,
    with a morning-pain trend line per leg and your questionnaire scores.

    Examples:
      achilles symptoms
      achilles symptoms --days 56 --json
      achilles symptoms --edits 2026-11-24
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        last = until.date() if until else runner_today(runner)
        if edits is not None:
            versions = [
                (side, v)
                for side in SIDES
                for v in svc.checkin_history(store, runner, edits.date(), side)
            ]
            for side, v in versions:
                when = v.recorded_at.isoformat(timespec="seconds")
                console.print(f"[bold]{side}[/] revision {v.revision} saved {when}")
                answered = {
                    k: value
                    for k, value in v.checkin.to_dict().items()
                    if value not in (None, False) and k not in ("date", "side")
                }
                console.print(f"  {json.dumps(answered, ensure_ascii=False)}")
            if not versions:
                console.print(f"no check-in on {edits.date()}")
            return
        first = last - timedelta(days=days - 1)
        checkins = svc.list_checkins(store, runner, first, last)
        responses = svc.list_responses(store, runner)
    if as_json:
        out = {
            "from": first.isoformat(),
            "until": last.isoformat(),
            "checkins": [c.to_dict() for c in checkins],
            "questionnaires": [
                {
                    "instrument": r.instrument,
                    "date": r.taken_on.isoformat(),
                    "score": r.score,
                    "substantial": r.substantial,
                    "side": r.side,
                }
                for r in responses
            ],
        }
        typer.echo(json.dumps(out, indent=1, ensure_ascii=False))
        return
    if not checkins:
        console.print(f"no check-ins from {first} to {last}: achilles checkin")
    else:
        console.print(_table(checkins))
        console.print()
        for line in _trends(checkins, first, last):
            console.print(line)
        console.print(f"[dim]{first} → {last}; ▁ = 0–1 … █ = 10, · = no check-in[/]")
    for instrument in ("visa_a", "ostrc_o2"):
        score_line = _scores(responses, instrument)
        if score_line:
            console.print(score_line)


def register(app: typer.Typer) -> None:
    """Add ``achilles symptoms``."""
    app.command("symptoms")(symptoms_command)
