"""The clinic-wide insights summary and the runner's shoes on the specialist's view, on a real
store: two specialists, runners with planted associations shared with one or the other, one
share revoked, one runner with too little data."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from achillescare.demo.clinic import DEMO_PASSWORD
from achillescare.domain.accounts import User
from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.domain.runner import Runner
from achillescare.services import accounts
from achillescare.services.caches import insights_cache
from achillescare.services.clinic import warm_insights
from achillescare.services.insights import cached_insights, clinic_summary_for
from achillescare.services.shoes import add_shoe, edit_shoe, retire_shoe
from achillescare.storage.db import Store, open_store
from achillescare.storage.repos import clinic as clinic_repo
from achillescare.storage.repos import runners as runners_repo
from achillescare.storage.repos import symptoms as symptoms_repo
from achillescare.web import create_app
from tests.conftest import MakeRunner
from tests.insight_factories import store_planted_runner
from tests.web.test_plain_words import COMMAND, INTERNALS, UNROUNDED, _words

HILLS = {"uphill": 2.0}
FAST = {"fast": 2.0}
STRIDES = {"strides": 2.0}


@dataclass(frozen=True)
class Clinic:
    """Who is in the store: runner key → (name, runner id)."""

    runners: dict[str, tuple[str, int]]


# key, name, planted effect (None: ten days only), shared with, revoked afterwards
RUNNERS: list[tuple[str, str, dict[str, float] | None, str, bool]] = [
    *((f"hills{i}", f"Hilda Hill{i}", HILLS, "a", False) for i in range(1, 5)),
    ("fast", "Freya Fastwell", FAST, "b", False),
    ("gone", "Gustav Gonesby", STRIDES, "a", True),
    ("new", "Nina Newcombe", None, "a", False),
]
SPECIALISTS = {"a": ("a@clinic.example", "Dr Ada Able"), "b": ("b@clinic.example", "Dr Ben Bell")}


def _seed(store: Store) -> Clinic:
    now = datetime.now(UTC)
    specialists: dict[str, User] = {
        key: accounts.sign_up(store, email, DEMO_PASSWORD, name, "specialist")
        for key, (email, name) in SPECIALISTS.items()
    }
    seen: dict[str, tuple[str, int]] = {}
    for seed, (key, name, planted, shared_with, revoke) in enumerate(RUNNERS, start=1):
        user = accounts.sign_up(store, f"{key}@runners.example", DEMO_PASSWORD, name, "runner")
        runner = accounts.own_runner(store, user)
        days = 10 if planted is None else 120
        store_planted_runner(store, runner, days=days, seed=seed, planted=planted or {})
        specialist = specialists[shared_with]
        share, code = accounts.invite_specialist(store, user, specialist.email, now)
        accounts.accept_invitation(store, specialist, code, now)
        if revoke:
            accounts.revoke_share(store, user, share.id, now)
        seen[key] = (name, runner.id)
    return Clinic(seen)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Clinic]:
    """The store seeded once for the module (sign-ups hash passwords, which takes a while)."""
    path = tmp_path_factory.mktemp("clinic-insights") / "clinic.db"
    store = open_store(str(path))
    clinic = _seed(store)
    store.close()
    return path, clinic


@pytest.fixture
def clinic(seeded: tuple[Path, Clinic]) -> Clinic:
    return seeded[1]


@pytest.fixture
def seeded_store(seeded: tuple[Path, Clinic], tmp_path: Path) -> Iterator[Store]:
    """A private copy of the seeded store."""
    copy = tmp_path / "clinic.db"
    shutil.copy(seeded[0], copy)
    store = open_store(str(copy))
    yield store
    store.close()


@pytest.fixture
def app_for(seeded_store: Store) -> Iterator[Any]:
    """``app_for("a")`` → a client signed in as specialist a or b (or a runner's e-mail)."""
    app = create_app(seeded_store)
    clients: list[TestClient] = []

    def make(who: str) -> TestClient:
        email = SPECIALISTS[who][0] if who in SPECIALISTS else who
        client = TestClient(app)
        clients.append(client)
        signed = client.post(
            "/api/v1/auth/signin", json={"email": email, "password": DEMO_PASSWORD}
        )
        assert signed.status_code == 200, signed.text
        return client

    yield make
    for client in clients:
        client.close()


def row(summary: dict[str, Any], feature: str, lag: int = 1) -> dict[str, Any]:
    [found] = [r for r in summary["rows"] if (r["feature"], r["lag_days"]) == (feature, lag)]
    return dict(found)


def keys_of(value: object) -> set[str]:
    """Every key of a JSON document, at any depth."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


class TestSummaryCounts:
    def test_it_counts_the_specialists_runners_with_the_planted_association(
        self, app_for: Any
    ) -> None:
        """Four shared runners with hills planted, one newcomer with ten days: 4 of 4."""
        summary = app_for("a").get("/api/v1/clinic/insights-summary").json()
        assert summary["runners"] == 5
        assert summary["enough_data"] == "4"
        assert summary["suppressed_below"] == 3
        hills = row(summary, "uphill")
        assert (hills["likely"], hills["enough_data"]) == ("4", "4")
        assert hills["label"] == "runs with 150 m or more uphill, the next morning"

    def test_a_revoked_runner_is_not_counted(self, app_for: Any) -> None:
        """Strides were planted only in the runner who revoked their share with a."""
        summary = app_for("a").get("/api/v1/clinic/insights-summary").json()
        assert row(summary, "strides")["likely"] == "0"
        assert row(summary, "fast")["likely"] == "0"

    def test_another_specialists_runners_are_not_counted(self, app_for: Any) -> None:
        """b has one runner (fast planted): a's hills runners are not in b's counts."""
        summary = app_for("b").get("/api/v1/clinic/insights-summary").json()
        assert summary["runners"] == 1
        assert row(summary, "uphill")["likely"] == "0"
        assert row(summary, "fast")["likely"] == "<3"

    def test_one_or_two_runners_are_shown_as_fewer_than_three(self, app_for: Any) -> None:
        summary = app_for("b").get("/api/v1/clinic/insights-summary").json()
        assert summary["enough_data"] == "<3"
        counts = {r[k] for r in summary["rows"] for k in ("likely", "possible", "enough_data")}
        assert counts <= {"0", "<3"}

    def test_a_new_share_is_counted_at_once(self, seeded_store: Store, app_for: Any) -> None:
        """b's runner also invites a: a's summary now has 5 of 5 with enough data."""
        client = app_for("a")
        before = client.get("/api/v1/clinic/insights-summary").json()
        runner = app_for("fast@runners.example")
        code = runner.post("/api/v1/shares", json={"email": SPECIALISTS["a"][0]}).json()["code"]
        assert client.post("/api/v1/shares/accept", json={"code": code}).status_code == 200
        after = client.get("/api/v1/clinic/insights-summary").json()
        assert (before["enough_data"], after["enough_data"]) == ("4", "5")
        assert row(after, "fast")["likely"] == "<3"

    def test_runners_may_not_read_it(self, app_for: Any) -> None:
        runner = app_for("hills1@runners.example")
        assert runner.get("/api/v1/clinic/insights-summary").status_code == 403
        assert runner.get("/clinic/insights").status_code == 403


class TestNobodyInIt:
    def test_the_json_names_no_runner_and_carries_no_id(self, clinic: Clinic, app_for: Any) -> None:
        response = app_for("a").get("/api/v1/clinic/insights-summary")
        for name, _ in clinic.runners.values():
            for part in name.split():
                assert part not in response.text
        assert not {k for k in keys_of(response.json()) if "id" in k or "name" in k}
        assert "shoe:" not in response.text  # shoe names are the runners' own words

    def test_the_page_names_no_runner_and_links_to_none(self, clinic: Clinic, app_for: Any) -> None:
        page = app_for("a").get("/clinic/insights").text
        found = re.search(r'<section[^>]*id="clinic-insights".*?</section>', page, re.S)
        assert found is not None
        section = found.group(0)
        for name, runner_id in clinic.runners.values():
            assert name.split()[0] not in section
            assert f"/clinic/runners/{runner_id}" not in section
        assert "Runs with 150 m or more uphill, the next morning</th><td>4</td>" in section
        for pattern in (INTERNALS, UNROUNDED, COMMAND):
            assert not pattern.findall(_words(section))

    def test_the_dashboard_loads_the_summary_into_itself(self, app_for: Any) -> None:
        page = app_for("a").get("/clinic").text
        assert 'hx-get="/clinic/insights"' in page
        assert '<a href="/clinic/insights">' in page  # without JavaScript: a link to it


class TestCaching:
    def test_a_runner_is_computed_again_only_when_their_inputs_change(
        self, seeded_store: Store, clinic: Clinic
    ) -> None:
        _, runner_id = clinic.runners["hills1"]
        runner = _runner(seeded_store, runner_id)
        day = date.today()
        first = cached_insights(seeded_store, runner, day)
        assert cached_insights(seeded_store, runner, day) is first
        with seeded_store.session() as session:
            symptoms_repo.save_checkin(session, runner_id, CheckIn(day, "left", morning_pain=7))
        changed = cached_insights(seeded_store, runner, day)
        assert changed is not first
        assert cached_insights(seeded_store, runner, day) is changed

    def test_the_warm_up_computes_every_shared_runner_and_no_revoked_one(
        self, seeded_store: Store, clinic: Clinic
    ) -> None:
        assert warm_insights(seeded_store) == len(RUNNERS) - 1
        kept = insights_cache(seeded_store).keys()  # an LRU: keys() is its snapshot
        cached = {key[0] for key in kept}
        _, gone = clinic.runners["gone"]
        assert cached == {runner_id for _, runner_id in clinic.runners.values()} - {gone}

    def test_every_input_moves_the_version(self, seeded_store: Store, clinic: Clinic) -> None:
        """A check-in, its edit, a pair that takes in the runs naming it, and a new drop each
        give a new version."""
        _, runner_id = clinic.runners["hills2"]
        runner = _runner(seeded_store, runner_id)
        seen = [_version(seeded_store, runner_id)]
        day = date.today() - timedelta(days=400)
        for pain in (3, 5):  # saved, then edited
            with seeded_store.session() as session:
                symptoms_repo.save_checkin(
                    session, runner_id, CheckIn(day, "left", morning_pain=pain)
                )
            seen.append(_version(seeded_store, runner_id))
        pair = add_shoe(seeded_store, runner, name="Kinvara", drop_mm=4)
        seen.append(_version(seeded_store, runner_id))
        edit_shoe(seeded_store, runner, pair.id or 0, drop_mm=8)
        seen.append(_version(seeded_store, runner_id))
        assert len(set(seen)) == len(seen)


class TestBothBackends:
    def test_the_versions_and_counts_agree_on_sqlite_and_postgresql(
        self, any_store: Store, make_runner: MakeRunner
    ) -> None:
        runners = [make_runner(any_store, f"Runner {k}") for k in range(3)]
        for seed, runner in enumerate(runners, start=1):
            store_planted_runner(any_store, runner, seed=seed, planted=HILLS)
        with any_store.session() as session:
            versions = clinic_repo.insight_versions(session, [r.id for r in runners])
        assert all(len(v) == 4 and v[0] > 0 and v[2] > 100 for v in versions.values())
        summary = clinic_summary_for(any_store, runners)
        [hills] = [r for r in summary.rows if (r.feature, r.lag_days) == ("uphill", 1)]
        assert (hills.likely, hills.enough_data) == ("3", "3")


def _runner(store: Store, runner_id: int) -> Runner:
    with store.session() as session:
        found = runners_repo.get(session, runner_id)
    assert found is not None
    return found


def _version(store: Store, runner_id: int) -> tuple[int, ...]:
    with store.session() as session:
        return clinic_repo.insight_versions(session, [runner_id])[runner_id]


class TestRunnerViewShoes:
    def test_the_specialist_sees_the_runners_shoes_next_to_the_insights(
        self, seeded_store: Store, clinic: Clinic, app_for: Any
    ) -> None:
        _, runner_id = clinic.runners["hills3"]
        runner = _runner(seeded_store, runner_id)
        spare = add_shoe(seeded_store, runner, name="Trail spare", drop_mm=6, reminder_m=500_000)
        retire_shoe(seeded_store, runner, spare.id or 0, date.today())
        page = app_for("a").get(f"/clinic/runners/{runner_id}").text
        insights_at = page.index("What precedes a bad morning for Hilda")
        shoes_at = page.index("Hilda's shoes")
        assert insights_at < shoes_at < page.index('id="program-h"')
        shoes = page[shoes_at : page.index("</section>", shoes_at)]
        assert '<th scope="row">Trail spare</th>' in shoes
        assert "6 mm" in shoes
        assert f"Retired on {date.today():%d %b %Y}" in shoes
        assert ": likely." in page[insights_at:shoes_at]

    def test_a_pair_past_its_distance_is_shown_as_due(
        self, seeded_store: Store, clinic: Clinic, app_for: Any
    ) -> None:
        """The simulated runs name Pegasus and Kinvara; added, they hold hundreds of km."""
        _, runner_id = clinic.runners["hills4"]
        runner = _runner(seeded_store, runner_id)
        add_shoe(seeded_store, runner, name="Pegasus", drop_mm=10, reminder_m=300_000)
        page = app_for("a").get(f"/clinic/runners/{runner_id}").text
        shoes = page[page.index("Hilda's shoes") :]
        shoes = shoes[: shoes.index("</section>")]
        assert "Time to replace Pegasus" in shoes
        assert "10 mm" in shoes
