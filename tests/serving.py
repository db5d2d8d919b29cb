"""The real ``achilles serve`` in a subprocess, for tests that need the whole HTTP stack.

As datasette's ``tests/test_playwright.py`` does: start it on a free loopback port, poll until it
answers, and attach the server's output to any failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """A running ``achilles serve`` and where its output goes."""

    def __init__(self, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def serving(db: Path, folder: Path, options: Sequence[str] = ()) -> Iterator[Server]:
    """``achilles --db DB serve --port P [options]`` until the block ends."""
    port = free_port()
    log = folder / f"server-{port}.log"
    achilles = Path(sys.executable).parent / "achilles"
    command = [str(achilles), "--db", str(db), "serve", "--port", str(port), *options]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"}
        )
    running = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_up(running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_up(server: Server, timeout_s: float = 90.0) -> None:
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
