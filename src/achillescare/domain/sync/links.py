"""A runner's link to one online service (Strava, intervals.icu)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

SourceName = Literal["strava", "intervals"]
SOURCES: tuple[SourceName, ...] = ("strava", "intervals")
SERVICE_NAMES: dict[SourceName, str] = {"strava": "Strava", "intervals": "intervals.icu"}
"""Each service as people name it."""


@dataclass(frozen=True, slots=True)
class SourceLink:
    """What the app needs to pull a runner's activities from one service.

    Strava links carry OAuth2 tokens (``access_token``, ``refresh_token``, ``expires_at`` in Unix
    seconds); intervals.icu links carry the runner's personal ``api_key``. ``athlete_id`` is the
    service's id for the runner (Strava's webhook names the athlete by it). ``cursor`` is the
    service's own resume state (e.g. the newest activity start already fetched, the page reached
    by a first sync of a long history), so an interrupted sync goes on where it stopped.
    """

    runner_id: int
    source: SourceName
    athlete_id: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_at: int | None = None
    api_key: str | None = None
    cursor: dict[str, Any] = field(default_factory=dict)
    last_synced_at: datetime | None = None
    id: int | None = None
