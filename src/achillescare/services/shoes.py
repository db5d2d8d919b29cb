"""A runner's shoes as use cases: list with distances, add, edit, retire, delete, assign runs,
take in the shoes an export lists, and the shoe-change caution for the daily decision.

Every function takes the runner it acts for; a shoe id that is not theirs is "not found",
whether it exists for someone else or not. Bad values raise :class:`InvalidInput` with the
domain's sentence (the shoe record checks its own fields).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from achillescare.domain.gear.caution import shoe_signal
from achillescare.domain.gear.shoes import Shoe, ShoeUse, gear_key, match_gear, shoe_use
from achillescare.domain.load.signal import Signal
from achillescare.domain.runner import Runner
from achillescare.errors import Conflict, InvalidInput, NotFound
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import shoes as shoes_repo

EDITABLE = (
    "name", "brand", "model", "drop_mm", "stack_mm", "weight_g", "first_used", "retired_on",
    "reminder_m", "default_sports",
)  # fmt: skip
"""The fields a runner may set on a shoe (every one of :class:`Shoe` but its id)."""


def _missing(runner: Runner, shoe_id: int) -> NotFound:
    return NotFound(f"no shoe {shoe_id} among {runner.name}'s shoes (see `achilles shoes list`)")


def list_shoes(store: Store, runner: Runner) -> list[ShoeUse]:
    """Every shoe of the runner with the distance and activities done in it (worn first)."""
    with store.session() as session:
        shoes = shoes_repo.list_for_runner(session, runner.id)
        activities = activities_repo.list_for_runner(session, runner.id) if shoes else []
    return shoe_use(shoes, activities)


def get_shoe(store: Store, runner: Runner, shoe_id: int) -> Shoe:
    with store.session() as session:
        found = shoes_repo.get_for_runner(session, runner.id, shoe_id)
    if found is None:
        raise _missing(runner, shoe_id)
    return found


def find_shoe(store: Store, runner: Runner, ref: str) -> Shoe:
    """A shoe by id (``3``) or by name (case and spacing ignored), for the CLI."""
    text = ref.strip()
    if text.isdecimal():
        return get_shoe(store, runner, int(text))
    with store.session() as session:
        shoes = shoes_repo.list_for_runner(session, runner.id)
    found = match_gear(text, shoes)
    if found is None:
        names = ", ".join(f"{s.id} {s.name}" for s in shoes) or "none yet"
        raise NotFound(f"no shoe named {ref!r} (shoes: {names})")
    return found


def _same_name(shoes: Iterable[Shoe], shoe: Shoe) -> Shoe | None:
    key = gear_key(shoe.name)
    return next((s for s in shoes if s.id != shoe.id and gear_key(s.name) == key), None)


def _claim(session: Any, runner: Runner, shoes: Sequence[Shoe]) -> int:
    """Put the runner's unassigned activities whose export named a gear in the shoe of that
    name; returns how many were put in a shoe."""
    claimed = 0
    for activity_id, gear in shoes_repo.unassigned_with_gear(session, runner.id):
        shoe = match_gear(gear, shoes)
        if shoe is not None and shoe.id is not None:
            claimed += len(shoes_repo.assign(session, runner.id, [activity_id], shoe.id))
    return claimed


def add_shoe(store: Store, runner: Runner, **fields: Any) -> Shoe:
    """Add a pair; names are unique among the runner's shoes (case-insensitive). Activities
    already imported whose export named this pair's gear are put in it."""
    shoe = Shoe(**fields)  # the domain refuses a wrong field with InvalidInput
    with store.session() as session:
        shoes = shoes_repo.list_for_runner(session, runner.id)
        if _same_name(shoes, shoe) is not None:
            raise Conflict(f"{runner.name} already has a shoe named {shoe.name!r}")
        added = shoes_repo.add(session, runner.id, shoe)
        _claim(session, runner, [added])
    return added


def edit_shoe(store: Store, runner: Runner, shoe_id: int, **changes: Any) -> Shoe:
    """Change some fields of a shoe (a None value clears an optional field)."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"a shoe has no field {', '.join(unknown)}")
    current = get_shoe(store, runner, shoe_id)
    changed = replace(current, **changes)
    with store.session() as session:
        if _same_name(shoes_repo.list_for_runner(session, runner.id), changed) is not None:
            raise Conflict(f"{runner.name} already has a shoe named {changed.name!r}")
        stored = shoes_repo.replace_shoe(session, runner.id, changed)
    if stored is None:
        raise _missing(runner, shoe_id)
    return stored


def retire_shoe(store: Store, runner: Runner, shoe_id: int, on: date | None) -> Shoe:
    """Retire a pair from ``on`` (kept with its history; no longer a default at import), or
    wear it again with ``on=None``."""
    return edit_shoe(store, runner, shoe_id, retired_on=on)


def delete_shoe(store: Store, runner: Runner, shoe_id: int) -> int:
    """Delete a shoe; its activities stay, with no shoe. Returns how many were in it."""
    with store.session() as session:
        freed = shoes_repo.delete_for_runner(session, runner.id, shoe_id)
    if freed is None:
        raise _missing(runner, shoe_id)
    return freed


def assign_activities(
    store: Store, runner: Runner, activity_ids: Sequence[int], shoe_id: int | None
) -> list[int]:
    """Put activities in a shoe (``shoe_id=None``: in no shoe); every id must be the runner's."""
    if not activity_ids:
        raise InvalidInput("name at least one activity id (see `achilles activities`)")
    with store.session() as session:
        if shoe_id is not None and shoes_repo.get_for_runner(session, runner.id, shoe_id) is None:
            raise _missing(runner, shoe_id)
        changed = shoes_repo.assign(session, runner.id, activity_ids, shoe_id)
        missing = sorted(set(activity_ids) - set(changed))
        if missing:  # raised inside the transaction: nothing is changed
            raise NotFound(
                f"no activity {', '.join(map(str, missing))} among {runner.name}'s activities"
            )
    return changed


def take_in_shoes(store: Store, runner: Runner, found: Sequence[Shoe]) -> list[Shoe]:
    """Add the shoes an export lists that the runner does not have yet (by name); returns the
    ones added. Activities already imported that name their gear are put in them."""
    added: list[Shoe] = []
    with store.session() as session:
        shoes = shoes_repo.list_for_runner(session, runner.id)
        for shoe in found:
            if match_gear(shoe.name, [*shoes, *added]) is None:
                added.append(shoes_repo.add(session, runner.id, shoe))
        if added:
            _claim(session, runner, added)
    return added


def runner_shoes(store: Store, runner: Runner) -> list[Shoe]:
    with store.session() as session:
        return shoes_repo.list_for_runner(session, runner.id)


def shoe_caution(store: Store, runner: Runner, day: date) -> Signal | None:
    """The ``shoe_change`` caution for the day (GEAR-1, GEAR-2), or None. Read fresh: a shoe
    edit is seen by the next decision at once."""
    with store.session() as session:
        shoes = shoes_repo.list_for_runner(session, runner.id)
        if not shoes:
            return None
        activities = activities_repo.list_for_runner(session, runner.id)
    return shoe_signal(activities, shoes, day)


def reminders(uses: Iterable[ShoeUse]) -> list[ShoeUse]:
    """The pairs still worn that have reached their replacement distance (GEAR-3)."""
    return [use for use in uses if use.due]


__all__ = [
    "EDITABLE",
    "add_shoe",
    "assign_activities",
    "delete_shoe",
    "edit_shoe",
    "find_shoe",
    "get_shoe",
    "list_shoes",
    "reminders",
    "retire_shoe",
    "runner_shoes",
    "shoe_caution",
    "take_in_shoes",
]
