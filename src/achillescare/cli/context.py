"""What every command shares: the store (``--db``), the runner (``--runner``) and the console."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from achillescare.errors import AchillesError

if TYPE_CHECKING:
    from achillescare.storage.db import Store

console = Console()
err_console = Console(stderr=True)


@dataclass(slots=True)
class CliState:
    """Global options, parsed once by the top-level callback."""

    db: str | None = None
    runner: str | None = None


def state(ctx: typer.Context) -> CliState:
    """The global options of this invocation."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


@contextmanager
def store_for(ctx: typer.Context) -> Iterator[Store]:
    """Open (creating and migrating if needed) the store named by ``--db``, else by the
    settings (``ACHILLES_DB``, read by :mod:`achillescare.settings`)."""
    # Imported here: SQLAlchemy is half a second that --help and the store-less commands skip.
    from achillescare.storage.db import open_store  # noqa: PLC0415

    store = open_store(state(ctx).db)
    try:
        yield store
    finally:
        store.close()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one clear line on stderr and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def exit_on_domain_error(error: AchillesError) -> typer.Exit:
    """The Exit :mod:`achillescare.cli.errors` maps ``error`` to. Commands need not catch
    errors (the top-level group ends the run on any); ``checkin`` still catches them itself."""
    from achillescare.cli.errors import exit_for  # noqa: PLC0415  (cli.errors imports this module)

    return exit_for(error)
