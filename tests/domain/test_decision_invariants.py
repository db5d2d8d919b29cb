"""Invariants of the daily decision, checked with hypothesis: more pain or another red flag never
makes the answer less severe; missing data never yields 'run'; a red flag always escalates and
stands until a clinical assessment dated on or after it; an unanswered red-flag item is not a
"no"."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from achillescare.domain.assessment.symptoms import (
    FLAG_FIELDS,
    PAIN_FIELDS,
    RED_FLAG_ITEMS,
    RUN_FLAGS,
    SIDES,
    CheckIn,
    Side,
)
from achillescare.domain.decision.clinical_review import (
    ASSESSOR_KINDS,
    FINDINGS,
    RUPTURE_FINDINGS,
    ClinicalAssessment,
    Finding,
)
from achillescare.domain.decision.daily import TrainingFacts, decide
from achillescare.domain.decision.verdicts import SEVERITY, Decision
from achillescare.domain.load.signal import Signal
from tests.symptom_factories import TODAY

RED_FLAGS = (
    "sudden_pop",
    "cannot_heel_raise",
    "pain_at_rest",
    "night_pain",
    "numbness_tingling",
    "limping",
)

pain = st.one_of(st.none(), st.integers(0, 10))


@st.composite
def checkins(draw: st.DrawFn) -> list[CheckIn]:
    """Up to 21 days of check-ins on one or both sides, usually including today."""
    out: list[CheckIn] = []
    sides: tuple[Side, ...] = draw(st.sampled_from([("left",), ("right",), SIDES]))
    for side in sides:
        for offset in draw(st.sets(st.integers(0, 20), max_size=12)):
            ran = draw(st.one_of(st.none(), st.booleans()))
            flags: dict[str, Any] = {
                flag: draw(st.booleans()) if draw(st.integers(0, 9)) == 0 else False
                for flag in FLAG_FIELDS
            }
            out.append(
                CheckIn(
                    date=TODAY - timedelta(days=offset),
                    side=side,
                    ran=ran,
                    pain_during_run=None if ran is False else draw(pain),
                    pain_after_run=None if ran is False else draw(pain),
                    morning_pain=draw(pain),
                    morning_stiffness_min=draw(st.one_of(st.none(), st.integers(0, 60))),
                    location=draw(st.sampled_from([None, "mid_tendon", "insertion", "calf"])),
                    **flags,
                )
            )
    return out


signals = st.lists(
    st.builds(
        Signal,
        id=st.sampled_from(
            ["weekly_distance_change", "single_run_spike", "hard_days_back_to_back", "acwr_ewma"]
        ),
        value=st.none(),
        status=st.sampled_from(["ok", "caution", "high", "insufficient_data"]),
        explanation=st.just("x"),
        source=st.just("s"),
    ),
    max_size=3,
)


def severity(history: list[CheckIn], facts: TrainingFacts) -> int:
    return SEVERITY[decide(history, TODAY, facts).decision]


@settings(max_examples=150, deadline=None)
@given(checkins(), signals, st.data())
def test_it_never_gets_milder_when_today_hurts_more(
    history: list[CheckIn], sigs: list[Signal], data: st.DataObject
) -> None:
    """Raising any pain or stiffness value of today's check-in never lowers the severity."""
    today = [i for i, c in enumerate(history) if c.date == TODAY]
    facts = TrainingFacts(signals=tuple(sigs))
    if not today:
        return
    index = data.draw(st.sampled_from(today))
    fields = [
        f for f in (*PAIN_FIELDS, "morning_stiffness_min") if getattr(history[index], f) is not None
    ]
    if not fields:
        return
    field = data.draw(st.sampled_from(fields))
    before = severity(history, facts)
    current = getattr(history[index], field)
    top = 10 if field in PAIN_FIELDS else 120
    raised = data.draw(st.integers(current, top))
    changed = list(history)
    update: dict[str, Any] = {field: raised}
    changed[index] = dataclasses.replace(history[index], **update)
    assert severity(changed, facts) >= before


@settings(max_examples=150, deadline=None)
@given(checkins(), st.data())
def test_it_never_gets_milder_when_any_run_hurt_more(
    history: list[CheckIn], data: st.DataObject
) -> None:
    """Raising the pain during or after any reported run never lowers the severity."""
    runs = [
        i
        for i, c in enumerate(history)
        if c.pain_during_run is not None or c.pain_after_run is not None
    ]
    if not runs:
        return
    index = data.draw(st.sampled_from(runs))
    field = "pain_during_run" if history[index].pain_during_run is not None else "pain_after_run"
    before = severity(history, TrainingFacts())
    changed = list(history)
    update: dict[str, Any] = {field: data.draw(st.integers(getattr(history[index], field), 10))}
    changed[index] = dataclasses.replace(history[index], **update)
    assert severity(changed, TrainingFacts()) >= before


@settings(max_examples=150, deadline=None)
@given(checkins(), signals, st.data())
def test_it_never_gets_milder_when_a_flag_is_added(
    history: list[CheckIn], sigs: list[Signal], data: st.DataObject
) -> None:
    """Answering yes to any yes/no item on any check-in never lowers the severity."""
    if not history:
        return
    facts = TrainingFacts(signals=tuple(sigs))
    index = data.draw(st.integers(0, len(history) - 1))
    flag = data.draw(st.sampled_from(FLAG_FIELDS))
    before = severity(history, facts)
    changed = list(history)
    update: dict[str, Any] = {flag: True}
    changed[index] = dataclasses.replace(history[index], **update)
    assert severity(changed, facts) >= before


@settings(max_examples=150, deadline=None)
@given(checkins(), signals, st.sampled_from(RED_FLAGS), st.sampled_from(SIDES))
def test_it_always_escalates_a_red_flag_reported_today(
    history: list[CheckIn], sigs: list[Signal], flag: str, side: str
) -> None:
    """A red flag in today's check-in gives at least see_specialist, whatever else is true."""
    others = [c for c in history if not (c.date == TODAY and c.side == side)]
    flagged = CheckIn(date=TODAY, side=side, **{flag: True})  # type: ignore[arg-type]
    result = decide([*others, flagged], TODAY, TrainingFacts(signals=tuple(sigs)))
    assert SEVERITY[result.decision] >= SEVERITY["see_specialist"]


@settings(max_examples=150, deadline=None)
@given(checkins(), signals)
def test_it_never_says_run_without_a_complete_checkin_today(
    history: list[CheckIn], sigs: list[Signal]
) -> None:
    """'run' only when every tracked side checked in today with its morning pain."""
    result = decide(history, TODAY, TrainingFacts(signals=tuple(sigs)))
    if result.decision != "run":
        return
    tracked = {s for s, d in result.sides.items() if d is not None}
    assert tracked
    for side in tracked:
        today = [c for c in history if c.side == side and c.date == TODAY]
        assert today
        assert today[0].morning_pain is not None


# --- red flags stand until a clinician clears them; a blank is never a "no" ----------------------

STANDING_FLAGS = (*RED_FLAGS, "redness_warmth")
"""Red-flag items that fire on their own, whatever else the check-in says."""
URGENT_FLAGS = frozenset({"sudden_pop", "cannot_heel_raise"})
NOT_RUPTURE: tuple[Finding, ...] = tuple(f for f in FINDINGS if f not in RUPTURE_FINDINGS)
findings = st.sampled_from(NOT_RUPTURE)


def _flagged_history(
    data: st.DataObject, history: list[CheckIn], side: Side, flag: str, offset: int
) -> list[CheckIn]:
    """``history`` with ``flag`` answered yes on ``side`` ``offset`` days before today."""
    when = TODAY - timedelta(days=offset)
    others = [c for c in history if not (c.date == when and c.side == side)]
    base = next((c for c in history if c.date == when and c.side == side), None)
    update: dict[str, Any] = {flag: True}
    flagged = (
        dataclasses.replace(base, **update)
        if base is not None
        else CheckIn(date=when, side=side, **update)
    )
    return [*others, flagged]


@settings(max_examples=200, deadline=None)
@given(
    checkins(),
    signals,
    st.sampled_from(STANDING_FLAGS),
    st.sampled_from(SIDES),
    st.integers(0, 120),
    st.data(),
)
def test_a_red_flag_with_no_later_assessment_never_yields_run(
    history: list[CheckIn],
    sigs: list[Signal],
    flag: str,
    side: Side,
    offset: int,
    data: st.DataObject,
) -> None:
    """A red flag reported on any day, with no assessment of that side on or after that day,
    gives at least see_specialist (urgent for a suspected rupture), whatever came after it:
    calm check-ins, "no" answers, training, or assessments before it."""
    flagged = _flagged_history(data, history, side, flag, offset)
    when = TODAY - timedelta(days=offset)
    earlier = data.draw(st.lists(st.integers(offset + 1, offset + 200), max_size=2))
    assessments = [
        ClinicalAssessment(
            TODAY - timedelta(days=k),
            side,
            data.draw(findings),
            "Dr Lind",
            "specialist",
            None,
            True,
        )
        for k in earlier
    ]
    assert all(a.date < when for a in assessments)
    result = decide(flagged, TODAY, TrainingFacts(signals=tuple(sigs)), assessments=assessments)
    floor: Decision = "urgent" if flag in URGENT_FLAGS else "see_specialist"
    assert SEVERITY[result.decision] >= SEVERITY[floor]
    assert result.sides[side] is not None


@settings(max_examples=200, deadline=None)
@given(checkins(), signals, st.sampled_from(RED_FLAG_ITEMS), st.sampled_from(SIDES))
def test_an_unanswered_red_flag_item_today_never_yields_run(
    history: list[CheckIn], sigs: list[Signal], item: str, side: Side
) -> None:
    """A red-flag question left blank in today's check-in is not a "no": never 'run' (the run
    question only counts on a day the runner ran)."""
    base = next((c for c in history if c.date == TODAY and c.side == side), None)
    today = base if base is not None else CheckIn(date=TODAY, side=side, ran=True)
    if item in RUN_FLAGS and not today.did_run:
        today = dataclasses.replace(today, ran=True)
    update: dict[str, Any] = {item: None}
    blank = dataclasses.replace(today, **update)
    others = [c for c in history if not (c.date == TODAY and c.side == side)]
    result = decide([*others, blank], TODAY, TrainingFacts(signals=tuple(sigs)))
    assert result.decision != "run"
    assert "DATA-4" in result.fired


@settings(max_examples=200, deadline=None)
@given(
    checkins(),
    st.sampled_from(STANDING_FLAGS),
    st.sampled_from(SIDES),
    st.integers(1, 90),
    st.data(),
)
def test_a_clearing_assessment_never_hides_a_flag_reported_after_it(
    history: list[CheckIn], flag: str, side: Side, assessed_ago: int, data: st.DataObject
) -> None:
    """An assessment clears what was reported on or before its date, never a flag dated after
    it, whatever it found and even with permission to run."""
    offset = data.draw(st.integers(0, assessed_ago - 1))
    flagged = _flagged_history(data, history, side, flag, offset)
    assessment = ClinicalAssessment(
        TODAY - timedelta(days=assessed_ago),
        side,
        data.draw(findings),
        "Dr Lind",
        data.draw(st.sampled_from(ASSESSOR_KINDS)),
        return_to_running=True,
    )
    result = decide(flagged, TODAY, assessments=[assessment])
    floor: Decision = "urgent" if flag in URGENT_FLAGS else "see_specialist"
    assert SEVERITY[result.decision] >= SEVERITY[floor]


@settings(max_examples=100, deadline=None)
@given(checkins(), signals)
def test_every_reason_reads_as_a_sentence(history: list[CheckIn], sigs: list[Signal]) -> None:
    """No reason shows internal values (key=value, field names) to people."""
    result = decide(history, TODAY, TrainingFacts(signals=tuple(sigs)))
    for r in result.reasons:
        assert r.text
        assert "=" not in r.text
        if r.rule not in ("TRAIN-1", "TRAIN-2"):
            assert "_" not in r.text, r.text
