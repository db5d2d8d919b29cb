"""The morning check-in (under 30 seconds: side, morning pain and stiffness, yesterday's run,
and a fold-out of yes/no symptoms) and the decision it leads to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from achillescare.domain.runner import Runner
from achillescare.domain.symptoms import FLAG_FIELDS, FLAG_QUESTIONS, RUN_FLAGS, Side
from achillescare.services.checkins import record_checkin
from achillescare.services.decisions import decide_for
from achillescare.storage.db import Store
from achillescare.web.views.decision import decision_out
from achillescare.web.views.models import DecisionOut

Pain = Field(default=None, ge=0, le=10, description="0–10 numeric rating scale.")


class CheckInIn(BaseModel):
    """One side's check-in; ``date`` defaults to the runner's today. Yes/no items default to no."""

    date: dt.date | None = None
    side: Side
    ran: bool | None = None
    pain_during_run: int | None = Pain
    pain_after_run: int | None = Pain
    morning_pain: int | None = Pain
    morning_stiffness_min: int | None = Field(default=None, ge=0, le=24 * 60)
    tenderness: bool = False
    swelling: bool = False
    thickening: bool = False
    redness_warmth: bool = False
    pain_on_hopping: bool = False
    pain_built_during_run: bool = False
    pain_at_rest: bool = False
    night_pain: bool = False
    sudden_pop: bool = False
    cannot_heel_raise: bool = False
    limping: bool = False
    fever_unwell: bool = False
    numbness_tingling: bool = False
    fluoroquinolone: bool = False
    corticosteroid: bool = False
    notes: str | None = Field(default=None, max_length=2000)


FLAG_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (name, FLAG_QUESTIONS[name]) for name in FLAG_FIELDS if name not in RUN_FLAGS
)
"""The yes/no questions of the fold-out, in the order the check-in service asks them."""
RUN_FLAG_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (name, FLAG_QUESTIONS[name]) for name in RUN_FLAGS
)
"""The yes/no questions about the run, shown with the run's pain."""


def answers_of(body: CheckInIn, today: dt.date) -> dict[str, Any]:
    answers = body.model_dump(exclude_none=True)
    answers["date"] = (body.date or today).isoformat()
    return answers


def check_in(store: Store, runner: Runner, body: CheckInIn, today: dt.date) -> DecisionOut:
    """Save the check-in (a second one the same day and side replaces it, history kept), then
    decide again and log the decision shown."""
    record_checkin(store, runner, answers_of(body, today), today)  # a raced double tap is safe
    result = decide_for(store, runner, today, log=True)
    return decision_out(result.to_json(), [r.level for r in result.reasons])
