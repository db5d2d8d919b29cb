"""Program generation for typical runners, and progression driven by logged pain and criteria."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from achillescare.domain.assessment.selftests import SelfTestResult
from achillescare.domain.program.adherence import AdherenceEntry, prevention_sessions_14d
from achillescare.domain.program.plan import RunningWeek, WeekPlan
from achillescare.domain.program.progression import ProgramState, initial_state, progress
from achillescare.domain.program.protocols import alfredson, hsr, hsr_band
from achillescare.domain.program.week_plan import build_week_plan
from achillescare.domain.risk.profile import RunnerHistory, risk_profile

MONDAY = date(2026, 11, 2)
WEEK = RunningWeek.parse("tue,thu,sat,sun", long_day="sun", hard_days="thu")
STEP_EDGE = {"eccentric_heel_drop_straight", "eccentric_heel_drop_bent"}
HEAVY_OR_JUMP = {
    "heavy_slow_calf_raise_seated", "heavy_slow_calf_raise_standing", "leg_press_calf_raise",
    "eccentric_heel_drop_straight", "eccentric_heel_drop_bent", "bulgarian_split_squat",
    "box_jump", "depth_jump", "skipping",
}  # fmt: skip


def heel(left: float, right: float, on: date = MONDAY) -> SelfTestResult:
    return SelfTestResult("heel_raise_straight", on, left, right, affected="left")


def hops(left: float, right: float, on: date = MONDAY) -> SelfTestResult:
    return SelfTestResult("pain_free_hops", on, left, right, affected="left")


def ids(plan: WeekPlan, kind: str | None = None) -> set[str]:
    return {p.exercise_id for s in plan.sessions if kind in (None, s.kind) for p in s.exercises}


def logged(days: list[int], pain: int, start: date = MONDAY) -> list[AdherenceEntry]:
    return [AdherenceEntry(start + timedelta(days=d), "recovery", pain_during=pain) for d in days]


class TestDosing:
    """The protocols' own doses (Alfredson 1998, Beyer 2015) as test cases."""

    @pytest.mark.parametrize(
        ("week", "expected"), [(1, (3, 15)), (3, (3, 12)), (5, (4, 10)), (7, (4, 8)), (12, (4, 6))]
    )
    def test_hsr_week_bands_follow_beyer_2015(self, week: int, expected: tuple[int, int]) -> None:
        assert hsr_band(week) == expected
        assert {(p.sets, p.reps) for p in hsr(week, False, "")} == {expected}

    def test_alfredson_is_180_reps_a_day(self) -> None:
        assert sum(p.sets * (p.reps or 0) * p.times_per_day for p in alfredson(False, 0, "")) == 180

    def test_insertional_alfredson_stays_on_the_floor(self) -> None:
        assert {p.exercise_id for p in alfredson(True, 0, "")} == {"eccentric_heel_drop_floor"}


class TestTypicalRunners:
    def test_acute_flare_gets_daily_phase_1_floor_work_and_no_running(self) -> None:
        state = initial_state(
            "mid_portion", MONDAY, [heel(6, 24)], affected="left", running_week=WEEK
        )
        plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="rest")
        assert (state.phase, plan.phase, plan.mode) == (1, 1, "recovery")
        recovery = [s for s in plan.sessions if s.kind == "recovery"]
        assert len(recovery) == 7
        assert not [s for s in plan.sessions if s.kind == "run"]
        assert not ids(plan) & STEP_EDGE
        assert any("Ice or anti-inflammatories" in n for n in recovery[0].notes)

    def test_chronic_mid_portion_gets_hsr_three_times_a_week_around_long_and_hard_runs(
        self,
    ) -> None:
        state = initial_state(
            "mid_portion", MONDAY, [heel(14, 25)], affected="left", running_week=WEEK
        )
        risk = risk_profile(
            MONDAY, [], [SelfTestResult("knee_to_wall", MONDAY, 8.5, 11.0)], RunnerHistory()
        )
        plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="run", risk=risk)
        assert (state.phase, state.protocol) == (2, "hsr")
        hsr_days = [
            s.on
            for s in plan.sessions
            if any(p.exercise_id == "leg_press_calf_raise" for p in s.exercises)
        ]
        assert len(hsr_days) == 3
        assert all(not WEEK.before_long_or_hard(d) for d in hsr_days)
        dose = next(
            p
            for s in plan.sessions
            for p in s.exercises
            if p.exercise_id == "heavy_slow_calf_raise_seated"
        )
        assert (dose.sets, dose.reps, dose.tempo) == (3, 15, "3 s up, 3 s down")
        assert {"knee_to_wall_mobilisation", "glute_bridge", "step_down_control"} <= ids(plan)
        mobility = next(
            p
            for s in plan.sessions
            for p in s.exercises
            if p.exercise_id == "knee_to_wall_mobilisation"
        )
        assert "dorsiflexion" in mobility.why

    def test_insertional_pain_loads_on_the_floor_without_deep_dorsiflexion(self) -> None:
        state = initial_state(
            "insertional", MONDAY, [heel(12, 20)], affected="left", running_week=WEEK
        )
        plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="modify")
        assert state.protocol == "alfredson"
        used = ids(plan)
        assert "eccentric_heel_drop_floor" in used
        assert not used & (
            STEP_EDGE | {"calf_stretch_straight", "calf_stretch_bent", "knee_to_wall_mobilisation"}
        )
        assert "PROG-INSERTIONAL" in plan.rule_ids

    def test_symptom_free_runner_gets_prevention_around_the_running_week(self) -> None:
        state = initial_state("none", MONDAY, running_week=WEEK)
        plan = build_week_plan(
            state, week_start=MONDAY, today=MONDAY, decision="run", longest_30d_m=20_000
        )
        prevention = [s for s in plan.sessions if s.kind == "prevention"]
        assert (plan.mode, len(prevention)) == ("prevention", 3)
        for session in prevention:
            assert not WEEK.before_long_or_hard(session.on)
        assert {"eccentric_heel_drop_straight", "eccentric_heel_drop_bent", "calf_stretch_straight",
                "bulgarian_split_squat"} <= ids(plan)  # fmt: skip
        assert not ids(plan) & {"box_jump", "depth_jump"}
        runs = [s for s in plan.sessions if s.kind == "run"]
        assert len(runs) == 4
        assert all(
            s.run is not None and s.run.max_distance_m == pytest.approx(22_000) for s in runs
        )

    def test_runner_ready_to_return_passes_the_gate_to_walk_run(self) -> None:
        tests = [heel(26, 27), hops(10, 10)]
        state = replace(
            initial_state("mid_portion", MONDAY, tests, affected="left", running_week=WEEK), phase=3
        )
        today = MONDAY + timedelta(days=1)
        step = progress(state, as_of=today, decision="run", entries=[], tests=tests)
        assert (step.state.rtr_stage, step.state.rtr_step) == (1, 0)
        plan = build_week_plan(step.state, week_start=MONDAY, today=today, decision="run")
        runs = [s for s in plan.sessions if s.kind == "run"]
        assert len(runs) == 3
        assert all(s.run is not None and s.run.intervals == (60, 120, 6) for s in runs)
        days = sorted(s.on for s in runs)
        assert all((b - a).days >= 2 for a, b in pairwise(days))

    def test_a_red_flag_pauses_everything(self) -> None:
        state = initial_state("mid_portion", MONDAY, [heel(14, 25)], affected="left")
        plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="urgent")
        assert plan.mode == "paused"
        assert {s.kind for s in plan.sessions} == {"rest"}


class TestProgression:
    def hsr_state(self, **kw: object) -> ProgramState:
        base = initial_state(
            "mid_portion", MONDAY, [heel(14, 25)], affected="left", running_week=WEEK
        )
        return replace(base, **kw)  # type: ignore[arg-type]

    def test_pain_above_five_steps_back_one_band_at_once_and_only_once(self) -> None:
        state = self.hsr_state(core_week=5, extra_load_kg=5.0)
        entries = logged([1], 7)
        first = progress(
            state, as_of=MONDAY + timedelta(days=2), decision="run", entries=entries, tests=[]
        )
        assert (first.state.core_week, first.state.extra_load_kg, first.state.phase) == (2, 2.5, 2)
        assert "PROG-REGRESS" in first.rule_ids
        again = progress(
            first.state, as_of=MONDAY + timedelta(days=2), decision="run", entries=entries, tests=[]
        )
        assert not again.changed

    def test_two_bad_days_also_step_back_a_phase(self) -> None:
        step = progress(self.hsr_state(core_week=3), as_of=MONDAY + timedelta(days=3), decision="run",
                        entries=logged([1, 2], 6), tests=[])  # fmt: skip
        assert (step.state.phase, step.state.core_week) == (1, 1)

    def test_a_logged_week_within_the_rules_moves_one_week_on(self) -> None:
        step = progress(self.hsr_state(), as_of=MONDAY + timedelta(days=7), decision="run",
                        entries=logged([1, 3, 5], 4), tests=[heel(14, 25)])  # fmt: skip
        assert step.state.core_week == 2
        assert step.state.phase == 3  # coped with phase 2
        assert "PROG-PHASE-3" in step.rule_ids

    def test_rising_pain_week_on_week_holds(self) -> None:
        entries = logged([0, 2, 4], 2, MONDAY - timedelta(days=7)) + logged([1, 3, 5], 4)
        step = progress(self.hsr_state(last_change_on=MONDAY - timedelta(days=8)),
                        as_of=MONDAY + timedelta(days=6), decision="run", entries=entries, tests=[])  # fmt: skip
        assert "PROG-PM4" in step.rule_ids
        assert step.state.core_week == 1

    def test_phase_1_needs_ten_heel_raises_not_just_time(self) -> None:
        state = initial_state("mid_portion", MONDAY, [heel(6, 25)], affected="left")
        entries = logged([1, 2, 3, 4, 5], 3)
        weak = progress(
            state,
            as_of=MONDAY + timedelta(days=7),
            decision="run",
            entries=entries,
            tests=[heel(6, 25)],
        )
        assert weak.state.phase == 1
        strong = progress(state, as_of=MONDAY + timedelta(days=7), decision="run", entries=entries,
                          tests=[heel(11, 25, MONDAY + timedelta(days=6))])  # fmt: skip
        assert strong.state.phase == 2

    def test_pain_free_alfredson_adds_load(self) -> None:
        """In phase 3, a week logged at 0/10 adds 2.5 kg (Alfredson: load once pain-free)."""
        state = replace(initial_state("insertional", MONDAY, [heel(12, 20)], affected="left"),
                        phase=3)  # fmt: skip
        step = progress(state, as_of=MONDAY + timedelta(days=7), decision="run",
                        entries=logged([1, 2, 3, 4, 5], 0), tests=[])  # fmt: skip
        assert step.state.extra_load_kg == 2.5

    @given(st.integers(0, 120))
    def test_the_calendar_alone_never_progresses(self, days: int) -> None:
        state = self.hsr_state()
        step = progress(
            state, as_of=MONDAY + timedelta(days=days), decision="run", entries=[], tests=[]
        )
        assert (step.state.phase, step.state.core_week, step.state.extra_load_kg) == (2, 1, 0.0)

    def test_prevention_sessions_count_days_in_fourteen(self) -> None:
        entries = [
            AdherenceEntry(MONDAY - timedelta(days=d), "prevention") for d in (0, 0, 3, 13, 14)
        ]
        assert prevention_sessions_14d(entries, MONDAY) == 3
