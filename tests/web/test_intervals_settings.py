"""The Settings page's intervals.icu section, against the fake intervals.icu on 127.0.0.1: paste a
key (a wrong one is refused in words), fetch now (a background job whose page shows each run),
see the wellness figures on the timeline, unlink; the page stays plain words throughout."""

from __future__ import annotations

import re
from datetime import timedelta

from achillescare.web.auth import server_today
from tests.fakes.intervals import API_KEY, ATHLETE_ID, FakeIntervals, strava_stub, wellness_day
from tests.uploads import page_import
from tests.web.conftest import SignIn
from tests.web.test_plain_words import COMMAND, INTERNALS, UNROUNDED, _words


def _plain(html: str) -> str:
    text = _words(html)
    for pattern in (INTERNALS, UNROUNDED, COMMAND):
        assert not pattern.findall(text), pattern.findall(text)[:3]
    return text


def test_a_runner_links_fetches_and_unlinks_from_the_settings_page(
    sign_in: SignIn, fake_intervals: FakeIntervals
) -> None:
    yesterday = server_today() - timedelta(days=1)
    fake_intervals.activities = [strava_stub("15551234", f"{yesterday}T07:30:00")]
    fake_intervals.wellness = [
        wellness_day(yesterday.isoformat(), restingHR=48, hrv=70.2, sleepSecs=27900)
    ]
    client = sign_in("steady")
    page = _plain(client.get("/settings").text)
    assert "Link intervals.icu" in page

    refused = client.post("/settings/intervals", data={"api_key": "wrong", "athlete_id": ""})
    assert refused.status_code == 400
    assert "intervals.icu refused the API key" in _plain(refused.text)

    linked = client.post("/settings/intervals", data={"api_key": API_KEY, "athlete_id": ""})
    assert linked.status_code == 200
    text = _plain(linked.text)
    assert f"Linked to intervals.icu athlete {ATHLETE_ID}." in text
    assert "Not synced yet." in text

    started = client.post("/settings/intervals/sync")  # a job: its page, at once
    assert started.status_code == 200
    assert started.url.path.startswith("/upload/jobs/")
    synced = _plain(page_import(client, started))
    assert "Imported 0 activities from intervals.icu" in synced
    assert (
        "intervals.icu 15551234 skipped STRAVA activities are not available via the API" in synced
    )
    settings = _plain(client.get("/settings").text)
    assert re.search(r"Last sync: \d\d \w{3} \d{4} at \d\d:\d\d", settings)

    timeline = client.get("/timeline").text
    assert "Sleep and resting heart rate (from intervals.icu)" in timeline
    assert (
        "1 day with figures from intervals.icu. On average: sleep 7.8 hours, resting heart rate 48 bpm."
        in timeline
    )

    unlinked = _plain(client.post("/settings/intervals/unlink").text)
    assert "Unlinked from intervals.icu." in unlinked
    assert "Link intervals.icu" in unlinked


def test_a_key_revoked_since_the_link_is_shown_until_a_new_one_is_pasted(
    sign_in: SignIn, fake_intervals: FakeIntervals
) -> None:
    client = sign_in("spike")
    assert client.post("/settings/intervals", data={"api_key": API_KEY}).status_code == 200
    fake_intervals.api_key = "made-anew"
    failed = _plain(page_import(client, client.post("/settings/intervals/sync")))
    assert "intervals.icu refused the API key" in failed
    text = _plain(client.get("/settings").text)
    assert "intervals.icu refused your API key at the last sync" in text
    again = _plain(client.post("/settings/intervals", data={"api_key": "made-anew"}).text)
    assert "refused your API key" not in again
