"""Wellness days in the store, as domain :class:`~achillescare.domain.sync.wellness.WellnessDay`
records: at most one per runner, service and day (a later sync of the day replaces it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from achillescare.domain.sync.links import SourceName
from achillescare.domain.sync.wellness import WELLNESS_FIELDS, WellnessDay
from achillescare.storage.models.wellness import WellnessRow


def _to_day(row: WellnessRow) -> WellnessDay:
    source: SourceName = "strava" if row.source == "strava" else "intervals"
    values = {name: getattr(row, name) for name in WELLNESS_FIELDS}
    return WellnessDay(day=row.day, source=source, **values)


def put_many(session: Session, runner_id: int, days: Iterable[WellnessDay]) -> int:
    """Store ``days`` for the runner, replacing what the same service gave for the same day;
    returns how many days were written."""
    written = 0
    for one in days:
        row = session.scalar(
            select(WellnessRow).where(
                WellnessRow.runner_id == runner_id,
                WellnessRow.source == one.source,
                WellnessRow.day == one.day,
            )
        )
        if row is None:
            row = WellnessRow(runner_id=runner_id, source=one.source, day=one.day)
            session.add(row)
        for name in WELLNESS_FIELDS:
            setattr(row, name, getattr(one, name))
        written += 1
    session.flush()
    return written


def for_runner(
    session: Session, runner_id: int, start: date | None = None, end: date | None = None
) -> list[WellnessDay]:
    """The runner's wellness days from every service, oldest first, within ``start``..``end``."""
    query = select(WellnessRow).where(WellnessRow.runner_id == runner_id)
    if start is not None:
        query = query.where(WellnessRow.day >= start)
    if end is not None:
        query = query.where(WellnessRow.day <= end)
    rows = session.scalars(query.order_by(WellnessRow.day, WellnessRow.source))
    return [_to_day(row) for row in rows]
