"""In a real headless Chromium against the real ``achilles serve --demo``: a runner deletes one
activity from the activities list and leaves another out of the load; the list changes in
place (htmx), and after a reload the deleted one is still gone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_e2e import shoot, sign_in


def test_a_runner_deletes_one_activity_from_the_list(page: Page) -> None:
    sign_in(page, "spike@demo.achillescare.org")
    expect(page).to_have_url(re.compile(r"/today$"))
    me = page.request.get("/api/v1/me").json()
    api = f"/api/v1/runners/{me['runner_id']}/activities"
    before = page.request.get(api, params={"limit": 1000}).json()["activities"]
    newest = before[0]

    page.get_by_role("link", name="Activities", exact=True).click()
    rows = page.locator("table.activities tbody.activity")
    expect(rows).to_have_count(len(before))
    row = page.locator(f"#activity-{newest['id']}")
    row.get_by_text("Delete…").click()
    row.get_by_role("button", name=re.compile(r"^Delete the activity of .* for good$")).click()
    expect(page.locator(f"#activity-{newest['id']}")).to_have_count(0)
    expect(rows).to_have_count(len(before) - 1)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/activities is {overflow} px wider than a 360 px phone"
    shoot(page, "activities-after-delete")

    second = page.locator(f"#activity-{before[1]['id']}")
    second.get_by_text("Leave out of the load…").click()
    second.get_by_label("Why (e.g. GPS glitch, not my run)").fill("not my run")
    second.get_by_role("button", name=re.compile(r"out of the load$")).click()
    left_out = page.locator(f"#activity-{before[1]['id']}")
    expect(left_out).to_contain_text("Left out of the load: not my run")
    expect(left_out.get_by_role("button", name=re.compile(r"^Count the activity"))).to_be_visible()

    page.reload()
    expect(rows).to_have_count(len(before) - 1)
    expect(page.locator(f"#activity-{newest['id']}")).to_have_count(0)
    after = page.request.get(api, params={"limit": 1000}).json()["activities"]
    assert [a["id"] for a in after] == [a["id"] for a in before[1:]]
    assert after[0]["excluded_reason"] == "not my run"
