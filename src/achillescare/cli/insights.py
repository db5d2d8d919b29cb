"""``achilles insights``: which of your own run features are followed by worse mornings."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from achillescare.cli.context import console, exit_on_domain_error, fail, state, store_for
from achillescare.domain.insights import Insights
from achillescare.domain.units import Units
from achillescare.errors import AchillesError
from achillescare.services.insights import insights_for, insights_payload
from achillescare.services.runners import resolve_runner

VERDICT_STYLE = {"likely": "bold red", "possible": "yellow"}


def render(result: Insights) -> None:
    """The human view: likely then possible associations in plain sentences, and what waits."""
    shown = result.shown()
    waiting = [a for a in result.associations if a.verdict == "not enough data"]
    console.print(result.summary(), highlight=False)
    for rank, association in enumerate(shown, start=1):
        style = VERDICT_STYLE[association.verdict]
        console.print(f"[{style}]{rank}.[/] {association.text}", highlight=False)
    if result.associations:
        tested = len(result.associations) - len(waiting)
        console.print(
            f"\n[dim]{tested} comparisons made, {len(waiting)} waiting for more data. Hills may "
            "simply fall on days you already felt worse: talk a pattern over with your "
            "physiotherapist before changing your training.[/]"
        )


def insights_command(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print every comparison as one JSON object.")
    ] = False,
    from_json: Annotated[
        Path | None,
        typer.Option(
            "--from-json",
            help="Read a decide --json document (runs may add uphill_m, fast_min, strides, "
            "shoe, shoe_distance_before_km, shoe_drop_mm, surface) instead of the store.",
            dir_okay=False,
        ),
    ] = None,
    units: Annotated[
        Units | None,
        typer.Option("--units", help="Units of the sentences with --from-json: km or mi."),
    ] = None,
) -> None:
    """What precedes a bad morning, for you: run features followed by worse next mornings.

    Compares the mornings (pain and stiffness, the worse leg) one and two days after your runs
    with a feature — a long run, hills, fast minutes, strides, back-to-back days, a surface, a
    shoe, a new pair, a change of drop, no prevention session — against the mornings after your
    other runs, at equal distance. Each comes with a 95 % interval and a verdict: likely,
    possible, no sign or not enough data. Associations, not causes.

    Examples:
      achilles insights
      achilles insights --from-json runner.json --json
    """
    try:
        if from_json is not None:
            try:
                payload = json.loads(from_json.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise fail(f"cannot read {from_json} as JSON: {error}", 2) from None
            today = datetime.now().astimezone().date()
            result = insights_payload(payload, today, units or Units.KM)
        else:
            with store_for(ctx) as store:
                runner = resolve_runner(store, state(ctx).runner)
                result = insights_for(store, runner)
    except AchillesError as error:
        raise exit_on_domain_error(error) from None
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=1, ensure_ascii=False))
        return
    render(result)


def register(app: typer.Typer) -> None:
    """Add ``achilles insights``."""
    app.command("insights")(insights_command)
