"""Activity features: hand-computed cases on synthetic streams, invariants, and speed."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from achillescare.domain.activity.features import (
    RULES,
    derive_fast_threshold,
    fast_features,
    gain_loss_m,
    minute_speeds,
    summarise,
)
from achillescare.domain.activity.records import FileSummary, ParsedActivity, Streams

START = datetime(2024, 5, 1, 7, 0, tzinfo=UTC)


def run_streams(
    speed_m_s: np.ndarray,
    *,
    grade: np.ndarray | None = None,
    dt_s: float = 1.0,
    with_speed: bool = True,
    **channels: np.ndarray,
) -> Streams:
    """1 Hz (or ``dt_s``) streams of a run whose speed and grade are given per second."""
    n = len(speed_m_s) + 1
    time_s = np.arange(n, dtype=np.float64) * dt_s
    steps = speed_m_s * dt_s
    distance = np.concatenate(([0.0], np.cumsum(steps)))
    altitude = None
    if grade is not None:
        altitude = 100.0 + np.concatenate(([0.0], np.cumsum(steps * grade)))
    speed = np.concatenate(([speed_m_s[0]], speed_m_s)) if with_speed else None
    return Streams(
        time_s=time_s, distance_m=distance, altitude_m=altitude, speed_m_s=speed, **channels
    )


def parsed(streams: Streams | None, summary: FileSummary | None = None) -> ParsedActivity:
    return ParsedActivity(
        start_utc=START, sport="running", summary=summary or FileSummary(), streams=streams
    )


def features(
    streams: Streams | None, fast: float | None = None, summary: FileSummary | None = None
):
    return summarise(
        parsed(streams, summary),
        source="test",
        source_kind="synthetic",
        content_sha256=None,
        fast_speed_m_s=fast,
    )


class TestHills:
    def test_a_1_km_climb_at_5_percent_is_about_1_km_uphill_and_not_steep(self) -> None:
        speed = np.full(1200, 2.5)  # 500 m flat, 1 km up, 1.5 km flat... at 2.5 m/s
        grade = np.zeros(1200)
        grade[200:600] = 0.05
        activity = features(run_streams(speed, grade=grade))
        assert activity.uphill_m == pytest.approx(1000, rel=0.1)
        assert activity.uphill_s == pytest.approx(400, rel=0.1)
        assert activity.steep_uphill_m == 0
        assert activity.downhill_m == 0
        assert activity.elevation_gain_m == pytest.approx(50, abs=3)
        assert activity.elevation_loss_m == 0

    def test_a_10_percent_descent_is_downhill_and_the_climb_back_is_steep(self) -> None:
        speed = np.full(800, 2.0)
        grade = np.concatenate((np.full(400, -0.10), np.full(400, 0.10)))
        activity = features(run_streams(speed, grade=grade))
        assert activity.downhill_m == pytest.approx(800, rel=0.1)
        assert activity.steep_uphill_m == pytest.approx(800, rel=0.1)
        assert activity.elevation_loss_m == pytest.approx(80, abs=4)
        assert activity.elevation_gain_m == pytest.approx(80, abs=4)

    def test_altitude_noise_below_the_dead_band_adds_no_gain(self) -> None:
        rng = np.random.default_rng(7)
        speed = np.full(3600, 3.0)
        streams = run_streams(speed, grade=np.zeros(3600))
        assert streams.altitude_m is not None
        noisy = replace(streams, altitude_m=streams.altitude_m + rng.normal(0, 1.0, 3601))
        activity = features(noisy)
        assert activity.elevation_gain_m is not None
        assert activity.elevation_gain_m < 10
        assert activity.uphill_m is not None
        assert activity.uphill_m < 0.05 * activity.distance_m

    def test_gain_and_loss_count_whole_climbs_past_the_dead_band(self) -> None:
        assert gain_loss_m(np.array([0.0, 10.0, 8.0, 20.0, 5.0]), 3.0) == (20.0, 15.0)
        assert gain_loss_m(np.array([0.0, 2.0, 0.0, 2.0]), 3.0) == (0.0, 0.0)


class TestFastRunning:
    def test_a_10_s_bout_is_a_stride_and_a_9_s_bout_is_not(self) -> None:
        speed = np.full(200, 2.5)
        speed[50:60] = 5.0  # 10 s
        speed[120:129] = 5.0  # 9 s
        streams = run_streams(speed)
        assert fast_features(streams, 4.0) == (19.0, 95.0, 1)
        activity = features(streams, fast=4.0)
        assert (activity.fast_s, activity.fast_m, activity.strides) == (19.0, 95.0, 1)

    def test_a_one_sample_spike_is_not_fast_running(self) -> None:
        speed = np.full(100, 2.5)
        speed[40] = 9.0
        assert fast_features(run_streams(speed), 4.0) == (0.0, 0.0, 0)

    def test_strides_are_found_from_distance_alone(self) -> None:
        speed = np.full(300, 2.5)
        speed[100:130] = 5.0  # 30 s
        speed[200:205] = 5.0  # 5 s
        fast_s, fast_m, strides = fast_features(run_streams(speed, with_speed=False), 3.75)
        assert strides == 1
        assert fast_s == pytest.approx(35, abs=3)
        assert fast_m == pytest.approx(35 * 5.0, rel=0.15)

    def test_without_a_threshold_fast_figures_are_unknown(self) -> None:
        activity = features(run_streams(np.full(100, 5.0)), fast=None)
        assert (activity.fast_s, activity.fast_m, activity.strides) == (None, None, None)


class TestMovingTime:
    def test_standing_still_and_recording_gaps_are_not_moving(self) -> None:
        speed = np.concatenate((np.full(300, 3.0), np.zeros(60), np.full(300, 3.0)))
        streams = run_streams(speed)
        gap = replace(
            streams,
            time_s=np.where(np.arange(len(streams)) > 500, streams.time_s + 600, streams.time_s),
        )
        activity = features(gap)
        assert activity.duration_s == 660 + 600
        assert activity.moving_s == 600 - 1  # the second across the 10-minute gap is a pause
        assert activity.distance_m == pytest.approx(1800)

    def test_the_file_summary_wins_when_it_is_sane(self) -> None:
        summary = FileSummary(distance_m=1000.0, elapsed_s=400.0, moving_s=380.0)
        activity = features(run_streams(np.full(400, 2.45)), summary=summary)
        assert (activity.distance_m, activity.duration_s, activity.moving_s) == (1000, 400, 380)
        assert activity.warnings == ()

    def test_a_summary_distance_far_from_the_track_is_replaced_with_a_warning(self) -> None:
        summary = FileSummary(distance_m=100_000.0)
        activity = features(run_streams(np.full(400, 2.5)), summary=summary)
        assert activity.distance_m == pytest.approx(1000)
        assert "track's distance is used" in activity.warnings[0]

    def test_a_track_cut_short_keeps_the_plausible_stated_distance(self) -> None:
        """A truncated file whose session totals survived: 10 km in 50 min is believed."""
        summary = FileSummary(distance_m=10_000.0, elapsed_s=3000.0)
        activity = features(run_streams(np.full(400, 2.5)), summary=summary)
        assert activity.distance_m == 10_000.0
        assert "the stated distance is used" in activity.warnings[0]


class TestUnknownStaysNone:
    def test_without_streams_only_the_summary_is_known(self) -> None:
        summary = FileSummary(
            distance_m=5000.0, elapsed_s=1800.0, moving_s=1700.0, avg_heart_rate_bpm=150.0
        )
        activity = features(None, fast=4.0, summary=summary)
        assert (activity.distance_m, activity.duration_s, activity.moving_s) == (5000, 1800, 1700)
        assert activity.avg_hr_bpm == 150
        for name in (
            "uphill_m", "uphill_s", "steep_uphill_m", "downhill_m", "fast_s", "fast_m",
            "strides", "elevation_gain_m", "max_hr_bpm", "avg_cadence_spm",
            "avg_ground_contact_ms", "avg_vertical_oscillation_mm",
        ):  # fmt: skip
            assert getattr(activity, name) is None, name

    def test_nan_samples_are_skipped_not_propagated(self) -> None:
        n = 600
        hr = np.full(n + 1, 150.0)
        hr[::7] = np.nan
        cadence = np.full(n + 1, 170.0)
        cadence[100:200] = np.nan
        streams = run_streams(
            np.full(n, 3.0), grade=np.full(n, 0.05), heart_rate_bpm=hr, cadence_spm=cadence
        )
        assert streams.altitude_m is not None
        assert streams.distance_m is not None
        altitude = streams.altitude_m.copy()
        altitude[300:320] = np.nan
        distance = streams.distance_m.copy()
        distance[50:55] = np.nan
        activity = features(replace(streams, altitude_m=altitude, distance_m=distance), fast=4.0)
        assert activity.avg_hr_bpm == 150
        assert activity.max_hr_bpm == 150
        assert activity.avg_cadence_spm == 170
        assert activity.distance_m == pytest.approx(1800)
        assert activity.uphill_m == pytest.approx(1800, rel=0.1)
        assert activity.elevation_gain_m == pytest.approx(90, abs=4)

    def test_running_dynamics_average_while_moving(self) -> None:
        n = 120
        speed = np.concatenate((np.full(60, 3.0), np.zeros(60)))
        contact = np.concatenate((np.full(61, 250.0), np.full(60, 400.0)))
        streams = run_streams(speed, ground_contact_ms=contact)
        assert len(streams) == n + 1
        assert features(streams).avg_ground_contact_ms == 250


class TestThreshold:
    def test_minute_speeds_are_the_mean_of_each_full_minute_of_moving_time(self) -> None:
        speed = np.concatenate((np.full(90, 3.0), np.zeros(90), np.full(95, 4.0)))
        speeds = minute_speeds(run_streams(speed))
        assert speeds.tolist() == pytest.approx([3.0, 3.5, 4.0])

    def test_the_threshold_is_the_90th_percentile_once_30_minutes_are_known(self) -> None:
        assert derive_fast_threshold(np.linspace(2.0, 4.0, 29)) is None
        assert derive_fast_threshold(np.linspace(2.0, 4.0, 101)) == pytest.approx(3.8)
        assert derive_fast_threshold(np.array([np.nan] * 40)) is None


def test_the_house_rules_are_declared_as_such() -> None:
    assert {rule.id for rule in RULES} >= {"ACT-UPHILL", "ACT-STRIDES", "ACT-FAST-THRESHOLD"}
    assert all(rule.verification == "house" and rule.sources == ("house",) for rule in RULES)


def test_an_hour_at_one_hertz_is_summarised_in_a_few_milliseconds() -> None:
    rng = np.random.default_rng(1)
    speed = 3.0 + rng.normal(0, 0.5, 3600).clip(-2.5, 3)
    streams = run_streams(
        speed, grade=rng.normal(0, 0.03, 3600), heart_rate_bpm=rng.normal(150, 5, 3601)
    )
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        features(streams, fast=4.0)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.02  # measured ≈ 1 ms; generous for slow CI machines


@st.composite
def random_streams(draw: st.DrawFn) -> Streams:
    n = draw(st.integers(2, 200))
    floats = st.floats(0.0, 1.0)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    dt = rng.choice([0.0, 1.0, 1.0, 1.0, 4.0, 90.0], size=n - 1)
    speed = rng.uniform(0, draw(st.floats(0.1, 10.0)), size=n - 1)
    time_s = np.concatenate(([0.0], np.cumsum(dt)))
    distance = np.concatenate(([0.0], np.cumsum(speed * dt)))
    altitude = 100 + np.cumsum(rng.normal(0, draw(floats) * 5, n))
    hr = rng.uniform(60, 190, n)
    if draw(st.booleans()):
        hr[rng.random(n) < 0.3] = np.nan
        altitude[rng.random(n) < 0.3] = np.nan
    return Streams(
        time_s=time_s,
        distance_m=distance,
        altitude_m=altitude,
        speed_m_s=np.concatenate(([0.0], speed)) if draw(st.booleans()) else None,
        heart_rate_bpm=hr,
        cadence_spm=rng.uniform(0, 200, n),
    )


@given(random_streams(), st.floats(0.5, 8.0), st.sampled_from([0.5, 1.0, 3.0]))
@settings(max_examples=150, deadline=None)
def test_features_are_never_negative_and_stay_within_their_totals(
    streams: Streams, fast: float, time_scale: float
) -> None:
    """Invariants hold for any run, also with its clock stretched or squeezed."""
    scaled = replace(
        streams,
        time_s=streams.time_s * time_scale,
        speed_m_s=None if streams.speed_m_s is None else streams.speed_m_s / time_scale,
    )
    activity = features(scaled, fast=fast)
    numbers = [
        activity.distance_m, activity.duration_s, activity.moving_s, activity.elevation_gain_m,
        activity.elevation_loss_m, activity.uphill_m, activity.uphill_s, activity.steep_uphill_m,
        activity.steep_uphill_s, activity.downhill_m, activity.downhill_s, activity.fast_s,
        activity.fast_m, activity.strides,
    ]  # fmt: skip
    assert all(value is None or (np.isfinite(value) and value >= 0) for value in numbers)
    eps = 1e-6 * (1 + activity.distance_m)
    if activity.uphill_m is not None:
        assert activity.steep_uphill_m is not None
        assert activity.uphill_s is not None
        assert activity.steep_uphill_m <= activity.uphill_m + eps
        assert activity.uphill_m + (activity.downhill_m or 0) <= activity.distance_m + eps
        assert activity.uphill_s <= activity.moving_s + 1e-9
    assert activity.moving_s <= activity.duration_s + 1e-9
    assert activity.fast_s is not None
    assert activity.fast_m is not None
    assert activity.fast_s <= activity.moving_s + 1e-9
    assert activity.fast_m <= activity.distance_m + eps
    speeds = minute_speeds(scaled)
    assert np.all(speeds >= 0)
    assert len(speeds) * 60 <= activity.moving_s + 1e-9
