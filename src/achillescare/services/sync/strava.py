"""Strava sync: connect a runner, pull their new runs, honour Strava's webhook events.

The self-hoster registers their own Strava API application; each runner authorises it once
(OAuth2, :func:`connect`) or a headless set-up stores tokens (:func:`link_tokens`). A sync
(:func:`sync`, ``achilles sync``) lists the runner's activities after the newest start it has
seen, page by page, oldest first, fetches each new run's streams and imports them through the
same path as files (:func:`~achillescare.services.importing.import_parsed`), so the same run
from a FIT file and from Strava is one run, and load signals follow.

Resumable: the cursor (``after``, the page reached, the newest start seen) is stored after each
page, so a sync stopped by Strava's rate limit (:class:`~achillescare.errors.RateLimited`) goes
on from that page next time; runs already synced are recognised by their Strava id and passed
over without another request.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from achillescare.domain.activity.dedupe import ActivityIndex, KnownActivity
from achillescare.domain.runner import Runner
from achillescare.domain.sync import SourceLink, SyncReport
from achillescare.errors import (
    InvalidInput,
    LinkRevoked,
    NotFound,
    RateLimited,
    ServiceUnavailable,
)
from achillescare.services.activities import delete_activity, edit_activity
from achillescare.services.importing import import_parsed
from achillescare.services.sync.strava_api import StravaApi
from achillescare.services.sync.strava_records import (
    activity_id,
    parsed_activity,
    run_sport,
    start_of,
    strava_type,
)
from achillescare.settings import StravaSettings, strava
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import runners as runners_repo
from achillescare.storage.repos import source_links

PER_PAGE = 100
"""Activities per list request (Strava allows up to 200)."""
REFRESH_MARGIN = timedelta(hours=1)
"""Refresh the access token when it expires within this (Strava returns a new one then)."""
SOURCE_PREFIX = "strava:"
"""An activity synced from Strava is named ``strava:<activity id>``."""
READ_SCOPES = frozenset({"activity:read", "activity:read_all"})


def _source(strava_id: str) -> str:
    return f"{SOURCE_PREFIX}{strava_id}"


def connected(store: Store, runner: Runner) -> SourceLink | None:
    """The runner's Strava link, or None when they have not connected Strava."""
    with store.session() as session:
        return source_links.get(session, runner.id, "strava")


def link_of(store: Store, runner: Runner) -> SourceLink:
    """The runner's Strava link; NotFound naming how to make one."""
    link = connected(store, runner)
    if link is None:
        raise NotFound(f"{runner.name} has not connected Strava")
    return link


def _save(store: Store, link: SourceLink) -> SourceLink:
    with store.session() as session:
        return source_links.put(session, link)


def _with_tokens(link: SourceLink, answer: Mapping[str, Any]) -> SourceLink:
    expires = answer.get("expires_at")
    return replace(
        link,
        access_token=str(answer["access_token"]),
        refresh_token=str(answer.get("refresh_token") or link.refresh_token or ""),
        expires_at=int(expires) if isinstance(expires, int | float) else None,
    )


@contextmanager
def _session_for(
    store: Store, link: SourceLink, now: datetime, settings: StravaSettings | None = None
) -> Iterator[tuple[StravaApi, SourceLink]]:
    """A conversation with Strava on the runner's behalf, with a token good for the next hour
    (refreshed and stored first when it is not), and the athlete id learnt if it was unknown."""
    with StravaApi(settings or strava(), now=now, access_token=link.access_token) as api:
        expiring = link.expires_at is None or link.expires_at - now.timestamp() < (
            REFRESH_MARGIN.total_seconds()
        )
        if expiring and link.refresh_token:
            link = _save(store, _with_tokens(link, api.refresh(link.refresh_token)))
            api.access_token = link.access_token
        if link.athlete_id is None:
            link = _save(store, replace(link, athlete_id=str(api.athlete()["id"])))
        yield api, link


def sync(store: Store, runner: Runner, *, now: datetime, per_page: int = PER_PAGE) -> SyncReport:
    """Pull the runner's runs that are new on Strava since the last sync (all of them the first
    time), and say what became of each. Stops early, keeping its place, at Strava's rate limit."""
    link = link_of(store, runner)
    report = SyncReport(source="strava")
    after = int(link.cursor.get("after", 0))
    page = int(link.cursor.get("page", 1))
    newest = int(link.cursor.get("newest", after))
    cursor: dict[str, int] = {"after": after, "page": page, "newest": newest}
    try:
        with _session_for(store, link, now) as (api, fresh):
            link = fresh
            while True:
                listing = api.activities(after=after, page=page, per_page=per_page)
                _take(store, runner, api, listing, report)
                newest = max([newest, *(int(start_of(s).timestamp()) for s in listing)])
                if len(listing) < per_page:
                    cursor = {"after": newest}
                    break
                page += 1
                cursor = {"after": after, "page": page, "newest": newest}
                link = _save(store, replace(link, cursor=cursor))
    except RateLimited as stop:
        report.resume_after = stop.resume_after
    _save(store, replace(link, cursor=cursor, last_synced_at=now))
    return report


def import_activity(store: Store, runner: Runner, strava_id: str, *, now: datetime) -> SyncReport:
    """Import one activity Strava announced (a webhook ``create`` event)."""
    report = SyncReport(source="strava")
    with _session_for(store, link_of(store, runner), now) as (api, _):
        try:
            _take(store, runner, api, [api.activity(strava_id)], report)
        except RateLimited as stop:  # the next polling sync picks it up
            report.resume_after = stop.resume_after
    return report


def _take(
    store: Store, runner: Runner, api: StravaApi, listing: list[dict[str, Any]], report: SyncReport
) -> None:
    """Import the runs of one page: passed over when already synced, counted as duplicates when
    a file brought them already (checked on the summary, before spending a streams request),
    skipped with the reason when not a run. What was fetched is imported even when the rate
    limit interrupts the page."""
    with store.session() as session:
        known = activities_repo.known_activities(session, runner.id)
    index = ActivityIndex(known)
    synced = {k.source for k in known}
    batch, names = [], []
    try:
        for summary in listing:
            strava_id = activity_id(summary)
            if _source(strava_id) in synced:
                continue
            if run_sport(summary) is None:
                report.skipped.append((strava_id, f"not a run ({strava_type(summary)})"))
                continue
            candidate = KnownActivity(
                start_of(summary), float(summary.get("distance") or 0), True, None, strava_id
            )
            if index.same_as(candidate) is not None:
                report.duplicates.append(strava_id)
                continue
            streams = api.streams(strava_id) if not summary.get("manual") else None
            batch.append(parsed_activity(summary, streams))
            names.append(_source(strava_id))
    finally:
        if batch:
            imported = import_parsed(store, runner, batch, source_kind="strava", sources=names)
            report.imported.extend(a.id for a in imported.imported if a.id is not None)
            prefix = len(SOURCE_PREFIX)
            report.duplicates.extend(o.source[prefix:] for o in imported.duplicates)
            report.skipped.extend((o.source[prefix:], o.detail) for o in imported.failed)


def connect(store: Store, runner: Runner, code: str, scope: str, *, now: datetime) -> SourceLink:
    """Finish the OAuth2 consent: exchange Strava's ``code`` for the runner's tokens and store
    the link (a new link starts its history from the beginning)."""
    if not READ_SCOPES & set(scope.split(",")):
        raise InvalidInput(
            "Strava was not allowed to share your activities: connect again and leave "
            "'View data about your activities' ticked"
        )
    with StravaApi(strava(), now=now) as api:
        answer = api.exchange_code(code)
    athlete = answer.get("athlete")
    athlete_id = athlete.get("id") if isinstance(athlete, Mapping) else None
    link = SourceLink(
        runner_id=runner.id,
        source="strava",
        athlete_id=None if athlete_id is None else str(athlete_id),
    )
    return _save(store, _with_tokens(link, answer))


def link_tokens(
    store: Store,
    runner: Runner,
    *,
    access_token: str,
    refresh_token: str,
    expires_at: int,
    athlete_id: str | None = None,
) -> SourceLink:
    """Store tokens obtained elsewhere (headless set-ups, tests); the athlete id is learnt at
    the first sync when not given."""
    if not access_token.strip() or not refresh_token.strip():
        raise InvalidInput("give both the access token and the refresh token")
    with store.session() as session:
        earlier = source_links.get(session, runner.id, "strava")
    link = SourceLink(
        runner_id=runner.id,
        source="strava",
        athlete_id=athlete_id or (earlier.athlete_id if earlier else None),
        access_token=access_token.strip(),
        refresh_token=refresh_token.strip(),
        expires_at=expires_at,
        cursor=earlier.cursor if earlier else {},
    )
    return _save(store, link)


def disconnect(store: Store, runner: Runner, *, now: datetime) -> bool:
    """Revoke the app's access at Strava (best effort) and forget the link; the runs already
    synced stay. True if there was a link."""
    with store.session() as session:
        link = source_links.get(session, runner.id, "strava")
    if link is None:
        return False
    try:
        with StravaApi(strava(), now=now, access_token=link.access_token) as api:
            api.deauthorize()
    except ServiceUnavailable:
        pass  # already revoked, or Strava busy: forgetting the tokens is what matters here
    with store.session() as session:
        return source_links.remove(session, runner.id, "strava")


def athlete_deauthorized(store: Store, athlete_id: str, *, now: datetime) -> int:
    """Honour a webhook ``deauthorize`` event: forget the links of that athlete whose token
    Strava indeed refuses now (the event is unsigned: a forged one must not unlink a runner).
    Returns how many links were removed."""
    with store.session() as session:
        links = source_links.for_athlete(session, "strava", athlete_id)
    removed = 0
    for link in links:
        try:
            with _session_for(store, link, now) as (api, _):
                api.athlete()
        except LinkRevoked:
            with store.session() as session:
                removed += source_links.remove(session, link.runner_id, "strava")
    return removed


def runners_of_athlete(store: Store, athlete_id: str) -> list[Runner]:
    """The runners linked to a Strava athlete (a webhook names the athlete, not the runner)."""
    with store.session() as session:
        links = source_links.for_athlete(session, "strava", athlete_id)
        found = [runners_repo.get(session, link.runner_id) for link in links]
    return [runner for runner in found if runner is not None]


def handle_event(
    store: Store,
    *,
    object_type: str,
    aspect_type: str,
    object_id: int,
    owner_id: int,
    updates: Mapping[str, object],
    now: datetime,
) -> str:
    """Act on one webhook event (https://developers.strava.com/docs/webhooks/) and say what was
    done, for the log: an athlete's ``authorized: "false"`` update forgets their links; a new
    activity is imported for each runner linked to its owner; other events change nothing."""
    athlete = str(owner_id)
    if object_type == "athlete" and str(updates.get("authorized")).lower() == "false":
        return f"deauthorisation of athlete {athlete}: {athlete_deauthorized(store, athlete, now=now)} link(s) removed"
    if object_type == "activity" and aspect_type == "create":
        imported = 0
        for runner in runners_of_athlete(store, athlete):
            imported += len(import_activity(store, runner, str(object_id), now=now).imported)
        return f"activity {object_id} of athlete {athlete}: {imported} imported"
    if object_type == "activity" and aspect_type in ("update", "delete"):
        done = [
            follow_activity(store, runner, str(object_id), now=now)
            for runner in runners_of_athlete(store, athlete)
        ]
        return f"activity {object_id} of athlete {athlete}: {', '.join(done) or 'no runner'}"
    return f"{object_type} {aspect_type} {object_id}: nothing to do"


def follow_activity(store: Store, runner: Runner, strava_id: str, *, now: datetime) -> str:
    """Bring a run synced from Strava in line with what Strava now says of it, after an
    ``update`` or ``delete`` event: deleted here when Strava has it no more, renamed when its
    name changed, left out of the load when it is no longer a run (a run re-labelled a ride).

    What the event claims is never applied as such: Strava's events are unsigned, so the
    activity is read back from Strava with the runner's own token first. A run imported from a
    file (the runner's own original) is never touched.
    """
    with store.session() as session:
        stored_id = activities_repo.id_by_source(session, runner.id, _source(strava_id))
    if stored_id is None:
        return "not synced here"
    with _session_for(store, link_of(store, runner), now) as (api, _):
        summary = api.activity_if_any(strava_id)
    if summary is None:
        delete_activity(store, runner, stored_id)
        return "deleted, as on Strava"
    name = str(summary.get("name") or "")
    if run_sport(summary) is None:
        reason = f"Strava now calls it {strava_type(summary)}, not a run"
        edit_activity(store, runner, stored_id, name=name, exclude_reason=reason)
        return "left out of the load"
    edit_activity(store, runner, stored_id, name=name)
    return "name brought up to date"
