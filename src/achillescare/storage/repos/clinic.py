"""What the specialist's dashboard reads: a read model over several owners' tables (runners,
check-ins, runs, questionnaires, the decision log), batched over all runners in a handful of
grouped queries, plus a cheap fingerprint of it all. Read only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from achillescare.domain.clinic import LoggedDecision, RunnerFacts
from achillescare.domain.runner import Runner
from achillescare.storage.models.core import ActivityRow, RunnerRow
from achillescare.storage.models.symptoms import (
    CheckInEditRow,
    CheckInRow,
    DecisionLogRow,
    QuestionnaireRow,
)
from achillescare.storage.models.web import ShareRow
from achillescare.storage.repos.runners import to_runner


def _latest(column: Any, owner: Any) -> Any:
    """The runner's latest value of ``column``: a correlated subquery that the composite
    (runner, column) index answers with one probe (migration 0005)."""
    return select(func.max(column)).where(owner == RunnerRow.id).scalar_subquery()


def runner_facts(
    session: Session, runner_ids: Sequence[int], as_of: date
) -> dict[int, RunnerFacts]:
    """Per runner: last check-in date, last run, last input change, and the latest decision
    logged for ``as_of``.

    One index probe per runner and column, not a GROUP BY over every row: grouping all runs and
    check-ins made the dashboard's cost grow with the clinic's history (220 ms for 500 runners
    with three years of runs each, web_bench.py)."""
    if not runner_ids:
        return {}
    ids = list(runner_ids)
    latest = session.execute(
        select(
            RunnerRow.id,
            RunnerRow.training_changed_at,  # runs added, features recomputed, exercise logged
            _latest(ActivityRow.start_utc, ActivityRow.runner_id),
            _latest(CheckInRow.day, CheckInRow.runner_id),
            _latest(CheckInRow.updated_at, CheckInRow.runner_id),
            _latest(QuestionnaireRow.recorded_at, QuestionnaireRow.runner_id),
        ).where(RunnerRow.id.in_(ids))
    ).all()
    decided = (
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
            ).join(decided, DecisionLogRow.id == decided.c.last_id)
        )
    }
    out = {runner_id: RunnerFacts(runner_id=runner_id) for runner_id in ids}
    for runner_id, trained, last_start, last_day, checked, answered in latest:
        changes = [moment for t in (trained, checked, answered) if (moment := _utc(t)) is not None]
        out[runner_id] = RunnerFacts(
            runner_id=runner_id,
            last_checkin=last_day,
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
        select(func.max(RunnerRow.id)),  # a runner deleted and another added: not the same
    )
    return tuple(session.execute(select(*(part.scalar_subquery() for part in parts))).one())


def insight_versions(session: Session, runner_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """Per runner, a version of everything their personal insights are computed from: the
    training revision (runs, their shoes and features, prevention sessions) and, for check-ins
    (the mornings), the newest row id, the row count and the sum of the rows' revisions (a new
    check-in adds a row, an edit adds one to its row's revision, and ids are never reused), in
    two queries for all runners. Runners not found are left out."""
    if not runner_ids:
        return {}
    ids = list(runner_ids)
    checkins = {
        runner_id: (int(last), int(count), int(revisions))
        for runner_id, last, count, revisions in session.execute(
            select(
                CheckInRow.runner_id,
                func.max(CheckInRow.id),
                func.count(CheckInRow.id),
                func.sum(CheckInRow.revision),
            )
            .where(CheckInRow.runner_id.in_(ids))
            .group_by(CheckInRow.runner_id)
        )
    }
    return {
        runner_id: (int(revision), *checkins.get(runner_id, (0, 0, 0)))
        for runner_id, revision in session.execute(
            select(RunnerRow.id, RunnerRow.training_revision).where(RunnerRow.id.in_(ids))
        )
    }


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
