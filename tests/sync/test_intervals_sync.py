"""intervals.icu sync against the fake server on 127.0.0.1: runs arrive through the same import
path as uploaded files (one run however it arrives), other activities are skipped with the
reason, wellness days are stored and drawn on the timeline, a refused key and the rate limit end
a sync in words and lose nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput, LinkRevoked
from achillescare.services.activities import list_activities
from achillescare.services.importing import import_paths
from achillescare.services.sync import intervals
from achillescare.services.timeline import runner_timeline
from achillescare.storage.db import Store
from achillescare.storage.repos import wellness as wellness_repo
from tests.conftest import MakeRunner, corpus_dir
from tests.fakes.intervals import API_KEY, ATHLETE_ID, FakeIntervals, activity
from tests.sync.history import FENIX2, fit, load_history

NOW = datetime(2015, 8, 20, 8, 0, tzinfo=UTC)
SINCE = date(2013, 1, 1)


def _linked(store: Store, make_runner: MakeRunner, fake: FakeIntervals) -> Runner:
    load_history(fake)
    runner = make_runner(store)
    intervals.link(store, runner, API_KEY, since=SINCE)
    return runner


class TestLink:
    def test_it_checks_the_key_and_stores_the_athlete_the_key_opens(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = make_runner(store)
        link = intervals.link(store, runner, f"  {API_KEY}\n")
        assert (link.athlete_id, link.api_key) == (ATHLETE_ID, API_KEY)
        assert fake_intervals.requests == ["/api/v1/athlete/0"]
        assert intervals.current_link(store, runner) == link

    def test_a_wrong_key_is_refused_in_words_and_nothing_is_stored(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = make_runner(store)
        with pytest.raises(LinkRevoked, match="Settings → Developer"):
            intervals.link(store, runner, "not-the-key")
        assert intervals.current_link(store, runner) is None

    def test_an_athlete_id_is_checked_before_it_goes_into_a_request(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = make_runner(store)
        with pytest.raises(InvalidInput, match="i12345"):
            intervals.link(store, runner, API_KEY, athlete_id="../activity/i1")
        assert fake_intervals.requests == []
        assert (
            intervals.link(store, runner, API_KEY, athlete_id=ATHLETE_ID).athlete_id == ATHLETE_ID
        )
        assert fake_intervals.requests == [f"/api/v1/athlete/{ATHLETE_ID}"]


class TestFirstSync:
    def test_it_imports_each_run_from_its_original_file(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = _linked(store, make_runner, fake_intervals)
        report = intervals.sync(store, runner, now=NOW)
        runs = sorted(list_activities(store, runner), key=lambda a: a.start_utc)
        assert len(report.imported) == 2 == len(runs)
        assert [round(a.distance_m) for a in runs] == [4835, 9008]
        assert [round(a.moving_s) for a in runs] == [2625, 2832]
        assert runs[1].start_utc == datetime(2015, 8, 15, 14, 45, 8, tzinfo=UTC)
        assert [a.source for a in runs] == ["intervals.icu activity i1001",
                                            "intervals.icu activity i1002"]  # fmt: skip
        assert all(a.content_sha256 for a in runs)  # the file's hash, as an upload's
        assert report.complete
        assert report.duplicates == []

    def test_only_runs_are_downloaded_and_the_rest_is_skipped_with_the_reason(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = _linked(store, make_runner, fake_intervals)
        report = intervals.sync(store, runner, now=NOW)
        skipped = dict(report.skipped)
        assert skipped["i1003"] == "not a run (Ride)"
        assert skipped["i1005"] == "not a run (WeightTraining)"
        assert skipped["15551234"] == "STRAVA activities are not available via the API"
        assert skipped["i1006"] == "intervals.icu holds no file for it"
        assert sorted(fake_intervals.file_requests()) == [
            "/api/v1/activity/i1001/file", "/api/v1/activity/i1002/file",
            "/api/v1/activity/i1006/file",
        ]  # fmt: skip

    def test_it_walks_the_history_in_windows_and_keeps_the_newest_day_done(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = _linked(store, make_runner, fake_intervals)
        intervals.sync(store, runner, now=NOW)
        lists = fake_intervals.asked("/activities")
        days = (NOW.date() - SINCE).days + 1
        assert len(lists) == -(-days // intervals.WINDOW_DAYS)
        link = intervals.current_link(store, runner)
        assert link is not None
        assert link.cursor["done_until"] == NOW.astimezone().date().isoformat()
        assert link.last_synced_at == NOW


class TestDuplicates:
    def test_a_second_sync_imports_nothing_and_downloads_nothing(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = _linked(store, make_runner, fake_intervals)
        intervals.sync(store, runner, now=NOW)
        fake_intervals.requests.clear()
        again = intervals.sync(store, runner, now=NOW + timedelta(hours=3))
        assert again.imported == []
        assert again.duplicates == ["i1002"]  # listed again (the last week), known by its id
        assert fake_intervals.file_requests() == ["/api/v1/activity/i1006/file"]  # still no file
        assert len(list_activities(store, runner)) == 2

    def test_a_run_uploaded_from_the_same_file_is_one_run(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = _linked(store, make_runner, fake_intervals)
        uploaded = import_paths(store, runner.name, [corpus_dir("fit") / FENIX2])
        assert len(uploaded.imported) == 1
        report = intervals.sync(store, runner, now=NOW)
        assert "i1002" in report.duplicates
        assert len(report.imported) == 1
        assert sorted(a.source for a in list_activities(store, runner))[0].endswith(FENIX2)
        assert len(list_activities(store, runner)) == 2

    def test_the_same_run_from_another_file_is_one_run(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        """A GPX uploaded earlier and the watch's FIT from intervals.icu: start and distance
        match, so the FIT is the duplicate (the house rule of the import)."""
        runner = make_runner(store)
        intervals.link(store, runner, API_KEY, since=date(2017, 10, 1))
        gpx = import_paths(store, runner.name, [corpus_dir("gpx") / "sportslib__2067489619.gpx"])
        assert len(gpx.imported) == 1
        fake_intervals.activities = [
            activity("i2001", "2017-10-08T16:54:11", "2017-10-08T14:54:11Z", "Run", 4489.39, 2820)
        ]
        fake_intervals.files = {"i2001": fit("sportslib__2067489619.fit")}
        report = intervals.sync(store, runner, now=datetime(2017, 10, 20, tzinfo=UTC))
        assert (report.imported, report.duplicates) == ([], ["i2001"])
        assert len(list_activities(store, runner)) == 1


class TestWellness:
    def test_the_days_with_figures_are_stored_and_empty_days_are_not(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = _linked(store, make_runner, fake_intervals)
        report = intervals.sync(store, runner, now=NOW)
        assert report.wellness_days == 3
        with store.session() as session:
            days = {d.day: d for d in wellness_repo.for_runner(session, runner.id)}
        assert sorted(days) == [date(2014, 5, 2), date(2015, 8, 14), date(2015, 8, 15)]
        full = days[date(2015, 8, 14)]
        assert (full.resting_hr_bpm, full.hrv_ms, full.sleep_h) == (48, 71.5, 7.5)
        assert (full.sleep_score, full.soreness, full.injury) == (82, 2, 1)

    def test_they_sit_on_the_timeline_beside_the_runners_own_answers(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = _linked(store, make_runner, fake_intervals)
        intervals.sync(store, runner, now=NOW)
        timeline = runner_timeline(store, runner, date(2015, 8, 10), date(2015, 8, 20))
        by_day = {row.day: row for row in timeline.rows}
        assert by_day[date(2015, 8, 14)].to_json()["wellness"] == {
            "resting_hr_bpm": 48.0, "hrv_ms": 71.5, "sleep_h": 7.5, "sleep_score": 82.0,
            "soreness": 2.0, "injury": 1.0,
        }  # fmt: skip
        assert by_day[date(2015, 8, 14)].morning_pain == {}  # soreness is never a pain answer
        assert "wellness" not in timeline.omitted


class TestRefusedKey:
    def test_a_revoked_key_ends_the_sync_in_words_and_marks_the_link(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = _linked(store, make_runner, fake_intervals)
        fake_intervals.api_key = "a-new-key"  # the runner made a new key in intervals.icu
        with pytest.raises(LinkRevoked, match="refused the API key"):
            intervals.sync(store, runner, now=NOW)
        link = intervals.current_link(store, runner)
        assert link is not None
        assert link.api_key == API_KEY
        assert link.cursor["refused_at"] == NOW.isoformat()
        relinked = intervals.link(store, runner, "a-new-key")
        assert "refused_at" not in relinked.cursor
        assert relinked.cursor["since"] == SINCE.isoformat()  # same athlete: history kept


class TestRateLimit:
    def test_a_429_stops_the_sync_which_goes_on_from_its_cursor_next_time(
        self, store: Store, make_runner: MakeRunner, fake_intervals: FakeIntervals
    ) -> None:
        runner = _linked(store, make_runner, fake_intervals)
        fake_intervals.throttle_after = (
            3  # the first window, the second's list, then its run's file
        )
        stopped = intervals.sync(store, runner, now=NOW)
        assert stopped.resume_after == NOW + timedelta(seconds=fake_intervals.retry_after_s)
        assert not stopped.complete
        assert stopped.imported == []
        link = intervals.current_link(store, runner)
        assert link is not None
        done = link.cursor["done_until"]
        assert done == (SINCE + timedelta(days=intervals.WINDOW_DAYS - 1)).isoformat()

        fake_intervals.throttle_after = None
        fake_intervals.requests.clear()
        resumed = intervals.sync(store, runner, now=NOW + timedelta(minutes=5))
        assert resumed.complete
        assert len(resumed.imported) == 2
        first = fake_intervals.asked("/activities")[0]
        resumed_from = date.fromisoformat(done) - timedelta(days=intervals.OVERLAP_DAYS)
        assert f"oldest={resumed_from.isoformat()}" in first
        assert len(list_activities(store, runner)) == 2
