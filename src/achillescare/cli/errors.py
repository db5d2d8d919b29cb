"""The one place the CLI turns an :mod:`achillescare.errors` error into a red line and an exit code.

Commands do not catch these errors: :class:`CliGroup`, the top-level group, catches any that a
command (or the global options) lets through, prints ``error: <message>`` on stderr and exits
with the status :data:`OUTCOMES` gives the most specific class in the error's method resolution
order — so a subclass listed after its base still gets its own line, whatever the table's order.
Exit status 2 is a usage error (as click's own), 3 a store that cannot be opened, 4 an online
service (Strava) that failed or is rate-limited, 1 the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import typer
from typer import _click as click

from achillescare.cli.context import fail
from achillescare.cli.lazy import LazyGroup
from achillescare.errors import (
    AchillesError,
    InvalidInput,
    LibraryError,
    LinkRevoked,
    NotFound,
    ServiceUnavailable,
    StoreUnavailable,
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the CLI ends on an error: its exit status, and words put before the message when the
    message alone would not say what it is about."""

    exit_code: int
    lead: str = ""


OUTCOMES: dict[type[AchillesError], Outcome] = {
    AchillesError: Outcome(1),
    InvalidInput: Outcome(2),
    NotFound: Outcome(1),
    StoreUnavailable: Outcome(3),
    ServiceUnavailable: Outcome(4),
    LinkRevoked: Outcome(1),  # the runner's key or grant: theirs to renew, not the service down
    LibraryError: Outcome(1, "the exercise library is damaged: "),
}
"""Exit status (and lead-in) of each error class; a class not listed takes its nearest listed
base's. ``NoIllustration`` is a ``NotFound`` before it is a ``LibraryError``: a missing drawing,
not a damaged library."""


def outcome_of(error: AchillesError) -> Outcome:
    """The outcome of the most specific class in ``error``'s MRO that :data:`OUTCOMES` lists."""
    for kind in type(error).__mro__:
        if kind in OUTCOMES:
            return OUTCOMES[kind]
    return OUTCOMES[AchillesError]  # pragma: no cover  (AchillesError is in every error's MRO)


def exit_for(error: AchillesError) -> typer.Exit:
    """Print ``error`` as one red line on stderr and return the Exit to raise."""
    outcome = outcome_of(error)
    return fail(f"{outcome.lead}{error}", outcome.exit_code)


class CliGroup(LazyGroup):
    """The top-level group: commands load lazily (:class:`LazyGroup`), and every
    :class:`AchillesError` raised below it ends the run through :func:`exit_for`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AchillesError as error:
            raise exit_for(error) from None
