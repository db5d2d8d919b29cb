"""Clinical assessments and decision overrides in the store, as domain records with their ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from achillescare.domain.assessment.symptoms import Side
from achillescare.domain.decision.clinical_review import (
    AssessorKind,
    ClinicalAssessment,
    ClinicianOverride,
    Finding,
)
from achillescare.domain.decision.verdicts import Decision
from achillescare.storage.models.clinical import ClinicalAssessmentRow, DecisionOverrideRow


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    """An assessment as stored: its id, the web account that entered it (None from the CLI)
    and when it was entered."""

    id: int
    assessment: ClinicalAssessment
    entered_by_user_id: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredOverride:
    id: int
    override: ClinicianOverride
    specialist_user_id: int | None
    created_at: datetime


def _assessment(row: ClinicalAssessmentRow) -> StoredAssessment:
    return StoredAssessment(
        row.id,
        ClinicalAssessment(
            date=row.day,
            side=cast(Side, row.side),
            finding=cast(Finding, row.finding),
            assessor=row.assessor,
            assessor_kind=cast(AssessorKind, row.assessor_kind),
            note=row.note,
            return_to_running=row.return_to_running,
        ),
        row.entered_by_user_id,
        row.created_at,
    )


def add_assessment(
    session: Session,
    runner_id: int,
    assessment: ClinicalAssessment,
    entered_by_user_id: int | None = None,
) -> StoredAssessment:
    row = ClinicalAssessmentRow(
        runner_id=runner_id,
        day=assessment.date,
        side=assessment.side,
        finding=assessment.finding,
        assessor=assessment.assessor,
        assessor_kind=assessment.assessor_kind,
        note=assessment.note,
        return_to_running=assessment.return_to_running,
        entered_by_user_id=entered_by_user_id,
    )
    session.add(row)
    session.flush()
    return _assessment(row)


def list_assessments(
    session: Session, runner_id: int, until: date | None = None
) -> list[StoredAssessment]:
    """Oldest first (by examination date, then by entry)."""
    query = select(ClinicalAssessmentRow).where(ClinicalAssessmentRow.runner_id == runner_id)
    if until is not None:
        query = query.where(ClinicalAssessmentRow.day <= until)
    rows = session.scalars(query.order_by(ClinicalAssessmentRow.day, ClinicalAssessmentRow.id))
    return [_assessment(row) for row in rows]


def _override(row: DecisionOverrideRow) -> StoredOverride:
    return StoredOverride(
        row.id,
        ClinicianOverride(
            first_day=row.first_day,
            last_day=row.last_day,
            decision=cast(Decision, row.decision),
            reason=row.reason,
            specialist=row.specialist,
            set_on=row.set_on,
        ),
        row.specialist_user_id,
        row.created_at,
    )


def add_override(
    session: Session,
    runner_id: int,
    override: ClinicianOverride,
    specialist_user_id: int | None = None,
) -> StoredOverride:
    row = DecisionOverrideRow(
        runner_id=runner_id,
        first_day=override.first_day,
        last_day=override.last_day,
        decision=override.decision,
        reason=override.reason,
        specialist=override.specialist,
        specialist_user_id=specialist_user_id,
        set_on=override.set_on,
    )
    session.add(row)
    session.flush()
    return _override(row)


def list_overrides(
    session: Session, runner_id: int, until: date | None = None
) -> list[StoredOverride]:
    """Oldest first (by the day each was set, then by entry); ``until`` keeps those set by then."""
    query = select(DecisionOverrideRow).where(DecisionOverrideRow.runner_id == runner_id)
    if until is not None:
        query = query.where(DecisionOverrideRow.set_on <= until)
    rows = session.scalars(query.order_by(DecisionOverrideRow.set_on, DecisionOverrideRow.id))
    return [_override(row) for row in rows]
