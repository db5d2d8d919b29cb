"""A runner corrects their history in the web app and API: deletes an activity, leaves one out
of the load (with a reason) or counts it again; the decision and signals follow at once. Only
the runner changes their activities; a linked specialist reads them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import SignIn, runner_id


def activities(client: TestClient, owner: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/runners/{owner}/activities", params={"limit": 1000})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["activities"]
    return found


def today(client: TestClient, owner: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/runners/{owner}/today")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def spike_status(view: dict[str, Any]) -> str:
    return str(next(s["status"] for s in view["signals"] if s["id"] == "single_run_spike"))


def longest_recent_run(client: TestClient, owner: int) -> dict[str, Any]:
    runs = [a for a in activities(client, owner)[:7] if a["is_run"]]
    return max(runs, key=lambda a: a["distance_m"])


class TestTheLoadFollows:
    def test_leaving_out_the_spike_run_clears_the_spike_at_once_and_counting_it_brings_it_back(
        self, sign_in: SignIn
    ) -> None:
        spike = sign_in("spike")
        owner = runner_id(spike)
        assert spike_status(today(spike, owner)) == "high"
        run = longest_recent_run(spike, owner)
        url = f"/api/v1/runners/{owner}/activities/{run['id']}"
        left_out = spike.patch(url, json={"excluded_reason": "GPS glitch"})
        assert left_out.status_code == 200, left_out.text
        assert left_out.json()["excluded_reason"] == "GPS glitch"
        after = today(spike, owner)
        assert spike_status(after) != "high"
        assert all(r["rule"] != "single_run_spike" for r in after["decision"].get("reasons", []))
        assert spike.patch(url, json={"excluded_reason": None}).status_code == 200
        assert spike_status(today(spike, owner)) == "high"

    def test_deleting_the_spike_run_clears_the_spike_and_the_run_is_gone(
        self, sign_in: SignIn
    ) -> None:
        spike = sign_in("spike")
        owner = runner_id(spike)
        run = longest_recent_run(spike, owner)
        url = f"/api/v1/runners/{owner}/activities/{run['id']}"
        assert spike.delete(url).status_code == 204
        assert spike.get(url).status_code == 404
        assert run["id"] not in {a["id"] for a in activities(spike, owner)}
        assert spike_status(today(spike, owner)) != "high"
        assert spike.delete(url).status_code == 404


class TestWhoMayChange:
    def test_a_linked_specialist_reads_an_activity_but_cannot_change_it(
        self, sign_in: SignIn
    ) -> None:
        spike = sign_in("spike")
        owner = runner_id(spike)
        run = longest_recent_run(spike, owner)
        url = f"/api/v1/runners/{owner}/activities/{run['id']}"
        physio = sign_in("physio")
        assert physio.get(url).json()["distance_m"] == run["distance_m"]
        assert physio.patch(url, json={"excluded_reason": "no"}).status_code == 403
        assert physio.delete(url).status_code == 403
        assert spike.get(url).json()["excluded_reason"] is None

    def test_another_runners_activity_is_not_found_under_ones_own_id(self, sign_in: SignIn) -> None:
        spike = sign_in("spike")
        run = longest_recent_run(spike, runner_id(spike))
        steady = sign_in("steady")
        mine = f"/api/v1/runners/{runner_id(steady)}/activities/{run['id']}"
        assert steady.get(mine).status_code == 404
        assert steady.patch(mine, json={"name": "mine now"}).status_code == 404
        assert steady.delete(mine).status_code == 404
        theirs = f"/api/v1/runners/{runner_id(spike)}/activities/{run['id']}"
        assert spike.get(theirs).json()["name"] == run["name"]

    def test_bad_changes_are_refused_with_a_reason_and_nothing_changes(
        self, sign_in: SignIn
    ) -> None:
        spike = sign_in("spike")
        owner = runner_id(spike)
        run = longest_recent_run(spike, owner)
        url = f"/api/v1/runners/{owner}/activities/{run['id']}"
        for body, words in (
            ({"sport": "unicycling", "name": "x"}, "is not one of"),
            ({"excluded_reason": "   "}, "give a reason"),
            ({}, "nothing to change"),
        ):
            response = spike.patch(url, json=body)
            assert response.status_code == 400, response.text
            assert words in response.json()["detail"]
        assert spike.get(url).json() == run


class TestTheActivitiesPage:
    def test_a_run_is_left_out_counted_again_and_deleted_without_javascript(
        self, sign_in: SignIn
    ) -> None:
        spike = sign_in("spike")
        owner = runner_id(spike)
        run = longest_recent_run(spike, owner)
        page = spike.get("/activities")
        assert f'action="/activities/{run["id"]}/delete"' in page.text
        left_out = spike.post(
            f"/activities/{run['id']}/load",
            data={"count": "no", "reason": "watch <b>glitch</b>"},
            follow_redirects=False,
        )
        assert left_out.status_code == 303
        page = spike.get("/activities")
        assert "Left out of the load: watch &lt;b&gt;glitch&lt;/b&gt;" in page.text
        counted = spike.post(f"/activities/{run['id']}/load", data={"count": "yes"})
        assert counted.status_code == 200
        assert "Left out of the load:" not in counted.text
        deleted = spike.post(f"/activities/{run['id']}/delete", follow_redirects=False)
        assert deleted.status_code == 303
        assert f"/activities/{run['id']}/delete" not in spike.get("/activities").text

    def test_an_empty_reason_is_refused_on_the_page_and_nothing_changes(
        self, sign_in: SignIn
    ) -> None:
        spike = sign_in("spike")
        owner = runner_id(spike)
        run = longest_recent_run(spike, owner)
        refused = spike.post(f"/activities/{run['id']}/load", data={"count": "no", "reason": " "})
        assert refused.status_code == 422
        assert "<title>Error: Activities" in refused.text
        assert "give a reason" in refused.text
        assert spike.get(f"/api/v1/runners/{owner}/activities/{run['id']}").json() == run

    def test_with_htmx_the_row_is_swapped_or_removed(self, sign_in: SignIn) -> None:
        spike = sign_in("spike")
        run = longest_recent_run(spike, runner_id(spike))
        htmx = {"HX-Request": "true"}
        row = spike.post(
            f"/activities/{run['id']}/load", data={"count": "no", "reason": "GPS"}, headers=htmx
        )
        assert row.status_code == 200
        assert row.text.lstrip().startswith(
            f'<tbody id="activity-{run["id"]}" class="activity left-out">'
        )
        assert "Count it again" in row.text
        refused = spike.post(
            f"/activities/{run['id']}/load", data={"count": "no", "reason": ""}, headers=htmx
        )
        assert 'role="alert"' in refused.text
        gone = spike.post(f"/activities/{run['id']}/delete", headers=htmx)
        assert (gone.status_code, gone.text) == (200, "")

    def test_a_cross_site_form_cannot_delete_and_a_specialist_has_no_such_page(
        self, sign_in: SignIn
    ) -> None:
        spike = sign_in("spike")
        owner = runner_id(spike)
        run = longest_recent_run(spike, owner)
        forged = spike.post(
            f"/activities/{run['id']}/delete", headers={"Sec-Fetch-Site": "cross-site"}
        )
        assert forged.status_code == 403
        physio = sign_in("physio")
        assert physio.post(f"/activities/{run['id']}/delete").status_code == 403
        assert spike.get(f"/api/v1/runners/{owner}/activities/{run['id']}").status_code == 200
