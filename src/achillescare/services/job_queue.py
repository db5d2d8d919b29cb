"""PostgreSQL's job queue: procrastinate (https://procrastinate.readthedocs.io), which keeps its
jobs in the store's own database, so every ``achilles serve`` defers jobs to it and every
``achilles worker`` takes them, and a job outlives any of these processes.

Procrastinate's tables live beside ours (migration ``0014_import_jobs`` applies its schema; a
procrastinate release that changes its schema ships SQL files in ``procrastinate/sql/migrations``,
which a migration of ours must then apply, so the version is pinned in the lock file). A job
carries only the id of an :class:`~achillescare.domain.jobs.ImportJob`; the files and the
results are in our tables (:mod:`achillescare.services.jobs`). Jobs of one runner share a
procrastinate ``lock``, so they run one after the other, never two imports of one runner at once.

A worker that dies mid-job stops sending its heartbeat; after :data:`STALLED_AFTER_S` the other
workers (or the next one to start) hand its job out again (procrastinate's stalled-job recipe,
``get_stalled_jobs`` and ``retry_job``). A worker that starts also queues again any import job
that procrastinate holds no job for (its server died between storing the upload and queueing it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

from procrastinate import App, PsycopgConnector
from procrastinate import exceptions as procrastinate_errors
from procrastinate.jobs import JobDeferrer

from achillescare.services.jobs import STALLED_AFTER_S, run_import_job
from achillescare.storage.db import Store
from achillescare.storage.repos import import_jobs as jobs_repo

_log = logging.getLogger(__name__)

TASK = "achillescare.import_job"


def conninfo(store: Store) -> str:
    """The store's PostgreSQL URL as libpq takes it (options such as ``search_path`` kept)."""
    return store.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def job_app(store: Store) -> App:
    """A procrastinate app on the store's database, knowing the one task: import a job."""
    app = App(connector=PsycopgConnector(conninfo=conninfo(store)))

    @app.task(name=TASK)
    def import_job(job_id: int) -> None:
        run_import_job(store, job_id)

    return app


def _deferrer(app: App, runner_id: int) -> JobDeferrer:
    """One runner's imports run one after the other (a procrastinate ``lock``)."""
    return app.configure_task(TASK, lock=f"import-runner-{runner_id}")


async def _requeue_unfinished(app: App, store: Store) -> int:
    """Defer again each import job not finished that procrastinate holds no job for: one whose
    server died between storing it and deferring it would otherwise wait for ever. (A job
    deferred twice runs twice, one after the other: the second finds it finished, and
    :func:`run_import_job` leaves it alone.)"""
    held: set[int] = set()
    for status in ("todo", "doing"):
        for job in await app.job_manager.list_jobs_async(task=TASK, status=status):
            job_id = job.task_kwargs.get("job_id")
            if isinstance(job_id, int):
                held.add(job_id)
    with store.session() as session:
        unfinished = jobs_repo.unfinished_with_runner(session)
    lost = [(job_id, runner_id) for job_id, runner_id in unfinished if job_id not in held]
    for job_id, runner_id in lost:
        _log.warning("import job %s was never queued; queueing it", job_id)
        await _deferrer(app, runner_id).defer_async(job_id=job_id)
    return len(lost)


class PostgresQueue:
    """Defers each job to procrastinate; the ``achilles worker`` processes run them."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._app: App | None = None
        self._opening = threading.Lock()

    def _opened(self) -> App:
        """The app, its connections opened at the first upload (an app that never takes one,
        a test's, holds none)."""
        with self._opening:
            if self._app is None:
                self._app = job_app(self._store).open()
            return self._app

    def submit(self, job_id: int, runner_id: int) -> None:
        _deferrer(self._opened(), runner_id).defer(job_id=job_id)

    def close(self) -> None:
        if self._app is not None:
            self._app.close()


def run_worker(
    store: Store,
    *,
    concurrency: int = 1,
    stalled_after_s: float = STALLED_AFTER_S,
    wait: bool = True,
) -> None:
    """Run import jobs until stopped (Ctrl-C or SIGTERM finish the jobs running first); with
    ``wait=False``, only the jobs waiting now, then return."""
    app = job_app(store)

    async def work() -> None:
        async with app.open_async():
            await _requeue_unfinished(app, store)
            rescue = asyncio.create_task(_retry_stalled(app, stalled_after_s))
            try:
                await app.run_worker_async(
                    concurrency=concurrency,
                    wait=wait,
                    update_heartbeat_interval=stalled_after_s / 3,
                    stalled_worker_timeout=stalled_after_s,
                    delete_jobs="successful",  # the result is in our tables; keep theirs small
                )
            finally:
                rescue.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await rescue

    asyncio.run(work())


async def _retry_stalled(app: App, stalled_after_s: float) -> None:
    """Every third of ``stalled_after_s``: jobs of workers silent that long go back to the queue."""
    while True:
        for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after_s):
            try:
                await app.job_manager.retry_job(job)
            except procrastinate_errors.ConnectorException as error:  # another worker was first
                _log.info("job %s was not retried here: %s", job.id, error)
                continue
            _log.warning("job %s: its worker stopped; running it again", job.id)
        await asyncio.sleep(stalled_after_s / 3)


__all__ = ["PostgresQueue", "conninfo", "job_app", "run_worker"]
