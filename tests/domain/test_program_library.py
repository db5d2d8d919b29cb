"""Every exercise any program prescribes is a card of the exercise library, and insertional plans
never load into deep dorsiflexion in the early phases (checked against the cards' own flag)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import product

import pytest

from achillescare.domain.assessment.selftests import SelfTestResult
from achillescare.domain.program.plan import Location, RunningWeek, WeekPlan
from achillescare.domain.program.progression import initial_state
from achillescare.domain.program.protocols import PROTOCOLS
from achillescare.domain.program.week_plan import build_week_plan
from achillescare.domain.risk.profile import RunnerHistory, risk_profile
from achillescare.library import load_exercises

MONDAY = date(2026, 11, 2)
WEEK = RunningWeek.parse("tue,thu,sat,sun", long_day="sun", hard_days="thu")
LIBRARY = load_exercises()
FLAGGED = [SelfTestResult("knee_to_wall", MONDAY, 8, 12), SelfTestResult("step_down_quality", MONDAY, 1, 0,
           left_faults=("pelvis_drop",))]  # fmt: skip
RISK = risk_profile(MONDAY, [], FLAGGED, RunnerHistory())


def plans() -> list[tuple[str, WeekPlan]]:
    out = []
    locations: tuple[Location, ...] = ("mid_portion", "insertional")
    for location, protocol, phase, stage in product(locations, PROTOCOLS, (1, 2, 3, 4), range(5)):
        state = replace(initial_state(location, MONDAY, protocol=protocol, running_week=WEEK),
                        phase=phase, rtr_stage=stage)  # fmt: skip
        plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="run", risk=RISK)
        out.append((f"{location}-{protocol}-{phase}-{stage}", plan))
    for level in (1, 2, 3):
        state = replace(initial_state("none", MONDAY, running_week=WEEK), plyo_level=level)
        out.append((f"prevention-{level}", build_week_plan(state, week_start=MONDAY, today=MONDAY,
                                                           decision="run", risk=RISK)))  # fmt: skip
    return out


@pytest.mark.parametrize(("name", "plan"), plans(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_prescribed_exercise_is_in_the_library(name: str, plan: WeekPlan) -> None:
    used = {p.exercise_id for s in plan.sessions for p in s.exercises}
    assert used <= set(LIBRARY), f"{name}: {sorted(used - set(LIBRARY))}"


def test_insertional_phases_1_and_2_avoid_deep_dorsiflexion_unless_kept_on_the_floor() -> None:
    for name, plan in plans():
        if not name.startswith("insertional") or name.split("-")[2] not in ("1", "2"):
            continue
        for session in plan.sessions:
            for item in session.exercises:
                if LIBRARY[item.exercise_id].deep_dorsiflexion:
                    assert "floor" in item.variant or "neutral" in item.variant, (name, item)
