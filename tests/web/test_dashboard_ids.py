"""The dashboard's caches are keyed by ids that are never given out twice: after a runner is
deleted, a new runner's check-in and decision must never be shown with the old runner's answer
(SQLite reuses the highest row id after a delete unless the table says AUTOINCREMENT)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from achillescare.domain.accounts import User
from achillescare.services import accounts
from achillescare.services.checkins import record_checkin
from achillescare.services.decisions import decide_for
from achillescare.services.runners import delete_runner, runner_today
from achillescare.storage.db import Store, open_store
from achillescare.web import create_app

PASSWORD = "heel-drops-every-day"
PHYSIO = "physio@clinic.test"


def _shared_runner(store: Store, specialist: User, email: str, name: str) -> User:
    user = accounts.sign_up(store, email, PASSWORD, name, "runner")
    now = datetime.now(UTC)
    _, code = accounts.invite_specialist(store, user, PHYSIO, now)
    accounts.accept_invitation(store, specialist, code, now)
    return user


def _dashboard(client: TestClient) -> dict[str, str]:
    response = client.get("/api/v1/clinic")
    assert response.status_code == 200, response.text
    return {row["name"]: row["decision"] for row in response.json()["runners"]}


def test_a_deleted_runners_decision_is_never_shown_on_a_new_runners_dashboard_card(
    tmp_path: Path,
) -> None:
    store = open_store(str(tmp_path / "clinic.db"))
    try:
        specialist = accounts.sign_up(store, PHYSIO, PASSWORD, "Physio", "specialist")
        with TestClient(create_app(store)) as client:
            signed_in = client.post(
                "/api/v1/auth/signin", json={"email": PHYSIO, "password": PASSWORD}
            )
            assert signed_in.status_code == 200, signed_in.text

            ann = accounts.own_runner(
                store, _shared_runner(store, specialist, "ann@runners.test", "Ann")
            )
            day = runner_today(ann).isoformat()
            record_checkin(store, ann, {"date": day, "side": "left", "sudden_pop": True})
            assert decide_for(store, ann).decision == "urgent"
            assert _dashboard(client) == {"Ann": "urgent"}

            delete_runner(store, ann)
            assert _dashboard(client) == {}

            bea = accounts.own_runner(
                store, _shared_runner(store, specialist, "bea@runners.test", "Bea")
            )
            record_checkin(store, bea, {"date": day, "side": "left", "morning_pain": 0})
            expected = decide_for(store, bea).decision
            assert expected != "urgent"
            assert _dashboard(client) == {"Bea": expected}
            assert bea.id != ann.id, "a deleted runner's id was given to a new runner"
    finally:
        store.close()


def test_ids_that_stand_for_a_row_are_never_reused_after_a_delete(tmp_path: Path) -> None:
    """Runners, runs, check-ins, their edits, questionnaires and the decision log: each id is a
    cache key or a reference somewhere (training facts, dashboard lines, ``activities --json``)."""
    store = open_store(str(tmp_path / "ids.db"))
    try:
        with store.engine.connect() as connection:
            tables = {
                row[0]
                for row in connection.execute(
                    text("select name from sqlite_master where type = 'table' and sql like :auto"),
                    {"auto": "%AUTOINCREMENT%"},
                )
            }
        assert {
            "runners",
            "activities",
            "checkins",
            "checkin_edits",
            "questionnaire_responses",
            "decision_log",
        } <= tables
    finally:
        store.close()
