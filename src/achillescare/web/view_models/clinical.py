"""The clinician's loop as views: clinical assessments and decision overrides of one runner.

Who may do what is decided by the routes (:mod:`achillescare.web.api.clinical`): the runner
enters a self-reported assessment ("a clinician assessed me", with the clinician's name); only a
specialist the runner shares with records a specialist's assessment (under their own account name)
or overrides the decision. Every entry is shown with who entered it
(:func:`achillescare.services.clinical.provenance`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from achillescare.domain.decision.clinical_review import (
    FINDING_LABELS,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    Finding,
)
from achillescare.domain.decision.verdicts import HEADLINES, Decision
from achillescare.domain.runner import Runner
from achillescare.services import clinical
from achillescare.storage.db import Store
from achillescare.storage.repos.clinical import StoredAssessment, StoredOverride
from achillescare.web.form_errors import FieldName, FieldNames

FINDING_CHOICES: tuple[tuple[str, str], ...] = tuple(FINDING_LABELS.items())
DECISION_CHOICES: tuple[tuple[str, str], ...] = tuple(HEADLINES.items())


class AssessmentIn(BaseModel):
    """One side's examination. ``clinician``: who examined (required from the runner; a
    specialist records under their own name). ``date``: default today."""

    side: Literal["left", "right"]
    finding: Finding
    clinician: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    date: dt.date | None = None
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    return_to_running: bool = False


class OverrideIn(BaseModel):
    """The decision for ``first_day`` (default today) … ``last_day`` (default ``first_day``)."""

    decision: Decision
    reason: str = Field(min_length=1, max_length=MAX_NOTE_CHARS)
    first_day: dt.date | None = None
    last_day: dt.date | None = None


ASSESS_NAMES: FieldNames = {
    "side": FieldName("assess-side", "Side examined"),
    "finding": FieldName("finding", "Finding"),
    "date": FieldName("assess-date", "Examined on"),
    "note": FieldName("assess-note", "Note"),
}
"""The specialist's assessment form on the runner's page (``runner_view.html``)."""

OVERRIDE_NAMES: FieldNames = {
    "decision": FieldName("override-decision", "Decision"),
    "reason": FieldName("override-reason", "Reason"),
    "first_day": FieldName("first_day", "From"),
    "last_day": FieldName("last_day", "Until"),
}
"""The specialist's override form on the runner's page."""

OWN_ASSESSMENT_NAMES: FieldNames = {
    "clinician": FieldName("clinician", "Clinician's name"),
    "side": FieldName("own-side", "Leg examined"),
    "finding": FieldName("finding", "What they found"),
    "date": FieldName("date", "Day of the examination"),
    "note": FieldName("note", "What they said"),
}
"""The runner's own "a clinician examined me" form (``assessments.html``)."""


class AssessmentOut(BaseModel):
    id: int
    date: dt.date
    side: str
    finding: str
    finding_text: str
    assessor: str
    assessor_kind: Literal["specialist", "self_reported"]
    entered_text: str = Field(description="Who says so: 'recorded by …' or 'reported by …'.")
    note: str | None
    return_to_running: bool
    created_at: dt.datetime


class OverrideOut(BaseModel):
    id: int
    first_day: dt.date
    last_day: dt.date
    decision: str
    headline: str
    reason: str
    specialist: str
    set_on: dt.date
    created_at: dt.datetime


class ClinicalView(BaseModel):
    """A runner's assessments and overrides, newest first; ``can_assess`` / ``can_override``:
    what the signed-in account may add here."""

    runner_id: int
    runner_name: str
    assessments: list[AssessmentOut]
    overrides: list[OverrideOut]
    can_assess: bool = False
    can_override: bool = False


class AssessmentsView(BaseModel):
    """The runner's clinical assessments, newest first."""

    runner_id: int
    assessments: list[AssessmentOut]


class OverridesView(BaseModel):
    """The specialists' overrides of the runner's decision, newest first."""

    runner_id: int
    overrides: list[OverrideOut]


class AssessmentRecordedOut(BaseModel):
    """The entry, and what it did to today's decision and the program."""

    assessment: AssessmentOut
    decision_before: str
    decision_after: str
    program_resumed: bool
    program_change: str | None


def assessment_out(stored: StoredAssessment) -> AssessmentOut:
    a = stored.assessment
    return AssessmentOut(
        id=stored.id,
        date=a.date,
        side=a.side,
        finding=a.finding,
        finding_text=FINDING_LABELS[a.finding],
        assessor=a.assessor,
        assessor_kind=a.assessor_kind,
        entered_text=clinical.provenance(a.assessor_kind, a.assessor),
        note=a.note,
        return_to_running=a.return_to_running,
        created_at=stored.created_at,
    )


def override_out(stored: StoredOverride) -> OverrideOut:
    o = stored.override
    return OverrideOut(
        id=stored.id,
        first_day=o.first_day,
        last_day=o.last_day,
        decision=o.decision,
        headline=HEADLINES[o.decision],
        reason=o.reason,
        specialist=o.specialist,
        set_on=o.set_on,
        created_at=stored.created_at,
    )


def clinical_view(
    store: Store, runner: Runner, *, can_assess: bool = False, can_override: bool = False
) -> ClinicalView:
    return ClinicalView(
        runner_id=runner.id,
        runner_name=runner.name,
        assessments=[assessment_out(s) for s in reversed(clinical.assessments(store, runner))],
        overrides=[override_out(s) for s in reversed(clinical.overrides(store, runner))],
        can_assess=can_assess,
        can_override=can_override,
    )


def record_assessment(
    store: Store,
    runner: Runner,
    body: AssessmentIn,
    *,
    specialist: str | None,
    user_id: int,
) -> AssessmentRecordedOut:
    """A specialist's own assessment (``specialist`` = their name) or the runner's report of a
    named clinician's (``specialist`` None: ``clinician`` is required)."""
    data: dict[str, object] = {
        "side": body.side,
        "finding": body.finding,
        "assessor": specialist if specialist is not None else body.clinician,
        "note": body.note,
        "return_to_running": body.return_to_running,
    }
    if body.date is not None:
        data["date"] = body.date.isoformat()
    done = clinical.record_assessment(
        store,
        runner,
        data,
        kind="specialist" if specialist is not None else "self_reported",
        entered_by_user_id=user_id,
    )
    return AssessmentRecordedOut(
        assessment=assessment_out(done.stored),
        decision_before=done.decision_before,
        decision_after=done.decision_after,
        program_resumed=done.resumed,
        program_change=None if done.program is None else done.program.reason,
    )


def set_override(
    store: Store, runner: Runner, body: OverrideIn, *, specialist: str, user_id: int
) -> OverrideOut:
    data: dict[str, object] = {"decision": body.decision, "reason": body.reason}
    if body.first_day is not None:
        data["first_day"] = body.first_day.isoformat()
    if body.last_day is not None:
        data["last_day"] = body.last_day.isoformat()
    stored = clinical.set_override(
        store, runner, data, specialist=specialist, specialist_user_id=user_id
    )
    return override_out(stored)
