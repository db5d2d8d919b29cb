"""The daily decision as a use case: stored activities → load signals → check-ins → decision.

:func:`decide_for` reads the store; :func:`decide_payload` answers the ``decide --json`` contract
with no store at all. Both end in :func:`achillescare.domain.decision.daily.decide`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from achillescare.domain.assessment.symptoms import SIDES, CheckIn
from achillescare.domain.decision.clinical_review import ClinicalAssessment, latest_assessment
from achillescare.domain.decision.daily import DailyDecision, VisaScore, decide
from achillescare.domain.decision.inputs import decide_request, parse_decide_input
from achillescare.domain.decision.red_flags import FLUOROQUINOLONE_WINDOW_DAYS
from achillescare.domain.runner import Runner
from achillescare.domain.units import Units
from achillescare.errors import InvalidInput
from achillescare.services.checkins import list_responses
from achillescare.services.runners import runner_today
from achillescare.services.shoes import shoe_caution
from achillescare.services.training import training_facts
from achillescare.storage.db import Store
from achillescare.storage.repos import clinic as clinic_repo
from achillescare.storage.repos import clinical as clinical_repo
from achillescare.storage.repos import programs as programs_repo
from achillescare.storage.repos import runners as runners_repo
from achillescare.storage.repos import symptoms as symptoms_repo


def exercise_pain_by_day(store: Store, runner: Runner, day: date) -> tuple[tuple[date, int], ...]:
    """The worst pain logged during rehab or prevention exercise on each of the last few days."""
    with store.session() as session:
        entries = programs_repo.list_adherence(session, runner.id, day - timedelta(days=7), day)
    worst: dict[date, int] = {}
    for entry in entries:
        if entry.pain_during is not None:
            worst[entry.done_on] = max(entry.pain_during, worst.get(entry.done_on, 0))
    return tuple(sorted(worst.items()))


READ_BEFORE_ASSESSMENT_DAYS = 35
"""Check-ins read from before a leg's last assessment: the weeks a pattern on a later day looks
back over (RF-8W's three weeks, RF-8's 28 days), with a margin."""


def checkins_for_decision(
    store: Store, runner: Runner, day: date, assessments: Sequence[ClinicalAssessment] = ()
) -> list[CheckIn]:
    """The check-ins a decision for ``day`` reads: every one since the first day that can still
    matter. A red flag stands until a clinician clears it, and so do the patterns behind one
    (RF-8, RF-8B, RF-8W), so without an assessment of each leg that is the whole history; with
    one, :data:`READ_BEFORE_ASSESSMENT_DAYS` before the older of the two legs' last assessments
    (weekly patterns look back three weeks) and never less than a drug's window."""
    since: date | None = None
    latest = [latest_assessment(assessments, side, day) for side in SIDES]
    if all(found is not None for found in latest):
        oldest = min(found.date for found in latest if found is not None)
        since = min(
            oldest - timedelta(days=READ_BEFORE_ASSESSMENT_DAYS),
            day - timedelta(days=FLUOROQUINOLONE_WINDOW_DAYS - 1),
        )
    with store.session() as session:
        return symptoms_repo.checkins_for_reading(session, runner.id, since, day)


def decide_for(
    store: Store, runner: Runner, as_of: date | None = None, *, log: bool = True
) -> DailyDecision:
    """Today's (or ``as_of``'s) decision for a stored runner; logged unless ``log`` is False."""
    today = runner_today(runner)
    day = as_of or today
    if day > today:
        raise InvalidInput(f"{day} is in the future (today is {today})")
    # One transaction for every read and the log (Store.shared), not one per read (benchmarks/web_bench.py).
    with store.shared() as session:
        if log:
            runners_repo.lock_for_decision(session, runner.id)
        # The load signals read the whole history; they are cached per training revision.
        training = training_facts(store, runner, day)
        shoe = shoe_caution(store, runner, day)  # read fresh, like the exercise pain
        training = replace(
            training,
            exercise_pain=exercise_pain_by_day(store, runner, day),
            signals=training.signals if shoe is None else (*training.signals, shoe),
        )
        visa = [VisaScore(r.taken_on, r.score) for r in list_responses(store, runner, "visa_a")]
        # Not training inputs: read fresh in this transaction, like the exercise pain. In the
        # order recorded: of two for one side and day (or two overrides set one day) the domain
        # keeps the one given last, the entry that corrects the earlier.
        assessed = [s.assessment for s in clinical_repo.list_assessments(session, runner.id, day)]
        overridden = clinical_repo.list_overrides(session, runner.id, day)
        result = decide(
            checkins_for_decision(store, runner, day, assessed),
            day,
            training,
            visa,
            runner.units,
            birth_year=runner.birth_year,
            assessments=assessed,
            overrides=[s.override for s in overridden],
        )
        if log:
            symptoms_repo.log_decision(session, runner.id, day, result.decision, result.to_json())
    return result


def decide_payload(payload: object, today: date, units: Units = Units.KM) -> DailyDecision:
    """The ``decide --json`` contract: validate one request object and decide; InvalidInput
    (exit 2) for unknown fields or out-of-range values."""
    return decide_request(parse_decide_input(payload, today), units)


@dataclass(frozen=True, slots=True)
class ShownDecision:
    """The decision a runner's page shows: the result, its JSON contract as stored in the log,
    and the runner's last check-in date (None if they never checked in)."""

    result: DailyDecision
    payload: dict[str, Any]
    last_checkin: date | None


def decision_to_show(store: Store, runner: Runner, today: date) -> ShownDecision:
    """Today's decision, freshly made; logged only when it differs from the last one logged
    today, so the log keeps each decision shown once (the report's history reads it)."""
    result = decide_for(store, runner, today, log=False)
    payload = json.loads(json.dumps(result.to_json()))  # as the JSON column gives it back
    with store.shared() as session:
        facts = clinic_repo.runner_facts(session, [runner.id], today)[runner.id]
        last = (
            None
            if facts.logged is None
            else symptoms_repo.decision_payloads(session, [facts.logged.id]).get(facts.logged.id)
        )
        if last != payload:
            symptoms_repo.log_decision(session, runner.id, today, result.decision, payload)
    return ShownDecision(result, payload, facts.last_checkin)


def decision_history(store: Store, runner: Runner, since: date) -> list[tuple[date, str]]:
    """The last decision logged on each day since ``since``, oldest first."""
    with store.session() as session:
        return symptoms_repo.decision_history(session, runner.id, since)
