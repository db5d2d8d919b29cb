"""Self-tests, the cadence clue and the risk profile (rules in ``docs/clinical-rules.md``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from achillescare.domain.activity.cadence import cadence_clue
from achillescare.domain.activity.records import Activity
from achillescare.domain.assessment.selftest_guide import SELF_TESTS
from achillescare.domain.assessment.selftests import (
    TEST_IDS,
    SelfTestResult,
    change_between,
    interpret,
    lsi,
    result_lsi,
    retests_due,
)
from achillescare.domain.load.signal import Signal
from achillescare.domain.risk.profile import RunnerHistory, risk_profile
from achillescare.domain.units import Units

DAY = date(2026, 11, 2)


def result(test: str, left: float | None, right: float | None, **kw: object) -> SelfTestResult:
    return SelfTestResult(test, kw.pop("on", DAY), left, right, **kw)  # type: ignore[arg-type]


class TestSpecFixtures:
    """Constructed cases, one or more per self-test rule (ST-* in ``docs/clinical-rules.md``)."""

    def test_st_t1_knee_to_wall_asymmetry_without_limit(self) -> None:
        found = interpret(result("knee_to_wall", 12.0, 10.0))
        assert found.flags == ("asymmetry",)
        assert found.rule_ids == ("ST-KTW-ASYM",)

    def test_st_t2_limited_left_without_asymmetry(self) -> None:
        found = interpret(result("knee_to_wall", 9.5, 10.2))
        assert found.flags == ("limited_left",)
        assert "convention" in found.messages[0]

    def test_st_t3_heel_raise_lsi_69_and_below_the_male_median(self) -> None:
        found = interpret(result("heel_raise_straight", 18, 26, affected="left"), sex="male")
        assert found.lsi_pct == pytest.approx(69.2, abs=0.1)
        assert "asymmetry" in found.flags
        # 18 is 6 under the median of 24: inside the ±6 noise band, so not flagged as below norm.
        assert "below_norm_left" not in found.flags

    def test_st_t4_five_reps_more_is_within_noise(self) -> None:
        before = result("heel_raise_straight", 22, 22)
        after = result("heel_raise_straight", 27, 30, on=DAY + timedelta(days=14))
        changes = {c.leg: c for c in change_between(before, after)}
        assert not changes["left"].beyond_noise
        assert changes["right"].beyond_noise
        assert changes["left"].delta == 5


class TestSelfTests:
    def test_every_test_has_steps_and_a_cited_source(self) -> None:
        assert set(SELF_TESTS) == set(TEST_IDS)
        for spec in SELF_TESTS.values():
            assert len(spec.steps) >= 3
            assert spec.sources

    def test_the_female_median_is_lower(self) -> None:
        found = interpret(result("heel_raise_bent", 14, 15), sex="female")
        assert "below_norm_left" in found.flags
        assert (
            "below_norm_left"
            not in interpret(result("heel_raise_bent", 16, 15), sex="female").flags
        )

    def test_the_bridge_has_no_norm_only_asymmetry(self) -> None:
        assert interpret(result("single_leg_bridge", 9, 10)).flags == ()
        assert interpret(result("single_leg_bridge", 8, 20)).flags == ("asymmetry",)

    def test_step_down_faults_are_listed_per_leg(self) -> None:
        found = interpret(result("step_down_quality", 2, 0, left_faults=("knee_in", "pelvis_drop")))
        assert found.flags == ("faults_left",)
        assert "knee in, pelvis drop" in found.messages[0]

    def test_hops_above_ten_are_refused(self) -> None:
        with pytest.raises(ValueError, match="up to 10"):
            result("pain_free_hops", 11, 10)

    def test_retests_are_due_after_two_weeks_and_for_tests_never_done(self) -> None:
        done = [result(t, 10, 10) for t in TEST_IDS[:3]]
        assert {r.test for r in retests_due(done, DAY + timedelta(days=13))} == set(TEST_IDS[3:])
        assert len(retests_due(done, DAY + timedelta(days=14))) == len(TEST_IDS)

    @given(st.floats(0.5, 60), st.floats(0.5, 60))
    def test_lsi_of_weaker_over_stronger_never_exceeds_100(self, a: float, b: float) -> None:
        index = result_lsi(result("heel_raise_straight", a, b))
        assert index is not None
        assert 0 < index <= 100
        assert lsi(a, b) == pytest.approx(a / b * 100)


def run(day: int, cadence: float, speed: float) -> Activity:
    return Activity(
        start_utc=datetime(2026, 10, 1, 7, tzinfo=UTC) + timedelta(days=day),
        sport="running", distance_m=speed * 3000, duration_s=3000, moving_s=3000,
        source="test", source_kind="manual", avg_cadence_spm=cadence,
    )  # fmt: skip


class TestCadence:
    def test_it_reports_the_slope_of_cadence_against_speed(self) -> None:
        runs = [
            run(i, 160 + 10 * (speed - 2.5), speed) for i, speed in enumerate((2.5, 3.0, 3.5, 4.0))
        ]
        clue = cadence_clue(runs)
        assert clue is not None
        assert clue.spm_per_m_s == pytest.approx(10.0)
        assert clue.easy_spm == pytest.approx(162.5)
        assert clue.target_spm[0] == pytest.approx(162.5 * 1.05)
        assert "clue, not a rule" in clue.describe(Units.MI)

    def test_it_needs_three_runs_with_cadence(self) -> None:
        assert cadence_clue([run(0, 170, 3), run(1, 172, 3.2)]) is None


class TestRiskProfile:
    def test_it_names_every_factor_of_the_article_and_the_guideline(self) -> None:
        profile = risk_profile(DAY, [], [], RunnerHistory())
        assert [f.id for f in profile.factors] == [
            "training_load", "dorsiflexion", "calf_endurance", "glute_strength",
            "movement_quality", "prevention_missing", "previous_injury", "age",
            "fluoroquinolones", "foot_pronation", "subtalar_range", "tendon_structure",
            "medical_conditions",
        ]  # fmt: skip
        for factor in profile.factors:
            assert factor.why
            assert factor.evidence
            assert factor.sources

    def test_findings_come_from_tests_signals_history_and_the_log(self) -> None:
        signals = [
            Signal("single_run_spike", 1.4, "high", "Your longest run jumped 40 %.", "x"),
            Signal("prevention_sessions_14d", 0, "caution", "No prevention session.", "x"),
        ]
        tests = [
            result("knee_to_wall", 8.0, 12.0),
            result("heel_raise_straight", 12, 25, affected="left"),
            result("step_down_quality", 1, 0, left_faults=("pelvis_drop",)),
        ]
        history = RunnerHistory(
            previous_achilles_injury=True, fluoroquinolone_recent=False, age_years=52
        )
        profile = risk_profile(DAY, signals, tests, history, prevention_sessions_14d=1, sex="male")
        status = {f.id: f.status for f in profile.factors}
        assert status == {
            "training_load": "present", "dorsiflexion": "present", "calf_endurance": "present",
            "glute_strength": "present", "movement_quality": "present",
            "prevention_missing": "present", "previous_injury": "present", "age": "present",
            "fluoroquinolones": "absent", "foot_pronation": "not_assessed",
            "subtalar_range": "not_assessed", "tendon_structure": "not_assessed",
            "medical_conditions": "not_assessed",
        }  # fmt: skip
        training = profile.factors[0]
        assert "jumped 40 %" in training.finding
        assert "prevention" not in training.finding  # counted under its own factor
        assert "knee_to_wall_mobilisation" in profile.factors[1].addressed_by

    def test_good_results_clear_the_measured_factors(self) -> None:
        tests = [
            result("knee_to_wall", 12.0, 12.5),
            result("heel_raise_straight", 28, 29),
            result("heel_raise_bent", 27, 28),
            result("single_leg_bridge", 25, 26),
            result("step_down_quality", 0, 0),
        ]
        signals = [Signal("single_run_spike", 1.0, "ok", "No spike.", "x")]
        profile = risk_profile(
            DAY, signals, tests, RunnerHistory(age_years=30), prevention_sessions_14d=5
        )
        present = {f.id for f in profile.present()}
        assert present == set()
