"""Accounts, sessions, failed sign-ins and shares in the store, as :mod:`domain.accounts` records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from achillescare.domain.accounts import Role, Share, ShareStatus, User
from achillescare.domain.clinic import LoggedDecision, RunnerFacts
from achillescare.domain.runner import Runner
from achillescare.storage.models import ActivityRow, RunnerRow
from achillescare.storage.models_symptoms import (
    CheckInEditRow,
    CheckInRow,
    DecisionLogRow,
    QuestionnaireRow,
)
from achillescare.storage.models_web import (
    LoginFailureRow,
    RunnerAccountRow,
    ShareRow,
    UserRow,
    WebSessionRow,
)
from achillescare.storage.runners_repo import to_runner


def _user(row: UserRow, runner_id: int | None) -> User:
    role: Role = row.role  # type: ignore[assignment]  # constrained on write by the service
    return User(id=row.id, email=row.email, name=row.name, role=role, runner_id=runner_id)


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


def get_user(session: Session, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return None if row is None else _user(row, _runner_of(session, row.id))


def list_users(session: Session) -> list[User]:
    links = dict(
        session.execute(select(RunnerAccountRow.user_id, RunnerAccountRow.runner_id)).all()
    )
    rows = session.scalars(select(UserRow).order_by(UserRow.id))
    return [_user(row, links.get(row.id)) for row in rows]


def set_password_hash(session: Session, user_id: int, password_hash: str) -> None:
    row = session.get(UserRow, user_id)
    if row is not None:
        row.password_hash = password_hash


def owner_of_runner(session: Session, runner_id: int) -> int | None:
    return session.scalar(
        select(RunnerAccountRow.user_id).where(RunnerAccountRow.runner_id == runner_id)
    )


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


def delete_expired_sessions(session: Session, now: datetime) -> None:
    session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))


# Failed sign-ins


def add_login_failure(session: Session, email: str, address: str, at: datetime) -> None:
    session.add(LoginFailureRow(email=email, address=address, at=at))


def login_failures_since(
    session: Session, email: str, address: str, since: datetime
) -> tuple[int, int]:
    """Failures since ``since`` for the account and for the client address."""
    recent = select(func.count()).select_from(LoginFailureRow).where(LoginFailureRow.at > since)
    by_email = session.scalar(recent.where(LoginFailureRow.email == email)) or 0
    by_address = session.scalar(recent.where(LoginFailureRow.address == address)) or 0
    return by_email, by_address


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


def add_share(session: Session, runner_id: int, specialist_email: str, at: datetime) -> int:
    row = ShareRow(
        runner_id=runner_id, specialist_email=specialist_email, status="invited", created_at=at
    )
    session.add(row)
    session.flush()
    return row.id


def get_share(session: Session, share_id: int) -> Share | None:
    found = _shares(session, ShareRow.id == share_id)
    return found[0] if found else None


def shares_of_runner(session: Session, runner_id: int) -> list[Share]:
    return _shares(session, ShareRow.runner_id == runner_id)


def shares_for_specialist(session: Session, user_id: int, email: str) -> list[Share]:
    """Shares addressed to the specialist: by account once accepted, by e-mail while invited."""
    return _shares(
        session,
        (ShareRow.specialist_id == user_id)
        | ((ShareRow.specialist_email == email) & (ShareRow.status == "invited")),
    )


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


# What the specialist's dashboard reads (batched over all runners: a handful of grouped queries)


def runner_facts(
    session: Session, runner_ids: Sequence[int], as_of: date
) -> dict[int, RunnerFacts]:
    """Per runner: last check-in date, last run, last input change, and the latest decision
    logged for ``as_of`` (tables of the check-in and import helpers, read only)."""
    if not runner_ids:
        return {}
    ids = list(runner_ids)
    checkins = dict(
        session.execute(
            select(CheckInRow.runner_id, func.max(CheckInRow.day))
            .where(CheckInRow.runner_id.in_(ids))
            .group_by(CheckInRow.runner_id)
        ).all()
    )
    checkin_changes = dict(
        session.execute(
            select(CheckInRow.runner_id, func.max(CheckInRow.updated_at))
            .where(CheckInRow.runner_id.in_(ids))
            .group_by(CheckInRow.runner_id)
        ).all()
    )
    runs = {
        runner_id: (last_start, imported)
        for runner_id, last_start, imported in session.execute(
            select(
                ActivityRow.runner_id,
                func.max(ActivityRow.start_utc),
                func.max(ActivityRow.imported_at),
            )
            .where(ActivityRow.runner_id.in_(ids))
            .group_by(ActivityRow.runner_id)
        )
    }
    training_changes = dict(
        session.execute(
            select(RunnerRow.id, RunnerRow.training_changed_at).where(RunnerRow.id.in_(ids))
        ).all()
    )
    answers = dict(
        session.execute(
            select(QuestionnaireRow.runner_id, func.max(QuestionnaireRow.recorded_at))
            .where(QuestionnaireRow.runner_id.in_(ids))
            .group_by(QuestionnaireRow.runner_id)
        ).all()
    )
    latest = (
        select(DecisionLogRow.runner_id, func.max(DecisionLogRow.id).label("last_id"))
        .where(DecisionLogRow.runner_id.in_(ids), DecisionLogRow.as_of == as_of)
        .group_by(DecisionLogRow.runner_id)
        .subquery()
    )
    logged = {
        row.runner_id: LoggedDecision(row.id, row.as_of, row.decision, row.decided_at)
        for row in session.execute(
            select(
                DecisionLogRow.id,
                DecisionLogRow.runner_id,
                DecisionLogRow.as_of,
                DecisionLogRow.decision,
                DecisionLogRow.decided_at,
            ).join(latest, DecisionLogRow.id == latest.c.last_id)
        )
    }
    out: dict[int, RunnerFacts] = {}
    for runner_id in ids:
        last_start, imported = runs.get(runner_id, (None, None))
        inputs = (
            checkin_changes.get(runner_id),
            imported,
            training_changes.get(runner_id),  # runs, their features, logged exercise
            answers.get(runner_id),
        )
        changes = [moment for t in inputs if (moment := _utc(t)) is not None]
        out[runner_id] = RunnerFacts(
            runner_id=runner_id,
            last_checkin=checkins.get(runner_id),
            last_run_utc=_utc(last_start),
            changed_at=max(changes) if changes else None,
            logged=logged.get(runner_id),
        )
    return out


def store_version(session: Session) -> tuple[object, ...]:
    """A cheap fingerprint of everything the dashboard shows (index lookups and small counts):
    it changes when a decision is logged, a check-in is saved or edited, a runner's training
    inputs change (runs, their features, exercise log: ``training_revision``), a questionnaire
    is added or removed, a share changes, or a runner is added or deleted. Nothing here counts
    activities: that grew with the history (10 ms for 234,000 runs on SQLite, web_bench.py)."""
    parts = (
        select(func.max(DecisionLogRow.id)),
        select(func.max(CheckInRow.id)),
        select(func.max(CheckInEditRow.id)),
        select(func.max(ActivityRow.id)),
        select(func.coalesce(func.sum(RunnerRow.training_revision), 0)),
        select(func.max(QuestionnaireRow.id)),
        select(func.count(ShareRow.id)),
        select(
            func.max(func.coalesce(ShareRow.revoked_at, ShareRow.accepted_at, ShareRow.created_at))
        ),
        select(func.count(RunnerRow.id)),
    )
    return tuple(session.execute(select(*(part.scalar_subquery() for part in parts))).one())


def decision_payloads(session: Session, log_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The JSON contract of each logged decision, by log id."""
    if not log_ids:
        return {}
    rows = session.execute(
        select(DecisionLogRow.id, DecisionLogRow.payload).where(DecisionLogRow.id.in_(log_ids))
    )
    return {log_id: dict(payload) for log_id, payload in rows}


def _utc(value: datetime | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite: restore the UTC zone it strips."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def decision_history(session: Session, runner_id: int, since: date) -> list[tuple[date, str]]:
    """The last decision logged on each day since ``since``, oldest first (for the report)."""
    latest = (
        select(func.max(DecisionLogRow.id))
        .where(DecisionLogRow.runner_id == runner_id, DecisionLogRow.as_of >= since)
        .group_by(DecisionLogRow.as_of)
    )
    rows = session.execute(
        select(DecisionLogRow.as_of, DecisionLogRow.decision)
        .where(DecisionLogRow.id.in_(latest))
        .order_by(DecisionLogRow.as_of)
    )
    return [(day, decision) for day, decision in rows]


def shared_runners_all(session: Session) -> list[Runner]:
    """Every runner with at least one active share: the runners some dashboard shows."""
    active = select(ShareRow.runner_id).where(ShareRow.status == "active")
    rows = session.scalars(select(RunnerRow).where(RunnerRow.id.in_(active)).order_by(RunnerRow.id))
    return [to_runner(row) for row in rows]
