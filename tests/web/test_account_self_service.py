"""What users of any web app expect to do themselves: change their password, sign out
everywhere, download and delete their own data; an admin resets a password from the terminal;
HSTS over https only; and sign-up tells nobody which e-mails have an account."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from achillescare.cli.main import app as cli
from achillescare.services import accounts
from achillescare.storage.db import Store, open_store
from achillescare.web import create_app
from achillescare.web.auth import SESSION_COOKIE

PASSWORD = "correct horse battery"
NEW_PASSWORD = "purple ferry lantern"
EMAIL = "ana@example.org"
SIGNUP = {"email": EMAIL, "password": PASSWORD, "name": "Ana", "role": "runner"}


def signed_in(app: object, email: str = EMAIL, password: str = PASSWORD) -> TestClient:
    client = TestClient(app)  # type: ignore[arg-type]
    response = client.post("/api/v1/auth/signin", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return client


def sign_in_status(app: object, password: str, email: str = EMAIL) -> int:
    body = {"email": email, "password": password}
    return TestClient(app).post("/api/v1/auth/signin", json=body).status_code  # type: ignore[arg-type]


class TestSignUpTellsNothing:
    def test_the_answer_is_the_same_whether_or_not_the_email_has_an_account(
        self, store: Store
    ) -> None:
        app = create_app(store)
        first = TestClient(app).post("/api/v1/auth/signup", json=SIGNUP)
        again = TestClient(app).post(
            "/api/v1/auth/signup", json={**SIGNUP, "password": "another long phrase here"}
        )
        assert (first.status_code, first.json()) == (again.status_code, again.json())
        assert SESSION_COOKIE not in first.cookies
        assert SESSION_COOKIE not in again.cookies
        assert sign_in_status(app, PASSWORD) == 200
        assert sign_in_status(app, "another long phrase here") == 401

    def test_the_page_answers_the_same_too(self, store: Store) -> None:
        app = create_app(store)
        form = {"email": EMAIL, "password": PASSWORD, "name": "Ana"}
        first = TestClient(app).post("/signup", data=form)
        again = TestClient(app).post("/signup", data=form)
        assert first.status_code == again.status_code == 200
        assert first.text == again.text
        assert "already" not in again.text


class TestHsts:
    def test_sent_over_https_only(self, store: Store) -> None:
        app = create_app(store)
        secure = TestClient(app, base_url="https://testserver").get("/signin")
        assert secure.headers["strict-transport-security"].startswith("max-age=31536000")
        plain = TestClient(app).get("/signin")
        assert "strict-transport-security" not in plain.headers


class TestChangePassword:
    def test_it_needs_the_current_password_and_ends_the_other_sessions(self, store: Store) -> None:
        app = create_app(store)
        TestClient(app).post("/api/v1/auth/signup", json=SIGNUP)
        other_device = signed_in(app)
        client = signed_in(app)
        wrong = {"current_password": "not my password", "new_password": NEW_PASSWORD}
        assert client.post("/api/v1/me/password", json=wrong).status_code == 401
        weak = {"current_password": PASSWORD, "new_password": "password1"}
        assert client.post("/api/v1/me/password", json=weak).status_code == 400
        change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        assert client.post("/api/v1/me/password", json=change).status_code == 204
        assert client.get("/api/v1/me").status_code == 200  # this browser got a new session
        assert other_device.get("/api/v1/me").status_code == 401
        assert sign_in_status(app, PASSWORD) == 401
        assert sign_in_status(app, NEW_PASSWORD) == 200

    def test_the_page_form_changes_it(self, store: Store) -> None:
        app = create_app(store)
        TestClient(app).post("/api/v1/auth/signup", json=SIGNUP)
        client = signed_in(app)
        form = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        page = client.post("/account/password", data=form)
        assert page.status_code == 200
        assert "Password changed" in page.text
        assert sign_in_status(app, NEW_PASSWORD) == 200


class TestSignOutEverywhere:
    def test_every_session_of_the_account_ends(self, store: Store) -> None:
        app = create_app(store)
        TestClient(app).post("/api/v1/auth/signup", json=SIGNUP)
        phone, laptop = signed_in(app), signed_in(app)
        assert phone.post("/api/v1/auth/signout-all").status_code == 204
        assert phone.get("/api/v1/me").status_code == 401
        assert laptop.get("/api/v1/me").status_code == 401


class TestExportAndDelete:
    def test_a_runner_downloads_everything_but_the_password_hash(self, store: Store) -> None:
        app = create_app(store)
        TestClient(app).post("/api/v1/auth/signup", json=SIGNUP)
        client = signed_in(app)
        response = client.get("/api/v1/me/export")
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        data = json.loads(response.text)
        assert data["account"]["email"] == EMAIL
        assert data["runner"]["name"] == "Ana"
        assert "argon2" not in response.text
        assert client.get("/account/export.json").json() == data

    def test_a_specialist_downloads_their_account_and_shares(self, store: Store) -> None:
        app = create_app(store)
        TestClient(app).post("/api/v1/auth/signup", json={**SIGNUP, "role": "specialist"})
        data = signed_in(app).get("/api/v1/me/export").json()
        assert data["account"]["role"] == "specialist"
        assert data["shares"] == []

    def test_delete_needs_the_password_and_the_typed_confirmation(self, store: Store) -> None:
        app = create_app(store)
        TestClient(app).post("/api/v1/auth/signup", json=SIGNUP)
        client = signed_in(app)
        refused = [
            {"password": PASSWORD, "confirm": "yes"},
            {"password": "not my password", "confirm": "delete my data"},
        ]
        assert [client.post("/api/v1/me/delete", json=b).status_code for b in refused] == [400, 401]
        assert client.get("/api/v1/me/export").json()["runner"]["name"] == "Ana"
        done = client.post(
            "/api/v1/me/delete", json={"password": PASSWORD, "confirm": "Delete my data"}
        )
        assert done.status_code == 204
        assert client.get("/api/v1/me").status_code == 401
        assert sign_in_status(app, PASSWORD) == 401
        assert accounts.all_accounts(store) == []
        from achillescare.services.runners import list_runners  # noqa: PLC0415

        assert list_runners(store) == []


class TestAdminReset:
    def test_reset_password_prints_a_temporary_one_that_works_and_ends_sessions(
        self, tmp_path: object
    ) -> None:
        from pathlib import Path  # noqa: PLC0415

        db = Path(str(tmp_path)) / "a.db"
        store = open_store(str(db))
        now = datetime.now(UTC)
        user = accounts.sign_up(store, EMAIL, PASSWORD, "Ana", "runner")
        token = accounts.open_session(store, user, now)
        store.close()
        result = CliRunner().invoke(cli, ["--db", str(db), "account", "reset-password", EMAIL])
        assert result.exit_code == 0, result.output
        temporary = result.output.split("Temporary password for", 1)[1].split(": ", 1)[1].split()[0]
        assert len(temporary) >= 12
        store = open_store(str(db))
        try:
            assert accounts.user_for_session(store, token, now) is None
            assert accounts.sign_in(store, EMAIL, temporary, "203.0.113.1", now).email == EMAIL
            with_new = ["--db", str(db), "account", "change-password", EMAIL]
            typed = f"{temporary}\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
            changed = CliRunner().invoke(cli, with_new, input=typed)
            assert changed.exit_code == 0, changed.output
            assert accounts.sign_in(store, EMAIL, NEW_PASSWORD, "203.0.113.1", now).email == EMAIL
        finally:
            store.close()

    def test_a_temporary_password_lets_one_do_nothing_but_choose_a_new_one(
        self, store: Store
    ) -> None:
        app = create_app(store)
        user = accounts.sign_up(store, EMAIL, PASSWORD, "Ana", "runner")
        temporary = accounts.reset_password(store, EMAIL)
        client = signed_in(app, password=temporary)
        assert client.get("/api/v1/me").json()["must_change_password"] is True
        assert client.get(f"/api/v1/runners/{user.runner_id}/today").status_code == 403
        assert client.get("/api/v1/me/export").status_code == 403
        page = client.get("/today", follow_redirects=False)
        assert (page.status_code, page.headers["location"]) == (303, "/account")
        assert "Your password was reset" in client.get("/account").text
        change = {"current_password": temporary, "new_password": NEW_PASSWORD}
        assert client.post("/api/v1/me/password", json=change).status_code == 204
        assert client.get("/api/v1/me").json()["must_change_password"] is False
        assert client.get(f"/api/v1/runners/{user.runner_id}/today").status_code == 200

    def test_reset_of_an_unknown_email_says_so(self, tmp_path: object) -> None:
        result = CliRunner().invoke(
            cli, ["--db", f"{tmp_path}/a.db", "account", "reset-password", "nobody@example.org"]
        )
        assert result.exit_code == 1
        assert "no account" in result.output
