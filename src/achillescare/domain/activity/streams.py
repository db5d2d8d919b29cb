"""Sample-interval arithmetic behind :mod:`achillescare.domain.activity.features`.

Everything here is vectorised NumPy over the *intervals* of a :class:`Streams` (from one sample
to the next): duration, distance, speed, moving or not, grade. The thresholds are house
conventions, documented as rules in :mod:`achillescare.domain.activity.features`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from achillescare.domain.activity.records import FloatArray, Streams

MOVING_SPEED_M_S = 0.5
MAX_SAMPLE_GAP_S = 60.0
UPHILL_GRADE = 0.04
STEEP_UPHILL_GRADE = 0.08
DOWNHILL_GRADE = -0.04
GRADE_WINDOW_M = 40.0
ALTITUDE_SMOOTHING_S = 30.0
ELEVATION_DEAD_BAND_M = 3.0
SPEED_MEDIAN_SAMPLES = 5
SPEED_DIFFERENCE_S = 4.0
STRIDE_MIN_S = 10.0
FEATURES_VERSION = 2
"""How stored fast time and strides were computed: 1 = by the device's speed channel, 2 = by
distance in every format (:func:`fast_speed`). A runner whose stored runs carry an older
version has them recomputed from their streams (``services.importing``)."""
FAST_PERCENTILE = 90.0
FAST_MIN_MINUTES = 30

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Intervals:
    """Per-interval view of a stream: interval i runs from sample i to sample i + 1."""

    dt: FloatArray
    dd: FloatArray | None
    speed: FloatArray | None
    moving: BoolArray
    recorded: BoolArray
    """Not a recording gap."""
    distance: FloatArray | None
    """Cumulative distance per sample, cleaned (no NaN, non-decreasing)."""


def fill_in_time(time_s: FloatArray, values: FloatArray | None) -> FloatArray | None:
    """NaN samples interpolated in time; None when fewer than one value is known."""
    if values is None:
        return None
    known = np.isfinite(values)
    if known.all():
        return values
    if not known.any():
        return None
    filled: FloatArray = np.interp(time_s, time_s[known], values[known])
    return filled


def intervals(streams: Streams) -> Intervals:
    t = streams.time_s
    dt = np.maximum(np.diff(t), 0.0)
    distance = fill_in_time(t, streams.distance_m)
    if distance is not None:
        distance = np.maximum.accumulate(distance)
    speed_samples = fill_in_time(t, streams.speed_m_s)
    dd: FloatArray | None = None
    speed: FloatArray | None = None
    if distance is not None:
        dd = np.diff(distance)
        if speed_samples is None:
            speed_samples = derived_speed(t, distance)
    if speed_samples is not None:
        speed = np.maximum(speed_samples[1:], 0.0)
        if dd is None:
            dd = speed * dt
    recorded = dt <= MAX_SAMPLE_GAP_S
    moving = recorded & (dt > 0)
    if speed is not None:
        moving &= speed > MOVING_SPEED_M_S
    return Intervals(dt, dd, speed, moving, recorded, distance)


def median_step_s(time_s: FloatArray) -> float:
    steps = np.diff(time_s)
    positive = steps[steps > 0]
    return float(np.median(positive)) if positive.size else 1.0


def derived_speed(time_s: FloatArray, distance_m: FloatArray) -> FloatArray:
    """Speed at each sample from distance, as a centred difference over ~4 s.

    One-second GPS distance steps are noisy (a runner at 3.5 m/s reads 2.5 to 4.5 m/s from one
    second to the next); devices filter their own speed channel, so we filter ours about as much.
    """
    n = len(time_s)
    half = max(1, round(SPEED_DIFFERENCE_S / 2 / median_step_s(time_s)))
    index = np.arange(n)
    lo = np.clip(index - half, 0, n - 1)
    hi = np.clip(index + half, 0, n - 1)
    span = time_s[hi] - time_s[lo]
    with np.errstate(divide="ignore", invalid="ignore"):
        speed: FloatArray = np.where(
            span > 0, (distance_m[hi] - distance_m[lo]) / np.where(span > 0, span, 1.0), 0.0
        )
    return speed


def moving_mean(values: FloatArray, window: int) -> FloatArray:
    """Centred moving mean over ``window`` samples, the window shrinking at the ends."""
    n = len(values)
    half = window // 2
    if half == 0 or n < 3:
        return values
    cumulative = np.concatenate(([0.0], np.cumsum(values)))
    index = np.arange(n)
    lo = np.clip(index - half, 0, n)
    hi = np.clip(index + half + 1, 0, n)
    mean: FloatArray = (cumulative[hi] - cumulative[lo]) / (hi - lo)
    return mean


def running_median(values: FloatArray, window: int) -> FloatArray:
    """Running median over ``window`` samples (edges padded with the end values)."""
    if len(values) < window or window < 2:
        return values
    half = window // 2
    padded = np.pad(values, (half, window - 1 - half), mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, window)
    median: FloatArray = np.sort(windows, axis=1)[:, half]
    return median


def smoothed_altitude(streams: Streams) -> FloatArray | None:
    altitude = fill_in_time(streams.time_s, streams.altitude_m)
    if altitude is None or len(altitude) < 2 or not np.any(altitude != 0):
        return None  # all-zero altitude is a device writing "none"
    window = max(1, round(ALTITUDE_SMOOTHING_S / median_step_s(streams.time_s))) | 1
    return moving_mean(altitude, window)


def gain_loss_m(
    altitude_m: FloatArray, dead_band_m: float = ELEVATION_DEAD_BAND_M
) -> tuple[float, float]:
    """Total ascent and descent of an (already smoothed) altitude series, with a dead band.

    Only turning points matter, so the Python loop runs over a few hundred values at most.
    """
    steps = np.diff(altitude_m)
    nonflat = np.flatnonzero(steps != 0)
    if nonflat.size == 0:
        return 0.0, 0.0
    signs = np.sign(steps[nonflat])
    turns = nonflat[1:][signs[1:] != signs[:-1]]
    points = altitude_m[np.concatenate(([0], turns, [len(altitude_m) - 1]))]
    gain = loss = 0.0
    level = float(points[0])
    for value in points[1:].tolist():
        if value - level >= dead_band_m:
            gain += value - level
            level = value
        elif level - value >= dead_band_m:
            loss += level - value
            level = value
    return gain, loss


def grades(distance_m: FloatArray, altitude_m: FloatArray) -> FloatArray:
    """Grade (rise/run) at each sample over a :data:`GRADE_WINDOW_M` window; NaN if too short."""
    half = GRADE_WINDOW_M / 2
    lo = np.searchsorted(distance_m, distance_m - half, side="left")
    hi = np.searchsorted(distance_m, distance_m + half, side="right") - 1
    run = distance_m[hi] - distance_m[lo]
    rise = altitude_m[hi] - altitude_m[lo]
    with np.errstate(divide="ignore", invalid="ignore"):
        grade: FloatArray = np.where(run >= half, rise / np.where(run > 0, run, 1.0), np.nan)
    return grade


def fast_speed(iv: Intervals) -> FloatArray | None:
    """The speed fast running is judged by: each interval's distance over its duration whenever
    there is a distance stream, whatever the format (the device's speed channel only without
    one); the caller's 5-sample running median then removes one- and two-sample GPS spikes.

    Not the device's speed channel: watches filter it heavily. On the corpus run recorded as FIT,
    TCX and GPX, the watch's speed channel differs from its own distance by 0.5 m/s (SD of 10 s
    means) while the GPX track's distance agrees with the watch's to 0.1 m/s; judged by the
    channel the FIT counted 6 strides and the GPX 26 at the same threshold, judged by distance
    22 and 24 (``benchmarks/strides_by_format.py``)."""
    if iv.distance is None or iv.dd is None:
        return iv.speed
    with np.errstate(divide="ignore", invalid="ignore"):
        speed: FloatArray = np.where(iv.dt > 0, iv.dd / np.where(iv.dt > 0, iv.dt, 1.0), 0.0)
    return speed


def fast_mask(iv: Intervals, fast_speed_m_s: float) -> BoolArray | None:
    speed = fast_speed(iv)
    if speed is None:
        return None
    smooth = running_median(speed, SPEED_MEDIAN_SAMPLES)
    return iv.moving & (smooth > fast_speed_m_s)


def bouts_at_least(mask: BoolArray, dt: FloatArray, min_s: float) -> int:
    """Count runs of consecutive true intervals lasting at least ``min_s`` seconds."""
    if not mask.any():
        return 0
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    cumulative = np.concatenate(([0.0], np.cumsum(dt)))
    durations = cumulative[ends] - cumulative[starts]
    return int(np.count_nonzero(durations >= min_s - 1e-9))
