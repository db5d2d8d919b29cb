"""Accounts of the web app: who signs in, in which role, and which runners a specialist may see.

A runner owns one runner profile and decides who sees it: they invite a specialist and are shown a
one-time invitation code to give them; the specialist enters the code to accept, and the runner can
revoke at any time (the share's history is kept). The invited e-mail is only the runner's label:
anyone can sign up with any e-mail, so it proves nothing about who receives the share. A
specialist sees only the runners whose share is active; an admin manages accounts and sees no
runner's health data unless a runner shares it with them like with any specialist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Role = Literal["runner", "specialist", "admin"]
ROLES: tuple[Role, ...] = ("runner", "specialist", "admin")

ShareStatus = Literal["invited", "active", "revoked"]

EMAIL_PATTERN = (
    r"^[^@\x00-\x20\x7f-\xa0]{1,64}@[^@\x00-\x20\x7f-\xa0]{1,189}\.[^@\x00-\x20\x7f-\xa0]{2,63}$"
)
"""An e-mail address's shape: local@domain.tld, no spaces or control characters. Explicit
character classes, no ``\\s``: Python, JSON Schema (ECMA) and pydantic (Rust) disagree on it."""
EMAIL_MAX_CHARS = 254
"""RFC 5321 §4.5.3.1 path limit less the angle brackets; also the ``users.email`` column's size."""
_EMAIL = re.compile(EMAIL_PATTERN)


def normalised_email(text: str) -> str | None:
    """The e-mail as stored and compared (trimmed, lower-cased), or None when it is no address.

    Shape and length are checked *after* lower-casing, because lower-casing can lengthen text
    ("İ" becomes "i" and a combining dot): an address that fits as typed may not fit once
    normalised, and the store must never be handed more than it holds."""
    cleaned = text.strip(" \t\r\n").lower()
    if len(cleaned) > EMAIL_MAX_CHARS or not _EMAIL.fullmatch(cleaned):
        return None
    return cleaned


NAME_PATTERN = (
    r"^[^\x00-\x1f\x7f-\x9f]*"
    r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    r"[^\x00-\x1f\x7f-\x9f]*$"
)
"""A display name: printable, with at least one character that is not a space (in any engine)."""

INVITATION_LIFETIME = timedelta(days=7)
"""An invitation code works once, within a week of being made (house)."""
INVITATION_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789"
"""Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand survives."""
INVITATION_CODE_CHARS = 12
"""12 characters of 32 = 60 bits: beyond online guessing within an invitation's week."""


def normalised_code(text: str) -> str:
    """An invitation code as compared: upper case, without spaces or dashes, and with the letters
    Crockford's base 32 reads as digits (O → 0, I and L → 1)."""
    cleaned = "".join(text.split()).replace("-", "").upper()
    return cleaned.translate(str.maketrans("OIL", "011"))


def shown_code(code: str) -> str:
    """An invitation code as shown to the runner: groups of four joined by dashes."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


LOGIN_FAILURE_LIMIT = 5
"""Failed sign-ins allowed per account and per address within :data:`LOGIN_FAILURE_WINDOW`
(OWASP Authentication Cheat Sheet, "Login Throttling"; house choice of the numbers)."""
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)

SESSION_LIFETIME = timedelta(days=14)
"""A signed-in session lasts two weeks, then the runner signs in again (house)."""

PASSWORD_MIN_CHARS = 8
"""NIST SP 800-63B §5.1.1.2 (checked 2026-11): subscriber-chosen secrets of at least 8
characters, at least 64 permitted, no composition rules."""
PASSWORD_MAX_CHARS = 256

PASSWORD_MIN_SCORE = 3
"""The zxcvbn score (0–4) a new password must reach: 3 = an estimated 10^8 guesses or more.
NIST SP 800-63B §5.1.1.2 has new passwords compared with values known to be commonly used,
expected or compromised: breached passwords, dictionary words, repetitive or sequential
characters, and context-specific words such as the service's or the user's name. zxcvbn
(Wheeler, USENIX Security 2016) matches exactly those, offline (no password leaves the
machine), with the account's e-mail and name as context; the threshold is the house's."""
PASSWORD_CONTEXT_WORDS = ("achilles", "achillescare", "achilles care", "tendon", "runner")
"""Words of this service that make a password easier to guess here (NIST's context words)."""


@dataclass(frozen=True, slots=True)
class User:
    """A signed-up person. ``runner_id`` is the runner profile a runner account owns (None for
    specialists and admins); ``must_change_password`` after an admin's reset, until they choose
    their own."""

    id: int
    email: str
    name: str
    role: Role
    runner_id: int | None = None
    must_change_password: bool = False


@dataclass(frozen=True, slots=True)
class Share:
    """A runner's invitation to a specialist (labelled with an e-mail), and what became of it;
    ``code_expires_at`` is when its one-time code stops working."""

    id: int
    runner_id: int
    runner_name: str
    specialist_email: str
    status: ShareStatus
    created_at: datetime
    specialist_id: int | None = None
    specialist_name: str | None = None
    accepted_at: datetime | None = None
    revoked_at: datetime | None = None
    code_expires_at: datetime | None = None


def throttled(failures_for_account: int, failures_for_address: int) -> bool:
    """True when sign-in must be refused for now, whatever the password."""
    return max(failures_for_account, failures_for_address) >= LOGIN_FAILURE_LIMIT
