"""Settings read from the environment: each is read here and nowhere else.

``ACHILLES_DB``
    The store when none is named (``--db`` on the command line, ``open_store(target)`` in
    Python): a file path (SQLite) or a database URL (``postgresql://…``). Unset or empty: the
    default file in the user's data directory.
``ACHILLES_STRAVA_CLIENT_ID``, ``ACHILLES_STRAVA_CLIENT_SECRET``
    The Strava API application the self-hoster registered (strava.com/settings/api). Without a
    client id the web app offers no "Connect Strava"; the secret is needed to connect and to
    refresh tokens.
``ACHILLES_STRAVA_VERIFY_TOKEN``
    The word the self-hoster chose when subscribing to Strava's webhook; Strava repeats it when
    it checks the callback address. Unset: the webhook answers no subscription check.
``ACHILLES_STRAVA_BASE_URL``
    The Strava API base, ``https://www.strava.com/api/v3`` when unset; OAuth lives beside it
    (``…/oauth/token``). Tests and headless set-ups point it at another server.

``ACHILLES_INTERVALS_BASE_URL``
    Where intervals.icu answers (default ``https://intervals.icu``). Tests point it at a fake
    server on 127.0.0.1; nobody else needs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

STORE_VARIABLE = "ACHILLES_DB"
STRAVA_API_BASE = "https://www.strava.com/api/v3"
INTERVALS_BASE_URL_VARIABLE = "ACHILLES_INTERVALS_BASE_URL"
INTERVALS_BASE_URL = "https://intervals.icu"


def store_target() -> str | None:
    """The store named by ``ACHILLES_DB``, or None when it is unset or empty."""
    return os.environ.get(STORE_VARIABLE) or None


@dataclass(frozen=True, slots=True)
class StravaSettings:
    """What the app needs to talk to Strava on behalf of its runners."""

    api_base: str
    client_id: str | None
    client_secret: str | None
    verify_token: str | None

    @property
    def site(self) -> str:
        """The site OAuth lives on: the API base without its ``/api/v3`` tail."""
        return self.api_base.removesuffix("/api/v3")


def strava() -> StravaSettings:
    """The Strava settings from ``ACHILLES_STRAVA_*`` (empty counts as unset)."""
    base = (os.environ.get("ACHILLES_STRAVA_BASE_URL") or STRAVA_API_BASE).rstrip("/")
    return StravaSettings(
        api_base=base,
        client_id=os.environ.get("ACHILLES_STRAVA_CLIENT_ID") or None,
        client_secret=os.environ.get("ACHILLES_STRAVA_CLIENT_SECRET") or None,
        verify_token=os.environ.get("ACHILLES_STRAVA_VERIFY_TOKEN") or None,
    )


def intervals_base_url() -> str:
    """The intervals.icu server ``ACHILLES_INTERVALS_BASE_URL`` names, else the real one."""
    return (os.environ.get(INTERVALS_BASE_URL_VARIABLE) or INTERVALS_BASE_URL).rstrip("/")
