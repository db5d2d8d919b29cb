"""Invariants of the daily decision, checked with hypothesis: more pain or another red flag never
makes the answer less severe; missing data never yields 'run'; a red flag always escalates."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from achillescare.domain.decisions import TrainingFacts, decide
from achillescare.domain.signals import Signal
from achillescare.domain.symptoms import FLAG_FIELDS, PAIN_FIELDS, SIDES, CheckIn, Side
from achillescare.domain.verdicts import SEVERITY
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
