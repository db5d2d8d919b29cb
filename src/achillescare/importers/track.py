"""Turn the points an XML importer collected into :class:`Streams`: shared by GPX and TCX.

The importers collect, per channel, only the points that carry a value (index and text); this
module builds the NumPy channels, drops points without a time, puts them in time order, fills
distance (the file's, gaps interpolated in time, else haversine over the GPS fixes) and turns
cadence into steps per minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from achillescare.domain.activity import FloatArray, Streams, is_running
from achillescare.domain.geo import cumulative_distance_m
from achillescare.domain.units import STEPS_PER_STRIDE
from achillescare.importers.base import UnreadableFile
from achillescare.importers.safexml import channel, parse_times

FOOT_SPORTS = frozenset({"walking", "hiking"})
"""Sports besides running whose cadence is counted in steps."""

ALREADY_STEPS_SPM = 100.0
"""Per foot, walking is about 50–60 /min and running 75–95; as steps, walking is 100–120 and
running 150–190. A file whose median is above this already counts steps (some exporters, e.g.
treadmill TCX files, write steps where the schema means strides)."""

CHANNEL_NAMES = (
    "distance_m", "altitude_m", "speed_m_s", "heart_rate_bpm", "cadence_spm",
    "latitude_deg", "longitude_deg", "time",
)  # fmt: skip
"""Collected per point; ``time`` holds the raw timestamps."""


@dataclass(slots=True)
class PointCollector:
    """Per-point values as read, kept sparse: ``index`` and ``text`` per channel.

    ``cadence_spm`` holds the raw device cadence until :func:`build_streams` converts it.
    """

    n: int = 0
    index: dict[str, list[int]] = field(
        default_factory=lambda: {name: [] for name in CHANNEL_NAMES}
    )
    text: dict[str, list[bytes]] = field(
        default_factory=lambda: {name: [] for name in CHANNEL_NAMES}
    )
    segment_starts: list[int] = field(default_factory=list)

    def add(self, name: str, point: int, value: bytes) -> None:
        self.index[name].append(point)
        self.text[name].append(value)


def steps_per_minute(cadence: FloatArray | None, sport: str) -> FloatArray | None:
    """Device cadence as steps per minute for foot sports; None for the others (a bike's rpm
    is not a step rate), as the FIT importer does.

    GPX (Garmin ``gpxtpx:cad``, Strava, Suunto ``gpxdata:cadence``) and TCX (``RunCadence``,
    Polar's ``Cadence``) write running cadence per foot, like FIT: we double it, unless its
    median is already a step rate (see :data:`ALREADY_STEPS_SPM`).
    """
    if cadence is None or not (is_running(sport) or sport in FOOT_SPORTS):
        return None
    positive = cadence[cadence > 0]
    if positive.size and float(np.median(positive)) > ALREADY_STEPS_SPM:
        return cadence
    return cadence * STEPS_PER_STRIDE


MAX_LEAD_MS = 3_600_000
"""A file's declared start is used when it is at most an hour before the first point."""


def build_streams(
    points: PointCollector,
    *,
    sport: str,
    start_ms: int | None = None,
) -> tuple[int, Streams, tuple[str, ...]]:
    """Start (ms since epoch) and streams of the collected points, plus warnings.

    ``start_ms`` is the file's own start (TCX lap start), used when it is up to an hour before
    the first point. Points without a readable time are left out with a warning; with none
    left, UnreadableFile: an activity needs a start.
    """
    n = points.n
    warnings: list[str] = []
    present = [
        (i, t) for i, t in zip(points.index["time"], points.text["time"], strict=True) if t.strip()
    ]
    if not present:
        raise UnreadableFile("no track point has a time: an activity needs a start time")
    stamps, readable = parse_times([t for _, t in present])
    unreadable = len(present) - int(np.count_nonzero(readable))
    if unreadable:
        example = next(t for (_, t), ok in zip(present, readable, strict=True) if not ok)
        shown = example.strip()[:40].decode("utf-8", "replace")
        if unreadable == len(present):
            raise UnreadableFile(f"no track point has a readable time (e.g. {shown!r})")
        stamps = stamps[readable]
        present = [p for p, ok in zip(present, readable, strict=True) if ok]
        warnings.append(
            f"{unreadable} of {n} points have a time that is not a date (e.g. {shown!r}) "
            "and were left out"
        )
    time_index = np.array([i for i, _ in present], dtype=np.intp)
    channels = {
        name: channel(n, points.index[name], points.text[name])
        for name in CHANNEL_NAMES
        if name != "time"
    }
    segment_id = np.zeros(n, dtype=np.int64)
    if points.segment_starts:
        starts = np.zeros(n, dtype=np.int64)
        starts[[s for s in points.segment_starts if s < n]] = 1
        segment_id = np.cumsum(starts)
    if len(time_index) + unreadable < n:
        missing = n - len(time_index) - unreadable
        warnings.append(f"{missing} of {n} points have no time and were left out")
    order = time_index
    if np.any(np.diff(stamps) < 0):
        sort = np.argsort(stamps, kind="stable")
        stamps = stamps[sort]
        order = time_index[sort]
        warnings.append("points were not in time order and were sorted")
    first = int(stamps[0])
    start = first
    if start_ms is not None and 0 <= first - start_ms <= MAX_LEAD_MS:
        start = start_ms
    time_s = (stamps - start).astype(np.float64) / 1000.0
    kept = {name: (None if a is None else a[order]) for name, a in channels.items()}
    segment_id = segment_id[order]
    distance = _distance(time_s, kept, segment_id)
    streams = Streams(
        time_s=time_s,
        distance_m=distance,
        altitude_m=kept["altitude_m"],
        speed_m_s=kept["speed_m_s"],
        heart_rate_bpm=kept["heart_rate_bpm"],
        cadence_spm=steps_per_minute(kept["cadence_spm"], sport),
        latitude_deg=kept["latitude_deg"],
        longitude_deg=kept["longitude_deg"],
    )
    return start, streams, tuple(warnings)


def _distance(
    time_s: FloatArray,
    kept: dict[str, FloatArray | None],
    segment_id: npt.NDArray[np.int64],
) -> FloatArray | None:
    """The file's cumulative distance from 0, gaps filled in time; else haversine over the fixes."""
    recorded = kept["distance_m"]
    if recorded is not None:
        known = np.isfinite(recorded)
        filled = np.interp(time_s, time_s[known], recorded[known])
        # Some exports carry on the device's odometer from an earlier activity: start at 0.
        return np.maximum.accumulate(filled - filled[0])
    lat, lon = kept["latitude_deg"], kept["longitude_deg"]
    if lat is None or lon is None:
        return None
    breaks = np.concatenate(([False], np.diff(segment_id) != 0))
    return cumulative_distance_m(lat, lon, breaks)
