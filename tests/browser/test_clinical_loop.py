"""The clinician closes the loop, in a real headless Chromium against the real ``achilles serve
--demo``: the specialist records an assessment that clears Rob's suspected rupture (his page goes
from urgent to the pain-monitoring answer), then overrides the decision and both decisions are
shown to both of them; a runner's own "a clinician examined me" entry reaches the specialist
labelled as reported by the runner. Screenshots at phone and laptop width."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from achillescare.demo.clinic import SPECIALIST_EMAIL
from tests.browser.conftest import WIDTHS
from tests.browser.test_e2e import shoot, sign_in
from tests.serving import Server


def open_rob(page: Page) -> None:
    sign_in(page, SPECIALIST_EMAIL)
    page.locator("ol.runners > li", has_text="Rob Redflag").get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Rob Redflag")


def test_a_specialists_assessment_clears_the_suspected_rupture_then_an_override_shows_both(
    page: Page, browser: Browser, server: Server
) -> None:
    open_rob(page)
    decision = page.locator("#decision-h")
    expect(decision).to_contain_text("Urgent")
    expect(page.locator(".eyebrow")).to_have_text("Can Rob run today?")
    expect(page.locator(".summary")).to_contain_text("Rob's left tendon")
    expect(page.locator("table.checkins")).to_contain_text("POP OR KICK")
    shoot(page, "specialist-runner-urgent")
    form = page.locator("#assess")
    form.get_by_role("radio", name="Left").check()
    form.get_by_label("Finding", exact=True).select_option("tendinopathy_mid_portion")
    form.get_by_label("Note").fill(
        "Thompson test negative, heel raise possible; tender mid-tendon."
    )
    form.get_by_role("button", name="Record assessment").click()
    expect(page.locator(".notice")).to_contain_text("Assessment recorded")
    expect(decision).not_to_contain_text("Urgent")
    reasons = page.locator(".reasons")
    expect(reasons).not_to_contain_text("RF-R1")
    expect(reasons).to_contain_text("PM-1")  # the pain-monitoring model answers again
    computed = decision.inner_text()
    record = page.locator("#clinical .record").first
    expect(record).to_contain_text("mid-portion Achilles tendinopathy")
    expect(record).to_contain_text("Recorded by Dr Alex Physio")
    shoot(page, "specialist-runner-assessed")

    override = page.locator("#override-form")
    override.get_by_label("Decision", exact=True).select_option("see_specialist")
    override.get_by_label("Reason").fill("Ultrasound on Friday; no running until then.")
    override.get_by_role("button", name="Override decision").click()
    expect(decision).to_contain_text("See a specialist")
    shown = page.locator("#override")
    expect(shown).to_contain_text("Set by Dr Alex Physio")
    expect(shown).to_contain_text("Ultrasound on Friday")
    expect(shown.locator(".computed")).to_contain_text("The rules alone would say")
    expect(shown.locator(".computed")).to_contain_text(computed.split("—")[0].split()[-1])
    shoot(page, "specialist-runner-override")

    width, height = WIDTHS["phone"]
    context = browser.new_context(base_url=server.url, viewport={"width": width, "height": height})
    rob = context.new_page()
    sign_in(rob, "redflag@demo.achillescare.org")
    expect(rob.locator("#decision-h")).to_contain_text("See a specialist")
    expect(rob.locator("#override")).to_contain_text("Set by Dr Alex Physio")
    expect(rob.locator("#override")).to_contain_text("The rules alone would say")
    shoot(rob, "today-override")
    context.close()


def test_a_runners_own_entry_is_labelled_as_reported_by_the_runner(page: Page) -> None:
    sign_in(page, "rehab@demo.achillescare.org")
    page.get_by_role("link", name="A clinician examined me").click()
    page.get_by_label("Clinician's name").fill("Dr Vega")
    page.get_by_role("radio", name="Left").check()
    page.get_by_label("What they found", exact=True).select_option("tendinopathy_insertional")
    page.get_by_label("What they said").fill("Insertional, no bursitis.")
    shoot(page, "assessments-runner")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice")).to_contain_text("Saved")
    expect(page.locator(".record").first).to_contain_text(
        "Reported by the runner: assessed by Dr Vega"
    )
    page.context.clear_cookies()
    sign_in(page, SPECIALIST_EMAIL)
    page.locator("ol.runners > li", has_text="Rita Rehab").get_by_role("link").click()
    entry = page.locator("#clinical .assessment").first
    expect(entry).to_contain_text("insertional Achilles tendinopathy")
    expect(entry).to_contain_text("Reported by the runner: assessed by Dr Vega")
    expect(page.locator("#program-h")).to_be_visible()
    expect(page.locator(".history li").first).to_contain_text("location set by Dr Vega")
