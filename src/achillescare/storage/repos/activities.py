"""Activities and their streams in the store.

Streams are kept as one float32 matrix (time plus the recorded channels), zlib-compressed
(level 1: fast, and the channels are smooth enough to halve in size). float32 keeps a second's
resolution over ~190 days, which is all the features need.

GPS positions are not kept: no Achilles figure needs them once distance is measured, they show
where the runner lives and trains, and they are the least compressible channels (dropping them
made storing a run about twice as fast; see ``benchmarks/import_bench.py``).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import fields
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from achillescare.domain.activity.dedupe import KnownActivity
from achillescare.domain.activity.records import CHANNELS, Activity, Streams, is_running
from achillescare.storage.models.core import ActivityRow, ActivityStreamRow
from achillescare.storage.repos import runners as runners_repo

STORED_CHANNELS = tuple(c for c in CHANNELS if c not in {"latitude_deg", "longitude_deg"})
_ACTIVITY_FIELDS = tuple(f.name for f in fields(Activity) if f.name not in {"id", "warnings"})


def encode_streams(streams: Streams) -> tuple[str, bytes]:
    """(comma-separated channel names, compressed float32 matrix)."""
    names = ["time_s"] + [name for name in STORED_CHANNELS if getattr(streams, name) is not None]
    matrix = np.vstack([np.asarray(getattr(streams, name), dtype=np.float32) for name in names])
    return ",".join(names), zlib.compress(matrix.tobytes(), 1)


def decode_streams(channels: str, samples: int, data: bytes) -> Streams:
    names = channels.split(",")
    matrix = np.frombuffer(zlib.decompress(data), dtype=np.float32).reshape(len(names), samples)
    arrays = {name: matrix[i].astype(np.float64) for i, name in enumerate(names)}
    return Streams(**arrays)


_SUMMARY_COLUMNS = tuple(
    getattr(ActivityRow, name) for name in (*_ACTIVITY_FIELDS, "warnings", "id")
)
"""The columns an :class:`Activity` is read from, for queries that skip the ORM objects."""


def add(
    session: Session,
    runner_id: int,
    activity: Activity,
    *,
    source_index: int = 0,
    streams: Streams | None = None,
    minute_speeds: np.ndarray | None = None,
) -> int:
    """Insert one activity (and its streams); returns its id.

    Core ``INSERT … RETURNING`` rather than the ORM unit of work: an import writes thousands of
    rows and the ORM's bookkeeping was a third of the time per activity (import_bench.py)."""
    values = {name: getattr(activity, name) for name in _ACTIVITY_FIELDS}
    values |= {
        "runner_id": runner_id,
        "source_index": source_index,
        "warnings": "\n".join(activity.warnings) or None,
        "minute_speeds": None
        if minute_speeds is None
        else np.asarray(minute_speeds, dtype=np.float32).tobytes(),
        "imported_at": datetime.now(UTC),
    }
    activity_id = session.execute(
        insert(ActivityRow).returning(ActivityRow.id), values
    ).scalar_one()
    runners_repo.bump_training_revision(session, runner_id)
    if streams is not None and len(streams) > 0:
        channels, data = encode_streams(streams)
        session.execute(
            insert(ActivityStreamRow),
            {
                "activity_id": activity_id,
                "runner_id": runner_id,
                "samples": len(streams),
                "channels": channels,
                "data": data,
            },
        )
    return activity_id


def known_activities(session: Session, runner_id: int) -> list[KnownActivity]:
    """Every stored activity of the runner, reduced to what de-duplication compares."""
    query = select(
        ActivityRow.start_utc,
        ActivityRow.distance_m,
        ActivityRow.sport,
        ActivityRow.content_sha256,
        ActivityRow.source,
    ).where(ActivityRow.runner_id == runner_id)
    return [
        KnownActivity(start, distance, is_running(sport), sha, source)
        for start, distance, sport, sha, source in session.execute(query)
    ]


def list_for_runner(
    session: Session,
    runner_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Activity]:
    """Oldest first; ``since``/``until`` are UTC instants (inclusive, exclusive).

    Only the summary columns are read, as plain rows: every daily decision reads the whole
    history, and ORM objects (with each run's minute speeds) cost more than the rest of a web
    check-in's work."""
    query = select(*_SUMMARY_COLUMNS).where(ActivityRow.runner_id == runner_id)
    if since is not None:
        query = query.where(ActivityRow.start_utc >= since)
    if until is not None:
        query = query.where(ActivityRow.start_utc < until)
    activities = []
    for row in session.execute(query.order_by(ActivityRow.start_utc)):
        values = row._asdict()
        warnings = values.pop("warnings")
        values["warnings"] = tuple(warnings.split("\n")) if warnings else ()
        activities.append(Activity(**values))
    return activities


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
    runner_id: int,
    features: Sequence[tuple[int, float | None, float | None, int | None]],
) -> None:
    """Write (activity id, fast_s, fast_m, strides) for many of the runner's activities in one
    statement."""
    if not features:
        return
    runners_repo.bump_training_revision(session, runner_id)
    statement = (
        update(ActivityRow.__table__)  # type: ignore[arg-type]
        .where(ActivityRow.__table__.c.id == bindparam("activity_id"))
        .values(
            fast_s=bindparam("fast_s"), fast_m=bindparam("fast_m"), strides=bindparam("strides")
        )
    )
    session.execute(
        statement,
        [
            {"activity_id": i, "fast_s": fast_s, "fast_m": fast_m, "strides": strides}
            for i, fast_s, fast_m, strides in features
        ],
    )


def streams_of(session: Session, activity_id: int) -> Streams | None:
    row = session.get(ActivityStreamRow, activity_id)
    return decode_streams(row.channels, row.samples, row.data) if row else None


SORT_COLUMNS = {"date": ActivityRow.start_utc, "distance": ActivityRow.distance_m,
                "duration": ActivityRow.moving_s}  # fmt: skip
"""What a list of activities may be sorted by."""


def page_for_runner(
    session: Session,
    runner_id: int,
    *,
    sport: str | None,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
) -> list[Activity]:
    """One page of the runner's activities (of one sport, or all) in the given order. Sorted
    and sliced in SQL: a history of thousands reads one page."""
    column = SORT_COLUMNS[sort]
    where = _of_sport(runner_id, sport)
    order = (column.desc(), ActivityRow.id.desc()) if descending else (column, ActivityRow.id)
    query = select(*_SUMMARY_COLUMNS).where(*where).order_by(*order).offset(offset).limit(limit)
    activities = []
    for row in session.execute(query):
        values = row._asdict()
        warnings = values.pop("warnings")
        values["warnings"] = tuple(warnings.split("\n")) if warnings else ()
        activities.append(Activity(**values))
    return activities


def _of_sport(runner_id: int, sport: str | None) -> list[ColumnElement[bool]]:
    where = [ActivityRow.runner_id == runner_id]
    if sport is not None:
        where.append(ActivityRow.sport == sport)
    return where


def count_for_runner(session: Session, runner_id: int, sport: str | None = None) -> int:
    """How many activities the runner has (of one sport, or all)."""
    query = select(func.count()).select_from(ActivityRow).where(*_of_sport(runner_id, sport))
    return session.execute(query).scalar_one()


def sports_of(session: Session, runner_id: int) -> list[str]:
    """The sports among the runner's activities, alphabetically."""
    query = select(ActivityRow.sport).where(ActivityRow.runner_id == runner_id).distinct()
    return sorted(session.scalars(query))


def id_by_source(session: Session, runner_id: int, source: str) -> int | None:
    """The id of the runner's activity imported from ``source`` (e.g. ``strava:123``), if any."""
    return session.scalar(
        select(ActivityRow.id)
        .where(ActivityRow.runner_id == runner_id, ActivityRow.source == source)
        .limit(1)
    )


def get_for_runner(session: Session, runner_id: int, activity_id: int) -> Activity | None:
    """The runner's activity with this id; None if there is none or it is another runner's."""
    row = session.execute(
        select(*_SUMMARY_COLUMNS).where(
            ActivityRow.id == activity_id, ActivityRow.runner_id == runner_id
        )
    ).one_or_none()
    if row is None:
        return None
    values = row._asdict()
    warnings = values.pop("warnings")
    values["warnings"] = tuple(warnings.split("\n")) if warnings else ()
    return Activity(**values)


def delete_for_runner(session: Session, runner_id: int, activity_id: int) -> bool:
    """Delete the runner's activity and its streams; False if it was not theirs or not there.
    The training revision moves in the same transaction: cached facts see it at once."""
    session.execute(
        delete(ActivityStreamRow).where(
            ActivityStreamRow.activity_id == activity_id, ActivityStreamRow.runner_id == runner_id
        )
    )
    deleted = session.execute(
        delete(ActivityRow)
        .where(ActivityRow.id == activity_id, ActivityRow.runner_id == runner_id)
        .returning(ActivityRow.id)
    ).first()
    if deleted is None:
        return False
    runners_repo.bump_training_revision(session, runner_id)
    return True


def update_for_runner(
    session: Session, runner_id: int, activity_id: int, **changes: str | None
) -> bool:
    """Change sport, name or excluded_reason of the runner's activity (and bump the training
    revision in the same transaction); False if it was not theirs or not there."""
    allowed = {"sport", "name", "excluded_reason"}
    if not changes or not set(changes) <= allowed:
        raise ValueError(f"only {', '.join(sorted(allowed))} can be changed")
    updated = session.execute(
        update(ActivityRow)
        .where(ActivityRow.id == activity_id, ActivityRow.runner_id == runner_id)
        .values(**changes)
        .returning(ActivityRow.id)
    ).first()
    if updated is None:
        return False
    runners_repo.bump_training_revision(session, runner_id)
    return True
