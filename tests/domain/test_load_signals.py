"""Load signals on hand-computed histories: every signal, its bands and their edge cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from achillescare.domain.activity.records import Activity
from achillescare.domain.load.kernels import compute
from achillescare.domain.load.series import Metric
from achillescare.domain.load.table import (
    RunEntry,
    daily_series_from_activities,
    daily_series_from_entries,
    signals_as_of,
)
from achillescare.domain.units import Units

D = date(2026, 6, 30)


def day(offset: int) -> date:
    """D minus ``offset`` days."""
    return D - timedelta(days=offset)


def signals(entries: list[RunEntry], *, units: Units = Units.KM, metric: Metric = "distance", **kw):
    series = daily_series_from_entries(entries, **kw)
    return {s.id: s for s in signals_as_of(series, D, units=units, metric=metric)}


def runs(*pairs: tuple[int, float], **fields: object) -> list[RunEntry]:
    """Runs given as (days before D, km)."""
    return [RunEntry(day(k), km, **fields) for k, km in pairs]  # type: ignore[arg-type]


class TestWeeklyDistanceChange:
    def base(self, last_week_km: float) -> list[RunEntry]:
        # B (D-13..D-7) = 50 km in two runs; A (D-6..D) = last_week_km in two runs.
        return runs((13, 25.0), (8, 25.0), (5, last_week_km / 2), (1, last_week_km / 2))

    @pytest.mark.parametrize(
        ("a_km", "value", "status"),
        [(55.0, 10.0, "ok"), (55.1, 10.2, "caution"), (65.0, 30.0, "caution"),
         (65.1, 30.2, "high"), (40.0, -20.0, "ok")],
    )  # fmt: skip
    def test_it_is_100_times_a_over_b_minus_1_with_inclusive_lower_bands(self, a_km, value, status):
        s = signals(self.base(a_km))["weekly_distance_change"]
        assert s.value == pytest.approx(value)
        assert s.status == status
        assert "Nielsen" in s.source

    def test_it_has_no_baseline_when_the_week_before_is_empty(self):
        s = signals(runs((20, 10.0), (3, 10.0)))["weekly_distance_change"]
        assert (s.value, s.status) == (None, "insufficient_data")
        assert "no baseline" in s.explanation


class TestSingleRunSpike:
    prior = ((20, 8.0), (17, 10.0), (14, 12.0), (11, 10.0), (8, 14.0))

    @pytest.mark.parametrize(
        ("km", "status"),
        [(15.4, "ok"), (15.5, "caution"), (18.2, "caution"), (18.3, "high"),
         (28.0, "high"), (10.0, "ok")],
    )  # fmt: skip
    def test_it_reproduces_the_spec_fixtures_load_t1_to_t7(self, km, status):
        s = signals(runs(*self.prior, (0, km)))["single_run_spike"]
        assert s.status == status
        assert s.value == pytest.approx(km / 14.0)

    def test_it_does_not_flag_exactly_ten_percent_despite_float_rounding(self):
        # 15.4 / 14 − 1 is 0.10000000000000009 in doubles: the trap the rule (LOAD-4) avoids
        s = signals(runs(*self.prior, (0, 15.4)))["single_run_spike"]
        assert (s.value, s.status) == (1.1, "ok")

    def test_it_has_no_reference_after_thirty_days_without_running(self):
        s = signals(runs((45, 20.0), (0, 10.0)))["single_run_spike"]
        assert (s.value, s.status) == (None, "insufficient_data")

    def test_it_looks_at_the_longest_single_run_of_a_day_not_the_daily_sum(self):
        s = signals(runs((10, 10.0), (2, 8.0), (2, 8.0)))["single_run_spike"]
        assert s.value == pytest.approx(0.8)

    def test_it_reports_the_largest_ratio_of_the_week(self):
        s = signals(runs((12, 10.0), (5, 12.0), (1, 11.0)))["single_run_spike"]
        assert s.value == pytest.approx(1.2)
        assert s.status == "caution"
        assert "12.0 km" in s.explanation


def weeks_of(per_week_km: list[float]) -> list[RunEntry]:
    """Three equal runs per week, weeks ending on D (last list item = the week D-6..D)."""
    entries = []
    for w, km in enumerate(reversed(per_week_km)):
        entries += runs((7 * w + 5, km / 3), (7 * w + 3, km / 3), (7 * w + 1, km / 3))
    return entries


class TestAcwr:
    def test_it_reproduces_the_spec_fixture_of_a_45_km_week_after_30_km_weeks(self):
        s = signals(weeks_of([30.0, 30.0, 30.0, 30.0, 30.0, 45.0]))
        assert s["acwr_rolling"].value == pytest.approx(45 / 33.75)
        assert s["acwr_rolling"].status == "caution"
        assert s["acwr_uncoupled"].value == pytest.approx(1.5)
        assert s["acwr_uncoupled"].status == "caution"  # 1.5 is not above 1.5
        assert s["acwr_ewma"].status in {"ok", "caution", "high"}
        for key in ("acwr_rolling", "acwr_uncoupled", "acwr_ewma"):
            assert "Lolli" in s[key].explanation
            assert "Impellizzeri" in s[key].explanation
            assert "never alone" in s[key].explanation

    def test_it_bands_low_and_high(self):
        low = signals(weeks_of([30.0] * 5 + [15.0]))["acwr_uncoupled"]
        high = signals(weeks_of([30.0] * 5 + [60.0]))["acwr_uncoupled"]
        assert (low.value, low.status) == (pytest.approx(0.5), "low")
        assert (high.value, high.status) == (pytest.approx(2.0), "high")

    def test_it_needs_28_and_35_days_of_history(self):
        s = signals(weeks_of([30.0, 30.0, 30.0, 30.0]))  # first run on D-26: 27 days
        assert s["acwr_rolling"].status == "insufficient_data"
        assert s["acwr_ewma"].status == "insufficient_data"
        s = signals(weeks_of([30.0, 30.0, 30.0, 30.0, 30.0]))  # 34 days
        assert s["acwr_rolling"].status == "ok"
        assert s["acwr_uncoupled"].status == "insufficient_data"

    def test_it_needs_a_chronic_week_of_5_km(self):
        s = signals(weeks_of([4.5] * 6))
        assert s["acwr_rolling"].status == "insufficient_data"
        assert "5.0 km" in s["acwr_rolling"].explanation

    def test_the_ewma_follows_the_spec_fixture(self):
        entries = [RunEntry(date(2026, 1, 1) + timedelta(days=i), km)
                   for i, km in enumerate([10.0, 0.0, 20.0, 0.0, 0.0, 30.0, 0.0])]  # fmt: skip
        grid = daily_series_from_entries(entries).grid
        assert grid is not None
        out = compute(grid)
        acute = [10, 7.5, 10.625, 7.9688, 5.9766, 11.9824, 8.9868]
        chronic = [10, 9.3103, 10.0476, 9.3546, 8.7095, 10.1778, 9.4759]
        np.testing.assert_allclose(out.parts.ewma_acute[0] / 1000, acute, atol=5e-5)
        np.testing.assert_allclose(out.parts.ewma_chronic[0] / 1000, chronic, atol=5e-5)


class TestMonotonyAndStrain:
    def test_it_reproduces_foster_fixture_with_session_load(self):
        minutes = [30, 0, 45, 30, 0, 60, 20]  # × RPE 10 = 300, 0, 450, 300, 0, 600, 200 AU
        entries = [RunEntry(day(6 - i), 5.0, duration_min=m, rpe=10)
                   for i, m in enumerate(minutes) if m]  # fmt: skip
        s = signals(entries, metric="load")
        assert s["monotony"].value == pytest.approx(1.291, abs=5e-4)
        assert s["monotony"].status == "ok"
        assert s["strain"].value == pytest.approx(2387.5, abs=0.5)
        assert "AU" in s["strain"].explanation

    def test_it_is_undefined_when_every_day_is_the_same(self):
        s = signals(runs(*((k, 8.3) for k in range(7))))
        assert (s["monotony"].value, s["monotony"].status) == (None, "insufficient_data")
        assert s["strain"].status == "insufficient_data"

    def test_it_bands_caution_and_high(self):
        # six days of 10 km and one of 5 km: mean 9.286, population SD 1.750 → 5.31 (high)
        s = signals(runs(*((k, 10.0) for k in range(1, 7)), (0, 5.0)))
        assert s["monotony"].value == pytest.approx((65 / 7) / np.std([10] * 6 + [5]))
        assert s["monotony"].status == "high"
        # 10, 10, 10, 10, 0, 0, 5: monotony 1.46 → ok; 10 × 5, 0, 0 → 1.58 → caution
        s = signals(runs((6, 10.0), (5, 10.0), (4, 10.0), (3, 10.0), (0, 5.0)))
        assert s["monotony"].value == pytest.approx(45 / 7 / np.std([10] * 4 + [0, 0, 5]))
        assert s["monotony"].status == "ok"
        s = signals(runs(*((k, 10.0) for k in range(2, 7))))
        assert s["monotony"].value == pytest.approx(50 / 7 / np.std([10] * 5 + [0, 0]))
        assert s["monotony"].status == "caution"


class TestDaysWithoutRest:
    @pytest.mark.parametrize(("streak", "status"), [(1, "ok"), (6, "ok"), (7, "caution"),
                                                    (13, "caution"), (14, "high")])  # fmt: skip
    def test_it_counts_consecutive_running_days_ending_today(self, streak, status):
        s = signals(runs((streak + 3, 5.0), *((k, 5.0) for k in range(streak))))
        assert (s["days_without_rest"].value, s["days_without_rest"].status) == (streak, status)

    def test_it_is_zero_on_a_rest_day(self):
        s = signals(runs((2, 5.0), (1, 5.0)))["days_without_rest"]
        assert (s.value, s.status) == (0, "ok")


class TestHardDays:
    def test_it_counts_pairs_of_consecutive_hard_days_in_14_days(self):
        entries = [RunEntry(day(3), 8.0, fast_min=5.0), RunEntry(day(2), 8.0, strides=4),
                   RunEntry(day(1), 8.0, uphill_km=1.0), RunEntry(day(0), 8.0, fast_min=4.9)]  # fmt: skip
        s = signals(entries)["hard_days_back_to_back"]
        assert (s.value, s.status) == (2, "high")

    def test_a_pair_starting_before_the_window_does_not_count(self):
        entries = [RunEntry(day(14), 8.0, fast_min=6.0), RunEntry(day(13), 8.0, fast_min=6.0),
                   RunEntry(day(11), 8.0, fast_min=6.0), RunEntry(day(10), 8.0, strides=6)]  # fmt: skip
        s = signals(entries)["hard_days_back_to_back"]
        assert (s.value, s.status) == (1, "caution")

    def test_it_is_unknown_without_intensity_data(self):
        s = signals(runs((1, 8.0), (0, 8.0)))["hard_days_back_to_back"]
        assert (s.value, s.status) == (None, "unknown")


class TestHillAndFastRatios:
    def test_they_divide_the_week_by_the_weekly_average_of_28_days(self):
        entries = [RunEntry(day(k), 8.0, uphill_km=0.5, fast_min=10.0) for k in (27, 20, 13)]
        entries.append(RunEntry(day(3), 8.0, uphill_km=2.0, fast_min=0.0))
        s = signals(entries)
        # uphill: 2.0 / ((0.5 × 3 + 2.0) / 4) = 2.2857 → high; fast: 0 / 7.5 → low
        assert s["hill_load_ratio"].value == pytest.approx(2.0 / (3.5 / 4))
        assert s["hill_load_ratio"].status == "high"
        assert (s["fast_load_ratio"].value, s["fast_load_ratio"].status) == (0.0, "low")

    def test_they_need_a_chronic_value(self):
        entries = [RunEntry(day(k), 8.0, uphill_km=0.0, fast_min=0.0) for k in (27, 20, 3)]
        s = signals(entries)
        assert s["hill_load_ratio"].status == "insufficient_data"
        assert signals(runs((27, 5.0), (3, 5.0)))["fast_load_ratio"].status == "unknown"


class TestPrevention:
    def test_it_is_unknown_until_sessions_can_be_logged(self):
        s = signals(runs((1, 5.0)))["prevention_sessions_14d"]
        assert (s.value, s.status) == (None, "unknown")

    def test_it_counts_sessions_of_14_days_and_cautions_at_zero(self):
        s = signals(runs((1, 5.0)), prevention_days=[day(13), day(2), day(20)])
        assert (s["prevention_sessions_14d"].value, s["prevention_sessions_14d"].status) == (
            2,
            "ok",
        )
        s = signals(runs((1, 5.0)), prevention_days=[day(14)])
        assert s["prevention_sessions_14d"].status == "caution"


class TestEdgeCases:
    def test_no_history_gives_insufficient_data_everywhere(self):
        out = signals([])
        assert {s.status for s in out.values()} == {"insufficient_data", "unknown"}
        assert out["prevention_sessions_14d"].status == "unknown"
        assert all(s.value is None for s in out.values())

    def test_runs_after_the_date_are_ignored(self):
        later = signals(runs((-3, 30.0), (1, 5.0)))
        assert later["days_without_rest"].value == 0
        assert signals(runs((-3, 30.0)))["single_run_spike"].status == "insufficient_data"

    def test_one_run(self):
        s = signals(runs((0, 10.0)))
        assert s["single_run_spike"].status == "insufficient_data"
        assert s["days_without_rest"].value == 1
        for key in ("weekly_distance_change", "acwr_rolling", "monotony"):
            assert s[key].status == "insufficient_data"

    def test_a_gap_of_weeks_counts_as_zeros(self):
        s = signals(runs((40, 10.0), (39, 10.0), (0, 10.0)))
        assert s["acwr_rolling"].status == "insufficient_data"  # chronic 10/4 km < 5 km
        assert s["single_run_spike"].status == "insufficient_data"

    def test_several_runs_a_day_add_up(self):
        s = signals(runs((13, 5.0), (8, 5.0), (0, 6.0), (0, 5.0)))
        assert s["weekly_distance_change"].value == pytest.approx(10.0)
        assert s["weekly_distance_change"].status == "ok"

    def test_a_runner_in_miles_gets_the_same_ratios_in_miles(self):
        entries = weeks_of([30.0, 30.0, 30.0, 30.0, 45.0])
        km, mi = signals(entries), signals(entries, units=Units.MI)
        assert km["acwr_rolling"].value == mi["acwr_rolling"].value
        assert mi["strain"].value == pytest.approx(km["strain"].value / 1.609344)
        assert " mi" in mi["weekly_distance_change"].explanation
        assert " km" not in mi["weekly_distance_change"].explanation

    def test_the_local_date_decides_the_day_across_a_dst_change(self):
        def run(utc: datetime, offset_h: int, km: float, sport: str = "running") -> Activity:
            return Activity(start_utc=utc, sport=sport, distance_m=km * 1000, duration_s=3000,
                            moving_s=3000, source="t", source_kind="manual",
                            utc_offset_s=offset_h * 3600)  # fmt: skip

        activities = [
            # 28 March 2026 23:30 in Berlin (UTC+1) and 29 March 00:30 after the switch (UTC+2)
            run(datetime(2026, 3, 28, 22, 30, tzinfo=UTC), 1, 10.0),
            run(datetime(2026, 3, 28, 22, 30, tzinfo=UTC) + timedelta(hours=1), 2, 5.0),
            run(datetime(2026, 3, 29, 8, 0, tzinfo=UTC), 2, 40.0, sport="cycling"),
        ]
        series = daily_series_from_activities(activities)
        assert series.start == date(2026, 3, 28)
        assert list(series.distance_m) == [10000.0, 5000.0]
        out = {s.id: s for s in signals_as_of(series, date(2026, 3, 29), units=Units.KM)}
        assert out["days_without_rest"].value == 2
        assert out["single_run_spike"].value == pytest.approx(0.5)
