"""Hostile watch files uploaded to the real ``achilles serve`` process: the server stays up,
each file gets one clear result, and the upload folder is deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.conftest import TEST_DATA
from tests.importers.crafted import with_time
from tests.serving import serving

KORITA = TEST_DATA / "gpx" / "gpxpy__korita-zbevnica.gpx"
CERKNICA = TEST_DATA / "gpx" / "gpxpy__cerknicko-jezero.gpx"


def signed_up(client: httpx.Client) -> int:
    response = client.post(
        "/api/v1/auth/signup",
        json={"email": "ana@example.org", "password": "a long password", "name": "Ana"},
    )
    assert response.status_code == 201, response.text
    runner_id = response.json()["runner_id"]
    assert isinstance(runner_id, int)
    return runner_id


def upload(client: httpx.Client, runner_id: int, files: dict[str, bytes]) -> httpx.Response:
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files.items()]
    return client.post(f"/api/v1/runners/{runner_id}/imports", files=parts)


def outcomes_of(result: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for outcome in result["outcomes"]:
        found.setdefault(outcome["source"], []).append((outcome["status"], outcome["detail"]))
    return found


def test_gpx_with_one_unparseable_time_uploaded_keeps_the_server_up_and_no_upload_folder(
    tmp_path: Path,
) -> None:
    uploads = tmp_path / "server-tmp"
    uploads.mkdir()
    crafted = with_time(KORITA.read_bytes(), b"not-a-time", at=300)
    with (
        serving(tmp_path / "a.db", tmp_path, env={"TMPDIR": str(uploads)}) as server,
        httpx.Client(base_url=server.url, timeout=120) as client,
    ):
        runner_id = signed_up(client)
        response = upload(
            client, runner_id, {"bad.gpx": crafted, "good.gpx": CERKNICA.read_bytes()}
        )
        assert server.process.poll() is None, server.output()
        assert response.status_code == 200, response.text
        found = outcomes_of(response.json())
        assert ("imported", "other") in found["bad.gpx"]
        assert (
            "warning",
            "1 of 871 points have a time that is not a date (e.g. 'not-a-time') and were left out",
        ) in found["bad.gpx"]
        assert found["good.gpx"] == [("imported", "other")]
        assert client.get("/api/v1/me").status_code == 200  # still serving
    assert list(uploads.iterdir()) == []
