"""The morning check-in (under 30 seconds: side, morning pain and stiffness, yesterday's run,
and a fold-out of yes/no symptoms) and the decision it leads to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, Field

from achillescare.domain.assessment.symptoms import (
    FLAG_FIELDS,
    FLAG_QUESTIONS,
    LOCATIONS,
    RED_FLAG_ITEMS,
    RUN_FLAGS,
    PainLocation,
    Side,
)
from achillescare.domain.runner import Runner
from achillescare.services.checkins import checkin_history, record_checkin
from achillescare.services.decisions import decide_for
from achillescare.storage.db import Store
from achillescare.web.view_models.decision import decision_out
from achillescare.web.view_models.models import DecisionOut

Pain = Field(default=None, ge=0, le=10, description="0–10 numeric rating scale.")


YesNo = Field(default=None, description="true = yes, false = no, null = not answered.")


class CheckInIn(BaseModel):
    """One side's check-in; ``date`` defaults to the runner's today. A yes/no item left out (or
    null) is stored as unanswered, never as "no": a red-flag item unanswered today keeps the
    answer at most 'modify'."""

    date: dt.date | None = None
    side: Side
    ran: bool | None = None
    pain_during_run: int | None = Pain
    pain_after_run: int | None = Pain
    morning_pain: int | None = Pain
    morning_stiffness_min: int | None = Field(default=None, ge=0, le=24 * 60)
    location: PainLocation | None = None
    tenderness: bool | None = YesNo
    swelling: bool | None = YesNo
    thickening: bool | None = YesNo
    redness_warmth: bool | None = YesNo
    pain_on_hopping: bool | None = YesNo
    pain_built_during_run: bool | None = YesNo
    pain_at_rest: bool | None = YesNo
    night_pain: bool | None = YesNo
    sudden_pop: bool | None = YesNo
    cannot_heel_raise: bool | None = YesNo
    limping: bool | None = YesNo
    fever_unwell: bool | None = YesNo
    numbness_tingling: bool | None = YesNo
    fluoroquinolone: bool | None = YesNo
    corticosteroid: bool | None = YesNo
    session_rpe: int | None = Field(default=None, ge=0, le=10, description="Borg CR-10.")
    sleep_hours: float | None = Field(default=None, ge=0, le=24)
    fatigue: int | None = Field(default=None, ge=0, le=10)
    notes: str | None = Field(default=None, max_length=2000)


RED_FLAG_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (name, FLAG_QUESTIONS[name])
    for name in FLAG_FIELDS
    if name in RED_FLAG_ITEMS and name not in RUN_FLAGS
)
"""The red-flag questions, asked every day with an explicit yes and no (no default)."""
FLAG_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (name, FLAG_QUESTIONS[name])
    for name in FLAG_FIELDS
    if name not in RUN_FLAGS and name not in RED_FLAG_ITEMS
)
"""The other yes/no symptom questions (tenderness, swelling, …), in the check-in's order."""
RUN_FLAG_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (name, FLAG_QUESTIONS[name]) for name in RUN_FLAGS
)
"""The yes/no questions about the run, shown with the run's pain."""
LOCATION_CHOICES: tuple[tuple[str, str], ...] = tuple(
    zip(
        LOCATIONS,
        ("In the tendon, above the heel", "Where it meets the heel bone", "In the calf"),
        strict=True,
    )
)
"""Where the pain is, as the form words it."""


def form_answers(form: Mapping[str, str]) -> dict[str, object]:
    """The check-in form's fields as :class:`CheckInIn` input: a blank field is not answered;
    a yes/no item is "yes", "no" or not answered (None), never "no" by default, unless the runner
    pressed the button that answers "no" to every yes/no item left blank (``others_no``)."""
    fields: dict[str, object] = {
        k: v for k, v in form.items() if v != "" and k not in FLAG_FIELDS and k != "others_no"
    }
    others_no = form.get("others_no") == "yes"
    ran = form.get("ran")
    if ran in ("yes", "no"):
        fields["ran"] = ran == "yes"
    for name in FLAG_FIELDS:
        value = form.get(name, "")
        if value in ("yes", "no"):
            fields[name] = value == "yes"
        elif value != "":
            fields[name] = value  # refused by validation, with the field named
        elif others_no and not (name in RUN_FLAGS and ran == "no"):
            fields[name] = False
    return fields


def answers_of(body: CheckInIn, today: dt.date) -> dict[str, Any]:
    answers = body.model_dump(exclude_none=True)
    answers["date"] = (body.date or today).isoformat()
    return answers


def check_in(store: Store, runner: Runner, body: CheckInIn, today: dt.date) -> DecisionOut:
    """Save the check-in (a second one the same day and side replaces it, history kept), then
    decide again and log the decision shown."""
    record_checkin(store, runner, answers_of(body, today), today)  # a raced double tap is safe
    result = decide_for(store, runner, today, log=True)
    return decision_out(result)


class CheckInVersionOut(BaseModel):
    """One stored version of a check-in: ``revision`` 1 is the first answer, each edit adds one."""

    revision: int
    recorded_at: dt.datetime = Field(description="When this version was saved (UTC).")
    answers: dict[str, Any] = Field(description="The check-in as this version stored it.")


class CheckInVersionsOut(BaseModel):
    """Every version of one side's check-in on one day, the first answer first. The same answers
    sent again (an offline queue replaying a form that had already landed) add no version."""

    date: dt.date
    side: Side
    versions: list[CheckInVersionOut]


def checkin_versions(store: Store, runner: Runner, day: dt.date, side: Side) -> CheckInVersionsOut:
    return CheckInVersionsOut(
        date=day,
        side=side,
        versions=[
            CheckInVersionOut(
                revision=v.revision, recorded_at=v.recorded_at, answers=asdict(v.checkin)
            )
            for v in checkin_history(store, runner, day, side)
        ],
    )
