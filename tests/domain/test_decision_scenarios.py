"""Scenario tests for the daily decision, written from the pain-monitoring model
(Silbernagel et al. 2007) and the red flags of ``docs/clinical-rules.md``.

Each test states one situation a runner can be in and the answer the rules require.
"""

from __future__ import annotations

from typing import Any

from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.domain.decision.daily import (
    DailyDecision,
    TrainingFacts,
    VisaScore,
    decide,
)
from achillescare.domain.decision.red_flags import DailyDistance
from achillescare.domain.units import Units
from tests.symptom_factories import TODAY, day, make_checkin, make_signal, quiet_days


def run_decision(checkins: list[CheckIn], **kw: object) -> DailyDecision:
    return decide(checkins, TODAY, **kw)  # type: ignore[arg-type]


def fired(result: DailyDecision) -> set[str]:
    return {r.rule for r in result.reasons}


def levels(result: DailyDecision, rule: str) -> set[str | None]:
    return {r.level for r in result.reasons if r.rule == rule}


# --- urgent: suspected rupture (RF-R*) -------------------------------------------------------


def test_it_sends_a_pop_to_same_day_assessment() -> None:
    """A sudden pop or snap today is a suspected rupture: urgent."""
    result = run_decision(quiet_days(sudden_pop=True))
    assert result.decision == "urgent"
    assert "RF-R1" in fired(result)
    assert any("same-day" in line for line in result.advice)


def test_it_keeps_a_pop_from_five_days_ago_urgent() -> None:
    """A pop reported five days ago still fires although this morning is quiet."""
    checkins = quiet_days(6)
    checkins[1] = make_checkin(-5, sudden_pop=True)
    assert run_decision(checkins).decision == "urgent"


def test_a_pop_reported_nine_days_ago_and_never_assessed_still_means_urgent() -> None:
    """A pop reported nine days ago, quiet mornings since: the suspected rupture stands until a
    clinician has assessed it (no expiry)."""
    checkins = [make_checkin(-9, sudden_pop=True), *quiet_days(3)]
    result = run_decision(checkins)
    assert "RF-R1" in fired(result)
    assert result.decision == "urgent"


def test_it_treats_inability_to_heel_raise_as_urgent() -> None:
    """Unable to do a single-leg heel raise: urgent (RF-R3)."""
    result = run_decision(quiet_days(cannot_heel_raise=True))
    assert result.decision == "urgent"
    assert "RF-R3" in fired(result)


def test_it_escalates_a_pop_during_a_sprint_with_no_push_off() -> None:
    """Spec §4.7: 'felt a pop during a sprint, now can't push off' → urgent, both flags listed."""
    result = run_decision(quiet_days(sudden_pop=True, cannot_heel_raise=True, pain_during_run=8))
    assert result.decision == "urgent"
    assert {"RF-R1", "RF-R3", "PM-1"} <= fired(result)
    assert result.reasons[0].level == "urgent"


# --- see a specialist: other red flags ------------------------------------------------------


def test_it_sends_night_pain_to_a_clinician() -> None:
    """Spec §4.7: 'pain 7/10 at night' → see a clinician (RF-1)."""
    result = run_decision(quiet_days(night_pain=True, morning_pain=1))
    assert result.decision == "see_specialist"
    assert "RF-1" in fired(result)


def test_it_sends_pain_at_rest_to_a_clinician() -> None:
    """Pain at rest is non-mechanical pain (RF-1)."""
    assert run_decision(quiet_days(pain_at_rest=True)).decision == "see_specialist"


def test_it_flags_a_red_tendon_with_fever() -> None:
    """Redness or warmth together with fever or feeling unwell → see a clinician (RF-2)."""
    result = run_decision(quiet_days(redness_warmth=True, fever_unwell=True))
    assert result.decision == "see_specialist"
    assert "RF-2" in fired(result)


def test_it_flags_a_swollen_tendon_with_fever() -> None:
    """Swelling with feeling unwell is RF-2 too."""
    assert "RF-2" in fired(run_decision(quiet_days(swelling=True, fever_unwell=True)))


def test_redness_without_fever_is_not_called_a_reactive_tendon() -> None:
    """Redness or warmth is not a tendinopathy sign (infection, bursitis, inflammatory disease):
    see a clinician (RF-2L), not SYM-1's 'modify', and not RF-2 without a fever."""
    result = run_decision(quiet_days(redness_warmth=True))
    assert result.decision == "see_specialist"
    assert "RF-2L" in fired(result)
    assert {"SYM-1", "RF-2"}.isdisjoint(fired(result))
    assert not any("reactive" in line for line in result.advice)


def test_it_sends_numbness_to_a_clinician() -> None:
    """Numbness or tingling points to a nerve (RF-4)."""
    result = run_decision(quiet_days(numbness_tingling=True))
    assert result.decision == "see_specialist"
    assert "RF-4" in fired(result)


def test_it_stops_training_on_tendon_pain_after_fluoroquinolones() -> None:
    """Spec §4.7: 'started levofloxacin 5 days ago, Achilles aches' → see a clinician, no run
    advice."""
    result = run_decision(quiet_days(fluoroquinolone=True, morning_pain=2))
    assert result.decision == "see_specialist"
    assert levels(result, "RF-5") == {"see_specialist"}
    assert not any("Longest run" in line for line in result.advice)


def test_it_only_cautions_about_fluoroquinolones_without_symptoms() -> None:
    """Fluoroquinolones with no tendon symptom at all: a caution, the answer stays 'run'."""
    result = run_decision(
        [
            make_checkin(-1, pain_during_run=0, pain_after_run=0, morning_pain=0),
            make_checkin(
                0, fluoroquinolone=True, pain_during_run=0, pain_after_run=0, morning_pain=0
            ),
        ]
    )
    assert levels(result, "RF-5") == {None}
    assert result.decision == "run"
    assert any("prescriber" in line for line in result.advice)


def test_it_stops_training_on_tendon_pain_after_corticosteroids() -> None:
    """RF-6: a steroid injection near the tendon (or tablets) and tendon pain → see a clinician,
    no run advice."""
    result = run_decision(quiet_days(corticosteroid=True, morning_pain=2))
    assert result.decision == "see_specialist"
    assert levels(result, "RF-6") == {"see_specialist"}
    assert any("corticosteroid" in line for line in result.advice)
    assert not any("Longest run" in line for line in result.advice)


def test_it_only_cautions_about_corticosteroids_without_symptoms() -> None:
    quiet: dict[str, Any] = {"pain_during_run": 0, "pain_after_run": 0, "morning_pain": 0}
    result = run_decision(
        [make_checkin(-1, **quiet), make_checkin(0, corticosteroid=True, **quiet)]
    )
    assert levels(result, "RF-6") == {None}
    assert result.decision == "run"
    assert any("Recent corticosteroid" in line for line in result.advice)


def test_pain_that_built_up_during_one_run_is_a_breach_not_a_red_flag() -> None:
    """Pain that builds during a run instead of easing breaks the pain-monitoring model: no
    running today (PM-BUILD, rest), the next run reduced (PM-RETURN); once is not RF-8B."""
    today = run_decision(quiet_days(pain_built_during_run=True, pain_during_run=3))
    assert today.decision == "rest"
    assert levels(today, "PM-BUILD") == {"rest"}
    assert "RF-8B" not in fired(today)
    later = run_decision(
        [
            make_checkin(-1, pain_built_during_run=True, pain_during_run=3),
            make_checkin(
                0, ran=False, pain_during_run=None, pain_after_run=None, pain_built_during_run=None
            ),
        ]
    )
    assert "PM-RETURN" in fired(later)
    assert later.decision == "modify"


def test_pain_that_built_up_on_two_of_three_runs_sends_the_runner_to_a_clinician() -> None:
    """RF-8B ('keeps recurring'): two of the last three runs, and it stays
    through calm days until a clinician has assessed the tendon."""
    built: dict[str, Any] = {"pain_built_during_run": True, "pain_during_run": 3}
    checkins = [make_checkin(-12, **built), make_checkin(-11), make_checkin(-10, **built),
                *(make_checkin(-k) for k in range(9, -1, -1))]  # fmt: skip
    result = run_decision(checkins)
    assert levels(result, "RF-8B") == {"see_specialist"}
    assert result.decision == "see_specialist"


def test_it_sends_a_runner_who_may_be_under_18_with_heel_pain_to_a_clinician() -> None:
    """RF-11: heel pain while the heel's growth plate is open may be Sever's disease."""
    sore = quiet_days(morning_pain=2)
    result = run_decision(sore, birth_year=TODAY.year - 15)
    assert result.decision == "see_specialist"
    [growing] = [r for r in result.reasons if r.rule == "RF-11"]
    assert growing.level == "see_specialist"
    assert growing.facts["age_this_year"] == 15
    assert any("Sever" in line for line in result.advice)
    # Turning 18 this year may still mean 17 today: screened too; 19 this year is not.
    assert "RF-11" in fired(run_decision(sore, birth_year=TODAY.year - 18))
    assert "RF-11" not in fired(run_decision(sore, birth_year=TODAY.year - 19))
    assert "RF-11" not in fired(run_decision(sore))  # no birth year: nothing to screen


def test_a_young_runner_without_symptoms_runs_as_planned() -> None:
    quiet: dict[str, Any] = {"pain_during_run": 0, "pain_after_run": 0, "morning_pain": 0}
    result = run_decision(
        [make_checkin(-1, **quiet), make_checkin(0, **quiet)], birth_year=TODAY.year - 14
    )
    assert "RF-11" not in fired(result)
    assert result.decision == "run"


def test_it_sends_limping_to_a_clinician() -> None:
    """Limping or a changed running form (RF-7)."""
    result = run_decision(quiet_days(limping=True))
    assert result.decision == "see_specialist"
    assert "RF-7" in fired(result)


def test_it_flags_pain_above_five_on_two_of_the_last_three_runs() -> None:
    """Pain above 5/10 during two of the last three runs → see a clinician (RF-8)."""
    checkins = [
        make_checkin(-3, pain_during_run=6),
        make_checkin(-2, pain_during_run=2),
        make_checkin(-1, ran=False, pain_during_run=None, pain_after_run=None),
        make_checkin(0, pain_during_run=7, morning_pain=1),
    ]
    result = run_decision(checkins)
    assert result.decision == "see_specialist"
    assert "RF-8" in fired(result)


def test_it_does_not_flag_one_high_run_of_three() -> None:
    """One run above 5/10 of the last three is a PM-1 breach (rest), not RF-8."""
    checkins = [make_checkin(-2), make_checkin(-1), make_checkin(0, pain_during_run=6)]
    result = run_decision(checkins)
    assert "RF-8" not in fired(result)
    assert result.decision == "rest"


def _three_rising_weeks() -> list[CheckIn]:
    checkins = []
    for k in range(20, 0, -1):
        week = 2 if k > 13 else 1 if k > 6 else 0
        pain = {2: 1, 1: 2, 0: 3}[week]
        checkins.append(make_checkin(-k, morning_pain=pain, pain_during_run=pain))
    checkins.append(make_checkin(0, morning_pain=3, pain_during_run=3))
    return checkins


def test_it_flags_pain_rising_week_on_week_despite_less_running() -> None:
    """Weekly morning pain 1 → 2 → 3 while running distance fell → see a clinician (RF-8W)."""
    result = run_decision(
        _three_rising_weeks(), training=TrainingFacts(week_distance_m=(20_000.0, 30_000.0))
    )
    assert result.decision == "see_specialist"
    assert "RF-8W" in fired(result)


def test_it_holds_when_pain_rises_with_more_running() -> None:
    """The same rise with more running every week is PM-4 (hold, modify), not RF-8W: not today,
    and not on any earlier day either (judged by the same daily distances)."""
    growing = DailyDistance(day(-20), tuple(1_000.0 * (i + 1) for i in range(21)))
    result = run_decision(
        _three_rising_weeks(),
        training=TrainingFacts(
            week_distance_m=(sum(growing.metres[-7:]), sum(growing.metres[-14:-7])),
            daily_distance_m=growing,
        ),
    )
    assert "RF-8W" not in fired(result)
    assert "PM-4" in fired(result)
    assert result.decision == "modify"


# --- rest: the pain-monitoring model broken (PM-*) ------------------------------------------


def test_it_modifies_at_the_top_of_the_acceptable_zone() -> None:
    """Spec §2.7 (a): during 5, after 5, morning at baseline → running allowed, but modified."""
    checkins = [
        make_checkin(-1, morning_pain=2),
        make_checkin(0, pain_during_run=5, pain_after_run=5, morning_pain=2),
    ]
    result = run_decision(checkins)
    assert result.decision == "modify"
    assert fired(result) == {"PM-ZONE"}


def test_it_rests_after_pain_above_five_during_the_run() -> None:
    """Spec §2.7 (b): pain 6/10 during the run → rest (PM-1)."""
    result = run_decision(quiet_days(pain_during_run=6))
    assert result.decision == "rest"
    assert levels(result, "PM-1") == {"rest"}


def test_it_rests_after_pain_above_five_after_the_run() -> None:
    """Pain 6/10 after the run → rest (PM-2)."""
    result = run_decision(quiet_days(pain_after_run=6))
    assert result.decision == "rest"
    assert "PM-2" in fired(result)


def test_it_rests_when_the_morning_is_worse_than_the_last() -> None:
    """Spec §2.7 (c): during 3, after 4, morning 2 → 4 → rest (PM-3)."""
    checkins = [
        make_checkin(-1, morning_pain=2),
        make_checkin(0, pain_during_run=3, pain_after_run=4, morning_pain=4),
    ]
    result = run_decision(checkins)
    assert result.decision == "rest"
    pm3 = next(r for r in result.reasons if r.rule == "PM-3")
    assert pm3.facts["previous_morning_pain"] == 2


def test_it_rests_when_morning_stiffness_lasts_longer() -> None:
    """Stiffness 5 → 15 minutes is a PM-3 breach too."""
    checkins = [make_checkin(-1), make_checkin(0, morning_stiffness_min=15)]
    assert "PM-3" in fired(run_decision(checkins))


def test_it_runs_when_the_morning_matches_the_last() -> None:
    """Safe-zone pain and a morning no worse than the previous check-in → run (PM-OK)."""
    result = run_decision(quiet_days(morning_pain=1))
    assert result.decision == "run"
    assert fired(result) == {"PM-OK"}


def test_it_needs_a_recent_baseline() -> None:
    """The previous check-in is 9 days old: no baseline, so modify (DATA-3), never run."""
    checkins = [make_checkin(-9), make_checkin(0)]
    result = run_decision(checkins)
    assert result.decision == "modify"
    assert "DATA-3" in fired(result)


def test_it_holds_when_weekly_morning_pain_rises() -> None:
    """Spec §2.7 (d): weekly mean morning pain up week on week → hold (PM-4, modify)."""
    checkins = [make_checkin(-k, morning_pain=2) for k in range(13, 6, -1)]
    checkins += [make_checkin(-k, morning_pain=2 if k % 2 else 3) for k in range(6, 0, -1)]
    checkins.append(make_checkin(0, morning_pain=2))
    result = run_decision(checkins)
    assert "PM-4" in fired(result)
    assert result.decision == "modify"


def test_it_rests_with_high_morning_pain_even_when_steady() -> None:
    """Morning pain 6/10 two days running: high-risk zone → rest (PM-ZONE)."""
    checkins = [make_checkin(-1, morning_pain=6), make_checkin(0, morning_pain=6)]
    result = run_decision(checkins)
    assert result.decision == "rest"
    assert levels(result, "PM-ZONE") == {"rest"}


def test_it_puts_two_out_of_ten_in_the_safe_zone() -> None:
    """2/10 during the run is still safe: run."""
    assert run_decision(quiet_days(pain_during_run=2)).decision == "run"


def test_it_puts_three_out_of_ten_in_the_acceptable_zone() -> None:
    """3/10 during the run is acceptable: modify."""
    result = run_decision(quiet_days(pain_during_run=3))
    assert result.decision == "modify"
    assert levels(result, "PM-ZONE") == {"modify"}


def test_it_comes_back_reduced_after_a_rest_day() -> None:
    """A PM-1 breach two days ago, rested yesterday → today's run is reduced (PM-RETURN)."""
    checkins = [
        make_checkin(-3),
        make_checkin(-2, pain_during_run=7),
        make_checkin(-1, ran=False, pain_during_run=None, pain_after_run=None),
        make_checkin(0, ran=False, pain_during_run=None, pain_after_run=None),
    ]
    result = run_decision(checkins)
    assert "PM-RETURN" in fired(result)
    assert result.decision == "modify"


def test_it_keeps_jumps_out_when_hopping_hurts() -> None:
    """Pain on hopping → modify, no jumps (SYM-2)."""
    result = run_decision(quiet_days(pain_on_hopping=True))
    assert result.decision == "modify"
    assert "SYM-2" in fired(result)
    assert any("jumps" in line for line in result.advice)


def test_it_steers_insertional_pain_off_the_step() -> None:
    """Pain at the insertion is a caution with the flat-floor advice (SYM-4, Jonsson 2008)."""
    result = run_decision(quiet_days(location="insertion"))
    assert result.decision == "run"
    assert levels(result, "SYM-4") == {None}
    assert any("flat floor" in line for line in result.advice)


def test_it_only_notes_tenderness() -> None:
    """Tenderness to touch is noted (SYM-3) without changing a 'run'."""
    result = run_decision(quiet_days(tenderness=True, thickening=True))
    assert result.decision == "run"
    assert levels(result, "SYM-3") == {None}


# --- missing data (DATA-*) ------------------------------------------------------------------


def test_it_asks_for_a_checkin_when_there_is_none_today() -> None:
    """Quiet history but no check-in today → modify and 'check in first' (DATA-1)."""
    result = run_decision(quiet_days(3)[:-1])
    assert result.decision == "modify"
    assert result.needs_checkin
    assert result.advice[0].startswith("Check in first")


def test_it_asks_for_a_checkin_with_no_history_at_all() -> None:
    """No check-in ever → modify, both sides unknown (null), DATA-1."""
    result = run_decision([])
    assert result.decision == "modify"
    assert result.sides == {"left": None, "right": None}
    assert result.needs_checkin


def test_it_needs_the_morning_pain() -> None:
    """Today's check-in without morning pain → modify (DATA-2)."""
    result = run_decision(quiet_days(morning_pain=None))
    assert result.decision == "modify"
    assert "DATA-2" in fired(result)


def test_it_needs_the_run_pains_after_a_run() -> None:
    """Ran, but pain during and after the run not given → modify (DATA-2)."""
    result = run_decision(quiet_days(pain_during_run=None, pain_after_run=None, ran=True))
    reason = next(r for r in result.reasons if r.rule == "DATA-2")
    assert reason.facts["missing"] == ["pain_during_run", "pain_after_run"]


def test_it_needs_both_tracked_sides() -> None:
    """Both legs were tracked this month; only the left checked in today → right needs one."""
    checkins = [make_checkin(-3, "right"), *quiet_days(3)]
    result = run_decision(checkins)
    assert result.sides == {"left": "run", "right": "modify"}
    assert result.decision == "modify"


def test_it_ignores_a_side_not_tracked_this_month() -> None:
    """A right-side check-in 40 days ago does not make the right side tracked today."""
    checkins = [make_checkin(-40, "right", morning_pain=8), *quiet_days(3)]
    result = run_decision(checkins)
    assert result.sides == {"left": "run", "right": None}
    assert result.decision == "run"


# --- training signals (TRAIN-*) -------------------------------------------------------------


def test_it_modifies_after_a_single_run_spike() -> None:
    """single_run_spike high → modify (TRAIN-1, Frandsen 2025)."""
    facts = TrainingFacts(signals=(make_signal("single_run_spike", "high", 1.5),))
    result = run_decision(quiet_days(), training=facts)
    assert result.decision == "modify"
    assert "TRAIN-1" in fired(result)
    assert result.sides["left"] == "run"


def test_it_modifies_after_a_big_weekly_increase() -> None:
    """weekly_distance_change high → modify."""
    facts = TrainingFacts(signals=(make_signal("weekly_distance_change", "high", 45.0),))
    assert run_decision(quiet_days(), training=facts).decision == "modify"


def test_it_modifies_after_hard_days_back_to_back() -> None:
    """hard_days_back_to_back high → modify."""
    facts = TrainingFacts(signals=(make_signal("hard_days_back_to_back", "high", 2.0),))
    assert run_decision(quiet_days(), training=facts).decision == "modify"


def test_it_never_lets_acwr_decide_alone() -> None:
    """acwr_ewma high alone → still 'run', with a TRAIN-2 caution."""
    facts = TrainingFacts(signals=(make_signal("acwr_ewma", "high", 1.7),))
    result = run_decision(quiet_days(), training=facts)
    assert result.decision == "run"
    assert levels(result, "TRAIN-2") == {None}
    assert any("acwr_ewma" in line for line in result.advice)


def test_it_does_not_modify_on_a_caution_signal() -> None:
    """A caution other than the spike (weekly change 10–30 %) does not change 'run'; a spike of
    caution status (1.10–1.30) does: Frandsen 2025 found HRR 1.64 for that band."""
    facts = TrainingFacts(signals=(make_signal("weekly_distance_change", "caution", 20.0),))
    assert run_decision(quiet_days(), training=facts).decision == "run"
    spike = TrainingFacts(signals=(make_signal("single_run_spike", "caution", 1.2),))
    assert run_decision(quiet_days(), training=spike).decision == "modify"


# --- VISA-A ---------------------------------------------------------------------------------


def test_it_holds_when_visa_a_drops_meaningfully() -> None:
    """VISA-A down 14 points within 12 weeks → modify (VISA-WORSE)."""
    scores = [VisaScore(day(-28), 70), VisaScore(day(0), 56)]
    result = run_decision(quiet_days(), visa_a=scores)
    assert result.decision == "modify"
    assert "VISA-WORSE" in fired(result)


def test_it_ignores_a_visa_a_drop_within_noise() -> None:
    """A 13-point drop is within the 14-point MCID: no reason."""
    scores = [VisaScore(day(-28), 70), VisaScore(day(0), 57)]
    assert run_decision(quiet_days(), visa_a=scores).decision == "run"


def test_it_suggests_a_review_after_twelve_weeks_without_improvement() -> None:
    """VISA-A 60 → 65 over 13 weeks (< 14, below 90): RF-9 caution, answer unchanged."""
    scores = [VisaScore(day(-91), 60), VisaScore(day(0), 65)]
    result = run_decision(quiet_days(), visa_a=scores)
    assert levels(result, "RF-9") == {None}
    assert result.decision == "run"


# --- precedence and advice ------------------------------------------------------------------


def test_it_lets_the_worse_side_win() -> None:
    """Left safe, right broke PM-1 → the runner rests."""
    checkins = [*quiet_days(3, "left"), *quiet_days(3, "right", pain_during_run=7)]
    result = run_decision(checkins)
    assert result.sides == {"left": "run", "right": "rest"}
    assert result.decision == "rest"


def test_it_lets_no_good_news_outweigh_a_red_flag() -> None:
    """Zero pain, perfect VISA-A and no signals cannot outweigh numbness."""
    checkins = [
        make_checkin(-1, morning_pain=0),
        make_checkin(
            0, pain_during_run=0, pain_after_run=0, morning_pain=0, numbness_tingling=True
        ),
    ]
    facts = TrainingFacts(signals=(make_signal("acwr_ewma", "ok"),), longest_run_30d_m=10_000)
    result = run_decision(checkins, training=facts, visa_a=[VisaScore(day(0), 100)])
    assert result.decision == "see_specialist"


def test_it_caps_the_run_at_ten_percent_above_the_longest_of_thirty_days() -> None:
    """Run advice: 1.10 × a 30-day longest of 10 km = 11.0 km (Frandsen 2025)."""
    facts = TrainingFacts(longest_run_30d_m=10_000.0, last_run_m=8_000.0)
    result = run_decision(quiet_days(), training=facts)
    assert any("11.0 km" in line and "Frandsen" in line for line in result.advice)


def test_it_gives_the_cap_in_miles() -> None:
    """The same cap for a runner in miles: 11 km = 6.8 mi."""
    facts = TrainingFacts(longest_run_30d_m=10_000.0, last_run_m=8_000.0)
    result = run_decision(quiet_days(), training=facts, units=Units.MI)
    assert any("6.8 mi" in line for line in result.advice)


def test_it_shortens_a_modified_run_to_eighty_percent_of_the_last() -> None:
    """Modify advice: at most 80 % of an 8 km last run = 6.4 km."""
    facts = TrainingFacts(longest_run_30d_m=10_000.0, last_run_m=8_000.0)
    result = run_decision(quiet_days(pain_during_run=4), training=facts)
    assert any("6.4 km" in line for line in result.advice)


def test_it_says_there_is_nothing_to_scale_from_after_a_break() -> None:
    """No run in 30 days: the advice says so instead of inventing a distance."""
    idle: dict[str, Any] = {"ran": False, "pain_during_run": None, "pain_after_run": None}
    result = run_decision([make_checkin(k, **idle) for k in (-2, -1, 0)])
    assert any("No run in the last 30 days" in line for line in result.advice)


def test_runs_reported_without_run_data_are_not_called_no_run() -> None:
    """The runner reported runs in check-ins but sent no run files: say what is known."""
    result = run_decision(quiet_days())
    assert not any("No run in the last 30 days" in line for line in result.advice)
    assert any(
        "check-ins report 4 runs in the last 30 days, but no run distances" in line
        for line in result.advice
    )


def test_it_tells_what_to_check_tomorrow_morning() -> None:
    """The last advice names tomorrow's check with today's values as the bar."""
    result = run_decision(quiet_days(morning_pain=2, morning_stiffness_min=10))
    assert "left: pain 2/10, stiffness 10 min" in result.advice[-1]


def test_it_forbids_running_on_a_rest_day() -> None:
    """Rest advice says no running and keeps rehab within 5/10."""
    result = run_decision(quiet_days(pain_after_run=7))
    assert result.advice[0].startswith("No running today")


def test_it_cites_a_source_for_every_reason() -> None:
    """Every reason in a busy decision carries a source line."""
    result = run_decision(
        quiet_days(pain_during_run=4, tenderness=True, location="insertion"),
        training=TrainingFacts(signals=(make_signal("acwr_rolling", "high"),)),
    )
    assert result.reasons
    assert all(r.source for r in result.reasons)


def test_it_does_not_ask_for_a_review_when_visa_a_improved() -> None:
    """VISA-A 50 → 70 over 13 weeks is a meaningful improvement: no RF-9."""
    scores = [VisaScore(day(-91), 50), VisaScore(day(0), 70)]
    assert "RF-9" not in fired(run_decision(quiet_days(), visa_a=scores))


def test_it_shows_each_reason_with_its_side_in_the_json() -> None:
    """A side's reason carries the side in its facts; a runner-level reason does not."""
    facts = TrainingFacts(signals=(make_signal("single_run_spike", "high"),))
    result = run_decision(quiet_days(pain_during_run=4), training=facts)
    by_rule = {r.rule: r.to_json()["facts"] for r in result.reasons}
    assert by_rule["PM-ZONE"] == {"side": "left", "pain_during_run": 4}
    assert by_rule["TRAIN-1"] == {"signal": "single_run_spike", "value": 1.0, "status": "high"}


def test_it_notes_both_tendons_hurting_without_a_training_reason() -> None:
    """Both legs at 3/10 and no high signal → RF-3 caution with advice; answer from the pain."""
    checkins = [*quiet_days(2, "left", pain_after_run=3), *quiet_days(2, "right", pain_after_run=3)]
    result = run_decision(checkins)
    assert levels(result, "RF-3") == {None}
    assert result.decision == "modify"
    assert any("Both tendons" in line for line in result.advice)


def test_it_blames_the_training_when_both_tendons_hurt_after_a_spike() -> None:
    """The same with a high single-run spike: the training explains it, no RF-3."""
    checkins = [*quiet_days(2, "left", pain_after_run=3), *quiet_days(2, "right", pain_after_run=3)]
    facts = TrainingFacts(signals=(make_signal("single_run_spike", "high"),))
    assert "RF-3" not in fired(run_decision(checkins, training=facts))


# --- the pain-monitoring model on the exercises (PM-EX) ----------------------------------------


def test_it_reduces_the_run_after_exercise_pain_above_five_yesterday() -> None:
    """Heel drops that hurt 6/10 yesterday: the tendon is irritable, today's run is reduced."""
    training = TrainingFacts(exercise_pain=((day(-1), 6),))
    result = run_decision(quiet_days(), training=training)
    assert result.decision == "modify"
    [pm_ex] = [r for r in result.reasons if r.rule == "PM-EX"]
    assert pm_ex.facts == {"exercise_day": day(-1).isoformat(), "exercise_pain": 6}


def test_it_accepts_exercise_pain_of_five_and_forgets_old_flares() -> None:
    """5/10 is inside the model; 8/10 three days ago no longer bears on today's run."""
    training = TrainingFacts(exercise_pain=((day(0), 5), (day(-3), 8)))
    result = run_decision(quiet_days(), training=training)
    assert result.decision == "run"
    assert "PM-EX" not in fired(result)


def test_exercise_pain_never_softens_a_red_flag() -> None:
    training = TrainingFacts(exercise_pain=((day(0), 9),))
    result = run_decision(quiet_days(night_pain=True), training=training)
    assert result.decision == "see_specialist"
    assert "PM-EX" in fired(result)
