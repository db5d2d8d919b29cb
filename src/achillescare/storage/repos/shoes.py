"""Shoes in the store, as domain :class:`~achillescare.domain.gear.shoes.Shoe` records, and
which shoe each of a runner's activities was done in.

``activities.shoe_id`` has no database foreign key (see migration 0011_shoes), so this module
keeps it right: a run is only ever put in a shoe of the same runner, and deleting a shoe sets
its runs back to "no shoe" in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from achillescare.domain.gear.shoes import Shoe
from achillescare.storage.models.core import ActivityRow
from achillescare.storage.models.gear import ShoeRow
from achillescare.storage.repos import runners as runners_repo

_FIELDS = tuple(f.name for f in fields(Shoe) if f.name != "id")


def to_shoe(row: ShoeRow) -> Shoe:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["default_sports"] = tuple(row.default_sports or ())
    return Shoe(**values, id=row.id)


def _values(shoe: Shoe) -> dict[str, Any]:
    values = {name: getattr(shoe, name) for name in _FIELDS}
    values["default_sports"] = list(shoe.default_sports)
    return values


def list_for_runner(session: Session, runner_id: int) -> list[Shoe]:
    """The runner's shoes, those still worn first, then by first use and id."""
    rows = session.scalars(
        select(ShoeRow).where(ShoeRow.runner_id == runner_id).order_by(ShoeRow.id)
    )
    shoes = [to_shoe(row) for row in rows]
    return sorted(shoes, key=lambda s: (s.retired, s.id or 0))


def get_for_runner(session: Session, runner_id: int, shoe_id: int) -> Shoe | None:
    row = session.get(ShoeRow, shoe_id)
    return to_shoe(row) if row is not None and row.runner_id == runner_id else None


def add(session: Session, runner_id: int, shoe: Shoe) -> Shoe:
    row = ShoeRow(runner_id=runner_id, **_values(shoe))
    session.add(row)
    session.flush()
    return to_shoe(row)


def replace_shoe(session: Session, runner_id: int, shoe: Shoe) -> Shoe | None:
    """Store every field of ``shoe`` (by its id); None if it is not the runner's."""
    row = session.get(ShoeRow, shoe.id)
    if row is None or row.runner_id != runner_id:
        return None
    for name, value in _values(shoe).items():
        setattr(row, name, value)
    session.flush()
    runners_repo.bump_training_revision(session, runner_id)  # the caution reads the drop
    return to_shoe(row)


def delete_for_runner(session: Session, runner_id: int, shoe_id: int) -> int | None:
    """Delete the runner's shoe; its activities stay, with no shoe. Returns how many activities
    were in it, or None if the shoe is not the runner's."""
    row = session.get(ShoeRow, shoe_id)
    if row is None or row.runner_id != runner_id:
        return None
    freed = session.execute(
        update(ActivityRow)
        .where(ActivityRow.runner_id == runner_id, ActivityRow.shoe_id == shoe_id)
        .values(shoe_id=None)
        .returning(ActivityRow.id)
    ).all()
    session.execute(delete(ShoeRow).where(ShoeRow.id == shoe_id))
    runners_repo.bump_training_revision(session, runner_id)
    return len(freed)


def assign(
    session: Session, runner_id: int, activity_ids: Sequence[int], shoe_id: int | None
) -> list[int]:
    """Put the runner's activities in a shoe (None: in none); returns the ids changed. The
    caller checks that the shoe is the runner's."""
    if not activity_ids:
        return []
    changed = session.execute(
        update(ActivityRow)
        .where(ActivityRow.runner_id == runner_id, ActivityRow.id.in_(list(activity_ids)))
        .values(shoe_id=shoe_id)
        .returning(ActivityRow.id)
    ).all()
    if changed:
        runners_repo.bump_training_revision(session, runner_id)
    return sorted(row[0] for row in changed)


def unassigned_with_gear(session: Session, runner_id: int) -> list[tuple[int, str]]:
    """(activity id, gear name) of the runner's activities with a gear name but no shoe: what a
    shoe read from an export, or entered by hand later, can claim."""
    rows = session.execute(
        select(ActivityRow.id, ActivityRow.gear).where(
            ActivityRow.runner_id == runner_id,
            ActivityRow.shoe_id.is_(None),
            ActivityRow.gear.is_not(None),
        )
    )
    return [(activity_id, gear) for activity_id, gear in rows if gear is not None]
