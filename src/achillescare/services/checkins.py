"""Use cases for check-ins and questionnaires: validate, store with history, read back.

The domain raises :class:`InvalidInput` for refused answers, naming the refused answer in its
``field`` so that a form can mark it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from achillescare.domain.assessment.questionnaires import (
    OstrcO2,
    StoredResponse,
    VisaA,
    ostrc_from_json,
    visa_a_from_json,
)
from achillescare.domain.assessment.symptoms import CheckIn, CheckInRevision, checkin_from_dict
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput
from achillescare.services.runners import runner_today
from achillescare.storage.db import Store
from achillescare.storage.repos import symptoms as symptoms_repo


def checkin_from_answers(answers: Mapping[str, object], today: date) -> CheckIn:
    """A validated check-in from answers (the JSON/flag form); InvalidInput when invalid."""
    return checkin_from_dict(answers, today)


def record_checkin(
    store: Store, runner: Runner, answers: Mapping[str, object], today: date | None = None
) -> CheckInRevision:
    """Validate and save one side's check-in; a second one for the same side and day updates it
    and keeps the previous version."""
    checkin = checkin_from_answers(answers, today or runner_today(runner))
    with store.session() as session:
        return symptoms_repo.save_checkin(session, runner.id, checkin)


def list_checkins(
    store: Store, runner: Runner, since: date | None = None, until: date | None = None
) -> list[CheckIn]:
    with store.session() as session:
        return symptoms_repo.list_checkins(session, runner.id, since, until)


def checkin_history(store: Store, runner: Runner, day: date, side: str) -> list[CheckInRevision]:
    with store.session() as session:
        return symptoms_repo.checkin_history(session, runner.id, day, side)


def _taken_on(runner: Runner, taken_on: date | None) -> date:
    today = runner_today(runner)
    day = taken_on or today
    if day > today:
        raise InvalidInput(f"the questionnaire date {day} is in the future (today is {today})")
    return day


def score_visa_a(answers: Mapping[str, object]) -> VisaA:
    """The scored VISA-A; InvalidInput (from the domain) naming the first bad item."""
    return visa_a_from_json(answers)


def score_ostrc(answers: Mapping[str, object]) -> OstrcO2:
    """The scored OSTRC-O2; InvalidInput (from the domain) naming the first bad answer."""
    return ostrc_from_json(answers)


def record_visa_a(
    store: Store,
    runner: Runner,
    answers: Mapping[str, object],
    taken_on: date | None = None,
    side: str | None = None,
) -> tuple[VisaA, StoredResponse]:
    """Score and store a VISA-A response (answers kept as given)."""
    scored = score_visa_a(answers)
    response = StoredResponse(
        "visa_a",
        _taken_on(runner, taken_on),
        dict(answers),
        scored.score,
        None,
        side,
        "Robinson 2001",
    )
    with store.session() as session:
        return scored, symptoms_repo.add_response(session, runner.id, response)


def record_ostrc(
    store: Store,
    runner: Runner,
    answers: Mapping[str, object],
    taken_on: date | None = None,
    side: str | None = None,
) -> tuple[OstrcO2, StoredResponse]:
    """Score and store an OSTRC-O2 response (version 2020)."""
    scored = score_ostrc(answers)
    response = StoredResponse(
        "ostrc_o2",
        _taken_on(runner, taken_on),
        dict(answers),
        scored.score,
        scored.substantial,
        side,
        "OSTRC-O2 2020",
    )
    with store.session() as session:
        return scored, symptoms_repo.add_response(session, runner.id, response)


def list_responses(
    store: Store, runner: Runner, instrument: str | None = None
) -> list[StoredResponse]:
    with store.session() as session:
        return symptoms_repo.list_responses(session, runner.id, instrument)
