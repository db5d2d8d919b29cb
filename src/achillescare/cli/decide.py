"""``achilles today`` (the decision for a stored runner, in colour) and ``achilles decide --json``
(the integration contract: one JSON object in on stdin, one out on stdout, no database)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Annotated

import typer
from rich.padding import Padding
from rich.text import Text

from achillescare.cli.context import console, fail, state, store_for
from achillescare.domain.assessment.questionnaires import questionnaires_due
from achillescare.domain.decision.clinical_review import FINDING_LABELS
from achillescare.domain.decision.daily import DailyDecision
from achillescare.domain.decision.verdicts import HEADLINES
from achillescare.domain.units import Units
from achillescare.services import clinical
from achillescare.services.checkins import list_responses
from achillescare.services.clinical import provenance
from achillescare.services.decisions import decide_for, decide_payload
from achillescare.services.runners import resolve_runner

DECISION_STYLE: dict[str | None, str] = {
    "run": "bold green",
    "modify": "bold yellow",
    "rest": "bold dark_orange",
    "see_specialist": "bold red",
    "urgent": "bold white on red",
}
LEVEL_STYLE: dict[str | None, str] = {None: "dim", **DECISION_STYLE}


def _override(result: DailyDecision) -> None:
    """Who set the day's decision and why, and what the rules alone would say."""
    found = result.override
    if found is None:
        return
    period = (
        f"for {found.first_day.isoformat()}"
        if found.first_day == found.last_day
        else f"from {found.first_day.isoformat()} to {found.last_day.isoformat()}"
    )
    console.print(
        Padding(Text(f"Set by {found.specialist} (specialist) {period}: {found.reason}"), (0, 2))
    )
    if result.computed is not None:
        line = Text("The rules alone would say: ")
        line.append(HEADLINES[result.computed], style=DECISION_STYLE[result.computed])
        console.print(Padding(line, (0, 2)))


def render(result: DailyDecision, who: str = "") -> None:
    """The human view: the answer, each side, the reasons in words with their sources, then the
    advice (the headline and reason sentences are the domain's, shared with the web app)."""
    header = Text(f"{who}{result.as_of.isoformat()}  ")
    header.append(HEADLINES[result.decision], style=DECISION_STYLE[result.decision])
    console.print(header)
    _override(result)
    sides = Text("  ")
    for side, decision in result.sides.items():
        sides.append(f"{side}: ")
        sides.append(decision or "no check-in this month", style=LEVEL_STYLE.get(decision, "dim"))
        sides.append("   ")
    console.print(sides)
    if result.reasons:
        console.print("\n[bold]Why[/]")
    for reason in result.reasons:
        line = Text("  ")
        line.append(f"{reason.rule:<10}", style=LEVEL_STYLE[reason.level])
        line.append(reason.text)
        console.print(Padding(line, (0, 0, 0, 0)))
        console.print(Padding(Text(reason.source, style="dim italic"), (0, 0, 0, 12)))
    console.print("\n[bold]Today[/]")
    for advice in result.advice:
        console.print(Padding(Text(f"• {advice}"), (0, 0, 0, 2)))
    console.print(
        "\n[dim]Decision support, not a diagnosis: when in doubt, see a physiotherapist or "
        "doctor.[/]"
    )


def today_command(
    ctx: typer.Context,
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="Day to decide for (default: today)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the decision as the decide --json object.")
    ] = False,
) -> None:
    """Can I run today? The decision for each leg and overall, with reasons and advice.

    Reads your check-ins (achilles checkin), your stored runs (training signals) and your
    VISA-A history. Red flags can never be outweighed; without today's check-in the answer is
    'modify' until you check in.

    Examples:
      achilles today
      achilles --runner Ana today --as-of 2026-11-20 --json
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        result = decide_for(store, runner, as_of.date() if as_of else None)
        responses = list_responses(store, runner)
        assessed = clinical.latest_by_side(store, runner, result.as_of)
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=1, ensure_ascii=False))
        return
    render(result, f"{runner.name}  ")
    for found in assessed:
        console.print(
            f"[cyan]Last clinical assessment ({found.side}):[/] {FINDING_LABELS[found.finding]}, "
            f"{found.date.isoformat()}, {provenance(found.assessor_kind, found.assessor)}"
        )
    if "DATA-4" in result.fired:
        console.print(
            "[cyan]To answer the blank red-flag questions:[/] achilles checkin -i, or achilles "
            "checkin --side SIDE --no ITEM (or --others-no for 'no' to every item not given)"
        )
    commands = {"visa_a": "achilles score visa-a", "ostrc_o2": "achilles score ostrc"}
    for instrument in questionnaires_due(responses, result.as_of):
        console.print(f"[cyan]Weekly questionnaire due:[/] {commands[instrument]}")


def decide_command(
    as_json: Annotated[
        bool, typer.Option("--json", help="Read one JSON request on stdin; write one on stdout.")
    ] = False,
    units: Annotated[
        Units, typer.Option("--units", help="Units of the advice text: km or mi.")
    ] = Units.KM,
) -> None:
    """The decision as a JSON contract, with no database: for integrations and tests.

    In: {"as_of": "YYYY-MM-DD", "checkins": [{"date", "side", "ran", "pain_during_run",
    "pain_after_run", "morning_pain", "morning_stiffness_min", "tenderness", ...}],
    "runs": [{"date", "distance_km", ...load CSV columns}], "visa_a": [{"date", "score"}],
    "birth_year": 2010}; birth_year (optional) screens a runner still growing (RF-11).
    Out: {"decision", "sides": {"left", "right"}, "reasons": [{"rule", "text", "facts", "source"}],
    "advice": [...], "signals": [...]}. Unknown fields or out-of-range values: exit status 2.

    Example:
      echo '{"as_of": "2026-11-24", "checkins": [{"date": "2026-11-24", "side": "left",
      "morning_pain": 2}]}' | achilles decide --json
    """
    if not as_json:
        raise fail("decide works on JSON: achilles decide --json < request.json", 2)
    raw = sys.stdin.read()
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as error:
        raise fail(f"the input is not JSON: {error}", 2) from None
    result = decide_payload(payload, datetime.now().astimezone().date(), units)
    typer.echo(json.dumps(result.to_json(), indent=1, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add ``achilles today`` and ``achilles decide``."""
    app.command("today")(today_command)
    app.command("decide")(decide_command)
