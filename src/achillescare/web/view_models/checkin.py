"""The morning check-in (under 30 seconds: side, morning pain and stiffness, yesterday's run,
and a fold-out of yes/no symptoms) and the decision it leads to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, create_model

from achillescare.domain.activity.plausibility import EARLIEST_CHECKIN
from achillescare.domain.assessment.checkin_fields import FIELDS, FieldSpec, parse_answer
from achillescare.domain.assessment.symptoms import SIDES, Side
from achillescare.domain.runner import Runner
from achillescare.services.checkins import checkin_history, record_checkin
from achillescare.services.decisions import decide_for
from achillescare.storage.db import Store
from achillescare.web.form_errors import FieldName, FieldNames
from achillescare.web.view_models.decision import decision_out
from achillescare.web.view_models.models import DecisionOut


class CheckInKey(BaseModel):
    """Which check-in: one side's, on ``date`` (the runner's today when left out)."""

    date: dt.date | None = None
    side: Side


def _annotation(spec: FieldSpec) -> Any:
    """The pydantic field of a check-in answer, from its spec (``None`` = not answered)."""
    text = f"{spec.question}" + (f" ({spec.hint})" if spec.hint else "")
    bounds: dict[str, Any] = {}
    if spec.kind in ("scale", "minutes", "hours"):
        bounds = {"ge": spec.low, "le": spec.high}
    if spec.kind == "text":
        bounds = {"max_length": int(spec.high or 0)}
    if spec.kind == "yes_no":
        text += " true = yes, false = no, null = not answered."
    kind: Any = {
        "scale": int,
        "minutes": int,
        "hours": float,
        "yes_no": bool,
        "text": str,
        "choice": Literal[spec.values],
    }[spec.kind]
    return (kind | None, Field(default=None, description=text, **bounds))


if TYPE_CHECKING:
    CheckInIn = CheckInKey
else:
    CheckInIn = create_model(
        "CheckInIn",
        __base__=CheckInKey,
        __doc__="One side's check-in; ``date`` defaults to the runner's today. A yes/no item "
        'left out (or null) is stored as unanswered, never as "no": a red-flag item '
        "unanswered today keeps the answer at most 'modify'.",
        **{spec.name: _annotation(spec) for spec in FIELDS},
    )
"""The API's check-in body, built from the field specs (one field per spec)."""


def _form_section(*keep: str) -> tuple[FieldSpec, ...]:
    return tuple(spec for spec in FIELDS if spec.section in keep)


FORM_SECTIONS: dict[str, tuple[FieldSpec, ...]] = {
    "morning": _form_section("morning"),
    "run": _form_section("run"),
    "warnings": tuple(s for s in _form_section("leg") if s.red_flag),
    "more": tuple(s for s in _form_section("leg", "context") if not s.red_flag),
}
"""The check-in form's groups of fields, from the specs: this morning; the last run (its
items asked "if you ran"); every red-flag question, shown every day; and a fold-out of the other
symptoms and the context."""


FORM_NAMES: FieldNames = {
    "date": FieldName("checkin-date", "Which morning"),
    "side": FieldName("checkin-side", "Which Achilles"),
} | {
    spec.name: FieldName(
        spec.name if spec.kind in ("minutes", "hours", "text") else f"q-{spec.name}",
        spec.question,
    )
    for spec in FIELDS
}
"""Each check-in answer's control on the form (``_checkin_field.html`` draws a group of radio
buttons as a fieldset ``q-<name>``, a number or text as a control ``<name>``), for the summary's
links and the marks beside a refused answer."""

EARLIEST_FORM_DATE = EARLIEST_CHECKIN
"""The earliest morning the form offers: the domain's own limit (a past check-in is any day
from then to today, the same as ``achilles checkin --date``)."""


def day_words(day: dt.date) -> str:
    """A day as people say it: "Tuesday 1 December"."""
    return f"{day:%A} {day.day} {day:%B}"


def saved_notice(saved: str, side: str) -> str | None:
    """The confirmation the today page shows after a check-in was saved (the form redirects
    there with the day and side); ``None`` for anything that is not a day and a side."""
    try:
        day = dt.date.fromisoformat(saved)
    except ValueError:
        return None
    if side not in SIDES:
        return None
    return f"Check-in for {day_words(day)} saved ({side} Achilles)."


def form_answers(form: Mapping[str, str]) -> dict[str, object]:
    """The check-in form's fields as check-in answers: a blank field is not answered; a yes/no
    item is "yes", "no" or not answered (None), never "no" by default, unless the runner
    pressed the button that answers "no" to every yes/no item left blank (``others_no``).
    Anything that is not a field of the check-in is ignored."""
    answers: dict[str, object] = {k: form[k] for k in ("date", "side") if form.get(k)}
    others_no = form.get("others_no") == "yes"
    ran = form.get("ran")
    for spec in FIELDS:
        value = parse_answer(spec, form.get(spec.name, ""))
        if value is None and spec.item and others_no and not (spec.if_ran and ran == "no"):
            value = False
        if value is not None:
            answers[spec.name] = value
    return answers


def answers_of(body: CheckInIn, today: dt.date) -> dict[str, Any]:
    answers = body.model_dump(exclude_none=True)
    answers["date"] = (body.date or today).isoformat()
    return answers


def check_in(store: Store, runner: Runner, body: CheckInIn, today: dt.date) -> DecisionOut:
    """Save the check-in the API received; see :func:`check_in_answers`."""
    return check_in_answers(store, runner, answers_of(body, today), today)


def check_in_answers(
    store: Store, runner: Runner, answers: Mapping[str, object], today: dt.date
) -> DecisionOut:
    """Save the check-in (a second one the same day and side replaces it, history kept), then
    decide again and log the decision shown. ``date`` defaults to ``today``."""
    dated = {"date": today.isoformat()} | dict(answers)
    record_checkin(store, runner, dated, today)  # a raced double tap is safe
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
