"""Daily series, CSV/JSON run rows, weekly summaries and the 30-day longest run."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from achillescare.domain.activity.records import Activity
from achillescare.domain.evidence.rulebook import all_rules
from achillescare.domain.evidence.rules import SOURCES
from achillescare.domain.load.explain import Context, explain
from achillescare.domain.load.series import build_grid
from achillescare.domain.load.table import (
    RULES,
    SIGNAL_IDS,
    RunEntry,
    daily_series_from_activities,
    daily_series_from_entries,
    load_table,
    longest_run_30d_m,
    run_entries_from_dicts,
    signals_as_of,
    source_of,
    weekly_summary,
)
from achillescare.domain.units import Units


class TestRunEntriesFromDicts:
    def test_it_reads_csv_strings_and_json_numbers_alike(self):
        rows: list[dict[str, object]] = [
            {"date": "2026-05-01", "distance_km": "8.5", "duration_min": "", "rpe": "6",
             "strides": "4"},
            {"date": date(2026, 5, 2), "distance_km": 10, "uphill_km": 0.4, "fast_min": 12.5},
        ]  # fmt: skip
        first, second = run_entries_from_dicts(rows)
        assert first == RunEntry(date(2026, 5, 1), 8.5, rpe=6.0, strides=4)
        assert second == RunEntry(date(2026, 5, 2), 10.0, uphill_km=0.4, fast_min=12.5)

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            ({"date": "2026-05-01", "distance_km": "5", "cadence": "170"}, "row 1: unknown field cadence"),
            ({"distance_km": "5"}, "row 1: date is required"),
            ({"date": "2026-13-01", "distance_km": "5"}, "row 1: date '2026-13-01' is not YYYY-MM-DD"),
            ({"date": "2026-05-01"}, "row 1: distance_km is required"),
            ({"date": "2026-05-01", "distance_km": "-1"}, "row 1: distance_km '-1' must be a number ≥ 0"),
            ({"date": "2026-05-01", "distance_km": "nan"}, "must be a number ≥ 0"),
            ({"date": "2026-05-01", "distance_km": True}, "row 1: distance_km True is not a number"),
            ({"date": "2026-05-01", "distance_km": "5", "strides": "2.5"}, "not a whole number"),
            ({"date": "2026-05-01", "distance_km": "5", "rpe": "12"}, "not on the 0–10 scale"),
        ],
    )  # fmt: skip
    def test_it_refuses_bad_rows_naming_the_row(self, row, message):
        with pytest.raises(ValueError, match=message):
            run_entries_from_dicts([row])

    def test_rows_can_be_numbered_from_a_file_line(self):
        with pytest.raises(ValueError, match="row 3: "):
            run_entries_from_dicts([{"date": "2026-05-01", "distance_km": "x"}], first_row=3)


def activity(day: date, km: float, sport: str = "running", **kw: Any) -> Activity:
    start = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    return Activity(start_utc=start, sport=sport, distance_m=km * 1000, duration_s=3600,
                    moving_s=3000, source="t", source_kind="manual", **kw)  # fmt: skip


class TestDailySeries:
    def test_runs_only_summed_per_day_with_zeros_between(self):
        d = date(2026, 4, 1)
        series = daily_series_from_activities([
            activity(d, 5.0, uphill_m=300.0, fast_s=120.0, strides=2, rpe=4.0),
            activity(d, 3.0),
            activity(d + timedelta(days=1), 40.0, sport="cycling"),
            activity(d + timedelta(days=3), 8.0, sport="trail_running", uphill_m=900.0),
        ])  # fmt: skip
        assert series.start == d
        assert series.dates == [d + timedelta(days=i) for i in range(4)]
        assert series.distance_m.tolist() == [8000.0, 0.0, 0.0, 8000.0]
        assert series.duration_s.tolist() == [6000.0, 0.0, 0.0, 3000.0]  # moving time
        assert series.uphill_m.tolist() == [300.0, 0.0, 0.0, 900.0]
        assert series.fast_s.tolist() == [120.0, 0.0, 0.0, 0.0]
        assert series.strides.tolist() == [2.0, 0.0, 0.0, 0.0]
        assert series.runs.tolist() == [2.0, 0.0, 0.0, 1.0]
        assert series.load_au.tolist() == [200.0, 0.0, 0.0, 0.0]  # 50 min × RPE 4; 2nd run unknown
        assert series.prevention_sessions is None

    def test_session_load_is_unknown_when_a_run_has_no_rpe(self):
        d = date(2026, 4, 30)
        entries = [RunEntry(d - timedelta(days=k), 8.0, duration_min=40, rpe=5) for k in range(10)]
        entries.append(RunEntry(d, 3.0, duration_min=20))
        out = {s.id: s for s in signals_as_of(daily_series_from_entries(entries), d,
                                              units=Units.KM, metric="load")}  # fmt: skip
        assert out["monotony"].status == "unknown"
        assert "session load" in out["monotony"].explanation
        assert out["days_without_rest"].value == 10

    def test_duration_is_unknown_without_a_duration_column(self):
        d = date(2026, 4, 30)
        entries = [RunEntry(d - timedelta(days=k), 8.0) for k in range(0, 20, 2)]
        out = {s.id: s for s in signals_as_of(daily_series_from_entries(entries), d,
                                              units=Units.KM, metric="duration")}  # fmt: skip
        assert out["weekly_distance_change"].status == "unknown"
        assert out["single_run_spike"].status == "unknown"

    def test_an_unknown_metric_is_refused(self):
        series = daily_series_from_entries([RunEntry(date(2026, 1, 1), 5.0)])
        with pytest.raises(ValueError, match="metric must be one of distance, duration, load"):
            signals_as_of(series, date(2026, 1, 1), units=Units.KM, metric="pace")  # type: ignore[arg-type]


class TestWeeklySummary:
    def test_it_sums_seven_day_blocks_ending_on_the_date(self):
        d = date(2026, 3, 14)
        entries = [
            RunEntry(d, 10.0, uphill_km=0.5, fast_min=6),
            RunEntry(d - timedelta(days=2), 6.0, fast_min=4),
            RunEntry(d - timedelta(days=2), 4.0),
            RunEntry(d - timedelta(days=7), 12.0, uphill_km=1.0),
            RunEntry(d + timedelta(days=1), 50.0),
        ]
        older, last = weekly_summary(daily_series_from_entries(entries), d, 2)
        assert older.week_start == d - timedelta(days=13)
        assert (older.distance_m, older.runs, older.long_run_m, older.uphill_m) == (
            12000,
            1,
            12000,
            1000,
        )
        assert last.week_start == d - timedelta(days=6)
        assert (last.distance_m, last.runs, last.long_run_m, last.fast_min) == (20000, 3, 10000, 10)
        assert last.daily_distance_m == (0, 0, 0, 0, 10000, 0, 10000)
        assert last.to_json(Units.MI)["distance"] == round(20 / 1.609344, 3)

    def test_it_is_empty_weeks_without_history(self):
        empty = daily_series_from_entries([])
        weeks = weekly_summary(empty, date(2026, 1, 1), 3)
        assert [w.distance_m for w in weeks] == [0, 0, 0]
        with pytest.raises(ValueError, match="at least 1"):
            weekly_summary(empty, date(2026, 1, 1), 0)


class TestLongestRun30d:
    def test_it_is_the_longest_single_run_of_the_30_days_before(self):
        d = date(2026, 7, 31)
        entries = [RunEntry(d - timedelta(days=31), 30.0), RunEntry(d - timedelta(days=30), 14.0),
                   RunEntry(d - timedelta(days=3), 9.0), RunEntry(d - timedelta(days=3), 9.0),
                   RunEntry(d, 20.0)]  # fmt: skip
        series = daily_series_from_entries(entries)
        assert longest_run_30d_m(series, d) == 14000
        assert longest_run_30d_m(series, d + timedelta(days=40)) is None
        assert longest_run_30d_m(daily_series_from_entries([]), d) is None


class TestRules:
    def test_every_signal_carries_a_rule_with_known_sources(self):
        ids = {rule.id for rule in RULES}
        assert len(ids) == len(RULES)
        for rule in RULES:
            assert all(key in SOURCES for key in rule.sources)
        for signal_id in SIGNAL_IDS:
            assert source_of(signal_id)
        assert {rule.id for rule in all_rules()} >= ids

    def test_acwr_rules_cite_the_criticism(self):
        for rule in RULES:
            if "ACWR" in rule.title:
                assert {"lolli2019", "impellizzeri2020"} <= set(rule.sources)


def test_a_grid_row_for_a_day_past_the_last_run_is_zero_padded():
    """Asking for a date weeks after the last run counts the weeks between as rest."""
    d = date(2026, 2, 1)
    series = daily_series_from_entries([RunEntry(d - timedelta(days=k), 8.0) for k in range(30)])
    out = {s.id: s for s in signals_as_of(series, d + timedelta(days=10), units=Units.KM)}
    assert out["days_without_rest"].value == 0
    assert out["acwr_rolling"].value == 0.0  # nothing in the last 7 days, 18 runs in 28
    assert out["acwr_rolling"].status == "low"
    assert np.isclose(out["weekly_distance_change"].value or 0, -100.0)


class TestInputChecks:
    def test_the_batch_api_refuses_empty_mismatched_or_negative_input(self):
        days = np.array(["2026-01-01"], dtype="datetime64[D]")
        with pytest.raises(ValueError, match="no runs given"):
            load_table([], np.array([], dtype="datetime64[D]"), [])
        with pytest.raises(ValueError, match="1 runners but 2 dates"):
            build_grid([0], np.repeat(days, 2), [5000.0])
        with pytest.raises(ValueError, match="non-negative"):
            build_grid([0], days, [-1.0])
        with pytest.raises(ValueError, match="needs first_day"):
            build_grid([], np.array([], dtype="datetime64[D]"), [])
        empty = build_grid([], np.array([], dtype="datetime64[D]"), [], first_day=date(2026, 1, 1))
        assert empty.n_days == 1
        with pytest.raises(ValueError, match="metric must be one of"):
            empty.metric("pace")  # type: ignore[arg-type]

    def test_an_empty_series_has_no_dates_and_empty_arrays(self):
        empty = daily_series_from_entries([])
        assert (empty.start, empty.dates, empty.distance_m.size) == (None, [], 0)
        assert empty.prevention_sessions is None

    def test_logged_prevention_sessions_are_a_daily_array(self):
        d = date(2026, 1, 5)
        series = daily_series_from_entries([RunEntry(d, 5.0)], prevention_days=[d, d])
        assert series.prevention_sessions is not None
        assert series.prevention_sessions.tolist() == [2.0]

    def test_every_signal_has_an_explanation(self):
        context = Context(units=Units.KM, metric="distance", as_of=date(2026, 1, 1), parts={})
        with pytest.raises(ValueError, match="no explanation"):
            explain("pace_drift", "ok", 1.0, context)
