"""The clinic-wide insights summary in a real browser: the dashboard loads it into itself (htmx)
and both it and its own page pass axe. The demo clinic here has hills planted in one runner, so
the summary has rows and a suppressed count."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from achillescare.demo.clinic import SPECIALIST_EMAIL, seed_demo_clinic
from achillescare.storage.db import open_store
from achillescare.web.auth import server_today
from tests.browser import test_axe
from tests.browser.conftest import CHROMIUM
from tests.browser.test_axe import check_pages
from tests.browser.test_e2e import sign_in
from tests.insight_factories import store_planted_runner
from tests.serving import Server, serving

page = test_axe.page
"""A tab that may run axe (the app's Content-Security-Policy bypassed in it alone)."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``serve --demo`` over a demo clinic whose steady runner has 200 days with hills planted."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium to run the browser tests")
    folder = tmp_path_factory.mktemp("summary")
    store = open_store(str(folder / "demo.db"))
    store_planted_runner(store, seed_demo_clinic(store, server_today()).runners["steady"], 200)
    store.close()
    with serving(folder / "demo.db", folder, ["--demo"]) as running:
        yield running


def test_the_dashboard_shows_the_summary_with_one_runner_hidden(page: Page) -> None:
    sign_in(page, SPECIALIST_EMAIL)
    expect(page.locator("ol.runners > li").first).to_be_visible()
    hills = page.locator("table.clinic-insights tr", has_text="150 m or more uphill, the next")
    expect(hills).to_contain_text("<3")
    expect(page.locator("#clinic-insights")).not_to_contain_text("Steady")


def test_the_summary_pages_have_no_serious_accessibility_violations(page: Page) -> None:
    sign_in(page, SPECIALIST_EMAIL)
    expect(page.locator("ol.runners > li").first).to_be_visible()
    failures = check_pages(page, ("/clinic", "/clinic/insights"))
    assert not failures, "\n\n".join(failures)
