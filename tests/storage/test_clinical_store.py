"""Clinical assessments and specialists' overrides in a real store, and what they do to the
stored runner's daily decision and program (SQLite, and PostgreSQL when it is running)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from achillescare.domain.assessment.symptoms import RED_FLAG_ITEMS
from achillescare.errors import InvalidInput
from achillescare.services import checkins as checkin_service
from achillescare.services import clinical
from achillescare.services.decisions import decide_for, decision_history
from achillescare.services.programs import current_program, start_program
from achillescare.services.runners import delete_runner, export_runner, runner_today
from achillescare.storage.db import Store
from achillescare.storage.repos import web as web_repo

QUIET: dict[str, Any] = dict.fromkeys(RED_FLAG_ITEMS, False)


def checkin(day: date, **values: object) -> dict[str, object]:
    """A quiet rest-day check-in of the left side with every red-flag item answered "no"."""
    return {
        "date": day.isoformat(),
        "side": "left",
        "ran": False,
        "morning_pain": 1,
        "morning_stiffness_min": 5,
        **QUIET,
    } | values


def suspected_rupture(store: Store, runner: Any, days_ago: int) -> date:
    """A pop reported ``days_ago`` days ago and quiet mornings every day since."""
    today = runner_today(runner)
    first = today - timedelta(days=days_ago)
    checkin_service.record_checkin(store, runner, checkin(first, sudden_pop=True, morning_pain=3))
    for k in range(days_ago - 1, -1, -1):
        checkin_service.record_checkin(store, runner, checkin(today - timedelta(days=k)))
    return today


def assessed(finding: str = "cleared", **values: object) -> dict[str, object]:
    return {"side": "left", "finding": finding, "assessor": "Dr Vega"} | values


class TestStore:
    def test_assessments_and_overrides_round_trip_export_and_go_with_the_runner(
        self, any_store: Store, make_runner
    ) -> None:
        ana = make_runner(any_store, "Ana")
        bo = make_runner(any_store, "Bo")
        today = runner_today(ana)
        note = "Thompson test negative; tender 4 cm above the insertion."
        clinical.record_assessment(
            any_store, ana, assessed("tendinopathy_mid_portion", note=note), kind="self_reported"
        )
        clinical.record_assessment(any_store, bo, assessed(), kind="self_reported")
        clinical.set_override(
            any_store, ana, {"decision": "rest", "reason": "scan on Friday"}, specialist="Dr Vega"
        )
        [stored] = clinical.assessments(any_store, ana)
        assert stored.assessment.note == note
        assert stored.assessment.assessor_kind == "self_reported"
        assert stored.assessment.date == today
        assert stored.created_at.tzinfo is not None
        [override] = clinical.overrides(any_store, ana)
        assert (override.override.first_day, override.override.last_day) == (today, today)
        assert override.override.set_on == today
        exported = export_runner(any_store, ana)["tables"]
        assert [a["finding"] for a in exported["clinical_assessments"]] == [
            "tendinopathy_mid_portion"
        ]
        assert [o["reason"] for o in exported["decision_overrides"]] == ["scan on Friday"]
        delete_runner(any_store, ana)
        with any_store.session() as session:
            counts = [
                session.execute(text(f"select count(*) from {t}")).scalar_one()
                for t in ("clinical_assessments", "decision_overrides")
            ]
        assert counts == [1, 0]  # Bo's assessment stays
        assert len(clinical.assessments(any_store, bo)) == 1

    def test_deleting_the_entering_account_keeps_the_clinical_record(
        self, any_store: Store, make_runner
    ) -> None:
        ana = make_runner(any_store)
        with any_store.session() as session:
            user = web_repo.add_user(
                session,
                email="vega@example.org",
                name="Dr Vega",
                role="specialist",
                password_hash="x",
                runner_id=None,
            )
        clinical.record_assessment(
            any_store, ana, assessed(), kind="specialist", entered_by_user_id=user.id
        )
        clinical.set_override(
            any_store,
            ana,
            {"decision": "modify", "reason": "easy week"},
            specialist="Dr Vega",
            specialist_user_id=user.id,
        )
        with any_store.session() as session:
            session.execute(text("delete from users where id = :id"), {"id": user.id})
        [stored] = clinical.assessments(any_store, ana)
        [override] = clinical.overrides(any_store, ana)
        assert (stored.entered_by_user_id, stored.assessment.assessor) == (None, "Dr Vega")
        assert (override.specialist_user_id, override.override.specialist) == (None, "Dr Vega")

    def test_an_id_is_never_handed_out_twice_after_the_newest_row_is_deleted(
        self, store: Store, make_runner
    ) -> None:
        ana = make_runner(store, "Ana")
        bo = make_runner(store, "Bo")
        clinical.record_assessment(store, ana, assessed(), kind="self_reported")
        last = clinical.record_assessment(store, bo, assessed(), kind="self_reported")
        delete_runner(store, bo)
        again = clinical.record_assessment(store, ana, assessed(), kind="self_reported")
        assert again.stored.id > last.stored.id


class TestDecision:
    def test_a_pop_reported_forty_days_ago_still_stops_running_until_assessed(
        self, any_store: Store, make_runner
    ) -> None:
        """The decision reads every unassessed red flag, not only the last five weeks' check-ins."""
        runner = make_runner(any_store)
        suspected_rupture(any_store, runner, 40)
        assert decide_for(any_store, runner, log=False).decision == "urgent"

    def test_a_clearing_assessment_lifts_the_suspected_rupture_and_resumes_the_program(
        self, any_store: Store, make_runner
    ) -> None:
        runner = make_runner(any_store)
        today = suspected_rupture(any_store, runner, 3)
        start_program(any_store, runner, location="mid_portion", started_on=today, affected="left")
        done = clinical.record_assessment(
            any_store, runner, assessed("tendinopathy_mid_portion"), kind="self_reported"
        )
        assert (done.decision_before, done.decision_after) == ("urgent", "run")
        assert done.resumed
        assert done.program is None  # already a mid-portion program
        assert decide_for(any_store, runner, log=False).decision == "run"

    def test_a_rupture_finding_keeps_running_paused_until_the_clinician_permits_it(
        self, any_store: Store, make_runner
    ) -> None:
        runner = make_runner(any_store)
        suspected_rupture(any_store, runner, 3)
        found = clinical.record_assessment(
            any_store, runner, assessed("partial_rupture"), kind="self_reported"
        )
        assert (found.decision_after, found.resumed) == ("see_specialist", False)
        reasons = {r.rule for r in decide_for(any_store, runner, log=False).reasons}
        assert "ASSESS-R" in reasons
        permitted = clinical.record_assessment(
            any_store,
            runner,
            assessed("partial_rupture", return_to_running=True),
            kind="self_reported",
        )
        assert permitted.resumed

    def test_an_insertional_finding_moves_a_mid_portion_program_to_insertional(
        self, any_store: Store, make_runner
    ) -> None:
        runner = make_runner(any_store)
        today = runner_today(runner)
        start_program(any_store, runner, location="mid_portion", started_on=today, affected="left")
        done = clinical.record_assessment(
            any_store, runner, assessed("tendinopathy_insertional"), kind="self_reported"
        )
        assert done.program is not None
        state = current_program(any_store, runner)
        assert (state.location, state.mode) == ("insertional", "recovery")
        assert "Dr Vega" in state.reason

    def test_an_override_sets_the_day_and_the_log_keeps_both_decisions(
        self, any_store: Store, make_runner
    ) -> None:
        runner = make_runner(any_store)
        today = runner_today(runner)
        checkin_service.record_checkin(any_store, runner, checkin(today - timedelta(days=1)))
        checkin_service.record_checkin(any_store, runner, checkin(today))
        clinical.set_override(
            any_store,
            runner,
            {"decision": "rest", "reason": "MRI booked for Friday"},
            specialist="Dr Vega",
        )
        result = decide_for(any_store, runner)
        assert (result.decision, result.computed) == ("rest", "run")
        assert decision_history(any_store, runner, today) == [(today, "rest")]
        logged = export_runner(any_store, runner)["tables"]["decision_log"][-1]["payload"]
        assert logged["computed_decision"] == "run"
        assert logged["override"]["reason"] == "MRI booked for Friday"


class TestRefused:
    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ({"finding": "sprain"}, "finding must be one of"),
            ({"side": "both"}, "side must be"),
            ({"assessor": " "}, "assessor is required"),
            ({"date": "2999-01-01"}, "is in the future"),
            ({"note": "x" * 2001}, "limited to 2000"),
        ],
    )
    def test_a_bad_assessment_is_refused_and_nothing_is_stored(
        self, store: Store, make_runner, values: dict[str, object], message: str
    ) -> None:
        runner = make_runner(store)
        with pytest.raises(InvalidInput, match=message):
            clinical.record_assessment(store, runner, assessed() | values, kind="self_reported")
        assert clinical.assessments(store, runner) == []

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ({"decision": "sprint"}, "decision must be one of"),
            ({"reason": ""}, "reason is required"),
            ({"first_day": "2020-01-01"}, "is before today"),
            ({"last_day": "2999-01-01"}, "at most 28 days"),
        ],
    )
    def test_a_bad_override_is_refused_and_nothing_is_stored(
        self, store: Store, make_runner, values: dict[str, object], message: str
    ) -> None:
        runner = make_runner(store)
        data = {"decision": "rest", "reason": "scan"} | values
        with pytest.raises(InvalidInput, match=message):
            clinical.set_override(store, runner, data, specialist="Dr Vega")
        assert clinical.overrides(store, runner) == []
