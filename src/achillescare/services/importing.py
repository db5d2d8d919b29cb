"""The import pipeline: paths → importers → features → store, one transaction per activity.

Duplicates are caught twice: the same bytes (content SHA-256, per runner), then the same run from
another source (start within ±2 min and distance within ±3 %, e.g. a FIT file and the Strava
export of it). A crash mid-import loses nothing already imported and leaves nothing half-written,
because each activity (row + streams) is committed on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from achillescare.domain.activity.dedupe import ActivityIndex, KnownActivity
from achillescare.domain.activity.features import (
    derive_fast_threshold,
    fast_features,
    minute_speeds,
    summarise,
)
from achillescare.domain.activity.plausibility import (
    MAX_DURATION_S,
    implausible_activity,
    implausible_summary,
)
from achillescare.domain.activity.records import (
    RUNNING_SPORTS,
    Activity,
    FileSummary,
    ParsedActivity,
)
from achillescare.domain.activity.streams import FEATURES_VERSION
from achillescare.domain.gear.shoes import Shoe, shoe_for_activity
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput
from achillescare.importers.base import ImportItem
from achillescare.importers.formats import read_activity_file
from achillescare.importers.limits import DEFAULT_LIMITS
from achillescare.importers.sources import SourceRef, discover, read
from achillescare.services.runners import resolve_or_create_runner
from achillescare.services.shoes import runner_shoes, take_in_shoes
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import runners as runners_repo

_log = logging.getLogger(__name__)

THRESHOLD_CHANGE_TO_RECOMPUTE = 0.01
"""Recompute every run's fast features when the derived threshold moves by more than 1 %."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One line of the import summary: a source and what happened to it."""

    source: str
    detail: str


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the summary table and the exit status."""

    runner: Runner
    created_runner: bool = False
    files: int = 0
    imported: list[Activity] = field(default_factory=list)
    duplicates: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    warnings: list[Outcome] = field(default_factory=list)
    fast_threshold_m_s: float | None = None
    shoes_added: list[Shoe] = field(default_factory=list)
    """Pairs the exports listed that the runner did not have yet (now stored)."""
    shoes: tuple[Shoe, ...] = ()
    """The runner's shoes at the start: what imported activities are assigned to."""

    @property
    def runs(self) -> list[Activity]:
        return [a for a in self.imported if a.is_run]

    @property
    def non_running(self) -> list[Activity]:
        return [a for a in self.imported if not a.is_run]


ProgressCallback = Callable[[int, int, int], None]
"""Called after each file with (files done, files in total, activities imported so far)."""


def import_paths(
    store: Store,
    runner_name: str | None,
    paths: Sequence[Path],
    *,
    on_start: Callable[[int], None] | None = None,
    on_progress: ProgressCallback | None = None,
    refresh: bool = True,
) -> ImportReport:
    """Import every activity found under ``paths`` for the runner (created if the store is empty).

    ``refresh=False`` leaves the fast threshold as it is (the runs are given the threshold in
    force): for a caller that imports a batch one file at a time and calls
    :func:`refresh_fast_threshold` once at the end, instead of once per file."""
    runner, created = resolve_or_create_runner(store, runner_name)
    report = ImportReport(runner=runner, created_runner=created)
    discovery = discover(list(paths), default_units=runner.units)
    report.failed.extend(
        Outcome(item.source, item.failure or "unreadable") for item in discovery.failures
    )
    report.files = len(discovery.refs)
    report.shoes_added = take_in_shoes(store, runner, discovery.shoes)
    report.shoes = tuple(runner_shoes(store, runner))
    if on_start:
        on_start(report.files)
    index = _index_of(store, runner)
    try:
        for done, ref in enumerate(discovery.refs, start=1):
            _import_item(store, runner, _read_one(ref), report, index)
            if on_progress:
                on_progress(done, report.files, len(report.imported))
    finally:
        discovery.close()
    if not refresh:
        return report
    report.runner, report.fast_threshold_m_s = refresh_fast_threshold(store, runner)
    if report.runner.fast_speed_m_s is None and report.imported:
        report.imported = _reload(store, report.runner, report.imported)
    return report


def _read_one(ref: SourceRef) -> ImportItem:
    """Read one file; a bug in a reader fails that file (traceback in the log), not the import.

    The importers turn every known kind of bad input into a one-line reason themselves; this
    is the boundary that keeps an unknown one from hiding what became of the other files.
    """
    try:
        return read(ref)
    except Exception as error:
        _log.exception("reading %s failed", ref.display)
        reason = f"could not be read (unexpected {type(error).__name__}; details in the log)"
        return ImportItem(ref.display, None, "file", failure=reason)


def _index_of(store: Store, runner: Runner) -> ActivityIndex:
    with store.session() as session:
        return ActivityIndex(activities_repo.known_activities(session, runner.id))


def _import_item(
    store: Store, runner: Runner, item: ImportItem, report: ImportReport, index: ActivityIndex
) -> None:
    if item.failure:
        report.failed.append(Outcome(item.source, item.failure))
        return
    if item.skipped:
        report.skipped.append(Outcome(item.source, item.skipped))
        return
    report.warnings.extend(Outcome(item.source, warning) for warning in item.warnings)
    if item.content_sha256 and index.has_content(item.content_sha256):
        report.duplicates.append(Outcome(item.source, "already imported (same file)"))
        return
    for leg, parsed in enumerate(item.activities):
        source = item.source if len(item.activities) == 1 else f"{item.source}#{leg + 1}"
        _store_one(
            store, runner, parsed, source=source, item=item, leg=leg, report=report, index=index
        )


def _store_one(
    store: Store,
    runner: Runner,
    parsed: ParsedActivity,
    *,
    source: str,
    item: ImportItem,
    leg: int,
    report: ImportReport,
    index: ActivityIndex,
) -> None:
    stated = implausible_summary(parsed.summary)
    if stated is not None:
        report.failed.append(Outcome(source, stated))
        return
    activity = summarise(
        parsed,
        source=source,
        source_kind=item.source_kind,
        content_sha256=item.content_sha256,
        fast_speed_m_s=runner.effective_fast_speed_m_s,
    )
    implausible = implausible_activity(activity, datetime.now(UTC))
    if implausible is not None:
        report.failed.append(Outcome(source, implausible))
        return
    shoe = shoe_for_activity(report.shoes, activity)
    if shoe is not None:
        activity = replace(activity, shoe_id=shoe.id)
    report.warnings.extend(Outcome(source, warning) for warning in parsed.warnings)
    known = KnownActivity.of(activity)
    same = index.same_as(known)
    if same is not None:
        report.duplicates.append(
            Outcome(source, f"same activity as {same.source} (start and distance match)")
        )
        return
    speeds = minute_speeds(parsed.streams) if parsed.streams is not None else None
    with store.session() as session:
        activity_id = activities_repo.add(
            session,
            runner.id,
            activity,
            source_index=leg,
            streams=parsed.streams,
            minute_speeds=speeds,
        )
    index.add(known)
    report.imported.append(_with_id(activity, activity_id))


def _with_id(activity: Activity, activity_id: int) -> Activity:
    return replace(activity, id=activity_id)


def _reload(store: Store, runner: Runner, imported: list[Activity]) -> list[Activity]:
    """Re-read imported activities after their fast features were recomputed."""
    ids = {a.id for a in imported}
    with store.session() as session:
        return [a for a in activities_repo.list_for_runner(session, runner.id) if a.id in ids]


def refresh_fast_threshold(
    store: Store, runner: Runner, *, force: bool = False
) -> tuple[Runner, float | None]:
    """Derive the runner's fast threshold from their history and, when the threshold in force
    moved (or ``force``, after the runner changed it, or when the runs were computed by an older
    method, :data:`FEATURES_VERSION`), recompute every run's fast time, fast distance and
    strides from the stored streams."""
    sports = sorted(RUNNING_SPORTS)
    with store.session() as session:
        stored_version = runners_repo.features_version(session, runner.id)
        force = force or (stored_version is not None and stored_version < FEATURES_VERSION)
        derived = derive_fast_threshold(
            activities_repo.minute_speeds_for_runner(session, runner.id, sports)
        )
        previous = runner.derived_fast_speed_m_s
        unchanged = (derived is None and previous is None) or (
            derived is not None
            and previous is not None
            and abs(derived - previous) <= THRESHOLD_CHANGE_TO_RECOMPUTE * previous
        )
        if not unchanged:
            runner = runners_repo.update(session, runner.id, derived_fast_speed_m_s=derived)
        if not force and (unchanged or runner.fast_speed_m_s is not None):
            return runner, runner.effective_fast_speed_m_s
        threshold = runner.effective_fast_speed_m_s
        streams = activities_repo.streams_for_runner(session, runner.id, sports)
        activities_repo.set_fast_features(
            session,
            runner.id,
            [
                (activity_id, *fast_features(one, threshold))
                if threshold is not None
                else (activity_id, None, None, None)
                for activity_id, one in streams
            ],
        )
        runners_repo.set_features_version(session, runner.id, FEATURES_VERSION)
    return runner, threshold


def update_outdated_features(store: Store) -> int:
    """Recompute the stored fast time and strides of every runner whose runs were computed by
    an older method (``achilles serve`` does it at start); returns how many runners."""
    with store.session() as session:
        outdated = runners_repo.outdated_features(session, FEATURES_VERSION)
    for runner in outdated:
        refresh_fast_threshold(store, runner)
    return len(outdated)


@dataclass(frozen=True, slots=True)
class FetchedFile:
    """An activity file already in memory (downloaded by a sync): ``source`` names it in the
    report and on the activity, ``name`` gives the extension a reader may need."""

    source: str
    name: str
    data: bytes


def import_fetched(store: Store, runner: Runner, files: Iterable[FetchedFile]) -> ImportReport:
    """Import files a sync downloaded exactly as files on disk: the same readers (gzip undone,
    format sniffed), the same two duplicate checks (same bytes, then the same run from another
    source), one transaction per activity, and the same refresh of the fast threshold, so the
    features and load signals of a synced run are those of the same file uploaded.

    ``files`` may be a generator that downloads as it goes: each file is stored before the next
    is asked for, so a sync stopped by the service keeps every run already fetched."""
    report = ImportReport(runner=runner, shoes=tuple(runner_shoes(store, runner)))
    index = _index_of(store, runner)
    for fetched in files:
        report.files += 1
        item = read_activity_file(
            fetched.source, fetched.name, fetched.data, DEFAULT_LIMITS.max_file_bytes
        )
        _import_item(store, runner, item, report, index)
    report.runner, report.fast_threshold_m_s = refresh_fast_threshold(store, runner)
    return report


def import_parsed(
    store: Store,
    runner: Runner,
    activities: Sequence[ParsedActivity],
    *,
    source_kind: str,
    sources: Sequence[str] | None = None,
) -> ImportReport:
    """Store activities that are already parsed (the demo history, research pipelines, runs
    synced from Strava), with the same de-duplication and per-activity transactions as a file
    import. ``sources`` names each activity (e.g. ``strava:16181809559``); by default
    ``<source_kind>:<start>``."""
    report = ImportReport(runner=runner, shoes=tuple(runner_shoes(store, runner)))
    index = _index_of(store, runner)
    for number, parsed in enumerate(activities):
        item = ImportItem(source=source_kind, content_sha256=None, source_kind=source_kind)
        name = (
            sources[number]
            if sources is not None
            else f"{source_kind}:{parsed.start_utc:%Y-%m-%dT%H:%M}"
        )
        _store_one(store, runner, parsed, source=name, item=item, leg=0, report=report, index=index)
    report.runner, report.fast_threshold_m_s = refresh_fast_threshold(store, runner)
    return report


def log_run(
    store: Store,
    runner: Runner,
    *,
    start: datetime,
    distance_m: float,
    duration_s: float,
    elevation_gain_m: float | None = None,
    sport: str = "running",
    name: str | None = None,
    rpe: float | None = None,
) -> Activity:
    """Record one run typed in by hand (no file): distance and duration, optionally climb and RPE."""
    if start.tzinfo is None:
        raise InvalidInput("the start time needs a timezone")
    if not 0 < distance_m < 500_000:
        raise InvalidInput("distance must be more than 0 and less than 500 km")
    if not 0 < duration_s < MAX_DURATION_S:
        raise InvalidInput("duration must be more than 0 and less than a week")
    if rpe is not None and not 0 <= rpe <= 10:
        raise InvalidInput("RPE is rated 0–10")
    if elevation_gain_m is not None and not 0 <= elevation_gain_m < 20_000:
        raise InvalidInput("elevation gain must be between 0 and 20,000 m")
    offset = start.utcoffset()
    parsed = ParsedActivity(
        start_utc=start.astimezone(UTC),
        sport=sport,
        summary=FileSummary(
            distance_m=distance_m,
            elapsed_s=duration_s,
            moving_s=duration_s,
            elevation_gain_m=elevation_gain_m,
        ),
        utc_offset_s=int(offset.total_seconds()) if offset is not None else 0,
        name=name,
        rpe=rpe,
    )
    report = ImportReport(runner=runner, shoes=tuple(runner_shoes(store, runner)))
    item = ImportItem(source="manual entry", content_sha256=None, source_kind="manual")
    _store_one(
        store,
        runner,
        parsed,
        source="manual entry",
        item=item,
        leg=0,
        report=report,
        index=_index_of(store, runner),
    )
    if report.duplicates or report.failed:
        raise InvalidInput(f"not logged: {(report.duplicates or report.failed)[0].detail}")
    return report.imported[0]


__all__ = [
    "FetchedFile",
    "ImportReport",
    "Outcome",
    "import_fetched",
    "import_parsed",
    "import_paths",
    "log_run",
    "refresh_fast_threshold",
    "update_outdated_features",
]
