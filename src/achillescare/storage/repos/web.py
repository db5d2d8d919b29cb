"""Accounts, sessions, failed sign-ins and shares in the store, as :mod:`domain.accounts` records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from achillescare.domain.accounts import Role, Share, ShareStatus, User
from achillescare.domain.runner import Runner
from achillescare.storage.models.core import RunnerRow
from achillescare.storage.models.web import (
    LoginFailureRow,
    RunnerAccountRow,
    ShareRow,
    UserRow,
    WebSessionRow,
)
from achillescare.storage.repos.runners import to_runner


def _user(row: UserRow, runner_id: int | None) -> User:
    role: Role = row.role  # type: ignore[assignment]  # constrained on write by the service
    return User(
        id=row.id,
        email=row.email,
        name=row.name,
        role=role,
        runner_id=runner_id,
        must_change_password=row.must_change_password,
    )


def _runner_of(session: Session, user_id: int) -> int | None:
    return session.scalar(
        select(RunnerAccountRow.runner_id).where(RunnerAccountRow.user_id == user_id)
    )


def add_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: Role,
    password_hash: str,
    runner_id: int | None,
) -> User:
    row = UserRow(email=email, name=name, role=role, password_hash=password_hash)
    session.add(row)
    session.flush()
    if runner_id is not None:
        session.add(RunnerAccountRow(runner_id=runner_id, user_id=row.id))
        session.flush()
    return _user(row, runner_id)


def find_user_by_email(session: Session, email: str) -> tuple[User, str] | None:
    """The user and their password hash, or None."""
    row = session.scalar(select(UserRow).where(UserRow.email == email))
    return None if row is None else (_user(row, _runner_of(session, row.id)), row.password_hash)


def created_at_of(session: Session, user_id: int) -> datetime | None:
    return session.scalar(select(UserRow.created_at).where(UserRow.id == user_id))


def get_user(session: Session, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return None if row is None else _user(row, _runner_of(session, row.id))


def list_users(session: Session) -> list[User]:
    links = dict(
        session.execute(select(RunnerAccountRow.user_id, RunnerAccountRow.runner_id)).all()
    )
    rows = session.scalars(select(UserRow).order_by(UserRow.id))
    return [_user(row, links.get(row.id)) for row in rows]


def set_password_hash(
    session: Session, user_id: int, password_hash: str, *, must_change: bool | None = None
) -> None:
    """A new password hash; ``must_change`` sets or clears the forced change (None: as it was)."""
    row = session.get(UserRow, user_id)
    if row is not None:
        row.password_hash = password_hash
        if must_change is not None:
            row.must_change_password = must_change


def owner_of_runner(session: Session, runner_id: int) -> int | None:
    return session.scalar(
        select(RunnerAccountRow.user_id).where(RunnerAccountRow.runner_id == runner_id)
    )


def account_of_runner(session: Session, runner_id: int) -> dict[str, object] | None:
    """The account owning a runner profile, for the runner's export: e-mail, name, role and
    creation time (never the password hash)."""
    user_id = owner_of_runner(session, runner_id)
    row = None if user_id is None else session.get(UserRow, user_id)
    if row is None:
        return None
    return {"email": row.email, "name": row.name, "role": row.role, "created_at": row.created_at}


def delete_user(session: Session, user_id: int) -> None:
    """The account, its sessions, the shares it holds and its failed sign-ins (the foreign keys
    cascade too; deleted here as well so nothing depends on the database enforcing them)."""
    row = session.get(UserRow, user_id)
    if row is None:
        return
    session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))
    session.execute(delete(ShareRow).where(ShareRow.specialist_id == user_id))
    session.execute(delete(RunnerAccountRow).where(RunnerAccountRow.user_id == user_id))
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.email == row.email))
    session.delete(row)


# Sessions


def add_session(session: Session, token_sha256: str, user_id: int, expires_at: datetime) -> None:
    session.add(WebSessionRow(token_sha256=token_sha256, user_id=user_id, expires_at=expires_at))


def session_user(session: Session, token_sha256: str, now: datetime) -> User | None:
    row = session.get(WebSessionRow, token_sha256)
    if row is None or row.expires_at <= now:
        return None
    return get_user(session, row.user_id)


def delete_session(session: Session, token_sha256: str) -> None:
    session.execute(delete(WebSessionRow).where(WebSessionRow.token_sha256 == token_sha256))


def delete_sessions_of(session: Session, user_id: int) -> int:
    """End every session of this account; how many there were."""
    done = session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))
    return int(getattr(done, "rowcount", 0) or 0)


def delete_expired_sessions(session: Session, now: datetime) -> None:
    session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))


# Failed sign-ins


def login_failures_since(
    session: Session, email: str, address: str, since: datetime
) -> tuple[int, int]:
    """Failures since ``since`` for the account and for the client address."""
    recent = select(func.count()).select_from(LoginFailureRow).where(LoginFailureRow.at > since)
    by_email = session.scalar(recent.where(LoginFailureRow.email == email)) or 0
    by_address = session.scalar(recent.where(LoginFailureRow.address == address)) or 0
    return by_email, by_address


_SIGN_IN_LOCK = 0x61636C73
"""PostgreSQL advisory-lock key that serialises sign-in slot reservations (any constant)."""


def reserve_sign_in(
    session: Session, email: str, address: str, since: datetime, at: datetime
) -> tuple[int, tuple[int, int]]:
    """Record a sign-in attempt *before* its password is checked; the attempt's row id and the
    attempts since ``since`` for the account and for the address, this one included.

    Count and record are one step, so parallel sign-ins cannot all read the same count: on
    SQLite the insert is the transaction's first statement and takes the database's write lock
    until commit; on PostgreSQL a transaction-scoped advisory lock serialises the reservation.
    The caller rolls back when the counts are over the limit, and deletes the row on success.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("select pg_advisory_xact_lock(:key)"), {"key": _SIGN_IN_LOCK})
    row = LoginFailureRow(email=email, address=address, at=at)
    session.add(row)
    session.flush()
    return row.id, login_failures_since(session, email, address, since)


def release_sign_in(
    session: Session, attempt_id: int, email: str, since: datetime, keep_from: int
) -> None:
    """The attempt succeeded: forget it, unless ``keep_from`` other attempts for the account are
    in the window. Then it keeps its slot, so that a right password among parallel wrong ones
    does not free a slot for one more check; otherwise a success never counts, for the account
    or for the address. One statement (under the same lock as :func:`reserve_sign_in`)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("select pg_advisory_xact_lock(:key)"), {"key": _SIGN_IN_LOCK})
    others = (
        select(func.count())
        .select_from(LoginFailureRow)
        .where(
            LoginFailureRow.id != attempt_id,
            LoginFailureRow.at > since,
            LoginFailureRow.email == email,
        )
        .scalar_subquery()
    )
    session.execute(
        delete(LoginFailureRow).where(LoginFailureRow.id == attempt_id, others < keep_from)
    )


def forget_login_failures(session: Session, before: datetime) -> None:
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.at <= before))


# Shares


def _share(row: ShareRow, runner_name: str, specialist: UserRow | None) -> Share:
    status: ShareStatus = row.status  # type: ignore[assignment]  # constrained by the service
    return Share(
        id=row.id,
        runner_id=row.runner_id,
        runner_name=runner_name,
        specialist_email=row.specialist_email,
        status=status,
        created_at=row.created_at,
        specialist_id=row.specialist_id,
        specialist_name=None if specialist is None else specialist.name,
        accepted_at=row.accepted_at,
        revoked_at=row.revoked_at,
        code_expires_at=row.code_expires_at,
    )


def _shares(session: Session, *conditions: object) -> list[Share]:
    query = (
        select(ShareRow, RunnerRow.name, UserRow)
        .join(RunnerRow, RunnerRow.id == ShareRow.runner_id)
        .outerjoin(UserRow, UserRow.id == ShareRow.specialist_id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(ShareRow.id)
    )
    return [_share(row, name, user) for row, name, user in session.execute(query)]


def add_share(
    session: Session,
    runner_id: int,
    specialist_email: str,
    at: datetime,
    *,
    code_sha256: str,
    code_expires_at: datetime,
) -> int:
    row = ShareRow(
        runner_id=runner_id,
        specialist_email=specialist_email,
        status="invited",
        created_at=at,
        code_sha256=code_sha256,
        code_expires_at=code_expires_at,
    )
    session.add(row)
    session.flush()
    return row.id


def get_share(session: Session, share_id: int) -> Share | None:
    found = _shares(session, ShareRow.id == share_id)
    return found[0] if found else None


def shares_of_runner(session: Session, runner_id: int) -> list[Share]:
    return _shares(session, ShareRow.runner_id == runner_id)


def shares_for_specialist(session: Session, user_id: int) -> list[Share]:
    """The shares this specialist accepted (active, or revoked since)."""
    return _shares(session, ShareRow.specialist_id == user_id)


def share_by_code(session: Session, code_sha256: str) -> Share | None:
    found = _shares(session, ShareRow.code_sha256 == code_sha256)
    return found[0] if found else None


def accept_invitation(session: Session, share_id: int, specialist_id: int, at: datetime) -> bool:
    """Turn an invitation into an active share if it is still invited: one conditional update,
    so two specialists entering the same code at once cannot both have it."""
    done = session.execute(
        sql_update(ShareRow)
        .where(ShareRow.id == share_id, ShareRow.status == "invited")
        .values(status="active", accepted_at=at, specialist_id=specialist_id)
    )
    return bool(getattr(done, "rowcount", 0) == 1)


def active_share_exists(session: Session, runner_id: int, specialist_id: int) -> bool:
    found = session.scalar(
        select(ShareRow.id).where(
            ShareRow.runner_id == runner_id,
            ShareRow.specialist_id == specialist_id,
            ShareRow.status == "active",
        )
    )
    return found is not None


def linked_runners(session: Session, specialist_id: int) -> list[Runner]:
    """The runners with an active share to this specialist, in one query."""
    active = select(ShareRow.runner_id).where(
        ShareRow.specialist_id == specialist_id, ShareRow.status == "active"
    )
    rows = session.scalars(select(RunnerRow).where(RunnerRow.id.in_(active)).order_by(RunnerRow.id))
    return [to_runner(row) for row in rows]


def set_share_status(
    session: Session,
    share_id: int,
    status: ShareStatus,
    at: datetime,
    specialist_id: int | None = None,
) -> None:
    row = session.get(ShareRow, share_id)
    if row is None:
        return
    row.status = status
    if status == "active":
        row.accepted_at = at
        row.specialist_id = specialist_id
    elif status == "revoked":
        row.revoked_at = at
