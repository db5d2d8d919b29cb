"""Return-to-run gates and steps; prevention scheduling and the depth-jump gate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from achillescare.domain.assessment.selftests import SelfTestResult
from achillescare.domain.program.adherence import AdherenceEntry
from achillescare.domain.program.plan import RunningWeek
from achillescare.domain.program.prevention import (
    plyo_progress,
    prevention_days,
    prevention_sessions,
)
from achillescare.domain.program.return_to_run import WALK_RUN_LADDER, evaluate, week_runs

MONDAY = date(2026, 11, 2)
HEAVY_OR_JUMP = {
    "eccentric_heel_drop_straight", "eccentric_heel_drop_bent", "bulgarian_split_squat",
    "box_jump", "depth_jump",
}  # fmt: skip


def make_result(test: str, left: float, right: float) -> SelfTestResult:
    return SelfTestResult(test, MONDAY, left, right, affected="left")  # type: ignore[arg-type]


GOOD = [make_result("heel_raise_straight", 26, 27), make_result("pain_free_hops", 10, 10)]


class TestReturnToRunGates:
    def test_walk_run_starts_only_with_ten_heel_raises(self) -> None:
        weak = evaluate(0, 0, decision="run", runs_since_change=0, phase=1,
                        tests=[make_result("heel_raise_straight", 8, 25)], affected="left", as_of=MONDAY)  # fmt: skip
        assert (weak.stage, weak.action) == (0, "hold")
        assert any("10 single-leg heel raises" in r for r in weak.reasons)
        ready = evaluate(0, 0, decision="modify", runs_since_change=0, phase=2,
                         tests=[make_result("pain_free_hops", 10, 10)], affected="left",
                         as_of=MONDAY)  # fmt: skip
        assert (ready.stage, ready.step) == (1, 0)

    def test_a_step_needs_two_runs_and_a_run_decision(self) -> None:
        one = evaluate(
            1,
            2,
            decision="run",
            runs_since_change=1,
            phase=2,
            tests=[],
            affected="left",
            as_of=MONDAY,
        )
        assert (one.stage, one.step, one.action) == (1, 2, "hold")
        two = evaluate(
            1,
            2,
            decision="run",
            runs_since_change=2,
            phase=2,
            tests=[],
            affected="left",
            as_of=MONDAY,
        )
        assert (two.stage, two.step) == (1, 3)
        modified = evaluate(1, 2, decision="modify", runs_since_change=5, phase=2, tests=[], affected="left",
                            as_of=MONDAY)  # fmt: skip
        assert modified.step == 2

    def test_rest_steps_back_and_a_red_flag_stops_running(self) -> None:
        back = evaluate(2, 0, decision="rest", runs_since_change=0, phase=3, tests=[], affected="left",
                        as_of=MONDAY)  # fmt: skip
        assert (back.stage, back.step) == (1, len(WALK_RUN_LADDER) - 1)
        stop = evaluate(3, 0, decision="see_specialist", runs_since_change=4, phase=3, tests=GOOD,
                        affected="left", as_of=MONDAY)  # fmt: skip
        assert (stop.stage, stop.action) == (0, "stop")

    def test_continuous_running_needs_ten_pain_free_hops(self) -> None:
        last = len(WALK_RUN_LADDER) - 1
        few = evaluate(1, last, decision="run", runs_since_change=2, phase=2,
                       tests=[make_result("pain_free_hops", 6, 10)], affected="left", as_of=MONDAY)  # fmt: skip
        assert few.stage == 1
        ok = evaluate(1, last, decision="run", runs_since_change=2, phase=2, tests=GOOD, affected="left",
                      as_of=MONDAY)  # fmt: skip
        assert (ok.stage, ok.step) == (2, 0)

    def test_hills_and_speed_come_last_behind_strength_symmetry_and_volume(self) -> None:
        weak = [make_result("heel_raise_straight", 20, 27), make_result("pain_free_hops", 10, 10)]
        held = evaluate(3, 0, decision="run", runs_since_change=3, phase=3, tests=weak, affected="left",
                        as_of=MONDAY, distance_7d_m=33_000, usual_weekly_m=40_000)  # fmt: skip
        assert held.stage == 3
        assert {c.text.split()[0] for c in held.gate if not c.met} == {"≥", "heel-raise"}
        low_volume = evaluate(3, 0, decision="run", runs_since_change=3, phase=3, tests=GOOD,
                              affected="left", as_of=MONDAY, distance_7d_m=20_000,
                              usual_weekly_m=40_000)  # fmt: skip
        assert low_volume.stage == 3
        ready = evaluate(3, 0, decision="run", runs_since_change=3, phase=3, tests=GOOD, affected="left",
                         as_of=MONDAY, distance_7d_m=33_000, usual_weekly_m=40_000)  # fmt: skip
        assert (ready.stage, ready.step) == (4, 0)

    def test_runs_respect_the_single_run_cap_and_a_modify_decision(self) -> None:
        week = RunningWeek.parse("tue,thu,sun", long_day="sun", hard_days="thu")
        runs = dict(
            week_runs(4, 0, MONDAY, week, today=MONDAY, decision="run", longest_30d_m=10_000)
        )
        assert runs[MONDAY + timedelta(days=6)].distance_m == pytest.approx(11_000)
        assert runs[MONDAY + timedelta(days=3)].kind == "hills"
        modified = dict(
            week_runs(4, 0, MONDAY, week, today=MONDAY, decision="modify", longest_30d_m=10_000)
        )
        assert modified[MONDAY + timedelta(days=6)].distance_m == pytest.approx(7_700)
        assert modified[MONDAY + timedelta(days=3)].kind == "easy"


class TestPrevention:
    def test_no_full_session_the_day_before_a_long_run_or_hard_session(self) -> None:
        week = RunningWeek.parse("mon,wed,fri,sat", long_day="sat", hard_days="wed")
        days = prevention_days(MONDAY, week)
        assert [d.weekday() for d, _ in days] == [0, 3, 6]
        assert all(full for _, full in days)

    def test_with_no_allowed_day_it_schedules_two_light_sessions(self) -> None:
        week = RunningWeek.parse("", long_day="sun", hard_days="mon,tue,wed,thu,fri,sat")
        sessions = prevention_sessions(MONDAY, week, plyo_level=3, extra_load_kg=0, risk=None)
        assert len(sessions) == 2
        assert not {p.exercise_id for s in sessions for p in s.exercises} & HEAVY_OR_JUMP

    @given(st.lists(st.sampled_from(["easy", "long", "hard", None]), min_size=7, max_size=7),
           st.integers(2, 3))  # fmt: skip
    def test_heavy_calf_and_jumps_never_fall_before_long_or_hard(
        self, kinds: list[str | None], n: int
    ) -> None:
        week = RunningWeek(tuple((i, k) for i, k in enumerate(kinds) if k is not None))  # type: ignore[misc]
        sessions = prevention_sessions(
            MONDAY, week, plyo_level=3, extra_load_kg=0, risk=None, sessions=n
        )
        assert 2 <= len(sessions) <= n
        for session in sessions:
            if week.before_long_or_hard(session.on):
                assert not {p.exercise_id for p in session.exercises} & HEAVY_OR_JUMP

    def test_box_jumps_after_four_easy_split_squat_sessions(self) -> None:
        entries = [
            AdherenceEntry(MONDAY + timedelta(days=d), "prevention", pain_during=1)
            for d in (1, 3, 5)
        ]
        assert plyo_progress(1, entries, [], MONDAY, MONDAY + timedelta(days=7)).level == 1
        entries.append(AdherenceEntry(MONDAY + timedelta(days=7), "prevention", pain_during=2))
        assert plyo_progress(1, entries, [], MONDAY, MONDAY + timedelta(days=7)).level == 2

    def test_depth_jumps_wait_for_the_strength_and_hop_gate(self) -> None:
        entries = [
            AdherenceEntry(MONDAY + timedelta(days=d), "prevention", pain_during=0)
            for d in range(1, 9, 2)
        ]
        later = MONDAY + timedelta(days=9)
        blocked = plyo_progress(
            2, entries, [make_result("heel_raise_straight", 22, 26)], MONDAY, later
        )
        assert (blocked.level, blocked.action) == (2, "hold")
        assert plyo_progress(2, entries, GOOD, MONDAY, later).level == 3

    def test_pain_above_five_drops_a_level(self) -> None:
        entries = [
            AdherenceEntry(MONDAY + timedelta(days=1), "prevention", "depth_jump", pain_during=6)
        ]
        assert plyo_progress(3, entries, GOOD, MONDAY, MONDAY + timedelta(days=2)).level == 2

    def test_running_week_parses_weekday_names(self) -> None:
        week = RunningWeek.parse("Tuesday, thu", long_day="sun", hard_days="thu")
        assert week.to_json() == {"tue": "easy", "thu": "hard", "sun": "long"}
        with pytest.raises(ValueError, match="not a weekday"):
            RunningWeek.parse("funday")


class TestRemainingRunPaths:
    def test_from_walk_run_to_continuous_to_volume(self) -> None:
        """Continuous steps add 5 minutes; the last opens 'build volume' only in phase 3."""
        runs = dict(
            week_runs(2, 1, MONDAY, RunningWeek(), today=MONDAY, decision="run", longest_30d_m=None)
        )
        assert {r.duration_s for r in runs.values()} == {25 * 60.0}
        phase_2 = evaluate(2, 2, decision="run", runs_since_change=2, phase=2, tests=GOOD, affected=None,
                           as_of=MONDAY)  # fmt: skip
        assert (phase_2.stage, phase_2.reasons) == (
            2,
            ("Not yet: tendon-loading phase 3 (rebuilding) reached.",),
        )
        phase_3 = evaluate(2, 2, decision="run", runs_since_change=2, phase=3, tests=GOOD, affected=None,
                           as_of=MONDAY)  # fmt: skip
        assert phase_3.stage == 3
        too_few = evaluate(2, 2, decision="run", runs_since_change=1, phase=3, tests=GOOD, affected=None,
                           as_of=MONDAY)  # fmt: skip
        assert too_few.reasons[0] == "Not yet: 2 runs at the current step."

    def test_full_running_holds_and_past_days_keep_their_runs(self) -> None:
        done = evaluate(4, 1, decision="run", runs_since_change=9, phase=4, tests=GOOD, affected="left",
                        as_of=MONDAY)  # fmt: skip
        assert (done.stage, done.step, done.rule_ids) == (4, 1, ("RTR-CAP",))
        week = RunningWeek.parse("mon,thu", hard_days="mon")
        runs = dict(week_runs(4, 1, MONDAY, week, today=MONDAY + timedelta(days=2), decision="modify",
                              longest_30d_m=None))  # fmt: skip
        assert runs[MONDAY].kind == "hard"  # already past: not rewritten
        assert runs[MONDAY + timedelta(days=3)].duration_s == pytest.approx(40 * 60 * 0.7)
