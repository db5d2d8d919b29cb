"""Uploads are imported in the background: the request returns at once with a job, the page
polls it, and the finished job says what became of each file. Only its runner sees it."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from achillescare.demo.clinic import DEMO_PASSWORD
from achillescare.services import jobs
from achillescare.services.accounts import own_runner
from achillescare.services.accounts import sign_in as service_sign_in
from achillescare.services.jobs import InProcessQueue, run_import_job
from achillescare.storage.db import Store
from achillescare.storage.repos import import_jobs as jobs_repo
from achillescare.web import create_app
from tests.conftest import TEST_DATA, corpus_dir
from tests.uploads import api_import
from tests.web.conftest import RUNNER_EMAILS, SignIn, runner_id

RUN = TEST_DATA / "fit" / "fitparse__garmin-fenix-5-run.fit"
WALK = TEST_DATA / "fit" / "fitparse__garmin-fenix-5-walk.fit"
SETTINGS = TEST_DATA / "fit" / "fitparse__Settings.fit"


class HeldQueue:
    """A job queue whose jobs run only when the test releases them: what the page and the API
    say between the upload and the import is then certain, not a race."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.held: list[int] = []

    def submit(self, job_id: int, runner_id: int) -> None:
        self.held.append(job_id)

    def release(self) -> None:
        for job_id in self.held:
            run_import_job(self.store, job_id)
        self.held.clear()

    def close(self) -> None:
        self.held.clear()


@pytest.fixture
def held(clinic_store: Store) -> HeldQueue:
    return HeldQueue(clinic_store)


@pytest.fixture
def held_client(clinic_store: Store, held: HeldQueue) -> Iterator[TestClient]:
    """The demo's rehab runner, signed in to an app whose uploads wait in :class:`HeldQueue`."""
    with TestClient(create_app(clinic_store, demo=True, jobs=held)) as client:
        signed = client.post(
            "/api/v1/auth/signin",
            json={"email": RUNNER_EMAILS["rehab"], "password": DEMO_PASSWORD},
        )
        assert signed.status_code == 200, signed.text
        yield client


def files(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


def activity_count(client: TestClient) -> int:
    total = client.get(f"/api/v1/runners/{runner_id(client)}/activities").json()["total"]
    assert isinstance(total, int)
    return total


class TestTheUploadPage:
    def test_it_answers_before_the_import_and_polls_the_job_until_each_file_has_its_result(
        self, held_client: TestClient, held: HeldQueue
    ) -> None:
        before = activity_count(held_client)
        sent = held_client.post(
            "/upload", files=files(RUN, WALK, SETTINGS), headers={"hx-request": "true"}
        )
        assert sent.status_code == 202
        assert held.held, "the job is queued"
        assert activity_count(held_client) == before  # nothing imported yet
        polling = re.search(r'hx-get="(/upload/jobs/\d+)" hx-trigger="every 1s"', sent.text)
        assert polling is not None, sent.text
        waiting = held_client.get(polling.group(1), headers={"hx-request": "true"}).text
        assert "0 of 3 files done" in waiting
        assert "Waiting to start" in waiting
        held.release()
        done = held_client.get(polling.group(1), headers={"hx-request": "true"}).text
        assert "hx-trigger" not in done  # the polling stops
        assert "Imported 2 activities from 3 files" in done
        rows = re.findall(r'<tr class="outcome-(\w+)"><td class="file">([^<]+)</td>', done)
        assert ("imported", RUN.name) in rows
        assert ("imported", WALK.name) in rows
        assert ("skipped", SETTINGS.name) in rows
        assert activity_count(held_client) == before + 2

    def test_without_javascript_the_post_leads_to_the_jobs_own_page(
        self, held_client: TestClient, held: HeldQueue
    ) -> None:
        sent = held_client.post("/upload", files=files(RUN))
        assert re.search(r"/upload/jobs/\d+$", str(sent.url)), sent.url
        assert "<html" in sent.text
        assert "0 of 1 file done" in sent.text
        held.release()
        assert "Imported 1 activity from 1 file" in held_client.get(str(sent.url)).text


class TestTheApi:
    def test_an_upload_answers_202_with_its_location_then_the_result_per_file(
        self, held_client: TestClient, held: HeldQueue
    ) -> None:
        owner = runner_id(held_client)
        sent = held_client.post(f"/api/v1/runners/{owner}/imports", files=files(RUN, SETTINGS))
        assert sent.status_code == 202
        job = sent.json()
        assert job["status"] == "queued"
        assert job["result"] is None
        assert (job["files_total"], job["files_done"], job["imported"]) == (2, 0, 0)
        assert sent.headers["location"] == f"/api/v1/runners/{owner}/imports/{job['id']}"
        held.release()
        finished = held_client.get(sent.headers["location"]).json()
        assert finished["status"] == "done"
        assert (finished["files_done"], finished["imported"]) == (2, 1)
        result = finished["result"]
        assert result["files"] == 2
        assert [a["sport"] for a in result["imported"]] == ["running"]
        by_file = {(o["source"], o["status"]) for o in result["outcomes"]}
        assert {(RUN.name, "imported"), (SETTINGS.name, "skipped")} <= by_file

    def test_a_name_that_is_no_file_name_is_a_result_not_a_file_to_import(
        self, held_client: TestClient, held: HeldQueue
    ) -> None:
        owner = runner_id(held_client)
        parts = [("files", ("..", RUN.read_bytes(), "application/octet-stream"))]
        job = held_client.post(f"/api/v1/runners/{owner}/imports", files=parts).json()
        assert (job["files_total"], job["files_done"]) == (1, 1)
        held.release()
        result = held_client.get(f"/api/v1/runners/{owner}/imports/{job['id']}").json()["result"]
        assert [(o["source"], o["status"]) for o in result["outcomes"]] == [("..", "skipped")]


def test_only_the_runner_who_sent_an_upload_sees_its_import(sign_in: SignIn) -> None:
    rehab = sign_in("rehab")
    owner = runner_id(rehab)
    sent = rehab.post(f"/api/v1/runners/{owner}/imports", files=files(RUN))
    job_id = api_import(rehab, sent)["id"]
    steady = sign_in("steady")
    assert steady.get(f"/upload/jobs/{job_id}").status_code == 404
    assert steady.get(f"/api/v1/runners/{runner_id(steady)}/imports/{job_id}").status_code == 404
    assert steady.get(f"/api/v1/runners/{owner}/imports/{job_id}").status_code == 403
    physio = sign_in("physio")  # linked to rehab: reads their data, not their uploads
    assert physio.get(f"/api/v1/runners/{owner}/imports/{job_id}").status_code == 403
    assert rehab.get(f"/upload/jobs/{job_id}").status_code == 200


def test_the_servers_own_thread_imports_real_watch_files_and_an_export(sign_in: SignIn) -> None:
    """SQLite's in-process worker on files from the shared corpus: every file sent gets its
    lines, the upload's answer comes before the import is done, the activities are listed."""
    fit = corpus_dir("fit")
    sent_files = [
        fit / "fitparse__activity-small-fenix2-run.fit",
        fit / "fitparse__garmin-fenix-5-run.fit",
        fit / "fitparse__garmin-fenix-5-walk.fit",
        fit / "fitparse__Settings.fit",
        fit / "fitparse__activity-unexpected-eof.fit",
        corpus_dir("exports") / "fittrackee__gpx_test_folder.zip",
    ]
    client = sign_in("steady")
    owner = runner_id(client)
    before = activity_count(client)
    started = time.perf_counter()
    sent = client.post(f"/api/v1/runners/{owner}/imports", files=files(*sent_files))
    answered_s = time.perf_counter() - started
    assert sent.json()["status"] in {"queued", "running"}
    job = api_import(client, sent)
    imported_s = time.perf_counter() - started
    assert job["status"] == "done", job
    assert job["files_done"] == job["files_total"] == len(sent_files)
    outcomes = job["result"]["outcomes"]
    for path in sent_files:
        assert any(o["source"].startswith(path.name) for o in outcomes), (path.name, outcomes)
    assert any(o["source"] == "fittrackee__gpx_test_folder.zip!folder/test_1.gpx" for o in outcomes)
    imported = job["result"]["imported"]
    assert len(imported) == job["imported"] >= 4
    assert activity_count(client) == before + len(imported)
    assert answered_s < imported_s
    print(f"answered in {answered_s:.3f} s, imported in {imported_s:.3f} s")


def test_a_job_a_stopped_server_left_unfinished_is_done_at_the_next_start(
    clinic_store: Store, held: HeldQueue
) -> None:
    """A job queued, and one a worker had started when the server stopped: the next server's
    queue takes both up, and each file gets its result once."""
    now = datetime.now(UTC)
    user = service_sign_in(clinic_store, RUNNER_EMAILS["rehab"], DEMO_PASSWORD, "127.0.0.1", now)
    runner = own_runner(clinic_store, user)
    with RUN.open("rb") as run, WALK.open("rb") as walk:
        queued = jobs.submit_upload(clinic_store, held, runner, [(RUN.name, run)])
        cut = jobs.submit_upload(clinic_store, held, runner, [(WALK.name, walk)])
    with clinic_store.session() as session:
        assert jobs_repo.start(session, cut.id)  # its worker stopped mid-way
    queue = InProcessQueue(clinic_store)
    assert queue.resume() == 2
    deadline = time.monotonic() + 60
    while not all(jobs.job_of(clinic_store, runner, j.id).finished for j in (queued, cut)):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    queue.close()
    for job, name in ((queued, RUN.name), (cut, WALK.name)):
        done = jobs.job_of(clinic_store, runner, job.id)
        assert done.status == "done"
        assert [(r.source, r.status) for r in done.results] == [(name, "imported")]
    assert jobs.job_of(clinic_store, runner, cut.id).attempts == 2
