"""Background imports: an upload becomes a job in the store, the request returns at once, and a
worker imports the files while the page shows the job's progress and, at the end, what became
of each file.

The files are kept in the store (:mod:`achillescare.storage.models.jobs`) until each is imported,
so a job outlives the web process that took it, and a worker on another machine reads them from
the same database. Two queues hand a job's id to a worker (:class:`JobQueue`):

* SQLite: :class:`InProcessQueue`, one thread inside ``achilles serve`` (SQLite has one writer
  at a time anyway); jobs left unfinished by a stopped server are taken up at its next start.
* PostgreSQL: :class:`achillescare.services.job_queue.PostgresQueue`, procrastinate's queue kept
  in the same database, shared by every ``achilles serve`` and ``achilles worker``; a job whose
  worker died is handed to another.

A job taken up again starts at its first file without a result: the files done keep theirs,
and a file cut short is imported again, harmlessly, since an import skips the activities it
already holds (same bytes, or same start and distance: :mod:`achillescare.services.importing`).
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from achillescare.domain.activity.records import Activity
from achillescare.domain.jobs import FileResult, ImportJob, ResultStatus
from achillescare.domain.runner import Runner
from achillescare.domain.sync import SERVICE_NAMES, SourceName
from achillescare.errors import AchillesError, InvalidInput, NotFound
from achillescare.services.importing import (
    ImportReport,
    Outcome,
    import_paths,
    refresh_fast_threshold,
)
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import import_jobs as jobs_repo
from achillescare.storage.repos import runners as runners_repo

_log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
"""Largest upload accepted in one request (a Garmin export zip of years of runs fits)."""
UPLOAD_NAME_BYTES = 150
"""Longest saved name of an uploaded file, in UTF-8 bytes (file systems allow 255)."""
SHOWN_NAME_CHARS = 120
"""Longest name shown back in the result (the rest becomes "…")."""
STALLED_AFTER_S = 30.0
"""PostgreSQL: a worker silent this long is taken for dead and its jobs are run again
(procrastinate's default); its heartbeat comes every third of it."""
LEFT_OUT = "left out: its name is no file name (give it a name such as run.fit)"
_NOT_IN_NAMES = re.compile(r"[\x00-\x1f\x7f]")


def upload_name(sent: str) -> str | None:
    """A safe name to save an uploaded file under, or None when the sent name has none.

    Only the last part of a path counts (``/`` or ``\\``), control characters and leading dots go
    (``.hidden.fit`` would be taken for a hidden file and ignored), and a long name is cut to
    :data:`UPLOAD_NAME_BYTES`, keeping its extension: so the name can never point outside the
    upload folder, be a folder (``..``), or be too long for the file system."""
    base = _NOT_IN_NAMES.sub("", re.split(r"[/\\]", sent)[-1]).strip().lstrip(".").strip()
    if not base:
        return None
    stem, dot, extension = base.rpartition(".")
    if not dot or len(extension.encode()) > 16:
        stem, extension = base, ""
    suffix = f".{extension}" if extension else ""
    while stem and len((stem + suffix).encode()) > UPLOAD_NAME_BYTES:
        stem = stem[:-1]
    return (stem or "upload") + suffix


def shown_name(sent: str) -> str:
    """The name a file was sent with, as the result shows it (no control characters, cut)."""
    name = _NOT_IN_NAMES.sub("", sent) or "(no name)"
    return name if len(name) <= SHOWN_NAME_CHARS else name[: SHOWN_NAME_CHARS - 1] + "…"


class JobQueue(Protocol):
    """Hands a stored job to a worker."""

    def submit(self, job_id: int, runner_id: int) -> None:
        """Have the job run soon; jobs of one runner run one after the other."""

    def close(self) -> None:
        """Stop taking jobs (a job running goes on, or is taken up again later)."""


def submit_upload(
    store: Store, queue: JobQueue, runner: Runner, files: Sequence[tuple[str, BinaryIO]]
) -> ImportJob:
    """Store the ``(name sent, content)`` files as a job of the runner's and queue it; returns
    at once, the job queued. A name that is no file name leaves that file out (its result says
    so); more than :data:`MAX_UPLOAD_BYTES` in all is refused before anything is stored."""
    if not files:
        raise InvalidInput("choose at least one file to upload")
    kept: list[tuple[str, str | None, bytes | None]] = []
    total = 0
    for sent, stream in files:
        saved = upload_name(sent)
        data = None
        if saved is not None:
            data = stream.read(MAX_UPLOAD_BYTES - total + 1)
            total += len(data)
            if total > MAX_UPLOAD_BYTES:
                raise InvalidInput("the upload is over 200 MB: send fewer files at once")
        kept.append((shown_name(sent), saved, data))
    with store.session() as session:
        job_id = jobs_repo.create(session, runner.id, kept, LEFT_OUT)
    return _queued(store, queue, runner, job_id)


def submit_sync(store: Store, queue: JobQueue, runner: Runner, source: SourceName) -> ImportJob:
    """Queue a sync of the runner's linked ``source`` service as a job; returns at once. The
    worker pulls what is new, and the job's results name each activity it brought or left out,
    as an upload's do."""
    with store.session() as session:
        job_id = jobs_repo.create_sync(session, runner.id, source, SERVICE_NAMES[source])
    return _queued(store, queue, runner, job_id)


def _queued(store: Store, queue: JobQueue, runner: Runner, job_id: int) -> ImportJob:
    try:
        queue.submit(job_id, runner.id)
    except Exception:
        # The job is stored but no worker will hear of it: say so on the job, not as a 500
        # with the upload lost from the runner's view.
        _log.exception("queueing import job %s failed", job_id)
        with store.session() as session:
            jobs_repo.finish(session, job_id, "failed", "the import could not be started")
    return job_of(store, runner, job_id)


def job_of(store: Store, runner: Runner, job_id: int) -> ImportJob:
    """The runner's job with this id; :class:`NotFound` for another runner's, as for none."""
    with store.session() as session:
        job = jobs_repo.get(session, job_id)
    if job is None or job.runner_id != runner.id:
        raise NotFound(f"no import {job_id} among {runner.name}'s imports")
    return job


def imported_activities(store: Store, runner: Runner, job: ImportJob) -> list[Activity]:
    """The activities the job imported that are still there, oldest first."""
    ids = {r.activity_id for r in job.results if r.activity_id is not None}
    if not ids:
        return []
    with store.session() as session:
        return [a for a in activities_repo.list_for_runner(session, runner.id) if a.id in ids]


def run_import_job(store: Store, job_id: int) -> None:
    """Import the job's files still without a result, one at a time, each file's results stored
    as it is done; then close the job. A job already finished (or gone) is left alone.

    An unexpected error ends the job as failed, with the files done keeping their results: the
    worker's boundary, as :func:`achillescare.services.importing._read_one` is a reader's."""
    with store.session() as session:
        if not jobs_repo.start(session, job_id):
            return
        job = jobs_repo.get(session, job_id)
        runner = runners_repo.get(session, job.runner_id) if job is not None else None
        pending = jobs_repo.pending_files(session, job_id)
    if runner is None or job is None:
        return
    if job.sync_source is not None:
        _run_sync(store, runner, job_id, job.sync_source, pending)
        return
    try:
        for file_id, sent, saved in pending:
            found, results = _import_file(store, runner, file_id, sent, saved)
            with store.session() as session:
                jobs_repo.finish_file(session, job_id, file_id, found, results)
    except Exception as error:
        _log.exception("import job %s failed", job_id)
        with store.session() as session:
            reason = f"the import stopped (unexpected {type(error).__name__}; details in the log)"
            jobs_repo.finish(session, job_id, "failed", reason)
        return
    refresh_fast_threshold(store, runner)  # once for the whole upload, not once per file
    with store.session() as session:
        jobs_repo.finish(session, job_id, "done")


def _run_sync(
    store: Store,
    runner: Runner,
    job_id: int,
    source: SourceName,
    pending: Sequence[tuple[int, str, str]],
) -> None:
    """Run the sync a job stands for, and keep what it did as the results of its one "file":
    each activity imported, each one already here, each one left out with the reason, and when
    the service's rate limit stopped it, when the rest will come. A sync that cannot run (the
    link refused, the service down) fails the job with the sentence that says why."""
    from achillescare.services.sync import SYNCS  # noqa: PLC0415  (sync clients: only here)

    shown = SERVICE_NAMES[source]
    try:
        report = SYNCS[source](store, runner, now=datetime.now(UTC))
    except AchillesError as error:
        with store.session() as session:
            jobs_repo.finish(session, job_id, "failed", str(error))
        return
    results = [
        FileResult(shown, "imported", "imported", activity_id) for activity_id in report.imported
    ]
    results += [
        FileResult(f"{shown} {item}", "duplicate", "already here") for item in report.duplicates
    ]
    results += [FileResult(f"{shown} {item}", "skipped", why) for item, why in report.skipped]
    if report.resume_after is not None:
        later = f"{shown}'s rate limit was reached: the rest comes with a sync after {report.resume_after:%H:%M} UTC"
        results.append(FileResult(shown, "warning", later))
    with store.session() as session:
        for file_id, _, _ in pending:
            jobs_repo.finish_file(session, job_id, file_id, len(results), results)
        jobs_repo.finish(session, job_id, "done")


def _import_file(
    store: Store, runner: Runner, file_id: int, sent: str, saved: str
) -> tuple[int, list[FileResult]]:
    """Import one file sent, saved under its safe name in a private folder deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="achilles-upload-") as folder:
        path = Path(folder) / saved
        with store.session() as session:
            path.write_bytes(jobs_repo.content(session, file_id))

        def found(count: int) -> None:
            with store.session() as session:
                jobs_repo.set_found(session, file_id, count)

        report = import_paths(store, runner.name, [path], on_start=found, refresh=False)
    return report.files, file_results(report, str(path), sent)


def file_results(report: ImportReport, saved: str, sent: str) -> list[FileResult]:
    """The report's lines, named as the file was sent: ``…/run.fit`` → the name sent, with what
    the importer added after it kept (a member of an archive, ``export.zip!a/run.fit``, or a
    row of a list, ``runs.csv row 2``)."""

    def named(source: str) -> str:
        return sent + source[len(saved) :] if source.startswith(saved) else Path(source).name

    results = [
        FileResult(named(a.source), "imported", a.sport, activity_id=a.id) for a in report.imported
    ]
    groups: Sequence[tuple[ResultStatus, list[Outcome]]] = (
        ("duplicate", report.duplicates),
        ("skipped", report.skipped),
        ("failed", report.failed),
        ("warning", report.warnings),
    )
    for status, items in groups:
        results.extend(FileResult(named(item.source), status, item.detail) for item in items)
    return results


class InProcessQueue:
    """SQLite's queue: one worker thread in the web server, jobs in the order sent."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="achilles-import")

    def submit(self, job_id: int, runner_id: int) -> None:
        self._pool.submit(self._run, job_id)

    def _run(self, job_id: int) -> None:
        try:
            run_import_job(self._store, job_id)
        except Exception:  # a future would keep the error to itself
            _log.exception("import job %s could not run", job_id)

    def resume(self) -> int:
        """Queue the jobs a stopped server left unfinished; returns how many."""
        with self._store.session() as session:
            unfinished = jobs_repo.unfinished(session)
        for job_id in unfinished:
            self.submit(job_id, 0)
        return len(unfinished)

    def close(self, *, wait: bool = False) -> None:
        """Stop taking jobs; ``wait`` for the one running to end (else it ends with the
        process, and the next start takes it up again)."""
        self._pool.shutdown(wait=wait, cancel_futures=True)


def queue_for(store: Store) -> JobQueue:
    """The store's queue: procrastinate's on PostgreSQL (jobs run by ``achilles worker``), a
    thread of this process on SQLite."""
    if store.engine.dialect.name == "postgresql":
        from achillescare.services.job_queue import PostgresQueue  # noqa: PLC0415  (PostgreSQL only)

        return PostgresQueue(store)
    return InProcessQueue(store)


__all__ = [
    "LEFT_OUT",
    "MAX_UPLOAD_BYTES",
    "STALLED_AFTER_S",
    "InProcessQueue",
    "JobQueue",
    "file_results",
    "imported_activities",
    "job_of",
    "queue_for",
    "run_import_job",
    "shown_name",
    "submit_sync",
    "submit_upload",
    "upload_name",
]
