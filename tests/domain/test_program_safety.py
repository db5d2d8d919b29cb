"""Program generation stays within what the runner showed: insertional pain gates phase 3, load
belongs to phase 3 after a truly pain-free week, heel raises never exceed the tested maximum, a
walk-run card adds up, and the walk-run gate reads the hop test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from achillescare.domain.assessment.selftests import SelfTestResult
from achillescare.domain.program.adherence import AdherenceEntry
from achillescare.domain.program.plan import RunningWeek, RunPrescription, WeekPlan
from achillescare.domain.program.progression import initial_state, progress
from achillescare.domain.program.week_plan import build_week_plan

MONDAY = date(2026, 11, 2)
NEXT = MONDAY + timedelta(days=7)
WEEK = RunningWeek.parse("tue,thu,sat", long_day="sat")


def heel(left: float, right: float, on: date = MONDAY) -> SelfTestResult:
    return SelfTestResult("heel_raise_straight", on, left, right, affected="left")


def hops(left: float, right: float, on: date = MONDAY) -> SelfTestResult:
    return SelfTestResult("pain_free_hops", on, left, right, affected="left")


def logged(pain: int, days: range = range(1, 6)) -> list[AdherenceEntry]:
    return [AdherenceEntry(MONDAY + timedelta(days=d), "recovery", pain_during=pain) for d in days]


def exercises(plan: WeekPlan, exercise_id: str) -> list[tuple[int | None, str, str]]:
    return [
        (p.reps, p.variant, p.why)
        for s in plan.sessions
        for p in s.exercises
        if p.exercise_id == exercise_id
    ]


class TestInsertionalPhase3:
    def test_insertional_runner_with_ongoing_pain_stays_in_phase_2(self) -> None:
        """A week at 2/10 (insertion pain) does not open phase 3 (JAT 2020: no insertion pain)."""
        tests = [heel(12, 20)]
        state = initial_state("insertional", MONDAY, tests, affected="left", running_week=WEEK)
        assert state.phase == 2
        step = progress(state, as_of=NEXT, decision="run", entries=logged(2), tests=tests)
        assert step.state.phase == 2
        assert "PROG-PHASE-3" not in step.rule_ids
        assert any("no pain at the insertion" in r for r in step.reasons)

    def test_insertional_runner_without_insertion_pain_enters_phase_3(self) -> None:
        """A week logged at 0/10 opens phase 3 for the same runner."""
        tests = [heel(12, 20)]
        state = initial_state("insertional", MONDAY, tests, affected="left", running_week=WEEK)
        step = progress(state, as_of=NEXT, decision="run", entries=logged(0), tests=tests)
        assert step.state.phase == 3

    def test_mid_portion_runner_coping_with_phase_2_still_enters_phase_3(self) -> None:
        """The insertion criterion is for insertional pain only; 3/10 mid-portion is coping."""
        tests = [heel(14, 25)]
        state = initial_state("mid_portion", MONDAY, tests, affected="left", running_week=WEEK)
        step = progress(state, as_of=NEXT, decision="run", entries=logged(3, range(1, 4)),
                        tests=tests)  # fmt: skip
        assert step.state.phase == 3

    @pytest.mark.parametrize("location", ["insertional", "mid_portion"])
    def test_phase_3_gives_no_skipping_without_a_passed_hop_test(self, location: str) -> None:
        """Skipping appears in phase 3 only once 10 hops at ≤ 2/10 were done; the plan says why."""
        base = initial_state(location, MONDAY, [heel(14, 25)], affected="left", running_week=WEEK)  # type: ignore[arg-type]
        state = replace(base, phase=3)
        for tests, expected in (([heel(14, 25)], False), ([heel(14, 25), hops(6, 10)], False),
                                ([heel(14, 25), hops(10, 10)], True)):  # fmt: skip
            plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="run",
                                   tests=tests)  # fmt: skip
            assert bool(exercises(plan, "skipping")) is expected, tests
            notes = [n for s in plan.sessions for n in s.notes]
            assert any("No skipping or jumps yet" in n for n in notes) is not expected


class TestLoadBelongsToPhase3:
    def test_entering_phase_2_adds_no_load_even_when_pain_free(self) -> None:
        """Alfredson runner leaving phase 1: phase 2, but no backpack weight yet."""
        state = initial_state("mid_portion", MONDAY, [heel(6, 24)], affected="left",
                              protocol="alfredson")  # fmt: skip
        for pain in (0, 2):
            step = progress(state, as_of=NEXT, decision="run", entries=logged(pain),
                            tests=[heel(11, 24, NEXT)])  # fmt: skip
            assert (step.state.phase, step.state.extra_load_kg) == (2, 0.0), pain
            assert not any("kg" in a for a in step.actions)

    @pytest.mark.parametrize(("pain", "load"), [(0, 2.5), (1, 0.0), (2, 0.0)])
    def test_two_of_ten_is_not_pain_free_so_no_load_is_added(self, pain: int, load: float) -> None:
        """In phase 3, only a week at 0/10 adds 2.5 kg; 1–2/10 is acceptable, not pain-free."""
        base = initial_state("mid_portion", MONDAY, [heel(14, 25)], affected="left",
                             protocol="alfredson")  # fmt: skip
        step = progress(replace(base, phase=3), as_of=NEXT, decision="run", entries=logged(pain),
                        tests=[heel(14, 25)])  # fmt: skip
        assert step.state.extra_load_kg == load
        if load:
            assert any("pain-free week: 0/10" in a for a in step.actions)


class TestHeelRaisesWithinCapacity:
    def test_three_by_ten_single_leg_heel_raises_are_capped_at_a_tested_maximum_of_six(
        self,
    ) -> None:
        """Phase 1 prescribes 3 × 10; a painful leg that managed 6 gets 3 × 6, with the reason."""
        tests = [heel(6, 24)]
        state = initial_state("mid_portion", MONDAY, tests, affected="left", running_week=WEEK)
        plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="run", tests=tests)
        dosed = exercises(plan, "single_leg_heel_raise")
        assert dosed
        for reps, variant, why in dosed:
            assert reps == 6
            assert "6 per set, not 10" in variant
            assert "PROG-CAPACITY" in why
        assert "PROG-CAPACITY" in plan.rule_ids

    def test_the_weaker_leg_sets_the_cap_when_no_leg_is_marked(self) -> None:
        """No affected leg: the weaker leg's 12 caps phase 2's 3 × 15."""
        tests = [SelfTestResult("heel_raise_straight", MONDAY, 25, 12)]
        state = replace(initial_state("mid_portion", MONDAY, tests, protocol="silbernagel"),
                        phase=2)  # fmt: skip
        plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="run", tests=tests)
        assert {r for r, _, _ in exercises(plan, "single_leg_heel_raise")} == {12}

    def test_fewer_than_five_single_leg_raises_fall_back_to_double_leg(self) -> None:
        """A tested maximum of 3: the single-leg sets become double-leg, explained."""
        tests = [heel(3, 24)]
        state = initial_state("mid_portion", MONDAY, tests, affected="left", running_week=WEEK)
        plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="run", tests=tests)
        assert not exercises(plan, "single_leg_heel_raise")
        assert any("both legs instead of one" in v for _, v, _ in
                   exercises(plan, "double_leg_heel_raise"))  # fmt: skip

    def test_a_strong_leg_keeps_the_protocol_dose(self) -> None:
        """Tested 20: phase 2's 3 × 15 is unchanged."""
        tests = [heel(20, 24)]
        state = initial_state("mid_portion", MONDAY, tests, affected="left", protocol="silbernagel")
        plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision="run", tests=tests)
        assert {r for r, _, _ in exercises(plan, "single_leg_heel_raise")} == {15}


class TestWalkRunCard:
    def test_walk_run_duration_matches_its_intervals_on_a_modify_day(self) -> None:
        """6 × (1:00 + 2:00) is 18 min; a 'modify' week drops repeats instead of saying 12.6 min."""
        tests = [heel(14, 25), hops(10, 10)]
        base = initial_state("mid_portion", MONDAY, tests, affected="left", running_week=WEEK)
        state = replace(base, phase=3, rtr_stage=1, rtr_step=0)
        for decision, reps in (("run", 6), ("modify", 4)):
            plan = build_week_plan(state, week_start=MONDAY, today=MONDAY, decision=decision,  # type: ignore[arg-type]
                                   tests=tests)  # fmt: skip
            runs = [s.run for s in plan.sessions if s.run is not None]
            assert runs
            for run in runs:
                assert run.intervals == (60, 120, reps)
                assert run.duration_s == (60 + 120) * reps
        assert RunPrescription("walk_run", intervals=(60, 120, 6)).duration_s == 18 * 60

    def test_a_walk_run_whose_duration_disagrees_with_its_intervals_is_refused(self) -> None:
        """The 12.6-minute card for 6 × 3 minutes cannot be built."""
        with pytest.raises(ValueError, match="lasts 1080 s, not 756 s"):
            RunPrescription("walk_run", duration_s=756.0, intervals=(60, 120, 6))


class TestWalkRunGateChecksHops:
    def state(self) -> object:
        return replace(initial_state("mid_portion", MONDAY, [heel(14, 25)], affected="left",
                                     running_week=WEEK), phase=2)  # fmt: skip

    def test_walk_run_gate_refuses_to_open_without_a_hop_test(self) -> None:
        """Heel raises alone no longer open walk-run: the missing hop test is named."""
        step = progress(self.state(), as_of=MONDAY + timedelta(days=1), decision="run",  # type: ignore[arg-type]
                        entries=[], tests=[heel(14, 25)])  # fmt: skip
        assert step.state.rtr_stage == 0
        assert any("no hop self-test recorded yet" in r for r in step.reasons)

    @pytest.mark.parametrize(("left", "opens"), [(6, False), (9, False), (10, True)])
    def test_walk_run_gate_checks_ten_hops_on_the_painful_leg(self, left: int, opens: bool) -> None:
        """10 hops at ≤ 2/10 on the painful leg open walk-run; fewer hold it."""
        tests = [heel(14, 25), hops(left, 10)]
        step = progress(self.state(), as_of=MONDAY + timedelta(days=1), decision="run",  # type: ignore[arg-type]
                        entries=[], tests=tests)  # fmt: skip
        assert (step.state.rtr_stage == 1) is opens
