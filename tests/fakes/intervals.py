"""A fake intervals.icu: a real HTTP server on 127.0.0.1 that answers the calls a sync makes with
JSON shaped as the public API documentation (https://intervals.icu/api-docs.html) and the
intervals.icu forum show it, and serves real FIT files from the shared corpus as the activities'
original files.

Shapes replayed:

- ``GET /api/v1/athlete/{id}``: the athlete object (``id`` like ``"i4242"``, ``name`` …); id ``0``
  is the key's own athlete;
- ``GET /api/v1/athlete/{id}/activities?oldest=&newest=``: a list, newest first, of activity
  objects (``id`` ``"i…"``, ``start_date_local`` without zone, ``start_date`` in UTC, ``type``,
  ``distance`` in metres, ``moving_time`` and ``elapsed_time`` in seconds, ``source`` …), and
  Strava stubs (``id``, ``start_date_local``, ``source: "STRAVA"``, ``_note``);
- ``GET /api/v1/activity/{id}/file``: the original file, gzip-compressed (``files`` holds it
  as the watch wrote it); 404 with ``{"status": 404, "error": …}`` when there is none;
- ``GET /api/v1/athlete/{id}/wellness?oldest=&newest=``: a list of day records (``id`` the date,
  ``restingHR``, ``hrv``, ``sleepSecs``, ``sleepScore``, ``soreness``, ``injury``, ``ctl``, ``atl``,
  ``weight`` …; ``null`` where nothing was recorded);
- a wrong key: 401 ``{"status": 401, "error": "Unauthorized"}``; past ``throttle_after``
  requests: 429 with ``Retry-After``.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.loopback import loopback_server

API_KEY = "7x3kq0testkey5p2"
ATHLETE_ID = "i4242"


@dataclass
class FakeIntervals:
    """What the fake serves, changeable between requests; ``requests`` logs each path asked."""

    activities: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    wellness: list[dict[str, Any]] = field(default_factory=list)
    api_key: str = API_KEY
    athlete_id: str = ATHLETE_ID
    throttle_after: int | None = None
    retry_after_s: int = 30
    requests: list[str] = field(default_factory=list)
    """Every request's path and query, in order."""
    url: str = ""

    def asked(self, ending: str) -> list[str]:
        """The requests (path and query) whose path ends with ``ending``."""
        return [asked for asked in self.requests if urlsplit(asked).path.endswith(ending)]

    def file_requests(self) -> list[str]:
        return self.asked("/file")


def _in_range(day: str, query: dict[str, list[str]]) -> bool:
    oldest = query.get("oldest", ["0000-01-01"])[0]
    newest = query.get("newest", ["9999-12-31"])[0]
    return oldest <= day[:10] <= newest


def _handler(fake: FakeIntervals) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test asserts on ``fake.requests`` instead."""

        def _send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, value: Any, **headers: str) -> None:
            self._send(status, json.dumps(value).encode(), "application/json", **headers)

        def _authorised(self) -> bool:
            expected = base64.b64encode(f"API_KEY:{fake.api_key}".encode()).decode()
            return self.headers.get("Authorization") == f"Basic {expected}"

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            fake.requests.append(self.path)
            if fake.throttle_after is not None and len(fake.requests) > fake.throttle_after:
                error = {"status": 429, "error": "Too many requests"}
                self._json(429, error, Retry_After=str(fake.retry_after_s))
                return
            if not self._authorised():
                self._json(401, {"status": 401, "error": "Unauthorized"})
                return
            query = parse_qs(parts.query)
            segments = parts.path.strip("/").split("/")
            match segments:
                case ["api", "v1", "athlete", athlete]:
                    if athlete not in ("0", fake.athlete_id):
                        self._json(403, {"status": 403, "error": "Access denied"})
                        return
                    self._json(200, {"id": fake.athlete_id, "name": "Ana Runner", "sex": "F"})
                case ["api", "v1", "athlete", athlete, "activities"]:
                    listed = [a for a in fake.activities if _in_range(a["start_date_local"], query)]
                    listed.sort(key=lambda a: a["start_date_local"], reverse=True)
                    self._json(200, listed)
                case ["api", "v1", "athlete", athlete, "wellness"]:
                    self._json(200, [w for w in fake.wellness if _in_range(w["id"], query)])
                case ["api", "v1", "activity", activity_id, "file"]:
                    data = fake.files.get(activity_id)
                    if data is None:
                        self._json(404, {"status": 404, "error": "Activity has no file"})
                        return
                    self._send(200, gzip.compress(data), "application/octet-stream")
                case _:
                    self._json(404, {"status": 404, "error": "Not Found"})

    return Handler


@contextmanager
def serving(fake: FakeIntervals) -> Iterator[FakeIntervals]:
    """Serve ``fake`` on a free loopback port until the block ends; ``fake.url`` says where."""
    with loopback_server(_handler(fake)) as address:
        fake.url = address
        yield fake


def activity(
    activity_id: str,
    start_local: str,
    start_utc: str,
    kind: str,
    distance_m: float,
    moving_s: int,
    elapsed_s: int | None = None,
) -> dict[str, Any]:
    """An activity object of the list, as intervals.icu shows one uploaded from a watch."""
    return {
        "id": activity_id,
        "icu_athlete_id": ATHLETE_ID,
        "start_date_local": start_local,
        "start_date": start_utc,
        "type": kind,
        "name": f"Morning {kind}",
        "description": None,
        "distance": distance_m,
        "moving_time": moving_s,
        "elapsed_time": elapsed_s if elapsed_s is not None else moving_s,
        "total_elevation_gain": None,
        "source": "GARMIN_CONNECT",
        "file_type": "fit",
        "trainer": False,
        "icu_training_load": 42,
        "average_heartrate": 148,
    }


def strava_stub(activity_id: str, start_local: str) -> dict[str, Any]:
    """An activity intervals.icu received from Strava: what the list shows of it."""
    return {
        "id": activity_id,
        "icu_athlete_id": ATHLETE_ID,
        "start_date_local": start_local,
        "source": "STRAVA",
        "_note": "STRAVA activities are not available via the API",
    }


def wellness_day(day: str, **figures: Any) -> dict[str, Any]:
    """A wellness record: every documented field present, ``null`` unless given."""
    record: dict[str, Any] = {
        "id": day,
        "ctl": 41.2,
        "atl": 38.5,
        "rampRate": 0.8,
        "weight": None,
        "restingHR": None,
        "hrv": None,
        "hrvSDNN": None,
        "sleepSecs": None,
        "sleepScore": None,
        "sleepQuality": None,
        "soreness": None,
        "fatigue": None,
        "stress": None,
        "mood": None,
        "motivation": None,
        "injury": None,
        "readiness": None,
        "comments": None,
        "updated": f"{day}T07:02:11.123+00:00",
    }
    record.update(figures)
    return record
