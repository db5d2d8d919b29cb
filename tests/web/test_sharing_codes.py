"""Sharing proves who receives it: the runner is shown a one-time invitation code that the
specialist enters (it expires after 7 days and works once); the invited e-mail alone grants
nothing, since anyone can sign up with any e-mail."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from achillescare.demo.clinic import DEMO_PASSWORD
from achillescare.domain.accounts import INVITATION_LIFETIME
from achillescare.errors import Conflict, NotFound
from achillescare.services import accounts
from achillescare.storage.db import Store
from achillescare.storage.models.web import ShareRow
from tests.web.conftest import SignIn, runner_id

PASSWORD = "correct horse battery"
NOW = datetime(2026, 11, 20, 8, tzinfo=UTC)


def test_a_specialist_with_the_invited_email_but_no_code_sees_nothing(
    clinic_store: Store, sign_in: SignIn
) -> None:
    runner = sign_in("rehab")
    target = f"/api/v1/runners/{runner_id(runner)}/today"
    created = runner.post("/api/v1/shares", json={"email": "real.physio@clinic.test"})
    assert created.status_code == 201
    accounts.sign_up(clinic_store, "real.physio@clinic.test", DEMO_PASSWORD, "Eve", "specialist")
    impostor = sign_in("real.physio@clinic.test")
    assert impostor.get("/api/v1/shares").json()["shares"] == []
    assert impostor.get("/api/v1/clinic").json()["runners"] == []
    assert "Rita Rehab" not in impostor.get("/clinic").text
    assert impostor.post(f"/api/v1/shares/{created.json()['id']}/accept").status_code in {404, 405}
    assert impostor.get(target).status_code == 403


def test_the_code_shown_to_the_runner_lets_one_specialist_in_once(
    clinic_store: Store, sign_in: SignIn
) -> None:
    runner = sign_in("rehab")
    target = f"/api/v1/runners/{runner_id(runner)}/today"
    invitation = runner.post("/api/v1/shares", json={"email": "new@example.org"}).json()
    code = invitation["code"]
    assert len(code.replace("-", "")) >= 10
    assert invitation["status"] == "invited"
    assert invitation["code_expires_at"] is not None
    assert "code" not in runner.get("/api/v1/shares").json()["shares"][-1]
    for email in ("new@example.org", "other@example.org"):
        accounts.sign_up(clinic_store, email, DEMO_PASSWORD, "Spec", "specialist")
    physio = sign_in("new@example.org")
    accepted = physio.post("/api/v1/shares/accept", json={"code": code.lower()})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "active"
    assert physio.get(target).status_code == 200
    other = sign_in("other@example.org")
    assert other.post("/api/v1/shares/accept", json={"code": code}).status_code == 409
    assert other.get(target).status_code == 403
    assert sign_in("spike").post("/api/v1/shares/accept", json={"code": code}).status_code == 403
    wrong = physio.post("/api/v1/shares/accept", json={"code": "ABCD-EFGH-JKMN"})
    assert wrong.status_code == 404


def test_the_code_is_stored_only_as_a_hash(store: Store) -> None:
    user = accounts.sign_up(store, "ana@example.org", PASSWORD, "Ana", "runner")
    _, code = accounts.invite_specialist(store, user, "pat@example.org", NOW)
    with store.session() as session:
        row = session.scalars(select(ShareRow)).one()
    assert row.code_sha256 is not None
    assert code not in row.code_sha256
    assert code.replace("-", "") not in row.code_sha256


def test_an_expired_or_revoked_code_is_refused(store: Store) -> None:
    user = accounts.sign_up(store, "ana@example.org", PASSWORD, "Ana", "runner")
    physio = accounts.sign_up(store, "pat@example.org", PASSWORD, "Pat Physio", "specialist")
    _, code = accounts.invite_specialist(store, user, "pat@example.org", NOW)
    late = NOW + INVITATION_LIFETIME + timedelta(minutes=1)
    with pytest.raises(Conflict, match="expired"):
        accounts.accept_invitation(store, physio, code, late)
    share, code = accounts.invite_specialist(store, user, "pat2@example.org", NOW)
    accounts.revoke_share(store, user, share.id, NOW)
    with pytest.raises(Conflict, match="revoked"):
        accounts.accept_invitation(store, physio, code, NOW)
    with pytest.raises(NotFound):
        accounts.accept_invitation(store, physio, "not-a-code", NOW)
    assert accounts.shared_runners(store, physio) == []


def test_the_pages_show_the_code_and_take_it(sign_in: SignIn, app_client: TestClient) -> None:
    app_client.post(
        "/signup",
        data={"email": "new@example.org", "password": "new-runner-pw", "name": "Nia New"},
    )
    app_client.post("/signin", data={"email": "new@example.org", "password": "new-runner-pw"})
    page = app_client.post("/settings/shares", data={"email": "physio@demo.achillescare.org"})
    found = re.search(r'<code class="invitation-code">([A-Z0-9-]+)</code>', page.text)
    assert found is not None, page.text
    physio = sign_in("physio")
    assert "Nia New" not in physio.get("/clinic").text
    refused = physio.post("/clinic/invitations", data={"code": "WRONG-CODE-123"})
    assert refused.status_code == 404
    assert "no invitation with this code" in refused.text
    after = physio.post("/clinic/invitations", data={"code": found.group(1)}).text
    assert "<strong>Nia New</strong>" in after
