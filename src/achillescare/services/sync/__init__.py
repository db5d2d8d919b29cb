"""Runs that arrive by themselves: one sync function per online service.

Each service module exposes ``sync(store, runner, *, now) -> SyncReport``: it pulls what is new
for the runner since the last sync, imports it through the same path as files (so duplicates
across sources are caught and load signals follow), and keeps its place in the link's cursor.
``achilles sync`` and the web app look the function up in :data:`SYNCS` by service name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from achillescare.domain.runner import Runner
from achillescare.domain.sync import SourceName, SyncReport
from achillescare.services.sync import intervals, strava
from achillescare.storage.db import Store
from achillescare.storage.repos import runners as runners_repo
from achillescare.storage.repos import source_links


class SyncFn(Protocol):
    """Pull a runner's new activities from one service."""

    def __call__(self, store: Store, runner: Runner, *, now: datetime) -> SyncReport: ...


SYNCS: dict[SourceName, SyncFn] = {"strava": strava.sync, "intervals": intervals.sync}
"""The services a runner can sync from, by name."""


def linked_runners(store: Store, source: SourceName) -> list[Runner]:
    """Every runner linked to the service, for a polling sync of a whole server."""
    with store.session() as session:
        links = source_links.for_source(session, source)
        found = [runners_repo.get(session, link.runner_id) for link in links]
    return [runner for runner in found if runner is not None]


__all__ = ["SYNCS", "SyncFn", "linked_runners"]
