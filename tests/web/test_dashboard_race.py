"""A specialist never sees an older decision than the runner: with check-ins arriving while the
dashboard reloads, against the real ``achilles serve`` process on SQLite and on PostgreSQL.

A cached dashboard is stamped with the store's fingerprint; stamping it with one read after
building let a check-in committed in between hide behind the old view for good (a dashboard
saying ``rest`` while the runner's page and the newest decision-log row said ``run``, with only
reads after). Each burst here has runners check in while other threads reload the dashboard;
then, with reads only, the dashboard must agree with each runner's own page and newest log row.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from achillescare.services import accounts
from achillescare.storage.db import Store
from achillescare.storage.models.symptoms import DecisionLogRow
from tests.serving import Server, serving

PASSWORD = "heel-drops-every-day"
PHYSIO = "physio@race.test"
RUNNERS = 4
BURSTS = 12
CHECKINS_PER_BURST = 3
RELOADERS = 3
TIME_LIMIT_S = 60.0
PAINS = (0, 8)  # a pain-free morning and a painful one: two different decisions


def _seed(store: Store) -> list[str]:
    specialist = accounts.sign_up(store, PHYSIO, PASSWORD, "Physio", "specialist")
    emails = []
    now = datetime.now(UTC)
    for number in range(RUNNERS):
        email = f"runner{number}@race.test"
        user = accounts.sign_up(store, email, PASSWORD, f"Runner {number}", "runner")
        _, code = accounts.invite_specialist(store, user, PHYSIO, now)
        accounts.accept_invitation(store, specialist, code, now)
        emails.append(email)
    return emails


def _client(server: Server, email: str) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=60)
    response = client.post("/api/v1/auth/signin", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client


def _newest_logged(store: Store, runner_id: int) -> str:
    with store.session() as session:
        return session.scalars(
            select(DecisionLogRow.decision)
            .where(DecisionLogRow.runner_id == runner_id)
            .order_by(DecisionLogRow.id.desc())
            .limit(1)
        ).one()


def _race(store: Store, db: str, folder: Path) -> None:
    emails = _seed(store)
    with serving(db, folder) as server:
        physio = _client(server, PHYSIO)
        runners = [_client(server, email) for email in emails]
        ids = [int(c.get("/api/v1/me").json()["runner_id"]) for c in runners]
        reloaders = [_client(server, PHYSIO) for _ in range(RELOADERS)]
        try:
            _bursts(store, physio, runners, ids, reloaders)
        finally:  # a failed burst must not leave sockets open for later tests to trip over
            for client in [physio, *runners, *reloaders]:
                client.close()


def _bursts(
    store: Store,
    physio: httpx.Client,
    runners: list[httpx.Client],
    ids: list[int],
    reloaders: list[httpx.Client],
) -> None:
    failures: list[str] = []
    started = time.monotonic()
    bursts = 0
    writing = threading.Event()
    while bursts < BURSTS and time.monotonic() - started < TIME_LIMIT_S:
        bursts += 1
        writing.set()

        def check_in(client: httpx.Client, runner_id: int, burst: int = bursts) -> None:
            for turn in range(CHECKINS_PER_BURST):
                pain = PAINS[(burst + turn + runner_id) % 2]
                body = {"side": "left", "morning_pain": pain}
                response = client.post(f"/api/v1/runners/{runner_id}/checkins", json=body)
                if response.status_code != 200:
                    failures.append(f"check-in {response.status_code}: {response.text}")

        def reload(client: httpx.Client) -> None:
            while writing.is_set():
                response = client.get("/api/v1/clinic")
                if response.status_code != 200:
                    failures.append(f"dashboard {response.status_code}: {response.text}")

        writers = [
            threading.Thread(target=check_in, args=(c, i))
            for c, i in zip(runners, ids, strict=True)
        ]
        readers = [threading.Thread(target=reload, args=(c,)) for c in reloaders]
        for thread in readers + writers:
            thread.start()
        for thread in writers:
            thread.join()
        writing.clear()
        for thread in readers:
            thread.join()
        assert not failures, failures[:3]

        # Reads only from here: the dashboard first, then what each runner is shown.
        dashboard = physio.get("/api/v1/clinic").json()["runners"]
        shown = {r["runner_id"]: r["decision"] for r in dashboard}
        for runner_id in ids:
            own = physio.get(f"/api/v1/runners/{runner_id}/today").json()
            logged = _newest_logged(store, runner_id)
            assert (shown[runner_id], logged) == (own["decision"]["decision"], logged), (
                f"burst {bursts}: the dashboard shows {shown[runner_id]!r} for runner "
                f"{runner_id}, whose own page says {own['decision']['decision']!r} and "
                f"newest decision-log row {logged!r}"
            )
            assert logged == own["decision"]["decision"]
    assert bursts >= 3, f"only {bursts} bursts in {TIME_LIMIT_S:.0f} s"


@pytest.mark.slow
def test_the_dashboard_never_keeps_an_older_decision_than_the_runners_sqlite(
    store: Store, tmp_path: Path
) -> None:
    _race(store, str(tmp_path / "achilles.db"), tmp_path)


@pytest.mark.slow
@pytest.mark.postgres
def test_the_dashboard_never_keeps_an_older_decision_than_the_runners_postgresql(
    pg_store: Store, tmp_path: Path
) -> None:
    _race(pg_store, pg_store.engine.url.render_as_string(hide_password=False), tmp_path)
