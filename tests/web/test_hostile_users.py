"""Attacks by hostile users against the real ``achilles serve`` process (SQLite and PostgreSQL):
parallel sign-ins racing the limit, upload names that try to leave the upload folder."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from achillescare import errors
from achillescare.services import accounts
from achillescare.storage.db import Store
from tests.serving import serving
from tests.uploads import api_import

PASSWORD = "correct horse battery"
EMAIL = "ana@example.org"


def served_url(store: Store) -> str:
    """What ``--db`` needs to open the same store as the test (file path or PostgreSQL URL)."""
    if store.engine.dialect.name == "sqlite":
        return str(store.engine.url.database)
    return store.engine.url.render_as_string(hide_password=False)


def parallel_sign_ins(url: str, passwords: list[str]) -> list[int]:
    """Every password sent at once (one thread each, released together); the statuses in order."""
    statuses = [0] * len(passwords)
    start = threading.Barrier(len(passwords))

    def attempt(n: int) -> None:
        start.wait()
        response = httpx.post(
            f"{url}/api/v1/auth/signin",
            json={"email": EMAIL, "password": passwords[n]},
            timeout=120,
        )
        statuses[n] = response.status_code

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(len(passwords))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_thirty_parallel_sign_ins_get_at_most_five_password_checks(
    any_store: Store, tmp_path: Path
) -> None:
    """29 wrong passwords and the right one 20th, all at once: the limit is not raced."""
    accounts.sign_up(any_store, EMAIL, PASSWORD, "Ana", "runner")
    passwords = [f"wrong-guess-{n}" for n in range(30)]
    passwords[19] = PASSWORD
    with serving(served_url(any_store), tmp_path) as server:
        statuses = parallel_sign_ins(server.url, passwords)
        checked = [s for s in statuses if s in {200, 401}]
        assert len(checked) <= 5, statuses
        assert statuses.count(429) >= 25, statuses
        assert set(statuses) <= {200, 401, 429}, statuses
        after = httpx.post(
            f"{server.url}/api/v1/auth/signin",
            json={"email": EMAIL, "password": PASSWORD},
            timeout=60,
        )
        assert after.status_code == 429, server.output()


FIT = Path(__file__).resolve().parent.parent / "data" / "fit"


def test_upload_names_that_are_no_file_names_get_a_reason_not_a_500(
    store: Store, tmp_path: Path
) -> None:
    """``..``, a 300-character name, ``.hidden.fit`` and a path: each has a line in the result,
    the server stays up, and nothing is written beside the upload folder."""
    long_name = "a" * 296 + ".fit"
    parts = [
        ("..", "fitparse__garmin-fenix-5-run.fit"),
        (long_name, "fitparse__garmin-fenix-5-walk.fit"),
        (".hidden.fit", "fitparse__activity-small-fenix2-run.fit"),
        ("../../escaped.fit", "sweatpy__6471559601_ACTIVITY.fit"),
    ]
    files = [("files", (name, (FIT / real).read_bytes())) for name, real in parts]
    with serving(served_url(store), tmp_path) as server, httpx.Client(timeout=120) as client:
        signed = client.post(
            f"{server.url}/api/v1/auth/signup",
            json={"email": EMAIL, "password": PASSWORD, "name": "Ana", "role": "runner"},
        )
        assert signed.status_code == 202, signed.text
        signed = client.post(
            f"{server.url}/api/v1/auth/signin", json={"email": EMAIL, "password": PASSWORD}
        )
        runner_id = signed.json()["runner_id"]
        response = client.post(f"{server.url}/api/v1/runners/{runner_id}/imports", files=files)
        assert response.status_code == 202, server.output()
        job = api_import(client, response)
        outcomes = job["result"]["outcomes"]
        assert job["result"]["files"] == len(parts)
        by_source: dict[str, list[dict[str, str]]] = {}
        for outcome in outcomes:
            by_source.setdefault(outcome["source"], []).append(outcome)
        dropped = by_source[".."]
        assert [o["status"] for o in dropped] == ["skipped"]
        assert "name" in dropped[0]["detail"]
        assert "hidden.fit" in by_source or ".hidden.fit" in by_source, outcomes
        assert any(source.startswith("aaaa") for source in by_source), outcomes
        assert any("escaped.fit" in source for source in by_source), outcomes  # "#1": a session
        assert all(o["detail"] for o in outcomes)
        assert client.get(f"{server.url}/signin").status_code == 200
    assert not list(tmp_path.rglob("escaped.fit"))
    assert not list(Path("/tmp").glob("escaped.fit"))


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx would send loopback requests through a proxy named in the environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_after_one_typo_signing_in_again_and_again_is_never_limited(any_store: Store) -> None:
    """Only a full window of parallel guesses keeps a right password's slot: a person who
    mistyped once signs in on every device without locking themselves or their address out."""
    from datetime import UTC, datetime  # noqa: PLC0415

    accounts.sign_up(any_store, EMAIL, PASSWORD, "Ana", "runner")
    now = datetime(2026, 11, 20, 8, tzinfo=UTC)
    with pytest.raises(errors.Unauthenticated):
        accounts.sign_in(any_store, EMAIL, "a typo here", "198.51.100.4", now)
    for _ in range(8):
        assert accounts.sign_in(any_store, EMAIL, PASSWORD, "198.51.100.4", now).email == EMAIL
