"""The clinician's loop as use cases: record a clinical assessment, set a decision override.

An assessment clears the red flags of its side reported on or before its date
(:mod:`achillescare.domain.decision.clinical_review`), so recording one can lift a paused program: the
program pauses whenever the day's decision is urgent or see-a-clinician (PROG-PAUSE), and resumes
when the next decision no longer is. A rupture finding keeps it paused (ASSESS-R) until a
clinician permits running. A tendinopathy finding also says where the tendon hurts, so it moves
the program to that location (mid-portion or insertional) when it says otherwise; the change is
stored as a new program state whose reason names the assessment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from achillescare.domain.assessment.symptoms import SIDES, parse_date
from achillescare.domain.decision.clinical_review import (
    FINDING_LABELS,
    AssessorKind,
    ClinicalAssessment,
    assessment_from_dict,
    override_from_dict,
)
from achillescare.domain.decision.verdicts import Decision
from achillescare.domain.program.plan import Location
from achillescare.domain.program.progression import ProgramState
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput
from achillescare.services.decisions import decide_for
from achillescare.services.runners import runner_today
from achillescare.storage.db import Store
from achillescare.storage.repos import clinical as clinical_repo
from achillescare.storage.repos import programs as programs_repo
from achillescare.storage.repos.clinical import StoredAssessment, StoredOverride

STOPS: frozenset[Decision] = frozenset({"urgent", "see_specialist"})
LOCATION_OF: dict[str, Location] = {
    "tendinopathy_mid_portion": "mid_portion",
    "tendinopathy_insertional": "insertional",
}
MAX_OVERRIDE_DAYS = 28
"""House default: an override covers at most four weeks, so it is looked at again."""


def provenance(kind: str, assessor: str) -> str:
    """Who says so, as every page and the CLI label an assessment: the runner's own report of a
    clinician's examination is never shown as if the clinician had entered it."""
    if kind == "specialist":
        return f"recorded by {assessor}"
    return f"reported by the runner: assessed by {assessor}"


@dataclass(frozen=True, slots=True)
class AssessmentRecorded:
    """What recording an assessment did: the stored entry, the decision before and after it,
    and the program state it stored (None when the program did not change)."""

    stored: StoredAssessment
    decision_before: Decision
    decision_after: Decision
    program: ProgramState | None

    @property
    def resumed(self) -> bool:
        """The program was paused by the decision and no longer is."""
        return self.decision_before in STOPS and self.decision_after not in STOPS


def _program_change(state: ProgramState, assessment: ClinicalAssessment) -> ProgramState | None:
    location = LOCATION_OF.get(assessment.finding)
    if location is None or (state.location == location and state.mode == "recovery"):
        return None
    return replace(
        state,
        mode="recovery",
        location=location,
        affected=state.affected or assessment.side,
        reason=(
            f"location set by {assessment.assessor}'s assessment of the {assessment.side} side "
            f"on {assessment.date.isoformat()}: {FINDING_LABELS[assessment.finding]}"
        ),
        rule_ids=(),
        id=None,
        changed_at=None,
    )


def record_assessment(
    store: Store,
    runner: Runner,
    data: Mapping[str, object],
    *,
    kind: AssessorKind,
    entered_by_user_id: int | None = None,
) -> AssessmentRecorded:
    """Validate and store one assessment (``data`` as the ``decide --json`` ``assessments``
    item; ``date`` defaults to the runner's today, ``assessor_kind`` is ``kind`` whatever
    ``data`` says), then move the program's location when the finding names one."""
    today = runner_today(runner)
    fields = dict(data) | {"assessor_kind": kind}
    fields.setdefault("date", today.isoformat())
    assessment = assessment_from_dict(fields, today)
    with store.shared() as session:
        before = decide_for(store, runner, today, log=False).decision
        stored = clinical_repo.add_assessment(session, runner.id, assessment, entered_by_user_id)
        state = programs_repo.current_state(session, runner.id)
        changed = _program_change(state, assessment) if state is not None else None
        if changed is not None:
            changed = programs_repo.add_state(session, runner.id, changed)
        # Logged: the dashboard reads the decision log and must not show the one before.
        after = decide_for(store, runner, today).decision
    return AssessmentRecorded(stored, before, after, changed)


def assessments(store: Store, runner: Runner) -> list[StoredAssessment]:
    """Every assessment of the runner, oldest first."""
    with store.session() as session:
        return clinical_repo.list_assessments(session, runner.id)


def latest_by_side(store: Store, runner: Runner, as_of: date) -> list[ClinicalAssessment]:
    """The last assessment of each side up to ``as_of`` (the later entry of two on one day)."""
    last: dict[str, ClinicalAssessment] = {}
    for stored in assessments(store, runner):
        if stored.assessment.date <= as_of:
            last[stored.assessment.side] = stored.assessment
    return [last[side] for side in SIDES if side in last]


def set_override(
    store: Store,
    runner: Runner,
    data: Mapping[str, object],
    *,
    specialist: str,
    specialist_user_id: int | None = None,
) -> StoredOverride:
    """Store a specialist's override (``data``: ``first_day``, optional ``last_day``,
    ``decision``, ``reason``), set today in the runner's time zone. It starts today or later
    and covers at most :data:`MAX_OVERRIDE_DAYS` days."""
    today = runner_today(runner)
    fields = dict(data) | {"specialist": specialist, "set_on": today.isoformat()}
    fields.setdefault("first_day", today.isoformat())
    if fields.get("last_day") in (None, ""):
        fields["last_day"] = fields["first_day"]
    try:
        first = parse_date("override.first_day", fields["first_day"])
        if first < today:
            raise InvalidInput(
                f"override: the first day {first} is before today ({today})", field="first_day"
            )
        override = override_from_dict(fields)
    except ValueError as error:
        raise InvalidInput(str(error), field=getattr(error, "field", None)) from None
    if override.last_day - override.first_day >= timedelta(days=MAX_OVERRIDE_DAYS):
        raise InvalidInput(
            f"override: a period covers at most {MAX_OVERRIDE_DAYS} days", field="last_day"
        )
    with store.shared() as session:
        stored = clinical_repo.add_override(session, runner.id, override, specialist_user_id)
        decide_for(store, runner, today)  # logged, so the dashboard shows it at once
    return stored


def overrides(store: Store, runner: Runner) -> list[StoredOverride]:
    """Every override of the runner, oldest first."""
    with store.session() as session:
        return clinical_repo.list_overrides(session, runner.id)


__all__ = [
    "AssessmentRecorded",
    "assessments",
    "latest_by_side",
    "overrides",
    "provenance",
    "record_assessment",
    "set_override",
]
