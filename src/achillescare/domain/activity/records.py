"""Activities: what an importer reads from a file, and what the project keeps of each run.

An importer returns :class:`ParsedActivity` (the file's own summary plus per-sample
:class:`Streams`); :mod:`achillescare.domain.activity.features` turns that into an
:class:`Activity`, the record everything downstream (load, decisions, views) reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

RUNNING_SPORTS = frozenset({"running", "trail_running", "treadmill_running", "track_running"})
"""Normalised sport names that count as running (Achilles load)."""


def is_running(sport: str) -> bool:
    """True for every kind of running: road, trail, treadmill, track."""
    return sport in RUNNING_SPORTS


SPORT_CHOICES: tuple[str, ...] = (
    "running", "trail_running", "treadmill_running", "track_running", "walking", "hiking",
    "cycling", "swimming", "rowing", "elliptical", "cross_country_skiing", "alpine_skiing",
    "training", "yoga", "other",
)  # fmt: skip
"""The sports a runner may give an activity by hand (the names the importers normalise to)."""

MAX_EXCLUDED_REASON = 300
"""Characters kept of the reason a runner gives for leaving an activity out of the load."""


def checked_sport(sport: str) -> str:
    """``sport`` in the project's spelling; ValueError naming the choices otherwise."""
    cleaned = sport.strip().lower().replace(" ", "_").replace("-", "_")
    if cleaned not in SPORT_CHOICES:
        raise ValueError(f"sport {sport!r} is not one of {', '.join(SPORT_CHOICES)}")
    return cleaned


def checked_reason(reason: str) -> str:
    """The reason for leaving an activity out of the load: some words, at most 300 characters."""
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValueError(
            "give a reason for leaving the activity out of the load, e.g. 'GPS glitch'"
        )
    if len(cleaned) > MAX_EXCLUDED_REASON:
        raise ValueError(f"the reason is {len(cleaned)} characters; at most {MAX_EXCLUDED_REASON}")
    return cleaned


@dataclass(frozen=True, slots=True)
class Streams:
    """Per-sample recordings of one activity, all channels the same length as ``time_s``.

    ``time_s`` is seconds since the activity's start, non-decreasing. A channel the device did
    not record is ``None``; a missing sample inside a recorded channel is NaN.
    """

    time_s: FloatArray
    distance_m: FloatArray | None = None
    altitude_m: FloatArray | None = None
    speed_m_s: FloatArray | None = None
    heart_rate_bpm: FloatArray | None = None
    cadence_spm: FloatArray | None = None
    """Steps per minute (both feet): FIT's per-foot cadence doubled, plus fractional cadence."""
    latitude_deg: FloatArray | None = None
    longitude_deg: FloatArray | None = None
    ground_contact_ms: FloatArray | None = None
    vertical_oscillation_mm: FloatArray | None = None

    def __post_init__(self) -> None:
        n = len(self.time_s)
        for name in CHANNELS:
            values = getattr(self, name)
            if values is not None and len(values) != n:
                raise ValueError(f"stream {name} has {len(values)} samples, time_s has {n}")

    def __len__(self) -> int:
        return len(self.time_s)


CHANNELS: tuple[str, ...] = (
    "distance_m",
    "altitude_m",
    "speed_m_s",
    "heart_rate_bpm",
    "cadence_spm",
    "latitude_deg",
    "longitude_deg",
    "ground_contact_ms",
    "vertical_oscillation_mm",
)
"""The optional channels of :class:`Streams`, in storage order."""


@dataclass(frozen=True, slots=True)
class FileSummary:
    """Totals as the file itself states them (FIT session, TCX laps, Strava CSV); None if absent."""

    distance_m: float | None = None
    elapsed_s: float | None = None
    moving_s: float | None = None
    """Timer time (FIT ``total_timer_time``), or moving time where the source gives it."""
    elevation_gain_m: float | None = None
    elevation_loss_m: float | None = None
    avg_heart_rate_bpm: float | None = None
    max_heart_rate_bpm: float | None = None
    avg_cadence_spm: float | None = None


@dataclass(frozen=True, slots=True)
class ParsedActivity:
    """One activity as read from a file, before the project derives its features.

    ``start_utc`` is timezone-aware UTC. ``utc_offset_s`` is the local offset when the file says
    it (FIT ``activity.local_timestamp``, a Strava/Garmin local time), else None.
    ``sport`` is normalised (``running``, ``trail_running``, ``treadmill_running``,
    ``track_running``, ``cycling``, ``walking``, ``hiking``, ``swimming``, ``other``…).
    """

    start_utc: datetime
    sport: str
    summary: FileSummary
    streams: Streams | None = None
    sub_sport: str | None = None
    utc_offset_s: int | None = None
    name: str | None = None
    device: str | None = None
    gear: str | None = None
    rpe: float | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.start_utc.tzinfo is None:
            raise ValueError("start_utc must be timezone-aware")


@dataclass(frozen=True, slots=True)
class Activity:
    """The record kept of one activity: what Achilles load depends on, in SI units.

    Uphill is grade ≥ 4 %, steep uphill ≥ 8 %, downhill ≤ −4 % (house thresholds, see
    ``docs/clinical-rules.md``). ``fast_*`` is time/distance above the runner's fast threshold;
    ``strides`` counts bouts of ≥ 10 s above it. None means "not known for this activity"
    (e.g. a manual run has no uphill data), never zero.
    """

    start_utc: datetime
    sport: str
    distance_m: float
    duration_s: float
    moving_s: float
    source: str
    source_kind: str
    utc_offset_s: int = 0
    sub_sport: str | None = None
    elevation_gain_m: float | None = None
    elevation_loss_m: float | None = None
    uphill_m: float | None = None
    uphill_s: float | None = None
    steep_uphill_m: float | None = None
    steep_uphill_s: float | None = None
    downhill_m: float | None = None
    downhill_s: float | None = None
    fast_s: float | None = None
    fast_m: float | None = None
    strides: int | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_cadence_spm: float | None = None
    avg_ground_contact_ms: float | None = None
    avg_vertical_oscillation_mm: float | None = None
    rpe: float | None = None
    name: str | None = None
    device: str | None = None
    gear: str | None = None
    shoe_id: int | None = None
    """The runner's pair this activity was done in (:mod:`achillescare.domain.gear`), or None."""
    content_sha256: str | None = None
    excluded_reason: str | None = None
    """Why the runner left this activity out of the training load (a GPS glitch, someone
    else's run…), or None: it is still listed, but no load signal or decision counts it."""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    id: int | None = None

    @property
    def is_run(self) -> bool:
        return is_running(self.sport)

    @property
    def counts_for_load(self) -> bool:
        """A run the runner has not left out: what load, signals and decisions count."""
        return self.is_run and self.excluded_reason is None

    @property
    def start_local(self) -> datetime:
        """Wall-clock start where the runner was (naive)."""
        local = self.start_utc.astimezone(timezone(timedelta(seconds=self.utc_offset_s)))
        return local.replace(tzinfo=None)
