"""Sign-up, sign-in, sessions and login throttling, through the API and the pages."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from achillescare.storage.db import Store
from achillescare.web import create_app
from achillescare.web.auth import SESSION_COOKIE

PASSWORD = "correct horse battery"


def sign_up(
    client: TestClient, email: str, role: str = "runner", name: str = "Ana"
) -> dict[str, Any]:
    """Sign up (which signs nobody in), then sign in with the new account."""
    response = client.post(
        "/api/v1/auth/signup",
        json={"email": email, "password": PASSWORD, "name": name, "role": role},
    )
    assert response.status_code == 202, response.text
    signed = client.post("/api/v1/auth/signin", json={"email": email, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    me: dict[str, Any] = signed.json()
    return me


class TestSignUp:
    def test_it_gives_a_runner_account_its_own_runner_profile(self, store: Store) -> None:
        client = TestClient(create_app(store))
        me = sign_up(client, "Ana@Example.org")
        assert me["email"] == "ana@example.org"
        assert me["role"] == "runner"
        assert client.get(f"/api/v1/runners/{me['runner_id']}/today").status_code == 200

    def test_it_gives_a_specialist_no_runner_profile(self, store: Store) -> None:
        me = sign_up(TestClient(create_app(store)), "physio@example.org", role="specialist")
        assert me["runner_id"] is None

    def test_a_second_sign_up_with_the_same_email_changes_nothing(self, store: Store) -> None:
        client = TestClient(create_app(store))
        sign_up(client, "ana@example.org")
        again = client.post(
            "/api/v1/auth/signup",
            json={"email": "ANA@example.org", "password": "other long phrase", "name": "Other"},
        )
        assert again.status_code == 202
        assert client.get("/api/v1/me").json()["name"] == "Ana"
        other = {"email": "ana@example.org", "password": "other long phrase"}
        assert (
            TestClient(create_app(store)).post("/api/v1/auth/signin", json=other).status_code == 401
        )

    def test_it_refuses_short_passwords_bad_emails_and_the_admin_role(self, store: Store) -> None:
        client = TestClient(create_app(store))
        bad = [
            {"email": "ana@example.org", "password": "short", "name": "Ana"},
            {"email": "not-an-email", "password": PASSWORD, "name": "Ana"},
            {"email": "ana@example.org", "password": PASSWORD, "name": "Ana", "role": "admin"},
        ]
        for body in bad:
            assert client.post("/api/v1/auth/signup", json=body).status_code == 422
        # nothing was created:
        assert (
            client.post(
                "/api/v1/auth/signin", json={"email": "ana@example.org", "password": PASSWORD}
            ).status_code
            == 401
        )

    def test_it_refuses_passwords_that_are_easy_to_guess_and_says_why(self, store: Store) -> None:
        """NIST SP 800-63B §5.1.1.2: common or breached passwords, keyboard runs and the
        account's own e-mail or name are refused; a passphrase of unrelated words is not."""
        client = TestClient(create_app(store))
        guessable = {
            "password123": "common",
            "qwertyuiop": "common",
            "anastasia@example.org": "",  # her e-mail
            "aaaaaaaaaaaa": "repeat",
            "Achilles2026": "",  # the service's name and a year
        }
        for password, why in guessable.items():
            answer = client.post(
                "/api/v1/auth/signup",
                json={"email": "anastasia@example.org", "password": password, "name": "Anastasia"},
            )
            assert answer.status_code == 400, password
            message = answer.json()["detail"]
            assert message.startswith("choose a password that is harder to guess"), message
            assert why in message.lower(), message
        created = client.post(
            "/api/v1/auth/signup",
            json={
                "email": "anastasia@example.org",
                "password": "ginger plum trombone",
                "name": "Anastasia",
            },
        )
        assert created.status_code == 202

    def test_the_sign_up_page_shows_why_a_password_was_refused(self, store: Store) -> None:
        page = TestClient(create_app(store)).post(
            "/signup",
            data={
                "email": "bo@example.org",
                "password": "password1",
                "name": "Bo",
                "role": "runner",
            },
        )
        assert page.status_code == 422  # the form page answers 422 for any refused input
        assert "harder to guess" in html.unescape(page.text)

    def test_it_names_a_runner_profile_apart_when_the_name_is_taken(self, store: Store) -> None:
        client = TestClient(create_app(store))
        first = sign_up(client, "ana1@example.org", name="Ana")
        second = sign_up(TestClient(create_app(store)), "ana2@example.org", name="Ana")
        assert first["runner_id"] != second["runner_id"]

    def test_the_page_form_signs_up_then_signs_in_and_lands_on_today(self, store: Store) -> None:
        client = TestClient(create_app(store))
        response = client.post(
            "/signup",
            data={
                "email": "ben@example.org",
                "password": PASSWORD,
                "name": "Ben",
                "role": "runner",
            },
        )
        assert response.status_code == 200
        assert "sign in with it now" in response.text
        response = client.post("/signin", data={"email": "ben@example.org", "password": PASSWORD})
        assert str(response.url).endswith("/today")
        assert "Can I run today?" in response.text


class TestSessions:
    def test_the_cookie_is_httponly_and_samesite_lax(self, store: Store) -> None:
        client = TestClient(create_app(store))
        sign_up(TestClient(create_app(store)), "ana@example.org")
        response = client.post(
            "/api/v1/auth/signin", json={"email": "ana@example.org", "password": PASSWORD}
        )
        cookie = response.headers["set-cookie"].lower()
        assert f"{SESSION_COOKIE}=" in cookie
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "secure" not in cookie

    def test_the_cookie_is_secure_over_https(self, store: Store) -> None:
        client = TestClient(create_app(store), base_url="https://testserver")
        sign_up(TestClient(create_app(store)), "ana@example.org")
        response = client.post(
            "/api/v1/auth/signin", json={"email": "ana@example.org", "password": PASSWORD}
        )
        assert "secure" in response.headers["set-cookie"].lower()

    def test_signing_out_ends_the_session_in_the_store(self, store: Store) -> None:
        client = TestClient(create_app(store))
        sign_up(client, "ana@example.org")
        token = client.cookies[SESSION_COOKIE]
        assert client.post("/api/v1/auth/signout").status_code == 204
        stolen = TestClient(create_app(store), cookies={SESSION_COOKIE: token})
        assert stolen.get("/api/v1/me").status_code == 401

    def test_a_session_expires_after_two_weeks(self, store: Store) -> None:
        now = [datetime(2026, 1, 1, tzinfo=UTC)]
        client = TestClient(create_app(store, clock=lambda: now[0]))
        sign_up(client, "ana@example.org")
        now[0] += timedelta(days=13)
        assert client.get("/api/v1/me").status_code == 200
        now[0] += timedelta(days=2)
        assert client.get("/api/v1/me").status_code == 401

    def test_a_made_up_cookie_is_no_session(self, store: Store) -> None:
        client = TestClient(create_app(store), cookies={SESSION_COOKIE: "x" * 43})
        assert client.get("/api/v1/me").status_code == 401

    def test_pages_send_anonymous_visitors_to_sign_in_and_back(self, store: Store) -> None:
        client = TestClient(create_app(store))
        response = client.get("/activities", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/signin?next=/activities"
        sign_up(client, "ana@example.org")
        back = client.post(
            "/signin",
            data={"email": "ana@example.org", "password": PASSWORD, "next": "/activities"},
            follow_redirects=False,
        )
        assert back.headers["location"] == "/activities"

    def test_sign_in_never_redirects_off_site(self, store: Store) -> None:
        client = TestClient(create_app(store))
        sign_up(client, "ana@example.org")
        for target in ("//evil.example/", "https://evil.example/"):
            response = client.post(
                "/signin",
                data={"email": "ana@example.org", "password": PASSWORD, "next": target},
                follow_redirects=False,
            )
            assert response.headers["location"] == "/today"


class TestThrottling:
    def _attempt(self, client: TestClient, email: str, password: str) -> int:
        body = {"email": email, "password": password}
        return client.post("/api/v1/auth/signin", json=body).status_code

    def test_five_failures_lock_the_account_even_for_the_right_password(self, store: Store) -> None:
        now = [datetime(2026, 1, 1, tzinfo=UTC)]
        app = create_app(store, clock=lambda: now[0])
        sign_up(TestClient(app), "ana@example.org")
        client = TestClient(app)
        assert [self._attempt(client, "ana@example.org", "wrong-pass") for _ in range(5)] == [
            401
        ] * 5
        assert self._attempt(client, "ana@example.org", PASSWORD) == 429
        now[0] += timedelta(minutes=16)
        assert self._attempt(client, "ana@example.org", PASSWORD) == 200

    def test_five_failures_from_one_address_lock_that_address(self, store: Store) -> None:
        app = create_app(store)
        sign_up(TestClient(app), "ana@example.org")
        client = TestClient(app)
        for n in range(5):
            assert self._attempt(client, f"nobody{n}@example.org", "whatever1") == 401
        assert self._attempt(client, "ana@example.org", PASSWORD) == 429

    def test_the_page_says_so_too(self, store: Store) -> None:
        app = create_app(store)
        sign_up(TestClient(app), "ana@example.org")
        client = TestClient(app)
        for _ in range(5):
            client.post("/signin", data={"email": "ana@example.org", "password": "nope-nope"})
        page = client.post("/signin", data={"email": "ana@example.org", "password": PASSWORD})
        assert page.status_code == 429
        assert "too many failed sign-ins" in page.text


class TestPasswords:
    def test_only_an_argon2id_hash_is_stored(self, store: Store) -> None:
        from sqlalchemy import select  # noqa: PLC0415

        from achillescare.storage.models.web import UserRow  # noqa: PLC0415

        sign_up(TestClient(create_app(store)), "ana@example.org")
        with store.session() as session:
            stored = session.scalars(select(UserRow.password_hash)).one()
        assert stored.startswith("$argon2id$")
        assert PASSWORD not in stored
