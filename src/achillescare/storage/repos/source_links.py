"""Links to online services in the store, as domain :class:`~achillescare.domain.sync.SourceLink`
records: at most one per runner and service."""

from __future__ import annotations

from dataclasses import fields, replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from achillescare.domain.sync import SourceLink, SourceName
from achillescare.storage.models.sync import SourceLinkRow

_FIELDS = tuple(f.name for f in fields(SourceLink) if f.name not in {"id", "runner_id", "source"})


def _to_link(row: SourceLinkRow) -> SourceLink:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["cursor"] = dict(row.cursor or {})
    source: SourceName = "strava" if row.source == "strava" else "intervals"
    return SourceLink(runner_id=row.runner_id, source=source, id=row.id, **values)


def get(session: Session, runner_id: int, source: SourceName) -> SourceLink | None:
    row = session.scalar(
        select(SourceLinkRow).where(
            SourceLinkRow.runner_id == runner_id, SourceLinkRow.source == source
        )
    )
    return _to_link(row) if row is not None else None


def for_athlete(session: Session, source: SourceName, athlete_id: str) -> list[SourceLink]:
    """The links of the service's athlete (a webhook names the athlete, not our runner)."""
    rows = session.scalars(
        select(SourceLinkRow)
        .where(SourceLinkRow.source == source, SourceLinkRow.athlete_id == athlete_id)
        .order_by(SourceLinkRow.id)
    )
    return [_to_link(row) for row in rows]


def for_source(session: Session, source: SourceName) -> list[SourceLink]:
    """Every runner's link to the service, for a polling sync of all runners."""
    rows = session.scalars(
        select(SourceLinkRow).where(SourceLinkRow.source == source).order_by(SourceLinkRow.id)
    )
    return [_to_link(row) for row in rows]


def put(session: Session, link: SourceLink) -> SourceLink:
    """Store ``link``, replacing the runner's earlier link to the same service."""
    row = session.scalar(
        select(SourceLinkRow).where(
            SourceLinkRow.runner_id == link.runner_id, SourceLinkRow.source == link.source
        )
    )
    if row is None:
        row = SourceLinkRow(runner_id=link.runner_id, source=link.source)
        session.add(row)
    for name in _FIELDS:
        value = getattr(link, name)
        setattr(row, name, dict(value) if name == "cursor" else value)
    session.flush()
    return replace(link, id=row.id)


def remove(session: Session, runner_id: int, source: SourceName) -> bool:
    """Forget the runner's link to the service; True if there was one."""
    result = session.execute(
        delete(SourceLinkRow).where(
            SourceLinkRow.runner_id == runner_id, SourceLinkRow.source == source
        )
    )
    return bool(getattr(result, "rowcount", 0))
