"""A thin httpx layer over the parts of Strava's API v3 a sync needs, with its rate limits.

Endpoints (https://developers.strava.com/docs/reference/): ``GET /athlete``,
``GET /athlete/activities`` (``after``, ``page``, ``per_page``), ``GET /activities/{id}``,
``GET /activities/{id}/streams`` (``keys``, ``key_by_type=true``: one object per stream type),
and OAuth beside the API: ``POST /oauth/token`` (``authorization_code`` and ``refresh_token``
grants) and ``POST /oauth/deauthorize``.

Rate limits (https://developers.strava.com/docs/rate-limits/): an application may make 100
requests per 15 minutes and 1,000 per day unless Strava granted more; the 15-minute windows
start on the quarter hour and the day at midnight UTC. Every answer states the limits and the
usage so far (``X-RateLimit-Limit: 100,1000``, ``X-RateLimit-Usage: 8,151``; reads also have
``X-ReadRateLimit-*``). The client keeps the tighter of the two, refuses to send a request the
window has no room for, and turns a 429 into :class:`~achillescare.errors.RateLimited` carrying
when the window opens again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from achillescare.errors import LinkRevoked, RateLimited, ServiceUnavailable
from achillescare.services.sync.http import HttpSession
from achillescare.settings import StravaSettings

DEFAULT_LIMITS = (100, 1000)
"""Strava's default application limits: requests per 15 minutes, per day."""
STREAM_KEYS = ("time", "distance", "altitude", "heartrate", "cadence", "latlng", "velocity_smooth")
"""The streams a run's record is built from (cadence is per leg: see strava_records)."""
TIMEOUT_S = 30.0
SCOPE = "read,activity:read_all"
"""Asked at connect: the athlete's activities, private ones included (a runner's easy runs are
often private, and they count for load as much as the public ones)."""

Json = dict[str, Any]

_RATE_HEADERS = (
    ("x-ratelimit-limit", "x-ratelimit-usage"),
    ("x-readratelimit-limit", "x-readratelimit-usage"),
)


@dataclass(slots=True)
class RateBudget:
    """The tightest limits and usage Strava reported, per 15 minutes and per day."""

    limit_15min: int = DEFAULT_LIMITS[0]
    limit_day: int = DEFAULT_LIMITS[1]
    used_15min: int = 0
    used_day: int = 0

    def observe(self, headers: httpx.Headers) -> None:
        """Take the limits and usage an answer states (overall and read: the tighter)."""
        windows = []
        for limit_name, usage_name in _RATE_HEADERS:
            limits, usage = _pair(headers.get(limit_name)), _pair(headers.get(usage_name))
            if limits is not None and usage is not None:
                windows.append((limits, usage))
        if windows:
            self.limit_15min, self.used_15min = min(
                ((limits[0], usage[0]) for limits, usage in windows), key=lambda p: p[0] - p[1]
            )
            self.limit_day, self.used_day = min(
                ((limits[1], usage[1]) for limits, usage in windows), key=lambda p: p[0] - p[1]
            )

    def resume_after(self, now: datetime) -> datetime | None:
        """When a spent window opens again, or None while both have room."""
        if self.used_day >= self.limit_day:
            return next_day(now)
        if self.used_15min >= self.limit_15min:
            return next_quarter_hour(now)
        return None


def _pair(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    parts = value.split(",")
    try:
        return (int(parts[0]), int(parts[1])) if len(parts) == 2 else None
    except ValueError:
        return None


def next_quarter_hour(now: datetime) -> datetime:
    """The start of the next 15-minute window (Strava's windows start at :00, :15, :30, :45)."""
    now = now.astimezone(UTC)
    start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    return start + timedelta(minutes=15)


def next_day(now: datetime) -> datetime:
    """Midnight UTC after ``now``, when Strava's daily count starts again."""
    now = now.astimezone(UTC)
    return now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def authorize_url(settings: StravaSettings, redirect_uri: str, state: str) -> str:
    """Strava's consent page for this app, returning to ``redirect_uri`` with ``state``."""
    query = urlencode(
        {
            "client_id": settings.client_id or "",
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "approval_prompt": "auto",
            "scope": SCOPE,
            "state": state,
        }
    )
    return f"{settings.site}/oauth/authorize?{query}"


class StravaApi(HttpSession):
    """One conversation with Strava: an httpx client, the runner's access token and the rate
    budget. ``now`` dates a refused request's resume time."""

    def __init__(
        self,
        settings: StravaSettings,
        *,
        now: datetime,
        access_token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.now = now
        self.access_token = access_token
        self.budget = RateBudget()
        self.requests = 0
        self._http = httpx.Client(
            timeout=TIMEOUT_S, transport=transport, headers={"Accept": "application/json"}
        )

    # --- the API -------------------------------------------------------------------------

    def athlete(self) -> Json:
        """The authenticated athlete (its ``id`` is what webhook events name)."""
        return self._object(self._call("GET", "/athlete"))

    def activities(self, *, after: int, page: int, per_page: int) -> list[Json]:
        """One page of the athlete's activities that started after ``after`` (Unix seconds),
        oldest first (Strava's order when ``after`` is given)."""
        answer = self._call(
            "GET",
            "/athlete/activities",
            params={"after": after, "page": page, "per_page": per_page},
        )
        if not isinstance(answer, list):
            raise ServiceUnavailable("Strava sent something other than a list of activities")
        return [item for item in answer if isinstance(item, dict)]

    def activity(self, activity_id: str) -> Json:
        return self._object(self._call("GET", f"/activities/{activity_id}"))

    def activity_if_any(self, activity_id: str) -> Json | None:
        """The activity, or None when Strava has it no more (deleted, or no longer the
        athlete's)."""
        answer = self._call("GET", f"/activities/{activity_id}", missing_ok=True)
        return None if answer is None else self._object(answer)

    def streams(self, activity_id: str) -> Json | None:
        """The activity's streams keyed by type, or None when it has none (a manual entry)."""
        answer = self._call(
            "GET",
            f"/activities/{activity_id}/streams",
            params={"keys": ",".join(STREAM_KEYS), "key_by_type": "true"},
            missing_ok=True,
        )
        return answer if isinstance(answer, dict) and answer else None

    # --- OAuth ---------------------------------------------------------------------------

    def exchange_code(self, code: str) -> Json:
        """Tokens and athlete for the code Strava's consent page returned."""
        return self._token({"grant_type": "authorization_code", "code": code})

    def refresh(self, refresh_token: str) -> Json:
        """New tokens for an access token that expired or soon will."""
        return self._token({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def deauthorize(self) -> None:
        """Revoke this app's access to the athlete (the runner disconnected)."""
        self._call(
            "POST", "/oauth/deauthorize", oauth=True, form={"access_token": self.access_token or ""}
        )

    def _token(self, grant: dict[str, str]) -> Json:
        if not (self.settings.client_id and self.settings.client_secret):
            raise ServiceUnavailable(
                "the Strava token needs renewing, and this server has no Strava client id and "
                "secret to do it (ACHILLES_STRAVA_CLIENT_ID, ACHILLES_STRAVA_CLIENT_SECRET)"
            )
        form = {
            "client_id": self.settings.client_id,
            "client_secret": self.settings.client_secret,
            **grant,
        }
        answer = self._object(
            self._call("POST", "/oauth/token", oauth=True, form=form, bearer=False)
        )
        if not isinstance(answer.get("access_token"), str):
            raise ServiceUnavailable("Strava's token answer holds no access token")
        return answer

    # --- one request ---------------------------------------------------------------------

    def _object(self, answer: object) -> Json:
        if not isinstance(answer, dict):
            raise ServiceUnavailable("Strava sent something other than an object")
        return answer

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str | int] | None = None,
        form: dict[str, str] | None = None,
        oauth: bool = False,
        bearer: bool = True,
        missing_ok: bool = False,
    ) -> object:
        resume = self.budget.resume_after(self.now)
        if resume is not None:
            raise RateLimited(f"Strava's rate limit is reached until {resume:%H:%M} UTC", resume)
        url = f"{self.settings.site if oauth else self.settings.api_base}{path}"
        headers = {}
        if bearer and self.access_token:
            headers["Authorization"] = f"Bearer {self.access_token}"
        try:
            response = self._http.request(method, url, params=params, data=form, headers=headers)
        except httpx.HTTPError as error:
            raise ServiceUnavailable(
                f"Strava could not be reached ({type(error).__name__})"
            ) from None
        self.requests += 1
        self.budget.used_15min += 1  # counted here too, for answers that state no usage
        self.budget.used_day += 1
        self.budget.observe(response.headers)
        if response.status_code == httpx.codes.TOO_MANY_REQUESTS:
            if self.budget.resume_after(self.now) is None:  # the 429 came without usage headers
                self.budget.used_15min = self.budget.limit_15min
            resume = self.budget.resume_after(self.now) or next_quarter_hour(self.now)
            raise RateLimited(f"Strava's rate limit is reached until {resume:%H:%M} UTC", resume)
        if oauth and not bearer and response.status_code == httpx.codes.UNAUTHORIZED:
            raise ServiceUnavailable(
                "Strava refused this server's application id or secret: tell whoever runs it"
            )
        if response.status_code == httpx.codes.UNAUTHORIZED or (
            oauth and response.status_code == httpx.codes.BAD_REQUEST
        ):
            raise LinkRevoked(
                "Strava no longer accepts this runner's authorisation: connect Strava again"
            )
        if missing_ok and response.status_code == httpx.codes.NOT_FOUND:
            return None
        if response.is_error:
            raise ServiceUnavailable(f"Strava answered {response.status_code} to {method} {path}")
        try:
            return response.json()
        except ValueError:
            raise ServiceUnavailable(f"Strava's answer to {method} {path} is not JSON") from None
