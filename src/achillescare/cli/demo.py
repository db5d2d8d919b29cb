"""``achilles demo``: the main job for a newcomer — a demo runner in the store, and what we see."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated

import typer

from achillescare.cli.activities import activities_command
from achillescare.cli.context import console, state, store_for
from achillescare.cli.load import load_command
from achillescare.demo.seed import DEMO_RUNNER, seed_demo_runner
from achillescare.domain.units import Units


def demo_command(
    ctx: typer.Context,
    units: Annotated[Units, typer.Option(help="Units of a newly seeded demo runner.")] = Units.KM,
) -> None:
    """Seed the demo runner (twelve weeks of runs ending in a mileage spike) and show their runs,
    their weekly summary and their training-load signals.

    Uses the default store unless --db is given; running it again seeds nothing new.

    Example: achilles --db /tmp/demo.db demo --units mi
    """
    with store_for(ctx) as store:
        runner, seeded = seed_demo_runner(store, date.today(), units=units)  # noqa: DTZ011
        where = store.url
    verb = "Seeded" if seeded else "Found"
    console.print(f"{verb} [bold]{runner.name}[/] in {where}\n")
    state(ctx).runner = DEMO_RUNNER
    since = datetime.combine(date.today() - timedelta(weeks=4), time())  # noqa: DTZ011
    ctx.invoke(activities_command, ctx, since=since)
    console.print()
    ctx.invoke(load_command, ctx, weeks=12)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)
