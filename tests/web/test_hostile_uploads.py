"""Hostile watch files uploaded to the real ``achilles serve`` process: the server stays up,
each file gets one clear result, and the upload folder is deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import TEST_DATA
from tests.importers.crafted import hostile_batch, with_time
from tests.serving import serving
from tests.uploads import api_import

KORITA = TEST_DATA / "gpx" / "gpxpy__korita-zbevnica.gpx"
CERKNICA = TEST_DATA / "gpx" / "gpxpy__cerknicko-jezero.gpx"


def signed_up(client: httpx.Client) -> int:
    """Sign a runner up and in; the runner's id."""
    account = {"email": "ana@example.org", "password": "a long password", "name": "Ana"}
    response = client.post("/api/v1/auth/signup", json=account)
    assert response.status_code in (201, 202), response.text
    response = client.post(
        "/api/v1/auth/signin", json={"email": account["email"], "password": account["password"]}
    )
    assert response.status_code == 200, response.text
    runner_id = response.json()["runner_id"]
    assert isinstance(runner_id, int)
    return runner_id


def upload(client: httpx.Client, runner_id: int, files: dict[str, bytes]) -> dict[str, Any]:
    """The finished import of the files: what became of each."""
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files.items()]
    job = api_import(client, client.post(f"/api/v1/runners/{runner_id}/imports", files=parts))
    assert job["status"] == "done", job
    result: dict[str, Any] = job["result"]
    return result


def outcomes_of(result: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for outcome in result["outcomes"]:
        found.setdefault(outcome["source"], []).append((outcome["status"], outcome["detail"]))
    return found


def test_gpx_with_one_unparseable_time_uploaded_keeps_the_server_up_and_no_upload_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uploads = tmp_path / "server-tmp"
    uploads.mkdir()
    monkeypatch.setenv("TMPDIR", str(uploads))  # where the server saves uploads
    crafted = with_time(KORITA.read_bytes(), b"not-a-time", at=300)
    with (
        serving(tmp_path / "a.db", tmp_path) as server,
        httpx.Client(base_url=server.url, timeout=120) as client,
    ):
        runner_id = signed_up(client)
        result = upload(client, runner_id, {"bad.gpx": crafted, "good.gpx": CERKNICA.read_bytes()})
        assert server.process.poll() is None, server.output()
        found = outcomes_of(result)
        assert ("imported", "other") in found["bad.gpx"]
        assert (
            "warning",
            "1 of 871 points have a time that is not a date (e.g. 'not-a-time') and were left out",
        ) in found["bad.gpx"]
        assert found["good.gpx"] == [("imported", "other")]
        assert client.get("/api/v1/me").status_code == 200  # still serving
    assert list(uploads.iterdir()) == []


def test_unhandled_time_values_uploaded_give_each_file_one_result_not_a_500(
    tmp_path: Path,
) -> None:
    batch = hostile_batch(tmp_path)
    with (
        serving(tmp_path / "b.db", tmp_path) as server,
        httpx.Client(base_url=server.url, timeout=120) as client,
    ):
        runner_id = signed_up(client)
        result = upload(client, runner_id, {name: p.read_bytes() for name, p in batch.items()})
        found = outcomes_of(result)
        results = {
            source: [status for status, _ in outcomes if status != "warning"]
            for source, outcomes in found.items()
        }
        expected = [n for n in batch if n != "runs.csv"] + ["runs.csv row 2", "runs.csv row 3"]
        assert sorted(results) == sorted(expected)
        assert all(len(statuses) == 1 for statuses in results.values()), results
        assert found["runs.csv row 3"] == [
            ("failed", "row 3: date '0001-01-01T00:00:00+02:00' is outside the years 1–9999")
        ]
    assert "Traceback" not in server.output()
