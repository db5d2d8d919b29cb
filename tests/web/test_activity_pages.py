"""An activity's page and the paged activity list, on the demo clinic's stored runs and on real
FIT files uploaded through the app: what the page and its JSON twin say, who may see and
change it, and that a change on the page moves the decision at once."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.uploads import page_import
from tests.web.conftest import SignIn, runner_id
from tests.web.test_activity_edits import activities, longest_recent_run, spike_status, today
from tests.web.test_pages import RUN, upload


def details(client: TestClient, owner: int, activity_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/runners/{owner}/activities/{activity_id}/details")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def hilly_run(client: TestClient, owner: int) -> dict[str, Any]:
    return next(a for a in activities(client, owner) if a["name"] == "Hilly run")


class TestTheActivityDetails:
    def test_a_demo_run_has_its_splits_charts_and_features_beside_the_usual(
        self, sign_in: SignIn
    ) -> None:
        """A stored run's totals, one split per km (the last one shorter), both profiles with a
        sentence each, and uphill/fast/strides compared with the 90 days before."""
        steady = sign_in("steady")
        owner = runner_id(steady)
        run = hilly_run(steady, owner)
        view = details(steady, owner, run["id"])
        assert view["title"] == "Hilly run"
        assert view["source_text"] == "Made up for the demo"
        assert view["split_unit"] == "km"
        splits = view["splits"]
        assert len(splits) == math.ceil(run["distance_m"] / 1000 - 0.05)
        assert sum(s["distance_m"] for s in splits) == pytest.approx(run["distance_m"], abs=60)
        assert sum(s["moving_s"] for s in splits) <= run["moving_s"] + 1
        assert all(s["pace_text"].endswith("/km") for s in splits)
        assert {c["name"] for c in view["charts"]} == {"elevation", "pace"}
        for chart in view["charts"]:
            assert chart["summary"].endswith(".")
            assert chart["spec"]["data"]["values"]
        by_id = {f["id"]: f for f in view["features"]}
        assert set(by_id) == {"uphill", "fast", "strides"}
        uphill = by_id["uphill"]
        assert uphill["usual_runs"] > 10
        assert uphill["text"].startswith("Uphill: ")
        # the hilly run climbs where the steady runner's other runs are flat
        assert uphill["value"] > 500
        assert "usual" in uphill["text"]

    def test_an_uploaded_fit_run_names_its_file_and_has_splits_in_miles(
        self, sign_in: SignIn
    ) -> None:
        """A real watch file: the source in words, splits per mile for a runner in miles."""
        rehab = sign_in("rehab")
        owner = runner_id(rehab)
        sent = rehab.post("/upload", files=upload(rehab, RUN))
        assert "Imported 1 activity" in page_import(rehab, sent)
        saved = rehab.post("/settings", data={"units": "mi"})
        assert saved.status_code == 200
        uploaded = next(a for a in activities(rehab, owner) if a["source"] == RUN.name)
        view = details(rehab, owner, uploaded["id"])
        assert view["source_text"] == f"From the FIT file {RUN.name}"
        assert view["split_unit"] == "mi"
        assert view["splits"]
        assert all(s["pace_text"].endswith("/mi") for s in view["splits"])
        assert view["distance_text"].endswith(" mi")
        assert view["activity"]["start_local"].startswith("2017")
        page = rehab.get(f"/activities/{uploaded['id']}")
        assert page.status_code == 200
        assert f"From the FIT file {RUN.name}" in page.text
        assert "Splits per mile" in page.text

    def test_the_page_shows_what_the_json_says(self, sign_in: SignIn) -> None:
        steady = sign_in("steady")
        owner = runner_id(steady)
        run = hilly_run(steady, owner)
        view = details(steady, owner, run["id"])
        page = steady.get(f"/activities/{run['id']}")
        assert page.status_code == 200
        text = page.text.replace("&#39;", "'")
        for expected in (view["when_text"], view["pace_text"], view["elevation_text"]):
            assert expected in text
        for feature in view["features"]:
            assert feature["text"].replace('"', "&#34;") in text or feature["text"] in text
        for chart in view["charts"]:
            assert chart["summary"] in text
        assert text.count('<tr><th scope="row">') == len(view["splits"])
        assert f'action="/activities/{run["id"]}/edit"' in text


class TestWhoSeesIt:
    def test_the_specialist_reads_a_shared_runners_activity_without_changes(
        self, sign_in: SignIn
    ) -> None:
        steady = sign_in("steady")
        owner = runner_id(steady)
        run = hilly_run(steady, owner)
        physio = sign_in("physio")
        view = details(physio, owner, run["id"])
        assert view["can_edit"] is False
        page = physio.get(f"/clinic/runners/{owner}/activities/{run['id']}")
        assert page.status_code == 200
        assert "Hilly run" in page.text
        assert "/edit" not in page.text
        assert "Delete this activity" not in page.text
        listed = physio.get(f"/clinic/runners/{owner}")
        assert f'href="/clinic/runners/{owner}/activities/{run["id"]}"' in listed.text

    def test_another_runner_gets_no_page_of_it(self, sign_in: SignIn) -> None:
        steady = sign_in("steady")
        run = hilly_run(steady, runner_id(steady))
        spike = sign_in("spike")
        assert spike.get(f"/activities/{run['id']}").status_code == 404
        api = f"/api/v1/runners/{runner_id(steady)}/activities/{run['id']}/details"
        assert spike.get(api).status_code == 403


class TestTheList:
    def test_it_is_paged_sorted_and_filtered_with_links_that_keep_both(
        self, sign_in: SignIn
    ) -> None:
        steady = sign_in("steady")
        owner = runner_id(steady)
        everything = activities(steady, owner)
        api = f"/api/v1/runners/{owner}/activities"
        first = steady.get(api, params={"sort": "distance", "order": "asc", "limit": 10}).json()
        assert first["total"] == len(everything)
        assert first["pages"] == math.ceil(len(everything) / 10)
        distances = [a["distance_m"] for a in first["activities"]]
        assert distances == sorted(distances)
        assert distances[0] == min(a["distance_m"] for a in everything)
        assert "sort=distance" in first["next_url"]
        assert "order=asc" in first["next_url"]
        second = steady.get(first["next_url"]).json()
        assert second["page"] == 2
        assert second["activities"][0]["distance_m"] >= distances[-1]
        longest = steady.get(api, params={"sort": "duration", "limit": 1}).json()["activities"]
        assert longest[0]["moving_s"] == max(a["moving_s"] for a in everything)
        runs = steady.get(api, params={"sport": "running", "limit": 1000}).json()
        assert runs["total"] == sum(a["sport"] == "running" for a in everything)
        assert runs["sports"] == sorted({a["sport"] for a in everything})

    def test_the_page_links_each_row_to_its_activity_and_keeps_the_filter(
        self, sign_in: SignIn
    ) -> None:
        steady = sign_in("steady")
        page = steady.get("/activities", params={"sort": "distance", "limit": 5, "page": 2})
        assert page.status_code == 200
        rows = re.findall(r'<a href="/activities/(\d+)">', page.text)
        assert len(rows) == 5
        assert 'href="/activities?sort=distance&amp;order=desc&amp;limit=5&amp;page=3"' in page.text
        assert 'aria-sort="descending"' in page.text

    def test_a_bad_sport_or_order_is_refused(self, sign_in: SignIn) -> None:
        steady = sign_in("steady")
        owner = runner_id(steady)
        api = f"/api/v1/runners/{owner}/activities"
        assert steady.get(api, params={"sport": "quidditch"}).status_code == 400
        assert steady.get(api, params={"sort": "pace"}).status_code == 422
        assert steady.get("/activities", params={"page": 0}).status_code == 422


class TestChangesOnThePage:
    def test_sport_and_name_are_changed_and_a_bad_sport_is_refused(self, sign_in: SignIn) -> None:
        steady = sign_in("steady")
        owner = runner_id(steady)
        run = hilly_run(steady, owner)
        url = f"/activities/{run['id']}"
        saved = steady.post(
            f"{url}/edit",
            data={"sport": "trail_running", "name": "Hills <3"},
            follow_redirects=False,
        )
        assert saved.status_code == 303
        assert saved.headers["location"] == url
        view = details(steady, owner, run["id"])
        assert view["activity"]["sport"] == "trail_running"
        assert view["title"] == "Hills <3"
        assert "Hills &lt;3" in steady.get(url).text
        refused = steady.post(f"{url}/edit", data={"sport": "quidditch", "name": "x"})
        assert refused.status_code == 422
        assert "is not one of" in refused.text
        assert details(steady, owner, run["id"])["title"] == "Hills <3"

    def test_leaving_the_spike_run_out_from_its_page_moves_the_decision_at_once(
        self, sign_in: SignIn
    ) -> None:
        spike = sign_in("spike")
        owner = runner_id(spike)
        assert spike_status(today(spike, owner)) == "high"
        run = longest_recent_run(spike, owner)
        left_out = spike.post(
            f"/activities/{run['id']}/load",
            data={"count": "no", "reason": "GPS glitch", "back": "page"},
            follow_redirects=False,
        )
        assert left_out.headers["location"] == f"/activities/{run['id']}"
        assert spike_status(today(spike, owner)) != "high"
        assert "Left out of the load: GPS glitch" in spike.get(f"/activities/{run['id']}").text
        spike.post(f"/activities/{run['id']}/load", data={"count": "yes", "back": "page"})
        assert spike_status(today(spike, owner)) == "high"
        deleted = spike.post(f"/activities/{run['id']}/delete", follow_redirects=False)
        assert deleted.headers["location"] == "/activities"
        assert spike_status(today(spike, owner)) != "high"
        assert spike.get(f"/activities/{run['id']}").status_code == 404
