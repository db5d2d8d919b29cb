"""The installable web app in a real headless Chromium against the real ``achilles serve --demo``:
the manifest is served and valid (Chromium's own manifest parser finds no error), the service
worker takes control, and a check-in made offline is kept on the device, sent once when the
network is back, and never stored twice — not even when the device sends it a second time."""

from __future__ import annotations

import io
import re
from typing import Any

from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.test_e2e import sign_in

RUNNER = "rehab@demo.achillescare.org"
SW_READY = "navigator.serviceWorker.ready.then(r => r.active.scriptURL)"


def versions(page: Page, day: str, side: str = "left") -> list[dict[str, Any]]:
    """The stored versions of the signed-in runner's check-in (the JSON API)."""
    runner_id = page.request.get("/api/v1/me").json()["runner_id"]
    found = page.request.get(f"/api/v1/runners/{runner_id}/checkins/{day}/{side}")
    assert found.ok, found.text()
    listed: list[dict[str, Any]] = found.json()["versions"]
    return listed


def test_the_manifest_is_served_valid_with_its_icons(page: Page) -> None:
    page.goto("/signin")
    assert page.locator('link[rel="manifest"]').get_attribute("href") == "/manifest.webmanifest"
    parsed = page.context.new_cdp_session(page).send("Page.getAppManifest")
    assert parsed["errors"] == []
    response = page.request.get("/manifest.webmanifest")
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = response.json()
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == (
        "AchillesCare",
        "/",
        "standalone",
    )
    sizes = set()
    for icon in manifest["icons"]:
        served = page.request.get(icon["src"])
        assert served.ok
        assert served.headers["content-type"].startswith(icon["type"])
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(served.body())).size
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add(width)
    assert sizes == {192, 512}


def test_the_service_worker_takes_control_and_keeps_no_private_page(page: Page) -> None:
    sign_in(page, RUNNER)
    expect(page).to_have_url(re.compile(r"/today$"))
    assert page.evaluate(SW_READY).endswith("/sw.js")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    cached = page.evaluate(
        "caches.keys().then(names => Promise.all(names.map(n => caches.open(n)"
        ".then(c => c.keys())))).then(lists => lists.flat().map(r => new URL(r.url).pathname))"
    )
    assert "/static/app.css" in cached
    assert all(path.startswith("/static/") for path in cached), cached
    page.context.set_offline(True)
    page.goto("/today")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    page.context.set_offline(False)


def test_a_check_in_made_offline_is_sent_once_back_online(page: Page) -> None:
    sign_in(page, RUNNER)
    expect(page).to_have_url(re.compile(r"/today$"))
    page.goto("/checkin")
    page.evaluate(SW_READY)
    day = page.evaluate("new Date().toLocaleDateString('en-CA')")  # YYYY-MM-DD on the device
    before = versions(page, day)
    pain = 3 if before and before[-1]["answers"]["morning_pain"] != 3 else 4

    page.context.set_offline(True)
    page.locator(f'input[name="morning_pain"][value="{pain}"]').check()
    page.get_by_role("group", name="Did you run since your last check-in?").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name="Save and see today's answer").click()
    outbox = page.locator("#outbox")
    expect(outbox).to_contain_text("1 check-in is saved on this device")
    expect(page).to_have_url(re.compile(r"/checkin$"))
    assert versions(page, day) == before  # nothing reached the server

    page.context.set_offline(False)
    expect(outbox).to_contain_text("has been sent")
    after = versions(page, day)
    assert len(after) == len(before) + 1
    assert after[-1]["answers"]["morning_pain"] == pain
    assert after[-1]["answers"]["ran"] is False

    page.reload()  # loading a page sends what is kept: nothing is left
    expect(page.get_by_role("heading", name="Morning check-in")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert versions(page, day) == after
    assert page.evaluate(KEPT_COUNT) == 0

    # The tab closed after the server stored it but before the queue forgot it: sent again, the
    # same answers add no version.
    page.evaluate(KEEP_AGAIN, {"day": day, "pain": str(pain)})
    page.reload()
    expect(page.locator("#outbox")).to_contain_text("has been sent")
    assert page.evaluate(KEPT_COUNT) == 0
    assert versions(page, day) == after


KEPT_COUNT = """() => new Promise(resolve => {
  const opening = indexedDB.open("achillescare-outbox", 1);
  opening.onsuccess = () => {
    const count = opening.result.transaction("forms").objectStore("forms").count();
    count.onsuccess = () => { opening.result.close(); resolve(count.result); };
  };
})"""
KEEP_AGAIN = """({day, pain}) => new Promise(resolve => {
  const opening = indexedDB.open("achillescare-outbox", 1);
  opening.onsuccess = () => {
    const tx = opening.result.transaction("forms", "readwrite");
    tx.objectStore("forms").put({
      id: crypto.randomUUID(), account: document.body.dataset.account, path: "/checkin", day,
      fields: [["side", "left"], ["morning_pain", pain], ["ran", "no"], ["date", day]],
      queuedAt: new Date().toISOString(),
    });
    tx.oncomplete = () => { opening.result.close(); resolve(null); };
  };
})"""
