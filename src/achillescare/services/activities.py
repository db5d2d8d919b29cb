"""A runner's activities: reading them, and the runner's own corrections (the import pipeline
writes them: :mod:`.importing`).

Deleting an activity, changing its sport or leaving it out of the load moves the runner's
training revision in the same transaction, so the next decision and signals (cached per
revision, :mod:`.training`) follow at once. An id that is not the runner's is "not found",
whether it exists for someone else or not at all: ids say nothing about other runners.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from achillescare.domain.activity.records import Activity, Streams, checked_reason, checked_sport
from achillescare.domain.activity.usual import USUAL_DAYS
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


@dataclass(frozen=True, slots=True)
class ActivityDetail:
    """One activity with what its page needs: its streams (None for a manual run or a list
    row) and the runner's activities of the :data:`USUAL_DAYS` days before it (its usual)."""

    activity: Activity
    streams: Streams | None
    before: list[Activity]


def activity_detail(store: Store, runner: Runner, activity_id: int) -> ActivityDetail:
    """The runner's activity with its streams and the runs before it; :class:`NotFound`
    otherwise."""
    with store.session() as session:
        found = activities_repo.get_for_runner(session, runner.id, activity_id)
        if found is None:
            raise _missing(runner, activity_id)
        streams = activities_repo.streams_of(session, activity_id)
        before = activities_repo.list_for_runner(
            session, runner.id, found.start_utc - timedelta(days=USUAL_DAYS), found.start_utc
        )
    return ActivityDetail(found, streams, before)


SORTS = ("date", "distance", "duration")
"""What the activity list may be sorted by."""
PER_PAGE_MAX = 1000


@dataclass(frozen=True, slots=True)
class ActivityPage:
    """One page of a runner's activities, as asked for, and what the filter can offer."""

    activities: list[Activity]
    total: int
    page: int
    pages: int
    per_page: int
    sport: str | None
    sort: str
    descending: bool
    sports: list[str]


def activity_page(
    store: Store,
    runner: Runner,
    *,
    sport: str | None = None,
    sort: str = "date",
    descending: bool = True,
    page: int = 1,
    per_page: int = 50,
) -> ActivityPage:
    """Page ``page`` (from 1) of the runner's activities of ``sport`` (None: all), sorted by
    date, distance or (moving) duration. A page past the end is the last page."""
    if sort not in SORTS:
        raise InvalidInput(f"sort by one of {', '.join(SORTS)}, not {sort!r}")
    if not 1 <= per_page <= PER_PAGE_MAX:
        raise InvalidInput(f"a page holds 1 to {PER_PAGE_MAX} activities, not {per_page}")
    if page < 1:
        raise InvalidInput(f"pages count from 1, not {page}")
    if sport is not None:
        try:
            sport = checked_sport(sport)
        except ValueError as error:
            raise InvalidInput(str(error)) from None
    with store.session() as session:
        sports = activities_repo.sports_of(session, runner.id)
        total = activities_repo.count_for_runner(session, runner.id, sport)
        pages = max(1, -(-total // per_page))
        page = min(page, pages)
        activities = activities_repo.page_for_runner(
            session,
            runner.id,
            sport=sport,
            sort=sort,
            descending=descending,
            offset=(page - 1) * per_page,
            limit=per_page,
        )
    return ActivityPage(activities, total, page, pages, per_page, sport, sort, descending, sports)


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
    try:
        if sport is not None:
            changes["sport"] = checked_sport(sport)
        if exclude_reason is not None and include:
            raise ValueError("choose one of leaving the activity out of the load or counting it")
        if exclude_reason is not None:
            changes["excluded_reason"] = checked_reason(exclude_reason)
        if include:
            changes["excluded_reason"] = None
    except ValueError as error:
        raise InvalidInput(str(error)) from None
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
