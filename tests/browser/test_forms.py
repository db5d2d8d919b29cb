"""In a real headless Chromium against the real ``achilles serve --demo``, at phone (390 × 844) and
laptop (1280 × 800) size:

- a runner opens an activity from the list, leaves it out of the load, then deletes another one:
  today's page (its training signals and its last two weeks) and the list change with it;
- a refused form loses nothing: a contradictory check-in comes back with the morning answers
  still ticked, the summary of what to change focused first, the title starting "Error:", and
  no serious accessibility violation on it (axe), nor on the refused questionnaire, settings and
  specialist's program forms; once corrected, today's page confirms the check-in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from achillescare.demo.clinic import SPECIALIST_EMAIL
from tests.browser.test_axe import readable, violations
from tests.browser.test_e2e import shoot, sign_in
from tests.serving import Server

SIZES: tuple[ViewportSize, ...] = ({"width": 390, "height": 844}, {"width": 1280, "height": 800})


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh phone-sized tab that may run axe (its context bypasses the app's
    Content-Security-Policy, which refuses injected scripts)."""
    context = browser.new_context(base_url=server.url, viewport=SIZES[0], bypass_csp=True)
    opened = context.new_page()
    yield opened
    context.close()


def _spike_signal(page: Page) -> str:
    """The class of today's single-run spike signal as the page shows it ("" when absent)."""
    page.goto("/today")
    signal = page.locator('[data-signal="single_run_spike"]')
    return (signal.get_attribute("class") or "") if signal.count() else ""


def _runner(page: Page) -> tuple[int, list[dict[str, Any]]]:
    runner = int(page.request.get("/api/v1/me").json()["runner_id"])
    api = f"/api/v1/runners/{runner}/activities"
    return runner, page.request.get(api, params={"limit": 1000}).json()["activities"]


def test_leaving_out_and_deleting_an_activity_change_the_list_and_todays_page(
    page: Page,
) -> None:
    sign_in(page, "spike@demo.achillescare.org")
    expect(page).to_have_url(re.compile(r"/today$"))
    _, listed = _runner(page)
    spike_run, other = sorted(listed[:7], key=lambda a: a["distance_m"], reverse=True)[:2]
    assert "status-high" in _spike_signal(page)
    recent = page.get_by_role("region", name="Last two weeks")
    expect(recent.get_by_role("link", name=spike_run["when_text"], exact=True)).to_be_visible()

    page.get_by_role("link", name="Activities", exact=True).click()
    page.get_by_role("link", name=spike_run["when_text"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/activities/{spike_run['id']}$"))
    page.get_by_label(re.compile("^Leave it out of the load because")).fill("GPS glitch")
    page.get_by_role("button", name="Leave it out").click()
    expect(page.get_by_text("Left out of the load: GPS glitch.")).to_be_visible()

    for size in SIZES:
        page.set_viewport_size(size)
        assert "status-high" not in _spike_signal(page), f"at {size['width']} px"
        page.get_by_role("link", name="Activities", exact=True).click()
        expect(page.locator(f"#activity-{spike_run['id']}")).to_contain_text(
            "Left out of the load: GPS glitch"
        )
    shoot(page, "activities-left-out")

    page.get_by_role("link", name=other["when_text"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/activities/{other['id']}$"))
    page.get_by_role("button", name="Delete this activity").click()
    expect(page).to_have_url(re.compile(r"/activities$"))
    expect(page.get_by_role("link", name=other["when_text"], exact=True)).to_have_count(0)
    for size in SIZES:
        page.set_viewport_size(size)
        page.goto("/today")
        recent = page.get_by_role("region", name="Last two weeks")
        expect(recent.get_by_role("link", name=other["when_text"], exact=True)).to_have_count(0)
        expect(recent.get_by_role("link", name=spike_run["when_text"], exact=True)).to_be_visible()
    _, after = _runner(page)
    assert [a["id"] for a in after] == [a["id"] for a in listed if a["id"] != other["id"]]


def _no_violations(page: Page, where: str) -> None:
    """axe finds no serious or critical violation at either size (the page as it is)."""
    failures = []
    for size in SIZES:
        page.set_viewport_size(size)
        found = violations(page)
        if found:
            failures.append(readable(f"{where} at {size['width']} px", found))
    page.set_viewport_size(SIZES[0])
    assert not failures, "\n\n".join(failures)


def _refused(page: Page, where: str) -> None:
    """The page of a refused form: "Error:" title, the summary focused, nothing broken for axe."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    _no_violations(page, where)


def test_a_contradictory_check_in_keeps_the_morning_answers_and_is_then_saved(
    page: Page,
) -> None:
    sign_in(page, "steady@demo.achillescare.org")
    page.goto("/checkin")
    page.locator('input[name="morning_pain"][value="3"]').check()
    page.get_by_label("Morning stiffness, minutes").fill("20")
    ran = page.get_by_role("group", name="Did you run since your last check-in?")
    ran.get_by_label("No").check()
    page.locator('input[name="pain_during_run"][value="4"]').check()
    page.get_by_role("button", name="Save and see today's answer").click()

    expect(page).to_have_url(re.compile(r"/checkin$"))
    _refused(page, "the refused check-in")
    shoot(page, "checkin-refused")
    expect(page.locator('input[name="morning_pain"][value="3"]')).to_be_checked()
    expect(page.get_by_label("Morning stiffness, minutes")).to_have_value("20")
    expect(ran.get_by_label("No")).to_be_checked()
    pain = page.get_by_role("group", name=re.compile("^If you ran: pain during the run"))
    expect(pain).to_have_accessible_description(re.compile("did you run” is no"))
    expect(pain.locator('input[value="4"]')).to_have_attribute("aria-invalid", "true")

    page.locator("#error-summary a").click()
    expect(page).to_have_url(re.compile(r"#q-pain_during_run$"))
    ran.get_by_label("Yes").check()
    page.get_by_role("button", name="Save and see today's answer").click()
    expect(page).to_have_url(re.compile(r"/today\?saved="))
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(r"^Check-in for \w+day \d+ \w+ saved")
    )


def test_the_other_refused_forms_are_named_focused_and_accessible(page: Page) -> None:
    """The browser's own checks are switched off (``novalidate``) to reach the server's."""
    sign_in(page, "spike@demo.achillescare.org")
    page.goto("/questionnaires")
    visa = page.locator("#visa-a-form")
    visa.evaluate("form => { form.noValidate = true; }")
    for n in (1, 2, 4, 5, 6):
        page.locator(f"#q{n}").fill("5")
    visa.get_by_role("radio").first.check()
    page.get_by_label("Minutes you train that way").fill("15")
    page.get_by_role("button", name="Score VISA-A").click()
    _refused(page, "the refused VISA-A")
    expect(page.locator("#q3")).to_have_accessible_description(
        re.compile("Item 3: answer this question")
    )
    expect(page.locator("#q5")).to_have_value("5")

    page.goto("/settings")
    page.get_by_label(re.compile("^Year of birth")).fill("1850")
    page.get_by_role("button", name="Save settings").click()
    _refused(page, "the refused settings")
    expect(page.get_by_label(re.compile("^Year of birth"))).to_have_value("1850")

    page.get_by_role("button", name="Sign out").first.click()
    sign_in(page, SPECIALIST_EMAIL)
    runner = page.locator("ol.runners > li a", has_text="Rita Rehab").get_attribute("href")
    page.goto(str(runner))
    form = page.locator("#program-form")
    form.evaluate("form => { form.noValidate = true; }")
    form.get_by_label("Phase").select_option("2")
    form.get_by_role("button", name="Change the program").click()
    _refused(page, "the refused program change")
    form = page.locator("#program-form")
    expect(form.get_by_label(re.compile("^Reason"))).to_have_accessible_description(
        re.compile("Reason: write at least 3 characters")
    )
    expect(form.get_by_label("Phase")).to_have_value("2")

    override = page.locator("#override-form")
    override.get_by_label("Decision").select_option("rest")
    override.get_by_label(re.compile("^Until")).fill("2999-01-01")
    override.get_by_label(re.compile("^Reason")).fill("Ultrasound on Friday")
    override.get_by_role("button", name="Override decision").click()  # htmx swaps main
    _refused(page, "the refused override (swapped in by htmx)")
    override = page.locator("#override-form")
    expect(override.get_by_label(re.compile("^Until"))).to_have_accessible_description(
        re.compile("at most 28 days")
    )
    expect(override.get_by_label(re.compile("^Reason"))).to_have_value("Ultrasound on Friday")
