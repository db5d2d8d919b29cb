"""What the specialist's dashboard reads: a read model over several owners' tables (runners,
check-ins, runs, questionnaires, the decision log), batched over all runners in a handful of
grouped queries, plus a cheap fingerprint of it all. Read only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from achillescare.domain.clinic import LoggedDecision, RunnerFacts
from achillescare.domain.runner import Runner
from achillescare.storage.models import ActivityRow, RunnerRow
from achillescare.storage.models_symptoms import (
    CheckInEditRow,
    CheckInRow,
    DecisionLogRow,
    QuestionnaireRow,
)
from achillescare.storage.models_web import ShareRow
from achillescare.storage.runners_repo import to_runner


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


def _utc(value: datetime | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite: restore the UTC zone it strips."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def shared_runners_all(session: Session) -> list[Runner]:
    """Every runner with at least one active share: the runners some dashboard shows."""
    active = select(ShareRow.runner_id).where(ShareRow.status == "active")
    rows = session.scalars(select(RunnerRow).where(RunnerRow.id.in_(active)).order_by(RunnerRow.id))
    return [to_runner(row) for row in rows]
