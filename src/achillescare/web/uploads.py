"""Uploaded activity files become a background import (:mod:`achillescare.services.jobs`), and a
job becomes what pages and the API show: its progress, then what became of each file under the
name it was sent with. The upload page and ``POST …/imports`` share it."""

from __future__ import annotations

from fastapi import Request, UploadFile

from achillescare.domain.jobs import ImportJob
from achillescare.domain.runner import Runner
from achillescare.domain.sync import SERVICE_NAMES
from achillescare.services import jobs
from achillescare.web.state import state_of
from achillescare.web.view_models.models import FileOutcome, ImportJobOut, ImportResult
from achillescare.web.view_models.runner import activity_out


def submit_uploads(request: Request, runner: Runner, files: list[UploadFile]) -> ImportJob:
    """Store the uploads as a job of the runner's and queue it; the import runs in the
    background (files sent without a name are no files at all, and are not counted)."""
    state = state_of(request)
    named = [(upload.filename or "", upload.file) for upload in files if upload.filename]
    return jobs.submit_upload(state.store, state.jobs, runner, named)


def job_out(request: Request, runner: Runner, job: ImportJob) -> ImportJobOut:
    """The job as pages and the API show it; its result once it is finished."""
    result = None
    service = SERVICE_NAMES[job.sync_source] if job.sync_source is not None else None
    if job.finished:
        imported = jobs.imported_activities(state_of(request).store, runner, job)
        result = ImportResult(
            files=job.found,
            imported=[activity_out(a, runner.units) for a in imported],
            outcomes=[
                FileOutcome(source=r.source, status=r.status, detail=r.detail) for r in job.results
            ],
            service=service,
        )
    return ImportJobOut(
        id=job.id,
        service=service,
        status=job.status,
        files_total=job.files_total,
        files_done=job.files_done,
        imported=job.imported,
        error=job.error,
        result=result,
    )
