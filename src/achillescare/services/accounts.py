"""Accounts: sign-up, sign-in (Argon2id, throttled), sessions, and who may see which runner.

Passwords are hashed with argon2-cffi's :class:`~argon2.PasswordHasher`: Argon2id with the OWASP
Password Storage Cheat Sheet's minimum (19 MiB of memory, 2 iterations, 1 lane; checked 2026-11),
about 0.2 s a hash on a small server, where argon2-cffi's default RFC 9106 low-memory profile
(64 MiB, 3 iterations, 4 lanes) took 0.8 s on two cores. Hashes are re-made on sign-in when the
parameters change. Sessions are random 256-bit
tokens of which only the SHA-256 is stored. Sign-in is refused for a while after
:data:`~achillescare.domain.accounts.LOGIN_FAILURE_LIMIT` failures for the account or for the
client address, whatever the password (OWASP Authentication Cheat Sheet, login throttling).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from achillescare.domain.accounts import (
    EMAIL_MAX_CHARS,
    INVITATION_CODE_ALPHABET,
    INVITATION_CODE_CHARS,
    INVITATION_LIFETIME,
    LOGIN_FAILURE_LIMIT,
    LOGIN_FAILURE_WINDOW,
    PASSWORD_CONTEXT_WORDS,
    PASSWORD_MAX_CHARS,
    PASSWORD_MIN_CHARS,
    PASSWORD_MIN_SCORE,
    ROLES,
    SESSION_LIFETIME,
    Role,
    Share,
    User,
    normalised_code,
    normalised_email,
    shown_code,
    throttled,
)
from achillescare.domain.runner import Runner
from achillescare.errors import (
    Conflict,
    EmailTaken,
    Forbidden,
    InvalidInput,
    NotFound,
    Throttled,
    Unauthenticated,
)
from achillescare.services.runners import create_runner, delete_runner, export_runner
from achillescare.storage.db import Store
from achillescare.storage.repos import runners as runners_repo
from achillescare.storage.repos import web as web_repo

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_ZXCVBN_LOCK = threading.Lock()
ZXCVBN_MAX_CHARS = 72
"""zxcvbn refuses longer input; the first 72 characters are scored (guessing starts there)."""
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
"""Verified against when the e-mail is unknown, so both failures take the same time."""
_NAME = re.compile(r"[^\x00-\x1f\x7f-\x9f]+")


def normalise_email(email: str) -> str:
    """The e-mail as stored (see :func:`normalised_email`), or InvalidInput."""
    cleaned = normalised_email(email)
    if cleaned is None:
        raise InvalidInput(
            f"give a valid e-mail address of at most {EMAIL_MAX_CHARS} characters once"
            " lower-cased, such as ana@example.org"
        )
    return cleaned


def sign_in_key(email: str) -> str:
    """The e-mail a sign-in is counted under: the normalised address, or, when it is no valid
    address (no account can have it), the lower-cased text cut to the column's size, so that a
    malformed e-mail is refused like a wrong one and still counted by the limit."""
    return normalised_email(email) or email.strip(" \t\r\n").lower()[:EMAIL_MAX_CHARS]


def check_new_password(password: str, email: str, name: str) -> None:
    """Refuse a new password that is too short or long, or too easy to guess: common or
    breached, a dictionary word, a keyboard or digit run, or built from the account's own e-mail
    or name (NIST SP 800-63B §5.1.1.2, scored by zxcvbn; see ``PASSWORD_MIN_SCORE``)."""
    if not PASSWORD_MIN_CHARS <= len(password) <= PASSWORD_MAX_CHARS:
        raise InvalidInput(f"a password needs {PASSWORD_MIN_CHARS}–{PASSWORD_MAX_CHARS} characters")
    # Imported here: 20 ms of word lists that only sign-up needs, not every CLI start.
    from zxcvbn import zxcvbn  # noqa: PLC0415

    context = [email, email.split("@", maxsplit=1)[0], name, *name.split(), *PASSWORD_CONTEXT_WORDS]
    with _ZXCVBN_LOCK:  # zxcvbn keeps the context words in a module-level dictionary
        verdict = zxcvbn(password[:ZXCVBN_MAX_CHARS], user_inputs=context)
    if verdict["score"] < PASSWORD_MIN_SCORE:
        feedback = verdict["feedback"]
        why = feedback["warning"] or "it would be guessed quickly"
        tips = " ".join(feedback["suggestions"])
        raise InvalidInput(
            f"choose a password that is harder to guess: {why.rstrip('.')}. "
            + (tips or "A few unrelated words together work well.")
        )


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not 1 <= len(cleaned) <= 80 or not _NAME.fullmatch(cleaned):
        raise InvalidInput("give a name of 1–80 printable characters")
    return cleaned


def sign_up(store: Store, email: str, password: str, name: str, role: Role) -> User:
    """Create an account; a runner account gets its own runner profile, named after them."""
    email = normalise_email(email)
    name = _check_name(name)
    check_new_password(password, email, name)
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    password_hash = _hasher.hash(password)  # before the look-up: the same time either way
    try:
        with store.shared():  # the runner profile and its account are one transaction
            with store.session() as session:
                if web_repo.find_user_by_email(session, email) is not None:
                    raise EmailTaken("an account with this e-mail already exists: sign in instead")
            runner = _new_runner_profile(store, name, email) if role == "runner" else None
            with store.session() as session:
                return web_repo.add_user(
                    session,
                    email=email,
                    name=name,
                    role=role,
                    password_hash=password_hash,
                    runner_id=None if runner is None else runner.id,
                )
    except IntegrityError:
        raise EmailTaken("an account with this e-mail already exists: sign in instead") from None


SIGN_UP_ANSWER = "If no account uses this e-mail yet, yours is ready: sign in with it now."
"""What sign-up says whether or not the e-mail was free, so that it tells nobody which e-mails
have an account (OWASP Authentication Cheat Sheet, "Authentication and Error Messages")."""


def register(store: Store, email: str, password: str, name: str, role: Role) -> None:
    """Sign-up from the web: like :func:`sign_up`, but an e-mail that already has an account is
    not said to: the answer (:data:`SIGN_UP_ANSWER`) and the time taken are the same either way,
    and nobody is signed in by it. Malformed input is still refused, whatever the e-mail."""
    try:
        sign_up(store, email, password, name, role)
    except EmailTaken:
        return


def _new_runner_profile(store: Store, name: str, email: str) -> Runner:
    """Runner names are unique in a store: "name (e-mail)" when the name is taken. Checked
    before inserting, not by catching the insert's failure, which would end the transaction the
    profile shares with its account."""
    with store.session() as session:
        taken = runners_repo.name_taken(session, name)
    return create_runner(store, f"{name} ({email})"[:120] if taken else name)


def sign_in(store: Store, email: str, password: str, address: str, now: datetime) -> User:
    """The account for a correct e-mail/password pair; throttles failures.

    The attempt is recorded as a failure before the password is checked, in the transaction that
    counts the earlier ones (:func:`web_repo.reserve_sign_in`), and forgotten again if the
    password was right, unless the account's window is full of other attempts then (parallel
    guesses, :func:`web_repo.release_sign_in`): so at most ``LOGIN_FAILURE_LIMIT`` password
    checks run per window, however many sign-ins arrive at once.
    """
    key = sign_in_key(email)
    with store.session() as session:
        attempt, (by_email, by_address) = web_repo.reserve_sign_in(
            session, key, address, now - LOGIN_FAILURE_WINDOW, now
        )
        if throttled(by_email - 1, by_address - 1):
            # Raised inside the transaction: it rolls back the reservation just made.
            raise Throttled("too many failed sign-ins: wait 15 minutes and try again")
        found = web_repo.find_user_by_email(session, key)
    stored_hash = _DUMMY_HASH if found is None else found[1]
    try:
        _hasher.verify(stored_hash, password)
        ok = found is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or found is None:
        raise Unauthenticated("wrong e-mail or password")
    user, stored_hash = found
    with store.session() as session:
        web_repo.release_sign_in(
            session, attempt, key, now - LOGIN_FAILURE_WINDOW, keep_from=LOGIN_FAILURE_LIMIT - 1
        )
        if _hasher.check_needs_rehash(stored_hash):
            web_repo.set_password_hash(session, user.id, _hasher.hash(password))
    return user


def verify_password(store: Store, user: User, password: str, address: str, now: datetime) -> None:
    """Ask for the signed-in user's password again before a change that cannot be undone; counted
    and throttled like a sign-in (Unauthenticated or Throttled)."""
    sign_in(store, user.email, password, address, now)


def change_password(
    store: Store, user: User, current: str, new: str, *, address: str, now: datetime
) -> None:
    """The user changes their password: the current one is checked (throttled like a sign-in),
    the new one like any new password, and every session of the account ends (a stolen session
    does not survive it). The caller opens a new session for the browser that asked."""
    verify_password(store, user, current, address, now)
    check_new_password(new, user.email, user.name)
    if new == current:
        raise InvalidInput("choose a new password that differs from the current one")
    password_hash = _hasher.hash(new)
    with store.session() as session:
        web_repo.set_password_hash(session, user.id, password_hash, must_change=False)
        web_repo.delete_sessions_of(session, user.id)


def reset_password(store: Store, email: str, password: str | None = None) -> str:
    """An admin's reset from the terminal: a temporary password for the account (random when none
    is given; a given one is checked like any new password), every session of it ended; returns
    the password set. It works for one thing only: the person signs in with it and must choose
    their own before the web app does anything else (``must_change_password``)."""
    with store.session() as session:
        found = web_repo.find_user_by_email(session, normalise_email(email))
    if found is None:
        raise NotFound(f"no account with the e-mail {email.strip()!r}")
    user = found[0]
    if password is None:
        password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    check_new_password(password, user.email, user.name)
    password_hash = _hasher.hash(password)
    with store.session() as session:
        web_repo.set_password_hash(session, user.id, password_hash, must_change=True)
        web_repo.delete_sessions_of(session, user.id)
    return password


def close_all_sessions(store: Store, user: User) -> int:
    """Sign the account out everywhere; how many sessions ended."""
    with store.session() as session:
        return web_repo.delete_sessions_of(session, user.id)


DELETE_CONFIRMATION = "delete my data"
"""What the user types to confirm deleting their account and data (besides their password)."""


def export_account(store: Store, user: User) -> dict[str, Any]:
    """Everything stored about the signed-in person, as JSON-ready data: a runner's whole export
    (:func:`export_runner`, the account included); for a specialist or admin, the account and
    the shares they hold. Never a password hash."""
    if user.runner_id is not None:
        return export_runner(store, own_runner(store, user))
    with store.session() as session:
        created = web_repo.created_at_of(session, user.id)
        shares = web_repo.shares_for_specialist(session, user.id)
    return {
        "format": "achillescare-export/1",
        "account": {
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "created_at": None if created is None else created.isoformat(),
        },
        "shares": [
            {
                "runner_name": share.runner_name,
                "status": share.status,
                "accepted_at": None if share.accepted_at is None else share.accepted_at.isoformat(),
                "revoked_at": None if share.revoked_at is None else share.revoked_at.isoformat(),
            }
            for share in shares
        ],
    }


def delete_account(
    store: Store,
    user: User,
    password: str,
    confirmation: str,
    *,
    address: str,
    now: datetime,
) -> None:
    """The person deletes their own account and data, after typing :data:`DELETE_CONFIRMATION`
    and their password: a runner's profile and every record of it, the account, its sessions and
    shares. Nothing is deleted when either check fails."""
    if " ".join(confirmation.lower().split()) != DELETE_CONFIRMATION:
        raise InvalidInput(f"type “{DELETE_CONFIRMATION}” to confirm")
    verify_password(store, user, password, address, now)
    if user.runner_id is not None:
        delete_runner(store, own_runner(store, user))
        return
    with store.session() as session:
        web_repo.delete_user(session, user.id)


def reset_passwords(store: Store, emails: Sequence[str], password: str) -> int:
    """Set one new password on these accounts (the demo clinic's, whose password is public);
    returns how many accounts were found. The password is checked like a new one."""
    with store.session() as session:
        found = [f for email in emails if (f := web_repo.find_user_by_email(session, email))]
    if not found:
        return 0
    check_new_password(password, found[0][0].email, found[0][0].name)
    password_hash = _hasher.hash(password)
    with store.session() as session:
        for user, _ in found:
            web_repo.set_password_hash(session, user.id, password_hash)
    return len(found)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(store: Store, user: User, now: datetime) -> str:
    """A new session token for the cookie (only its hash is stored); old sessions are swept."""
    token = secrets.token_urlsafe(32)
    with store.session() as session:
        web_repo.delete_expired_sessions(session, now)
        web_repo.forget_login_failures(session, now - LOGIN_FAILURE_WINDOW)
        web_repo.add_session(session, _digest(token), user.id, now + SESSION_LIFETIME)
    return token


def user_for_session(store: Store, token: str | None, now: datetime) -> User | None:
    if not token or len(token) > 200:
        return None
    with store.session() as session:
        return web_repo.session_user(session, _digest(token), now)


def close_session(store: Store, token: str | None) -> None:
    if token:
        with store.session() as session:
            web_repo.delete_session(session, _digest(token))


def list_accounts(store: Store, user: User) -> list[User]:
    """Every account (admins only): names, e-mails and roles, no health data."""
    if user.role != "admin":
        raise Forbidden("only an admin can list accounts")
    return all_accounts(store)


def all_accounts(store: Store) -> list[User]:
    """Every account, for whoever holds the store itself (the terminal)."""
    with store.session() as session:
        return web_repo.list_users(session)


def role_of(text: str) -> Role:
    """A role named in text, or InvalidInput."""
    for role in ROLES:
        if role == text:
            return role
    raise InvalidInput(f"role must be one of {', '.join(ROLES)}, not {text!r}")


# Who may see which runner


def _runner(session: Session, runner_id: int) -> Runner:
    runner = runners_repo.get(session, runner_id)
    if runner is None:
        raise NotFound(f"no runner {runner_id}")
    return runner


def own_runner(store: Store, user: User) -> Runner:
    """The runner profile this account owns; only runner accounts have one."""
    if user.runner_id is None:
        raise Forbidden("this is not a runner account")
    with store.session() as session:
        return _runner(session, user.runner_id)


def visible_runner(store: Store, user: User, runner_id: int) -> Runner:
    """The runner, if this account owns it or a specialist was given access by the runner."""
    with store.session() as session:
        allowed = user.runner_id == runner_id or web_repo.active_share_exists(
            session, runner_id, user.id
        )
        if not allowed:
            raise Forbidden("this runner has not shared their data with you")
        return _runner(session, runner_id)


def shared_runners(store: Store, user: User) -> list[Runner]:
    """The runners who gave this specialist access (active shares)."""
    with store.session() as session:
        return web_repo.linked_runners(session, user.id)


def invite_specialist(
    store: Store, user: User, specialist_email: str, now: datetime
) -> tuple[Share, str]:
    """The runner invites a specialist: the share, and the one-time code to give them (shown
    once; only its SHA-256 is stored). The e-mail only labels the invitation for the runner."""
    runner = own_runner(store, user)
    email = normalise_email(specialist_email)
    if email == user.email:
        raise InvalidInput("invite a specialist's e-mail, not your own")
    code = "".join(secrets.choice(INVITATION_CODE_ALPHABET) for _ in range(INVITATION_CODE_CHARS))
    with store.session() as session:
        for share in web_repo.shares_of_runner(session, runner.id):
            if share.specialist_email == email and share.status == "active":
                raise Conflict(f"{email} can already see your data")
            if share.specialist_email == email and share.status == "invited":
                web_repo.set_share_status(session, share.id, "revoked", now)  # the new code wins
        share_id = web_repo.add_share(
            session,
            runner.id,
            email,
            now,
            code_sha256=_digest(code),
            code_expires_at=now + INVITATION_LIFETIME,
        )
        found = web_repo.get_share(session, share_id)
    assert found is not None
    return found, shown_code(code)


def runner_shares(store: Store, user: User) -> list[Share]:
    runner = own_runner(store, user)
    with store.session() as session:
        return web_repo.shares_of_runner(session, runner.id)


def specialist_shares(store: Store, user: User) -> list[Share]:
    """The shares this specialist accepted (an invitation is seen only through its code)."""
    if user.role == "runner":
        raise Forbidden("runner accounts receive no invitations")
    with store.session() as session:
        return web_repo.shares_for_specialist(session, user.id)


def accept_invitation(store: Store, user: User, code: str, now: datetime) -> Share:
    """A specialist enters the code a runner gave them: the share becomes active for this
    account. The code works once and for :data:`INVITATION_LIFETIME`."""
    if user.role == "runner":
        raise Forbidden("runner accounts cannot accept invitations")
    cleaned = normalised_code(code)
    missing = NotFound("no invitation with this code: check it, or ask the runner for a new one")
    if len(cleaned) != INVITATION_CODE_CHARS:
        raise missing
    with store.session() as session:
        share = web_repo.share_by_code(session, _digest(cleaned))
        if share is None:
            raise missing
        if share.status == "active":
            raise Conflict("this invitation code was already used")
        if share.status == "revoked":
            raise Conflict("this invitation was revoked by the runner")
        if share.code_expires_at is None or share.code_expires_at <= now:
            raise Conflict("this invitation code has expired: ask the runner for a new one")
        if not web_repo.accept_invitation(session, share.id, user.id, now):
            raise Conflict("this invitation code was already used")
        accepted = web_repo.get_share(session, share.id)
    assert accepted is not None
    return accepted


def revoke_share(store: Store, user: User, share_id: int, now: datetime) -> Share:
    """The runner ends a share (invited or active); the row stays as history."""
    runner = own_runner(store, user)
    with store.session() as session:
        share = web_repo.get_share(session, share_id)
        if share is None or share.runner_id != runner.id:
            raise NotFound(f"no share {share_id} of yours")
        if share.status != "revoked":
            web_repo.set_share_status(session, share_id, "revoked", now)
        revoked = web_repo.get_share(session, share_id)
    assert revoked is not None
    return revoked
