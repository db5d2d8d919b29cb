"""Red flags stay until a clinician clears them; assessments and overrides close the loop.

Each test states what a sports physiotherapist would expect of the daily decision.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.domain.assessment.symptoms import CheckIn, Side
from achillescare.domain.decision.clinical_review import (
    ClinicalAssessment,
    ClinicianOverride,
    assessment_from_dict,
    override_from_dict,
)
from achillescare.domain.decision.daily import DailyDecision, TrainingFacts, decide
from achillescare.domain.decision.inputs import decide_request, parse_decide_input
from tests.symptom_factories import TODAY, day, make_checkin, quiet_days


def assessed(
    offset: int, finding: str = "cleared", side: Side = "left", **values: Any
) -> ClinicalAssessment:
    return assessment_from_dict(
        {"date": day(offset).isoformat(), "side": side, "finding": finding, "assessor": "J. Physio"}
        | values,
        TODAY,
    )


def run_decision(checkins: list[CheckIn], **kwargs: Any) -> DailyDecision:
    return decide(checkins, TODAY, kwargs.pop("training", TrainingFacts()), **kwargs)


def rules(result: DailyDecision) -> set[str]:
    return {r.rule for r in result.reasons}


def decide_json(payload: dict[str, Any]) -> tuple[int, Any, str]:
    result = CliRunner().invoke(app, ["decide", "--json"], input=json.dumps(payload))
    out = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, out, result.stderr


class TestRedFlagsStayUntilAssessed:
    def test_the_reported_pop_from_nine_days_ago_with_quiet_mornings_since_is_urgent(
        self,
    ) -> None:
        """The reviewer's vignette, as sent: pop on 22 Nov, quiet mornings on 30 Nov and 1 Dec,
        never assessed → urgent, not run."""
        payload = {
            "as_of": "2026-12-01",
            "checkins": [
                {
                    "date": "2026-11-22",
                    "side": "left",
                    "ran": False,
                    "morning_pain": 3,
                    "sudden_pop": True,
                },
                {"date": "2026-11-30", "side": "left", "ran": False, "morning_pain": 1},
                {"date": "2026-12-01", "side": "left", "ran": False, "morning_pain": 1},
            ],
        }
        result = decide_request(parse_decide_input(payload, date(2026, 12, 1)))
        assert result.decision == "urgent"
        assert "RF-R1" in rules(result)

    def test_later_check_ins_answering_no_new_pop_do_not_clear_it(self) -> None:
        """A pop 8 days ago, then every morning answered "no pop": still urgent."""
        checkins = [make_checkin(-8, sudden_pop=True), *quiet_days(7)]
        assert all(c.sudden_pop is False for c in checkins[1:])
        assert run_decision(checkins).decision == "urgent"

    @pytest.mark.parametrize(
        ("item", "rule", "level"),
        [
            ("cannot_heel_raise", "RF-R3", "urgent"),
            ("limping", "RF-7", "see_specialist"),
            ("night_pain", "RF-1", "see_specialist"),
            ("numbness_tingling", "RF-4", "see_specialist"),
        ],
    )
    def test_a_flag_from_two_months_ago_never_assessed_still_fires(
        self, item: str, rule: str, level: str
    ) -> None:
        """Sixty days later, with quiet mornings since, the flag has not faded."""
        checkins = [make_checkin(-60, "left", **{item: True}), *quiet_days(5)]
        result = run_decision(checkins)
        assert rule in rules(result)
        assert result.decision == level

    def test_a_leg_with_an_unassessed_pop_stays_followed_without_recent_check_ins(self) -> None:
        """A pop 40 days ago and no check-in since: the leg is not dropped as 'untracked'."""
        result = run_decision([make_checkin(-40, sudden_pop=True)])
        assert result.sides["left"] == "urgent"
        assert result.decision == "urgent"

    def test_recurring_high_pain_runs_five_weeks_ago_still_send_to_a_clinician(self) -> None:
        """RF-8 (pain above 5/10 on two of three runs) does not fade with the 28-day window."""
        checkins = [
            make_checkin(-36, pain_during_run=7),
            make_checkin(-35, pain_during_run=2),
            make_checkin(-34, pain_during_run=6),
            *quiet_days(3),
        ]
        result = run_decision(checkins)
        assert "RF-8" in rules(result)
        assert result.decision == "see_specialist"

    def test_pain_rising_three_weeks_running_a_month_ago_is_not_forgotten(self) -> None:
        """RF-8W's pattern held a month ago (weekly morning pain 1 → 2 → 3 with fewer runs
        reported); the mornings settled since, no assessment: still see a clinician."""
        checkins = []
        for k in range(50, 29, -1):
            pain = 1 if k > 43 else 2 if k > 36 else 3
            checkins.append(make_checkin(-k, morning_pain=pain, ran=k % 2 == 0))
        checkins += quiet_days(5)
        result = run_decision(checkins)
        assert "RF-8W" in rules(result)
        assert result.decision == "see_specialist"


class TestAssessmentsClearFlags:
    def test_an_assessment_after_the_pop_clears_it(self) -> None:
        """Pop 9 days ago, cleared by a clinician 7 days ago, quiet since → run."""
        checkins = [make_checkin(-9, sudden_pop=True), *quiet_days(3)]
        result = run_decision(checkins, assessments=[assessed(-7)])
        assert "RF-R1" not in rules(result)
        assert result.decision == "run"

    def test_an_assessment_the_same_day_as_the_flag_clears_it(self) -> None:
        """The check-in is made in the morning; the examination it prompted that day clears
        it."""
        checkins = [make_checkin(-3, cannot_heel_raise=True), *quiet_days(2)]
        assert run_decision(checkins, assessments=[assessed(-3)]).decision == "run"

    def test_an_assessment_before_the_flag_does_not_clear_it(self) -> None:
        """Assessed 10 days ago, pop 5 days ago: the pop stands."""
        checkins = [make_checkin(-5, sudden_pop=True), *quiet_days(3)]
        result = run_decision(checkins, assessments=[assessed(-10)])
        assert result.decision == "urgent"

    def test_an_assessment_of_the_other_leg_does_not_clear_it(self) -> None:
        checkins = [make_checkin(-5, sudden_pop=True), *quiet_days(3)]
        result = run_decision(checkins, assessments=[assessed(-1, side="right")])
        assert result.decision == "urgent"

    def test_a_rupture_finding_holds_running_until_the_clinician_permits_it(self) -> None:
        """Partial rupture found: see_specialist (ASSESS-R) with the finding in the facts; a
        later assessment permitting running lifts it."""
        checkins = [make_checkin(-9, sudden_pop=True), *quiet_days(3)]
        rupture = assessed(-8, "partial_rupture")
        result = run_decision(checkins, assessments=[rupture])
        assert result.decision == "see_specialist"
        hold = next(r for r in result.reasons if r.rule == "ASSESS-R")
        assert hold.facts["finding"] == "partial rupture"
        assert hold.facts["entered_by"] == "self_reported"
        permitted = assessed(-1, "partial_rupture", return_to_running=True)
        assert run_decision(checkins, assessments=[rupture, permitted]).decision == "run"

    def test_of_two_assessments_on_one_day_the_one_recorded_last_counts(self) -> None:
        """A rupture found, then on the same day permission to run after a second look: the
        later entry decides; in the other order the rupture holds running."""
        checkins = [make_checkin(-9, sudden_pop=True), *quiet_days(3)]
        rupture = assessed(-2, "partial_rupture")
        permitted = assessed(-2, "partial_rupture", return_to_running=True)
        assert run_decision(checkins, assessments=[rupture, permitted]).decision == "run"
        held = run_decision(checkins, assessments=[permitted, rupture])
        assert held.decision == "see_specialist"

    def test_a_new_pop_after_a_clearing_assessment_is_urgent_again(self) -> None:
        checkins = [
            make_checkin(-9, sudden_pop=True),
            *quiet_days(3, sudden_pop=True),
        ]
        result = run_decision(checkins, assessments=[assessed(-7)])
        pop = next(r for r in result.reasons if r.rule == "RF-R1")
        assert pop.facts["reported_on"] == [TODAY.isoformat()]
        assert result.decision == "urgent"

    def test_an_assessment_clears_drug_symptoms_but_not_the_exposure(self) -> None:
        """Fluoroquinolone with a tender tendon → see a clinician; after an assessment, with
        pain-free mornings since, the exposure is still a caution (RF-5 without a level); new
        pain inside the 6 months sends to the clinician again."""
        drug = make_checkin(-10, fluoroquinolone=True, tenderness=True)
        assert run_decision([drug, *quiet_days(3)]).decision == "see_specialist"
        calm = [
            make_checkin(-k, ran=False, pain_during_run=None, pain_after_run=None, morning_pain=0)
            for k in range(3, -1, -1)
        ]
        result = run_decision([drug, *calm], assessments=[assessed(-8)])
        caution = next(r for r in result.reasons if r.rule == "RF-5")
        assert caution.level is None
        again = run_decision([drug, *calm[:-1], make_checkin(0)], assessments=[assessed(-8)])
        assert again.decision == "see_specialist"


class TestUnansweredIsNotNo:
    def test_an_unanswered_red_flag_item_today_caps_the_answer_at_modify(self) -> None:
        """Every answer quiet but 'sudden pop' left blank → modify (DATA-4), naming the item."""
        result = run_decision(quiet_days(3, sudden_pop=None))
        assert result.decision == "modify"
        data4 = next(r for r in result.reasons if r.rule == "DATA-4")
        assert data4.facts["unanswered"] == ["sudden_pop"]

    def test_nulls_in_decide_json_are_unanswered_not_no(self) -> None:
        """Red-flag items sent as null → not 'run'."""
        today = {
            "date": TODAY.isoformat(),
            "side": "left",
            "ran": False,
            "morning_pain": 0,
            "morning_stiffness_min": 0,
            "sudden_pop": None,
            "cannot_heel_raise": None,
        }
        yesterday = today | {"date": day(-1).isoformat(), "sudden_pop": False}
        result = decide_request(
            parse_decide_input({"as_of": TODAY.isoformat(), "checkins": [yesterday, today]}, TODAY)
        )
        assert result.decision == "modify"
        assert "DATA-4" in rules(result)

    def test_the_run_item_is_not_required_when_the_runner_did_not_run(self) -> None:
        result = run_decision(quiet_days(3, ran=False, pain_during_run=None, pain_after_run=None,
                                        pain_built_during_run=None))  # fmt: skip
        assert "DATA-4" not in rules(result)
        assert result.decision == "run"

    def test_a_blank_fluoroquinolone_answer_after_a_yes_keeps_the_history(self) -> None:
        """FQ reported a month ago, later answers blank or 'no', pain only on hopping today →
        see a clinician (FQ-associated tendon symptoms)."""
        checkins = [
            make_checkin(-30, fluoroquinolone=True),
            make_checkin(-1, fluoroquinolone=False),
            make_checkin(0, fluoroquinolone=None, pain_on_hopping=True),
        ]
        result = run_decision(checkins)
        assert "RF-5" in rules(result)
        assert result.decision == "see_specialist"

    def test_a_fluoroquinolone_seven_months_ago_is_outside_its_window(self) -> None:
        checkins = [make_checkin(-213, fluoroquinolone=True), *quiet_days(3, pain_on_hopping=True)]
        assert "RF-5" not in rules(run_decision(checkins))


class TestClinicianOverride:
    def override(self, decision: str, set_on: int = -1, **values: Any) -> ClinicianOverride:
        return override_from_dict(
            {
                "first_day": day(set_on).isoformat(),
                "last_day": day(6).isoformat(),
                "decision": decision,
                "reason": "Easy week after the assessment",
                "specialist": "J. Physio",
                "set_on": day(set_on).isoformat(),
            }
            | values
        )

    def test_the_override_sets_the_decision_and_the_computed_one_is_kept(self) -> None:
        result = run_decision(quiet_days(3), overrides=[self.override("rest")])
        assert result.decision == "rest"
        assert result.computed == "run"
        out = result.to_json()
        assert out["computed_decision"] == "run"
        assert isinstance(out["override"], dict)
        assert out["override"]["specialist"] == "J. Physio"
        assert "CLIN-OVERRIDE" in rules(result)

    def test_a_red_flag_reported_after_the_override_is_never_hidden(self) -> None:
        """Override 'run' set yesterday; a pop reported today → urgent."""
        result = run_decision(quiet_days(3, sudden_pop=True), overrides=[self.override("run")])
        assert result.decision == "urgent"
        assert result.computed == "urgent"

    def test_an_unanswered_red_flag_item_today_still_counts_under_an_override(self) -> None:
        result = run_decision(quiet_days(3, limping=None), overrides=[self.override("run")])
        assert result.decision == "modify"

    def test_an_override_outside_its_period_does_nothing(self) -> None:
        late = self.override("rest", set_on=2)
        result = run_decision(quiet_days(3), overrides=[late])
        assert result.override is None
        assert result.decision == "run"

    def test_the_flag_the_specialist_saw_is_shown_beside_their_decision(self) -> None:
        """A limp reported before the override: the specialist's 'modify' stands, and RF-7 is
        still listed among the reasons."""
        checkins = [make_checkin(-3, limping=True), *quiet_days(2)]
        result = run_decision(checkins, overrides=[self.override("modify")])
        assert result.decision == "modify"
        assert result.computed == "see_specialist"
        assert "RF-7" in rules(result)


class TestDecideJsonContract:
    def test_assessments_and_overrides_travel_through_decide_json(self) -> None:
        checkins = [make_checkin(-9, sudden_pop=True), *quiet_days(3)]
        payload = {
            "as_of": TODAY.isoformat(),
            "checkins": [c.to_dict() for c in checkins],
            "assessments": [assessed(-7).to_dict()],
        }
        code, out, err = decide_json(payload)
        assert code == 0, err
        assert out["decision"] == "run"
        payload["overrides"] = [TestClinicianOverride().override("modify").to_dict()]
        code, out, err = decide_json(payload)
        assert code == 0, err
        assert (out["decision"], out["computed_decision"]) == ("modify", "run")

    @pytest.mark.parametrize(
        ("assessment", "message"),
        [
            ({"finding": "sprain"}, "finding must be one of"),
            ({"assessor": " "}, "assessor is required"),
            ({"date": "2999-01-01"}, "in the future"),
            ({"side": "both"}, "side must be"),
            ({"colour": "red"}, "unknown field"),
        ],
    )
    def test_a_bad_assessment_is_refused_with_exit_2(
        self, assessment: dict[str, str], message: str
    ) -> None:
        good = {"date": day(-1).isoformat(), "side": "left", "finding": "cleared", "assessor": "X"}
        code, out, err = decide_json(
            {"as_of": TODAY.isoformat(), "assessments": [good | assessment]}
        )
        assert code == 2
        assert out is None
        assert message in err
        assert "assessments[0]" in err

    def test_an_override_with_its_period_reversed_is_refused(self) -> None:
        bad = {
            "first_day": day(0).isoformat(),
            "last_day": day(-2).isoformat(),
            "decision": "run",
            "reason": "r",
            "specialist": "s",
        }
        code, _, err = decide_json({"as_of": TODAY.isoformat(), "overrides": [bad]})
        assert code == 2
        assert "overrides[0]" in err
