"""``achilles account``: web accounts from the terminal (admins are made only here)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from achillescare.cli.context import console, store_for
from achillescare.services import accounts

account_app = typer.Typer(
    help="Web accounts: add one (any role, admins included), list them, change or reset a "
    "password.",
    no_args_is_help=True,
)
TERMINAL = "terminal"
"""The "address" a password typed in the terminal is counted under by the sign-in limit."""


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
    with store_for(ctx) as store:
        user = accounts.sign_up(store, email, password, name, accounts.role_of(role))
    console.print(f"Added {user.role} [bold]{user.email}[/] ({user.name}).")


@account_app.command("list")
def list_command(ctx: typer.Context) -> None:
    """List every web account (e-mail, name, role; no health data).

    Example: achilles account list
    """
    with store_for(ctx) as store:
        users = accounts.all_accounts(store)
    table = Table("e-mail", "name", "role", "runner id")
    for user in users:
        table.add_row(user.email, user.name, user.role, str(user.runner_id or ""))
    console.print(table)


@account_app.command("change-password")
def change_password_command(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The account's e-mail.")],
    current: Annotated[
        str, typer.Option(prompt="Current password", hide_input=True, help="Asked for.")
    ] = "",
    new: Annotated[
        str,
        typer.Option(
            prompt="New password",
            hide_input=True,
            confirmation_prompt=True,
            help="Asked for (checked like any new password).",
        ),
    ] = "",
) -> None:
    """Change your own password (the current one is asked); every session of the account ends.

    Example: achilles account change-password ana@example.org
    """
    now = datetime.now(UTC)
    with store_for(ctx) as store:
        user = accounts.sign_in(store, email, current, TERMINAL, now)
        accounts.change_password(store, user, current, new, address=TERMINAL, now=now)
    console.print(f"Changed the password of [bold]{user.email}[/]; its sessions ended.")


@account_app.command("reset-password")
def reset_password_command(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The account's e-mail.")],
    ask: Annotated[
        bool, typer.Option("--ask", help="Type the new password instead of a random one.")
    ] = False,
) -> None:
    """Reset a password: print a random temporary one to give them (or --ask for one).

    For whoever holds the store (an admin). Every session of the account ends; the password is
    temporary: signed in with it, the web app lets them do nothing but choose their own.

    Example: achilles account reset-password ana@example.org
    """
    chosen = (
        typer.prompt("New password", hide_input=True, confirmation_prompt=True) if ask else None
    )
    with store_for(ctx) as store:
        password = accounts.reset_password(store, email, chosen)
    if chosen is None:
        console.print(
            f"Temporary password for [bold]{email.strip()}[/]: {password}", highlight=False
        )
        console.print("Give it to them in person or by phone: they choose their own on sign-in.")
    else:
        console.print(f"Set a new password for [bold]{email.strip()}[/].")


def register(app: typer.Typer) -> None:
    app.add_typer(account_app, name="account")
