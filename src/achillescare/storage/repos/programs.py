"""Self-test results, adherence entries and program states in the store, as domain records."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from achillescare.domain.assessment.selftests import Leg, SelfTestResult, StepDownFault, TestId
from achillescare.domain.program.adherence import AdherenceEntry, LoggedKind
from achillescare.domain.program.plan import WEEKDAYS, Location, RunKind, RunningWeek
from achillescare.domain.program.progression import Mode, ProgramState
from achillescare.domain.program.protocols import Protocol
from achillescare.domain.risk.profile import RunnerHistory
from achillescare.storage.models.programs import AdherenceRow, ProgramStateRow, SelfTestRow
from achillescare.storage.repos import runners as runners_repo


def _to_result(row: SelfTestRow) -> SelfTestResult:
    return SelfTestResult(
        test=cast(TestId, row.test),
        tested_on=row.tested_on,
        left=row.left_value,
        right=row.right_value,
        affected=cast(Leg | None, row.affected_leg),
        left_faults=tuple(cast(list[StepDownFault], row.left_faults or [])),
        right_faults=tuple(cast(list[StepDownFault], row.right_faults or [])),
        pain_max=row.pain_max,
        notes=row.notes,
        id=row.id,
    )


def add_self_test(session: Session, runner_id: int, result: SelfTestResult) -> SelfTestResult:
    row = SelfTestRow(
        runner_id=runner_id,
        test=result.test,
        tested_on=result.tested_on,
        left_value=result.left,
        right_value=result.right,
        affected_leg=result.affected,
        left_faults=list(result.left_faults),
        right_faults=list(result.right_faults),
        pain_max=result.pain_max,
        notes=result.notes,
    )
    session.add(row)
    session.flush()
    return _to_result(row)


def list_self_tests(
    session: Session, runner_id: int, until: date | None = None
) -> list[SelfTestResult]:
    """Oldest first."""
    query = select(SelfTestRow).where(SelfTestRow.runner_id == runner_id)
    if until is not None:
        query = query.where(SelfTestRow.tested_on <= until)
    rows = session.scalars(query.order_by(SelfTestRow.tested_on, SelfTestRow.id))
    return [_to_result(row) for row in rows]


def _to_entry(row: AdherenceRow) -> AdherenceEntry:
    return AdherenceEntry(
        done_on=row.done_on,
        kind=cast(LoggedKind, row.kind),
        exercise_id=row.exercise_id,
        pain_during=row.pain_during,
        rpe=row.rpe,
        duration_min=row.duration_min,
        sets=row.sets,
        reps=row.reps,
        load_kg=row.load_kg,
        note=row.note,
        recorded_at=row.recorded_at,
        id=row.id,
    )


def add_adherence(session: Session, runner_id: int, entry: AdherenceEntry) -> AdherenceEntry:
    row = AdherenceRow(
        runner_id=runner_id,
        done_on=entry.done_on,
        kind=entry.kind,
        exercise_id=entry.exercise_id,
        pain_during=entry.pain_during,
        rpe=entry.rpe,
        duration_min=entry.duration_min,
        sets=entry.sets,
        reps=entry.reps,
        load_kg=entry.load_kg,
        note=entry.note,
    )
    session.add(row)
    session.flush()
    runners_repo.bump_training_revision(session, runner_id)
    return _to_entry(row)


def list_adherence(
    session: Session, runner_id: int, since: date | None = None, until: date | None = None
) -> list[AdherenceEntry]:
    """Oldest first."""
    query = select(AdherenceRow).where(AdherenceRow.runner_id == runner_id)
    if since is not None:
        query = query.where(AdherenceRow.done_on >= since)
    if until is not None:
        query = query.where(AdherenceRow.done_on <= until)
    rows = session.scalars(query.order_by(AdherenceRow.done_on, AdherenceRow.id))
    return [_to_entry(row) for row in rows]


def _week_from_json(data: dict[str, Any]) -> RunningWeek:
    return RunningWeek(
        tuple(sorted((WEEKDAYS.index(day), cast(RunKind, kind)) for day, kind in data.items()))
    )


def _to_state(row: ProgramStateRow) -> ProgramState:
    return ProgramState(
        mode=cast(Mode, row.mode),
        location=cast(Location, row.location),
        started_on=row.started_on,
        protocol=cast(Protocol, row.protocol),
        affected=cast(Leg | None, row.affected_leg),
        phase=row.phase,
        phase_since=row.phase_since,
        core_week=row.core_week,
        extra_load_kg=row.extra_load_kg,
        rtr_stage=row.rtr_stage,
        rtr_step=row.rtr_step,
        rtr_since=row.rtr_since,
        plyo_level=row.plyo_level,
        last_change_on=row.last_change_on,
        running_week=_week_from_json(row.running_week or {}),
        history=RunnerHistory(
            previous_achilles_injury=row.previous_achilles_injury,
            fluoroquinolone_recent=row.fluoroquinolone_recent,
        ),
        prevention_per_week=row.prevention_per_week,
        reason=row.reason,
        rule_ids=tuple(row.rule_ids or ()),
        id=row.id,
        changed_at=row.changed_at,
    )


def add_state(session: Session, runner_id: int, state: ProgramState) -> ProgramState:
    """Append a new state; earlier ones stay as the program's history."""
    row = ProgramStateRow(
        runner_id=runner_id,
        mode=state.mode,
        location=state.location,
        started_on=state.started_on,
        protocol=state.protocol,
        affected_leg=state.affected,
        phase=state.phase,
        phase_since=state.phase_since,
        core_week=state.core_week,
        extra_load_kg=state.extra_load_kg,
        rtr_stage=state.rtr_stage,
        rtr_step=state.rtr_step,
        rtr_since=state.rtr_since,
        plyo_level=state.plyo_level,
        last_change_on=state.last_change_on,
        running_week=state.running_week.to_json(),
        prevention_per_week=state.prevention_per_week,
        previous_achilles_injury=state.history.previous_achilles_injury,
        fluoroquinolone_recent=state.history.fluoroquinolone_recent,
        reason=state.reason,
        rule_ids=list(state.rule_ids),
    )
    session.add(row)
    session.flush()
    return _to_state(row)


def current_state(session: Session, runner_id: int) -> ProgramState | None:
    row = session.scalar(
        select(ProgramStateRow)
        .where(ProgramStateRow.runner_id == runner_id)
        .order_by(ProgramStateRow.id.desc())
        .limit(1)
    )
    return _to_state(row) if row else None


def state_history(session: Session, runner_id: int) -> list[ProgramState]:
    """Every state, oldest first."""
    rows = session.scalars(
        select(ProgramStateRow)
        .where(ProgramStateRow.runner_id == runner_id)
        .order_by(ProgramStateRow.id)
    )
    return [_to_state(row) for row in rows]
