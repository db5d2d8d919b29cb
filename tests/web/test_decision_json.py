"""The decision JSON is lossless: what the decision log keeps reads back as the decision made
(levels included), and anything it would not write is refused rather than guessed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from achillescare.demo.clinic import DEMO_PASSWORD, SPECIALIST_EMAIL
from achillescare.domain.decision.daily import DailyDecision
from achillescare.domain.decision.verdicts import HEADLINES, Reason
from achillescare.services import accounts
from achillescare.services.decisions import decide_for
from achillescare.services.runners import list_runners, runner_today
from achillescare.storage.db import Store
from achillescare.storage.models.symptoms import DecisionLogRow
from achillescare.web.auth import server_today
from achillescare.web.view_models.clinic import clinic_rows
from achillescare.web.view_models.decision import decision_out
from tests.web.conftest import SignIn, now_utc, runner_id

ASSESS = {"side": "right", "finding": "partial_rupture", "note": "Ultrasound: partial tear"}
OVERRIDE = {"decision": "rest", "reason": "Ultrasound on Friday"}
TODAY = server_today()


def as_logged(result: DailyDecision) -> dict[str, object]:
    """The JSON as the decision log's JSON column gives it back."""
    loaded: dict[str, object] = json.loads(json.dumps(result.to_json()))
    return loaded


def demo_decisions(store: Store) -> list[DailyDecision]:
    """Every demo runner's decision on every third day of the last four weeks."""
    return [
        decide_for(store, runner, runner_today(runner) - timedelta(days=back), log=False)
        for runner in list_runners(store)
        for back in range(0, 28, 3)
    ]


class TestRoundTrip:
    def test_every_reason_of_the_demo_clinic_reads_back_whole(self, clinic_store: Store) -> None:
        """Each reason of 40 real decisions (all five answers, cautions too) survives the JSON
        trip with its level, side, facts, text and source."""
        decisions = demo_decisions(clinic_store)
        reasons = [reason for result in decisions for reason in result.reasons]
        for result in decisions:
            payload = as_logged(result)
            assert [Reason.from_json(r) for r in payload["reasons"]] == list(result.reasons)  # type: ignore[attr-defined]
        assert {result.decision for result in decisions} >= {"run", "modify", "rest", "urgent"}
        assert {reason.level for reason in reasons} >= {None, "modify", "rest", "urgent"}
        assert any(reason.side is not None for reason in reasons)
        assert len({reason.rule for reason in reasons}) >= 8

    def test_a_whole_decision_reads_back_equal(self, clinic_store: Store) -> None:
        """``DailyDecision.from_json(to_json())`` is the decision made: sides, signals, advice,
        and what the reasons say (``fired``, ``needs_checkin``)."""
        for result in demo_decisions(clinic_store):
            assert DailyDecision.from_json(as_logged(result)) == result

    def test_an_override_and_an_assessment_read_back_whole(
        self, sign_in: SignIn, clinic_store: Store
    ) -> None:
        """A specialist's override (CLIN-OVERRIDE, with the rules' own answer) and a rupture
        finding (ASSESS-R) survive the trip, and the page shows the decision read back."""
        rita = sign_in("rehab")
        rid = runner_id(rita)
        physio = sign_in("physio")
        for path, form in (("assessments", ASSESS), ("overrides", OVERRIDE)):
            response = physio.post(
                f"/api/v1/runners/{rid}/{path}", json=form | {"assessor": "Dr Vega"}
            )
            assert response.status_code in (200, 201), response.text
        [runner] = [r for r in list_runners(clinic_store) if r.id == rid]
        result = decide_for(clinic_store, runner, log=False)
        assert {"CLIN-OVERRIDE", "ASSESS-R"} <= result.fired
        back = DailyDecision.from_json(as_logged(result))
        assert back == result
        assert back.override is not None
        assert back.computed is not None
        assert decision_out(back) == decision_out(result)
        assert decision_out(back).headline == HEADLINES[result.decision]


class TestRefused:
    @pytest.fixture
    def payload(self, clinic_store: Store) -> dict[str, object]:
        [result] = demo_decisions(clinic_store)[:1]
        return as_logged(result)

    def test_an_unknown_decision_raises(self, payload: dict[str, object]) -> None:
        with pytest.raises(ValueError, match="'maybe' is not one of run, modify"):
            DailyDecision.from_json(payload | {"decision": "maybe"})

    def test_an_unknown_level_raises(self, payload: dict[str, object]) -> None:
        reason = dict(payload["reasons"][0]) | {"level": "jog"}  # type: ignore[index]
        with pytest.raises(ValueError, match="'jog' is not one of"):
            Reason.from_json(reason)

    def test_a_reason_logged_without_its_level_raises(self, payload: dict[str, object]) -> None:
        """The old lossy form (no ``level``) is refused, not read as a caution."""
        reason = {k: v for k, v in payload["reasons"][0].items() if k != "level"}  # type: ignore[index]
        with pytest.raises(ValueError, match="no level"):
            Reason.from_json(reason)


class TestOlderLogs:
    def test_a_dashboard_over_decisions_logged_without_levels_decides_them_again(
        self, clinic_store: Store
    ) -> None:
        """A log row in the old lossy form is not read by guessing: the dashboard decides that
        runner again and shows the same line as for a fresh log."""
        physio = accounts.sign_in(clinic_store, SPECIALIST_EMAIL, DEMO_PASSWORD, "t", now_utc())
        fresh = clinic_rows(clinic_store, accounts.shared_runners(clinic_store, physio), TODAY)
        with clinic_store.session() as session:
            for row in session.scalars(select(DecisionLogRow)):
                old = dict(row.payload)
                old["reasons"] = [
                    {k: v for k, v in r.items() if k != "level"} for r in old["reasons"]
                ]
                row.payload = old
        with clinic_store.session() as session:
            logged = list(session.scalars(select(DecisionLogRow)))
        assert logged
        assert all("level" not in r for row in logged for r in row.payload["reasons"])
        again = clinic_rows(clinic_store, accounts.shared_runners(clinic_store, physio), TODAY)
        assert [(r.name, r.decision, r.reason) for r in again] == [
            (r.name, r.decision, r.reason) for r in fresh
        ]
