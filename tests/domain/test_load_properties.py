"""Load signals against an independent reference, the ``acwr`` package, and their invariants."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import acwr
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from achillescare.domain.load.table import (
    STATUSES,
    RunEntry,
    daily_series_from_entries,
    load_table,
    signals_as_of,
)
from achillescare.domain.units import Units
from tests.load_reference import Row, reference_signals

BASE = date(2026, 1, 1)
KM = [f"{tenths / 10:.1f}" for tenths in range(1, 301)]


@st.composite
def run_rows(draw: st.DrawFn, max_days: int = 90) -> list[Row]:
    """Runs on random days of a ~3-month span, 0.1–30.0 km, with optional intensity fields."""
    n = draw(st.integers(1, 60))
    return [
        Row(
            day=BASE + timedelta(days=draw(st.integers(0, max_days))),
            km=draw(st.sampled_from(KM)),
            uphill_km=draw(st.none() | st.sampled_from(["0.0", "0.4", "1.0", "2.5"])),
            fast_min=draw(st.none() | st.sampled_from(["0", "3", "5", "12"])),
            strides=draw(st.none() | st.integers(0, 8)),
        )
        for _ in range(n)
    ]


def entries_of(rows: list[Row], scale: int = 1) -> list[RunEntry]:
    return [
        RunEntry(
            r.day,
            float(r.km) * scale,
            uphill_km=None if r.uphill_km is None else float(r.uphill_km),
            fast_min=None if r.fast_min is None else float(r.fast_min),
            strides=r.strides,
        )
        for r in rows
    ]


def assert_matches_reference(
    rows: list[Row], as_of: date, got: Mapping[str, tuple[float | None, str]]
) -> None:
    expected = reference_signals(rows, as_of)
    for key, (value, status) in expected.items():
        got_value, got_status = got[key]
        assert got_status == status, (key, got_value, value)
        if value is None:
            assert got_value is None, key
        else:
            assert got_value == pytest.approx(value, rel=1e-6, abs=1e-9), key


@settings(max_examples=150, deadline=None)
@given(rows=run_rows(), offset=st.integers(0, 100))
def test_signals_equal_the_plain_python_formulas(rows: list[Row], offset: int) -> None:
    """Every signal value and status equals the independent reference on random histories."""
    as_of = BASE + timedelta(days=offset)
    if not any(r.day <= as_of for r in rows):
        return
    series = daily_series_from_entries(entries_of(rows))
    got: dict[str, tuple[float | None, str]]
    got = {s.id: (s.value, s.status) for s in signals_as_of(series, as_of, units=Units.KM)}
    # strain is shown in km; the reference computes it in metres
    if got["strain"][0] is not None:
        got["strain"] = (got["strain"][0] * 1000, got["strain"][1])
    assert_matches_reference(rows, as_of, got)


RATIOS = ("weekly_distance_change", "single_run_spike", "acwr_rolling", "acwr_uncoupled",
          "acwr_ewma", "monotony")  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(rows=run_rows(), scale=st.sampled_from([2, 3, 10]))
def test_scaling_every_distance_changes_no_ratio(rows: list[Row], scale: int) -> None:
    """Multiplying every distance by k ≥ 1 leaves every defined ratio and its status unchanged."""
    base = load_table(*_arrays(entries_of(rows)))
    scaled = load_table(*_arrays(entries_of(rows, scale)))
    for key in RATIOS:
        defined = ~np.isnan(base[key])
        np.testing.assert_allclose(
            scaled[key][defined], base[key][defined], rtol=1e-9, atol=1e-12
        )  # a ratio of 0 may come back as 2e-14 after scaling: float noise, not a change
        np.testing.assert_array_equal(
            scaled[f"{key}_status"][defined], base[f"{key}_status"][defined]
        )


@settings(max_examples=100, deadline=None)
@given(rows=run_rows(), rest=st.integers(0, 90))
def test_adding_a_rest_day_never_raises_days_without_rest(rows: list[Row], rest: int) -> None:
    """Dropping the runs of one day never makes any day's running streak longer."""
    rest_day = BASE + timedelta(days=rest)
    kept = [r for r in rows if r.day != rest_day]
    if not kept:
        return
    last = max(r.day for r in rows)
    before = load_table(*_arrays(entries_of(rows)), until=last)
    after = load_table(*_arrays(entries_of(kept)), until=last)
    streak_before = dict(zip(before["date"].tolist(), before["days_without_rest"], strict=True))
    for day, streak in zip(after["date"].tolist(), after["days_without_rest"], strict=True):
        assert streak <= streak_before[day]


def _arrays(entries: list[RunEntry]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.zeros(len(entries), dtype=np.int64),
        np.array([e.date for e in entries], dtype="datetime64[D]"),
        np.array([e.distance_km * 1000 for e in entries]),
    )


class TestBatch:
    def test_the_table_equals_signals_as_of_for_every_runner_day(self):
        """Two runners with different starts: every row of the table matches the single path."""
        rng = np.random.default_rng(7)
        runner = np.repeat([0, 1], 40)
        day = np.concatenate([
            np.datetime64("2026-01-01") + rng.integers(0, 70, 40),
            np.datetime64("2026-01-20") + rng.integers(0, 50, 40),
        ]).astype("datetime64[D]")  # fmt: skip
        km = rng.integers(20, 200, 80) / 10
        fast = rng.choice([np.nan, 0.0, 6.0], 80)
        table = load_table(runner, day, km * 1000, fast_s=fast * 60)
        for r in (0, 1):
            entries = [RunEntry(d.astype(date), k, fast_min=None if np.isnan(f) else f)
                       for d, k, f in zip(day[runner == r], km[runner == r], fast[runner == r],
                                          strict=True)]  # fmt: skip
            series = daily_series_from_entries(entries)
            rows = np.flatnonzero(table["runner"] == r)
            assert table["date"][rows[0]] == day[runner == r].min()
            assert table["date"][rows[-1]] == day[runner == r].max()
            for i in rows[::5]:
                as_of = table["date"][i].astype(date)
                for s in signals_as_of(series, as_of, units=Units.KM):
                    assert STATUSES[table[f"{s.id}_status"][i]] == s.status, (s.id, as_of)
                    if s.value is None:
                        assert np.isnan(table[s.id][i])
                    elif s.id == "strain":
                        assert table[s.id][i] == pytest.approx(s.value * 1000)
                    else:
                        assert table[s.id][i] == pytest.approx(s.value)

    def test_a_runner_without_runs_up_to_until_has_no_rows(self):
        days = np.array(["2026-01-01", "2026-02-01"], dtype="datetime64[D]")
        table = load_table([0, 1], days, [5000.0, 5000.0], until=date(2026, 1, 10))
        assert set(table["runner"].tolist()) == {0}
        assert table["date"][-1] == np.datetime64("2026-01-10")

    def test_prevention_sessions_are_counted_per_runner(self):
        table = load_table(
            [0, 1], np.array(["2026-01-01", "2026-01-01"], dtype="datetime64[D]"), [5000.0, 5000.0],
            prevention_runner=[1], prevention_day=np.array(["2026-01-01"], dtype="datetime64[D]"),
            until=date(2026, 1, 2),
        )  # fmt: skip
        assert table["prevention_sessions_14d"].tolist() == [0, 0, 1, 1]
        assert [STATUSES[c] for c in table["prevention_sessions_14d_status"]] == [
            "caution", "caution", "ok", "ok"]  # fmt: skip


class TestAgreesWithTheAcwrPackage:
    """The ``acwr`` package (PyPI) computes the same definitions on a continuous daily series."""

    @pytest.fixture
    def history(self):
        rng = np.random.default_rng(3)
        km = np.where(rng.random(200) < 0.6, rng.integers(30, 250, 200) / 10, 0.0)
        km[0] = 8.0
        days = [date(2026, 1, 1) + timedelta(days=i) for i in range(200)]
        entries = [RunEntry(d, float(k)) for d, k in zip(days, km, strict=True) if k > 0]
        table = load_table(*_arrays(entries), until=days[-1])
        load = pd.Series(km * 1000, index=pd.date_range("2026-01-01", periods=200, freq="D"))
        return table, load

    @pytest.mark.parametrize(
        ("ours", "method", "chronic"),
        [("acwr_rolling", "rac", 28), ("acwr_uncoupled", "rau", 35), ("acwr_ewma", "ewma", 28)],
    )
    def test_acwr(self, history, ours, method, chronic):
        table, load = history
        theirs = acwr.acwr(load, acute=7, chronic=chronic, method=method).to_numpy()
        defined = ~np.isnan(table[ours])
        assert defined.sum() > 100
        np.testing.assert_allclose(table[ours][defined], theirs[defined], rtol=1e-9)

    def test_monotony_strain_and_weekly_change(self, history):
        table, load = history
        defined = ~np.isnan(table["monotony"])
        mono = acwr.monotony(load, ddof=0).to_numpy()
        np.testing.assert_allclose(table["monotony"][defined], mono[defined], rtol=1e-9)
        strain = acwr.strain(load, ddof=0).to_numpy()
        np.testing.assert_allclose(table["strain"][defined], strain[defined], rtol=1e-9)
        change = acwr.week_to_week_change(load).to_numpy()
        defined = ~np.isnan(table["weekly_distance_change"])
        np.testing.assert_allclose(table["weekly_distance_change"][defined], change[defined],
                                   rtol=1e-9, atol=1e-9)  # fmt: skip
