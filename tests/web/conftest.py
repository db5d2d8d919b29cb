"""Fixtures of the web tests: the demo clinic seeded once, copied into each test's own store."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from achillescare.demo.clinic import DEMO_PASSWORD, SPECIALIST_EMAIL, seed_demo_clinic
from achillescare.domain.runner import Runner
from achillescare.services.jobs import InProcessQueue
from achillescare.services.runners import runner_today
from achillescare.storage.db import Store, open_store
from achillescare.web import create_app
from achillescare.web.auth import server_today

RUNNER_EMAILS = {
    "steady": "steady@demo.achillescare.org",
    "spike": "spike@demo.achillescare.org",
    "rehab": "rehab@demo.achillescare.org",
    "redflag": "redflag@demo.achillescare.org",
}


@pytest.fixture(scope="session")
def clinic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding the demo clinic, seeded once per test session (it takes seconds)."""
    path = tmp_path_factory.mktemp("clinic") / "clinic.db"
    store = open_store(str(path))
    seed_demo_clinic(store, server_today())
    store.close()
    return path


@pytest.fixture
def clinic_store(clinic_db: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the demo clinic store: tests may change it freely."""
    copy = tmp_path / "clinic.db"
    shutil.copy(clinic_db, copy)
    store = open_store(str(copy))
    yield store
    store.close()


def stop_imports(app: FastAPI) -> None:
    """Let an upload's background import end before its store closes with the test."""
    jobs = app.state.achilles.jobs
    if isinstance(jobs, InProcessQueue):
        jobs.close(wait=True)


@pytest.fixture
def app_client(clinic_store: Store) -> Iterator[TestClient]:
    """A client of the app over the demo clinic, not signed in."""
    app = create_app(clinic_store, demo=True)
    with TestClient(app) as client:
        yield client
    stop_imports(app)


SignIn = Callable[[str], TestClient]


@pytest.fixture
def sign_in(clinic_store: Store) -> Iterator[SignIn]:
    """``sign_in("spike")`` → a new client signed in as that demo account (or an e-mail)."""
    app = create_app(clinic_store, demo=True)
    clients: list[TestClient] = []

    def make(who: str) -> TestClient:
        email = RUNNER_EMAILS.get(who, SPECIALIST_EMAIL if who == "physio" else who)
        client = TestClient(app)
        clients.append(client)
        response = client.post(
            "/api/v1/auth/signin", json={"email": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 200, response.text
        return client

    yield make
    for client in clients:
        client.close()
    stop_imports(app)


def runner_id(client: TestClient) -> int:
    """The runner profile of a signed-in runner client."""
    me = client.get("/api/v1/me").json()
    assert me["runner_id"] is not None
    return int(me["runner_id"])


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_of(runner: Runner) -> str:
    return runner_today(runner).isoformat()
