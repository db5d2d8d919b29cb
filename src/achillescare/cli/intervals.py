"""``achilles intervals``: link the runner's intervals.icu account with its API key, sync the runs
and wellness days it holds, or unlink it. Each command calls
:mod:`achillescare.services.sync.intervals` and prints what happened in words."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from achillescare.cli.context import console, state, store_for
from achillescare.services.runners import resolve_runner
from achillescare.services.sync import intervals

intervals_app = typer.Typer(no_args_is_help=True)  # help: the callback's docstring


@intervals_app.callback()
def intervals_command() -> None:
    """Runs that arrive by themselves from intervals.icu: link your account with its API key,
    then sync your runs and wellness days.

    A sync fetches each run's original file (imported as an upload: the same run from a file
    stays one run) and your wellness days (resting heart rate, HRV, sleep, soreness), shown on
    your timeline; your own check-in answers are never filled in from them.

    Examples:
      achilles intervals link --api-key 4hj8example2key
      achilles intervals sync
    """


@intervals_app.command("link")
def link_command(
    ctx: typer.Context,
    api_key: Annotated[
        str,
        typer.Option(
            "--api-key",
            help="Your personal API key: intervals.icu Settings → Developer → API key.",
            show_default=False,
        ),
    ],
    athlete_id: Annotated[
        str,
        typer.Option(
            "--athlete-id", help="Your athlete id (e.g. i12345); 0 means the key's own athlete."
        ),
    ] = "0",
    since: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="First day the first sync fetches. Default: two years back.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check your intervals.icu API key with intervals.icu and keep it for syncing.

    Example: achilles intervals link --api-key 4hj8example2key --since 2025-01-01
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        linked = intervals.link(
            store, runner, api_key, athlete_id=athlete_id, since=since.date() if since else None
        )
    console.print(
        f"Linked {runner.name} to intervals.icu athlete {linked.athlete_id}. "
        "Fetch your runs with: achilles intervals sync",
        highlight=False,
    )


@intervals_app.command("unlink")
def unlink_command(ctx: typer.Context) -> None:
    """Forget your intervals.icu API key; runs and wellness days already synced stay.

    Example: achilles intervals unlink
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        removed = intervals.unlink(store, runner)
    console.print(
        f"Unlinked {runner.name} from intervals.icu."
        if removed
        else f"{runner.name} was not linked to intervals.icu.",
        highlight=False,
    )


@intervals_app.command("sync")
def sync_command(ctx: typer.Context) -> None:
    """Fetch your new runs and wellness days from intervals.icu.

    A first sync of a long history may stop at intervals.icu's rate limit: run it again and it
    goes on where it stopped.

    Example: achilles intervals sync
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        report = intervals.sync(store, runner, now=datetime.now(UTC))
    for line in intervals.report_sentences(report):
        console.print(line, highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(intervals_app, name="intervals")
