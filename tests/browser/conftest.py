"""The real server in a subprocess and a real headless Chromium (Debian's, driven by Playwright).

As datasette's ``tests/test_playwright.py`` does: start ``achilles serve`` on a free loopback
port, poll until it answers, and attach the server's output to any failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """A running ``achilles serve --demo`` and where its output goes."""

    def __init__(self, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is absent: install Debian's chromium (scripts/install-system-deps does, "
            "as root) to run the browser tests"
        )
    folder = tmp_path_factory.mktemp("server")
    port = free_port()
    log = folder / "server.log"
    achilles = Path(sys.executable).parent / "achilles"
    command = [
        str(achilles),
        "--db",
        str(folder / "demo.db"),
        "serve",
        "--demo",
        "--port",
        str(port),
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"}
        )
    url = f"http://127.0.0.1:{port}"
    running = Server(url, process, log)
    try:
        _wait_until_up(running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(server: Server, timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"achilles serve exited ({server.process.returncode}):\n{server.output()}")
        try:
            with urllib.request.urlopen(f"{server.url}/signin", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    pytest.fail(f"achilles serve did not answer in {timeout_s:.0f} s:\n{server.output()}")


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
