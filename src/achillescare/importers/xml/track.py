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

from achillescare.domain.activity.geo import cumulative_distance_m
from achillescare.domain.activity.plausibility import MAX_SAMPLES, too_many_samples
from achillescare.domain.activity.records import FloatArray, Streams, is_running
from achillescare.domain.units import STEPS_PER_STRIDE
from achillescare.importers.base import UnreadableFile
from achillescare.importers.xml.safe import floats, parse_times

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


FLUSH_POINTS = 1 << 13
"""Every 8,192 points the collected texts are converted to arrays and let go: a value as text
takes ~90 bytes (a bytes object, its index as an int, two list slots), converted 12 bytes, so a
200 MB track (≈ 550,000 points) takes tens of MB besides the document itself, not hundreds."""


@dataclass(slots=True)
class PointCollector:
    """Per-point values as read, kept sparse: ``index`` and ``text`` per channel, converted to
    arrays every :data:`FLUSH_POINTS` points (call :meth:`next_point` at each point's start).

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
    index_parts: dict[str, list[npt.NDArray[np.int32]]] = field(
        default_factory=lambda: {name: [] for name in CHANNEL_NAMES}
    )
    value_parts: dict[str, list[FloatArray]] = field(
        default_factory=lambda: {name: [] for name in CHANNEL_NAMES if name != "time"}
    )
    time_parts: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]] = field(
        default_factory=list
    )
    unreadable_time: bytes | None = None
    """The first time that is not a date, to show the runner."""

    def add(self, name: str, point: int, value: bytes) -> None:
        self.index[name].append(point)
        self.text[name].append(value)

    def next_point(self) -> int:
        """Count a new point and return its index; converts what was collected now and then."""
        point = self.n
        if point and not point % FLUSH_POINTS:
            if point >= MAX_SAMPLES:
                raise UnreadableFile(too_many_samples("track points"))
            self.flush()
        self.n = point + 1
        return point

    def flush(self) -> None:
        """Convert the texts collected so far to arrays (blank times are dropped here)."""
        for name in CHANNEL_NAMES:
            texts = self.text[name]
            if not texts:
                continue
            index = np.array(self.index[name], dtype=np.int32)
            if name == "time":
                present = np.array([bool(t.strip()) for t in texts], dtype=np.bool_)
                kept = [t for t, p in zip(texts, present, strict=True) if p]
                ms, readable = parse_times(kept)
                if self.unreadable_time is None and not readable.all():
                    self.unreadable_time = kept[int(np.argmin(readable))].strip()
                self.index_parts[name].append(index[present])
                self.time_parts.append((ms, readable))
            else:
                self.index_parts[name].append(index)
                self.value_parts[name].append(floats(texts))
            self.index[name] = []
            self.text[name] = []

    def times(self) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """(point index, ms since the epoch, readable) of every point with a non-blank time.

        Like :meth:`channel`, it hands over what was collected (to be called once)."""
        self.flush()
        if not self.time_parts:
            return np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.bool_)
        parts, self.time_parts = self.time_parts, []
        return (
            np.concatenate(self.index_parts.pop("time")),
            np.concatenate([ms for ms, _ in parts]),
            np.concatenate([ok for _, ok in parts]),
        )

    def channel(self, name: str) -> FloatArray | None:
        """A per-point channel (NaN where a point has no value); None if no point has one."""
        self.flush()
        index, values = self.index_parts.pop(name, []), self.value_parts.pop(name, [])
        if not index:
            return None
        out = np.full(self.n, np.nan)
        out[np.concatenate(index)] = np.concatenate(values)
        return out if np.isfinite(out).any() else None


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
    if n > MAX_SAMPLES:
        raise UnreadableFile(too_many_samples("track points"))
    warnings: list[str] = []
    time_index, stamps, readable = points.times()
    if not len(time_index):
        raise UnreadableFile("no track point has a time: an activity needs a start time")
    present = len(time_index)
    unreadable = present - int(np.count_nonzero(readable))
    if unreadable:
        shown = (points.unreadable_time or b"")[:40].decode("utf-8", "replace")
        if unreadable == present:
            raise UnreadableFile(f"no track point has a readable time (e.g. {shown!r})")
        stamps = stamps[readable]
        time_index = time_index[readable]
        warnings.append(
            f"{unreadable} of {n} points have a time that is not a date (e.g. {shown!r}) "
            "and were left out"
        )
    channels = {name: points.channel(name) for name in CHANNEL_NAMES if name != "time"}
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
    kept = channels  # reordered in place, so that no channel is held twice
    for name, values in kept.items():
        kept[name] = None if values is None else values[order]
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
