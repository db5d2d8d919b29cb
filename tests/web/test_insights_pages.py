"""Personal insights on the runner's charts page, the specialist's view, the API and the report."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from achillescare.demo.clinic import seed_demo_clinic
from achillescare.domain.runner import Runner
from achillescare.services.shoes import add_shoe
from achillescare.storage.db import Store
from achillescare.web.auth import server_today
from achillescare.web.report import report_html
from tests.insight_factories import store_planted_runner
from tests.web.conftest import SignIn, runner_id

HILLS = "On mornings after runs with 150 m or more uphill, morning pain was"


def planted(clinic_store: Store) -> Runner:
    """The demo's steady runner, given 200 days in which hills precede worse mornings."""
    runner = seed_demo_clinic(clinic_store, server_today()).runners["steady"]
    store_planted_runner(clinic_store, runner, days=200)
    return runner


def spec_of(page: str, chart_id: str) -> dict[str, object]:
    found = re.search(rf'<script type="application/json" id="spec-{chart_id}">(.*?)</script>', page)
    assert found is not None
    spec: dict[str, object] = json.loads(found.group(1))
    return spec


class TestRunnerPage:
    def test_the_charts_page_ranks_the_likely_association_with_a_chart_and_table(
        self, clinic_store: Store, sign_in: SignIn
    ) -> None:
        planted(clinic_store)
        page = sign_in("steady").get("/charts").text
        assert "What precedes a bad morning" in page
        assert HILLS in page
        assert ": likely." in page
        spec = spec_of(page, "insight-0")
        assert spec["description"] == "Mean morning pain (0–10) the next morning"
        values = spec["data"]["values"]  # type: ignore[index]
        assert [v["runs"] for v in values] == ["runs with 150 m or more uphill", "your other runs"]
        assert values[0]["mean"] > values[1]["mean"]
        # The text alternative: the same numbers in a table.
        assert f'<th scope="row">your other runs</th><td>{values[1]["mean"]}</td>' in page
        assert "not proven causes" in page

    def test_a_runner_with_little_data_is_told_how_much_is_needed(self, sign_in: SignIn) -> None:
        page = sign_in("spike").get("/charts").text
        assert re.search(r"Not enough data yet \(\d+ mornings after runs, need 30\)\.", page)


class TestSpecialistAndApi:
    def test_the_specialist_sees_the_runners_insights(
        self, clinic_store: Store, sign_in: SignIn
    ) -> None:
        runner = planted(clinic_store)
        page = sign_in("physio").get(f"/clinic/runners/{runner.id}").text
        first = runner.name.split()[0]
        assert f"What precedes a bad morning for {first}" in page
        assert HILLS in page

    def test_the_api_gives_the_cli_contract(self, clinic_store: Store, sign_in: SignIn) -> None:
        planted(clinic_store)
        client: TestClient = sign_in("steady")
        body = client.get(f"/api/v1/runners/{runner_id(client)}/insights").json()
        top = body["associations"][0]
        assert (top["feature"], top["lag_days"], top["verdict"]) == ("uphill", 1, "likely")
        assert body["mornings"] > 100


class TestReport:
    def test_the_report_lists_the_insight_and_the_shoes_on_one_page(
        self, clinic_store: Store
    ) -> None:
        weasyprint = pytest.importorskip("weasyprint", reason="WeasyPrint needs Pango (libpango)")
        runner = planted(clinic_store)
        for name in ("Pegasus", "Kinvara"):  # they take in the planted runs naming them
            add_shoe(clinic_store, runner, name=name, drop_mm=10)
        add_shoe(clinic_store, runner, name="Old racers", retired_on=server_today())
        html = report_html(clinic_store, runner, server_today(), "Dr Alex Physio")
        assert "What precedes a bad morning" in html
        assert HILLS in html
        assert re.search(r"Pegasus: \d+ km, 10 mm drop, (time to replace|\d+ km to go)", html)
        assert "Kinvara" in html
        assert "1 retired pair not listed" in html
        assert html.count("<svg") >= 4
        assert len(weasyprint.HTML(string=html).render().pages) == 1
