"""Reading a runner's activities (the import pipeline writes them: :mod:`.importing`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from achillescare.domain.activity import Activity
from achillescare.domain.runner import Runner
from achillescare.storage import activities_repo
from achillescare.storage.db import Store

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
