"""One context, two renderings: what the API says is what the page shows; the demo clinic is
the same scenario every time; ``achilles serve`` is wired into the CLI."""

from __future__ import annotations

import html
import re
import threading
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app as cli
from achillescare.demo.clinic import (
    DEMO_PASSWORD,
    DEMO_RUNNERS,
    SPECIALIST_EMAIL,
    demo_logins,
    seed_demo_clinic,
)
from achillescare.domain.clinic import NO_DECISION_RANK, concern_rank
from achillescare.services import accounts as accounts_service
from achillescare.services.accounts import Unauthenticated
from achillescare.services.checkins import record_checkin
from achillescare.services.decisions import decide_for
from achillescare.storage.db import Store, open_store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import runners as runners_repo
from achillescare.web.auth import server_today
from achillescare.web.view_models.clinic import DashboardCache, Summaries, cached_clinic_view
from tests.storage.test_store import make_activity
from tests.web.conftest import SignIn, runner_id


class TestOneContextTwoRenderings:
    def test_the_today_page_shows_what_the_api_returns(self, sign_in: SignIn) -> None:
        client = sign_in("rehab")
        view = client.get(f"/api/v1/runners/{runner_id(client)}/today").json()
        page = html.unescape(client.get("/today").text)
        assert view["decision"]["headline"] in page
        for reason in view["decision"]["reasons"]:
            assert reason["text"] in page
            assert reason["source"] in page
        for advice in view["decision"]["advice"]:
            assert advice in page
        for week in view["weeks"]:
            assert week["distance_text"] in page

    def test_the_dashboard_shows_what_the_api_returns_in_its_order(self, sign_in: SignIn) -> None:
        physio = sign_in("physio")
        rows = physio.get("/api/v1/clinic").json()["runners"]
        page = html.unescape(physio.get("/clinic").text)
        assert re.findall(r"<strong>(.*?)</strong>", page) == [r["name"] for r in rows]
        for row in rows:
            assert row["reason"] in page

    def test_the_dashboard_decision_is_the_runners_own(
        self, clinic_store: Store, sign_in: SignIn
    ) -> None:
        rows = sign_in("physio").get("/api/v1/clinic").json()["runners"]
        for demo in DEMO_RUNNERS:
            client = sign_in(demo.key)
            mine = client.get(f"/api/v1/runners/{runner_id(client)}/today").json()["decision"]
            [row] = [r for r in rows if r["name"] == demo.name]
            assert row["decision"] == mine["decision"]

    def test_a_check_in_refreshes_the_dashboard(self, sign_in: SignIn) -> None:
        physio = sign_in("physio")
        before = [r["name"] for r in physio.get("/api/v1/clinic").json()["runners"]]
        assert before[-1] == "Sofia Steady"
        runner = sign_in("steady")
        answers = {"side": "left", "sudden_pop": True, "cannot_heel_raise": True}
        decided = runner.post(f"/api/v1/runners/{runner_id(runner)}/checkins", json=answers)
        assert decided.json()["decision"] == "urgent"
        after = physio.get("/api/v1/clinic").json()["runners"]
        assert [r["name"] for r in after][:2] == ["Rob Redflag", "Sofia Steady"]

    def test_an_exercise_that_hurt_refreshes_the_dashboard(self, sign_in: SignIn) -> None:
        """Pain above 5/10 during a logged exercise (PM-EX) makes the next decision modify: the
        dashboard must not keep the run logged for the day before the exercise was."""
        physio = sign_in("physio")
        before = {r["name"]: r for r in physio.get("/api/v1/clinic").json()["runners"]}
        assert before["Sofia Steady"]["decision"] == "run"
        runner = sign_in("steady")
        done = {
            "date": server_today().isoformat(),
            "exercise_id": "eccentric_heel_drop_straight",
            "kind": "prevention",
            "pain_during": 7,
        }
        ticked = runner.post(f"/api/v1/runners/{runner_id(runner)}/plan/done", json=done)
        assert ticked.status_code == 201
        after = {r["name"]: r for r in physio.get("/api/v1/clinic").json()["runners"]}
        assert after["Sofia Steady"]["decision"] == "modify"

    def test_a_run_written_by_another_process_reaches_the_dashboard(
        self, clinic_store: Store, sign_in: SignIn
    ) -> None:
        """A CLI import beside the server writes through its own connection; the dashboard's
        cached view and each runner's cached training facts must both notice."""
        physio = sign_in("physio")
        physio.get("/api/v1/clinic")  # cached now
        today = server_today()
        terminal = open_store(clinic_store.engine.url.render_as_string(hide_password=False))
        try:
            with terminal.session() as session:
                [sofia] = [
                    r for r in runners_repo.list_runners(session) if r.name == "Sofia Steady"
                ]
                activities_repo.add(
                    session,
                    sofia.id,
                    make_activity(
                        start_utc=datetime.combine(today, time(6), UTC),
                        distance_m=32_000.0,
                        duration_s=3.2 * 3600,
                        moving_s=3.2 * 3600,
                        content_sha256="cd" * 32,
                        utc_offset_s=0,
                    ),
                )
        finally:
            terminal.close()
        rows = {r["name"]: r for r in physio.get("/api/v1/clinic").json()["runners"]}
        assert rows["Sofia Steady"]["last_run"] == today.isoformat()
        fresh = decide_for(clinic_store, sofia, log=False)
        assert rows["Sofia Steady"]["decision"] == fresh.decision == "modify"


class TestDashboardCache:
    def test_reloads_during_a_change_share_one_rebuild(self, clinic_store: Store) -> None:
        """Four reloads of a dashboard the store has just changed under: one rebuild, which all
        four get (separate rebuilds would give four different objects)."""
        now = datetime.now(UTC)
        physio = accounts_service.sign_in(clinic_store, SPECIALIST_EMAIL, DEMO_PASSWORD, "t", now)
        today = server_today()
        views: DashboardCache = DashboardCache()
        summaries: Summaries = {}
        before = cached_clinic_view(clinic_store, physio, today, summaries, views)
        assert cached_clinic_view(clinic_store, physio, today, summaries, views) is before
        sofia = next(r for r in accounts_service.shared_runners(clinic_store, physio))
        record_checkin(clinic_store, sofia, {"date": today.isoformat(), "side": "right"})
        start = threading.Barrier(4)
        got: list[object] = []

        def reload() -> None:
            start.wait()
            got.append(cached_clinic_view(clinic_store, physio, today, summaries, views))

        threads = [threading.Thread(target=reload) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(got) == 4
        assert got[0] is not before
        assert all(view is got[0] for view in got)


class TestDemoClinic:
    def test_it_tells_four_stories_sorted_by_concern(self, clinic_store: Store) -> None:
        clinic = seed_demo_clinic(clinic_store, server_today())
        decisions = {
            key: decide_for(clinic_store, runner, log=False).decision
            for key, runner in clinic.runners.items()
        }
        assert decisions == {
            "steady": "run",
            "spike": "modify",
            "rehab": "rest",
            "redflag": "urgent",
        }

    def test_seeding_again_changes_nothing(self, clinic_store: Store) -> None:
        first = seed_demo_clinic(clinic_store, server_today())
        again = seed_demo_clinic(clinic_store, server_today())
        assert first == again
        assert len(first.logins) == 5

    def test_a_clinic_seeded_with_an_older_password_gets_the_printed_one_again(
        self, clinic_store: Store
    ) -> None:
        """The demo password changed (sign-up refuses easy ones): a store seeded before must
        still accept the password the demo prints, for every demo login."""
        old = accounts_service.reset_passwords(
            clinic_store, [e for e, _ in demo_logins()], "an older demo password"
        )
        assert old == 5
        now = datetime.now(UTC)
        with pytest.raises(Unauthenticated):
            accounts_service.sign_in(clinic_store, SPECIALIST_EMAIL, DEMO_PASSWORD, "t", now)
        seed_demo_clinic(clinic_store, server_today())
        for email, _ in demo_logins():
            user = accounts_service.sign_in(clinic_store, email, DEMO_PASSWORD, "t", now)
            assert user.email == email

    def test_concern_order_puts_red_flags_first_and_no_decision_last(self) -> None:
        ordered = sorted(
            ["run", None, "modify", "urgent", "rest", "see_specialist"], key=concern_rank
        )
        assert ordered == ["urgent", "see_specialist", "rest", "modify", "run", None]
        assert concern_rank("bogus") == NO_DECISION_RANK


class TestServeCommand:
    def test_serve_is_a_command_with_demo_port_and_host(self) -> None:
        result = CliRunner().invoke(cli, ["serve", "--help"])
        assert result.exit_code == 0
        for option in ("--demo", "--port", "--host"):
            assert option in result.output

    def test_serve_refuses_a_store_in_a_missing_folder(self, tmp_path: Path) -> None:
        missing = tmp_path / "nowhere" / "x.db"
        result = CliRunner().invoke(cli, ["--db", str(missing), "serve"])
        assert result.exit_code == 2


class TestCharts:
    def test_the_api_gives_vega_lite_specs_with_their_data(self, sign_in: SignIn) -> None:
        client = sign_in("rehab")
        charts = client.get(f"/api/v1/runners/{runner_id(client)}/charts").json()["charts"]
        assert set(charts) == {"weekly", "acwr", "visa", "pain", "stiffness"}
        for spec in charts.values():
            assert spec["$schema"].endswith("/vega-lite/v6.json")
        weeks = client.get(f"/api/v1/runners/{runner_id(client)}/today").json()["weeks"]
        weekly = {v["week"]: v["distance"] for v in charts["weekly"]["data"]["values"]}
        for week in weeks:
            assert weekly[week["week_start"]] == round(week["distance_m"] / 1000, 1)
        assert [v["score"] for v in charts["visa"]["data"]["values"]] == [21, 43, 41]
        assert charts["pain"]["data"]["values"][-1]["value"] == 6  # the rehab story's today
        assert charts["stiffness"]["data"]["values"][-1]["value"] == 45

    def test_the_acwr_chart_draws_the_load_modules_bands(self, sign_in: SignIn) -> None:
        from achillescare.domain.load.kernels import ACWR_BANDS  # noqa: PLC0415

        client = sign_in("spike")
        spec = client.get(f"/api/v1/runners/{runner_id(client)}/charts").json()["charts"]["acwr"]
        bands = spec["layer"][0]["data"]["values"]
        assert [b["to"] for b in bands[:3]] == list(ACWR_BANDS)
        assert all(0 < v["acwr"] < 3 for v in spec["data"]["values"])

    def test_the_timeline_embeds_each_panel_with_data_and_the_vendored_scripts(
        self, sign_in: SignIn
    ) -> None:
        page = sign_in("spike").get("/charts").text  # the former address leads to the timeline
        for name in ("distance", "achilles_load", "acwr", "morning_pain"):
            assert f'id="spec-{name}"' in page
        for script in ("vega-6.4.0.min.js", "vega-lite-6.4.3.min.js", "vega-embed-7.3.0.min.js"):
            assert f"/static/vendor/{script}" in page


class TestWarmup:
    def test_it_decides_only_runners_whose_inputs_changed(self, clinic_store: Store) -> None:
        from achillescare.services.checkins import record_checkin  # noqa: PLC0415
        from achillescare.services.clinic import decide_stale  # noqa: PLC0415

        today = server_today()
        clinic = seed_demo_clinic(clinic_store, today)
        assert decide_stale(clinic_store, today) == 0  # the seeding logged today's decisions
        answers = {"date": today.isoformat(), "side": "right", "morning_pain": 3}
        record_checkin(clinic_store, clinic.runners["spike"], answers, today)
        assert decide_stale(clinic_store, today) == 1
        assert decide_stale(clinic_store, today) == 0
