"""The real server in a subprocess (:mod:`tests.serving`) and a real headless Chromium
(Debian's, driven by Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.serving import Server, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = REPO / "artifacts" / "screenshots"
WIDTHS = {"phone": (360, 740), "laptop": (1280, 800)}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is absent: install Debian's chromium (scripts/install-system-deps does, "
            "as root) to run the browser tests"
        )
    folder = tmp_path_factory.mktemp("server")
    with serving(folder / "demo.db", folder, ["--demo"]) as running:
        yield running


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[object]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failing browser test carries the server's own output."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    server = getattr(item, "funcargs", {}).get("server")
    if report.when == "call" and report.failed and isinstance(server, Server):
        report.sections.append(("achilles serve output", server.output()))


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh phone-sized tab on the served app (its own cookies), closed afterwards."""
    width, height = WIDTHS["phone"]
    context = browser.new_context(base_url=server.url, viewport={"width": width, "height": height})
    opened = context.new_page()
    yield opened
    context.close()
