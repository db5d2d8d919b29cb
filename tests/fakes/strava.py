"""A fake Strava on 127.0.0.1: a real HTTP server answering as Strava's API v3 and OAuth do.

Its answers have the shapes of Strava's public documentation and of the recorded answers in
dblock/strava-ruby-client's VCR cassettes (MIT, see ``tests/data/strava/NOTICE``): every listed
activity is the recorded ``SummaryActivity`` with its values replaced by one of our corpus runs,
streams come keyed by type, errors carry Strava's ``message``/``errors`` bodies, and every answer
states ``X-RateLimit-*`` and ``X-ReadRateLimit-*``. It enforces what a sync must respect: tokens
expire (401 after ``expires_at`` on the fake's clock), a refresh token is good once, the read
rate limit (``limits``; the overall one is twice it, as recorded) answers 429 past its count,
deauthorisation revokes every token, lists page by ``after``/``page``/``per_page`` (oldest
first when ``after`` is given, as Strava does).
"""

from __future__ import annotations

import copy
import json
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np

from achillescare.domain.activity.records import ParsedActivity
from achillescare.importers.sources import discover, read
from tests.fakes.loopback import loopback_server

TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "strava" / "summary_activity.json"
ATHLETE_ID = 26462176
CLIENT_ID = "24523"
CLIENT_SECRET = "client-secret"
NOT_FOUND = {"message": "Record Not Found", "errors": [{"code": "invalid"}]}
STRAVA_TYPES = {"running": "Run", "trail_running": "TrailRun", "cycling": "Ride", "walking": "Walk"}


@dataclass(frozen=True, slots=True)
class Recorded:
    """One request the fake answered: method, path, query and status."""

    method: str
    path: str
    query: dict[str, str]
    status: int


def _filled(values: np.ndarray) -> list[float]:
    """A channel without gaps (Strava's streams have none): gaps take the nearest sample."""
    data = values.astype(float)
    if np.isnan(data).all():
        return []
    index = np.where(~np.isnan(data), np.arange(len(data)), 0)
    np.maximum.accumulate(index, out=index)
    data = data[index]
    first = int(np.argmax(~np.isnan(data)))
    data[:first] = data[first]
    return [round(float(v), 2) for v in data]


def strava_activity(
    parsed: ParsedActivity, activity_id: int, *, sport: str | None = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The SummaryActivity and keyed streams Strava would serve for this corpus activity:
    cadence per leg (half the steps per minute), whole seconds for times."""
    summary = copy.deepcopy(json.loads(TEMPLATE.read_text(encoding="utf-8")))
    kind = STRAVA_TYPES.get(sport or parsed.sport, "Workout")
    s = parsed.summary
    streams = parsed.streams
    elapsed = s.elapsed_s or (float(streams.time_s[-1]) if streams is not None else 0.0)
    cadence = s.avg_cadence_spm
    offset = parsed.utc_offset_s or 0
    local = parsed.start_utc.timestamp() + offset
    summary.update(
        {
            "id": activity_id,
            "athlete": {"id": ATHLETE_ID, "resource_state": 1},
            "name": parsed.name or f"{kind} {parsed.start_utc:%Y-%m-%d}",
            "distance": round(s.distance_m or 0.0, 1),
            "moving_time": int(s.moving_s or elapsed),
            "elapsed_time": int(elapsed),
            "total_elevation_gain": round(s.elevation_gain_m or 0.0, 1),
            "type": kind,
            "sport_type": kind,
            "start_date": f"{parsed.start_utc:%Y-%m-%dT%H:%M:%SZ}",
            "start_date_local": f"{datetime.fromtimestamp(local, UTC):%Y-%m-%dT%H:%M:%SZ}",
            "utc_offset": float(offset),
            "map": {"id": f"a{activity_id}", "summary_polyline": None, "resource_state": 2},
            "average_cadence": None if cadence is None else round(cadence / 2, 1),
            "has_heartrate": s.avg_heart_rate_bpm is not None,
            "average_heartrate": s.avg_heart_rate_bpm,
            "max_heartrate": s.max_heart_rate_bpm,
            "upload_id": activity_id + 1_000_000,
            "upload_id_str": str(activity_id + 1_000_000),
            "external_id": f"corpus_{activity_id}.fit",
        }
    )
    if streams is None:
        return summary, None
    channels: dict[str, list[Any]] = {"time": [int(t) for t in streams.time_s]}
    for key, values, scale in (
        ("distance", streams.distance_m, 1.0),
        ("altitude", streams.altitude_m, 1.0),
        ("heartrate", streams.heart_rate_bpm, 1.0),
        ("cadence", streams.cadence_spm, 0.5),
    ):
        if values is not None and len(filled := _filled(values * scale)) > 0:
            channels[key] = [round(v) for v in filled] if key != "distance" else filled
    if streams.latitude_deg is not None and streams.longitude_deg is not None:
        lat, lon = _filled(streams.latitude_deg), _filled(streams.longitude_deg)
        if lat and lon:
            channels["latlng"] = [[a, b] for a, b in zip(lat, lon, strict=True)]
    keyed = {
        key: {
            "data": data,
            "series_type": "distance" if "distance" in channels else "time",
            "original_size": len(data),
            "resolution": "high",
        }
        for key, data in channels.items()
    }
    return summary, keyed


def corpus_activities(path: Path) -> list[ParsedActivity]:
    """The activities one corpus file holds, as the importers read them."""
    discovery = discover([path])
    try:
        return [parsed for ref in discovery.refs for parsed in read(ref).activities]
    finally:
        discovery.close()


@dataclass
class FakeStrava:
    """The fake's state: the athlete's activities, the tokens it issued, its clock and limits."""

    now: float = field(default_factory=lambda: datetime.now(UTC).timestamp())
    limits: tuple[int, int] = (100, 1000)
    usage: list[int] = field(default_factory=lambda: [0, 0])
    activities: list[dict[str, Any]] = field(default_factory=list)
    streams: dict[int, dict[str, Any]] = field(default_factory=dict)
    access_tokens: dict[str, float] = field(default_factory=dict)
    refresh_tokens: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    deauthorized: bool = False
    spent_elsewhere_after: int | None = None
    """After this many requests in the window, another server of the same application spends
    the rest of it (Strava's limits are per application): the next request gets a 429 that no
    earlier usage header foretold."""
    log: list[Recorded] = field(default_factory=list)
    base_url: str = ""

    def add(self, parsed: ParsedActivity, activity_id: int, *, sport: str | None = None) -> None:
        summary, streams = strava_activity(parsed, activity_id, sport=sport)
        self.activities.append(summary)
        if streams is not None:
            self.streams[activity_id] = streams

    def issue_tokens(self, *, expires_in: float = 21600) -> dict[str, Any]:
        """New tokens, as ``POST /oauth/token`` answers."""
        access, refresh = secrets.token_hex(20), secrets.token_hex(20)
        expires_at = int(self.now + expires_in)
        self.access_tokens[access] = expires_at
        self.refresh_tokens.add(refresh)
        return {
            "token_type": "Bearer",
            "access_token": access,
            "expires_at": expires_at,
            "expires_in": int(expires_in),
            "refresh_token": refresh,
        }

    def new_window(self) -> None:
        """The next 15-minute window: its count starts again."""
        self.usage[0] = 0
        self.spent_elsewhere_after = None

    def requests_to(self, path_end: str) -> list[Recorded]:
        return [r for r in self.log if r.path.endswith(path_end)]

    # --- answering ---------------------------------------------------------------------------

    def answer(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, Any]:
        if path == "/oauth/token":
            return self._token(query)
        if self.spent_elsewhere_after is not None and self.usage[0] >= self.spent_elsewhere_after:
            self.usage[0] = self.limits[0]
        self.usage[0] += 1
        self.usage[1] += 1
        if self.usage[0] > self.limits[0] or self.usage[1] > self.limits[1]:
            return 429, {
                "errors": "Rate Limit Exceeded",
                "status": 429,
                "message": "Too Many Requests",
            }
        token = headers.get("authorization", "").removeprefix("Bearer ")
        if path == "/oauth/deauthorize":
            token = query.get("access_token", token)
        expires = self.access_tokens.get(token)
        if self.deauthorized or expires is None or expires <= self.now:
            return 401, {
                "message": "Authorization Error",
                "errors": [{"resource": "Athlete", "field": "access_token", "code": "invalid"}],
            }
        if path == "/oauth/deauthorize":
            self.deauthorized = True
            return 200, {"access_token": token}
        return self._api(path.removeprefix("/api/v3"), query)

    def _token(self, form: dict[str, str]) -> tuple[int, Any]:
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {
                "message": "Bad Request",
                "errors": [{"resource": "Application", "field": "client_id", "code": "invalid"}],
            }
        grant = form.get("grant_type")
        if grant == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
            if self.deauthorized:
                return 400, {"message": "Bad Request", "errors": [{"resource": "RefreshToken"}]}
            self.refresh_tokens.discard(form["refresh_token"])
            return 200, self.issue_tokens()
        if grant == "authorization_code" and form.get("code") in self.codes:
            self.codes.discard(form["code"])
            athlete = {"id": ATHLETE_ID, "resource_state": 2, "firstname": "Ana"}
            return 200, {**self.issue_tokens(), "athlete": athlete}
        return 400, {
            "message": "Bad Request",
            "errors": [{"resource": "RequestToken", "field": "code", "code": "invalid"}],
        }

    def _api(self, path: str, query: dict[str, str]) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        if parts == ["athlete"]:
            return 200, {"id": ATHLETE_ID, "resource_state": 3, "firstname": "Ana"}
        if parts == ["athlete", "activities"]:
            return 200, self._listing(query)
        if len(parts) >= 2 and parts[0] == "activities" and parts[1].isdigit():
            found = [a for a in self.activities if a["id"] == int(parts[1])]
            if not found:
                return 404, NOT_FOUND
            if len(parts) == 2:
                return 200, {**found[0], "resource_state": 3, "device_name": "Garmin fenix 2"}
            if parts[2:] == ["streams"] and query.get("key_by_type") == "true":
                keys = set(query.get("keys", "").split(",")) | {"distance"}
                streams = self.streams.get(found[0]["id"])
                if streams is None:
                    return 404, NOT_FOUND
                return 200, {k: v for k, v in streams.items() if k in keys}
        return 404, NOT_FOUND

    def _listing(self, query: dict[str, str]) -> list[dict[str, Any]]:
        after, before = query.get("after"), query.get("before")
        page, per_page = int(query.get("page", 1)), int(query.get("per_page", 30))

        def start(a: dict[str, Any]) -> float:
            return datetime.fromisoformat(a["start_date"].replace("Z", "+00:00")).timestamp()

        chosen = [
            a
            for a in self.activities
            if (after is None or start(a) > int(after))
            and (before is None or start(a) < int(before))
        ]
        chosen.sort(key=start, reverse=after is None)
        return chosen[(page - 1) * per_page : page * per_page]


def _handler(fake: FakeStrava) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if method == "POST":
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length).decode()
                query.update({k: v[-1] for k, v in parse_qs(body).items()})
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, payload = fake.answer(method, url.path, query, headers)
            fake.log.append(Recorded(method, url.path, query, status))
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            # As recorded: the overall limits twice the read limits that GETs spend.
            limits, usage = fake.limits, fake.usage
            self.send_header("X-RateLimit-Limit", f"{2 * limits[0]},{2 * limits[1]}")
            self.send_header("X-RateLimit-Usage", f"{usage[0]},{usage[1]}")
            self.send_header("X-ReadRateLimit-Limit", f"{limits[0]},{limits[1]}")
            self.send_header("X-ReadRateLimit-Usage", f"{usage[0]},{usage[1]}")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test reads ``fake.log`` instead."""

    return Handler


@contextmanager
def running(fake: FakeStrava) -> Iterator[FakeStrava]:
    """Serve ``fake`` on a free loopback port for the duration; ``fake.base_url`` is its API base."""
    with loopback_server(_handler(fake)) as address:
        fake.base_url = f"{address}/api/v3"
        yield fake


def add_corpus_runs(fake: FakeStrava, paths: Sequence[Path], first_id: int = 9_000_001) -> None:
    """Put the first activity of each file into the athlete's Strava, ids counting up."""
    for number, path in enumerate(paths):
        fake.add(corpus_activities(path)[0], first_id + number)
