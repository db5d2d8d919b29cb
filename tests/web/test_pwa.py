"""The installable app's files and the check-in versions the offline queue relies on."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from achillescare.web.auth import server_today
from tests.web.conftest import SignIn, runner_id


class TestInstallable:
    def test_the_service_worker_is_served_from_the_root_and_always_revalidated(
        self, sign_in: SignIn
    ) -> None:
        """Served from /, it may control every page; no-cache lets a new version in at once."""
        client = sign_in("steady")
        response = client.get("/sw.js")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/javascript")
        assert response.headers["cache-control"] == "no-cache"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "caches.open" in response.text

    def test_the_manifest_names_the_app_its_start_and_its_icons(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        response = client.get("/manifest.webmanifest")
        assert response.headers["content-type"] == "application/manifest+json"
        manifest = json.loads(response.text)
        assert manifest["start_url"] == "/"
        for icon in manifest["icons"]:
            assert client.get(icon["src"]).status_code == 200

    def test_every_page_links_the_manifest_and_the_offline_script(self, sign_in: SignIn) -> None:
        page = sign_in("steady").get("/checkin").text
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page
        assert '<script src="/static/offline.js" defer></script>' in page


def form(day: str, pain: str) -> dict[str, str]:
    return {"side": "left", "morning_pain": pain, "ran": "no", "date": day}


class TestCheckInVersions:
    def test_a_form_sent_twice_is_stored_once(self, sign_in: SignIn) -> None:
        """An offline queue replaying a form that had already landed adds no version."""
        client = sign_in("steady")
        day = server_today().isoformat()
        url = f"/api/v1/runners/{runner_id(client)}/checkins/{day}/left"
        before = client.get(url).json()["versions"]
        for _ in range(2):
            sent = client.post("/checkin", data=form(day, "7"), follow_redirects=False)
            assert sent.status_code == 303
        after = client.get(url).json()["versions"]
        assert len(after) == len(before) + 1
        assert after[-1]["answers"]["morning_pain"] == 7
        client.post("/checkin", data=form(day, "6"), follow_redirects=False)
        assert [v["answers"]["morning_pain"] for v in client.get(url).json()["versions"]][-2:] == [
            7,
            6,
        ]

    def test_only_the_runner_and_their_specialists_read_the_versions(self, sign_in: SignIn) -> None:
        steady = sign_in("steady")
        day = server_today().isoformat()
        url = f"/api/v1/runners/{runner_id(steady)}/checkins/{day}/left"
        assert sign_in("physio").get(url).status_code == 200
        assert sign_in("spike").get(url).status_code == 403
        assert TestClient(steady.app).get(url).status_code == 401
