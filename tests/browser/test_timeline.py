"""In a real headless Chromium against the real ``achilles serve --demo``: a new runner uploads
the corpus Strava export (runs from 2022 to 2024), chooses that range on the timeline, and sees
the runs drawn, at phone and laptop size."""

from __future__ import annotations

import re

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_e2e import shoot, sign_in
from tests.conftest import corpus_dir

PASSWORD = "three unrelated words 7"


def test_a_new_runner_sees_an_imported_history_on_the_timeline(page: Page) -> None:
    export = corpus_dir("exports") / "sportiva__export.zip"
    page.goto("/signup")
    page.get_by_label("Your name").fill("Tess")
    page.get_by_label("E-mail").fill("tess.timeline@example.org")
    page.get_by_label(re.compile("^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    sign_in(page, "tess.timeline@example.org", PASSWORD)
    expect(page).to_have_url(re.compile(r"/today$"))

    page.goto("/upload")
    page.get_by_label("Files").set_input_files(str(export))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-result")).to_contain_text(
        re.compile(r"Imported [1-9]\d* activit"), timeout=120_000
    )

    page.get_by_role("link", name="Timeline", exact=True).click()
    sizes: tuple[ViewportSize, ...] = (
        {"width": 390, "height": 844},
        {"width": 1280, "height": 800},
    )
    for size in sizes:
        page.set_viewport_size(size)
        page.get_by_label("From", exact=True).fill("2022-01-01")
        page.get_by_label("To", exact=True).fill("2024-12-31")
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(re.compile(r"from=2022-01-01&to=2024-12-31"))
        bars = page.locator('[data-chart="spec-distance"] svg .mark-rect path')
        expect(bars.first).to_be_attached()
        assert bars.count() > 10
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the timeline is {overflow} px wider than the window"
    years = page.locator(
        '[data-chart="spec-distance"] svg .role-axis-label text'
    ).all_text_contents()
    assert {"2022", "2023", "2024"} <= {text.split()[-1] for text in years if text}
    shoot(page, "timeline-history")
