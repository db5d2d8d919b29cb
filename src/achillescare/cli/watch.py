"""``achilles watch DIR``: import the runs a watch or phone drops into a folder, as they arrive."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from achillescare.cli.context import console, exit_on_domain_error, state, store_for
from achillescare.cli.importing import report_json
from achillescare.domain.units import format_distance
from achillescare.errors import AchillesError
from achillescare.services.importing import ImportReport
from achillescare.services.watching import SETTLE_S, FolderState, check_folder, import_ready


def _print(report: ImportReport, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report_json(report), ensure_ascii=False))
        return
    stamp = datetime.now().astimezone().strftime("%H:%M:%S")
    runs = report.runs
    distance = format_distance(sum(a.distance_m for a in runs), report.runner.units)
    console.print(
        f"{stamp}  imported {len(runs)} run(s), {distance}"
        f"{f'; {len(report.duplicates)} already there' if report.duplicates else ''}"
        f"{f'; [red]{len(report.failed)} failed[/]' if report.failed else ''}",
        highlight=False,
    )
    for outcome in report.failed:
        console.print(f"  {outcome.source}: {outcome.detail}", highlight=False)


def watch_command(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(
            help="The folder your watch, phone or sync tool writes activity files to "
            "(searched recursively).",
            show_default=False,
        ),
    ],
    settle: Annotated[
        float,
        typer.Option(
            "--settle",
            min=0.0,
            max=600.0,
            help="Seconds a file must stay unchanged before it is read (a file still being "
            "written is never read half-way).",
        ),
    ] = SETTLE_S,
    once: Annotated[
        bool,
        typer.Option(
            "--once",
            help="Import the finished files that are there now and stop (for cron or a "
            "systemd timer).",
        ),
    ] = False,
    poll: Annotated[
        bool,
        typer.Option(
            "--poll",
            help="Look every few seconds instead of waiting for file-system events "
            "(network shares, some USB mounts).",
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON line per import (for scripts).")
    ] = False,
) -> None:
    """Import the runs a watch or phone drops into a folder, as they arrive.

    Point it at the folder Gadgetbridge auto-exports to, a Syncthing folder, or a Garmin
    watch mounted over USB. A file is read once it has stopped changing, never twice (a copy
    of a file already imported, or the same run from another app, is skipped), and a broken
    file is reported without stopping the watch. Press Ctrl+C to stop.

    Examples:
      achilles watch ~/Syncthing/Gadgetbridge
      achilles watch /media/GARMIN/Garmin/Activity --poll
      achilles watch ~/runs --once --settle 0
    """
    stop = threading.Event()
    try:
        resolved = check_folder(folder)
        with store_for(ctx) as store:
            runner = state(ctx).runner
            if once:
                watched = FolderState(settle_s=settle)
                import_ready(store, runner, resolved, watched, time.monotonic())  # first sight
                time.sleep(settle)  # a file still being written changes meanwhile: left for later
                report = import_ready(store, runner, resolved, watched, time.monotonic())
                if report is not None:
                    _print(report, as_json)
                elif not as_json:
                    console.print("Nothing new to import.")
                return
            from achillescare.services.watching import watch_folder  # noqa: PLC0415

            if not as_json:
                console.print(f"Watching {resolved} (Ctrl+C to stop).", highlight=False)
            try:
                watch_folder(
                    store,
                    runner,
                    resolved,
                    on_report=lambda report: _print(report, as_json),
                    stop=stop,
                    settle_s=settle,
                    force_polling=poll,
                )
            except KeyboardInterrupt:
                stop.set()
    except AchillesError as error:
        raise exit_on_domain_error(error) from None


def register(app: typer.Typer) -> None:
    """Add ``achilles watch``."""
    app.command("watch")(watch_command)
