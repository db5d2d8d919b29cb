"""Runners in the store, as domain :class:`~achillescare.domain.runner.Runner` records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from achillescare.domain.runner import Runner
from achillescare.domain.units import Units
from achillescare.storage.models.core import RunnerRow

EDITABLE_FIELDS = frozenset(
    {
        "name",
        "units",
        "birth_year",
        "sex",
        "weekly_volume_m",
        "fast_speed_m_s",
        "timezone",
        "derived_fast_speed_m_s",
    }
)


def lock_for_decision(session: Session, runner_id: int) -> None:
    """Take the runner's write lock before a decision that will be logged reads its inputs.

    A decision read before a concurrent check-in committed, then logged after it, became the
    newest log row and looked fresh to the dashboard though it never saw that check-in. A no-op
    update of the runner row makes the two wait for each other: on PostgreSQL it locks the row
    (a check-in's own decision takes it too, in the check-in's transaction), on SQLite it takes
    the database's write lock, so the reads that follow see every committed check-in."""
    session.execute(sql_update(RunnerRow).where(RunnerRow.id == runner_id).values(id=RunnerRow.id))


def to_runner(row: RunnerRow) -> Runner:
    return Runner(
        id=row.id,
        name=row.name,
        units=Units(row.units),
        birth_year=row.birth_year,
        sex=row.sex,  # type: ignore[arg-type]  # constrained on write by the service
        weekly_volume_m=row.weekly_volume_m,
        fast_speed_m_s=row.fast_speed_m_s,
        derived_fast_speed_m_s=row.derived_fast_speed_m_s,
        timezone=row.timezone,
    )


def list_runners(session: Session) -> list[Runner]:
    return [to_runner(row) for row in session.scalars(select(RunnerRow).order_by(RunnerRow.name))]


def find_by_name(session: Session, name: str) -> Runner | None:
    """Case-insensitive match, so ``ana`` finds ``Ana``."""
    row = session.scalar(select(RunnerRow).where(func.lower(RunnerRow.name) == name.lower()))
    return to_runner(row) if row else None


def name_taken(session: Session, name: str) -> bool:
    """Whether a runner has this name, exactly (what the unique constraint compares) or up to
    case (what :func:`find_by_name` compares; SQLite's ``lower`` folds ASCII letters only)."""
    found = session.scalar(
        select(RunnerRow.id).where(
            (RunnerRow.name == name) | (func.lower(RunnerRow.name) == name.lower())
        )
    )
    return found is not None


def get(session: Session, runner_id: int) -> Runner | None:
    row = session.get(RunnerRow, runner_id)
    return to_runner(row) if row else None


def add(session: Session, **fields: Any) -> Runner:
    row = RunnerRow(**fields)
    session.add(row)
    session.flush()
    return to_runner(row)


def update(session: Session, runner_id: int, **fields: Any) -> Runner:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    row = session.get_one(RunnerRow, runner_id)
    for key, value in fields.items():
        setattr(row, key, value)
    session.flush()
    return to_runner(row)


def delete(session: Session, runner_id: int) -> None:
    session.delete(session.get_one(RunnerRow, runner_id))


def bump_training_revision(session: Session, runner_id: int) -> None:
    """Mark the runner's training inputs as changed (call in the transaction that changes them:
    an added run, recomputed fast features, a logged exercise session)."""
    session.execute(
        sql_update(RunnerRow)
        .where(RunnerRow.id == runner_id)
        .values(
            training_revision=RunnerRow.training_revision + 1,
            training_changed_at=datetime.now(UTC),
        )
    )


def training_revision(session: Session, runner_id: int) -> int | None:
    """The runner's training revision as the database has it now; None if no such runner."""
    return session.scalar(select(RunnerRow.training_revision).where(RunnerRow.id == runner_id))


def features_version(session: Session, runner_id: int) -> int | None:
    """How the runner's stored fast time and strides were computed; None if no such runner."""
    return session.scalar(select(RunnerRow.features_version).where(RunnerRow.id == runner_id))


def set_features_version(session: Session, runner_id: int, version: int) -> None:
    session.execute(
        sql_update(RunnerRow).where(RunnerRow.id == runner_id).values(features_version=version)
    )


def outdated_features(session: Session, version: int) -> list[Runner]:
    """Runners whose stored runs were computed with a features version older than ``version``."""
    rows = session.scalars(select(RunnerRow).where(RunnerRow.features_version < version))
    return [to_runner(row) for row in rows]


def set_watch_folder(session: Session, runner_id: int, folder: str | None) -> None:
    session.execute(
        sql_update(RunnerRow).where(RunnerRow.id == runner_id).values(watch_folder=folder)
    )


def watch_folders(session: Session) -> list[tuple[Runner, str]]:
    """Each runner with a watched folder, and the folder."""
    rows = session.scalars(
        select(RunnerRow).where(RunnerRow.watch_folder.is_not(None)).order_by(RunnerRow.id)
    )
    return [(to_runner(row), row.watch_folder or "") for row in rows]
