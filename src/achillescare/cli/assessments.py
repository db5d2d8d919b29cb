"""``achilles assessment``: a clinician's examination, entered by the runner, and the list.

The runner enters what a named clinician found ("a clinician assessed me"); it is stored and
shown as reported by the runner, never as the clinician's own entry (specialists record theirs in
the web app). A clinical assessment clears the red flags of its side reported on or before its
date, so it is what lifts an urgent or see-a-clinician decision.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from achillescare.cli.context import console, state, store_for
from achillescare.domain.decision.clinical_review import FINDING_LABELS, FINDINGS
from achillescare.services import clinical
from achillescare.services.runners import resolve_runner

assessment_app = typer.Typer(
    help="Clinical assessments: enter what a clinician found, or list them.",
    no_args_is_help=True,
)


@assessment_app.command("add")
def add_command(
    ctx: typer.Context,
    side: Annotated[str, typer.Option("--side", help="The leg examined: left or right.")],
    finding: Annotated[
        str, typer.Option("--finding", help=f"What they found: {', '.join(FINDINGS)}.")
    ],
    clinician: Annotated[
        str, typer.Option("--clinician", help="The name of the clinician who examined you.")
    ],
    on: Annotated[
        datetime | None,
        typer.Option(
            "--date", formats=["%Y-%m-%d"], help="Day of the examination (default: today)."
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="What they said, in a few words.")
    ] = None,
    return_to_running: Annotated[
        bool,
        typer.Option(
            "--return-to-running", help="They said you may run again (needed after a rupture)."
        ),
    ] = False,
) -> None:
    """Enter a clinician's assessment of one leg: it clears that leg's red flags reported up
    to its date (a rupture finding keeps running paused until --return-to-running).

    Example:
      achilles assessment add --side left --finding tendinopathy_mid_portion --clinician "Dr Vega"
    """
    data: dict[str, object] = {
        "side": side.strip().lower(),
        "finding": finding.strip().lower().replace("-", "_"),
        "assessor": clinician,
        "note": note,
        "return_to_running": return_to_running,
    }
    if on is not None:
        data["date"] = on.date().isoformat()
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        done = clinical.record_assessment(store, runner, data, kind="self_reported")
    found = done.stored.assessment
    console.print(
        f"Saved: {found.side} side, {FINDING_LABELS[found.finding]} on {found.date.isoformat()} "
        f"({clinical.provenance(found.assessor_kind, found.assessor)})."
    )
    if done.decision_before != done.decision_after:
        console.print(
            f"Today's decision: {done.decision_before.replace('_', ' ')} → "
            f"{done.decision_after.replace('_', ' ')}"
            + (" (the program resumes)." if done.resumed else ".")
        )
    if done.program is not None:
        console.print(f"Program: {done.program.reason}.")


@assessment_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print them as JSON.")] = False,
) -> None:
    """Every clinical assessment of the runner, oldest first, with who entered it.

    Example:
      achilles --runner Ana assessment list --json
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        found = clinical.assessments(store, runner)
    if as_json:
        rows = [
            s.assessment.to_dict()
            | {
                "id": s.id,
                "entered": clinical.provenance(s.assessment.assessor_kind, s.assessment.assessor),
            }
            for s in found
        ]
        typer.echo(json.dumps(rows, indent=1, ensure_ascii=False))
        return
    if not found:
        console.print("No clinical assessments yet: achilles assessment add --help")
        return
    table = Table("date", "side", "finding", "entered", "running", "note")
    for s in found:
        a = s.assessment
        table.add_row(
            a.date.isoformat(),
            a.side,
            FINDING_LABELS[a.finding],
            clinical.provenance(a.assessor_kind, a.assessor),
            "permitted" if a.return_to_running else "",
            a.note or "",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(assessment_app, name="assessment")
