"""``achilles``: the top-level command, its global options and the command groups."""

from __future__ import annotations

from typing import Annotated

import typer

from achillescare import __version__
from achillescare.cli.context import CliState
from achillescare.cli.errors import CliGroup

app = typer.Typer(
    name="achilles",
    help=(
        "AchillesCare: decision support for runners with Achilles tendon pain.\n\n"
        "Import your watch files, check in each morning, and get an explained answer to "
        "'can I run today?'. Decision support, not a diagnosis: see a professional when told to.\n\n"
        "Example: achilles import ~/Downloads/strava_export.zip && achilles activities"
    ),
    no_args_is_help=True,
    cls=CliGroup,  # commands load when they run (cli/lazy.py); errors end here (cli/errors.py)
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"achilles {__version__}")
        raise typer.Exit


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store: a file path (SQLite) or a database URL (postgresql://…). "
            "Default: the one ACHILLES_DB names, else achilles.db in your user data directory.",
            show_default=False,
        ),
    ] = None,
    runner: Annotated[
        str | None,
        typer.Option("--runner", "-r", help="Runner name. Default: the only runner in the store."),
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Global options, shared by every command."""
    ctx.obj = CliState(db=db, runner=runner)


def run() -> None:
    """Console entry point (typed errors become one red line and their exit code in
    :class:`~achillescare.cli.errors.CliGroup`)."""
    app()
