"""Self-tests at home (knee-to-wall, heel raises, bridge, step-down, hops): how to do each, the
form to record both legs, and what each result means (:func:`domain.assessments.interpret`),
stored by :mod:`achillescare.services.programs`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from achillescare.domain.assessment.selftest_guide import SELF_TESTS
from achillescare.domain.assessment.selftests import (
    SelfTestResult,
    StepDownFault,
    TestId,
    interpret,
    retests_due,
)
from achillescare.domain.runner import Runner
from achillescare.services import programs
from achillescare.storage.db import Store
from achillescare.web.form_errors import FieldName, FieldNames


class SelfTestIn(BaseModel):
    """Both legs' results in the test's unit (cm, reps, hops; step-down: the faults seen)."""

    test: TestId
    left: float | None = Field(default=None, ge=0, le=1000)
    right: float | None = Field(default=None, ge=0, le=1000)
    affected: Literal["left", "right"] | None = None
    left_faults: list[StepDownFault] = Field(default_factory=list, max_length=4)
    right_faults: list[StepDownFault] = Field(default_factory=list, max_length=4)
    pain_max: int | None = Field(default=None, ge=0, le=10)


def selftest_names(test: str) -> FieldNames:
    """The answers of one self-test's form on the page (``selftests.html``: one form per test,
    its controls' ids prefixed with the test's id)."""
    return {
        "left": FieldName(f"{test}-left", "Left"),
        "right": FieldName(f"{test}-right", "Right"),
        "left_faults": FieldName(f"{test}-left_faults", "Left leg: faults seen"),
        "right_faults": FieldName(f"{test}-right_faults", "Right leg: faults seen"),
        "affected": FieldName(f"{test}-affected", "Painful leg"),
        "pain_max": FieldName(f"{test}-pain", "Most pain during the test"),
    }


class SelfTestOut(BaseModel):
    test: str
    name: str
    unit: str
    tested_on: dt.date
    left: float | None
    right: float | None
    lsi_pct: float | None
    messages: list[str]


class SelfTestGuideOut(BaseModel):
    id: str
    name: str
    measures: str
    unit: str
    steps: list[str]


class SelfTestsView(BaseModel):
    """How to do each test, the results (newest first) and the tests due again."""

    guides: list[SelfTestGuideOut]
    results: list[SelfTestOut]
    due: list[str]


def _out(result: SelfTestResult, runner: Runner) -> SelfTestOut:
    finding = interpret(result, runner.sex)
    spec = SELF_TESTS[result.test]
    return SelfTestOut(
        test=result.test,
        name=spec.name,
        unit=spec.unit,
        tested_on=result.tested_on,
        left=result.left,
        right=result.right,
        lsi_pct=None if finding.lsi_pct is None else round(finding.lsi_pct, 1),
        messages=list(finding.messages),
    )


def selftests_view(store: Store, runner: Runner, today: dt.date) -> SelfTestsView:
    results = programs.self_tests(store, runner, today)
    return SelfTestsView(
        guides=[
            SelfTestGuideOut(
                id=s.id, name=s.name, measures=s.measures, unit=s.unit, steps=list(s.steps)
            )
            for s in SELF_TESTS.values()
        ],
        results=[_out(r, runner) for r in sorted(results, key=lambda r: r.tested_on, reverse=True)],
        due=[SELF_TESTS[r.test].name for r in retests_due(results, today)],
    )


def record(store: Store, runner: Runner, body: SelfTestIn, today: dt.date) -> SelfTestOut:
    """Store today's result for both legs; the step-down counts the faults ticked."""
    left, right = body.left, body.right
    if body.test == "step_down_quality":
        left, right = float(len(set(body.left_faults))), float(len(set(body.right_faults)))
    result = SelfTestResult(
        test=body.test,
        tested_on=today,
        left=left,
        right=right,
        affected=body.affected,
        left_faults=tuple(sorted(set(body.left_faults))),
        right_faults=tuple(sorted(set(body.right_faults))),
        pain_max=body.pain_max,
    )
    return _out(programs.record_self_test(store, runner, result), runner)
