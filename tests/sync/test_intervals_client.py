"""The intervals.icu client on what a server may answer besides the happy path: every trouble
becomes one error of the tree with a sentence, never an httpx or JSON exception."""

from __future__ import annotations

from datetime import date

import pytest

from achillescare.errors import RateLimited, ServiceUnavailable
from achillescare.services.sync.intervals_api import (
    IntervalsClient,
    activity_of,
    wellness_of,
)
from tests.fakes.intervals import API_KEY, FakeIntervals, strava_stub, wellness_day
from tests.serving import free_port


def test_a_429_without_retry_after_waits_a_minute(fake_intervals: FakeIntervals) -> None:
    fake_intervals.throttle_after = 0
    with IntervalsClient(API_KEY) as client, pytest.raises(RateLimited) as raised:
        client.athlete()
    assert raised.value.retry_after_s == fake_intervals.retry_after_s


def test_an_unreachable_server_is_named_in_words() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    client = IntervalsClient(API_KEY, base_url=url)
    with client, pytest.raises(ServiceUnavailable, match="could not be reached"):
        client.activities("0", date(2025, 1, 1), date(2025, 1, 31))


def test_an_unknown_path_is_a_service_error_not_a_crash(fake_intervals: FakeIntervals) -> None:
    client = IntervalsClient(API_KEY, base_url=fake_intervals.url + "/elsewhere")
    with client, pytest.raises(ServiceUnavailable, match="answered 404"):
        client.wellness("0", date(2025, 1, 1), date(2025, 1, 31))


def test_a_strava_stub_is_recognised_by_its_note() -> None:
    stub = activity_of(strava_stub("15551234", "2025-03-02T07:30:00"))
    assert stub.is_stub
    assert (stub.type, stub.distance_m) == (None, None)


def test_an_activity_without_an_id_is_refused() -> None:
    with pytest.raises(ServiceUnavailable, match="without an id"):
        activity_of({"start_date_local": "2025-03-02T07:30:00", "type": "Run"})


def test_wellness_figures_are_read_in_si_and_the_rest_left_out() -> None:
    day = wellness_of(wellness_day("2025-03-02", restingHR=47, hrv=65.3, sleepSecs=28800,
                                   soreness=3.0, weight=61.2))  # fmt: skip
    assert day is not None
    assert (day.resting_hr_bpm, day.hrv_ms, day.sleep_h, day.soreness) == (47, 65.3, 8.0, 3)
    assert day.injury is None
    assert wellness_of(wellness_day("2025-03-03")).empty  # type: ignore[union-attr]
    assert wellness_of({"id": "not a date"}) is None
