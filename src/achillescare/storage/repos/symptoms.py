"""Check-ins, questionnaire responses and logged decisions, as domain records.

Saving a check-in for a runner, side and day that already has one replaces its values and keeps
the replaced version in ``checkin_edits``; :func:`checkin_history` returns every version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from achillescare.domain.assessment.checkin_fields import FIELDS
from achillescare.domain.assessment.questionnaires import StoredResponse
from achillescare.domain.assessment.symptoms import (
    CheckIn,
    CheckInRevision,
    checkin_from_dict,
    side_of,
)
from achillescare.storage.models.symptoms import (
    CheckInEditRow,
    CheckInRow,
    DecisionLogRow,
    QuestionnaireRow,
)

VALUE_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELDS)
"""The answers of a check-in (everything but runner, side and day), one column each."""


def _values(checkin: CheckIn) -> dict[str, Any]:
    return {name: getattr(checkin, name) for name in VALUE_FIELDS}


def _row_values(row: CheckInRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in VALUE_FIELDS}


def _checkin(day: date, side: str, values: dict[str, Any]) -> CheckIn:
    return checkin_from_dict(
        {"date": day.isoformat(), "side": side, **values}, date.max, where="stored check-in"
    )


def to_checkin(row: CheckInRow) -> CheckIn:
    return _checkin(row.day, row.side, _row_values(row))


def save_checkin(session: Session, runner_id: int, checkin: CheckIn) -> CheckInRevision:
    """Insert, or update and keep the previous version (a new revision); the same answers saved
    again change nothing (no new revision), so a check-in sent twice — an offline queue replaying
    a form whose first send did land — is stored once.

    Safe when two saves of the same runner, side and day race (a double tap, two tabs): the
    insert skips on the unique key instead of failing, and the edit locks the row it changes
    (PostgreSQL waits for the other transaction; SQLite holds its write lock from the insert)."""
    now = datetime.now(UTC)
    dialect_insert = (
        postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    )
    inserted = session.execute(
        dialect_insert(CheckInRow)
        .values(
            runner_id=runner_id,
            day=checkin.date,
            side=checkin.side,
            revision=1,
            created_at=now,
            updated_at=now,
            **_values(checkin),
        )
        .on_conflict_do_nothing(index_elements=["runner_id", "side", "day"])
        .returning(CheckInRow.id)
    ).scalar_one_or_none()
    if inserted is not None:
        return CheckInRevision(1, now, checkin)
    row = session.scalars(
        select(CheckInRow)
        .where(
            CheckInRow.runner_id == runner_id,
            CheckInRow.side == checkin.side,
            CheckInRow.day == checkin.date,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if _row_values(row) == _values(checkin):
        return CheckInRevision(row.revision, row.updated_at, checkin)
    session.add(
        CheckInEditRow(
            runner_id=runner_id,
            checkin_id=row.id,
            revision=row.revision,
            values=_row_values(row),
            recorded_at=row.updated_at,
            replaced_at=now,
        )
    )
    for name, value in _values(checkin).items():
        setattr(row, name, value)
    row.revision += 1
    row.updated_at = now
    session.flush()
    return CheckInRevision(row.revision, now, checkin)


def list_checkins(
    session: Session, runner_id: int, since: date | None = None, until: date | None = None
) -> list[CheckIn]:
    """The current version of each check-in, oldest first (left before right on a day)."""
    query = select(CheckInRow).where(CheckInRow.runner_id == runner_id)
    if since is not None:
        query = query.where(CheckInRow.day >= since)
    if until is not None:
        query = query.where(CheckInRow.day <= until)
    rows = session.scalars(query.order_by(CheckInRow.day, CheckInRow.side))
    return [to_checkin(row) for row in rows]


def checkin_history(
    session: Session, runner_id: int, day: date, side: str
) -> list[CheckInRevision]:
    """Every version of one check-in, first answer first, current last; empty if none."""
    row = session.scalar(
        select(CheckInRow).where(
            CheckInRow.runner_id == runner_id, CheckInRow.side == side, CheckInRow.day == day
        )
    )
    if row is None:
        return []
    edits = session.scalars(
        select(CheckInEditRow)
        .where(CheckInEditRow.checkin_id == row.id)
        .order_by(CheckInEditRow.revision)
    )
    out = [CheckInRevision(e.revision, e.recorded_at, _checkin(day, side, e.values)) for e in edits]
    out.append(CheckInRevision(row.revision, row.updated_at, to_checkin(row)))
    return out


def add_response(session: Session, runner_id: int, response: StoredResponse) -> StoredResponse:
    row = QuestionnaireRow(
        runner_id=runner_id,
        instrument=response.instrument,
        version=response.version,
        taken_on=response.taken_on,
        side=response.side,
        answers=dict(response.answers),
        score=response.score,
        substantial=response.substantial,
    )
    session.add(row)
    session.flush()
    return _response(row)


def _response(row: QuestionnaireRow) -> StoredResponse:
    return StoredResponse(
        instrument=row.instrument,  # type: ignore[arg-type]  # constrained on write
        taken_on=row.taken_on,
        answers=row.answers,
        score=row.score,
        substantial=row.substantial,
        side=row.side,
        version=row.version,
        id=row.id,
    )


def list_responses(
    session: Session, runner_id: int, instrument: str | None = None
) -> list[StoredResponse]:
    """Responses oldest first, optionally of one instrument."""
    query = select(QuestionnaireRow).where(QuestionnaireRow.runner_id == runner_id)
    if instrument is not None:
        query = query.where(QuestionnaireRow.instrument == instrument)
    rows = session.scalars(query.order_by(QuestionnaireRow.taken_on, QuestionnaireRow.id))
    return [_response(row) for row in rows]


def log_decision(
    session: Session, runner_id: int, as_of: date, decision: str, payload: dict[str, Any]
) -> None:
    session.add(
        DecisionLogRow(runner_id=runner_id, as_of=as_of, decision=decision, payload=payload)
    )
    session.flush()


def decision_payloads(session: Session, log_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The JSON contract of each logged decision, by log id."""
    if not log_ids:
        return {}
    rows = session.execute(
        select(DecisionLogRow.id, DecisionLogRow.payload).where(DecisionLogRow.id.in_(log_ids))
    )
    return {log_id: dict(payload) for log_id, payload in rows}


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


def checkins_for_reading(
    session: Session, runner_id: int, since: date | None, until: date
) -> list[CheckIn]:
    """The current version of each check-in dated ``since … until`` (all from the first when
    ``since`` is None), oldest first, for the daily decision.

    Columns, not ORM objects, and no second validation: each row was validated when it was
    saved. Three years of daily check-ins on both legs (2,192 rows) read this way in a fraction of
    what :func:`list_checkins` costs (343 ms measured), so the decision can read a red flag's whole
    history since the last assessment: a red flag and the patterns behind one (RF-8, RF-8W) stand
    until a clinician clears them, however old."""
    query = select(*_READ_COLUMNS).where(CheckInRow.runner_id == runner_id, CheckInRow.day <= until)
    if since is not None:
        query = query.where(CheckInRow.day >= since)
    rows = session.connection().execute(query.order_by(CheckInRow.day, CheckInRow.side))
    return [CheckIn(row[0], side_of(row[1]), *row[2:]) for row in rows]


_READ_COLUMNS = [
    CheckInRow.day if f.name == "date" else getattr(CheckInRow, f.name) for f in fields(CheckIn)
]
"""The check-in table's columns in the order of :class:`CheckIn`'s fields (built positionally)."""
