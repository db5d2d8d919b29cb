"""axe-core (Deque's accessibility engine, vendored in ``vendor/``) run in a real headless
Chromium on every page a runner, a specialist or a visitor sees, at phone (390 × 844) and laptop
(1280 × 800) size: any ``serious`` or ``critical`` violation of WCAG 2.x A/AA fails, listed with
the rule, its help text and the elements it found."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from achillescare.demo.clinic import SPECIALIST_EMAIL
from tests.browser.test_e2e import sign_in
from tests.serving import Server

AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
SIZES: tuple[ViewportSize, ...] = ({"width": 390, "height": 844}, {"width": 1280, "height": 800})
BLOCKING = frozenset({"serious", "critical"})
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CHARTS_DRAWN = """() => document.querySelectorAll("[data-chart]").length ===
  document.querySelectorAll("[data-chart] svg[aria-hidden=true]").length"""
"""Every chart drawn by vega-embed and handed to its container's text alternative."""
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
    "/account",
    "/assessments",
)


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh tab whose page may run axe: the app's Content-Security-Policy refuses injected
    scripts, so this context (and only this one) bypasses it."""
    context = browser.new_context(base_url=server.url, viewport=SIZES[0], bypass_csp=True)
    opened = context.new_page()
    yield opened
    context.close()


def violations(page: Page) -> list[dict[str, Any]]:
    """The serious and critical axe violations on the page as it is now (charts drawn)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => result.violations)",
        WCAG_TAGS,
    )
    return [v for v in found if v["impact"] in BLOCKING]


def readable(where: str, found: list[dict[str, Any]]) -> str:
    """One paragraph per violation: rule, impact, help, and each element with axe's summary."""
    lines = [f"{where}: {len(found)} serious or critical accessibility violation(s)"]
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            target = " ".join(map(str, node["target"]))
            lines.append(f"    at {target}: {node['failureSummary'].replace(chr(10), ' ')}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def check_pages(page: Page, paths: tuple[str, ...]) -> list[str]:
    """Each page at each size; the reports of the pages that fail."""
    failures = []
    for path in paths:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        for size in SIZES:
            page.set_viewport_size(size)
            page.wait_for_function(CHARTS_DRAWN)
            found = violations(page)
            if found:
                failures.append(readable(f"{path} at {size['width']} px", found))
    return failures


def test_runner_pages_have_no_serious_accessibility_violations(page: Page) -> None:
    sign_in(page, "spike@demo.achillescare.org")
    expect(page).to_have_url(re.compile(r"/today$"))
    failures = check_pages(page, RUNNER_PAGES)
    assert not failures, "\n\n".join(failures)


def test_specialist_pages_have_no_serious_accessibility_violations(page: Page) -> None:
    sign_in(page, SPECIALIST_EMAIL)
    expect(page.locator("ol.runners > li").first).to_be_visible()
    runner = page.locator("ol.runners > li a").first.get_attribute("href")
    assert runner is not None
    failures = check_pages(page, ("/clinic", runner, f"{runner}/timeline", "/account"))
    assert not failures, "\n\n".join(failures)


def test_visitor_and_error_pages_have_no_serious_accessibility_violations(page: Page) -> None:
    failures = check_pages(page, ("/signin", "/signup"))
    sign_in(page, SPECIALIST_EMAIL)
    response = page.goto("/clinic/runners/999999")
    assert response is not None
    assert response.status in {403, 404}
    found = violations(page)
    if found:
        failures.append(readable("the error page", found))
    assert not failures, "\n\n".join(failures)


FOCUS_SHOWN = """element => {
  const drawn = element.matches(".scale-point input") ? element.nextElementSibling : element;
  const style = getComputedStyle(drawn);
  return element.matches(":focus-visible") && style.outlineStyle !== "none"
    && parseFloat(style.outlineWidth) >= 2;
}"""
"""Whether the focused element shows its focus: its own outline, or, for a pain-scale point
(a transparent radio over its number), the outline of the number drawn for it."""


def test_a_morning_check_in_is_completed_with_the_keyboard_alone(page: Page) -> None:
    """Tab from field to field (every stop shows its focus), arrows to answer, Enter to save."""
    sign_in(page, "steady@demo.achillescare.org")
    expect(page).to_have_url(re.compile(r"/today$"))
    page.goto("/checkin")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    answers = {"morning_pain": 2, "ran": 1}  # arrow presses: pain 2; "no" (the second choice)
    save = page.get_by_role("button", name="Save and see today's answer")
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        assert focused.evaluate(FOCUS_SHOWN), focused.evaluate("e => e.outerHTML")
        name = focused.get_attribute("name") or ""
        for _ in range(answers.pop(name, 0)):
            page.keyboard.press("ArrowRight")
        if focused.evaluate("e => e.textContent.trim()") == save.inner_text().strip():
            break
    else:
        raise AssertionError("the keyboard never reached the save button")
    assert answers == {}, f"the keyboard never reached {sorted(answers)}"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/today\?saved="))
    runner_id = page.request.get("/api/v1/me").json()["runner_id"]
    day = page.request.get(f"/api/v1/runners/{runner_id}/today").json()["as_of"]
    stored = page.request.get(f"/api/v1/runners/{runner_id}/checkins/{day}/left").json()
    latest = stored["versions"][-1]["answers"]
    assert (latest["morning_pain"], latest["ran"]) == (2, False)
