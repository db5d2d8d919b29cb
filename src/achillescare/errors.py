"""Every error AchillesCare expects, in one tree; each adapter maps it in one place.

The tree (in the manner of httpx's ``_exceptions.py``)::

    AchillesError
    ├── InvalidInput (also a ValueError)  what the user typed or sent is malformed or out of range
    ├── NotFound                          a named thing (runner, activity, drawing…) does not exist
    │   └── NoIllustration (also a LibraryError)
    ├── Conflict                          the request clashes with what is stored
    │   └── EmailTaken
    ├── Unauthenticated                   no valid session, or a wrong e-mail/password pair
    │   └── SignInRequired                a page needs a signed-in user (carries where to return)
    ├── Forbidden                         signed in, but this account may not see or do that
    │   └── PasswordChangeRequired        the account must choose its own password first
    ├── Throttled                         too many failed sign-ins: wait
    ├── StoreUnavailable                  the database cannot be opened or reached
    ├── ReportUnavailable                 the PDF engine cannot run on this machine
    ├── ServiceUnavailable                an online service (Strava, intervals.icu) failed or
    │   │                                 cannot be reached
    │   ├── RateLimited                   its rate limit is reached: go on after resume_after
    │   └── LinkRevoked                   it refuses the runner's authorisation (token or key)
    ├── UnreadableFile                    an imported file cannot be read; the message says why
    ├── NotAnActivity                     an imported file is valid but holds no activity
    └── LibraryError (also a ValueError)  a card or drawing of the exercise library is malformed

``str(error)`` is always one line written for the person who caused it. Nothing here knows how
an adapter shows an error: the CLI maps the tree to exit codes in ``achillescare.cli.errors`` and
the web app to HTTP statuses in ``achillescare.web.errors``, each by walking the error's method
resolution order so that the most specific class listed wins. This module imports nothing from
AchillesCare, so every layer, the pure domain included, may raise these.
"""

from __future__ import annotations

from datetime import datetime, timedelta

__all__ = [
    "AchillesError",
    "Conflict",
    "EmailTaken",
    "Forbidden",
    "InvalidInput",
    "LibraryError",
    "LinkRevoked",
    "NoIllustration",
    "NotAnActivity",
    "NotFound",
    "PasswordChangeRequired",
    "RateLimited",
    "ReportUnavailable",
    "ServiceUnavailable",
    "SignInRequired",
    "StoreUnavailable",
    "Throttled",
    "Unauthenticated",
    "UnreadableFile",
]


class AchillesError(Exception):
    """Base of every expected error; ``str()`` is a one-line message for the user."""


class InvalidInput(AchillesError, ValueError):
    """The user's input is malformed or out of range. Also a :class:`ValueError`, so that the
    pure domain can raise it where Python code expects one (``int()``-like parsing, pydantic
    validators turn it into a field error).

    ``field`` names the refused answer as the input names it (a check-in field such as
    ``pain_during_run``, a questionnaire item such as ``"3"`` or ``"8.minutes"``), so that a
    form can mark that answer instead of parsing the message; ``None`` when no single answer is
    at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(AchillesError):
    """A named thing (runner, activity…) does not exist."""


class Conflict(AchillesError):
    """The request clashes with what is stored (e.g. a duplicate runner name)."""


class EmailTaken(Conflict):
    """An account with this e-mail exists already."""


class Unauthenticated(AchillesError):
    """No valid session, or a wrong e-mail/password pair."""


class SignInRequired(Unauthenticated):
    """A page needs a signed-in user: the web app redirects to sign-in, then back to
    ``next_path``."""

    def __init__(self, next_path: str) -> None:
        super().__init__("sign in first")
        self.next_path = next_path


class Forbidden(AchillesError):
    """Signed in, but this account may not see or change that."""


class PasswordChangeRequired(Forbidden):
    """The account signed in with a temporary password an admin set: it may do nothing but
    choose its own."""

    def __init__(self) -> None:
        super().__init__("your password was reset: choose your own first")


class Throttled(AchillesError):
    """Too many failed sign-ins for this account or address: wait before trying again."""


class StoreUnavailable(AchillesError):
    """The database cannot be opened or reached."""


class ReportUnavailable(AchillesError):
    """The PDF engine cannot run here (WeasyPrint needs Pango, a system library)."""


class ServiceUnavailable(AchillesError):
    """An online service the runner linked (Strava, intervals.icu) answered with an error, or
    something other than its documentation shows, or could not be reached; the message names
    the service and what to do. Trying again later may work."""


class RateLimited(ServiceUnavailable):
    """The service's rate limit is reached: its window opens again at ``resume_after``
    (timezone-aware; Strava's quarter hours and days) or after ``retry_after_s`` seconds (an
    HTTP ``Retry-After``). A sync keeps what it stored and its cursor, and goes on from there
    next time."""

    def __init__(
        self, message: str, resume_after: datetime | None = None, retry_after_s: float = 60.0
    ) -> None:
        super().__init__(message)
        self.resume_after = resume_after
        self.retry_after_s = retry_after_s

    def resumes(self, now: datetime) -> datetime:
        """When to go on, seen from ``now``."""
        return self.resume_after or now + timedelta(seconds=self.retry_after_s)


class LinkRevoked(ServiceUnavailable):
    """The service no longer accepts the runner's authorisation (a revoked Strava grant, a gone
    refresh token, an intervals.icu key changed, deleted or mistyped): only the runner can fix
    it, by linking or connecting again."""


class UnreadableFile(AchillesError):
    """An imported file cannot be read; ``str(error)`` is the one-line reason shown to the
    runner. The importers turn it into a failed item of the import report, so it reaches an
    adapter only when a single file was asked for."""


class NotAnActivity(AchillesError):
    """The file is valid but holds no activity (settings, workout, course, weight…): the
    importers report it as skipped, not failed."""


class LibraryError(AchillesError, ValueError):
    """A card or illustration of the exercise library is missing or malformed; the message
    names the file. It is the package's data that is wrong, not the user's input."""


class NoIllustration(NotFound, LibraryError):
    """The library has no drawing for that exercise id (a wrong address, not damaged data)."""
