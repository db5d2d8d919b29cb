"""The pure pieces of the Strava sync on recorded answers: a recorded SummaryActivity becomes the
record a file would, and the recorded rate-limit headers give the right budget and resume time."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from achillescare.services.sync.strava_api import RateBudget, next_day, next_quarter_hour
from achillescare.services.sync.strava_records import parsed_activity, run_sport
from tests.conftest import TEST_DATA

RECORDED = json.loads((TEST_DATA / "strava" / "summary_activity.json").read_text(encoding="utf-8"))


class TestParsedActivity:
    def test_the_recorded_run_keeps_strava_s_totals_with_cadence_in_steps_per_minute(
        self,
    ) -> None:
        parsed = parsed_activity(RECORDED, None)
        assert parsed.sport == "running"
        assert parsed.start_utc == datetime(2025, 10, 18, 12, 49, 52, tzinfo=UTC)
        assert parsed.utc_offset_s == -14400
        assert parsed.summary.distance_m == 22601.3
        assert parsed.summary.elapsed_s == 7792
        assert parsed.summary.moving_s == 7772
        assert parsed.summary.elevation_gain_m == 202.0
        assert parsed.summary.avg_cadence_spm == pytest.approx(157.4)  # 78.7 per leg
        assert parsed.summary.avg_heart_rate_bpm == 159.6
        assert parsed.streams is None

    def test_streams_keyed_by_type_become_channels_and_cadence_is_doubled(self) -> None:
        streams = {
            "time": {"data": [0, 1, 2], "series_type": "distance", "original_size": 3},
            "distance": {"data": [0.0, 2.8, 5.6], "series_type": "distance", "original_size": 3},
            "cadence": {"data": [80, 81, 82], "series_type": "distance", "original_size": 3},
            "latlng": {"data": [[40.75, -73.99], [40.76, -73.98], [40.77, -73.97]]},
            "heartrate": {"data": [120, 121], "series_type": "distance"},  # wrong length: left out
        }
        parsed = parsed_activity(RECORDED, streams)
        got = parsed.streams
        assert got is not None
        assert got.cadence_spm is not None
        assert got.distance_m is not None
        assert got.latitude_deg is not None
        assert got.cadence_spm.tolist() == [160.0, 162.0, 164.0]
        assert got.distance_m.tolist() == [0.0, 2.8, 5.6]
        assert got.latitude_deg.tolist() == [40.75, 40.76, 40.77]
        assert got.heart_rate_bpm is None

    @pytest.mark.parametrize(
        ("sport_type", "sport"),
        [("Run", "running"), ("TrailRun", "trail_running"), ("VirtualRun", "treadmill_running"),
         ("Ride", None), ("Walk", None)],
    )  # fmt: skip
    def test_only_runs_are_runs(self, sport_type: str, sport: str | None) -> None:
        assert run_sport({**RECORDED, "type": sport_type, "sport_type": sport_type}) == sport


class TestRateBudget:
    def test_the_tighter_of_the_recorded_overall_and_read_limits_is_kept(self) -> None:
        budget = RateBudget()
        budget.observe(
            httpx.Headers(
                {
                    "X-Ratelimit-Limit": "200,2000",
                    "X-Ratelimit-Usage": "8,151",
                    "X-Readratelimit-Limit": "100,1000",
                    "X-Readratelimit-Usage": "8,151",
                }
            )
        )
        assert (budget.limit_15min, budget.used_15min) == (100, 8)
        assert (budget.limit_day, budget.used_day) == (1000, 151)
        assert budget.resume_after(datetime(2026, 12, 1, 7, 10, tzinfo=UTC)) is None

    def test_a_spent_window_resumes_on_the_next_quarter_hour_and_a_spent_day_at_midnight(
        self,
    ) -> None:
        now = datetime(2026, 12, 1, 23, 59, 30, tzinfo=UTC)
        assert next_quarter_hour(now) == datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
        assert next_day(now) == datetime(2026, 12, 2, tzinfo=UTC)
        spent = RateBudget(used_15min=100)
        assert spent.resume_after(now) == datetime(2026, 12, 2, tzinfo=UTC)
        assert RateBudget(used_day=1000).resume_after(datetime(2026, 12, 1, 7, tzinfo=UTC)) == (
            datetime(2026, 12, 2, tzinfo=UTC)
        )
