"""What the project keeps of one activity: :class:`ParsedActivity` → :class:`Activity`.

Everything is vectorised NumPy over the sample *intervals* (from one sample to the next): an
interval has a duration ``dt``, a distance ``dd``, a speed and a grade. About 1 ms per
hour-long 1 Hz activity, so a 3,000-activity history is summarised in seconds.

How each figure is made (the thresholds are the :data:`RULES` below, all house conventions —
no paper gives cut-offs for "hills" or "sprints"; rules ACT-* in ``docs/clinical-rules.md``):

- **Distance, elapsed, moving time, gain/loss, heart rate, cadence**: the file's own summary
  when it states them (a FIT session, TCX laps); a summary distance that disagrees with the
  track by more than a factor of two is ignored with a warning. Else from the streams:
  moving time is the time in intervals faster than 0.5 m/s that are not recording gaps
  (> 60 s between samples: the watch was paused or lost the signal).
- **Elevation gain/loss** from streams: altitude gaps interpolated, a centred 30 s moving
  mean, then only the turning points are kept and a rise or fall is counted once it exceeds
  3 m from the last counted level (a dead band, so GPS altitude jitter adds nothing).
- **Grade** of each sample: rise over run of the smoothed altitude across a 40 m distance
  window centred on it. **Uphill** is grade ≥ 4 %, **steep** ≥ 8 %, **downhill** ≤ −4 %;
  uphill/downhill time counts moving time only.
- **Fast running**: a 5-sample running median of speed (removes one- and two-sample GPS
  spikes without blurring the start and end of a real effort) above the runner's fast
  threshold; a **stride/sprint** is a continuous bout of at least 10 s above it. Speed is each
  interval's distance over its duration whenever there is a distance stream, in every format:
  watches filter their own speed channel so heavily that the same run counted 6 strides from
  its FIT and 26 from its GPX by channel, 22 and 24 by distance (see
  :func:`~achillescare.domain.activity.streams.fast_speed`).
- **Fast threshold**: the 90th percentile of the runner's 1-minute speeds (minutes of moving
  time), once there are at least 30 such minutes.

Unknown stays None, never 0: no altitude → no gain, no uphill; no threshold → no fast time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from achillescare.domain.activity.records import (
    Activity,
    FileSummary,
    FloatArray,
    ParsedActivity,
    Streams,
)
from achillescare.domain.activity.streams import (
    ALTITUDE_SMOOTHING_S,
    DOWNHILL_GRADE,
    ELEVATION_DEAD_BAND_M,
    FAST_MIN_MINUTES,
    FAST_PERCENTILE,
    GRADE_WINDOW_M,
    MAX_SAMPLE_GAP_S,
    MOVING_SPEED_M_S,
    SPEED_MEDIAN_SAMPLES,
    STEEP_UPHILL_GRADE,
    STRIDE_MIN_S,
    UPHILL_GRADE,
    BoolArray,
    Intervals,
    bouts_at_least,
    fast_mask,
    gain_loss_m,
    grades,
    intervals,
    smoothed_altitude,
)
from achillescare.domain.evidence.rules import Rule

__all__ = [
    "RULES",
    "derive_fast_threshold",
    "fast_features",
    "gain_loss_m",
    "grades",
    "minute_speeds",
    "summarise",
]

SUMMARY_DISTANCE_MAX_RATIO = 2.0
MAX_PLAUSIBLE_SPEED_M_S = 30.0
"""A stated distance that implies a faster average than this (108 km/h) is not believed."""

_HOUSE = ("house",)
RULES: tuple[Rule, ...] = (
    Rule(
        "ACT-MOVING", "Moving time",
        f"Time counts as moving when speed is above {MOVING_SPEED_M_S} m/s and samples are at "
        f"most {MAX_SAMPLE_GAP_S:.0f} s apart; the file's timer time is used when it has one.",
        _HOUSE, "house", "activity",
        thresholds=(("moving speed", f"{MOVING_SPEED_M_S} m/s"),
                    ("recording gap", f"{MAX_SAMPLE_GAP_S:.0f} s")),
    ),
    Rule(
        "ACT-UPHILL", "Uphill, steep uphill and downhill running",
        "Grade over a 40 m distance window of smoothed altitude: uphill ≥ 4 %, steep uphill "
        "≥ 8 %, downhill ≤ −4 %.",
        _HOUSE, "house", "activity",
        notes="No published cut-off for 'hills' as an Achilles load factor (none found in the literature searched); "
        "4 % is a grade runners feel as a hill, 8 % one that changes running form.",
        thresholds=(("uphill", "≥ 4 %"), ("steep uphill", "≥ 8 %"), ("downhill", "≤ −4 %"),
                    ("grade window", f"{GRADE_WINDOW_M:.0f} m")),
    ),
    Rule(
        "ACT-ELEVATION", "Elevation gain and loss",
        f"Altitude smoothed with a centred {ALTITUDE_SMOOTHING_S:.0f} s moving mean; a rise or "
        f"fall counts once it exceeds {ELEVATION_DEAD_BAND_M:.0f} m (dead band). The file's "
        "own totals are used when it has them.",
        _HOUSE, "house", "activity",
        thresholds=(("smoothing", f"{ALTITUDE_SMOOTHING_S:.0f} s"),
                    ("dead band", f"{ELEVATION_DEAD_BAND_M:.0f} m")),
    ),
    Rule(
        "ACT-STRIDES", "Fast running and strides",
        f"Fast running is speed from the distance stream (running median of "
        f"{SPEED_MEDIAN_SAMPLES} samples) above the runner's fast threshold; a stride or sprint "
        f"is a bout of at least {STRIDE_MIN_S:.0f} s above it. The same in every file format: "
        "the watch's own speed channel is filtered too heavily to count short efforts.",
        _HOUSE, "house", "activity",
        notes="'Sprints without rest' has no validated cut-off (none found): shown as "
        "a description of the runner's own training, never as a risk number.",
        thresholds=(("stride bout", f"≥ {STRIDE_MIN_S:.0f} s"),
                    ("speed median", f"{SPEED_MEDIAN_SAMPLES} samples")),
    ),
    Rule(
        "ACT-FAST-THRESHOLD", "Default fast threshold",
        f"The {FAST_PERCENTILE:.0f}th percentile of the runner's 1-minute speeds over their "
        f"history, once at least {FAST_MIN_MINUTES} minutes are known; the runner can override it.",
        _HOUSE, "house", "activity",
        thresholds=(("percentile", f"{FAST_PERCENTILE:.0f}"),
                    ("minimum history", f"{FAST_MIN_MINUTES} min")),
    ),
)  # fmt: skip
"""The house thresholds of this module, as documented in ``docs/clinical-rules.md``."""


def fast_features(streams: Streams, fast_speed_m_s: float) -> tuple[float, float, int]:
    """Time (s) and distance (m) above the fast threshold, and the count of ≥ 10 s bouts.

    Exposed so the store can recompute when the runner's threshold changes. Zero when the
    streams hold no speed or distance (callers keep None for "unknown" themselves).
    """
    iv = intervals(streams)
    mask = fast_mask(iv, fast_speed_m_s)
    if mask is None or iv.dd is None:
        return 0.0, 0.0, 0
    return (
        float(iv.dt[mask].sum()),
        float(iv.dd[mask].sum()),
        bouts_at_least(mask, iv.dt, STRIDE_MIN_S),
    )


def minute_speeds(streams: Streams) -> FloatArray:
    """Mean speed (m/s) of each full minute of moving time, in order; empty if none."""
    iv = intervals(streams)
    if iv.dd is None:
        return np.empty(0)
    moving_t = np.concatenate(([0.0], np.cumsum(np.where(iv.moving, iv.dt, 0.0))))
    moving_d = np.concatenate(([0.0], np.cumsum(np.where(iv.moving, iv.dd, 0.0))))
    minutes = int(moving_t[-1] // 60)
    if minutes == 0:
        return np.empty(0)
    marks = np.arange(minutes + 1) * 60.0
    at_marks = np.interp(marks, moving_t, moving_d)
    speeds: FloatArray = np.diff(at_marks) / 60.0
    return speeds


def derive_fast_threshold(minute_speeds: FloatArray) -> float | None:
    """The runner's default fast threshold (m/s): 90th percentile of their 1-minute speeds.

    None with fewer than 30 minutes of moving time: too little history to say what is fast.
    """
    finite = minute_speeds[np.isfinite(minute_speeds)]
    if finite.size < FAST_MIN_MINUTES:
        return None
    return float(np.percentile(finite, FAST_PERCENTILE))


def _weighted_mean(values: FloatArray | None, dt: FloatArray, mask: BoolArray) -> float | None:
    """Time-weighted mean over the intervals in ``mask`` whose end sample is positive."""
    if values is None:
        return None
    end = values[1:]
    use = mask & np.isfinite(end) & (end > 0)
    weight = dt[use]
    total = float(weight.sum())
    if total <= 0:
        positive = values[np.isfinite(values) & (values > 0)]
        return float(positive.mean()) if positive.size else None
    return float((end[use] * weight).sum() / total)


def _stream_max(values: FloatArray | None) -> float | None:
    if values is None:
        return None
    positive = values[np.isfinite(values) & (values > 0)]
    return float(positive.max()) if positive.size else None


def _positive(value: float | None) -> float | None:
    return value if value is not None and np.isfinite(value) and value > 0 else None


def _non_negative(value: float | None) -> float | None:
    return value if value is not None and np.isfinite(value) and value >= 0 else None


@dataclass(frozen=True, slots=True)
class _StreamFigures:
    distance_m: float | None
    elapsed_s: float | None
    moving_s: float | None
    gain_m: float | None
    loss_m: float | None
    hills: dict[str, float] | None
    fast: tuple[float, float, int] | None
    avg_hr: float | None
    max_hr: float | None
    cadence: float | None
    ground_contact: float | None
    oscillation: float | None


_NO_STREAMS = _StreamFigures(None, None, None, None, None, None, None, None, None, None, None, None)


def _stream_figures(streams: Streams, fast_speed_m_s: float | None) -> _StreamFigures:
    t = streams.time_s
    iv = intervals(streams)
    distance = None if iv.distance is None else float(iv.distance[-1] - iv.distance[0])
    elapsed = float(t[-1] - min(float(t[0]), 0.0)) if len(t) else 0.0
    moving_s = float(iv.dt[iv.moving].sum())
    altitude = smoothed_altitude(streams)
    gain = loss = None
    hills = None
    if altitude is not None:
        gain, loss = gain_loss_m(altitude)
        if iv.distance is not None and iv.dd is not None:
            hills = _hills(iv, grades(iv.distance, altitude))
    fast = None
    if fast_speed_m_s is not None and iv.dd is not None:
        mask = fast_mask(iv, fast_speed_m_s)
        if mask is not None:
            strides = bouts_at_least(mask, iv.dt, STRIDE_MIN_S)
            fast = (float(iv.dt[mask].sum()), float(iv.dd[mask].sum()), strides)
    return _StreamFigures(
        distance_m=distance,
        elapsed_s=elapsed,
        moving_s=moving_s,
        gain_m=gain,
        loss_m=loss,
        hills=hills,
        fast=fast,
        avg_hr=_weighted_mean(streams.heart_rate_bpm, iv.dt, iv.recorded),
        max_hr=_stream_max(streams.heart_rate_bpm),
        cadence=_weighted_mean(streams.cadence_spm, iv.dt, iv.moving),
        ground_contact=_weighted_mean(streams.ground_contact_ms, iv.dt, iv.moving),
        oscillation=_weighted_mean(streams.vertical_oscillation_mm, iv.dt, iv.moving),
    )


def _hills(iv: Intervals, grade: FloatArray) -> dict[str, float]:
    assert iv.dd is not None
    interval_grade = np.nan_to_num((grade[:-1] + grade[1:]) / 2, nan=0.0)
    up = interval_grade >= UPHILL_GRADE
    steep = interval_grade >= STEEP_UPHILL_GRADE
    down = interval_grade <= DOWNHILL_GRADE
    dt_moving = np.where(iv.moving, iv.dt, 0.0)
    return {
        "uphill_m": float(iv.dd[up].sum()),
        "uphill_s": float(dt_moving[up].sum()),
        "steep_uphill_m": float(iv.dd[steep].sum()),
        "steep_uphill_s": float(dt_moving[steep].sum()),
        "downhill_m": float(iv.dd[down].sum()),
        "downhill_s": float(dt_moving[down].sum()),
    }


def _choose_distance(
    summary: FileSummary, from_streams: float | None, duration_s: float, warnings: list[str]
) -> float:
    stated = _non_negative(summary.distance_m)
    if stated is None:
        return from_streams or 0.0
    if from_streams is not None and from_streams > 100 and stated > 0:
        ratio = stated / from_streams
        implausible = duration_s > 0 and stated / duration_s > MAX_PLAUSIBLE_SPEED_M_S
        if ratio < 1 / SUMMARY_DISTANCE_MAX_RATIO or (ratio > 1 and implausible):
            # The totals cover only part of the track (e.g. a TCX whose laps miss a stretch).
            warnings.append(
                f"the file states {stated:.0f} m but its track measures {from_streams:.0f} m; "
                "the track's distance is used"
            )
            return from_streams
        if ratio > SUMMARY_DISTANCE_MAX_RATIO:
            # The track is cut short (a damaged or truncated file) while the device's own totals
            # survived: the totals are the better record of the run.
            warnings.append(
                f"only {from_streams:.0f} m of the {stated:.0f} m the file states could be read "
                "as a track; the stated distance is used"
            )
    return stated


def summarise(
    parsed: ParsedActivity,
    *,
    source: str,
    source_kind: str,
    content_sha256: str | None,
    fast_speed_m_s: float | None,
) -> Activity:
    """The :class:`Activity` record of a parsed file: summary figures first, streams for the rest.

    ``fast_speed_m_s`` is the runner's fast threshold (None: not known yet, fast figures stay
    None). Stream-only figures (uphill, fast, strides, running dynamics) are None without streams.
    """
    summary = parsed.summary
    warnings = list(parsed.warnings)
    figures = (
        _stream_figures(parsed.streams, fast_speed_m_s)
        if parsed.streams is not None and len(parsed.streams) > 0
        else _NO_STREAMS
    )
    duration_s = _positive(summary.elapsed_s) or figures.elapsed_s or 0.0
    distance_m = _choose_distance(summary, figures.distance_m, duration_s, warnings)
    moving_s = _positive(summary.moving_s)
    if moving_s is None:
        moving_s = figures.moving_s if figures.moving_s is not None else duration_s
    if duration_s > 0:
        moving_s = min(moving_s, duration_s)
    else:
        duration_s = moving_s
    gain = _non_negative(summary.elevation_gain_m)
    loss = _non_negative(summary.elevation_loss_m)
    hills = figures.hills
    fast = figures.fast
    return Activity(
        start_utc=parsed.start_utc,
        sport=parsed.sport,
        distance_m=distance_m,
        duration_s=duration_s,
        moving_s=moving_s,
        source=source,
        source_kind=source_kind,
        utc_offset_s=parsed.utc_offset_s or 0,
        sub_sport=parsed.sub_sport,
        elevation_gain_m=gain if gain is not None else figures.gain_m,
        elevation_loss_m=loss if loss is not None else figures.loss_m,
        uphill_m=hills["uphill_m"] if hills else None,
        uphill_s=hills["uphill_s"] if hills else None,
        steep_uphill_m=hills["steep_uphill_m"] if hills else None,
        steep_uphill_s=hills["steep_uphill_s"] if hills else None,
        downhill_m=hills["downhill_m"] if hills else None,
        downhill_s=hills["downhill_s"] if hills else None,
        fast_s=fast[0] if fast else None,
        fast_m=fast[1] if fast else None,
        strides=fast[2] if fast else None,
        avg_hr_bpm=_positive(summary.avg_heart_rate_bpm) or figures.avg_hr,
        max_hr_bpm=_positive(summary.max_heart_rate_bpm) or figures.max_hr,
        avg_cadence_spm=_positive(summary.avg_cadence_spm) or figures.cadence,
        avg_ground_contact_ms=figures.ground_contact,
        avg_vertical_oscillation_mm=figures.oscillation,
        rpe=parsed.rpe,
        name=parsed.name,
        device=parsed.device,
        gear=parsed.gear,
        content_sha256=content_sha256,
        warnings=tuple(warnings),
    )
