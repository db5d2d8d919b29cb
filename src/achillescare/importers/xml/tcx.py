"""Garmin Training Center XML (TCX) → one :class:`ParsedActivity` per ``<Activity>``.

A TCX file may hold several activities (``<Activities>`` with many ``<Activity>``, or a
``<MultiSportSession>``); each becomes its own activity. Per trackpoint we read time, position,
``AltitudeMeters``, ``DistanceMeters`` (some points lack it: filled by interpolation in time),
``HeartRateBpm``, ``Cadence`` and the ActivityExtension ``TPX`` (``Speed``, ``RunCadence``).
The laps' totals become the :class:`FileSummary`: distance (sum of laps), timer time (sum of
``TotalTimeSeconds``), heart rate (time-weighted mean of lap means, maximum of maxima) and
cadence. TCX states no elapsed time: it comes from the trackpoints, or for an activity with
laps only, from the first lap start to the end of the last lap. Lap totals that visibly stop
before the trackpoints do (an exporter dropped the last lap) are set aside with a warning.

Cadence: ``RunCadence`` (and Polar's running ``Cadence``) count one foot, as in FIT, so running
cadence is doubled to steps/min, unless the file already wrote steps (median above 100 /min,
e.g. some treadmill exports); other sports keep no cadence (a bike's rpm is not a step rate).
The ``Sport`` attribute is ``Running``, ``Biking`` or ``Other`` in the schema; exporters also
write it in lower case. An activity is timed from its first lap's ``StartTime`` (else ``Id``)
when that is at most an hour before its first trackpoint, else from the first trackpoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from achillescare.domain.activity.records import FileSummary, ParsedActivity, Streams
from achillescare.importers.base import NotAnActivity, UnreadableFile
from achillescare.importers.xml.safe import (
    ExpatReader,
    number,
    time_ms,
    utc_from_ms,
)
from achillescare.importers.xml.track import PointCollector, build_streams, steps_per_minute

TCX_SPORTS = {"running": "running", "biking": "cycling", "cycling": "cycling", "other": "other"}

_POINT_CHANNELS = {
    "LatitudeDegrees": "latitude_deg",
    "LongitudeDegrees": "longitude_deg",
    "AltitudeMeters": "altitude_m",
    "DistanceMeters": "distance_m",
    "Speed": "speed_m_s",
    "RunCadence": "cadence_spm",
    "Cadence": "cadence_spm",
}
_POINT_TARGETS = {**_POINT_CHANNELS, "Time": "time", "Value": "Value"}
"""What a trackpoint's leaf holds: a channel, its time, or a heart-rate ``Value``."""
_LAP_FIELDS = {
    "TotalTimeSeconds": "total_s",
    "DistanceMeters": "distance_m",
    "Cadence": "cadence",
    "AvgRunCadence": "cadence",
}
_HEART_RATE_CONTEXTS = {
    "HeartRateBpm": "heart_rate_bpm",
    "AverageHeartRateBpm": "avg_hr",
    "MaximumHeartRateBpm": "max_hr",
}


@dataclass(slots=True)
class _Lap:
    start_text: str | None
    values: dict[str, bytes] = field(default_factory=dict)


@dataclass(slots=True)
class _ActivityBuilder:
    sport_text: str
    id_text: str | None = None
    notes: str | None = None
    device: str | None = None
    laps: list[_Lap] = field(default_factory=list)
    points: PointCollector = field(default_factory=PointCollector)


class _TcxReader(ExpatReader):
    """An expat state machine collecting each activity's laps and trackpoints."""

    def __init__(self) -> None:
        super().__init__()
        self.activity: _ActivityBuilder | None = None
        self.lap: _Lap | None = None
        self.in_point = False
        self.in_creator = False
        self.heart_rate: str | None = None
        """Which heart-rate element the next ``Value`` belongs to (set at its container's start)."""
        self.done: list[_ActivityBuilder] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = self.locals.get(name) or self._local(name)
        activity = self.activity
        if activity is None:
            if local == "Activity":
                self.activity = _ActivityBuilder(attrs.get("Sport", ""))
            return
        if local == "Trackpoint":
            activity.points.next_point()
            self.in_point = True
        elif local in _HEART_RATE_CONTEXTS:
            self.heart_rate = _HEART_RATE_CONTEXTS[local]
        elif self.in_point:
            return
        elif local == "Track":
            activity.points.segment_starts.append(activity.points.n)
        elif local == "Lap":
            self.lap = _Lap(attrs.get("StartTime"))
            activity.laps.append(self.lap)
        elif local == "Creator":
            self.in_creator = True
        elif local in ("Id", "Notes", "Name"):
            self.mark()

    def end(self, name: str) -> None:
        activity = self.activity
        if activity is None:
            return
        local = self.locals.get(name) or self._local(name)
        if self.in_point:
            points = activity.points
            target = _POINT_TARGETS.get(local)
            if target is None:
                if local == "Trackpoint":
                    self.in_point = False
                return
            if target == "Value":
                if self.heart_rate != "heart_rate_bpm":
                    return
                target = "heart_rate_bpm"
            # Hot path (once per value): ExpatReader.leaf, inlined.
            end = self._parser.CurrentByteIndex
            body = self._body
            points.index[target].append(points.n - 1)
            points.text[target].append(body[body.rfind(b">", 0, end) + 1 : end])
        elif self.lap is not None:
            key = _LAP_FIELDS.get(local)
            if key is not None:
                self.lap.values[key] = self.leaf()
            elif local == "Value" and self.heart_rate is not None:
                self.lap.values[self.heart_rate] = self.leaf()
            elif local == "Lap":
                self.lap = None
        elif local == "Activity":
            self.done.append(activity)
            self.activity = None
        elif local == "Id" and activity.id_text is None:
            activity.id_text = self.marked_text()
        elif local == "Notes":
            activity.notes = self.marked_text()
        elif local == "Creator":
            self.in_creator = False
        elif local == "Name" and self.in_creator:
            activity.device = self.marked_text()


def parse_tcx(data: bytes) -> list[ParsedActivity]:
    """Every activity in a TCX file, in file order.

    Raises :class:`UnreadableFile` (malformed XML, DTD/entities, no usable time in any
    activity) or :class:`NotAnActivity` (a course or workout file), each with a one-line reason.
    An activity that cannot be read inside a file whose others can is left out with a warning
    on the first one kept.
    """
    reader = _TcxReader()
    reader.read(data)
    if not reader.done:
        raise NotAnActivity("TCX holds no activity (a course, workout or profile file)")
    activities: list[ParsedActivity] = []
    problems: list[str] = []
    for builder in reader.done:
        try:
            activities.append(_activity(builder))
        except UnreadableFile as error:
            problems.append(str(error))
    if not activities:
        raise UnreadableFile(problems[0])
    if problems:
        first = activities[0]
        note = tuple(f"an activity in this file was left out: {p}" for p in problems)
        activities[0] = replace(first, warnings=first.warnings + note)
    return activities


def tcx_sport(sport_text: str) -> str:
    return TCX_SPORTS.get(sport_text.strip().lower(), "other")


def _activity(builder: _ActivityBuilder) -> ParsedActivity:
    sport = tcx_sport(builder.sport_text)
    lap_starts = [ms for lap in builder.laps if (ms := _lap_start(lap)) is not None]
    declared_ms = min(lap_starts) if lap_starts else None
    if declared_ms is None and builder.id_text:
        declared_ms = time_ms(builder.id_text)
    summary = _summary(builder.laps, sport)
    streams: Streams | None = None
    warnings: tuple[str, ...] = ()
    if builder.points.n == 0:
        if declared_ms is None or not builder.laps:
            raise UnreadableFile("TCX activity has neither trackpoints nor a lap start time")
        start_ms = declared_ms
    else:
        start_ms, streams, warnings = build_streams(
            builder.points, sport=sport, start_ms=declared_ms
        )
        summary, incomplete = _complete_laps(summary, streams)
        warnings += incomplete
    return ParsedActivity(
        start_utc=utc_from_ms(start_ms),
        sport=sport,
        summary=summary,
        streams=streams,
        name=builder.notes,
        device=builder.device,
        warnings=warnings,
    )


def _complete_laps(summary: FileSummary, streams: Streams) -> tuple[FileSummary, tuple[str, ...]]:
    """Check the lap totals against the trackpoints.

    TCX states no elapsed time (a lap's ``TotalTimeSeconds`` is timer time, pauses excluded),
    so with trackpoints elapsed time comes from them. Some exporters leave out the last,
    unfinished lap: when the trackpoints cover clearly more distance than the laps (5 % and
    50 m), the lap totals are partial and distance and times come from the trackpoints.
    """
    summary = replace(summary, elapsed_s=None)
    lap_m = summary.distance_m
    if lap_m is None or streams.distance_m is None:
        return summary, ()
    track_m = float(streams.distance_m[-1])
    if track_m <= lap_m * 1.05 + 50.0:
        return summary, ()
    partial = replace(summary, distance_m=None, moving_s=None)
    note = (
        f"lap totals cover {lap_m:.0f} m of {track_m:.0f} m of trackpoints; "
        "distance and times come from the trackpoints"
    )
    return partial, (note,)


def _lap_start(lap: _Lap) -> int | None:
    return time_ms(lap.start_text) if lap.start_text else None


def _summary(laps: list[_Lap], sport: str) -> FileSummary:
    """Totals over the laps; a figure no lap states stays None."""
    if not laps:
        return FileSummary()
    totals = [number(lap.values.get("total_s")) for lap in laps]
    distances = [number(lap.values.get("distance_m")) for lap in laps]
    weights = [t or 0.0 for t in totals]
    moving_s = sum(weights) if any(t is not None for t in totals) else None
    distance_m = sum(d or 0.0 for d in distances) if any(d is not None for d in distances) else None
    elapsed_s = None
    starts = [_lap_start(lap) for lap in laps]
    if starts[0] is not None and starts[-1] is not None and totals[-1] is not None:
        elapsed_s = max((starts[-1] - starts[0]) / 1000.0 + totals[-1], moving_s or 0.0)
    avg_hr = _weighted([number(lap.values.get("avg_hr")) for lap in laps], weights)
    max_values = [v for lap in laps if (v := number(lap.values.get("max_hr"))) is not None]
    cadence = _weighted([number(lap.values.get("cadence")) for lap in laps], weights)
    if cadence is not None:
        converted = steps_per_minute(np.array([cadence]), sport)
        cadence = None if converted is None else float(converted[0])
    return FileSummary(
        distance_m=distance_m,
        elapsed_s=elapsed_s,
        moving_s=moving_s,
        avg_heart_rate_bpm=avg_hr,
        max_heart_rate_bpm=max(max_values) if max_values else None,
        avg_cadence_spm=cadence if cadence else None,
    )


def _weighted(values: list[float | None], weights: list[float]) -> float | None:
    """Time-weighted mean of the laps that state a positive value."""
    pairs = [(v, w) for v, w in zip(values, weights, strict=True) if v is not None and v > 0]
    total_weight = sum(w for _, w in pairs)
    if not pairs:
        return None
    if total_weight <= 0:
        return sum(v for v, _ in pairs) / len(pairs)
    return sum(v * w for v, w in pairs) / total_weight
