"""Typed errors of the use cases; each adapter maps them to its own status in one place."""

from __future__ import annotations


class AchillesError(Exception):
    """Base of every expected error; ``str()`` is a one-line message for the user."""

    exit_code: int = 1


class InvalidInput(AchillesError):
    """The user's input is malformed or out of range (exit status 2)."""

    exit_code = 2


class NotFound(AchillesError):
    """A named thing (runner, activity…) does not exist."""

    exit_code = 1


class Conflict(AchillesError):
    """The request clashes with what is stored (e.g. a duplicate runner name)."""

    exit_code = 1


class StoreUnavailable(AchillesError):
    """The database cannot be opened or reached."""

    exit_code = 3
