"""``achilles serve``: the web app for runners (phones) and specialists, over the same store."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Annotated

import typer

from achillescare.cli.context import console, state
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput
from achillescare.services.importing import ImportReport
from achillescare.services.jobs import STALLED_AFTER_S, InProcessQueue, queue_for
from achillescare.storage.db import Store, open_store

LOCAL_PROXY = "127.0.0.1"
"""The only proxy trusted by default: one on this machine (nginx or Caddy in front of serve)."""


def serve_command(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="TCP port to listen on.", min=1, max=65535)] = 8000,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Seed the demo clinic first and show its logins (demo accounts only)."
        ),
    ] = False,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            help="Address of a reverse proxy whose X-Forwarded-For header is believed, so the "
            "sign-in limit per address sees each client's address, not the proxy's. Repeat for "
            "several. Default: 127.0.0.1 (a proxy on this machine). Nobody else can set it.",
        ),
    ] = None,
) -> None:
    """Start the web app: runners check in from a phone, specialists see all their runners.

    No account exists until someone signs up (there is no default login), except with --demo,
    which seeds one specialist and four runners and prints their logins.

    Behind a reverse proxy on another machine, name it with --trusted-proxy so the sign-in
    limit per address counts each client, not the proxy.

    Example: achilles --db /tmp/demo.db serve --demo --port 8000
    """
    import uvicorn  # noqa: PLC0415  (only this command needs the server)

    from achillescare.web import warmup  # noqa: PLC0415
    from achillescare.web.app import create_app  # noqa: PLC0415

    store = open_store(state(ctx).db)
    jobs = queue_for(store)
    try:
        if demo:
            _seed_and_announce(store)
        console.print(f"AchillesCare on [bold]http://{host}:{port}/[/] (store: {store.url})")
        if isinstance(jobs, InProcessQueue):
            jobs.resume()
        else:
            console.print("Uploads are imported by [bold]achilles worker[/] (run one or more).")
        stop = threading.Event()
        warmup.start(store, stop)
        if isinstance(jobs, InProcessQueue):  # on PostgreSQL, achilles worker watches
            _watch_in_background(store, stop)
        uvicorn.run(
            create_app(store, demo=demo, jobs=jobs),
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=True,
            forwarded_allow_ips=trusted_proxy or [LOCAL_PROXY],
        )
        stop.set()
    finally:
        jobs.close()
        store.close()


def worker_command(
    ctx: typer.Context,
    concurrency: Annotated[
        int, typer.Option(help="Imports run at once by this worker.", min=1, max=32)
    ] = 1,
    stalled_after: Annotated[
        float,
        typer.Option(
            help="Seconds without a sign of life after which a worker is taken for dead and "
            "its imports are run again by another.",
            min=3.0,
            max=3600.0,
        ),
    ] = STALLED_AFTER_S,
) -> None:
    """Import the web app's uploads in the background, beside achilles serve on PostgreSQL.

    Run one or more next to one or more `achilles serve` processes on the same PostgreSQL
    store: the servers queue each upload in the database, a worker imports it, and the upload
    page shows the progress. If a worker dies mid-import, another one takes the import up
    again. On SQLite no worker is needed: achilles serve imports uploads itself.

    Example: achilles --db postgresql://achilles@db/achilles worker
    """
    store = open_store(state(ctx).db)
    try:
        if store.engine.dialect.name != "postgresql":
            raise InvalidInput(
                "a worker needs a PostgreSQL store; on SQLite achilles serve imports uploads itself"
            )
        from achillescare.services.job_queue import run_worker  # noqa: PLC0415

        console.print(f"Importing uploads from {store.url} (Ctrl-C to stop)")
        stop = threading.Event()
        _watch_in_background(store, stop)
        try:
            run_worker(store, concurrency=concurrency, stalled_after_s=stalled_after)
        finally:
            stop.set()
    finally:
        store.close()


def _watch_in_background(store: Store, stop: threading.Event) -> None:
    """The runners' watched folders (``achilles runner set --watch-folder``), until ``stop``."""
    from achillescare.services.watching import watch_runner_folders  # noqa: PLC0415

    def said(runner: Runner, report: ImportReport) -> None:
        console.print(
            f"{runner.name}'s folder: {len(report.imported)} imported, "
            f"{len(report.duplicates)} already there, {len(report.failed)} failed",
            highlight=False,
        )

    threading.Thread(
        target=watch_runner_folders,
        args=(store, stop),
        kwargs={"on_report": said},
        name="achilles-watch",
        daemon=True,
    ).start()


def _seed_and_announce(store: Store) -> None:
    from achillescare.demo.clinic import DEMO_PASSWORD, seed_demo_clinic  # noqa: PLC0415

    clinic = seed_demo_clinic(store, datetime.now(UTC).astimezone().date())
    console.print("Demo logins (password for all: [bold]" + DEMO_PASSWORD + "[/]):")
    for email, who in clinic.logins:
        console.print(f"  {email:<32} {who}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.command("worker")(worker_command)
