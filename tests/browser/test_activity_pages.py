"""In a real headless Chromium against the real ``achilles serve --demo``: the runner opens an
activity's page from the list on a phone (390 × 844) and a laptop (1280 × 800), changes its
sport, leaves the spike run out of the load and deletes it; the list and the decision change.
The list and the page fit a 360 px phone with no word broken inside."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.test_e2e import shoot, sign_in

SIZES = {"phone": (390, 844), "laptop": (1280, 800)}

BROKEN_WORDS = """(selector) => {
  // Every word of the text under `selector` whose letters are laid out on more than one line.
  const broken = [];
  const walker = document.createTreeWalker(
    document.querySelector(selector), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const pattern = /\\S{2,}/g;
    for (let m = pattern.exec(node.data); m; m = pattern.exec(node.data)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


def fits(page: Page, where: str) -> None:
    """No sideways scrolling, and no word of ``main`` laid out over two lines."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert overflow <= 0, f"{where} is {overflow} px wider than {width} px"
    broken = page.evaluate(BROKEN_WORDS, "main")
    assert broken == [], f"{where} at {width} px breaks these words: {broken}"


def decision_of(page: Page, runner: int) -> dict[str, Any]:
    today: dict[str, Any] = page.request.get(f"/api/v1/runners/{runner}/today").json()
    return today


def test_an_activity_opens_from_the_list_and_its_changes_move_the_list_and_the_decision(
    page: Page,
) -> None:
    sign_in(page, "spike@demo.achillescare.org")
    expect(page).to_have_url(re.compile(r"/today$"))
    runner = page.request.get("/api/v1/me").json()["runner_id"]
    api = f"/api/v1/runners/{runner}/activities"
    listed = page.request.get(api, params={"limit": 1000}).json()["activities"]
    spike_run = max(listed[:7], key=lambda a: a["distance_m"])
    before = decision_of(page, runner)
    spike_before = next(s for s in before["signals"] if s["id"] == "single_run_spike")
    assert spike_before["status"] == "high"

    page.get_by_role("link", name="Activities", exact=True).click()
    fits(page, "/activities")  # the fixture's 360 px phone
    shoot(page, "activity-list")

    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/activities")
        page.get_by_role("link", name=spike_run["when_text"], exact=True).click()
        expect(page).to_have_url(re.compile(rf"/activities/{spike_run['id']}$"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("heading", name="Splits per kilometre")).to_be_visible()
        expect(page.locator(".chart-area svg").first).to_be_visible()
        fits(page, f"/activities/{spike_run['id']} ({label})")
    page.set_viewport_size({"width": 360, "height": 740})
    fits(page, f"/activities/{spike_run['id']}")
    shoot(page, "activity-page")

    page.get_by_label("Sport").select_option("cycling")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("p.meta").first).to_contain_text("Cycling")
    assert decision_of(page, runner)["signals"] != before["signals"]
    page.goto("/activities?sport=running")
    expect(page.get_by_role("link", name=spike_run["when_text"], exact=True)).to_have_count(0)
    page.goto(f"/activities/{spike_run['id']}")
    page.get_by_label("Sport").select_option("running")
    page.get_by_role("button", name="Save").click()
    assert decision_of(page, runner)["signals"] == before["signals"]

    page.get_by_label(re.compile("^Leave it out of the load because")).fill("GPS glitch")
    page.get_by_role("button", name="Leave it out").click()
    expect(page.get_by_text("Left out of the load: GPS glitch.")).to_be_visible()
    after = decision_of(page, runner)
    spike_after = next(s for s in after["signals"] if s["id"] == "single_run_spike")
    assert spike_after["status"] != "high"
    shoot(page, "activity-page-left-out")

    page.get_by_role("button", name="Count it again").click()
    assert decision_of(page, runner)["signals"] == before["signals"]
    page.get_by_role("button", name="Delete this activity").click()
    expect(page).to_have_url(re.compile(r"/activities$"))
    expect(page.get_by_role("link", name=spike_run["when_text"], exact=True)).to_have_count(0)
    remaining = page.request.get(api, params={"limit": 1000}).json()
    assert remaining["total"] == len(listed) - 1
    gone = decision_of(page, runner)
    assert next(s for s in gone["signals"] if s["id"] == "single_run_spike")["status"] != "high"
