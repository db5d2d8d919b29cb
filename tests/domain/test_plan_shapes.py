"""The plan's shapes in the runner's units, the phased protocol tables, and the program's
remaining paths: phase 3 → 4, prevention progress, pauses, the adherence record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from achillescare.domain.assessment.selftests import SelfTestResult, change_between, interpret
from achillescare.domain.program.adherence import AdherenceEntry, mean_daily_pain
from achillescare.domain.program.plan import Prescription, RunningWeek, RunPrescription, Session
from achillescare.domain.program.progression import ProgramState, initial_state, progress
from achillescare.domain.program.protocols import silbernagel
from achillescare.domain.program.week_plan import build_week_plan
from achillescare.domain.units import Units

MONDAY = date(2026, 11, 2)


class TestShapes:
    def test_a_walk_run_reads_as_intervals_and_the_cap_in_miles(self) -> None:
        run = RunPrescription("walk_run", intervals=(60, 120, 6), max_distance_m=8046.72)
        assert run.describe(Units.MI) == (
            "walk-run: 6 × (1:00 easy running + 2:00 walking) (no longer than 5.0 mi)"
        )
        easy = RunPrescription("easy", duration_s=1800, distance_m=5000)
        assert easy.describe(Units.KM) == "easy run, 30:00, 5.0 km"
        assert easy.to_json(Units.KM)["description"] == "easy run, 30:00, 5.0 km"

    def test_a_session_serialises_with_its_prescriptions(self) -> None:
        item = Prescription("eccentric_heel_drop_bent", 3, 15, times_per_day=2, why="phase 2")
        session = Session(MONDAY, "recovery", "Recovery", (item,), notes=("n",))
        data = session.to_json(Units.KM)
        assert data["date"] == "2026-11-02"
        assert data["exercises"] == [item.to_json()]
        assert item.dose_text() == "3 × 15 reps, 2× a day"
        assert Prescription("calf_stretch_bent", 2, seconds=30).dose_text() == "2 × 30 s"

    @pytest.mark.parametrize("phase", [2, 3, 4])
    def test_silbernagel_uses_the_step_edge_only_for_mid_portion_pain(self, phase: int) -> None:
        mid = silbernagel(phase, False, 5.0, "")
        insertional = silbernagel(phase, True, 5.0, "")
        assert "eccentric_heel_drop_straight" in {p.exercise_id for p in mid}
        assert "eccentric_heel_drop_straight" not in {p.exercise_id for p in insertional}
        assert all("step" not in p.variant for p in insertional)
        weighted = {p.load for p in mid if p.exercise_id == "single_leg_heel_raise"}
        assert weighted == ({"body weight"} if phase == 2 else {"body weight + 5 kg (backpack)"})


class TestRemainingPaths:
    def ready(self) -> tuple[ProgramState, list[SelfTestResult]]:
        tests = [
            SelfTestResult("heel_raise_straight", MONDAY, 26, 27, "left"),
            SelfTestResult("pain_free_hops", MONDAY, 10, 10, "left"),
        ]
        base = initial_state("mid_portion", MONDAY, tests, affected="left", protocol="silbernagel")
        return replace(base, phase=3, rtr_stage=3, rtr_since=MONDAY + timedelta(days=7)), tests

    def test_phase_4_needs_strength_hops_running_and_a_run_decision(self) -> None:
        state, tests = self.ready()
        entries = [
            AdherenceEntry(MONDAY + timedelta(days=d), "recovery", pain_during=0)
            for d in range(1, 6)
        ]
        day = MONDAY + timedelta(days=7)
        modify = progress(state, as_of=day, decision="modify", entries=entries, tests=tests)
        assert modify.state.phase == 3
        assert modify.state.extra_load_kg == 2.5
        run = progress(state, as_of=day, decision="run", entries=entries, tests=tests)
        assert run.state.phase == 4
        plan = build_week_plan(run.state, week_start=MONDAY, today=day, decision="run")
        loading = [s for s in plan.sessions if s.kind == "recovery" and any(
            p.exercise_id == "quick_rebound_heel_raise" for p in s.exercises)]  # fmt: skip
        assert len(loading) == 3  # maintenance 2–3 × a week

    def test_a_see_a_clinician_decision_stops_running_and_changes_nothing_else(self) -> None:
        state, tests = self.ready()
        step = progress(
            state,
            as_of=MONDAY + timedelta(days=8),
            decision="see_specialist",
            entries=[],
            tests=tests,
        )
        assert (step.state.rtr_stage, step.state.phase, step.actions) == (
            0,
            3,
            ("running stopped",),
        )
        assert "PROG-PAUSE" in step.rule_ids

    def test_prevention_programs_progress_only_their_jumps(self) -> None:
        state = initial_state("none", MONDAY, running_week=RunningWeek.parse("tue,sat"))
        entries = [
            AdherenceEntry(MONDAY + timedelta(days=d), "prevention", pain_during=0)
            for d in (1, 3, 5, 7)
        ]
        step = progress(
            state, as_of=MONDAY + timedelta(days=8), decision="run", entries=entries, tests=[]
        )
        assert (step.state.plyo_level, step.state.mode, step.changed) == (2, "prevention", True)
        assert step.state.reason == "plyometrics progress"

    def test_the_log_refuses_impossible_values_and_computes_session_load(self) -> None:
        with pytest.raises(ValueError, match="0–10"):
            AdherenceEntry(MONDAY, "recovery", pain_during=11)
        with pytest.raises(ValueError, match="RPE"):
            AdherenceEntry(MONDAY, "recovery", rpe=12)
        with pytest.raises(ValueError, match="negative"):
            AdherenceEntry(MONDAY, "recovery", duration_min=-1)
        assert AdherenceEntry(MONDAY, "recovery", rpe=6, duration_min=25).session_load_au == 150
        assert AdherenceEntry(MONDAY, "recovery", rpe=6).session_load_au is None
        assert mean_daily_pain([]) is None

    def test_hops_and_other_tests_change_without_a_noise_band(self) -> None:
        before = SelfTestResult("pain_free_hops", MONDAY, 4, 10)
        after = SelfTestResult("pain_free_hops", MONDAY + timedelta(days=14), 5, 10)
        assert [c.beyond_noise for c in change_between(before, after)] == [True, False]
        assert interpret(after).flags == ("hops_left",)
        with pytest.raises(ValueError, match="same test"):
            change_between(before, SelfTestResult("knee_to_wall", MONDAY, 10, 10))
