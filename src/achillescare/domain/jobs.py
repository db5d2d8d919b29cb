"""Background imports as records: a job per upload, its progress, and what became of each file.

Pure records, no I/O. :mod:`achillescare.services.jobs` keeps them in the store and runs them (in
the web server's own thread on SQLite, in ``achilles worker`` processes on PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from achillescare.domain.sync import SourceName

JobStatus = Literal["queued", "running", "done", "failed"]
"""queued: waiting for a worker; running: a worker is on it; done: every file has its result;
failed: the job itself broke (each file's own problems are results, not a failed job)."""

ResultStatus = Literal["imported", "duplicate", "skipped", "failed", "warning"]


@dataclass(frozen=True, slots=True)
class FileResult:
    """One line of a job's result: an activity imported, or why a file (or a part of an export)
    was not, under the name the file was sent with (``export.zip!a/run.fit`` for a member)."""

    source: str
    status: ResultStatus
    detail: str
    activity_id: int | None = None


@dataclass(frozen=True, slots=True)
class ImportJob:
    """An upload being imported. ``files_done`` of ``files_total`` files sent have their results;
    ``found`` counts the activity files found in them so far (an export zip holds many)."""

    id: int
    runner_id: int
    status: JobStatus
    files_total: int
    files_done: int
    found: int
    results: tuple[FileResult, ...]
    attempts: int
    created_at: datetime
    error: str | None = None
    sync_source: SourceName | None = None
    """The online service a sync job pulls from (``strava``, ``intervals``); None for an upload,
    whose "files" are the files sent (a sync has one: the service)."""

    @property
    def finished(self) -> bool:
        return self.status in {"done", "failed"}

    @property
    def imported(self) -> int:
        """Activities imported so far."""
        return sum(1 for result in self.results if result.status == "imported")


__all__ = ["FileResult", "ImportJob", "JobStatus", "ResultStatus"]
