"""The timeline's rows and its default range, from records (no store)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.domain.sync.wellness import WellnessDay
from achillescare.domain.timeline import (
    DEFAULT_DAYS,
    DaySignal,
    TimelineEvent,
    TimelineRun,
    TimelineScore,
    build_timeline,
    data_days,
    default_range,
    empty_series,
    preset_range,
    red_flag_events,
)
from achillescare.errors import InvalidInput

TODAY = date(2026, 12, 3)


class TestDefaultRange:
    def test_it_shows_the_last_six_weeks_when_there_is_recent_data(self) -> None:
        start, end = default_range([TODAY - timedelta(days=3)], TODAY)
        assert (start, end) == (TODAY - timedelta(days=DEFAULT_DAYS - 1), TODAY)

    def test_an_old_history_is_shown_where_its_data_ends_not_as_an_empty_chart(self) -> None:
        last = date(2024, 5, 16)
        start, end = default_range([date(2022, 5, 9), last], TODAY)
        assert end == last
        assert start == last - timedelta(days=DEFAULT_DAYS - 1)

    def test_with_no_data_it_shows_the_last_six_weeks(self) -> None:
        assert default_range([], TODAY)[1] == TODAY

    def test_future_days_do_not_move_the_range(self) -> None:
        _, end = default_range([TODAY + timedelta(days=30), date(2020, 1, 1)], TODAY)
        assert end == date(2020, 1, 1)

    def test_all_starts_on_the_first_day_with_data(self) -> None:
        assert preset_range("all", TODAY, date(2022, 5, 9)) == (date(2022, 5, 9), TODAY)
        assert preset_range("1y", TODAY, None) == (TODAY - timedelta(days=364), TODAY)


class TestRows:
    def test_runs_of_a_day_add_up_and_unknown_features_stay_unknown(self) -> None:
        day = date(2024, 4, 3)
        rows = build_timeline(
            day,
            day + timedelta(days=1),
            runs=[
                TimelineRun(day, 5000.0, uphill_m=40.0, fast_s=120.0, strides=4),
                TimelineRun(day, 3000.0, uphill_m=10.0),
                TimelineRun(day + timedelta(days=1), 8000.0),
            ],
            checkins=[],
        )
        first, second = rows
        assert (first.distance_m, first.runs) == (8000.0, 2)
        assert (first.uphill_m, first.fast_min, first.strides) == (50.0, 2.0, 4)
        assert (second.uphill_m, second.fast_min, second.strides) == (None, None, None)

    def test_a_run_left_out_of_load_is_left_out_of_the_timeline(self) -> None:
        day = date(2024, 4, 3)
        rows = build_timeline(
            day, day, runs=[TimelineRun(day, 9000.0, counts_for_load=False)], checkins=[]
        )
        assert (rows[0].distance_m, rows[0].runs) == (0.0, 0)
        assert data_days([TimelineRun(day, 9000.0, counts_for_load=False)], [], []) == set()

    def test_every_day_of_the_range_has_a_row_and_days_outside_are_ignored(self) -> None:
        start = date(2024, 1, 1)
        rows = build_timeline(
            start,
            start + timedelta(days=9),
            runs=[TimelineRun(start - timedelta(days=1), 5000.0)],
            checkins=[CheckIn(date=start + timedelta(days=20), side="left", morning_pain=4)],
        )
        assert [r.day for r in rows] == [start + timedelta(days=i) for i in range(10)]
        assert not any(r.runs or r.morning_pain for r in rows)

    def test_symptoms_are_kept_per_side_and_scores_and_events_on_their_day(self) -> None:
        day = date(2024, 4, 3)
        rows = build_timeline(
            day,
            day,
            runs=[],
            checkins=[
                CheckIn(date=day, side="left", morning_pain=3, morning_stiffness_min=20),
                CheckIn(date=day, side="right", morning_pain=1, pain_after_run=2),
            ],
            scores=[TimelineScore(day, "visa_a", 71)],
            events=[TimelineEvent(day, "assessment", "left: tendinopathy")],
            signals={day: {"acwr_rolling": DaySignal(1.42, "caution")}},
        )
        row = rows[0].to_json()
        assert row["morning_pain"] == {"left": 3, "right": 1}
        assert row["morning_stiffness_min"] == {"left": 20}
        assert row["pain_after_run"] == {"right": 2}
        assert row["scores"] == {"visa_a": 71}
        assert row["events"] == [{"kind": "assessment", "text": "left: tendinopathy"}]
        assert row["signals"] == {"acwr_rolling": {"value": 1.42, "status": "caution"}}

    def test_a_red_flag_answered_yes_is_an_event_and_a_blank_is_not(self) -> None:
        day = date(2024, 4, 3)
        events = red_flag_events(
            [
                CheckIn(date=day, side="left", sudden_pop=True, night_pain=False),
                CheckIn(date=day, side="right", sudden_pop=None),
            ]
        )
        assert [(e.day, e.kind, e.text) for e in events] == [(day, "red_flag", "left: sudden pop")]

    def test_empty_panels_are_named_with_a_reason(self) -> None:
        day = date(2024, 4, 3)
        rows = build_timeline(day, day, runs=[TimelineRun(day, 5000.0)], checkins=[])
        why = empty_series(rows)
        assert "distance" not in why
        assert set(why) >= {"morning_pain", "scores", "events", "acwr"}
        assert all(text.endswith(".") for text in why.values())

    def test_a_linked_services_figures_sit_on_their_day_apart_from_the_answers(self) -> None:
        day = date(2024, 4, 3)
        rows = build_timeline(
            day,
            day + timedelta(days=1),
            runs=[],
            checkins=[],
            wellness=[
                WellnessDay(day, "intervals", resting_hr_bpm=48, sleep_h=7.5, soreness=3),
                WellnessDay(day - timedelta(days=1), "intervals", resting_hr_bpm=60),
            ],
        )
        assert rows[0].wellness == {"resting_hr_bpm": 48, "sleep_h": 7.5, "soreness": 3}
        assert (rows[0].morning_pain, rows[1].wellness) == ({}, {})
        assert "wellness" not in empty_series(rows)
        assert "wellness" in empty_series(rows[1:])

    @pytest.mark.parametrize(
        ("start", "end"),
        [(date(2024, 1, 2), date(2024, 1, 1)), (date(1900, 1, 1), date(2024, 1, 1))],
    )
    def test_a_backwards_or_endless_range_is_refused(self, start: date, end: date) -> None:
        with pytest.raises(InvalidInput):
            build_timeline(start, end, runs=[], checkins=[])
