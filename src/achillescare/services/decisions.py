"""The daily decision as a use case: stored activities → load signals → check-ins → decision.

:func:`decide_for` reads the store; :func:`decide_payload` answers the ``decide --json`` contract
with no store at all. Both end in :func:`achillescare.domain.decisions.decide`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from achillescare.domain.decision_input import decide_request, parse_decide_input
from achillescare.domain.decisions import DailyDecision, VisaScore, decide
from achillescare.domain.red_flags import FLUOROQUINOLONE_WINDOW_DAYS
from achillescare.domain.runner import Runner
from achillescare.domain.symptoms import RED_FLAG_ITEMS, CheckIn
from achillescare.domain.units import Units
from achillescare.services.checkins import list_responses, recent_checkins
from achillescare.services.errors import InvalidInput
from achillescare.services.runners import runner_today
from achillescare.services.training import training_facts
from achillescare.storage import clinic_repo, clinical_repo, programs_repo, symptoms_repo
from achillescare.storage.db import Store


def exercise_pain_by_day(store: Store, runner: Runner, day: date) -> tuple[tuple[date, int], ...]:
    """The worst pain logged during rehab or prevention exercise on each of the last few days."""
    with store.session() as session:
        entries = programs_repo.list_adherence(session, runner.id, day - timedelta(days=7), day)
    worst: dict[date, int] = {}
    for entry in entries:
        if entry.pain_during is not None:
            worst[entry.done_on] = max(entry.pain_during, worst.get(entry.done_on, 0))
    return tuple(sorted(worst.items()))


RECENT_DAYS = 35
"""Days of check-ins every decision reads (the pain-monitoring model's weeks and RF-8)."""


def checkins_for_decision(store: Store, runner: Runner, day: date) -> list[CheckIn]:
    """The check-ins a decision for ``day`` reads: the last :data:`RECENT_DAYS` days, and every
    earlier one that reported a red flag, since a red flag stands until a clinician clears it
    (the domain drops those an assessment cleared). When such an earlier one reports a drug that
    weakens tendons, the check-ins of that drug's whole window are read, for the symptoms since.
    Reading every check-in instead cost 343 ms for three years of both legs (2,192 rows) against
    12 ms this way; the patterns computed over weeks (RF-8, RF-8W) see the recent days only."""
    first = day - timedelta(days=RECENT_DAYS - 1)
    recent = recent_checkins(store, runner, day, RECENT_DAYS)
    with store.session() as session:
        older = symptoms_repo.flagged_checkins_before(session, runner.id, first, RED_FLAG_ITEMS)
        drug_days = [c.date for c in older if c.fluoroquinolone or c.corticosteroid]
        window_start = day - timedelta(days=FLUOROQUINOLONE_WINDOW_DAYS - 1)
        if any(d >= window_start for d in drug_days):
            window = symptoms_repo.list_checkins(session, runner.id, window_start, first)
            older = [c for c in older if c.date < window_start] + [
                c for c in window if c.date < first
            ]
    return older + recent


def decide_for(
    store: Store, runner: Runner, as_of: date | None = None, *, log: bool = True
) -> DailyDecision:
    """Today's (or ``as_of``'s) decision for a stored runner; logged unless ``log`` is False."""
    today = runner_today(runner)
    day = as_of or today
    if day > today:
        raise InvalidInput(f"{day} is in the future (today is {today})")
    # One transaction for every read and the log (Store.shared), not one per read: issue 6.
    with store.shared() as session:
        # The load signals read the whole history; they are cached per training revision.
        training = replace(
            training_facts(store, runner, day),
            exercise_pain=exercise_pain_by_day(store, runner, day),
        )
        visa = [VisaScore(r.taken_on, r.score) for r in list_responses(store, runner, "visa_a")]
        # Not training inputs: read fresh in this transaction, like the exercise pain. In the
        # order recorded: of two for one side and day (or two overrides set one day) the domain
        # keeps the one given last, the entry that corrects the earlier.
        assessed = clinical_repo.list_assessments(session, runner.id, day)
        overridden = clinical_repo.list_overrides(session, runner.id, day)
        result = decide(
            checkins_for_decision(store, runner, day),
            day,
            training,
            visa,
            runner.units,
            birth_year=runner.birth_year,
            assessments=[s.assessment for s in assessed],
            overrides=[s.override for s in overridden],
        )
        if log:
            symptoms_repo.log_decision(session, runner.id, day, result.decision, result.to_json())
    return result


def decide_payload(payload: object, today: date, units: Units = Units.KM) -> DailyDecision:
    """The ``decide --json`` contract: validate one request object and decide; InvalidInput
    (exit 2) for unknown fields or out-of-range values."""
    try:
        request = parse_decide_input(payload, today)
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    return decide_request(request, units)


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
