"""Apple Health's ``export.zip``: the workouts of an iPhone or Apple Watch runner.

Apple Health exports no FIT files: an iPhone runner's history is one ``export.xml`` (gigabytes
after a few years: every heart-rate sample is a ``<Record>``) and, in current exports, one GPX
file per route under ``workout-routes/``. This module streams ``export.xml`` with expat in 1 MiB
chunks and keeps only the ``<Workout>`` elements, so memory stays flat whatever the file's size.

What a workout gives:

* ``workoutActivityType`` → the sport (``HKWorkoutActivityTypeRunning`` → ``running``; an
  ``HKIndoorWorkout`` running workout → ``treadmill_running``);
* ``startDate``/``endDate`` with their UTC offset ("2016-11-14 07:25:41 -0700"), which is the
  local time the runner saw;
* the distance in the unit written: ``totalDistance``/``totalDistanceUnit`` (mi, km, m, ft, yd),
  or, from iOS 16, the ``<WorkoutStatistics>`` sum of ``DistanceWalkingRunning``; likewise the
  duration (``durationUnit`` min, s, h) and ``HKElevationAscended`` (e.g. "1234 cm");
* the route: inline ``<Location>`` points in old exports, or a ``<FileReference>`` to a GPX file
  (read by :mod:`achillescare.importers.xml.gpx`).

The export's own DTD (element and attribute declarations) is allowed, but an entity declaration
or an external entity is refused, as :mod:`achillescare.importers.xml.safe` refuses them in GPX.
"""

from __future__ import annotations

import hashlib
import pyexpat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO

import numpy as np

from achillescare.domain.activity.records import FileSummary, ParsedActivity, Streams
from achillescare.importers.base import UnreadableFile

CHUNK_BYTES = 1 << 20
ROUTE_TOLERANCE_S = 6 * 3600.0
"""A route that starts further than this from its workout belongs to another recording: its
points are not used (the workout keeps its own totals)."""
_DISTANCE_TO_M = {"m": 1.0, "km": 1000.0, "mi": 1609.344, "ft": 0.3048, "yd": 0.9144, "cm": 0.01}
_DURATION_TO_S = {"s": 1.0, "sec": 1.0, "min": 60.0, "h": 3600.0, "hr": 3600.0}
_SPORTS = {
    "Running": "running",
    "Walking": "walking",
    "Hiking": "hiking",
    "Cycling": "cycling",
    "Swimming": "swimming",
    "CrossCountrySkiing": "cross_country_skiing",
    "Elliptical": "elliptical",
    "TrackAndField": "track_running",
}
_DISTANCE_STATISTICS = "HKQuantityTypeIdentifierDistanceWalkingRunning"


@dataclass(slots=True)
class HealthWorkout:
    """One ``<Workout>`` as read, before it becomes an activity."""

    activity_type: str
    start: datetime
    end: datetime | None
    duration_s: float | None
    distance_m: float | None
    source_name: str | None
    metadata: dict[str, str] = field(default_factory=dict)
    route_file: str | None = None
    """The GPX file named by ``<FileReference path=…>``, relative to the export folder."""
    points: list[tuple[float, float, float, float | None]] = field(default_factory=list)
    """Inline ``<Location>`` points: (UTC seconds, latitude, longitude, altitude)."""
    attributes: tuple[tuple[str, str], ...] = ()

    @property
    def sport(self) -> str:
        name = self.activity_type.removeprefix("HKWorkoutActivityType")
        sport = _SPORTS.get(name, "other")
        if sport == "running" and self.metadata.get("HKIndoorWorkout") == "1":
            return "treadmill_running"
        return sport

    def describe(self) -> str:
        """How the import summary names it: ``running workout of 2016-11-14 07:25``."""
        return f"{self.sport.replace('_', ' ')} workout of {self.start:%Y-%m-%d %H:%M}"

    def sha256(self) -> str:
        """A fingerprint of the workout's attributes: the same workout in a later export is
        recognised as already imported."""
        text = "\n".join(f"{k}={v}" for k, v in self.attributes)
        return hashlib.sha256(text.encode()).hexdigest()


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")  # aware: the text has its offset
    except ValueError:
        return None


def _quantity(value: str | None, unit: str | None, table: dict[str, float]) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    factor = table.get((unit or "").strip())
    if factor is None or not np.isfinite(number) or number < 0:
        return None
    return number * factor


def _quantity_text(text: str | None, table: dict[str, float]) -> float | None:
    """``"1234 cm"`` → metres (``HKElevationAscended``); None if the unit is unknown."""
    if not text or " " not in text:
        return None
    value, unit = text.split(" ", 1)
    return _quantity(value, unit, table)


class _Reader:
    """Expat callbacks that keep only the workouts (everything else is skipped at its tag)."""

    def __init__(self) -> None:
        self.workouts: list[HealthWorkout] = []
        self.current: HealthWorkout | None = None
        self.in_route = False
        self.problems: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Record":  # the great majority of elements: leave at once
            return
        if name == "Workout":
            self._start_workout(attrs)
            return
        current = self.current
        if current is None:
            return
        if name == "MetadataEntry" and "key" in attrs:
            current.metadata[attrs["key"]] = attrs.get("value", "")
        elif name == "WorkoutStatistics" and attrs.get("type") == _DISTANCE_STATISTICS:
            if current.distance_m is None:
                current.distance_m = _quantity(attrs.get("sum"), attrs.get("unit"), _DISTANCE_TO_M)
        elif name == "WorkoutRoute":
            self.in_route = True
        elif name == "FileReference" and self.in_route and attrs.get("path"):
            current.route_file = attrs["path"].lstrip("/")
        elif name == "Location" and self.in_route:
            self._location(current, attrs)

    def _start_workout(self, attrs: dict[str, str]) -> None:
        start = _date(attrs.get("startDate"))
        if start is None:
            self.problems.append(
                f"a workout without a readable start date ({attrs.get('startDate')!r})"
            )
            self.current = None
            return
        self.current = HealthWorkout(
            activity_type=attrs.get("workoutActivityType", ""),
            start=start,
            end=_date(attrs.get("endDate")),
            duration_s=_quantity(attrs.get("duration"), attrs.get("durationUnit"), _DURATION_TO_S),
            distance_m=_quantity(
                attrs.get("totalDistance"), attrs.get("totalDistanceUnit"), _DISTANCE_TO_M
            ),
            source_name=attrs.get("sourceName"),
            attributes=tuple(sorted(attrs.items())),
        )

    @staticmethod
    def _location(workout: HealthWorkout, attrs: dict[str, str]) -> None:
        when = _date(attrs.get("date"))
        try:
            latitude, longitude = float(attrs["latitude"]), float(attrs["longitude"])
        except (KeyError, ValueError):
            return
        if when is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return
        altitude = attrs.get("altitude")
        try:
            height = float(altitude) if altitude is not None else None
        except ValueError:
            height = None
        workout.points.append((when.timestamp(), latitude, longitude, height))

    def end(self, name: str) -> None:
        if name == "WorkoutRoute":
            self.in_route = False
        elif name == "Workout" and self.current is not None:
            self.workouts.append(self.current)
            self.current = None


def _refuse(*_args: object) -> int:
    raise UnreadableFile("an Apple Health export that declares XML entities is refused")


def read_workouts(
    stream: IO[bytes], on_progress: Callable[[int], None] | None = None
) -> list[HealthWorkout]:
    """Every ``<Workout>`` of an ``export.xml`` stream, read in chunks (flat memory)."""
    reader = _Reader()
    parser = pyexpat.ParserCreate()
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    read = 0
    try:
        while chunk := stream.read(CHUNK_BYTES):
            parser.Parse(chunk, False)
            read += len(chunk)
            if on_progress is not None:
                on_progress(read)
        parser.Parse(b"", True)
    except pyexpat.ExpatError as error:
        raise UnreadableFile(
            f"not a readable Apple Health export (XML error at line {error.lineno}: "
            f"{pyexpat.ErrorString(error.code)})"
        ) from None
    return reader.workouts


def _streams(
    points: list[tuple[float, float, float, float | None]], start: datetime
) -> Streams | None:
    if len(points) < 2:
        return None
    ordered = sorted(points)
    times = np.array([p[0] for p in ordered]) - start.timestamp()
    altitude = np.array([np.nan if p[3] is None else p[3] for p in ordered])
    return Streams(
        time_s=np.maximum(times, 0.0),
        latitude_deg=np.array([p[1] for p in ordered]),
        longitude_deg=np.array([p[2] for p in ordered]),
        altitude_m=None if np.isnan(altitude).all() else altitude,
    )


def activity_from_workout(
    workout: HealthWorkout, route: ParsedActivity | None = None
) -> ParsedActivity:
    """The activity of a workout: its own totals and sport, and the route's points when it has
    them (the GPX file of a current export, else the inline points of an old one)."""
    start_utc = workout.start.astimezone(UTC)
    offset = workout.start.utcoffset()
    elapsed = workout.duration_s
    if elapsed is None and workout.end is not None:
        elapsed = max(0.0, (workout.end - workout.start).total_seconds())
    summary = FileSummary(
        distance_m=workout.distance_m,
        elapsed_s=elapsed,
        moving_s=workout.duration_s,
        elevation_gain_m=_quantity_text(
            workout.metadata.get("HKElevationAscended"), _DISTANCE_TO_M
        ),
    )
    streams = _streams(workout.points, workout.start)
    warnings: tuple[str, ...] = ()
    shift = (route.start_utc - start_utc).total_seconds() if route is not None else 0.0
    if route is not None and abs(shift) > ROUTE_TOLERANCE_S:
        warnings = (
            f"its route starts {abs(shift) / 3600:.0f} h from the workout's start: not used",
        )
    elif route is not None and route.streams is not None:
        streams = Streams(
            time_s=np.maximum(route.streams.time_s + shift, 0.0),
            distance_m=route.streams.distance_m,
            altitude_m=route.streams.altitude_m,
            speed_m_s=route.streams.speed_m_s,
            latitude_deg=route.streams.latitude_deg,
            longitude_deg=route.streams.longitude_deg,
        )
    return ParsedActivity(
        start_utc=start_utc,
        sport=workout.sport,
        summary=summary,
        streams=streams,
        utc_offset_s=int(offset.total_seconds()) if offset is not None else None,
        device=workout.source_name,
        warnings=warnings,
    )


def is_export_xml(name: str) -> bool:
    """``apple_health_export/export.xml`` (or a bare ``export.xml``), not ``export_cda.xml``."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1].lower() == "export.xml"


__all__ = [
    "HealthWorkout",
    "activity_from_workout",
    "is_export_xml",
    "read_workouts",
]
