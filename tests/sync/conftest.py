"""Fixtures of the Strava sync tests: a fake Strava on loopback holding real corpus runs, and the
settings (``ACHILLES_STRAVA_*``) pointing the app at it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from achillescare.domain.runner import Runner
from achillescare.services.sync import strava
from achillescare.storage.db import Store
from tests.conftest import TEST_DATA
from tests.fakes.strava import CLIENT_ID, CLIENT_SECRET, FakeStrava, corpus_activities, running

NOW = datetime(2026, 12, 1, 7, 10, tzinfo=UTC)
VERIFY_TOKEN = "tendon-verify"
RUNS = {
    9_000_001: TEST_DATA / "fit" / "fitparse__compressed-speed-distance.fit",  # 2012, 10.2 km
    9_000_002: TEST_DATA / "fit" / "fitparse__activity-small-fenix2-run.fit",  # 2015, 9.0 km
    9_000_003: TEST_DATA / "fit" / "fitparse__developer-types-sample.fit",  # 2017, 6.8 km
    9_000_005: TEST_DATA / "tcx" / "sweatpy__3173437224.tcx.gz",  # 2019, 4.5 km
}
RIDE_ID = 9_000_004
RIDE = TEST_DATA / "fit" / "fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit"


def load_athlete(fake: FakeStrava) -> None:
    """The athlete's Strava: four runs and a ride (2017-08-21), from the corpus."""
    for activity_id, path in RUNS.items():
        fake.add(corpus_activities(path)[0], activity_id)
    fake.add(corpus_activities(RIDE)[0], RIDE_ID)


@pytest.fixture
def fake_strava(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeStrava]:
    """The fake Strava, serving, with the athlete's activities; the app's settings point at it."""
    fake = FakeStrava(now=NOW.timestamp())
    load_athlete(fake)
    with running(fake):
        monkeypatch.setenv("ACHILLES_STRAVA_BASE_URL", fake.base_url)
        monkeypatch.setenv("ACHILLES_STRAVA_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("ACHILLES_STRAVA_CLIENT_SECRET", CLIENT_SECRET)
        monkeypatch.setenv("ACHILLES_STRAVA_VERIFY_TOKEN", VERIFY_TOKEN)
        yield fake


def link(
    store: Store,
    runner: Runner,
    fake: FakeStrava,
    *,
    expires_in: float = 21600,
    athlete_id: str | None = None,
) -> None:
    """Give the runner tokens the fake issued (as ``achilles strava link`` does)."""
    tokens = fake.issue_tokens(expires_in=expires_in)
    strava.link_tokens(
        store,
        runner,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        expires_at=tokens["expires_at"],
        athlete_id=athlete_id,
    )


def paths_of(*ids: int) -> list[Path]:
    return [RUNS[i] for i in ids]
