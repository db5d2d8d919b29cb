"""Strava sync against a fake Strava on loopback that holds real corpus runs: what a first sync
imports, that a second imports nothing, that a run already imported from its file is one run,
token refresh, the rate limit (stop, then resume without importing twice) and pagination."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from achillescare.domain.activity.records import Activity
from achillescare.domain.runner import Runner
from achillescare.errors import LinkRevoked, NotFound, ServiceUnavailable
from achillescare.services.importing import import_paths
from achillescare.services.sync import SYNCS, strava
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import source_links
from tests.conftest import MakeRunner
from tests.fakes.strava import FakeStrava, corpus_activities
from tests.sync.conftest import NOW, RIDE_ID, RUNS, link


def stored(store: Store, runner: Runner) -> dict[str, Activity]:
    with store.session() as session:
        return {a.source: a for a in activities_repo.list_for_runner(session, runner.id)}


class TestFirstSync:
    def test_it_imports_the_runs_with_the_files_distance_time_heart_rate_and_cadence(
        self, any_store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        """Every run becomes an activity whose figures are Strava's (cadence doubled from per
        leg to steps per minute); the ride is skipped with the reason."""
        runner = make_runner(any_store)
        link(any_store, runner, fake_strava)
        report = SYNCS["strava"](any_store, runner, now=NOW)
        assert report.complete
        assert len(report.imported) == 4
        assert report.skipped == [(str(RIDE_ID), "not a run (Ride)")]
        activities = stored(any_store, runner)
        assert set(activities) == {f"strava:{i}" for i in RUNS}
        compressed = activities["strava:9000001"]
        parsed = corpus_activities(RUNS[9_000_001])[0]
        assert parsed.summary.distance_m is not None
        assert compressed.distance_m == pytest.approx(parsed.summary.distance_m, abs=0.1)
        assert compressed.duration_s == int(parsed.summary.elapsed_s or 0)
        assert compressed.avg_cadence_spm == pytest.approx(176.0, abs=0.2)  # 88 per leg
        assert compressed.start_utc == parsed.start_utc.replace(microsecond=0)
        fenix = activities["strava:9000002"]
        assert fenix.avg_hr_bpm is not None
        assert fenix.source_kind == "strava"
        assert fenix.is_run
        assert fenix.uphill_m is not None  # derived from the altitude stream, as for a file

    def test_the_streams_are_stored_so_the_run_has_the_same_figures_as_its_file(
        self, store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        """The altitude, heart-rate and cadence streams arrive: the stored streams have the
        file's length and the cadence stream is in steps per minute."""
        runner = make_runner(store)
        link(store, runner, fake_strava)
        strava.sync(store, runner, now=NOW)
        with store.session() as session:
            streams = dict(activities_repo.streams_for_runner(session, runner.id, ["running"]))
        fenix = stored(store, runner)["strava:9000002"]
        assert fenix.id is not None
        samples = streams[fenix.id]
        file_streams = corpus_activities(RUNS[9_000_002])[0].streams
        assert file_streams is not None
        assert len(samples) == len(file_streams)
        assert samples.cadence_spm is not None
        assert 140 < float(samples.cadence_spm[len(samples) // 2]) < 200
        assert samples.altitude_m is not None
        assert samples.heart_rate_bpm is not None

    def test_a_second_sync_imports_nothing_and_asks_for_one_page(
        self, store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        runner = make_runner(store)
        link(store, runner, fake_strava)
        strava.sync(store, runner, now=NOW)
        before = len(fake_strava.log)
        again = strava.sync(store, runner, now=NOW)
        assert (again.imported, again.duplicates, again.skipped) == ([], [], [])
        newer = fake_strava.log[before:]
        assert [r.path for r in newer] == ["/api/v3/athlete/activities"]
        assert int(newer[0].query["after"]) == int(
            datetime(2019, 1, 29, 10, 25, 13, tzinfo=UTC).timestamp()
        )

    def test_a_run_imported_from_its_fit_file_is_a_duplicate_and_its_streams_are_not_fetched(
        self, any_store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        runner = make_runner(any_store)
        imported = import_paths(any_store, runner.name, [RUNS[9_000_002]])
        assert len(imported.imported) == 1
        link(any_store, runner, fake_strava)
        report = strava.sync(any_store, runner, now=NOW)
        assert report.duplicates == ["9000002"]
        assert len(report.imported) == 3
        assert fake_strava.requests_to("/activities/9000002/streams") == []
        sources = set(stored(any_store, runner))
        assert "strava:9000002" not in sources
        assert imported.imported[0].source in sources


class TestTokens:
    def test_an_expired_token_is_refreshed_then_the_sync_succeeds(
        self, store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        runner = make_runner(store)
        link(store, runner, fake_strava, expires_in=-60)
        old = strava.link_of(store, runner)
        report = strava.sync(store, runner, now=NOW)
        assert len(report.imported) == 4
        assert [r.status for r in fake_strava.requests_to("/oauth/token")] == [200]
        new = strava.link_of(store, runner)
        assert new.access_token != old.access_token
        assert new.refresh_token != old.refresh_token
        assert new.expires_at is not None
        assert new.expires_at > NOW.timestamp()
        assert new.athlete_id == "26462176"

    def test_a_token_that_is_still_good_is_not_refreshed(
        self, store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        runner = make_runner(store)
        link(store, runner, fake_strava)
        strava.sync(store, runner, now=NOW)
        assert fake_strava.requests_to("/oauth/token") == []

    def test_a_revoked_authorisation_says_connect_again(
        self, store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        runner = make_runner(store)
        link(store, runner, fake_strava)
        fake_strava.deauthorized = True
        with pytest.raises(LinkRevoked, match="connect Strava again"):
            strava.sync(store, runner, now=NOW)

    def test_a_wrong_client_secret_is_the_servers_problem_not_the_runners(
        self,
        store: Store,
        make_runner: MakeRunner,
        fake_strava: FakeStrava,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Strava's 401 to the token request blames the application: the link is not revoked."""
        monkeypatch.setenv("ACHILLES_STRAVA_CLIENT_SECRET", "not-the-secret")
        runner = make_runner(store)
        link(store, runner, fake_strava, expires_in=-60)
        with pytest.raises(ServiceUnavailable, match="application id or secret") as caught:
            strava.sync(store, runner, now=NOW)
        assert not isinstance(caught.value, LinkRevoked)

    def test_a_runner_without_a_link_is_told(self, store: Store, make_runner: MakeRunner) -> None:
        runner = make_runner(store)
        with pytest.raises(NotFound, match="has not connected Strava"):
            strava.sync(store, runner, now=NOW)


class TestRateLimit:
    def test_a_429_stops_the_sync_with_its_resume_time_and_the_next_finishes_without_doubles(
        self, any_store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        """Another server of the application spends the window after five requests (athlete,
        list, three streams): the fourth stream is refused with a 429. The next window goes on
        from the stored cursor."""
        fake_strava.spent_elsewhere_after = 5
        runner = make_runner(any_store)
        link(any_store, runner, fake_strava)
        first = strava.sync(any_store, runner, now=NOW)
        assert first.resume_after == datetime(2026, 12, 1, 7, 15, tzinfo=UTC)
        assert not first.complete
        assert len(first.imported) == 3
        assert [r.status for r in fake_strava.log].count(429) == 1
        assert strava.link_of(any_store, runner).cursor == {"after": 0, "page": 1, "newest": 0}

        fake_strava.new_window()
        second = strava.sync(any_store, runner, now=NOW)
        assert second.complete
        assert len(second.imported) == 1
        assert second.duplicates == []
        sources = [a.source for a in stored(any_store, runner).values()]
        assert sorted(sources) == sorted(f"strava:{i}" for i in RUNS)

    def test_the_usage_headers_stop_the_sync_before_strava_has_to_refuse(
        self, store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        """When the answer says the window is spent, no further request is sent."""
        fake_strava.limits = (3, 1000)
        runner = make_runner(store)
        link(store, runner, fake_strava)
        report = strava.sync(store, runner, now=NOW)
        assert report.resume_after is not None
        assert [r.status for r in fake_strava.log].count(429) == 0
        assert len(fake_strava.log) == 3

    def test_a_spent_day_resumes_after_midnight_utc(
        self, store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        fake_strava.limits = (100, 2)
        runner = make_runner(store)
        link(store, runner, fake_strava)
        report = strava.sync(store, runner, now=NOW)
        assert report.resume_after == datetime(2026, 12, 2, tzinfo=UTC)


class TestPagination:
    def test_a_long_history_is_read_page_by_page_oldest_first(
        self, store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        runner = make_runner(store)
        link(store, runner, fake_strava)
        report = strava.sync(store, runner, now=NOW, per_page=2)
        assert len(report.imported) == 4
        pages = [r.query for r in fake_strava.requests_to("/athlete/activities")]
        assert [(q["page"], q["after"], q["per_page"]) for q in pages] == [
            ("1", "0", "2"),
            ("2", "0", "2"),
            ("3", "0", "2"),
        ]
        cursor = strava.link_of(store, runner).cursor
        assert cursor == {"after": int(datetime(2019, 1, 29, 10, 25, 13, tzinfo=UTC).timestamp())}

    def test_a_sync_stopped_on_page_two_goes_on_from_page_two(
        self, store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
    ) -> None:
        fake_strava.limits = (5, 1000)  # athlete, page 1 and its 2 streams, page 2: spent
        runner = make_runner(store)
        link(store, runner, fake_strava)
        first = strava.sync(store, runner, now=NOW, per_page=2)
        assert first.resume_after is not None
        assert strava.link_of(store, runner).cursor["page"] == 2
        fake_strava.new_window()
        before = len(fake_strava.log)
        second = strava.sync(store, runner, now=NOW, per_page=2)
        assert second.complete
        assert [r.query["page"] for r in fake_strava.log[before:] if "page" in r.query] == [
            "2",
            "3",
        ]
        assert len(first.imported) + len(second.imported) == 4


def test_links_are_stored_per_runner(
    store: Store, make_runner: MakeRunner, fake_strava: FakeStrava
) -> None:
    """Two runners, one link: the other runner's sync is refused, the linked one's works."""
    ana, ben = make_runner(store), make_runner(store, "Ben")
    link(store, ana, fake_strava)
    with store.session() as session:
        assert [one.runner_id for one in source_links.for_source(session, "strava")] == [ana.id]
    with pytest.raises(NotFound):
        strava.sync(store, ben, now=NOW)
