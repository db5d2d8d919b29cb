"""From the paths a runner gives ``achilles import`` to :class:`ImportItem` s, in two steps.

:func:`discover` is quick: it lists files (folders recursively, zip archives and the zips inside
them), reads the small index files of exports (Strava ``activities.csv``, Garmin
``*_summarizedActivities.json``, a CSV of runs) and returns one :class:`SourceRef` per unit of
work. :func:`read` does the work for one ref (decompress, recognise, parse) and never raises for
bad input: every problem becomes ``ImportItem.failure`` (one line) or ``skipped``. A progress
loop calls ``read`` once per ref, in order::

    found = discover([Path("export.zip")])
    for ref in found.refs:
        item = read(ref)
    close_archives()
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from achillescare.domain.gear.shoes import Shoe
from achillescare.domain.units import Units
from achillescare.importers.archives import (
    ArchiveCache,
    read_member,
    read_member_head,
    with_member_stream,
)
from achillescare.importers.base import ImportItem, NotAnActivity, UnreadableFile
from achillescare.importers.containers import DiskOrigin, Entry, Listing, Origin, list_path
from achillescare.importers.exports.apple_health import (
    HealthWorkout,
    activity_from_workout,
    is_export_xml,
    read_workouts,
)
from achillescare.importers.exports.garmin import (
    MATCH_WINDOW,
    GarminGear,
    activity_from_summary,
    activity_id_of,
    describe,
    has_file,
    is_gear_name,
    is_summaries_name,
    read_gear,
    read_summaries,
    start_of,
    summary_sha256,
)
from achillescare.importers.exports.runs_csv import RunsTable, read_runs_table
from achillescare.importers.exports.strava import (
    StravaRow,
    activity_from_row,
    apply_row,
    read_activities_csv,
    read_shoes_csv,
)
from achillescare.importers.formats import (
    ACTIVITY_FORMATS,
    NOT_ACTIVITY_EXTENSIONS,
    SNIFF_BYTES,
    Format,
    extension,
    read_activity_file,
    sniff,
)
from achillescare.importers.limits import DEFAULT_LIMITS, Limits, over_limit, too_big
from achillescare.importers.xml.gpx import parse_gpx

_ARCHIVES = ArchiveCache()
_T = TypeVar("_T")
_ACTIVITY_EXTENSIONS = frozenset({".fit", ".gpx", ".tcx"})


@dataclass(eq=False, slots=True)
class _GarminExport:
    """The activity files of one Garmin export and their start times, filled in as read."""

    files: list[SourceRef] = field(default_factory=list)
    starts: dict[int, list[datetime]] = field(default_factory=dict)
    gear_starts: list[tuple[datetime, str]] = field(default_factory=list)
    """(start of a summary, the shoe its activity was worn in), for the export's own files."""


@dataclass(frozen=True, slots=True)
class _FileJob:
    origin: Origin
    name: str
    limits: Limits
    strava: StravaRow | None = None
    garmin: _GarminExport | None = None


@dataclass(frozen=True, slots=True)
class _StravaRowJob:
    row: StravaRow
    units: Units
    missing_file: str | None = None


@dataclass(frozen=True, slots=True)
class _TableRowJob:
    table: RunsTable
    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True, eq=False, slots=True)
class _GarminSummaryJob:
    summary: dict[str, Any]
    export: _GarminExport
    gear: str | None = None


@dataclass(frozen=True, eq=False, slots=True)
class _HealthWorkoutJob:
    workout: HealthWorkout
    route: Origin | None
    route_name: str | None
    limits: Limits


@dataclass(frozen=True, slots=True)
class _Ready:
    item: ImportItem


_Job = _FileJob | _StravaRowJob | _TableRowJob | _GarminSummaryJob | _HealthWorkoutJob | _Ready


@dataclass(frozen=True, eq=False, slots=True)
class SourceRef:
    """One unit of work: a file, an archive member, or one row of an activity list.

    ``display`` names it for the runner: ``export.zip!activities/123.gpx.gz``,
    ``runs.csv row 7``. What to do with it is private to this module.
    """

    display: str
    _job: _Job


@dataclass(slots=True)
class Discovery:
    """What :func:`discover` found: the refs to read, and what could not even be listed."""

    refs: list[SourceRef] = field(default_factory=list)
    failures: list[ImportItem] = field(default_factory=list)
    shoes: list[Shoe] = field(default_factory=list)
    """The pairs the exports list (Strava ``shoes.csv``, Garmin ``*_gear.json``)."""


def discover(
    paths: Sequence[Path], *, limits: Limits = DEFAULT_LIMITS, default_units: Units = Units.KM
) -> Discovery:
    """List the work in ``paths`` (files, folders, zip archives); reads only small index files.

    Files come first and activities known only from a list (a Strava row without a file, a Garmin
    summary, a CSV of runs) last, so that when both describe one run the file is read first and
    the list's copy is the one the import's duplicate check drops. ``default_units`` is the
    distance unit of lists that do not say theirs.
    """
    found = Discovery()
    tail: list[SourceRef] = []
    strava_files: dict[str, str] = {}
    for path in paths:
        listing = list_path(path, limits)
        found.failures.extend(listing.failures)
        found.refs.extend(SourceRef(item.source, _Ready(item)) for item in listing.skipped)
        files, from_lists = _plan(listing, found, limits, default_units, strava_files)
        found.refs.extend(files)
        tail.extend(from_lists)
    found.refs.extend(_without_strava_copies(tail, strava_files))
    return found


def _without_strava_copies(tail: list[SourceRef], strava_files: dict[str, str]) -> list[SourceRef]:
    """A Strava row read from its file elsewhere in this import (a loose ``activities.csv`` next
    to the export it came from) is skipped: its totals would duplicate the file's activity, and
    Strava's distance can differ from the file's by more than the duplicate check allows."""
    kept = []
    for ref in tail:
        job = ref._job
        if isinstance(job, _StravaRowJob) and job.row.activity_id in strava_files:
            where = strava_files[job.row.activity_id]
            reason = f"the same Strava activity is read from its file ({where})"
            item = ImportItem(ref.display, None, "strava_csv", skipped=reason)
            kept.append(SourceRef(ref.display, _Ready(item)))
        else:
            kept.append(ref)
    return kept


def _is_csv(entry: Entry) -> bool:
    return extension(entry.rel) == (".csv", False)


def _plan(
    listing: Listing,
    found: Discovery,
    limits: Limits,
    units: Units,
    strava_files: dict[str, str],
) -> tuple[list[SourceRef], list[SourceRef]]:
    """Refs for one path argument: (its files, the activities known only from a list)."""
    present = {entry.rel for entry in listing.entries}
    overrides: dict[str, StravaRow] = {}
    consumed: set[str] = set()
    export_roots: list[str] = []
    refs: list[SourceRef] = []
    tail: list[SourceRef] = []
    other_csvs: list[tuple[Entry, bytes]] = []
    for entry in listing.entries:
        if not _is_csv(entry):
            continue
        consumed.add(entry.rel)
        try:
            data = _load(entry.origin, limits, limits.max_file_bytes)
            rows = read_activities_csv(data)
        except UnreadableFile as error:
            found.failures.append(ImportItem(entry.display, None, "csv", failure=str(error)))
            continue
        if rows is None:
            if not _took_shoes_csv(entry, data, found):
                other_csvs.append((entry, data))
            continue
        folder = _folder(entry.rel)
        export_roots.append(folder)
        for row in rows:
            if row.filename and folder + row.filename in present:
                overrides[folder + row.filename] = row
                continue
            label = f"{entry.display} row {row.row_number} (activity {row.activity_id})"
            tail.append(SourceRef(label, _StravaRowJob(row, units, row.filename)))
    garmin = _plan_garmin(
        listing, limits, found, consumed=consumed, export_roots=export_roots, tail=tail
    )
    refs.extend(_plan_apple_health(listing, limits, found, consumed, export_roots))
    for entry, data in other_csvs:
        tail.extend(_plan_csv(entry, data, units, found, quiet=_in_export(entry, export_roots)))
    for entry in listing.entries:
        if entry.rel in consumed or (_in_export(entry, export_roots) and _not_activity(entry)):
            continue
        strava = overrides.get(entry.rel)
        if strava is not None:
            strava_files[strava.activity_id] = entry.display
        job = _FileJob(entry.origin, entry.rel, limits, strava, garmin)
        refs.append(SourceRef(entry.display, job))
        if garmin is not None:
            garmin.files.append(refs[-1])
    return refs, tail


def _plan_garmin(
    listing: Listing,
    limits: Limits,
    found: Discovery,
    *,
    consumed: set[str],
    export_roots: list[str],
    tail: list[SourceRef],
) -> _GarminExport | None:
    """A ref per activity summary of a Garmin export (added to ``tail``), each with the shoe
    its gear files name; the export, or None when the listing holds none."""
    gear_of = _garmin_gear(listing, limits, found, consumed)
    garmin = None
    for entry in listing.entries:
        if not is_summaries_name(entry.rel):
            continue
        consumed.add(entry.rel)
        summaries = _load_index(entry, limits, found, read_summaries)
        garmin = garmin or _GarminExport()
        marker = entry.rel.find("DI_CONNECT/")
        export_roots.append(entry.rel[:marker] if marker >= 0 else _folder(entry.rel))
        for summary in summaries or ():
            label = f"{entry.display} ({describe(summary)})"
            shoe = _summary_gear(summary, gear_of, garmin)
            tail.append(SourceRef(label, _GarminSummaryJob(summary, garmin, shoe)))
    return garmin


def _plan_apple_health(
    listing: Listing, limits: Limits, found: Discovery, consumed: set[str], export_roots: list[str]
) -> list[SourceRef]:
    """One ref per workout of each Apple Health ``export.xml``; its route files (under
    ``workout-routes/``) are read with their workout, not as activities of their own."""
    by_rel = {entry.rel: entry for entry in listing.entries}
    refs: list[SourceRef] = []
    for entry in listing.entries:
        if not is_export_xml(entry.rel):
            continue
        consumed.add(entry.rel)
        workouts = _load_workouts(entry, limits, found)
        if workouts is None:
            continue
        root = _folder(entry.rel)
        export_roots.append(root)
        consumed.update(rel for rel in by_rel if rel.startswith(root + "workout-routes/"))
        for workout in workouts:
            route = by_rel.get(root + workout.route_file) if workout.route_file else None
            health = _HealthWorkoutJob(
                workout, route.origin if route else None, route.rel if route else None, limits
            )
            refs.append(SourceRef(f"{entry.display} ({workout.describe()})", health))
    return refs


def _garmin_gear(
    listing: Listing, limits: Limits, found: Discovery, consumed: set[str]
) -> dict[int, str]:
    """Read the Garmin gear files of a listing: their shoes go to ``found``; returns the shoe
    name of each Garmin activity id worn in one."""
    gear_of: dict[int, str] = {}
    for entry in listing.entries:
        if is_gear_name(entry.rel):
            consumed.add(entry.rel)
            gear = _load_index(entry, limits, found, read_gear) or GarminGear()
            found.shoes.extend(gear.shoes)
            gear_of.update(gear.by_activity)
    return gear_of


def _took_shoes_csv(entry: Entry, data: bytes, found: Discovery) -> bool:
    """Add the shoes of a Strava ``shoes.csv`` to ``found``; False if the CSV is something
    else. A broken one is a failure named for the runner, and the activities still import."""
    try:
        shoes = read_shoes_csv(data)
    except UnreadableFile as error:
        found.failures.append(ImportItem(entry.display, None, "csv", failure=str(error)))
        return True
    if shoes is None:
        return False
    found.shoes.extend(shoes)
    return True


def _summary_gear(
    summary: dict[str, Any], gear_of: dict[int, str], export: _GarminExport
) -> str | None:
    """The shoe a Garmin summary's activity was worn in (noting its start for the export's own
    files), or None."""
    shoe = gear_of.get(activity_id_of(summary) or -1)
    if shoe is not None:
        with contextlib.suppress(UnreadableFile):
            export.gear_starts.append((start_of(summary), shoe))
    return shoe


def _with_garmin_gear(item: ImportItem, export: _GarminExport) -> ImportItem:
    """An export's own file gets the shoe of the summary that starts within two minutes of it
    (files are named by upload id, not activity id, so start time is what links them)."""
    if not export.gear_starts or not item.activities:
        return item
    worn = []
    for activity in item.activities:
        shoe = next(
            (name for start, name in export.gear_starts
             if abs(start - activity.start_utc) <= MATCH_WINDOW),
            None,
        )  # fmt: skip
        worn.append(replace(activity, gear=shoe) if shoe and not activity.gear else activity)
    return replace(item, activities=tuple(worn))


def _folder(rel: str) -> str:
    """``a/b!c/d.csv`` → ``a/b!c/``: the folder (or archive) a file is in, as a prefix."""
    return rel[: max(rel.rfind("/"), rel.rfind("!")) + 1]


def _in_export(entry: Entry, export_roots: list[str]) -> bool:
    return any(entry.rel.startswith(root) for root in export_roots)


def _not_activity(entry: Entry) -> bool:
    """Inside an account export, the photos, profile and wellness files (hundreds of them) are
    left out rather than listed one by one as skipped: they would bury the real problems."""
    ext, gzipped = extension(entry.rel)
    return not gzipped and ext in NOT_ACTIVITY_EXTENSIONS


def _load_workouts(entry: Entry, limits: Limits, found: Discovery) -> list[HealthWorkout] | None:
    """The workouts of an Apple Health ``export.xml``, streamed (it can be gigabytes: every
    heart-rate sample is in it), so no size limit applies to it; a failure is recorded."""
    origin = entry.origin
    try:
        if isinstance(origin, DiskOrigin):
            try:
                with origin.path.open("rb") as stream:
                    return read_workouts(stream)
            except OSError as error:
                raise UnreadableFile(f"cannot read the file ({_strerror(error)})") from None
        with _ARCHIVES.open(origin.archive, origin.nested, limits) as zf:
            return with_member_stream(zf, origin.name, read_workouts)
    except UnreadableFile as error:
        found.failures.append(ImportItem(entry.display, None, "apple_health", failure=str(error)))
        return None


def _read_health_workout(display: str, job: _HealthWorkoutJob) -> ImportItem:
    warnings: list[str] = []
    route = None
    if job.route is not None:
        try:
            routes = parse_gpx(_load(job.route, job.limits, job.limits.max_file_bytes))
            route = routes[0] if routes else None
        except (UnreadableFile, NotAnActivity) as error:
            warnings.append(f"its route {job.route_name} could not be read ({error})")
    elif job.workout.route_file:
        warnings.append(f"its route {job.workout.route_file} is not in the export")
    activity = activity_from_workout(job.workout, route)
    return ImportItem(
        display,
        job.workout.sha256(),
        "apple_health",
        activities=(activity,),
        warnings=tuple(warnings),
    )


def _load_index(
    entry: Entry, limits: Limits, found: Discovery, parse: Callable[[bytes], _T]
) -> _T | None:
    """Read and parse an export's index file; a failure is recorded, not raised."""
    try:
        result = parse(_load(entry.origin, limits, limits.max_file_bytes))
    except UnreadableFile as error:
        found.failures.append(ImportItem(entry.display, None, "file", failure=str(error)))
        return None
    return result


def _plan_csv(
    entry: Entry, data: bytes, units: Units, found: Discovery, *, quiet: bool
) -> list[SourceRef]:
    """A CSV of runs gives one ref per row, so that one bad row does not lose the others.

    Another CSV is a failure if the runner named it, is left out if it belongs to an account
    export (Strava writes thirty), and is skipped otherwise."""
    try:
        table = read_runs_table(data, default_units=units)
    except UnreadableFile as error:
        found.failures.append(ImportItem(entry.display, None, "csv", failure=str(error)))
        return []
    if table is None:
        reason = "not a list of runs: a CSV needs date, distance_km (or distance_mi) and duration"
        if entry.top_level:
            found.failures.append(ImportItem(entry.display, None, "csv", failure=reason))
            return []
        if quiet:
            return []
        skip = ImportItem(entry.display, None, "csv", skipped="not an activity file (.csv)")
        return [SourceRef(entry.display, _Ready(skip))]
    return [
        SourceRef(f"{entry.display} row {number}", _TableRowJob(table, number, cells))
        for number, cells in table.rows
    ]


def _load(origin: Origin, limits: Limits, max_bytes: int) -> bytes:
    """The bytes of a file or archive member, refused with a reason if over ``max_bytes``."""
    if isinstance(origin, DiskOrigin):
        try:
            size = origin.path.stat().st_size
            if size > max_bytes:
                raise UnreadableFile(too_big("the file", size, max_bytes))
            with origin.path.open("rb") as stream:
                data = stream.read(max_bytes + 1)
        except OSError as error:
            raise UnreadableFile(f"cannot read the file ({_strerror(error)})") from None
        if len(data) > max_bytes:  # grew since stat()
            raise UnreadableFile(over_limit(max_bytes))
        return data
    with _ARCHIVES.open(origin.archive, origin.nested, limits) as zf:
        return read_member(zf, origin.name, max_bytes)


def _head(origin: Origin, limits: Limits) -> bytes:
    if isinstance(origin, DiskOrigin):
        try:
            with origin.path.open("rb") as stream:
                return stream.read(SNIFF_BYTES)
        except OSError as error:
            raise UnreadableFile(f"cannot read the file ({_strerror(error)})") from None
    with _ARCHIVES.open(origin.archive, origin.nested, limits) as zf:
        return read_member_head(zf, origin.name, SNIFF_BYTES)


def _strerror(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def read(ref: SourceRef) -> ImportItem:
    """Read one ref; bad input becomes ``failure`` or ``skipped``, never an exception."""
    job = ref._job
    if isinstance(job, _Ready):
        return job.item
    if isinstance(job, _FileJob):
        item = _read_file(ref.display, job)
        if job.garmin is not None:
            job.garmin.starts[id(ref)] = [a.start_utc for a in item.activities]
            item = _with_garmin_gear(item, job.garmin)
        return item
    if isinstance(job, _StravaRowJob):
        return _read_strava_row(ref.display, job)
    if isinstance(job, _TableRowJob):
        try:
            activity = job.table.parse_row(job.number, job.cells)
        except UnreadableFile as error:
            return ImportItem(ref.display, None, job.table.source_kind, failure=str(error))
        digest = job.table.row_sha256(job.cells)
        return ImportItem(ref.display, digest, job.table.source_kind, activities=(activity,))
    if isinstance(job, _HealthWorkoutJob):
        return _read_health_workout(ref.display, job)
    return _read_garmin_summary(ref, job)


def _read_file(display: str, job: _FileJob) -> ImportItem:
    ext, gzipped = extension(job.name)
    if not gzipped and ext in NOT_ACTIVITY_EXTENSIONS:
        return ImportItem(display, None, "file", skipped=f"not an activity file ({ext})")
    try:
        if not gzipped and ext not in _ACTIVITY_EXTENSIONS:
            found = sniff(_head(job.origin, job.limits))
            if found not in (*ACTIVITY_FORMATS, Format.GZIP):
                reason = f"not an activity file ({ext or 'no extension'})"
                return ImportItem(display, None, "file", skipped=reason)
        raw = _load(job.origin, job.limits, job.limits.max_file_bytes)
    except UnreadableFile as error:
        return ImportItem(display, None, "file", failure=str(error))
    item = read_activity_file(display, job.name, raw, job.limits.max_file_bytes)
    row = job.strava
    if row is None:
        return item
    if item.activities:
        return replace(item, activities=tuple(apply_row(a, row) for a in item.activities))
    if item.failure is None:
        return item
    try:
        activity = activity_from_row(row)
    except UnreadableFile:
        return item
    warning = f"the file could not be read ({item.failure}); imported from activities.csv"
    return ImportItem(display, row.content_sha256, "strava_csv", activities=(activity,),
                      warnings=(warning,))  # fmt: skip


def _read_strava_row(display: str, job: _StravaRowJob) -> ImportItem:
    try:
        activity = activity_from_row(job.row, job.units)
    except UnreadableFile as error:
        return ImportItem(display, None, "strava_csv", failure=str(error))
    warnings: tuple[str, ...] = ()
    if job.missing_file:
        warnings = (f"activities.csv names {job.missing_file}, which is not in the export; "
                    "imported from the CSV's totals",)  # fmt: skip
    return ImportItem(display, job.row.content_sha256, "strava_csv", activities=(activity,),
                      warnings=warnings)  # fmt: skip


def _read_garmin_summary(ref: SourceRef, job: _GarminSummaryJob) -> ImportItem:
    export = job.export
    for file_ref in export.files:  # normally all read already, as they come first
        if id(file_ref) not in export.starts:
            read(file_ref)
    starts = [start for found in export.starts.values() for start in found]
    try:
        if has_file(start_of(job.summary), starts):
            reason = "summary of an activity whose own file in this export was read instead"
            return ImportItem(ref.display, None, "garmin_summary", skipped=reason)
        activity = replace(activity_from_summary(job.summary), gear=job.gear)
    except (UnreadableFile, NotAnActivity) as error:
        return ImportItem(ref.display, None, "garmin_summary", failure=str(error))
    digest = summary_sha256(job.summary)
    return ImportItem(ref.display, digest, "garmin_summary", activities=(activity,))


def close_archives() -> None:
    """Close the archive :func:`read` keeps open between calls (call it when the import ends)."""
    _ARCHIVES.close()
