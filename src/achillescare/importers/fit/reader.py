"""FIT activity files → :class:`ParsedActivity` records, one per session (multisport: one per leg).

The bytes are decoded by :mod:`achillescare.importers.fit.decode`; this module maps the decoded
columns to the domain: session summaries, record streams sliced to each session, sport, device,
start time and UTC offset.

How data oddities are handled (none of them raises):

- Each session takes the records (of its own chained FIT file, when that file has records) whose
  timestamp lies between its ``start_time`` and the latest of ``start_time`` + elapsed or timer
  time and its end ``timestamp``, but before the next session's start. Records outside every
  session are not used.
- The clock going backwards: within a session, a record whose timestamp is earlier than one
  already kept is dropped (so ``time_s`` never decreases) and a warning counts them. Repeated
  timestamps are kept (``time_s`` may repeat).
- Gaps of days or weeks inside a session are kept as they are: the gap shows in ``time_s`` and
  the session's own elapsed time, while ``moving_s`` (timer time) stays honest.
- Invalid values (the FIT "invalid" sentinels) are NaN; a channel with no valid value is None.
- Device-relative timestamps (below 0x10000000, written by the Forerunner 70) are placed on the
  clock through ``activity.local_timestamp``; the start is then local wall-clock time (the time
  zone is unknown) and a warning says so.
- A file with records but no session yields one activity from the records, with an empty file
  summary and a warning; a session without records yields an activity without streams.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt

from achillescare.domain.activity.records import FileSummary, ParsedActivity, Streams
from achillescare.domain.units import DEGREES_PER_SEMICIRCLE, STEPS_PER_STRIDE
from achillescare.importers.base import NotAnActivity, UnreadableFile
from achillescare.importers.fit.decode import FitData, FloatArray, MessageTable, decode_fit
from achillescare.importers.fit.facts import (
    counts_strides,
    device_name,
    normalise_sport,
    steps_per_min,
    utc_offset_s,
)
from achillescare.importers.fit.profile import (
    ACTIVITY,
    ACTIVITY_FILE_TYPE,
    FILE_TYPES,
    FIT_EPOCH_UNIX_S,
    RECORD,
    SESSION,
    SPORT,
    SYSTEM_TIME_LIMIT,
)

__all__ = ["decode_fit", "parse_fit"]


def parse_fit(data: bytes) -> list[ParsedActivity]:
    """Every activity in a FIT file (one per session), in start order.

    Raises :class:`UnreadableFile` with a one-line reason when nothing can be read, and
    :class:`NotAnActivity` for settings, workout, course, weight or monitoring files.
    """
    fit = decode_fit(data)
    _require_activity(fit)
    clock = _Clock.of(fit)
    records = _records(fit.table(RECORD), clock)
    device = device_name(fit)
    offset_s = None if clock.local_only else utc_offset_s(fit.table(ACTIVITY))
    file_warnings = list(fit.warnings)
    if clock.local_only:
        file_warnings.append(
            "the file has device-relative times: start taken as local wall-clock time"
        )
    facts = _FileFacts(device, offset_s, tuple(file_warnings))
    activities: list[ParsedActivity] = []
    sessions = _sessions(fit.table(SESSION), clock)
    for index, session in enumerate(sessions):
        later = [s.start for s in sessions[index + 1 :] if s.start > session.start]
        next_start = later[0] if later else np.inf
        activities.append(_session_activity(session, next_start, records, facts))
    if not sessions and records is not None and len(records.time):
        activities.append(_records_activity(fit, records, facts))
    if not activities:
        raise UnreadableFile("FIT activity file without any session or timed record")
    return sorted(activities, key=lambda a: a.start_utc)


def _require_activity(fit: FitData) -> None:
    """Refuse non-activity files: the first chained file decides, an activity anywhere wins."""
    types = [t for t in fit.file_types if t is not None]
    if types and ACTIVITY_FILE_TYPE not in types:
        name = FILE_TYPES.get(types[0], f"type {types[0]}")
        raise NotAnActivity(f"FIT {name} file, not an activity")
    if not types and not fit.table(SESSION) and not fit.record_count:
        raise UnreadableFile("FIT file without a file type, session or record")


@dataclass(frozen=True, slots=True)
class _Clock:
    """How raw FIT times become seconds on the FIT epoch: usually as they are."""

    shift_s: float = 0.0
    local_only: bool = False

    @staticmethod
    def of(fit: FitData) -> _Clock:
        sessions, records = fit.table(SESSION), fit.table(RECORD)
        stamps = [
            t.fields.get(name)
            for t, name in (
                (sessions, "start_time"),
                (sessions, "timestamp"),
                (records, "timestamp"),
            )
            if t is not None
        ]
        known = np.concatenate(
            [s[np.isfinite(s)] for s in stamps if s is not None] or [np.empty(0)]
        )
        if not len(known) or np.median(known) >= SYSTEM_TIME_LIMIT:
            return _Clock()
        activity = fit.table(ACTIVITY)
        if activity is not None:
            missing = np.full(len(activity), np.nan)
            local = activity.fields.get("local_timestamp", missing)
            system = activity.fields.get("timestamp", missing)
            for loc, sys in zip(local.tolist(), system.tolist(), strict=True):
                if loc >= SYSTEM_TIME_LIMIT and 0 <= sys < SYSTEM_TIME_LIMIT:
                    return _Clock(shift_s=loc - sys, local_only=True)
        raise UnreadableFile("FIT file has only device-relative times and no clock reference")

    def absolute(self, raw: FloatArray) -> FloatArray:
        """Seconds on the FIT epoch; NaN where the raw time is invalid for this file's clock."""
        if self.local_only:
            ok = (raw >= 0) & (raw < SYSTEM_TIME_LIMIT)
        else:
            ok = (raw >= SYSTEM_TIME_LIMIT) & (raw < 2.0**32)
        return np.where(ok, raw + self.shift_s, np.nan)


@dataclass(frozen=True, slots=True)
class _FileFacts:
    """What every activity of one file shares."""

    device: str | None
    utc_offset_s: int | None
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Records:
    """Record columns in file order with usable timestamps only (clock-fixed, FIT epoch)."""

    time: FloatArray
    columns: dict[str, FloatArray]
    chained_file: npt.NDArray[np.int64]


def _records(table: MessageTable | None, clock: _Clock) -> _Records | None:
    if table is None or "timestamp" not in table.fields:
        return None
    time = clock.absolute(table.fields["timestamp"])
    keep = np.isfinite(time)
    columns = {name: values[keep] for name, values in table.fields.items()}
    return _Records(time[keep], columns, table.chained_file[keep])


@dataclass(frozen=True, slots=True)
class _Session:
    start: float
    end: float
    """Latest possible end: the later of start + elapsed (or timer) time and the end timestamp."""
    chained_file: int
    values: dict[str, float]


def _sessions(table: MessageTable | None, clock: _Clock) -> list[_Session]:
    """Sessions with a usable start time, in start order."""
    if table is None:
        return []
    start = clock.absolute(table.fields.get("start_time", np.full(len(table), np.nan)))
    stamp = clock.absolute(table.fields.get("timestamp", np.full(len(table), np.nan)))
    elapsed = table.fields.get("total_elapsed_time", np.full(len(table), np.nan))
    timer = table.fields.get("total_timer_time", np.full(len(table), np.nan))
    sessions: list[_Session] = []
    for i in range(len(table)):
        begin, until = float(start[i]), float(stamp[i])
        spans = [float(x) for x in (elapsed[i], timer[i]) if np.isfinite(x) and x >= 0]
        span = max(spans) if spans else np.nan
        if not np.isfinite(begin):
            begin = until - span  # stays NaN when either is unknown
        if not np.isfinite(begin):
            continue
        ends = [e for e in (begin + span, until) if np.isfinite(e)]
        end = max([begin, *ends]) if ends else np.inf
        values = {name: float(column[i]) for name, column in table.fields.items()}
        sessions.append(_Session(begin, end, int(table.chained_file[i]), values))
    return sorted(sessions, key=lambda s: s.start)


def _session_activity(
    session: _Session,
    next_start: float,
    records: _Records | None,
    facts: _FileFacts,
) -> ParsedActivity:
    sport, sub_sport = normalise_sport(session.values.get("sport"), session.values.get("sub_sport"))
    warnings = list(facts.warnings)
    streams = None
    if records is not None:
        own = records.chained_file == session.chained_file
        if own.any() and not own.all():
            records = _Records(
                records.time[own],
                {name: values[own] for name, values in records.columns.items()},
                records.chained_file[own],
            )
        streams = _streams(
            records,
            start=session.start,
            end=session.end,
            next_start=next_start,
            sport=sport,
            warnings=warnings,
        )
        if streams is None and len(records.time):
            warnings.append("no record lies within the session's time span")
    v = session.values
    summary = FileSummary(
        distance_m=_finite(v.get("total_distance")),
        elapsed_s=_finite(v.get("total_elapsed_time")),
        moving_s=_finite(v.get("total_timer_time")),
        elevation_gain_m=_finite(v.get("total_ascent")),
        elevation_loss_m=_finite(v.get("total_descent")),
        avg_heart_rate_bpm=_finite(v.get("avg_heart_rate")),
        max_heart_rate_bpm=_finite(v.get("max_heart_rate")),
        avg_cadence_spm=steps_per_min(v.get("avg_cadence"), v.get("avg_fractional_cadence"), sport),
    )
    return ParsedActivity(
        start_utc=_datetime(session.start),
        sport=sport,
        sub_sport=sub_sport,
        summary=summary,
        streams=streams,
        warnings=tuple(warnings),
        device=facts.device,
        utc_offset_s=facts.utc_offset_s,
    )


def _records_activity(fit: FitData, records: _Records, facts: _FileFacts) -> ParsedActivity:
    """The activity of a file that has records but no session (e.g. a recording cut short)."""
    sport_table = fit.table(SPORT)
    sport_code = sub_code = None
    if sport_table is not None and len(sport_table):
        sport_code = sport_table.fields.get("sport", np.full(1, np.nan))[0]
        sub_code = sport_table.fields.get("sub_sport", np.full(1, np.nan))[0]
    sport, sub_sport = normalise_sport(sport_code, sub_code)
    warnings = [
        *facts.warnings,
        f"no session message: activity built from {len(records.time)} records",
    ]
    start = float(records.time[0])
    streams = _streams(
        records, start=start, end=np.inf, next_start=np.inf, sport=sport, warnings=warnings
    )
    return ParsedActivity(
        start_utc=_datetime(start),
        sport=sport,
        sub_sport=sub_sport,
        summary=FileSummary(),
        streams=streams,
        warnings=tuple(warnings),
        device=facts.device,
        utc_offset_s=facts.utc_offset_s,
    )


def _streams(
    records: _Records,
    *,
    start: float,
    end: float,
    next_start: float,
    sport: str,
    warnings: list[str],
) -> Streams | None:
    """Records in ``[start, end]`` and before ``next_start`` as Streams, the clock made monotonic.

    A record stamped exactly at the next leg's start belongs to that leg (its distance restarts).
    """
    time = records.time
    inside = np.flatnonzero((time >= start) & (time <= end) & (time < next_start))
    if not len(inside):
        return None
    time = records.time[inside]
    forward = time >= np.maximum.accumulate(time)
    if not forward.all():
        warnings.append(f"clock went backwards: dropped {int((~forward).sum())} records")
        inside, time = inside[forward], time[forward]
    c = {name: values[inside] for name, values in records.columns.items()}
    latitude = _scaled(c.get("position_lat"), DEGREES_PER_SEMICIRCLE)
    longitude = _scaled(c.get("position_long"), DEGREES_PER_SEMICIRCLE)
    if latitude is not None and longitude is not None:
        bad = ~(np.abs(latitude) <= 90.0) | ~(np.abs(longitude) <= 180.0)
        latitude[bad] = longitude[bad] = np.nan
    cadence = None
    if "cadence" in c and counts_strides(sport):
        fraction = c.get("fractional_cadence", np.zeros(len(time)))
        cadence = (c["cadence"] + np.nan_to_num(fraction)) * STEPS_PER_STRIDE
    return Streams(
        time_s=time - start,
        distance_m=_channel(_first_valid(c, "distance", "compressed_distance")),
        altitude_m=_channel(_prefer(c, "enhanced_altitude", "altitude")),
        speed_m_s=_channel(_prefer(c, "enhanced_speed", "speed", "compressed_speed")),
        heart_rate_bpm=_channel(c.get("heart_rate")),
        cadence_spm=_channel(cadence),
        latitude_deg=_channel(latitude),
        longitude_deg=_channel(longitude),
        ground_contact_ms=_channel(c.get("stance_time")),
        vertical_oscillation_mm=_channel(c.get("vertical_oscillation")),
    )


def _prefer(columns: dict[str, FloatArray], *names: str) -> FloatArray | None:
    """Sample by sample, the first of ``names`` that is valid (enhanced fields first)."""
    result: FloatArray | None = None
    for name in names:
        values = columns.get(name)
        if values is None:
            continue
        result = values.copy() if result is None else np.where(np.isnan(result), values, result)
    return result


def _first_valid(columns: dict[str, FloatArray], *names: str) -> FloatArray | None:
    """The first of ``names`` with any valid sample (a cumulative column is never mixed)."""
    for name in names:
        values = columns.get(name)
        if values is not None and np.isfinite(values).any():
            return values
    return None


def _channel(values: FloatArray | None) -> FloatArray | None:
    if values is None or not np.isfinite(values).any():
        return None
    return np.ascontiguousarray(values, dtype=np.float64)


def _scaled(values: FloatArray | None, factor: float) -> FloatArray | None:
    return None if values is None else values * factor


def _datetime(fit_seconds: float) -> datetime:
    return datetime.fromtimestamp(FIT_EPOCH_UNIX_S, UTC) + timedelta(seconds=fit_seconds)


def _finite(value: float | None) -> float | None:
    return value if value is not None and np.isfinite(value) else None
