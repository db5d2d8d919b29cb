"""One run read along its course: splits per km or mile, and the altitude and pace profile.

Both are computed from the stored streams, because the store keeps no laps (watches' laps are
whatever the runner pressed, or auto-laps of the watch's own unit; splits in the runner's unit
say the same thing for every file format). Time is moving time (the same intervals that count
as moving for the activity's totals: faster than 0.5 m/s and no recording gap), so a stop at a
crossing does not make a kilometre look slow; altitude is the smoothed altitude the elevation
gain is counted from, so the profile and the totals agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from achillescare.domain.activity.records import FloatArray, Streams
from achillescare.domain.activity.streams import fill_in_time, intervals, smoothed_altitude

__all__ = ["PROFILE_POINTS", "ProfilePoint", "Split", "profile", "splits"]

PROFILE_POINTS = 200
"""Most points of a profile: enough for a phone-wide chart, small enough to send inline."""
MIN_LAST_SPLIT_M = 50.0
"""A last, partial split shorter than this is left out (the few metres after the last km)."""
SLOWEST_SHOWN_PACE_S_PER_M = 1.2
"""Slower than 20 min/km (1.2 s per metre) is standing or walking: the pace profile leaves a gap."""
FASTEST_SHOWN_PACE_S_PER_M = 0.1
"""Faster than 1:40 /km (10 m/s, a sprinter's top speed) is a GPS jump, not running: a gap."""


@dataclass(frozen=True, slots=True)
class Split:
    """One km or mile of the run (the last may be shorter); ``None`` where a channel is absent."""

    number: int
    distance_m: float
    moving_s: float
    elevation_gain_m: float | None
    elevation_loss_m: float | None
    avg_hr_bpm: float | None
    avg_cadence_spm: float | None


@dataclass(frozen=True, slots=True)
class ProfilePoint:
    """The course at ``distance_m`` from the start: smoothed altitude and the pace around it."""

    distance_m: float
    altitude_m: float | None
    pace_s_per_m: float | None


def _course(streams: Streams) -> tuple[FloatArray, FloatArray, float] | None:
    """Cumulative distance and moving time at each sample, and the whole distance; None when
    the streams have no distance."""
    iv = intervals(streams)
    if iv.distance is None or len(streams) < 2 or iv.distance[-1] <= 0:
        return None
    moving_dt = np.where(iv.moving, iv.dt, 0.0)
    moving_time = np.concatenate(([0.0], np.cumsum(moving_dt)))
    return iv.distance, moving_time, float(iv.distance[-1])


def _weighted(values: FloatArray | None, time_s: FloatArray, mask: np.ndarray) -> float | None:
    """Time-weighted mean of a channel over the intervals in ``mask``; None if nothing known."""
    if values is None:
        return None
    filled = fill_in_time(time_s, values)
    if filled is None:
        return None
    dt = np.diff(time_s)
    weights = np.where(mask, dt, 0.0)
    if weights.sum() <= 0:
        return None
    return float(np.sum(filled[1:] * weights) / weights.sum())


def splits(streams: Streams, unit_m: float) -> list[Split]:
    """Splits of ``unit_m`` metres (1000 for km, 1609.344 for miles), from the streams.

    An interval belongs to the split its end falls in; a last stretch shorter than 50 m is left
    out. Empty when there is no distance.
    """
    if (course := _course(streams)) is None:
        return []
    distance, moving_time, total = course
    edges = np.append(np.arange(0.0, total, unit_m), total)
    if len(edges) > 2 and total - edges[-2] < MIN_LAST_SPLIT_M:
        edges = edges[:-1]
    altitude = smoothed_altitude(streams)
    rise = np.diff(altitude) if altitude is not None else None
    moving_at_edges = np.interp(edges, distance, moving_time)
    ends = distance[1:]
    result = []
    for number, (lo, hi) in enumerate(pairwise(edges), start=1):
        inside = (ends > lo) & (ends <= hi)
        gain = loss = None
        if rise is not None:
            gain = float(np.sum(np.clip(rise[inside], 0, None)))
            loss = float(np.sum(np.clip(-rise[inside], 0, None)))
        result.append(
            Split(
                number=number,
                distance_m=float(hi - lo),
                moving_s=float(moving_at_edges[number] - moving_at_edges[number - 1]),
                elevation_gain_m=gain,
                elevation_loss_m=loss,
                avg_hr_bpm=_weighted(streams.heart_rate_bpm, streams.time_s, inside),
                avg_cadence_spm=_weighted(streams.cadence_spm, streams.time_s, inside),
            )
        )
    return result


def profile(streams: Streams, points: int = PROFILE_POINTS) -> list[ProfilePoint]:
    """The course in at most ``points`` equal stretches of distance (at least 10 m each).

    Each point is the end of a stretch: the smoothed altitude there, and the stretch's pace
    (moving time over distance; None while standing or walking slower than 20 min/km, and
    for a GPS jump faster than 1:40 /km).
    """
    if (course := _course(streams)) is None:
        return []
    distance, moving_time, total = course
    count = max(1, min(points, int(total // 10.0)))
    edges = np.linspace(0.0, total, count + 1)
    altitude = smoothed_altitude(streams)
    moving_at = np.interp(edges, distance, moving_time)
    altitude_at = np.interp(edges, distance, altitude) if altitude is not None else None
    result = []
    for i in range(1, count + 1):
        stretch = edges[i] - edges[i - 1]
        seconds = moving_at[i] - moving_at[i - 1]
        pace = float(seconds / stretch) if stretch > 0 and seconds > 0 else None
        if (
            pace is not None
            and not FASTEST_SHOWN_PACE_S_PER_M <= pace <= SLOWEST_SHOWN_PACE_S_PER_M
        ):
            pace = None
        result.append(
            ProfilePoint(
                distance_m=float(edges[i]),
                altitude_m=None if altitude_at is None else float(altitude_at[i]),
                pace_s_per_m=pace,
            )
        )
    return result
