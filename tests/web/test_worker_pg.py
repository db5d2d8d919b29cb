"""Several ``achilles serve`` processes and ``achilles worker`` processes on one PostgreSQL store,
as a deployment runs them: what one server writes, the other shows at once; an upload sent to
a server is imported by a worker; a worker killed mid-import is replaced and the import ends.

Skipped, with the reason, when no PostgreSQL server answers (see ``pg_store``)."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from achillescare.services import jobs
from achillescare.services.importing import import_paths
from achillescare.services.job_queue import PostgresQueue, run_worker
from achillescare.services.runners import list_runners
from achillescare.services.watching import set_watch_folder
from achillescare.storage.db import Store
from tests.conftest import MakeRunner, corpus_dir
from tests.serving import serving
from tests.uploads import api_import

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PASSWORD = "heel-drops-every-day"
FIT = Path(__file__).resolve().parent.parent / "data" / "fit" / "fitparse__garmin-fenix-5-run.fit"
WALK = FIT.with_name("fitparse__garmin-fenix-5-walk.fit")
STALLED_AFTER_S = 3.0
"""The workers' ``--stalled-after``: a killed worker's import is taken up again this soon."""
_numbers = itertools.count()


def db_url(store: Store) -> str:
    """What ``--db`` needs to open the test's private schema (its ``search_path`` kept)."""
    return store.engine.url.render_as_string(hide_password=False)


class Worker:
    """A running ``achilles worker`` and where its output goes."""

    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def working(db: str, folder: Path, options: Sequence[str] = ()) -> Iterator[Worker]:
    """``achilles --db DB worker --stalled-after S`` until the block ends."""
    log = folder / f"worker-{next(_numbers)}.log"
    achilles = Path(sys.executable).parent / "achilles"
    command = [str(achilles), "--db", db, "worker", "--stalled-after", str(STALLED_AFTER_S)]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, *options],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1"},
        )
    try:
        yield Worker(process, log)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def signed_up(base_url: str, email: str, name: str, role: str = "runner") -> httpx.Client:
    """An account made and signed in over HTTP, as a person would."""
    client = httpx.Client(base_url=base_url, timeout=120)
    account = {"email": email, "password": PASSWORD, "name": name, "role": role}
    assert client.post("/api/v1/auth/signup", json=account).status_code == 202
    signed = client.post("/api/v1/auth/signin", json={"email": email, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    return client


def signed_in(base_url: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=120)
    signed = client.post("/api/v1/auth/signin", json={"email": email, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    return client


def test_two_servers_and_a_worker_share_one_postgresql_store(
    pg_store: Store, tmp_path: Path
) -> None:
    """A check-in sent to server A is on server B's dashboard and today page at once; a FIT
    file sent to B is imported by the worker and listed by A; a file dropped in the runner's
    watched folder is imported by the worker too."""
    db = db_url(pg_store)
    with (
        serving(db, tmp_path) as a,
        serving(db, tmp_path) as b,
        working(db, tmp_path) as worker,
    ):
        runner_on_a = signed_up(a.url, "ana@cluster.test", "Ana")
        physio_on_b = signed_up(b.url, "physio@cluster.test", "Physio", role="specialist")
        runner_on_b = signed_in(b.url, "ana@cluster.test")
        try:
            runner_id = runner_on_a.get("/api/v1/me").json()["runner_id"]
            invited = runner_on_a.post("/api/v1/shares", json={"email": "physio@cluster.test"})
            code = invited.json()["code"]
            accepted = physio_on_b.post("/api/v1/shares/accept", json={"code": code})
            assert accepted.status_code == 200, accepted.text

            for pain in (0, 8):  # two mornings with different answers
                checked = runner_on_a.post(
                    f"/api/v1/runners/{runner_id}/checkins",
                    json={"side": "left", "morning_pain": pain},
                )
                assert checked.status_code == 200, checked.text
                decision = checked.json()["decision"]
                dashboard = physio_on_b.get("/api/v1/clinic").json()["runners"]
                assert {r["runner_id"]: r["decision"] for r in dashboard} == {runner_id: decision}
                today = runner_on_b.get(f"/api/v1/runners/{runner_id}/today").json()
                assert today["decision"]["decision"] == decision

            files = [("files", (FIT.name, FIT.read_bytes(), "application/octet-stream"))]
            sent = runner_on_b.post(f"/api/v1/runners/{runner_id}/imports", files=files)
            job = api_import(runner_on_b, sent)
            assert job["status"] == "done", (job, worker.output())
            assert [(o["source"], o["status"]) for o in job["result"]["outcomes"]] == [
                (FIT.name, "imported")
            ]
            listed = runner_on_a.get(f"/api/v1/runners/{runner_id}/activities").json()
            assert [a["id"] for a in listed["activities"]] == [
                a["id"] for a in job["result"]["imported"]
            ]

            [runner] = [r for r in list_runners(pg_store) if r.id == runner_id]
            set_watch_folder(pg_store, runner, tmp_path)  # as `achilles runner set` does
            shutil.copy(WALK, tmp_path / "walk.fit")
            deadline = time.monotonic() + 120
            while len(listed["activities"]) < 2:
                assert time.monotonic() < deadline, worker.output()
                time.sleep(0.2)
                listed = runner_on_b.get(f"/api/v1/runners/{runner_id}/activities").json()
            assert {a["sport"] for a in listed["activities"]} == {"running", "walking"}
            assert worker.process.poll() is None, worker.output()
        finally:
            for client in (runner_on_a, physio_on_b, runner_on_b):
                client.close()


def _wait_for(
    client: httpx.Client, location: str, ready: Any, worker: Worker, timeout_s: float = 120
) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        job = client.get(location).json()
        if ready(job):
            return job
        assert time.monotonic() < deadline, (job, worker.output())
        time.sleep(0.02)


def test_an_import_whose_worker_is_killed_is_finished_by_another(
    pg_store: Store, store: Store, tmp_path: Path
) -> None:
    """A worker killed (SIGKILL) mid-import leaves the job running; a new worker takes it up
    after ``--stalled-after`` and finishes it, each file sent with its result, and the runner
    has the very activities one uninterrupted import of the files gives (none twice)."""
    fit = corpus_dir("fit")
    runs = sorted(p for p in fit.glob("*.fit") if 50_000 < p.stat().st_size < 800_000)[:16]
    assert len(runs) == 16
    db = db_url(pg_store)
    with serving(db, tmp_path) as server:
        client = signed_up(server.url, "kim@cluster.test", "Kim")
        try:
            runner_id = client.get("/api/v1/me").json()["runner_id"]
            files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in runs]
            sent = client.post(f"/api/v1/runners/{runner_id}/imports", files=files)
            assert sent.status_code == 202, sent.text
            location = sent.headers["location"]
            with working(db, tmp_path) as first:
                partway = _wait_for(client, location, lambda j: j["files_done"] >= 1, first)
                first.process.send_signal(signal.SIGKILL)
                first.process.wait()
            assert partway["files_done"] < len(runs), "the import ended before the kill"
            stopped = client.get(location).json()
            assert stopped["status"] == "running"  # nobody is on it now
            with working(db, tmp_path) as second:
                job = _wait_for(
                    client, location, lambda j: j["status"] in {"done", "failed"}, second
                )
                assert job["status"] == "done", (job, second.output())
            assert job["files_done"] == job["files_total"] == len(runs)
            sources = {o["source"].split("#")[0].split("!")[0] for o in job["result"]["outcomes"]}
            assert sources == {p.name for p in runs}
            listed = client.get(
                f"/api/v1/runners/{runner_id}/activities", params={"limit": 500}
            ).json()
            uninterrupted = import_paths(store, "Kim", runs).imported
            assert listed["total"] == len(uninterrupted) >= 8
            assert sorted(a["start_utc"] for a in listed["activities"]) == sorted(
                f"{a.start_utc:%Y-%m-%dT%H:%M:%SZ}" for a in uninterrupted
            )
        finally:
            client.close()


class LostQueue:
    """Takes a job and tells no worker: a server that died between storing an upload and
    queueing it."""

    def submit(self, job_id: int, runner_id: int) -> None:
        return None

    def close(self) -> None:
        return None


def test_an_upload_stored_but_never_queued_is_imported_when_a_worker_starts(
    pg_store: Store, make_runner: MakeRunner, tmp_path: Path
) -> None:
    runner = make_runner(pg_store, "Lou")
    with FIT.open("rb") as sent:
        job = jobs.submit_upload(pg_store, LostQueue(), runner, [(FIT.name, sent)])
    assert job.status == "queued"
    with working(db_url(pg_store), tmp_path) as worker:
        deadline = time.monotonic() + 120
        while not (done := jobs.job_of(pg_store, runner, job.id)).finished:
            assert time.monotonic() < deadline, worker.output()
            time.sleep(0.1)
    assert done.status == "done"
    assert [(r.source, r.status) for r in done.results] == [(FIT.name, "imported")]


def test_a_worker_in_this_process_imports_what_a_server_queued(
    pg_store: Store, make_runner: MakeRunner
) -> None:
    """The queue and the worker as functions (``achilles serve`` and ``achilles worker`` call
    them): a job deferred to procrastinate is taken and run; ``wait=False`` returns once the
    queue is empty."""
    runner = make_runner(pg_store, "Mo")
    queue = PostgresQueue(pg_store)
    try:
        with FIT.open("rb") as sent:
            job = jobs.submit_upload(pg_store, queue, runner, [(FIT.name, sent)])
    finally:
        queue.close()
    run_worker(pg_store, wait=False)
    done = jobs.job_of(pg_store, runner, job.id)
    assert done.status == "done"
    assert [(r.source, r.status) for r in done.results] == [(FIT.name, "imported")]
