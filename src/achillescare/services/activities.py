"""A runner's activities: reading them, and the runner's own corrections (the import pipeline
writes them: :mod:`.importing`).

Deleting an activity, changing its sport or leaving it out of the load moves the runner's
training revision in the same transaction, so the next decision and signals (cached per
revision, :mod:`.training`) follow at once. An id that is not the runner's is "not found",
whether it exists for someone else or not at all: ids say nothing about other runners.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from achillescare.domain.activity.records import Activity, checked_reason, checked_sport
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput, NotFound
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo

NAME_LENGTH = 300
"""The longest activity name kept (the column's size)."""

# Local dates are at most 14 h from UTC: widen the UTC window, then filter on the local date.
_MAX_OFFSET = timedelta(hours=14)


def list_activities(
    store: Store, runner: Runner, since: date | None = None, until: date | None = None
) -> list[Activity]:
    """The runner's activities, oldest first, with ``since <= local start date <= until``."""
    lower = datetime.combine(since, time(), UTC) - _MAX_OFFSET if since else None
    upper = (
        datetime.combine(until, time(), UTC) + timedelta(days=1) + _MAX_OFFSET if until else None
    )
    with store.session() as session:
        activities = activities_repo.list_for_runner(session, runner.id, lower, upper)
    return [
        a
        for a in activities
        if (since is None or a.start_local.date() >= since)
        and (until is None or a.start_local.date() <= until)
    ]


def _missing(runner: Runner, activity_id: int) -> NotFound:
    return NotFound(f"no activity {activity_id} among {runner.name}'s activities")


def get_activity(store: Store, runner: Runner, activity_id: int) -> Activity:
    """The runner's activity with this id; :class:`NotFound` otherwise."""
    with store.session() as session:
        found = activities_repo.get_for_runner(session, runner.id, activity_id)
    if found is None:
        raise _missing(runner, activity_id)
    return found


def delete_activity(store: Store, runner: Runner, activity_id: int) -> Activity:
    """Delete one of the runner's activities (with its streams); returns what was deleted."""
    with store.session() as session:
        found = activities_repo.get_for_runner(session, runner.id, activity_id)
        if found is None or not activities_repo.delete_for_runner(session, runner.id, activity_id):
            raise _missing(runner, activity_id)
    return found


def edit_activity(
    store: Store,
    runner: Runner,
    activity_id: int,
    *,
    sport: str | None = None,
    name: str | None = None,
    exclude_reason: str | None = None,
    include: bool = False,
) -> Activity:
    """Change the sport or name of one of the runner's activities, leave it out of the load
    (with a reason) or count it again; every answer is checked before anything is written.
    An empty ``name`` removes the name."""
    changes: dict[str, str | None] = {}
    if sport is not None:
        changes["sport"] = checked_sport(sport)
    if exclude_reason is not None and include:
        raise InvalidInput("choose one of leaving the activity out of the load or counting it")
    if exclude_reason is not None:
        changes["excluded_reason"] = checked_reason(exclude_reason)
    if include:
        changes["excluded_reason"] = None
    if name is not None:
        cleaned = " ".join(name.split())
        if len(cleaned) > NAME_LENGTH:
            raise InvalidInput(f"the name is {len(cleaned)} characters; at most {NAME_LENGTH}")
        changes["name"] = cleaned or None
    if not changes:
        raise InvalidInput("nothing to change: give a sport, a name, or leave it out of the load")
    with store.session() as session:
        if not activities_repo.update_for_runner(session, runner.id, activity_id, **changes):
            raise _missing(runner, activity_id)
        found = activities_repo.get_for_runner(session, runner.id, activity_id)
    assert found is not None
    return found
