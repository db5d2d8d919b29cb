"""Shoes in the web app and the API: a runner adds pairs, puts runs in them, sees each run's
shoe on the activity list and the caution of a lower drop on Today; forms refuse bad answers
with one plain line; a linked specialist reads the shoes but cannot change them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import SignIn, runner_id


def shoes(client: TestClient, owner: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/runners/{owner}/shoes")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def recent_runs(client: TestClient, owner: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/runners/{owner}/activities", params={"limit": 1000})
    assert response.status_code == 200, response.text
    return [a for a in response.json()["activities"] if a["is_run"]]


class TestApi:
    def test_a_switch_to_a_lower_drop_shows_on_today_as_a_caution(self, sign_in: SignIn) -> None:
        steady = sign_in("steady")
        owner = runner_id(steady)
        base = f"/api/v1/runners/{owner}"
        high = steady.post(f"{base}/shoes", json={"name": "Daily", "drop_mm": 10})
        low = steady.post(f"{base}/shoes", json={"name": "Flat", "drop_mm": 4})
        assert (high.status_code, low.status_code) == (201, 201), low.text
        runs = recent_runs(steady, owner)  # newest first
        older, newest = [r["id"] for r in runs[1:6]], runs[0]["id"]
        for ids, shoe in ((older, high.json()["id"]), ([newest], low.json()["id"])):
            for one in ids:
                put = steady.put(f"{base}/activities/{one}/shoe", json={"shoe_id": shoe})
                assert put.status_code == 200, put.text
        assert put.json()["shoe"] == "Flat"
        listed = {s["name"]: s for s in shoes(steady, owner)["shoes"]}
        assert listed["Daily"]["activities"] == 5
        assert listed["Flat"]["distance_m"] == runs[0]["distance_m"]
        today = steady.get(f"{base}/today").json()
        [signal] = [s for s in today["signals"] if s["id"] == "shoe_change"]
        assert signal["status"] == "caution"
        assert "to Flat (4 mm)" in signal["explanation"]
        reasons = [r["text"] for r in today["decision"]["reasons"]]
        assert signal["explanation"] in reasons  # a caution among the reasons, never deciding
        page = steady.get("/activities").text
        assert "in Flat" in page

    def test_bad_values_are_refused_and_a_specialist_only_reads(self, sign_in: SignIn) -> None:
        runner = sign_in("spike")
        owner = runner_id(runner)
        base = f"/api/v1/runners/{owner}/shoes"
        refused = runner.post(base, json={"name": "Typo", "default_sports": ["rowboat"]})
        assert refused.status_code == 400  # the API's answer to InvalidInput
        assert "sport 'rowboat'" in refused.json()["detail"]
        added = runner.post(base, json={"name": "Daily"}).json()
        assert runner.post(base, json={"name": "daily"}).status_code == 409
        physio = sign_in("physio")
        assert [s["name"] for s in shoes(physio, owner)["shoes"]] == ["Daily"]
        assert physio.delete(f"{base}/{added['id']}").status_code == 403
        assert runner.delete(f"{base}/{added['id']}").status_code == 204
        assert shoes(runner, owner)["shoes"] == []


class TestPage:
    def test_a_pair_is_added_changed_retired_and_deleted_without_javascript(
        self, sign_in: SignIn
    ) -> None:
        steady = sign_in("steady")
        owner = runner_id(steady)
        form = {"name": "Pegasus", "brand": "Nike", "drop": "10", "reminder": "600",
                "default_for": "running"}  # fmt: skip
        added = steady.post("/shoes", data=form, follow_redirects=False)
        assert added.status_code == 303
        [shoe] = shoes(steady, owner)["shoes"]
        assert (shoe["reminder_m"], shoe["default_sports"]) == (600_000, ["running"])
        url = f"/shoes/{shoe['id']}"
        changed = steady.post(f"{url}/edit", data={**form, "drop": "8"}, follow_redirects=False)
        assert changed.status_code == 303
        assert shoes(steady, owner)["shoes"][0]["drop_mm"] == 8
        assert steady.post(f"{url}/retire", follow_redirects=False).status_code == 303
        assert shoes(steady, owner)["shoes"][0]["retired_on"] is not None
        page = steady.get("/shoes")
        assert page.status_code == 200
        assert "Retired on" in page.text
        assert steady.post(f"{url}/delete", follow_redirects=False).status_code == 303
        assert shoes(steady, owner)["shoes"] == []

    def test_a_run_is_put_in_a_shoe_from_the_activities_page(self, sign_in: SignIn) -> None:
        steady = sign_in("steady")
        owner = runner_id(steady)
        shoe = steady.post(f"/api/v1/runners/{owner}/shoes", json={"name": "Daily"}).json()
        page = steady.get("/activities").text
        assert '<option value="">no shoe</option>' in page
        run = recent_runs(steady, owner)[0]
        url = f"/activities/{run['id']}/shoe"
        moved = steady.post(url, data={"shoe_id": str(shoe["id"])}, follow_redirects=False)
        assert moved.status_code == 303
        assert recent_runs(steady, owner)[0]["shoe"] == "Daily"
        swapped = steady.post(url, data={"shoe_id": ""}, headers={"HX-Request": "true"})
        assert swapped.status_code == 200
        assert swapped.text.lstrip().startswith("<tbody")
        assert "in Daily" not in swapped.text
        assert recent_runs(steady, owner)[0]["shoe_id"] is None

    def test_a_bad_answer_comes_back_as_one_plain_line(self, sign_in: SignIn) -> None:
        steady = sign_in("steady")
        refused = steady.post("/shoes", data={"name": "Typo", "drop": "ten"})
        assert refused.status_code == 422
        assert "the drop must be a number, not &#39;ten&#39;" in refused.text
        too_high = steady.post("/shoes", data={"name": "Typo", "drop": "45"})
        assert too_high.status_code == 422
        assert "drop must be 0–30 mm, not 45 mm" in too_high.text
        assert 'value="Typo"' in too_high.text  # the answers are kept
