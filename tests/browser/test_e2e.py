"""End to end in a real headless Chromium against the real ``achilles serve --demo`` process:
a runner checks in and sees the decision change, uploads a real FIT file and finds it in their
history, ticks off an exercise; the specialist sees the red-flag runner first and downloads the
PDF report. Screenshots of each page at phone (360 px) and laptop (1280 px) width go to
``artifacts/screenshots/`` (the report to ``artifacts/``)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from achillescare.demo.clinic import DEMO_PASSWORD, SPECIALIST_EMAIL
from tests.browser.conftest import SCREENSHOTS, WIDTHS

FIT = Path(__file__).resolve().parent.parent / "data" / "fit" / "fitparse__garmin-fenix-5-run.fit"


def shoot(page: Page, name: str) -> None:
    """Save the page at phone and laptop width (full height)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    width, height = WIDTHS["phone"]
    page.set_viewport_size({"width": width, "height": height})


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_runner_checks_in_and_sees_the_decision_change(page: Page) -> None:
    page.goto("/signin")
    shoot(page, "signin")
    sign_in(page, "steady@demo.achillescare.org")
    decision = page.locator("#decision-h")
    expect(decision).to_contain_text("Run — as planned")
    shoot(page, "today-run")
    page.get_by_role("link", name="Check in", exact=True).first.click()
    expect(page.get_by_role("heading", name="Morning check-in")).to_be_visible()
    page.locator('input[name="morning_pain"][value="7"]').check()
    page.get_by_label("Morning stiffness, minutes").fill("40")
    page.get_by_role("group", name="Did you run since your last check-in?").get_by_label(
        "No"
    ).check()
    shoot(page, "checkin")
    page.get_by_role("button", name="Save and see today's answer").click()
    expect(page).to_have_url(re.compile(r"/today\?saved="))
    expect(decision).to_contain_text("Rest — no running today")
    expect(page.get_by_text("left blank in today's left check-in")).to_be_visible()
    shoot(page, "today-rest")


def test_a_runner_answers_every_warning_sign_on_the_check_in_and_may_run(page: Page) -> None:
    """Each red-flag question is a yes/no pair; answered "no" by hand, a calm morning runs."""
    sign_in(page, "steady@demo.achillescare.org")
    page.goto("/checkin")
    page.locator('input[name="morning_pain"][value="1"]').check()
    page.get_by_role("group", name="Did you run since your last check-in?").get_by_label(
        "No"
    ).check()
    warnings = page.get_by_role("region", name="Every day: the warning signs")
    groups = warnings.get_by_role("group")
    assert groups.count() >= 10
    for i in range(groups.count()):
        groups.nth(i).get_by_label("No").check()
    page.get_by_role("button", name="Save and see today's answer").click()
    expect(page).to_have_url(re.compile(r"/today\?saved="))
    expect(page.locator("#decision-h")).not_to_contain_text("Modify")
    expect(page.get_by_text("left blank")).to_have_count(0)


def test_a_runner_uploads_a_fit_file_and_finds_it_in_the_history(page: Page) -> None:
    sign_in(page, "rehab@demo.achillescare.org")
    page.get_by_role("link", name="Upload", exact=True).click()
    page.get_by_label("Files").set_input_files(FIT)
    page.get_by_role("button", name="Import").click()
    result = page.locator("#import-result")
    expect(result).to_contain_text("Imported 1 activity from 1 file")
    expect(result).to_contain_text(FIT.name)
    shoot(page, "upload-result")
    me = page.request.get("/api/v1/me").json()
    listed = page.request.get(f"/api/v1/runners/{me['runner_id']}/activities").json()
    [uploaded] = [a for a in listed["activities"] if a["source"] == FIT.name]
    page.get_by_role("link", name="Activities", exact=True).click()
    expect(page.locator("table.activities")).to_contain_text(uploaded["distance_text"])
    expect(page.locator("table.activities")).to_contain_text(uploaded["start_local"][:4])
    shoot(page, "activities")


def test_the_specialist_sees_the_red_flag_runner_first(page: Page) -> None:
    sign_in(page, SPECIALIST_EMAIL)
    first = page.locator("ol.runners > li").first
    expect(first).to_contain_text("Rob Redflag")
    expect(first).to_contain_text("urgent")
    expect(page.locator("ol.runners > li")).to_have_count(4)
    shoot(page, "clinic")
    first.get_by_role("link").click()
    expect(page.locator("#decision-h")).to_contain_text("Urgent")
    expect(page.locator(".chart-area svg")).to_have_count(5)  # vega-embed drew every chart
    shoot(page, "runner-view")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF report").click()
    report = download.value
    assert re.fullmatch(
        r"achillescare-rob-redflag-\d{4}-\d{2}-\d{2}\.pdf", report.suggested_filename
    )
    saved = SCREENSHOTS.parent / report.suggested_filename
    report.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")


def test_a_runner_ticks_off_an_exercise_with_pain_and_effort(page: Page) -> None:
    sign_in(page, "rehab@demo.achillescare.org")
    page.get_by_role("link", name="Plan", exact=True).click()
    today = page.locator("details.day-today")
    expect(today).to_contain_text("today")
    first = today.locator("article.exercise").first
    first.get_by_label("Pain 0–10").fill("2")
    first.get_by_label("Effort 0–10").fill("5")
    first.get_by_role("button", name=re.compile(r"^Done")).click()
    expect(page.locator("details.day-today article.exercise").first).to_contain_text(
        "Done ✓ · pain 2/10 · effort 5/10"
    )
    shoot(page, "plan")
    page.get_by_role("link", name="Timeline", exact=True).click()
    expect(page.locator("#spec-distance")).to_have_count(1)
    panels = page.locator(".chart-area").count()
    assert panels >= 4
    expect(page.locator(".chart-area svg")).to_have_count(panels)
    shoot(page, "timeline")


RUNNER_PAGES = (
    "/today",
    "/checkin",
    "/plan",
    "/questionnaires",
    "/selftests",
    "/timeline",
    "/activities",
    "/upload",
    "/settings",
)


def test_runner_pages_fit_a_phone_without_sideways_scrolling(page: Page) -> None:
    sign_in(page, "spike@demo.achillescare.org")
    for path in RUNNER_PAGES:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow} px wider than a 360 px phone"
        if path in ("/questionnaires", "/selftests", "/settings"):
            shoot(page, path.strip("/"))


def test_the_keyboard_reaches_the_check_in_form_with_a_visible_focus(page: Page) -> None:
    sign_in(page, "steady@demo.achillescare.org")
    page.goto("/checkin")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # first the folded date (a morning missed), one stop
    expect(page.locator(":focus")).to_contain_text("This morning")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("name", "side")
    outline = focused.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"


def test_a_runner_changes_their_password_then_deletes_their_data(page: Page) -> None:
    """Sign up, change the password on the Account page (the old one stops working), then delete
    the account with the password and the typed confirmation: the e-mail no longer signs in."""
    email, first, second = "dora@example.org", "violet canoe orchard", "amber kettle glacier"
    page.goto("/signup")
    page.get_by_label("Your name").fill("Dora Delete")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(first)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text("sign in with it now")
    sign_in(page, email, first)
    expect(page).to_have_url(re.compile(r"/today$"))
    page.get_by_role("link", name="Account", exact=True).click()
    page.get_by_label("Current password").fill(first)
    page.get_by_label("New password").fill(second)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Password changed")
    shoot(page, "account")
    page.get_by_role("button", name="Sign out").first.click()
    sign_in(page, email, first)
    expect(page.get_by_role("alert")).to_contain_text("wrong e-mail or password")
    sign_in(page, email, second)
    expect(page).to_have_url(re.compile(r"/today$"))
    page.goto("/account")
    page.locator("#delete-password").fill(second)
    page.get_by_label("to confirm").fill("delete my data")
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_role("status")).to_contain_text("all your data are deleted")
    sign_in(page, email, second)
    expect(page.get_by_role("alert")).to_contain_text("wrong e-mail or password")
