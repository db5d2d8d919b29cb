"""``achilles sync`` and ``achilles strava``: pull new runs from linked services, and link Strava
without a browser (headless set-ups, scripts and tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import typer

from achillescare.cli.context import console, err_console, state, store_for
from achillescare.domain.runner import Runner
from achillescare.domain.sync import SERVICE_NAMES, SourceName, SyncReport
from achillescare.domain.units import format_distance, format_duration
from achillescare.errors import NotFound, ServiceUnavailable
from achillescare.services.activities import get_activity
from achillescare.services.runners import resolve_runner
from achillescare.services.sync import SYNCS, linked_runners
from achillescare.services.sync import strava as strava_sync
from achillescare.storage.db import Store

MAX_LISTED = 20

strava_app = typer.Typer(no_args_is_help=True)


class Source(StrEnum):
    strava = "strava"
    intervals = "intervals"
    all = "all"


def sync_command(
    ctx: typer.Context,
    source: Annotated[
        Source,
        typer.Option("--source", "-s", help="Which service to pull from; all: every linked one."),
    ] = Source.all,
    every_runner: Annotated[
        bool,
        typer.Option(
            "--every-runner",
            help="Sync every runner who linked a service (a timer on a server with many runners).",
        ),
    ] = False,
) -> None:
    """Pull the runs that are new on your linked services, and say what was imported.

    Runs come in as a file would: the same run already imported from a FIT file (start ±2 min,
    distance ±3 %) is skipped, and the load signals include the new runs. Activities that are not
    runs are skipped. A first sync reads your whole history; when the service's rate limit
    stops it, run it again after the time it gives and it goes on where it stopped.

    Examples:
      achilles sync
      achilles --runner Ana sync --source strava
      achilles sync --every-runner
    """
    now = datetime.now(UTC)
    names = [name for name in SYNCS if source in (Source.all, name)]
    if not names:
        raise NotFound(f"this server cannot sync from {source.value}")
    with store_for(ctx) as store:
        if every_runner:
            _sync_every_runner(store, names, now)
            return
        runner = resolve_runner(store, state(ctx).runner)
        done = 0
        for name in names:
            try:
                report = SYNCS[name](store, runner, now=now)
            except NotFound:
                if source is not Source.all:
                    raise
                continue
            _print(store, runner, report)
            done += 1
        if not done:
            raise NotFound(
                f"{runner.name} has linked no service: achilles strava link --help, or connect "
                "Strava on the settings page of the web app"
            )


def _sync_every_runner(store: Store, names: list[SourceName], now: datetime) -> None:
    """Each linked runner in turn; one whose link fails is named and the others still sync
    (exit status 4 at the end, as for a failed service)."""
    failed = 0
    for name in names:
        for runner in linked_runners(store, name):
            console.print(f"[bold]{runner.name}[/]", highlight=False)
            try:
                report = SYNCS[name](store, runner, now=now)
            except ServiceUnavailable as error:
                err_console.print(f"[bold red]error:[/] {runner.name}: {error}", highlight=False)
                failed += 1
                continue
            _print(store, runner, report)
    if failed:
        raise typer.Exit(4)


def _print(store: Store, runner: Runner, report: SyncReport) -> None:
    """What one service's sync did, in words and the runner's units."""
    service = SERVICE_NAMES[report.source]
    runs = [get_activity(store, runner, activity_id) for activity_id in report.imported]
    if runs:
        total = format_distance(sum(a.distance_m for a in runs), runner.units)
        word = "run" if len(runs) == 1 else "runs"
        console.print(f"{service}: imported {len(runs)} {word} ({total}).")
        for run in runs[:MAX_LISTED]:
            console.print(
                f"  {run.start_local:%Y-%m-%d %H:%M}  {format_distance(run.distance_m, runner.units)}"
                f" in {format_duration(run.duration_s)}  {run.name or ''}".rstrip(),
                highlight=False,
            )
        if len(runs) > MAX_LISTED:
            console.print(f"  … and {len(runs) - MAX_LISTED} more")
    else:
        console.print(f"{service}: nothing new to import.")
    if report.duplicates:
        count = len(report.duplicates)
        console.print(
            f"{count} {'run was' if count == 1 else 'runs were'} already here "
            "(imported from a file or an earlier sync): not imported twice."
        )
    for activity_id, reason in report.skipped[:MAX_LISTED]:
        console.print(f"Skipped {service} activity {activity_id}: {reason}.", highlight=False)
    if len(report.skipped) > MAX_LISTED:
        console.print(f"… and {len(report.skipped) - MAX_LISTED} more skipped.")
    if report.resume_after is not None:
        console.print(
            f"{service}'s rate limit stopped this sync; run it again after "
            f"{report.resume_after:%H:%M} UTC and it goes on where it stopped."
        )


@strava_app.callback()
def strava_command() -> None:
    """Link this runner to Strava without a browser, or unlink.

    The web app's settings page connects Strava through Strava's own consent page; these
    commands are for headless set-ups and scripts that obtained tokens elsewhere.

    Example: achilles strava link --access-token T --refresh-token R --expires-at 1767225600
    """


@strava_app.command("link")
def link_command(
    ctx: typer.Context,
    access_token: Annotated[str, typer.Option(help="The athlete's access token.")],
    refresh_token: Annotated[str, typer.Option(help="The refresh token that goes with it.")],
    expires_at: Annotated[
        int, typer.Option(help="When the access token expires, in Unix seconds.")
    ],
) -> None:
    """Store Strava tokens for the runner; achilles sync then pulls their runs.

    Example: achilles --runner Ana strava link --access-token T --refresh-token R --expires-at 1767225600
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        strava_sync.link_tokens(
            store,
            runner,
            access_token=access_token,
            refresh_token=refresh_token,
            expires_at=expires_at,
        )
    console.print(f"Linked {runner.name} to Strava. Pull their runs with: achilles sync")


@strava_app.command("unlink")
def unlink_command(ctx: typer.Context) -> None:
    """Revoke this app's access at Strava and forget the runner's tokens; synced runs stay.

    Example: achilles --runner Ana strava unlink
    """
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        removed = strava_sync.disconnect(store, runner, now=datetime.now(UTC))
    if removed:
        console.print(f"Unlinked {runner.name} from Strava; the runs already synced stay.")
    else:
        console.print(f"{runner.name} was not linked to Strava.")


def register(app: typer.Typer) -> None:
    app.command("sync")(sync_command)
    app.add_typer(strava_app, name="strava")
