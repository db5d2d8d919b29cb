"""Scenario tests from an outside clinical review of the daily decision: each test is one
vignette a sports physiotherapist would check, named after what the decision must do.

Sections follow the review's findings: missing answers, systemic and inflammatory signs,
over-escalation for noise, the single-run spike, and the explanations. Inputs go through
:func:`decide` or the ``decide --json`` contract (:func:`parse_decide_input`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.domain.decision.clinical_review import ClinicalAssessment, ClinicianOverride
from achillescare.domain.decision.daily import DailyDecision, TrainingFacts, decide
from achillescare.domain.decision.inputs import decide_request, parse_decide_input
from achillescare.domain.decision.reason_text import WORDED_RULES, reason_sentence
from achillescare.domain.decision.verdicts import DECISIONS, HEADLINES, Reason
from achillescare.domain.evidence.rulebook import all_rules
from achillescare.domain.units import Units
from tests.symptom_factories import TODAY, day, make_checkin, make_signal, quiet_days


def run_decision(checkins: list[CheckIn], **kw: Any) -> DailyDecision:
    return decide(checkins, TODAY, **kw)


def fired(result: DailyDecision) -> set[str]:
    return {r.rule for r in result.reasons}


def contract(payload: dict[str, Any]) -> DailyDecision:
    """The decision for a ``decide --json`` request, as the CLI computes it."""
    return decide_request(parse_decide_input(payload, date(2026, 12, 3)))


def both(offset: int = 0, **values: Any) -> list[CheckIn]:
    return [make_checkin(offset, "left", **values), make_checkin(offset, "right", **values)]


def assessed(offset: int, side: str = "left", finding: str = "cleared") -> ClinicalAssessment:
    return ClinicalAssessment(day(offset), side, finding, "Dr Lind", "specialist")  # type: ignore[arg-type]


# --- missing answers are never "no" ----------------------------------------------------------


def test_red_flag_items_sent_as_null_do_not_give_run() -> None:
    """The review's request with every red-flag item null on a quiet morning: not 'run'."""
    nulls = dict.fromkeys(("sudden_pop", "cannot_heel_raise", "night_pain", "limping"), None)
    result = contract(
        {
            "as_of": "2026-12-01",
            "checkins": [
                {"date": "2026-11-30", "side": "left", "ran": False, "morning_pain": 0},
                {"date": "2026-12-01", "side": "left", "ran": False, "morning_pain": 0, **nulls},
            ],
        }
    )
    assert result.decision == "modify"
    assert "DATA-4" in fired(result)
    assert any("left blank" in line and "night pain" in line for line in result.advice)


def test_the_run_question_is_not_required_on_a_day_without_a_run() -> None:
    """'Did pain build up during the run?' is not asked when the runner did not run."""
    result = run_decision(quiet_days(ran=False, pain_during_run=None, pain_after_run=None,
                                     pain_built_during_run=None))  # fmt: skip
    assert "DATA-4" not in fired(result)
    assert result.decision == "run"


def test_a_yesterday_answer_does_not_stand_in_for_today_s_blank() -> None:
    """Yesterday's "no" to night pain does not answer today's question."""
    checkins = quiet_days(2, night_pain=None)
    result = run_decision(checkins)
    assert result.decision == "modify"
    [blank] = [r for r in result.reasons if r.rule == "DATA-4"]
    assert blank.facts["unanswered"] == ["night_pain"]


def test_advice_never_tells_a_web_user_to_type_a_command() -> None:
    """DATA-1 and DATA-4 advice is shared by the CLI and the web: no CLI command in it."""
    result = run_decision([make_checkin(-1), make_checkin(0, "right", limping=None)])
    assert {"DATA-1", "DATA-4"} & fired(result)
    assert not any("achilles " in line for line in result.advice)


# --- systemic and inflammatory signs -----------------------------------------------------------


def test_fever_with_tendon_pain_sends_the_runner_to_a_clinician() -> None:
    """Fever or feeling unwell on a day the tendon hurts (2/10, no local signs): see a clinician."""
    result = run_decision(quiet_days(fever_unwell=True, morning_pain=2))
    assert result.decision == "see_specialist"
    assert "RF-2S" in fired(result)


def test_fever_yesterday_and_a_red_warm_swollen_tendon_today_is_rf2() -> None:
    """Fever and the local signs need not fall on the same morning (7-day window, house)."""
    checkins = quiet_days(3, redness_warmth=True, swelling=True)
    checkins[-2] = make_checkin(-1, fever_unwell=True, morning_pain=0)
    result = run_decision(checkins)
    assert result.decision == "see_specialist"
    [rf2] = [r for r in result.reasons if r.rule == "RF-2"]
    assert rf2.facts["fever_on"] == [day(-1).isoformat()]


def test_fever_on_the_other_leg_s_check_in_counts_for_a_red_tendon() -> None:
    """Fever is the runner's: reported on the right leg's check-in, it pairs with a red left one."""
    checkins = [*quiet_days(2, redness_warmth=True), make_checkin(-2, "right", fever_unwell=True,
                morning_pain=0)]  # fmt: skip
    result = run_decision(checkins)
    assert "RF-2" in fired(result)
    assert result.sides["left"] == "see_specialist"


def test_fever_ten_days_before_a_swollen_tendon_does_not_pair() -> None:
    """Outside the 7-day window the swelling alone is SYM-1 (modify), not RF-2."""
    checkins = [make_checkin(-10, fever_unwell=True, morning_pain=0), *quiet_days(3, swelling=True)]
    result = run_decision(checkins)
    assert "RF-2" not in fired(result)
    assert "SYM-1" in fired(result)


def test_a_red_warm_tendon_without_fever_is_not_explained_as_a_reactive_tendon() -> None:
    """Redness and warmth are not tendinopathy signs: see a clinician (RF-2L)."""
    result = run_decision(quiet_days(redness_warmth=True, swelling=True))
    assert result.decision == "see_specialist"
    assert "RF-2L" in fired(result)
    assert "SYM-1" not in fired(result)
    assert any("bursitis" in line for line in result.advice)


def test_a_red_tendon_last_week_still_counts_until_assessed() -> None:
    """RF-2L is a red flag: a red tendon five days ago, calm since, is still not 'run'."""
    checkins = [make_checkin(-5, redness_warmth=True), *quiet_days(3)]
    assert run_decision(checkins).decision == "see_specialist"
    cleared = run_decision(checkins, assessments=[assessed(-4)])
    assert cleared.decision == "run"


def test_swelling_alone_is_modify_and_not_called_reactive() -> None:
    result = run_decision(quiet_days(swelling=True))
    assert result.decision == "modify"
    assert "SYM-1" in fired(result)


def test_both_tendons_painful_with_90_minutes_of_morning_stiffness_sees_a_clinician() -> None:
    """The review's vignette: both tendons 2/10 with 90 min stiffness → inflammatory screen."""
    checkins = [*both(-1, morning_stiffness_min=90, morning_pain=2),
                *both(0, morning_stiffness_min=90, morning_pain=2)]  # fmt: skip
    result = run_decision(checkins)
    assert result.decision == "see_specialist"
    assert "RF-3S" in fired(result)


def test_long_bilateral_stiffness_stays_until_a_clinician_has_seen_the_runner() -> None:
    """RF-3S reported three days ago persists through calm mornings; an assessment clears it."""
    checkins = [*both(-3, morning_stiffness_min=45, morning_pain=2), *both(-2), *both(-1),
                *both(0)]  # fmt: skip
    assert "RF-3S" in fired(run_decision(checkins))
    assert "RF-3S" not in fired(run_decision(checkins, assessments=[assessed(-2, "right")]))


def test_one_painful_tendon_with_long_stiffness_is_not_the_inflammatory_screen() -> None:
    checkins = [
        make_checkin(-1, morning_stiffness_min=40),
        make_checkin(0, morning_stiffness_min=40),
    ]
    assert "RF-3S" not in fired(run_decision(checkins))


def test_both_tendons_at_four_with_no_training_cause_see_a_clinician() -> None:
    """Both shared clinical documents: both tendons without a training reason → see a clinician."""
    result = run_decision([*both(-1, morning_pain=4), *both(0, morning_pain=4)])
    assert result.decision == "see_specialist"
    assert "RF-3P" in fired(result)


def test_both_tendons_at_four_after_a_mileage_spike_are_explained_by_training() -> None:
    facts = TrainingFacts(signals=(make_signal("weekly_distance_change", "high"),))
    result = run_decision([*both(-1, morning_pain=4), *both(0, morning_pain=4)], training=facts)
    assert "RF-3P" not in fired(result)
    assert result.decision == "modify"


def test_both_tendons_at_three_remain_a_caution() -> None:
    result = run_decision([*both(-1, morning_pain=3), *both(0, morning_pain=3)])
    assert "RF-3" in fired(result)
    assert result.decision == "modify"


# --- no over-escalation for noise --------------------------------------------------------------


def test_morning_stiffness_10_to_11_minutes_is_noise_not_rest() -> None:
    checkins = [
        make_checkin(-1, morning_stiffness_min=10),
        make_checkin(0, morning_stiffness_min=11),
    ]
    result = run_decision(checkins)
    assert "PM-3" not in fired(result)
    assert result.decision == "run"


def test_morning_pain_0_to_1_is_noise_not_rest() -> None:
    result = run_decision([make_checkin(-1, morning_pain=0), make_checkin(0, morning_pain=1)])
    assert "PM-3" not in fired(result)
    assert result.decision == "run"


def test_morning_pain_up_two_points_is_a_measurable_rise() -> None:
    result = run_decision([make_checkin(-1, morning_pain=0), make_checkin(0, morning_pain=2)])
    assert "PM-3" in fired(result)
    assert result.decision == "rest"


def test_stiffness_doubling_from_10_to_20_minutes_is_a_measurable_rise() -> None:
    checkins = [
        make_checkin(-1, morning_stiffness_min=10),
        make_checkin(0, morning_stiffness_min=20),
    ]
    assert "PM-3" in fired(run_decision(checkins))


def test_stiffness_40_to_52_minutes_is_within_the_noise_of_a_long_morning() -> None:
    """+12 min is under half of 40 and under 30 min: not measurable (house default)."""
    checkins = [
        make_checkin(-1, morning_stiffness_min=40),
        make_checkin(0, morning_stiffness_min=52),
    ]
    assert "PM-3" not in fired(run_decision(checkins))


def test_the_margin_is_labelled_a_house_default_where_the_user_sees_the_rule() -> None:
    [pm3] = [r for r in all_rules() if r.id == "PM-3"]
    assert "house defaults" in pm3.statement


def test_one_run_with_pain_building_to_4_that_settled_is_rest_not_a_week_of_specialist() -> None:
    """The review's vignette: one run where pain built to 4/10, settled the next morning."""
    checkins = [
        make_checkin(-2),
        make_checkin(-1, pain_during_run=4, pain_built_during_run=True),
        make_checkin(0, ran=False, pain_during_run=None, pain_after_run=None,
                     pain_built_during_run=None),
    ]  # fmt: skip
    result = run_decision(checkins)
    assert result.decision == "modify"
    assert "RF-8B" not in fired(result)


def test_repeated_build_up_stays_after_calm_weeks_until_assessed() -> None:
    """Once RF-8B has fired, three calm weeks do not lift it; a clearing assessment does."""
    built: dict[str, Any] = {"pain_built_during_run": True}
    checkins = [make_checkin(-25, **built), make_checkin(-24, **built),
                *(make_checkin(-k) for k in range(23, -1, -1))]  # fmt: skip
    assert run_decision(checkins).decision == "see_specialist"
    assert run_decision(checkins, assessments=[assessed(-20)]).decision == "run"


def test_a_build_up_after_the_assessment_is_not_hidden_by_it() -> None:
    built: dict[str, Any] = {"pain_built_during_run": True}
    checkins = [make_checkin(-6, **built), make_checkin(-5), make_checkin(-4, **built),
                *(make_checkin(-k) for k in (3, 2, 1, 0))]  # fmt: skip
    assert "RF-8B" in fired(run_decision(checkins, assessments=[assessed(-7)]))
    assert "RF-8B" not in fired(run_decision(checkins, assessments=[assessed(-5)]))


def test_a_17_year_old_with_mid_tendon_pain_is_not_told_about_severs_disease() -> None:
    result = run_decision(quiet_days(morning_pain=2, location="mid_tendon"),
                          birth_year=TODAY.year - 17)  # fmt: skip
    assert "RF-11" not in fired(result)
    [young] = [r for r in result.reasons if r.rule == "RF-11M"]
    assert young.level == "modify"
    assert result.decision == "modify"
    assert not any("Sever" in line for line in result.advice)
    assert any("growth plate may still be open" in line for line in result.advice)


def test_a_13_year_old_with_mid_tendon_pain_sees_a_clinician_first() -> None:
    result = run_decision(quiet_days(morning_pain=2, location="mid_tendon"),
                          birth_year=TODAY.year - 13)  # fmt: skip
    assert result.decision == "see_specialist"
    assert "RF-11M" in fired(result)


def test_a_16_year_old_with_insertion_pain_is_screened_for_severs() -> None:
    result = run_decision(quiet_days(morning_pain=2, location="insertion"),
                          birth_year=TODAY.year - 16)  # fmt: skip
    assert result.decision == "see_specialist"
    assert "RF-11" in fired(result)


def test_a_teenager_s_earlier_location_answer_is_used_when_today_leaves_it_blank() -> None:
    checkins = [make_checkin(-1, location="mid_tendon"), make_checkin(0, morning_pain=2)]
    result = run_decision(checkins, birth_year=TODAY.year - 16)
    assert "RF-11M" in fired(result)
    assert "RF-11" not in fired(result)


def test_a_teenager_assessed_by_a_clinician_is_not_screened_again() -> None:
    checkins = quiet_days(morning_pain=1, location="insertion")
    result = run_decision(checkins, birth_year=TODAY.year - 16,
                          assessments=[assessed(-2, finding="tendinopathy_insertional")])  # fmt: skip
    assert {"RF-11", "RF-11M"}.isdisjoint(fired(result))


# --- the single-run spike ----------------------------------------------------------------------


def runs_payload(
    extra: list[tuple[int, float]], checkins: list[CheckIn] | None = None
) -> dict[str, Any]:
    """A 10 km run every day for six weeks before ``TODAY``, ``extra`` (offset, km) replacing
    some."""
    base = [(-k, 10.0) for k in range(45, 0, -1)]
    runs = sorted(dict(base + extra).items())
    return {
        "as_of": TODAY.isoformat(),
        "checkins": [c.to_dict() for c in (checkins or quiet_days())],
        "runs": [{"date": day(k).isoformat(), "distance_km": km} for k, km in runs],
    }


def test_a_run_25_percent_longer_than_the_30_day_longest_is_not_a_silent_run() -> None:
    """Frandsen 2025: runs > 10–30 % longer carry HRR 1.64, like > 30–100 % (1.52)."""
    result = contract(runs_payload([(-1, 12.5)]))
    assert result.decision == "modify"
    [spike] = [r for r in result.reasons if r.rule == "TRAIN-1"]
    assert spike.facts["signal"] == "single_run_spike"


def test_a_run_8_percent_longer_stays_in_the_reference_band() -> None:
    result = contract(runs_payload([(-1, 10.8)]))
    assert "TRAIN-1" not in fired(result)
    assert result.decision == "run"


def test_after_a_25_km_spike_on_a_10_km_base_the_cap_is_judged_against_the_base() -> None:
    """'At most 20 km today' after a 25 km spike would be another spike: 1.10 × 10 km."""
    result = contract(runs_payload([(-1, 25.0)]))
    assert result.decision == "modify"
    [cap] = [line for line in result.advice if line.startswith("At most")]
    assert cap.startswith("At most 11.0 km today")
    assert "longest run before the 25.0 km run" in cap


def test_three_weeks_after_a_spike_the_cap_still_ignores_it() -> None:
    """The spike is in the 30-day window but out of the 7-day signal: run, capped on the base."""
    result = contract(runs_payload([(-20, 25.0)]))
    assert result.decision == "run"
    [cap] = [line for line in result.advice if line.startswith("Longest run today")]
    assert cap.startswith("Longest run today: 11.0 km")


def test_a_steady_build_of_ten_percent_steps_raises_the_cap() -> None:
    """Runs each within 10 % of the one before are no spike: the ceiling grows with them."""
    steps = [(-12, 11.0), (-8, 12.0), (-4, 13.0)]
    result = contract(runs_payload(steps))
    [cap] = [line for line in result.advice if line.startswith("Longest run today")]
    assert cap.startswith("Longest run today: 14.3 km")


def test_the_cap_follows_the_runner_s_units() -> None:
    request = parse_decide_input(runs_payload([(-1, 25.0)]), date(2026, 12, 3))
    result = decide_request(request, Units.MI)
    [cap] = [line for line in result.advice if line.startswith("At most")]
    assert " mi today" in cap


# --- explanations --------------------------------------------------------------------------------


def test_a_caution_signal_reads_as_words_not_internal_values() -> None:
    """'signal=acwr_uncoupled, value=3.246376811594203, status=high' is not an explanation."""
    facts = TrainingFacts(signals=(make_signal("acwr_uncoupled", "high", 3.246376811594203),))
    result = run_decision(quiet_days(), training=facts)
    [caution] = [r for r in result.reasons if r.rule == "TRAIN-2"]
    assert caution.text == "acwr_uncoupled is high"  # the load module's own explanation
    for r in result.reasons:
        assert "=" not in r.text
        assert "3.2463" not in r.text


def test_every_reason_has_a_plain_sentence_and_keeps_its_facts_in_the_json() -> None:
    checkins = [make_checkin(-9, sudden_pop=True), *quiet_days(3, morning_pain=4, night_pain=None)]
    result = run_decision(checkins)
    out = result.to_json()["reasons"]
    assert isinstance(out, list)
    for reason, shown in zip(result.reasons, out, strict=True):
        assert reason.text
        assert shown["text"] == reason.text
        assert "_" not in reason.text
    [pop] = [r for r in result.reasons if r.rule == "RF-R1"]
    assert pop.text == (
        f"Left: A sudden pop or snap was reported on {day(-9).isoformat()}, and no clinician "
        "has assessed it since."
    )
    assert pop.facts["reported_on"] == [day(-9).isoformat()]


def test_every_rule_that_fires_on_a_side_has_its_own_sentence() -> None:
    """No rule falls back to its bare title: each says what happened, in words."""
    deciding = {r.id for r in all_rules() if r.area in {"red flags", "pain monitoring", "symptoms",
                                                        "data", "decision"}}  # fmt: skip
    missing = deciding - WORDED_RULES
    assert not missing


def test_the_weekly_load_sentence_follows_the_runner_s_units() -> None:
    r = Reason("RF-8W", "see_specialist", {"weekly_morning_pain": [1.0, 2.0, 3.0],
               "load": [16093, 16093], "load_measure": "running distance (m), this week vs last"},
               side="right")  # fmt: skip
    text = reason_sentence(r, {}, (), Units.MI)
    assert "10.0 mi this week against 10.0 mi" in text
    assert text.startswith("Right: ")


def test_the_headline_texts_have_one_source_for_every_answer() -> None:
    assert set(HEADLINES) == set(DECISIONS)
    assert HEADLINES["run"].startswith("Run — ")


# --- old, unanswered and contradictory inputs -------------------------------------------------


ISSUE_POP = {
    "as_of": "2026-12-01",
    "checkins": [
        {"date": "2026-11-22", "side": "left", "ran": False, "morning_pain": 3,
         "sudden_pop": True},
        {"date": "2026-11-30", "side": "left", "ran": False, "morning_pain": 1},
        {"date": "2026-12-01", "side": "left", "ran": False, "morning_pain": 1},
    ],
}  # fmt: skip


def test_the_review_s_pop_nine_days_ago_with_quiet_mornings_is_urgent_by_the_json_contract() -> (
    None
):
    result = contract(ISSUE_POP)
    assert result.decision == "urgent"
    assert "RF-R1" in fired(result)


def test_the_same_pop_after_a_clinician_cleared_it_is_no_longer_urgent() -> None:
    cleared = {
        **ISSUE_POP,
        "assessments": [
            {"date": "2026-11-24", "side": "left", "finding": "cleared", "assessor": "Dr Lind",
             "assessor_kind": "specialist"},
        ],
    }  # fmt: skip
    result = contract(cleared)
    assert "RF-R1" not in fired(result)
    assert result.decision == "modify"  # today's red-flag questions were left blank (DATA-4)


def test_night_pain_reported_40_days_ago_keeps_a_silent_side_followed() -> None:
    """No check-in for 40 days after night pain: the side is still followed, not forgotten."""
    result = run_decision([make_checkin(-40, night_pain=True), make_checkin(0, "right")])
    assert result.sides["left"] == "see_specialist"
    assert result.decision == "see_specialist"


def test_a_fluoroquinolone_four_months_ago_and_hopping_pain_today_sees_a_clinician() -> None:
    """The drug "yes" is remembered for 6 months even when later check-ins leave it blank."""
    checkins = [make_checkin(-120, fluoroquinolone=True, morning_pain=0),
                make_checkin(-1, fluoroquinolone=None, morning_pain=0),
                make_checkin(0, fluoroquinolone=False, morning_pain=0, pain_during_run=0,
                             pain_after_run=0, pain_on_hopping=True)]  # fmt: skip
    result = run_decision(checkins)
    assert "RF-5" in fired(result)
    assert result.decision == "see_specialist"


def test_unable_to_heel_raise_after_a_painless_run_is_still_urgent() -> None:
    """Contradictory-looking answers (a painless run, cannot heel raise) are not averaged."""
    result = run_decision(quiet_days(cannot_heel_raise=True, pain_during_run=0,
                                     pain_after_run=0, morning_pain=0))  # fmt: skip
    assert result.decision == "urgent"


def test_a_specialist_s_run_override_does_not_hide_a_pop_reported_after_it() -> None:
    override = ClinicianOverride(day(-3), day(0), "run", "reviewed, fine", "Dr Lind", day(-3))
    calm = run_decision(quiet_days(), overrides=[override])
    assert calm.decision == "run"
    popped = run_decision([*quiet_days(2)[:-1], make_checkin(-1, sudden_pop=True),
                           make_checkin(0)], overrides=[override])  # fmt: skip
    assert popped.decision == "urgent"
    assert popped.computed == "urgent"


def test_a_rupture_finding_pauses_running_until_the_clinician_permits_it() -> None:
    checkins = [make_checkin(-5, sudden_pop=True), *quiet_days(3)]
    rupture = ClinicalAssessment(day(-4), "left", "partial_rupture", "Dr Lind", "specialist")
    assert run_decision(checkins, assessments=[rupture]).decision == "see_specialist"
    permitted = ClinicalAssessment(day(-1), "left", "partial_rupture", "Dr Lind", "specialist",
                                   return_to_running=True)  # fmt: skip
    assert run_decision(checkins, assessments=[rupture, permitted]).decision == "run"


def test_run_pains_given_with_ran_blank_make_the_run_question_required() -> None:
    """Pain during a run given but 'ran' left blank: it was a run, so 'did pain build up?' must
    be answered too."""
    result = run_decision(quiet_days(ran=None, pain_built_during_run=None))
    [blank] = [r for r in result.reasons if r.rule == "DATA-4"]
    assert blank.facts["unanswered"] == ["pain_built_during_run"]


def test_fever_with_a_pain_free_tendon_is_not_a_tendon_red_flag() -> None:
    """Fever with no tendon symptom at all is not RF-2S (nothing tendon-related to assess)."""
    quiet: dict[str, Any] = {"pain_during_run": 0, "pain_after_run": 0, "morning_pain": 0}
    result = run_decision([make_checkin(-1, **quiet), make_checkin(0, fever_unwell=True, **quiet)])
    assert "RF-2S" not in fired(result)
