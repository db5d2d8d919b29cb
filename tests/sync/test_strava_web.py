"""Strava in the web app, against the fake Strava: connect (OAuth2 with a session-bound state),
the first sync after it, disconnect, the webhook's subscription check, a new-activity event and
an athlete's deauthorisation (honoured only when Strava indeed refuses the token)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from achillescare.domain.runner import Runner
from achillescare.services.runners import resolve_runner
from achillescare.services.sync import strava
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from achillescare.web import create_app
from tests.fakes.strava import ATHLETE_ID, CLIENT_ID, FakeStrava
from tests.sync.conftest import NOW, VERIFY_TOKEN, link

PASSWORD = "calf-raises-daily-42"


def _clock() -> datetime:
    return NOW


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    """A runner signed up and signed in (the app's clock pinned to the fake's)."""
    with TestClient(create_app(store, clock=_clock)) as signed_in:
        body = {"email": "ana@example.org", "password": PASSWORD, "name": "Ana"}
        assert signed_in.post("/api/v1/auth/signup", json=body).status_code == 202
        assert (
            signed_in.post(
                "/api/v1/auth/signin", json={"email": body["email"], "password": PASSWORD}
            ).status_code
            == 200
        )
        yield signed_in


def the_runner(store: Store) -> Runner:
    return resolve_runner(store, "Ana")


def runs_of(store: Store, runner: Runner) -> list[str]:
    with store.session() as session:
        return sorted(a.source for a in activities_repo.list_for_runner(session, runner.id))


class TestConnect:
    def test_connect_then_callback_links_the_runner_and_brings_their_runs(
        self, store: Store, client: TestClient, fake_strava: FakeStrava
    ) -> None:
        page = client.get("/settings").text
        assert "Connect Strava" in page
        sent = client.get("/settings/strava/connect", follow_redirects=False)
        assert sent.status_code == 303
        target = urlsplit(sent.headers["location"])
        assert f"{target.scheme}://{target.netloc}{target.path}" == fake_strava.base_url.replace(
            "/api/v3", "/oauth/authorize"
        )
        query = {k: v[0] for k, v in parse_qs(target.query).items()}
        assert query["client_id"] == CLIENT_ID
        assert query["redirect_uri"] == "http://testserver/settings/strava/callback"
        assert "activity:read_all" in query["scope"]

        fake_strava.codes.add("consent-code")
        back = client.get(
            "/settings/strava/callback",
            params={
                "code": "consent-code",
                "state": query["state"],
                "scope": "read,activity:read_all",
            },
        )
        assert back.status_code == 200
        assert "Strava is connected" in back.text
        runner = the_runner(store)
        linked = strava.link_of(store, runner)
        assert linked.athlete_id == str(ATHLETE_ID)
        deadline = time.monotonic() + 60
        while len(runs_of(store, runner)) < 4:  # the first sync runs as a background job
            assert time.monotonic() < deadline, runs_of(store, runner)
            time.sleep(0.1)
        assert len(runs_of(store, runner)) == 4
        assert "Disconnect Strava" in client.get("/settings").text

    def test_a_callback_with_another_sessions_state_links_nothing(
        self, store: Store, client: TestClient, fake_strava: FakeStrava
    ) -> None:
        fake_strava.codes.add("consent-code")
        back = client.get(
            "/settings/strava/callback",
            params={"code": "consent-code", "state": "0" * 32, "scope": "activity:read_all"},
        )
        assert back.status_code == 422
        assert "start again from this page" in back.text
        assert strava.connected(store, the_runner(store)) is None

    def test_consent_without_activity_access_is_refused_in_words(
        self, store: Store, client: TestClient, fake_strava: FakeStrava
    ) -> None:
        state = parse_qs(
            urlsplit(
                client.get("/settings/strava/connect", follow_redirects=False).headers["location"]
            ).query
        )["state"][0]
        fake_strava.codes.add("consent-code")
        back = client.get(
            "/settings/strava/callback",
            params={"code": "consent-code", "state": state, "scope": "read"},
        )
        assert back.status_code == 422
        assert "View data about your activities" in back.text

    def test_disconnect_revokes_at_strava_and_forgets_the_link(
        self, store: Store, client: TestClient, fake_strava: FakeStrava
    ) -> None:
        link(store, the_runner(store), fake_strava)
        page = client.post("/settings/strava/disconnect")
        assert page.status_code == 200
        assert "Strava is disconnected" in page.text
        assert fake_strava.deauthorized
        assert strava.connected(store, the_runner(store)) is None

    def test_without_a_client_id_the_page_offers_no_strava(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("ACHILLES_STRAVA_CLIENT_ID", raising=False)
        assert "Strava" not in client.get("/settings").text
        assert client.get("/settings/strava/connect", follow_redirects=False).status_code == 404


class TestWebhook:
    def test_the_subscription_check_echoes_the_challenge_only_with_the_verify_token(
        self, client: TestClient, fake_strava: FakeStrava
    ) -> None:
        params = {"hub.mode": "subscribe", "hub.challenge": "15f7d1a91c1f40f8a748fd134752feb3"}
        good = client.get("/strava/webhook", params={**params, "hub.verify_token": VERIFY_TOKEN})
        assert good.status_code == 200
        assert good.json() == {"hub.challenge": "15f7d1a91c1f40f8a748fd134752feb3"}
        bad = client.get("/strava/webhook", params={**params, "hub.verify_token": "guess"})
        assert bad.status_code == 403

    def test_a_create_event_imports_that_one_activity(
        self, store: Store, client: TestClient, fake_strava: FakeStrava
    ) -> None:
        """Strava posts without a session cookie; the event names the athlete, not our runner.
        A ride's event, and another athlete's, import nothing."""
        runner = the_runner(store)
        link(store, runner, fake_strava, athlete_id=str(ATHLETE_ID))
        anonymous = TestClient(client.app)

        def event(object_id: int, owner_id: int = ATHLETE_ID) -> int:
            body = {
                "aspect_type": "create",
                "event_time": 1764573000,
                "object_id": object_id,
                "object_type": "activity",
                "owner_id": owner_id,
                "subscription_id": 120475,
                "updates": {},
            }
            return anonymous.post("/strava/webhook", json=body).status_code

        assert event(9_000_003) == 200
        assert runs_of(store, runner) == ["strava:9000003"]
        assert event(9_000_004) == 200  # the ride
        assert event(9_000_005, owner_id=1) == 200  # nobody here
        assert runs_of(store, runner) == ["strava:9000003"]
        assert event(9_000_003) == 200  # Strava may deliver an event twice
        assert runs_of(store, runner) == ["strava:9000003"]

    def test_update_and_delete_events_follow_strava_not_the_event(
        self, store: Store, client: TestClient, fake_strava: FakeStrava
    ) -> None:
        """An edit or a deletion on Strava reaches the synced run, checked with Strava first:
        a forged delete of a run Strava still has deletes nothing."""
        runner = the_runner(store)
        link(store, runner, fake_strava)
        strava.sync(store, runner, now=NOW)
        anonymous = TestClient(client.app)
        first, second = fake_strava.activities[0], fake_strava.activities[1]

        def event(aspect: str, object_id: int, updates: dict[str, str]) -> None:
            body = {
                "aspect_type": aspect, "event_time": 1764573000, "object_id": object_id,
                "object_type": "activity", "owner_id": ATHLETE_ID, "subscription_id": 120475,
                "updates": updates,
            }  # fmt: skip
            assert anonymous.post("/strava/webhook", json=body).status_code == 200

        def stored(strava_id: int) -> list[tuple[str | None, bool]]:
            with store.session() as session:
                return [
                    (a.name, a.excluded_reason is not None)
                    for a in activities_repo.list_for_runner(session, runner.id)
                    if a.source == f"strava:{strava_id}"
                ]

        event("delete", first["id"], {})  # forged: Strava still has it
        assert len(stored(first["id"])) == 1
        first["name"] = "Hill repeats, renamed"
        event("update", first["id"], {"title": "anything the sender likes"})
        assert stored(first["id"]) == [("Hill repeats, renamed", False)]
        second["type"] = second["sport_type"] = "Ride"
        event("update", second["id"], {"type": "Ride"})
        assert stored(second["id"]) == [(second["name"], True)]
        fake_strava.activities.remove(first)  # deleted on Strava
        event("delete", first["id"], {})
        assert stored(first["id"]) == []
        assert len(runs_of(store, runner)) == 3

    def test_deauthorisation_removes_the_link_only_when_strava_refuses_the_token(
        self, store: Store, client: TestClient, fake_strava: FakeStrava
    ) -> None:
        runner = the_runner(store)
        link(store, runner, fake_strava)
        strava.sync(store, runner, now=NOW)  # learns the athlete id
        event = {
            "aspect_type": "update",
            "event_time": 1516126040,
            "object_id": ATHLETE_ID,
            "object_type": "athlete",
            "owner_id": ATHLETE_ID,
            "subscription_id": 120475,
            "updates": {"authorized": "false"},
        }
        anonymous = TestClient(client.app)
        forged = anonymous.post("/strava/webhook", json=event)
        assert forged.status_code == 200
        assert strava.connected(store, runner) is not None  # Strava still takes the token

        fake_strava.deauthorized = True  # the athlete revoked the app at Strava
        assert anonymous.post("/strava/webhook", json=event).status_code == 200
        assert strava.connected(store, runner) is None
        assert len(runs_of(store, runner)) == 4  # the runs stay
