"""The timeline over a real Strava export: the page, the API and the CLI agree with the store."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from achillescare.cli.main import app as cli
from achillescare.domain.runner import Runner
from achillescare.services.accounts import sign_up
from achillescare.services.activities import list_activities
from achillescare.services.checkins import record_checkin
from achillescare.services.importing import import_paths
from achillescare.services.runners import resolve_runner
from achillescare.storage.db import Store, open_store
from achillescare.web import create_app
from tests.conftest import corpus_dir
from tests.web.conftest import SignIn, runner_id

EMAIL, PASSWORD = "tess@example.org", "a long enough passphrase 42"
HISTORY = {"from": "2022-01-01", "to": "2024-12-31"}


@pytest.fixture
def strava_runner(tmp_path: Path) -> Iterator[tuple[Store, Runner, Path]]:
    """A new runner account whose only data is the corpus Strava export (runs 2022–2024)."""
    export = corpus_dir("exports") / "sportiva__export.zip"
    path = tmp_path / "tess.db"
    store = open_store(str(path))
    sign_up(store, EMAIL, PASSWORD, "Tess", "runner")
    runner = resolve_runner(store, "Tess")
    report = import_paths(store, "Tess", [export])
    assert report.imported, "the corpus export should hold runs"
    record_checkin(
        store,
        runner,
        {"date": "2023-04-06", "side": "left", "morning_pain": 3, "morning_stiffness_min": 15},
        today=date(2023, 4, 6),
    )
    yield store, runner, path
    store.close()


def _client(store: Store) -> TestClient:
    client = TestClient(create_app(store))
    signed = client.post("/api/v1/auth/signin", json={"email": EMAIL, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    return client


def test_the_api_and_the_cli_give_the_same_rows_and_both_match_the_store(
    strava_runner: tuple[Store, Runner, Path],
) -> None:
    store, runner, path = strava_runner
    with _client(store) as client:
        api = client.get(f"/api/v1/runners/{runner.id}/timeline", params=HISTORY).json()
    result = CliRunner().invoke(
        cli,
        ["--db", str(path), "timeline", "--from", HISTORY["from"], "--to", HISTORY["to"], "--json"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == api
    per_day: dict[str, list[float]] = defaultdict(list)
    for activity in list_activities(store, runner):
        if activity.counts_for_load:
            per_day[activity.start_local.date().isoformat()].append(activity.distance_m)
    rows = {row["date"]: row for row in api["rows"]}
    assert len(rows) == (date(2024, 12, 31) - date(2022, 1, 1)).days + 1
    assert {d for d, row in rows.items() if row["runs"]} == set(per_day)
    for day, distances in per_day.items():
        assert rows[day]["runs"] == len(distances)
        assert rows[day]["distance_m"] == pytest.approx(sum(distances), abs=0.1)
    assert rows["2023-04-06"]["morning_pain"] == {"left": 3}
    assert rows["2023-04-06"]["morning_stiffness_min"] == {"left": 15}
    years = {day[:4] for day in per_day}
    assert years == {"2022", "2023", "2024"}


def test_without_a_range_an_old_history_opens_where_its_data_is(
    strava_runner: tuple[Store, Runner, Path],
) -> None:
    store, runner, _ = strava_runner
    with _client(store) as client:
        shown = client.get(f"/api/v1/runners/{runner.id}/timeline").json()
    assert shown["to"] < "2025-01-01"
    assert any(row["runs"] for row in shown["rows"])


def test_the_page_draws_the_chosen_range_and_says_what_it_leaves_out(
    strava_runner: tuple[Store, Runner, Path],
) -> None:
    store, _, _ = strava_runner
    with _client(store) as client:
        page = client.get("/timeline", params=HISTORY)
        empty = client.get("/timeline", params={"from": "2019-01-01", "to": "2019-02-01"})
        refused = client.get("/timeline", params={"from": "2024-02-01", "to": "2024-01-01"})
        moved = client.get("/charts", follow_redirects=False)
    assert page.status_code == 200
    assert 'id="spec-distance"' in page.text
    spec = json.loads(page.text.split('id="spec-distance">')[1].split("</script>")[0])
    assert {v["date"][:4] for v in spec["data"]["values"]} == {"2022", "2023", "2024"}
    assert spec["encoding"]["x"]["axis"]["tickCount"] == {"interval": "month", "step": 3}
    assert "No VISA-A or OSTRC questionnaire taken in this range." in page.text
    assert 'id="spec-distance"' not in empty.text
    assert "No runs in this range." in empty.text
    assert refused.status_code == 422
    assert "before it starts" in refused.text
    assert "validation error" not in refused.text
    assert moved.status_code == 307
    assert moved.headers["location"] == "/timeline"


def test_the_acwr_never_leaves_its_frame(sign_in: SignIn) -> None:
    client = sign_in("spike")
    page = client.get("/timeline", params={"range": "3m"}).text
    spec = json.loads(page.split('id="spec-acwr">')[1].split("</script>")[0])
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"][1] == 2.5
    assert all(v["shown"] <= 2.5 for v in spec["data"]["values"])
    assert all(v["clipped"] == (v["acwr"] > 2.5) for v in spec["data"]["values"])


def test_a_specialist_sees_a_shared_runner_and_nobody_else_does(sign_in: SignIn) -> None:
    spike = runner_id(sign_in("spike"))
    physio = sign_in("physio")
    assert physio.get(f"/clinic/runners/{spike}/timeline").status_code == 200
    assert physio.get(f"/api/v1/runners/{spike}/timeline").status_code == 200
    steady = sign_in("steady")
    assert steady.get(f"/clinic/runners/{spike}/timeline").status_code == 403
    assert steady.get(f"/api/v1/runners/{spike}/timeline").status_code == 403


def test_a_new_pair_and_a_retired_one_are_events_on_the_timeline(
    strava_runner: tuple[Store, Runner, Path],
) -> None:
    from achillescare.services.shoes import add_shoe, retire_shoe  # noqa: PLC0415

    store, runner, _ = strava_runner
    shoe = add_shoe(store, runner, name="Racer", drop_mm=4.0, first_used=date(2023, 4, 1))
    assert shoe.id is not None
    retire_shoe(store, runner, shoe.id, date(2023, 4, 20))
    with _client(store) as client:
        shown = client.get(
            f"/api/v1/runners/{runner.id}/timeline",
            params={"from": "2023-03-25", "to": "2023-04-30"},
        ).json()
    events = {row["date"]: row["events"] for row in shown["rows"] if row["events"]}
    assert events["2023-04-01"] == [{"kind": "shoe", "text": "new pair: Racer, 4 mm drop"}]
    assert events["2023-04-20"] == [{"kind": "shoe", "text": "retired: Racer"}]
    assert "events" not in shown["omitted"]
