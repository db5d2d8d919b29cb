"""Activities and their streams in the store.

Streams are kept as one float32 matrix (time plus the recorded channels), zlib-compressed
(level 1: fast, and the channels are smooth enough to halve in size). float32 keeps a second's
resolution over ~190 days and metre-level positions, which is all the features need.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from achillescare.domain.activity import CHANNELS, Activity, Streams, is_running
from achillescare.storage.models import ActivityRow, ActivityStreamRow

_ACTIVITY_FIELDS = tuple(f.name for f in fields(Activity) if f.name not in {"id", "warnings"})


def encode_streams(streams: Streams) -> tuple[str, bytes]:
    """(comma-separated channel names, compressed float32 matrix)."""
    names = ["time_s"] + [name for name in CHANNELS if getattr(streams, name) is not None]
    matrix = np.vstack([np.asarray(getattr(streams, name), dtype=np.float32) for name in names])
    return ",".join(names), zlib.compress(matrix.tobytes(), 1)


def decode_streams(channels: str, samples: int, data: bytes) -> Streams:
    names = channels.split(",")
    matrix = np.frombuffer(zlib.decompress(data), dtype=np.float32).reshape(len(names), samples)
    arrays = {name: matrix[i].astype(np.float64) for i, name in enumerate(names)}
    return Streams(**arrays)


def to_activity(row: ActivityRow) -> Activity:
    values = {name: getattr(row, name) for name in _ACTIVITY_FIELDS}
    warnings = tuple(row.warnings.split("\n")) if row.warnings else ()
    return Activity(**values, warnings=warnings, id=row.id)


def add(
    session: Session,
    runner_id: int,
    activity: Activity,
    *,
    source_index: int = 0,
    streams: Streams | None = None,
    minute_speeds: np.ndarray | None = None,
) -> int:
    """Insert one activity (and its streams); returns its id."""
    values = {name: getattr(activity, name) for name in _ACTIVITY_FIELDS}
    row = ActivityRow(
        runner_id=runner_id,
        source_index=source_index,
        warnings="\n".join(activity.warnings) or None,
        minute_speeds=None
        if minute_speeds is None
        else np.asarray(minute_speeds, dtype=np.float32).tobytes(),
        **values,
    )
    session.add(row)
    session.flush()
    if streams is not None and len(streams) > 0:
        channels, data = encode_streams(streams)
        session.add(
            ActivityStreamRow(
                activity_id=row.id,
                runner_id=runner_id,
                samples=len(streams),
                channels=channels,
                data=data,
            )
        )
    return row.id


def has_content(session: Session, runner_id: int, content_sha256: str) -> bool:
    """True when a file with these bytes was imported for this runner already."""
    query = select(ActivityRow.id).where(
        ActivityRow.runner_id == runner_id, ActivityRow.content_sha256 == content_sha256
    )
    return session.scalar(query.limit(1)) is not None


def find_same_activity(
    session: Session,
    runner_id: int,
    activity: Activity,
    *,
    window: timedelta = timedelta(minutes=2),
    distance_tolerance: float = 0.03,
) -> Activity | None:
    """The stored activity that is this one from another source: start within ±2 min, distance
    within ±3 % (the issue's de-duplication rule), both runs or both not runs, and not another leg
    of the same multisport file."""
    query = select(ActivityRow).where(
        and_(
            ActivityRow.runner_id == runner_id,
            ActivityRow.start_utc >= activity.start_utc - window,
            ActivityRow.start_utc <= activity.start_utc + window,
        )
    )
    for row in session.scalars(query):
        if activity.content_sha256 is not None and row.content_sha256 == activity.content_sha256:
            continue
        if is_running(row.sport) != activity.is_run:
            continue
        reference = max(row.distance_m, activity.distance_m)
        if (
            reference == 0
            or abs(row.distance_m - activity.distance_m) <= distance_tolerance * reference
        ):
            return to_activity(row)
    return None


def list_for_runner(
    session: Session,
    runner_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Activity]:
    """Oldest first; ``since``/``until`` are UTC instants (inclusive, exclusive)."""
    query = select(ActivityRow).where(ActivityRow.runner_id == runner_id)
    if since is not None:
        query = query.where(ActivityRow.start_utc >= since)
    if until is not None:
        query = query.where(ActivityRow.start_utc < until)
    return [to_activity(row) for row in session.scalars(query.order_by(ActivityRow.start_utc))]


def minute_speeds_for_runner(session: Session, runner_id: int, sports: Sequence[str]) -> np.ndarray:
    """Every stored 1-minute speed of the runner's activities of these sports, concatenated."""
    query = select(ActivityRow.minute_speeds).where(
        ActivityRow.runner_id == runner_id,
        ActivityRow.sport.in_(sports),
        ActivityRow.minute_speeds.is_not(None),
    )
    chunks = [np.frombuffer(blob, dtype=np.float32) for blob in session.scalars(query) if blob]
    return np.concatenate(chunks).astype(np.float64) if chunks else np.empty(0)


def streams_for_runner(
    session: Session, runner_id: int, sports: Sequence[str]
) -> list[tuple[int, Streams]]:
    """(activity id, streams) for every activity of these sports that has streams."""
    query = (
        select(ActivityStreamRow)
        .join(ActivityRow, ActivityRow.id == ActivityStreamRow.activity_id)
        .where(ActivityStreamRow.runner_id == runner_id, ActivityRow.sport.in_(sports))
    )
    return [
        (row.activity_id, decode_streams(row.channels, row.samples, row.data))
        for row in session.scalars(query)
    ]


def set_fast_features(
    session: Session,
    activity_id: int,
    fast_s: float | None,
    fast_m: float | None,
    strides: int | None,
) -> None:
    session.execute(
        update(ActivityRow)
        .where(ActivityRow.id == activity_id)
        .values(fast_s=fast_s, fast_m=fast_m, strides=strides)
    )


def streams_of(session: Session, activity_id: int) -> Streams | None:
    row = session.get(ActivityStreamRow, activity_id)
    return decode_streams(row.channels, row.samples, row.data) if row else None
