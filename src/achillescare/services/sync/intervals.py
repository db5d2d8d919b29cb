"""intervals.icu sync: a runner's runs (their original files) and wellness days, with their key.

What a sync does, window by window from the cursor to today (:data:`WINDOW_DAYS` days each):

1. list the activities started in the window. A run already synced (its source names the
   intervals.icu id) is a duplicate without a download; anything but a run is skipped, and so is
   a stub intervals.icu may not hand over (activities it received from Strava), with the reason;
2. download each new run's original file and import it through the very path of an uploaded
   file (:func:`~achillescare.services.importing.import_fetched`): the same reader, the same
   de-duplication — the same run imported earlier from a FIT file or an export is one run —, the
   same features and load signals;
3. store the window's wellness days (:mod:`achillescare.domain.sync.wellness` says why they are
   kept apart from the runner's own check-in answers);
4. move the cursor (``done_until``, the newest local date done) and commit.

A first sync of a long history is therefore resumable: if the service's rate limit stops it,
what is stored stays, the report says when to go on (``resume_after``), and the next sync starts
from the window it stopped in. Each sync lists the week before ``done_until`` again
(:data:`OVERLAP_DAYS`), for runs a watch uploads days late. A refused key (changed or deleted in
intervals.icu) keeps the link and its cursor, marks it (``refused_at``, shown on the settings
page) and raises :class:`~achillescare.errors.LinkRevoked`; linking again with the current key
clears the mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from achillescare.domain.runner import Runner
from achillescare.domain.sync import SourceLink, SyncReport
from achillescare.errors import InvalidInput, LinkRevoked, NotFound, RateLimited
from achillescare.services.importing import FetchedFile, ImportReport, import_fetched
from achillescare.services.runners import runner_today
from achillescare.services.sync.intervals_api import (
    OWN_ATHLETE,
    IntervalsActivity,
    IntervalsClient,
)
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import source_links
from achillescare.storage.repos import wellness as wellness_repo

HISTORY_DAYS = 730
"""How far back a first sync reaches unless the link says otherwise (``since``): two years, many
times the four-week chronic load window, and enough for the insights; older runs can be imported
from an export file."""
WINDOW_DAYS = 30
"""Days listed per request: a month of runs is a short answer, and a stopped first sync loses at
most one window's listing."""
OVERLAP_DAYS = 7
"""Days before the last one done that each sync lists again, for runs uploaded late."""
RUN_TYPES = frozenset({"Run", "TrailRun", "VirtualRun"})
"""intervals.icu activity types that are runs (VirtualRun: treadmill)."""
ATHLETE_ID = re.compile(r"0|i?[0-9]{1,12}")
"""What an athlete id looks like (it goes into the request's path, so nothing else may)."""
SOURCE_PREFIX = "intervals.icu activity "
"""How a synced run names its source: the prefix and the intervals.icu id."""
STUB_REASON = (
    "intervals.icu received it from Strava and may not pass it on; upload its file or "
    "export it from Strava instead"
)


def _source_of(activity_id: str) -> str:
    return f"{SOURCE_PREFIX}{activity_id}"


def _link(store: Store, runner: Runner) -> SourceLink:
    with store.session() as session:
        link = source_links.get(session, runner.id, "intervals")
    if link is None or not link.api_key:
        raise NotFound(f"{runner.name} has no intervals.icu link: paste an API key first")
    return link


def _save(store: Store, link: SourceLink) -> SourceLink:
    with store.session() as session:
        return source_links.put(session, link)


def link(
    store: Store,
    runner: Runner,
    api_key: str,
    *,
    athlete_id: str = OWN_ATHLETE,
    since: date | None = None,
) -> SourceLink:
    """Check ``api_key`` with intervals.icu and store the runner's link (replacing an earlier
    one; its cursor is kept when the athlete is the same, so a new key does not start over).

    ``since``: the first day a first sync fetches (default :data:`HISTORY_DAYS` back)."""
    key = api_key.strip()
    if not key:
        raise InvalidInput("paste the API key from intervals.icu Settings → Developer")
    wanted = athlete_id.strip() or OWN_ATHLETE
    if not ATHLETE_ID.fullmatch(wanted):
        raise InvalidInput("an intervals.icu athlete id is i and digits, e.g. i12345 (or 0)")
    with IntervalsClient(key) as client:
        athlete = client.athlete(wanted)
    with store.session() as session:
        earlier = source_links.get(session, runner.id, "intervals")
    cursor = dict(earlier.cursor) if earlier and earlier.athlete_id == athlete.id else {}
    cursor.pop("refused_at", None)
    if since is not None:
        cursor["since"] = since.isoformat()
    new = SourceLink(
        runner_id=runner.id,
        source="intervals",
        athlete_id=athlete.id,
        api_key=key,
        cursor=cursor,
        last_synced_at=earlier.last_synced_at if earlier and cursor else None,
    )
    return _save(store, new)


def unlink(store: Store, runner: Runner) -> bool:
    """Forget the runner's key and cursor; runs and wellness days already synced stay."""
    with store.session() as session:
        return source_links.remove(session, runner.id, "intervals")


def current_link(store: Store, runner: Runner) -> SourceLink | None:
    """The runner's intervals.icu link, if any (for the settings page and the CLI)."""
    with store.session() as session:
        return source_links.get(session, runner.id, "intervals")


def _windows(start: date, end: date) -> Iterator[tuple[date, date]]:
    while start <= end:
        last = min(start + timedelta(days=WINDOW_DAYS - 1), end)
        yield start, last
        start = last + timedelta(days=1)


def _first_day(link: SourceLink, today: date) -> date:
    done = link.cursor.get("done_until")
    if isinstance(done, str):
        return min(date.fromisoformat(done), today) - timedelta(days=OVERLAP_DAYS)
    since = link.cursor.get("since")
    if isinstance(since, str):
        return date.fromisoformat(since)
    return today - timedelta(days=HISTORY_DAYS)


@dataclass(slots=True)
class _Downloads:
    """The window's new runs' files, downloaded one at a time as the import asks for them; a
    rate limit ends the downloads (remembered in ``stopped``) instead of the import."""

    client: IntervalsClient
    runs: list[IntervalsActivity]
    report: SyncReport
    stopped: RateLimited | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[FetchedFile]:
        for activity in self.runs:
            try:
                data = self.client.original_file(activity.id)
            except RateLimited as error:
                self.stopped = error
                return
            if data is None:
                self.report.skipped.append((activity.id, "intervals.icu holds no file for it"))
                continue
            source = _source_of(activity.id)
            self.sources[source] = activity.id
            kind = (activity.file_type or "fit").lower()
            yield FetchedFile(source, f"{activity.id}.{kind}", data)


def _sort(
    activities: list[IntervalsActivity], known: set[str], report: SyncReport
) -> list[IntervalsActivity]:
    """The runs to download; the rest go to the report as duplicates or skipped, with why."""
    runs = []
    for activity in sorted(
        activities, key=lambda a: (a.start_local.isoformat() if a.start_local else "", a.id)
    ):
        if _source_of(activity.id) in known:
            report.duplicates.append(activity.id)
        elif activity.is_stub:
            report.skipped.append((activity.id, activity.note or STUB_REASON))
        elif activity.type not in RUN_TYPES:
            report.skipped.append((activity.id, f"not a run ({activity.type or 'no type'})"))
        else:
            runs.append(activity)
    return runs


def _tally(imported: ImportReport, downloads: _Downloads, report: SyncReport) -> None:
    """Turn the import's outcomes into the sync report, by intervals.icu id."""
    report.imported.extend(a.id for a in imported.imported if a.id is not None)
    for outcome in imported.duplicates:
        report.duplicates.append(downloads.sources.get(outcome.source, outcome.source))
    for outcome in [*imported.skipped, *imported.failed]:
        report.skipped.append(
            (downloads.sources.get(outcome.source, outcome.source), outcome.detail)
        )


def sync(store: Store, runner: Runner, *, now: datetime) -> SyncReport:
    """Fetch the runner's new runs and wellness days from intervals.icu (see the module's text).

    Raises NotFound without a link, LinkRevoked when intervals.icu refuses the key (the link is
    kept and marked), ServiceUnavailable when it cannot be reached; a rate limit is no error:
    the report's ``resume_after`` says when to go on."""
    link = _link(store, runner)
    report = SyncReport(source="intervals")
    today = runner_today(runner, now)
    athlete = link.athlete_id or OWN_ATHLETE
    cursor = dict(link.cursor)
    cursor.pop("refused_at", None)
    try:
        with IntervalsClient(link.api_key or "") as client:
            with store.session() as session:
                known = {k.source for k in activities_repo.known_activities(session, runner.id)}
            for oldest, newest in _windows(_first_day(link, today), today):
                runs = _sort(client.activities(athlete, oldest, newest), known, report)
                if runs:
                    downloads = _Downloads(client, runs, report)
                    _tally(import_fetched(store, runner, downloads), downloads, report)
                    known.update(downloads.sources)
                    if downloads.stopped is not None:
                        raise downloads.stopped
                days = [day for day in client.wellness(athlete, oldest, newest) if not day.empty]
                done = cursor.get("done_until")
                if not isinstance(done, str) or newest.isoformat() > done:
                    cursor["done_until"] = newest.isoformat()
                with store.session() as session:  # the window's days and its cursor, together
                    report.wellness_days += wellness_repo.put_many(session, runner.id, days)
                    link = source_links.put(session, replace(link, cursor=dict(cursor)))
    except RateLimited as error:
        report.resume_after = error.resumes(now)
    except LinkRevoked:
        _save(store, replace(link, cursor={**link.cursor, "refused_at": now.isoformat()}))
        raise
    _save(store, replace(link, cursor=cursor, last_synced_at=now.astimezone(UTC)))
    return report


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def report_sentences(report: SyncReport) -> list[str]:
    """What a sync did, in sentences, for the CLI and the settings page."""
    lines = [
        f"Imported {_plural(len(report.imported), 'new run')} from intervals.icu.",
    ]
    if report.duplicates:
        lines.append(
            f"{_plural(len(report.duplicates), 'run was', 'runs were')} already here "
            "(imported before, from intervals.icu or a file)."
        )
    if report.skipped:
        lines.append(f"Left out {_plural(len(report.skipped), 'activity', 'activities')}:")
        lines.extend(f"  {service_id}: {reason}" for service_id, reason in report.skipped)
    lines.append(f"Stored {_plural(report.wellness_days, 'day')} of wellness figures.")
    if report.resume_after is not None:
        lines.append(
            "intervals.icu asked us to slow down: sync again after "
            f"{report.resume_after.astimezone():%H:%M} to fetch the rest."
        )
    return lines


__all__ = [
    "HISTORY_DAYS",
    "OVERLAP_DAYS",
    "RUN_TYPES",
    "WINDOW_DAYS",
    "current_link",
    "link",
    "report_sentences",
    "sync",
    "unlink",
]
