"""``achilles account``: web accounts from the terminal (admins are made only here)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from achillescare.cli.context import console, exit_on_domain_error, store_for
from achillescare.services import accounts
from achillescare.services.errors import AchillesError

account_app = typer.Typer(
    help="Web accounts: add one (any role, admins included) or list them.", no_args_is_help=True
)


@account_app.command("add")
def add_command(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The e-mail to sign in with.")],
    name: Annotated[str, typer.Option("--name", help="The name shown in the app.")],
    role: Annotated[str, typer.Option(help="runner, specialist or admin.")] = "specialist",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="Asked for when not given (at least 8 characters).",
        ),
    ] = "",
) -> None:
    """Add a web account; a runner account gets its own runner profile.

    Example: achilles account add admin@clinic.example --name "Clinic admin" --role admin
    """
    try:
        with store_for(ctx) as store:
            user = accounts.sign_up(store, email, password, name, accounts.role_of(role))
    except AchillesError as error:
        raise exit_on_domain_error(error) from None
    console.print(f"Added {user.role} [bold]{user.email}[/] ({user.name}).")


@account_app.command("list")
def list_command(ctx: typer.Context) -> None:
    """List every web account (e-mail, name, role; no health data).

    Example: achilles account list
    """
    try:
        with store_for(ctx) as store:
            users = accounts.all_accounts(store)
    except AchillesError as error:
        raise exit_on_domain_error(error) from None
    table = Table("e-mail", "name", "role", "runner id")
    for user in users:
        table.add_row(user.email, user.name, user.role, str(user.runner_id or ""))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(account_app, name="account")
