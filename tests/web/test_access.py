"""Every API route refuses whoever may not use it: no session (401), another runner and an
unlinked specialist (403 or 404); the owner and a linked specialist (for reading) get through.

``ROUTES`` must list every ``/api/v1`` route of the app: a test fails when one is missing, so a
new route cannot ship without its authorisation test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from achillescare.demo.clinic import DEMO_PASSWORD
from achillescare.services import accounts
from achillescare.storage.db import Store
from achillescare.web import create_app
from tests.web.conftest import SignIn, runner_id

FIT = "tests/data/fit/fitparse__garmin-fenix-5-run.fit"

VISA = {"q1": 5, "q2": 5, "q3": 5, "q4": 5, "q5": 5, "q6": 5, "q7": 4, "branch": "B", "minutes": 15}

# (method, path with {runner_id}, json body, linked specialist may use it); called for the
# demo's rehab runner, who has a program to change.
RUNNER_ROUTES: list[tuple[str, str, Any, bool]] = [
    ("GET", "/api/v1/runners/{runner_id}/today", None, True),
    ("GET", "/api/v1/runners/{runner_id}/activities", None, True),
    ("GET", "/api/v1/runners/{runner_id}/charts", None, True),
    ("GET", "/api/v1/runners/{runner_id}/timeline", None, True),
    ("GET", "/api/v1/runners/{runner_id}/checkins/{day}/{side}", None, True),
    ("GET", "/api/v1/runners/{runner_id}/insights", None, True),
    ("GET", "/api/v1/runners/{runner_id}/report.pdf", None, True),
    ("POST", "/api/v1/runners/{runner_id}/imports", "files", False),
    ("GET", "/api/v1/runners/{runner_id}/imports/{job_id}", None, False),
    ("POST", "/api/v1/runners/{runner_id}/checkins", {"side": "left", "morning_pain": 2}, False),
    ("GET", "/api/v1/runners/{runner_id}/settings", None, False),
    ("PUT", "/api/v1/runners/{runner_id}/settings", {"units": "mi", "fast_pace": "7:00"}, False),
    ("GET", "/api/v1/runners/{runner_id}/plan", None, True),
    ("POST", "/api/v1/runners/{runner_id}/plan/done", "done", False),
    ("POST", "/api/v1/runners/{runner_id}/program", {"location": "none"}, False),
    ("GET", "/api/v1/runners/{runner_id}/program", None, True),
    ("GET", "/api/v1/runners/{runner_id}/questionnaires", None, True),
    ("GET", "/api/v1/runners/{runner_id}/selftests", None, True),
    ("POST", "/api/v1/runners/{runner_id}/selftests", {"test": "knee_to_wall", "left": 9}, False),
    ("POST", "/api/v1/runners/{runner_id}/questionnaires/visa-a", VISA, False),
    ("POST", "/api/v1/runners/{runner_id}/questionnaires/ostrc", {"q1": 0, "q4": 0}, False),
    (
        "PUT",
        "/api/v1/runners/{runner_id}/program",
        {"reason": "load well tolerated", "phase": 2},
        True,
    ),
    ("GET", "/api/v1/runners/{runner_id}/activities/{activity_id}", None, True),
    ("GET", "/api/v1/runners/{runner_id}/activities/{activity_id}/details", None, True),
    ("PATCH", "/api/v1/runners/{runner_id}/activities/{activity_id}", {"name": "Hills"}, False),
    ("DELETE", "/api/v1/runners/{runner_id}/activities/{activity_id}", None, False),
    ("GET", "/api/v1/runners/{runner_id}/shoes", None, True),
    ("POST", "/api/v1/runners/{runner_id}/shoes", {"name": "Spare pair", "drop_mm": 6}, False),
    ("PATCH", "/api/v1/runners/{runner_id}/shoes/{shoe_id}", {"drop_mm": 4}, False),
    ("DELETE", "/api/v1/runners/{runner_id}/shoes/{shoe_id}", None, False),
    ("PUT", "/api/v1/runners/{runner_id}/activities/{activity_id}/shoe", {"shoe_id": None}, False),
]
ASSESSED = {"side": "left", "finding": "tendinopathy_mid_portion", "clinician": "Dr Vega"}
OVERRIDE = {"decision": "rest", "reason": "ultrasound booked for Friday"}

# The clinician's loop: (method, path, body, the runner may, a linked specialist may). The runner
# enters only a self-reported assessment; only a linked specialist sets an override.
CLINICAL_ROUTES: list[tuple[str, str, Any, bool, bool]] = [
    ("GET", "/api/v1/runners/{runner_id}/assessments", None, True, True),
    ("POST", "/api/v1/runners/{runner_id}/assessments", ASSESSED, True, True),
    ("GET", "/api/v1/runners/{runner_id}/overrides", None, True, True),
    ("POST", "/api/v1/runners/{runner_id}/overrides", OVERRIDE, False, True),
]
OTHER_ROUTES = {
    ("POST", "/api/v1/auth/signup"),
    ("POST", "/api/v1/auth/signin"),
    ("POST", "/api/v1/auth/signout"),
    ("POST", "/api/v1/auth/signout-all"),
    ("GET", "/api/v1/me"),
    ("POST", "/api/v1/me/password"),
    ("GET", "/api/v1/me/export"),
    ("POST", "/api/v1/me/delete"),
    ("GET", "/api/v1/accounts"),
    ("GET", "/api/v1/shares"),
    ("POST", "/api/v1/shares"),
    ("POST", "/api/v1/shares/accept"),
    ("POST", "/api/v1/shares/{share_id}/revoke"),
    ("GET", "/api/v1/clinic"),
    ("GET", "/api/v1/clinic/insights-summary"),
}


def route(path: str, runner: TestClient) -> str:
    """``path`` for the signed-in runner ``runner`` (and their newest activity)."""
    owner = runner_id(runner)
    newest = runner.get(f"/api/v1/runners/{owner}/activities", params={"limit": 1}).json()
    shoe = ""
    if "{shoe_id}" in path:  # the demo runners have no shoes: give them one
        added = runner.post(f"/api/v1/runners/{owner}/shoes", json={"name": "Daily"})
        assert added.status_code == 201, added.text
        shoe = added.json()["id"]
    job = ""
    if "{job_id}" in path:  # an upload of the runner's own
        job = runner.post(f"/api/v1/runners/{owner}/imports", files=fit_upload()).json()["id"]
    return path.format(
        runner_id=owner,
        activity_id=newest["activities"][0]["id"],
        shoe_id=shoe,
        job_id=job,
        day=date.today().isoformat(),
        side="left",
    )


def fit_upload() -> dict[str, tuple[str, bytes, str]]:
    with open(FIT, "rb") as handle:
        return {"files": ("run.fit", handle.read(), "application/octet-stream")}


def call(client: TestClient, method: str, path: str, body: Any) -> int:
    """The status of one call; "files" uploads a real FIT file, "done" ticks off an exercise."""
    if body == "done":
        body = {"date": date.today().isoformat(), "exercise_id": "seated_soleus_raise", "rpe": 5}
    if body == "files":
        return client.request(method, path, files=fit_upload()).status_code
    return client.request(method, path, json=body).status_code


def test_every_api_route_is_in_this_table(clinic_store: Store) -> None:
    """Adding an API route (they are all in the OpenAPI schema) without its test here fails."""
    paths = create_app(clinic_store).openapi()["paths"]
    found = {(method.upper(), path) for path, item in paths.items() for method in item}
    listed = (
        {(m, p) for m, p, _, _ in RUNNER_ROUTES}
        | {(m, p) for m, p, *_ in CLINICAL_ROUTES}
        | OTHER_ROUTES
    )
    assert found == listed


@pytest.mark.parametrize(("method", "path", "body", "linked_may"), RUNNER_ROUTES)
class TestRunnerRoutes:
    def test_without_a_session_it_answers_401(
        self, app_client: TestClient, sign_in: SignIn, method, path, body, linked_may
    ) -> None:
        target = route(path, sign_in("rehab"))
        assert call(app_client, method, target, body) == 401

    def test_another_runner_is_refused(self, sign_in: SignIn, method, path, body, linked_may):
        target = route(path, sign_in("rehab"))
        assert call(sign_in("steady"), method, target, body) == 403

    def test_an_unlinked_specialist_is_refused(
        self, clinic_store: Store, sign_in: SignIn, method, path, body, linked_may
    ) -> None:
        accounts.sign_up(clinic_store, "other@example.org", DEMO_PASSWORD, "Other", "specialist")
        target = route(path, sign_in("rehab"))
        assert call(sign_in("other@example.org"), method, target, body) == 403

    def test_a_linked_specialist_only_reads(self, sign_in: SignIn, method, path, body, linked_may):
        target = route(path, sign_in("rehab"))
        expected = 200 if linked_may else 403
        assert call(sign_in("physio"), method, target, body) == expected

    def test_the_runner_themselves_gets_through(
        self, sign_in: SignIn, method, path, body, linked_may
    ) -> None:
        client = sign_in("rehab")
        status = call(client, method, route(path, client), body)
        assert status in {200, 201, 202, 204}  # 202: an upload, imported in the background

    def test_a_revoked_specialist_is_refused_again(
        self, sign_in: SignIn, method, path, body, linked_may
    ) -> None:
        runner = sign_in("rehab")
        [share] = runner.get("/api/v1/shares").json()["shares"]
        assert runner.post(f"/api/v1/shares/{share['id']}/revoke").status_code == 200
        target = route(path, runner)
        assert call(sign_in("physio"), method, target, body) == 403


@pytest.mark.parametrize(("method", "path", "body", "runner_may", "linked_may"), CLINICAL_ROUTES)
class TestClinicalRoutes:
    def test_without_a_session_it_answers_401(
        self, app_client: TestClient, sign_in: SignIn, method, path, body, runner_may, linked_may
    ) -> None:
        target = path.format(runner_id=runner_id(sign_in("rehab")))
        assert call(app_client, method, target, body) == 401

    def test_another_runner_is_refused(
        self, sign_in: SignIn, method, path, body, runner_may, linked_may
    ) -> None:
        target = path.format(runner_id=runner_id(sign_in("rehab")))
        assert call(sign_in("steady"), method, target, body) == 403

    def test_an_unlinked_specialist_is_refused(
        self, clinic_store: Store, sign_in: SignIn, method, path, body, runner_may, linked_may
    ) -> None:
        accounts.sign_up(clinic_store, "other@example.org", DEMO_PASSWORD, "Other", "specialist")
        target = path.format(runner_id=runner_id(sign_in("rehab")))
        assert call(sign_in("other@example.org"), method, target, body) == 403

    def test_the_runner_themselves_only_as_listed(
        self, sign_in: SignIn, method, path, body, runner_may, linked_may
    ) -> None:
        client = sign_in("rehab")
        status = call(client, method, path.format(runner_id=runner_id(client)), body)
        assert status in ({200, 201} if runner_may else {403})

    def test_a_linked_specialist_assesses_and_overrides(
        self, sign_in: SignIn, method, path, body, runner_may, linked_may
    ) -> None:
        target = path.format(runner_id=runner_id(sign_in("rehab")))
        status = call(sign_in("physio"), method, target, body)
        assert status in ({200, 201} if linked_may else {403})

    def test_a_revoked_specialist_is_refused_again(
        self, sign_in: SignIn, method, path, body, runner_may, linked_may
    ) -> None:
        runner = sign_in("rehab")
        [share] = runner.get("/api/v1/shares").json()["shares"]
        assert runner.post(f"/api/v1/shares/{share['id']}/revoke").status_code == 200
        target = path.format(runner_id=runner_id(runner))
        assert call(sign_in("physio"), method, target, body) == 403


class TestClinicalEntries:
    def test_the_runners_entry_is_labelled_self_reported_and_the_specialists_recorded(
        self, sign_in: SignIn
    ) -> None:
        runner = sign_in("rehab")
        target = f"/api/v1/runners/{runner_id(runner)}/assessments"
        own = runner.post(target, json=ASSESSED | {"side": "right"}).json()["assessment"]
        physio = sign_in("physio")
        theirs = physio.post(target, json=ASSESSED | {"clinician": "Someone Else"})
        assert theirs.status_code == 201
        listed = physio.get(target).json()["assessments"]
        assert [(a["assessor_kind"], a["entered_text"]) for a in listed] == [
            ("specialist", "recorded by Dr Alex Physio"),
            ("self_reported", "reported by the runner: assessed by Dr Vega"),
        ]
        assert own["assessor"] == "Dr Vega"

    def test_the_runner_must_name_the_clinician(self, sign_in: SignIn) -> None:
        runner = sign_in("rehab")
        target = f"/api/v1/runners/{runner_id(runner)}/assessments"
        response = runner.post(target, json=ASSESSED | {"clinician": " "})
        assert response.status_code == 400
        assert "name of the clinician" in response.json()["detail"]
        assert runner.get(target).json()["assessments"] == []

    def test_an_override_sets_today_and_both_decisions_are_shown(self, sign_in: SignIn) -> None:
        runner = sign_in("rehab")
        rid = runner_id(runner)
        computed = runner.get(f"/api/v1/runners/{rid}/today").json()["decision"]["decision"]
        physio = sign_in("physio")
        set_ = physio.post(f"/api/v1/runners/{rid}/overrides", json=OVERRIDE)
        assert set_.status_code == 201
        assert set_.json()["specialist"] == "Dr Alex Physio"
        shown = runner.get(f"/api/v1/runners/{rid}/today").json()["decision"]
        assert shown["override"]["computed_decision"] == computed
        assert shown["override"]["specialist"] == "Dr Alex Physio"
        assert shown["override"]["reason"] == OVERRIDE["reason"]


class TestOtherRoutes:
    def test_without_a_session_only_sign_in_and_sign_up_answer(
        self, app_client: TestClient
    ) -> None:
        for method, path in OTHER_ROUTES - {
            ("POST", "/api/v1/auth/signup"),
            ("POST", "/api/v1/auth/signin"),
        }:
            response = app_client.request(method, path.format(share_id=1), json={"email": "a@b.cd"})
            assert response.status_code == 401, (method, path)

    def test_only_an_admin_lists_accounts(self, clinic_store: Store, sign_in: SignIn) -> None:
        assert sign_in("spike").get("/api/v1/accounts").status_code == 403
        assert sign_in("physio").get("/api/v1/accounts").status_code == 403
        accounts.sign_up(clinic_store, "admin@example.org", DEMO_PASSWORD, "Admin", "admin")
        listed = sign_in("admin@example.org").get("/api/v1/accounts")
        assert listed.status_code == 200
        assert "password_hash" not in listed.text
        assert len(listed.json()) == 6

    def test_the_clinic_is_for_specialists(self, sign_in: SignIn) -> None:
        assert sign_in("spike").get("/api/v1/clinic").status_code == 403
        assert sign_in("physio").get("/api/v1/clinic").status_code == 200

    def test_a_specialist_cannot_invite_and_a_runner_cannot_accept(self, sign_in: SignIn) -> None:
        physio = sign_in("physio")
        assert physio.post("/api/v1/shares", json={"email": "x@example.org"}).status_code == 403
        runner = sign_in("steady")
        created = runner.post("/api/v1/shares", json={"email": "new-physio@example.org"})
        assert created.status_code == 201
        code = created.json()["code"]
        assert (
            sign_in("spike").post("/api/v1/shares/accept", json={"code": code}).status_code == 403
        )

    def test_account_routes_act_on_the_signed_in_account_only(self, sign_in: SignIn) -> None:
        """Export, password, sign-out-everywhere and delete take no id: nobody can aim them at
        another account; a specialist's export holds no runner's health data."""
        spike = sign_in("spike").get("/api/v1/me/export").json()
        assert spike["runner"]["name"] == "Sam Spike"
        assert spike["account"]["email"] == "spike@demo.achillescare.org"
        physio = sign_in("physio").get("/api/v1/me/export").json()
        assert "tables" not in physio
        assert {s["runner_name"] for s in physio["shares"]} == {
            "Rob Redflag", "Rita Rehab", "Sam Spike", "Sofia Steady"
        }  # fmt: skip
        steady = sign_in("steady")
        steady.post("/api/v1/auth/signout-all")
        assert sign_in("spike").get("/api/v1/me").status_code == 200
        refused = {"password": DEMO_PASSWORD, "confirm": "no"}
        assert sign_in("rehab").post("/api/v1/me/delete", json=refused).status_code == 400
        assert sign_in("rehab").get("/api/v1/me").status_code == 200

    def test_only_the_owner_revokes(self, sign_in: SignIn) -> None:
        [share] = sign_in("spike").get("/api/v1/shares").json()["shares"]
        assert sign_in("steady").post(f"/api/v1/shares/{share['id']}/revoke").status_code == 404
        assert sign_in("physio").post(f"/api/v1/shares/{share['id']}/revoke").status_code == 403

    def test_invite_accept_then_the_specialist_sees_the_runner(
        self, clinic_store: Store, sign_in: SignIn
    ) -> None:
        accounts.sign_up(clinic_store, "new@example.org", DEMO_PASSWORD, "New", "specialist")
        runner = sign_in("rehab")
        target = f"/api/v1/runners/{runner_id(runner)}/today"
        physio = sign_in("new@example.org")
        assert physio.get(target).status_code == 403
        share = runner.post("/api/v1/shares", json={"email": "New@Example.org"}).json()
        assert share["status"] == "invited"
        assert physio.get(target).status_code == 403
        assert physio.get("/api/v1/shares").json()["shares"] == []
        code = {"code": share["code"]}
        accepted = physio.post("/api/v1/shares/accept", json=code).json()
        assert accepted["status"] == "active"
        assert physio.get(target).status_code == 200
        assert [r["name"] for r in physio.get("/api/v1/clinic").json()["runners"]] == ["Rita Rehab"]
        assert [s["id"] for s in physio.get("/api/v1/shares").json()["shares"]] == [share["id"]]
        assert physio.post("/api/v1/shares/accept", json=code).status_code == 409
