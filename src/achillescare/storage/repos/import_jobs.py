"""Background import jobs in the store (:class:`~achillescare.domain.jobs.ImportJob`): the job,
the files sent (their bytes until each is imported), and each file's results."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from achillescare.domain.jobs import FileResult, ImportJob, JobStatus, ResultStatus
from achillescare.domain.sync import SourceName
from achillescare.storage.models.jobs import ImportJobFileRow, ImportJobRow

UNFINISHED: tuple[JobStatus, ...] = ("queued", "running")


def create(
    session: Session,
    runner_id: int,
    files: Sequence[tuple[str, str | None, bytes | None]],
    left_out: str,
) -> int:
    """A queued job for ``(sent name, saved name, bytes)`` files; a file without a saved name is
    done at once (one file found, ``left_out`` its result). Returns the job's id."""
    job = ImportJobRow(runner_id=runner_id, status="queued", files_total=len(files))
    session.add(job)
    session.flush()
    for position, (sent, saved, content) in enumerate(files):
        skipped = saved is None
        outcomes = [{"source": sent, "status": "skipped", "detail": left_out}] if skipped else []
        session.add(
            ImportJobFileRow(
                job_id=job.id,
                position=position,
                sent_name=sent,
                saved_name=saved,
                content=None if skipped else content,
                done=skipped,
                found=int(skipped),
                outcomes=outcomes,
            )
        )
        job.files_done += int(skipped)
    session.flush()
    return job.id


def create_sync(session: Session, runner_id: int, source: SourceName, shown: str) -> int:
    """A queued sync of the runner's ``source`` service: one "file", the service (``shown`` is
    its name in words), whose results are the activities the sync brought. Returns the id."""
    job = ImportJobRow(runner_id=runner_id, status="queued", files_total=1, sync_source=source)
    session.add(job)
    session.flush()
    session.add(ImportJobFileRow(job_id=job.id, position=0, sent_name=shown, saved_name=None))
    session.flush()
    return job.id


def _result(item: dict[str, Any]) -> FileResult:
    activity_id = item.get("activity_id")
    return FileResult(
        source=str(item["source"]),
        status=cast("ResultStatus", item["status"]),
        detail=str(item["detail"]),
        activity_id=int(activity_id) if activity_id is not None else None,
    )


def get(session: Session, job_id: int) -> ImportJob | None:
    row = session.get(ImportJobRow, job_id)
    if row is None:
        return None
    files = session.execute(
        select(ImportJobFileRow.found, ImportJobFileRow.outcomes)
        .where(ImportJobFileRow.job_id == job_id)
        .order_by(ImportJobFileRow.position)
    ).all()
    return ImportJob(
        id=row.id,
        runner_id=row.runner_id,
        status=cast("JobStatus", row.status),
        files_total=row.files_total,
        files_done=row.files_done,
        found=sum(found for found, _ in files),
        results=tuple(_result(item) for _, outcomes in files for item in outcomes or []),
        attempts=row.attempts,
        created_at=row.created_at,
        error=row.error,
        sync_source=cast("SourceName | None", row.sync_source),
    )


def start(session: Session, job_id: int) -> bool:
    """Mark the job running (again, after a worker died on it); False when it is finished or
    gone, and there is nothing to do."""
    started = session.execute(
        update(ImportJobRow)
        .where(ImportJobRow.id == job_id, ImportJobRow.status.in_(UNFINISHED))
        .values(status="running", attempts=ImportJobRow.attempts + 1, started_at=datetime.now(UTC))
    )
    return bool(getattr(started, "rowcount", 0))


def pending_files(session: Session, job_id: int) -> list[tuple[int, str, str]]:
    """``(file id, sent name, saved name)`` of the job's files still to import, in sent order."""
    rows = session.execute(
        select(ImportJobFileRow.id, ImportJobFileRow.sent_name, ImportJobFileRow.saved_name)
        .where(ImportJobFileRow.job_id == job_id, ImportJobFileRow.done.is_(False))
        .order_by(ImportJobFileRow.position)
    ).all()
    return [(file_id, sent, saved or "") for file_id, sent, saved in rows]


def content(session: Session, file_id: int) -> bytes:
    data = session.scalar(select(ImportJobFileRow.content).where(ImportJobFileRow.id == file_id))
    return data or b""


def set_found(session: Session, file_id: int, found: int) -> None:
    session.execute(
        update(ImportJobFileRow).where(ImportJobFileRow.id == file_id).values(found=found)
    )


def finish_file(
    session: Session, job_id: int, file_id: int, found: int, results: Sequence[FileResult]
) -> None:
    """Record the file's results, drop its bytes, and count it done."""
    outcomes = [
        {"source": r.source, "status": r.status, "detail": r.detail, "activity_id": r.activity_id}
        for r in results
    ]
    session.execute(
        update(ImportJobFileRow)
        .where(ImportJobFileRow.id == file_id)
        .values(done=True, content=None, found=found, outcomes=outcomes)
    )
    session.execute(
        update(ImportJobRow)
        .where(ImportJobRow.id == job_id)
        .values(files_done=ImportJobRow.files_done + 1)
    )


def finish(session: Session, job_id: int, status: JobStatus, error: str | None = None) -> None:
    """Close the job; a failed job's files lose their bytes too (nothing will read them)."""
    session.execute(
        update(ImportJobRow)
        .where(ImportJobRow.id == job_id)
        .values(status=status, error=error, finished_at=datetime.now(UTC))
    )
    session.execute(
        update(ImportJobFileRow).where(ImportJobFileRow.job_id == job_id).values(content=None)
    )


def unfinished(session: Session) -> list[int]:
    """Ids of the jobs not finished, oldest first (to hand to a worker again after a restart)."""
    return list(
        session.scalars(
            select(ImportJobRow.id)
            .where(ImportJobRow.status.in_(UNFINISHED))
            .order_by(ImportJobRow.id)
        )
    )


def unfinished_with_runner(session: Session) -> list[tuple[int, int]]:
    """``(job id, runner id)`` of the jobs not finished, oldest first."""
    rows = session.execute(
        select(ImportJobRow.id, ImportJobRow.runner_id)
        .where(ImportJobRow.status.in_(UNFINISHED))
        .order_by(ImportJobRow.id)
    ).all()
    return [(job_id, runner_id) for job_id, runner_id in rows]
