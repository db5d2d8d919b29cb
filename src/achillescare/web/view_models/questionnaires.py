"""Questionnaires: VISA-A (Robinson et al. 2001) and OSTRC-O2 (Clarsen et al. 2020), answered
on a page and scored by :mod:`achillescare.services.checkins`, with the runner's history.

The item wording is the CLI's (``achilles score``); a test keeps the two identical."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from achillescare.domain.assessment.questionnaires import OSTRC_QUESTIONS, interpret_visa_a
from achillescare.domain.runner import Runner
from achillescare.services.checkins import list_responses, record_ostrc, record_visa_a
from achillescare.storage.db import Store
from achillescare.web.form_errors import FieldName, FieldNames

Item = Field(ge=0, le=10)


class VisaAIn(BaseModel):
    """Items 1–6 (0–10), item 7 (0, 4, 7 or 10), item 8: one branch and its minutes (both
    required; left out, the scorer refuses the form with a message naming item 8)."""

    q1: int = Item
    q2: int = Item
    q3: int = Item
    q4: int = Item
    q5: int = Item
    q6: int = Item
    q7: int = Field(description="0, 4, 7 or 10.", json_schema_extra={"enum": [0, 4, 7, 10]})
    branch: Literal["A", "B", "C"] | None = None
    minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    side: Literal["left", "right"] | None = None

    @field_validator("q7")
    @classmethod
    def _item7(cls, value: int) -> int:
        if value not in (0, 4, 7, 10):
            raise ValueError("item 7 is 0, 4, 7 or 10")
        return value


class OstrcIn(BaseModel):
    """Answer index (0 = first answer) of each question; Q2 and Q3 may be left out when Q1 and
    Q4 report no problem (the 2020 gatekeeper)."""

    q1: int = Field(ge=0, le=3)
    q2: int | None = Field(default=None, ge=0, le=3)
    q3: int | None = Field(default=None, ge=0, le=3)
    q4: int = Field(ge=0, le=3)


class ResponseOut(BaseModel):
    instrument: str
    taken_on: dt.date
    score: int
    side: str | None
    meaning: str


class QuestionnairesView(BaseModel):
    """Every scored response, newest first."""

    responses: list[ResponseOut]


def _meaning(instrument: str, score: int, substantial: bool | None) -> str:
    if instrument == "visa_a":
        return interpret_visa_a(score)
    return "a substantial problem" if substantial else "no substantial problem"


def questionnaires_view(store: Store, runner: Runner) -> QuestionnairesView:
    return QuestionnairesView(
        responses=[
            ResponseOut(
                instrument=r.instrument,
                taken_on=r.taken_on,
                score=r.score,
                side=r.side,
                meaning=_meaning(r.instrument, r.score, r.substantial),
            )
            for r in reversed(list_responses(store, runner))
        ]
    )


def answer_visa_a(store: Store, runner: Runner, body: VisaAIn) -> ResponseOut:
    answers: dict[str, object] = {str(n): getattr(body, f"q{n}") for n in range(1, 8)}
    # An unanswered branch or minutes is passed on as missing: the domain refuses the form
    # (no total without every item) with a message naming item 8.
    answers["8"] = {
        key: value
        for key, value in (("branch", body.branch), ("minutes", body.minutes))
        if value is not None
    }
    _, stored = record_visa_a(store, runner, answers, side=body.side)
    return ResponseOut(
        instrument="visa_a",
        taken_on=stored.taken_on,
        score=stored.score,
        side=stored.side,
        meaning=_meaning("visa_a", stored.score, None),
    )


def answer_ostrc(store: Store, runner: Runner, body: OstrcIn) -> ResponseOut:
    answers = {str(n): v for n in range(1, 5) if (v := getattr(body, f"q{n}")) is not None}
    scored, stored = record_ostrc(store, runner, answers)
    return ResponseOut(
        instrument="ostrc_o2",
        taken_on=stored.taken_on,
        score=stored.score,
        side=stored.side,
        meaning=_meaning("ostrc_o2", stored.score, scored.substantial),
    )


OSTRC_FORM = tuple(
    (number, question, answers) for number, (question, answers) in enumerate(OSTRC_QUESTIONS, 1)
)


def _items(numbers: range, field_id: str) -> dict[str, FieldName]:
    """Each item under both of its names: the form's (``q3``) and the domain's (``"3"``)."""
    names: dict[str, FieldName] = {}
    for n in numbers:
        named = FieldName(field_id.format(n=n), f"Item {n}")
        names |= {f"q{n}": named, str(n): named}
    return names


VISA_A_NAMES: FieldNames = (
    _items(range(1, 7), "q{n}")
    | _items(range(7, 8), "visa-q{n}")
    | {
        name: FieldName("visa-branch", "Item 8, Achilles-loading sport")
        for name in ("branch", "8.branch", "8")
    }
    | {name: FieldName("minutes", "Item 8, minutes") for name in ("minutes", "8.minutes")}
    | {"side": FieldName("visa-side", "Side")}
)
"""The VISA-A form's answers on the page (``questionnaires.html``)."""

OSTRC_NAMES: FieldNames = {
    key: FieldName(named.field_id, f"Question {key[-1]}")
    for key, named in _items(range(1, 5), "ostrc-q{n}").items()
}
"""The OSTRC-O2 form's answers on the page, numbered as questions."""
