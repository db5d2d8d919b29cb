"""Waiting for a background import (``POST /upload``, ``POST …/imports``) to finish, as the
upload page does: ask for the job every so often until it is done."""

from __future__ import annotations

import re
import time
from typing import Any, Protocol
from urllib.parse import urljoin

POLL_S = 0.1
TIMEOUT_S = 120.0


class Answer(Protocol):
    """A response of httpx's or of the test client's (httpx2's): what is read of it."""

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Any: ...
    @property
    def url(self) -> Any: ...
    @property
    def text(self) -> str: ...
    def json(self) -> Any: ...


class Asker(Protocol):
    """An httpx client, or the app's test client."""

    def get(self, url: str, *, headers: dict[str, str] | None = None) -> Any: ...


def api_import(client: Asker, response: Answer, timeout_s: float = TIMEOUT_S) -> Any:
    """The finished job of a ``POST …/imports`` answer (202 + ``Location``), polled until done."""
    assert response.status_code == 202, response.text
    location = urljoin(str(response.url), response.headers["location"])
    deadline = time.monotonic() + timeout_s
    while True:
        job = client.get(location).json()
        if job["status"] in {"done", "failed"}:
            return job
        assert time.monotonic() < deadline, f"import still {job['status']}: {job}"
        time.sleep(POLL_S)


_JOB = re.compile(r'hx-get="(/upload/jobs/\d+)"')


def page_import(client: Asker, response: Answer, timeout_s: float = TIMEOUT_S) -> str:
    """The upload page's final fragment: follow the progress element's ``hx-get`` (as htmx
    does every second) until the fragment no longer polls."""
    text = response.text
    deadline = time.monotonic() + timeout_s
    while (found := _JOB.search(text)) is not None:
        assert time.monotonic() < deadline, text
        time.sleep(POLL_S)
        url = urljoin(str(response.url), found.group(1))
        page = client.get(url, headers={"hx-request": "true"})
        assert page.status_code == 200, page.text
        text = page.text
    return text
